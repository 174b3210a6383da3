"""The web dashboard and the REST API (``passaparola serve``): the same rows as the command line, the
pages in both languages, and every bad request answered with a status and one line, never a traceback
and never a write."""

from __future__ import annotations

import hashlib
import json
import math
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from passaparola.cli import app
from passaparola.metrics import all_metrics, get
from passaparola.metrics.scope import Scope
from passaparola.metrics.sentiment import unanswered
from tests.conftest import demo_workspace

fastapi = pytest.importorskip("fastapi", reason="the [web] extra is not installed")
httpx = pytest.importorskip("httpx", reason="the dev extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from passaparola.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return demo_workspace(tmp_path_factory.mktemp("web"), 1_500, seed=3)


@pytest.fixture(scope="module")
def client(workspace):
    return TestClient(create_app(workspace.root))


def _cli_json(workspace, *args: str) -> dict:
    result = CliRunner().invoke(app, ["metrics", *args, "--format", "json", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("name", "by", "window"),
    [
        ("media_share", "platform", ()),
        ("response_rate", "month", ("2025-10-01", "2026-03-01")),
        ("engagement", "", ("2026-01-01", None)),
        ("net_sentiment", "quarter", ()),
    ],
)
def test_the_api_gives_the_rows_of_the_command_line(workspace, client, name, by, window):
    params = {"by": by, "lang": "en"}
    args = [name, "--by", by] if by else [name]
    for key, value in zip(("from", "to"), window, strict=False):
        if value:
            params[key] = value
            args += [f"--{key}", value]
    answer = client.get(f"/api/metrics/{name}", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.json() == _cli_json(workspace, *args)
    assert answer.json()["rows"], "the demo workspace has rows for every one of these"


def _close(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_every_metric_gives_the_rows_of_the_command_line_and_a_page(workspace, client):
    """All of the registry: the API's JSON is the command line's (a mean summed in another order may
    differ in its last digit), and every metric's page is shown."""
    for metric in all_metrics():
        window = {"from": "2025-11-01", "to": "2026-05-01"}
        answer = client.get(f"/api/metrics/{metric.name}", params={**window, "lang": "en"})
        expected = _cli_json(workspace, metric.name, "--from", window["from"], "--to", window["to"])
        assert answer.status_code == 200 and _close(answer.json(), expected), metric.name
        page = client.get(f"/metrics/{metric.name}", params={**window, "lang": "it"})
        assert page.status_code == 200 and f"<h1>{metric.title('it')}" in page.text.replace("&#x27;", "'")


def test_csv_holds_the_same_rows_as_json(client):
    rows = client.get("/api/metrics/engagement", params={"by": "platform"}).json()["rows"]
    csv = client.get("/api/metrics/engagement", params={"by": "platform", "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0].split(",") == list(rows[0])
    assert len(lines) == len(rows) + 1
    assert lines[1].split(",")[0] == rows[0]["platform"]


def test_the_registry_in_both_languages(client):
    english = client.get("/api/metrics", params={"lang": "en"}).json()["metrics"]
    italian = client.get("/api/metrics", params={"lang": "it"}).json()["metrics"]
    assert [m["name"] for m in english] == [m.name for m in all_metrics()]
    for shown, metric in zip(italian, all_metrics(), strict=True):
        assert shown["title"] == metric.title("it") and shown["definition"] == metric.definition("it")
        assert shown["dimensions"] == list(metric.dimensions)
    assert english[0]["title"] == all_metrics()[0].title("en") != italian[0]["title"]


def test_the_index_links_every_metric(client):
    page = client.get("/", params={"lang": "it"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for metric in all_metrics():
        assert f'href="/metrics/{metric.name}?lang=it"' in page.text
        assert metric.title("it").replace("'", "&#x27;") in page.text
    assert "Metriche" in page.text and "In attesa di risposta" in page.text


def test_a_metric_page_shows_the_declared_titles_values_and_splits(client):
    metric = get("response_rate")
    page = client.get("/metrics/response_rate", params={"by": "platform", "lang": "en"}).text
    rows = client.get("/api/metrics/response_rate", params={"by": "platform", "lang": "en"}).json()["rows"]
    assert f"<h1>{metric.title('en')}</h1>" in page
    assert metric.definition("en") in page
    assert "<th>Platform</th>" in page and "Response rate (within horizon)" in page
    first = rows[0]
    assert f"{first['response_rate']:.1%}" in page, "a share is shown as a percentage"
    assert page.count("<tr>") == len(rows) + 1
    for dimension in metric.dimensions:
        assert f"by={dimension}" in page
    assert '<a class="on" href="/metrics/response_rate?lang=en&amp;by=platform">' in page
    assert "/api/metrics/response_rate?lang=en&amp;by=platform&amp;format=csv" in page
    assert "<svg" in page, "the chart of its main value"


def test_the_window_form_keeps_the_page_and_its_split(client):
    page = client.get("/metrics/items", params={"by": "month", "from": "2026-01-01", "lang": "en"}).text
    assert '<form method="get" action="/metrics/items">' in page
    assert '<input type="hidden" name="by" value="month">' in page
    assert '<input name="from" value="2026-01-01"' in page
    assert "2025-12-01" not in page, "months before the window are not shown"


def test_the_inbox_matches_the_care_definition(workspace, client):
    answer = client.get("/api/inbox", params={"limit": 1000}).json()
    with workspace.open_store(read_only=True) as store:
        expected = unanswered(Scope.of(store, workspace.settings), workspace.settings.brand).count().execute()
    assert answer["entity"] == workspace.settings.brand.name and answer["total"] == expected
    items = answer["items"]
    assert len(items) == min(expected, 1000)
    keys = [(not item["question"], item["created_at"]) for item in items]
    assert keys == sorted(keys), "questions first, then oldest first"
    assert all(item["created_at"].endswith("+00:00") for item in items), "times in UTC"
    assert len(client.get("/api/inbox", params={"limit": 3}).json()["items"]) == 3


def test_the_waiting_threads_come_most_negative_first(client):
    threads = client.get("/api/inbox", params={"most_negative": "true", "limit": 1000}).json()["threads"]
    scored = [t["negativity"] for t in threads if not t["unscored"]]
    assert scored == sorted(scored) and scored
    assert all(t["unscored"] for t in threads[len(scored) :]), "threads without a score come last"


def test_the_inbox_page_links_each_text_to_its_item(client):
    page = client.get("/inbox", params={"lang": "en", "limit": 20}).text
    assert "items wait for an answer from Caffè Aurora" in page
    assert page.count('rel="noreferrer"') > 0
    assert "javascript:" not in page
    threads = client.get("/inbox", params={"lang": "it", "most_negative": "true"}).text
    assert "Punteggio medio" in threads


@pytest.mark.parametrize(
    ("url", "status", "english", "italian"),
    [
        ("/api/metrics/nope", 404, "unknown metric 'nope'", "metrica sconosciuta 'nope'"),
        ("/api/metrics/engagement?by=role,month,week", 400, "one period at most", "un solo periodo"),
        (
            "/api/metrics/items?by=media",
            400,
            "cannot be split by 'media'",
            "non si può suddividere per 'media'",
        ),
        ("/api/metrics/items?from=2026-02-30", 400, "from '2026-02-30': expected a date", "attesa una data"),
        (
            "/api/metrics/items?from=2026-02-01&to=2026-01-01",
            400,
            "from 2026-02-01 is not before to",
            "non precede",
        ),
        ("/api/inbox?limit=0", 400, "parameter limit:", "parametro limit:"),
        ("/api/inbox?limit=abc", 400, "parameter limit:", "parametro limit:"),
        ("/api/metrics/items?format=xml", 400, "parameter format:", "parametro format:"),
    ],
)
def test_a_bad_request_gets_a_status_and_one_line_in_its_language(client, url, status, english, italian):
    for language, expected in (("en", english), ("it", italian)):
        answer = client.get(f"{url}{'&' if '?' in url else '?'}lang={language}")
        assert answer.status_code == status
        assert expected in answer.json()["error"] and "\n" not in answer.json()["error"]
        if "format=" in url:  # a page has no format
            continue
        page = client.get(url.replace("/api", "", 1) + f"{'&' if '?' in url else '?'}lang={language}")
        assert page.status_code == status
        assert expected.replace("'", "&#x27;") in page.text and "Traceback" not in page.text
        assert f'<html lang="{language}">' in page.text


def test_an_unknown_address_or_method_gets_the_same_error_shape(client):
    answer = client.get("/api/nothing/here", params={"lang": "it"})
    assert answer.status_code == 404 and answer.json() == {
        "error": "nessuna pagina a questo indirizzo: '/api/nothing/here'"
    }
    page = client.get("/nothing", params={"lang": "en"})
    assert (
        page.status_code == 404 and "no such page: &#x27;/nothing&#x27;" in page.text and "<html" in page.text
    )
    refused = client.delete("/api/metrics", params={"lang": "en"})
    assert refused.status_code == 405 and refused.headers["allow"] == "GET"
    assert refused.json()["error"] == "'/api/metrics' does not take DELETE: the dashboard only reads (GET)"


def test_the_api_description_lists_the_answers_it_gives(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths) == {"/api/metrics", "/api/metrics/{name}", "/api/inbox"}, "the pages are not API"
    for operations in paths.values():
        assert set(operations["get"]["responses"]) == {"200", "400", "404", "503"}


def test_an_unknown_language_is_a_bad_request(client):
    answer = client.get("/api/metrics", params={"lang": "fr"})
    assert answer.status_code == 400 and "lang 'fr'" in answer.json()["error"]
    assert client.get("/", params={"lang": "fr"}).status_code == 400


def test_a_busy_store_answers_503_and_the_next_request_works(workspace, client):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from passaparola.store import Store\n"
            "with Store.open(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)",
            str(workspace.store_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        answer = client.get("/api/metrics/items", params={"lang": "en"})
        assert answer.status_code == 503
        assert "the store cannot be read now" in answer.json()["error"]
        assert client.get("/metrics/items").status_code == 503
    finally:
        holder.kill()
        holder.wait()
    assert client.get("/api/metrics/items").status_code == 200


def test_pages_run_no_script_and_escape_what_they_are_given(client):
    hostile = '"><script>alert(1)</script>'
    for url in ("/", "/metrics/items"):
        page = client.get(url, params={"from": hostile, "lang": "en"})
        assert page.status_code == 400 and "<script>" not in page.text
        assert "script-src" not in page.headers["content-security-policy"]
        assert "default-src 'none'" in page.headers["content-security-policy"]
    page = client.get("/metrics/items", params={"by": hostile})
    assert page.status_code == 400 and "<script>" not in page.text
    assert "<script" not in client.get("/", params={"lang": "en"}).text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["items", "media_share", "threads", "x"]) | st.text(max_size=12),
    by=st.text(max_size=20),
    start=st.none() | st.text(max_size=12),
    lang=st.none() | st.sampled_from(["en", "it", "IT", "de"]) | st.text(max_size=4),
)
def test_no_query_string_makes_a_server_error(client, name, by, start, lang):
    params = {key: value for key, value in (("by", by), ("from", start), ("lang", lang)) if value is not None}
    answer = client.get(f"/api/metrics/{quote(name, safe='')}", params=params)
    assert answer.status_code in (200, 400, 404), answer.text
    if answer.status_code != 200:
        assert answer.json()["error"]


def test_an_edit_of_the_configuration_applies_at_the_next_request(tmp_path):
    workspace = demo_workspace(tmp_path / "edited", 300, seed=4)
    client = TestClient(create_app(workspace.root))
    config = workspace.config_path.read_text(encoding="utf-8")
    assert "Caffè Aurora (demo)" in client.get("/", params={"lang": "en"}).text
    workspace.config_path.write_text(
        config.replace("Caffè Aurora (demo)", "Aurora renamed"), encoding="utf-8"
    )
    assert "Aurora renamed" in client.get("/", params={"lang": "en"}).text
    workspace.config_path.write_text("[workspace\n", encoding="utf-8")
    answer = client.get("/api/metrics/items")
    assert answer.status_code == 503 and "passaparola.toml" in answer.json()["error"]
    without_brand = config[: config.index("[brand]")] + config[config.index("[[competitors]]") :]
    workspace.config_path.write_text(without_brand, encoding="utf-8")
    assert client.get("/api/metrics/items").status_code == 200
    answer = client.get("/api/inbox", params={"lang": "en"})
    assert answer.status_code == 400 and "the inbox needs a [brand]" in answer.json()["error"]
    workspace.store_path.rename(workspace.store_path.with_suffix(".moved"))
    answer = client.get("/api/metrics/items", params={"lang": "en"})
    assert answer.status_code == 503 and "no store here" in answer.json()["error"]
    assert "import ends" not in answer.json()["error"], "only a store held by an import is busy"
    assert client.get("/api/metrics", params={"lang": "en"}).status_code == 200, "the registry needs no store"


def test_nothing_is_written(workspace, client):
    """The store's file is the same, byte for byte, after every kind of request."""
    before = hashlib.sha256(workspace.store_path.read_bytes()).hexdigest()
    for url in ("/", "/metrics/items?by=platform", "/inbox", "/api/inbox", "/api/metrics/threads?by=month"):
        assert client.get(url).status_code == 200
    assert client.post("/api/metrics/items").status_code == 405
    assert hashlib.sha256(workspace.store_path.read_bytes()).hexdigest() == before


def test_empty_fields_of_the_window_form_are_no_bound(client):
    """The form sends both fields, empty or not: ?from=&to= is the whole store, as no window is."""
    whole = client.get("/api/metrics/items", params={"lang": "en"}).json()
    assert client.get("/api/metrics/items", params={"from": "", "to": "", "lang": "en"}).json() == whole
    page = client.get("/metrics/items", params={"from": "2026-01-01", "to": "", "lang": "en"})
    assert page.status_code == 200 and '<input name="from" value="2026-01-01"' in page.text


def test_requests_are_checked_against_the_hosts_served(workspace):
    """Against DNS rebinding: a page elsewhere cannot make the browser read the dashboard under its own
    name."""
    app_ = create_app(workspace.root, hosts=["127.0.0.1", "localhost"])
    assert TestClient(app_, base_url="http://127.0.0.1:8000").get("/api/metrics").status_code == 200
    assert TestClient(app_, base_url="http://attacker.example").get("/api/metrics").status_code == 400


def test_a_fault_of_passaparola_is_a_500_in_the_same_shape(workspace, monkeypatch):
    from passaparola.web import pages

    def broken(session):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(pages, "index", broken)
    faulty = TestClient(create_app(workspace.root), raise_server_exceptions=False)
    page = faulty.get("/", params={"lang": "en"})
    assert page.status_code == 500
    assert "passaparola failed on this request (RuntimeError: boom second line)" in page.text
    assert "Traceback" not in page.text


def test_hostile_item_texts_and_links_are_shown_as_text(tmp_path):
    workspace = demo_workspace(tmp_path / "hostile", 150, seed=6)
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "id,author,created_at,text,url\n"
        '990001,"<img src=x onerror=alert(1)>",2026-08-30T10:00:00Z,'
        '"@caffeaurora <script>alert(1)</script> come posso?",javascript:alert(1)\n',
        encoding="utf-8",
    )
    mapping = [f"--map={m}" for m in ("id=id", "author_handle=author", "author_id=author")]
    mapping += [f"--map={m}" for m in ("created_at=created_at", "text=text", "url=url")]
    imported = CliRunner().invoke(
        app, ["import", str(hostile), "--platform", "twitter", *mapping, "-w", str(workspace.root)]
    )
    assert imported.exit_code == 0, imported.output
    client = TestClient(create_app(workspace.root))
    items = client.get("/api/inbox", params={"limit": 1000}).json()["items"]
    [item] = [i for i in items if i["id"] == "990001"]
    assert item["text"] == "@caffeaurora <script>alert(1)</script> come posso?", (
        "the API gives the data as it is"
    )
    page = client.get("/inbox", params={"limit": 1000, "lang": "en"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script" not in page and "<img" not in page and 'href="javascript:' not in page
    report = client.get("/report", params={"lang": "en"})
    assert report.status_code == 200 and "<script" not in report.text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_over_http_until_stopped(workspace):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from passaparola.cli import main; main()", "serve", "--port", str(port)],
        cwd=workspace.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/metrics/items", params={"by": "platform"})
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer in 10 s")
        assert answer.status_code == 200 and answer.json()["metric"] == "items"
    finally:
        server.terminate()
        out, err = server.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in out
    assert "Traceback" not in err


def test_serve_names_the_missing_extra(workspace, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    result = CliRunner().invoke(app, ["--lang", "en", "serve", "-w", str(workspace.root)])
    assert result.exit_code == 2
    assert "needs the [web] extra: pip install 'passaparola[web]' (missing: uvicorn)" in result.output


def test_serve_says_in_one_line_when_the_port_is_taken(workspace):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            app, ["--lang", "en", "serve", "--port", str(port), "-w", str(workspace.root)]
        )
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}:" in result.output and "Traceback" not in result.output
