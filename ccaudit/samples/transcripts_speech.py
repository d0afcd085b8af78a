"""How identifiers sound in a call: numbers, phone numbers, e-mail addresses and dates
spelled out in Dutch, French (France and Belgium) and English.

Only the forms the transcripts need: numbers 0-99, digit-by-digit readings, phone numbers
read as the area code digit by digit then pairs ("nul vier zeven vijf, twaalf,
vierendertig, zesenvijftig"), and e-mail addresses with the separators named ("jan punt
peeters at gmail punt com").
"""
from __future__ import annotations

import re

DIGITS = {
    "nl": ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"),
    "fr": ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
_NL_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
             "achttien", "negentien")
_NL_TENS = ("", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
_NL_UNITS = ("", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_FR_SMALL = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
             "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf")
_FR_TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante")
_EN_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
             "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

# how the separators of an e-mail address are said
EMAIL_WORDS = {
    "nl": {".": "punt", "@": "at", "_": "underscore", "-": "streepje"},
    "fr": {".": "point", "@": "arobase", "_": "tiret bas", "-": "tiret"},
    "en": {".": "dot", "@": "at", "_": "underscore", "-": "dash"},
}


def number_words(n: int, lang: str, belgian: bool = False) -> str:
    """0..99 in words: 34 -> "vierendertig" / "trente-quatre" / "thirty-four".

    ``belgian`` French says septante and nonante.
    """
    if not 0 <= n <= 99:
        raise ValueError(f"no words for {n}")
    if lang == "nl":
        if n < 10:
            return DIGITS["nl"][n]
        if n < 20:
            return _NL_TEENS[n - 10]
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _NL_TENS[tens]
        u = _NL_UNITS[unit]
        return u + ("ën" if u.endswith("e") else "en") + _NL_TENS[tens]
    if lang == "fr":
        return _fr(n, belgian)
    if lang == "en":
        if n < 20:
            return _EN_SMALL[n]
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_SMALL[unit]}" if unit else "")
    raise ValueError(f"unknown language {lang}")


def _fr(n: int, belgian: bool) -> str:
    if n < 20:
        return _FR_SMALL[n]
    tens, unit = divmod(n, 10)
    if belgian and tens in (7, 9):
        base = "septante" if tens == 7 else "nonante"
        return base + (" et un" if unit == 1 else f"-{_FR_SMALL[unit]}" if unit else "")
    if tens < 7:
        return _FR_TENS[tens] + (" et un" if unit == 1 else f"-{_FR_SMALL[unit]}" if unit else "")
    if tens == 7:                                           # 70..79: soixante-dix, soixante et onze
        return "soixante" + (" et onze" if unit == 1 else f"-{_FR_SMALL[10 + unit]}")
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{_FR_SMALL[unit]}"
    return f"quatre-vingt-{_FR_SMALL[10 + unit]}"          # 90..99


def digits_words(digits: str, lang: str, sep: str = " ") -> str:
    """Digit by digit: "850730" -> "acht vijf nul zeven drie nul"."""
    return sep.join(DIGITS[lang][int(d)] for d in digits)


def pair_words(pair: str, lang: str, belgian: bool = False) -> str:
    """A two-digit group as said in a phone number: "34" -> "vierendertig", "05" -> "nul vijf"."""
    if pair[0] == "0":
        return digits_words(pair, lang)
    return number_words(int(pair), lang, belgian)


def spoken_phone(nsn: str, country: str, lang: str, sep: str = ", ", belgian: bool = False) -> str:
    """A mobile number (national significant number ``nsn``, no trunk 0) as said aloud.

    Dutch: the area code digit by digit, then pairs ("nul vier zeven vijf, twaalf, ...");
    French: "zéro quatre soixante-quinze, douze, ..." (BE) / "zéro six, douze, ..." (FR);
    English: every digit ("zero four seven five, one two, ...").
    """
    area_len = 3 if country == "BE" else 1
    area, rest = "0" + nsn[:area_len], nsn[area_len:]
    pairs = [rest[i:i + 2] for i in range(0, len(rest), 2)]
    if lang == "en":
        return sep.join([digits_words(area, lang)] + [digits_words(p, lang) for p in pairs])
    if lang == "fr" and len(area) == 4:                     # 0475: zéro quatre soixante-quinze
        head = f"{DIGITS['fr'][0]} {DIGITS['fr'][int(area[1])]} {pair_words(area[2:], 'fr', belgian)}"
    else:
        head = digits_words(area, lang)
    return sep.join([head] + [pair_words(p, lang, belgian) for p in pairs])


def pairs_run_together(nsn: str, country: str, lang: str) -> bool:
    """True if, said with spaces only, two groups of the number read as one French number:
    "soixante douze" (60 12) is also 72. Saying it with commas ("soixante, douze") is clear."""
    if lang != "fr":
        return False
    area_len = 3 if country == "BE" else 1
    rest = nsn[area_len:]
    groups = ([nsn[1:area_len]] if area_len == 3 else []) + [rest[i:i + 2] for i in range(0, len(rest), 2)]
    return any(a[0] != "0" and int(a) % 10 == 0 and int(a) >= 20 and b[0] == "1"
               for a, b in zip(groups, groups[1:]))


def spoken_email(address: str, lang: str) -> str:
    """"jan.peeters85@gmail.com" -> "jan punt peeters vijfentachtig at gmail punt com".

    Runs of one or two digits are said as a number, longer runs digit by digit.
    """
    words = []
    for token in re.findall(r"[a-z]+|\d+|[._@-]", address.lower()):
        if token in EMAIL_WORDS[lang]:
            words.append(EMAIL_WORDS[lang][token])
        elif token.isdigit():
            words.append(pair_words(token, lang) if len(token) <= 2 else digits_words(token, lang))
        else:
            words.append(token)
    return " ".join(words)


def date_words(year: int, month: int, day: int, lang: str) -> str:
    """A date with the month in words: "12 maart 1985", "1er avril 1979", "12 March 1985"."""
    d = "1er" if lang == "fr" and day == 1 else str(day)
    return f"{d} {MONTHS[lang][month - 1]} {year}"
