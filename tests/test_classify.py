"""Classifier behaviours, one rule at a time, on small synthetic columns."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ccaudit.detect.classify import analyse_columns, classify_column, wants_ner
from ccaudit.detect.sampling import ColumnSketch

TODAY = date(2026, 11, 28)
rng = np.random.default_rng(5)


def classify(name, values, analyzer, config):
    sketch = ColumnSketch(name, k=config.exports.sample_size, seed=config.exports.seed)
    sketch.update(pd.Series(values, dtype=object))
    (analysed,) = analyse_columns([sketch.sample()], [wants_ner(sketch, config)], analyzer, config)
    return classify_column("t.csv", "", sketch, analysed, config, TODAY)


def phones(n):
    return [f"0475 {a:02d} {b:02d} {c:02d}" for a, b, c in rng.integers(10, 99, (n, 3))]


def order_numbers(n):
    return [str(x) for x in rng.integers(10**9, 10**10 - 1, n)]


def test_a_hint_never_decides_against_the_values(analyzer, config):
    assert classify("gsm", order_numbers(300), analyzer, config).entities == ()
    assert classify("e-mailadres", ["n/a"] * 3 + order_numbers(100), analyzer, config).entities == ()


def test_a_hint_lowers_the_share_the_values_must_reach(analyzer, config):
    # 40 % phones, the rest placeholders: enough with the hint, not without it.
    values = phones(120) + [f"onbekend {i}" for i in range(180)]
    assert classify("gsm", values, analyzer, config).entity_type == "PHONE_NUMBER"
    assert classify("veld_7", values, analyzer, config).entity_type == ""


def test_names_need_a_hint_in_categorical_columns(analyzer, config):
    agents = ["Sofie Janssens", "Tom Peeters", "Marie Dubois", "Luc Claes"] * 75
    assert classify("agent", agents, analyzer, config).entity_type == "PERSON"
    products = ["Fibre Max 1 Gb", "Groene Stroom Vast", "Premium Plus", "Mobile Start"] * 75
    assert classify("productnaam", products, analyzer, config).entity_type == ""
    assert classify("forfait", products, analyzer, config).entity_type == ""


@pytest.mark.parametrize("name,years,expected", [
    ("geboortedatum", (1940, 2005), "DATE_OF_BIRTH"),     # hint and plausible ages
    ("d_1", (1940, 2005), "DATE_OF_BIRTH"),               # plausible, spread-out ages alone
    ("startdatum", (2015, 2026), ""),                     # contract dates are not personal data
    ("hire_date", (2005, 2026), ""),
])
def test_dates_are_birth_dates_only_with_evidence(analyzer, config, name, years, expected):
    start, end = (pd.Timestamp(f"{y}-01-01") for y in years)
    days = rng.integers(0, (end - start).days, 300)
    values = [(start + pd.Timedelta(days=int(d))).strftime("%d/%m/%Y") for d in days]
    profile = classify(name, values, analyzer, config)
    assert profile.entity_type == expected
    if expected:
        assert profile.examples and all("**/**/" in e for e in profile.examples)


def test_timestamps_are_not_personal_data(analyzer, config):
    values = [f"2026-10-{d:02d} {h:02d}:{m:02d}:01" for d, h, m in rng.integers(1, 28, (300, 3))]
    assert classify("laatste_contact", values, analyzer, config).entities == ()


def test_free_text_holds_several_entities(analyzer, config):
    notes = [f"Klant belde, terugbellen op {p}." for p in phones(100)]
    firsts = ["Jan", "Marie", "Hélène", "Tom", "Sofie", "Luc", "Anne", "Pieter", "Els", "Koen"]
    lasts = ["Peeters", "Claes", "Dubois", "Janssens", "Maes", "Wouters", "Goossens", "Lambert"]
    notes += [f"Gesprek met {f} {l} over nieuwe kaart." for f in firsts for l in lasts]
    profile = classify("opmerking", notes, analyzer, config)
    assert profile.kind == "free_text"
    assert set(profile.entities) == {"PERSON", "PHONE_NUMBER"}
    assert all("@" not in e and "12" not in e for e in profile.examples)


def test_mixed_contact_column_holds_both_entities(analyzer, config):
    values = phones(150) + [f"klant{i}@telenet.be" for i in range(150)]
    profile = classify("contact", values, analyzer, config)
    assert set(profile.entities) == {"PHONE_NUMBER", "EMAIL_ADDRESS"}


def test_profile_of_an_empty_column(analyzer, config):
    profile = classify("leeg", [None] * 10, analyzer, config)
    assert profile.kind == "empty" and profile.entities == () and profile.null_share == 1.0


def test_a_unanimous_probe_decides_unless_ner_could_still_speak(analyzer, config):
    """The rest of a sample is analysed only where it could change the verdict."""
    probe, size = config.exports.probe_size, config.exports.sample_size

    def analysed(values):
        sketch = ColumnSketch("c", k=size, seed=config.exports.seed)
        sketch.update(pd.Series(values, dtype=object))
        assert wants_ner(sketch, config)  # distinct values, no hint: NER may speak
        (out,) = analyse_columns([sketch.sample()], [True], analyzer, config)
        return out

    assert len(analysed(phones(300))) == probe  # every probed value is a phone number
    assert len(analysed(order_numbers(300))) == probe  # nothing, and no word for NER
    people = [f"{f} {s}" for f in ("Marie", "Jan", "Sofie", "Pierre", "Emma", "Luc")
              for s in ("Peeters", "Dubois", "Janssens", "Lefèvre", "De Smet", "Martin",
                        "Claes", "Moreau", "Willems", "Laurent")]
    words = [f"{p} {i}" for i, p in enumerate(people * 5)]
    assert len(analysed(words)) == size  # nothing found, but words NER reads: all of it


def test_ner_is_skipped_only_on_free_text_it_cannot_make_structured(analyzer, config):
    """Notes read again as calls need no NER in the first pass; anything NER could decide keeps it."""
    from ccaudit.detect.classify import _ner_could_cover, free_text_whatever_ner

    assert _ner_could_cover("Jan van der Berg")
    assert _ner_could_cover("Marie-Claire de la Fontaine")
    assert not _ner_could_cover("klant belde, wil dat we mevrouw Peeters terugbellen")
    assert not _ner_could_cover("Rappeler Mme Dubois au +33 6 12 01 95 16.")

    def verdict(values):
        sketch = ColumnSketch("c", k=config.exports.sample_size, seed=config.exports.seed)
        sketch.update(pd.Series(values, dtype=object))
        sample = sketch.sample()
        (patterns,) = analyse_columns([sample], [False], analyzer, config)
        return free_text_whatever_ner("t.csv", "", sketch, patterns, config, TODAY)

    notes = [f"klant belde op dag {i}, wil dat we mevrouw Peeters later terugbellen" for i in range(80)]
    assert verdict(notes)
    long_names = [f"Jan Van Der Berg De Smet {chr(65 + i % 26)}{chr(65 + i // 26)}" for i in range(80)]
    assert not verdict(long_names)        # NER could cover them: it must run
    assert not verdict(order_numbers(80))  # not free text at all
    half = notes[:40] + long_names[:40]
    assert not verdict(half)


def test_values_are_tokenized_only_when_read_and_then_as_before(analyzer):
    from presidio_analyzer.nlp_engine import NlpArtifacts

    from ccaudit.detect.classify import _tokenizer_artifacts

    texts = ["Bel me op 0475 12 34 56, adres: Kerkstraat 12", "jan.peeters@telenet.be", "12345", ""]
    lazy = list(_tokenizer_artifacts(analyzer, texts, "en"))
    assert all(a._read is None for a in lazy)  # nothing split yet
    nlp = analyzer.nlp_engine.tokenizer_pipeline("en")
    for text, artifacts in zip(texts, lazy):
        doc = nlp.make_doc(text)
        eager = NlpArtifacts(entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
                             lemmas=[t.lower_ for t in doc], nlp_engine=analyzer.nlp_engine, language="en")
        assert [t.text for t in artifacts.tokens] == [t.text for t in eager.tokens]
        assert (artifacts.tokens_indices, artifacts.lemmas, artifacts.keywords) == (
            eager.tokens_indices, eager.lemmas, eager.keywords)
        assert artifacts.entities == [] and artifacts.to_json() == eager.to_json()
    # Context words still lift a hit as Presidio's enhancer reads them.
    one = next(_tokenizer_artifacts(analyzer, ["phone 0475 12 34 56"], "en"))
    hits = analyzer.analyze("phone 0475 12 34 56", language="en", entities=["PHONE_NUMBER"],
                            nlp_artifacts=one)
    doc = nlp.make_doc("phone 0475 12 34 56")
    eager = NlpArtifacts(entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
                         lemmas=[t.lower_ for t in doc], nlp_engine=analyzer.nlp_engine, language="en")
    assert [(r.start, r.end, r.score) for r in hits] == [
        (r.start, r.end, r.score) for r in analyzer.analyze(
            "phone 0475 12 34 56", language="en", entities=["PHONE_NUMBER"], nlp_artifacts=eager)]
    assert hits and one._read is not None


def test_name_like_skips_a_lone_comma_or_quote_only():
    from presidio_analyzer import RecognizerResult

    from ccaudit.detect.classify import _name_like

    def like(text, span):
        start = text.index(span)
        return _name_like(text, RecognizerResult("LOCATION", start, start + len(span), 0.85))

    assert like("in Wardville , Kansas", "Wardville , Kansas")
    assert like("2% of Costa Rica ' s power", "Costa Rica '")  # text split into tokens
    assert not like("RT @ Handle: hello", "RT @ Handle")     # "@" is no name word
    assert not like("in Wardville , kansas", "Wardville , kansas")


@pytest.mark.parametrize("text,span,entity,expected", [
    ("sur le boulevard Rochebonne.", "boulevard Rochebonne", "LOCATION", True),   # street type in lower case
    ("au 7, rue Lesage, à Rennes", "rue Lesage", "LOCATION", True),
    ("rue Lesage", "rue Lesage", "PERSON", False),           # a person opens with no street type
    ("sur le boulevard", "boulevard", "LOCATION", False),
    ("de Messine, p. Marseille.", "Marseille", "LOCATION", True),  # "p." ends no sentence
    ("Le navire Tibet. Dakar attend.", "Dakar", "LOCATION", False),  # a sentence does end
    ("dans la rue d' Aiguillon, et", "rue d' Aiguillon", "LOCATION", True),  # elision split off
    ("au secrétaire, rue de l' Hospice.", "rue de l' Hospice", "LOCATION", True),
    ("dans la rue d' ailleurs", "rue d' ailleurs", "LOCATION", False),
    ("le fils d' Aiguillon", "d' Aiguillon", "PERSON", False),           # a street's only
])
def test_name_like_in_written_french(text, span, entity, expected):
    from presidio_analyzer import RecognizerResult

    from ccaudit.detect.classify import _name_like

    start = text.index(span)
    assert _name_like(text, RecognizerResult(entity, start, start + len(span), 0.85)) is expected
