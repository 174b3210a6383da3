"""`passaparola metrics`: list the registry, or compute one metric."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from passaparola import i18n
from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t
from passaparola.metrics import MetricError, all_metrics, compute, get
from passaparola.metrics.scope import Scope


def listing() -> None:
    language = i18n.language()
    rows = [(m.name, m.title(language), m.unit, m.better, ", ".join(m.dimensions)) for m in all_metrics()]
    headers = [t("metrics.name"), t("metrics.title"), t("metrics.unit"), t("metrics.better"), t("metrics.by")]
    console.print(table(t("metrics.heading"), headers, rows))


def run(name: str, by: str, start: str | None, end: str | None, fmt: str, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    try:
        metric = get(name)
    except MetricError as exc:
        fail(str(exc))
    dimensions = [d.strip() for d in by.split(",") if d.strip()]
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings, _day(start, "--from"), _day(end, "--to"))
        try:
            frame = compute(metric, scope, dimensions).execute()
        except MetricError as exc:
            fail(str(exc))
    for column in frame.columns:
        if str(frame[column].dtype).startswith("datetime"):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        print(
            json.dumps(
                {"metric": metric.name, "unit": metric.unit, "rows": frame.to_dict(orient="records")},
                default=str,
            )
        )
    else:
        console.print(f"[bold]{metric.title(i18n.language())}[/] ({metric.unit})")
        numeric = {i for i, c in enumerate(frame.columns) if frame[c].dtype.kind in "if"}
        console.print(
            table(
                None,
                list(frame.columns),
                [tuple(_value(v) for v in r) for r in frame.itertuples(index=False)],
                numeric,
            )
        )


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r}: expected a date like 2026-01-31")


def _value(value: object) -> object:
    if isinstance(value, float):
        return None if value != value else round(value, 4)
    return value.item() if hasattr(value, "item") else value
