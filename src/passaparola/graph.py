"""The interaction graph: who replies to, mentions, shares and quotes whom, as an igraph graph.

A vertex is an author on one platform (:func:`passaparola.metrics.interactions.author_key`: the lower-case
handle, else the native id). An edge goes from an author to the author they interacted with, one edge per
(source, target, type), weighted by how many interactions of that type there were. The edges come from
:func:`passaparola.metrics.interactions.edges` aggregated in the engine; only the aggregated list (one row per
edge, one per vertex) leaves it, as Arrow columns, and vertex ids are assigned by a vectorised index lookup.
Replies to oneself are dropped: they are not interactions between two people.

Measures, attached as vertex attributes by :func:`build`:

- ``pagerank``: PageRank (damping 0.85) on the directed graph, weighted by interactions;
- ``indegree``: how many distinct authors reached the vertex; ``interactions_in``: how many interactions did;
- ``coreness``: the k-core number on the undirected graph without parallel edges (the largest k such that the
  author belongs to a subgraph where everyone has at least k neighbours); the core community is the set of
  vertices with the highest coreness.

Vertex attributes also hold ``platform``, ``handle``, ``role`` and ``followers`` (the latest follower count
seen for the author; null when never given). Exports: GraphML (igraph's writer) and GEXF (networkx, from the
same vertex and edge lists), for Gephi; text is cleaned of characters XML 1.0 cannot hold. GEXF reserves an
edge's ``type`` for its direction, so there the interaction type is the edge's label and its ``interaction``
attribute.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import ibis.expr.types as ir
import igraph as ig
import networkx as nx
import pandas as pd

from passaparola.metrics.interactions import edges, latest_followers
from passaparola.metrics.roles import role_of
from passaparola.metrics.scope import Scope

MEASURES = ("pagerank", "indegree", "coreness")
FORMATS = ("gexf", "graphml")
DAMPING = 0.85
# XML 1.0 allows tab, newline and carriage return among the control characters, and not U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class InteractionGraph:
    """The graph and the two tables it was built from (``vertices`` row i is vertex i)."""

    graph: ig.Graph
    vertices: pd.DataFrame
    edges: pd.DataFrame


def edge_list(scope: Scope, platform: str | None = None) -> ir.Table:
    """One row per (platform, source, target, type) with its ``weight`` (number of interactions)."""
    table = edges(scope)
    table = table.filter(table.source.notnull() & table.target.notnull() & (table.source != table.target))
    if platform is not None:
        table = table.filter(table.platform == platform)
    return table.group_by(["platform", "source", "target", table.via.name("type")]).aggregate(
        weight=table.count()
    )


def vertex_list(scope: Scope, aggregated: ir.Table) -> ir.Table:
    """One row per author at either end of an edge: ``platform, handle, followers, role``."""
    ends = aggregated.select("platform", handle=aggregated.source).union(
        aggregated.select("platform", handle=aggregated.target), distinct=True
    )
    known = latest_followers(scope)
    joined = ends.left_join(known, ["platform", "handle"]).select("platform", "handle", "followers")
    return joined.mutate(
        role=role_of(scope.settings, joined.platform, joined.handle, joined.handle, joined.followers)
    ).order_by(["platform", "handle"])


def build(scope: Scope, platform: str | None = None) -> InteractionGraph:
    """The interaction graph of the scope (one platform, or all of them), with its measures attached."""
    aggregated = edge_list(scope, platform)
    vertices = vertex_list(scope, aggregated).to_pyarrow().to_pandas()
    listed = aggregated.order_by(["platform", "source", "target", "type"]).to_pyarrow().to_pandas()
    index = pd.MultiIndex.from_frame(vertices[["platform", "handle"]])
    sources = index.get_indexer(pd.MultiIndex.from_frame(listed[["platform", "source"]]))
    targets = index.get_indexer(pd.MultiIndex.from_frame(listed[["platform", "target"]]))
    graph = ig.Graph(
        n=len(vertices),
        edges=list(zip(sources.tolist(), targets.tolist(), strict=True)),
        directed=True,
        vertex_attrs={
            "platform": vertices["platform"].tolist(),
            "handle": vertices["handle"].tolist(),
            "role": vertices["role"].tolist(),
            "followers": [None if pd.isna(f) else int(f) for f in vertices["followers"]],
        },
        edge_attrs={"type": listed["type"].tolist(), "weight": listed["weight"].astype(int).tolist()},
    )
    _measure(graph)
    return InteractionGraph(graph, vertices, listed)


def _measure(graph: ig.Graph) -> None:
    graph.vs["pagerank"] = graph.pagerank(directed=True, damping=DAMPING, weights="weight")
    graph.vs["interactions_in"] = [int(s) for s in graph.strength(mode="in", weights="weight")]
    simple = graph.copy()
    simple.simplify(multiple=True, loops=True, combine_edges="first")
    graph.vs["indegree"] = simple.indegree()
    graph.vs["coreness"] = simple.as_undirected(mode="collapse").coreness()


def ranking(built: InteractionGraph, by: str, limit: int) -> pd.DataFrame:
    """The ``limit`` authors with the highest ``by`` measure (ties broken by PageRank, then handle)."""
    if by not in MEASURES:
        raise ValueError(f"unknown measure {by!r}; expected one of {', '.join(MEASURES)}")
    graph = built.graph
    frame = pd.DataFrame(
        {name: graph.vs[name] for name in ("platform", "handle", "role", "followers")}
        | {name: graph.vs[name] for name in (*MEASURES, "interactions_in")}
    )
    frame["followers"] = frame["followers"].astype("Int64")
    keys = [by, "pagerank", "handle"] if by != "pagerank" else ["pagerank", "handle"]
    ascending = [False] * (len(keys) - 1) + [True]
    return frame.sort_values(keys, ascending=ascending, kind="stable").head(limit).reset_index(drop=True)


def core(built: InteractionGraph) -> list[int]:
    """The vertices of the innermost k-core (the core community)."""
    coreness = built.graph.vs["coreness"] if built.graph.vcount() else []
    top = max(coreness, default=0)
    return [v for v, k in enumerate(coreness) if k == top]


def clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters (other than tab and line breaks) removed."""
    return _NOT_XML.sub("", text)


def write(built: InteractionGraph, fmt: str, path: Path) -> None:
    """Write the graph to ``path`` as GEXF or GraphML, for Gephi and other tools."""
    if fmt == "graphml":
        _write_graphml(built.graph, path)
    elif fmt == "gexf":
        _write_gexf(built.graph, path)
    else:
        raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _exportable(graph: ig.Graph) -> ig.Graph:
    """A copy whose text is clean and whose unknown follower counts are NaN (which GraphML leaves out)."""
    out = graph.copy()
    for name in ("platform", "handle", "role"):
        out.vs[name] = [clean(value) for value in graph.vs[name]]
    out.es["type"] = [clean(value) for value in graph.es["type"]]
    out.vs["followers"] = [math.nan if f is None else float(f) for f in graph.vs["followers"]]
    return out


def _write_graphml(graph: ig.Graph, path: Path) -> None:
    _exportable(graph).write_graphml(str(path))


def _write_gexf(graph: ig.Graph, path: Path) -> None:
    exportable = _exportable(graph)
    network = nx.MultiDiGraph()
    for vertex in exportable.vs:
        attributes = {
            "label": vertex["handle"],
            "handle": vertex["handle"],
            "platform": vertex["platform"],
            "role": vertex["role"],
            "pagerank": float(vertex["pagerank"]),
            "indegree": int(vertex["indegree"]),
            "coreness": int(vertex["coreness"]),
        }
        if not math.isnan(vertex["followers"]):
            attributes["followers"] = int(vertex["followers"])
        network.add_node(vertex.index, **attributes)
    for edge in exportable.es:
        network.add_edge(
            edge.source,
            edge.target,
            key=edge.index,
            label=edge["type"],
            interaction=edge["type"],
            weight=int(edge["weight"]),
        )
    nx.write_gexf(network, str(path))
