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
from tests.test_metrics_engagement import ITEMS as ENGAGEMENT_ITEMS
from tests.test_metrics_media import CONFIG, row
from tests.test_metrics_threads import TREE
from tests.test_metrics_ugc import ITEMS as UGC_ITEMS
from tests.test_report_findings import HOURS

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


def _prefixed(items: list[dict], prefix: str) -> list[dict]:
    """``items`` with their ids (and the ids they point to) prefixed, so hand-built sets do not collide."""
    keys = ("id", "parent_id", "shared_id")
    return [dict(item, **{k: f"{prefix}{item[k]}" for k in keys if item.get(k)}) for item in items]


def _items() -> list[dict]:
    """The threads' hand-built tree, spread over four weeks, a hostile author writing hostile text, and
    the engagement, UGC and hour-of-the-week samples (so every engagement chart, the heatmap included, has
    something to draw)."""
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    spread = [dict(item, created_at=start + timedelta(days=2 * n)) for n, item in enumerate(TREE)]
    samples = [
        *_prefixed(ENGAGEMENT_ITEMS, "e"),
        *_prefixed(UGC_ITEMS, "u"),
        *_prefixed(HOURS, "h"),
    ]
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
    return [*spread, hostile, *samples]


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


def test_the_heatmap_is_drawn(page):
    # the hour-of-week heatmap of the brand's posts: a rect per hour with a rate (the four hours of HOURS,
    # the engagement sample's and the hostile item's hours); its caption names the variant drawn
    figures = page.split('<figure class="chart">')
    heatmap = [
        f for f in figures if "<figcaption>When Aurora posts: Median engagement rate by followers" in f
    ]
    assert len(heatmap) == 1
    cells = heatmap[0][heatmap[0].index('aria-roledescription="rect mark container"') :]
    assert cells[: cells.index("</g>")].count('aria-roledescription="rect mark"') >= 4


def test_pdf(page, tmp_path):
    document = pdf.document(page)

    def titles(tree) -> list[str]:
        return [label for label, _, children, _ in tree for label in [label, *titles(children)]]

    # print CSS starts each section on a page of its own; headings become the PDF's bookmarks
    bookmarks = titles(document.make_bookmark_tree())
    for title in ("Overview", "Engagement", "User-generated content", "Competitors and share of voice"):
        assert title in bookmarks
    assert len(document.pages) >= 8
    target = tmp_path / "report.pdf"
    pdf.write(page, target)
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 20_000


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
        # per chart: its box, and how many marks it drew with a size (bars, cells, lines, points; a rule
        # may be flat): Vega's marks are the graphics symbols of its mark groups, a drawn SVG's its shapes
        drawn = tab.eval_on_selector_all(
            "figure > svg",
            """nodes => nodes.map(svg => {
                const box = svg.getBoundingClientRect();
                let marks = svg.querySelectorAll('.role-mark [role="graphics-symbol"]');
                if (marks.length === 0) marks = svg.querySelectorAll('path, rect, circle, line, polyline');
                const sized = [...marks].filter(m => {
                    const b = m.getBBox();
                    return b.width > 0 || b.height > 0;
                });
                return [box.width, box.height, sized.length];
            })""",
        )
        dialogs = tab.evaluate("() => document.querySelectorAll('script').length")
        browser.close()
    assert problems == []
    assert dialogs == 0
    assert len(drawn) >= 10
    assert all(width > 0 and height > 0 and marks > 0 for width, height, marks in drawn), drawn
