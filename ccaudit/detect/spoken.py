"""Numbers, e-mail addresses and spelled words spoken out, as speech-to-text writes them.

``"nul vier zeven vijf, twaalf, vierendertig, zesenvijftig"`` becomes ``0475123456``,
``"jan punt peeters at gmail punt com"`` becomes ``jan.peeters@gmail.com``, ``"p e e t e r
s"`` becomes ``Peeters`` and ``"b e seven nine three three …"`` becomes ``BE7933…``, so the
pattern recognizers can validate them; every finding on the normalised text is mapped back
to the original words, so redaction hides exactly what was said.

>>> n = normalise("bel me op nul vier zeven vijf twaalf vierendertig zesenvijftig", "nl")
>>> n.text
'bel me op 0475123456'
>>> n.to_original(10, 20)
(10, 62)
>>> n = normalise("mijn naam is p e e t e r s", "nl")
>>> n.text, n.spelled, n.to_original(13, 20)
('mijn naam is Peeters', [(13, 20, 'Peeters')], (13, 26))
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from text_to_num import alpha2digit, text2num

from ccaudit.detect.recognizers.dates import MONTHS

from ccaudit.detect.spelled import AMBIGUOUS, CONTRACTED, Run, spelled_runs

# text2num's languages; others are left as they are.
SUPPORTED = {"en", "fr", "nl", "de", "es", "pt", "it"}
# Spoken digit runs shorter than this are counts, prices or dates, not identifiers.
MIN_DIGITS = 6
_TOKEN = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_JOINERS = {",", "-", ".", "/"}
_CONNECTORS = {"et", "and", "en", "und"}

DOT_WORDS = {"punt", "point", "dot", "punkt", "punto"}
AT_WORDS = {"at", "arobase", "apenstaartje", "arroba", "klammeraffe", "chiocciola", "apestaart"}
_AT = AT_WORDS | {"@"}
_EMAIL_TOKEN = re.compile(r"\w+(?:[-']\w+)*|@", re.UNICODE)
_TLDS = {"com", "be", "fr", "nl", "lu", "de", "net", "org", "eu", "uk", "info", "io", "co"}


@dataclass
class Normalised:
    """A normalised text and how its characters map back to the original."""

    original: str
    text: str
    # (normalised start, normalised end, original start, original end) of each replacement
    replacements: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (normalised start, normalised end, word) of each word spelled letter by letter; the
    # letters of an e-mail address or an identifier are not among them
    spelled: list[tuple[int, int, str]] = field(default_factory=list)

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


# English speakers say "oh" for a zero inside a number ("four two oh three").
_OH = {"en": {"oh": "zero", "o": "zero"}}


@functools.lru_cache(maxsize=1 << 16)
def _is_number_word(word: str, language: str) -> bool:
    if word.isdigit() or word in _OH.get(language, ()):
        return True
    try:
        text2num(word, language)
    except (ValueError, KeyError):
        return False
    return True


# "double four" (44), "triple zero" (000): the next number word said two or three times.
REPEATS = {"double": 2, "dubbel": 2, "dubbele": 2, "triple": 3, "tripel": 3, "trippel": 3,
           "driedubbel": 3}
# Hesitations speech-to-text writes, in every language: skipped inside a number said digit by
# digit ("nul vier euh zeven vijf") and between an introduction and the name ("this is um
# chance mwamba", in ccaudit.detect.names).
HESITATIONS = frozenset("euh euhm uh uhm um umm hmm hm mm ehm eh ah".split())


def _to_digits(spoken: str, words: list[str], language: str) -> str:
    """Digits of a spoken run: text2num's reading of the run, word by word if it balks."""
    if any(w in _OH.get(language, ()) for w in words):
        oh = _OH[language]
        spoken = " ".join(oh.get(w.lower(), w) for w in _TOKEN.findall(spoken))
        words = [oh.get(w, w) for w in words]
    if any(w in HESITATIONS for w in words):
        spoken = " ".join(w for w in _TOKEN.findall(spoken) if w.lower() not in HESITATIONS)
        words = [w for w in words if w not in HESITATIONS]
    if any(w in REPEATS for w in words):
        # The word after "double" is said twice; the words between are read as a run of
        # their own ("thirty six one double three five hundred eight" → 36 1 33 508).
        out, between, times = [], [], 1
        for w in words:
            if w in REPEATS:
                times = REPEATS[w]
            elif times > 1:
                if between:
                    out.append(_to_digits(" ".join(between), between, language))
                    between = []
                out.append((w if w.isdigit() else str(text2num(w, language))) * times)
                times = 1
            else:
                between.append(w)
        if between:
            out.append(_to_digits(" ".join(between), between, language))
        return "".join(out)
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
        elif (lower in REPEATS or (lower in HESITATIONS and run)) and i + 1 < len(tokens) and \
                _is_number_word(tokens[i + 1][2].lower(), language):
            run.append((start, end, lower))
        elif run:
            yield run
            run = []
    if run:
        yield run


def _digit_segments(text: str, language: str | None) -> list[tuple[int, int, str, bool]]:
    """``(start, end, digits, said as words)`` of every run of digits, spoken or written."""
    if language not in SUPPORTED:
        return [(m.start(), m.end(), re.sub(r"\D", "", m.group()), False)
                for m in _NUMERALS.finditer(text)]
    out = []
    for run in _digit_runs(text, language):
        start, end = run[0][0], run[-1][1]
        digits = _to_digits(text[start:end], [w for _, _, w in run], language)
        out.append((start, end, digits, any(not w.isdigit() and w not in HESITATIONS
                                            for _, _, w in run)))
    return out


def _spoken_numbers(segments: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str]]:
    return [(start, end, digits) for start, end, digits, said in segments
            if said and len(digits) >= MIN_DIGITS]


_NUMERALS = re.compile(r"(?<!\w)\d+(?:[ .\-]\d+)*(?!\w)")
_ID_GAP = re.compile(r"[ \t,.\-/]{1,3}")
# An identifier's letters: a country or bank code ("BE", "NL … ABNA"), never a name.
MAX_ID_LETTERS = 4


def _identifiers(text: str, runs: list[Run], segments) -> list[tuple[int, int, str]]:
    """Spelled letters followed by digits, said or written, as one identifier:
    ``b e seven nine three three …`` → ``BE7933…``, ``n l nine one a b n a zero four …`` →
    ``NL91ABNA04…``. It starts with two letters, or alternates letters and digits at least
    three times; started by a letter that is also a word ("i", "a"), it needs ten characters.
    """
    letters = [(r.start, r.end, r) for r in runs if r.letters.isascii() and r.letters.isalpha()
               and len(r.letters) <= MAX_ID_LETTERS]
    digits = [(start, end, d) for start, end, d, _ in segments
              if not any(start < r.end and r.start < end for r in runs)]
    pieces = sorted(letters + digits)
    out, i = [], 0
    while i < len(pieces):
        first = pieces[i][2]
        if not isinstance(first, Run) or len(first.letters) < 2:
            i += 1
            continue
        chain, j = [pieces[i]], i + 1
        while j < len(pieces):
            piece, last = pieces[j], chain[-1]
            if isinstance(piece[2], Run) == isinstance(last[2], Run) or \
                    not _ID_GAP.fullmatch(text, last[1], piece[0]):
                break
            if isinstance(piece[2], Run) and not piece[2].strong:
                break  # "… drie drie u …": "u" is "you"
            chain.append(piece)
            j += 1
        if len(chain) > 1 and isinstance(chain[-1][2], Run) and len(chain) < 4:
            chain.pop()  # "b e 12 a b": letters after too short an identifier
        value = "".join(p[2].letters.upper() if isinstance(p[2], Run) else p[2] for p in chain)
        n_digits = sum(len(p[2]) for p in chain if not isinstance(p[2], Run))
        shape = (len(first.letters) == 2 and n_digits >= 2) or len(chain) >= 3
        if n_digits and shape and len(value) >= (6 if first.first_strong else 10):
            out.append((chain[0][0], chain[-1][1], value))
            i += len(chain)
        else:
            i += 1
    return out


# Words said between the parts of an address: "jan punt peeters", "jan underscore peeters".
SEPARATOR_WORDS = {**{w: "." for w in DOT_WORDS}, "underscore": "_", "souligné": "_",
                   "tiret": "-", "streepje": "-", "dash": "-", "hyphen": "-", "koppelteken": "-"}
_TWO_WORD_SEPARATORS = {("tiret", "bas"): "_", ("liggend", "streepje"): "_",
                        ("tiret", "du"): None}  # "tiret du six" is a dash, read as one word
_LABEL = re.compile(r"[a-z0-9][a-z0-9_-]*$", re.IGNORECASE)


def _spoken_emails(text: str, language: str | None = None,
                   runs: list[Run] = ()) -> list[tuple[int, int, str]]:
    """Addresses said word by word: ``jan punt peeters at gmail punt com``,
    ``lmarion arobase sfr point fr``, ``koster achtenzeventig at gmail punt com``,
    ``j a n punt p e e t e r s at t e l e n e t punt b e``, and with the ``@`` written but the
    dot said (``joseph@gmail dot com``), as speech-to-text often writes them.

    The part before *at* is read backwards: labels joined by separator words, a label
    followed by spoken numbers (``achtenzeventig`` → ``78``), spelled letters (one label,
    glued to the label after them: ``j peeters`` → ``jpeeters``). The domain needs at least
    one *dot* word and a known top-level domain.
    """
    # Runs of several words become one label ("j a n", "j comme joseph"); a lone letter or
    # letter name ("ka") stays the word it is.
    spelled = [r for r in runs if not text[r.start:r.end].isalpha()]
    # An address's domain says a dot word: most texts say none, not even inside a word.
    lower = text.lower()
    if not any(dot in lower for dot in DOT_WORDS) and not any(
            r.letters.lower() in DOT_WORDS for r in spelled):
        return []
    # A written "@" counts as the word: speech-to-text often writes "joseph@gmail dot com".
    tokens = [(m.start(), m.end(), m.group()) for m in _EMAIL_TOKEN.finditer(text)]
    if spelled:
        tokens = sorted([t for t in tokens
                         if not any(t[0] < r.end and r.start < t[1] for r in spelled)]
                        + [(r.start, r.end, r.letters) for r in spelled])
    words = [w.lower() for _, _, w in tokens]
    if _AT.isdisjoint(words):
        return []
    # Spelled letters are glued to the label after them ("j peeters" → "jpeeters"), but not
    # a word ("u", "a") nor the tail of a contraction ("it s").
    strong = {r.start for r in spelled if r.strong}
    glue = {i for i, (start, _, w) in enumerate(tokens) if start in strong or (
        len(w) == 1 and w.isalpha() and w.lower() not in AMBIGUOUS
        and not (i and words[i - 1] in CONTRACTED))}

    def joined(i: int, j: int) -> bool:  # tokens i and j (i < j) separated by blanks only
        return not text[tokens[i][1]:tokens[j][0]].strip()

    def is_label(i: int) -> bool:
        return bool(_LABEL.match(words[i])) and words[i] not in SEPARATOR_WORDS \
            and words[i] not in _AT

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
        if word not in _AT or at == 0 or at + 1 >= len(tokens):
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
            if k >= 0 and k in glue and joined(k, k + 1) and is_label(k):
                piece = words[k] + piece
                k -= 1
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


# "plus drie twee …", "plus un 201 …": the international prefix said as a word.
_PLUS = re.compile(r"(?<!\w)plus\s+$", re.IGNORECASE)
# The date recognizer's month names, and the French ones speech-to-text writes unaccented.
_MONTH_WORDS = {lang: list(names) + (["fevrier", "aout", "decembre"] if lang == "fr" else [])
                for lang, names in MONTHS.items()}
_MONTH_RE = {lang: re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
             for lang, words in _MONTH_WORDS.items()}
_WRITTEN_DATE = re.compile(
    r"^(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th|er|e|ste|de|ème)?\s+(?:of\s+)?[^\W\d_]+"
    r"|[^\W\d_]+\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?,?)\s+\d{4}$", re.IGNORECASE)


def _spoken_dates(text: str, language: str | None) -> list[tuple[int, int, str]]:
    """Dates said in words around a month name, written out so the date recognizers read
    them: ``vijftiende februari 2000`` → ``15e februari 2000``, ``vingt-cinq juin mille neuf
    cent soixante-trois`` → ``25 juin 1963``, ``august nineteenth nineteen seventy`` →
    ``august 19th 1970``."""
    pattern = _MONTH_RE.get(language or "")
    if pattern is None or not pattern.search(text):
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    out = []
    for i, (m_start, m_end, word) in enumerate(tokens):
        if not pattern.fullmatch(word):
            continue
        j = i  # the day: number words (or "the", "of") just before the month
        while j > 0 and i - j < 4 and (_is_number_word(tokens[j - 1][2].lower(), language)
                                       or tokens[j - 1][2].lower() in ("the", "of")
                                       or _is_ordinal(tokens[j - 1][2], language)):
            j -= 1
        k = i + 1  # the day (English: "march sixth") and the year after it
        while k < len(tokens) and k - i <= 7 and (_is_number_word(tokens[k][2].lower(), language)
                                                  or _is_ordinal(tokens[k][2], language)):
            k += 1
        if k == i + 1 and j == i:
            continue
        start, end = tokens[j][0], tokens[k - 1][1]
        words = text[start:end]
        if not any(not w.isdigit() for _, _, w in tokens[j:k] if w != word):
            continue  # written in digits already
        written = alpha2digit(words.lower(), language)
        # "nineteen seventy" → "19 70": a year said in two halves
        written = re.sub(r"(?<!\d)(1[89]|20) (\d{2})(?!\d)", r"\1\2", written)
        if _WRITTEN_DATE.match(written.strip()):
            out.append((start, end, written.strip()))
    return out


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) (\d{1,2}) (\d{2}|\d{4})")


def _birth_dates(text: str, language: str | None, today: date | None = None
                 ) -> list[tuple[int, int, str]]:
    """Dates of birth said as three numbers, day, month and year, with no month name:
    ``vierentwintig zes vijfenzeventig`` → ``24/06/1975``, ``nineteen five eighty six`` →
    ``19/05/1986``, ``dix-neuf quatre septante et un`` → ``19/04/1971``. Read only where the
    call speaks of a birth (a run of numbers is otherwise no date); a two-digit year is the
    latest one not in the future."""
    if language not in SUPPORTED:
        return []
    today = today or date.today()
    out = []
    for run in _digit_runs(text, language):
        start, end = run[0][0], run[-1][1]
        m = _DAY_MONTH_YEAR.fullmatch(alpha2digit(text[start:end].lower(), language).strip())
        if not m:
            continue
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000 if 2000 + year <= today.year else 1900
        try:
            born = date(year, month, day)
        except ValueError:
            continue
        if born <= today and today.year - year <= 120:
            out.append((start, end, born.strftime("%d/%m/%Y")))
    return out


def _is_ordinal(word: str, language: str) -> bool:
    converted = alpha2digit(word.lower(), language)
    return converted != word.lower() and bool(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th|er|e|ème|ste|de)", converted))


def normalise(text: str, language: str | None, birth: bool = False) -> Normalised:
    """Replace spoken numbers (≥ 6 digits), spoken e-mail addresses, spelled identifiers and
    spelled words by their written form; with ``birth`` (the call speaks of a birth here),
    three numbers said as day, month and year by the date."""
    runs = spelled_runs(text, language)
    segments = _digit_segments(text, language) if language in SUPPORTED or runs else []
    found = [(s, e, w, "email") for s, e, w in _spoken_emails(text, language, runs)]
    for s_, e, w in _spoken_numbers(segments):
        plus = _PLUS.search(text, 0, s_)
        if plus and len(w) >= 8:  # "plus drie twee …": an international phone number
            s_, w = plus.start(), "+" + w
        found.append((s_, e, w, "number"))
    if language in SUPPORTED:
        found += [(s_, e, w, "date") for s_, e, w in _spoken_dates(text, language)]
        if birth:
            found += [(s_, e, w, "date") for s_, e, w in _birth_dates(text, language)]
    if runs:
        found += [(s, e, w, "identifier") for s, e, w in _identifiers(text, runs, segments)]
        found += [(r.start, r.end, r.word, "spelled") for r in runs if r.valid]
    # Left to right; where two overlap (a digit inside an e-mail, a spelled word inside an
    # identifier), the one starting first, then the longer, wins.
    found.sort(key=lambda f: (f[0], -f[1], f[3] != "date"))
    pieces, mapping, spelled, cursor, out_len = [], [], [], 0, 0
    for start, end, written, kind in found:
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        out_len += start - cursor
        mapping.append((out_len, out_len + len(written), start, end))
        if kind == "spelled":
            spelled.append((out_len, out_len + len(written), written))
        pieces.append(written)
        out_len += len(written)
        cursor = end
    pieces.append(text[cursor:])
    return Normalised(original=text, text="".join(pieces), replacements=mapping, spelled=spelled)


__all__ = ["Normalised", "normalise"]
