"""UGC lift and UGC share on hand-built samples whose medians are worked out below."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.metrics.ugc import bootstrap_lift
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row

ITEMS = [
    # the brand's organic posts: rates 10/1,000 = 0.01, 20/1,000 = 0.02, 30/1,000 = 0.03: median 0.02
    row("o1", "caffeaurora", likes=10, author_followers=1000),
    row("o2", "caffeaurora", likes=20, author_followers=1000),
    row("o3", "caffeaurora", likes=30, author_followers=1000),
    # a promoted post is paid, not organic owned: left out of the lift
    row("o4", "caffeaurora", likes=900, author_followers=1000, promoted=True),
    # UGC: consumers' posts mentioning the brand: 10/100 = 0.1 and 30/100 = 0.3: median 0.2
    row("u1", "anna", mentions=["caffeaurora"], likes=10, author_followers=100),
    row("u2", "bruno", mentions=["caffeaurora"], likes=30, author_followers=100),
    # UGC whose author's followers are unknown: counted, without a rate
    row("u3", "carla", mentions=["caffeaurora"], likes=5),
    # a consumer's reply to the brand is earned but conversation, not UGC
    row("u4", "dora", kind="reply", parent_id="o1", likes=1, author_followers=10),
    # the competitor mentions the brand: earned, but not by a public author: not UGC
    row("u5", "borealis", mentions=["caffeaurora"], likes=1, author_followers=10),
]


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_ugc_lift_and_interval(scope):
    frame = compute(get("ugc_lift"), scope, []).execute()
    aurora = frame[frame.entity == "Aurora"].iloc[0]
    assert (aurora.ugc_items, aurora.ugc_rated, aurora.owned_posts, aurora.owned_rated) == (3, 2, 3, 3)
    # 0.2 ÷ 0.02 = 10
    assert aurora.lift == pytest.approx(10.0)
    # a resampled UGC median (of 2 draws) is 0.1 with probability 1/4, 0.2 with 1/2, 0.3 with 1/4; an owned
    # median (of 3 draws) is 0.01 or 0.03 with probability 7/27 each (two or three draws of it), 0.02 with
    # 13/27. The lowest ratio, 0.1 ÷ 0.03 = 10/3, has probability 1/4 × 7/27 = 6.5%, more than 2.5%: it is
    # the interval's low end; likewise the highest, 0.3 ÷ 0.01 = 30, is its high end
    assert aurora.lift_low == pytest.approx(10 / 3)
    assert aurora.lift_high == pytest.approx(30.0)
    again = compute(get("ugc_lift"), scope, []).execute()
    assert again[again.entity == "Aurora"].iloc[0].lift_low == aurora.lift_low  # fixed seed


def test_bootstrap_edges():
    # an empty sample: no interval; owned resamples whose median is 0 make the upper bound unbounded: null
    assert bootstrap_lift(np.array([0.1]), np.array([])) == (None, None)
    low, high = bootstrap_lift(np.array([0.1, 0.2]), np.array([0.0, 0.0, 0.0]))
    assert (low, high) == (None, None)
    # identical constant samples: every resample gives 0.2 ÷ 0.1 = 2
    assert bootstrap_lift(np.array([0.2, 0.2]), np.array([0.1, 0.1])) == pytest.approx((2.0, 2.0))


def test_ugc_lift_null_without_ugc(scope):
    frame = compute(get("ugc_lift"), scope, []).execute()
    borealis = frame[frame.entity == "Borealis"].iloc[0]
    # Borealis: its own post u5 (1/10 = 0.1) and no UGC: no median of UGC, so no lift and no interval
    assert (borealis.ugc_items, borealis.owned_posts) == (0, 1)
    assert all(v != v for v in (borealis.lift, borealis.lift_low, borealis.lift_high))  # null, not 0


def test_ugc_share(scope):
    frame = compute(get("ugc_share"), scope, ["platform", "entity"]).execute()
    aurora = frame[frame.entity == "Aurora"].iloc[0]
    # brand-related items: o1-o4, u1-u5 = 9; UGC u1, u2, u3 = 3
    assert (aurora["items"], aurora.ugc_items) == (9, 3)
    assert aurora.ugc_share == pytest.approx(3 / 9)
