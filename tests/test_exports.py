"""Export discovery end to end on the committed samples, scored against the gold labels."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from ccaudit.cli import app
from ccaudit.detect.evaluate import load_gold, predictions, score
from ccaudit.detect.exports import COLUMNS, scan_exports
from ccaudit.sources.tables import read_tables

IDENTIFIERS = {"EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "BE_NATIONAL_NUMBER",
               "NL_BSN", "FR_NIR", "PERSON", "LOCATION"}


@pytest.fixture(scope="module")
def sample_scan(samples_dir, analyzer):
    return scan_exports([samples_dir / "exports"], analyzer=analyzer)


@pytest.fixture(scope="module")
def gold(samples_dir):
    return load_gold(samples_dir / "gold" / "columns.csv")


def test_column_f1_against_gold(sample_scan, gold, samples_dir):
    result = score(predictions(sample_scan.columns, samples_dir / "exports"), gold)
    detail = "\n".join(f"{k}: gold={g!r} got={p!r}" for k, g, p in result.errors)
    assert result.f1 >= 0.95, f"{result.summary()}\n{detail}"
    assert result.precision >= 0.95 and result.recall >= 0.95, detail


def test_no_column_without_personal_data_is_flagged(sample_scan, gold, samples_dir):
    result = score(predictions(sample_scan.columns, samples_dir / "exports"), gold)
    assert result.non_personal >= 25
    assert result.false_alarms == 0, "\n".join(
        f"{k}: got {p}" for k, g, p in result.errors if not g)


def test_every_gold_column_is_profiled(sample_scan, gold, samples_dir):
    predicted = predictions(sample_scan.columns, samples_dir / "exports")
    assert set(gold) <= set(predicted)


def test_unreadable_samples_are_reported_and_the_scan_goes_on(sample_scan, samples_dir):
    expected = pd.read_csv(samples_dir / "gold" / "errors.csv", dtype=str)
    errors = {p.split("exports/", 1)[1] for p in sample_scan.errors["source"]}
    assert set(expected["source"]) == errors
    assert sample_scan.errors["error"].str.len().gt(0).all()
    assert (sample_scan.files["status"] == "scanned").sum() >= 6


def test_profile_fields(sample_scan):
    cols = sample_scan.columns
    assert list(cols.columns) == COLUMNS
    personal = cols[cols["entity_type"] != ""]
    assert personal["confidence"].between(0.3, 1).all()
    assert personal["sensitivity"].isin(["high", "moderate", "low"]).all()
    assert (cols.loc[cols["entity_type"] == "", "sensitivity"] == "none").all()
    high = set(personal.loc[personal["sensitivity"] == "high", "entity_type"])
    assert high <= {"BE_NATIONAL_NUMBER", "NL_BSN", "FR_NIR", "CREDIT_CARD", "IBAN_CODE"}
    assert cols["null_share"].between(0, 1).all() and cols["distinct_share"].between(0, 1).all()
    assert personal["examples"].str.len().gt(0).all()
    assert (personal["examples"].str.count(r" \| ") <= 2).all()
    # Free-text notes hold several entities.
    notes = personal[personal["kind"] == "free_text"]
    assert len(notes) >= 2 and notes["entities"].str.contains(";").all()


def _raw_values(samples_dir, gold):
    """Every raw value of the gold's personal columns (identifiers and names)."""
    wanted = {(s, sh, c) for (s, sh, c), ents in gold.items() if ents & IDENTIFIERS}
    values = set()
    for source in {s for s, _, _ in wanted}:
        for chunk in read_tables(samples_dir / "exports" / source):
            for column in chunk.frame.columns:
                if (source, chunk.sheet, column) in wanted:
                    values.update(v for v in chunk.frame[column].dropna() if len(v) >= 6)
    return values


def test_no_raw_value_leaves_the_scan(sample_scan, gold, samples_dir, tmp_path):
    paths = sample_scan.write(tmp_path)
    written = "\n".join(p.read_text(encoding="utf-8") for p in paths.values())
    raw = _raw_values(samples_dir, gold)
    assert len(raw) > 500
    leaked = [v for v in raw if v in written]
    assert not leaked, f"{len(leaked)} raw values found in the scan's output"
    assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", written)


def test_scan_is_deterministic(samples_dir, analyzer):
    one = scan_exports(samples_dir / "exports" / "brightbank", analyzer=analyzer)
    two = scan_exports(samples_dir / "exports" / "brightbank", analyzer=analyzer)
    pd.testing.assert_frame_equal(one.columns, two.columns)


def test_chunk_size_does_not_change_the_verdict(samples_dir, analyzer, config):
    from dataclasses import replace

    small = replace(config, exports=replace(config.exports, chunk_rows=37))
    target = samples_dir / "exports" / "callcenter"
    a = scan_exports(target, config=config, analyzer=analyzer).columns
    b = scan_exports(target, config=small, analyzer=analyzer).columns
    keep = ["source", "sheet", "column", "entities", "rows", "null_share"]
    pd.testing.assert_frame_equal(a[keep], b[keep])


# --- command line ------------------------------------------------------------------------

runner = CliRunner()


def test_cli_scan_exports(samples_dir, tmp_path):
    result = runner.invoke(app, ["scan", "exports", str(samples_dir / "exports" / "callcenter"),
                                 str(samples_dir / "exports" / "brightbank"),
                                 "--out", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    columns = pd.read_csv(tmp_path / "columns.csv", dtype=str, keep_default_na=False)
    for field in ("source", "sheet", "column", "entity_type", "entities", "confidence", "sensitivity"):
        assert field in columns.columns
    assert "BE_NATIONAL_NUMBER" in set(columns["entity_type"])
    errors = pd.read_csv(tmp_path / "errors.csv", dtype=str)
    assert list(errors.columns) == ["source", "error"]
    assert errors["source"].str.endswith("partial_upload.csv").any()


def test_cli_exit_1_when_nothing_could_be_read(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.csv").write_bytes(b"")
    (bad / "fake.xlsx").write_text("not a workbook")
    result = runner.invoke(app, ["scan", "exports", str(bad), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    errors = pd.read_csv(tmp_path / "out" / "errors.csv", dtype=str)
    assert len(errors) == 2


@pytest.mark.parametrize("args", [
    ["scan", "exports", "does/not/exist"],
    ["scan", "exports"],
    ["scan", "exports", ".", "--bogus"],
])
def test_cli_usage_errors_exit_2(args, tmp_path):
    result = runner.invoke(app, args + ["--out", str(tmp_path)])
    assert result.exit_code == 2


def test_cli_bad_config_exit_2_names_key_and_file(tmp_path, samples_dir):
    config = tmp_path / "bad.yaml"
    config.write_text("exports:\n  min_shar: 0.5\n")
    result = runner.invoke(app, ["scan", "exports", str(samples_dir / "exports"),
                                 "--config", str(config), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "exports.min_shar" in result.output and "bad.yaml" in result.output


def test_rows_and_null_shares_are_counted_exactly(sample_scan, samples_dir):
    crm = samples_dir / "exports" / "brightbank" / "crm_export_2026-10.csv"
    frame = pd.read_csv(crm, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    cols = sample_scan.columns[sample_scan.columns["source"].str.endswith("crm_export_2026-10.csv")]
    assert (cols["rows"] == len(frame)).all()
    for _, row in cols.iterrows():
        nulls = frame[row["column"]].str.strip().eq("").mean()
        assert row["null_share"] == pytest.approx(nulls, abs=1e-3), row["column"]


def test_a_root_holding_exports_and_transcripts_reads_the_client_below_them(tmp_path):
    """``data/exports/<client>/…`` belongs to <client>, not to "exports", in a scan as in the
    index build (one ``client_of`` for both)."""
    from ccaudit.index.build import _discover
    from ccaudit.sources.walk import client_of

    file = tmp_path / "exports" / "brightbank" / "crm.csv"
    file.parent.mkdir(parents=True)
    file.write_text("id;email\n1;jan.peeters@telenet.be\n", encoding="utf-8")
    assert client_of(file, tmp_path) == "brightbank"
    assert client_of(file, tmp_path / "exports") == "brightbank"
    assert [client for _, _, client, _ in _discover([tmp_path])] == ["brightbank"]
