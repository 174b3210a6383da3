"""Threads rebuilt in the engine, on hand-built trees whose answers are worked out below, and on the
RumourEval threads, whose sizes must agree with their folders."""

from __future__ import annotations

import tarfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.config import parse_settings
from passaparola.ingest import run_import
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.metrics.threads import resolve, threads
from passaparola.store import Batch, Store
from tests.conftest import SHARED_DATA
from tests.test_metrics_media import CONFIG, row

TREE = [
    # thread A, rooted at a1 (the brand's post):
    #   a1 brand ── a2 consumer anna ── a3 brand (answers anna) ── a4 anna (answers the brand)
    #            └─ a5 consumer bruno ── a6 consumer carla (bruno and carla talk: multi-party)
    # stored children first, to show order does not matter
    row("a6", "carla", kind="reply", parent_id="a5", author_followers=3),
    row("a4", "anna", kind="reply", parent_id="a3", author_followers=10),
    row("a3", "caffeaurora", kind="reply", parent_id="a2"),
    row("a2", "anna", kind="reply", parent_id="a1", author_followers=10),
    row("a5", "bruno", kind="reply", parent_id="a1", author_followers=7),
    row("a1", "caffeaurora"),
    # thread B: b2 replies to b1, which is missing from the store: b2 heads an orphan subtree with b3
    row("b2", "dora", kind="reply", parent_id="b1", author_followers=10),
    row("b3", "caffeaurora", kind="reply", parent_id="b2"),
    # bad data: c1 and c2 reply to each other: a cycle, no loop forever; each is its own thread
    row("c1", "enzo", kind="reply", parent_id="c2", author_followers=10),
    row("c2", "franco", kind="reply", parent_id="c1", author_followers=10),
    # a share starts no conversation
    row("s1", "gina", kind="share", shared_id="a1", author_followers=10),
]


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in TREE]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_roots_depths_orphans_and_cycles(scope):
    got = {
        r.id: (r.root, r.depth, r.orphan, r.cycle) for r in resolve(scope.all_items).execute().itertuples()
    }
    assert got["a4"] == ("a1", 3, False, False) and got["a6"] == ("a1", 2, False, False)
    assert got["a1"] == ("a1", 0, False, False)
    assert got["b2"] == ("b2", 0, True, False) and got["b3"] == ("b2", 1, False, False)
    assert got["c1"] == ("c1", 0, False, True) and got["c2"] == ("c2", 0, False, True)


def _walk(parents: dict[str, str | None]) -> dict[str, tuple[str, int, bool, bool]]:
    """Root, depth, orphan and cycle of every item the plain way: climb one parent at a time."""

    def on_cycle(item: str) -> bool:
        node = parents[item] if parents[item] != item else None
        for _ in parents:
            if node == item:
                return True
            if node not in parents or parents[node] in (None, node):
                return False
            node = parents[node]
        return False

    cycle = {item for item in parents if on_cycle(item)}
    out = {}
    for start in parents:
        node, depth = start, 0
        while node not in cycle and parents[node] in parents and parents[node] != node:
            node, depth = parents[node], depth + 1
        orphan = parents[start] is not None and parents[start] not in parents
        out[start] = (node, depth, orphan, start in cycle)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), st.integers(0, 30)), min_size=1, max_size=25))
def test_resolve_agrees_with_a_walk_up_the_parents(tmp_path, links):
    """Random parent links, with missing parents (ids 25..30 are never stored), self-links and cycles."""
    parents = {f"n{i}": (None if up is None else f"n{up}") for i, up in enumerate(links)}
    items = [row(i, "anna", kind="reply", parent_id=up) for i, up in parents.items()]
    store = Store.open(tmp_path / f"p{abs(hash(tuple(links)))}.duckdb")
    try:
        store.write(1, Batch(items=items))
        got = {
            r.id: (r.root, int(r.depth), bool(r.orphan), bool(r.cycle))
            for r in resolve(store.table("items")).execute().itertuples()
        }
    finally:
        store.close()
    assert got == _walk(parents)


def test_a_reply_under_a_cycle_stays_with_the_member_it_answers(tmp_path):
    store = Store.open(tmp_path / "c.duckdb")
    store.write(
        1,
        Batch(
            items=[
                row("c1", "enzo", kind="reply", parent_id="c2"),
                row("c2", "franco", kind="reply", parent_id="c1"),
                row("d1", "gina", kind="reply", parent_id="c1"),
                row("d2", "anna", kind="reply", parent_id="d1"),
            ]
        ),
    )
    got = {r.id: (r.root, r.depth, r.cycle) for r in resolve(store.table("items")).execute().itertuples()}
    store.close()
    assert got == {
        "c1": ("c1", 0, True),
        "c2": ("c2", 0, True),
        "d1": ("c1", 1, False),
        "d2": ("c1", 2, False),
    }


def test_thread_measures(scope):
    got = {r.root: r for r in threads(scope).execute().itertuples()}
    assert set(got) == {"a1", "b2", "c1", "c2"}  # the share s1 is not a thread
    a = got["a1"]
    assert (a.size, a.depth, a.participants) == (6, 3, 4)
    assert a.brand_involved and a.two_way and a.multi_party and not a.orphan
    b = got["b2"]
    # the brand answered dora, but no public author replied to the brand: not two-way
    assert (b.size, b.depth, b.participants, b.brand_involved, b.two_way, b.orphan) == (
        2,
        1,
        2,
        True,
        False,
        True,
    )


def test_two_way_rate(scope):
    frame = compute(get("two_way_rate"), scope, []).execute()
    # brand-involved threads: a1 (two-way) and b2 (not): 1 of 2
    assert frame.to_dict(orient="records") == [
        {"brand_threads": 2, "two_way": 1, "multi_party": 1, "two_way_rate": 0.5}
    ]


def test_rumoureval_threads_agree_with_their_folders(tmp_path):
    archive = SHARED_DATA / "twitter-v1/rumoureval2017-train-dev.tar.xz"
    if not archive.exists():
        pytest.skip(f"real data not found at {archive}")
    folders = Counter()
    with tarfile.open(archive) as tar:
        for name in tar.getnames():
            parts = name.split("/")
            if len(parts) == 5 and parts[3] in ("source-tweet", "replies") and name.endswith(".json"):
                folders[parts[2]] += 1
    with Store.open(tmp_path / "re.duckdb") as store:
        run_import(store, [archive])
        scope = Scope.of(store, parse_settings({}, tmp_path / "passaparola.toml"))
        sizes = {r.root: r.size for r in threads(scope).execute().itertuples()}
        matrix = compute(get("interactions"), scope, []).execute()
    assert len(sizes) == 297 and sizes == dict(folders)
    assert matrix["interactions"].sum() > 4_000  # every reply has its parent in the store


def test_reciprocity(scope):
    frame = compute(get("reciprocity"), scope, []).execute()
    # brand-public reply pairs: (caffeaurora, anna): both ways (a3 answers anna, a4 answers the brand);
    # (caffeaurora, dora): only out (b3); bruno replied to the brand (a5): only in. 1 of 3 is reciprocal.
    assert frame.to_dict(orient="records") == [{"pairs": 3, "reciprocal": 1, "reciprocity": 1 / 3}]
