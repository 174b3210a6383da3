"""Report sections: what each section shows and which findings open it, as plug-ins.

A section is registered once (``register(Section(...))``) with its title in English and Italian, its place
in the report (``order``), the metric families it covers, a ``render`` callable that returns the section's
blocks and a ``findings`` callable that returns two or three plain-language findings. Both receive a
:class:`Context`, which computes registry metrics (once each, cached), formats numbers in the report's
language and shows unknown values as unknown.

A metric family that no section claims still gets a generic section: its metrics' values as tables, each
with a chart. So a family added to the registry later appears in the report without touching it.
See docs/dev/report-sections.md.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from passaparola import i18n
from passaparola.i18n import MESSAGES
from passaparola.metrics import Metric, Text, all_metrics, column_text, compute, family_order, get
from passaparola.report import formatting

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

    from passaparola.config import Settings
    from passaparola.metrics.scope import Scope


# Blocks: what a section's ``render`` returns. The HTML and PDF writers escape every string in them.


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table of already formatted cells (use ``Context.format`` for values); ``numeric`` lists the
    columns to right-align."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""
    numeric: frozenset[int] = frozenset()
    #: Per row, a web address its last cell links to (None: no link; an address that is not http(s),
    #: ``javascript:`` say, is not linked); empty: no links.
    links: Sequence[str | None] = ()


@dataclass(frozen=True)
class Chart:
    """An Altair chart, rendered to inline SVG (no script, no CDN)."""

    chart: alt.TopLevelMixin
    caption: str = ""


@dataclass(frozen=True)
class Svg:
    """SVG markup drawn by code (a cascade tree, say). It is inserted as is: escape any data-derived text
    in it with ``html.escape`` when you build it."""

    markup: str
    caption: str = ""


Block = Heading | Paragraph | Table | Chart | Svg
Finding = Text | str


@dataclass(frozen=True)
class Section:
    """One section of the report.

    - ``key``: a unique name (also the HTML anchor);
    - ``title``: English and Italian;
    - ``order``: sections are sorted by it (built-in ones use 10, 20, ... 90; generic sections come at 1000);
    - ``families``: the metric families the section covers (a claimed family gets no generic section);
    - ``render(context) -> list of blocks``; the default shows every metric of ``families`` generically;
    - ``findings(context) -> list of Text or str``: two or three sentences computed from the data;
    - ``intro``: an optional sentence under the title saying what the section answers.
    """

    key: str
    title: Text
    order: int
    families: tuple[str, ...] = ()
    render: Callable[[Context], list[Block]] | None = None
    findings: Callable[[Context], list[Finding]] | None = None
    intro: Text | None = None

    def blocks(self, context: Context) -> list[Block]:
        if self.render is not None:
            return self.render(context)
        return [block for family in self.families for block in family_blocks(context, family)]

    def sentences(self, context: Context) -> list[str]:
        if self.findings is None:
            return []
        return [context.text(finding) for finding in self.findings(context)]


_SECTIONS: dict[str, Section] = {}
#: Modules that register the built-in sections (imported when the report is built).
BUILT_IN = (
    "passaparola.report.builtin",
    "passaparola.report.spread_section",
    "passaparola.plan.report",
    "passaparola.report.cascades_section",
    "passaparola.report.audit_section",
)


def register(section: Section) -> Section:
    if section.key in _SECTIONS:
        raise ValueError(f"report section {section.key} is registered twice")
    _SECTIONS[section.key] = section
    return section


def family_title(family: str) -> Text:
    """A metric family's title: its ``report.family.*`` message, else its name made readable (a
    plug-in's family)."""
    key = f"report.family.{family}"
    readable = family.replace("_", " ").capitalize()
    return Text(*MESSAGES[key]) if key in MESSAGES else Text(readable, readable)


def generic_section(family: str) -> Section:
    """The section of a family no registered section claims: every metric of it, as tables and charts,
    opening with a headline finding per metric (its main value, named)."""
    from passaparola.report.generic import headline_findings

    return Section(
        key=f"family-{family}",
        title=family_title(family),
        order=1000 + family_order(family),
        families=(family,),
        findings=lambda context: headline_findings(context, (family,)),
    )


def all_sections() -> list[Section]:
    """Every section of the report in order: the registered ones, then a generic one for each family
    with metrics that none claims."""
    for module in BUILT_IN:
        importlib.import_module(module)
    registered = list(_SECTIONS.values())
    claimed = {family for section in registered for family in section.families}
    families = list(dict.fromkeys(metric.family for metric in all_metrics()))
    generic = [generic_section(family) for family in families if family not in claimed]
    return sorted([*registered, *generic], key=lambda section: (section.order, section.key))


@dataclass
class Context:
    """What a section sees: the scope (store, settings, window), the report's language, and registry
    metrics computed once each."""

    scope: Scope
    language: str
    _cache: dict[tuple[str, tuple[str, ...]], Any] = field(default_factory=dict, repr=False)

    @property
    def settings(self) -> Settings:
        return self.scope.settings

    @property
    def brand(self) -> str | None:
        return self.settings.brand.name if self.settings.brand is not None else None

    @property
    def competitors(self) -> list[str]:
        return [entity.name for entity in self.settings.competitors]

    def text(self, value: Text | str) -> str:
        return value(self.language) if isinstance(value, Text) else value

    def metrics(self, family: str) -> list[Metric]:
        """The metrics the registry declares for ``family``, in declaration order (empty when none)."""
        return [metric for metric in all_metrics() if metric.family == family]

    def has(self, name: str) -> bool:
        return any(metric.name == name for metric in all_metrics())

    def table(self, name: str, by: Sequence[str] = ()) -> pd.DataFrame | None:
        """The metric ``name`` computed over the scope, split ``by`` (cached); None when the registry has
        no such metric or it cannot be split that way. Other errors (a workspace without a brand, say)
        propagate and the report notes the section could not be computed."""
        key = (name, tuple(by))
        if key not in self._cache:
            if not self.has(name):
                self._cache[key] = None
            else:
                metric = get(name)
                if not set(by) <= set(metric.dimensions):
                    self._cache[key] = None
                else:
                    self._cache[key] = compute(metric, self.scope, list(by)).execute()
        return self._cache[key]

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """What a section derives from the scope (an audit, the plan's standings), made once per report so
        that its render and its findings share it."""
        slot = (f"section:{key}", ())
        if slot not in self._cache:
            self._cache[slot] = make()
        return self._cache[slot]

    def value(self, name: str, column: str, **where: object) -> float | None:
        """One number from a metric computed without splits: ``column`` of the row matching ``where``
        (``entity="Aurora"``, say); None when the metric, the row or the value is missing (unknown)."""
        frame = self.table(name)
        if frame is None or column not in frame.columns:
            return None
        for key, wanted in where.items():
            if key not in frame.columns:
                return None
            frame = frame[frame[key] == wanted]
        if len(frame) != 1:
            return None
        return as_number(frame[column].iloc[0])

    def column_title(self, column: str, metric: Metric | None = None) -> str:
        """The title of a result column: as ``metric`` declares it, else the split's (``SPLITS``), else
        the name made readable."""
        title = column_text(column, metric)
        return title(self.language) if title else column.replace("_", " ")

    def column_format(self, metric: Metric, column: str, values: pd.Series) -> str:
        """How ``column`` of ``metric`` is shown (a ``formatting.KINDS`` kind): as the metric declares it,
        a split as text, else guessed from its name and values."""
        return formatting.column_format(metric, column, values)

    def cell(self, column: str, value: object, kind: str = "number") -> str:
        """A result cell as shown: a split's value in words (media class, voice, role, kind, via, hour of
        the week) in the report's language, anything else formatted as ``kind``."""
        return formatting.cell(column, value, self.language, kind, self.settings.timezone)

    def hour_of_week(self, hour: int) -> str:
        """0 to 167 as the local day and hour ("Mon 09:00", "lun 09:00")."""
        return formatting.hour_of_week(hour, self.language)

    def t(self, key: str, **values: object) -> str:
        """The i18n message ``key`` in the report's language."""
        return i18n.message(key, self.language, **values)

    def format(self, value: object, kind: str = "number") -> str:
        """A value as shown in the report: unknown (None, NaN) as "n/a" whatever the kind; ``share`` as a
        percentage, ``hours``, ``count`` or ``number`` with the language's separators."""
        return formatting.value(value, self.language, kind, self.settings.timezone)

    @cached_property
    def span(self) -> tuple[datetime, datetime] | None:
        """The first and last item's time in the window, in the workspace's time zone (None when empty)."""
        items = self.scope.items
        found = items.aggregate(first=items.created_at.min(), last=items.created_at.max()).execute()
        first, last = found["first"].iloc[0], found["last"].iloc[0]
        if formatting.is_unknown(first) or formatting.is_unknown(last):
            return None
        zone = self.settings.timezone
        return first.to_pydatetime().astimezone(zone), last.to_pydatetime().astimezone(zone)

    @property
    def period(self) -> str:
        """The period the charts use: weeks for up to 120 days of data, else months."""
        span = self.span
        return "week" if span is None or (span[1] - span[0]).days <= 120 else "month"


def as_number(value: object) -> float | None:
    """A cell as a float, or None when it is unknown (None, NaN, pandas NA)."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def family_blocks(context: Context, family: str) -> list[Block]:
    """Every metric of ``family``, each as a sub-heading, its definition and formula, a table and a chart."""
    from passaparola.report import generic

    return [block for metric in context.metrics(family) for block in generic.metric_blocks(context, metric)]


__all__ = [
    "Block",
    "Chart",
    "Context",
    "Finding",
    "Heading",
    "Paragraph",
    "Section",
    "Svg",
    "Table",
    "all_sections",
    "as_number",
    "family_blocks",
    "register",
]


def top_rival(values: dict[str, float | None], brand: str | None) -> str | None:
    """The entity other than ``brand`` with the highest known value (None when there is none)."""
    rivals = {name: value for name, value in values.items() if name != brand and value is not None}
    return max(rivals, key=rivals.__getitem__) if rivals else None
