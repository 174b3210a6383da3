"""The user's sentiment corrections: stored apart from the model's labels, and never lost.

Each correction is a row of ``sentiment_corrections`` (platform, id, label, time, source); a later
correction of the same item wins, the earlier rows stay as history. A correction is checked before
anything is written (the item must be in the store, the label one of ``LABELS``), and a CSV of
corrections is written all or nothing, so bad input never leaves half a file stored.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from passaparola.enrich.sentiment import LABELS, SentimentModel, scored_text
from passaparola.store import Store

CSV_COLUMNS = ("id", "label")
APPLY_CHUNK = 50_000


class CorrectionError(ValueError):
    """A correction that cannot be stored; the message names the item or the file and line."""


@dataclass(frozen=True)
class Correction:
    item_id: str
    label: str
    platform: str | None = None
    #: Where it came from: ``FILE:LINE`` for a CSV row, None on the command line.
    where: str | None = None


def _label(value: str, where: str) -> str:
    label = value.strip().lower()
    if label not in LABELS:
        raise CorrectionError(f"{where}: label {value!r} is not one of {', '.join(LABELS)}")
    return label


def read_csv(path: Path) -> list[Correction]:
    """Corrections from a CSV with a header naming ``id`` and ``label`` (and optionally ``platform``)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise CorrectionError(f"{path}: cannot read ({error.strerror})") from None
    found = []
    with handle:
        try:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            missing = [c for c in CSV_COLUMNS if c not in header]
            if missing:
                raise CorrectionError(
                    f"{path}:1: header must name {', '.join(CSV_COLUMNS)} (and optionally platform); "
                    f"missing {', '.join(missing)}"
                )
            for row in reader:
                where = f"{path}:{reader.line_num}"
                if None in row or any(row.get(c) is None for c in CSV_COLUMNS):
                    raise CorrectionError(f"{where}: expected {len(header)} fields")
                item_id = row["id"].strip()
                if not item_id:
                    raise CorrectionError(f"{where}: empty id")
                platform = (row.get("platform") or "").strip().lower() or None
                found.append(Correction(item_id, _label(row["label"], where), platform, where))
        except csv.Error as error:
            raise CorrectionError(f"{path}:{reader.line_num}: malformed CSV ({error})") from None
        except UnicodeDecodeError:
            raise CorrectionError(f"{path}: not UTF-8 text") from None
    return found


def record(store: Store, corrections: Sequence[Correction], source: str | None = None) -> int:
    """Store the corrections after checking every one of them; nothing is written if one is bad."""
    rows = []
    for correction in corrections:
        where = correction.where or correction.item_id
        label = _label(correction.label, where)
        params: list[str] = [correction.item_id]
        platform_clause = ""
        if correction.platform:
            platform_clause = " AND platform = ?"
            params.append(correction.platform)
        platforms = [
            r[0]
            for r in store.con.execute(
                f"SELECT platform FROM items WHERE id = ?{platform_clause}", params
            ).fetchall()
        ]
        if not platforms:
            on = f" on {correction.platform}" if correction.platform else ""
            raise CorrectionError(f"{where}: no item with id {correction.item_id!r}{on} in the store")
        if len(platforms) > 1:
            raise CorrectionError(
                f"{where}: id {correction.item_id!r} exists on {', '.join(sorted(platforms))}; name the platform"
            )
        rows.append((platforms[0], correction.item_id, label))
    now = datetime.now(UTC)
    table = pa.table(
        {
            "platform": [r[0] for r in rows],
            "id": [r[1] for r in rows],
            "label": [r[2] for r in rows],
            "corrected_at": pa.array([now] * len(rows), pa.timestamp("us", tz="UTC")),
            "source": [source] * len(rows),
        }
    )
    store.con.register("incoming_corrections", table)
    try:
        store.con.execute("INSERT INTO sentiment_corrections SELECT * FROM incoming_corrections")
    finally:
        store.con.unregister("incoming_corrections")
    return len(rows)


def latest(store: Store) -> tuple[list[str], list[str], list[str | None]]:
    """(texts, labels, languages) of every corrected item with text: the latest correction of each, the
    text as the model reads it (:func:`passaparola.enrich.sentiment.scored_text`)."""
    rows = store.con.execute(
        """
        SELECT i.title, i.text, c.label, i.lang
        FROM (SELECT platform, id, arg_max(label, corrected_at) AS label
              FROM sentiment_corrections GROUP BY platform, id) c
        JOIN items i USING (platform, id)
        WHERE coalesce(i.text, i.title) IS NOT NULL
        ORDER BY platform, id
        """
    ).fetchall()
    read = [(scored_text({"title": title, "text": text}), label, lang) for title, text, label, lang in rows]
    kept = [row for row in read if row[0] is not None]
    return [row[0] for row in kept], [row[1] for row in kept], [row[2] for row in kept]


def apply(store: Store, model: SentimentModel) -> int:
    """Re-score every stored item with ``model`` (``sentiment`` and ``sentiment_score``); the count."""
    from passaparola.enrich.sentiment import fill

    done = 0
    last: tuple[str, str] = ("", "")
    while True:
        chunk = store.con.execute(
            "SELECT platform, id, title, text, lang FROM items WHERE (platform, id) > (?, ?) "
            "ORDER BY platform, id LIMIT ?",
            [*last, APPLY_CHUNK],
        ).fetchall()
        if not chunk:
            return done
        last = (chunk[-1][0], chunk[-1][1])
        items = [
            {"platform": p, "id": i, "title": title, "text": text, "lang": lang}
            for p, i, title, text, lang in chunk
        ]
        fill(items, model)
        scored = [item for item in items if "sentiment" in item]
        table = pa.table(
            {
                "platform": [item["platform"] for item in scored],
                "id": [item["id"] for item in scored],
                "sentiment": [item["sentiment"] for item in scored],
                "sentiment_score": pa.array([item["sentiment_score"] for item in scored], pa.float64()),
            }
        )
        store.con.register("rescored", table)
        try:
            store.con.execute(
                "UPDATE items SET sentiment = r.sentiment, sentiment_score = r.sentiment_score "
                "FROM rescored r WHERE items.platform = r.platform AND items.id = r.id"
            )
        finally:
            store.con.unregister("rescored")
        done += len(scored)
