"""The whole report on a small hand-built store: self-contained HTML with hostile author names and text
escaped, the same report as a PDF, and a real headless Chromium that opens it without console errors and
draws every chart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics.scope import Scope
from passaparola.report import build, html, pdf
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row
from tests.test_metrics_threads import TREE

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert('x')</script>"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _items() -> list[dict]:
    """The threads' hand-built tree, spread over four weeks, and a hostile author writing hostile text."""
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    spread = [dict(item, created_at=start + timedelta(days=2 * n)) for n, item in enumerate(TREE)]
    hostile = row(
        "h1",
        HOSTILE,
        text=f"{HOSTILE} @caffeaurora <img src=x onerror=alert(1)>",
        mentions=["caffeaurora"],
        author_name=HOSTILE,
        author_followers=20,
        likes=3,
        shares=1,
        replies=0,
        quotes=0,
        created_at=start + timedelta(days=3),
    )
    return [*spread, hostile]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("report")
    with Store.open(folder / "s.duckdb") as store:
        store.write(1, Batch(items=_items()))
        scope = Scope.of(store, parse_settings(CONFIG, folder / "passaparola.toml"))
        return html.render(build(scope, "en", f"Aurora {HOSTILE}"))


def test_self_contained_and_escaped(page):
    assert page.startswith("<!doctype html>")
    assert "<script" not in page.lower()  # nothing runs: hostile names and text are escaped
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in page
    assert "http://" not in page.replace("http://www.w3.org/", "")  # no external resource
    assert "https://" not in page
    assert page.count("<svg") >= 5


def test_every_section_is_there_with_findings(page):
    for key in ("overview", "media", "interactions", "dialogue", "engagement", "ugc", "voice", "audience"):
        assert f'<section id="{key}">' in page
    assert '<ul class="findings">' in page
    assert "two-way rate" in page


def test_pdf(page, tmp_path):
    target = tmp_path / "report.pdf"
    pdf.write(page, target)
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_chromium_opens_it_and_draws_every_chart(page, tmp_path):
    from playwright.sync_api import sync_playwright

    target = tmp_path / "report.html"
    target.write_text(page, encoding="utf-8")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        tab = browser.new_page()
        tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: problems.append(str(error)))
        tab.on(
            "request",
            lambda request: (
                None if request.url.startswith(("file:", "data:")) else problems.append(request.url)
            ),
        )
        tab.goto(target.as_uri())
        sizes = tab.eval_on_selector_all(
            "figure > svg",
            "nodes => nodes.map(n => [n.getBoundingClientRect().width, n.getBoundingClientRect().height])",
        )
        dialogs = tab.evaluate("() => document.querySelectorAll('script').length")
        browser.close()
    assert problems == []
    assert dialogs == 0
    assert len(sizes) >= 5 and all(width > 0 and height > 0 for width, height in sizes)
