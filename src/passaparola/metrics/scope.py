"""What a metric computation sees: the store's tables through Ibis, the workspace's settings and time
zone, and the time window asked for; and the intermediate results its metrics share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

import ibis.expr.types as ir
import pandas as pd

from passaparola.config import Settings
from passaparola.metrics.temporary import temporary_table
from passaparola.store import Store


@dataclass(frozen=True)
class Scope:
    all_items: ir.Table
    settings: Settings
    start: datetime | None = None
    end: datetime | None = None
    #: The entities the store's entity columns were matched against (:mod:`passaparola.enrich.matching`),
    #: None when they are behind: metrics read those columns only when this matches the settings.
    matched: str | None = None
    #: The store's other tables (``authors``, ``sentiment_corrections``) where they are not the backend's
    #: tables of those names (on Spark, :mod:`passaparola.spark`); see :meth:`table`.
    tables: Mapping[str, ir.Table] = field(default_factory=dict, compare=False, repr=False)
    #: Intermediate tables computed once for this Scope (see :meth:`once`). Not an argument, so a Scope
    #: made from another (``dataclasses.replace``, another window or settings) starts with none.
    shared: dict[str, ir.Table] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def of(
        cls, store: Store, settings: Settings, start: date | None = None, end: date | None = None
    ) -> Scope:
        """The store's items for the local days ``start`` (included) to ``end`` (excluded); a writable
        store's entity columns are brought up to date with ``settings`` first."""
        from passaparola.enrich import matching

        zone = settings.timezone
        return cls(
            store.table("items"),
            settings,
            datetime.combine(start, time(), zone) if start else None,
            datetime.combine(end, time(), zone) if end else None,
            matching.ensure(store, settings),
        )

    @cached_property
    def stored(self) -> bool:
        """Whether the store's entity columns hold this Scope's entities (else they are computed live)."""
        from passaparola.enrich import matching

        return self.matched is not None and self.matched == matching.fingerprint(self.settings)

    def table(self, name: str) -> ir.Table:
        """Another table of the store the items come from (``authors``, ``sentiment_corrections``)."""
        if name in self.tables:
            return self.tables[name]
        return self.all_items._find_backend().table(name)

    @property
    def zone(self) -> str:
        return self.settings.timezone.key

    @property
    def items(self) -> ir.Table:
        """Items published in the window (all of them when no window was asked for)."""
        items = self.all_items
        if self.start is not None:
            items = items.filter(items.created_at >= self.start)
        if self.end is not None:
            items = items.filter(items.created_at < self.end)
        return items

    @cached_property
    def window(self) -> tuple[datetime | None, datetime | None]:
        """The time window as local wall-clock times: the one asked for, or the local days the store's
        items in it span (``None`` for an empty store); the span is queried once per Scope."""
        zone = self.settings.timezone
        start = self.start.astimezone(zone).replace(tzinfo=None) if self.start else None
        end = self.end.astimezone(zone).replace(tzinfo=None) if self.end else None
        if start is None or end is None:
            items = self.items
            bounds = items.aggregate(first=items.created_at.min(), last=items.created_at.max()).execute()
            first, last = bounds["first"].iloc[0], bounds["last"].iloc[0]
            if pd.isna(first) or pd.isna(last):  # no items
                return start, end
            if start is None:
                start = datetime.combine(first.tz_convert(zone).date(), time())
            if end is None:
                end = datetime.combine(last.tz_convert(zone).date() + timedelta(days=1), time())
        return start, end

    def once(self, key: str, build: Callable[[], ir.Table]) -> ir.Table:
        """The table ``build`` describes, computed the first time a metric of this Scope asks for ``key``
        and kept in a temporary table for the others: the reply threads that ``threads`` and
        ``two_way_rate`` both read, the answered inbound items of both customer-care metrics, so a report
        or a plan computing several metrics on one Scope runs each intermediate once. A Scope answers one
        question on the store as it is; one made after a write starts afresh."""
        if key not in self.shared:
            self.shared[key] = temporary_table(self.all_items, key, build())
        return self.shared[key]
