"""The audit on data built to be known: the demo's showcase competitor is called a showcase, and on the real
customer-care sample the responsiveness ranking of the brands agrees with their measured response rates and
first-response times."""

from __future__ import annotations

import tomllib
from itertools import combinations

import pytest
from scipy.stats import spearmanr

from passaparola.audit import audit_all
from passaparola.audit.measure import evidence
from passaparola.config import parse_settings
from passaparola.demo import generate, workspace_config
from passaparola.ingest import run_import
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.sources import ImportOptions
from passaparola.store import Store
from tests.test_care_support_sample import MAPPING, SAMPLE

BRANDS = (
    "ChipotleTweets",
    "AmazonHelp",
    "AppleSupport",
    "Delta",
    "British_Airways",
    "Uber_Support",
    "SpotifyCares",
    "comcastcares",
)


@pytest.fixture(scope="module")
def demo_audits(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    generate(folder / "data", 6_000, seed=3)
    store = Store.open(folder / "s.duckdb")
    run_import(store, [folder / "data"])
    settings = parse_settings(tomllib.loads(workspace_config()), folder / "passaparola.toml")
    audits = {a.entity: a for a in audit_all(evidence(Scope.of(store, settings)))}
    yield audits
    store.close()


def test_the_demo_showcase_competitor_is_a_showcase(demo_audits):
    meridiana = demo_audits["Caffè Meridiana"]
    assert meridiana.archetype.key == "showcase"
    # it never replies, so it scores 0 on conversation and on responsiveness
    assert meridiana.scorecard.dimensions["conversation"] == 0
    assert meridiana.scorecard.dimensions["responsiveness"] == 0
    # and it ranks last: every other entity converses at least a little
    assert all(
        a.scorecard.overall > meridiana.scorecard.overall
        for name, a in demo_audits.items()
        if a is not meridiana
    )
    assert meridiana.recommendations and meridiana.recommendations[0].dimension in (
        "conversation",
        "responsiveness",
    )


def test_the_demo_conversational_competitor_out_answers_the_broadcaster(demo_audits):
    # Borealis answers most customers within an hour, Brew & Co few of them after many hours
    borealis, brew = demo_audits["Torrefazione Borealis"], demo_audits["Brew & Co"]
    assert borealis.scorecard.dimensions["responsiveness"] > brew.scorecard.dimensions["responsiveness"]
    assert borealis.archetype.key in ("conversational", "community_leader")


@pytest.fixture(scope="module")
def care_sample(tmp_path_factory):
    if not SAMPLE.exists():
        pytest.skip(f"real data not found at {SAMPLE}")
    folder = tmp_path_factory.mktemp("twcs")
    store = Store.open(folder / "s.duckdb")
    run_import(store, [SAMPLE], options=ImportOptions(mapping=MAPPING, platform="twitter"))
    config = {
        "brand": {"name": BRANDS[0], "accounts": {"twitter": [BRANDS[0]]}},
        "competitors": [{"name": b, "accounts": {"twitter": [b]}} for b in BRANDS[1:]],
    }
    settings = parse_settings(config, folder / "passaparola.toml")
    yield store, settings
    store.close()


def test_the_responsiveness_ranking_agrees_with_measured_rates_and_times(care_sample):
    store, settings = care_sample
    scope = Scope.of(store, settings)
    scores = {a.entity: a.scorecard.dimensions["responsiveness"] for a in audit_all(evidence(scope))}
    # measured independently of the audit: the registry's care metrics, one row per brand
    rates = compute(get("response_rate"), scope, []).execute().set_index("entity").response_rate
    times = compute(get("first_response_time"), scope, []).execute().set_index("entity").median_business_hours
    assert set(scores) == set(BRANDS) and all(s is not None for s in scores.values())
    # a brand that answers more often and at least as fast never ranks below one that does neither
    for a, b in combinations(BRANDS, 2):
        if rates[a] >= rates[b] and times[a] <= times[b]:
            assert scores[a] >= scores[b], (a, b)
        if rates[b] >= rates[a] and times[b] <= times[a]:
            assert scores[b] >= scores[a], (a, b)
    # and the ranking follows the response rate overall (it weighs 0.6)
    assert spearmanr([scores[b] for b in BRANDS], [rates[b] for b in BRANDS]).statistic > 0.5
