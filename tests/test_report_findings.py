"""Report findings on tiny hand-built stores, every number worked out by hand in a comment; numbers and
unknowns as the report shows them; the generic section of a family no section claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import all_metrics
from passaparola.metrics.scope import Scope
from passaparola.report import builtin, formatting
from passaparola.report.sections import Context, all_sections
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG
from tests.test_metrics_media import ITEMS as MEDIA_ITEMS
from tests.test_metrics_threads import TREE


def _context(tmp_path: Path, items: list[dict], language: str) -> tuple[Store, Context]:
    store = Store.open(tmp_path / f"{language}.duckdb")
    store.write(1, Batch(items=[dict(item) for item in items]))
    return store, Context(Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml")), language)


@pytest.fixture
def tree(tmp_path: Path):
    store, context = _context(tmp_path, TREE, "en")
    yield context
    store.close()


@pytest.fixture
def media(tmp_path: Path):
    store, context = _context(tmp_path, MEDIA_ITEMS, "it")
    yield context
    store.close()


def test_dialogue_findings(tree):
    # threads the brand joined: a1 (two-way: the brand answered anna, anna answered the brand) and b2 (the
    # brand answered dora, nobody answered the brand): 1 of 2 = 50%.
    # inbound to Aurora: a2 and a5 (replies to the brand's a1) and a4 (reply to the brand's a3); only a2
    # was answered (by a3): 1 of 3 = 33.3%. Borealis has no inbound item, so no rate to compare.
    # a3 answered a2 at the same instant: 0 hours; Borealis answered nothing: unknown, not 0.
    assert builtin._dialogue_findings(tree) == [
        "50.0% of the threads the brand joined are two-way (two-way rate: 1 of 2).",
        "Aurora answers 33.3% of inbound items within 7 days (response rate within the horizon).",
        "Median first-response time of Aurora: 0.0 h elapsed (0.0 h in business hours); competitors "
        "(elapsed): Borealis n/a.",
    ]


def test_overview_findings(tree):
    # 11 items, all on 10 January 2026 (12:00 UTC, 13:00 in Rome), all on twitter; the brand wrote a1, a3
    # and b3 (3 of 11 = 27.3%), public authors the other 8 (72.7%).
    assert builtin._overview_findings(tree) == [
        "11 items from 2026-01-10 to 2026-01-10 (Europe/Rome); platforms: 1.",
        "The public (consumers, influencers and authors of unknown reach) wrote 72.7% of the items; the "
        "brand's accounts 27.3%.",
    ]


def test_media_findings_in_italian(media):
    # Aurora: owned 1, 12, 13; paid 2, 6, 11; earned 3, 4, 7, 8: 4 of 10 earned (40%), 3 owned, 3 paid.
    # Borealis: owned 9, earned 5: 1 of 2 earned (50%), the highest earned share among competitors.
    assert builtin._media_findings(media) == [
        "Dei media su Aurora, il 40,0% è guadagnato, il 30,0% di proprietà e il 30,0% a pagamento "
        "(quota di elementi).",
        "Quota di media guadagnati: Borealis arriva al 50,0%, Aurora al 40,0%.",
    ]


def test_no_items_is_said_plainly(tmp_path):
    store, context = _context(tmp_path, [], "en")
    assert builtin._overview_findings(context) == ["There are no items in this period."]
    store.close()


@pytest.mark.parametrize(
    ("value", "language", "kind", "shown"),
    [
        (None, "en", "share", "n/a"),
        (float("nan"), "it", "hours", "n.d."),
        (0.0, "en", "count", "0"),  # a known zero stays zero
        (0.125, "it", "share", "12,5%"),
        (0.0000417, "en", "share", "0.0042%"),  # two significant digits under 1%
        (12345, "it", "count", "12.345"),
        (1234.5, "en", "number", "1,234.50"),
        (14.06, "en", "hours", "14.1 h"),
    ],
)
def test_values_as_shown(value, language, kind, shown):
    assert formatting.value(value, language, kind) == shown


def test_every_family_without_a_section_gets_a_generic_one():
    sections = all_sections()
    claimed = {family for section in sections for family in section.families}
    families = {metric.family for metric in all_metrics()}
    assert families <= claimed  # every family with metrics is shown, by its own section or a generic one
    built_in = ["overview", "media", "interactions", "dialogue", "engagement", "ugc", "voice", "audience"]
    keys = [section.key for section in sections]
    assert [key for key in keys if key in built_in] == built_in
    for family in families - {f for s in sections if not s.key.startswith("family-") for f in s.families}:
        assert f"family-{family}" in keys
