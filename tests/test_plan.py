"""The strategic plan: target parsing (by hand and by hypothesis: a bad target is always a ConfigError
naming the objective and key, never a traceback), checks against the registry, the Theil–Sen forecast
on a known series, the status rule at its boundaries, and a plan evaluated on a hand-built store."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passaparola.config import ConfigError, parse_settings, parse_threshold
from passaparola.metrics.scope import Scope
from passaparola.plan import check, evaluate, progress, status, theil_sen_forecast
from passaparola.plan.measure import resolve
from passaparola.plan.templates import TEMPLATES, default_start, render, without_plan
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row

PATH = Path("/ws/passaparola.toml")
DAY = timedelta(days=1)


def plan_config(*objectives: dict, start: str = "2026-03-02") -> dict:
    return {**CONFIG, "plan": {"start": date.fromisoformat(start), "objectives": list(objectives)}}


def objective(**fields) -> dict:
    return {"name": "o", "metric": "items", "target": ">= 10", "deadline": date(2026, 6, 28), **fields}


# --- targets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "op", "value", "duration"),
    [
        (">= 0.9", ">=", 0.9, False),
        ("<=2h", "<=", 7200.0, True),
        ("<= 30m", "<=", 1800.0, True),
        ("<= 1d", "<=", 86400.0, True),
        ("≥ 12", ">=", 12.0, False),
        ("+20%", "+%", 0.2, False),
        ("-12.5 %", "-%", 0.125, False),
    ],
)
def test_targets(text, op, value, duration):
    threshold = parse_threshold(text, target=True)
    assert (threshold.op, threshold.value, threshold.duration) == (op, value, duration)


@pytest.mark.parametrize("text", ["fast", "> 3", ">= ", "+0%", "-100%", "20%", ">= 1e400", ">= 2x", "<= 0m"])
def test_bad_targets(text):
    with pytest.raises(ValueError, match=r"expected|change"):
        parse_threshold(text, target=True)


def test_conditions_allow_strict_comparisons_but_no_change():
    assert parse_threshold("> 0.3", target=False).op == ">"
    with pytest.raises(ValueError, match='expected "> NUMBER"'):
        parse_threshold("+20%", target=False)


def test_a_bad_target_names_the_objective_and_the_key():
    objectives = [objective(name="a"), objective(name="b"), objective(name="reply faster", target="fast")]
    with pytest.raises(ConfigError) as caught:
        parse_settings(plan_config(*objectives), PATH)
    assert str(caught.value) == (
        f'{PATH}: plan.objectives[2] ("reply faster").target: expected ">= NUMBER", "<= DURATION" or '
        '"+PERCENT", got "fast"'
    )


TOML_VALUES = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A\s?(>=|<=|>|<|\+|-|≥)\s?[0-9.]{0,25}(e[0-9]+)?[wdhms%]{0,3}\s?\Z"),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(target=TOML_VALUES, window=TOML_VALUES)
def test_any_target_or_window_is_read_or_a_config_error(target, window):
    config = plan_config(objective(target=target))
    config["alerts"] = {"rules": [{"metric": "items", "condition": target, "window": window}]}
    try:
        parse_settings(config, PATH)
    except ConfigError as exc:
        assert exc.key.startswith(("plan.objectives[0]", "alerts.rules[0]"))


@pytest.mark.parametrize(
    ("fields", "key", "problem"),
    [
        ({"deadline": date(2026, 3, 1)}, "deadline", "not after the plan's start"),
        ({"target": "+20%"}, "baseline", "missing: a +20% target is measured against a baseline"),
        ({"baseline": "2026-03-01"}, "baseline", 'expected "FIRST..LAST"'),
        ({"baseline": "2026-02-10..2026-02-01"}, "baseline", "ends (2026-02-01) before it begins"),
        ({"platform": 3}, "platform", "must be a string"),
    ],
)
def test_bad_objectives(fields, key, problem):
    with pytest.raises(ConfigError) as caught:
        parse_settings(plan_config(objective(**fields)), PATH)
    assert caught.value.key == f'plan.objectives[0] ("o").{key}' and problem in caught.value.problem


def test_a_plan_needs_a_start():
    with pytest.raises(ConfigError, match=r"plan\.start: missing"):
        parse_settings({"plan": {"objectives": []}}, PATH)


# --- checks against the registry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "key", "problem"),
    [
        ({"metric": "reach"}, "metric", "unknown metric 'reach'"),
        ({"campaign": "estate", "metric": "threads", "value": "threads"}, "campaign", "cannot be narrowed"),
        ({"paltform": "twitter"}, "paltform", "did you mean 'platform'?"),
        ({"metric": "response_rate", "target": "<= 2h"}, "target", "not time; a duration fits only time"),
        ({"metric": "first_response_time", "value": "median_hours"}, "target", "is a time; write a duration"),
        ({"metric": "media_share", "media": "earned"}, "value", "gives several values (items, share)"),
        (
            {"metric": "media_share", "value": "share"},
            "media",
            "missing: media_share is broken down by media",
        ),
        ({"metric": "media_share", "value": "reach", "media": "paid"}, "value", "has no value 'reach'"),
        ({"metric": "media_items", "media": "paid", "entity": "Nobody"}, "entity", "not the brand or a"),
        ({"platform": "twiter"}, "platform", "'twiter' is not a known platform (did you mean 'twitter'?"),
        ({"kind": "replies"}, "kind", "did you mean 'reply'?"),
        ({"metric": "media_share", "media": "earnd", "value": "share"}, "media", "did you mean 'earned'?"),
        # stored campaigns are [paid] hashtags without '#' and UTM campaigns: "#auroraestate" is none
        (
            {"metric": "media_items", "media": "paid", "campaign": "#auroraestate"},
            "campaign",
            "'#auroraestate' is not a known campaign (did you mean 'estate'? known: estate, autunno)",
        ),
    ],
)
def test_objectives_are_checked_against_the_registry(fields, key, problem):
    settings_ = parse_settings(plan_config(objective(**fields)), PATH)
    with pytest.raises(ConfigError) as caught:
        check(settings_, str(PATH))
    assert caught.value.key == f'plan.objectives[0] ("o").{key}' and problem in caught.value.problem


def test_segment_values_are_read_as_the_store_keeps_them():
    fields = {"metric": "media_items", "media": "Paid", "campaign": "#Estate", "platform": "Twitter"}
    settings_ = parse_settings(plan_config(objective(**fields)), PATH)
    measure = check(settings_, str(PATH))['plan.objectives[0] ("o")']
    assert measure.filters == (("campaign", "estate"), ("platform", "twitter"))
    assert measure.choices == (("media", "paid"), ("entity", "Aurora"))
    bare = {**CONFIG, "paid": {}}
    bare["plan"] = plan_config(objective(**fields))["plan"]
    with pytest.raises(ConfigError, match=r"\.campaign: '#Estate': no campaign is configured"):
        check(parse_settings(bare, PATH), str(PATH))


def test_without_a_brand_an_entity_metric_asks_for_one():
    config = plan_config(objective(metric="response_rate", target=">= 0.9"))
    del config["brand"]
    with pytest.raises(ConfigError) as caught:
        check(parse_settings(config, PATH), str(PATH))
    assert caught.value.key == 'plan.objectives[0] ("o").entity' and "add a [brand]" in caught.value.problem


def test_followers_are_summed_over_the_accounts():
    fields = {
        "metric": "audience_growth",
        "value": "followers",
        "target": "+5%",
        "baseline": "2026-01-05..2026-03-01",
    }
    settings_ = parse_settings(plan_config(objective(**fields)), PATH)
    measure = check(settings_, str(PATH))['plan.objectives[0] ("o")']
    assert measure.pooled == ("platform", "account") and measure.choices == (("entity", "Aurora"),)
    # growth (a ratio) does not add up over accounts: the account must be named
    fields["value"] = "growth"
    with pytest.raises(ConfigError, match=r"\.platform: missing: audience_growth is broken down by platform"):
        check(parse_settings(plan_config(objective(**fields)), PATH), str(PATH))


def test_a_follower_objective_on_snapshots(tmp_path):
    # the brand's two accounts, seen every Wednesday: Twitter 1,000 + 10 a week, Mastodon 200 + 5 a week
    def seen(platform: str, handle: str, followers: int, day: date) -> dict:
        return {"platform": platform, "id": f"id-{handle}", "handle": handle, "followers": followers,
                "observed_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC), "source": "hand"}  # fmt: skip

    wednesdays = [date(2026, 2, 4) + 7 * k * DAY for k in range(8)]  # 4 before the plan, 4 in it
    snapshots = [
        snapshot
        for k, day in enumerate(wednesdays)
        for snapshot in (
            seen("twitter", "caffeaurora", 1000 + 10 * k, day),
            seen("mastodon", "caffeaurora@social.example", 200 + 5 * k, day),
        )
    ]
    fields = {
        "metric": "audience_growth",
        "value": "followers",
        "target": "+5%",
        "baseline": "2026-02-02..2026-03-01",
    }
    settings_ = parse_settings(plan_config(objective(**fields)), tmp_path / "passaparola.toml")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(authors=snapshots))
        (got,) = evaluate(Scope(store.table("items"), settings_), "p", until=date(2026, 3, 30))
    # weekly sums 1200 + 15k: baseline weeks k = 0..3 (median 1222.5), current k = 4..7 (median 1282.5)
    assert (got.baseline, got.current) == (1222.5, 1282.5)
    assert got.target == pytest.approx(1222.5 * 1.05) and got.forecast.slope == 15


def test_a_follower_count_holds_between_monthly_snapshots(tmp_path):
    # seen twice, on 4 and 25 February: no snapshot in the plan's 4 weeks of March
    def seen(platform: str, handle: str, followers: int, day: date) -> dict:
        return {"platform": platform, "id": f"id-{handle}", "handle": handle, "followers": followers,
                "observed_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC), "source": "hand"}  # fmt: skip

    snapshots = [
        seen("twitter", "caffeaurora", 1000, date(2026, 2, 4)),
        seen("mastodon", "caffeaurora@social.example", 200, date(2026, 2, 4)),
        seen("twitter", "caffeaurora", 1030, date(2026, 2, 25)),
        seen("mastodon", "caffeaurora@social.example", 215, date(2026, 2, 25)),
    ]
    fields = {"metric": "audience_growth", "value": "followers", "target": ">= 1300"}
    settings_ = parse_settings(plan_config(objective(**fields)), tmp_path / "passaparola.toml")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(authors=snapshots))
        (got,) = evaluate(Scope(store.table("items"), settings_), "p", until=date(2026, 3, 30))
    # baseline (the 8 weeks before 2 March): weeks of 2 and 23 February, 1,200 and 1,245: median 1,222.5;
    # current (2 to 29 March, no snapshot): the count of the week of 23 February carried forward
    assert (got.baseline, got.current) == (1222.5, 1245.0)
    assert got.status != "no_data"


def test_values_are_displayed_and_clipped_in_their_range():
    settings_ = parse_settings(plan_config(objective()), PATH)

    def measure(metric: str, value: str | None = None, **segment: str):
        return resolve("k", metric, value, tuple(segment.items()), None, settings_, PATH)

    hours = measure("first_response_time", "median_hours")
    # −3 h 55 m is minus three hours and fifty-five minutes, not "-1d 20h 05m"
    assert hours.display(-(3 + 55 / 60)) == "-3h 55m" and hours.display(26.5) == "1d 2h 30m"
    assert hours.clip(-4.2) == 0 and hours.bounds == (0, math.inf)
    rate = measure("response_rate")
    assert rate.clip(-0.042) == 0 and rate.clip(1.3) == 1 and rate.display(rate.clip(-0.042)) == "0.0%"
    assert measure("net_sentiment").bounds == (-1, 1)
    assert measure("audience_growth", "net_new_followers").bounds == (-math.inf, math.inf)
    assert measure("items").bounds == (0, math.inf)
    # in the reader's language
    assert (rate.display(0.437), rate.display(0.437, "it")) == ("43.7%", "43,7%")
    count = measure("items")
    assert (count.display(49047.08), count.display(49047.08, "it"), count.display(1200, "it")) == (
        "49,047.08",
        "49.047,08",
        "1.200",
    )
    assert measure("media_share", "items", media="earned").bounds == (
        0,
        math.inf,
    )  # a count in a share metric


def test_a_duration_is_read_in_the_value_columns_unit():
    fields = {"metric": "first_response_time", "value": "median_hours", "target": "<= 90m"}
    settings_ = parse_settings(plan_config(objective(**fields)), PATH)
    measure = check(settings_, str(PATH))['plan.objectives[0] ("o")']
    # 90 minutes = 5,400 s = 1.5 hours; the entity defaults to the brand
    assert measure.threshold_value(settings_.plan.objectives[0].target) == 1.5
    assert measure.choices == (("entity", "Aurora"),)


# --- forecast and status ------------------------------------------------------------------------------


def test_theil_sen_ignores_an_outlier_week():
    # y = 1 + 2x except the last week (100). Slopes over the 10 pairs: six are 2 (the pairs among the
    # first four weeks), the others 24.75, 32.33, 47.5, 93. Median of ten = mean of 5th and 6th = 2.
    # Intercept = median(y) − 2 · median(x) = 5 − 2 · 2 = 1, so week 10 forecasts 1 + 20 = 21.
    forecast = theil_sen_forecast([0, 1, 2, 3, 4], [1, 3, 5, 7, 100], at=10)
    assert forecast.slope == 2 and forecast.value == 21
    assert forecast.low <= forecast.value <= forecast.high


def _forecast(value: float, low: float, high: float):
    from passaparola.plan import Forecast

    return Forecast(value, low, high, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("up", "current", "forecast", "passed", "expected"),
    [
        (True, 0.9, None, False, "achieved"),  # meeting the target exactly is achieving it
        (True, 0.89, _forecast(0.9, 0.8, 1.0), False, "on_track"),  # forecast lands on the target
        (True, 0.89, _forecast(0.8999, 0.8, 0.9), False, "at_risk"),  # only the optimistic end reaches it
        (True, 0.89, _forecast(0.8999, 0.8, 0.8999), False, "off_track"),
        (True, 0.89, _forecast(0.95, 0.9, 1.0), True, "off_track"),  # the deadline's week has passed
        (False, 0.9, None, False, "achieved"),  # for "<=" targets the optimistic end is the low one
        (False, 0.95, _forecast(0.91, 0.9, 1.0), False, "at_risk"),
        (True, None, None, False, "no_data"),
    ],
)
def test_status_boundaries(up, current, forecast, passed, expected):
    got = status(
        up=up,
        current=current,
        target=0.9,
        baseline=0.5,
        forecast=forecast,
        deadline_passed=passed,
        elapsed=0.5,
    )
    assert got == expected


def test_without_a_forecast_the_straight_path_decides():
    # baseline 0.5, target 0.9, half-way in time: the path stands at 0.5 + 0.4 · 0.5 = 0.7
    common = {"up": True, "target": 0.9, "baseline": 0.5, "forecast": None, "deadline_passed": False}
    assert status(current=0.7, elapsed=0.5, **common) == "on_track"
    assert status(current=0.69, elapsed=0.5, **common) == "at_risk"


def test_progress():
    assert progress(True, 0.7, 0.9, 0.5) == pytest.approx(0.5)  # (0.7 − 0.5) ÷ (0.9 − 0.5)
    assert progress(False, 3.0, 2.0, 4.0) == pytest.approx(0.5)  # from 4 h towards 2 h, now 3 h
    assert progress(True, 0.95, 0.9, 0.5) == 1.0
    assert progress(True, 0.4, 0.9, 0.5) == 0.0  # went backwards
    assert progress(True, 0.8, 0.7, 0.75) == 1.0 and progress(True, 0.6, 0.7, 0.75) == 0.0


# --- a plan on a hand-built store -----------------------------------------------------------------------


def _items_on(day: date, count: int, prefix: str) -> list[dict]:
    moment = datetime(day.year, day.month, day.day, 11, tzinfo=UTC)  # noon in Rome
    return [row(f"{prefix}{i}", "anna", created_at=moment, observed_at=moment) for i in range(count)]


def test_a_plan_on_a_hand_built_store(tmp_path):
    # baseline weeks (Mon 16 Feb, Mon 23 Feb 2026): 2 and 4 items, median 3
    # plan weeks from Mon 2 Mar: 4, 5, 6, 7 items; the week of 30 March holds 1 item but is not whole
    # on 1 April, the evaluation day, so it is not counted.
    weeks = [(date(2026, 2, 17), 2), (date(2026, 2, 24), 4), (date(2026, 3, 3), 4), (date(2026, 3, 10), 5),
             (date(2026, 3, 17), 6), (date(2026, 3, 24), 7), (date(2026, 3, 31), 1)]  # fmt: skip
    items = [item for n, (day, count) in enumerate(weeks) for item in _items_on(day, count, f"w{n}-")]
    baseline = "2026-02-16..2026-03-01"
    config = plan_config(
        # +200% of 3 is 9. Theil–Sen through (0, 4) ... (3, 7): slope 1, intercept 4; the deadline's week
        # (Mon 20 April) is week 7: forecast 11 ≥ 9, on track; progress (7 − 3) ÷ (9 − 3) = 2/3
        objective(name="triple", target="+200%", baseline=baseline, deadline=date(2026, 4, 26)),
        # 7 ≥ 7 in the last whole week: achieved
        objective(name="seven", target=">= 7", baseline=baseline, deadline=date(2026, 4, 26)),
        # forecast 11 < 12 and the slope interval of four collinear points is [1, 1]: off track
        objective(name="twelve", target=">= 12", baseline=baseline, deadline=date(2026, 4, 26)),
    )
    settings_ = parse_settings(config, tmp_path / "passaparola.toml")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        got = {
            s.objective.name: s
            for s in evaluate(Scope(store.table("items"), settings_), "p", until=date(2026, 4, 1))
        }
    triple = got["triple"]
    # current: the median of the last 4 whole weeks (4, 5, 6, 7): 5.5, not the last week's 7
    assert (triple.baseline, triple.current, triple.target) == (3.0, 5.5, 9.0)
    assert triple.current_week == date(2026, 3, 23)
    assert triple.current_weeks == (date(2026, 3, 2), date(2026, 3, 30))
    assert triple.forecast.slope == 1 and triple.forecast.value == pytest.approx(11)
    # progress (5.5 − 3) ÷ (9 − 3)
    assert triple.progress == pytest.approx(2.5 / 6) and triple.status == "on_track"
    # one week at 7 does not achieve ">= 7": the level is 5.5, and the forecast (11) says on track
    assert got["seven"].status == "on_track" and got["twelve"].status == "off_track"


def _standings(tmp_path: Path, items: list[dict], *objectives: dict, until: date) -> dict:
    settings_ = parse_settings(plan_config(*objectives), tmp_path / "passaparola.toml")
    with Store.open(tmp_path / f"{objectives[0]['name']}.duckdb") as store:
        store.write(1, Batch(items=items))
        return {
            s.objective.name: s for s in evaluate(Scope(store.table("items"), settings_), "p", until=until)
        }


def test_one_busy_week_does_not_decide(tmp_path):
    # earned media about the brand: 20, 22, 21 then 31 items in the plan's four weeks. Target ">= 27.5":
    # the last week alone meets it; the level, the median week (21.5), does not
    items = []
    for week, count in enumerate([20, 22, 21, 31]):
        day = date(2026, 3, 2) + 7 * week * DAY
        moment = datetime(day.year, day.month, day.day, 11, tzinfo=UTC)
        items += [
            row(f"e{week}-{i}", "anna", created_at=moment, mentions=["caffeaurora"]) for i in range(count)
        ]
    earned = objective(name="earned", metric="media_items", media="earned", value="items", target=">= 27.5")
    (got,) = _standings(tmp_path, items, earned, until=date(2026, 3, 30)).values()
    assert got.weeks[date(2026, 3, 23)] == 31 and got.current == 21.5
    assert got.status != "achieved" and got.progress < 1


def test_one_thin_week_does_not_decide_a_rate(tmp_path):
    # customer care: 10 inbound a week, 9 answered within the hour; the last week, 1 inbound, unanswered
    items = [row("p", "caffeaurora", created_at=datetime(2026, 2, 27, 9, tzinfo=UTC))]
    for week, (inbound, answered) in enumerate([(10, 9), (10, 9), (10, 9), (1, 0)]):
        day = date(2026, 3, 2) + 7 * week * DAY
        for i in range(inbound):
            asked = datetime(day.year, day.month, day.day, 9, i, tzinfo=UTC)
            items.append(row(f"q{week}-{i}", "bruno", kind="reply", parent_id="p", created_at=asked))
            if i < answered:
                items.append(
                    row(f"r{week}-{i}", "caffeaurora", kind="reply", parent_id=f"q{week}-{i}",
                        created_at=asked + timedelta(minutes=30))
                )  # fmt: skip
    answer = objective(name="answer", metric="response_rate", target=">= 0.85")
    (got,) = _standings(tmp_path, items, answer, until=date(2026, 3, 30)).values()
    # the last week alone reads 0 %, the mean of the weekly rates 0.675; the rate over the four weeks
    # at once is 27 answered of 31 inbound = 0.871: achieved
    assert got.weeks[date(2026, 3, 23)] == 0.0
    assert got.current == pytest.approx(27 / 31) and got.status == "achieved"


def test_a_forecast_is_clipped_to_the_values_a_count_can_take(tmp_path):
    # 9, 6, 3 items in the first three weeks: the line falls 3 a week and would read 9 − 3 · 17 < 0 at
    # the deadline's week (week 17); a count is never negative
    items = [
        i for n, c in enumerate([9, 6, 3]) for i in _items_on(date(2026, 3, 3) + 7 * n * DAY, c, f"w{n}-")
    ]
    config = plan_config(objective(target=">= 10"))
    settings_ = parse_settings(config, tmp_path / "passaparola.toml")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        (standing,) = evaluate(Scope(store.table("items"), settings_), "p", until=date(2026, 3, 23))
    assert standing.forecast.slope == -3
    assert (standing.forecast.value, standing.forecast.low, standing.forecast.high) == (0, 0, 0)
    assert standing.status == "off_track"


# --- templates and `plan init` ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("language", ["en", "it"])
def test_every_template_validates(name, language):
    text = render(name, date(2026, 5, 6), language)  # a Wednesday: the plan starts on Monday 4 May
    config = {**CONFIG, **tomllib.loads(text)}
    settings_ = parse_settings(config, PATH)
    assert settings_.plan.start == date(2026, 5, 4)
    assert all(o.deadline == date(2026, 8, 2) for o in settings_.plan.objectives)  # 13 weeks, a Sunday
    assert len(check(settings_, str(PATH))) == len(settings_.plan.objectives) >= 2


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_italian_templates_are_the_english_ones_in_italian(name):
    english, italian = (
        tomllib.loads(render(name, date(2026, 5, 4), language))["plan"] for language in ("en", "it")
    )
    strip = [{k: v for k, v in o.items() if k != "name"} for o in english["objectives"]]
    assert strip == [{k: v for k, v in o.items() if k != "name"} for o in italian["objectives"]]
    assert all(
        e["name"] != i["name"] for e, i in zip(english["objectives"], italian["objectives"], strict=True)
    )
    assert "# Le settimane vanno da lunedì a domenica" in render(name, date(2026, 5, 4), "it")


def test_the_growth_template_has_a_follower_objective():
    objectives = tomllib.loads(render("growth", date(2026, 5, 4)))["plan"]["objectives"]
    assert {"metric": "audience_growth", "value": "followers", "target": "+5%"}.items() <= objectives[
        1
    ].items()


def test_a_plan_starts_four_weeks_before_the_newest_items_week():
    # newest item on Wednesday 6 May 2026: its week starts Monday 4 May; the plan on Monday 6 April
    assert default_start(date(2026, 5, 6), date(2026, 9, 1)) == date(2026, 4, 6)
    assert default_start(None, date(2026, 9, 2)) == date(2026, 8, 31)  # an empty store: this week


def test_without_plan_keeps_everything_else():
    text = '[workspace]\nname = "x"\n\n[plan]\nstart = 2026-01-05\n[[plan.objectives]]\nname = "a"\n[care]\nhours = "09:00-18:00"\n'
    assert without_plan(text) == '[workspace]\nname = "x"\n\n[care]\nhours = "09:00-18:00"\n'


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from passaparola.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PASSAPAROLA_LANG": "en"},
    )


def test_plan_init_appends_refuses_and_replaces(tmp_path):
    config = tmp_path / "passaparola.toml"
    config.write_text(
        '[workspace]\nname = "t"\ntimezone = "Europe/Rome"\n\n[brand]\nname = "Aurora"\n'
        '[brand.accounts]\ntwitter = ["caffeaurora"]\n',
        encoding="utf-8",
    )
    Store.open(tmp_path / "passaparola.duckdb").close()
    first = _cli("plan", "init", "--template", "care", "--start", "2026-05-04", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Added the care plan (3 objectives, starting 2026-05-04)" in first.stdout
    text = config.read_text(encoding="utf-8")
    assert (
        text.startswith('[workspace]\nname = "t"') and '[brand.accounts]\ntwitter = ["caffeaurora"]' in text
    )
    again = _cli("plan", "init", cwd=tmp_path)
    assert again.returncode == 2 and "already has a [plan]; use --force" in again.stderr
    forced = _cli("plan", "init", "--template", "dialogue", "--force", "--start", "2026-05-04", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    replaced = config.read_text(encoding="utf-8")
    assert replaced.count("[plan]") == 1 and "two_way_rate" in replaced and "Answer 95 in 100" not in replaced
    shown = _cli("plan", cwd=tmp_path)  # an empty store: every objective has no data yet
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("no data") == 3


def test_plan_right_after_plan_init_shows_where_it_stands(tmp_path):
    config = tmp_path / "passaparola.toml"
    config.write_text(
        '[workspace]\nname = "t"\ntimezone = "Europe/Rome"\n\n[brand]\nname = "Aurora"\n', encoding="utf-8"
    )
    # 3 items a day from Monday 2 February to Wednesday 6 May 2026
    items = [i for n in range(94) for i in _items_on(date(2026, 2, 2) + n * DAY, 3, f"d{n}-")]
    with Store.open(tmp_path / "passaparola.duckdb") as store:
        store.write(1, Batch(items=items))
    made = _cli("plan", "init", "--template", "growth", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "starting 2026-04-06" in made.stdout
    shown = _cli("plan", "--format", "json", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    bigger = next(r for r in json.loads(shown.stdout) if r["metric"] == "items")
    # 21 items every whole week: baseline (8 weeks before 6 April) and current (6 April to 3 May) known
    assert (bigger["baseline"], bigger["current"], bigger["progress"]) == (21.0, 21.0, 0.0)
    assert bigger["current_weeks"] == {"first": "2026-04-06", "last": "2026-05-03"}
    assert bigger["status"] == "off_track"  # flat: the forecast (21) stays below the target (25.2)
    as_csv = _cli("plan", "--format", "csv", cwd=tmp_path)
    assert as_csv.returncode == 0, as_csv.stderr
    assert '"{""first"": ""2026-04-06"", ""last"": ""2026-05-03""}"' in as_csv.stdout
    italian = _cli("--lang", "it", "plan", "init", "--template", "care", "--force", cwd=tmp_path)
    assert italian.returncode == 0, italian.stderr
    assert 'name = "Rispondere a 95 su 100"' in config.read_text(encoding="utf-8")


def test_plan_without_a_plan_says_how_to_start_one(tmp_path):
    (tmp_path / "passaparola.toml").write_text('[workspace]\nname = "t"\n', encoding="utf-8")
    Store.open(tmp_path / "passaparola.duckdb").close()
    result = _cli("plan", cwd=tmp_path)
    assert result.returncode == 2 and "passaparola plan init --template dialogue" in result.stderr


def test_the_report_section_shows_the_table_and_a_burn_up_chart_per_objective(tmp_path):
    import vl_convert

    from passaparola.metrics.scope import Scope
    from passaparola.plan.report import _findings, _render
    from passaparola.report.sections import Chart, Context, Table

    # weekly items 4, 5, 6, 7 from Monday 2 March: ">= 7" is achieved; "+200%" of the baseline weeks
    # (2 and 4 items, median 3) is 9, forecast 11 at the deadline's week: on track
    items = [
        item
        for n, c in enumerate([2, 4, 4, 5, 6, 7])
        for item in _items_on(date(2026, 2, 17) + 7 * n * DAY, c, f"w{n}-")
    ]
    config = plan_config(
        objective(name="seven", target=">= 7", deadline=date(2026, 4, 26)),
        objective(
            name="triple", target="+200%", baseline="2026-02-16..2026-03-01", deadline=date(2026, 4, 26)
        ),
    )
    settings_ = parse_settings(config, tmp_path / "passaparola.toml")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        context = Context(Scope.of(store, settings_, None, date(2026, 3, 30)), "en")
        blocks = _render(context)
        findings = _findings(context)
    table = next(b for b in blocks if isinstance(b, Table))
    # ">= 7": the level of the plan's weeks (4, 5, 6, 7) is 5.5, and the forecast 11 meets it
    assert [r[-1] for r in table.rows] == ["on track", "on track"]
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert len(charts) == 2 and all("<svg" in vl_convert.vegalite_to_svg(c.chart.to_dict()) for c in charts)
    assert findings[0].en == "2 of 2 objectives achieved or on track; 0 at risk."
