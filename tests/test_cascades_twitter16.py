"""Twitter16 from the archive to the cascade table: every one of the 818 trees against brute force.

The expected trees are rebuilt here from the raw files with the documented rules (duplicate lines and
self-loops dropped; of several parents the earliest kept: ROOT, then the smaller delay, then the first
line), independently of the importer. Structural virality must equal the mean shortest path between two
nodes of the undirected tree, computed pair by pair: by networkx's ``average_shortest_path_length`` for
every tree of up to 300 nodes (and for all of them in the slow test), and by igraph's all-pairs
breadth-first search (``average_path_length``, in C) for all 818.
"""

from __future__ import annotations

import re
import tarfile
from collections import Counter

import igraph
import networkx as nx
import pytest

from passaparola.config import parse_settings
from passaparola.ingest import run_import
from passaparola.metrics.cascades import cascades
from passaparola.metrics.scope import Scope
from passaparola.store import Store
from tests.conftest import SHARED_DATA

NODE = re.compile(r"\['([^']*)', '([^']*)', '([^']*)'\]")
ARCHIVE = SHARED_DATA / "cascades" / "twitter16.tar.xz"
pytestmark = pytest.mark.skipif(not ARCHIVE.is_file(), reason=f"Twitter16 not found at {ARCHIVE}")


def _expected_trees() -> dict[str, nx.Graph]:
    trees: dict[str, nx.Graph] = {}
    with tarfile.open(ARCHIVE) as archive:
        for member in archive:
            if not (member.isfile() and "/tree/" in member.name):
                continue
            source = member.name.rsplit("/", 1)[1].removesuffix(".txt")
            chosen: dict[tuple, tuple] = {}
            seen = set()
            for number, line in enumerate(archive.extractfile(member).read().decode().splitlines()):
                parent, child = NODE.findall(line)
                if (parent, child) in seen or parent == child:
                    continue
                seen.add((parent, child))
                key = (parent[0] != "ROOT", float(parent[2]), number)
                if child not in chosen or key < chosen[child][0]:
                    chosen[child] = (key, parent)
            graph = nx.Graph()
            for child, (_, parent) in chosen.items():
                graph.add_node(child)
                if parent[0] != "ROOT":
                    graph.add_edge(parent, child)
            root = next(child for child, (_, parent) in chosen.items() if parent[0] == "ROOT")
            graph.graph["root"], trees[source] = root, graph
    return trees


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    folder = tmp_path_factory.mktemp("twitter16")
    settings = parse_settings({}, folder / "passaparola.toml")
    with Store.open(folder / "passaparola.duckdb") as store:
        summary = run_import(store, [ARCHIVE])
        frame = cascades(Scope.of(store, settings)).execute()
    return summary, frame.set_index("root"), _expected_trees()


def _pairwise_mean(graph: nx.Graph) -> float:
    index = {node: i for i, node in enumerate(graph)}
    tree = igraph.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in graph.edges()])
    return tree.average_path_length(directed=False)


def test_818_trees_with_the_published_labels(measured):
    summary, frame, trees = measured
    assert len(frame) == len(trees) == 818
    assert Counter(frame.label) == {"non-rumor": 205, "false": 205, "true": 207, "unverified": 201}
    assert set(frame.reconstruction) == {"explicit"}
    assert summary.totals().quarantined == 0
    assert frame["size"].sum() == sum(len(graph) for graph in trees.values())


def test_size_depth_breadth_and_virality_of_every_tree(measured):
    _, frame, trees = measured
    small = 0
    for source, graph in trees.items():
        row = frame.loc[source]
        levels = Counter(nx.single_source_shortest_path_length(graph, graph.graph["root"]).values())
        assert (row["size"], row.depth) == (len(graph), max(levels))
        assert row.max_breadth == max(count for level, count in levels.items() if level > 0)
        assert row.virality == pytest.approx(_pairwise_mean(graph), rel=1e-12)
        if len(graph) <= 300:
            small += 1
            assert row.virality == pytest.approx(nx.average_shortest_path_length(graph), rel=1e-12)
    assert small > 300  # networkx checks a good part of the trees here, all of them in the slow test


@pytest.mark.slow
def test_virality_equals_networkx_on_all_818_trees(measured):
    _, frame, trees = measured
    for source, graph in trees.items():
        assert frame.loc[source].virality == pytest.approx(nx.average_shortest_path_length(graph), rel=1e-12)
