"""The interaction graph on four authors worked out by hand (PageRank order, in-degree, k-core), checked
against networkx as an independent oracle; GEXF and GraphML exports parse back with the right counts
and attributes; hostile handles are escaped and cleaned; the commands work end to end."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import networkx as nx
import pytest
from typer.testing import CliRunner

from passaparola import graph
from passaparola.cli import app, output
from passaparola.config import parse_settings
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
from tests.test_metrics_media import row

CONFIG = {"workspace": {"timezone": "Europe/Rome"}, "brand": {"name": "Bea", "accounts": {"twitter": ["b"]}}}
TOML = """[workspace]
name = "graph test"
timezone = "Europe/Rome"

[brand]
name = "Bea"
accounts = { twitter = ["b"] }
"""
# Four authors on Twitter: b is the brand (followers never given), a a consumer (50 followers), c an
# influencer (20,000), d a public author whose followers are unknown.
ITEMS = [
    row("1", "b", text="nuovo post"),
    row("2", "a", text="il mio post", author_followers=50),
    row("3", "a", kind="reply", parent_id="1", text="bello", author_followers=50),  # a→b reply
    row("4", "a", kind="reply", parent_id="1", text="davvero", author_followers=50),  # a→b reply again
    row("5", "c", kind="reply", parent_id="1", text="sì", author_followers=20_000),  # c→b reply
    row("6", "d", text="ciao @b", mentions=["b"]),  # d→b mention
    row("7", "b", kind="reply", parent_id="2", text="grazie"),  # b→a reply
    row("8", "c", kind="share", shared_id="2", text="RT il mio post", author_followers=20_000),  # c→a share
    row("9", "a", text="guarda @c", mentions=["c"], author_followers=50),  # a→c mention
    row("10", "c", kind="reply", parent_id="5", text="e poi", author_followers=20_000),  # c→c: not an edge
]
# Weighted edges: a→b reply 2, c→b reply 1, d→b mention 1, b→a reply 1, c→a share 1, a→c mention 1.
# In-degree (distinct authors reaching): b 3 (a, c, d), a 2 (b, c), c 1 (a), d 0.
# Interactions in: b 2+1+1 = 4, a 2, c 1, d 0.
# Undirected: a-b, b-c, a-c (a triangle) and b-d: a, b, c are in the 2-core, d only in the 1-core.
# PageRank with damping 0.85 (no vertex is dangling), out-weights a: b 2/3, c 1/3; c: b 1/2, a 1/2; d: b 1;
# b: a 1. With r = 0.15 / 4 = 0.0375:
#   d = r;  c = r + 0.85·a/3;  a = r + 0.85·(b + c/2);  b = r + 0.85·(2a/3 + c/2 + d)
# Solved: a ≈ 0.4261, b ≈ 0.3781, c ≈ 0.1582, d = 0.0375. a outranks b, which gets more interactions,
# because b spends all its rank on a.
WEIGHTED = [("a", "b", 2), ("c", "b", 1), ("d", "b", 1), ("b", "a", 1), ("c", "a", 1), ("a", "c", 1)]


def _store(path: Path, items: list[dict]) -> Store:
    store = Store.open(path)
    store.write(1, Batch(items=[dict(item) for item in items]))
    return store


@pytest.fixture
def built(tmp_path: Path):
    store = _store(tmp_path / "s.duckdb", ITEMS)
    yield graph.build(Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml")))
    store.close()


def _by_handle(built: graph.InteractionGraph, name: str) -> dict[str, object]:
    return dict(zip(built.graph.vs["handle"], built.graph.vs[name], strict=True))


def test_edges_and_weights_worked_out_by_hand(built):
    g = built.graph
    handles = g.vs["handle"]
    got = sorted((handles[e.source], handles[e.target], e["type"], e["weight"]) for e in g.es)
    assert got == [
        ("a", "b", "reply", 2),
        ("a", "c", "mention", 1),
        ("b", "a", "reply", 1),
        ("c", "a", "share", 1),
        ("c", "b", "reply", 1),
        ("d", "b", "mention", 1),
    ]
    assert _by_handle(built, "indegree") == {"a": 2, "b": 3, "c": 1, "d": 0}
    assert _by_handle(built, "interactions_in") == {"a": 2, "b": 4, "c": 1, "d": 0}
    assert _by_handle(built, "role") == {"a": "consumer", "b": "brand", "c": "influencer", "d": "public"}
    assert _by_handle(built, "followers") == {"a": 50, "b": None, "c": 20_000, "d": None}


def test_pagerank_order_and_values_agree_with_networkx(built):
    oracle = nx.DiGraph()
    oracle.add_weighted_edges_from(WEIGHTED)
    expected = nx.pagerank(oracle, alpha=0.85, weight="weight", tol=1e-12)
    got = _by_handle(built, "pagerank")
    assert got == pytest.approx(expected, abs=1e-6)
    r, a, b, c, d = 0.15 / 4, got["a"], got["b"], got["c"], got["d"]
    assert d == pytest.approx(r)
    assert c == pytest.approx(r + 0.85 * a / 3)
    assert a == pytest.approx(r + 0.85 * (b + c / 2))
    assert b == pytest.approx(r + 0.85 * (2 * a / 3 + c / 2 + d))
    assert (round(a, 4), round(b, 4), round(c, 4)) == (0.4261, 0.3781, 0.1582)
    assert list(graph.ranking(built, "pagerank", 4)["handle"]) == ["a", "b", "c", "d"]


def test_k_core_worked_out_by_hand(built):
    assert _by_handle(built, "coreness") == {"a": 2, "b": 2, "c": 2, "d": 1}
    assert sorted(built.graph.vs[v]["handle"] for v in graph.core(built)) == ["a", "b", "c"]
    # the same with networkx's core numbers on the undirected simple graph
    undirected = nx.Graph([(s, t) for s, t, _ in WEIGHTED])
    assert nx.core_number(undirected) == {"a": 2, "b": 2, "c": 2, "d": 1}
    # ranking by coreness breaks the tie by PageRank: a, b, c, then d
    assert list(graph.ranking(built, "coreness", 4)["handle"]) == ["a", "b", "c", "d"]
    assert list(graph.ranking(built, "indegree", 2)["handle"]) == ["b", "a"]


def test_platform_and_period_filters(tmp_path):
    items = [*ITEMS, row("11", "zed", platform="mastodon", text="@b ciao", mentions=["b"])]
    store = _store(tmp_path / "s.duckdb", items)
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    assert graph.build(Scope.of(store, settings), "mastodon").graph.ecount() == 1
    assert graph.build(Scope.of(store, settings)).graph.vcount() == 6  # b on mastodon is another vertex
    from datetime import date

    empty = graph.build(Scope.of(store, settings, date(2027, 1, 1), None))
    assert (empty.graph.vcount(), empty.graph.ecount(), graph.core(empty)) == (0, 0, [])
    store.close()


def test_exports_parse_back_with_counts_and_attributes(built, tmp_path):
    graph.write(built, "gexf", tmp_path / "g.gexf")
    graph.write(built, "graphml", tmp_path / "g.graphml")
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == (4, 6)
    nodes = {data["handle"]: data for _, data in gexf.nodes(data=True)}
    assert nodes["a"]["role"] == "consumer" and nodes["a"]["followers"] == 50
    assert "followers" not in nodes["d"]  # unknown stays unknown, not 0
    assert nodes["b"]["coreness"] == 2 and nodes["d"]["coreness"] == 1
    assert nodes["d"]["pagerank"] == pytest.approx(0.0375) and nodes["b"]["platform"] == "twitter"
    by_pair = {(gexf.nodes[s]["handle"], gexf.nodes[t]["handle"]): d for s, t, d in gexf.edges(data=True)}
    assert by_pair[("a", "b")]["interaction"] == "reply" and by_pair[("a", "b")]["weight"] == 2
    assert by_pair[("d", "b")]["label"] == "mention"

    graphml = ig.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert (graphml.vcount(), graphml.ecount(), graphml.is_directed()) == (4, 6, True)
    vertices = {v["handle"]: v.attributes() for v in graphml.vs}
    assert vertices["c"]["role"] == "influencer" and vertices["c"]["followers"] == 20_000
    assert vertices["d"]["followers"] != vertices["d"]["followers"]  # NaN: no value written
    assert vertices["a"]["coreness"] == 2 and vertices["b"]["pagerank"] == pytest.approx(
        _by_handle(built, "pagerank")["b"]
    )
    edges = {(graphml.vs[e.source]["handle"], graphml.vs[e.target]["handle"]): e for e in graphml.es}
    assert edges[("c", "a")]["type"] == "share" and edges[("a", "b")]["weight"] == 2


HOSTILE = "x<y&z\"'w\x01\x1f\x7f"


def test_hostile_handles_are_escaped_and_cleaned(tmp_path):
    items = [*ITEMS, row("20", HOSTILE, kind="reply", parent_id="1", text="<script>")]
    store = _store(tmp_path / "s.duckdb", items)
    built = graph.build(Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml")))
    store.close()
    graph.write(built, "gexf", tmp_path / "g.gexf")
    graph.write(built, "graphml", tmp_path / "g.graphml")
    clean = "x<y&z\"'w"  # markup characters survive as text, control characters are dropped
    assert clean in {data["handle"] for _, data in nx.read_gexf(tmp_path / "g.gexf").nodes(data=True)}
    assert clean in ig.Graph.Read_GraphML(str(tmp_path / "g.graphml")).vs["handle"]
    assert "&lt;" in (tmp_path / "g.gexf").read_text() and "&amp;" in (tmp_path / "g.graphml").read_text()
    assert graph.clean("a\x00b\tc\nd\ufffe") == "ab\tc\nd"


def test_unknown_measure_or_format_is_refused(built, tmp_path):
    with pytest.raises(ValueError, match="unknown measure"):
        graph.ranking(built, "betweenness", 3)
    with pytest.raises(ValueError, match="unknown graph format"):
        graph.write(built, "dot", tmp_path / "g.dot")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "passaparola.toml").write_text(TOML)
    _store(folder / "passaparola.duckdb", ITEMS).close()
    return folder


def test_graph_commands_end_to_end(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAPAROLA_LANG", "en")
    # the console's width is fixed when first imported (by whichever test came first): pin it
    monkeypatch.setattr(output.console, "width", 250)
    runner = CliRunner()
    out = tmp_path / "g.graphml"
    result = runner.invoke(app, ["graph", "export", "-f", "graphml", "--out", str(out), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "4 authors and 6 edges" in result.output
    assert ig.Graph.Read_GraphML(str(out)).ecount() == 6
    result = runner.invoke(app, ["graph", "top", "--by", "indegree", "-n", "2", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "k = 2): 3 authors" in result.output
    lines = [line for line in result.output.splitlines() if "twitter" in line]
    assert [line.split()[2] for line in lines] == ["b", "a"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graph", "top", "--platform", "tiktok"], "--platform 'tiktok'"),
        (["graph", "top", "--from", "2026-13-01"], "--from '2026-13-01'"),
        (["graph", "export", "--out", "/nonexistent/dir/g.gexf"], "/nonexistent/dir/g.gexf"),
    ],
)
def test_graph_command_errors_are_one_line(workspace, args, message):
    result = CliRunner().invoke(app, [*args, "-w", str(workspace)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


ITALIAN = TOML.replace('timezone = "Europe/Rome"\n', 'timezone = "Europe/Rome"\nlanguage = "it"\n', 1)


@pytest.mark.parametrize(
    ("toml", "args", "message"),
    [
        (
            ITALIAN,
            ["graph", "top", "--platform", "tiktok"],
            "--platform 'tiktok': l'archivio contiene twitter",
        ),
        (ITALIAN, ["graph", "top", "--from", "2026-13-01"], "--from '2026-13-01': attesa una data come"),
        (
            ITALIAN,
            ["graph", "export", "--out", "g.gexf", "--from", "2026-02-01", "--to", "2026-01-01"],
            "--from 2026-02-01 non precede --to 2026-01-01",
        ),
        (
            ITALIAN,
            ["graph", "export", "--out", "/nonexistent/dir/g.gexf"],
            "impossibile scrivere /nonexistent",
        ),
        (
            ITALIAN,
            ["amplifiers", "--entity", "Nessuno"],
            "--entity 'Nessuno': nessun brand o concorrente con",
        ),
        (ITALIAN, ["amplifiers", "--to", "domani"], "--to 'domani': attesa una data come 2026-01-31"),
        (ITALIAN, ["spread", "--entity", "Nessuno"], "--entity 'Nessuno': nessun brand o concorrente con"),
        ('[workspace]\nname = "x"\nlanguage = "it"\n', ["amplifiers"], "indica un'entità con --entity"),
    ],
)
def test_errors_are_one_line_in_the_workspace_language(tmp_path, toml, args, message):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "passaparola.toml").write_text(toml)
    _store(folder / "passaparola.duckdb", ITEMS).close()
    result = CliRunner(env={"PASSAPAROLA_LANG": None, "LANG": "C.UTF-8"}).invoke(
        app, [*args, "-w", str(folder)]
    )
    assert result.exit_code == 2 and result.output.startswith("Errore: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["graph", "top"], ["graph", "export"], ["amplifiers"], ["spread"]])
def test_help_has_an_example(command):
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and f"Example: passaparola {' '.join(command)}" in result.output
