"""The report: one self-contained HTML file (or a PDF of it) built from registered sections, each opening
with findings computed from the data, over the registry's metrics (see ``report.sections``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from passaparola.metrics import MetricError
from passaparola.metrics.scope import Scope
from passaparola.report.sections import Block, Context, Paragraph, all_sections


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    intro: str
    findings: list[str]
    blocks: list[Block]


@dataclass(frozen=True)
class Report:
    name: str
    language: str
    context: Context
    generated_at: datetime
    sections: list[RenderedSection]


def build(scope: Scope, language: str, name: str) -> Report:
    """Every section over the scope, in ``language`` ("en" or "it"). A section that cannot be computed
    for this workspace (customer care without a brand, say) says why instead of stopping the report."""
    context = Context(scope, language)
    rendered = []
    for section in all_sections():
        try:
            findings = section.sentences(context)
            blocks = section.blocks(context)
        except MetricError as exc:
            findings, blocks = [], [Paragraph(context.t("report.section_failed", reason=str(exc)))]
        rendered.append(
            RenderedSection(
                section.key,
                context.text(section.title),
                context.text(section.intro) if section.intro else "",
                findings,
                blocks,
            )
        )
    now = datetime.now(UTC).astimezone(scope.settings.timezone)
    return Report(name, language, context, now, rendered)
