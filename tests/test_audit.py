"""The maturity audit: each dimension's score, the archetypes and the recommendations on hand-built
evidence and on a hand-built workspace, every answer worked out by hand in the comments."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passaparola.audit import audit, audit_all, league
from passaparola.audit.archetypes import ARCHETYPES, assign, evidence_lines
from passaparola.audit.evidence import Evidence
from passaparola.audit.measure import evidence
from passaparola.audit.score import DIMENSIONS, score
from passaparola.config import parse_settings
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import row

FULL = Evidence(
    entity="Aurora",
    months=2.0,
    accounts=("twitter",),
    earned_by_platform={"twitter": 30.0, "reddit": 10.0},
    output_by_platform={"twitter": 16.0},
    output_per_week=2.0,
    reply_share=0.05,
    two_way_rate=0.2,
    inbound=40.0,
    response_rate=0.25,
    median_response_hours=4.0,
    engagement_rate=0.0075,
    share_of_voice=0.375,
    entities=4,
    ugc_share=0.1,
    net_sentiment=-0.2,
    negative_share=0.4,
    growth_per_month=0.02,
)


def test_each_dimension_by_hand():
    got = score(FULL).dimensions
    # presence: 30 of the 40 items about Aurora are on twitter, where it publishes: coverage 0.75 -> 75
    assert got["presence"] == pytest.approx(75)
    # activity: 2 a week, between (1, 40) and (3, 70): 40 + 30 * 1/2 = 55
    assert got["activity"] == pytest.approx(55)
    # conversation: reply share 0.05 -> 25 (half-way to (0.1, 50)); two-way 0.2 -> 75; mean 50
    assert got["conversation"] == pytest.approx(50)
    # responsiveness: rate 0.25 -> 50; 4 business hours -> 75; 0.6 * 50 + 0.4 * 75 = 60
    assert got["responsiveness"] == pytest.approx(60)
    # engagement: 0.75% half-way between (0.5%, 50) and (1%, 75): 62.5
    assert got["engagement"] == pytest.approx(62.5)
    # earned voice: share 0.375 x 4 entities = 1.5 fair shares -> 75; UGC 0.1 -> 25; mean 50
    assert got["earned_voice"] == pytest.approx(50)
    # sentiment: net -0.2 on [-1, 1] -> 40
    assert got["sentiment"] == pytest.approx(40)
    # growth: +2% a month, half-way between (1%, 60) and (3%, 80): 70
    assert got["growth"] == pytest.approx(70)
    # overall: (75 + 55 + 50 + 60 + 62.5 + 50 + 40 + 70) / 8 = 57.8125
    assert score(FULL).overall == pytest.approx(57.8125)


def test_curves_are_flat_beyond_their_anchors():
    extreme = replace(
        FULL,
        output_per_week=50.0,
        reply_share=0.9,
        two_way_rate=1.0,
        response_rate=1.0,
        median_response_hours=500.0,
        engagement_rate=0.2,
        growth_per_month=-0.5,
    )
    got = score(extreme).dimensions
    assert got["activity"] == 100 and got["conversation"] == 100 and got["engagement"] == 100
    # response rate 1 -> 100, 500 hours -> 0 (flat after 72 h): 0.6 * 100 = 60
    assert got["responsiveness"] == pytest.approx(60)
    assert got["growth"] == 0


def test_unknown_is_left_out_never_zero():
    nothing = Evidence(entity="X")
    card = score(nothing)
    assert set(card.dimensions.values()) == {None} and card.overall is None and card.known == 0
    # a dimension with one part known is scored on that part alone
    partial = replace(nothing, reply_share=0.3, output_per_week=7.0)
    card = score(partial)
    assert card.dimensions["conversation"] == 100 and card.dimensions["activity"] == 100
    assert card.overall == 100 and card.known == 2
    # presence is unknown when the public says nothing, whatever the entity publishes
    assert score(replace(nothing, output_by_platform={"twitter": 5.0})).dimensions["presence"] is None
    # never answering is a score of 0, not unknown: the response rate is known (0), the time is not
    silent = replace(nothing, inbound=10.0, response_rate=0.0)
    assert score(silent).dimensions["responsiveness"] == 0


@given(
    st.builds(
        Evidence,
        entity=st.just("E"),
        output_per_week=st.none() | st.floats(0, 1e4),
        reply_share=st.none() | st.floats(0, 1),
        two_way_rate=st.none() | st.floats(0, 1),
        response_rate=st.none() | st.floats(0, 1),
        median_response_hours=st.none() | st.floats(0, 1e5),
        engagement_rate=st.none() | st.floats(0, 10),
        share_of_voice=st.none() | st.floats(0, 1),
        entities=st.integers(1, 20),
        ugc_share=st.none() | st.floats(0, 1),
        net_sentiment=st.none() | st.floats(-1, 1),
        growth_per_month=st.none() | st.floats(-1, 10),
        earned_by_platform=st.dictionaries(st.sampled_from(["twitter", "reddit"]), st.floats(0, 1e6)),
        output_by_platform=st.dictionaries(st.sampled_from(["twitter", "reddit"]), st.floats(0, 1e6)),
    )
)
def test_scores_stay_within_0_and_100_and_an_archetype_is_always_named(e):
    card = score(e)
    assert all(s is None or 0 <= s <= 100 for s in card.dimensions.values())
    assert card.overall is None or 0 <= card.overall <= 100
    result = audit(e)
    assert result.archetype in ARCHETYPES
    assert all(r.impact > 0 for r in result.recommendations)


def archetype(**fields) -> str:
    e = replace(Evidence(entity="E"), **fields)
    return assign(e, score(e)).key


def test_archetypes_by_their_rules():
    assert archetype(output_per_week=0.1, reply_share=0.5) == "absent"  # less than one item a month
    assert archetype(output_per_week=3.0, reply_share=0.0, engagement_rate=0.0005) == "showcase"
    # few replies but real interaction: not a showcase; not conversational either -> broadcaster
    assert archetype(output_per_week=3.0, reply_share=0.02, engagement_rate=0.01) == "broadcaster"
    # converses (reply share 0.3 -> 100) and answers (rate 0.5 -> 75, 1 h -> 100: 85), but the public
    # talks about it less than a fair share (0.2 x 4 = 0.8) -> conversational
    talker = {
        "output_per_week": 5.0,
        "reply_share": 0.3,
        "response_rate": 0.5,
        "median_response_hours": 1.0,
        "engagement_rate": 0.01,
        "share_of_voice": 0.2,
        "entities": 4,
    }
    assert archetype(**talker) == "conversational"
    assert archetype(**{**talker, "share_of_voice": 0.3}) == "community_leader"  # 1.2 fair shares
    # answers too few (rate 0.1 -> 25, 1 h -> 100: 55 is the edge, so 0.09 falls below)
    assert archetype(**{**talker, "response_rate": 0.09}) == "broadcaster"
    # nothing known about the output: no archetype is claimed
    assert archetype(reply_share=0.0, engagement_rate=0.0) == "undetermined"


def test_evidence_lines_name_the_values_and_thresholds():
    e = replace(Evidence(entity="E"), output_per_week=3.0, reply_share=0.0, engagement_rate=0.0005)
    lines = evidence_lines(assign(e, score(e)), e, score(e), "en")
    assert lines == [
        "Items published per week: 3 (>= 0.25)",
        "Reply share of output: 0.0% (< 5.0%)",
        "Account engagement rate by followers: 0.05% (< 0.2%)",
    ]
    it = evidence_lines(assign(e, score(e)), e, score(e), "it")
    assert it[1] == "Quota di risposte: 0,0% (< 5,0%)"
    # a broadcaster shows the conversational rule it failed
    b = replace(e, reply_share=0.02, engagement_rate=0.01)
    assert evidence_lines(assign(b, score(b)), b, score(b), "en") == [
        "Items published per week: 3 (>= 0.25)",
        "Conversation score: 10 (< 50)",
        "Responsiveness score: n/a (< 55)",
    ]


def test_a_presence_gap_is_recommended_with_its_monthly_volume():
    # one month; the public mentions the entity 340 times on Reddit and 660 on Twitter, where it publishes
    e = Evidence(
        entity="Aurora",
        months=1.0,
        accounts=("twitter",),
        earned_by_platform={"reddit": 340.0, "twitter": 660.0},
        output_by_platform={"twitter": 10.0},
    )
    (only,) = audit(e).recommendations
    assert (
        only.text("en") == "The public mentions you 340 times a month on Reddit, where you have no account."
    )
    assert only.text("it") == "Il pubblico ti menziona 340 volte al mese su Reddit, dove non hai un account."
    # presence alone is known: 66 -> 100 with Reddit covered, so the overall gains 34 points
    assert only.dimension == "presence" and only.impact == pytest.approx(34.0)
    # an account that publishes nothing is named as such; under 5 a month is not worth a recommendation
    quiet = replace(e, accounts=("twitter", "reddit"))
    assert "where your account publishes nothing" in audit(quiet).recommendations[0].text("en")
    assert audit(replace(e, months=100.0)).recommendations == []  # 3.4 a month


def test_recommendations_rank_by_impact_and_cite_the_best_competitor():
    rival = replace(FULL, entity="Borealis", response_rate=0.8, engagement_rate=0.02, share_of_voice=0.5)
    result = audit(FULL, (rival,))
    impacts = [r.impact for r in result.recommendations]
    assert impacts == sorted(impacts, reverse=True) and impacts
    texts = {r.dimension: r.text("en") for r in result.recommendations}
    assert "Borealis answers 80.0%" in texts["responsiveness"]
    assert "Borealis's is 2.0%" in texts["engagement"]
    # FULL's responsiveness 60 -> rate 0.9 (100) and 2 h (100 - 25/3 = 91.67): 0.6 * 100 + 0.4 * 91.67 =
    # 96.67; +36.67 on one of 8 dimensions = +4.6 points overall
    responsiveness = next(r for r in result.recommendations if r.dimension == "responsiveness")
    assert responsiveness.impact == pytest.approx(4.6)


def test_the_league_ranks_best_first_and_unknown_last():
    low = replace(FULL, entity="Low", reply_share=0.0, two_way_rate=0.0)
    blank = Evidence(entity="Blank")
    ranked = [a.entity for a in league(audit_all([low, blank, FULL]))]
    assert ranked == ["Aurora", "Low", "Blank"]


CONFIG = {
    "workspace": {"timezone": "UTC"},
    "brand": {"name": "Aurora", "accounts": {"twitter": ["caffeaurora"]}},
    "competitors": [{"name": "Borealis", "accounts": {"twitter": ["borealis"], "mastodon": ["borealis"]}}],
    "care": {"hours": "00:00-24:00", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
}
START = datetime(2026, 1, 5, 0, tzinfo=UTC)  # a Monday


def hours(h: float) -> datetime:
    return START + timedelta(hours=h)


ITEMS = [
    # Aurora: 3 posts and 2 replies on twitter
    row(
        "a1",
        "caffeaurora",
        created_at=hours(1),
        likes=50,
        shares=0,
        replies=2,
        quotes=0,
        author_followers=1000,
    ),
    row(
        "a2",
        "caffeaurora",
        created_at=hours(100),
        likes=10,
        shares=0,
        replies=0,
        quotes=0,
        author_followers=1000,
    ),
    # anna replies to a1 (inbound), Aurora answers 2 hours later; anna answers back: a two-way thread
    row("c1", "anna", kind="reply", parent_id="a1", created_at=hours(2), author_followers=10),
    row("a3", "caffeaurora", kind="reply", parent_id="c1", created_at=hours(4), author_followers=1000),
    row("c2", "anna", kind="reply", parent_id="a3", created_at=hours(5), author_followers=10),
    # bruno mentions Aurora and never gets an answer
    row(
        "c3",
        "bruno",
        created_at=hours(6),
        mentions=["caffeaurora"],
        text="@caffeaurora ciao",
        author_followers=5,
    ),
    # carla replies to a2; Aurora answers 10 hours later: two-way too (each replied to the other)
    row("c4", "carla", kind="reply", parent_id="a2", created_at=hours(101), author_followers=7),
    row("a4", "caffeaurora", kind="reply", parent_id="c4", created_at=hours(111), author_followers=1000),
    # a post nobody answers: a thread the brand is in, not two-way
    row(
        "a5",
        "caffeaurora",
        created_at=hours(200),
        likes=0,
        shares=0,
        replies=0,
        quotes=0,
        author_followers=1000,
    ),
    # Borealis: a showcase, 2 posts and nothing else; the public talks about it on mastodon only
    row("b1", "borealis", created_at=hours(3), likes=0, shares=0, replies=0, quotes=0, author_followers=2000),
    row(
        "b2", "borealis", created_at=hours(300), likes=1, shares=0, replies=0, quotes=0, author_followers=2000
    ),
    row("m1", "dora", platform="mastodon", created_at=hours(7), mentions=["borealis"], text="@borealis?"),
    row("m2", "enzo", platform="mastodon", created_at=hours(8), mentions=["borealis"], text="@borealis!"),
    row("m3", "enzo", platform="mastodon", created_at=hours(9), mentions=["borealis"], text="@borealis."),
]


@pytest.fixture
def workspace_scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_evidence_and_scores_on_a_hand_built_workspace(workspace_scope):
    aurora, borealis = evidence(workspace_scope)
    # the items span 5 January 01:00 to 17 January 12:00 (b2 at 300 h): local days 5..17 = 13 days
    assert aurora.months == pytest.approx(13 / (365.25 / 12))
    assert aurora.output_by_platform == {"twitter": 5.0} and aurora.accounts == ("twitter",)
    assert aurora.output_per_week == pytest.approx(5 / (13 / 7))
    assert aurora.reply_share == 0.4  # a3 and a4 of a1..a5
    # earned for Aurora: c1 (reply), c2 (reply to a3), c3 (mention), c4 (reply): all on twitter
    assert aurora.earned_by_platform == {"twitter": 4.0}
    # inbound c1, c2, c3, c4; answered c1 (2 h) and c4 (10 h): 2 of 4, median 6 hours (care hours: always)
    assert (aurora.inbound, aurora.response_rate, aurora.median_response_hours) == (4, 0.5, 6.0)
    # Aurora's threads: a1 and a2 are two-way (Aurora replied to anna and carla, both replied to Aurora);
    # a5 has no reply: 2 of 3
    assert aurora.two_way_rate == pytest.approx(2 / 3)
    # engagement: (52 + 10 + 0) interactions / (3 posts x 1000 followers)
    assert aurora.engagement_rate == pytest.approx(62 / 3000)
    # Borealis in the brand's place: one thread each (b1, b2), no reply at all, so not two-way
    assert borealis.two_way_rate == 0.0 and borealis.reply_share == 0.0
    assert borealis.earned_by_platform == {"mastodon": 3.0} and borealis.output_by_platform == {
        "twitter": 2.0
    }
    assert borealis.engagement_rate == pytest.approx(1 / 4000)
    assert borealis.inbound == 3 and borealis.response_rate == 0.0 and borealis.median_response_hours is None
    # mentions: Aurora 4, Borealis 3: shares of voice 4/7 and 3/7
    assert (aurora.share_of_voice, borealis.share_of_voice) == pytest.approx((4 / 7, 3 / 7))
    a, b = audit_all([aurora, borealis])
    # Borealis publishes only where nobody talks about it: presence 0; it posts, never replies and gets
    # almost no interaction (0.025% < 0.2%): a showcase
    assert b.scorecard.dimensions["presence"] == 0 and b.archetype.key == "showcase"
    # 3 mentions in 13 days = 7 a month on Mastodon, where Borealis has an account but publishes nothing
    presence = next(r for r in b.recommendations if r.dimension == "presence")
    assert presence.text("en") == (
        "The public mentions you 7 times a month on Mastodon, where your account publishes nothing."
    )
    # Aurora: reply share 0.4 -> 100, two-way 0.67 -> 100; responsiveness 0.5 -> 75 and 6 h -> 70: 73
    assert a.scorecard.dimensions["conversation"] == 100
    assert a.scorecard.dimensions["responsiveness"] == pytest.approx(0.6 * 75 + 0.4 * 70)
    # its voice is 4/7 x 2 entities = 1.14 fair shares, but a community leader answers better (75+)
    assert a.archetype.key == "conversational"
    # no sentiment was scored and no account was seen twice: both dimensions unknown, not 0
    assert a.scorecard.dimensions["sentiment"] is None and a.scorecard.dimensions["growth"] is None


def test_every_dimension_and_archetype_has_both_languages():
    for d in DIMENSIONS:
        assert d.title.en and d.title.it and d.question.en and d.question.it
        assert all(p.label.en and p.label.it for p in d.parts)
    for a in ARCHETYPES:
        assert a.title.en and a.title.it and a.description.en and a.description.it


# --- sentiment, growth and UGC from a store -------------------------------------------------------------

JAN5 = datetime(2026, 1, 5, 10, tzinfo=UTC)
FEB3 = datetime(2026, 2, 3, 10, tzinfo=UTC)


def snapshot(handle: str, followers: int, when: datetime) -> dict:
    return {"platform": "twitter", "id": f"id-{handle}", "handle": handle, "followers": followers,
            "observed_at": when, "source": "hand"}  # fmt: skip


FEELINGS = [
    # Aurora's two posts, on the first and the last day: the window is 5 January to 3 February, 30 days
    row("a1", "caffeaurora", created_at=JAN5, likes=10, shares=0, replies=2, quotes=1, author_followers=1000),
    row("a2", "caffeaurora", created_at=FEB3, likes=4, shares=0, replies=0, quotes=0, author_followers=1030),
    # the public about Aurora: three posts and a quote are UGC; the two replies are earned, not UGC
    row("p1", "anna", created_at=JAN5 + timedelta(days=1), mentions=["caffeaurora"], sentiment="positive"),
    row("p2", "bruno", created_at=JAN5 + timedelta(days=2), mentions=["caffeaurora"], sentiment="positive"),
    row("p3", "carla", created_at=JAN5 + timedelta(days=3), mentions=["caffeaurora"], sentiment="positive"),
    row("p4", "dario", kind="quote", shared_id="a1", created_at=JAN5 + timedelta(days=4), sentiment="negative"),
    row("r1", "enzo", kind="reply", parent_id="a1", created_at=JAN5 + timedelta(hours=1), sentiment="neutral"),
    row("r2", "franco", kind="reply", parent_id="a1", created_at=JAN5 + timedelta(hours=2), sentiment="negative"),
    # Borealis posts once (its item shows 500 followers); two public posts mention it, one negative, one
    # unscored
    row("b1", "borealis", created_at=JAN5 + timedelta(days=5), author_followers=500),
    row("m1", "gina", created_at=JAN5 + timedelta(days=6), mentions=["borealis"], sentiment="negative"),
    row("m2", "ugo", created_at=JAN5 + timedelta(days=7), mentions=["borealis"]),
]  # fmt: skip
SNAPSHOTS = [
    # Aurora's followers: 1,000 on the first day, 1,030 on the last; Borealis 500 again the day it posted
    snapshot("caffeaurora", 1000, JAN5 + timedelta(hours=2)),
    snapshot("caffeaurora", 1030, FEB3 + timedelta(hours=2)),
    snapshot("borealis", 500, JAN5 + timedelta(days=5, hours=3)),
]


def test_sentiment_growth_and_ugc_scored_from_a_store(tmp_path: Path):
    with Store.open(tmp_path / "s.duckdb") as store:
        items = [{**i, "observed_at": i["created_at"]} for i in FEELINGS]
        store.write(1, Batch(items=items, authors=[dict(s) for s in SNAPSHOTS]))
        aurora, borealis = evidence(Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml")))
    a, b = (score(e).dimensions for e in (aurora, borealis))
    assert aurora.window == (date(2026, 1, 5), date(2026, 2, 3)) and aurora.months == 30 / (365.25 / 12)
    # sentiment: the public's items about Aurora: 3 positive (p1-p3), 2 negative (p4, r2), 1 neutral
    # (r1): (3 − 2) ÷ (3 + 2) = 0.2, which the line from (−1, 0) to (1, 100) scores 60
    assert aurora.net_sentiment == pytest.approx(0.2) and a["sentiment"] == pytest.approx(60)
    # Borealis: one negative, one unscored: (0 − 1) ÷ 1 = −1 -> 0
    assert borealis.net_sentiment == -1 and b["sentiment"] == 0
    # growth: 30 net new on a baseline of 1,000 over 30 days (0.9856 months): 3.04% a month, between
    # (3%, 80) and (5%, 100): 80 + 20 × 0.0437 / 2 = 80.44; Borealis, 500 both times: 0 a month -> 40
    growth = 0.03 / (30 / (365.25 / 12))
    assert aurora.growth_per_month == pytest.approx(growth)
    assert a["growth"] == pytest.approx(80 + 20 * (growth - 0.03) / 0.02)
    assert borealis.growth_per_month == 0 and b["growth"] == 40
    # UGC: p1-p4 of Aurora's 8 media items (2 owned, 6 earned): 0.5 -> 100. Share of voice: 6 items by
    # others about Aurora, 2 about Borealis: 0.75 × 2 entities = 1.5 fair shares -> 75. Mean 87.5
    assert aurora.ugc_share == 0.5 and aurora.share_of_voice == 0.75
    assert a["earned_voice"] == pytest.approx((75 + 100) / 2)
    # Borealis: m1 and m2 of its 3 media items, 2/3, beyond (50%, 100): 100; voice 0.25 × 2 = 0.5
    # fair shares -> 25; mean 62.5
    assert borealis.ugc_share == pytest.approx(2 / 3)
    assert b["earned_voice"] == pytest.approx((25 + 100) / 2)


def test_a_stray_old_item_does_not_stretch_the_window(tmp_path: Path):
    # Aurora posts Monday, Wednesday and Friday for 8 weeks (24 posts) and is mentioned twice a day
    # (112 items), 5 January to 1 March 2026; one post of its own is dated 29 August 2011
    monday = datetime(2026, 1, 5, 10, tzinfo=UTC)
    items = [
        row(f"a{w}-{d}", "caffeaurora", created_at=monday + timedelta(weeks=w, days=d))
        for w in range(8)
        for d in (0, 2, 4)
    ]
    items += [
        row(f"m{n}-{h}", "anna", created_at=monday + timedelta(days=n, hours=h), mentions=["caffeaurora"])
        for n in range(56)
        for h in (2, 3)
    ]
    items.append(row("stray", "caffeaurora", created_at=datetime(2011, 8, 29, 3, tzinfo=UTC)))
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        # 137 items: the oldest and the newest one (⌊1.37⌋ at each end) are left out
        aurora = evidence(Scope.of(store, settings))[0]
        # asked for explicitly, the window is the one asked: 15 years, and Aurora looks absent
        asked = evidence(Scope.of(store, settings, date(2011, 8, 29), date(2026, 3, 2)))[0]
    assert aurora.window == (date(2026, 1, 5), date(2026, 3, 1)) and aurora.months == 56 / (365.25 / 12)
    assert aurora.output_per_week == pytest.approx(3.0)  # 24 posts in 8 weeks; the stray one is outside
    result = audit(aurora)
    assert result.archetype.key != "absent" and result.scorecard.dimensions["activity"] == pytest.approx(70)
    assert asked.window == (date(2011, 8, 29), date(2026, 3, 1))
    assert asked.output_per_week < 0.25 and audit(asked).archetype.key == "absent"


def test_italian_recommendations_put_no_article_before_a_number():
    # "il 0,0%" is wrong Italian ("lo 0,0%"); the messages state numbers after a colon instead
    rival = replace(FULL, entity="Borealis", response_rate=0.8, engagement_rate=0.02, share_of_voice=0.5)
    silent = replace(FULL, reply_share=0.0, two_way_rate=0.0, ugc_share=0.0, growth_per_month=-0.01)
    texts = [r.text("it") for e in (FULL, silent) for r in audit(e, (rival,)).recommendations]
    assert len(texts) >= 10 and not [t for t in texts if re.search(r"\b(il|al|del|dal|lo|la) [−\-]?\d", t)]
    conversation = next(r for r in audit(silent).recommendations if r.dimension == "conversation")
    assert conversation.text("it").startswith(
        "Quota di risposte in ciò che pubblichi: 0,0%; quota di conversazioni bidirezionali tra quelle a cui "
        "partecipi: 0,0%."
    )


def test_the_report_section_states_the_window_and_ranks_the_entities(workspace_scope):
    from passaparola.report.audit_section import _findings, _render
    from passaparola.report.sections import Context, Paragraph, Table

    context = Context(workspace_scope, "en")
    blocks = _render(context)
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert "Window audited: 2026-01-05 to 2026-01-17." in paragraphs
    table = next(b for b in blocks if isinstance(b, Table))
    assert [row[1] for row in table.rows] == ["Aurora", "Borealis"]
    assert _findings(context)[1].en.startswith("A showcase or absent competitor: Borealis")
