"""`passaparola report`: the workspace's report as one self-contained HTML file, or a PDF."""

from __future__ import annotations

from pathlib import Path

from passaparola import i18n
from passaparola.cli.context import open_workspace, window
from passaparola.cli.output import console, fail
from passaparola.i18n import t
from passaparola.metrics import MetricError
from passaparola.metrics.scope import Scope
from passaparola.workspace import Workspace


def write(ws: Workspace, out: Path, fmt: str, start: str | None = None, end: str | None = None) -> Path:
    """Build the report of ``ws`` in the current language and write it to ``out`` (HTML or PDF)."""
    from passaparola.report import build, html, pdf

    first, last = window(start, end)
    with ws.open_store(read_only=True) as store:
        try:
            report = build(Scope.of(store, ws.settings, first, last), i18n.language(), ws.name)
            page = html.render(report)
        except MetricError as exc:
            fail(str(exc))
    try:
        if fmt == "pdf":
            pdf.write(page, out)
        else:
            out.write_text(page, encoding="utf-8")
    except OSError as exc:
        fail(t("report.cannot_write", path=out, reason=exc.strerror or exc))
    return out


def run(
    start: str | None,
    end: str | None,
    lang: str | None,
    out: Path | None,
    fmt: str,
    workspace_dir: Path | None,
) -> None:
    if lang is not None:
        try:
            i18n.set_language(lang)
        except ValueError as exc:
            fail(str(exc))
    ws = open_workspace(workspace_dir)
    target = out or Path(f"report.{fmt}")
    written = write(ws, target, fmt, start, end)
    console.print(t("report.wrote", path=written))
