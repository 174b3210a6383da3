"""Starting plans (``passaparola plan init --template NAME``): commented ``[plan]`` sections kept as TOML
text in ``passaparola/plan_templates/`` (``NAME.toml`` in English, ``NAME.it.toml`` in Italian: the
comments and the objectives' names follow the workspace's language) and appended to a workspace's
``passaparola.toml``.

A template's dates are filled in: the plan starts on a Monday, its deadline is the Sunday 13 weeks later
(a quarter), and growth targets are measured against the 8 weeks before the start. Without ``--start``
the plan starts :data:`MEASURED_WEEKS` weeks before the week of the newest item (this week on an empty
store), so its first whole weeks are already in the store and ``passaparola plan`` shows a current
value, progress and a forecast at once. Appending keeps the rest of the file as written; with ``force``
an existing ``[plan]`` (its tables and array tables) is cut out first. The result is read back and
checked against the registry before it is kept.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template

from passaparola.workspace import WorkspaceError

TEMPLATES = ("dialogue", "awareness", "care", "growth")
PLAN_WEEKS = 13
BASELINE_WEEKS = 8
MEASURED_WEEKS = 4
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def default_start(newest: date | None, today: date) -> date:
    """The Monday :data:`MEASURED_WEEKS` weeks before the newest item's week (``today``'s week when the
    store is empty)."""
    day = newest or today
    monday = day - timedelta(days=day.weekday())
    return monday - timedelta(weeks=MEASURED_WEEKS) if newest else monday


def render(name: str, start: date, language: str = "en") -> str:
    """The template ``name`` in ``language`` (``en`` or ``it``) with its dates, for a plan starting the
    Monday of ``start``'s week."""
    if name not in TEMPLATES:
        raise WorkspaceError(f"unknown plan template {name!r} (known: {', '.join(TEMPLATES)})")
    first = start - timedelta(days=start.weekday())
    file = f"{name}.it.toml" if language == "it" else f"{name}.toml"
    text = resources.files("passaparola.plan_templates").joinpath(file).read_text("utf-8")
    baseline_first = first - timedelta(weeks=BASELINE_WEEKS)
    return Template(text).substitute(
        start=first.isoformat(),
        deadline=(first + timedelta(weeks=PLAN_WEEKS, days=-1)).isoformat(),
        baseline=f"{baseline_first.isoformat()}..{(first - timedelta(days=1)).isoformat()}",
    )


def without_plan(text: str) -> str:
    """The TOML text with its ``[plan]``, ``[plan.*]`` and ``[[plan.*]]`` tables cut out."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            section = header.group(1).replace(" ", "")
            inside = section == "plan" or section.startswith("plan.")
        if not inside:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n"


def appended(config: Path, plan_text: str, *, force: bool) -> str:
    """The new content of ``config`` with ``plan_text`` appended (see the module doc)."""
    text = config.read_text("utf-8")
    if force:
        text = without_plan(text)
    return text.rstrip("\n") + "\n\n" + plan_text
