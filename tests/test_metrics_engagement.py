"""Engagement on a hand-built workspace: interactions with their parts, every rate variant, Kaushik's
rates, the hour-of-week heatmap, top posts and authors, and the `top` command. Unknown counters stay
unknown; every figure is worked out in the comments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passaparola.cli import app
from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row

SETTINGS = {
    **CONFIG,
    "competitors": [*CONFIG["competitors"], {"name": "Meridiana", "accounts": {"twitter": ["meridiana"]}}],
}
SAT = datetime(2026, 1, 10, 12, tzinfo=UTC)  # Saturday 13:00 in Rome: hour of week 5 × 24 + 13 = 133
MON = datetime(2026, 1, 12, 8, tzinfo=UTC)  # Monday 09:00 in Rome: hour of week 9


def counters(likes, shares, replies, quotes, **fields) -> dict:
    return {"likes": likes, "shares": shares, "replies": replies, "quotes": quotes, **fields}


ITEMS = [
    # the brand's posts: p1 20 interactions / 1,000 followers = 0.02, / 400 views = 0.05
    row("p1", "caffeaurora", created_at=SAT, author_followers=1000, views=400, **counters(10, 4, 5, 1)),
    # p2 40 interactions / 3,000 followers = 0.013333; no views
    row("p2", "caffeaurora", created_at=MON, author_followers=3000, **counters(30, 0, 10, 0)),
    # p3: the platform gave no counter: unknown, never 0
    row("p3", "caffeaurora", created_at=SAT, author_followers=1000, **counters(None, None, None, None)),
    # r1 the brand's reply to c1: 1 / 1,000 = 0.001
    row("r1", "caffeaurora", kind="reply", parent_id="c1", created_at=SAT, author_followers=1000,
        **counters(1, 0, 0, 0)),
    # c1 a consumer mentions the brand: earned; shares and quotes unknown: 6 + 2 = 8 / 200 = 0.04
    row("c1", "anna", text="@caffeaurora", mentions=["caffeaurora"], created_at=SAT, author_followers=200,
        **counters(6, None, 2, None)),
    # c2 a reply to p1 by someone whose followers are unknown: 60 interactions, no rate by followers
    row("c2", "dora", kind="reply", parent_id="p1", created_at=SAT, **counters(50, 10, 0, 0)),
    # s1 a share of p1: its counters would be p1's, so it is not measured
    row("s1", "gina", kind="share", shared_id="p1", created_at=SAT, author_followers=5, **counters(9, 9, 9, 9)),
    # b1 the competitor's post with a true 0: 0 / 500 = 0
    row("b1", "borealis", created_at=SAT, author_followers=500, **counters(0, 0, 0, 0)),
    # m1 Meridiana's only post has no counters: its account rate is null, not 0 and not an error
    row("m1", "meridiana", created_at=SAT, author_followers=900, **counters(None, None, None, None)),
]  # fmt: skip


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(SETTINGS, tmp_path / "passaparola.toml"))
    store.close()


def by_key(frame, *keys):
    return {tuple(getattr(r, k) for k in keys): r for r in frame.itertuples()}


def test_interactions_and_parts(scope):
    got = by_key(compute(get("engagement"), scope, []).execute(), "entity", "media")
    owned = got[("Aurora", "owned")]
    # p1, p2, p3, r1; p3 unknown; likes 10 + 30 + 1, shares 4, replies 5 + 10, quotes 1; 20 + 40 + 1
    assert (owned.items, owned.items_without_counters, owned.items_partial) == (4, 1, 0)
    assert (owned.likes, owned.shares, owned.replies, owned.quotes, owned.interactions) == (41, 4, 15, 1, 61)
    earned = got[("Aurora", "earned")]
    # c1 and c2 (the share s1 is left out): 8 + 60; c1 lacks shares and quotes, which Twitter gives on
    # other items: its 8 is a lower bound, counted as such
    assert (earned.items, earned.interactions, earned.shares, earned.items_partial) == (2, 68, 10, 1)
    assert got[("Borealis", "owned")].interactions == 0


def test_rate_by_followers_and_by_impressions(scope):
    got = by_key(compute(get("engagement_rate_by_followers"), scope, []).execute(), "entity", "media")
    owned = got[("Aurora", "owned")]
    # rates 0.02, 0.013333, 0.001 (p3 unknown): median 0.013333, mean 0.034333 / 3
    assert (owned.items_rated, owned.items_without_counters, owned.items_without_followers) == (3, 1, 0)
    assert owned.median_rate_by_followers == pytest.approx(40 / 3000)
    assert owned.mean_rate_by_followers == pytest.approx((0.02 + 40 / 3000 + 0.001) / 3)
    earned = got[("Aurora", "earned")]
    # c1 0.04; c2 has counters but no followers: counted, not used
    assert (earned.items_rated, earned.items_without_followers, earned.median_rate_by_followers) == (
        1,
        1,
        0.04,
    )
    views = by_key(compute(get("engagement_rate_by_impressions"), scope, []).execute(), "entity", "media")
    owned = views[("Aurora", "owned")]
    # only p1 has views: 20 / 400; p2 and r1 have counters but no views
    assert (owned.items_rated, owned.items_without_views, owned.median_rate_by_impressions) == (1, 2, 0.05)


def test_account_rate_null_when_no_usable_post(scope):
    got = by_key(compute(get("account_engagement_rate"), scope, []).execute(), "entity")
    aurora = got[("Aurora",)]
    # p1 and p2 usable (p3 has no counters): 60 ÷ (2 × mean(1,000, 3,000)) = 60 ÷ 4,000
    assert (aurora.posts, aurora.posts_used, aurora.posts_without_counters) == (3, 2, 1)
    assert aurora.account_rate_by_followers == pytest.approx(0.015)
    assert got[("Borealis",)].account_rate_by_followers == 0.0  # a true 0
    meridiana = got[("Meridiana",)]
    assert (meridiana.posts, meridiana.posts_used) == (1, 0)
    assert meridiana.account_rate_by_followers != meridiana.account_rate_by_followers  # null (NaN)
    weekly = compute(get("account_engagement_rate"), scope, ["week"]).execute()
    # week of Monday 12 January: p2 alone, 40 ÷ (1 × 3,000)
    aurora_12 = weekly[(weekly.entity == "Aurora") & (weekly.week == datetime(2026, 1, 12))].iloc[0]
    assert aurora_12.account_rate_by_followers == pytest.approx(40 / 3000)


def test_kaushik_rates(scope):
    aurora = by_key(compute(get("kaushik_rates"), scope, []).execute(), "entity")[("Aurora",)]
    # posts p1, p2 (p3 unknown): replies (5 + 10) / 2, shares (4 + 0) / 2, likes (10 + 30) / 2
    assert (aurora.conversation_rate_per_post, aurora.amplification_rate_per_post) == (7.5, 2.0)
    assert aurora.applause_rate_per_post == 20.0
    assert (aurora.posts, aurora.posts_without_counters, aurora.amplification_posts) == (3, 1, 2)
    # per 1,000 followers: Σ × 1,000 ÷ (1,000 + 3,000)
    assert aurora.conversation_rate_per_1000_followers == pytest.approx(15 * 1000 / 4000)
    assert aurora.amplification_rate_per_1000_followers == pytest.approx(4 * 1000 / 4000)
    assert aurora.applause_rate_per_1000_followers == pytest.approx(40 * 1000 / 4000)


def test_hour_of_week_heatmap(scope):
    got = by_key(compute(get("engagement_by_hour_of_week"), scope, []).execute(), "entity", "hour_of_week")
    # Saturday 13:00 in Rome (12:00 UTC): p1 and p3 (unknown); Monday 09:00: p2
    saturday, monday = got[("Aurora", 133)], got[("Aurora", 9)]
    assert (saturday.posts, saturday.posts_without_counters) == (2, 1)
    assert saturday.median_interactions == 20
    assert monday.median_interactions == 40
    # rates by followers: p1 20 ÷ 1,000 (p3 has none); p2 40 ÷ 3,000; by impressions p1 20 ÷ 400, p2 none
    assert saturday.median_rate_by_followers == pytest.approx(0.02)
    assert monday.median_rate_by_followers == pytest.approx(40 / 3000)
    assert saturday.median_rate_by_impressions == pytest.approx(0.05)
    assert monday.median_rate_by_impressions != monday.median_rate_by_impressions  # unknown, not 0


def test_top_posts_and_authors(scope):
    posts = compute(get("top_posts"), scope, []).execute()
    # the result comes ordered by entity, media class and rank (not by platform and id)
    assert list(zip(posts.entity, posts.media, posts["rank"], strict=True))[:4] == [
        ("Aurora", "earned", 1),
        ("Aurora", "earned", 2),
        ("Aurora", "owned", 1),
        ("Aurora", "owned", 2),
    ]
    owned = posts[(posts.entity == "Aurora") & (posts.media == "owned")]
    # p2 40, p1 20, r1 1; p3's counters are unknown: not ranked
    assert list(owned.id) == ["p2", "p1", "r1"] and list(owned["rank"]) == [1, 2, 3]
    # rates by followers: 40 ÷ 3,000, 20 ÷ 1,000, 1 ÷ 1,000
    assert list(owned.rate_by_followers) == pytest.approx([40 / 3000, 0.02, 0.001])
    authors = compute(get("top_authors"), scope, []).execute()
    earned = authors[(authors.entity == "Aurora") & (authors.media == "earned")]
    assert list(earned.author) == ["dora", "anna"] and list(earned.interactions) == [60, 8]


def test_metrics_command_splits_by_platform_week_entity(tmp_path):
    workspace = tmp_path
    with Store.open(workspace / "passaparola.duckdb") as store:
        store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    (workspace / "passaparola.toml").write_text(
        '[workspace]\ntimezone = "Europe/Rome"\n[brand]\nname = "Aurora"\n[brand.accounts]\n'
        'twitter = ["caffeaurora"]\n[[competitors]]\nname = "Borealis"\n[competitors.accounts]\n'
        'twitter = ["borealis"]\n',
        encoding="utf-8",
    )
    runner = CliRunner(env={"PASSAPAROLA_LANG": "en"})
    result = runner.invoke(
        app, ["metrics", "kaushik_rates", "--by", "platform,week,entity", "-f", "csv", "-w", str(workspace)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("platform,week,entity,posts")
    # the week of 12 January: Aurora's p2 (10 replies, 0 shares, 30 likes); Borealis published nothing
    # that week: 0 posts (a known zero) and no rate (nothing to divide), not a missing row
    assert "twitter,2026-01-12,Aurora,1,0,0,1,1,1,10.0,0.0,30.0,3.33" in result.output
    assert "twitter,2026-01-12,Borealis,0,0,0,0,0,0,,,,,," in lines
    top = runner.invoke(app, ["top", "posts", "--media", "owned", "-n", "2", "-w", str(workspace)])
    assert top.exit_code == 0, top.output
    assert "Top items for Aurora" in top.output and "p2" not in top.output  # ids are not shown, texts are
    assert top.output.count("twitter") == 2
    bad = runner.invoke(app, ["top", "authors", "--entity", "Nobody", "-w", str(workspace)])
    assert bad.exit_code == 2 and "--entity 'Nobody'" in bad.output


def test_top_has_help_with_an_example():
    result = CliRunner().invoke(app, ["top", "--help"])
    assert result.exit_code == 0 and "Example: passaparola top posts" in result.output


PLATFORMS = [
    # Twitter gives all four counters: t1 has them; t2 lacks shares and quotes, so its 6 is a lower bound
    row("t1", "caffeaurora", created_at=SAT, author_followers=1000, **counters(10, 2, 3, 1)),
    row("t2", "caffeaurora", created_at=SAT, author_followers=1000, **counters(5, None, 1, None)),
    # Instagram never gives shares or quotes (no Instagram item has them): i1's 12 is complete
    row("i1", "caffeaurora", platform="instagram", created_at=SAT, author_followers=0, views=0,
        **counters(10, None, 2, None)),
    # i2 has no counter at all: unknown
    row("i2", "caffeaurora", platform="instagram", created_at=SAT, author_followers=500,
        **counters(None, None, None, None)),
]  # fmt: skip


@pytest.fixture
def platforms(tmp_path: Path):
    store = Store.open(tmp_path / "p.duckdb")
    store.write(1, Batch(items=[dict(item) for item in PLATFORMS]))
    brand = {**SETTINGS["brand"], "accounts": {**SETTINGS["brand"]["accounts"], "instagram": ["caffeaurora"]}}
    yield Scope.of(store, parse_settings({**SETTINGS, "brand": brand}, tmp_path / "passaparola.toml"))
    store.close()


def test_a_missing_counter_makes_a_lower_bound_and_a_never_given_one_does_not(platforms):
    owned = by_key(compute(get("engagement"), platforms, []).execute(), "entity", "media")[
        ("Aurora", "owned")
    ]
    # 16 (t1) + 6 (t2, lower bound) + 12 (i1, complete: Instagram has no share counter); i2 unknown
    assert (owned.items, owned.interactions, owned.items_partial, owned.items_without_counters) == (
        4,
        34,
        1,
        1,
    )
    kaushik = by_key(compute(get("kaushik_rates"), platforms, []).execute(), "entity")[("Aurora",)]
    # each rate over the posts that have its counter: replies t1, t2, i1 (3 + 1 + 2 = 6); shares t1 only (2);
    # likes t1, t2, i1 (25); i2 is in none: 4 posts, 1 without counters
    assert (kaushik.posts, kaushik.posts_without_counters) == (4, 1)
    assert (kaushik.conversation_posts, kaushik.amplification_posts, kaushik.applause_posts) == (3, 1, 3)
    assert (kaushik.conversation_rate_per_post, kaushik.amplification_rate_per_post) == (2.0, 2.0)
    assert kaushik.applause_rate_per_post == pytest.approx(25 / 3)
    # per 1,000 followers over posts with both known: replies 6 × 1,000 ÷ (1,000 + 1,000 + 0 followers);
    # shares 2 × 1,000 ÷ 1,000
    assert kaushik.conversation_rate_per_1000_followers == pytest.approx(3.0)
    assert kaushik.amplification_rate_per_1000_followers == pytest.approx(2.0)


def test_zero_followers_and_zero_views_give_no_rate(platforms):
    followers = by_key(
        compute(get("engagement_rate_by_followers"), platforms, ["platform"]).execute(), "platform", "media"
    )
    instagram = followers[("instagram", "owned")]
    # i1 has 0 followers: 12 ÷ 0 is no rate (counted, not used); i2 has no counters
    assert (instagram.items_rated, instagram.items_without_followers, instagram.items_without_counters) == (
        0,
        1,
        1,
    )
    assert instagram.median_rate_by_followers != instagram.median_rate_by_followers  # null, not 0 nor inf
    twitter = followers[("twitter", "owned")]
    # t1 16 ÷ 1,000, t2 6 ÷ 1,000 (a lower bound, counted); median 0.011
    assert (twitter.items_rated, twitter.items_partial) == (2, 1)
    assert twitter.median_rate_by_followers == pytest.approx(0.011)
    views = by_key(
        compute(get("engagement_rate_by_impressions"), platforms, ["platform"]).execute(), "platform", "media"
    )
    assert views[("instagram", "owned")].items_without_views == 1  # 0 views: no rate
    account = compute(get("account_engagement_rate"), platforms, ["platform"]).execute()
    instagram = by_key(account, "platform", "entity")[("instagram", "Aurora")]
    # Instagram: i1 is usable (followers known, 0) and i2 is not: 12 ÷ (1 × 0) has no rate
    assert (instagram.posts, instagram.posts_used) == (2, 1)
    assert instagram.account_rate_by_followers != instagram.account_rate_by_followers


def test_account_rate_in_a_period_without_posts(scope):
    weekly = compute(get("account_engagement_rate"), scope, ["week"]).execute()
    got = {(r.entity, r.week.day): r for r in weekly.itertuples()}
    # Borealis and Meridiana published only on Saturday 10 January: the week of 12 January has a row with
    # 0 posts (a known zero) and no rate (nothing to divide), instead of no row
    for entity in ("Borealis", "Meridiana"):
        quiet = got[(entity, 12)]
        assert (quiet.posts, quiet.posts_used, quiet.interactions) == (0, 0, 0)
        assert quiet.account_rate_by_followers != quiet.account_rate_by_followers
    assert set(got) == {(e, d) for e in ("Aurora", "Borealis", "Meridiana") for d in (5, 12)}
