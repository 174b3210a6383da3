"""The report's cascades section on the hand-built cascades of test_cascades (answers worked out there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics.scope import Scope
from passaparola.report import cascades_section
from passaparola.report.sections import Context, Svg, Table, all_sections
from passaparola.store import Batch, Store
from tests.test_cascades import ITEMS
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
