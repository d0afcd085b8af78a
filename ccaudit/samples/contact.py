"""Phone numbers (BE, NL, FR) in the spellings people really type, e-mail addresses, IPs.

Phones are built from number ranges that ``phonenumbers.is_valid_number`` accepts and
are checked with it (see :func:`ccaudit.samples.identifiers.check`).
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

import numpy as np
import phonenumbers

from ccaudit.samples.identifiers import check
from ccaudit.samples.vstr import S, cat, choose, cut, fill, strs, zpad

# National significant numbers: (prefix, length of the area / mobile code in the NSN,
# total NSN length, weight). The first subscriber digit is drawn from 2-9.
RANGES = {
    ("BE", "mobile"): [(p, 3, 9, 1.0) for p in
                       ("456", "460", "465", "466", "467", "468", "470", "471", "472", "473",
                        "474", "475", "476", "477", "478", "479", "483", "484", "485", "486",
                        "487", "488", "489", "490", "491", "492", "493", "494", "495", "496",
                        "497", "498", "499")],
    ("BE", "landline"): [("2", 1, 8, 5.0), ("3", 1, 8, 3.0), ("9", 1, 8, 2.0), ("4", 1, 8, 1.5),
                         ("50", 2, 8, 1.0), ("11", 2, 8, 1.0), ("16", 2, 8, 1.0),
                         ("10", 2, 8, 0.5), ("81", 2, 8, 0.7), ("71", 2, 8, 0.7),
                         ("15", 2, 8, 0.7), ("53", 2, 8, 0.5), ("56", 2, 8, 0.5), ("14", 2, 8, 0.6)],
    ("NL", "mobile"): [("6", 1, 9, 1.0)],
    ("NL", "landline"): [("10", 2, 9, 2.0), ("20", 2, 9, 3.0), ("30", 2, 9, 2.0), ("70", 2, 9, 1.5),
                         ("40", 2, 9, 1.0), ("50", 2, 9, 1.0), ("24", 2, 9, 0.8), ("26", 2, 9, 0.8),
                         ("43", 2, 9, 0.6), ("546", 3, 9, 0.3), ("182", 3, 9, 0.3), ("343", 3, 9, 0.3)],
    ("FR", "mobile"): [(p, 1, 9, w) for p, w in (("6", 3.0), ("7", 1.5))],
    ("FR", "landline"): [(p, 1, 9, 1.0) for p in ("1", "2", "3", "4", "5")],
}
# second digits that keep the whole range valid
FR_SECOND = {"6": "0124578", "7": "3456789", "1": "123456789", "2": "234789",
             "3": "123456789", "4": "1234679", "5": "12345678"}
NL_MOBILE_SECOND = "12345"
BE_LANDLINE_SECOND = {"2": "2345678", "3": "2345678", "9": "234", "4": "23"}

# Spellings and their weights per (country, kind). ``a`` is the area or mobile code
# without the trunk 0, ``s`` the subscriber number, ``g``/``d`` its usual groups joined
# by spaces / dots.
_BE = {"0{a} {g}": 4, "0{a}/{d}": 2, "+32 {a} {g}": 2, "+32{a}{s}": 2, "0032{a}{s}": 1, "0{a}{s}": 1}
_FR = {"0{a} {g}": 5, "+33 {a} {g}": 2, "0{a}{s}": 2, "+33{a}{s}": 1, "0{a}.{d}": 1}
STYLES = {
    ("BE", "mobile"): _BE,
    ("BE", "landline"): _BE,
    ("NL", "mobile"): {"0{a}-{s}": 4, "+31 {a} {s}": 2, "0{a}{s}": 2, "+31{a}{s}": 1, "0{a} {g}": 1},
    ("NL", "landline"): {"0{a}-{s}": 4, "0{a} {g}": 2, "+31 {a} {g}": 2, "+31{a}{s}": 1},
    ("FR", "mobile"): _FR,
    ("FR", "landline"): _FR,
}


# Named spellings of a mobile number (a subset of :data:`STYLES`), for values that must be
# written a chosen way: the planted data subjects (see :mod:`ccaudit.samples.subjects`).
MOBILE_SPELLINGS = {
    "BE": {"national_spaced": "0{a} {g}", "slashes_dots": "0{a}/{d}", "international_spaced": "+32 {a} {g}",
           "e164": "+32{a}{s}", "0032": "0032{a}{s}", "national_compact": "0{a}{s}"},
    "NL": {"national_dash": "0{a}-{s}", "international_spaced": "+31 {a} {s}", "national_compact": "0{a}{s}",
           "e164": "+31{a}{s}", "national_spaced": "0{a} {g}"},
    "FR": {"national_spaced": "0{a} {g}", "international_spaced": "+33 {a} {g}", "national_compact": "0{a}{s}",
           "e164": "+33{a}{s}", "national_dots": "0{a}.{d}"},
}
MOBILE_AREA_LEN = {"BE": 3, "NL": 1, "FR": 1}


def spell_mobile(nsn: str, country: str, spelling: str) -> str:
    """A mobile number (national significant number ``nsn``) in a named spelling of
    :data:`MOBILE_SPELLINGS`: ``spell_mobile("475123456", "BE", "slashes_dots") == "0475/12.34.56"``."""
    area_len = MOBILE_AREA_LEN[country]
    sizes = _group_sizes(country, "mobile", len(nsn) - area_len)
    text = str(_spell(MOBILE_SPELLINGS[country][spelling], strs([nsn]), area_len, sizes)[0])
    check([text], lambda v: is_valid_phone(v, country), f"{country} phone number")
    return text


def _group_sizes(country: str, kind: str, sub_len: int) -> tuple[int, ...]:
    """How a subscriber number of ``sub_len`` digits is grouped when printed."""
    if country == "BE":                       # 0475 12 34 56, 02 123 45 67, 050 12 34 56
        return (3, 2, 2) if sub_len == 7 else (2, 2, 2)
    if country == "NL":                       # 06 1234 5678, 020 123 4567, 0546 123 456
        return (4, 4) if kind == "mobile" else (3, sub_len - 3)
    return (2, 2, 2, 2)                       # 06 12 34 56 78


def phones(country: str, n: int, rng: np.random.Generator, mobile_share: float = 1.0) -> np.ndarray:
    """``n`` valid phone numbers of ``country`` (BE, NL, FR) in mixed spellings."""
    mobile = rng.random(n) < mobile_share
    out = np.empty(n, dtype=S)
    for kind, rows in (("mobile", mobile), ("landline", ~mobile)):
        if rows.any():
            out[rows] = _phones_of_kind(country, kind, int(rows.sum()), rng)
    check(out, lambda v: is_valid_phone(v, country), f"{country} phone number")
    return out


def _phones_of_kind(country: str, kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    ranges = RANGES[(country, kind)]
    weights = np.array([r[3] for r in ranges])
    pick = rng.choice(len(ranges), n, p=weights / weights.sum())
    table = STYLES[(country, kind)]
    sw = np.array(list(table.values()), dtype=float)
    spelling = rng.choice(len(table), n, p=sw / sw.sum())
    # national significant number: prefix, a digit allowed after it, random digits
    allowed = np.array([[int(d) for d in (_second_digits(country, kind, r[0]) * 10)[:10]] for r in ranges])
    width = np.array([r[2] - len(r[0]) - 1 for r in ranges])[pick]
    prefix = np.array([int(r[0]) for r in ranges])[pick]
    nsn = strs((prefix * 10 + allowed[pick, rng.integers(0, 10, n)]) * 10**width
               + rng.integers(0, 10**width))
    # the spelling depends only on the lengths of the area code and of the NSN
    area_len = np.array([r[1] for r in ranges])[pick]
    nsn_len = np.array([r[2] for r in ranges])[pick]
    out = np.empty(n, dtype=S)
    for a_len, length in sorted({(r[1], r[2]) for r in ranges}):
        sizes = _group_sizes(country, kind, length - a_len)
        for st, style in enumerate(table):
            rows = (area_len == a_len) & (nsn_len == length) & (spelling == st)
            if rows.any():
                out[rows] = _spell(style, nsn[rows], a_len, sizes)
    return out


def _spell(style: str, nsn: np.ndarray, area_len: int, sizes: tuple[int, ...]) -> np.ndarray:
    """Fill a spelling: ``a`` area code, ``s`` subscriber number, ``g``/``d`` its groups
    joined by spaces / dots."""
    groups, at = [], area_len
    for size in sizes:
        groups.append(cut(nsn, at, at + size))
        at += size
    fields = {"a": cut(nsn, 0, area_len), "s": cut(nsn, area_len, at)}
    for key, sep in (("g", " "), ("d", ".")):
        if "{%s}" % key in style:
            fields[key] = cat(*[p for i, g in enumerate(groups) for p in ((sep, g) if i else (g,))])
    return fill(style, **fields)


def _second_digits(country: str, kind: str, prefix: str) -> str:
    """The digits that may follow ``prefix`` in ranges that are in service."""
    if country == "FR":
        return FR_SECOND[prefix]
    if country == "NL" and kind == "mobile":
        return NL_MOBILE_SECOND
    if country == "BE" and kind == "landline" and prefix in BE_LANDLINE_SECOND:
        return BE_LANDLINE_SECOND[prefix]
    return "23456789"


def is_valid_phone(value: str, region: str) -> bool:
    """True if ``value`` parses (with ``region`` as default) to a valid number."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, region))
    except phonenumbers.NumberParseException:
        return False


# --- e-mail ----------------------------------------------------------------------------
DOMAINS = {
    "BE": {"telenet.be": 5, "skynet.be": 3, "proximus.be": 2, "gmail.com": 6, "hotmail.com": 3,
           "outlook.com": 2, "live.be": 1, "yahoo.fr": 1},
    "FR": {"orange.fr": 4, "free.fr": 3, "gmail.com": 6, "hotmail.fr": 3, "wanadoo.fr": 2,
           "laposte.net": 2, "sfr.fr": 2, "outlook.fr": 1},
    "NL": {"ziggo.nl": 4, "kpnmail.nl": 3, "gmail.com": 6, "hotmail.com": 3, "outlook.com": 2,
           "live.nl": 1, "xs4all.nl": 1, "planet.nl": 1},
    "GB": {"gmail.com": 6, "hotmail.co.uk": 3, "outlook.com": 3, "yahoo.co.uk": 2, "btinternet.com": 1},
}
EMAIL_STYLES = ("{f}.{l}", "{f}.{l}", "{f}{l}", "{i}.{l}", "{l}.{f}", "{f}_{l}", "{f}.{l}{yy}",
                "{f}{l}{nn}", "{i}{l}")


def emails(first: np.ndarray, last: np.ndarray, years: np.ndarray, country: str,
           rng: np.random.Generator) -> np.ndarray:
    """Addresses from accent-free name slugs, on the country's usual domains."""
    n = len(first)
    table = DOMAINS[country]
    domain = choose(list(table), n, rng, list(table.values()))
    style = rng.integers(0, len(EMAIL_STYLES), n)
    number = rng.integers(1, 100, n)
    out = np.empty(n, dtype=S)
    for k, template in enumerate(EMAIL_STYLES):
        rows = style == k
        out[rows] = fill(template + "@{dom}", f=first[rows], l=last[rows], i=cut(first[rows], 0, 1),
                         yy=zpad(years[rows] % 100, 2), nn=strs(number[rows]), dom=domain[rows])
    return out


# --- IP addresses ----------------------------------------------------------------------
PUBLIC_V4_FIRST = np.array([31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89,
                            90, 91, 92, 94, 109, 141, 145, 178, 185, 188, 193, 195, 212, 213, 217])
V6_PREFIXES = ("2a02:a03f", "2a02:1810", "2a02:1811", "2a01:cb00", "2a01:e0a", "2001:1c00",
               "2a02:a440", "2a02:8428")


def public_ips(n: int, rng: np.random.Generator, v6_share: float = 0.2) -> np.ndarray:
    """Public IPv4 addresses (ISP ranges of BE/NL/FR) and a share of IPv6 ones."""
    out = fill("{a}.{b}.{c}.{d}", a=strs(rng.choice(PUBLIC_V4_FIRST, n)), b=strs(rng.integers(0, 256, n)),
               c=strs(rng.integers(0, 256, n)), d=strs(rng.integers(1, 255, n)))
    v6 = rng.random(n) < v6_share
    k = int(v6.sum())
    hextets = rng.integers(0x1000, 0x10000, (k, 6))      # no zero hextets: already canonical
    parts: list = [choose(V6_PREFIXES, k, rng)]
    for j in range(6):
        parts.extend([":", _hex(hextets[:, j])])
    out[v6] = cat(*parts)
    check(out, _is_global_ip, "public IP address")
    return out


def private_ips(n: int, rng: np.random.Generator) -> np.ndarray:
    """Workstation addresses in 10.20.0.0/15 and 172.16.0.0/16."""
    return fill("{net}.{a}.{b}", net=choose(["10.20", "10.21", "172.16"], n, rng),
                a=strs(rng.integers(0, 32, n)), b=strs(rng.integers(10, 250, n)))


@lru_cache(maxsize=1)
def _hex_table() -> np.ndarray:
    return strs([f"{i:x}" for i in range(0x10000)])


def _hex(values: np.ndarray) -> np.ndarray:
    """Lower-case hexadecimal of 16-bit integers."""
    return _hex_table()[values]


def _is_global_ip(value: str) -> bool:
    return ipaddress.ip_address(value).is_global
