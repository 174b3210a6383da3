"""Generated reference pages are committed up to date (definitions are written once, in the code)."""

from __future__ import annotations

from pathlib import Path

from passaparola.canonical import ENRICHED_COLUMNS, ITEM_COLUMN_DOCS, ITEM_COLUMNS
from passaparola.reference import PAGES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_column_is_documented():
    assert set(ITEM_COLUMN_DOCS) == {*ITEM_COLUMNS, *ENRICHED_COLUMNS}


def test_committed_pages_are_current():
    for name, render in PAGES.items():
        assert (DOCS / name).read_text(encoding="utf-8") == render(), (
            f"docs/{name} is stale: run `python -m passaparola.reference docs/`"
        )
