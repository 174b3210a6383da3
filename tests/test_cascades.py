"""Share cascades on hand-built trees whose answers are worked out below (the structure on plain arrays,
then every measure through the store)."""

from __future__ import annotations

import gc
from datetime import timedelta
from pathlib import Path

import numpy as np
import orjson
import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.cascades import cascades, in_window
from passaparola.metrics.scope import Scope
from passaparola.metrics.trees import preorder, tree_shape
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


def test_depth_first_numbers_make_every_subtree_a_range():
    # 0 has children 1 and 2; 1 has 3 and 4; 2 has 5; 6 is a second tree with child 7.
    # Subtrees 6, 3, 2, 1, 1, 1 | 2, 1. Tree 0 takes numbers 0-5: 0; 1 (then its 3 → 2, 4 → 3); 2 → 1 + 3 = 4
    # (after 1's subtree of 3), 5 → 5. Tree 6 starts after tree 0's 6 items: 6 → 6, 7 → 7.
    parent = np.array([-1, 0, 0, 1, 1, 2, -1, 6])
    _, depth, subtree, _ = tree_shape(parent)
    pre = preorder(parent, depth, subtree)
    assert pre.tolist() == [0, 1, 4, 2, 3, 5, 6, 7]
    # the items below 1 are those numbered 2 to 1 + 3 − 1 = 3: items 3 and 4
    assert sorted(np.flatnonzero((pre > pre[1]) & (pre < pre[1] + subtree[1])).tolist()) == [3, 4]


def test_depth_first_numbers_with_children_listed_first_and_a_cut_cycle():
    # 1 ← 2 ← 0 (children before parents), and 3 ↔ 4 a cycle: cut, each heads its own tree
    parent = np.array([2, -1, 1, 4, 3])
    _, depth, subtree, cycle = tree_shape(parent)
    pre = preorder(np.where(cycle, -1, parent), depth, subtree)
    assert pre.tolist() == [2, 0, 1, 3, 4]


def at(minutes: float):
    return JAN + timedelta(minutes=minutes)


def explicit(parent: str) -> str:
    return orjson.dumps({"cascade_parent": parent}).decode()


ITEMS = [
    # P, a path of 4 with explicit parents (as Twitter15/16 give them), stored children first:
    #   p1 ← p2 ← p3 ← p4; W = Σ s(n−s) over the edges = 3·1 + 2·2 + 1·3 = 10; ν = 2·10/(4·3) = 1.667
    #   shares at 10, 20, 40 minutes: the original (at 0) and p2 (at 10) are ⌈4/2⌉ = 2 items, half the final
    #   size, at 10; the last share at 40
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
    #   W = 3 edges · 1·3 = 9; ν = 2·9/(4·3) = 1.5; shares at 5, 15, 25: 2 items (half of 4) at 5, duration 25
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
    # F: three replies to f1 and no share: a cascade only with replies, and then every link is named by the
    #   source (the item each reply answers): explicit, although it is a fan of depth 1. Replies at 1, 2 and 3
    #   minutes: ⌈4/2⌉ = 2 items at 1, the last at 3
    row("f1", "anna"),
    *(row(f"f{i}", "bruno", kind="reply", parent_id="f1", created_at=at(i - 1)) for i in (2, 3, 4)),
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
    assert (p.minutes_to_half, p.duration_minutes) == (10, 40)
    assert (p.sharers, p.reach, p.reach_unknown) == (2, 60, 1)
    assert (s.size, s.depth, s.max_breadth, s.wiener, s.reconstruction) == (4, 1, 3, 9, "star")
    assert s.virality == pytest.approx(1.5)
    assert (s.minutes_to_half, s.duration_minutes) == (5, 25)
    assert (s.sharers, s.reach, s.reach_unknown) == (3, 60, 0)
    assert not p.orphan and not p.cycle and p.created_at == JAN


def test_nested_orphan_cycle_and_mixed_cascades(scope):
    found = by_root(scope)
    q, o, c, m = found["q1"], found["o1"], found["c2"], found["m1"]
    assert (q.size, q.depth, q.wiener, q.reconstruction) == (3, 2, 4, "nested")
    assert q.virality == pytest.approx(8 / 6)
    assert q.minutes_to_half is None or np.isnan(q.minutes_to_half)  # a member's time is unknown
    assert (o.size, o.reconstruction, o.orphan) == (3, "star", True)
    # o1 is not in the store: the cascade is dated by its earliest share (both at JAN)
    assert (o.created_at, o.dated_by) == (JAN, "earliest_item")
    assert (c.size, c.cycle, c.virality) == (2, True, 1.0)
    # a cascade of 2: its original alone is half of it, at time 0 (c2's time is JAN, as c3's)
    assert (c.minutes_to_half, c.duration_minutes) == (0, 0)
    assert (m.size, m.reconstruction) == (3, "mixed")


def test_replies_join_only_when_asked(scope):
    assert by_root(scope)["s1"].size == 4
    with_replies = by_root(scope, replies=True)["s1"]
    # star of 5: W = 4 · 1·4 = 16; ν = 2·16/(5·4) = 1.6; reach 60 + 40. In time order 0, 5, 15, 25, 50:
    # ⌈5/2⌉ = 3 items at 15. Three links from shared_id and one named (the reply's parent): mixed
    assert (with_replies.size, with_replies.wiener, with_replies.reach) == (5, 16, 100)
    assert with_replies.virality == pytest.approx(1.6)
    assert (with_replies.minutes_to_half, with_replies.reconstruction) == (15, "mixed")


def test_a_fan_of_replies_is_explicit_not_a_star(scope):
    assert "f1" not in by_root(scope)
    fan = by_root(scope, replies=True)["f1"]
    assert (fan.size, fan.depth, fan.reconstruction, fan.minutes_to_half, fan.duration_minutes) == (
        4,
        1,
        "explicit",
        1,
        3,
    )


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
    # timing known for p1 (half at 10, last at 40 min), s1 (5, 25), c2 and m1 (all at JAN: 0, 0); unknown for
    # q1 (q3's time) and o1 (its original's): medians of 0, 0, 5, 10 and 0, 0, 25, 40 minutes
    timing = compute(get("cascade_timing"), scope, []).execute().iloc[0]
    assert (timing.timed_cascades, timing.cascades_without_times) == (4, 2)
    assert timing.median_to_half_hours == pytest.approx(2.5 / 60)
    assert timing.median_duration_hours == pytest.approx(12.5 / 60)


DAY = 24 * 60
DATED = [
    # d1 published on 10 January (13:00 in Rome), shared two days later: it started on 10 January
    row("d1", "anna"),
    row("d2", "bruno", kind="share", shared_id="d1", created_at=at(2 * DAY)),
    # x1 is not in the store; its shares came on 12 and 11 January: it started on 11 January, its earliest
    row("x2", "carla", kind="share", shared_id="x1", created_at=at(2 * DAY)),
    row("x3", "dora", kind="share", shared_id="x1", created_at=at(DAY)),
    # t1 and its share give only minutes after the original (as Twitter15/16 do): undated
    row("t1", "enzo", created_at=None, extra=orjson.dumps({"delay_minutes": 0}).decode()),
    row(
        "t2",
        "fede",
        kind="share",
        shared_id="t1",
        created_at=None,
        extra=orjson.dumps({"delay_minutes": 5}).decode(),
    ),
]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (None, None, {"d1", "x1", "t1"}),  # no window: every cascade, the undated one included
        (0, 1, {"d1"}),  # 10 January: d1 (its share two days later does not move it)
        (1, 2, {"x1"}),  # 11 January: x1, placed by its earliest share
        (2, 3, set()),  # 12 January: shares of both, but neither started then
        (-9, 21, {"d1", "x1"}),  # 1 to 31 January: both dated ones; t1 is in no window
    ],
)
def test_a_window_holds_the_cascades_that_started_in_it(tmp_path, start, end, expected):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in DATED]))
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    day = JAN.date()
    scope = Scope.of(
        store,
        settings,
        None if start is None else day + timedelta(days=start),
        None if end is None else day + timedelta(days=end),
    )
    assert set(in_window(scope).execute().root) == expected
    counted = compute(get("cascades"), scope, []).execute().iloc[0].cascades
    assert counted == len(expected)
    every = {r["root"]: r for r in cascades(scope).to_pyarrow().to_pylist()}
    assert [every[root]["dated_by"] for root in ("d1", "x1", "t1")] == ["original", "earliest_item", None]
    assert every["x1"]["created_at"] == JAN + timedelta(days=1) and every["t1"]["created_at"] is None
    # t1's timing comes from the delays: ⌈2/2⌉ = 1 item (the original) at 0, the share 5 minutes after
    assert (every["t1"]["minutes_to_half"], every["t1"]["duration_minutes"]) == (0, 5)
    store.close()


def test_repeated_computations_leave_no_temporary_tables_behind(scope):
    con = scope.all_items._find_backend().con

    def temporary() -> int:
        return con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0]

    cascades(scope).execute()
    gc.collect()
    before = temporary()
    for _ in range(3):
        assert len(cascades(scope).execute()) == 6
    gc.collect()
    assert temporary() == before
    kept = cascades(scope)  # an expression still held keeps its tables until it is dropped
    gc.collect()
    assert temporary() > before
    del kept
    gc.collect()
    assert temporary() == before


def test_an_expression_built_earlier_keeps_its_own_cascades(scope):
    # two computations on one connection: the first, executed last, must still see only its own store
    first = cascades(scope)
    scope.all_items._find_backend().con.execute("DELETE FROM items WHERE id LIKE 'p%'")
    second = cascades(scope)
    assert "p1" not in set(second.execute().root)
    assert "p1" in set(first.execute().root)
