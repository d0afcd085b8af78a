"""Call transcripts: readers (turns with speakers and times) and redacted-copy writers."""
from ccaudit.transcripts.readers import (
    TRANSCRIPT_SUFFIXES,
    Transcript,
    Turn,
    discover_transcripts,
    read_transcript,
    write_redacted,
)

__all__ = ["TRANSCRIPT_SUFFIXES", "Transcript", "Turn", "discover_transcripts", "read_transcript",
           "write_redacted"]
