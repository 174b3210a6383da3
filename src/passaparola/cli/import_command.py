"""`passaparola import`: progress bar with items per second, then a summary per source."""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from passaparola.cli.context import check_format, open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.config import ConfigError
from passaparola.i18n import t
from passaparola.ingest import Importer, ImportSummary
from passaparola.sources import ImportOptions
from passaparola.store import Store
from passaparola.workspace import Workspace

if TYPE_CHECKING:
    from passaparola.alerts.delivery import Check


def _parse_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        column, sep, source = pair.partition("=")
        if not sep or not column.strip() or not source.strip():
            fail(f"--map {pair!r}: expected canonical=source, e.g. --map id=tweet_id")
        mapping[column.strip()] = source.strip()
    return mapping


def run(
    paths: list[Path],
    format_name: str | None,
    map_pairs: list[str],
    mapping_name: str | None,
    platform: str | None,
    sheet: str | None,
    batch_size: int,
    workspace_dir: Path | None,
) -> None:
    ws = open_workspace(workspace_dir)
    check_format(format_name)
    for path in paths:
        if not path.exists():
            fail(f"{path}: no such file or folder")
    mapping = ws.mapping(mapping_name) if mapping_name else {}
    mapping.update(_parse_map(map_pairs))
    platform = platform or mapping.pop("platform", None)
    options = ImportOptions(mapping=mapping, platform=platform, sheet=sheet)
    command = "passaparola import " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    with ws.open_store() as store, _progress() as progress:
        task = progress.add_task(t("import.progress"), total=None, rate="")

        def report(records: int, source: str) -> None:
            elapsed = progress.tasks[task].elapsed or 0.0
            rate = records / elapsed if elapsed > 0 else 0.0
            progress.update(task, completed=records, rate=t("import.rate", rate=rate))

        importer = Importer(
            store,
            format_name=format_name,
            options=options,
            batch_size=batch_size,
            progress=report,
            command=command,
        )
        try:
            summary = importer.run(paths)
        except KeyboardInterrupt:
            progress.stop()
            console.print(f"[yellow]{t('import.interrupted')}[/]")
            raise
        from passaparola.enrich import matching

        matching.ensure(store, ws.settings)  # the entity columns of what came in, matched now
        progress.stop()
        check = _check_alerts(ws, store, summary.import_id)
    print_summary(summary)
    if isinstance(check, str):
        console.print(f"[yellow]{escape(t('alerts.not_checked', error=check))}[/]")
    elif check is not None:
        from passaparola.cli.alerts_command import print_check

        print_check(check, ws.settings.alerts.webhook if ws.settings.alerts else None, details=False)


def _check_alerts(ws: Workspace, store: Store, import_id: int) -> Check | str | None:
    """With ``[alerts]``: check the days the import's items fall on, now that its batches are committed,
    and hand the alerts to deliver to a background worker (the import never waits for the webhook).
    The error, as a line, when the alert settings do not hold; None without ``[alerts]``."""
    if ws.settings.alerts is None:
        return None
    from passaparola import alerts
    from passaparola.alerts.delivery import check_and_deliver

    try:
        days = alerts.days_of_import(store, ws.settings, import_id)
        return check_and_deliver(store, ws, days) if days else None
    except ConfigError as exc:
        return str(exc)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed:,}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def print_summary(summary: ImportSummary) -> None:
    groups = summary.by_group()
    rows = []
    for (source, fmt), c in sorted(groups.items()):
        rows.append((source, fmt, c.new, c.updated, c.unchanged, c.quarantined, c.skipped))
    total = summary.totals()
    rows.append(
        (t("import.total"), "", total.new, total.updated, total.unchanged, total.quarantined, total.skipped)
    )
    headers = [
        t("import.source"),
        t("import.format"),
        t("import.new"),
        t("import.updated"),
        t("import.unchanged"),
        t("import.quarantined"),
        t("import.skipped"),
    ]
    console.print(table(t("import.title"), headers, rows, numeric={2, 3, 4, 5, 6}))
    if summary.reasons:
        reason_rows = [(src, reason, n) for (src, reason), n in summary.reasons.most_common(15)]
        console.print(
            table(
                t("import.reasons"),
                [t("import.source"), t("status.reason"), t("status.count")],
                reason_rows,
                {2},
            )
        )
    if summary.skipped_reasons:
        by_reason = Counter()
        for (_, reason), n in summary.skipped_reasons.items():
            by_reason[reason] += n
        skip_rows = [(reason, n) for reason, n in by_reason.most_common(10)]
        console.print(
            table(t("import.skipped_reasons"), [t("status.reason"), t("status.count")], skip_rows, {1})
        )
    if summary.unrecognised:
        names = Counter(Path(name.replace("!", "/").replace("#", "/")).name for name in summary.unrecognised)
        examples = ", ".join(name for name, _ in names.most_common(3))
        console.print(escape(t("import.unrecognised", count=len(summary.unrecognised), examples=examples)))
    for error in summary.errors:
        console.print(f"[red]•[/] {escape(error)}")
    rate = summary.records / summary.seconds if summary.seconds else 0.0
    console.print(t("import.done", records=summary.records, seconds=summary.seconds, rate=rate))
