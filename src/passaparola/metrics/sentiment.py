"""Sentiment about each entity: net sentiment in three named variants, the negative share, and the
threads still waiting for the entity ordered by negativity (for the inbox).

- An item's **sentiment** is the user's latest correction (``sentiment_corrections``) when there is one,
  else the model's label from enrichment. Items without a label (no text) are not scored; every metric
  says how many it could not use (``unscored``).
- The items counted for an entity are its **earned** items (:mod:`passaparola.metrics.media`: others'
  items that mention it, match its listening query, reply to it or share it), less shares, which repeat
  someone else's words: what people say about the entity, not what it says about itself.
- With P, N and U the positive, negative and neutral items:
  - **net sentiment** (default) = (P − N) ÷ (P + N), in [-1, 1]; null when P + N = 0;
  - **net sentiment over all** = (P − N) ÷ (P + N + U): neutral talk dilutes it;
  - **positive ratio** = P ÷ (P + N), in [0, 1];
  - **negative share** = N ÷ (P + N + U).
- A thread **waits** for the entity while it holds at least one unanswered inbound item (customer care's
  definition, :func:`passaparola.metrics.care.responses`). Its **negativity** is the mean sentiment
  score of those waiting items (P(positive) − P(negative) from the model, in [-1, 1]; a corrected item
  counts -1, 0 or 1 for its corrected label; items without text are left out). Threads come most negative
  first (lowest mean), then by the lowest single score, then by how many items wait, then oldest first;
  a thread with no scored waiting item comes last.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from passaparola.config import Entity
from passaparola.metrics import Column, Metric, Text, register
from passaparola.metrics.media import classify
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS


def corrected(items: ir.Table, corrections: ir.Table) -> ir.Table:
    """``items`` with ``sentiment`` replaced by the latest correction of each corrected item."""
    latest = corrections.group_by(["platform", "id"]).aggregate(
        corrected=corrections.label.argmax(corrections.corrected_at)
    )
    joined = items.left_join(latest, ["platform", "id"])
    return joined.select(
        *[c for c in items.columns if c != "sentiment"],
        sentiment=joined.corrected.fill_null(joined.sentiment),
    )


def _corrections(scope: Scope) -> ir.Table:
    return scope.table("sentiment_corrections")


def sentiment_frame(scope: Scope) -> ir.Table:
    """One row per (earned item, entity), shares left out: ``platform, id, created_at, entity, sentiment``."""
    media = classify(scope)
    earned = media.filter((media.media == "earned") & (media.kind != "share"))
    labels = corrected(scope.items.select("platform", "id", "sentiment"), _corrections(scope))
    joined = earned.join(labels, ["platform", "id"])
    return joined.select(earned.platform, earned.id, earned.created_at, earned.entity, labels.sentiment)


def _counts(t: ir.Table) -> dict[str, ir.Value]:
    return {
        "positive": (t.sentiment == "positive").sum(),
        "negative": (t.sentiment == "negative").sum(),
        "neutral": (t.sentiment == "neutral").sum(),
        "unscored": t.sentiment.isnull().sum(),
    }


def _ratio(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    return numerator.cast("float64") / ibis.cases((denominator == 0, ibis.null("float64")), else_=denominator)


_COUNTED = Text(
    "Counted: the entity's earned items (others' items that mention it, match its listening query, reply "
    "to it or share it), shares left out; an item's label is the user's correction when there is one, "
    "else the model's. Items without text are not scored (column unscored).",
    "Contati: gli elementi guadagnati dell'entità (elementi altrui che la menzionano, rispondono o "
    "condividono i suoi contenuti, o rientrano nella sua query di ascolto), escluse le condivisioni; "
    "l'etichetta è la correzione dell'utente quando c'è, altrimenti quella del modello. Gli elementi "
    "senza testo non sono valutati (colonna unscored).",
)


#: The counts every sentiment metric returns beside its value.
_COUNT_COLUMNS = {
    "positive": Column(Text("Positive", "Positivi"), "count"),
    "negative": Column(Text("Negative", "Negativi"), "count"),
    "neutral": Column(Text("Neutral", "Neutri"), "count"),
    "unscored": Column(Text("Not scored (no text)", "Non valutati (senza testo)"), "count"),
}


def _declare(
    name: str, title: Text, lead: Text, formula: str, unit: str, better: str, value, column: Column
) -> Metric:
    return register(
        Metric(
            name=name,
            title=title,
            definition=Text(f"{lead.en} {_COUNTED.en}", f"{lead.it} {_COUNTED.it}"),
            formula=formula,
            source="passaparola DESIGN (net sentiment); labels by the workspace's sentiment model",
            unit=unit,
            better=better,
            dimensions=("platform", *PERIODS),
            frame=sentiment_frame,
            aggregate=lambda t: {**_counts(t), name: value(t)},
            breakdown=("entity",),
            family="sentiment",
            columns={**_COUNT_COLUMNS, name: column},
            headline=name,
        )
    )


def _p(t: ir.Table) -> ir.IntegerValue:
    return (t.sentiment == "positive").sum()


def _n(t: ir.Table) -> ir.IntegerValue:
    return (t.sentiment == "negative").sum()


def _all(t: ir.Table) -> ir.IntegerValue:
    return t.sentiment.notnull().sum()


NET_SENTIMENT = _declare(
    "net_sentiment",
    Text("Net sentiment", "Sentiment netto"),
    Text(
        "Positive minus negative items over positive plus negative items, from -1 (all negative) to 1.",
        "Elementi positivi meno negativi sul totale di positivi e negativi, da -1 (tutti negativi) a 1.",
    ),
    "(P − N) ÷ (P + N)",
    "ratio",
    "higher",
    lambda t: _ratio(_p(t) - _n(t), _p(t) + _n(t)),
    Column(Text("Net sentiment (P − N) ÷ (P + N)", "Sentiment netto (P − N) ÷ (P + N)"), "number"),
)

NET_SENTIMENT_ALL = _declare(
    "net_sentiment_all",
    Text("Net sentiment over all items", "Sentiment netto su tutti gli elementi"),
    Text(
        "Positive minus negative items over all scored items (neutral ones included, so they dilute it).",
        "Elementi positivi meno negativi su tutti gli elementi valutati (compresi i neutri, che lo diluiscono).",
    ),
    "(P − N) ÷ (P + N + U)",
    "ratio",
    "higher",
    lambda t: _ratio(_p(t) - _n(t), _all(t)),
    Column(Text("Net sentiment (P − N) ÷ all", "Sentiment netto (P − N) ÷ tutti"), "number"),
)

POSITIVE_RATIO = _declare(
    "positive_ratio",
    Text("Positive ratio", "Quota positiva"),
    Text(
        "Positive items over positive plus negative items, from 0 to 1.",
        "Elementi positivi sul totale di positivi e negativi, da 0 a 1.",
    ),
    "P ÷ (P + N)",
    "share",
    "higher",
    lambda t: _ratio(_p(t), _p(t) + _n(t)),
    Column(Text("Positive ratio P ÷ (P + N)", "Quota positiva P ÷ (P + N)"), "share"),
)

NEGATIVE_SHARE = _declare(
    "negative_share",
    Text("Negative share", "Quota negativa"),
    Text(
        "Negative items over all scored items about the entity.",
        "Elementi negativi su tutti gli elementi valutati che riguardano l'entità.",
    ),
    "N ÷ (P + N + U)",
    "share",
    "lower",
    lambda t: _ratio(_n(t), _all(t)),
    Column(Text("Negative share N ÷ all", "Quota negativa N ÷ tutti"), "share"),
)


#: The order of :func:`waiting_threads` rows, most negative first.
MOST_NEGATIVE_FIRST = (
    "unscored",
    "negativity",
    "worst_score",
    ibis.desc("waiting"),
    "first_waiting_at",
    "platform",
    "root",
)
_CORRECTED_SCORE = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


def unanswered(scope: Scope, entity: Entity) -> ir.Table:
    """The entity's unanswered inbound items (:func:`passaparola.metrics.care.responses`) with their
    ``sentiment`` and ``sentiment_score``; a corrected item has its corrected label and the score -1, 0
    or 1 that label means."""
    from passaparola.metrics.care import responses

    waiting = responses(scope, entity)
    waiting = waiting.filter(waiting.answered_at.isnull())
    items = scope.all_items.select("platform", "id", "sentiment", "sentiment_score")
    latest = _corrections(scope)
    latest = latest.group_by(["platform", "id"]).aggregate(corrected=latest.label.argmax(latest.corrected_at))
    labelled = items.left_join(latest, ["platform", "id"])
    corrected_score = labelled.corrected.substitute(_CORRECTED_SCORE, else_=ibis.null("float64"))
    labels = labelled.select(
        "platform",
        "id",
        sentiment=labelled.corrected.fill_null(labelled.sentiment),
        sentiment_score=ibis.cases(
            (labelled.corrected.notnull(), corrected_score), else_=labelled.sentiment_score
        ),
    )
    return waiting.left_join(labels, ["platform", "id"]).select(
        *waiting.columns, labels.sentiment, labels.sentiment_score
    )


#: The inbox's order: questions first, then oldest first.
INBOX_ORDER = (ibis.desc("question"), "created_at", "platform", "id")


def inbox(scope: Scope, entity: Entity) -> ir.Table:
    """The entity's inbox: :func:`unanswered` with each item's ``author_handle``, ``author_name`` and
    ``url``, in :data:`INBOX_ORDER`."""
    waiting = unanswered(scope, entity)
    items = scope.all_items.select("platform", "id", "author_handle", "author_name", "url")
    return waiting.join(items, ["platform", "id"]).order_by(list(INBOX_ORDER))


def inbox_threads(scope: Scope, entity: Entity) -> ir.Table:
    """The threads still waiting for the entity (:func:`waiting_threads`), most negative first
    (:data:`MOST_NEGATIVE_FIRST`), each with the ``author_handle``, ``author_name``, ``text`` and ``url``
    of its most negative waiting item."""
    threads = waiting_threads(scope, entity)
    items = scope.all_items.select("platform", "id", "author_handle", "author_name", "text", "url")
    joined = threads.join(items, (threads.platform == items.platform) & (threads.worst_id == items.id))
    return joined.select(threads, items.author_handle, items.author_name, items.text, items.url).order_by(
        list(MOST_NEGATIVE_FIRST)
    )


def waiting_threads(scope: Scope, entity: Entity) -> ir.Table:
    """One row per thread still waiting for ``entity`` (see the module's docstring): ``platform, root,
    waiting`` (its unanswered inbound items), ``negative`` (how many of them are negative), ``negativity``
    (their mean score, null when none is scored), ``worst_score``, ``worst_id`` (the most negative of them,
    else the oldest), ``first_waiting_at``, ``last_waiting_at`` and ``unscored`` (true when no waiting item
    has a score). Order with :data:`MOST_NEGATIVE_FIRST`. A thread is its reply tree's root
    (:func:`passaparola.metrics.threads.resolve`); a direct message's is its conversation."""
    from passaparola.metrics.threads import resolve

    items = unanswered(scope, entity)
    everything = scope.all_items
    placed = resolve(everything.filter(everything.kind != "share"))
    kinds = everything.view().select(k_platform="platform", k_id="id", kind="kind", conversation="root_id")
    placed_items = items.left_join(placed, ["platform", "id"]).select(*items.columns, resolved=placed.root)
    with_root = placed_items.left_join(
        kinds, (placed_items.platform == kinds.k_platform) & (placed_items.id == kinds.k_id)
    ).select(*placed_items.columns, kind=kinds.kind, conversation=kinds.conversation)
    root = ibis.cases(
        ((with_root.kind == "message") & with_root.conversation.notnull(), with_root.conversation),
        else_=with_root.resolved.fill_null(with_root.id),
    )
    ranked = with_root.mutate(
        root=root,
        # the most negative scored item first, then the oldest; unscored items after every scored one
        pick=ibis.row_number().over(
            group_by=[with_root.platform, root],
            order_by=[with_root.sentiment_score.isnull(), with_root.sentiment_score, with_root.created_at],
        ),
    )
    return ranked.group_by(["platform", "root"]).aggregate(
        waiting=ranked.count(),
        negative=(ranked.sentiment == "negative").sum(),
        negativity=ranked.sentiment_score.mean(),
        worst_score=ranked.sentiment_score.min(),
        worst_id=ranked.id.argmin(ranked.pick),
        first_waiting_at=ranked.created_at.min(),
        last_waiting_at=ranked.created_at.max(),
        unscored=ranked.sentiment_score.count() == 0,
    )
