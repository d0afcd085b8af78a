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
                # "vingt et un", "twenty and one": the connector stays inside the run.
                if gap and gap not in _JOINERS and gap.lower() not in _CONNECTORS:
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


# Words said between the parts of an address: "jan punt peeters", "jan underscore peeters".
SEPARATOR_WORDS = {**{w: "." for w in DOT_WORDS}, "underscore": "_", "souligné": "_",
                   "tiret": "-", "streepje": "-", "dash": "-", "hyphen": "-", "koppelteken": "-"}
_TWO_WORD_SEPARATORS = {("tiret", "bas"): "_", ("liggend", "streepje"): "_",
                        ("tiret", "du"): None}  # "tiret du six" is a dash, read as one word
_LABEL = re.compile(r"[a-z0-9][a-z0-9_-]*$", re.IGNORECASE)


def _spoken_emails(text: str, language: str | None = None) -> list[tuple[int, int, str]]:
    """Addresses said word by word: ``jan punt peeters at gmail punt com``,
    ``lmarion arobase sfr point fr``, ``koster achtenzeventig at gmail punt com``.

    The part before *at* is read backwards: labels joined by separator words, a label
    followed by spoken numbers (``achtenzeventig`` → ``78``). The domain needs at least one
    *dot* word and a known top-level domain.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    words = [w.lower() for _, _, w in tokens]

    def joined(i: int, j: int) -> bool:  # tokens i and j (i < j) separated by blanks only
        return not text[tokens[i][1]:tokens[j][0]].strip()

    def is_label(i: int) -> bool:
        return bool(_LABEL.match(words[i])) and words[i] not in SEPARATOR_WORDS \
            and words[i] not in AT_WORDS

    def separator(i: int) -> tuple[str, int] | None:
        """The separator ending at token i, and the index of its first token."""
        if i >= 1 and (words[i - 1], words[i]) in _TWO_WORD_SEPARATORS and joined(i - 1, i):
            sep = _TWO_WORD_SEPARATORS[(words[i - 1], words[i])]
            return (sep, i - 1) if sep else None
        if words[i] in SEPARATOR_WORDS:
            return SEPARATOR_WORDS[words[i]], i
        return None

    def number(i: int) -> bool:
        return language in SUPPORTED and not words[i].isdigit() and _is_number_word(words[i], language)

    out = []
    for at, word in enumerate(words):
        if word not in AT_WORDS or at == 0 or at + 1 >= len(tokens):
            continue
        # Domain: label (dot label)+, ending in a known top-level domain.
        labels, j = [], at + 1
        if not (is_label(j) and joined(at, j)):
            continue
        labels.append(words[j])
        while j + 2 < len(tokens) and words[j + 1] in DOT_WORDS and is_label(j + 2) \
                and joined(j, j + 1) and joined(j + 1, j + 2):
            labels.append(words[j + 2])
            j += 2
        while len(labels) > 1 and labels[-1] not in _TLDS:
            labels.pop()
            j -= 2
        if len(labels) < 2:
            continue
        # Local part, read backwards from "at".
        parts: list[str] = []
        i = at - 1
        if not joined(i, at):
            continue
        while i >= 0:
            k = i
            while k >= 0 and number(k) and (k == i or joined(k, k + 1)):
                k -= 1
            piece = ""
            if k < i:  # spoken digits, possibly glued to the label before them
                digits = _to_digits(text[tokens[k + 1][0]:tokens[i][1]],
                                    words[k + 1:i + 1], language)
                piece = digits
                if k >= 0 and is_label(k) and joined(k, k + 1) and separator(k) is None:
                    piece = words[k] + digits
                    k -= 1
            elif is_label(i):
                piece = words[i]
                k = i - 1
            else:
                break
            parts.insert(0, piece)
            first = k + 1
            sep = separator(k) if k >= 0 else None
            if sep is None or not joined(k, first) or sep[1] < 1 or not joined(sep[1] - 1, sep[1]):
                break
            parts.insert(0, sep[0])
            i = sep[1] - 1
        if not parts or parts[0] in SEPARATOR_WORDS.values():
            continue
        start_token = first
        address = "".join(parts) + "@" + ".".join(labels)
        out.append((tokens[start_token][0], tokens[j][1], address.lower()))
    return out


def normalise(text: str, language: str | None) -> Normalised:
    """Replace spoken numbers (≥ 6 digits) and spoken e-mail addresses by their written form."""
    replacements = sorted(_spoken_emails(text, language) + (
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
