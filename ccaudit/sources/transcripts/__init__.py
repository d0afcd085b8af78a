"""Call transcripts: read them as speaker turns, write redacted copies in the same format.

    for path in discover_transcripts(["calls/"]):
        transcript = read_transcript(path)
        texts = [redact(turn.text) for turn in transcript.turns]   # offsets refer to turn.text
        write_redacted(transcript, texts, out_dir / path.name)

Formats (chosen by suffix; ``.json`` by its shape, in this order: ``results.items`` is
transcribe, ``turns`` is json, ``recognizedPhrases`` is azure, ``segments`` (or an array of
objects with "text" and "start"/"end"/"seek") is whisperx when WhisperX's own keys show
(``word_segments``, a segment's ``speaker`` or ``chars``, a word's ``score`` or ``speaker``) and
whisper otherwise, ``result`` / ``alternatives`` / a bare ``text`` (an object or an array of
them, or one object per line) is vosk; any other JSON is "not a transcript"):

* ``json``: ``{"call_id", "language"?, "started_at"?, "channel"?, "turns": [{"speaker",
  "start", "end", "text"}]}``. Times are seconds (numbers, numeric strings, or "hh:mm:ss.f"
  strings); a missing or null speaker/text is "", a missing time None. Every element of
  "turns" is a turn, also one with an empty text, so ``Turn.index`` is the array position.
* ``transcribe``: Amazon Transcribe output, detected by ``results.items``. A turn is a run of
  consecutive items with the same speaker (``speaker_label`` of the item, else
  ``channel_label``, else looked up by start time in ``results.speaker_labels.segments`` or
  ``results.channel_labels.channels``; "" without any). A punctuation item belongs to the
  word before it (its own label is ignored). Text: the words joined by single spaces,
  punctuation glued to the word before; items whose content is empty add nothing. Start: the
  first word's ``start_time``, end: the last word's ``end_time`` (items with an empty content
  included). ``language`` is ``results.language_code`` when present, as written ("nl-BE").
  Words: every pronunciation item with a content, timed by its ``start_time``/``end_time``.
* ``text`` (``.txt``): one turn per non-blank line, ``[hh:mm:ss] SPEAKER: text`` (the
  timestamp optional, ``[mm:ss]`` and a fraction accepted). The speaker is the part before
  the first ": " when it is at most 40 characters, holds a letter and no ":", and neither
  starts nor ends with a blank; otherwise the turn's speaker is "" and its text is the whole
  line after the timestamp. The text is exactly what follows "SPEAKER: ", line ending
  excluded (nothing is stripped). ``start`` comes from the timestamp; ``end`` is always None
  (the format has no end times; the next turn's start is NOT copied in).
* ``vtt``: ``WEBVTT`` header; each cue is a turn. Speaker from ``<v Name>`` (``</v>``
  optional), else from a "NAME: " prefix (same rule as text). Text: the cue lines, each
  stripped, joined with one space; formatting tags (``<i>``, ``<b>``, ``<c.x>``, timestamps)
  removed, character references (``&amp;``) decoded, then stripped. Identifiers, NOTE, STYLE
  and REGION blocks are skipped.
* ``srt``: numbered cues (the number line may be missing); the same speaker and text rules
  as vtt except that character references are left as they are (SRT has none) and ASS
  override tags (``{\\an8}``) are removed too.

* ``whisper``: openai-whisper's result ``{"text", "segments": [{"id", "seek", "start", "end", "text",
  "tokens", ..., "words"?: [{"word", "start", "end", "probability"}]}], "language"}``, also as
  faster-whisper users dump it: a bare array of segments, or ``{"segments", "info":
  {"language", ...}}``, a word possibly an array ``[start, end, word, probability]``. A turn per
  segment, speaker "". Text: the segment text stripped (Whisper starts it with a blank). Start
  and end: the segment's, else its first / last timed word's. ``language`` from "language", else
  ``info.language``.
* ``whisperx``: ``{"segments": [{"start", "end", "text", "speaker"?, "words": [{"word", "start"?,
  "end"?, "score"?, "speaker"?}], "chars"?}], "word_segments"?, "language"?}``. As whisper; the
  speaker is the segment's ``speaker``, else the most frequent ``speaker`` of its words (the
  first seen on a tie), else "". A word without times (WhisperX cannot align digits) keeps None,
  and so does a NaN time.
* ``vosk``: KaldiRecognizer results ``{"result": [{"conf", "start", "end", "word"}], "text"}``,
  one object, an array of them, or one object per line; with SetMaxAlternatives the first of
  ``alternatives`` is read. A turn per utterance (also an empty ``{"text": ""}``), speaker "".
  Text: ``text`` as written, else the words joined by single spaces. Start: the first word's
  ``start``, end: the last word's ``end`` (None without words). An object with neither text nor
  result (a ``partial``) is refused.
* ``azure``: an Azure Speech batch-transcription result file ``{"source", "timestamp",
  "combinedRecognizedPhrases", "recognizedPhrases": [{"recognitionStatus", "channel",
  "speaker"?, "offset", "duration", "offsetInTicks", "durationInTicks", "locale"?, "nBest":
  [{"lexical", "itn", "maskedITN", "display", "words"?, "displayWords"?}]}]}``. A turn per phrase
  whose ``recognitionStatus`` is "Success" or missing, sorted by start (file order on a tie, phrases
  without times last). Text: ``nBest[0].display``. Times: ``offsetInTicks`` / 10^7 (else the ISO
  8601 ``offset``, "PT1M5.3S"), end = start + duration. Speaker: "Speaker N" for a numeric
  ``speaker``, a text speaker as written, else "channel N", else "". ``language``: the most
  frequent ``locale``. Words: ``displayWords`` (display form) when present, else ``words``
  (lexical form: lower case, numbers spelled, so only those found in the display get a Word).

Call ids: ``call_id`` (json) or ``jobName`` (transcribe) when present, else the file name's stem.

Word times: ``Turn.words`` holds a Word (character offsets into ``turn.text``, start and end in
seconds or None) for every word the engine timed that is found in the text: transcribe,
whisper, whisperx, vosk and azure; the other formats have none. Each engine word, stripped, is
looked for from the previous word's end: right there (blanks skipped), else as the next whole
word, case ignored; a word not found gets no Word. ``span_times(turn, start, end)`` gives the
times of a character span from them, falling back to the turn's start and end.

Errors: every unreadable file raises ReaderError with ``source`` set and a one-line reason
that never quotes the file. Cues are counted from 1 in messages ("cue 3 (line 12): malformed
time line"), and so are the elements of a JSON "turns" array ("turn 2: text is not a string"),
segments, words, utterances, result items and phrases ("segment 2, word 3: end is not a number",
"utterance 1: result item 2 has no word", "phrase 4: no nBest"), in file order.

Redacted copies (``write_redacted``) re-read the original file and replace only the turn
texts, keeping everything else byte for byte where the format allows:

* text/vtt/srt: the file's lines and line endings are kept; a turn's text lines are replaced
  by ONE line: the original prefix (timestamp and "SPEAKER: " for text, the ``<v ...>`` tag or
  "NAME: " for cues) followed by the new text (for vtt with ``&``, ``<``, ``>`` escaped).
  Formatting tags and line breaks inside a cue are therefore lost. The file is written in the
  encoding it was read in (a BOM kept), or UTF-8 when the new text does not fit that encoding.
* json: ``turns[i]["text"]`` replaced, the rest kept; written as UTF-8 JSON (indented by 2
  when the original spans several lines, compact otherwise).
* transcribe: only turns whose text changed are touched. Their whole new text goes into the
  content of the turn's first pronunciation item (the first item if it has none); the other
  items of the turn keep their type and times but get an empty content, and every item of
  the turn keeps only its first alternative. ``results.transcripts[0].transcript`` is rebuilt
  from the turns (joined by single spaces), and so is the ``transcript`` of every
  ``results.audio_segments`` entry (from its item ids; emptied when they cannot be resolved).

For the engines below, a word of a changed turn is *kept* when it lies wholly in a stretch of
text that the old and new texts share (so its text is in the new text); every other word entry
of a changed turn, also one not found in the text, is *blanked*: its text becomes "" and its
times, confidence and speaker stay (so the copy still says when something was redacted).
Unchanged turns keep their words as they are. Written as UTF-8 JSON as for json; a file of one
object per line stays one (compact) object per line.

* whisper/whisperx: only changed segments are touched: ``text`` becomes the segment's original
  leading blanks + the new text; word entries kept or blanked; ``tokens`` emptied (token ids
  decode back to the old text); ``chars`` removed. When a text changed, a top-level ``text``
  (a string) is rebuilt as the segment texts concatenated, and ``word_segments`` as the
  segments' words in order. Everything else (ids, seek, log-probs, ``info``) is kept.
* vosk: a changed utterance gets ``text`` = the new text and its ``result`` items kept or
  blanked. Of ``alternatives`` only the one read (the first) is kept, in every utterance; so is
  everything else (``spk`` included).
* azure: a changed phrase gets the new text in ``display``, ``lexical``, ``itn`` and ``maskedITN``
  (those present); its ``words`` and ``displayWords`` kept or blanked. Every phrase that is a turn
  keeps only ``nBest[0]``; a phrase that is not a turn (recognitionStatus not "Success") loses
  its ``nBest``: neither was read, so neither was checked. When a text changed, every
  ``combinedRecognizedPhrases`` entry gets, in each of lexical/itn/maskedITN/display present,
  the new texts of its channel's turns (all turns when it names no channel) joined by single
  spaces, in turn order. ``source``, ``timestamp``, durations, offsets, confidences are kept.

Round trip: reading the copy gives ``turn.text == texts[i]`` for every turn, provided the new
texts hold no line break (refused with ValueError for text/vtt/srt), no leading or trailing
blank (vtt/srt/whisper/whisperx strip them), and that a speakerless line or cue does not become
one whose text starts with something that looks like "NAME: " (plain text has no way to escape
it). Speakers and turn times are kept too; a redacted word has no Word in the copy, so
``span_times`` over it falls back to the turn's times (transcribe: the changed turn has one Word,
its first item, holding the whole text).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ccaudit.errors import ReaderError
from ccaudit.sources import walk
from ccaudit.sources.transcripts.common import TRANSCRIPT_FORMATS, TRANSCRIPT_SUFFIXES, Transcript, Turn, Word
from ccaudit.sources.transcripts.dispatch import _parse

__all__ = ["TRANSCRIPT_FORMATS", "TRANSCRIPT_SUFFIXES", "Transcript", "Turn", "Word", "discover_transcripts",
           "read_transcript", "span_times", "write_redacted"]


def discover_transcripts(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Transcript files, sorted and de-duplicated.

    A path naming a file is kept whatever its suffix (``read_transcript`` then reports it). A
    folder is walked recursively for files with a suffix in ``TRANSCRIPT_SUFFIXES``, skipping
    hidden files and folders. A missing path, or a folder that cannot be listed, raises
    ReaderError.
    """
    return walk.discover(paths, lambda name: Path(name).suffix.lower() in TRANSCRIPT_SUFFIXES)


def read_transcript(path: str | os.PathLike) -> Transcript:
    """The transcript in ``path`` (see the module docstring); ReaderError if unreadable."""
    path = Path(path)
    parsed = _parse(path)
    return parsed.transcript


def span_times(turn: Turn, start: int, end: int) -> tuple[float | None, float | None]:
    """When the characters ``turn.text[start:end]`` were said: (first, last) time in seconds.

    The earliest start and the latest end of the turn's words that overlap the span (words
    without that time are ignored); each side falls back to ``turn.start`` / ``turn.end`` when
    no overlapping word has that time (a turn without words, a span between words, words the
    engine could not time). An empty span counts as the one character at ``start``.

    >>> turn = Turn(0, "", "ik ben Jan", 1.0, 3.0, (Word(0, 2, 1.0, 1.2), Word(7, 10, 2.1, 2.6)))
    >>> span_times(turn, 7, 10)
    (2.1, 2.6)
    >>> span_times(turn, 3, 6)          # "ben" has no Word: the turn's times
    (1.0, 3.0)
    """
    stop = max(end, start + 1)
    hits = [w for w in turn.words if w.start < stop and w.end > start]
    starts = [w.time_start for w in hits if w.time_start is not None]
    ends = [w.time_end for w in hits if w.time_end is not None]
    return (min(starts) if starts else turn.start, max(ends) if ends else turn.end)


def write_redacted(transcript: Transcript, texts: Sequence[str], out_path: str | os.PathLike) -> Path:
    """Write a copy of ``transcript.source`` with turn i's text replaced by ``texts[i]``.

    The original file is re-read (ReaderError if it no longer reads, or if its turns are no
    longer those of ``transcript``); ValueError if ``texts`` does not hold one string per turn,
    if a text holds a line break in a line-based format, or if ``out_path`` is the source.
    Parent folders of ``out_path`` are created. Returns ``out_path`` as a Path.
    """
    texts = list(texts)
    if len(texts) != len(transcript.turns):
        raise ValueError(f"{len(texts)} texts for {len(transcript.turns)} turns")
    if not all(isinstance(text, str) for text in texts):
        raise ValueError("texts must be strings")
    source = Path(transcript.source)
    out = Path(out_path)
    if out.exists() and out.resolve() == source.resolve():
        raise ValueError("refusing to overwrite the original transcript")
    parsed = _parse(source)
    if [t.text for t in parsed.transcript.turns] != [t.text for t in transcript.turns]:
        raise ReaderError("the file changed since it was read", source=transcript.source)
    data = parsed.render(texts)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out
