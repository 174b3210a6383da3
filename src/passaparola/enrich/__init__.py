"""Import-time enrichment: runs once per batch, never per query.

Each enricher fills columns the platform left empty from what the item itself says. They run in
order on the batch's item dicts before the batch is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from passaparola.enrich import entities, language, questions, sentiment

if TYPE_CHECKING:
    from passaparola.workspace import Workspace

#: The workspace whose ``[language]`` and ``[sentiment]`` settings apply (set by :func:`use_workspace`);
#: without one, the default languages and the shipped sentiment model.
_workspace: list[Workspace] = []


def use_workspace(workspace: Workspace) -> None:
    """Enrich with this workspace's candidate languages and sentiment model from now on."""
    _workspace[:] = [workspace]


def _setup() -> tuple[tuple[str, ...], str, Path | None]:
    from passaparola.config import DEFAULT_LANGUAGES

    if not _workspace:
        return DEFAULT_LANGUAGES, "auto", None
    settings = _workspace[0].settings
    return settings.languages, settings.sentiment_model, _workspace[0].root


def items(batch: list[dict[str, Any]]) -> None:
    """Enrich a batch of canonical item dicts in place."""
    entities.fill(batch)
    questions.fill(batch)
    languages, model, root = _setup()
    language.fill(batch, languages)
    sentiment.fill(batch, sentiment.load(model, root))
