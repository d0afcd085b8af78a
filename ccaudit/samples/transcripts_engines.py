"""Writers for the JSON that speech-to-text engines emit: Whisper, WhisperX, Vosk and Azure
Speech batch transcription, in their public shapes. One turn of a call is one Whisper or
WhisperX segment, one Vosk utterance, one Azure recognized phrase.

The turn text a reader should return, to which the gold offsets refer:

* ``whisper``: ``{"text", "segments": [{"id", "seek", "start", "end", "text", "tokens",
  "temperature", "avg_logprob", "compression_ratio", "no_speech_prob", "words": [{"word",
  "start", "end", "probability"}]}], "language"}``, written as Whisper writes it (one line,
  non-ASCII as ``\\u`` escapes). The segment text and every word start with a space; the
  turn text is the segment text stripped. No speakers.
* ``whisperx``: ``{"segments": [{"start", "end", "text", "words": [{"word", "start", "end",
  "score", "speaker"}], "speaker"}], "word_segments": [...], "language"}``; speakers
  ``SPEAKER_00`` (the agent) and ``SPEAKER_01``. As in WhisperX, a word holding a digit
  could not be aligned and has only ``word``. Turn text: the segment text stripped.
* ``vosk``: a JSON array of utterances ``{"result": [{"conf", "end", "start", "word"}],
  "text"}``; the turn text is the words joined by one space (equal to ``text``). No digits,
  no speakers.
* ``azure``: ``{"source", "timestamp", "durationInTicks", "duration",
  "combinedRecognizedPhrases", "recognizedPhrases": [{"recognitionStatus": "Success",
  "channel": 0, "speaker": 1|2, "offset": "PT1.2S", "duration": "PT2S", "offsetInTicks",
  "durationInTicks", "locale", "nBest": [{"confidence", "lexical", "itn", "maskedITN",
  "display", "words": [{"word", "offset", "duration", "offsetInTicks", "durationInTicks",
  "confidence"}]}]}]}``; speaker 1 is the agent; ticks are 100 ns. Turn text:
  ``nBest[0].display`` (lexical, itn and maskedITN hold the same words here).

Each writer takes a call (``call_id``, ``language``, ``started_at``, ``turns``) and the
turns' (start, end) in milliseconds, and returns the file's text.
"""
from __future__ import annotations

import json

from ccaudit.samples.spec import file_rng

SPEAKERS = {"whisper": ("", ""), "whisperx": ("SPEAKER_00", "SPEAKER_01"), "vosk": ("", ""), "azure": ("1", "2")}
TICKS_PER_MS = 10_000


def word_times(start: int, end: int, n: int) -> list[tuple[int, int]]:
    """(start, end) in ms of ``n`` words spread evenly over a turn, multiples of 10 ms."""
    step = max(20, (end - start) // n // 10 * 10)
    return [(start + k * step, start + (k + 1) * step - 10) for k in range(n)]


def _speaker(fmt: str, turn) -> str:
    agent, customer = SPEAKERS[fmt]
    return agent if turn.speaker == "agent" else customer


def render_whisper(call, times) -> str:
    rng = file_rng(0, f"whisper/{call.call_id}")
    segments = []
    for i, (turn, (s, e)) in enumerate(zip(call.turns, times)):
        words = turn.text.split(" ")
        segments.append({
            "id": i, "seek": s // 30000 * 3000, "start": s / 1000, "end": e / 1000, "text": " " + turn.text,
            "tokens": [int(t) for t in rng.integers(220, 50257, len(words) + len(words) // 2)],
            "temperature": 0.0, "avg_logprob": -round(float(rng.uniform(0.08, 0.6)), 6),
            "compression_ratio": round(float(rng.uniform(1.05, 1.9)), 6),
            "no_speech_prob": round(float(rng.uniform(0.0, 0.05)), 6),
            "words": [{"word": " " + w, "start": ws / 1000, "end": we / 1000,
                       "probability": round(float(rng.uniform(0.55, 1.0)), 6)}
                      for w, (ws, we) in zip(words, word_times(s, e, len(words)))],
        })
    doc = {"text": "".join(seg["text"] for seg in segments), "segments": segments, "language": call.language}
    return json.dumps(doc)                       # as whisper writes it: one line, ASCII escapes


def render_whisperx(call, times) -> str:
    rng = file_rng(0, f"whisperx/{call.call_id}")
    segments, flat = [], []
    for turn, (s, e) in zip(call.turns, times):
        speaker = _speaker("whisperx", turn)
        words = []
        for w, (ws, we) in zip(turn.text.split(" "), word_times(s, e, len(turn.text.split(" ")))):
            if any(c.isdigit() for c in w):          # WhisperX cannot align digits: no times
                words.append({"word": w})
            else:
                words.append({"word": w, "start": round(ws / 1000, 3), "end": round(we / 1000, 3),
                              "score": round(float(rng.uniform(0.4, 1.0)), 3), "speaker": speaker})
        segments.append({"start": round(s / 1000, 3), "end": round(e / 1000, 3), "text": " " + turn.text,
                         "words": words, "speaker": speaker})
        flat += words
    return json.dumps({"segments": segments, "word_segments": flat, "language": call.language})


def render_vosk(call, times) -> str:
    rng = file_rng(0, f"vosk/{call.call_id}")
    utterances = []
    for turn, (s, e) in zip(call.turns, times):
        assert not any(c.isdigit() for c in turn.text), f"Vosk writes numbers as words: {turn.text!r}"
        words = turn.text.split(" ")
        utterances.append({
            "result": [{"conf": round(float(rng.uniform(0.5, 1.0)), 6), "end": we / 1000, "start": ws / 1000,
                        "word": w} for w, (ws, we) in zip(words, word_times(s, e, len(words)))],
            "text": " ".join(words)})
    return json.dumps(utterances, ensure_ascii=False, indent=2) + "\n"


def iso_duration(ms: int) -> str:
    """Azure's ISO 8601 durations: 1200 -> "PT1.2S", 2000 -> "PT2S", 65300 -> "PT1M5.3S"."""
    minutes, rest = divmod(ms, 60_000)
    seconds = f"{rest / 1000:.3f}".rstrip("0").rstrip(".")
    return f"PT{minutes}M{seconds}S" if minutes else f"PT{seconds}S"


AZURE_LOCALE = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}


def render_azure(call, times, locales: dict[str, str] | None = None) -> str:
    rng = file_rng(0, f"azure/{call.call_id}")
    locales = locales or AZURE_LOCALE
    phrases = []
    for turn, (s, e) in zip(call.turns, times):
        words = turn.text.split(" ")
        confidence = round(float(rng.uniform(0.7, 0.98)), 8)
        phrases.append({
            "recognitionStatus": "Success", "channel": 0, "speaker": int(_speaker("azure", turn)),
            "offset": iso_duration(s), "duration": iso_duration(e - s),
            "offsetInTicks": float(s * TICKS_PER_MS), "durationInTicks": float((e - s) * TICKS_PER_MS),
            "locale": locales[turn.lang],
            "nBest": [{"confidence": confidence, "lexical": turn.text, "itn": turn.text, "maskedITN": turn.text,
                       "display": turn.text,
                       "words": [{"word": w, "offset": iso_duration(ws), "duration": iso_duration(we - ws),
                                  "offsetInTicks": float(ws * TICKS_PER_MS),
                                  "durationInTicks": float((we - ws) * TICKS_PER_MS),
                                  "confidence": round(float(rng.uniform(0.5, 1.0)), 8)}
                                 for w, (ws, we) in zip(words, word_times(s, e, len(words)))]}],
        })
    total = times[-1][1] + 500 if times else 0
    text = " ".join(t.text for t in call.turns)
    doc = {"source": f"https://stt.example.invalid/calls/{call.call_id}.wav", "timestamp": call.started_at,
           "durationInTicks": total * TICKS_PER_MS, "duration": iso_duration(total),
           "combinedRecognizedPhrases": [{"channel": 0, "lexical": text, "itn": text, "maskedITN": text,
                                          "display": text}],
           "recognizedPhrases": phrases}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


RENDER = {"whisper": render_whisper, "whisperx": render_whisperx, "vosk": render_vosk, "azure": render_azure}
