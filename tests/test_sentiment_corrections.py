"""Sentiment corrections: stored apart, latest wins, bad input stores nothing and says where."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passaparola.cli import app
from passaparola.enrich.sentiment import corrections
from passaparola.enrich.sentiment.corrections import Correction, CorrectionError, read_csv, record
from passaparola.store import Batch, Store, compress_raw
from passaparola.workspace import create

JAN = datetime(2026, 1, 10, 12, tzinfo=UTC)


def item(id_: str, text: str | None, platform: str = "twitter", lang: str | None = None) -> dict:
    return {
        "lang": lang,
        "platform": platform,
        "id": id_,
        "kind": "post",
        "created_at": JAN,
        "text": text,
        "format": "test",
        "source": "hand",
        "source_line": 1,
        "import_id": 1,
        "observed_at": JAN,
        "ingested_at": JAN,
        "raw": compress_raw({}),
        "sentiment": "neutral" if text else None,
        "sentiment_score": 0.0 if text else None,
    }


@pytest.fixture
def filled(store: Store) -> Store:
    store.write(
        1,
        Batch(
            items=[
                item("1", "il caffè era freddo", lang="it"),
                item("2", "ottimo servizio", lang="it"),
                item("7", "same id on two platforms"),
                item("7", "same id on two platforms", platform="mastodon"),
            ]
        ),
    )
    return store


def stored(store: Store) -> list[tuple]:
    return store.con.execute(
        "SELECT platform, id, label FROM sentiment_corrections ORDER BY corrected_at, platform, id"
    ).fetchall()


def test_corrections_are_stored_and_the_latest_wins(filled: Store):
    assert record(filled, [Correction("1", "Negative")]) == 1
    record(filled, [Correction("1", "neutral"), Correction("2", "positive")])
    assert stored(filled) == [
        ("twitter", "1", "negative"),
        ("twitter", "1", "neutral"),
        ("twitter", "2", "positive"),
    ]
    texts, labels, languages = corrections.latest(filled)
    assert list(zip(texts, labels, languages, strict=True)) == [
        ("il caffè era freddo", "neutral", "it"),
        ("ottimo servizio", "positive", "it"),
    ]


def test_corrections_are_read_as_the_model_reads_the_item(store: Store):
    blank_title = {**item("1", "ottimo servizio", lang="it"), "title": "  "}
    titled = {**item("2", "caffè freddo"), "title": "Recensione"}
    blank = {**item("3", " \n "), "title": " "}
    store.write(1, Batch(items=[blank_title, titled, blank]))
    record(store, [Correction(i, "negative") for i in ("1", "2", "3")])
    texts, labels, languages = corrections.latest(store)
    assert texts == ["ottimo servizio", "Recensione\ncaffè freddo"]
    assert (labels, languages) == (["negative", "negative"], ["it", None])


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Correction("99", "negative"), "no item with id '99'"),
        (Correction("1", "angry"), "label 'angry' is not one of negative, neutral, positive"),
        (Correction("7", "negative"), "exists on mastodon, twitter; name the platform"),
        (Correction("1", "negative", platform="reddit"), "no item with id '1' on reddit"),
    ],
)
def test_bad_corrections_store_nothing(filled: Store, bad: Correction, message: str):
    with pytest.raises(CorrectionError, match=message):
        record(filled, [Correction("2", "positive"), bad])
    assert stored(filled) == []


def test_the_platform_settles_a_shared_id(filled: Store):
    record(filled, [Correction("7", "negative", platform="mastodon")])
    assert stored(filled) == [("mastodon", "7", "negative")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,label\n1,positive\n2,furious\n", r"fixes.csv:3: label 'furious'"),
        ("id,sentiment\n1,positive\n", r"fixes.csv:1: header must name id, label"),
        ("id,label\n1,positive\n2\n", r"fixes.csv:3: expected 2 fields"),
        ("id,label\n1,positive,extra\n", r"fixes.csv:2: expected 2 fields"),
        ('id,label\n"1,positive\n', r"fixes.csv:\d+: malformed CSV"),
        ("id,label\n,positive\n", r"fixes.csv:2: empty id"),
    ],
)
def test_malformed_csv_names_the_line(tmp_path: Path, content: str, message: str):
    path = tmp_path / "fixes.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorrectionError, match=message):
        read_csv(path)


def test_csv_with_platform_column(tmp_path: Path, filled: Store):
    path = tmp_path / "fixes.csv"
    path.write_text("platform,id,label\nmastodon,7,positive\ntwitter,1, negative \n", encoding="utf-8")
    assert record(filled, read_csv(path), str(path)) == 2
    assert stored(filled) == [("mastodon", "7", "positive"), ("twitter", "1", "negative")]


def test_cli_label_and_bad_csv_keep_the_store_intact(tmp_path: Path):
    ws = create(tmp_path / "ws")
    with Store.open(ws.store_path) as store:
        store.write(1, Batch(items=[item("1", "il caffè era freddo")]))
    runner = CliRunner()
    result = runner.invoke(app, ["sentiment", "label", "1", "negative", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\n1,positive\n404,negative\n", encoding="utf-8")
    result = runner.invoke(app, ["sentiment", "label", "--csv", str(bad), "-w", str(ws.root)])
    assert result.exit_code == 2
    with Store.open(ws.store_path, read_only=True) as store:
        assert stored(store) == [("twitter", "1", "negative")]


def test_apply_rescores_stored_items(filled: Store):
    from tests.test_sentiment import tiny_model

    assert corrections.apply(filled, tiny_model()) == 4
    rows = dict(filled.con.execute("SELECT text, sentiment FROM items WHERE platform = 'twitter'").fetchall())
    assert set(rows.values()) <= {"negative", "neutral", "positive"}
