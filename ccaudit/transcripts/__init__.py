"""Call transcripts: readers (turns with speakers, times and word times) and redacted-copy writers."""
from ccaudit.transcripts.readers import (
    TRANSCRIPT_FORMATS,
    TRANSCRIPT_SUFFIXES,
    Transcript,
    Turn,
    Word,
    discover_transcripts,
    read_transcript,
    span_times,
    write_redacted,
)

__all__ = ["TRANSCRIPT_FORMATS", "TRANSCRIPT_SUFFIXES", "Transcript", "Turn", "Word", "discover_transcripts",
           "read_transcript", "span_times", "write_redacted"]
