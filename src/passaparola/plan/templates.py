"""Starting plans (``passaparola plan init --template NAME``): commented ``[plan]`` sections kept as TOML
text in ``passaparola/plan_templates/`` and appended to a workspace's ``passaparola.toml``.

A template's dates are filled in: the plan starts on a Monday, its deadline is the Sunday 13 weeks later
(a quarter), and growth targets are measured against the 8 weeks before the start. Appending keeps the
rest of the file as written; with ``force`` an existing ``[plan]`` (its tables and array tables) is cut
out first. The result is read back and checked against the registry before it is kept.
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
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def render(name: str, start: date) -> str:
    """The template ``name`` with its dates, for a plan starting the Monday of ``start``'s week."""
    if name not in TEMPLATES:
        raise WorkspaceError(f"unknown plan template {name!r} (known: {', '.join(TEMPLATES)})")
    first = start - timedelta(days=start.weekday())
    text = resources.files("passaparola.plan_templates").joinpath(f"{name}.toml").read_text("utf-8")
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
