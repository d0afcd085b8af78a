"""Numbers and e-mail addresses spoken out, as speech-to-text writes them.

``"nul vier zeven vijf, twaalf, vierendertig, zesenvijftig"`` becomes ``0475123456`` and
``"jan punt peeters at gmail punt com"`` becomes ``jan.peeters@gmail.com``, so the pattern
recognizers can validate them; every finding on the normalised text is mapped back to the
original words, so redaction hides exactly what was said.

>>> n = normalise("bel me op nul vier zeven vijf twaalf vierendertig zesenvijftig", "nl")
>>> n.text
'bel me op 0475123456'
>>> n.to_original(10, 20)
(10, 62)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from text_to_num import alpha2digit, text2num

# text2num's languages; others are left as they are.
SUPPORTED = {"en", "fr", "nl", "de", "es", "pt", "it"}
# Spoken digit runs shorter than this are counts, prices or dates, not identifiers.
MIN_DIGITS = 6
_TOKEN = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_JOINERS = {",", "-", ".", "/"}
_CONNECTORS = {"et", "and", "en", "und"}

DOT_WORDS = {"punt", "point", "dot", "punkt", "punto"}
AT_WORDS = {"at", "arobase", "apenstaartje", "arroba", "klammeraffe", "chiocciola", "apestaart"}
_TLDS = {"com", "be", "fr", "nl", "lu", "de", "net", "org", "eu", "uk", "info", "io", "co"}


@dataclass
class Normalised:
    """A normalised text and how its characters map back to the original."""

    original: str
    text: str
    # (normalised start, normalised end, original start, original end) of each replacement
    replacements: list[tuple[int, int, int, int]] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        return self._map(start, is_end=False), self._map(end, is_end=True)

    def _map(self, pos: int, is_end: bool) -> int:
        shift = 0
        for n_start, n_end, o_start, o_end in self.replacements:
            if pos < n_start or (is_end and pos == n_start):
                break
            if pos < n_end or (is_end and pos == n_end):
                return o_end if is_end else o_start
            shift = o_end - n_end
        return pos + shift


def _is_number_word(word: str, language: str) -> bool:
    if word.isdigit():
        return True
    try:
        text2num(word, language)
    except (ValueError, KeyError):
        return False
    return True


def _to_digits(spoken: str, words: list[str], language: str) -> str:
    """Digits of a spoken run: text2num's reading of the run, word by word if it balks."""
    converted = alpha2digit(spoken.lower(), language)
    if re.search(r"[^\W\d_]", converted):
        converted = "".join(w if w.isdigit() else str(text2num(w, language)) for w in words)
    return re.sub(r"\D", "", converted)


def _digit_runs(text: str, language: str):
    """Spans of runs of number words (and digits), allowing commas and connectors inside."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    run: list[tuple[int, int, str]] = []
    for i, (start, end, word) in enumerate(tokens):
        lower = word.lower()
        if _is_number_word(lower, language):
            if run:
                gap = text[run[-1][1]:start].strip()
                if gap and gap not in _JOINERS:
                    yield run
                    run = []
            run.append((start, end, lower))
        elif lower in _CONNECTORS and run and i + 1 < len(tokens) and \
                _is_number_word(tokens[i + 1][2].lower(), language):
            continue
        elif run:
            yield run
            run = []
    if run:
        yield run


def _spoken_numbers(text: str, language: str) -> list[tuple[int, int, str]]:
    out = []
    for run in _digit_runs(text, language):
        start, end = run[0][0], run[-1][1]
        digits = _to_digits(text[start:end], [w for _, _, w in run], language)
        has_words = any(not w.isdigit() for _, _, w in run)
        if has_words and len(digits) >= MIN_DIGITS:
            out.append((start, end, digits))
    return out


_LABEL = r"[a-z0-9][a-z0-9_-]*"
_SPOKEN_EMAIL = re.compile(
    rf"\b({_LABEL}(?:\s+(?:{'|'.join(DOT_WORDS)})\s+{_LABEL})*)\s+(?:{'|'.join(AT_WORDS)})\s+"
    rf"({_LABEL}(?:\s+(?:{'|'.join(DOT_WORDS)})\s+{_LABEL})+)\b",
    re.IGNORECASE)


def _spoken_emails(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _SPOKEN_EMAIL.finditer(text):
        local = re.sub(rf"\s+(?:{'|'.join(DOT_WORDS)})\s+", ".", m.group(1), flags=re.I)
        domain = re.sub(rf"\s+(?:{'|'.join(DOT_WORDS)})\s+", ".", m.group(2), flags=re.I)
        if domain.rsplit(".", 1)[-1].lower() in _TLDS:
            out.append((m.start(), m.end(), f"{local}@{domain}".lower()))
    return out


def normalise(text: str, language: str | None) -> Normalised:
    """Replace spoken numbers (≥ 6 digits) and spoken e-mail addresses by their written form."""
    replacements = sorted(_spoken_emails(text) + (
        _spoken_numbers(text, language) if language in SUPPORTED else []))
    pieces, mapping, cursor, out_len = [], [], 0, 0
    for start, end, written in replacements:
        if start < cursor:  # overlaps an earlier replacement (a digit inside an e-mail)
            continue
        pieces.append(text[cursor:start])
        out_len += start - cursor
        mapping.append((out_len, out_len + len(written), start, end))
        pieces.append(written)
        out_len += len(written)
        cursor = end
    pieces.append(text[cursor:])
    return Normalised(original=text, text="".join(pieces), replacements=mapping)


__all__ = ["Normalised", "normalise"]
