"""The report as one self-contained HTML page: inline CSS and inline SVG charts, no script, no external
resource (a Content-Security-Policy forbids them), every data-derived string escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from html import escape

from passaparola.report import Report, charts
from passaparola.report.sections import Block, Chart, Heading, Paragraph, Svg, Table

STYLE = """
:root { --ink: #222; --muted: #666; --accent: #b5522b; --rule: #e3ddd5; --paper: #fffdfa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--ink);
  background: var(--paper); }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header h1 { margin: 0 0 .25rem; font-size: 1.8rem; }
header p { margin: 0; color: var(--muted); }
nav ol { columns: 2; padding-left: 1.2rem; margin: 1rem 0 0; }
nav a, a { color: var(--accent); }
section { border-top: 2px solid var(--rule); margin-top: 2.5rem; padding-top: 1rem; }
h2 { font-size: 1.4rem; margin: 0 0 .25rem; }
h3 { font-size: 1.05rem; margin: 1.75rem 0 .25rem; }
.intro { color: var(--muted); margin: 0 0 .75rem; }
.findings { background: #f6efe6; border-left: 4px solid var(--accent); margin: .5rem 0 1rem;
  padding: .6rem 1rem .6rem 2rem; }
.findings li { margin: .2rem 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .75rem 0 1.25rem; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .85rem; }
.formula { color: var(--muted); font-size: .85rem; }
footer { color: var(--muted); font-size: .8rem; margin-top: 3rem; }
@page { size: A4; margin: 1.5cm; }
@media print { main { padding: 0; } section { break-before: page; border-top: none; } nav ol { columns: 1; } }
"""

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render(report: Report) -> str:
    context = report.context
    t = context.t
    parts = [
        "<!doctype html>",
        f'<html lang="{report.language}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t('report.title', name=report.name))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body><main>",
        "<header>",
        f"<h1>{escape(t('report.title', name=report.name))}</h1>",
        f"<p>{escape(_window(report))}</p>",
        f"<p>{escape(t('report.generated', at=report.generated_at.strftime('%Y-%m-%d %H:%M'), zone=context.scope.zone))}</p>",
        f"<nav><ol>{''.join(_toc(s.key, s.title) for s in report.sections)}</ol></nav>",
        "</header>",
    ]
    for section in report.sections:
        parts.append(f'<section id="{escape(section.key)}">')
        parts.append(f"<h2>{escape(section.title)}</h2>")
        if section.intro:
            parts.append(f'<p class="intro">{escape(section.intro)}</p>')
        if section.findings:
            items = "".join(f"<li>{escape(finding)}</li>" for finding in section.findings)
            parts.append(f'<ul class="findings">{items}</ul>')
        parts.extend(render_block(block) for block in section.blocks)
        parts.append("</section>")
    parts.append(f"<footer>{escape(t('report.footer'))}</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _toc(key: str, title: str) -> str:
    return f'<li><a href="#{escape(key)}">{escape(title)}</a></li>'


def _window(report: Report) -> str:
    """The local days the report covers: the window asked for, else the data's first and last day."""
    context = report.context
    scope = context.scope
    span = context.span
    first = scope.start or (span[0] if span else None)
    last = scope.end - timedelta(days=1) if scope.end else (span[1] if span else None)
    shown = [value.strftime("%Y-%m-%d") if value else context.format(None) for value in (first, last)]
    return context.t("report.window", first=shown[0], last=shown[1], zone=scope.zone)


def render_block(block: Block) -> str:
    """One block of a section as HTML (the web dashboard's pages show the report's blocks too)."""
    if isinstance(block, Heading):
        return f"<h3>{escape(block.text)}</h3>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Chart):
        return _figure(charts.svg(block.chart), block.caption)
    if isinstance(block, Svg):
        return _figure(block.markup, block.caption)
    raise TypeError(f"not a report block: {block!r}")


def _figure(markup: str, caption: str) -> str:
    label = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="chart">{markup}{label}</figure>'


def _table(table: Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        align = ' class="num"' if index in table.numeric else ""
        return f"<{tag}{align}>{escape(text)}</{tag}>"

    def linked(row: Sequence[str], link: str | None) -> str:
        cells = [cell("td", i, value) for i, value in enumerate(row)]
        if link and link.startswith(("https://", "http://")) and row:
            cells[-1] = f'<td><a href="{escape(link)}" rel="noreferrer">{escape(row[-1])}</a></td>'
        return "<tr>" + "".join(cells) + "</tr>"

    head = "".join(cell("th", i, c) for i, c in enumerate(table.columns))
    links = table.links or [None] * len(table.rows)
    body = "".join(linked(row, link) for row, link in zip(table.rows, links, strict=True))
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
