"""Every metric titles every column it returns, once, in the registry: its own result columns in its
declaration (``Metric.columns``, English and Italian, with a format), its splits in ``SPLITS``. So a metric
added later cannot leave the report or `passaparola metrics` showing a raw column name."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.i18n import MESSAGES
from passaparola.metrics import DIMENSIONS, FORMATS, SPLITS, all_metrics, compute
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS
from passaparola.report import formatting
from passaparola.store import Batch, Store
from tests.test_metrics_audience import SNAPSHOTS
from tests.test_metrics_engagement import ITEMS as ENGAGEMENT_ITEMS
from tests.test_metrics_engagement import SETTINGS as THREE_ENTITIES
from tests.test_metrics_threads import TREE
from tests.test_metrics_ugc import ITEMS as UGC_ITEMS


@pytest.fixture(scope="module")
def scope(tmp_path_factory: pytest.TempPathFactory):
    # posts, replies, shares and mentions of a brand and two competitors, a reply tree, UGC and follower
    # snapshots: every family has rows to compute
    folder: Path = tmp_path_factory.mktemp("columns")
    with Store.open(folder / "s.duckdb") as store:
        items = ENGAGEMENT_ITEMS + TREE[:6] + UGC_ITEMS[4:7]
        store.write(1, Batch(items=[dict(i) for i in items], authors=[dict(a) for a in SNAPSHOTS]))
        yield Scope.of(store, parse_settings(THREE_ENTITIES, folder / "passaparola.toml"))


def _every_split(dimensions: tuple[str, ...]) -> list[str]:
    """Every dimension of a metric at once, with one period (a result is split by one period at most)."""
    return [d for d in dimensions if d not in PERIODS] + [d for d in dimensions if d in PERIODS][:1]


@pytest.mark.parametrize("metric", all_metrics(), ids=lambda m: m.name)
def test_every_column_a_metric_returns_is_declared_or_a_split(scope, metric):
    for by in ([], _every_split(metric.dimensions)):
        returned = set(compute(metric, scope, by).execute().columns)
        splits = set(by) | set(metric.breakdown)
        undeclared = returned - set(metric.columns) - splits
        assert undeclared == set(), f"{metric.name} --by {','.join(by)}: declare {sorted(undeclared)}"
        untitled = {c for c in returned - set(metric.columns) if c not in SPLITS}
        assert untitled == set(), f"{metric.name}: split columns without a title in SPLITS: {untitled}"
        assert set(metric.columns) <= returned, f"{metric.name}: declares columns it does not return"
    for name, column in metric.columns.items():
        assert column.title.en and column.title.it, (metric.name, name)
        assert column.format in FORMATS, (metric.name, name)


def test_every_split_has_a_title_and_its_words_in_both_languages():
    assert set(DIMENSIONS) <= set(SPLITS)
    for metric in all_metrics():
        assert {c for c in metric.breakdown if c not in metric.columns} <= set(SPLITS), metric.name
    for name, split in SPLITS.items():
        assert split.title.en and split.title.it, name
        if split.words is not None:
            assert any(key.startswith(f"{split.words}.") for key in MESSAGES), name


@pytest.mark.parametrize(
    ("column", "value", "language", "shown"),
    [
        ("media", "earned", "it", "guadagnati"),
        ("source_role", "consumer", "en", "consumer"),
        ("target_role", "consumer", "it", "consumatore"),
        ("via", "text", "it", "testo quasi identico"),
        ("kind", "message", "en", "direct message"),
        ("hour_of_week", 33, "it", "mar 09:00"),
        ("entity", "Caffè Aurora", "it", "Caffè Aurora"),  # a name stays a name
        ("media", "bartered", "en", "bartered"),  # a value with no word stays as it is
    ],
)
def test_split_values_in_words(column, value, language, shown):
    assert formatting.cell(column, value, language, "text") == shown
