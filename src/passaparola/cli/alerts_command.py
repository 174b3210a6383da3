"""`passaparola alerts`: check the rules and detectors day by day, record what fired, list the latest."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from pathlib import Path

from rich.markup import escape

from passaparola import alerts, i18n
from passaparola.alerts.delivery import Check, absorb, check_and_deliver, deliver_pending
from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.cli.plan_command import day_option
from passaparola.i18n import t

SHOWN_DAYS = 3


def run(day_text: str | None, since_text: str | None, limit: int, workspace_dir: Path | None) -> None:
    ws = open_workspace(workspace_dir)
    day, since = day_option(day_text, "--day"), day_option(since_text, "--since")
    if day is not None and since is not None:
        fail(t("alerts.day_and_since"))
    with ws.open_store() as store:
        days = [day] if day is not None else alerts.days_since_check(store, ws.settings, since)
        if since is not None and not days:
            fail(t("alerts.since_after", day=since))
        last = alerts.checked_through(store)
        check = check_and_deliver(store, ws, days) if days else None
        # nothing new to check: still send again what earlier deliveries failed to
        resent = deliver_pending(store, ws)[0] if check is None else 0
        absorb(store, ws.root)
        url = ws.settings.alerts.webhook if ws.settings.alerts else None
        latest = store.con.execute(
            "SELECT a.source, a.kind, a.day, a.value, a.threshold, a.baseline, a.z, a.detail, "
            "(SELECT d.status FROM alert_deliveries d WHERE d.alert_id = a.id AND d.url = ? "
            "ORDER BY d.finished_at DESC LIMIT 1) FROM alerts a ORDER BY a.day DESC, a.id DESC LIMIT ?",
            [url, limit],
        ).fetchall()
    if check is None:
        console.print(escape(t("alerts.nothing_new", day=last) if last else t("alerts.no_items")))
        if resent and url:
            console.print(escape(t("alerts.sending", count=resent, url=url)))
    else:
        print_check(check, ws.settings.alerts.webhook if ws.settings.alerts else None, details=True)
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


def print_check(check: Check, url: str | None, *, details: bool) -> None:
    """One line for the days checked and what fired; with ``details``, why a rule or detector was not
    checked (grouped by reason); and what goes to the webhook."""
    days = check.days
    if len(days) == 1:
        line = t("alerts.checked_day", day=days[0], fired=len(check.fired), new=check.new)
    else:
        line = t(
            "alerts.checked_days",
            count=len(days),
            first=days[0],
            last=days[-1],
            fired=len(check.fired),
            new=check.new,
        )
    console.print(escape(line))
    if details:
        language = i18n.language()
        grouped: dict[tuple[str, str], list[date]] = defaultdict(list)
        for skip in check.skipped:
            days_skipped = grouped[(skip.source, skip.reason(language))]
            if skip.day is not None:
                days_skipped.append(skip.day)
        for (source, reason), when in grouped.items():
            shown = ", ".join(str(d) for d in when[:SHOWN_DAYS])
            more = f" +{len(when) - SHOWN_DAYS}" if len(when) > SHOWN_DAYS else ""
            text = (
                t("alerts.skipped_on", source=source, days=shown + more, reason=reason)
                if when
                else t("alerts.skipped", source=source, reason=reason)
            )
            console.print(f"[dim]{escape(text)}[/]")
    if check.sending and url:
        console.print(escape(t("alerts.sending", count=check.sending, url=url)))


def _number(value: float | None) -> str | None:
    if value is None or value != value:
        return None
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:,.3f}".rstrip("0").rstrip(".")
