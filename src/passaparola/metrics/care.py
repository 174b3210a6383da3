"""Customer care: what the public directs at an entity, whether and how fast the entity answers.

For an entity E (the brand, and each competitor the same way):
- **Inbound** items are public items directed at E: a reply to one of E's items, a mention of one of E's
  accounts, or a direct message in a conversation E takes part in.
- An inbound item is **answered** by E's first reply that has it as parent (or, for a direct message, E's
  first later message in the same conversation).
- **First-response time** is that answer's time minus the inbound item's time, in elapsed seconds and in
  business seconds: only the time inside the workspace's care hours (``[care]``: hours, days, holidays,
  in the workspace time zone) counts. Business time is computed in the engine against a calendar of
  business intervals built from local hours, so daylight-saving changes are exact.
- The **response rate** is inbound items answered within the horizon (7 days by default) ÷ inbound items.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from passaparola import i18n
from passaparola.config import Care, Entity
from passaparola.metrics import Column, Metric, MetricError, Text, register
from passaparola.metrics.roles import entity_of, mentions, role
from passaparola.metrics.scope import Scope
from passaparola.periods import PERIODS

PUBLIC = ("influencer", "consumer", "public")


def business_intervals(care: Care, first: date, last: date) -> ir.Table:
    """The care hours of every open day from ``first`` to ``last``, as UTC ``[opens, closes)`` rows."""
    rows = []
    day = first
    while day <= last:
        if day.weekday() in care.days and day not in care.holidays:
            for start, end in care.hours:
                midnight = datetime.combine(day, time())
                opens = midnight + timedelta(minutes=start)
                closes = midnight + timedelta(minutes=end)
                rows.append((_utc(opens, care), _utc(closes, care)))
        day += timedelta(days=1)
    stamp = pa.timestamp("us", tz="UTC")
    return ibis.memtable(
        pa.table(
            {"opens": pa.array([r[0] for r in rows], stamp), "closes": pa.array([r[1] for r in rows], stamp)}
        )
    )


def _utc(local: datetime, care: Care) -> datetime:
    """A local wall-clock time as UTC (a time in the hour skipped by a DST change resolves forward)."""
    return local.replace(tzinfo=care.timezone).astimezone(UTC)


_INBOUND_COLUMNS = ("platform", "id", "created_at", "kind", "root_id", "text", "is_question")


def _inbound_columns(table: ir.Table) -> dict[str, ir.Value]:
    """The inbound columns of ``table``, all nullable, so that the two kinds of inbound stack."""
    return {name: table[name].cast(table[name].type().copy(nullable=True)) for name in _INBOUND_COLUMNS}


def _inbound(scope: Scope, items: ir.Table, written: ir.Table) -> ir.Table:
    """Public items directed at an entity, one row per (item, entity): replies to its items and mentions
    of its accounts (every entity tested in one projection, and only the entities an item is directed at
    unnested), and direct messages in its conversations."""
    public = items.filter(role(scope, items).isin(PUBLIC))
    answered = entity_of(scope, public, "parent")
    tests = {
        one.name: (answered == one.name).fill_null(False) | mentions(scope, public, one)
        for one in scope.settings.entities
    }
    directed = ibis.array([ibis.ifelse(test, name, None) for name, test in tests.items()])
    pairs = public.filter(ibis.or_(*tests.values())).select(
        *_INBOUND_COLUMNS, target=directed.filter(lambda name: name.notnull()).unnest()
    )
    by_target = pairs.select(**_inbound_columns(pairs), entity=pairs.target)
    rooms = (
        written.filter(written.kind == "message")
        .select(c_platform="platform", c_root="root_id", c_owner="owner")
        .distinct()
    )
    messages = public.filter(public.kind == "message")
    in_rooms = messages.join(
        rooms, (messages.platform == rooms.c_platform) & (messages.root_id == rooms.c_root)
    )
    # a message that also replies to or mentions the room's owner is already in by_target: the two
    # parts are disjoint, so they stack without a pass to remove duplicates
    already = ibis.cases(*((in_rooms.c_owner == name, test) for name, test in tests.items()), else_=False)
    in_rooms = in_rooms.filter(~already).select(**_inbound_columns(in_rooms), entity=in_rooms.c_owner)
    return ibis.union(by_target, in_rooms)


def _responses(scope: Scope, calendar: ir.Table) -> ir.Table:
    """Every entity's inbound items with their first answers (see :func:`responses`)."""
    all_items = scope.all_items
    written = all_items.select(
        "platform", "parent_id", "root_id", "kind", "created_at", owner=entity_of(scope, all_items)
    ).filter(lambda t: t.owner.notnull())
    inbound = _inbound(scope, scope.items, written)
    # two equality joins (replies by parent, messages by conversation), not one join on an OR, which
    # the engine could only run as a nested loop
    replies = written.select(r_platform="platform", r_parent="parent_id", r_at="created_at", r_owner="owner")
    by_reply = inbound.join(
        replies,
        (inbound.platform == replies.r_platform)
        & (inbound.id == replies.r_parent)
        & (inbound.entity == replies.r_owner)
        & (replies.r_at >= inbound.created_at),
    ).select(platform=inbound.platform, id=inbound.id, entity=inbound.entity, at=replies.r_at)
    notes = written.filter(written.kind == "message").select(
        m_platform="platform", m_root="root_id", m_at="created_at", m_owner="owner"
    )
    messages = inbound.filter(inbound.kind == "message")
    by_message = messages.join(
        notes,
        (messages.platform == notes.m_platform)
        & (messages.root_id == notes.m_root)
        & (messages.entity == notes.m_owner)
        & (notes.m_at >= messages.created_at),
    ).select(platform=messages.platform, id=messages.id, entity=messages.entity, at=notes.m_at)
    answered = (
        ibis.union(by_reply, by_message)
        .group_by(["platform", "id", "entity"])
        .aggregate(answered_at=ibis._.at.min())
    )
    first = inbound.left_join(answered, ["platform", "id", "entity"]).select(
        inbound.platform,
        inbound.id,
        inbound.created_at,
        inbound.text,
        inbound.is_question,
        inbound.entity,
        answered.answered_at,
    )
    elapsed = (first.answered_at.epoch_seconds() - first.created_at.epoch_seconds()).cast("float64")
    with_elapsed = first.mutate(question=first.is_question.fill_null(False), response_seconds=elapsed)
    return _with_business_seconds(with_elapsed, calendar)


def responses(scope: Scope, entity: Entity, calendar: ir.Table | None = None) -> ir.Table:
    """Inbound items for ``entity`` with their first answer: ``platform, id, created_at, text,
    is_question, entity, answered_at, question, response_seconds, business_seconds`` (null where
    unanswered). ``question`` is the enriched ``is_question``; an item whose text was never judged
    (null) is not listed as a question."""
    found = _responses(scope, calendar if calendar is not None else care_calendar(scope))
    return found.filter(found.entity == entity.name)


def care_calendar(scope: Scope) -> ir.Table:
    """The business intervals covering the store's time span and the care horizon after it (an empty
    calendar for an empty store). One query for the span; build it once and share it between entities."""
    care = scope.settings.care
    bounds = scope.all_items.aggregate(
        first=scope.all_items.created_at.min(), last=scope.all_items.created_at.max()
    ).execute()
    first, last = bounds["first"].iloc[0], bounds["last"].iloc[0]
    if first != first or last != last:  # an empty store
        return business_intervals(care, date(2000, 1, 2), date(2000, 1, 1))
    return business_intervals(
        care, first.date() - timedelta(days=1), last.date() + care.horizon + timedelta(days=1)
    )


def _with_business_seconds(pairs: ir.Table, calendar: ir.Table) -> ir.Table:
    overlap = pairs.filter(pairs.answered_at.notnull()).join(
        calendar, (calendar.opens < pairs.answered_at) & (calendar.closes > pairs.created_at)
    )
    start = ibis.greatest(overlap.opens, overlap.created_at)
    end = ibis.least(overlap.closes, overlap.answered_at)
    seconds = overlap.group_by(["platform", "id", "entity"]).aggregate(
        business_seconds=(end.epoch_seconds() - start.epoch_seconds()).sum().cast("float64")
    )
    joined = pairs.left_join(seconds, ["platform", "id", "entity"])
    return joined.select(
        *pairs.columns,
        business_seconds=ibis.cases(
            (pairs.answered_at.isnull(), ibis.null("float64")), else_=seconds.business_seconds.fill_null(0.0)
        ),
    )


def care_frame(scope: Scope) -> ir.Table:
    """Every entity's inbound items with their first answers, and whether that came within the horizon;
    computed once per Scope (:meth:`Scope.once`)."""
    if not scope.settings.entities:
        raise MetricError(i18n.t("care.no_brand"))
    return scope.once("care", lambda: _care_frame(scope))


def _care_frame(scope: Scope) -> ir.Table:
    table = _responses(scope, care_calendar(scope)).drop("text")  # the inbox reads it, the metrics do not
    horizon = scope.settings.care.horizon.total_seconds()
    return table.mutate(in_time=table.response_seconds.notnull() & (table.response_seconds <= horizon))


#: Inbound items the entity answered (at any time).
ANSWERED = Column(Text("Answered", "Con risposta"), "count")

RESPONSE_RATE = register(
    Metric(
        name="response_rate",
        title=Text("Response rate", "Tasso di risposta"),
        definition=Text(
            "Inbound items (public replies to the entity, mentions of its accounts, direct messages to it) "
            "that the entity answered within the horizon (7 days by default), over all inbound items.",
            "Elementi in entrata (risposte pubbliche all'entità, menzioni dei suoi account, messaggi diretti) "
            "a cui l'entità ha risposto entro l'orizzonte (7 giorni di norma), sul totale in entrata.",
        ),
        formula="answered within horizon ÷ inbound",
        source="passaparola DESIGN (customer care)",
        unit="share",
        better="higher",
        dimensions=("platform", *PERIODS),
        frame=care_frame,
        aggregate=lambda t: {
            "inbound": t.count(),
            "answered": t.answered_at.notnull().sum(),
            "response_rate": t.in_time.mean(),
        },
        breakdown=("entity",),
        family="care",
        columns={
            "inbound": Column(Text("Inbound", "In entrata"), "count"),
            "answered": ANSWERED,
            "response_rate": Column(
                Text("Response rate (within horizon)", "Tasso di risposta (entro l'orizzonte)"), "share"
            ),
        },
        headline="response_rate",
    )
)

FIRST_RESPONSE = register(
    Metric(
        name="first_response_time",
        title=Text("First-response time", "Tempo di prima risposta"),
        definition=Text(
            "For answered inbound items, the time from the item to the entity's first answer: median, mean "
            "and 90th percentile, in elapsed hours and in business hours (only time inside the care hours).",
            "Per gli elementi in entrata con risposta, il tempo fino alla prima risposta dell'entità: mediana, "
            "media e 90° percentile, in ore trascorse e in ore lavorative (solo il tempo nell'orario di "
            "assistenza).",
        ),
        formula="answered_at − created_at (median, mean, p90); business variant counts care hours only",
        source="passaparola DESIGN (customer care)",
        unit="seconds",
        better="lower",
        dimensions=("platform", *PERIODS),
        frame=lambda scope: care_frame(scope).filter(lambda t: t.answered_at.notnull()),
        aggregate=lambda t: {
            "answered": t.count(),
            "median_hours": t.response_seconds.median() / 3600,
            "mean_hours": t.response_seconds.mean() / 3600,
            "p90_hours": t.response_seconds.quantile(0.9) / 3600,
            "median_business_hours": t.business_seconds.median() / 3600,
        },
        breakdown=("entity",),
        family="care",
        columns={
            "answered": ANSWERED,
            "median_hours": Column(Text("Median (elapsed)", "Mediana (ore trascorse)"), "hours"),
            "mean_hours": Column(Text("Mean (elapsed)", "Media (ore trascorse)"), "hours"),
            "p90_hours": Column(Text("90th percentile (elapsed)", "90° percentile (ore trascorse)"), "hours"),
            "median_business_hours": Column(
                Text("Median (business hours)", "Mediana (ore lavorative)"), "hours"
            ),
        },
        headline="median_hours",
    )
)
