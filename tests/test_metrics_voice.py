"""Share of voice by mentions, engagement and potential reach, and the change from the month before."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row

JAN = datetime(2026, 1, 10, 12, tzinfo=UTC)
FEB = datetime(2026, 2, 10, 12, tzinfo=UTC)
ITEMS = [
    # January, mentions by others: Aurora 3 (a1-a3), Borealis 1 (b1)
    row("a1", "anna", mentions=["caffeaurora"], created_at=JAN, likes=10, author_followers=100),
    row("a2", "bruno", mentions=["caffeaurora"], created_at=JAN, likes=10, author_followers=300),
    row("a3", "carla", mentions=["caffeaurora"], created_at=JAN),  # no counters, no followers: counted only
    row("b1", "dora", mentions=["borealis"], created_at=JAN, likes=20, author_followers=600),
    # February: Aurora 1, Borealis 1
    row("a4", "enzo", mentions=["caffeaurora"], created_at=FEB, likes=5, author_followers=50),
    row("b2", "franco", mentions=["borealis"], created_at=FEB, likes=15, author_followers=150),
    # the brand's own post: voice "own", apart from the mentions
    row("o1", "caffeaurora", created_at=JAN, likes=100, author_followers=5000),
]


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_share_of_voice_by_month_with_change(scope):
    frame = compute(get("share_of_voice"), scope, ["month", "entity"]).execute()
    others = frame[frame.voice == "others"]
    got = {(r.month.month, r.entity): r for r in others.itertuples()}
    jan_a, jan_b = got[(1, "Aurora")], got[(1, "Borealis")]
    # January mentions 3 vs 1: 0.75 and 0.25; interactions 20 vs 20 (a3 unknown): 0.5 each;
    # potential reach 100 + 300 = 400 vs 600: 0.4 and 0.6
    assert (jan_a.items_share, jan_b.items_share) == (0.75, 0.25)
    assert (jan_a.items_without_counters, jan_a.items_without_followers) == (1, 1)
    assert (jan_a.interactions_share, jan_a.potential_reach_share) == (0.5, 0.4)
    assert jan_a.items_share_change != jan_a.items_share_change  # no month before: null
    feb_a = got[(2, "Aurora")]
    # February: mentions 1 vs 1 = 0.5, change 0.5 − 0.75 = −0.25; interactions 5 of 20 = 0.25, change −0.25;
    # reach 50 of 200 = 0.25, change 0.25 − 0.4 = −0.15
    assert feb_a.items_share == 0.5 and feb_a.items_share_change == pytest.approx(-0.25)
    assert feb_a.interactions_share_change == pytest.approx(-0.25)
    assert feb_a.potential_reach_share_change == pytest.approx(-0.15)
    own = frame[(frame.voice == "own") & (frame.entity == "Aurora")].iloc[0]
    assert (own["items"], own.items_share, own.potential_reach) == (1, 1.0, 5000)


def test_share_of_voice_without_a_period(scope):
    frame = compute(get("share_of_voice"), scope, ["platform"]).execute()
    aurora = frame[(frame.voice == "others") & (frame.entity == "Aurora")].iloc[0]
    # 4 of 6 mentions; no period, no change
    assert (
        aurora.items_share == pytest.approx(4 / 6) and aurora.items_share_change != aurora.items_share_change
    )


MAR = datetime(2026, 3, 10, 12, tzinfo=UTC)
APR = datetime(2026, 4, 10, 12, tzinfo=UTC)
LATER = [
    # March: only Aurora is mentioned (a5), and a consumer shares the brand's post o1 (a share carries no
    # counters of its own: it is a mention, not an unknown engagement)
    row("a5", "gina", mentions=["caffeaurora"], created_at=MAR, likes=4, author_followers=40),
    row("s1", "ugo", kind="share", shared_id="o1", created_at=MAR, author_followers=10),
    # April: nobody mentions anyone; the brand publishes
    row("o2", "caffeaurora", created_at=APR, likes=1, author_followers=5000),
]


@pytest.fixture
def later(tmp_path: Path):
    store = Store.open(tmp_path / "later.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS + LATER]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_a_period_without_mentions_is_a_known_zero(later):
    frame = compute(get("share_of_voice"), later, ["month"]).execute()
    got = {(r.month.month, r.entity, r.voice): r for r in frame.itertuples()}
    march = got[(3, "Borealis", "others")]
    # nobody mentioned Borealis in March: 0 items, a share of 0 of Aurora's 2 (a5, s1), and a change of
    # 0 − 0.5 (February's 1 of 2) = −0.5 computed against the known zero, not left null
    assert (march.items, march.interactions, march.items_share) == (0, 0, 0.0)
    assert march.items_share_change == pytest.approx(-0.5)
    aurora = got[(3, "Aurora", "others")]
    # Aurora in March: a5 and the share s1 (2 of 2); interactions a5's 4 only; s1 is not an unknown
    assert (aurora.items, aurora.interactions, aurora.items_without_counters) == (2, 4, 0)
    assert aurora.items_share == 1.0 and aurora.items_share_change == pytest.approx(0.5)
    # April: nobody mentions anyone: every share is 0 ÷ 0, unknown (null), not 0; own posts still count
    april = got[(4, "Borealis", "others")]
    assert april.items == 0 and april.items_share != april.items_share
    assert got[(4, "Aurora", "own")].items_share == 1.0
    assert got[(4, "Borealis", "own")].items == 0 and got[(4, "Borealis", "own")].items_share == 0.0
