"""What a metric computation sees: the store's tables through Ibis, the workspace's settings and time
zone, and the time window asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import ibis.expr.types as ir

from passaparola.config import Settings
from passaparola.store import Store


@dataclass(frozen=True)
class Scope:
    all_items: ir.Table
    settings: Settings
    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def of(
        cls, store: Store, settings: Settings, start: date | None = None, end: date | None = None
    ) -> Scope:
        """The store's items for the local days ``start`` (included) to ``end`` (excluded)."""
        zone = settings.timezone
        return cls(
            store.table("items"),
            settings,
            datetime.combine(start, time(), zone) if start else None,
            datetime.combine(end, time(), zone) if end else None,
        )

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

    def items_with_targets(self) -> ir.Table:
        """Items in the window with the author (handle, id, followers) of the item each replies to
        (``parent_*``) and of the item each shares or quotes (``shared_*``); null where that item is not
        in the store. The store keeps these columns current (:meth:`passaparola.store.Store.link`)."""
        return self.items
