"""Customer care on the real "Customer Support on Twitter" sample, each brand account treated as the brand
in turn; the figures are checked against an independent count from the raw CSV."""

from __future__ import annotations

import csv
import functools
import re
from datetime import datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.ingest import run_import
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.sources import ImportOptions
from passaparola.store import Store
from tests.conftest import SHARED_DATA

SAMPLE = SHARED_DATA / "customer-care" / "twcs-sample.csv"
BRANDS = ("AppleSupport", "Delta", "SpotifyCares")
MAPPING = {
    "id": "tweet_id",
    "author_id": "author_id",
    "author_handle": "author_id",
    "created_at": "created_at",
    "text": "text",
    "parent_id": "in_response_to_tweet_id",
}


@functools.cache
def raw_sample() -> tuple[dict[str, dict], dict[str, datetime], dict[str, str]]:
    """The sample read with the csv module alone: rows by tweet id, their times, the ids they reply to."""
    rows = {}
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["tweet_id"].isdigit() and r["created_at"]:  # the csv module splits the row with bare CRs
                rows[r["tweet_id"]] = r
    when = {k: datetime.strptime(r["created_at"], "%a %b %d %H:%M:%S %z %Y") for k, r in rows.items()}
    parent = {
        k: r["in_response_to_tweet_id"].split(".")[0] for k, r in rows.items() if r["in_response_to_tweet_id"]
    }
    return rows, when, parent


def addressed_to(brand: str, tweet: str) -> bool:
    """Whether the tweet mentions @brand or replies to one of the brand's tweets."""
    rows, _, parent = raw_sample()
    mentions = re.search(rf"@{re.escape(brand)}(?![\w])", rows[tweet]["text"], re.IGNORECASE)
    return bool(mentions) or rows.get(parent.get(tweet, ""), {}).get("author_id") == brand


def first_answers(brand: str, inbound: set[str]) -> dict[str, float]:
    """Seconds from each inbound tweet to the brand's earliest reply to it (at any time), for those answered."""
    rows, when, parent = raw_sample()
    answers: dict[str, float] = {}
    for k, r in rows.items():
        p = parent.get(k)
        if r["author_id"] == brand and p in inbound and when[k] >= when[p]:
            seconds = (when[k] - when[p]).total_seconds()
            answers[p] = min(seconds, answers.get(p, seconds))
    return answers


def by_hand(brand: str) -> tuple[int, int]:
    """(inbound, answered within 7 days) for ``brand``, straight from the CSV: inbound = a tweet by someone
    else that mentions @brand or replies to one of the brand's tweets; answered = the brand replied to it."""
    rows, _, _ = raw_sample()
    inbound = {k for k, r in rows.items() if r["author_id"] != brand and addressed_to(brand, k)}
    return len(inbound), sum(1 for s in first_answers(brand, inbound).values() if s <= 7 * 86400)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    if not SAMPLE.exists():
        pytest.skip(f"real data not found at {SAMPLE}")
    opened = Store.open(tmp_path_factory.mktemp("twcs") / "s.duckdb")
    run_import(opened, [SAMPLE], options=ImportOptions(mapping=MAPPING, platform="twitter"))
    yield opened
    opened.close()


def test_each_brand_account_in_turn_agrees_with_the_raw_csv(store, tmp_path: Path):
    for brand in BRANDS:
        config = {"brand": {"name": brand, "accounts": {"twitter": [brand]}}}
        scope = Scope.of(store, parse_settings(config, tmp_path / "passaparola.toml"))
        rate = compute(get("response_rate"), scope, []).execute().iloc[0]
        inbound, answered = by_hand(brand)
        assert (rate.inbound, round(rate.response_rate * rate.inbound)) == (inbound, answered), brand
        assert inbound > 20 and answered > 0.5 * inbound  # these accounts do answer their customers


def test_brands_side_by_side(store, tmp_path: Path):
    config = {
        "brand": {"name": BRANDS[0], "accounts": {"twitter": [BRANDS[0]]}},
        "competitors": [{"name": b, "accounts": {"twitter": [b]}} for b in BRANDS[1:]],
    }
    scope = Scope.of(store, parse_settings(config, tmp_path / "passaparola.toml"))
    times = compute(get("first_response_time"), scope, []).execute().set_index("entity")
    assert set(times.index) == set(BRANDS)
    assert (times.median_hours > 0).all() and (times.p90_hours >= times.median_hours).all()
