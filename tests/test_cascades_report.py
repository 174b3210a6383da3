"""The report's cascades section on the hand-built cascades of test_cascades (answers worked out there)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics.scope import Scope
from passaparola.report import cascades_section
from passaparola.report.cascade_tree import MAX_DRAWN, cascade_svg, svg_caption
from passaparola.report.sections import Context, Paragraph, Svg, Table, all_sections
from passaparola.store import Batch, Store
from tests.test_cascades import DATED, ITEMS
from tests.test_metrics_media import CONFIG


@pytest.fixture
def context(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Context(Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml")), "en")
    store.close()


def test_the_section_is_registered_and_claims_its_family():
    sections = {section.key: section for section in all_sections()}
    assert sections["cascades"].families == ("cascades",)
    assert not any(s.key != "cascades" and "cascades" in s.families for s in sections.values())


def test_findings(context):
    sentences = [context.text(f) for f in cascades_section._findings(context)]
    # 6 cascades: ν = 1.667, 1.5, 1.333, 1.333, 1, 1.333 -> mean 8.167 / 6 = 1.36; the highest 1.67.
    # Stars: s1, o1 and m1? m1 is mixed; s1 and o1 are stars: 2 of 6 = 33.3%
    assert sentences[0] == "6 share cascades; their mean structural virality is 1.36, the highest 1.67."
    assert sentences[1].startswith("33.3% of them are stars")


def test_blocks_show_the_top_table_and_draw_the_most_viral(context):
    blocks = cascades_section._render(context)
    table = next(b for b in blocks if isinstance(b, Table) and b.columns[0] == "Original")
    assert [row[0] for row in table.rows][:2] == ["p1", "s1"]  # ν 1.667, then 1.5 (larger than o1's 1.333)
    drawing = next(b for b in blocks if isinstance(b, Svg))
    assert drawing.markup.count("<circle") == 4 and "p1" in drawing.caption


def test_every_column_of_the_family_has_an_italian_title(context):
    italian = Context(context.scope, "it")
    for metric in italian.metrics("cascades"):
        for column in italian.table(metric.name).columns:
            assert italian.column_title(column, metric) != column.replace("_", " "), (metric.name, column)


def test_cascades_without_a_known_time_are_said_to_be_left_out_of_a_window(tmp_path: Path):
    # DATED (test_cascades): d1 and x1 started in January, t1 has no known time at all
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in DATED]))
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    windowed = Context(Scope.of(store, settings, date(2026, 1, 1), date(2026, 2, 1)), "en")
    sentences = [windowed.text(f) for f in cascades_section._findings(windowed)]
    assert sentences[0].startswith("2 share cascades;")
    assert sentences[-1].startswith("1 cascade has no known time")
    notes = [b.text for b in cascades_section._render(windowed) if isinstance(b, Paragraph)]
    assert any(note.startswith("1 cascade has no known time") for note in notes)
    whole = Context(Scope.of(store, settings), "it")  # no window: t1 is counted, nothing is left out
    assert next(whole.text(f) for f in cascades_section._findings(whole)).startswith("3 cascate")
    assert not any("nessuna data" in whole.text(f) for f in cascades_section._findings(whole))
    store.close()


def test_the_caption_says_how_many_items_are_drawn(context):
    assert svg_caption(context.t, "r", 4) == "Share cascade of r (4 items)"
    big = MAX_DRAWN + 1_000  # a star of 6,000: only the first 5,000 are drawn, and the caption says so
    assert svg_caption(context.t, "r", big) == (
        "Share cascade of r (6,000 items; the first 5,000 in breadth-first order are drawn)"
    )
    italian = Context(context.scope, "it")
    assert svg_caption(italian.t, "r", big) == (
        "Cascata di condivisioni di r (6.000 elementi; disegnati i primi 5.000 per livello)"
    )
    drawing = cascade_svg([str(i) for i in range(big)], [None] + ["0"] * (big - 1), "c")
    assert drawing.count("<circle") == MAX_DRAWN
