"""How speech-to-text engines write what callers say, for the ``stt`` sample style.

Everything comes out in lower case without punctuation. Numbers are partly digits and
partly words, group by group ("nul vier 75 twaalf 34 56"); English reads digits one by one
with "double" and "triple" ("double four", "triple zero"), Dutch sometimes says "dubbel
vijf"; IBANs and card numbers come in groups or digit by digit ("b e seven nine three three
…", "be79 3329 8094 3733"); e-mail addresses are said with their separators as words, the
local part sometimes letter by letter ("j a n punt peeters at gmail punt com"); names are
spelled letter by letter in the ways callers do (:func:`spell_name`).

Every function takes the call's generator and ``digits``: False when the engine writes no
digits at all (Vosk), so that every number comes out in words. The functions that return
``(text, spoken)`` say whether any part was said as words (the gold ``spoken`` column).
A spoken identifier must read back to its value (:func:`heard`): groups that run together
into another number ("twenty" then "one five" is 21 5, "quatre" then "vingt-trois" is 83)
are said again another way.

>>> import numpy as np
>>> spell_name("De Smet", "nl", "dashes", np.random.default_rng(0))
'd-e-s-m-e-t'
>>> number(2800, "nl", split=True)
'twee duizend acht honderd'
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from ccaudit.samples.transcripts_speech import DIGITS, MONTHS
from ccaudit.samples.transcripts_speech import number_words as _words_0_99

# --- numbers in words --------------------------------------------------------------------------


def _small(n: int, lang: str, belgian: bool) -> str:
    """0..99; English without hyphens, as engines write it ("thirty four")."""
    text = _words_0_99(n, lang, belgian)
    return text.replace("-", " ") if lang == "en" else text


def number(n: int, lang: str, belgian: bool = False, split: bool = False) -> str:
    """0..9999 in words: 2800 -> "tweeduizend achthonderd" / "deux mille huit cents" /
    "two thousand eight hundred"; ``split`` writes Dutch compounds apart ("twee duizend")."""
    if not 0 <= n <= 9999:
        raise ValueError(f"no words for {n}")
    if n < 100:
        return _small(n, lang, belgian)
    big, rest = (1000, "duizend") if n >= 1000 else (100, "honderd")
    head_n, tail = divmod(n, big)
    if lang == "nl":
        head = rest if head_n == 1 else number(head_n, "nl", split=split) + (" " if split else "") + rest
    elif lang == "fr":
        word = "mille" if big == 1000 else "cent"
        head = word if head_n == 1 else f"{number(head_n, 'fr', belgian)} {word}"
        if big == 100 and head_n > 1 and tail == 0:
            head += "s"                                           # deux cents, but deux cent un
    else:
        head = f"{number(head_n, 'en')} {'thousand' if big == 1000 else 'hundred'}"
    return head if tail == 0 else f"{head} {number(tail, lang, belgian, split)}"


def year(y: int, lang: str, rng: np.random.Generator, belgian: bool = False) -> str:
    """A year as said: "negentien vijfentachtig", "mille neuf cent quatre-vingt-cinq",
    "nineteen eighty five", "two thousand three"."""
    century, rest = divmod(y, 100)
    if y >= 2000:
        return number(y, lang, belgian, split=bool(rng.integers(2)))
    if lang == "nl":
        return f"{number(century, 'nl')}{'honderd' if rng.random() < 0.4 else ''} {number(rest, 'nl')}"
    if lang == "fr":
        if rng.random() < 0.3:
            return f"dix-neuf cent {number(rest, 'fr', belgian)}"
        return number(y, "fr", belgian)
    return f"nineteen {'oh ' + DIGITS['en'][rest] if rest < 10 else number(rest, 'en')}"


_NL_ORDINAL = ("", "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende",
               "tiende", "elfde", "twaalfde", "dertiende", "veertiende", "vijftiende", "zestiende",
               "zeventiende", "achttiende", "negentiende")
_EN_ORDINAL = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
               "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
               "seventeenth", "eighteenth", "nineteenth")


def ordinal(n: int, lang: str) -> str:
    """1..31 as a day of the month: "twaalfde", "twelfth", "thirty first", "premier"."""
    if lang == "nl":
        return _NL_ORDINAL[n] if n < 20 else number(n, "nl") + "ste"
    if lang == "fr":
        return "premier" if n == 1 else number(n, "fr")
    if n < 20:
        return _EN_ORDINAL[n]
    tens, unit = divmod(n, 10)
    return ("twentieth", "thirtieth")[tens - 2] if unit == 0 else f"{number(tens * 10, 'en')} {_EN_ORDINAL[unit]}"


# --- digit groups ------------------------------------------------------------------------------
_RUN_WORDS = {"en": ("double", "triple"), "nl": ("dubbel",)}


def digit_words(digits: str, lang: str, rng: np.random.Generator, runs: bool = False) -> str:
    """Digit by digit; with ``runs`` (English, Dutch) repeated digits become "double four",
    "triple zero" / "dubbel vijf". English says zero as "oh" now and then."""
    words, i = [], 0
    oh = lang == "en" and rng.random() < 0.4
    while i < len(digits):
        j = i
        while j < len(digits) and digits[j] == digits[i]:
            j += 1
        run = j - i
        word = "oh" if oh and digits[i] == "0" else DIGITS[lang][int(digits[i])]
        if runs and lang in _RUN_WORDS and run >= 2:
            take = 3 if run == 3 and len(_RUN_WORDS[lang]) > 1 else 2
            words.append(f"{_RUN_WORDS[lang][take - 2]} {word}")
            i += take
        else:
            words.append(word)
            i += 1
    return " ".join(words)


def group_words(group: str, lang: str, rng: np.random.Generator, belgian: bool = False) -> str:
    """A group of digits as one says it: "34" -> "vierendertig", "033" -> "nul drieëndertig",
    "123" -> "honderd drieëntwintig", "3329" -> "drieëndertig negenentwintig"."""
    if not group:
        return ""
    if group[0] == "0":
        return " ".join(w for w in (DIGITS[lang][0], group_words(group[1:], lang, rng, belgian)) if w)
    if len(group) <= 3:
        return number(int(group), lang, belgian, split=lang == "nl" and bool(rng.integers(2)))
    return " ".join(group_words(group[i:i + 2], lang, rng, belgian) for i in range(0, len(group), 2))


def say_groups(groups: list[str], lang: str, rng: np.random.Generator, digits: bool = True,
               belgian: bool = False, digit_share: float = 0.35) -> tuple[str, bool]:
    """Each group as digits (``digit_share`` of them, when ``digits``) or in words (as a
    number or digit by digit); returns the text and whether any group was said as words."""
    parts, spoken = [], False
    each = lang == "en" and rng.random() < 0.6          # English callers mostly read digit by digit
    for g in groups:
        if digits and rng.random() < digit_share:
            parts.append(g)
            continue
        spoken = True
        if each or rng.random() < 0.25:
            parts.append(digit_words(g, lang, rng, runs=rng.random() < 0.8))
        elif lang == "nl" and len(g) == 2 and g[0] == g[1] and rng.random() < 0.5:
            parts.append(f"dubbel {DIGITS['nl'][int(g[0])]}")
        else:
            parts.append(group_words(g, lang, rng, belgian))
    return " ".join(parts), spoken


def cut_groups(text: str, sizes) -> list[str]:
    out, at = [], 0
    for size in sizes:
        out.append(text[at:at + size])
        at += size
    if at < len(text):
        out.append(text[at:])
    return [g for g in out if g]


# --- phones ------------------------------------------------------------------------------------
def phone_groups(nsn: str, country: str) -> list[str]:
    """How a national mobile number is grouped when said: "0475 12 34 56", "06 12 34 56 78"."""
    if country == "BE":
        return ["0" + nsn[:3]] + cut_groups(nsn[3:], (2, 2, 2))
    return ["0" + nsn[0]] + cut_groups(nsn[1:], (2, 2, 2, 2))


def say_phone(nsn: str, country: str, lang: str, rng: np.random.Generator, digits: bool = True,
              belgian: bool = False) -> tuple[str, bool]:
    """A national mobile number, partly digits partly words: "nul vier 75 twaalf 34 56"."""
    return clear(lambda: _say_phone(nsn, country, lang, rng, digits, belgian), "0" + nsn, lang, rng)


def _say_phone(nsn, country, lang, rng, digits, belgian) -> tuple[str, bool]:
    groups = phone_groups(nsn, country)
    if len(groups[0]) == 4 and rng.random() < 0.5:       # "0475" said as "nul vier" + "75"
        groups = [groups[0][:2], groups[0][2:]] + groups[1:]
    if lang == "en" and rng.random() < 0.7:               # one run of digits, doubles said
        text = digit_words("".join(groups), "en", rng, runs=True)
        return text, True
    return say_groups(groups, lang, rng, digits, belgian)


INTERNATIONAL_STYLES = ("plus", "00", "words")


def say_international(e164: str, lang: str, rng: np.random.Generator, digits: bool = True,
                      style: str = "plus") -> tuple[str, bool]:
    """A foreign number: ``plus`` "+44 7400 123456", ``00`` "0033 6 12 34 56 78", ``words``
    "plus four four seven four …" / "zéro zéro trois trois six …" (always without ``digits``)."""
    import phonenumbers
    parsed = phonenumbers.parse(e164)
    written = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    written = re.sub(r"\s+", " ", re.sub(r"[()]", "", written).replace("-", " ")).strip()
    if digits and style == "plus":
        return written, False
    if digits and style == "00":
        return "00" + written[1:], False
    groups = written[1:].split(" ")
    plus = rng.random() < 0.5
    head = f"plus {digit_words(groups[0], lang, rng)}" if plus else \
        f"{DIGITS[lang][0]} {DIGITS[lang][0]} {digit_words(groups[0], lang, rng)}"
    expected = ("+" if plus else "00") + "".join(groups)
    return clear(lambda: (f"{head} {say_groups(groups[1:], lang, rng, digits)[0]}", True), expected, lang, rng)


# --- identifiers -------------------------------------------------------------------------------
def letters(text: str) -> str:
    """Letters said one by one: "be" -> "b e"."""
    return " ".join(text.lower())


def say_iban(compact: str, lang: str, rng: np.random.Generator, digits: bool = True,
             belgian: bool = False) -> tuple[str, bool]:
    """"be79 3329 8094 3733", "nl91abna0417164300", "b e seven nine three three …", or the
    letters then groups in words."""
    low = compact.lower()
    return clear(lambda: _say_iban(low, lang, rng, digits, belgian), low, lang, rng)


def _say_iban(low, lang, rng, digits, belgian) -> tuple[str, bool]:
    groups = cut_groups(low, [4] * 9)
    style = int(rng.integers(4)) if digits else 2 + int(rng.integers(2))
    if style == 0:
        return " ".join(groups), False
    if style == 1:
        return low, False
    head = " ".join([letters(low[:2])] + [digit_words(low[2:4], lang, rng)])
    rest, tokens = low[4:], []
    for chunk in re.findall(r"[a-z]+|\d+", rest):
        if chunk.isalpha():
            tokens.append(letters(chunk))
        elif style == 2:
            tokens.append(digit_words(chunk, lang, rng, runs=rng.random() < 0.3))
        else:
            tokens.append(say_groups(cut_groups(chunk, [4] * 8), lang, rng, digits, belgian, 0.3)[0])
    return " ".join([head] + tokens), True


def say_card(card: str, lang: str, rng: np.random.Generator, digits: bool = True,
             belgian: bool = False) -> tuple[str, bool]:
    """A card number "4970 0648 5562 7778": groups as digits or words, or digit by digit."""
    return clear(lambda: _say_card(card, lang, rng, digits, belgian), card.replace(" ", ""), lang, rng)


def _say_card(card, lang, rng, digits, belgian) -> tuple[str, bool]:
    groups = card.split(" ")
    if digits and rng.random() < 0.35:
        return card, False
    if rng.random() < 0.3:
        return digit_words("".join(groups), lang, rng, runs=lang in _RUN_WORDS), True
    return say_groups(groups, lang, rng, digits, belgian)


def say_national(compact: str, country: str, lang: str, rng: np.random.Generator, digits: bool = True,
                 belgian: bool = False) -> tuple[str, bool]:
    """A national number: Belgian "85 07 30 033 28", BSN "123 456 782", NIR
    "1 85 07 75 123 456 78", compact, or in words group by group or digit by digit."""
    return clear(lambda: _say_national(compact, country, lang, rng, digits, belgian), compact, lang, rng)


def _say_national(compact, country, lang, rng, digits, belgian) -> tuple[str, bool]:
    sizes = {"BE": (2, 2, 2, 3, 2), "NL": (3, 3, 3), "FR": (1, 2, 2, 2, 3, 3, 2)}[country]
    groups = cut_groups(compact, sizes)
    r = rng.random()
    if digits and r < 0.2:
        return compact, False
    if digits and r < 0.35:
        return " ".join(groups), False
    if r < 0.55:
        return digit_words(compact, lang, rng), True
    return say_groups(groups, lang, rng, digits, belgian, digit_share=0.25)


# --- reading back ------------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return text.replace("-", " ").split()


@lru_cache(maxsize=3)
def _number_phrases(lang: str) -> dict[tuple[str, ...], str]:
    """Every way :func:`number` says 0..999 (hyphens read as blanks), and the digit words."""
    table = {}
    for n in range(1000):
        for belgian in (False, True):
            for split in (False, True):
                table[tuple(_tokens(number(n, lang, belgian, split)))] = str(n)
    table.update({(w,): str(d) for d, w in enumerate(DIGITS[lang])})
    if lang == "en":
        table[("oh",)] = "0"
    return table


def heard(text: str, lang: str) -> str:
    """What a listener writes down for a spoken identifier: digits and letters as said, the
    longest run of words that reads as one number taken first, "double"/"triple"/"dubbel"
    repeating the next digit, "plus" as +.

    >>> heard("nul vier 75 twaalf 34 56", "nl"), heard("b e seven nine double three", "en")
    ('0475123456', 'be7933')
    >>> heard("twenty one five", "en")                 # said as 20, then 1 and 5: not 2015
    '215'
    """
    table = _number_phrases(lang)
    words, out, i = _tokens(text), [], 0
    while i < len(words):
        word = words[i]
        if word in ("double", "triple", "dubbel") and i + 1 < len(words) and len(table.get((words[i + 1],), "xx")) == 1:
            out.append(table[(words[i + 1],)] * (3 if word == "triple" else 2))
            i += 2
            continue
        for k in range(min(7, len(words) - i), 0, -1):
            phrase = tuple(words[i:i + k])
            if phrase in table:
                out.append(table[phrase])
                i += k
                break
        else:
            out.append("+" if word == "plus" else word)
            i += 1
    return "".join(out)


def clear(render: Callable[[], tuple[str, bool]], expected: str, lang: str, rng: np.random.Generator,
          tries: int = 30) -> tuple[str, bool]:
    """``render()`` until what it says reads back as ``expected`` (:func:`heard`); digit by
    digit, which always does, if it never does."""
    for _ in range(tries):
        text, spoken = render()
        if heard(text, lang) == expected:
            return text, spoken
    text = " ".join("plus" if chunk == "+" else letters(chunk) if chunk.isalpha() else digit_words(chunk, lang, rng)
                    for chunk in re.findall(r"\+|[a-z]+|\d+", expected))
    assert heard(text, lang) == expected, (text, expected)
    return text, True


# --- e-mail ------------------------------------------------------------------------------------
EMAIL_WORDS = {
    "nl": {".": ("punt",), "@": ("at", "at", "apenstaartje"), "_": ("underscore", "liggend streepje"),
           "-": ("streepje",)},
    "fr": {".": ("point",), "@": ("arobase", "arobase", "at"), "_": ("tiret bas", "underscore"),
           "-": ("tiret",)},
    "en": {".": ("dot",), "@": ("at",), "_": ("underscore",), "-": ("dash", "hyphen")},
}


def say_email(address: str, lang: str, rng: np.random.Generator, digits: bool = True) -> str:
    """"jan.peeters85@gmail.com" -> "jan punt peeters vijfentachtig at gmail punt com", the
    local part's words sometimes letter by letter ("j a n dot p e e t e r s at …")."""
    local, _, domain = address.lower().partition("@")
    spell = rng.random() < 0.35
    words = []
    for part, is_local in ((local, True), ("@", False), (domain, False)):
        for token in re.findall(r"[a-z]+|\d+|[._@-]", part):
            if token in EMAIL_WORDS[lang]:
                options = EMAIL_WORDS[lang][token]
                words.append(options[int(rng.integers(len(options)))])
            elif token.isdigit():
                words.append(token if digits and rng.random() < 0.4 else group_words(token, lang, rng)
                             if len(token) <= 2 else digit_words(token, lang, rng))
            elif is_local and (spell or (len(token) <= 2 and rng.random() < 0.5)):
                words.append(letters(token))
            else:
                words.append(token)
    return " ".join(words)


# --- dates -------------------------------------------------------------------------------------
MONTHS_LOWER = {lang: tuple(m.lower() for m in months) for lang, months in MONTHS.items()}


def say_date(y: int, m: int, d: int, lang: str, rng: np.random.Generator, digits: bool = True,
             belgian: bool = False) -> tuple[str, bool]:
    """A date of birth: "twaalf maart negentien vijfentachtig", "12 maart 1985", "twaalf drie
    vijfentachtig", "the twelfth of march nineteen eighty five", "premier avril 1979"."""
    month = MONTHS_LOWER[lang][m - 1]
    style = int(rng.integers(4)) if digits else 1 + int(rng.integers(3))
    if style == 0:                                        # digits and the month's name
        return f"{'1er' if lang == 'fr' and d == 1 else d} {month} {y}", False
    if style == 3:                                        # day month year as numbers, short year
        return f"{number(d, lang, belgian)} {number(m, lang, belgian)} {number(y % 100, lang, belgian)}", True
    said_year = year(y, lang, rng, belgian) if style == 1 or not digits else str(y)
    if lang == "en":
        day = ordinal(d, "en")
        return (f"{day} of {month} {said_year}" if rng.random() < 0.5 else f"{month} {day} {said_year}"), True
    day = ordinal(d, lang) if lang == "nl" and rng.random() < 0.3 else \
        ("premier" if d == 1 else number(d, lang, belgian))
    return f"{day} {month} {said_year}", True


# --- addresses ---------------------------------------------------------------------------------
def say_house_number(n: int, lang: str, rng: np.random.Generator, digits: bool = True,
                     belgian: bool = False) -> tuple[str, bool]:
    if digits and rng.random() < 0.4:
        return str(n), False
    return number(n, lang, belgian, split=bool(rng.integers(2))), True


def say_postcode(postcode: str, country: str, lang: str, rng: np.random.Generator, digits: bool = True,
                 belgian: bool = False) -> tuple[str, bool]:
    """"twee duizend" (2000), "soixante-quinze zéro onze" (75011), "tien elf a b" (1011 AB),
    or, with ``digits``, as written ("2000", "1011 ab")."""
    low = postcode.lower()
    if digits:
        return low, False
    if country == "BE":
        return number(int(low), lang, belgian, split=bool(rng.integers(2))), True
    if country == "FR":
        return f"{group_words(low[:2], lang, rng, belgian)} {group_words(low[2:], lang, rng, belgian)}", True
    if country == "NL":
        num, _, tail = low.partition(" ")
        return " ".join([group_words(num[:2], lang, rng), group_words(num[2:], lang, rng)]
                        + ([letters(tail)] if tail else [])), True
    out = []                                              # British: letters and digits one by one
    for ch in low.replace(" ", ""):
        out.append(DIGITS[lang][int(ch)] if ch.isdigit() else ch)
    return " ".join(out), True


# --- spelled names -----------------------------------------------------------------------------
NATO = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
        "quebec romeo sierra tango uniform victor whiskey x-ray yankee zulu").split()
# The Dutch spelling alphabet (Anton, Bernard, Cornelis …) and the French one (Anatole,
# Berthe, Célestin …), with the variants callers use.
ALPHABET = {
    "nl": [w.split("/") for w in ("anton bernard cornelis dirk eduard ferdinand gerard hendrik izaak jan karel "
                                  "lodewijk marie nico otto pieter quotiënt rudolf simon theodoor utrecht victor "
                                  "willem xantippe ypsilon zaandam").split()],
    "fr": [w.split("/") for w in ("anatole berthe célestin désiré eugène françois gaston henri irma joseph kléber "
                                  "louis marcel nicolas oscar pierre/paul quintal raoul suzanne thérèse ursule "
                                  "victor william xavier yvonne zoé").split()],
}
# Words callers pick for "p zoals pieter", "p comme paul", "p as in peter".
AS_IN_WORDS = {
    "nl": ALPHABET["nl"],
    "fr": [w.split("/") for w in ("anatole/andré berthe/bernard célestin/charles désiré/david eugène/émile "
                                  "françois gaston/georges henri irma/isabelle joseph/jacques kilo louis/léon "
                                  "marcel/marie nicolas oscar/olivier paul/pierre quintal raoul/robert "
                                  "suzanne/simon thérèse/thomas ursule victor william xavier yvonne zoé").split()],
    "en": [w.split("/") for w in ("apple/alpha bravo/boy charlie david/delta edward/echo freddie/frank george "
                                  "harry india/ivy john/juliet king/kilo london/lima mike/mary nancy/november "
                                  "oscar/orange peter quebec/queen robert/romeo sugar/sierra tommy/tango "
                                  "uniform victor william/whiskey x-ray yellow/yankee zebra").split()],
}
AS_IN = {"nl": ("zoals",), "fr": ("comme",), "en": ("as in", "for")}
# The spelling styles each language's callers use (see :func:`spell_name`).
SPELLING_STYLES = {
    "nl": ("letters", "as_in", "dashes", "nato", "alphabet"),
    "fr": ("letters", "as_in", "dashes", "alphabet", "nato"),
    "en": ("letters", "as_in", "nato", "dashes"),
}


def name_letters(name: str) -> str:
    """The letters a caller spells: no accents, blanks, hyphens or apostrophes."""
    ascii_ = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L").replace("ı", "i"))
    return "".join(c for c in ascii_.encode("ascii", "ignore").decode().lower() if c.isalpha())


def _pick(options, rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]


def spell_name(name: str, lang: str, style: str, rng: np.random.Generator) -> str:
    """A name spelled the way callers do it:

    ``letters`` "p e e t e r s" (a double letter sometimes "dubbel e" / "double e"),
    ``dashes`` "d-e-s-m-e-t", ``as_in`` "p zoals pieter e zoals eduard …" / "p comme paul …"
    / "p as in peter …" (sometimes only the first letters), ``nato`` "papa echo echo tango …",
    ``alphabet`` the Dutch ("pieter eduard eduard theodoor …") or French ("paul eugène …")
    spelling alphabet.
    """
    chars = name_letters(name)
    idx = [ord(c) - 97 for c in chars]
    if style == "letters":
        out, i = [], 0
        double = {"nl": "dubbel", "en": "double", "fr": "deux"}[lang]
        use_double = rng.random() < 0.4
        while i < len(chars):
            if use_double and i + 1 < len(chars) and chars[i] == chars[i + 1]:
                out.append(f"{double} {chars[i]}")
                i += 2
            else:
                out.append(chars[i])
                i += 1
        return " ".join(out)
    if style == "dashes":
        return "-".join(chars)
    if style == "nato":
        return " ".join(NATO[i] for i in idx)
    if style == "alphabet":
        return " ".join(_pick(ALPHABET[lang][i], rng) for i in idx)
    if style == "as_in":
        joiner = _pick(AS_IN[lang], rng)
        upto = len(chars) if rng.random() < 0.6 else int(rng.integers(1, min(3, len(chars)) + 1))
        return " ".join(f"{c} {joiner} {_pick(AS_IN_WORDS[lang][i], rng)}" if k < upto else c
                        for k, (c, i) in enumerate(zip(chars, idx)))
    raise ValueError(f"unknown spelling style {style}")


# --- plain words -------------------------------------------------------------------------------
def stt_lower(text: str) -> str:
    """Lower case as an engine writes it: one code point per letter (Turkish "İ" -> "i"), NFC."""
    return unicodedata.normalize("NFC", text.replace("İ", "i").lower())
