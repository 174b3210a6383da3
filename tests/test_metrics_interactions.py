"""Who talks to whom, on the hand-built workspace of test_metrics_media plus two items; every edge is
worked out by hand below."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.roles import role_of
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, ITEMS, row

MORE = [
    # 14 the brand answers anna's item 3; its "@anna" repeats the reply's target: one edge, brand→consumer
    row("14", "caffeaurora", kind="reply", parent_id="3", text="@anna grazie", mentions=["anna"]),
    # 15 a consumer mentions someone never seen, so whose followers are unknown: consumer→public
    row("15", "luca", text="@zeta guarda", mentions=["zeta"], author_followers=5),
]
# Edges of ITEMS: 3 consumer→brand (mention); 4 consumer→brand (reply to the brand's 1);
# 5 public→competitor (share of Borealis's 9; carla's followers are unknown); 6 influencer→brand (mention);
# 7 consumer→influencer (share of dora's 6; the shared text's @caffeaurora is dora's mention, not enzo's);
# 11 consumer→brand (mention). Then 14 brand→consumer (reply) and 15 consumer→public (mention).
EXPECTED = {
    ("consumer", "brand"): 3,
    ("public", "competitor"): 1,
    ("influencer", "brand"): 1,
    ("consumer", "influencer"): 1,
    ("brand", "consumer"): 1,
    ("consumer", "public"): 1,
}


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in [*ITEMS, *MORE]]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_direction_matrix_worked_out_by_hand(scope):
    frame = compute(get("interactions"), scope, []).execute()
    got = {(r.source_role, r.target_role): r.interactions for r in frame.itertuples()}
    assert got == EXPECTED


def test_interactions_by_how_they_were_made(scope):
    frame = compute(get("interactions"), scope, ["via"]).execute()
    by_via = frame.groupby("via")["interactions"].sum().to_dict()
    assert by_via == {"mention": 4, "reply": 2, "share": 2}


def test_without_a_brand_an_entity_account_is_a_competitor_and_no_one_is_the_brand(tmp_path):
    config = {key: value for key, value in CONFIG.items() if key != "brand"}
    settings = parse_settings(config, tmp_path / "passaparola.toml")
    with Store.open(None) as store:
        store.write(1, Batch(items=[row("b1", "borealis"), row("a1", "anna", author_followers=5)]))
        items = store.table("items")
        found = items.select(
            "id",
            role=role_of(
                settings, items.platform, items.author_handle, items.author_id, items.author_followers
            ),
        ).execute()
    assert dict(zip(found.id, found.role, strict=True)) == {"b1": "competitor", "a1": "consumer"}
