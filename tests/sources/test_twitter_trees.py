"""Twitter15/16 propagation trees and labels: hand-built files, a few real trees, and broken input."""

from __future__ import annotations

import ast
import io
import tarfile
from collections import Counter
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passaparola.canonical import MappingError
from passaparola.sources import ImportOptions, Record, Reject, Skipped, twitter_trees
from passaparola.sources.inputs import Entry
from tests.conftest import import_paths, rows
from tests.fuzzing import assert_import_accounts_for_every_record, tally

TREE = b"""['ROOT', 'ROOT', '0.0']->['10', '500', '0.0']
['10', '500', '0.0']->['11', '500', '1.5']
['10', '500', '0.0']->['12', '500', '2.0']
['10', '500', '0.0']->['12', '500', '2.0']
['11', '500', '1.5']->['13', '777', '3.25']
['12', '500', '2.0']->['13', '777', '3.25']
['13', '777', '3.25']->['13', '777', '3.25']
['12', '500', '2.0']->['14', '500', '0.5']
['10', '500', '0.0']->['14', '500', '0.5']
"""
# line 1: the root (the file's source tweet 500, by user 10)
# lines 2, 3: shares by 11 and 12 under the root; line 4 repeats line 3 (a duplicate edge)
# lines 5, 6: node (13, 777, 3.25) has two parents; 11's delay 1.5 is earlier than 12's 2.0: line 5 is kept
# line 7: a self-loop; lines 8, 9: node 14 under 12 (delay 2.0), then under the root (0.0): line 9 is kept


def entry_of(content: bytes, name: str = "500.txt") -> Entry:
    return Entry(name, lambda: io.BytesIO(content), len(content))


def outputs(content: bytes, name: str = "500.txt", records=twitter_trees.tree_records) -> list:
    return list(records(entry_of(content, name), ImportOptions()))


def test_edges_become_nodes_by_the_documented_rules():
    found = outputs(TREE)
    skipped = sorted((o.line, o.reason) for o in found if isinstance(o, Skipped))
    assert skipped == [
        (4, "duplicate edge line"),
        (6, "second parent of a node (the earliest parent is kept)"),
        (7, "self-loop edge (a node as its own parent)"),
        (8, "second parent of a node (the earliest parent is kept)"),
    ]
    items = {o.line: twitter_trees.map_tree_node(o.data) for o in found if isinstance(o, Record)}
    assert sorted(items) == [1, 2, 3, 5, 9]  # 9 lines: 4 skipped, 5 nodes, nothing lost
    root = items[1]
    assert (root["id"], root["kind"], root["author_id"], root.get("shared_id")) == ("500", "post", "10", None)
    assert orjson.loads(root["extra"]) == {
        "tree": "500",
        "tweet": "500",
        "delay_minutes": 0.0,
        "duplicate_edges": 1,
        "self_loops": 1,
        "extra_parents": 2,
        "missing_parents": 0,
        "missing_root": 0,
    }
    quote = items[5]
    assert (quote["id"], quote["kind"], quote["shared_id"], quote["author_id"]) == (
        "500:13:777:3.25",
        "share",
        "500",
        "13",
    )
    assert orjson.loads(quote["extra"]) == {
        "tree": "500",
        "tweet": "777",
        "delay_minutes": 3.25,
        "cascade_parent": "500:11:500:1.5",
    }
    assert orjson.loads(items[9]["extra"])["cascade_parent"] == "500"
    assert all(item.get("created_at") is None and item.get("parent_id") is None for item in items.values())


def test_a_tree_hung_from_an_earlier_tweet_keeps_the_source_tweet_as_root():
    # as in 9 Twitter16 files: ROOT's child is an earlier tweet (negative delay), named on a later line
    content = b"""['5', '90', '-14.35']->['6', '100', '0.25']
['ROOT', 'ROOT', '0.0']->['5', '90', '-14.35']
"""
    found = [
        twitter_trees.map_tree_node(o.data) for o in outputs(content, "100.txt") if isinstance(o, Record)
    ]
    root = next(item for item in found if item["kind"] == "post")
    assert (root["id"], root.get("author_id"), orjson.loads(root["extra"])["tweet"]) == ("100", None, "90")
    share = next(item for item in found if item["kind"] == "share")
    assert orjson.loads(share["extra"])["cascade_parent"] == "100"


def _tree(content: bytes, name: str = "500.txt") -> dict[str, dict]:
    """The items of a tree file, by id."""
    found = [twitter_trees.map_tree_node(o.data) for o in outputs(content, name) if isinstance(o, Record)]
    return {item["id"]: item for item in found}


def test_a_node_named_only_as_a_parent_is_kept_under_the_source_tweet():
    # node (7, 999, 1.0)'s own line is missing (cut, or quarantined): its child 8 names it as parent
    items = _tree(
        b"['ROOT', 'ROOT', '0.0']->['1', '999', '0.0']\n"
        b"['1', '999', '0.0']->['2', '999', '0.5']\n"
        b"['7', '999', '1.0']->['8', '999', '9.0']\n",
        "999.txt",
    )
    assert sorted(items) == ["999", "999:2:999:0.5", "999:7:999:1.0", "999:8:999:9.0"]
    hanging = orjson.loads(items["999:7:999:1.0"]["extra"])
    assert (
        items["999:7:999:1.0"]["shared_id"] == "999" and "cascade_parent" not in hanging
    )  # under the source
    assert orjson.loads(items["999:8:999:9.0"]["extra"])["cascade_parent"] == "999:7:999:1.0"
    counts = orjson.loads(items["999"]["extra"])
    assert (counts["missing_parents"], counts["missing_root"]) == (1, 0)


def test_a_file_without_its_root_line_is_headed_by_the_source_tweets_node():
    items = _tree(
        b"['1', '4242', '0.0']->['2', '4242', '3.0']\n"
        b"['5', '4242', '2.0']->['6', '4242', '4.0']\n"
        b"['2', '4242', '3.0']->['3', '4242', '5.0']\n",
        "4242.txt",
    )
    # the nodes named only as parents: (1, 4242, 0.0) and (5, 4242, 2.0); the earliest heads the tree
    root = items["4242"]
    assert (root["kind"], root["author_id"]) == ("post", "1")
    counts = orjson.loads(root["extra"])
    assert (counts["missing_root"], counts["missing_parents"]) == (1, 1)
    assert orjson.loads(items["4242:2:4242:3.0"]["extra"])["cascade_parent"] == "4242"
    assert "cascade_parent" not in orjson.loads(items["4242:5:4242:2.0"]["extra"])  # under the source
    assert orjson.loads(items["4242:6:4242:4.0"]["extra"])["cascade_parent"] == "4242:5:4242:2.0"
    assert len(items) == 5  # every node of the file is an item


def test_bad_lines_are_quarantined_with_their_line_numbers():
    content = (
        b"['ROOT', 'ROOT', '0.0']->['10', '500', '0.0']\n"
        b"['10', '500', '0.0']->['11', '500', 'soon']\n"  # bad number
        b"['10', '500', '0.0']->['11', '500', 'nan']\n"  # not a finite delay
        b"['10', '500', '0.0']->['12', '5\xe900', '1.0']\n"  # latin-1 byte
        b"['10', '500', '0.0']->['12', '500', '1.0']\n"
        b"['10', '500', '0.0']->['13', '50"  # truncated
    )
    found = outputs(content)
    rejects = {o.line: o.reason for o in found if isinstance(o, Reject)}
    assert sorted(rejects) == [2, 3, 4, 6]
    assert rejects[2] == "expected a delay in minutes, got 'soon'"
    assert rejects[3] == "expected a finite delay in minutes, got 'nan'"
    assert rejects[4] == "expected UTF-8 text, got byte 0xe9"
    assert rejects[6].startswith("expected ['uid', 'tweet', 'delay']->")
    assert sorted(o.line for o in found if isinstance(o, Record)) == [1, 5]


def test_labels_are_partial_items_merged_into_the_root(store, tmp_path: Path):
    folder = tmp_path / "twitter16"
    (folder / "tree").mkdir(parents=True)
    (folder / "tree" / "500.txt").write_bytes(TREE)
    (folder / "label.txt").write_bytes(b"false:500\nunverified:999\nnot a label\n")
    summary = import_paths(store, folder)
    assert {f for f in summary.formats.values()} == {"twitter-trees", "twitter-tree-labels"}
    root = rows(store, "SELECT kind, partial, extra FROM items WHERE id = '500'")[0]
    assert root[:2] == ("post", False)
    assert orjson.loads(root[2])["label"] == "false" and orjson.loads(root[2])["self_loops"] == 1
    # a label for a tweet without a tree is a partial item; the malformed line is quarantined
    assert rows(store, "SELECT partial FROM items WHERE id = '999'") == [(True,)]
    assert rows(store, "SELECT line, reason FROM quarantine") == [
        (3, "expected 'label:tweet id', got 'not a label'")
    ]
    assert rows(store, "SELECT count(*) FROM items") == [(6,)]


@pytest.mark.parametrize(
    "data", [{"label": "", "tweet": "1"}, {"label": "true", "tweet": "x"}, {"tweet": "1"}]
)
def test_label_records_refuse_bad_values(data):
    with pytest.raises(MappingError, match="expected a label and a numeric tweet id"):
        twitter_trees.map_label(data)


def test_real_trees_match_their_files(shared_data, store, tmp_path: Path):
    archive = shared_data / "cascades" / "twitter16.tar.xz"
    wanted = {"twitter16/tree/618804516578680832.txt", "twitter16/tree/690680149164085248.txt"}
    with tarfile.open(archive) as tar:
        for member in tar:
            if member.name in wanted:
                (tmp_path / Path(member.name).name).write_bytes(tar.extractfile(member).read())
    # the expectation, independently: distinct child triples, and the skip reasons by plain counting
    nodes, edges, loops, duplicates = set(), set(), 0, 0
    for path in tmp_path.glob("*.txt"):
        for line in path.read_text().splitlines():
            parent, child = (tuple(ast.literal_eval(side)) for side in line.split("->"))
            duplicates += (path.name, parent, child) in edges
            loops += parent == child and (path.name, parent, child) not in edges
            edges.add((path.name, parent, child))
            if parent != child:
                nodes.add((path.name, child))
    summary = import_paths(store, tmp_path)
    assert summary.totals().new == len(nodes)
    reasons: Counter = Counter()
    for (_, reason), n in summary.skipped_reasons.items():
        reasons[reason] += n
    assert reasons["duplicate edge line"] == duplicates and reasons["self-loop edge"] == loops
    assert rows(store, "SELECT count(*) FROM items WHERE kind = 'post'") == [(2,)]
    assert rows(store, "SELECT author_id FROM items WHERE id = '618804516578680832'") == [("759251",)]


LINE = "['{uid}', '{tweet}', '{delay}']->['{uid2}', '{tweet2}', '{delay2}']"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "3", "ROOT", "x", ""]),
            st.sampled_from(["500", "501", "ROOT", "5 0"]),
            st.sampled_from(["0.0", "1.5", "-2", "1e3", "inf", "abc", ""]),
            st.sampled_from(["1", "2", "3", "4"]),
            st.sampled_from(["500", "502", "ROOT"]),
        ),
        max_size=12,
    ),
    st.integers(min_value=0, max_value=400),
    st.binary(max_size=20),
)
def test_broken_trees_never_crash_and_lose_nothing(fuzz_store, edges, cut, garbage):
    text = "\n".join(
        LINE.format(uid=u, tweet=t, delay=d, uid2=u2, tweet2=t2, delay2=d) for u, t, d, u2, t2 in edges
    )
    body = text.encode()[:cut] + garbage
    found = outputs(body)
    lines = sum(1 for line in body.split(b"\n") if line.strip())
    records = [o for o in found if isinstance(o, Record)]
    # nodes named only as parents (their own line missing) are kept: one more item each
    added = sum(
        c["missing_parents"] + c["missing_root"] for o in records if (c := o.data["_pp"].get("counts"))
    )
    # every line: a node, a skip or a reject
    assert len(found) == lines + added or any(o.line == 0 for o in found)
    counted = tally(twitter_trees.FORMATS[0], entry_of(body))
    assert counted["item"] == len(records)
    assert_import_accounts_for_every_record(fuzz_store, "twitter-trees", "500.txt", body, counted)
