"""The typed workspace settings: the demo's configuration, one bad configuration per rule (each naming its
dotted key), and business time checked by hand and against a minute-by-minute count."""

from __future__ import annotations

import re
import sys
import tomllib
import types
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.config import (
    Care,
    ConfigError,
    Entity,
    Paid,
    business_seconds,
    parse_duration,
    parse_settings,
)
from passaparola.demo import workspace_config
from passaparola.demo.simulation import BRAND, COMPETITORS
from passaparola.workspace import TEMPLATE, WorkspaceError

PATH = Path("/ws/passaparola.toml")
ROME = ZoneInfo("Europe/Rome")


def parse(text: str):
    return parse_settings(tomllib.loads(text), PATH)


# --- the demo and the template --------------------------------------------------------------------------


def test_demo_configuration_gives_the_brand_and_its_competitors():
    settings_ = parse(workspace_config())
    assert [e.name for e in settings_.entities] == [BRAND.name, *(c.name for c in COMPETITORS)]
    assert settings_.brand is settings_.entities[0]
    for expected, entity in zip((BRAND, *COMPETITORS), settings_.entities, strict=True):
        platforms = [p for p in expected.platforms if p != "rss"]
        handles = {
            p: f"{expected.handle}.bsky.social" if p == "bluesky" else expected.handle for p in platforms
        }
        assert entity.accounts == {p: (handle,) for p, handle in handles.items()}
        assert entity.query and f"@{expected.handle}" in entity.query
    assert settings_.timezone == ROME and settings_.care.timezone == ROME
    assert settings_.paid.hashtags == (BRAND.campaign_hashtag,)
    assert settings_.paid.utm_campaigns == ("estate",)
    assert settings_.paid.utm_mediums == ("cpc", "paid", "paid_social")
    assert settings_.paid.disclosure_hashtags == ("adv", "ad", "sponsored", "sponsorizzato", "pubblicità")
    assert settings_.paid.disclosure_phrases == ("in collaborazione con",)
    assert settings_.care.hours == ((9 * 60, 18 * 60),)
    assert settings_.care.days == (0, 1, 2, 3, 4)
    assert settings_.care.horizon == timedelta(days=7)
    assert settings_.influencer_threshold == 10_000
    brand, borealis = settings_.entities[0], settings_.entities[1]
    assert settings_.entity_of("twitter", "@CaffeAurora") is brand
    assert settings_.entity_of("twitter", COMPETITORS[0].handle) is borealis
    assert settings_.role_of("twitter", "caffeaurora") == "brand"
    assert settings_.role_of("twitter", COMPETITORS[0].handle) == "competitor"
    assert settings_.role_of("twitter", "someone") is None
    assert settings_.entity_of("reddit", "caffeaurora") is None  # no Reddit account configured
    assert settings_.entity_of("twitter", None) is None
    # A bare Mastodon handle matches the user on any server.
    assert settings_.entity_of("mastodon", "caffeaurora@mastodon.social") is brand
    assert hash(settings_) == hash(parse(workspace_config()))


def test_fresh_workspace_has_no_brand_and_the_defaults():
    settings_ = parse(TEMPLATE.format(name="x", language="en"))
    assert settings_.brand is None and settings_.competitors == () and settings_.entities == ()
    assert settings_.paid == Paid()
    assert settings_.paid.disclosure_hashtags == ("adv", "ad", "sponsored", "sponsorizzato", "pubblicità")
    assert settings_.care == Care(timezone=ROME)
    assert settings_.entity_of("twitter", "anyone") is None
    assert parse("").timezone == ZoneInfo("UTC")


def test_the_templates_commented_examples_are_valid():
    lines = TEMPLATE.format(name="x", language="en").splitlines()
    uncommented = [re.sub(r"^# (?=\[|\w+ = )", "", line) for line in lines]
    settings_ = parse("\n".join(uncommented))
    assert settings_.brand.name == "Caffè Aurora"
    assert settings_.brand.accounts["mastodon"] == ("caffeaurora@mastodon.social",)
    assert [c.name for c in settings_.competitors] == ["Torrefazione Borealis"]
    assert settings_.paid.hashtags == ("auroraestate",)


def test_handles_are_normalised_and_lists_read():
    settings_ = parse(
        """
        [workspace]
        timezone = "Europe/Rome"
        [brand]
        name = " Caffè Aurora "
        keywords = ["espresso", "moka"]
        [brand.accounts]
        twitter = ["@CaffeAurora", 1234567890]
        mastodon = ["@CaffeAurora@Mastodon.Social", "aurora"]
        reddit = "u/CaffeAurora"
        [[competitors]]
        name = "Borealis"
        [competitors.accounts]
        mastodon = ["borealis@other.example"]
        [paid]
        hashtags = ["#AuroraEstate", "summer"]
        utm_campaigns = ["Estate-2026"]
        utm_mediums = ["CPC"]
        ad_ids = [23851234567890, "abc"]
        disclosure = ["#ADV", "In  Collaborazione con"]
        [care]
        hours = ["14:00-18:00", "9:00-13:00"]
        days = ["Mon", "sat"]
        holidays = [2026-12-25, "2026-12-26"]
        horizon = "1d12h"
        [influencers]
        threshold = 0
        """
    )
    brand, borealis = settings_.entities
    assert brand.name == "Caffè Aurora" and brand.keywords == ("espresso", "moka") and brand.query is None
    assert brand.accounts == {
        "twitter": ("caffeaurora", "1234567890"),
        "mastodon": ("caffeaurora@mastodon.social", "aurora"),
        "reddit": ("caffeaurora",),
    }
    assert settings_.entity_of("twitter", 1234567890) is brand
    assert settings_.entity_of("reddit", "/u/CaffeAurora") is brand
    assert settings_.entity_of("mastodon", "caffeaurora") is brand  # local to mastodon.social
    assert settings_.entity_of("mastodon", "borealis@other.example") is borealis
    assert settings_.entity_of("mastodon", "borealis") is borealis  # the only "borealis" configured
    assert settings_.entity_of("mastodon", "aurora@third.example") is brand  # brand listed bare "aurora"
    assert settings_.paid == Paid(
        hashtags=("auroraestate", "summer"),
        utm_campaigns=("estate-2026",),
        utm_mediums=("cpc",),
        ad_ids=("23851234567890", "abc"),
        disclosure_hashtags=("adv",),
        disclosure_phrases=("in collaborazione con",),
    )
    care = settings_.care
    assert care.hours == ((540, 780), (840, 1080))
    assert care.days == (0, 5)
    assert care.holidays == frozenset({date(2026, 12, 25), date(2026, 12, 26)})
    assert care.horizon == timedelta(days=1, hours=12)
    assert care.describe() == "mon, sat 09:00-13:00, 14:00-18:00 (Europe/Rome)"
    assert settings_.influencer_threshold == 0


def test_mastodon_bare_lookup_is_ambiguous_between_two_servers():
    settings_ = parse(
        """
        [brand]
        name = "A"
        accounts = { mastodon = ["shop@a.example"] }
        [[competitors]]
        name = "B"
        accounts = { mastodon = ["shop@b.example"] }
        """
    )
    assert settings_.entity_of("mastodon", "shop@a.example").name == "A"
    assert settings_.entity_of("mastodon", "shop@b.example").name == "B"
    assert settings_.entity_of("mastodon", "shop") is None
    assert settings_.entity_of("mastodon", "shop@c.example") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("48h", timedelta(hours=48)),
        ("7d", timedelta(days=7)),
        ("2W", timedelta(weeks=2)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected


# --- bad configurations -------------------------------------------------------------------------------

BRAND_OK = '[brand]\nname = "Aurora"\n'
TWO = BRAND_OK + '[[competitors]]\nname = "B"\n[[competitors]]\nname = "C"\n'

BAD = [
    # (configuration, dotted key, words in the problem)
    ('[workspace]\ntimezone = "Europe/Roma"', "workspace.timezone", "IANA"),
    ("brand = 3", "brand", "table"),
    ('[brand]\naccounts = { twitter = ["a"] }', "brand.name", "missing"),
    ("[brand]\nname = 7", "brand.name", "string"),
    ('[brand]\nname = "  "', "brand.name", "empty"),
    (BRAND_OK + 'acounts = { twitter = ["a"] }', "brand.acounts", "did you mean 'accounts'"),
    (BRAND_OK + 'accounts = ["a"]', "brand.accounts", "table"),
    (BRAND_OK + 'accounts = { twiter = ["a"] }', "brand.accounts.twiter", "did you mean 'twitter'"),
    (BRAND_OK + 'accounts = { Twitter = ["a"] }', "brand.accounts.Twitter", "unknown platform"),
    (BRAND_OK + "accounts = { twitter = 5 }", "brand.accounts.twitter", "list"),
    (BRAND_OK + 'accounts = { twitter = ["a", 1.5] }', "brand.accounts.twitter[1]", "a number"),
    (BRAND_OK + 'accounts = { twitter = ["a@b.social"] }', "brand.accounts.twitter[0]", "'@'"),
    (BRAND_OK + 'accounts = { mastodon = ["a@b@c"] }', "brand.accounts.mastodon[0]", "user@host"),
    (BRAND_OK + 'accounts = { mastodon = ["a@"] }', "brand.accounts.mastodon[0]", "user@host"),
    (BRAND_OK + 'accounts = { instagram = ["@"] }', "brand.accounts.instagram[0]", "empty"),
    (BRAND_OK + 'accounts = { instagram = ["caffe aurora"] }', "brand.accounts.instagram[0]", "blank"),
    (
        BRAND_OK + 'accounts = { twitter = ["a", "@A"] }',
        "brand.accounts.twitter[1]",
        "brand.accounts.twitter[0]",
    ),
    (BRAND_OK + "query = 3", "brand.query", "string"),
    (BRAND_OK + 'keywords = "moka"', "brand.keywords", "list"),
    (BRAND_OK + 'keywords = ["moka", ""]', "brand.keywords[1]", "empty"),
    (BRAND_OK + '[competitors]\nname = "B"', "competitors", "[[competitors]]"),
    ("competitors = [1]\n" + BRAND_OK, "competitors[0]", "table"),
    (TWO + '[[competitors]]\nname = "b"', "competitors[2].name", "competitors[0].name"),
    (TWO.replace('"C"', '"aurora"'), "competitors[1].name", "brand.name"),
    (TWO + "[competitors.acounts]", "competitors[1].acounts", "unknown key"),
    (
        BRAND_OK + 'accounts = { twitter = ["caffeaurora"] }\n[[competitors]]\nname = "B"\n'
        '[[competitors]]\nname = "C"\naccounts = { twitter = ["x", "@CaffeAurora"] }',
        "competitors[1].accounts.twitter[1]",
        "already an account of brand (brand.accounts.twitter[0])",
    ),
    (
        BRAND_OK + 'accounts = { mastodon = ["shop@a.example"] }\n[[competitors]]\nname = "B"\n'
        'accounts = { mastodon = ["shop"] }',
        "competitors[0].accounts.mastodon[0]",
        "brand.accounts.mastodon[0]",
    ),
    ("[paid]\nhashtag = []", "paid.hashtag", "did you mean 'hashtags'"),
    ('[paid]\nhashtags = "#a"', "paid.hashtags", "list"),
    ('[paid]\nhashtags = ["#a", "#two words"]', "paid.hashtags[1]", "hashtag"),
    ('[paid]\nhashtags = ["##a"]', "paid.hashtags[0]", "hashtag"),
    ("[paid]\nutm_campaigns = [1]", "paid.utm_campaigns[0]", "string"),
    ('[paid]\nutm_mediums = "cpc"', "paid.utm_mediums", "list"),
    ("[paid]\nad_ids = [true]", "paid.ad_ids[0]", "boolean"),
    ('[paid]\ndisclosure = ["#adv", "#"]', "paid.disclosure[1]", "hashtag"),
    ('[care]\nhours = "9-18"', "care.hours", "not a time range"),
    ('[care]\nhours = "18:00-09:00"', "care.hours", "crosses midnight"),
    ('[care]\nhours = "09:00-09:00"', "care.hours", "empty range"),
    ('[care]\nhours = "09:00-25:00"', "care.hours", "00:00 to 24:00"),
    ('[care]\nhours = "24:00-24:00"', "care.hours", "00:00 to 24:00"),
    ('[care]\nhours = "09:60-10:00"', "care.hours", "00:00 to 24:00"),
    ('[care]\nhours = ["09:00-13:00", "9-18"]', "care.hours[1]", "not a time range"),
    ('[care]\nhours = ["14:00-18:00", "09:00-14:30"]', "care.hours[0]", "overlaps care.hours[1]"),
    ("[care]\nhours = []", "care.hours", "at least one"),
    ("[care]\nhours = 9", "care.hours", "list (or one string)"),
    ('[care]\ndays = ["mon", "fry"]', "care.days[1]", "unknown day"),
    ('[care]\ndays = ["mon", "monday"]', "care.days[1]", "unknown day"),
    ('[care]\ndays = ["mon", "Mon"]', "care.days[1]", "care.days[0]"),
    ("[care]\ndays = []", "care.days", "at least one"),
    ('[care]\nholidays = ["2026-13-01"]', "care.holidays[0]", "not a date"),
    ("[care]\nholidays = [2026-12-25T00:00:00]", "care.holidays[0]", "date-time"),
    ('[care]\nhorizon = "7"', "care.horizon", "not a duration"),
    ('[care]\nhorizon = "0d"', "care.horizon", "longer than zero"),
    ('[care]\nhorizon = "7 days"', "care.horizon", "not a duration"),
    ("[care]\nhorizon = 7", "care.horizon", "an integer"),
    ('[care]\ntimezone = "Europe/Rome"', "care.timezone", "workspace.timezone"),
    ("[influencers]\nthreshold = -1", "influencers.threshold", "0 or more"),
    ('[influencers]\nthreshold = "10k"', "influencers.threshold", "a string"),
    ("[influencers]\nthreshold = true", "influencers.threshold", "a boolean"),
    ("[influencers]\ntreshold = 5", "influencers.treshold", "did you mean 'threshold'"),
    ("paid = 1", "paid", "table"),
]


@pytest.mark.parametrize(("text", "key", "problem"), BAD, ids=[key for _, key, _ in BAD])
def test_bad_configuration_names_file_and_key(text, key, problem):
    with pytest.raises(ConfigError) as caught:
        parse(text)
    message = str(caught.value)
    assert message.startswith(f"{PATH}: {key}: "), message
    assert problem in message, message
    assert caught.value.key == key
    assert isinstance(caught.value, WorkspaceError)  # the command line reports these already


def test_query_is_checked_by_the_query_parser_when_there_is_one(monkeypatch):
    def parse_query(text: str):
        if text.count('"') % 2:
            raise ValueError(f"unclosed quote at character {text.index(chr(34)) + 1}")
        return text

    monkeypatch.setitem(sys.modules, "passaparola.query", types.SimpleNamespace(parse=parse_query))
    assert parse(BRAND_OK + "query = '\"caffè aurora\"'").brand.query == '"caffè aurora"'
    with pytest.raises(ConfigError, match=r"competitors\[0\]\.query: unclosed quote at character 1"):
        parse(BRAND_OK + "[[competitors]]\nname = 'B'\nquery = '\"borealis'")
    # Without the module, the query is kept as written.
    monkeypatch.setitem(sys.modules, "passaparola.query", None)
    assert parse(BRAND_OK + "query = '\"borealis'").brand.query == '"borealis'


def test_entities_are_hashable_and_frozen():
    entity = Entity("A", {"twitter": ("a",)})
    assert hash(entity) == hash(Entity("A", {"twitter": ("a",)}))
    with pytest.raises(AttributeError):
        entity.name = "B"


# --- business time ------------------------------------------------------------------------------------


def rome(*args) -> datetime:
    return datetime(*args, tzinfo=ROME)


def care(
    hours="09:00-18:00", days=("mon", "tue", "wed", "thu", "fri"), holidays=(), zone="Europe/Rome"
) -> Care:
    table = {
        "workspace": {"timezone": zone},
        "care": {"hours": hours, "days": list(days), "holidays": list(holidays)},
    }
    return parse_settings(table, PATH).care


ALL_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOUR = 3600

HAND_WORKED = [
    # (start, end, care, seconds, why)
    (rome(2025, 6, 3, 10), rome(2025, 6, 3, 12), care(), 2 * HOUR, "inside one day (CEST)"),
    (rome(2025, 1, 14, 8), rome(2025, 1, 14, 20), care(), 9 * HOUR, "a whole day, clipped (CET)"),
    (rome(2025, 6, 3, 17), rome(2025, 6, 4, 10), care(), 2 * HOUR, "overnight gap: 17-18 and 9-10"),
    (rome(2025, 6, 6, 17), rome(2025, 6, 9, 10), care(), 2 * HOUR, "weekend: Friday 17-18, Monday 9-10"),
    (rome(2025, 6, 7, 10), rome(2025, 6, 8, 20), care(), 0, "all within a weekend"),
    (rome(2025, 6, 3, 12), rome(2025, 6, 3, 10), care(), 0, "start after end"),
    (rome(2025, 6, 3, 12), rome(2025, 6, 3, 12), care(), 0, "empty interval"),
    (rome(2025, 6, 2, 10), rome(2025, 6, 3, 10), care(), 9 * HOUR, "Monday 10-18, Tuesday 9-10"),
    (
        rome(2025, 6, 2, 10),
        rome(2025, 6, 3, 10),
        care(holidays=["2025-06-02"]),
        HOUR,
        "Festa della Repubblica",
    ),
    (
        rome(2025, 6, 2, 12),
        rome(2025, 6, 2, 15),
        care(["09:00-13:00", "14:00-18:00"]),
        2 * HOUR,
        "lunch break",
    ),
    (rome(2025, 6, 1, 23), rome(2025, 6, 3, 1), care("00:00-24:00", ["mon"]), 24 * HOUR, "a whole Monday"),
    # Clocks go forward on Sunday 30 March 2025 (02:00 CET -> 03:00 CEST).
    (
        rome(2025, 3, 28, 17),
        rome(2025, 3, 31, 10),
        care(),
        2 * HOUR,
        "weekend across the change: Monday is CEST",
    ),
    (
        rome(2025, 3, 29),
        rome(2025, 3, 31),
        care("00:00-24:00", ALL_WEEK),
        47 * HOUR,
        "Saturday 24h + Sunday 23h",
    ),
    (
        rome(2025, 3, 30),
        rome(2025, 3, 31),
        care("01:00-04:00", ALL_WEEK),
        2 * HOUR,
        "02:00-03:00 never happens",
    ),
    (rome(2025, 3, 30), rome(2025, 3, 31), care("02:00-03:00", ALL_WEEK), 0, "only the skipped hour"),
    # Clocks go back on Sunday 26 October 2025 (03:00 CEST -> 02:00 CET).
    (rome(2025, 10, 26), rome(2025, 10, 27), care("00:00-24:00", ALL_WEEK), 25 * HOUR, "a 25-hour Sunday"),
    (rome(2025, 10, 26), rome(2025, 10, 27), care("01:00-04:00", ALL_WEEK), 4 * HOUR, "02:00-03:00 twice"),
    (
        rome(2025, 10, 24, 17),
        rome(2025, 10, 27, 10),
        care(),
        2 * HOUR,
        "weekend across the change: Monday is CET",
    ),
    (
        datetime(2025, 10, 26, 0, 30, tzinfo=UTC),  # 02:30 CEST
        datetime(2025, 10, 26, 1, 30, tzinfo=UTC),  # 02:30 CET
        care("02:30-04:00", ALL_WEEK),
        HOUR - 30 * 60,
        "repeated hour: 02:30-03:00 CEST counts, 02:00-02:30 CET does not",
    ),
    (datetime(2025, 6, 3, 8), datetime(2025, 6, 3, 10), care(), 2 * HOUR, "naive means UTC (10-12 in Rome)"),
    (rome(2024, 12, 31, 17), rome(2025, 1, 2, 10), care(holidays=["2025-01-01"]), 2 * HOUR, "New Year"),
]


@pytest.mark.parametrize(
    ("start", "end", "care_", "seconds", "why"), HAND_WORKED, ids=[c[-1] for c in HAND_WORKED]
)
def test_business_seconds_hand_worked(start, end, care_, seconds, why):
    assert business_seconds(start, end, care_) == seconds


def test_business_seconds_in_a_zone_whose_clocks_change_at_midnight():
    # Santiago: on Sunday 8 September 2024 the day begins at 01:00 (00:00-01:00 does not exist).
    santiago = care("00:00-24:00", ALL_WEEK, zone="America/Santiago")
    zone = ZoneInfo("America/Santiago")
    start, end = datetime(2024, 9, 8, tzinfo=zone), datetime(2024, 9, 9, tzinfo=zone)
    assert (end - start.astimezone(UTC)).total_seconds() == 23 * HOUR
    assert business_seconds(start, end, santiago) == 23 * HOUR
    assert business_seconds(start, end, care("00:00-01:00", ALL_WEEK, zone="America/Santiago")) == 0


# The property test: an exact count against one minute at a time, in zones with ordinary, half-hour and
# midnight changes of clock, around those changes and anywhere.

ZONES = ("Europe/Rome", "Australia/Lord_Howe", "America/Santiago", "America/New_York", "Asia/Kolkata")
SPAN = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


@cache
def changes(zone_name: str) -> tuple[datetime, ...]:
    """Hours (UTC) at which the offset differs from the hour before, found by stepping hour by hour."""
    zone, found, moment = ZoneInfo(zone_name), [], SPAN[0]
    before = moment.astimezone(zone).utcoffset()
    while moment < SPAN[1]:
        moment += timedelta(hours=1)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            found.append(moment)
        before = after
    return tuple(found)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def cases(draw):
    zone = draw(st.sampled_from(ZONES))
    # Range ends anywhere, or at the wall times where these zones skip or repeat clock time.
    minute = st.integers(0, 1440) | st.sampled_from([0, 30, 60, 90, 120, 135, 150, 165, 180, 210, 1440])
    points = sorted(draw(st.sets(minute, min_size=2, max_size=6)))
    points = points[: len(points) // 2 * 2]
    hours = [f"{clock(a)}-{clock(b)}" for a, b in zip(points[::2], points[1::2], strict=True)]
    days = draw(st.sets(st.sampled_from(ALL_WEEK), min_size=1))
    near = changes(zone)
    if near and draw(st.booleans()):  # across a change of clock
        change = draw(st.sampled_from(near))
        start = change - timedelta(minutes=draw(st.integers(0, 2 * 1440)))
        end = change + timedelta(minutes=draw(st.integers(0, 2 * 1440)))
    else:
        start = SPAN[0] + timedelta(minutes=draw(st.integers(0, 1000 * 1440)))
        end = start + timedelta(minutes=draw(st.integers(-120, 4 * 1440)))
    first_day = (start - timedelta(days=1)).date()
    holidays = draw(st.lists(st.integers(0, 6), max_size=2))
    holidays = [(first_day + timedelta(days=d)).isoformat() for d in holidays]
    return care(hours, sorted(days), holidays, zone), start, end


def brute_force(care_: Care, start: datetime, end: datetime) -> int:
    count = 0
    moment = start
    while moment < end:
        local = moment.astimezone(care_.timezone)
        minute = local.hour * 60 + local.minute
        if (
            local.weekday() in care_.days
            and local.date() not in care_.holidays
            and any(a <= minute < b for a, b in care_.hours)
        ):
            count += 1
        moment += timedelta(minutes=1)
    return count * 60


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_business_seconds_matches_a_minute_by_minute_count(case):
    care_, start, end = case
    expected = brute_force(care_, start, end)
    assert business_seconds(start, end, care_) == expected
    # The same instants written in another zone give the same answer.
    other = ZoneInfo("America/Los_Angeles")
    assert business_seconds(start.astimezone(other), end.astimezone(other), care_) == expected
