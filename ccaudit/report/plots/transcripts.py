"""Tables and charts of the transcripts report (notebook 02): calls per client, findings
per call, entity and speaker role, language, card and national-number calls, masked
examples, unreadable files and what each language is scanned for."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go



ROLES = ["customer", "agent"]
NO_COVERAGE = "—"
# How each recognizer finds its entities, as a DPO would say it.
_METHODS = {"SpacyRecognizer": "spaCy NER ({model})", "DeduceRecognizer": "deduce",
            "EuPhoneRecognizer": "phonenumbers", "StreetAddressRecognizer": "street address pattern",
            "AnyCaseAddressRecognizer": "street address pattern",
            "NameLexiconRecognizer": "name lexicon, any letter case",
            "DateOfBirthRecognizer": "date, when birth is said",
            "IntroducedNameRecognizer": "name after a title or introduction"}


def _clock(seconds) -> str:
    """``75.3`` → ``'1:15'``; empty when the format has no timings."""
    if seconds is None or pd.isna(seconds):
        return ""
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _entity_order(entity: str) -> tuple[int, str]:
    """Entities in the configuration's order (as in :func:`language_coverage`), others after."""
    from ccaudit.entities import STANDARD_ENTITIES as order

    return (order.index(entity) if entity in order else len(order), entity)


def _national(entity: str) -> bool:
    from ccaudit.entities import NATIONAL_ENTITIES

    return entity in NATIONAL_ENTITIES


def transcript_headline(calls: pd.DataFrame, findings: pd.DataFrame, errors: pd.DataFrame) -> str:
    """One sentence for the top of the transcripts report.

    >>> calls = pd.DataFrame({"client": ["a"], "turns": [10], "words": [90], "findings": [2],
    ...                       "has_card": [True], "has_national_number": [False]})
    >>> transcript_headline(calls, pd.DataFrame(index=range(2)), pd.DataFrame()).split(". ")[0]
    '1 call(s) scanned for 1 client(s): 10 turns, 90 words'
    """
    return (f"{len(calls)} call(s) scanned for {calls['client'].nunique()} client(s): "
            f"{int(calls['turns'].sum())} turns, {int(calls['words'].sum())} words. "
            f"{len(findings)} finding(s) of personal data in {int((calls['findings'] > 0).sum())} "
            f"call(s); {int(calls['has_card'].sum())} call(s) hold a card number, "
            f"{int(calls['has_national_number'].sum())} a national number; "
            f"{len(errors)} file(s) could not be read.")


def calls_per_client(calls: pd.DataFrame) -> pd.DataFrame:
    """Per client: calls, turns, words, findings and the calls holding card or national numbers."""
    columns = ["client", "calls", "turns", "words", "findings", "calls with a card number",
               "calls with a national number"]
    if calls.empty:
        return pd.DataFrame(columns=columns)
    grouped = calls.groupby("client", sort=True)
    out = pd.DataFrame({
        "calls": grouped.size(), "turns": grouped["turns"].sum(), "words": grouped["words"].sum(),
        "findings": grouped["findings"].sum(),
        "calls with a card number": grouped["has_card"].sum(),
        "calls with a national number": grouped["has_national_number"].sum(),
    }).astype(int).reset_index()
    return out[columns]


def findings_per_call(calls: pd.DataFrame) -> pd.DataFrame:
    """One row per call, most findings first: where the call is, its size and what it holds."""
    columns = ["client", "call_id", "format", "languages", "turns", "duration", "findings",
               "entities", "card", "national number"]
    if calls.empty:
        return pd.DataFrame(columns=columns)
    out = calls.sort_values(["findings", "client", "call_id"], ascending=[False, True, True])
    out = out.assign(duration=out["duration"].map(_clock),
                     entities=out["entities"].fillna("").str.replace(";", ", "),
                     languages=out["languages"].fillna("").str.replace(";", ", "),
                     card=out["has_card"].map({True: "yes", False: ""}),
                     **{"national number": out["has_national_number"].map({True: "yes", False: ""})})
    return out[columns].reset_index(drop=True)


def findings_by_entity_role(findings: pd.DataFrame) -> pd.DataFrame:
    """Entity types × speaker role (customer, agent): findings counted, most frequent first.

    >>> f = pd.DataFrame({"entity_type": ["PERSON", "PERSON", "EMAIL_ADDRESS"],
    ...                   "role": ["agent", "customer", "customer"]})
    >>> findings_by_entity_role(f).loc["PERSON"].tolist()
    [1, 1, 2]
    """
    if findings.empty:
        return pd.DataFrame(columns=[*ROLES, "total"])
    table = pd.crosstab(findings["entity_type"], findings["role"]).reindex(columns=ROLES, fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_values(["total", *ROLES], ascending=False)
    table.index.name, table.columns.name = "entity", None
    return table


def entity_role_chart(findings: pd.DataFrame) -> go.Figure:
    """Horizontal bars: findings per entity type, split by who said it."""
    table = findings_by_entity_role(findings).iloc[::-1]  # most frequent on top
    colours = {"customer": "#c0392b", "agent": "#2c7fb8"}
    fig = go.Figure([go.Bar(y=list(table.index), x=table[role].tolist(), name=role, orientation="h",
                            marker_color=colours[role],
                            hovertemplate="%{y}: %{x} said by the " + role + "<extra></extra>")
                     for role in ROLES])
    fig.update_layout(barmode="stack", title="Findings by entity type and speaker",
                      xaxis_title="findings", height=max(320, 32 * len(table) + 160),
                      margin={"l": 180}, legend={"title": "said by"})
    return fig


def findings_by_language(findings: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """Languages side by side: the calls each is spoken in, then findings per entity type.

    Entity types are rows, as in :func:`language_coverage`, so the two tables read together.
    """
    spoken_in = calls["languages"].fillna("").str.split(";").explode()
    languages = spoken_in[spoken_in != ""].value_counts().sort_index()
    per_entity = pd.crosstab(findings["entity_type"], findings["language"]) if len(findings) \
        else pd.DataFrame()
    table = pd.concat([languages.to_frame().T.set_axis(["calls"]),
                       per_entity.sum().to_frame().T.set_axis(["findings"]),
                       per_entity.loc[sorted(per_entity.index, key=_entity_order)]])
    table = table.reindex(columns=sorted(set(languages.index) | set(per_entity.columns)))
    table.index.name, table.columns.name = None, None
    return table.fillna(0).astype(int)


def pci_and_national_calls(calls: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """The calls in which a card number (PCI DSS) or a national number is said, masked.

    One row per call, card calls first; values are the scan's masked ones, each with the
    role of the speaker and the time of the turn.
    """
    columns = ["client", "call_id", "file", "card numbers", "national numbers"]
    flagged = calls[calls["has_card"].astype(bool) | calls["has_national_number"].astype(bool)]
    if flagged.empty:
        return pd.DataFrame(columns=columns)

    from ccaudit.entities import PAYMENT_CARD_ENTITIES

    def card(entity: str) -> bool:
        return entity in PAYMENT_CARD_ENTITIES

    def said(source: str, wanted) -> str:
        rows = findings[(findings["source"] == source) & findings["entity_type"].map(wanted)]
        return "; ".join(f"{r.masked} ({r.role}, {_clock(r.time_start) or f'turn {r.turn}'})"
                         + ("" if card(r.entity_type) else f" [{r.entity_type}]")
                         for r in rows.itertuples())

    out = flagged.assign(
        file=flagged["source"].map(lambda s: str(s).rsplit("/", 1)[-1]),
        **{"card numbers": flagged["source"].map(lambda s: said(s, card)),
           "national numbers": flagged["source"].map(lambda s: said(s, _national))})
    out = out.sort_values(["has_card", "client", "call_id"], ascending=[False, True, True])
    return out[columns].reset_index(drop=True)


def finding_examples(findings: pd.DataFrame, per_entity: int = 3, seed: int = 20261128) -> pd.DataFrame:
    """A few findings of each entity type, as the report may show them: masked, never raw.

    Drawn with a fixed seed, so the same scan always shows the same examples; every
    finding is in ``transcript_findings.csv``.
    """
    columns = ["entity", "masked", "role", "language", "client", "call_id", "turn", "time",
               "spoken", "score"]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    picked = findings.sample(frac=1, random_state=seed).groupby("entity_type").head(per_entity)
    out = picked.sort_values(["entity_type", "client", "call_id", "turn"]).rename(
        columns={"entity_type": "entity"})
    out["time"] = out["time_start"].map(_clock)
    out["spoken"] = out["spoken"].map({True: "as words", False: ""})
    return out[columns].reset_index(drop=True)


def unreadable_files(errors: pd.DataFrame, root=None) -> pd.DataFrame:
    """The files that could not be read, named under ``root`` (the scanned folder), with why."""
    def name(source: str) -> str:
        try:
            return Path(source).relative_to(Path(root)).as_posix()
        except (TypeError, ValueError):
            return str(source).rsplit("/", 1)[-1]

    return pd.DataFrame({"file": errors["source"].map(name), "reason": errors["error"]})


def language_coverage(config=None, registry=None) -> pd.DataFrame:
    """Entity types × languages: what finds each entity in a transcript turn of that language.

    Read from the recognizers of the analyzer the scan uses (pass ``analyzer.registry``;
    built from ``config`` when not given) and the configured models, so the table says
    what the code does. Numbers and e-mail addresses said as words are written out first.

    >>> from ccaudit.detect.analyzer import build_registry
    >>> from ccaudit.settings import load_config
    >>> cfg = load_config()
    >>> language_coverage(cfg, build_registry(cfg, list(cfg.languages))).loc["PERSON", "nl"]
    'deduce + name lexicon, any letter case'
    """
    from ccaudit.settings import load_config
    from ccaudit.detect.dutch import DEDUCE
    from ccaudit.detect.spoken import SUPPORTED
    from presidio_analyzer import PatternRecognizer

    config = config or load_config()
    if registry is None:
        from ccaudit.detect.analyzer import build_transcript_analyzer

        registry = build_transcript_analyzer(config).registry
    found: dict[tuple[str, str], list[str]] = {}
    for recognizer in registry.recognizers:
        language, kind = recognizer.supported_language, type(recognizer).__name__
        model = config.models.get(language)
        if kind == "SpacyRecognizer" and (not model or model == DEDUCE):
            continue  # a blank pipeline: spaCy finds nothing for this language
        if kind in _METHODS:
            method = _METHODS[kind].format(model=model)
        elif not isinstance(recognizer, PatternRecognizer):
            method = recognizer.name  # a recognizer this table has no words for yet
        elif any(getattr(type(recognizer), check) is not getattr(PatternRecognizer, check)
                 for check in ("validate_result", "invalidate_result")):
            method = "validated pattern"  # a checksum, a known domain, a valid address
        else:
            method = "pattern"
        for entity in recognizer.supported_entities:
            methods = found.setdefault((entity, language), [])
            if method not in methods:
                methods.append(method)
    # Only the configured entities are asked for: other recognizers' findings are dropped.
    table = pd.DataFrame(
        [[" + ".join(found.get((entity, lang), [])) or NO_COVERAGE for lang in config.languages]
         for entity in config.entities],
        index=pd.Index(config.entities, name="entity"), columns=list(config.languages))
    table.loc["numbers said as words"] = ["written out (text2num)" if lang in SUPPORTED
                                          else NO_COVERAGE for lang in config.languages]
    table.loc["e-mails said as words"] = ["written out"] * len(config.languages)
    return table
