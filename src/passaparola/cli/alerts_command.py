"""`passaparola alerts`: check the rules and detectors for a day, record what fired, list the latest."""

from __future__ import annotations

import math
from pathlib import Path

from rich.markup import escape

from passaparola import alerts
from passaparola.alerts.delivery import start_worker
from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, table
from passaparola.cli.plan_command import day_option
from passaparola.i18n import t


def run(day_text: str | None, limit: int, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    day = day_option(day_text, "--day")
    with ws.open_store() as store:
        checked, fired, skipped = alerts.evaluate(store.table("items"), ws.settings, str(ws.config_path), day)
        new = alerts.record(store, fired)
        latest = store.con.execute(
            "SELECT a.source, a.kind, a.day, a.value, a.threshold, a.baseline, a.z, a.detail, "
            "(SELECT d.status FROM alert_deliveries d WHERE d.alert_id = a.id ORDER BY d.finished_at DESC "
            "LIMIT 1) FROM alerts a ORDER BY a.day DESC, a.id DESC LIMIT ?",
            [limit],
        ).fetchall()
    if checked is not None:
        console.print(escape(t("alerts.checked", day=checked, fired=len(fired), new=new)))
    for skip in skipped:
        console.print(f"[dim]{escape(t('alerts.skipped', source=skip.source, reason=skip.reason))}[/]")
    rows = [
        (
            source,
            t(f"alerts.kind.{kind}"),
            str(when),
            _number(value),
            _number(threshold),
            _number(baseline),
            _number(z),
            detail,
            t(f"alerts.delivery.{status}") if status else "—",
        )
        for source, kind, when, value, threshold, baseline, z, detail, status in latest
    ]
    headers = [
        t("alerts.source"),
        t("alerts.kind"),
        t("alerts.day"),
        t("alerts.value"),
        t("alerts.threshold"),
        t("alerts.baseline"),
        "z",
        t("alerts.measure"),
        t("alerts.webhook"),
    ]
    console.print(table(t("alerts.title"), headers, rows, numeric={3, 4, 5, 6}))
    settings = ws.settings.alerts
    if new and settings is not None and settings.webhook:
        start_worker(ws.root)
        console.print(escape(t("alerts.sending", count=new, url=settings.webhook)))


def _number(value: float | None) -> str | None:
    if value is None or value != value:
        return None
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:,.3f}".rstrip("0").rstrip(".")
