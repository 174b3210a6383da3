"""Audience growth from author snapshots: followers, net new followers and growth per month."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG


def snapshot(handle: str, followers: int | None, *when: int) -> dict:
    return {"platform": "twitter", "id": f"id-{handle}", "observed_at": datetime(*when, tzinfo=UTC),
            "handle": handle, "followers": followers, "source": "hand"}  # fmt: skip


SNAPSHOTS = [
    # the brand: 1,000 on 5 January, 1,100 on 25 January, 1,320 on 20 February, unknown on 21 February
    snapshot("caffeaurora", 1000, 2026, 1, 5),
    snapshot("caffeaurora", 1100, 2026, 1, 25),
    snapshot("caffeaurora", 1320, 2026, 2, 20),
    snapshot("caffeaurora", None, 2026, 2, 21),
    # the competitor, seen once: no baseline, so no growth (unknown, not 0)
    snapshot("borealis", 500, 2026, 1, 10),
    # a public author is nobody's audience here
    snapshot("anna", 10, 2026, 1, 10),
]


@pytest.fixture
def store(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(authors=[dict(s) for s in SNAPSHOTS]))
    yield store
    store.close()


@pytest.fixture
def scope(store, tmp_path: Path):
    return Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))


def test_growth_per_month(scope):
    frame = compute(get("audience_growth"), scope, ["month", "entity"]).execute()
    got = {(r.month.month, r.entity): r for r in frame.itertuples()}
    jan = got[(1, "Aurora")]
    # January: first 1,000, last 1,100: +100, 10%
    assert (jan.followers, jan.net_new_followers, jan.growth) == (1100, 100, 0.1)
    feb = got[(2, "Aurora")]
    # February: baseline is January's last (1,100): +220, 20%; the unknown snapshot is counted, not read
    assert (feb.followers, feb.net_new_followers, feb.snapshots_without_followers) == (1320, 220, 1)
    assert feb.growth == pytest.approx(0.2)
    borealis = got[(1, "Borealis")]
    assert borealis.followers == 500 and borealis.net_new_followers != borealis.net_new_followers
    assert not any(r.entity is None for r in frame.itertuples())


def test_growth_over_a_window(store, scope):
    from datetime import date

    windowed = Scope.of(store, scope.settings, date(2026, 1, 20), date(2026, 3, 1))
    aurora = compute(get("audience_growth"), windowed, []).execute()
    aurora = aurora[aurora.entity == "Aurora"].iloc[0]
    # 25 January 1,100 to 20 February 1,320
    assert (aurora.baseline_followers, aurora.followers, aurora.net_new_followers) == (1100, 1320, 220)


def test_a_baseline_of_zero_gives_no_growth(tmp_path):
    store = Store.open(tmp_path / "zero.duckdb")
    # a new account: 0 followers on 5 January, 40 on 25 January: +40, but 40 ÷ 0 is no growth rate
    store.write(
        1, Batch(authors=[snapshot("borealis", 0, 2026, 1, 5), snapshot("borealis", 40, 2026, 1, 25)])
    )
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    row = compute(get("audience_growth"), scope, []).execute().iloc[0]
    assert (row.baseline_followers, row.followers, row.net_new_followers) == (0, 40, 40)
    assert row.growth != row.growth  # null, not infinite and not 0
    store.close()
