"""The report's Plan section: the same table as ``passaparola plan`` and a burn-up chart per objective
(weekly values, the target, the deadline and the Theil–Sen forecast with its 90 % band), plugged in
through the report's section API (docs/dev/report-sections.md)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import altair as alt
import pandas as pd

from passaparola.config import ConfigError
from passaparola.metrics import Text
from passaparola.plan import Standing, evaluate
from passaparola.report import formatting
from passaparola.report.sections import Chart, Context, Heading, Paragraph, Section, Table, register


def burn_up_chart(standing: Standing, context: Context) -> alt.LayerChart:
    """Weekly values against the target line, the deadline rule and the forecast with its band."""
    week, value, series = (context.t(k) for k in ("plan.chart.week", "plan.chart.value", "plan.chart.series"))
    measured_name, forecast_name, target_name = (
        context.t(f"plan.chart.{k}") for k in ("measured", "forecast", "target")
    )
    measured = pd.DataFrame(
        {
            week: pd.to_datetime(list(standing.weeks)),
            value: list(standing.weeks.values()),
            series: measured_name,
        }
    )
    deadline_week = standing.objective.deadline - timedelta(days=standing.objective.deadline.weekday())
    x = alt.X(f"{week}:T", title=week)
    layers: list[alt.Chart] = [
        alt.Chart(measured)
        .mark_line(point=True)
        .encode(x=x, y=alt.Y(f"{value}:Q", title=value), color=series)
    ]
    if standing.forecast is not None and standing.current_week is not None:
        ends = pd.to_datetime([standing.current_week, deadline_week])
        band = pd.DataFrame(
            {
                week: ends,
                "low": [standing.current, standing.forecast.low],
                "high": [standing.current, standing.forecast.high],
                value: [standing.current, standing.forecast.value],
                series: forecast_name,
            }
        )
        layers.append(
            alt.Chart(band).mark_area(opacity=0.2).encode(x=x, y="low:Q", y2="high:Q", color=series)
        )
        layers.append(alt.Chart(band).mark_line(strokeDash=[6, 4]).encode(x=x, y=f"{value}:Q", color=series))
    if standing.target is not None:
        target = pd.DataFrame({value: [standing.target], series: [target_name]})
        layers.append(alt.Chart(target).mark_rule(strokeDash=[2, 2]).encode(y=f"{value}:Q", color=series))
    deadline = pd.DataFrame({week: pd.to_datetime([deadline_week])})
    layers.append(alt.Chart(deadline).mark_rule(color="gray").encode(x=x))
    return alt.layer(*layers).properties(width=560, height=220)


def _standings(context: Context) -> list[Standing] | str:
    return context.once("plan", lambda: _evaluate(context))


def _evaluate(context: Context) -> list[Standing] | str:
    settings = context.settings
    if settings.plan is None:
        return context.t("plan.none", config="passaparola.toml")
    end = context.scope.end
    try:
        return evaluate(context.scope, "passaparola.toml", end.date() if end else None)
    except ConfigError as exc:
        return str(exc)


def _render(context: Context) -> list:
    standings = _standings(context)
    if isinstance(standings, str):
        return [Paragraph(standings)]
    rows = [
        (
            s.objective.name,
            s.measure.describe(),
            s.measure.display(s.baseline, context.language),
            s.measure.display(s.current, context.language),
            f"{s.objective.target.text} → {s.measure.display(s.target, context.language)}",
            "—" if s.progress is None else formatting.number(100 * s.progress, context.language) + "%",
            "—"
            if s.forecast is None
            else f"{s.measure.display(s.forecast.value, context.language)} ({s.measure.display(s.forecast.low, context.language)} – "
            f"{s.measure.display(s.forecast.high, context.language)})",
            str(s.objective.deadline),
            context.t(f"plan.status.{s.status}"),
        )
        for s in standings
    ]
    columns = [
        context.t(k)
        for k in (
            "plan.objective",
            "plan.metric",
            "plan.baseline",
            "plan.current",
            "plan.target",
            "plan.progress",
            "plan.forecast",
            "plan.deadline",
            "plan.status",
        )
    ]
    blocks: list = [
        Paragraph(context.t("plan.section_intro")),
        Table(columns, rows, numeric=frozenset({2, 3, 5})),
    ]
    for standing in standings:
        blocks.append(Heading(standing.objective.name))
        blocks.append(Chart(burn_up_chart(standing, context), caption=standing.measure.describe()))
    return blocks


def _findings(context: Context) -> list[Text | str]:
    standings = _standings(context)
    if isinstance(standings, str) or not standings:
        return []
    counts = Counter(s.status for s in standings)
    good = counts["achieved"] + counts["on_track"]
    worst = [s.objective.name for s in standings if s.status == "off_track"]
    findings: list[Text | str] = [
        Text(
            f"{good} of {len(standings)} objectives achieved or on track; {counts['at_risk']} at risk.",
            f"{good} obiettivi su {len(standings)} raggiunti o in linea; {counts['at_risk']} a rischio.",
        )
    ]
    if worst:
        names = ", ".join(worst)
        findings.append(Text(f"Off track: {names}.", f"Fuori strada: {names}."))
    return findings


register(
    Section(
        key="plan",
        title=Text("Plan", "Piano"),
        order=95,
        families=(),
        render=_render,
        findings=_findings,
        intro=Text("Is the plan on track?", "Il piano è in linea?"),
    )
)
