"""The report's Audit section: the league table of the brand and its competitors, a chart of their scores
per dimension, the brand's archetype with its evidence and its recommendations ranked by expected impact,
plugged in through the report's section API (docs/dev/report-sections.md). The audit reads its metrics
through the report's cache, so nothing the other sections computed is computed twice."""

from __future__ import annotations

import altair as alt
import pandas as pd

from passaparola.audit import Audit, audit_all, league
from passaparola.audit.archetypes import evidence_lines
from passaparola.audit.measure import evidence
from passaparola.audit.score import DIMENSIONS
from passaparola.metrics import Text
from passaparola.report.formatting import number
from passaparola.report.sections import Chart, Context, Heading, Paragraph, Section, Table, register

_INTRO = Text(
    "Each entity is scored 0–100 on eight dimensions computed from the data (docs/audit.md has the formulas "
    "and thresholds); an unknown dimension is left out, not counted as 0.",
    "Ogni entità ha un punteggio 0–100 su otto dimensioni calcolate dai dati (docs/audit.md riporta formule "
    "e soglie); una dimensione ignota è esclusa, non contata come 0.",
)


def audits(context: Context) -> list[Audit]:
    """Every entity's audit, best first (computed once per report)."""
    return context.once("audit", lambda: league(audit_all(evidence(context.scope, context.table))))


def _score(value: float | None, context: Context) -> str:
    return context.format(None if value is None else round(value), "count")


def scores_chart(ranked: list[Audit], context: Context) -> alt.Chart:
    """Each entity's score per dimension, as grouped horizontal bars."""
    dimension, entity, points = (context.text(t) for t in _AXES)
    rows = [
        {dimension: d.title(context.language), entity: a.entity, points: a.scorecard.dimensions[d.key]}
        for a in ranked
        for d in DIMENSIONS
        if a.scorecard.dimensions[d.key] is not None
    ]
    order = [d.title(context.language) for d in DIMENSIONS]
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            y=alt.Y(f"{dimension}:N", sort=order, title=None),
            yOffset=alt.YOffset(f"{entity}:N"),
            x=alt.X(f"{points}:Q", scale=alt.Scale(domain=[0, 100]), title=points),
            color=alt.Color(f"{entity}:N", title=entity),
        )
        .properties(width=480, height=30 * len(DIMENSIONS) * max(1, len(ranked)) // 2)
    )


_AXES = (
    Text("Dimension", "Dimensione"),
    Text("Entity", "Entità"),
    Text("Score (0–100)", "Punteggio (0–100)"),
)


def _render(context: Context) -> list:
    ranked = audits(context)
    language = context.language
    columns = [
        "#",
        context.text(Text("Entity", "Entità")),
        context.text(Text("Overall", "Totale")),
        *(d.title(language) for d in DIMENSIONS),
        context.text(Text("Archetype", "Archetipo")),
    ]
    rows = [
        (
            str(rank),
            a.entity,
            _score(a.scorecard.overall, context),
            *(_score(a.scorecard.dimensions[d.key], context) for d in DIMENSIONS),
            a.archetype.title(language),
        )
        for rank, a in enumerate(ranked, 1)
    ]
    blocks: list = [Paragraph(context.text(_INTRO))]
    window = ranked[0].evidence.window if ranked else None
    if window is not None:
        blocks.append(Paragraph(context.t("audit.window", first=window[0], last=window[1])))
    blocks += [
        Table(columns, rows, numeric=frozenset(range(2, 3 + len(DIMENSIONS)))),
        Chart(
            scores_chart(ranked, context),
            caption=context.text(Text("Scores by dimension", "Punteggi per dimensione")),
        ),
    ]
    for a in ranked:
        if a.entity != context.brand:
            continue
        title = f"{a.entity}: {a.archetype.title(language)}"
        blocks += [Heading(title), Paragraph(a.archetype.description(language))]
        blocks += [Paragraph(line) for line in evidence_lines(a.archetype, a.evidence, a.scorecard, language)]
        if a.recommendations:
            blocks.append(
                Heading(
                    context.text(
                        Text("Recommendations, by expected impact", "Raccomandazioni, per impatto atteso")
                    )
                )
            )
            points = context.text(Text("points", "punti"))
            blocks += [
                Paragraph(f"{rank}. {r.text(language)} (+{number(r.impact, language, 1)} {points})")
                for rank, r in enumerate(a.recommendations, 1)
            ]
    return blocks


def _findings(context: Context) -> list[Text | str]:
    ranked = audits(context)
    brand = next((a for a in ranked if a.entity == context.brand), None)
    if brand is None or brand.scorecard.overall is None:
        return []
    rank = ranked.index(brand) + 1
    score = _score(brand.scorecard.overall, context)
    findings: list[Text | str] = [
        Text(
            f"{brand.entity} scores {score}/100 ({brand.archetype.title.en.lower()}), "
            f"{rank} of {len(ranked)} in the league table.",
            f"{brand.entity} ha {score}/100 ({brand.archetype.title.it.lower()}), "
            f"{rank}ª su {len(ranked)} in classifica.",
        )
    ]
    showcases = [a.entity for a in ranked if a.archetype.key in ("showcase", "absent") and a is not brand]
    if showcases:
        names = ", ".join(showcases)
        findings.append(
            Text(
                f"A showcase or absent competitor: {names}; it posts without conversing.",
                f"Concorrenti vetrina o assenti: {names}; pubblicano senza conversare.",
            )
        )
    if brand.recommendations:
        top = brand.recommendations[0]
        findings.append(Text(f"First change: {top.text('en')}", f"Primo cambiamento: {top.text('it')}"))
    return findings


register(
    Section(
        key="audit",
        title=Text("Audit", "Audit"),
        order=97,
        families=(),
        render=_render,
        findings=_findings,
        intro=Text("How mature is the use of social media?", "Quanto è matura la presenza sui social?"),
    )
)
