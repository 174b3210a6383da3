"""Pushshift / Arctic Shift NDJSON dumps: hand-built realistic lines, imports, and fuzzing.

There is no dump in the shared data: the lines below follow the published field lists (Arctic Shift's
``schemas/RS.ts`` and ``RC.ts``, ``file_content_explanations.md``) and old Pushshift comment dumps
(string ``created_utc``, no ``name`` or ``permalink``, ``retrieved_on``).
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError, canonical_urls
from passaparola.sources import ImportOptions, Record, Reject, Skipped, reddit
from passaparola.sources.inputs import Peek, walk
from passaparola.sources.pushshift import FORMAT, kind_of, map_item, records, sniff
from passaparola.store import decompress_raw
from tests.conftest import import_paths, rows
from tests.sources.test_reddit import (
    JSON_VALUES,
    as_json,
    assert_accounted,
    entry,
    import_bytes,
    listing,
    misencoded,
    read_all,
    truncated,
    typed_thing,
)

SUBMISSION = {
    "_meta": {"retrieved_2nd_on": 1700129600, "is_edited": False},
    "all_awardings": [],
    "archived": False,
    "author": "crema_fan",
    "author_created_utc": 1262304000,
    "author_flair_text": None,
    "author_fullname": "t2_abc12",
    "author_premium": False,
    "created_utc": 1700000000,
    "distinguished": None,
    "domain": "self.espresso",
    "edited": False,
    "gilded": 0,
    "hide_score": False,
    "id": "17v3x1a",
    "is_self": True,
    "link_flair_text": "Question",
    "locked": False,
    "name": "t3_17v3x1a",
    "num_comments": 3,
    "num_crossposts": 0,
    "over_18": False,
    "permalink": "/r/espresso/comments/17v3x1a/which_grinder_under_300/",
    "retrieved_on": 1700000030,
    "score": 25,
    "selftext": "Budget is tight &amp; I want **flat** burrs.",
    "spoiler": False,
    "stickied": False,
    "subreddit": "espresso",
    "subreddit_id": "t5_2qhq0",
    "subreddit_subscribers": 400000,
    "title": "Which grinder under 300€?",
    "total_awards_received": 0,
    "ups": 25,
    "upvote_ratio": 0.96,
    "url": "https://www.reddit.com/r/espresso/comments/17v3x1a/which_grinder_under_300/",
}

COMMENT = {  # Arctic Shift comments often come without `name`: the id is bare
    "_meta": {"retrieved_2nd_on": 1700129700},
    "author": "latte_art",
    "author_fullname": "t2_def34",
    "body": "&gt; under 300\n\nLook at the DF64 &amp; a good scale.",
    "controversiality": 0,
    "created_utc": 1700000600,
    "distinguished": None,
    "edited": False,
    "gilded": 0,
    "id": "k9a1b2c",
    "is_submitter": False,
    "link_id": "t3_17v3x1a",
    "parent_id": "t3_17v3x1a",
    "permalink": "/r/espresso/comments/17v3x1a/which_grinder_under_300/k9a1b2c/",
    "retrieved_on": 1700000630,
    "score": 14,
    "score_hidden": False,
    "stickied": False,
    "subreddit": "espresso",
    "subreddit_id": "t5_2qhq0",
}

REPLY = {
    **COMMENT,
    "_meta": {"retrieved_2nd_on": 1700129800, "was_deleted_later": True, "removal_type": "deleted"},
    "author": "crema_fan",
    "author_fullname": "t2_abc12",
    "body": "Thanks u/latte_art, ordered one: https://shop.example.com/df64?utm_source=reddit",
    "created_utc": 1700001200,
    "id": "k9a1c3d",
    "is_submitter": True,
    "parent_id": "t1_k9a1b2c",
    "permalink": "/r/espresso/comments/17v3x1a/which_grinder_under_300/k9a1c3d/",
    "score": -2,
}

OLD_COMMENT = {  # a 2015 Pushshift comment: string created_utc, `ups`, no name, no permalink
    "author": "[deleted]",
    "author_flair_css_class": None,
    "author_flair_text": None,
    "body": "[removed]",
    "controversiality": 0,
    "created_utc": "1420070400",
    "distinguished": None,
    "edited": False,
    "gilded": 0,
    "id": "cnas8zv",
    "link_id": "t3_2qyr1a",
    "parent_id": "t1_cnas7a1",
    "retrieved_on": 1425124228,
    "score": 3,
    "stickied": False,
    "subreddit": "espresso",
    "subreddit_id": "t5_2qhq0",
    "ups": 3,
}

REMOVED_SUBMISSION = {
    **SUBMISSION,
    "_meta": {"removal_type": "moderator"},
    "id": "17v4aaa",
    "name": None,
    "removed_by_category": "moderator",
    "selftext": "[removed]",
    "title": "Buy cheap beans here",
    "permalink": None,
    "url": "https://www.reddit.com/r/espresso/comments/17v4aaa/buy_cheap_beans_here/",
}


def ndjson(*objects: Any) -> bytes:
    return b"".join(orjson.dumps(obj) + b"\n" for obj in objects)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def full(data: dict) -> dict:
    item = map_item(data)
    assert set(item) <= {*ITEM_COLUMNS, "_author", "observed_at"}
    return {**dict.fromkeys(ITEM_COLUMNS), **item}


def test_submission_line():
    item = full(SUBMISSION)
    assert item == {
        **dict.fromkeys(ITEM_COLUMNS),
        "platform": "reddit",
        "id": "t3_17v3x1a",
        "kind": "post",
        "created_at": utc(2023, 11, 14, 22, 13, 20),
        "author_id": "crema_fan",
        "author_handle": "crema_fan",
        "title": "Which grinder under 300€?",
        "text": "Budget is tight & I want **flat** burrs.",  # legacy escaping undone
        "mentions": [],
        "urls": [],
        "likes": 25,
        "replies": 3,
        "url": "https://www.reddit.com/r/espresso/comments/17v3x1a/which_grinder_under_300/",
        "extra": item["extra"],
        "observed_at": utc(2023, 11, 16, 10, 13, 20),  # the second retrieval, whose counters are kept
        "_author": {"url": "https://www.reddit.com/user/crema_fan/", "created_at": utc(2010, 1, 1)},
    }
    assert json.loads(item["extra"]) == {
        "subreddit": "espresso",
        "subreddit_id": "t5_2qhq0",
        "stickied": False,
        "over_18": False,
        "locked": False,
        "score": 25,
        "upvote_ratio": 0.96,
        "author_fullname": "t2_abc12",
    }


def test_comment_lines_with_bare_ids_link_up():
    top, reply = full(COMMENT), full(REPLY)
    assert (top["id"], top["kind"], top["parent_id"], top["root_id"]) == (
        "t1_k9a1b2c",
        "reply",
        "t3_17v3x1a",
        "t3_17v3x1a",
    )
    assert top["text"] == "> under 300\n\nLook at the DF64 & a good scale."
    assert top["likes"] == 14 and top["replies"] is None
    assert top["observed_at"] == utc(2023, 11, 16, 10, 15)
    assert top["url"] == "https://www.reddit.com/r/espresso/comments/17v3x1a/which_grinder_under_300/k9a1b2c/"
    assert (reply["id"], reply["parent_id"], reply["root_id"]) == ("t1_k9a1c3d", "t1_k9a1b2c", "t3_17v3x1a")
    assert reply["mentions"] == ["latte_art"]
    assert canonical_urls(reply["urls"]) == ["https://shop.example.com/df64"]  # as enrichment stores them
    assert reply["likes"] is None  # net score -2
    extra = json.loads(reply["extra"])
    assert extra["score"] == -2 and extra["deleted_later"] is True and extra["removal_type"] == "deleted"


def test_old_pushshift_comment():
    item = full(OLD_COMMENT)
    assert item["id"] == "t1_cnas8zv"
    assert item["created_at"] == utc(2015, 1, 1)
    assert (item["author_id"], item["author_handle"], item["text"]) == (None, "[deleted]", None)
    assert json.loads(item["extra"])["removed"] is True
    assert item["likes"] == 3
    assert item["url"] == "https://www.reddit.com/r/espresso/comments/2qyr1a/_/cnas8zv/"
    assert item["observed_at"] == utc(2015, 2, 28, 11, 50, 28)
    assert "_author" not in item or item["_author"] is None


def test_removed_submission_without_name_or_permalink():
    item = full(REMOVED_SUBMISSION)
    assert item["id"] == "t3_17v4aaa"
    assert item["text"] is None and item["title"] == "Buy cheap beans here"
    assert item["url"] == "https://www.reddit.com/r/espresso/comments/17v4aaa/"
    extra = json.loads(item["extra"])
    assert extra["removed"] is True and extra["removed_by_category"] == "moderator"
    assert extra["removal_type"] == "moderator"


def test_kind_comes_from_name_then_fields():
    assert kind_of({"name": "t3_x", "body": "b"}) == "t3"
    assert kind_of({"id": "t1_abc"}) == "t1"
    assert kind_of({"id": "abc", "title": "t"}) == "t3"
    assert kind_of({"id": "abc", "body": "b", "link_id": "t3_x"}) == "t1"
    with pytest.raises(MappingError, match="'title'"):
        kind_of({"id": "abc", "subreddit": "x"})
    with pytest.raises(MappingError, match="created_utc"):
        map_item({**COMMENT, "created_utc": "last week"})
    with pytest.raises(MappingError, match="'id'"):
        map_item({**COMMENT, "id": 12345})


def test_records_lines_api_pages_and_wrapped_things():
    body = ndjson(SUBMISSION, COMMENT) + b"{not json\n\n" + ndjson([1], {"kind": "t1", "data": {**REPLY}})
    outs = list(records(entry(body, name="RC_2023-11.ndjson"), ImportOptions()))
    assert [(type(o).__name__, o.line) for o in outs] == [
        ("Record", 1),
        ("Record", 2),
        ("Reject", 3),
        ("Reject", 5),
        ("Record", 6),
    ]
    assert map_item(outs[-1].data)["id"] == "t1_k9a1c3d"
    page = {"data": [SUBMISSION, COMMENT, REPLY], "metadata": {"total_results": 3}}
    page_outs = list(records(entry(page), ImportOptions()))
    assert [(type(o).__name__, o.line) for o in page_outs] == [("Record", 1), ("Record", 2), ("Record", 3)]
    assert list(records(entry({"data": []}), ImportOptions())) == [Skipped(1, "empty page")]


def test_sniffing():
    def peek(content: Any) -> Peek:
        return Peek(entry(content))

    assert sniff(peek(ndjson(SUBMISSION, COMMENT)))
    assert sniff(peek(ndjson(OLD_COMMENT)))
    assert sniff(peek({"data": [COMMENT]}))
    assert not reddit.sniff(peek(ndjson(COMMENT)))
    assert not sniff(peek(listing({"kind": "t1", "data": COMMENT})))
    assert not sniff(peek([listing(), listing()]))
    assert not sniff(peek({"data": [{"id": "1", "text": "a tweet", "created_at": "2023-01-01"}]}))
    assert not sniff(peek(b"\x28\xb5\x2f\xfd binary zstd frame"))


def test_import_by_sniffing_links_the_thread(tmp_path, store):
    path = tmp_path / "r_espresso_comments.ndjson"
    path.write_bytes(ndjson(COMMENT, REPLY, OLD_COMMENT) + b'{"id": "broken\n')
    (tmp_path / "r_espresso_submissions.ndjson").write_bytes(ndjson(SUBMISSION, REMOVED_SUBMISSION))
    summary = import_paths(store, tmp_path)
    assert set(summary.formats.values()) == {"pushshift"}
    assert rows(store, "SELECT count(*) FROM items WHERE platform = 'reddit'") == [(5,)]
    assert rows(store, "SELECT source, line FROM quarantine") == [(str(path), 4)]
    chain = rows(
        store,
        "SELECT r.id, p.id, p.parent_id FROM items r JOIN items p ON r.parent_id = p.id WHERE r.id = 't1_k9a1c3d'",
    )
    assert chain == [("t1_k9a1c3d", "t1_k9a1b2c", "t3_17v3x1a")]
    observed = rows(store, "SELECT epoch(observed_at) FROM items WHERE id = 't3_17v3x1a'")
    assert observed == [(1700129600.0,)]
    assert rows(store, "SELECT handle FROM authors WHERE id = 'crema_fan' LIMIT 1") == [("crema_fan",)]
    assert_accounted(store, summary, tmp_path, FORMAT)
    for name, parent, text, raw in rows(store, "SELECT id, parent_id, text, raw FROM items"):
        again = map_item(decompress_raw(raw))  # the stored raw line is re-parseable alone
        assert (again["id"], again.get("parent_id"), again.get("text")) == (name, parent, text)


def _zst_supported(tmp_path: Path) -> bool:
    import zstandard

    probe = tmp_path / "probe.ndjson.zst"
    probe.write_bytes(zstandard.ZstdCompressor().compress(ndjson(COMMENT)))
    return all(not e.name.endswith(".zst") for e in walk([probe]))


def test_zst_dump_with_a_long_window(tmp_path, store):
    import zstandard

    if not _zst_supported(tmp_path):
        pytest.skip("the input layer does not open .zst yet (proposed in the importer report)")
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=28, enable_ldm=True)
    buffer = io.BytesIO()
    with zstandard.ZstdCompressor(compression_params=params).stream_writer(buffer, closefd=False) as writer:
        writer.write(ndjson(SUBMISSION, COMMENT))
        writer.flush(zstandard.FLUSH_FRAME)
        writer.write(ndjson(REPLY))  # a second frame, as concatenated dumps have
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "RC_2023-11.zst").write_bytes(buffer.getvalue())
    summary = import_paths(store, folder)
    assert set(summary.formats.values()) == {"pushshift"}
    assert rows(store, "SELECT count(*) FROM items") == [(3,)]


# --- fuzzing ----------------------------------------------------------------------------------------

SAMPLES = [SUBMISSION, COMMENT, REPLY, OLD_COMMENT, REMOVED_SUBMISSION]
DUMP = ndjson(*SAMPLES)
TEXT = ndjson({**COMMENT, "body": "Caffè più buono, però caro € ☕"}, SUBMISSION).decode()


def deep_line(depth: int) -> bytes:
    """A comment line whose ``_meta`` nests ``depth`` levels (orjson parses 1024, serialises 255)."""
    line = orjson.dumps(COMMENT).decode()
    return (line[:-1] + ',"_x":' + "[" * depth + "]" * depth + "}\n").encode()


MUTATIONS = {
    "typed": lambda data: as_json(typed_thing(data, SAMPLES)) + b"\n" + DUMP,
    "truncated": lambda data: truncated(data, DUMP),
    "misencoded": lambda data: misencoded(data, TEXT),
    "nested": lambda data: DUMP + deep_line(data.draw(st.integers(min_value=1, max_value=1500))),
}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_wrongly_typed_lines_raise_only_mapping_errors(data):
    line = typed_thing(data, SAMPLES)
    if data.draw(st.booleans()):
        line = data.draw(st.sampled_from([[line], "text", 7, None, {"kind": "t1", "data": line}]))
    try:
        map_item(line)  # type: ignore[arg-type]
    except MappingError:
        pass
    assert read_all(as_json(line), FORMAT)  # something is always said about each line
    assert read_all(as_json({"data": [line, data.draw(JSON_VALUES)]}), FORMAT)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_truncated_and_misencoded_dumps_raise_nothing(data):
    for body in (truncated(data, DUMP), misencoded(data, TEXT)):
        outs = read_all(body, FORMAT)
        assert all(not isinstance(o, Record) or o.data for o in outs)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=1500))
def test_deeply_nested_lines_are_rejected_alone(depth):
    outs = read_all(DUMP + deep_line(depth), FORMAT)
    assert [type(o).__name__ for o in outs[:-1]] == ["Record"] * len(SAMPLES)
    if depth <= 200:
        assert isinstance(outs[-1], Record)
    elif depth >= 300:  # too deep to store (orjson writes 255 levels) or to parse (1024): quarantined
        assert isinstance(outs[-1], Reject)
    assert outs[-1].line == len(SAMPLES) + 1


@settings(max_examples=40, deadline=None)  # each example writes to DuckDB (~0.1 s): kept under ~5 s
@given(st.data())
def test_mutated_dumps_are_accounted_for_through_import(data):
    mutation = data.draw(st.sampled_from(sorted(MUTATIONS)))
    store, summary, path = import_bytes(MUTATIONS[mutation](data), "pushshift", name="RC_fuzz.ndjson")
    assert_accounted(store, summary, path, FORMAT)
