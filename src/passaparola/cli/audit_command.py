"""`passaparola audit`: the maturity audit of the brand (or each entity) from the store, with the league
table against the competitors; `--questionnaire` for those without data."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from rich.markup import escape

from passaparola import i18n
from passaparola.audit import Audit, audit, audit_all, league
from passaparola.audit.archetypes import evidence_lines
from passaparola.audit.score import DIMENSIONS
from passaparola.cli.context import open_workspace, window, workspace_language
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t


def run(
    entity: str | None,
    every: bool,
    start_day: str | None,
    end_day: str | None,
    fmt: str,
    workspace_dir: Path | None,
) -> None:
    from passaparola.audit.measure import evidence
    from passaparola.metrics.scope import Scope

    ws = open_workspace(workspace_dir)
    start, end = window(start_day, end_day)
    settings = ws.settings
    if not settings.entities:
        fail(t("audit.no_entities", config=ws.config_path))
    names = [e.name for e in settings.entities]
    if entity is not None and entity not in names:
        fail(t("audit.unknown_entity", entity=entity, known=", ".join(names)))
    with ws.open_store(read_only=True) as store:
        audits = audit_all(evidence(Scope.of(store, settings, start, end)))
    shown = audits if every else [a for a in audits if a.entity == (entity or names[0])]
    if fmt != "table":
        write_records(audits if every else shown, fmt)
        return
    measured = audits[0].evidence.window
    if measured is not None:
        note = t("audit.window", first=measured[0], last=measured[1])
        if start is None or end is None:
            note += " " + t("audit.window_trimmed")
        console.print(f"[dim]{escape(note)}[/]")
    for one in shown:
        print_audit(one)
    if len(audits) > 1:
        print_league(league(audits))


def questionnaire(answers: Path | None, name: str | None, fmt: str, workspace_dir: Path | None) -> None:
    from passaparola.audit import questionnaire as form

    workspace_language(workspace_dir)  # no workspace is needed, but one's language applies
    entity = name or t("audit.you")
    if answers is not None:
        result = audit(form.from_answers(form.load_answers(answers), entity, path=answers))
    else:
        try:
            given = form.ask(i18n.language())
        except (EOFError, KeyboardInterrupt):
            fail(t("audit.interrupted"))
        result = audit(form.from_answers(given, entity))
    if fmt != "table":
        write_records([result], fmt)
        return
    print_audit(result)


def template(workspace_dir: Path | None) -> None:
    from passaparola.audit import questionnaire as form

    workspace_language(workspace_dir)
    sys.stdout.write(form.template(i18n.language()))


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _bar(value: float | None, width: int = 20) -> str:
    if value is None:
        return ""
    filled = round(value / 100 * width)
    return "█" * filled + "░" * (width - filled)


def print_audit(result: Audit) -> None:
    language = i18n.language()
    card = result.scorecard
    console.print(
        f"[bold]{escape(t('audit.heading', entity=result.entity, score=_score(card.overall)))}[/] "
        f"[dim]{escape(t('audit.known', known=card.known, total=len(DIMENSIONS)))}[/]"
    )
    rows = [
        (d.title(language), _score(card.dimensions[d.key]), _bar(card.dimensions[d.key])) for d in DIMENSIONS
    ]
    console.print(table(None, [t("audit.dimension"), t("audit.score"), ""], rows, numeric={1}))
    archetype = result.archetype
    console.print(
        f"[bold]{escape(t('audit.archetype'))}:[/] {escape(archetype.title(language))} — "
        f"{escape(archetype.description(language))}"
    )
    for line in evidence_lines(archetype, result.evidence, card, language):
        console.print(f"  • {escape(line)}")
    if result.recommendations:
        console.print(f"[bold]{escape(t('audit.recommendations'))}[/]")
        for rank, recommendation in enumerate(result.recommendations, 1):
            impact = t("audit.impact", points=recommendation.impact)
            console.print(f"  {rank}. {escape(recommendation.text(language))} [dim]({escape(impact)})[/]")
    else:
        console.print(escape(t("audit.no_recommendations")))
    console.print()


def print_league(audits: list[Audit]) -> None:
    language = i18n.language()
    headers = [
        "#",
        t("audit.entity"),
        t("audit.overall"),
        *(d.title(language) for d in DIMENSIONS),
        t("audit.archetype"),
    ]
    rows = [
        (
            str(rank),
            a.entity,
            _score(a.scorecard.overall),
            *(_score(a.scorecard.dimensions[d.key]) for d in DIMENSIONS),
            a.archetype.title(language),
        )
        for rank, a in enumerate(audits, 1)
    ]
    console.print(table(t("audit.league"), headers, rows, numeric=set(range(2, 3 + len(DIMENSIONS)))))


def record(result: Audit) -> dict[str, object]:
    language = i18n.language()
    evidence = result.evidence
    return {
        "entity": result.entity,
        "origin": evidence.origin,
        "overall": result.scorecard.overall,
        "scores": result.scorecard.dimensions,
        "archetype": result.archetype.key,
        "archetype_evidence": evidence_lines(result.archetype, evidence, result.scorecard, language),
        "recommendations": [
            {"dimension": r.dimension, "impact": r.impact, "text": r.text(language)}
            for r in result.recommendations
        ],
        "evidence": {k: v for k, v in vars(evidence).items() if k not in ("entity", "origin")},
    }


def write_records(audits: list[Audit], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([record(a) for a in audits], ensure_ascii=False, default=str))
        return
    language = i18n.language()
    columns = ["entity", "overall", *(d.key for d in DIMENSIONS), "archetype", "top_recommendation"]
    writer = csv.DictWriter(sys.stdout, fieldnames=columns)
    writer.writeheader()
    for a in audits:
        writer.writerow(
            {
                "entity": a.entity,
                "overall": a.scorecard.overall,
                **a.scorecard.dimensions,
                "archetype": a.archetype.key,
                "top_recommendation": a.recommendations[0].text(language) if a.recommendations else "",
            }
        )
