"""Cross-platform spread on hand-built items: a link's order and delays of arrival, the registry metrics,
near-duplicate text matching, and the command."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passaparola.cli import app, output
from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.metrics.spread import (
    entity_named,
    link_arrivals,
    near_duplicate_clusters,
    text_arrivals,
)
from passaparola.store import Batch, Store
from tests.test_graph import TOML
from tests.test_metrics_media import row

CONFIG = {"workspace": {"timezone": "Europe/Rome"}, "brand": {"name": "Bea", "accounts": {"twitter": ["b"]}}}
LINK = "https://bea.example/p/1"
OTHER = "https://bea.example/p/2"
TEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
NEWS = "la nuova miscela di caffè bea è arrivata nei negozi oggi"
ITEMS = [
    # the link on Twitter at 10:00 (by the brand), again at 11:00; Reddit at 12:30; Mastodon next day 10:00
    row("1", "b", text=f"novità {LINK}", urls=[LINK], created_at=TEN),
    row("2", "anna", text=f"guarda {LINK}", urls=[LINK], created_at=TEN.replace(hour=11)),
    row("3", "u1", platform="reddit", text=LINK, urls=[LINK], created_at=TEN.replace(hour=12, minute=30)),
    row("4", "m1", platform="mastodon", text=LINK, urls=[LINK], created_at=TEN.replace(day=3)),
    # another link that never leaves Twitter
    row("5", "b", text=OTHER, urls=[OTHER], created_at=TEN),
    # the same news on Mastodon with one word changed, and an unrelated text on Reddit
    row("6", "b", text=NEWS, created_at=TEN),
    row("7", "m2", platform="mastodon", text=NEWS.replace("negozi", "bar"), created_at=TEN.replace(hour=16)),
    row(
        "8",
        "u2",
        platform="reddit",
        text="domani sciopero dei treni regionali in tutta la lombardia purtroppo",
    ),
    # a share repeats someone's text: never a candidate for near-identical text
    row("9", "s", platform="bluesky", kind="share", text=NEWS, created_at=TEN.replace(hour=18)),
]
# Link 1 arrives on twitter (1st, delay 0), reddit (2nd, 12:30 − 10:00 = 2.5 h = 9,000 s), mastodon (3rd,
# 24 h = 86,400 s). It is the brand's: b posted it first. Link 2 stays on one platform.


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_link_order_and_delays_worked_out_by_hand(scope):
    arrivals = link_arrivals(scope)
    got = arrivals.filter(arrivals.url == LINK).order_by("arrival").to_pyarrow().to_pylist()
    assert [(r["platform"], r["arrival"], r["delay_seconds"], r["items"]) for r in got] == [
        ("twitter", 1, 0, 2),
        ("reddit", 2, 9_000, 1),
        ("mastodon", 3, 86_400, 1),
    ]
    assert {r["platforms"] for r in got} == {3} and {r["entity"] for r in got} == {"Bea"}


def test_cross_platform_metrics(scope):
    frame = compute(get("cross_platform_links"), scope, []).execute()
    # 2 links, 1 crossed (share 0.5); the median of the one delay to a second platform is 9,000 s
    assert frame[["links", "cross_platform", "cross_platform_share", "median_delay_seconds"]].iloc[
        0
    ].tolist() == [
        2,
        1,
        0.5,
        9_000,
    ]
    by_entity = compute(get("cross_platform_links"), scope, ["entity"]).execute()
    assert by_entity.set_index("entity")["cross_platform"].to_dict() == {"Bea": 1}
    # items carrying the crossed link, per platform: twitter 2 (items 1, 2), reddit 1, mastodon 1
    volume = compute(get("cross_platform_items"), scope, ["platform", "day"]).execute()
    assert volume.groupby("platform")["items"].sum().to_dict() == {"mastodon": 1, "reddit": 1, "twitter": 2}
    assert len(volume) == 3  # the mastodon item on its own day, the others on 2 March (Rome)


def test_near_duplicate_text_with_one_word_changed_is_matched(scope):
    arrivals = text_arrivals(scope)
    # one cluster: twitter first (b, 10:00), mastodon 6 h later; the reddit text is unrelated and the
    # bluesky share is not a candidate
    assert arrivals[["platform", "arrival", "delay_seconds"]].values.tolist() == [
        ["twitter", 1, 0.0],
        ["mastodon", 2, 21_600.0],
    ]
    assert set(arrivals["entity"]) == {"Bea"} and arrivals["cluster"].nunique() == 1


def test_near_duplicate_clusters_directly():
    base = "one two three four five six seven eight nine ten"
    clusters = near_duplicate_clusters(
        [base, base.replace("five", "5ive"), "alpha beta gamma delta epsilon zeta eta theta iota kappa"]
    )
    # one word changed in ten: Jaccard 9/11 ≈ 0.82 ≥ 0.7, matched; the third shares no word
    assert clusters[0] == clusters[1] != clusters[2]
    assert len(near_duplicate_clusters([])) == 0


def test_short_texts_are_not_candidates(scope):
    # raising the minimum above the news text's 11 words leaves nothing to match
    assert text_arrivals(scope, min_tokens=12).empty


def test_entity_named(scope):
    assert entity_named(scope.settings, "bea").name == "Bea"
    assert entity_named(scope.settings, None) is None
    with pytest.raises(ValueError, match="unknown entity 'x'; known: Bea"):
        entity_named(scope.settings, "x")


def test_spread_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAPAROLA_LANG", "en")
    # the console's width is fixed when first imported (by whichever test came first): pin it
    monkeypatch.setattr(output.console, "width", 250)
    (tmp_path / "passaparola.toml").write_text(TOML)
    store = Store.open(tmp_path / "passaparola.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    store.close()
    result = CliRunner().invoke(app, ["spread", "--entity", "Bea", "-w", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # 10:00 UTC is 11:00 in Rome; delays 2.5 h and 24 h
    assert "Links seen on several platforms: 1" in result.output
    assert "2026-03-02 11:00" in result.output and "reddit +2h 30m, mastodon +1d" in result.output
    assert "mastodon +6h" in result.output
    result = CliRunner().invoke(app, ["--lang", "it", "spread", "-w", str(tmp_path)])
    assert "reddit +2h 30m, mastodon +1g" in result.output


def test_report_section_findings(scope):
    from passaparola.report.sections import Context, all_sections

    section = next(s for s in all_sections() if s.key == "spread")
    context = Context(scope, "en")
    # the brand's links: 2, of which 1 crossed (50.0%); median delay to a second platform 9,000 s = 2.5 h.
    # Nobody shares Bea's items here, so there is no amplifier finding.
    assert section.sentences(context) == [
        "1 of the brand's 2 links (50.0%) reached a second platform; the median delay to the second "
        "platform was 2.5 h."
    ]
    assert any(getattr(block, "rows", None) for block in section.blocks(context))
