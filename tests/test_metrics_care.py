"""Customer care on hand-built cases: inbound, answered, horizon, elapsed and business hours across the
March 2026 daylight-saving change in Rome. Every figure is worked out in the comments."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.enrich import questions
from passaparola.metrics import compute, get
from passaparola.metrics.care import responses
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row

SETTINGS = {
    **CONFIG,
    "care": {"hours": "09:00-18:00", "days": ["mon", "tue", "wed", "thu", "fri"], "horizon": "7d"},
}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


ITEMS = [
    # i1 Friday 27 March 2026, 17:00 in Rome (16:00 UTC, CET): a consumer mentions the brand. The brand
    # answers on Monday 30 March, 10:00 in Rome (08:00 UTC, CEST: clocks went forward on Sunday 29th).
    # Elapsed: 64 h. Business: Friday 17:00-18:00 + Monday 09:00-10:00 = 2 h.
    row("i1", "anna", text="@caffeaurora il mio ordine?", mentions=["caffeaurora"], created_at=at(2026, 3, 27, 16),
        author_followers=10),
    row("r1", "caffeaurora", kind="reply", parent_id="i1", created_at=at(2026, 3, 30, 8)),
    # i2 a consumer replies to the brand's post p1 and is never answered
    row("p1", "caffeaurora", text="Nuova miscela", created_at=at(2026, 1, 5, 9)),
    row("i2", "bruno", kind="reply", parent_id="p1", text="quando arriva a Roma?", created_at=at(2026, 1, 5, 10),
        author_followers=10),
    # i3 answered after 8 days (192 h): answered, but outside the 7-day horizon
    row("i3", "carla", text="@caffeaurora ciao", mentions=["caffeaurora"], created_at=at(2026, 1, 5, 11),
        author_followers=10),
    row("r3", "caffeaurora", kind="reply", parent_id="i3", created_at=at(2026, 1, 13, 11)),
    # m1 a direct message in conversation t1; the brand's next message in it comes 30 minutes later,
    # on Tuesday 6 January at 10:00-10:30 in Rome: 1,800 s elapsed and 1,800 s of business time
    row("m1", "dora", kind="message", root_id="t1", text="posso cambiare indirizzo?", created_at=at(2026, 1, 6, 9),
        author_followers=10),
    row("m2", "caffeaurora", kind="message", root_id="t1", created_at=at(2026, 1, 6, 9, 30)),
    # not inbound: the competitor mentioning the brand (not a public author)
    row("x1", "borealis", text="@caffeaurora auguri", mentions=["caffeaurora"], created_at=at(2026, 1, 7, 9)),
]  # fmt: skip


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    items = [dict(item) for item in ITEMS]
    questions.fill(items)  # what import-time enrichment sets: is_question
    store.write(1, Batch(items=items))
    yield Scope.of(store, parse_settings(SETTINGS, tmp_path / "passaparola.toml"))
    store.close()


def test_inbound_answers_and_times(scope):
    brand = scope.settings.brand
    got = {r.id: r for r in responses(scope, brand).execute().itertuples()}
    assert set(got) == {"i1", "i2", "i3", "m1"}
    assert got["i1"].response_seconds == 64 * 3600 and got["i1"].business_seconds == 2 * 3600
    assert got["i2"].answered_at != got["i2"].answered_at  # NaT: unanswered
    assert got["i3"].response_seconds == 192 * 3600
    assert got["m1"].response_seconds == 1800 and got["m1"].business_seconds == 1800
    # "il mio ordine?" asks; "ciao" does not
    assert got["i1"].question and not got["i3"].question


def test_an_item_never_judged_is_not_listed_as_a_question(tmp_path):
    # written without enrichment, i1's is_question is null: unknown, so not put first as a question
    with Store.open(None) as store:
        store.write(1, Batch(items=[dict(item) for item in ITEMS]))
        scope = Scope.of(store, parse_settings(SETTINGS, tmp_path / "passaparola.toml"))
        got = {r.id: r.question for r in responses(scope, scope.settings.brand).execute().itertuples()}
    assert got == {"i1": False, "i2": False, "i3": False, "m1": False}


def test_response_rate_within_the_horizon(scope):
    frame = compute(get("response_rate"), scope, []).execute()
    aurora = frame[frame.entity == "Aurora"].iloc[0]
    # inbound 4; answered 3 (i1, i3, m1); within 7 days 2 (i1, m1)
    assert (aurora.inbound, aurora.answered, aurora.response_rate) == (4, 3, 0.5)


def test_first_response_time(scope):
    frame = compute(get("first_response_time"), scope, []).execute()
    aurora = frame[frame.entity == "Aurora"].iloc[0]
    # elapsed hours: 64, 192, 0.5 → median 64, mean 85.5
    assert aurora.answered == 3 and aurora.median_hours == 64 and aurora.mean_hours == pytest.approx(85.5)
    # business hours: 2, 54 (Mon 12-18, Tue to Fri and Mon 9 h each, Tue 9-12), 0.5 → median 2
    assert aurora.median_business_hours == 2


def test_an_empty_store_has_no_inbound(tmp_path):
    with Store.open(None) as store:
        scope = Scope.of(store, parse_settings(SETTINGS, tmp_path / "passaparola.toml"))
        assert compute(get("response_rate"), scope, []).execute().empty
        assert compute(get("first_response_time"), scope, []).execute().empty


@pytest.mark.parametrize("stored", [True, False], ids=["stored columns", "live"])
def test_a_direct_message_that_also_mentions_the_entity_is_inbound_once(tmp_path, stored):
    # m1 is a message in the brand's conversation t1 that also mentions it: one inbound item, not two
    items = [
        row("m1", "dora", kind="message", root_id="t1", text="@caffeaurora ciao", mentions=["caffeaurora"],
            author_followers=10),
        row("m2", "caffeaurora", kind="message", root_id="t1", created_at=at(2026, 1, 10, 13)),
    ]  # fmt: skip
    with Store.open(None) as store:
        store.write(1, Batch(items=items))
        scope = Scope.of(store, parse_settings(SETTINGS, tmp_path / "passaparola.toml"))
        scope = scope if stored else dataclasses.replace(scope, matched=None)
        assert scope.stored is stored
        got = responses(scope, scope.settings.brand).execute()
    assert list(got.id) == ["m1"] and got.response_seconds.iloc[0] == 3600
