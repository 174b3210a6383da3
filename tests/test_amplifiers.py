"""Amplifiers of the brand's content on a hand-built workspace; every count worked out by hand below."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from passaparola.cli import app, output
from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.amplifiers import amplifications, top_amplifiers
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_graph import TOML
from tests.test_metrics_media import row

CONFIG = {
    "workspace": {"timezone": "Europe/Rome"},
    "brand": {"name": "Bea", "accounts": {"twitter": ["b"]}},
    "competitors": [{"name": "Zeta", "accounts": {"twitter": ["z"]}}],
}
LATER = datetime(2026, 1, 11, 12, tzinfo=UTC)
ITEMS = [
    row("1", "b", text="post uno"),
    row("2", "b", text="post due"),
    # e shares 1 (100 followers then) and quotes 2 (300 followers a day later: the latest count)
    row("3", "e", kind="share", shared_id="1", text="RT post uno", author_followers=100),
    row("4", "e", kind="quote", shared_id="2", text="da vedere", author_followers=300, created_at=LATER),
    # f shares 1; f's followers are never given
    row("5", "f", kind="share", shared_id="1", text="RT post uno"),
    # g shares e's quote 4, h replies to e's quote 4 and to e's share 3: e's second-level reach
    row("6", "g", kind="share", shared_id="4", text="RT da vedere", author_followers=5),
    row("7", "h", kind="reply", parent_id="4", text="vero", author_followers=5),
    row("8", "h", kind="reply", parent_id="3", text="anche io", author_followers=5),
    # the brand sharing its own post is not amplification
    row("9", "b", kind="share", shared_id="1", text="RT post uno"),
    # f shares the competitor's post 10: Zeta's amplification, not Bea's
    row("10", "z", text="post di zeta"),
    row("11", "f", kind="share", shared_id="10", text="RT post di zeta"),
]
# Bea's amplifications: 3 and 4 by e, 5 by f (9 is Bea's own; 6 shares e's quote, not Bea's item).
# e: 2 shares and quotes (1 quote) of 2 distinct items, followers 300 (the latest), second-level shares 1 (6),
#   replies 2 (7, 8). In the cascade trees (shares and quotes) 6 hangs below 4: 1 item below, 1 level, and
#   its author g has 5 followers: potential reach below 5, no unknown.
# f: 1 share of 1 item, followers unknown (null), second level 0 and 0, nothing below (reach 0, not unknown).
# Zeta: 1 amplification (11 by f).


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_top_amplifiers_worked_out_by_hand(scope):
    got = top_amplifiers(scope, scope.settings.brand, 10).to_pyarrow().to_pylist()
    assert got == [
        {
            "platform": "twitter",
            "author": "e",
            "role": "consumer",
            "followers": 300,
            "shares": 2,
            "quotes": 1,
            "items_amplified": 2,
            "second_level_shares": 1,
            "second_level_replies": 2,
            "deepest_below": 1,
            "items_below": 1,
            "reach_below": 5,
            "reach_below_unknown": 0,
        },
        {
            "platform": "twitter",
            "author": "f",
            "role": "public",
            "followers": None,
            "shares": 1,
            "quotes": 0,
            "items_amplified": 1,
            "second_level_shares": 0,
            "second_level_replies": 0,
            "deepest_below": 0,
            "items_below": 0,
            "reach_below": 0,
            "reach_below_unknown": 0,
        },
    ]
    assert top_amplifiers(scope, scope.settings.brand, 1).count().execute() == 1


def test_amplification_metric_per_entity(scope):
    frame = compute(get("amplification"), scope, []).execute().set_index("entity")
    # Bea: 3 amplifications by 2 authors, 1 item below them (6) at 1 level, second level 1 share and 2
    # replies; Zeta: 1 by f, none further
    columns = [
        "amplifications",
        "amplifiers",
        "items_below",
        "deepest_below",
        "second_level_shares",
        "second_level_replies",
    ]
    assert frame.loc["Bea", columns].tolist() == [3, 2, 1, 1, 1, 2]
    assert frame.loc["Zeta", ["amplifications", "amplifiers"]].tolist() == [1, 1]
    by_kind = compute(get("amplification"), scope, ["kind"]).execute()
    bea = by_kind[by_kind.entity == "Bea"].set_index("kind")["amplifications"].to_dict()
    assert bea == {"quote": 1, "share": 2}


def explicit(parent: str) -> str:
    return orjson.dumps({"cascade_parent": parent}).decode()


# A tree with explicit parents (as Twitter15/16 give them), every item a share of Bea's post p:
#   p ← a1 (amy) ← a2 (ben) ← a3 (cat), a4 (amy again);  p ← a5 (dan)
# Followers: amy 10, ben 20, cat unknown, dan 40. Every share is an amplification of Bea.
DEEP = [
    row("p", "b", text="post"),
    row("a1", "amy", kind="share", shared_id="p", extra=explicit("p"), author_followers=10),
    row("a2", "ben", kind="share", shared_id="p", extra=explicit("a1"), author_followers=20),
    row("a3", "cat", kind="share", shared_id="p", extra=explicit("a2")),
    row("a4", "amy", kind="share", shared_id="p", extra=explicit("a2"), author_followers=10),
    row("a5", "dan", kind="share", shared_id="p", extra=explicit("p"), author_followers=40),
]


def test_how_far_shares_travel_through_the_cascade_tree(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in DEEP]))
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    per_share = amplifications(scope, (scope.settings.brand,)).execute().set_index("id")
    # a1 heads a2, a3, a4 (3 items, 2 levels down); a2 heads a3, a4 (2, 1 level) and lies below a1, as a3
    # and a4 do; a5 has nothing below
    assert per_share.loc[
        ["a1", "a2", "a3", "a4", "a5"], ["items_below", "deepest_below", "nested"]
    ].values.tolist() == [
        [3, 2, False],
        [2, 1, True],
        [0, 0, True],
        [0, 0, True],
        [0, 0, False],
    ]
    # the metric counts each item below once (under a1, the highest amplification above it): 3, not 3 + 2
    metric = compute(get("amplification"), scope, []).execute().set_index("entity").loc["Bea"]
    assert (metric.amplifications, metric.amplifiers, metric.items_below, metric.deepest_below) == (
        5,
        4,
        3,
        2,
    )
    got = top_amplifiers(scope, scope.settings.brand, 10).to_pyarrow().to_pylist()
    keys = ("author", "shares", "items_amplified", "items_below", "deepest_below", "reach_below",
            "reach_below_unknown")  # fmt: skip
    # amy: below a1 and a4, {a2, a3, a4} once each; authors below but amy: ben 20 and cat (unknown).
    # ben: below a2 {a3, a4}; authors cat (unknown) and amy 10. cat and dan: nothing below (reach 0).
    # Order: most shares, then most items below, then by name.
    assert [tuple(r[k] for k in keys) for r in got] == [
        ("amy", 2, 1, 3, 2, 20, 1),
        ("ben", 1, 1, 2, 1, 10, 1),
        ("cat", 1, 1, 0, 0, 0, 0),
        ("dan", 1, 1, 0, 0, 0, 0),
    ]
    store.close()


def test_no_entities_no_amplifications(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    settings = parse_settings({"workspace": {"timezone": "UTC"}}, tmp_path / "passaparola.toml")
    assert amplifications(Scope.of(store, settings)).count().execute() == 0
    store.close()


def test_amplifiers_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAPAROLA_LANG", "en")
    # the console's width is fixed when first imported (by whichever test came first): pin it
    monkeypatch.setattr(output.console, "width", 250)
    (tmp_path / "passaparola.toml").write_text(TOML)
    store = Store.open(tmp_path / "passaparola.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    store.close()
    result = CliRunner().invoke(app, ["amplifiers", "-w", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Who amplifies Bea" in result.output
    rows = [line.split("│") for line in result.output.splitlines() if line.lstrip().startswith("twitter")]
    assert [[cell.strip() for cell in r] for r in rows] == [
        ["twitter", "e", "consumer", "300", "2", "1", "2", "1", "2", "1", "1", "5", "0"],
        ["twitter", "f", "public", "—", "1", "0", "1", "0", "0", "0", "0", "0", "0"],
    ]
    # from 11 January (Rome) only e's quote 4 is in the window; 6 below it is counted wherever it falls
    result = CliRunner().invoke(app, ["amplifiers", "--from", "2026-01-11", "-w", str(tmp_path)])
    rows = [line.split("│") for line in result.output.splitlines() if line.lstrip().startswith("twitter")]
    assert [[cell.strip() for cell in r] for r in rows] == [
        ["twitter", "e", "consumer", "300", "1", "1", "1", "1", "1", "1", "1", "5", "0"]
    ]
    result = CliRunner().invoke(app, ["amplifiers", "--entity", "Nobody", "-w", str(tmp_path)])
    assert result.exit_code == 2 and "--entity 'Nobody': no brand or competitor" in result.output
