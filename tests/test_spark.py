"""Metrics on Apache Spark: every metric of the registry gives on Spark what it gives on DuckDB, over a
generated workspace exported to Parquet; the command line computes on Spark with ``--spark``; bad folders
and files get one clear line. The tests that start Spark skip, with the reason, where PySpark or Java is
missing, unless $PASSAPAROLA_REQUIRE_SPARK is set (CI sets it: there, a missing Spark fails)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from datetime import date
from numbers import Number
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from passaparola import i18n, spark
from passaparola.cli import app
from passaparola.config import parse_settings
from passaparola.export import export_table
from passaparola.metrics import PERIODS, all_metrics, compute, get
from passaparola.metrics.cascades import cascades
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import sentiment_frame
from passaparola.store import Batch, Store
from tests.conftest import demo_workspace
from tests.test_cascades import DATED
from tests.test_cascades import ITEMS as CASCADES
from tests.test_metrics_media import CONFIG, row

#: One xdist worker runs them all (make test: --dist loadgroup): one Spark and one workspace, not two.
pytestmark = pytest.mark.xdist_group("spark")

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
    missing = (
        "PySpark is not installed (pip install 'passaparola[spark]')"
        if importlib.util.find_spec("pyspark") is None
        else "Spark needs Java, and there is none on PATH"
        if shutil.which("java") is None
        else None
    )
    if missing and os.environ.get("PASSAPAROLA_REQUIRE_SPARK"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)
    return spark.connect("local[2]", {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false"})


METRICS = [metric.name for metric in all_metrics()]


def _by(metric) -> list[str]:
    """A split that reaches the time zone (a period: each metric another, in turn, among those it takes)
    and the entities (or platforms) where the metric takes them."""
    periods = [d for d in PERIODS if d in metric.dimensions]
    period = periods[METRICS.index(metric.name) % len(periods)] if periods else None
    return [
        d
        for d in (period, "entity" if "entity" in metric.dimensions else "platform")
        if d in metric.dimensions
    ]


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in the order of ``keys``; times in UTC, in microseconds; numbers as floats, unknown as NaN
    (DuckDB gives a sum as a decimal, Spark as a float; an all-unknown column is None on one and NaN on
    the other)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column].dropna()
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_convert("UTC").astype("datetime64[us, UTC]")
        elif pd.api.types.is_datetime64_dtype(frame[column]):
            frame[column] = frame[column].astype("datetime64[us]")
        elif frame[column].dtype == object and all(isinstance(v, Number) for v in values):
            frame[column] = frame[column].astype("float64")
    return frame.sort_values(keys or list(frame.columns), key=lambda c: c.astype(str), ignore_index=True)


def _same(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    """The same rows and values: whole numbers exactly (a float below 2**53 is exact), others to 1e-9."""
    pd.testing.assert_frame_equal(
        _sorted(got, keys), _sorted(expected, keys), check_dtype=False, check_exact=False, rtol=1e-9
    )


@pytest.mark.parametrize("name", METRICS)
def test_every_metric_is_the_same_on_spark_as_on_duckdb(exported, backend, name):
    ws, folder = exported
    metric = get(name)
    by = _by(metric)
    with ws.open_store(read_only=True) as store:
        expected = compute(metric, Scope.of(store, ws.settings, *WINDOW), by).execute()
    got = compute(metric, spark.scope(backend, str(folder), ws.settings, *WINDOW), by).execute()
    measured = _sorted(expected, []).drop(columns=by).select_dtypes("number")
    assert (measured.fillna(0) != 0).any().any(), f"{name} by {by}: nothing but zeros to compare"
    _same(got, expected, list(dict.fromkeys([*by, *metric.breakdown, *metric.order])))


def test_cascades_read_the_extra_json_the_same_on_spark(backend, tmp_path):
    """Twitter15/16-style cascades: explicit parents, delays in minutes and a label, from ``extra``."""
    store = Store.open(tmp_path / "s.duckdb")
    labelled = [
        row("l1", "gino", created_at=None, extra=json.dumps({"label": "false", "delay_minutes": 0})),
        row(
            "l2", "ugo", kind="share", shared_id="l1", created_at=None, extra=json.dumps({"delay_minutes": 3})
        ),
    ]
    store.write(1, Batch(items=[dict(item) for item in [*CASCADES, *DATED, *labelled]]))
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    for table in spark.TABLES:
        export_table(store, table, "parquet", tmp_path / "export")
    on_spark = spark.scope(backend, str(tmp_path / "export"), settings)
    found = cascades(on_spark).execute()
    by_root = found.set_index("root")
    assert by_root.label["l1"] == "false" and by_root.duration_minutes["l1"] == 3  # from the delays
    assert (found.reconstruction == "explicit").any()  # from the given cascade parents
    _same(found, cascades(Scope.of(store, settings)).execute(), ["platform", "root"])
    for name in ("cascades", "cascade_timing", "structural_virality"):
        _same(
            compute(get(name), on_spark, []).execute(),
            compute(get(name), Scope.of(store, settings), []).execute(),
            [],
        )
    store.close()


def test_a_folder_of_parquet_files_per_table(exported, backend, tmp_path):
    ws, folder = exported
    items = pq.read_table(folder / "items.parquet")
    (tmp_path / "items.parquet").mkdir()
    half = items.num_rows // 2
    pq.write_table(items.slice(0, half), tmp_path / "items.parquet" / "part-0.parquet")
    pq.write_table(items.slice(half), tmp_path / "items.parquet" / "part-1.parquet")
    scope = spark.scope(backend, str(tmp_path), ws.settings)
    assert scope.items.count().execute() == items.num_rows


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


def test_the_command_line_computes_on_spark(exported, backend):
    ws, folder = exported
    common = ["metrics", "engagement", "--by", "month", "--format", "json", "-w", str(ws.root)]
    code, on_duckdb = _cli(*common)
    assert code == 0, on_duckdb
    code, on_spark = _cli(*common, "--spark", str(folder))
    assert code == 0, on_spark
    expected, got = json.loads(on_duckdb), json.loads(on_spark)
    assert len(got["rows"]) == len(expected["rows"]) > 0
    key = ("month", "entity", "media")
    for ours, theirs in zip(
        sorted(got["rows"], key=lambda r: [r[k] for k in key]),
        sorted(expected["rows"], key=lambda r: [r[k] for k in key]),
        strict=True,
    ):
        assert ours.keys() == theirs.keys()
        for column, value in theirs.items():
            assert type(ours[column]) is type(value), column  # a count is 56 on both, not 56.0
            assert ours[column] == (pytest.approx(value) if isinstance(value, float) else value), column
    assert None in [row["quotes"] for row in got["rows"]]  # unknown counters: Spark's floats were NaN


def test_spark_master_alone_is_refused(exported):
    ws, _ = exported
    code, output = _cli("--lang", "en", "metrics", "items", "--spark-master", "local[2]", "-w", str(ws.root))
    assert code == 2 and "--spark-master needs --spark FOLDER" in output


def test_a_value_spark_cannot_read_is_one_line(exported, backend, tmp_path):
    ws, folder = exported
    items = pq.read_table(folder / "items.parquet")
    bad = items.set_column(
        items.schema.get_field_index("created_at"), "created_at", pa.array(["yesterday"] * items.num_rows)
    )
    pq.write_table(bad, tmp_path / "items.parquet")
    window = ["--from", "2025-09-08", "--to", "2025-10-27"]  # a window reads the times
    code, output = _cli(
        "--lang", "en", "metrics", "items", *window, "--spark", str(tmp_path), "-w", str(ws.root)
    )
    assert code == 2 and "Traceback" not in output
    assert "Spark failed: [CAST_INVALID_INPUT]" in " ".join(output.split())


def test_a_folder_without_items_names_the_path(exported, backend, tmp_path):
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


def test_the_italian_error(exported, backend, tmp_path):
    ws, _ = exported
    code, output = _cli("--lang", "it", "metrics", "items", "--spark", str(tmp_path), "-w", str(ws.root))
    assert code == 2 and "non si legge come Parquet" in " ".join(output.split())


def test_export_writes_the_corrections(exported):
    _, folder = exported
    assert pq.read_table(folder / "sentiment_corrections.parquet").num_rows == 1
    assert Path(folder / "authors.parquet").exists()
