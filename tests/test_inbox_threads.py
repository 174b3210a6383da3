"""The threads still waiting for the brand, most negative first (``inbox --most-negative``), on a
hand-built workspace whose order is worked out by hand below."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passaparola.cli import app
from passaparola.config import parse_settings
from passaparola.enrich.sentiment.corrections import Correction, record
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import MOST_NEGATIVE_FIRST, waiting_threads
from passaparola.store import Batch, Store, compress_raw

CONFIG = {"brand": {"name": "Aurora", "accounts": {"twitter": ["caffeaurora"]}}}
TOML = '[brand]\nname = "Aurora"\naccounts = { twitter = ["caffeaurora"] }\n'
START = datetime(2026, 3, 2, 9, tzinfo=UTC)
BRAND = "caffeaurora"


def row(id_: str, minute: int, handle: str, score: float | None, **fields) -> dict:
    label = (
        None if score is None else "negative" if score < -0.2 else "positive" if score > 0.2 else "neutral"
    )
    base = {
        "platform": "twitter",
        "id": id_,
        "kind": "reply" if "parent_id" in fields else "post",
        "created_at": START + timedelta(minutes=minute),
        "author_id": f"id-{handle}",
        "author_handle": handle,
        "author_followers": 100,
        "text": None if score is None else f"text of {id_}",
        "sentiment": label,
        "sentiment_score": score,
        "url": f"https://x.test/{id_}",
        "format": "test",
        "source": "hand",
        "source_line": 1,
        "import_id": 1,
        "observed_at": START,
        "ingested_at": START,
        "raw": compress_raw({}),
    }
    base.update(fields)
    return base


AT_BRAND = {"mentions": [BRAND]}
ITEMS = [
    # thread b1: three items wait (r1 -0.9, r2 0.1, r3 -0.5 replying to r1 and naming the brand)
    row("b1", 0, BRAND, 0.5),
    row("r1", 1, "anna", -0.9, parent_id="b1"),
    row("r2", 2, "bruno", 0.1, parent_id="b1"),
    row("r3", 3, "carla", -0.5, parent_id="r1", **AT_BRAND),
    # thread b2: r4 was answered by the brand (r5); r6 waits
    row("b2", 10, BRAND, 0.0),
    row("r4", 11, "dario", -0.6, parent_id="b2"),
    row("r5", 12, BRAND, 0.2, parent_id="r4"),
    row("r6", 13, "elena", 0.7, parent_id="b2"),
    # single posts naming the brand
    row("p1", 20, "fabio", -0.7, **AT_BRAND),
    row("p2", 21, "gino", None, **AT_BRAND),  # no text: unscored
    row("p3", 22, "hugo", 0.0, **AT_BRAND),  # neutral by the model, corrected to negative below
]
# By hand: p3 -1 (its correction); p1 -0.7; b1 mean (-0.9 + 0.1 - 0.5) / 3 = -0.4333 (worst r1); b2 0.7
# (r6 alone: r4 was answered); p2 unscored, last. Ranking items instead would put b1's r1 (-0.9) before p1.
EXPECTED = [
    ("p3", 1, 1, -1.0, "p3"),
    ("p1", 1, 1, -0.7, "p1"),
    ("b1", 3, 2, -1.3 / 3, "r1"),
    ("b2", 1, 0, 0.7, "r6"),
]


def fill(store: Store) -> None:
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    record(store, [Correction("p3", "negative")])


def test_threads_waiting_most_negative_first(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        fill(store)
        scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
        found = waiting_threads(scope, scope.settings.brand).order_by(list(MOST_NEGATIVE_FIRST)).execute()
    got = [(r.root, r.waiting, r.negative, r.worst_id) for r in found.itertuples() if not r.unscored]
    assert got == [(root, waiting, negative, worst) for root, waiting, negative, _, worst in EXPECTED]
    means = [r.negativity for r in found.itertuples() if not r.unscored]
    assert means == pytest.approx([mean for _, _, _, mean, _ in EXPECTED])
    last = found.iloc[-1]
    assert (last.root, bool(last.unscored), last.waiting) == ("p2", True, 1)
    assert found.first_waiting_at.iloc[2] == START + timedelta(minutes=1)
    assert found.last_waiting_at.iloc[2] == START + timedelta(minutes=3)


def test_inbox_most_negative_lists_threads(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "passaparola.toml").write_text(TOML, encoding="utf-8")
    with Store.open(root / "passaparola.duckdb") as store:
        fill(store)
    result = CliRunner().invoke(app, ["inbox", "--most-negative", "-w", str(root), "-n", "3"])
    assert result.exit_code == 0, result.output
    assert "5 threads wait" in result.output
    lines = [line for line in result.output.splitlines() if "https://x.test/" in line]
    assert [line.split("https://x.test/")[1].strip(" │|") for line in lines] == ["p3", "p1", "r1"]
    assert "-0.43" in lines[2] and "text of r1" in lines[2]
