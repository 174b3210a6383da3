"""Share cascades for all cascades at once, against networkx's per-cascade brute force in the same run.

1. A demo workspace: the whole cascade table (structure by pointer jumping and level-by-level subtree
   sizes, then size, depth, breadth, Wiener index, structural virality, timing and reach per cascade)
   beside the baseline: one networkx graph per cascade (from the same parent links), its
   ``average_shortest_path_length`` (the brute-force definition of structural virality) and a
   breadth-first search from the original (depth, and the most items at one depth). The answers are
   compared cascade by cascade: virality to the last digits, depth and breadth exactly; a cascade one side
   has and the other lacks is counted, not a crash.
2. Twitter16 end to end: from the archive to the cascade table (import + computation) beside the same
   baseline reading the archive itself (parse the edge lines, one graph per tree, the same measures).

Run: ``python bench/cascades.py --items 200000`` (builds a demo workspace in a temporary folder), or
``python bench/cascades.py --workspace DIR`` on one made by ``passaparola demo DIR --items N``.
"""

from __future__ import annotations

import argparse
import re
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd

from passaparola import workspace
from passaparola.config import parse_settings
from passaparola.ingest import run_import
from passaparola.metrics.cascades import cascades, members
from passaparola.metrics.scope import Scope
from passaparola.store import Store

TWITTER16 = Path(__file__).resolve().parents[2] / "shared" / "data" / "cascades" / "twitter16.tar.xz"
NODE = re.compile(r"\['([^']*)', '([^']*)', '([^']*)'\]")


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def brute_force(graph: nx.Graph, root: object) -> tuple[float, int, int]:
    """Virality (mean shortest path over all pairs), depth and maximum breadth of one tree, by networkx."""
    levels = Counter(nx.single_source_shortest_path_length(graph, root).values())
    breadth = max((count for level, count in levels.items() if level > 0), default=0)
    return nx.average_shortest_path_length(graph), max(levels), breadth


def networkx_measures(links: pd.DataFrame) -> dict[tuple[str, str], tuple[float, int, int]]:
    """The baseline: a graph per cascade from (platform, root, id, parent) rows, measured by brute force."""
    found = {}
    for key, group in links.groupby(["platform", "root"], sort=False):
        graph = nx.Graph()
        graph.add_nodes_from(group.id)
        graph.add_edges_from(
            zip(group.parent[group.parent.notna()], group.id[group.parent.notna()], strict=True)
        )
        found[key] = brute_force(graph, key[1])
    return found


def compare(ours: pd.DataFrame, key: list[str], expected: dict) -> str:
    """How our table agrees with the brute force: the largest virality difference, depth and breadth
    mismatches, and the cascades only one side has."""
    mine = {
        k: (v, d, b)
        for k, v, d, b in zip(
            ours[key].itertuples(index=False, name=None) if len(key) > 1 else ours[key[0]],
            ours.virality,
            ours.depth,
            ours.max_breadth,
            strict=True,
        )
    }
    shared = [k for k in expected if k in mine]
    worst = max((abs(mine[k][0] - expected[k][0]) for k in shared), default=0.0)
    depth = sum(mine[k][1] != expected[k][1] for k in shared)
    breadth = sum(mine[k][2] != expected[k][2] for k in shared)
    only_theirs, only_ours = len(expected) - len(shared), len(set(mine) - set(expected))
    return (
        f"largest difference in virality {worst:.2e}; depth differs in {depth}, max breadth in {breadth} of "
        f"{len(shared):,} cascades; only networkx has {only_theirs}, only passaparola {only_ours}"
    )


def bench_workspace(folder: Path) -> None:
    ws = workspace.load(folder)
    with ws.open_store(read_only=True) as store:
        scope = Scope.of(store, ws.settings)
        items = store.scalar("SELECT count(*) FROM items")
        ours, table = timed(lambda: cascades(scope).execute())
        placed = members(store.table("items"))
        links = placed.select("platform", "root", "id", "parent").execute()
    sizes = links.groupby(["platform", "root"]).size()
    links = links[links.set_index(["platform", "root"]).index.isin(sizes[sizes > 1].index)]
    baseline, expected = timed(lambda: networkx_measures(links))
    print(
        f"demo workspace {folder}: {items:,} items, {len(table):,} cascades, {int(table['size'].sum()):,} items in them"
    )
    print(
        f"  largest {int(table['size'].max()):,}, deepest {int(table.depth.max())}; reconstruction {table.reconstruction.value_counts().to_dict()}"
    )
    print(f"  passaparola, every measure of every cascade:   {ours:8.2f} s")
    print(
        f"  networkx brute force, virality, depth, breadth: {baseline:8.2f} s   ratio {baseline / ours:,.1f}x"
    )
    print(f"  {compare(table, ['platform', 'root'], expected)}")


def networkx_twitter16(archive: Path) -> dict[str, tuple[float, int, int]]:
    """The baseline end to end: read the archive, apply the same edge rules, one graph per tree."""
    found = {}
    with tarfile.open(archive) as tar:
        for member in tar:
            if not (member.isfile() and "/tree/" in member.name):
                continue
            chosen: dict[tuple, tuple] = {}
            seen = set()
            for number, line in enumerate(tar.extractfile(member).read().decode().splitlines()):
                parent, child = NODE.findall(line)
                if (parent, child) in seen or parent == child:
                    continue
                seen.add((parent, child))
                key = (parent[0] != "ROOT", float(parent[2]), number)
                if child not in chosen or key < chosen[child][0]:
                    chosen[child] = (key, parent)
            graph = nx.Graph()
            graph.add_nodes_from(chosen)
            graph.add_edges_from(
                (parent, child) for child, (_, parent) in chosen.items() if parent[0] != "ROOT"
            )
            root = next(child for child, (_, parent) in chosen.items() if parent[0] == "ROOT")
            found[member.name.rsplit("/", 1)[1].removesuffix(".txt")] = brute_force(graph, root)
    return found


def bench_twitter16(archive: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = parse_settings({}, Path(folder) / "passaparola.toml")
        with Store.open(Path(folder) / "passaparola.duckdb") as store:
            imported, _ = timed(lambda: run_import(store, [archive]))
            computed, table = timed(lambda: cascades(Scope.of(store, settings)).execute())
    baseline, expected = timed(lambda: networkx_twitter16(archive))
    ours = imported + computed
    print(f"Twitter16 {archive.name}: {len(table)} cascades, {int(table['size'].sum()):,} items")
    print(
        f"  passaparola end to end: {ours:7.2f} s (import {imported:.2f} s + every measure {computed:.2f} s)"
    )
    print(
        f"  networkx end to end:    {baseline:7.2f} s   ratio {baseline / ours:,.1f}x (virality, depth, breadth)"
    )
    print(f"  networkx against our computation alone: ratio {baseline / computed:,.1f}x")
    print(f"  {compare(table, ['root'], expected)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workspace", type=Path, help="a demo workspace (default: build one with --items)")
    parser.add_argument("--items", type=int, default=200_000, help="items for a workspace built here")
    parser.add_argument("--twitter16", type=Path, default=TWITTER16, help="the Twitter16 archive")
    args = parser.parse_args()
    if args.workspace is not None:
        bench_workspace(args.workspace)
    else:
        from passaparola.cli import demo_command

        with tempfile.TemporaryDirectory() as folder:
            demo_command.run(Path(folder) / "demo", args.items, 7)
            bench_workspace(Path(folder) / "demo")
    if args.twitter16.is_file():
        bench_twitter16(args.twitter16)
    else:
        print(f"Twitter16 not found at {args.twitter16}: skipped")


if __name__ == "__main__":
    main()
