"""Import-time enrichment: runs once per batch, never per query.

Each enricher fills columns the platform left empty from what the item itself says. They run in
order on the batch's item dicts before the batch is written.
"""

from __future__ import annotations

from typing import Any

from passaparola.enrich import entities, questions


def items(batch: list[dict[str, Any]]) -> None:
    """Enrich a batch of canonical item dicts in place."""
    entities.fill(batch)
    questions.fill(batch)
