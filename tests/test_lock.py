"""Two runs at once on one subject index (ccaudit.index.lock): the second waits for the first,
or gives up naming the index and the other run; never two writers, never a half-made run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
import yaml
from typer.testing import CliRunner

from ccaudit.cli import BUSY, app
from ccaudit.index.build import build_index
from ccaudit.index.lock import IndexBusy, index_lock, lock_path

ROOT = Path(__file__).resolve().parent.parent
ONE_EXPORT = "callcenter/call_list_week47.csv"


def _hold(db: Path, seconds: float, command: str = "ccaudit audit run") -> subprocess.Popen:
    """Another process that takes the index's lock and keeps it ``seconds``."""
    code = textwrap.dedent(f"""
        import sys, time
        from ccaudit.index.lock import index_lock
        with index_lock({str(db)!r}, {command!r}, timeout=0):
            print("held", flush=True)
            time.sleep({seconds})
    """)
    child = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "held"
    return child


def _config(config, timeout: float):
    import dataclasses

    return dataclasses.replace(config, index=dataclasses.replace(config.index, lock_timeout=timeout))


def test_a_build_gives_up_naming_the_index_and_the_run_that_holds_it(tmp_path, samples_dir, config):
    db = tmp_path / "index.duckdb"
    holder = _hold(db, 30)
    try:
        started = time.monotonic()
        with pytest.raises(IndexBusy) as busy:
            build_index([samples_dir / "exports" / ONE_EXPORT], db=db, config=_config(config, 1.0))
        assert 0.9 <= time.monotonic() - started < 10
        message = str(busy.value)
        assert str(db) in message and "`ccaudit audit run`" in message
        assert f"process {holder.pid}" in message and "index.lock_timeout" in message
        assert not db.exists(), "the index was opened while another run held it"
    finally:
        holder.kill()
        holder.wait()
    # The holder was killed: its lock went with it, nothing to clean up.
    report = build_index([samples_dir / "exports" / ONE_EXPORT], db=db, config=_config(config, 0))
    assert report.indexed == 1


def test_a_build_waits_for_the_run_before_it(tmp_path, samples_dir, config):
    db = tmp_path / "index.duckdb"
    holder = _hold(db, 2.0, "ccaudit index build")
    started = time.monotonic()
    report = build_index([samples_dir / "exports" / ONE_EXPORT], db=db, config=_config(config, 60))
    waited = time.monotonic() - started
    holder.wait()
    assert holder.returncode == 0
    assert waited >= 1.0, "the build did not wait for the run holding the index"
    assert report.indexed == 1
    # Released after the build, naming no holder: the next run takes it at once.
    assert lock_path(db).read_text(encoding="utf-8") == ""
    with index_lock(db, "test", timeout=0):
        assert '"command": "test"' in lock_path(db).read_text(encoding="utf-8")


def test_two_index_builds_at_once_on_one_file(tmp_path, samples_dir):
    """Two `ccaudit index build` processes started together: one builds, the other waits and
    then finds the file unchanged; the index is as after one clean build."""
    db = tmp_path / "index.duckdb"
    export = samples_dir / "exports" / ONE_EXPORT
    command = [sys.executable, "-m", "ccaudit.cli", "index", "build", str(export), "--db", str(db), "-q"]
    children = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
    results = [(c.wait(timeout=240), c.stderr.read()) for c in children]
    for child in children:
        child.stdout.close()
        child.stderr.close()
    assert [code for code, _ in results] == [0, 0], [err[-300:] for _, err in results]
    summaries = sorted(next(line for line in err.splitlines() if "indexed" in line) for _, err in results)
    assert summaries[0].startswith("0 file(s) indexed, 1 unchanged"), summaries
    assert summaries[1].startswith("1 file(s) indexed, 0 unchanged"), summaries
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM files").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM runs WHERE status <> 'complete'").fetchone()[0] == 0


def test_the_index_command_exits_75_when_the_index_stays_busy(tmp_path, samples_dir):
    db = tmp_path / "index.duckdb"
    config = tmp_path / "scanner.yaml"
    config.write_text("index:\n  lock_timeout: 0\n", encoding="utf-8")
    holder = _hold(db, 30)
    try:
        result = CliRunner().invoke(app, ["index", "build", str(samples_dir / "exports" / ONE_EXPORT),
                                          "--db", str(db), "--config", str(config), "-q"])
    finally:
        holder.send_signal(signal.SIGTERM)
        holder.wait()
    assert result.exit_code == BUSY == 75
    assert "in use by `ccaudit audit run`" in result.stderr and str(db) in result.stderr


def test_an_audit_run_on_a_busy_index_makes_no_report_folder(tmp_path, samples_dir):
    data = yaml.safe_load((samples_dir / "audit.yaml").read_text(encoding="utf-8"))
    db = tmp_path / "index.duckdb"
    data["inputs"] = {"exports": [str((samples_dir / f).resolve()) for f in ("exports", "outbound")],
                      "transcripts": str((samples_dir / "transcripts").resolve()), "db": str(db)}
    data["scanner"].setdefault("index", {})["lock_timeout"] = 0
    audit = tmp_path / "audit.yaml"
    audit.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    holder = _hold(db, 30, "ccaudit index build")
    try:
        result = CliRunner().invoke(app, ["audit", "run", "--config", str(audit),
                                          "--out", str(tmp_path / "reports")])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == BUSY, result.stderr
    assert "in use by `ccaudit index build`" in result.stderr
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def test_processes_a_run_starts_share_its_lock(tmp_path):
    """The audit's notebook kernel builds the index while the run holds its lock: a process
    the holder started goes on; one it did not start waits."""
    db = tmp_path / "index.duckdb"
    probe = textwrap.dedent(f"""
        from ccaudit.index.lock import IndexBusy, index_lock
        try:
            with index_lock({str(db)!r}, "probe", timeout=0):
                print("went on")
        except IndexBusy:
            print("busy")
    """)
    with index_lock(db, "ccaudit audit run", timeout=0):
        child = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
        stranger = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                                  env={k: v for k, v in os.environ.items() if k != "CCAUDIT_INDEX_LOCK"})
    assert child.stdout.strip() == "went on"
    assert stranger.stdout.strip() == "busy"
    assert "CCAUDIT_INDEX_LOCK" not in os.environ  # given back when the run ends
