"""Amplifiers of the brand's content on a hand-built workspace; every count worked out by hand below."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
# e: 2 shares and quotes (1 quote), followers 300 (the latest), second-level shares 1 (6), replies 2 (7, 8).
# f: 1 share, followers unknown (null), second level 0 and 0.
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
            "second_level_shares": 1,
            "second_level_replies": 2,
        },
        {
            "platform": "twitter",
            "author": "f",
            "role": "public",
            "followers": None,
            "shares": 1,
            "quotes": 0,
            "second_level_shares": 0,
            "second_level_replies": 0,
        },
    ]
    assert top_amplifiers(scope, scope.settings.brand, 1).count().execute() == 1


def test_amplification_metric_per_entity(scope):
    frame = compute(get("amplification"), scope, []).execute().set_index("entity")
    # Bea: 3 amplifications by 2 authors, second level 1 share and 2 replies; Zeta: 1 by f, none further
    assert frame.loc[
        "Bea", ["shares", "amplifiers", "second_level_shares", "second_level_replies"]
    ].tolist() == [
        3,
        2,
        1,
        2,
    ]
    assert frame.loc["Zeta", ["shares", "amplifiers"]].tolist() == [1, 1]
    by_kind = compute(get("amplification"), scope, ["kind"]).execute()
    bea = by_kind[by_kind.entity == "Bea"].set_index("kind")["shares"].to_dict()
    assert bea == {"quote": 1, "share": 2}


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
    rows = [line.split() for line in result.output.splitlines() if line.lstrip().startswith("twitter")]
    assert rows == [
        ["twitter", "│", "e", "│", "consumer", "│", "300", "│", "2", "│", "1", "│", "1", "│", "2"],
        ["twitter", "│", "f", "│", "public", "│", "—", "│", "1", "│", "0", "│", "0", "│", "0"],
    ]
    result = CliRunner().invoke(app, ["amplifiers", "--entity", "Nobody", "-w", str(tmp_path)])
    assert result.exit_code == 2 and "unknown entity 'Nobody'" in result.output
