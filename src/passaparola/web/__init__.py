"""The web dashboard and the read-only REST API of a workspace (``passaparola serve``).

Pages (HTML, no script, nothing fetched from elsewhere):

- ``/``: the metric registry by family, each metric with its definition;
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

The metrics (their pages, their rows, the index's links) and the report take ``from`` and ``to`` (local
days, ``to`` excluded; an empty one is no bound); every address takes ``lang`` (``en`` or ``it``; default: ``--lang``,
``$PASSAPAROLA_LANG``, then the workspace's language, as for the command line). Each request reads
``passaparola.toml`` again (an edit applies at the next request) and opens the store read-only, as the
read-only commands do: the dashboard writes nothing of its own (opening the store after an edit of the
entities brings its entity columns up to date, as every command does). Requests are served one at a
time, so a long report holds the next request until it is done. While an import holds the store, a request
is answered 503. A bad request (an unknown metric, a split the metric does not take, a day that is not a
date) is answered 400 or 404 with one line saying what and where, in the request's language, never a
traceback.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from passaparola import i18n, periods, workspace
from passaparola.i18n import message
from passaparola.metrics import MetricError, all_metrics, compute, get
from passaparola.metrics import plain as metrics_plain
from passaparola.metrics.scope import Scope
from passaparola.store import StoreBusy, StoreError

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.responses import Response

#: The most items or threads ``/inbox`` and ``/api/inbox`` list in one answer.
MAX_LIMIT = 1000
#: The answers besides 200 that the API's description lists for its routes.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": 'A bad parameter: `{"error": "one line saying which and why"}`'},
    404: {"description": 'An unknown metric: `{"error": ...}`, listing the known ones'},
    503: {"description": 'The store is held by an import, or the workspace cannot be read: `{"error": ...}`'},
}


class WebError(Exception):
    """What a request gets instead of its answer: an HTTP status and one line for the user, in
    ``language`` when the request's language was known."""

    def __init__(
        self, status: int, text: str, language: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.language = language
        self.headers = headers


class Session:
    """What a page or an endpoint reads: the workspace, the scope over its store (None for what needs no
    data), the request's language and window as asked."""

    def __init__(
        self, ws: workspace.Workspace, scope: Scope | None, language: str, start: str | None, end: str | None
    ):
        self.ws = ws
        self._scope = scope
        self.language = language
        self.start = start
        self.end = end

    @property
    def scope(self) -> Scope:
        assert self._scope is not None, "this request was opened without the store"
        return self._scope

    def t(self, key: str, **values: object) -> str:
        return message(key, self.language, **values)


def create_app(folder: Path, hosts: Sequence[str] = ("*",)) -> FastAPI:
    """The dashboard and the API of the workspace in ``folder`` (see the module's docstring), answering
    requests addressed to ``hosts`` only (a Host header naming another is refused, against DNS
    rebinding: ``passaparola serve`` lists the loopback names and its ``--host``)."""
    from fastapi import FastAPI, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    from passaparola.web import inbox, pages

    app = FastAPI(
        title="passaparola",
        description="The read-only API of a passaparola workspace: metrics from the registry, the inbox.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the page would not work offline
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    if tuple(hosts) != ("*",):
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    serving = threading.Lock()

    @contextmanager
    def request_scope(
        asked: str | None, start: str | None, end: str | None, data: bool = True
    ) -> Iterator[Session]:
        """The workspace, read again, and (with ``data``) a read-only scope over its store, in the
        request's language; one request at a time (the language of messages is the process's)."""
        start, end = start or None, end or None  # an empty field of the form is no bound
        with serving:
            try:
                ws = workspace.load(folder)
            except workspace.WorkspaceError as exc:
                raise WebError(503, str(exc), _fallback(asked, folder)) from None
            chosen = _language(asked, ws.language)
            with i18n.speaking(chosen):
                try:
                    first, last = periods.window(start, end, ("from", "to"))
                except periods.WindowError as exc:
                    raise WebError(400, str(exc), chosen) from None
                if not data:
                    yield Session(ws, None, chosen, start, end)
                    return
                try:
                    store = ws.open_store(read_only=True)
                except StoreBusy as exc:
                    raise WebError(503, message("web.store_busy", chosen, reason=exc), chosen) from None
                except StoreError as exc:
                    raise WebError(503, str(exc), chosen) from None
                with store:
                    try:
                        yield Session(ws, Scope.of(store, ws.settings, first, last), chosen, start, end)
                    except MetricError as exc:
                        raise WebError(400, str(exc), chosen) from None

    def failed(exc: WebError, asked: str | None, html: bool) -> Response:
        """The error as a page (HTML) or as ``{"error": ...}``, in the request's language."""
        headers = {**(exc.headers or {}), **(pages.HEADERS if html else {})}
        if not html:
            return _json({"error": exc.text}, exc.status, headers)
        page = pages.error(exc, exc.language or _fallback(asked, folder))
        return HTMLResponse(page, status_code=exc.status, headers=headers)

    def page(make: Callable[[Session], str], asked: str | None, start=None, end=None, data=True) -> Response:
        try:
            with request_scope(asked, start, end, data) as session:
                return HTMLResponse(make(session), headers=pages.HEADERS)
        except WebError as exc:
            return failed(exc, asked, html=True)

    def api(make: Callable[[Session], Any], asked: str | None, start=None, end=None, data=True) -> Response:
        try:
            with request_scope(asked, start, end, data) as session:
                made = make(session)
                return made if isinstance(made, Response) else _json(made)
        except WebError as exc:
            return failed(exc, asked, html=False)

    @app.exception_handler(StarletteHTTPException)
    async def no_such_address(request: Request, exc: StarletteHTTPException) -> Response:
        """No route for the path (404) or the method (405): the same error shape as every other."""
        asked = request.query_params.get("lang")
        language = _fallback(asked, folder)
        path = request.url.path
        if exc.status_code == 404:
            text = message("web.not_found", language, path=path)
        elif exc.status_code == 405:
            text = message("web.method", language, method=request.method, path=path)
        else:
            text = str(exc.detail)
        failure = WebError(exc.status_code, text, language, dict(exc.headers or {}))
        return failed(failure, asked, not path.startswith("/api/"))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        """A parameter FastAPI rejects (``limit=abc``, ``format=xml``): 400 and one line naming it."""
        asked = request.query_params.get("lang")
        language = _fallback(asked, folder)
        problems = "; ".join(
            message("web.bad_parameter", language, where=".".join(map(str, e["loc"][1:])), what=e["msg"])
            for e in exc.errors()
        )
        return failed(WebError(400, problems, language), asked, not request.url.path.startswith("/api/"))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        """A fault of passaparola's own (the server's log has the traceback): 500, in the same shape."""
        asked = request.query_params.get("lang")
        language = _fallback(asked, folder)
        text = message("web.internal", language, kind=type(exc).__name__, reason=" ".join(str(exc).split()))
        return failed(WebError(500, text, language), asked, not request.url.path.startswith("/api/"))

    Lang = Query(None, description="en or it (default: --lang, $PASSAPAROLA_LANG, the workspace's)")
    From = Query(None, alias="from", description="First local day, YYYY-MM-DD (empty: no bound)")
    To = Query(None, alias="to", description="Local day after the last, YYYY-MM-DD (empty: no bound)")
    By = Query("", description="Splits, comma-separated: platform, month, entity...")
    Limit = Query(100, ge=1, le=MAX_LIMIT, description="How many items or threads to list")
    Format = Query("json", pattern="^(json|csv)$", description="json or csv")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(lang: str | None = Lang, start: str | None = From, end: str | None = To):
        return page(pages.index, lang, start, end, data=False)

    @app.get("/metrics/{name}", response_class=HTMLResponse, include_in_schema=False)
    def metric_page(
        name: str, by: str = By, lang: str | None = Lang, start: str | None = From, end: str | None = To
    ):
        return page(lambda s: pages.metric(s, _metric(name), _splits(by)), lang, start, end)

    @app.get("/inbox", response_class=HTMLResponse, include_in_schema=False)
    def inbox_page(most_negative: bool = False, limit: int = Limit, lang: str | None = Lang):
        return page(lambda s: pages.inbox(s, limit, most_negative), lang)

    @app.get("/report", response_class=HTMLResponse, include_in_schema=False)
    def report_page(lang: str | None = Lang, start: str | None = From, end: str | None = To):
        from passaparola.report import build, html

        return page(lambda s: html.render(build(s.scope, s.language, s.ws.name)), lang, start, end)

    @app.get("/api/metrics", responses=ERRORS)
    def metrics_api(lang: str | None = Lang):
        """The metric registry, in the language asked for."""
        return api(lambda s: {"metrics": [_declaration(m, s) for m in all_metrics()]}, lang, data=False)

    @app.get("/api/metrics/{name}", responses=ERRORS)
    def metric_api(
        name: str,
        by: str = By,
        format: str = Format,
        lang: str | None = Lang,
        start: str | None = From,
        end: str | None = To,
    ):
        """One metric's rows, as ``passaparola metrics NAME --format json`` (or ``csv``) gives them."""

        def rows(session: Session) -> Any:
            metric = _metric(name)
            result = compute(metric, session.scope, _splits(by))
            frame = metrics_plain.frame(result, result.execute())
            if format == "csv":
                return Response(frame.to_csv(index=False), media_type="text/csv; charset=utf-8")
            return {"metric": metric.name, "unit": metric.unit, "rows": metrics_plain.records(frame)}

        return api(rows, lang, start, end)

    @app.get("/api/inbox", responses=ERRORS)
    def inbox_api(most_negative: bool = False, limit: int = Limit, lang: str | None = Lang):
        """What waits for the brand's answer, questions first, oldest first; or the waiting threads, most
        negative first."""
        return api(lambda s: inbox.records(s, limit, most_negative), lang)

    generated = app.openapi

    def described() -> dict[str, Any]:
        """FastAPI's description, less the 422 answers it lists: a rejected parameter is answered 400."""
        schema = generated()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
        return schema

    app.openapi = described  # type: ignore[method-assign]
    return app


def _language(asked: str | None, workspace_language: str | None) -> str:
    """The request's language: ``lang`` when given (400 when it is neither en nor it), else as the command
    line finds it (``--lang``, ``$PASSAPAROLA_LANG``, the workspace's)."""
    default = i18n.resolve(i18n.explicit(), workspace_language)
    if asked is None:
        return default
    code = asked.lower()
    if code not in i18n.LANGUAGES:
        expected = message("web.languages", default, known=", ".join(i18n.LANGUAGES))
        what = message("web.bad_parameter", default, where=f"lang {asked!r}", what=expected)
        raise WebError(400, what, default)
    return code


def _fallback(asked: str | None, folder: Path) -> str:
    """The language of an answer made outside a request's course (an unknown address, a rejected
    parameter): ``lang`` when it is one of ours, else as :func:`_language` finds it, read afresh (never
    the process's current language, which another request may have switched)."""
    if asked and asked.lower() in i18n.LANGUAGES:
        return asked.lower()
    try:
        workspace_language = workspace.load(folder).language
    except workspace.WorkspaceError:
        workspace_language = None
    return i18n.resolve(i18n.explicit(), workspace_language)


def _json(content: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON with the values ``passaparola metrics --format json`` writes: strict (no NaN), anything else
    as text."""
    from fastapi.responses import Response

    body = json.dumps(content, default=str, allow_nan=False, ensure_ascii=False)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _metric(name: str):
    try:
        return get(name)
    except MetricError as exc:
        raise WebError(404, str(exc), i18n.language()) from None


def _splits(by: str) -> list[str]:
    return [d.strip() for d in by.split(",") if d.strip()]


def _declaration(metric, session: Session) -> dict[str, object]:
    language = session.language
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
    """Run the dashboard and the API of the workspace in ``folder`` until interrupted, answering requests
    addressed to this machine's loopback names or to ``host`` (any name when ``host`` listens on every
    address)."""
    import uvicorn

    everywhere = host in ("0.0.0.0", "::", "")
    hosts = ["*"] if everywhere else ["127.0.0.1", "localhost", "::1", "[::1]", host, f"[{host}]"]
    uvicorn.run(create_app(folder, hosts), host=host, port=port, log_level="warning")
