"""Street addresses and places: written addresses with a number, and places said in any
case after a preposition of living or moving."""
from __future__ import annotations

import functools
import re

from presidio_analyzer import (AnalysisExplanation, EntityRecognizer, Pattern, PatternRecognizer,
                               RecognizerResult)

from ccaudit.detect.recognizers.common import QuickPatterns, context_words


# Context words per language: Presidio raises a hit's score when one appears near it.
CONTEXT = {
    "en": ["address", "lives", "street", "live", "town", "city", "moved", "postcode"],
    "nl": ["adres", "woont", "straat", "woon", "woonplaats", "gemeente", "verhuisd", "postcode"],
    "fr": ["adresse", "habite", "rue", "habitez", "ville", "commune", "déménagé", "localité"],
}


_DIGIT = re.compile(r"\d")


class StreetAddressRecognizer(QuickPatterns, PatternRecognizer):
    """Street addresses as written in Belgium, the Netherlands, France and the UK.

    ``Kerkstraat 12``, ``Rue de la Loi 16``, ``12 rue de la Paix``, ``221B Baker Street``,
    ``1234 AB`` (Dutch postcode), ``2000 Antwerpen`` (postcode + place).
    """

    ENTITY = "LOCATION"
    _NL_DE = (r"straat|laan|weg|plein|lei|dreef|steenweg|kaai|gracht|singel|dijk|hof|baan|"
              r"markt|park|pad|veld|berg|dal|wijk|kade|steeg|strasse|straße|allee|platz|gasse|ring")
    _FR = (r"rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|"
           r"chaussée|rond-point|clos|passage|faubourg|résidence")
    _EN = (r"street|st\.?|road|rd\.?|lane|ln\.?|avenue|ave\.?|drive|dr\.?|close|way|court|"
           r"ct\.?|place|square|gardens|crescent|terrace|hill|grove|row|mews|parade")
    # Capitalised words that open a sentence, never a street name ("It's Ankehof 106").
    _NOT_STARTER = (r"(?!(?i:it|that|what|here|there|this|my|our|yes|no|ok|okay|i|i'm|we|mijn|"
                    r"onze|ons|ik|wij|we|het|dat|dit|op|ja|nee|oké|naar|in|c'est|mon|ma|mes|"
                    r"notre|oui|non|je|nous|au|à)['’]?s?\b)")
    PATTERNS = [
        # Kerkstraat 12, Sint-Jansplein 3b, Grote Markt 5 bus 2
        Pattern("street_nl", rf"\b{_NOT_STARTER}[A-ZÀ-Ý][\w'’.\-]*(?:\s(?:[A-ZÀ-Ý0-9][\w'’.\-]*|van|de|der|den|het|ter|ten|te|op|in|la|le)){{0,3}}?(?i:\s?(?:{_NL_DE}))\s+\d{{1,4}}(?:\s?[a-zA-Z]\b)?", 0.6),
        Pattern("street_nl_compound", rf"\b[A-ZÀ-Ý][\w'’\-]*(?i:{_NL_DE})\s+\d{{1,4}}(?:\s?[a-zA-Z]\b)?", 0.6),
        # 12 rue de la Paix; 3 bis, avenue Foch
        Pattern("street_fr_number_first", rf"\b\d{{1,4}}(?:\s?(?i:bis|ter|[a-d]))?,?\s+(?i:{_FR})\s+[\w'’\-]+(?:\s[\w'’\-]+){{0,4}}", 0.6),
        # Rue de la Loi 16, Avenue Louise 54
        Pattern("street_fr_number_last", rf"\b(?i:{_FR})\s+[\w'’\-]+(?:\s[\w'’\-]+){{0,4}}?\s+\d{{1,4}}(?:\s?[a-zA-Z]\b|\b)", 0.6),
        # 221B Baker Street
        Pattern("street_en", rf"\b\d{{1,4}}[A-Za-z]?\s+[A-Z][\w'’\-]*(?:\s[A-Z][\w'’\-]*){{0,3}}\s(?i:{_EN})\b", 0.6),
        # Dutch postcode 1234 AB
        Pattern("postcode_nl", r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?:\s+[A-Z][a-zà-ÿ'’]+(?:[\s-][A-Z][a-zà-ÿ'’]+){0,2})?", 0.4),
        # 2000 Antwerpen, 75002 Paris
        Pattern("postcode_place", r"\b(?:0[1-9]\d{3}|[1-9]\d{3,4})\s+[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[\s-][A-ZÀ-Ýa-zà-ÿ'’]+){0,3}\b", 0.4),
    ]

    def __init__(self, supported_language: str = "en", **kwargs):
        super().__init__(supported_entity=self.ENTITY, patterns=self.PATTERNS,
                         context=context_words(CONTEXT, supported_language),
                         supported_language=supported_language,
                         # Street types are matched case-insensitively, but the leading
                         # capital of a street or place name must stay a capital.
                         global_regex_flags=re.DOTALL | re.MULTILINE, **kwargs)

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        # Every pattern holds a house number or a postcode (``\d``): a text without a digit
        # cannot match, and most turns have none once numbers said as words are written out.
        if not _DIGIT.search(text):
            return []
        # Presidio's registry passes its own global flags (IGNORECASE); keep ours.
        results = super().analyze(text, entities, nlp_artifacts, regex_flags=self.global_regex_flags)
        for r in results:
            words = [(m.start(), m.end(), m.group().lower())
                     for m in _TOKEN_RE.finditer(text, r.start, r.end)]
            if words:
                r.end = words[_capitalised_end(text, words) - 1][1]
        return results


# ---------------------------------------------------------------------- addresses in any case

_STREET_SUFFIXES_NL = tuple(StreetAddressRecognizer._NL_DE.split("|"))
# "sint-jansplein": a hyphened name ending in a street word (compiled once: re's cache churns).
_HYPHENED_STREET = re.compile(r"[^\W\d_]+-[^\W\d_]*(?:" + "|".join(_STREET_SUFFIXES_NL) + ")")
_STREET_WORDS_FR = ("rue", "avenue", "boulevard", "chaussée", "chaussee", "place", "chemin",
                    "allée", "allee", "impasse", "quai", "route", "clos", "square", "drève",
                    "sentier", "rond-point", "passage", "faubourg")
_STREET_WORDS_EN = ("street", "road", "lane", "avenue", "drive", "crescent", "terrace", "grove",
                    "mews", "gardens", "square", "boulevard")
# Compounds that end like a street but are ordinary words ("ik ben onderweg").
_NOT_STREETS = {"onderweg", "halfweg", "achterweg", "zijweg", "loopbaan", "woonwijk", "kerkhof",
                "ijsberg", "vandaal", "terugweg", "heenweg", "snelweg", "overweg", "omweg",
                "uitweg", "binnenweg", "weg", "baan", "hof", "park", "veld", "berg", "dal", "wijk",
                "pad", "ring", "markt", "lei", "kade", "dijk", "plein", "allee", "platz",
                "handelingspark", "pretpark", "speelveld", "voetbalveld", "vliegveld"}
# Particles inside street and place names: "rue de la loi", "sint-jansplein", "den haag".
_NAME_PARTICLES = {"de", "la", "le", "les", "du", "des", "d", "l", "van", "der", "den", "het",
                   "ter", "ten", "te", "sint", "saint", "sainte", "st", "of", "the", "op", "aan",
                   "in", "bis", "ter"}
# What follows a number that is not an address: durations, amounts, counts.
_UNITS = {"euro", "euros", "eur", "cent", "cents", "dollar", "dollars", "pound", "pounds",
          "minuut", "minuten", "minute", "minutes", "uur", "uren", "heure", "heures", "hour",
          "hours", "dag", "dagen", "jour", "jours", "day", "days", "week", "weken", "semaine",
          "semaines", "weeks", "maand", "maanden", "mois", "month", "months", "jaar", "jaren",
          "an", "ans", "année", "années", "year", "years", "keer", "fois", "times", "procent",
          "pourcent", "percent", "km", "kilometer", "kilometers", "meter", "meters", "mètres",
          "seconden", "secondes", "seconds", "kwh", "gb", "mb", "stuks", "pièces", "items",
          "articles", "artikelen", "produits", "products", "people", "personnes", "mensen",
          "klanten", "clients", "customers", "calls", "appels", "oproepen"}
_PLACE_PREPOSITIONS = {"in", "te", "uit", "naar", "bij", "à", "a", "au", "près", "de", "from",
                       "near", "to", "van"}
# The prepositions of each language after which a well-known place is said as a place
# ("a salon" is an English article and a noun, not "à Salon"), and of those, the ones after
# which it is a place even if it is also a first name ("in sydney", not "to austin").
_KNOWN_PLACE_PREPOSITIONS = {"en": {"in", "to", "from", "near"}, "nl": {"in", "te", "naar", "uit"},
                             "fr": {"à", "a", "au", "près"}}
_PLACE_ONLY_PREPOSITIONS = {"in", "te", "naar", "à", "au", "near"}
# Words that open a town's name: "saint monique", "sint truiden", "sainte marie".
_PLACE_PREFIXES = {"saint", "sainte", "sint", "st", "san", "santa", "le", "la", "den", "de"}
_LIVING = {"woon", "woont", "wonen", "woonde", "verhuisd", "verhuizen", "habite", "habites",
           "habitez", "habitons", "habitent", "j'habite", "vis", "vit", "live", "lives", "living",
           "lived", "moved", "adres", "adresse", "address", "domicilié", "domiciliée", "gedomicilieerd"}
# Place names that are also words said every day in a call ("in orde", "à la", "to be").
_COMMON_PLACE_WORDS = {"orde", "order", "ordre", "be", "de", "la", "le", "les", "het", "een",
                       "the", "and", "et", "en", "bon", "bien", "good", "nice", "best", "most",
                       "court", "mais", "maar", "dat", "die", "deze", "dit", "ons", "mijn"}
_STREET_WORDS = frozenset(_STREET_WORDS_FR + _STREET_WORDS_EN)
# A house number with a letter: "kerkstraat 12a", "rue de la loi 16b".
_HOUSE_NUMBER = re.compile(r"\d{1,4}[a-z]")
# What may follow a house number: "bus 2", "3 bis", "boîte 4".
_HOUSE_WORDS = frozenset({"bus", "bis", "ter", "boîte", "boite", "box"})


def _capitalised_end(text: str, tokens: list[tuple[int, int, str]]) -> int:
    """How many of an address's ``tokens`` (``(start, end, lower-case word)``) to keep: a
    name capitalised after its first word ("7, rue Lesage") ends the address at its last
    capitalised word and the house number after it ("Grote Markt 5 bus 2", "Rue de la Loi
    seize"); the lower-case words after them are the sentence going on ("… rue Lesage
    depuis le mois de mai"). An address written in lower case throughout ("12 rue de la
    paix") is kept whole."""
    last = None
    for k in range(1, len(tokens)):
        if text[tokens[k][0]].isupper():
            last = k
    if last is None:
        return len(tokens)
    end = last + 1
    while end < len(tokens):
        word = tokens[end][2]
        if not (word[:1].isdigit() or word in _HOUSE_WORDS or _any_number_word(word)
                or len(word) == 1 and tokens[end - 1][2][:1].isdigit()):  # "12 b"
            break
        end += 1
    return end


_TOKEN_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


@functools.lru_cache(maxsize=1 << 16)
def _any_number_word(word: str) -> bool:
    """Whether ``word`` is a number word in Dutch, French or English (looked up once)."""
    from ccaudit.detect.spoken import _is_number_word

    return any(_is_number_word(word, lang) for lang in ("nl", "fr", "en"))


class AnyCaseAddressRecognizer(EntityRecognizer):
    """Street addresses as speech-to-text writes them: lower case, numbers said as words,
    no commas. ``kerkstraat twaalf twee duizend antwerpen``, ``rue de la loi seize``,
    ``douze rue de la paix``, ``twelve high street``, ``molenweg 10 9437 vj moerkapelle``.

    A street (a Dutch compound ending in a street word, or a French or English street
    word with its name) needs a house number, in digits or words; a postcode and the place
    that follow belong to the address. Words of the language's stop list never make a
    street name, and a number followed by a unit ("twee minuten") is no house number.
    A postcode with its place alone ("2000 antwerpen") scores below the reporting
    threshold unless a context word (adres, woon, habite, address, live…) lifts it.

    >>> rec = AnyCaseAddressRecognizer("nl")
    >>> text = "ik woon kerkstraat twaalf twee duizend antwerpen euh ja"
    >>> [text[r.start:r.end] for r in rec.analyze(text, ["LOCATION"])]
    ['kerkstraat twaalf twee duizend antwerpen']
    """

    ENTITY = "LOCATION"
    SCORE = 0.6
    POSTCODE_SCORE = 0.4

    def __init__(self, supported_language: str = "en"):
        self.language = supported_language
        from ccaudit.detect.names import stop_words

        self.stop = stop_words(supported_language) - _NAME_PARTICLES
        self._place_names = None  # towns, regions, countries: the name lexicon's, on first need
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="AnyCaseAddressRecognizer",
                         context=context_words(CONTEXT, supported_language))

    def load(self) -> None:
        pass

    # -- tokens
    def _number(self, word: str) -> bool:
        # An address may be said in another language than the turn's ("beatrixlaan
        # quarante-quatre"): number words of the three languages count.
        if word.isdigit():
            return len(word) <= 5
        if word[:1].isdigit():
            return _HOUSE_NUMBER.fullmatch(word) is not None  # "12a", "16b"
        return _any_number_word(word)

    def _numbers(self, tokens, i, limit=6):
        """Index after the run of number words starting at token ``i`` (``i`` if none)."""
        j = i
        while j < len(tokens) and j - i < limit and self._number(tokens[j][2]):
            j += 1
        return j

    def _name_word(self, word: str) -> bool:
        # "sint-niklaas", "sainte-marie-sur-semois", "'s-hertogenbosch"
        return word.replace("-", "").replace("'", "").replace("’", "").isalpha() \
            and word not in self.stop and word not in _UNITS

    def _place(self, tokens, i):
        """Index after a place name starting at token ``i`` (one word, or a particle and a
        word: "den haag", "la louvière"), ``i`` if none."""
        if i < len(tokens) and tokens[i][2] in _NAME_PARTICLES and i + 1 < len(tokens) \
                and self._name_word(tokens[i + 1][2]):
            return i + 2
        if i < len(tokens) and self._name_word(tokens[i][2]) and not self._number(tokens[i][2]):
            return i + 1
        return i

    def _postcode(self, tokens, i):
        """Index after a postcode (4 or 5 digits, a Dutch "1234 ab", or said as words with a
        thousand in it), ``i`` if none."""
        if i >= len(tokens):
            return i
        word = tokens[i][2]
        if word.isdigit() and len(word) in (4, 5) and word[0] != "0" or (
                word.isdigit() and len(word) == 5):
            j = i + 1
            if len(word) == 4 and j < len(tokens) and re.fullmatch(r"[a-z]{2}", tokens[j][2]) \
                    and tokens[j][2] not in self.stop:
                j += 1
            return j
        j = self._numbers(tokens, i)
        if j > i and any(t[2] in ("duizend", "mille", "thousand") for t in tokens[i:j]):
            return j
        return i

    def _tail(self, tokens, j):
        """House number done at ``j``: an optional postcode and place."""
        k = self._postcode(tokens, j)
        if k > j:
            m = self._place(tokens, k)
            if m > k:
                return m
        return j

    def _house(self, tokens, i, with_postcode: bool = False):
        """Index after a house number starting at token ``i`` and the postcode and place
        that may follow it ("twaalf twee duizend antwerpen", "10 9437 vj moerkapelle");
        ``None`` when there is no house number (or, ``with_postcode``, no postcode)."""
        j = self._numbers(tokens, i, limit=7)
        if j == i or (j < len(tokens) and tokens[j][2] in _UNITS):
            return None
        for split in range(i + 1, j + 1):  # the shortest house number after which a postcode
            end = self._tail(tokens, split)   # and place follow
            if end > split:
                return end
        if with_postcode:
            return None
        return min(j, i + 3)

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities:
            return []
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text)]
        numbers = [self._number(t[2]) for t in tokens]
        spans: list[tuple[int, int, float]] = []
        i = 0
        while i < len(tokens):
            if not self._may_start(tokens, numbers, i):
                i += 1
                continue
            found = self._street_at(tokens, i)
            if found:
                start, end = found
                end = start + _capitalised_end(text, tokens[start:end])
                spans.append((tokens[start][0], tokens[end - 1][1], self.SCORE))
                i = end
                continue
            town = self._town_at(tokens, i)
            if town:
                spans += town
                i += 2
                continue
            k = self._postcode(tokens, i)
            if k > i and tokens[i][2].isdigit():
                m = self._place(tokens, k)
                if m > k:
                    spans.append((tokens[i][0], tokens[m - 1][1], self.POSTCODE_SCORE))
                    i = m
                    continue
            i += 1
        # An explanation is what Presidio's context enhancer records the context word in.
        return [RecognizerResult(self.ENTITY, s, e, score,
                                 analysis_explanation=AnalysisExplanation(self.name, score),
                                 recognition_metadata={"recognizer_name": self.name,
                                                       "recognizer_identifier": self.id})
                for s, e, score in spans]

    @staticmethod
    def _may_start(tokens, numbers, i) -> bool:
        """Whether a street, a town or a postcode can start at token ``i`` (``numbers``: which
        tokens are numbers): each of :meth:`_street_at`'s readings starts with a number, a
        street word or compound (a hyphened one holds a "-"), or a name followed by a number;
        a town follows a place preposition (:meth:`_town_at`); a postcode is a number. Most
        tokens are none of these, and are passed over at once."""
        word = tokens[i][2]
        return numbers[i] or (i + 1 < len(numbers) and numbers[i + 1]) or word in _PLACE_PREPOSITIONS \
            or word in _STREET_WORDS_FR or "-" in word or word.endswith(_STREET_SUFFIXES_NL)

    def _town_at(self, tokens, i) -> list[tuple[int, int, float]]:
        """``[(start, end, score)]`` of a known town after a place preposition ("ik woon in
        leuven", "j'habite à uccle", "i live in leeds"): reported on its own after a verb of
        living, else only when a context word lifts it; a town nobody listed with the region
        after it, two places ("in walden rusland"). Empty if none."""
        if tokens[i][2] not in _PLACE_PREPOSITIONS or i + 1 >= len(tokens):
            return []
        word = tokens[i + 1][2]
        if len(word) < 3 or word in self.stop or word in _COMMON_PLACE_WORDS or \
                not self._name_word(word) or self._street_at(tokens, i + 1):
            return []  # a street address follows: read as one
        lived = any(t[2] in _LIVING for t in tokens[max(0, i - 4):i])
        region = self._region_at(tokens, i + 2) \
            if tokens[i][2] in _KNOWN_PLACE_PREPOSITIONS.get(self.language, ()) else None
        if region and self._unknown_word(word):
            # A town nobody listed and its region or country: "in walden rusland", "in
            # hallowell minnesota", "in tyonek new jersey".
            return [(tokens[i + 1][0], tokens[i + 1][1], self.SCORE),
                    (tokens[i + 2][0], tokens[region - 1][1], self.SCORE)]
        end = i + 2
        if word in _PLACE_PREFIXES and end < len(tokens) and self._name_word(tokens[end][2]) \
                and tokens[end][2] not in _PLACE_PREPOSITIONS:
            end += 1  # "saint monique", "sint truiden"
        elif not self._town_like(word, lived):
            return []
        if not lived and tokens[i][2] == "van" and not (
                end + 1 < len(tokens) and tokens[end][2] == "naar"
                and self._well_known(tokens[end + 1][2], "naar")):
            return []  # "van" is mostly no "from", but "van rotterdam naar nijmegen"
        known = not lived and end == i + 2 and (
            self._well_known(word, tokens[i][2]) or tokens[i][2] == "van" and word in self._places())
        return [(tokens[i + 1][0], tokens[end - 1][1], self.SCORE if lived or known else self.POSTCODE_SCORE)]

    def _well_known(self, word: str, preposition: str) -> bool:
        """A place known well enough to be said as one ("the next train to glasgow", "what
        time is it in chennai"): a listed place that is no ordinary word of the language,
        that written text names often or else is neither a word of the three languages nor
        a name ("in uzbekistan", "in tenino"; not one of the thousands of hamlets called
        like a word or a surname), and, after a preposition that also leads to people ("to",
        "from"), no first name ("talk to austin")."""
        from ccaudit.detect.names import LANGUAGES, RARE_ZIPF, load_lexicon

        if preposition not in _KNOWN_PLACE_PREPOSITIONS.get(self.language, ()):
            return False
        lexicon = load_lexicon()
        if word not in self._places() or lexicon.is_dictionary_word(word, self.language):
            return False
        if lexicon.frequency(word, self.language) < RARE_ZIPF and (
                len(word) < 4 or lexicon.first.get(word) or word in lexicon.surnames
                or any(lexicon.is_word(word, other) for other in LANGUAGES)):
            return False  # rarely written, and a word or a name too
        return preposition in _PLACE_ONLY_PREPOSITIONS or not lexicon.first.get(word)

    def _region_at(self, tokens, j) -> int | None:
        """Index after a region or country said after a town (token ``j`` on): a listed place
        of two or three words, or of one that is no ordinary word of the three languages
        and that written text names often ("rusland", "minnesota"), ``None`` if none."""
        from ccaudit.detect.names import LANGUAGES, RARE_ZIPF, load_lexicon

        for n in (3, 2):
            if j + n <= len(tokens) and all(self._name_word(t[2]) for t in tokens[j:j + n]) \
                    and " ".join(t[2] for t in tokens[j:j + n]) in self._places():
                return j + n
        if j < len(tokens):
            word = tokens[j][2]
            lexicon = load_lexicon()
            if word in self._places() and self._name_word(word) and not any(
                    lexicon.is_dictionary_word(word, other) for other in LANGUAGES) \
                    and lexicon.frequency(word, self.language) >= RARE_ZIPF \
                    and not lexicon.first.get(word):
                return j + 1
        return None

    def _unknown_word(self, word: str) -> bool:
        """Whether ``word`` may be a town nobody listed: no ordinary word of the language,
        no first name, no number."""
        from ccaudit.detect.names import load_lexicon

        lexicon = load_lexicon()
        return len(word) > 2 and not self._number(word) and not lexicon.first.get(word) \
            and not lexicon.is_word(word, self.language)

    def _town_like(self, word: str, lived: bool) -> bool:
        """Whether ``word`` after a place preposition can be a town: a known place, a
        compound like "sint-niklaas" or "sainte-marie-sur-semois", or a town nobody listed
        ("ik woon in olne", "moved from casteau"): after a verb of living, a word that is not
        an ordinary word of the language nor a first name."""
        if word in self._places():
            return True
        parts = word.split("-")
        if len(parts) > 2 or len(parts) == 2 and parts[0] in _PLACE_PREFIXES:
            return True
        from ccaudit.detect.names import RARE_ZIPF, load_lexicon

        lexicon = load_lexicon()
        if not lived or lexicon.first.get(word):
            return False
        return not lexicon.is_word(word, self.language) and \
            lexicon.frequency(word, self.language) < RARE_ZIPF + 0.7

    def _places(self) -> frozenset[str]:
        if self._place_names is None:
            from ccaudit.detect.names import load_lexicon

            self._place_names = load_lexicon().places
        return self._place_names

    def _street_at(self, tokens, i):
        """``(first token, token after)`` of a street address starting at token ``i``."""
        word = tokens[i][2]
        # Dutch and German compounds: kerkstraat 12, sint-jansplein twaalf
        if word.endswith(_STREET_SUFFIXES_NL) and word not in _NOT_STREETS and word.isalpha() \
                or _HYPHENED_STREET.fullmatch(word):
            end = self._house(tokens, i + 1)
            return (i, end) if end else None
        # Any street name with its number, postcode and place: "kouter 61 8690 ezemaal"
        if self._name_word(word) and not self._number(word):
            end = self._house(tokens, i + 1, with_postcode=True)
            if end:
                return i, end
        # French: rue de la loi seize / douze rue de la paix; English: twelve high street
        j = self._numbers(tokens, i, limit=3)
        if j > i and j < len(tokens) and tokens[j][2] in _STREET_WORDS_FR:
            k, names = j + 1, 0
            while k < len(tokens) and k - j <= 5 and (tokens[k][2] in _NAME_PARTICLES or (
                    self._name_word(tokens[k][2]) and not self._number(tokens[k][2]))):
                names += tokens[k][2] not in _NAME_PARTICLES
                k += 1
            if names:
                return i, self._tail(tokens, k)
        if j > i:
            k = j
            while k < len(tokens) and k - j < 3 and self._name_word(tokens[k][2]) \
                    and tokens[k][2] not in _STREET_WORDS_EN:
                k += 1
            if k > j and k < len(tokens) and tokens[k][2] in _STREET_WORDS_EN:
                return i, self._tail(tokens, k + 1)
        if word in _STREET_WORDS_FR:
            k, names = i + 1, 0
            while k < len(tokens) and k - i <= 5 and (tokens[k][2] in _NAME_PARTICLES or (
                    self._name_word(tokens[k][2]) and not self._number(tokens[k][2]))):
                names += tokens[k][2] not in _NAME_PARTICLES
                k += 1
            if names:
                end = self._house(tokens, k)
                if end:
                    return i, end
        return None
