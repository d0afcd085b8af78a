"""Scans and index builds on a real Dask cluster (scheduler and worker processes on loopback)
give what one process gives; a worker killed in the middle and a scheduler gone are handled.

One two-worker cluster serves the module. The files are the sample exports and one client's
(French) calls: each worker loads its own models, so the set is kept small.
"""
from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ccaudit.detect.exports import scan_exports
from ccaudit.errors import CcauditError
from ccaudit.index.build import build_index

pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])

TODAY = date(2026, 11, 30)
KEY = b"ccaudit-cluster-test-key-0123456789"
TABLES = {"files": ["file_id"], "columns": ["file_id", "sheet", "column"],
          "findings": ["file_id", "sheet", "row", "column", "call_id", "turn", "start_offset",
                       "entity_type", "id_hash"],
          "identifiers": ["id_type", "id_hash"], "subjects": None}


@pytest.fixture(scope="module")
def inputs(samples_dir) -> list[Path]:
    return [samples_dir / "exports", samples_dir / "transcripts" / "telecomfr"]


@pytest.fixture(scope="module")
def cluster():
    from ccaudit.compute import local_cluster

    with local_cluster(2) as cluster:  # the cluster `--jobs 2` starts
        yield cluster


def test_local_workers_allocate_memory_as_one_process_does(cluster):
    """Dask's nanny would make each worker return freed memory at once (a scan ran 12 %
    slower so): ccaudit's local workers keep glibc's default, and Dask's one thread for
    the numeric libraries."""
    from distributed import Client

    with Client(cluster) as client:
        env = client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                                  os.environ.get("OMP_NUM_THREADS")))
    assert len(env) == 2
    assert set(env.values()) == {(None, "1")}


def _tables(db: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for table, order in TABLES.items():
            frame = con.execute(f"SELECT * FROM {table}").df()
            # When and in which run a file was indexed differ between runs, not what it holds.
            frame = frame.drop(columns=[c for c in ("indexed_at", "run_id") if c in frame.columns])
            out[table] = frame.sort_values(order or list(frame.columns), ignore_index=True)
        return out


def _assert_same_index(one: Path, two: Path) -> None:
    a, b = _tables(one), _tables(two)
    for table in TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


@pytest.fixture(scope="module")
def single(inputs, config, tmp_path_factory):
    """The index one process builds: what every cluster build must equal."""
    db = tmp_path_factory.mktemp("single") / "index.duckdb"
    report = build_index(inputs, db=db, config=config, key=KEY, today=TODAY)
    assert report.indexed > 10 and report.failed >= 1  # the samples' unreadable files too
    return db


def test_scan_exports_on_a_cluster_equals_one_process(samples_dir, config, analyzer, cluster):
    local = scan_exports(samples_dir / "exports", config, analyzer=analyzer, today=TODAY)
    remote = scan_exports(samples_dir / "exports", config, today=TODAY,
                          scheduler=cluster.scheduler_address)
    assert len(local.columns) > 40
    pd.testing.assert_frame_equal(remote.columns, local.columns)
    pd.testing.assert_frame_equal(remote.errors, local.errors)
    pd.testing.assert_frame_equal(remote.files.drop(columns="seconds"), local.files.drop(columns="seconds"))
    pd.testing.assert_frame_equal(remote.reviews, local.reviews)


def test_index_build_on_a_cluster_equals_one_process_and_the_key_is_in_no_task(
        inputs, config, cluster, single, tmp_path, monkeypatch):
    from distributed import Client

    from ccaudit import workers

    sent: list[bytes] = []
    submit = Client.submit

    def recording_submit(self, fn, *args, **kwargs):
        sent.append(pickle.dumps((fn.__name__, args, {k: v for k, v in kwargs.items()
                                                      if not hasattr(v, "key")})))
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(Client, "submit", recording_submit)
    db = tmp_path / "index.duckdb"
    report = build_index(inputs, db=db, config=config, key=KEY, today=TODAY,
                         scheduler=cluster.scheduler_address)
    assert report.indexed > 10 and 0 < report.write_seconds < report.seconds
    _assert_same_index(db, single)
    assert len(sent) >= 8
    assert not any(KEY in task for task in sent), "the HMAC key travelled with a task"
    # The key reached the workers by their plugin, and left with it.
    with Client(cluster.scheduler_address) as client:
        left = client.run(lambda: [k for k in workers._STATE if k[0] in ("secret", "index")])
    assert left and all(v == [] for v in left.values()), left  # nor what was built with it


@pytest.fixture()
def in_parts(config, monkeypatch):
    """Every export counts as large (over PART_BYTES) and is read in chunks of 40 rows; the
    names of the tasks submitted are recorded."""
    import dataclasses

    from distributed import Client

    from ccaudit import compute

    submitted: list[str] = []
    submit = Client.submit
    monkeypatch.setattr(Client, "submit", lambda self, fn, *a, **k: submitted.append(fn.__name__)
                        or submit(self, fn, *a, **k))
    monkeypatch.setattr(compute, "PART_BYTES", 1)
    small = dataclasses.replace(config, exports=dataclasses.replace(config.exports, chunk_rows=40))
    return small, submitted


def test_a_large_export_is_scanned_in_parts_and_gives_the_same_columns(samples_dir, analyzer, cluster,
                                                                       in_parts):
    """Each part sketches every other chunk of 40 rows; the merged sketch, classified by one
    task, gives the columns one process gives (the sketch is a bottom-k: chunking-blind)."""
    small, submitted = in_parts
    local = scan_exports(samples_dir / "exports", small, analyzer=analyzer, today=TODAY)
    remote = scan_exports(samples_dir / "exports", small, today=TODAY, scheduler=cluster.scheduler_address)
    assert submitted.count("_sketch_part_in_worker") == 2 * submitted.count("_finish_export_in_worker") >= 16
    pd.testing.assert_frame_equal(remote.columns, local.columns)
    pd.testing.assert_frame_equal(remote.errors, local.errors)
    pd.testing.assert_frame_equal(remote.files.drop(columns="seconds"), local.files.drop(columns="seconds"))


def test_a_large_export_is_hashed_in_parts_and_gives_the_same_index(samples_dir, cluster, tmp_path,
                                                                    in_parts):
    """A large export is sketched in parts, classified by one task and its chunks hashed by
    one task per worker; the index is the one a single process builds."""
    small, submitted = in_parts
    exports = [samples_dir / "exports"]
    single_db, parts_db = tmp_path / "single.duckdb", tmp_path / "parts.duckdb"
    build_index(exports, db=single_db, config=small, key=KEY, today=TODAY)
    build_index(exports, db=parts_db, config=small, key=KEY, today=TODAY,
                scheduler=cluster.scheduler_address)
    assert submitted.count("_part_in_worker") == 2 * submitted.count("_classify_in_worker") > 0
    assert submitted.count("_sketch_part_in_worker") == submitted.count("_part_in_worker")
    _assert_same_index(parts_db, single_db)
    with duckdb.connect(str(parts_db), read_only=True) as con:
        assert con.execute("SELECT max(\"row\") FROM findings").fetchone()[0] > 3 * 40


def test_a_worker_killed_mid_run_loses_no_file(inputs, config, cluster, single, tmp_path):
    from distributed import Client

    db = tmp_path / "index.duckdb"
    outcome: dict = {}

    def build():
        try:
            outcome["report"] = build_index(inputs, db=db, config=config, key=KEY, today=TODAY,
                                            scheduler=cluster.scheduler_address)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            outcome["error"] = exc

    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
        thread = threading.Thread(target=build)
        thread.start()
        deadline = time.monotonic() + 60
        busy = {}
        while time.monotonic() < deadline and not busy:
            busy = {w: tasks for w, tasks in client.processing().items() if tasks}
            time.sleep(0.1)
        assert busy, "no task reached a worker"
        victim = sorted(busy)[0]
        time.sleep(0.5)  # in the middle of its task (loading models, scanning)
        os.kill(pids[victim], signal.SIGKILL)
        thread.join(timeout=240)
        assert not thread.is_alive()
        client.wait_for_workers(2, timeout=60)  # the nanny has started another one
    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    assert report.failed == _tables(single)["files"]["status"].eq("error").sum()
    _assert_same_index(db, single)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_scheduler_gone_stops_the_run_and_the_next_run_completes_it(
        inputs, config, single, tmp_path):
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scheduler = subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], **quiet)
    worker = subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1",
                               "--no-dashboard", "--no-nanny", "--host", "127.0.0.1"], **quiet)
    db = tmp_path / "index.duckdb"
    outcome: dict = {}
    try:
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)

            def build():
                try:
                    outcome["report"] = build_index(inputs, db=db, config=config, key=KEY,
                                                    today=TODAY, scheduler=address)
                except BaseException as exc:  # noqa: BLE001
                    outcome["error"] = exc

            thread = threading.Thread(target=build)
            thread.start()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not any(client.processing().values()):
                time.sleep(0.1)
            time.sleep(1.0)
            scheduler.kill()
        thread.join(timeout=120)
        assert not thread.is_alive(), "the run did not stop when its scheduler went"
    finally:
        for process in (scheduler, worker):
            process.kill()
            process.wait()
    error = outcome.get("error")
    assert isinstance(error, CcauditError), outcome
    assert "scheduler" in str(error) and "stopped answering" in str(error)
    # What was stored is whole; the next run (here, one process) indexes the rest.
    again = build_index(inputs, db=db, config=config, key=KEY, today=TODAY)
    assert again.indexed + again.unchanged + again.failed == len(_tables(single)["files"])
    _assert_same_index(db, single)


# --------------------------------------------------------------------------- where the work runs

def test_the_command_line_wins_over_the_compute_section(tmp_path):
    from ccaudit.compute import where
    from ccaudit.errors import ConfigError
    from ccaudit.settings import load_config

    default = load_config()
    assert (default.compute.jobs, default.compute.scheduler) == (1, None)
    assert where(default) == (1, None)
    assert where(default, jobs=3) == (3, None)
    assert where(default, jobs=0, scheduler="") == (1, None)  # a notebook's defaults
    path = tmp_path / "scanner.yaml"
    path.write_text("compute: {jobs: 4, scheduler: 'tcp://10.0.0.5:8786'}\n")
    config = load_config(path)
    assert where(config) == (1, "tcp://10.0.0.5:8786")      # a scheduler wins over jobs
    assert where(config, jobs=2) == (2, None)                # --jobs wins over the file
    assert where(config, scheduler="tcp://h:1") == (1, "tcp://h:1")
    for bad, key in (("compute: {jobs: 0}", "compute.jobs"), ("compute: {scheduler: ' '}", "compute.scheduler"),
                     ("compute: {workers: 2}", "compute.workers")):
        path.write_text(bad + "\n")
        with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
            load_config(path)


def test_where_the_work_ran_changes_no_saved_result():
    import dataclasses

    from ccaudit.config import ComputeConfig
    from ccaudit.detect.cache import fingerprint
    from ccaudit.settings import load_config

    config = load_config()
    elsewhere = dataclasses.replace(config, compute=ComputeConfig(jobs=8, scheduler="tcp://h:1"))
    assert fingerprint(config, TODAY) == fingerprint(elsewhere, TODAY)


def test_an_audit_run_with_jobs_starts_one_cluster_for_its_notebooks(tmp_path, monkeypatch):
    from contextlib import contextmanager

    from ccaudit import compute
    from ccaudit.report import run as report

    (tmp_path / "exports").mkdir()
    (tmp_path / "calls").mkdir()
    started, ran = [], []

    @contextmanager
    def fake_cluster(jobs):
        started.append(jobs)
        yield type("Cluster", (), {"scheduler_address": "tcp://127.0.0.1:4242"})()

    monkeypatch.setattr(compute, "local_cluster", fake_cluster)
    monkeypatch.setattr(report, "execute_notebook",
                        lambda nb, out, parameters, cwd=None, kernel=None: ran.append((nb.name, parameters)) or out)
    monkeypatch.setattr(report, "to_html", lambda nb, **kw: nb.with_suffix(".html"))
    report.run_audit(exports=tmp_path / "exports", transcripts=tmp_path / "calls", out=tmp_path / "out", jobs=3)
    assert started == [3]
    given = dict(ran)
    for name in ("01_discover_exports.ipynb", "02_scan_transcripts.ipynb", "03_subject_index.ipynb"):
        assert (given[name]["jobs"], given[name]["scheduler"]) == (0, "tcp://127.0.0.1:4242"), name
    ran.clear()
    report.run_audit(exports=tmp_path / "exports", out=tmp_path / "out", scheduler="tcp://10.1.1.1:8786")
    assert started == [3]  # an existing cluster: none started
    assert dict(ran)["03_subject_index.ipynb"]["scheduler"] == "tcp://10.1.1.1:8786"


@pytest.mark.parametrize("command", [["scan", "exports"], ["index", "build"]])
def test_no_scheduler_answering_exits_69_with_one_message(command, samples_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from ccaudit import compute
    from ccaudit.cli import app

    monkeypatch.setattr(compute, "CONNECT_TIMEOUT", "1s")
    args = command + [str(samples_dir / "exports" / "brightbank"), "--scheduler", "tcp://127.0.0.1:9", "-q"]
    args += ["--db", str(tmp_path / "i.duckdb")] if command[0] == "index" else ["--out", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 69, result.output
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
