"""Share cascades on hand-built trees whose answers are worked out below (the structure on plain arrays,
then every measure through the store)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import orjson
import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.cascades import cascades, tree_shape
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, JAN, row


def test_path_of_four():
    # 0 ← 1 ← 2 ← 3: depths 0..3, subtree sizes 4, 3, 2, 1
    root, depth, subtree, cycle = tree_shape(np.array([-1, 0, 1, 2]))
    assert root.tolist() == [0, 0, 0, 0] and depth.tolist() == [0, 1, 2, 3]
    assert subtree.tolist() == [4, 3, 2, 1] and not cycle.any()


def test_star_of_four():
    # 0 with children 1, 2, 3: subtree sizes 4, 1, 1, 1
    root, depth, subtree, _ = tree_shape(np.array([-1, 0, 0, 0]))
    assert root.tolist() == [0, 0, 0, 0] and depth.tolist() == [0, 1, 1, 1]
    assert subtree.tolist() == [4, 1, 1, 1]


def test_children_listed_before_parents():
    # node 0 hangs from 2, which hangs from 1 (the root): 1 ← 2 ← 0
    root, depth, subtree, _ = tree_shape(np.array([2, -1, 1]))
    assert root.tolist() == [1, 1, 1] and depth.tolist() == [2, 0, 1] and subtree.tolist() == [1, 3, 2]


def test_cycles_are_cut_and_their_subtrees_kept():
    # 0 ↔ 1 is a cycle, 2 hangs from 1, 3 is alone, 4 is its own parent (a self-loop)
    root, depth, subtree, cycle = tree_shape(np.array([1, 0, 1, -1, 4]))
    assert cycle.tolist() == [True, True, False, False, True]
    assert root.tolist() == [0, 1, 1, 3, 4] and depth.tolist() == [0, 0, 1, 0, 0]
    assert subtree.tolist() == [1, 2, 1, 1, 1]


def test_a_long_cycle_does_not_hang_and_a_deep_chain_resolves():
    ring = np.roll(np.arange(100_000), 1)  # i's parent is i-1, and 0's is 99,999: one cycle
    _, _, _, cycle = tree_shape(ring)
    assert cycle.all()
    chain = np.arange(-1, 9_999)  # a path of 10,000: i's parent is i-1
    root, depth, subtree, _ = tree_shape(chain)
    assert (root == 0).all() and depth[-1] == 9_999 and subtree[0] == 10_000 and subtree[-1] == 1


def at(minutes: float):
    return JAN + timedelta(minutes=minutes)


def explicit(parent: str) -> str:
    return orjson.dumps({"cascade_parent": parent}).decode()


ITEMS = [
    # P, a path of 4 with explicit parents (as Twitter15/16 give them), stored children first:
    #   p1 ← p2 ← p3 ← p4; W = Σ s(n−s) over the edges = 3·1 + 2·2 + 1·3 = 10; ν = 2·10/(4·3) = 1.667
    #   shares at 10, 20, 40 minutes: half of the 3 shares (the ⌈3/2⌉ = 2nd) at 20, the last at 40
    #   sharers bruno (50 then 60 followers: 60) and carla (unknown): reach 60, 1 unknown
    row(
        "p4",
        "bruno",
        kind="share",
        shared_id="p1",
        extra=explicit("p3"),
        created_at=at(40),
        author_followers=60,
    ),
    row("p3", "carla", kind="share", shared_id="p1", extra=explicit("p2"), created_at=at(20)),
    row(
        "p2",
        "bruno",
        kind="share",
        shared_id="p1",
        extra=explicit("p1"),
        created_at=at(10),
        author_followers=50,
    ),
    row("p1", "anna", author_followers=1000),
    # S, a star of 4 as X/Twitter v1.1 gives it (every retweet credited to the original):
    #   W = 3 edges · 1·3 = 9; ν = 2·9/(4·3) = 1.5; shares at 5, 15, 25: half at 15, duration 25
    #   reach 10 + 20 + 30 = 60; a reply r1 joins only when replies are asked for
    row("s1", "dora", author_followers=5),
    row("s2", "enzo", kind="share", shared_id="s1", created_at=at(5), author_followers=10),
    row("s3", "fede", kind="share", shared_id="s1", created_at=at(15), author_followers=20),
    row("s4", "gina", kind="quote", shared_id="s1", created_at=at(25), author_followers=30),
    row("r1", "ivo", kind="reply", parent_id="s1", created_at=at(50), author_followers=40),
    # N, nested: q2 quotes q1 and q3 shares the quote: a path of 3, W = 2·1 + 1·2 = 4, ν = 2·4/(3·2) = 1.333;
    #   q3's time is unknown, so the timing is unknown (null), not zero
    row("q1", "anna"),
    row("q2", "bruno", kind="quote", shared_id="q1", created_at=at(3)),
    row("q3", "carla", kind="share", shared_id="q2", created_at=None),
    # O: two shares of o1, which is not in the store: the cascade is kept, rooted at o1, an orphan
    row("o2", "enzo", kind="share", shared_id="o1", author_followers=10),
    row("o3", "fede", kind="share", shared_id="o1", author_followers=20),
    # C, bad data: c1 and c2 name each other as parent; c3 hangs from c2. The cycle is cut: c2 heads
    #   {c2, c3} (flagged cycle) and c1 is alone (one item: no cascade)
    row("c1", "enzo", kind="share", extra=explicit("c2")),
    row("c2", "fede", kind="share", extra=explicit("c1")),
    row("c3", "gina", kind="share", extra=explicit("c2")),
    # M: one explicit link and one from shared_id: mixed; a single share is a path of 2, ν = 2·1/(2·1) = 1
    row("m1", "anna"),
    row("m2", "bruno", kind="share", shared_id="m1", extra=explicit("m1")),
    row("m3", "carla", kind="share", shared_id="m1"),
    # a post nobody shared is no cascade
    row("alone", "anna"),
]


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def by_root(scope: Scope, replies: bool = False) -> dict:
    frame = cascades(scope, replies).execute()
    return {r.root: r for r in frame.itertuples()}


def test_every_measure_of_a_path_and_a_star(scope):
    found = by_root(scope)
    assert set(found) == {"p1", "s1", "q1", "o1", "c2", "m1"}
    p, s = found["p1"], found["s1"]
    assert (p.size, p.depth, p.max_breadth, p.wiener, p.reconstruction) == (4, 3, 1, 10, "explicit")
    assert p.virality == pytest.approx(20 / 12)
    assert (p.minutes_to_half, p.duration_minutes) == (20, 40)
    assert (p.sharers, p.reach, p.reach_unknown) == (2, 60, 1)
    assert (s.size, s.depth, s.max_breadth, s.wiener, s.reconstruction) == (4, 1, 3, 9, "star")
    assert s.virality == pytest.approx(1.5)
    assert (s.minutes_to_half, s.duration_minutes) == (15, 25)
    assert (s.sharers, s.reach, s.reach_unknown) == (3, 60, 0)
    assert not p.orphan and not p.cycle and p.created_at == JAN


def test_nested_orphan_cycle_and_mixed_cascades(scope):
    found = by_root(scope)
    q, o, c, m = found["q1"], found["o1"], found["c2"], found["m1"]
    assert (q.size, q.depth, q.wiener, q.reconstruction) == (3, 2, 4, "nested")
    assert q.virality == pytest.approx(8 / 6)
    assert q.minutes_to_half is None or np.isnan(q.minutes_to_half)  # a member's time is unknown
    assert (o.size, o.reconstruction, o.orphan) == (3, "star", True)
    assert (c.size, c.cycle, c.virality) == (2, True, 1.0)
    assert (m.size, m.reconstruction) == (3, "mixed")


def test_replies_join_only_when_asked(scope):
    assert by_root(scope)["s1"].size == 4
    with_replies = by_root(scope, replies=True)["s1"]
    # star of 5: W = 4 · 1·4 = 16; ν = 2·16/(5·4) = 1.6; reach 60 + 40
    assert (with_replies.size, with_replies.wiener, with_replies.reach) == (5, 16, 100)
    assert with_replies.virality == pytest.approx(1.6)


def test_registry_metrics(scope):
    virality = compute(get("structural_virality"), scope, []).execute().iloc[0]
    # 6 cascades: ν = 1.667, 1.5, 1.333, 1.5 (orphan star of 3: W = 2·1·2 = 4, 8/6 = 1.333), 1, 1.333 (m1
    # is a star of 3, like o1)
    assert virality.cascades == 6
    assert virality.max_virality == pytest.approx(20 / 12)
    assert virality.mean_virality == pytest.approx((20 / 12 + 1.5 + 8 / 6 + 8 / 6 + 1 + 8 / 6) / 6)
    reach = compute(get("cascade_reach"), scope, []).execute().iloc[0]
    # reach: P 60, S 60, O 30; unknown: P carla, Q bruno and carla, C gina, M bruno and carla
    assert reach.reach == 150 and reach.sharers_unknown_followers == 6
    sized = compute(get("cascades"), scope, ["platform"]).execute().iloc[0]
    assert (sized.cascades, sized.max_size, sized.max_depth, sized.max_breadth) == (6, 4, 3, 3)


def test_a_window_keeps_cascades_whose_original_is_inside(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    later = Scope.of(store, settings, start=(JAN + timedelta(days=1)).date())
    assert compute(get("cascades"), later, []).execute().iloc[0].cascades == 0
    store.close()


def test_an_expression_built_earlier_keeps_its_own_cascades(scope):
    # two computations on one connection: the first, executed last, must still see only its own store
    first = cascades(scope)
    scope.all_items._find_backend().con.execute("DELETE FROM items WHERE id LIKE 'p%'")
    second = cascades(scope)
    assert "p1" not in set(second.execute().root)
    assert "p1" in set(first.execute().root)
