"""Saved scan results (ccaudit.detect.cache): a re-run scans only what changed, returns what a
fresh scan returns, counts reviewed decisions as applied, and saves no raw value."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from browser import _tokens, raw_identifiers
from ccaudit.detect import exports as exports_module
from ccaudit.detect import transcripts as transcripts_module
from ccaudit.detect.exports import scan_exports
from ccaudit.detect.reviews import record_decision
from ccaudit.detect.transcripts import TranscriptScanner, scan_transcripts

TODAY = pd.Timestamp("2026-11-28").date()


# A few of the samples' files, readable and not, of each kind (a scan of them all takes long).
# (Those with free text are left out: their notes are read like calls, which takes seconds.)
EXPORTS = ("callcenter/call_list_week47.csv", "callcenter/staff.parquet", "nlenergie/klanten.json",
           "brightbank/partial_upload.csv", "telecomfr/broken_export.xlsx")


@pytest.fixture(scope="module")
def exports_copy(samples_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports") / "exports"
    for name in EXPORTS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(samples_dir / "exports" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def calls_copy(samples_dir, tmp_path_factory) -> Path:
    """Three calls of each client, and every unreadable one."""
    folder = tmp_path_factory.mktemp("calls") / "transcripts"
    for client in sorted(p for p in (samples_dir / "transcripts").iterdir() if p.is_dir()):
        calls = sorted(client.iterdir())
        for call in calls[:3] + [c for c in calls if "corrupt" in c.name or "truncated" in c.name]:
            (folder / client.name).mkdir(parents=True, exist_ok=True)
            shutil.copy2(call, folder / client.name / call.name)
    return folder


@pytest.fixture(scope="module")
def transcript_scanner(config):
    # One scanner (its models) for the module; each scan() starts its own record.
    return TranscriptScanner(config, today=TODAY)


def _frames_equal(a, b, names):
    for name in names:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_like=False)


def test_an_unchanged_export_is_not_scanned_again_and_reads_the_same(
        exports_copy, config, analyzer, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
    fresh = scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY)
    assert len(first.columns) > 20 and len(first.errors) == 2
    # The unreadable files are not saved: they are read (and fail) again.
    assert len(list((cache / "exports").glob("*.json"))) == len(first.files) - len(first.errors)
    with monkeypatch.context() as m:
        scanned = []
        real = exports_module.scan_file
        m.setattr(exports_module, "scan_file",
                  lambda path, *a, **k: scanned.append(path.name) or real(path, *a, **k))
        again = scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
    assert sorted(scanned) == sorted(Path(s).name for s in first.errors["source"])
    _frames_equal(again, first, ("columns", "files", "errors", "reviews"))
    # What a fresh scan finds, the file times aside.
    pd.testing.assert_frame_equal(again.columns, fresh.columns)
    pd.testing.assert_frame_equal(again.files.drop(columns="seconds"), fresh.files.drop(columns="seconds"))


def test_a_changed_file_or_setting_is_scanned_again(exports_copy, config, analyzer, tmp_path,
                                                   monkeypatch):
    import dataclasses

    cache = tmp_path / "cache"
    target = exports_copy / "nlenergie" / "klanten.json"
    original = target.read_bytes()
    scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
    scanned = []
    real = exports_module.scan_file
    monkeypatch.setattr(exports_module, "scan_file",
                        lambda path, *a, **k: scanned.append(path.name) or real(path, *a, **k))
    try:
        target.write_bytes(original + b"\n")   # the same records, other bytes
        scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
        assert "klanten.json" in scanned and "call_list_week47.csv" not in scanned
    finally:
        target.write_bytes(original)
    scanned.clear()
    # Another sample size, another reference date: every readable file again.
    other = dataclasses.replace(config, exports=dataclasses.replace(config.exports, sample_size=77))
    scan_exports(exports_copy, other, analyzer=analyzer, today=TODAY, cache=cache)
    assert "call_list_week47.csv" in scanned
    scanned.clear()
    scan_exports(exports_copy, config, analyzer=analyzer, today=pd.Timestamp("2026-12-01").date(),
                 cache=cache)
    assert "call_list_week47.csv" in scanned


def test_a_damaged_saved_result_is_scanned_again(exports_copy, config, analyzer, tmp_path):
    cache = tmp_path / "cache"
    first = scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
    for entry in (cache / "exports").glob("*.json"):
        entry.write_text(entry.read_text(encoding="utf-8")[:40], encoding="utf-8")
    again = scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
    pd.testing.assert_frame_equal(again.columns, first.columns)
    json.loads(next((cache / "exports").glob("*.json")).read_text(encoding="utf-8"))  # rewritten


def test_a_saved_result_counts_its_reviewed_decisions_as_applied(exports_copy, config, analyzer,
                                                                tmp_path, monkeypatch):
    import dataclasses

    decisions = tmp_path / "reviews.yaml"
    record_decision(decisions, file="callcenter/call_list_*.csv", column="campaign_code",
                    decision="not personal data", reason="a marketing segment", by="dpo",
                    on=TODAY)
    reviewed = dataclasses.replace(config, reviews=str(decisions))
    cache = tmp_path / "cache"
    first = scan_exports(exports_copy, reviewed, analyzer=analyzer, today=TODAY, cache=cache)
    unreadable = set(first.errors["source"])
    real = exports_module.scan_file
    monkeypatch.setattr(exports_module, "scan_file", lambda path, *a, **k: (
        real(path, *a, **k) if path.as_posix() in unreadable  # not saved: read again
        else pytest.fail(f"{path.name} was scanned again")))
    again = scan_exports(exports_copy, reviewed, analyzer=analyzer, today=TODAY, cache=cache)
    assert first.reviews["status"].tolist() == ["applied"]
    assert first.reviews["status"].tolist() == again.reviews["status"].tolist()
    assert again.reviews["matched"].tolist() == first.reviews["matched"].tolist()
    # A decision recorded later changes the fingerprint: the files are scanned with it.
    record_decision(decisions, file="callcenter/call_list_*.csv", column="phone",
                    decision="not personal data", reason="checked", by="dpo", on=TODAY)
    with pytest.raises(pytest.fail.Exception, match="scanned again"):
        scan_exports(exports_copy, reviewed, analyzer=analyzer, today=TODAY, cache=cache)


def test_an_unchanged_call_is_not_read_again_and_reads_the_same(
        calls_copy, config, transcript_scanner, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    files = transcripts_module._sources([calls_copy])
    first = transcript_scanner.scan(files, cache=cache)
    fresh = transcript_scanner.scan(files)
    assert len(first.calls) >= 10 and len(first.findings) > 50 and len(first.errors) >= 2
    read = []
    real = transcripts_module.read_transcript
    monkeypatch.setattr(transcripts_module, "read_transcript",
                        lambda path: read.append(path.name) or real(path))
    again = transcript_scanner.scan(files, cache=cache)
    assert sorted(read) == sorted(Path(s).name for s in first.errors["source"])
    _frames_equal(again, first, ("calls", "findings", "errors", "reviews"))
    pd.testing.assert_frame_equal(again.findings, fresh.findings)
    pd.testing.assert_frame_equal(again.calls.drop(columns="seconds"), fresh.calls.drop(columns="seconds"))
    # Redacted copies are written from the call itself: no saved result stands in for it.
    read.clear()
    transcript_scanner.scan(files[:3], redact=tmp_path / "redacted", cache=cache)
    assert len(read) == 3


def test_scan_transcripts_takes_the_cache(calls_copy, config, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    sample = sorted(calls_copy.rglob("*.json"))[:2]
    first = scan_transcripts(sample, config, today=TODAY, cache=cache)
    monkeypatch.setattr(transcripts_module, "read_transcript",
                        lambda path: pytest.fail(f"{path.name} was read again"))
    again = scan_transcripts(sample, config, today=TODAY, cache=cache)
    pd.testing.assert_frame_equal(again.findings, first.findings)


def test_saved_results_hold_no_raw_identifier(samples_dir, exports_copy, calls_copy, config,
                                              analyzer, transcript_scanner, tmp_path):
    cache = tmp_path / "cache"
    scan_exports(exports_copy, config, analyzer=analyzer, today=TODAY, cache=cache)
    transcript_scanner.scan(transcripts_module._sources([calls_copy]), cache=cache)
    raw = raw_identifiers(samples_dir)
    assert len(raw) > 100
    saved = [p.read_text(encoding="utf-8") for p in cache.rglob("*.json")]
    assert len(saved) > 10
    leaked = [t for text in saved for t in _tokens(text) & raw]
    assert not leaked, f"{len(leaked)} raw identifier(s) saved"
    # The check sees one: a planted raw value is found.
    assert _tokens(saved[0] + " " + max(sorted(raw), key=len)) & raw


def test_the_scan_commands_take_a_cache_folder(exports_copy, calls_copy, tmp_path):
    from typer.testing import CliRunner

    from ccaudit.cli import app

    cache = tmp_path / "cache"
    one_file = exports_copy / "callcenter" / "call_list_week47.csv"
    one_call = sorted(calls_copy.rglob("*.json"))[0]
    written = {}
    for run in ("first", "again"):
        for kind, path in (("exports", one_file), ("transcripts", one_call)):
            out = tmp_path / run / kind
            result = CliRunner().invoke(app, ["scan", kind, str(path), "--out", str(out), "-q",
                                              "--cache", str(cache)])
            assert result.exit_code == 0, result.output
            written[run, kind] = Path(result.stdout.strip().splitlines()[-1]).read_bytes()
    assert {p.parent.name for p in cache.rglob("*.json")} == {"exports", "transcripts"}
    assert written["first", "exports"] == written["again", "exports"]
    assert written["first", "transcripts"] == written["again", "transcripts"]
