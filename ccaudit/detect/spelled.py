"""Words spelled letter by letter, as speech-to-text writes them, and the names among them.

Callers spell their name, street or e-mail, and each engine writes it its own way:
``P E E T E R S``, ``d-e-s-m-e-t``, ``p comme paul e comme eugène``, ``p zoals pieter``,
``p as in peter``, ``papa echo echo tango``, ``pee ee ee tee ee er es``, ``dubbel l``.
:func:`spelled_runs` finds those runs; :func:`ccaudit.detect.spoken.normalise` writes each as the
word it spells (and spelled letters before spoken digits as one identifier, ``BE79…``);
:func:`ccaudit.detect.spelled_names.spelled_name_results` reports the spelled words that are names.

>>> [(r.word, r.valid) for r in spelled_runs("mijn naam is p e e t e r s", "nl")]
[('Peeters', True)]
>>> [r.word for r in spelled_runs("c'est d comme désiré u comme ursule p o n t", "fr") if r.valid]
['Dupont']
>>> spelled_runs("il n y a pas de quoi", "fr")[0].valid  # "n'y a": words, not letters
False

Precision comes first, since ordinary speech is full of one-letter words and of words that
sound like letters: a run needs three letters of which two are unambiguous (a bare ``p``,
a letter with its spelling word), or two letters with a spelling word each. ``a``, ``i``,
``o``, ``u``, ``y``, ``à`` count only among other letters; letter names that are everyday
words (``en``, ``te``, ``elle``, ``you``, ``see``) count only among other letter names;
alphabet words said alone (``papa echo…``) need three in a row (four for the Dutch and
French alphabets, whose words are first names). Abbreviations said letter by letter
(``b t w``, ``s n c b``) stay as said.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LANGUAGES = ("nl", "fr", "en")

# Letter names as engines write them: "name:letter", a trailing * marks a name that is also
# an everyday word of the language ("en" is "and", "elle" is "she", "you"), which counts as
# a letter only among other letter names.
_NAMES = {
    "nl": "aa:a* bee:b be:b* bé:b cee:c ce:c* cé:c dee:d dé:d ee:e* ef:f eff:f gee:g gé:g "
          "ge:g* ha:h* haa:h ie:i* jee:j* jé:j ka:k kaa:k el:l* em:m en:n* oo:o* pee:p pé:p "
          "pe:p* ku:q kuu:q er:r* es:s* tee:t té:t te:t* uu:u* vee:v* vé:v ve:v* wee:w* wé:w "
          "iks:x ix:x ij:y* ypsilon:y zet:z* zed:z",
    "fr": "bé:b be:b* cé:c ce:c* dé:d* effe:f ef:f gé:g hache:h* ache:h* ji:j ka:k elle:l* "
          "el:l emme:m em:m enne:n en:n* pé:p pe:p* ku:q cu:q* erre:r er:r* esse:s es:s* té:t "
          "te:t* vé:v ve:v* wé:w ix:x iks:x igrec:y zède:z zed:z",
    "en": "bee:b* be:b* cee:c see:c* sea:c* dee:d ef:f eff:f gee:g* jee:g aitch:h haitch:h "
          "eye:i* jay:j* kay:k* el:l ell:l em:m* en:n oh:o* pee:p* pe:p cue:q* queue:q* ar:r "
          "are:r* es:s ess:s tee:t* tea:t* you:u* vee:v ex:x* why:y* zed:z zee:z",
}
_MULTI_NAMES = {  # letter names of two words
    "nl": {("griekse", "ij"): "y", ("griekse", "y"): "y", ("i", "grec"): "y"},
    "fr": {("i", "grec"): "y", ("double", "vé"): "w", ("double", "v"): "w"},
    "en": {("double", "u"): "w", ("double", "you"): "w"},
}
# Words that double the letter after them: "dubbel l", "deux n", "twee keer s".
_DOUBLE = {
    "nl": [("twee", "keer"), ("dubbel",), ("dubbele",), ("twee",)],
    "fr": [("deux", "fois"), ("double",), ("deux",)],
    "en": [("double",), ("two",)],
}
# "p comme paul": True when any word may follow (its first letter must be the letter),
# False when it must be a spelling-alphabet word ("van", "de", "for" are everyday words).
_AS_IN = {
    "nl": {("zoals",): True, ("als", "in"): True, ("van",): False},
    "fr": {("comme", "dans"): True, ("comme",): True, ("de",): False},
    "en": {("as", "in"): True, ("for",): False, ("like",): False},
}
class _Phrases(dict):
    """Phrases (tuples of words) → what they say, looked up at a token by their first word,
    longest first."""

    def __init__(self, items=()):
        super().__init__(items)
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self, key=len, reverse=True):
            self.by_first.setdefault(phrase[0], []).append(phrase)


# Said between the letters of one name: "jean trait d'union luc", "d apostrophe h o n d t".
_SEPARATORS = _Phrases({
    ("trait", "d", "union"): "-", ("koppelteken",): "-", ("streepje",): "-", ("tiret",): "-",
    ("dash",): "-", ("hyphen",): "-", ("apostrophe",): "'", ("apostrof",): "'",
    ("spatie",): " ", ("space",): " ", ("espace",): " ",
})
# Said after a letter: "e accent aigu" is é.
_ACCENTS = _Phrases({
    ("accent", "aigu"): "\u0301", ("aigu",): "\u0301", ("accent", "grave"): "\u0300",
    ("accent", "circonflexe"): "\u0302", ("circonflexe",): "\u0302", ("tréma",): "\u0308",
    ("trema",): "\u0308", ("met", "trema"): "\u0308", ("cédille",): "\u0327",
    ("cedille",): "\u0327",
})
_X_RAY = _Phrases({("x", "ray"): "x"})
NATO = {"alfa", "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliett", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
        "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "whisky",
        "xray", "yankee", "zulu"}
ALPHABETS = {
    "nl": {"anton", "bernard", "cornelis", "dirk", "eduard", "ferdinand", "gerard", "hendrik",
           "izaak", "johan", "jan", "karel", "lodewijk", "marie", "nico", "otto", "pieter",
           "quotient", "quinten", "richard", "rudolf", "simon", "theodoor", "utrecht",
           "victor", "willem", "xantippe", "ypsilon", "zacharias"},
    "fr": {"anatole", "berthe", "celestin", "desire", "eugene", "francois", "gaston", "henri",
           "irma", "joseph", "kleber", "louis", "marcel", "nicolas", "oscar", "pierre",
           "quintal", "raoul", "suzanne", "therese", "ursule", "victor", "william", "xavier",
           "yvonne", "zoe"},
    # Said after "for" or "as in", never alone.
    "en": {"apple", "boy", "bob", "charles", "david", "dog", "edward", "frank", "freddie",
           "george", "harry", "ida", "ivan", "jack", "john", "king", "london", "larry", "mary",
           "mother", "nellie", "nancy", "oliver", "orange", "peter", "paul", "queen", "robert",
           "roger", "sugar", "sam", "tommy", "tom", "uncle", "william", "xmas", "yellow",
           "zebra"},
}
_ACCENTED = {"eugène", "thérèse", "célestin", "désiré", "françois", "kléber", "zoé",
             "quotiënt"}
# One-letter words that are words: letters only among other letters.
AMBIGUOUS = {"a", "i", "o", "u", "y", "à"}
# Abbreviations said letter by letter: left as said, they spell no word.
ABBREVIATIONS = set("""
abc xyz btw tva vat nmbs sncb sncf kbo bce ocmw cpas vdab riziv inami rsz onss onem vzw asbl
bvba sprl cvba kmo pme gsm sms mms pdf dvd usb ok bbc cnn vrt rtbf vtm rtl kbc bnp ing ups
dhl gls dpd iban bic pin atm sos ehbo ggd uwv svb kpn abn sns cjib rdw duo ggz edf sfr ratp
caf cpam rib svp rdv cad tgv ttc hlm rsa cdi cdd usa faq url www fyi asap aka diy ceo cfo
nhs dvla mot bmw vw vip ict hr tv pc cd eu uk id nv bv sa cv mri dna gps sim led lcd pvc fbi
cia nyc bbq ecg ct wc rsvp omg lol eta http hmrc rac anwb bsn stib mivb tec vab sdf pdg lcl cic
ptt gdf axa sas sarl eurl sci nir insee cni rer gp dj mc pr qa ai pm am ps bd pv
""".split())
# English contractions written without the apostrophe: "it s", "don t", "i m".
CONTRACTED = {"it", "that", "what", "there", "here", "he", "she", "let", "who", "where", "how",
             "name", "don", "doesn", "didn", "isn", "wasn", "aren", "weren", "can", "won",
             "couldn", "wouldn", "shouldn", "haven", "hasn", "hadn", "ain", "mustn", "needn"}

_EUPHONIC_T = {"il", "elle", "on", "ils", "elles"}

_WORD = re.compile(r"[^\W\d_]+")
# A one-letter word that is no word ("p", not "a", nor the "s" of "it's" or the "e" of
# "e-mail"): a run has at least one, or a letter name, or an alphabet word.
_STRONG_SINGLE = re.compile(
    r"(?<![^\W\d_'’])(?![aiouyàAIOUYÀ])[^\W\d_](?![^\W\d_'’]|-[^\W\d_]{2})")
_UNIT_GAP = re.compile(r"[ \t,.\-]{1,4}")     # between the letters of a run
_PHRASE_GAP = re.compile(r"[ \t'’\-]{1,3}")   # between the words of "trait d'union", "x-ray"
_SPELLING_GAP = re.compile(r"[ \t,]{1,3}")    # around "comme" in "p comme paul"

BARE, NAME, WEAK, SPELLING, ALONE, SEPARATOR = "bare", "name", "weak", "spelling", "alone", "sep"


def fold(word: str) -> str:
    """Lower case without accents: ``Eugène`` → ``eugene``."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower())
                   if not unicodedata.combining(c))


@dataclass(frozen=True)
class _Tables:
    names: dict           # word → (letter, weak)
    multi: _Phrases       # two words → letter
    double: _Phrases
    as_in: _Phrases       # connector → any word may follow
    alphabet: frozenset   # spelling words (folded), after "comme"
    alone: frozenset      # alphabet words that spell when said alone
    alone_any: frozenset  # alphabet words that spell right after their letter ("p papa")
    cores: dict           # letter names and alphabet words → 1: for the early exit


@lru_cache(maxsize=None)
def _tables(language: str | None) -> _Tables:
    languages = (language,) if language in LANGUAGES else LANGUAGES
    names: dict[str, tuple[str, bool]] = {}
    for lang in languages:
        for item in _NAMES[lang].split():
            word, letter = item.rstrip("*").split(":")
            weak = item.endswith("*") or names.get(word, ("", False))[1]
            names[word] = (letter, weak)
    multi = _Phrases({k: v for lang in languages for k, v in _MULTI_NAMES[lang].items()})
    double = _Phrases({p: 2 for lang in languages for p in _DOUBLE[lang]})
    as_in = _Phrases({k: v for lang in languages for k, v in _AS_IN[lang].items()})
    alphabet = frozenset(NATO | {w for lang in LANGUAGES for w in ALPHABETS[lang]})
    alone = frozenset(NATO | {w for lang in languages if lang != "en" for w in ALPHABETS[lang]})
    alone_any = frozenset(NATO | ALPHABETS["nl"] | ALPHABETS["fr"])
    cores = {w: 1 for w in alphabet | _ACCENTED} | \
        {w: 1 for p in multi for w in p if len(w) > 1 and w not in names} | \
        {w: 1 for w, (_, weak) in names.items() if not weak}
    return _Tables(names, multi, double, as_in, alphabet, alone, alone_any, cores)


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    next: int      # index of the token after the unit
    letters: str   # "p", "ll", "é"; "-", "'" or " " for a separator
    kind: str
    strong: int    # unambiguous letters it gives


@dataclass(frozen=True)
class Run:
    """Letters said one after the other: ``start``/``end`` in the text, ``letters`` in lower
    case with the separators said between them (``"van damme"``, ``"jean-luc"``).

    ``valid`` runs are words on their own; the others (``"b e"``, ``"n y a"``) may still be
    a piece of an e-mail address or of an identifier.
    """

    start: int
    end: int
    letters: str
    valid: bool
    strong: int = 0           # unambiguous letters
    first_strong: bool = False
    units: int = 1

    @property
    def word(self) -> str:
        """The spelled word: ``Peeters``, ``Van Damme``, ``D'Hondt``, ``Jean-Luc``."""
        return re.sub(r"(^|[ '\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), self.letters)


class _Parser:
    """Reads the letter units of one text; :meth:`runs` groups them."""

    def __init__(self, text: str, language: str | None, tables: _Tables):
        self.text, self.language, self.t = text, language, tables
        self.tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        self._at = {start: i for i, (start, _, _) in enumerate(self.tokens)}

    # -------------------------------------------------------------- tokens and phrases
    def _phrase(self, i: int, phrases: _Phrases) -> tuple[tuple[str, ...], int] | None:
        """The longest of ``phrases`` said at token ``i``, and the index after it."""
        tokens = self.tokens
        for phrase in phrases.by_first.get(tokens[i][2], ()):
            n = len(phrase)
            if i + n > len(tokens) or any(tokens[i + k][2] != phrase[k] for k in range(1, n)):
                continue
            if all(_PHRASE_GAP.fullmatch(self.text, tokens[i + k][1], tokens[i + k + 1][0])
                   for k in range(n - 1)):
                return phrase, i + n
        return None

    # -------------------------------------------------------------- one unit
    def _letter(self, i: int) -> tuple[str, str, int, int] | None:
        """``(letter, kind, strong, next index)`` of a letter said at token ``i``."""
        t, word = self.t, self.tokens[i][2]
        found = self._phrase(i, t.multi)
        if found:
            return t.multi[found[0]], NAME, 1, found[1]
        if len(word) == 1 and word.isalpha():
            start, end = self.tokens[i][0], self.tokens[i][1]
            if start and self.text[start - 1] in "'’" or \
                    self.text[end:end + 1] in ("'", "’") and self.text[end + 1:end + 2].isalpha():
                return None  # "that's", "it's", "l'adresse", "j'ai": elisions, not letters
            if word == "t" and self.language in (None, "fr") and i + 1 < len(self.tokens) and \
                    self.tokens[i + 1][2] in _EUPHONIC_T:
                return None  # "y a t il", "va t elle": "a-t-il", not a letter
            return word, BARE, int(word not in AMBIGUOUS), i + 1
        if word in t.names:
            letter, weak = t.names[word]
            return letter, WEAK if weak else NAME, int(not weak), i + 1
        return None

    def _unit(self, i: int) -> _Unit | None:
        t, tokens = self.t, self.tokens
        start = tokens[i][0]
        found = self._phrase(i, _X_RAY)
        if found:  # before the bare "x"
            return _Unit(start, tokens[found[1] - 1][1], found[1], "x", ALONE, 1)
        head = None
        double = None if self._phrase(i, t.multi) else self._phrase(i, t.double)
        if double and double[1] < len(tokens):  # "dubbel l", but "double u" is w
            head = self._letter(double[1])
            if head and len(head[0]) == 1:
                head = (head[0] * 2, head[1], head[2] * 2, head[3])
            else:
                head = None
        if head is None:
            head = self._letter(i)
        if head is None:
            word = tokens[i][2]
            if not word.isascii():
                word = fold(word)
            if word in t.alone:
                return _Unit(start, tokens[i][1], i + 1, word[0], ALONE, 1)
            sep = self._phrase(i, _SEPARATORS)
            if sep:
                return _Unit(start, tokens[sep[1] - 1][1], sep[1], _SEPARATORS[sep[0]],
                             SEPARATOR, 0)
            return None
        letter, kind, strong, j = head
        spelled = self._spelling_word(letter, kind, strong, j)
        if spelled:
            return _Unit(start, tokens[spelled - 1][1], spelled, letter, SPELLING, 1)
        accent = self._phrase(j, _ACCENTS) if j < len(tokens) else None
        if accent:
            accented = unicodedata.normalize("NFC", letter + _ACCENTS[accent[0]])
            if len(accented) == 1:
                return _Unit(start, tokens[accent[1] - 1][1], accent[1], accented, kind, strong)
        return _Unit(start, tokens[j - 1][1], j, letter, kind, strong)

    def _spelling_word(self, letter: str, kind: str, strong: int, j: int) -> int | None:
        """The index after "comme paul" in "p comme paul" (or "papa" in "p papa"), if said at
        token ``j`` after the letter."""
        t, tokens = self.t, self.tokens
        if len(letter) != 1 or j >= len(tokens) or \
                not _SPELLING_GAP.fullmatch(self.text, tokens[j - 1][1], tokens[j][0]):
            return None
        connector = self._phrase(j, t.as_in)
        k = connector[1] if connector else j
        if k >= len(tokens) or \
                not _SPELLING_GAP.fullmatch(self.text, tokens[k - 1][1], tokens[k][0]):
            return None
        word = fold(tokens[k][2])
        if len(word) < 2 or word[0] != fold(letter):
            return None
        if connector is None:  # "p papa": an alphabet word, right after a letter
            return k + 1 if word in t.alone_any and kind != WEAK else None
        if kind == WEAK and not t.as_in[connector[0]]:
            return None  # "jan en van nico": words, not a spelled "n"
        if word in t.alphabet:
            return k + 1
        # Any word with that first letter ("p comme paul"), when the letter is unambiguous
        # and, after an everyday connector ("van", "de", "for"), said bare.
        sure = kind == BARE and strong > 0 or (kind == NAME and t.as_in[connector[0]])
        return k + 1 if sure and len(word) > 2 else None

    def units(self) -> list[_Unit]:
        out, i = [], 0
        while i < len(self.tokens):
            unit = self._unit(i)
            if unit is None:
                i += 1
                continue
            out.append(unit)
            i = unit.next
        return out

    # -------------------------------------------------------------- runs
    def runs(self) -> list[Run]:
        units = self.units()
        groups: list[list[_Unit]] = []
        for unit in units:
            last = groups[-1][-1] if groups else None
            if last is not None and _UNIT_GAP.fullmatch(self.text, last.end, unit.start) and \
                    self._index(unit.start) == last.next:
                groups[-1].append(unit)
            else:
                groups.append([unit])
        out = []
        for group in groups:
            for part in self._checked(group):
                run = self._run(part)
                if run is not None:
                    out.append(run)
        return out

    def _index(self, start: int) -> int:
        """The index of the token starting at ``start``."""
        return self._at.get(start, -1)

    def _checked(self, group: list[_Unit]) -> list[list[_Unit]]:
        """Split a group where its units do not hold as letters."""
        # Alphabet words said alone spell only in a row: three NATO words, or four when
        # Dutch or French first names ("pierre marie joseph") are among them.
        drop = set()
        i = 0
        while i < len(group):
            if group[i].kind != ALONE:
                i += 1
                continue
            j = i
            while j < len(group) and group[j].kind == ALONE:
                j += 1
            stretch = group[i:j]
            nato = all(fold(self.text[u.start:u.end]).replace("-", "").replace(" ", "") in NATO
                       for u in stretch)
            if len(stretch) < (3 if nato else 4):
                drop.update(range(i, j))
            i = j
        # Letter names that are everyday words ("en", "te") only among other letter names.
        names = sum(1 for k, u in enumerate(group) if u.kind == NAME and k not in drop)
        if names < 2:
            drop.update(k for k, u in enumerate(group) if u.kind == WEAK)
        parts: list[list[_Unit]] = [[]]
        for k, unit in enumerate(group):
            if k in drop:
                parts.append([])
            else:
                parts[-1].append(unit)
        return [p for p in parts if p]

    def _run(self, units: list[_Unit]) -> Run | None:
        while units and units[0].kind == SEPARATOR:
            units = units[1:]
        while units and units[-1].kind == SEPARATOR:
            units = units[:-1]
        units = self._guarded(units)
        if not units:
            return None
        letters = "".join(u.letters for u in units)
        plain = re.sub(r"[ '\-]", "", letters)
        strong = sum(max(u.strong, 1) if u.kind == WEAK else u.strong for u in units)
        spelling = [u for u in units if u.kind != SEPARATOR]
        valid = (len(plain) >= 3 and strong >= 2) or \
            (len(spelling) >= 2 and all(u.kind == SPELLING for u in spelling))
        if valid and len(set(plain)) == 1 and not any(len(u.letters) == 2 for u in units):
            valid = False  # "ha ha ha", "jee jee jee": laughter and exclamations
        if valid and all(u.kind == BARE for u in units) and self._abbreviation(plain):
            valid = False
        if not valid and len(plain) >= 3 and strong >= 1 and self._echoes(units[0].start, plain):
            valid = True  # "ivo i v o": the word was just said
        return Run(units[0].start, units[-1].end, letters, valid, strong,
                   units[0].strong > 0, len(spelling))

    def _abbreviation(self, plain: str) -> bool:
        """``b t w``, ``a d v d`` ("a DVD"), ``l e d f`` ("l'EDF"): an abbreviation said."""
        plain = fold(plain)
        if plain in ABBREVIATIONS:
            return True
        elided = plain[0] in AMBIGUOUS or (self.language in (None, "fr") and plain[0] in "cdjlmnst")
        return elided and plain[1:] in ABBREVIATIONS

    def _guarded(self, units: list[_Unit]) -> list[_Unit]:
        """Drop the leading units that are words written without their apostrophe."""
        if not units:
            return units
        first = units[0]
        if first.kind != BARE:
            return units
        before = self._index(first.start) - 1
        # "it s", "don t": English hosts, whatever the turn's language says (turns switch).
        if first.letters in ("s", "t", "m", "d") and before >= 0 and \
                self.tokens[before][2] in CONTRACTED and \
                not self.text[self.tokens[before][1]:first.start].strip():
            return units[1:]
        if self.language in (None, "en") and first.letters == "i" and len(units) > 1 and \
                units[1].letters in ("m", "d"):
            return units[2:]  # "i m", "i d" (but a Dutch "i m k e" is Imke)
        if self.language == "nl" and first.letters == "u":
            return units[1:]  # "heeft u …"
        if self.language == "fr" and first.letters == "à":
            return units[1:]
        return units

    def _echoes(self, start: int, plain: str) -> bool:
        """Whether one to three words just before ``start`` spell ``plain``."""
        i, plain = self._index(start), fold(plain)
        words = [fold(w) for _, _, w in self.tokens[max(0, i - 6):i]]
        return any("".join(words[a:b]) == plain for b in range(len(words) + 1)
                   for a in range(max(0, b - 3), b))


def spelled_runs(text: str, language: str | None) -> list[Run]:
    """The runs of spelled letters in ``text``, valid or not, in text order.

    >>> [(r.letters, r.valid) for r in spelled_runs("b e seven nine", "en")]
    [('be', False)]
    """
    tables = _tables(language)
    # Early exit: two letters (or letter names, or alphabet words) close together, one of
    # them unambiguous; most turns have none.
    words = _WORD.findall(text.lower())
    if not _STRONG_SINGLE.search(text) and tables.cores.keys().isdisjoint(words):
        return []
    last_core = last_strong = -9
    for i, word in enumerate(words):
        if len(word) == 1:
            core = int(word not in AMBIGUOUS)
        else:
            core = tables.cores.get(word)  # accented forms are keys too
            if core is None:
                continue
        if i - last_strong <= 3 or (core and i - last_core <= 3):
            break
        last_core = i
        if core:
            last_strong = i
    else:
        return []
    return _Parser(text, language, tables).runs()


__all__ = ["ABBREVIATIONS", "ALPHABETS", "NATO", "Run", "fold", "spelled_runs"]
