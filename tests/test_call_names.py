"""Names across a call as speech-to-text writes it: lower case, no punctuation.

A name found once names the same person where the call says it again; a name said before
it is spelled is a name; NER spans in lower-case turns are cut to their name words; an
organisation said before the greeting is nobody.
"""
from __future__ import annotations

import pytest

from ccaudit.detect.analyzer import build_transcript_analyzer
from ccaudit.detect.transcripts import TranscriptScanner


@pytest.fixture(scope="module")
def scan(config, tmp_path_factory):
    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    root = tmp_path_factory.mktemp("calls")

    def run(lines: list[str], language: str = "fr", client: str = "brightbank"):
        folder = root / client
        folder.mkdir(exist_ok=True)
        path = folder / f"call{len(list(folder.iterdir()))}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts = [line.split(": ", 1)[1] for line in lines]
        result = scanner.scan([(path, client, path.relative_to(root))])
        assert result.errors.empty
        found = result.findings
        return [(int(r.turn), r.entity_type, texts[int(r.turn)][int(r.start):int(r.end)])
                for r in found.itertuples()]
    return run


def persons(found):
    return [(turn, text) for turn, entity, text in found if entity == "PERSON"]


def test_a_name_found_once_is_found_where_it_is_said_again(scan):
    found = scan(["AGENT: bonjour je vous écoute",
                  "CUSTOMER: oui bonjour c'est chance kabeya je voudrais changer mes coordonnées",
                  "AGENT: merci chance vous pouvez me donner votre date de naissance",
                  "AGENT: pas de chance la ligne est mauvaise"])
    assert (1, "chance kabeya") in persons(found)
    # An ordinary word counts again only where a name is said: after "merci", not "pas de".
    assert (2, "chance") in persons(found)
    assert not [p for p in persons(found) if p[0] == 3]


def test_a_name_said_once_is_not_spread_to_another_call(scan):
    scan(["CUSTOMER: oui bonjour c'est chance kabeya"])
    assert not persons(scan(["AGENT: merci chance au revoir"]))


def test_the_name_said_before_its_spelling_is_a_name(scan):
    found = scan(["AGENT: vous pouvez épeler votre nom",
                  "CUSTOMER: oui tshimanga t-s-h-i-m-a-n-g-a"])
    assert (1, "tshimanga") in persons(found)
    assert (1, "t-s-h-i-m-a-n-g-a") in persons(found)


def test_a_client_before_the_greeting_is_no_name(scan):
    found = scan(["AGENT: brightbank bonjour charles pichon à votre service",
                  "CUSTOMER: oui bonjour"])
    assert persons(found) == [(0, "charles pichon")]


def test_an_organisation_said_in_a_lower_case_greeting_is_no_name(scan):
    found = scan(["AGENT: oui bonjour vous êtes bien chez assurbel je m'appelle gilles besnard",
                  "CUSTOMER: bonjour"], client="other")
    assert persons(found) == [(0, "gilles besnard")]


@pytest.mark.parametrize("language,lines,name", [
    ("en", ["AGENT: how can i help", "CUSTOMER: hi um this is chance mwamba calling um i need "
            "to update my details"], "chance mwamba"),
    ("fr", ["AGENT: je vous écoute", "CUSTOMER: c'est noté étienne bonne journée"], "étienne"),
])
def test_hesitations_and_accents_do_not_hide_a_name(scan, language, lines, name):
    assert name in [text for _, text in persons(scan(lines, language))]


def test_names_said_again_are_found_as_a_pattern_of_whole_words_would_find_them(samples_dir):
    """``_said_again`` finds what one case-blind pattern of the phrases, longest first, as
    whole words apart by blanks, finds: on every sample text, with phrases taken from them."""
    import re

    from ccaudit.detect.transcripts import _NAME_WORD, _said_again
    from spans import sample_texts

    texts = sample_texts(samples_dir) + ["Merci Jan Peeters, jan! jan-pieter jan's JAN\tpeeters",
                                         "jan, peeters jan,peeters jan.peeters jan  peeters",
                                         "o'brien O’Brien o'brien's"]
    words = sorted({w.lower() for t in texts for w in _NAME_WORD.findall(t) if len(w) > 3})
    phrases = words[::7] + [" ".join(p) for p in zip(words[::11], words[5::11])] + [
        "jan", "jan peeters", "o'brien", "o’brien"]
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=lambda p: (-len(p), p)))
        + r")(?![\w'’-])", re.IGNORECASE)
    found = 0
    for text in texts:
        expected = [m.span() for m in pattern.finditer(text)]
        assert _said_again(text, {tuple(p.split()) for p in phrases}, 2) == expected, text[:0]
        found += len(expected)
    assert found > 100


def test_noise_beside_a_street_does_not_take_the_street_with_it(config):
    """NER reads "iO" (an OCR'd "10") as a place beside "rue Clairaut": in a text with
    capitals, a piece that fails the capitals' test is not merged into the address, which
    is kept; in lower case, a word beside a known place still is ("in wardville kansas")."""
    scanner = TranscriptScanner(config, build_transcript_analyzer(config))
    texts = ["UNION OUVRIERE, 8 et iO, rue Clairaut, Paris. On demande des ouvriers."]
    found = [(r.entity_type, texts[0][r.start:r.end]) for r in scanner.analyse_texts(texts)[0]]
    assert any(kind == "LOCATION" and "rue Clairaut" in span and "iO" not in span
               for kind, span in found), found
