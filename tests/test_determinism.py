"""Same input, same findings: whatever the hash seed, the batch boundaries or the processes.

Presidio deduplicates results through a ``set``; when two recognizers agreed on a name,
which one survived (and so whether the name was kept) depended on ``PYTHONHASHSEED``. Each
scan here runs in its own process with its own seed, and the outputs are compared byte for
byte (the ``seconds`` timings aside).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data_samples"

# Names that two recognizers find alike (a rule and spaCy), at the start of a sentence too:
# the case that used to change with the hash seed.
SURNAMES = ["Hewitt", "Peeters", "Janssens", "Dubois", "Lambert", "Wouters", "Claes",
            "Goossens", "Mertens", "Jacobs", "Willems", "Vermeulen", "Hermans", "Desmet"]

DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from ccaudit.settings import load_config
    from ccaudit.detect.exports import scan_exports
    from ccaudit.detect.transcripts import TranscriptScanner, scan_transcripts

    def main():
        calls, exports, out = (Path(p) for p in sys.argv[1:4])
        config = load_config()
        scanner = TranscriptScanner(config)
        scan_transcripts([calls], config=config, analyzer=scanner.analyzer).write(out / "t1")
        small = load_config(out / "small_batches.yaml")
        scan_transcripts([calls], config=small, analyzer=scanner.analyzer).write(out / "t2")
        scan_transcripts([calls], config=config, jobs=2).write(out / "t3")
        scan_exports([exports], config=config).write(out / "e1")

    # Dask starts its worker processes by spawning: a script's work goes under this guard.
    if __name__ == "__main__":
        main()
""")


def _write_calls(folder: Path) -> None:
    turns = []
    for i, name in enumerate(SURNAMES):
        turns.append({"speaker": "customer", "start": 2 * i, "end": 2 * i + 1,
                      "text": f"{name} speaking."})
        turns.append({"speaker": "agent", "start": 2 * i + 1, "end": 2 * i + 2,
                      "text": f"Mrs {name} called yesterday. {name} here, thanks."})
    client = folder / "telecomfr"
    client.mkdir(parents=True)
    (client / "names.json").write_text(json.dumps({"call_id": "names", "language": "en",
                                                   "turns": turns}), encoding="utf-8")
    for sample in sorted((SAMPLES / "transcripts").glob("*/*"))[:12]:
        target = folder / sample.parent.name / sample.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(sample.read_bytes())


def _without_seconds(path: Path) -> str:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.drop(columns=[c for c in ("seconds",) if c in frame]).to_csv(index=False)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two processes with different hash seeds, started together."""
    base = tmp_path_factory.mktemp("determinism")
    calls = base / "calls"
    _write_calls(calls)
    script = base / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    outs, procs = [], []
    for seed in ("1", "2"):
        out = base / f"seed{seed}"
        out.mkdir()
        (out / "small_batches.yaml").write_text("transcripts: {batch_turns: 3}\n", encoding="utf-8")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(subprocess.Popen([sys.executable, str(script), str(calls),
                                       str(SAMPLES / "exports"), str(out)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        outs.append(out)
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
    return outs


@pytest.mark.parametrize("name", ["transcript_findings.csv", "errors.csv"])
def test_transcripts_same_bytes_whatever_the_seed(runs, name):
    first, second = runs
    assert (first / "t1" / name).read_bytes() == (second / "t1" / name).read_bytes()


def test_transcripts_find_the_names_said_at_a_sentence_start(runs):
    findings = pd.read_csv(runs[0] / "t1" / "transcript_findings.csv")
    names = findings[(findings.call_id == "names") & (findings.entity_type == "PERSON")]
    # "X speaking." (turn 2i) and "Mrs X …. X here" (turn 2i+1, twice) for every name.
    assert len(names) == 3 * len(SURNAMES)


@pytest.mark.parametrize("run", ["t2", "t3"])
def test_transcripts_same_findings_whatever_the_batches_and_processes(runs, run):
    out = runs[0]
    assert (out / run / "transcript_findings.csv").read_bytes() == \
        (out / "t1" / "transcript_findings.csv").read_bytes()
    assert _without_seconds(out / run / "transcript_calls.csv") == \
        _without_seconds(out / "t1" / "transcript_calls.csv")


@pytest.mark.parametrize("name", ["columns.csv", "errors.csv", "files.csv"])
def test_exports_same_bytes_whatever_the_seed(runs, name):
    first, second = runs
    if name == "files.csv":
        assert _without_seconds(first / "e1" / name) == _without_seconds(second / "e1" / name)
    else:
        assert (first / "e1" / name).read_bytes() == (second / "e1" / name).read_bytes()
