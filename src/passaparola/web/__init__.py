"""The web dashboard and the read-only REST API of a workspace (``passaparola serve``).

Pages (HTML, no script, nothing fetched from elsewhere):

- ``/``: the metric registry by family, each metric with its definition, and the window asked for;
- ``/metrics/{name}``: one metric as the report shows it (definition, formula, table, chart), split by any
  of its dimensions (``?by=platform,month``);
- ``/inbox``: what still waits for the brand's answer, questions first (``?most_negative=true``: the
  waiting threads, most negative first);
- ``/report``: the whole report, built on request.

API (JSON, for programs; the same values as ``passaparola metrics --format json``):

- ``GET /api/metrics``: the registry (names, titles, definitions, formulas, units, dimensions);
- ``GET /api/metrics/{name}?by=&from=&to=&format=json|csv``: one metric's rows;
- ``GET /api/inbox?limit=&most_negative=``: the waiting items (or threads);
- ``GET /api/openapi.json``: the API's description.

Every page and endpoint takes ``from`` and ``to`` (local days, ``to`` excluded) and ``lang`` (``en`` or
``it``; default: the workspace's language). Each request reads ``passaparola.toml`` again (an edit applies
at the next request) and opens the store read-only; requests are served one at a time, so a long report
holds the next request until it is done. While an import holds the store, a request is answered 503 with
the store's own message: nothing is written, so nothing can be lost. A bad request (an unknown metric, a
split the metric does not take, a day that is not a date) is answered 400 or 404 with one line saying
what and where, in the request's language, never a traceback.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from passaparola import i18n, periods, workspace
from passaparola.i18n import message
from passaparola.metrics import MetricError, all_metrics, compute, get
from passaparola.metrics import plain as metrics_plain
from passaparola.metrics.scope import Scope
from passaparola.store import StoreError

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.responses import Response

#: The most items or threads ``/inbox`` and ``/api/inbox`` list in one answer.
MAX_LIMIT = 1000


class WebError(Exception):
    """What a request gets instead of its answer: an HTTP status and one line for the user."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


def create_app(folder: Path) -> FastAPI:
    """The dashboard and the API of the workspace in ``folder`` (see the module's docstring)."""
    from fastapi import FastAPI, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from passaparola.web import pages

    app = FastAPI(
        title="passaparola",
        description="The read-only API of a passaparola workspace: metrics from the registry, the inbox.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the page would not work offline
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    serving = threading.Lock()

    @contextmanager
    def request_scope(language: str | None, start: str | None, end: str | None) -> Iterator[Session]:
        """The workspace, read again, and a read-only scope over its store, in the request's language;
        one request at a time (the language of messages is the process's)."""
        with serving:
            try:
                ws = workspace.load(folder)
            except workspace.WorkspaceError as exc:
                raise WebError(503, str(exc)) from None
            chosen = _language(language, ws.language)
            with i18n.speaking(chosen):
                try:
                    first, last = periods.window(start, end, ("from", "to"))
                except periods.WindowError as exc:
                    raise WebError(400, str(exc)) from None
                try:
                    store = ws.open_store(read_only=True)
                except StoreError as exc:
                    raise WebError(503, message("web.store_busy", chosen, reason=exc)) from None
                with store:
                    scope = Scope.of(store, ws.settings, first, last)
                    try:
                        yield Session(ws, scope, chosen, start, end)
                    except MetricError as exc:
                        raise WebError(400, str(exc)) from None

    def page(make: Callable[[Session], str], language: str | None, start: str | None, end: str | None):
        try:
            with request_scope(language, start, end) as session:
                return HTMLResponse(make(session), headers=pages.HEADERS)
        except WebError as exc:
            return failed(exc, language, html=True)

    def failed(exc: WebError, language: str | None, html: bool) -> Response:
        """The error as a page (HTML) or as ``{"error": ...}``, in the language asked for when it is one."""
        if not html:
            return _json({"error": exc.text}, exc.status)
        page = pages.error(exc, _shown_language(language))
        return HTMLResponse(page, status_code=exc.status, headers=pages.HEADERS)

    @app.exception_handler(StarletteHTTPException)
    async def no_such_page(request: Request, exc: StarletteHTTPException) -> Response:
        """No route for the path (404) or the method (405): the same error shape as every other."""
        language = request.query_params.get("lang")
        path = request.url.path
        text = (
            message("web.not_found", _shown_language(language), path=path)
            if exc.status_code == 404
            else exc.detail
        )
        html = not request.url.path.startswith("/api/")
        return failed(WebError(exc.status_code, str(text)), language, html)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        """A parameter FastAPI rejects (``limit=abc``, ``format=xml``): 400 and one line naming it."""
        language = request.query_params.get("lang")
        problems = "; ".join(
            message(
                "web.bad_parameter",
                _shown_language(language),
                where=".".join(map(str, e["loc"][1:])),
                what=e["msg"],
            )
            for e in exc.errors()
        )
        return failed(WebError(400, problems), language, not request.url.path.startswith("/api/"))

    def api(make: Callable[[Session], Any], language: str | None, start: str | None, end: str | None):
        try:
            with request_scope(language, start, end) as session:
                made = make(session)
                return made if isinstance(made, Response) else _json(made)
        except WebError as exc:
            return failed(exc, language, html=False)

    Lang = Query(None, description="en or it (default: the workspace's language)")
    From = Query(None, alias="from", description="First local day, YYYY-MM-DD")
    To = Query(None, alias="to", description="Local day after the last, YYYY-MM-DD")
    By = Query("", description="Splits, comma-separated: platform, month, entity...")

    @app.get("/", response_class=HTMLResponse)
    def index(lang: str | None = Lang, start: str | None = From, end: str | None = To):
        return page(pages.index, lang, start, end)

    @app.get("/metrics/{name}", response_class=HTMLResponse)
    def metric_page(
        name: str, by: str = By, lang: str | None = Lang, start: str | None = From, end: str | None = To
    ):
        return page(lambda s: pages.metric(s, _metric(name, s.language), _splits(by)), lang, start, end)

    @app.get("/inbox", response_class=HTMLResponse)
    def inbox_page(
        most_negative: bool = False,
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        lang: str | None = Lang,
    ):
        return page(lambda s: pages.inbox(s, limit, most_negative), lang, None, None)

    @app.get("/report", response_class=HTMLResponse)
    def report_page(lang: str | None = Lang, start: str | None = From, end: str | None = To):
        from passaparola.report import build, html

        return page(lambda s: html.render(build(s.scope, s.language, s.ws.name)), lang, start, end)

    @app.get("/api/metrics")
    def metrics_api(lang: str | None = Lang):
        return api(
            lambda s: {"metrics": [_declaration(m, s.language) for m in all_metrics()]}, lang, None, None
        )

    @app.get("/api/metrics/{name}")
    def metric_api(
        name: str,
        by: str = By,
        format: str = Query("json", pattern="^(json|csv)$"),
        lang: str | None = Lang,
        start: str | None = From,
        end: str | None = To,
    ):
        def rows(session: Session) -> Any:
            metric = _metric(name, session.language)
            result = compute(metric, session.scope, _splits(by))
            frame = metrics_plain.frame(result, result.execute())
            if format == "csv":
                return Response(frame.to_csv(index=False), media_type="text/csv; charset=utf-8")
            return {"metric": metric.name, "unit": metric.unit, "rows": metrics_plain.records(frame)}

        return api(rows, lang, start, end)

    @app.get("/api/inbox")
    def inbox_api(
        most_negative: bool = False,
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        lang: str | None = Lang,
    ):
        return api(lambda s: pages.inbox_records(s, limit, most_negative), lang, None, None)

    return app


class Session:
    """What a page or an endpoint reads: the workspace, the scope over its store, the request's language
    and window as asked."""

    def __init__(
        self, ws: workspace.Workspace, scope: Scope, language: str, start: str | None, end: str | None
    ):
        self.ws = ws
        self.scope = scope
        self.language = language
        self.start = start
        self.end = end

    def t(self, key: str, **values: object) -> str:
        return message(key, self.language, **values)


def _language(asked: str | None, default: str | None) -> str:
    """The request's language: ``lang`` when given (400 when it is neither en nor it), else ``default``."""
    if asked is None:
        return i18n.resolve(None, default)
    code = asked.lower()
    if code not in i18n.LANGUAGES:
        expected = message("web.languages", i18n.language(), known=", ".join(i18n.LANGUAGES))
        raise WebError(
            400, message("web.bad_parameter", i18n.language(), where=f"lang {asked!r}", what=expected)
        )
    return code


def _shown_language(asked: str | None) -> str:
    """The language of an error page: ``lang`` when it is one of ours, else the process's."""
    return asked.lower() if asked and asked.lower() in i18n.LANGUAGES else i18n.language()


def _json(content: object, status: int = 200) -> Response:
    """JSON as ``passaparola metrics --format json`` writes it: strict (no NaN), anything else as text."""
    from fastapi.responses import Response

    body = json.dumps(content, default=str, allow_nan=False, ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json")


def _metric(name: str, language: str):
    try:
        return get(name)
    except MetricError:
        known = ", ".join(m.name for m in all_metrics())
        raise WebError(404, message("metrics.unknown", language, name=name, known=known)) from None


def _splits(by: str) -> list[str]:
    return [d.strip() for d in by.split(",") if d.strip()]


def _declaration(metric, language: str) -> dict[str, object]:
    formula = metric.formula if isinstance(metric.formula, str) else metric.formula(language)
    return {
        "name": metric.name,
        "family": metric.family,
        "title": metric.title(language),
        "definition": metric.definition(language),
        "formula": formula,
        "unit": metric.unit,
        "better": metric.better,
        "dimensions": list(metric.dimensions),
    }


def serve(folder: Path, host: str, port: int) -> None:
    """Run the dashboard and the API of the workspace in ``folder`` until interrupted."""
    import uvicorn

    uvicorn.run(create_app(folder), host=host, port=port, log_level="warning")
