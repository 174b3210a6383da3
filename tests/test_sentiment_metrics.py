"""Sentiment metrics on a hand-built workspace: net sentiment in three variants, the negative share,
corrections winning over the model, and the sentiment of the unanswered inbound items."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.enrich.sentiment.corrections import Correction, record
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import unanswered
from passaparola.store import Batch, Store, compress_raw

CONFIG = {
    "brand": {"name": "Aurora", "accounts": {"twitter": ["caffeaurora"]}},
    "competitors": [{"name": "Borealis", "accounts": {"twitter": ["borealis"]}}],
}
JAN = datetime(2026, 1, 10, 12, tzinfo=UTC)
FEB = datetime(2026, 2, 10, 12, tzinfo=UTC)


def row(id_: str, handle: str, sentiment: str | None, score: float | None, **fields) -> dict:
    base = {
        "platform": "twitter",
        "id": id_,
        "kind": "post",
        "created_at": JAN,
        "author_id": f"id-{handle}",
        "author_handle": handle,
        "author_followers": 100,
        "text": "testo",
        "sentiment": sentiment,
        "sentiment_score": score,
        "format": "test",
        "source": "hand",
        "source_line": 1,
        "import_id": 1,
        "observed_at": JAN,
        "ingested_at": JAN,
        "raw": compress_raw({}),
    }
    base.update(fields)
    return base


AT_AURORA = {"mentions": ["caffeaurora"]}
ITEMS = [
    row("1", "caffeaurora", "positive", 0.9),  # owned by the brand: not counted
    row("2", "anna", "positive", 0.8, **AT_AURORA),
    row("3", "bruno", "positive", 0.6, **AT_AURORA),
    row("4", "carla", "negative", -0.7, **AT_AURORA),
    row("5", "dario", "neutral", 0.1, **AT_AURORA),
    row("6", "elena", None, None, text=None, **AT_AURORA),  # no text: unscored
    row("7", "fabio", "negative", -0.2, kind="reply", parent_id="1"),  # reply to the brand
    row("8", "gino", "positive", 0.5, kind="share", shared_id="1", **AT_AURORA),  # a share: left out
    row("9", "anna", "negative", -0.9, created_at=FEB, **AT_AURORA),  # February
    row("10", "hugo", "neutral", 0.0, mentions=["borealis"]),  # about the competitor
    row("11", "caffeaurora", "neutral", 0.0, kind="reply", parent_id="5", created_at=FEB),  # answers 5
]


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml")), store
    store.close()


def values(scope: Scope, name: str, by: list[str] | None = None) -> dict:
    frame = compute(get(name), scope, by or []).execute()
    keys = ["entity", *(by or [])]
    # periods as "YYYY-MM"
    return {
        tuple(str(getattr(r, k))[: 7 if k == "month" else None] for k in keys): r for r in frame.itertuples()
    }


def test_net_sentiment_variants_by_hand(scope):
    scope, _ = scope
    # Aurora's earned items, shares left out: 2 +, 3 +, 4 -, 5 0, 6 unscored, 7 -, 9 -
    # P = 2, N = 3, U = 1, unscored 1
    aurora = values(scope, "net_sentiment")[("Aurora",)]
    assert (aurora.positive, aurora.negative, aurora.neutral, aurora.unscored) == (2, 3, 1, 1)
    assert aurora.net_sentiment == pytest.approx((2 - 3) / (2 + 3))  # -0.2
    assert values(scope, "net_sentiment_all")[("Aurora",)].net_sentiment_all == pytest.approx((2 - 3) / 6)
    assert values(scope, "positive_ratio")[("Aurora",)].positive_ratio == pytest.approx(2 / 5)
    assert values(scope, "negative_share")[("Aurora",)].negative_share == pytest.approx(3 / 6)
    # Borealis: one neutral item: P + N = 0, so net sentiment is unknown (null), not zero
    borealis = values(scope, "net_sentiment")[("Borealis",)]
    assert borealis.net_sentiment != borealis.net_sentiment  # NaN: null in the engine
    assert values(scope, "net_sentiment_all")[("Borealis",)].net_sentiment_all == 0.0


def test_by_month(scope):
    scope, _ = scope
    by_month = values(scope, "net_sentiment", ["month"])
    # January: 2 +, 3 +, 4 -, 7 - -> (2 - 2) / 4 = 0; February: 9 - -> (0 - 1) / 1 = -1
    assert by_month[("Aurora", "2026-01")].net_sentiment == 0.0
    assert by_month[("Aurora", "2026-02")].net_sentiment == -1.0


def test_corrections_win_over_the_model(scope):
    scope, store = scope
    record(store, [Correction("4", "positive"), Correction("5", "negative")])
    record(store, [Correction("5", "positive")])  # the latest correction wins
    aurora = values(scope, "net_sentiment")[("Aurora",)]
    # now 2 +, 3 +, 4 +, 5 +, 7 -, 9 -: P = 4, N = 2 -> (4 - 2) / 6
    assert (aurora.positive, aurora.negative, aurora.neutral) == (4, 2, 0)
    assert aurora.net_sentiment == pytest.approx(2 / 6)


def test_unanswered_items_carry_their_sentiment_corrections_included(scope):
    scope, store = scope
    record(store, [Correction("3", "negative")])
    waiting = unanswered(scope, scope.settings.brand).execute().set_index("id")
    # inbound for Aurora (care's definition): the mentions 2, 3, 4, 5, 6, 8 (a share that mentions the
    # brand), 9 and the reply 7; 5 was answered by 11
    assert sorted(waiting.index) == ["2", "3", "4", "6", "7", "8", "9"]
    assert (waiting.loc["4", "sentiment"], waiting.loc["4", "sentiment_score"]) == ("negative", -0.7)
    # a corrected item: its corrected label, and the score that label means
    assert (waiting.loc["3", "sentiment"], waiting.loc["3", "sentiment_score"]) == ("negative", -1.0)
    assert waiting.loc["6", "sentiment_score"] != waiting.loc["6", "sentiment_score"]  # no text: null
