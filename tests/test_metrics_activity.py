"""Posting activity: posts, replies and shares per week, and the reply share of a showcase account."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row


def at(day: int) -> datetime:
    return datetime(2026, 1, day, 12, tzinfo=UTC)


ITEMS = [
    # the brand, in the two weeks from Monday 5 to Sunday 18 January: 2 posts, 3 replies, 1 share, 1 DM
    row("p1", "caffeaurora", created_at=at(5)),
    row("p2", "caffeaurora", kind="quote", shared_id="x", created_at=at(13)),
    row("r1", "caffeaurora", kind="reply", parent_id="c1", created_at=at(6)),
    row("r2", "caffeaurora", kind="reply", parent_id="c1", created_at=at(7)),
    row("r3", "caffeaurora", kind="reply", parent_id="c1", created_at=at(14)),
    row("s1", "caffeaurora", kind="share", shared_id="x", created_at=at(15)),
    row("d1", "caffeaurora", kind="message", root_id="t", created_at=at(15)),  # private: not output
    # the competitor, a showcase account: 2 posts, no replies
    row("b1", "borealis", created_at=at(6)),
    row("b2", "borealis", created_at=at(18)),
    row("c1", "anna", created_at=at(5), author_followers=10),
]


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "s.duckdb")
    opened.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield opened
    opened.close()


def settings(tmp_path: Path):
    return parse_settings(CONFIG, tmp_path / "passaparola.toml")


def test_per_week_and_reply_share_over_a_window(store, tmp_path):
    scope = Scope.of(store, settings(tmp_path), date(2026, 1, 5), date(2026, 1, 19))
    got = {r.entity: r for r in compute(get("posting_activity"), scope, []).execute().itertuples()}
    aurora, borealis = got["Aurora"], got["Borealis"]
    # 14 days = 2 weeks; Aurora output 2 + 3 + 1 = 6: 1 post, 1.5 replies, 0.5 shares a week; 3 of 6 replies
    assert (aurora.output, aurora.posts, aurora.replies, aurora.shares) == (6, 2, 3, 1)
    assert (aurora.weeks, aurora.posts_per_week, aurora.replies_per_week) == (2.0, 1.0, 1.5)
    assert aurora.reply_share == 0.5
    # the showcase account: 1 post a week and a reply share of 0
    assert (borealis.posts_per_week, borealis.reply_share) == (1.0, 0.0)


def test_per_week_by_week_and_the_store_span(store, tmp_path):
    scope = Scope.of(store, settings(tmp_path))
    weekly = compute(get("posting_activity"), scope, ["week", "entity"]).execute()
    aurora = {r.week.day: r for r in weekly[weekly.entity == "Aurora"].itertuples()}
    # week of 5 January: p1, r1, r2; week of 12 January: p2, r3, s1 (each week is one week long)
    assert (aurora[5].posts_per_week, aurora[5].replies_per_week, aurora[5].weeks) == (1.0, 2.0, 1.0)
    assert (aurora[12].posts_per_week, aurora[12].shares_per_week) == (1.0, 1.0)
    # no window: the local days the store's items span, 5 to 18 January = 14 days
    whole = compute(get("posting_activity"), scope, []).execute()
    assert whole[whole.entity == "Aurora"].iloc[0].weeks == 2.0


def test_a_week_without_posts_reads_zero(store, tmp_path):
    scope = Scope.of(store, settings(tmp_path), date(2026, 1, 5), date(2026, 1, 26))
    weekly = compute(get("posting_activity"), scope, ["week"]).execute()
    got = {(r.entity, r.week.day): r for r in weekly.itertuples()}
    # the window covers the weeks of 5, 12 and 19 January; nobody published in the third: both entities
    # have a row with an output of 0 and 0 posts a week (known zeros) and no reply share (0 ÷ 0)
    assert set(got) == {(e, d) for e in ("Aurora", "Borealis") for d in (5, 12, 19)}
    for entity in ("Aurora", "Borealis"):
        quiet = got[(entity, 19)]
        assert (quiet.output, quiet.posts_per_week, quiet.weeks) == (0, 0.0, 1.0)
        assert quiet.reply_share != quiet.reply_share
    # Borealis: b1 (6 January) and b2 (18 January), one post in each of the first two weeks
    assert (got[("Borealis", 5)].posts_per_week, got[("Borealis", 12)].posts_per_week) == (1.0, 1.0)


def test_a_window_nobody_published_in_has_its_weeks_and_known_zeros(store, tmp_path):
    # 5 to 19 January 2030: two weeks known from the window itself, though no row carries them
    scope = Scope.of(store, settings(tmp_path), date(2030, 1, 5), date(2030, 1, 19))
    got = {r.entity: r for r in compute(get("posting_activity"), scope, []).execute().itertuples()}
    for entity in ("Aurora", "Borealis"):
        row = got[entity]
        assert (row.output, row.weeks, row.posts_per_week, row.replies_per_week) == (0, 2.0, 0.0, 0.0)
        assert row.reply_share != row.reply_share  # nothing to divide: unknown (NaN), not 0
