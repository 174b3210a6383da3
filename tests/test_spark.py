"""Metrics on Apache Spark: every metric of the registry gives on Spark what it gives on DuckDB, over a
generated workspace exported to Parquet; the command line computes on Spark with ``--spark``; bad folders
and files get one clear line. Skipped, with the reason, where PySpark or Java is missing."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from numbers import Number
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from passaparola import i18n, spark
from passaparola.cli import app
from passaparola.export import export_table
from passaparola.metrics import PERIODS, all_metrics, compute, get
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import sentiment_frame
from tests.conftest import demo_workspace

pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'passaparola[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java, and there is none on PATH", allow_module_level=True)

WINDOW = (date(2025, 9, 8), date(2025, 10, 27))


@pytest.fixture(autouse=True)
def english():
    """Messages in English (the demo workspace's language is Italian, and a command line sets it)."""
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A generated workspace with a sentiment correction, and its tables exported to Parquet."""
    folder = tmp_path_factory.mktemp("spark")
    ws = demo_workspace(folder, 3_000, seed=11)
    with ws.open_store() as store:
        heard = sentiment_frame(Scope.of(store, ws.settings))  # a positive item the metrics count
        platform, item = (
            heard.filter(heard.sentiment == "positive").order_by("id").limit(1).execute().iloc[0][:2]
        )
        store.con.execute(
            "INSERT INTO sentiment_corrections VALUES (?, ?, 'negative', now(), 'test')", [platform, item]
        )
        for table in spark.TABLES:
            export_table(store, table, "parquet", folder / "export")
    return ws, folder / "export"


@pytest.fixture(scope="module")
def backend():
    """One local Spark for the module (a few shuffle partitions: the data is small)."""
    return spark.connect("local[2]", {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false"})


def _by(metric) -> list[str]:
    """A split that reaches the time zone (a period) and the entities where the metric takes them."""
    period = next((d for d in ("week", "month", *PERIODS) if d in metric.dimensions), None)
    return [
        d
        for d in (period, "entity" if "entity" in metric.dimensions else "platform")
        if d in metric.dimensions
    ]


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in the order of ``keys``; times in UTC; numbers as floats, unknown as NaN (DuckDB gives a sum
    as a decimal, Spark as a float; an all-unknown column is None on one and NaN on the other)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column].dropna()
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC")
        elif frame[column].dtype == object and all(isinstance(v, Number) for v in values):
            frame[column] = frame[column].astype("float64")
    return frame.sort_values(keys or list(frame.columns), key=lambda c: c.astype(str), ignore_index=True)


@pytest.mark.parametrize("name", [metric.name for metric in all_metrics()])
def test_every_metric_is_the_same_on_spark_as_on_duckdb(exported, backend, name):
    ws, folder = exported
    metric = get(name)
    by = _by(metric)
    with ws.open_store(read_only=True) as store:
        expected = compute(metric, Scope.of(store, ws.settings, *WINDOW), by).execute()
    got = compute(metric, spark.scope(backend, str(folder), ws.settings, *WINDOW), by).execute()
    assert len(expected) > 0, f"{name} by {by}: nothing to compare"
    keys = list(dict.fromkeys([*by, *metric.breakdown, *metric.order]))
    pd.testing.assert_frame_equal(
        _sorted(got, keys), _sorted(expected, keys), check_dtype=False, check_exact=False
    )


def test_the_correction_is_read_on_spark(exported, backend):
    ws, folder = exported
    corrections = spark.scope(backend, str(folder), ws.settings).table("sentiment_corrections")
    assert corrections.count().execute() == 1


def test_missing_authors_and_corrections_read_as_empty(exported, backend, tmp_path):
    ws, folder = exported
    shutil.copy(folder / "items.parquet", tmp_path / "items.parquet")
    scope = spark.scope(backend, str(tmp_path), ws.settings)
    assert scope.table("authors").count().execute() == 0
    assert compute(get("audience_growth"), scope, []).execute().empty
    with ws.open_store(read_only=True) as store:
        corrected = compute(get("net_sentiment"), Scope.of(store, ws.settings), []).execute()
    assert compute(get("net_sentiment"), scope, []).execute()["positive"].sum() > corrected["positive"].sum()


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_the_command_line_computes_on_spark(exported):
    ws, folder = exported
    common = ["metrics", "share_of_voice", "--by", "month", "--format", "json", "-w", str(ws.root)]
    code, on_duckdb = _cli(*common)
    assert code == 0, on_duckdb
    code, on_spark = _cli(*common, "--spark", str(folder))
    assert code == 0, on_spark
    expected, got = json.loads(on_duckdb), json.loads(on_spark)
    assert len(got["rows"]) == len(expected["rows"]) > 0
    key = ("month", "entity")
    for ours, theirs in zip(
        sorted(got["rows"], key=lambda r: [r[k] for k in key]),
        sorted(expected["rows"], key=lambda r: [r[k] for k in key]),
        strict=True,
    ):
        assert ours.keys() == theirs.keys()
        for column, value in theirs.items():
            assert ours[column] == (pytest.approx(value) if isinstance(value, float) else value), column


def test_a_folder_without_items_names_the_path(exported, tmp_path):
    ws, _ = exported
    code, output = _cli(
        "--lang", "en", "metrics", "items", "--spark", str(tmp_path / "nowhere"), "-w", str(ws.root)
    )
    assert code == 2 and "Traceback" not in output
    assert f"{tmp_path / 'nowhere'}/items.parquet: cannot be read as Parquet" in " ".join(output.split())


def test_a_truncated_file_names_the_path(exported, backend, tmp_path):
    ws, folder = exported
    data = (folder / "items.parquet").read_bytes()
    (tmp_path / "items.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(spark.SparkError, match=r"items\.parquet: cannot be read as Parquet"):
        spark.scope(backend, str(tmp_path), ws.settings)


def test_a_file_without_the_store_columns_names_them(exported, backend, tmp_path):
    ws, folder = exported
    items = pq.read_table(folder / "items.parquet").drop_columns(["created_at", "kind"])
    pq.write_table(items, tmp_path / "items.parquet")
    with pytest.raises(spark.SparkError, match=r"items\.parquet: missing column\(s\) kind, created_at"):
        spark.scope(backend, str(tmp_path), ws.settings)


def test_without_pyspark_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(spark.SparkError, match=r"pip install 'passaparola\[spark\]'"):
        spark.connect()


def test_the_italian_error(exported, tmp_path):
    ws, _ = exported
    code, output = _cli("--lang", "it", "metrics", "items", "--spark", str(tmp_path), "-w", str(ws.root))
    assert code == 2 and "non si legge come Parquet" in " ".join(output.split())


def test_export_writes_the_corrections(exported):
    _, folder = exported
    assert pq.read_table(folder / "sentiment_corrections.parquet").num_rows == 1
    assert Path(folder / "authors.parquet").exists()
