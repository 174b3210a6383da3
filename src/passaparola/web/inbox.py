"""The brand's inbox for the dashboard and the API: the same queries as ``passaparola inbox``
(:func:`passaparola.metrics.sentiment.inbox` and :func:`~passaparola.metrics.sentiment.inbox_threads`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from passaparola.metrics import MetricError
from passaparola.metrics import plain as metrics_plain
from passaparola.metrics.sentiment import inbox, inbox_threads
from passaparola.report import formatting

if TYPE_CHECKING:
    import pandas as pd

    from passaparola.web import Session

#: The columns the API gives: of a waiting item, or (``most_negative``) of a waiting thread.
ITEM_COLUMNS = (
    "platform", "id", "created_at", "author_handle", "author_name", "question", "sentiment",
    "sentiment_score", "text", "url",
)  # fmt: skip
THREAD_COLUMNS = (
    "platform", "root", "waiting", "negative", "negativity", "worst_score", "worst_id", "first_waiting_at",
    "last_waiting_at", "unscored", "author_handle", "author_name", "text", "url",
)  # fmt: skip


def waiting(session: Session, limit: int, most_negative: bool) -> tuple[str, int, pd.DataFrame]:
    """The brand's name, how many items (or threads) wait for its answer, and the first ``limit`` of
    them (whole numbers as integers). A workspace without a ``[brand]`` is a :class:`MetricError`."""
    brand = session.scope.settings.brand
    if brand is None:
        raise MetricError(session.t("inbox.no_brand", config=session.ws.config_path.name))
    query = inbox_threads(session.scope, brand) if most_negative else inbox(session.scope, brand)
    listed = metrics_plain.whole_numbers(query, query.limit(limit).execute())
    return brand.name, int(query.count().execute()), listed


def records(session: Session, limit: int, most_negative: bool) -> dict[str, object]:
    """:func:`waiting` as JSON: ``entity``, ``total``, and ``items`` (or ``threads``), times in UTC
    (ISO 8601), unknown values null."""
    name, total, frame = waiting(session, limit, most_negative)
    columns = THREAD_COLUMNS if most_negative else ITEM_COLUMNS
    rows = [{c: _json_value(row[c]) for c in columns} for row in frame.to_dict(orient="records")]
    return {"entity": name, "total": total, "threads" if most_negative else "items": rows}


def _json_value(value: object) -> object:
    """Unknown as null, a time as ISO 8601, a numpy scalar as a Python number."""
    if formatting.is_unknown(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
