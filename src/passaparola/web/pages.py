"""The dashboard's pages as HTML: the report's look and blocks (:mod:`passaparola.report.html`), links and
one form, no script; every data-derived string escaped."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from passaparola import i18n
from passaparola.metrics import Metric, all_metrics, compute
from passaparola.report import formatting, generic
from passaparola.report.html import POLICY, STYLE, render_block
from passaparola.report.sections import Context, Heading, Paragraph, Table, family_title
from passaparola.web.inbox import waiting

if TYPE_CHECKING:
    from passaparola.web import Session, WebError

#: Sent with every page: the report's policy (no script, nothing fetched) and forms only to this server.
HEADERS = {
    "Content-Security-Policy": f"{POLICY}; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
#: The most rows a metric's page shows (the API gives them all).
MAX_ROWS = 500

_EXTRA_STYLE = """
.bar { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: baseline; margin: .5rem 0; }
.bar form { display: flex; gap: .5rem; align-items: baseline; }
.bar input { font: inherit; padding: .1rem .3rem; }
.splits a.on { font-weight: 600; text-decoration: none; }
.error { background: #fbeaea; border-left: 4px solid #b52b2b; padding: .6rem 1rem; }
dl dt { margin-top: .75rem; }
dl dd { margin: 0 0 0 1rem; color: var(--muted); }
"""


def index(session: Session) -> str:
    """The registry by family: each metric's title (a link to its page) and definition."""
    language = session.language
    parts = []
    metrics = all_metrics()
    for family in dict.fromkeys(m.family for m in metrics):
        title = family_title(family)(language)
        parts.append(f"<section><h2>{escape(title)}</h2><dl>")
        for metric in (m for m in metrics if m.family == family):
            link = _link(session, f"/metrics/{metric.name}")
            parts.append(
                f'<dt><a href="{escape(link)}">{escape(metric.title(language))}</a> '
                f"<code>{escape(metric.name)}</code></dt><dd>{escape(metric.definition(language))}</dd>"
            )
        parts.append("</dl></section>")
    return _page(session, session.t("web.metrics"), "".join(parts), "/")


def metric(session: Session, chosen: Metric, by: list[str]) -> str:
    """One metric as the report shows it, split ``by``: definition, formula, the values (up to
    :data:`MAX_ROWS` rows), the items it could not use, a chart of its main value; links to split it by
    each of its dimensions and to the same rows as JSON and CSV."""
    language = session.language
    context = Context(session.scope, language)
    frame = compute(chosen, session.scope, by).execute()
    blocks = [
        Paragraph(chosen.definition(language)),
        Paragraph(context.t("report.formula", formula=context.text(chosen.formula))),
        generic.metric_table(context, chosen, frame, MAX_ROWS),
    ]
    note = generic.unusable_note(context, chosen, frame)
    if note is not None:
        blocks.append(note)
    chart = generic.metric_chart(context, chosen, context.table(chosen.name) if by else frame)
    if chart is not None:
        blocks.append(chart)
    path = f"/metrics/{chosen.name}"
    choices = [("", session.t("web.no_split")), *((d, context.column_title(d)) for d in chosen.dimensions)]
    on = ' class="on"'
    splits = [
        f'<a{on if by == ([d] if d else []) else ""} href="{escape(_link(session, path, by=d))}">{escape(title)}</a>'
        for d, title in choices
    ]
    api = f"/api/metrics/{chosen.name}"
    downloads = " · ".join(
        f'<a href="{escape(_link(session, api, by=",".join(by), format=kind))}">{kind.upper()}</a>'
        for kind in ("json", "csv")
    )
    header = (
        f'<p class="bar splits">{escape(session.t("web.split_by"))}: {" ".join(splits)}</p>'
        f'<p class="bar">{escape(session.t("web.download"))}: {downloads}</p>'
    )
    body = header + "".join(render_block(block) for block in blocks)
    return _page(session, chosen.title(language), body, path, by=",".join(by))


def inbox(session: Session, limit: int, most_negative: bool) -> str:
    """What waits for the brand's answer, as the command line's ``inbox`` lists it, each text linked to
    its item."""
    name, total, frame = waiting(session, limit, most_negative)
    zone = session.scope.settings.timezone
    language = session.language
    t = session.t

    def count(value: object) -> str:
        return formatting.value(value, language, "count")

    records = frame.to_dict(orient="records")
    links = [r["url"] if isinstance(r["url"], str) else None for r in records]
    if most_negative:
        title = t("inbox.threads_title", count=total, brand=name)
        headers = [t("inbox.waiting_since"), t("status.platform"), t("inbox.waiting"), "−"]
        headers += [t("inbox.negativity"), t("status.author"), t("inbox.worst_text")]
        rows = [_thread_cells(r, zone, count, language) for r in records]
        numeric = frozenset({2, 3, 4})
    else:
        title = t("inbox.title", count=total, brand=name)
        headers = [t("inbox.when"), t("status.platform"), t("status.author"), "?", "±", t("inbox.text")]
        rows = [_item_cells(r, zone) for r in records]
        numeric = frozenset()
    other = _link(session, "/inbox", most_negative="false" if most_negative else "true")
    switch = t("web.inbox_items" if most_negative else "web.inbox_threads")
    body = (
        f'<p class="bar"><a href="{escape(other)}">{escape(switch)}</a></p>'
        f"{render_block(Heading(title))}{render_block(Table(headers, rows, '', numeric, links))}"
    )
    keep = {"most_negative": "true"} if most_negative else {}
    return _page(session, t("web.inbox"), body, "/inbox", window=False, **keep)


def _signed(value: float, language: str) -> str:
    """A score with its sign and two decimals, in the language's separators (+0.35, +0,35)."""
    return ("+" if value >= 0 else "−") + formatting.number(abs(value), language, 2)


def _thread_cells(row: dict, zone: ZoneInfo, count: Callable[[object], str], language: str) -> list[str]:
    negativity = "" if row["unscored"] else _signed(row["negativity"], language)
    waiting, negative = count(row["waiting"]), count(row["negative"])
    return [
        _local(row["first_waiting_at"], zone),
        row["platform"],
        waiting,
        negative,
        negativity,
        _author(row),
        _text(row["text"]),
    ]


def _item_cells(row: dict, zone: ZoneInfo) -> list[str]:
    mark = formatting.SENTIMENT_MARKS.get(row["sentiment"], "")
    question = "?" if row["question"] else ""
    return [
        _local(row["created_at"], zone),
        row["platform"],
        _author(row),
        question,
        mark,
        _text(row["text"]),
    ]


def _text(value: object) -> str:
    return "" if formatting.is_unknown(value) else str(value)


def _local(value: object, zone: ZoneInfo) -> str:
    return "" if formatting.is_unknown(value) else value.tz_convert(zone).strftime("%Y-%m-%d %H:%M")


def _author(row: dict) -> str:
    for key in ("author_handle", "author_name"):
        if isinstance(row[key], str) and row[key]:
            return row[key]
    return ""


def error(failure: WebError, language: str) -> str:
    """A page that says what went wrong, in one line, with a link back to the metrics."""
    title = i18n.message("web.error", language, status=failure.status)
    body = f'<p class="error">{escape(failure.text)}</p><p><a href="/?lang={language}">{escape(i18n.message("web.metrics", language))}</a></p>'
    return _shell(title, language, f"<header><h1>{escape(title)}</h1></header>{body}")


def _page(session: Session, title: str, body: str, path: str, window: bool = True, **keep: str) -> str:
    """A page of the dashboard: the workspace's name, the navigation, the window form when the page has a
    window (the form keeps the page's other parameters), the language links, then ``body``."""
    t = session.t
    nav = " · ".join(
        f'<a href="{escape(_link(session, target))}">{escape(t(key))}</a>'
        for target, key in (("/", "web.metrics"), ("/inbox", "web.inbox"), ("/report", "web.report"))
    )
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in {"lang": session.language, **keep}.items()
        if value
    )
    form = window and (
        f'<form method="get" action="{escape(path)}">{hidden}'
        f'<label>{escape(t("web.from"))} <input name="from" value="{escape(session.start or "")}" placeholder="2026-01-01" size="10"></label>'
        f'<label>{escape(t("web.to"))} <input name="to" value="{escape(session.end or "")}" placeholder="2026-04-01" size="10"></label>'
        f'<button type="submit">{escape(t("web.apply"))}</button></form>'
    )
    languages = " · ".join(
        f'<a href="{escape(_link(session, path, lang=code, **keep))}">{name}</a>'
        for code, name in (("en", "English"), ("it", "Italiano"))
    )
    header = (
        f"<header><p>{escape(session.ws.name)}</p><h1>{escape(title)}</h1>"
        f'<nav class="bar">{nav}</nav><div class="bar">{form or ""}<span>{languages}</span></div></header>'
    )
    return _shell(f"{title} — {session.ws.name}", session.language, header + body)


def _shell(title: str, language: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}{_EXTRA_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def _link(session: Session, path: str, **parameters: str) -> str:
    """``path`` with the request's language and window, and ``parameters`` (an empty one left out)."""
    query = {"lang": session.language, "from": session.start, "to": session.end, **parameters}
    kept = {name: value for name, value in query.items() if value}
    return f"{path}?{urlencode(kept)}" if kept else path
