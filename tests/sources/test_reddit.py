"""Reddit API importer: hand-built responses, the real PRAW cassettes, and fuzzing."""

from __future__ import annotations

import copy
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError, canonical_url, canonical_urls
from passaparola.ingest import ImportSummary
from passaparola.sources import Format, ImportOptions, Record, Reject, Skipped, pushshift, reddit
from passaparola.sources.inputs import Entry, Peek, walk
from passaparola.sources.reddit import FORMAT, map_author, map_item
from passaparola.store import Store, decompress_raw
from tests.conftest import SHARED_DATA, import_paths, rows

REDDIT = SHARED_DATA / "platforms" / "reddit"
THREAD = "TestCommentForest.test_replace__all.json"
LARGE = "TestCommentForest.test_replace__all_large.json"
FRONT = "TestFront.test_new.json"
USER = "TestRedditorListings.test_new.json"
RAW_JSON = "GET https://oauth.reddit.com/comments/15xyz9a/?raw_json=1&limit=2048"


# --- helpers (also used by test_pushshift) -----------------------------------------------------------


def entry(content: Any, name: str = "page.json", hint: str | None = None) -> Entry:
    body = content if isinstance(content, bytes) else orjson.dumps(content)
    return Entry(name, lambda: io.BytesIO(body), len(body), None, hint)


def outputs(content: Any, fmt: Format = FORMAT, **kwargs) -> list:
    return list(fmt.records(entry(content, **kwargs), ImportOptions()))


def full(item: dict) -> dict:
    """An item with every column present (None where the importer left it out)."""
    assert set(item) <= {*ITEM_COLUMNS, "_author", "observed_at"}
    return {**dict.fromkeys(ITEM_COLUMNS), **item}


def mapped(content: Any, **kwargs) -> list[dict]:
    return [full(map_item(o.data)) for o in outputs(content, **kwargs) if isinstance(o, Record)]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def listing(*children: dict) -> dict:
    return {"kind": "Listing", "data": {"after": None, "before": None, "children": list(children)}}


def assert_accounted(store: Store, summary: ImportSummary, path: Path, fmt: Format) -> None:
    """Every record the reader yields for ``path`` is stored, skipped or quarantined with its line."""
    assert summary.status == "done"
    for source, reason in rows(store, "SELECT source, reason FROM quarantine"):
        assert source and "reader stopped" not in reason and "could not map" not in reason, reason
    item_ids = {name for (name,) in rows(store, "SELECT id FROM items WHERE platform = 'reddit'")}
    author_ids = {name for (name,) in rows(store, "SELECT id FROM authors WHERE platform = 'reddit'")}
    for item_entry in walk([path]):
        quarantined = {
            line for (line,) in rows(store, "SELECT line FROM quarantine WHERE source = ?", item_entry.name)
        }
        if item_entry.name in summary.unrecognised:
            assert not quarantined
            continue
        skipped = 0
        for output in fmt.records(item_entry, ImportOptions()):
            assert output.line >= 1
            if isinstance(output, Skipped):
                skipped += 1
                continue
            if isinstance(output, Reject):
                assert output.line in quarantined
                continue
            mapper, stored = (
                (fmt.map_author, author_ids) if output.type == "author" else (fmt.map_item, item_ids)
            )
            try:
                mapped_record = mapper(output.data)  # type: ignore[misc]
            except MappingError:
                assert output.line in quarantined
                continue
            assert mapped_record["id"] in stored
        assert summary.counts[item_entry.name].skipped == skipped


_FUZZ: dict[str, Any] = {}


def import_bytes(body: bytes, fmt: str, name: str = "input.json") -> tuple[Store, ImportSummary, Path]:
    """Write ``body`` to a new temporary file and import it into an emptied in-memory store.

    The store is opened once per process and emptied between calls: opening one costs more than the
    import being tested, and hypothesis runs many examples. The files go away with the process.
    """
    if not _FUZZ:
        _FUZZ["store"] = Store.open(None)
        _FUZZ["folder"] = tempfile.TemporaryDirectory(prefix="pp-fuzz-")
        _FUZZ["count"] = 0
    store: Store = _FUZZ["store"]
    for table in ("items", "authors", "quarantine", "import_sources"):
        store.con.execute(f"DELETE FROM {table}")
    _FUZZ["count"] += 1
    folder = Path(_FUZZ["folder"].name) / str(_FUZZ["count"])
    folder.mkdir()
    path = folder / name
    path.write_bytes(body)
    return store, import_paths(store, path, format_name=fmt), path


# --- hand-built records ---------------------------------------------------------------------------

SELF_POST = {
    "kind": "t3",
    "data": {
        "subreddit": "espresso",
        "subreddit_id": "t5_2qhq0",
        "selftext": "Is u/Barista_Bob right that the grinder matters more? "
        "See [this guide](https://Example.com/guide?utm_source=reddit&x=1).",
        "author_fullname": "t2_abc12",
        "title": "Grinder or machine?",
        "name": "t3_15xyz9a",
        "id": "15xyz9a",
        "upvote_ratio": 0.93,
        "ups": 42,
        "downs": 0,
        "score": 42,
        "num_comments": 7,
        "is_self": True,
        "domain": "self.espresso",
        "url": "https://www.reddit.com/r/espresso/comments/15xyz9a/grinder_or_machine/",
        "permalink": "/r/espresso/comments/15xyz9a/grinder_or_machine/",
        "author": "crema_fan",
        "created_utc": 1692612000.0,
        "created": 1692640800.0,
        "stickied": False,
        "over_18": False,
        "locked": False,
        "distinguished": None,
        "edited": 1692615600.0,
        "hide_score": False,
        "media": {"oembed": {"html": "<iframe></iframe>"}},
    },
}


def link_post(**changes: Any) -> dict:
    data = {
        **SELF_POST["data"],
        "name": "t3_15xyzaa",
        "id": "15xyzaa",
        "title": "Caffè Aurora opens in Milan",
        "selftext": "",
        "is_self": False,
        "domain": "example.com",
        "url": "https://WWW.Example.com/news/aurora?utm_campaign=launch&id=7",
        "permalink": "/r/espresso/comments/15xyzaa/caffe_aurora_opens_in_milan/",
        "edited": False,
    }
    data.update(changes)
    return {"kind": "t3", "data": data}


def comment(short: str, parent: str, body: str = "Agreed.", replies: Any = "", **changes: Any) -> dict:
    data = {
        "subreddit_id": "t5_2qhq0",
        "link_id": "t3_15xyz9a",
        "replies": replies,
        "id": short,
        "author": "latte_art",
        "author_fullname": "t2_def34",
        "parent_id": parent,
        "score": 5,
        "ups": 5,
        "body": body,
        "body_html": f"<div class='md'><p>{body}</p></div>",
        "edited": False,
        "subreddit": "espresso",
        "name": f"t1_{short}",
        "score_hidden": False,
        "stickied": False,
        "created_utc": 1692615600.0,
        "permalink": f"/r/espresso/comments/15xyz9a/grinder_or_machine/{short}/",
        "distinguished": None,
        "controversiality": 0,
    }
    data.update(changes)
    return {"kind": "t1", "data": data}


def more(count: int, parent: str, children: list[str]) -> dict:
    return {
        "kind": "more",
        "data": {
            "count": count,
            "parent_id": parent,
            "children": children,
            "id": children[0] if children else "_",
        },
    }


def comments_page() -> list:
    """The comments endpoint's pair: the submission, then a tree with a deleted comment and more stubs."""
    deleted = comment(
        "jx2",
        "t1_jx1",
        body="[deleted]",
        author="[deleted]",
        author_fullname=None,
        replies=listing(more(3, "t1_jx2", ["jx5", "jx6", "jx7"])),
    )
    first = comment(
        "jx1", "t3_15xyz9a", body="Grinder, every time.", replies=listing(deleted), ups=12, score=12
    )
    negative = comment("jx3", "t3_15xyz9a", body="Machine. Fight me.", ups=-3, score=-3, controversiality=1)
    return [
        listing(SELF_POST),
        listing(first, negative, more(12, "t3_15xyz9a", ["jx8", "jx9"])),
    ]


def test_self_post_maps_every_column():
    (item,) = mapped(listing(SELF_POST), hint=RAW_JSON)
    item["urls"] = canonical_urls(item["urls"])  # enrichment canonicalises the links as given
    assert item == {
        **dict.fromkeys(ITEM_COLUMNS),
        "platform": "reddit",
        "id": "t3_15xyz9a",
        "kind": "post",
        "created_at": utc(2023, 8, 21, 10, 0),
        "author_id": "crema_fan",
        "author_handle": "crema_fan",
        "title": "Grinder or machine?",
        "text": SELF_POST["data"]["selftext"],
        "mentions": ["barista_bob"],
        "urls": ["https://example.com/guide?x=1"],
        "likes": 42,
        "replies": 7,
        "url": "https://www.reddit.com/r/espresso/comments/15xyz9a/grinder_or_machine/",
        "extra": item["extra"],
        "_author": {"url": "https://www.reddit.com/user/crema_fan/", "created_at": None},
    }
    assert json.loads(item["extra"]) == {
        "subreddit": "espresso",
        "subreddit_id": "t5_2qhq0",
        "stickied": False,
        "over_18": False,
        "locked": False,
        "score": 42,
        "upvote_ratio": 0.93,
        "author_fullname": "t2_abc12",
        "edited": "2023-08-21T11:00:00+00:00",
    }
    assert item["shares"] is None and item["quotes"] is None and item["views"] is None
    assert item["promoted"] is None  # no `promoted` key: unknown, not False


def test_link_post_keeps_its_link_and_has_no_text():
    (item,) = mapped(listing(link_post()))
    assert item["kind"] == "post"
    assert item["text"] is None
    assert item["title"] == "Caffè Aurora opens in Milan"
    assert canonical_urls(item["urls"]) == [
        "https://www.example.com/news/aurora?id=7"
    ]  # as enrichment stores them
    assert item["mentions"] == []  # the title was read: no u/ mentions in it


def test_promoted_flag_and_crosspost():
    (ad,) = mapped(listing(link_post(promoted=True)))
    assert ad["promoted"] is True
    (cross,) = mapped(listing(link_post(crosspost_parent="t3_15aaaaa", url="/r/coffee/comments/15aaaaa/x/")))
    assert cross["kind"] == "share"
    assert cross["shared_id"] == "t3_15aaaaa"
    assert cross["likes"] == 42  # the crosspost's own votes
    assert cross["urls"] == ["https://www.reddit.com/r/coffee/comments/15aaaaa/x/"]


def test_comments_page_walks_the_tree_parents_first():
    outs = outputs(comments_page(), hint=RAW_JSON)
    assert [type(o).__name__ for o in outs] == ["Record", "Record", "Record", "Skipped", "Record", "Skipped"]
    assert [o.line for o in outs] == [1, 2, 3, 4, 5, 6]
    assert outs[3].reason == "3 comments not fetched (more stub)"
    assert outs[5].reason == "12 comments not fetched (more stub)"
    assert [o.data["data"]["name"] for o in outs if isinstance(o, Record)] == [
        "t3_15xyz9a",
        "t1_jx1",
        "t1_jx2",
        "t1_jx3",
    ]
    # each comment is stored alone: its subtree is not repeated inside it
    assert all("replies" not in o.data["data"] for o in outs if isinstance(o, Record))
    assert all(o.data["_pp"] == {"raw_json": True} for o in outs if isinstance(o, Record))


def test_comments_map_parents_roots_and_deleted_authors():
    post, first, deleted, negative = mapped(comments_page(), hint=RAW_JSON)
    assert post["replies"] == 7
    assert first == {
        **dict.fromkeys(ITEM_COLUMNS),
        "platform": "reddit",
        "id": "t1_jx1",
        "kind": "reply",
        "created_at": utc(2023, 8, 21, 11, 0),
        "author_id": "latte_art",
        "author_handle": "latte_art",
        "text": "Grinder, every time.",
        "parent_id": "t3_15xyz9a",
        "root_id": "t3_15xyz9a",
        "mentions": [],
        "urls": [],
        "likes": 12,
        "replies": None,  # the API has no reply counter on comments
        "url": "https://www.reddit.com/r/espresso/comments/15xyz9a/grinder_or_machine/jx1/",
        "extra": first["extra"],
        "_author": first["_author"],
    }
    assert deleted["parent_id"] == "t1_jx1" and deleted["root_id"] == "t3_15xyz9a"
    assert deleted["author_id"] is None
    assert deleted["author_handle"] == "[deleted]"
    assert deleted["text"] is None and deleted["urls"] is None
    assert "_author" not in deleted or deleted["_author"] is None
    assert json.loads(deleted["extra"])["deleted"] is True
    assert negative["likes"] is None  # net votes below zero are not a count of likes
    assert json.loads(negative["extra"])["score"] == -3


def test_ups_preferred_hidden_scores_null_and_removed_placeholder():
    (item,) = mapped(listing(comment("jy1", "t3_15xyz9a", ups=9, score=7)))
    assert item["likes"] == 9
    (hidden,) = mapped(listing(comment("jy2", "t3_15xyz9a", score_hidden=True, ups=1, score=1)))
    assert hidden["likes"] is None
    (fresh,) = mapped(listing(link_post(hide_score=True, ups=3, score=3)))
    assert fresh["likes"] == 3  # hidden on the site only
    (removed,) = mapped(listing(comment("jy3", "t3_15xyz9a", body="[removed]", author="[deleted]")))
    assert removed["text"] is None
    assert json.loads(removed["extra"])["removed"] is True
    (scoreless,) = mapped(listing(comment("jy4", "t3_15xyz9a", ups=None, score=None)))
    assert scoreless["likes"] is None


def test_morechildren_response_and_skips():
    body = {
        "json": {
            "errors": [],
            "data": {"things": [comment("jz1", "t1_jx1"), more(2, "t1_jz1", ["a1", "a2"])]},
        }
    }
    outs = outputs(body)
    assert isinstance(outs[0], Record) and outs[0].data["data"]["name"] == "t1_jz1"
    assert outs[1] == Skipped(2, "2 comments not fetched (more stub)")
    assert outputs({"json": {"errors": [], "data": {"things": []}}}) == [
        Skipped(1, "empty morechildren response")
    ]
    limited = outputs({"json": {"errors": [["RATELIMIT", "you are doing that too much", "ratelimit"]]}})
    assert isinstance(limited[0], Skipped) and limited[0].reason.startswith("API error response")
    assert outputs({"message": "Forbidden", "error": 403}) == [
        Skipped(1, "API error response: 403 Forbidden")
    ]
    assert outputs(listing()) == [Skipped(1, "empty listing")]
    assert outputs(listing({"kind": "t5", "data": {"display_name": "espresso"}})) == [
        Skipped(1, "Reddit t5 object is not an item")
    ]


def test_malformed_things_are_rejected_with_their_position():
    outs = outputs(listing(SELF_POST, {"kind": "t1", "data": "oops"}, 7, {"no": "kind"}))
    assert isinstance(outs[0], Record)
    assert [(type(o).__name__, o.line) for o in outs[1:]] == [("Reject", 2), ("Reject", 3), ("Reject", 4)]
    assert "'data' to be an object" in outs[1].reason


def test_mapping_errors_name_the_field():
    bad_id = comment("jx1", "t3_15xyz9a", name=None, id="NOT-BASE36")
    with pytest.raises(MappingError, match="'id'"):
        map_item(bad_id)
    with pytest.raises(MappingError, match="created_utc"):
        map_item(comment("jx1", "t3_15xyz9a", created_utc="yesterday"))
    with pytest.raises(MappingError, match="'body'"):
        map_item(comment("jx1", "t3_15xyz9a", body=["list"]))
    with pytest.raises(MappingError, match="num_comments"):
        map_item(link_post(num_comments="many"))
    with pytest.raises(MappingError, match="kind"):
        map_item({"kind": "t9", "data": {}})


def test_bare_ids_get_fullnames():
    data = comment("jx9", "jx1", name=None, link_id="15xyz9a")["data"]
    item = map_item({"kind": "t1", "data": data})
    assert (item["id"], item["parent_id"], item["root_id"]) == ("t1_jx9", "t1_jx1", "t3_15xyz9a")
    top = map_item({"kind": "t1", "data": {**data, "parent_id": "15xyz9a"}})
    assert top["parent_id"] == "t3_15xyz9a"


def test_legacy_html_escapes_are_undone_unless_raw_json():
    escaped = comment("jq1", "t3_15xyz9a", body="fish &amp; chips &gt; pizza &lt;3")
    (plain,) = mapped(listing(escaped), hint="GET https://oauth.reddit.com/r/espresso/comments")
    assert plain["text"] == "fish & chips > pizza <3"
    (raw,) = mapped(listing(escaped), hint=RAW_JSON)
    assert raw["text"] == "fish &amp; chips &gt; pizza &lt;3"
    literal = comment("jq2", "t3_15xyz9a", body="AT&T &gt; the rest")  # a bare & cannot be escaped text
    (kept,) = mapped(listing(literal))
    assert kept["text"] == "AT&T &gt; the rest"


def test_markdown_links_and_user_mentions():
    body = "Ask /u/Crema_Fan or u/bob-the_barista, not https://reddit.com/u/nobody: [guide](https://x.io/a_(b)) and [https://y.io](https://y.io/)"
    (item,) = mapped(listing(comment("jm1", "t3_15xyz9a", body=body)))
    assert item["mentions"] == ["crema_fan", "bob-the_barista"]
    assert canonical_urls(item["urls"]) == [
        "https://x.io/a_(b)",
        "https://y.io/",
        "https://reddit.com/u/nobody",
    ]  # as enrichment stores them


def test_deep_thread_is_walked_without_recursion():
    depth = 5000
    root = comment("a0", "t3_15xyz9a")
    node = root
    for level in range(1, depth):
        child = comment(f"a{level}", f"t1_a{level - 1}")
        node["data"]["replies"] = listing(child)
        node = child
    outs = list(reddit.walk([listing(SELF_POST), listing(root)]))
    assert len(outs) == depth + 1
    items = [map_item(o.data) for o in outs]
    assert items[-1]["parent_id"] == f"t1_a{depth - 2}" and items[-1]["id"] == f"t1_a{depth - 1}"


def test_inbox_message_and_comment_reply():
    message = {
        "kind": "t4",
        "data": {
            "first_message_name": "t4_1x0",
            "subject": "re: order #123",
            "author": "crema_fan",
            "dest": "CaffeAurora",
            "body": "Still waiting for my beans.",
            "name": "t4_1x2",
            "id": "1x2",
            "parent_id": "t4_1x1",
            "created_utc": 1692615600.0,
            "was_comment": False,
            "distinguished": None,
        },
    }
    item = full(map_item(message))
    assert (item["kind"], item["id"], item["parent_id"], item["root_id"]) == (
        "message",
        "t4_1x2",
        "t4_1x1",
        "t4_1x0",
    )
    assert item["title"] == "re: order #123" and item["text"] == "Still waiting for my beans."
    assert item["url"] == "https://www.reddit.com/message/messages/1x2"
    assert json.loads(item["extra"])["dest"] == "CaffeAurora"
    reply = comment("jr1", "t1_jx1", link_id=None, permalink=None, was_comment=True)
    reply["data"]["context"] = "/r/espresso/comments/15xyz9a/grinder_or_machine/jr1/?context=3"
    mapped_reply = map_item(reply)
    assert mapped_reply["root_id"] == "t3_15xyz9a"


def test_account_is_an_author_profile(tmp_path, store):
    about = {
        "kind": "t2",
        "data": {
            "name": "CaffeAurora",
            "id": "8xk2",
            "created_utc": 1262304000.0,
            "link_karma": 10,
            "comment_karma": 20,
            "subreddit": {"title": "Caffè Aurora", "public_description": "Roasters", "subscribers": 1200},
        },
    }
    (record,) = outputs(about)
    assert record.type == "author"
    assert map_author(record.data) == {
        "platform": "reddit",
        "id": "CaffeAurora",
        "handle": "CaffeAurora",
        "name": "Caffè Aurora",
        "followers": 1200,
        "following": None,
        "posts": None,
        "verified": None,
        "description": "Roasters",
        "location": None,
        "created_at": utc(2010, 1, 1),
        "url": "https://www.reddit.com/user/CaffeAurora/",
    }
    path = tmp_path / "about.json"
    path.write_bytes(orjson.dumps(about))
    import_paths(store, path)
    assert rows(store, "SELECT handle, followers FROM authors WHERE platform = 'reddit'") == [
        ("CaffeAurora", 1200)
    ]


def test_sniffing():
    def peek(content: Any, hint: str | None = None) -> Peek:
        return Peek(entry(content, hint=hint))

    token = b'{"access_token": "<ACCESS_TOKEN>", "token_type": "bearer", "expires_in": 3600, "scope": "*"}'
    assert not reddit.sniff(peek(token, "POST https://www.reddit.com/api/v1/access_token"))
    assert not pushshift.FORMAT.sniff(peek(token))
    for body in (listing(SELF_POST), comments_page(), {"json": {"errors": [], "data": {"things": []}}}):
        assert reddit.sniff(peek(body))
        assert not pushshift.FORMAT.sniff(peek(body))  # pushshift is sniffed first: it must not claim these
    assert not reddit.sniff(peek(SELF_POST["data"]))  # a bare data object is the Pushshift shape
    assert not reddit.sniff(peek({"statuses": []}))
    assert not reddit.sniff(peek(b"\x00\xff garbage"))


def test_sniffs_a_listing_larger_than_the_head():
    children = [comment(f"b{i}", "t3_15xyz9a", body="x" * 600) for i in range(2500)]
    body = orjson.dumps(listing(*children))
    assert len(body) > 1 << 20
    peek = Peek(entry(body))
    assert peek.sample is None
    assert reddit.sniff(peek)


def test_the_same_comment_in_two_responses_is_stored_once(tmp_path, store):
    first = {"json": {"errors": [], "data": {"things": [comment("jd1", "t1_jx1", ups=3, score=3)]}}}
    second = {"json": {"errors": [], "data": {"things": [comment("jd1", "t1_jx1", ups=4, score=4)]}}}
    (tmp_path / "a.json").write_bytes(orjson.dumps(first))
    (tmp_path / "b.json").write_bytes(orjson.dumps(second))
    summary = import_paths(store, tmp_path)
    assert set(summary.formats.values()) == {"reddit"}
    assert rows(store, "SELECT count(*) FROM items WHERE id = 't1_jd1'") == [(1,)]
    assert summary.totals().new == 1


# --- real data: the PRAW cassettes --------------------------------------------------------------------


@pytest.fixture(scope="module")
def cassettes(tmp_path_factory) -> Iterator[tuple[Store, ImportSummary]]:
    if not REDDIT.is_dir():
        pytest.skip(f"real data not found at {REDDIT}")
    with Store.open(tmp_path_factory.mktemp("reddit") / "store.duckdb") as store:
        yield store, import_paths(store, REDDIT)


def bodies(name: str) -> list[Any]:
    """The JSON response bodies of a cassette, parsed independently of the importer."""
    document = json.loads((REDDIT / name).read_text())
    found = []
    for interaction in document["interactions"]:
        text = interaction["response"]["body"]["string"]
        if "access_token" not in interaction["request"]["uri"]:
            found.append(json.loads(text))
    return found


def things(value: Any, kinds: tuple[str, ...] = ("t1", "t3", "more")) -> Iterator[dict]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("kind") in kinds and isinstance(node.get("data"), dict):
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def raw_comments(name: str) -> dict[str, dict]:
    return {t["data"]["name"]: t["data"] for body in bodies(name) for t in things(body, ("t1",))}


DEPTH_SQL = """
WITH RECURSIVE tree(id, depth) AS (
    SELECT id, 0 FROM items WHERE platform = 'reddit' AND parent_id = ?
    UNION ALL
    SELECT i.id, tree.depth + 1 FROM items i JOIN tree ON i.platform = 'reddit' AND i.parent_id = tree.id
)
SELECT max(depth), count(*) FROM tree
"""


@pytest.mark.realdata
def test_thread_3hahrw_published_facts(cassettes):
    store, _ = cassettes
    count_sql = (
        "SELECT count(*) FROM items WHERE platform = 'reddit' AND kind = 'reply' AND root_id = 't3_3hahrw'"
    )
    assert rows(store, count_sql) == [(541,)]
    assert len(raw_comments(THREAD)) == 541
    assert rows(store, "SELECT count(*) FROM items WHERE parent_id = 't3_3hahrw'") == [(144,)]
    # every comment hangs from the submission through parent_id, 11 levels below the top-level ones
    assert rows(store, DEPTH_SQL, "t3_3hahrw") == [(11, 541)]
    deleted = "SELECT count(*) FROM items WHERE root_id = 't3_3hahrw' AND author_handle = '[deleted]' AND author_id IS NULL"
    assert rows(store, deleted) == [(16,)]
    assert rows(store, "SELECT replies, title FROM items WHERE id = 't3_3hahrw'") == [(543, "Ba Dum Tsss")]


@pytest.mark.realdata
def test_thread_n49rw_published_facts(cassettes):
    store, _ = cassettes
    count_sql = (
        "SELECT count(*) FROM items WHERE platform = 'reddit' AND kind = 'reply' AND root_id = 't3_n49rw'"
    )
    assert rows(store, count_sql) == [(1428,)]
    assert len(raw_comments(LARGE)) == 1428
    assert rows(store, "SELECT replies FROM items WHERE id = 't3_n49rw'") == [(1412,)]
    assert rows(store, DEPTH_SQL, "t3_n49rw")[0][1] == 1428  # no orphan: morechildren answers link in


@pytest.mark.realdata
def test_comment_values_match_the_raw_responses(cassettes):
    store, _ = cassettes
    raw = raw_comments(THREAD)
    seen: dict[str, int] = {}
    for body in bodies(THREAD):
        for thing in things(body, ("t1",)):
            seen[thing["data"]["name"]] = seen.get(thing["data"]["name"], 0) + 1
    stored = {
        row[0]: row[1:]
        for row in rows(
            store,
            "SELECT id, parent_id, root_id, author_handle, author_id, text, likes, epoch(created_at), url "
            "FROM items WHERE root_id = 't3_3hahrw'",
        )
    }
    for name, data in raw.items():
        parent, root, handle, author_id, text, likes, created, url = stored[name]
        assert (parent, root, handle) == (data["parent_id"], data["link_id"], data["author"])
        assert author_id == (None if data["author"] == "[deleted]" else data["author"])
        assert text == (None if data["body"] in ("[deleted]", "[removed]") else data["body"])
        assert created == data["created_utc"]
        assert url == f"https://www.reddit.com/r/funny/comments/3hahrw/_/{data['id']}/"
        if seen[name] == 1:
            assert likes == (data["ups"] if data["ups"] >= 0 else None)


@pytest.mark.realdata
def test_token_bodies_are_not_sniffed_and_nothing_is_quarantined(cassettes):
    store, summary = cassettes
    tokens = sorted(name for name in summary.unrecognised if name.endswith("#1"))
    assert tokens == sorted(f"{REDDIT / name}#1" for name in (THREAD, LARGE, FRONT, USER))
    assert set(summary.formats.values()) == {"reddit"}
    assert rows(store, "SELECT count(*) FROM quarantine") == [(0,)]


@pytest.mark.realdata
def test_more_stubs_and_empty_answers_are_skipped(cassettes):
    _, summary = cassettes
    expected = 0
    for name in (THREAD, LARGE, FRONT, USER):
        for body in bodies(name):
            expected += sum(1 for _ in things(body, ("more",)))
            if isinstance(body, dict) and body.get("json", {}).get("data", {}).get("things") == []:
                expected += 1
    assert summary.totals().skipped == expected
    large = str(REDDIT / LARGE)
    assert summary.skipped_reasons[(large, "N comments not fetched")] >= 1


@pytest.mark.realdata
def test_front_page_listing(cassettes):
    store, _ = cassettes
    (body,) = bodies(FRONT)
    posts = [child["data"] for child in body["data"]["children"]]
    stored = {
        row[0]: row[1:]
        for row in rows(
            store,
            "SELECT id, kind, title, text, likes, replies, url, urls, promoted, json_extract_string(extra, '$.subreddit') "
            "FROM items WHERE source LIKE ?",
            f"%{FRONT}%",
        )
    }
    assert len(posts) == len(stored) == 100
    for data in posts:
        kind, title, text, likes, replies, url, urls, promoted, subreddit = stored[data["name"]]
        assert (kind, title, replies, subreddit) == (
            "post",
            data["title"],
            data["num_comments"],
            data["subreddit"],
        )
        assert likes == data["ups"]
        assert text == (data["selftext"] or None)
        assert url == "https://www.reddit.com" + data["permalink"]
        assert promoted is None
        if not data["is_self"]:
            assert urls[0] == canonical_url(data["url"])


@pytest.mark.realdata
def test_user_listing(cassettes):
    store, _ = cassettes
    (body,) = bodies(USER)
    raw = {child["data"]["name"]: child for child in body["data"]["children"]}
    stored = rows(
        store, "SELECT id, kind, author_id, root_id FROM items WHERE source LIKE ? ORDER BY id", f"%{USER}%"
    )
    assert len(stored) == 100
    assert {kind for _, kind, _, _ in stored} == {"post", "reply"}
    assert sum(1 for _, kind, _, _ in stored if kind == "reply") == 96
    for name, kind, author_id, root in stored:
        assert author_id == "spez"
        assert root == (raw[name]["data"]["link_id"] if kind == "reply" else None)


@pytest.mark.realdata
def test_stored_raw_records_reparse_alone(cassettes):
    store, _ = cassettes
    sample = rows(
        store,
        "SELECT id, parent_id, text, likes, url, raw FROM items WHERE platform = 'reddit' ORDER BY id LIMIT 200",
    )
    for name, parent, text, likes, url, raw in sample:
        item = map_item(decompress_raw(raw))
        assert (item["id"], item.get("parent_id"), item.get("text"), item["url"]) == (name, parent, text, url)
        assert item["likes"] == likes or item["likes"] is None


# --- fuzzing ----------------------------------------------------------------------------------------


def _samples() -> list[dict]:
    """Real things from the thread cassette when present, else the hand-built ones."""
    found: list[dict] = []
    if REDDIT.is_dir():
        for body in bodies(THREAD)[:3]:
            for thing in things(body):
                found.append(thing)
                if len(found) >= 40:
                    break
    if not found:
        found = [SELF_POST, link_post(), *things(comments_page())]
    for thing in found:
        thing["data"].pop("replies", None)
    return found


SAMPLES = _samples()
SMALL_BODY = orjson.dumps(comments_page())
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def typed_thing(data: st.DataObject, samples: list[dict]) -> dict:
    """A real thing with some values swapped for values of other types."""
    thing = copy.deepcopy(data.draw(st.sampled_from(samples)))
    fields = thing.get("data", thing)
    for key in data.draw(st.lists(st.sampled_from(sorted(fields)), max_size=8, unique=True)):
        fields[key] = data.draw(JSON_VALUES)
    return thing


def as_json(value: Any) -> bytes:
    """JSON text for any drawn value (NaN and integers beyond 64 bits included: the reader must cope)."""
    return json.dumps(value, ensure_ascii=False).encode()


def truncated(data: st.DataObject, body: bytes) -> bytes:
    return body[: data.draw(st.integers(min_value=0, max_value=len(body)))]


def misencoded(data: st.DataObject, text: str) -> bytes:
    if data.draw(st.booleans()):
        return text.encode("latin-1", "replace")
    body = text.encode()
    at = data.draw(st.integers(min_value=0, max_value=len(body)))
    return body[:at] + data.draw(st.binary(min_size=1, max_size=8)) + body[at:]


def nested_thread(depth: int) -> bytes:
    """A listing whose comments nest ``depth`` levels deep, written as text (too deep for orjson.dumps)."""
    heads, tails = [], []
    for level in range(depth):
        parent = f"t1_n{level - 1}" if level else "t3_15xyz9a"
        last = level == depth - 1
        text = orjson.dumps(comment(f"n{level}", parent, replies="" if last else "@REPLIES@")).decode()
        if last:
            heads.append(text)
        else:
            head, tail = text.split('"@REPLIES@"')
            heads.append(head + '{"kind":"Listing","data":{"children":[')
            tails.append("]}}" + tail)
    return (
        '{"kind":"Listing","data":{"children":[' + "".join(heads) + "".join(reversed(tails)) + "]}}"
    ).encode()


def read_all(body: bytes, fmt: Format) -> list:
    """``records()`` and the mappers over ``body``: only MappingError may escape the mappers."""
    outs = list(fmt.records(entry(body), ImportOptions()))
    for output in outs:
        assert isinstance(output, Record | Reject | Skipped) and output.line >= 0
        if isinstance(output, Record):
            try:
                (fmt.map_author if output.type == "author" else fmt.map_item)(output.data)  # type: ignore[misc]
            except MappingError:
                pass
    return outs


TEXT = orjson.dumps(
    listing(link_post(), comment("jc1", "t3_15xyzaa", body="Caffè più buono, però caro €"))
).decode()
MUTATIONS = {
    "typed": lambda data: as_json(listing(typed_thing(data, SAMPLES))),
    "truncated": lambda data: truncated(data, SMALL_BODY),
    "misencoded": lambda data: misencoded(data, TEXT),
    "nested": lambda data: nested_thread(data.draw(st.integers(min_value=1, max_value=300))),
}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_wrongly_typed_things_raise_only_mapping_errors(data):
    thing = typed_thing(data, SAMPLES)
    if data.draw(st.booleans()):
        thing["kind"] = data.draw(st.sampled_from(["t1", "t3", "t4", "t2", "more", 3, None]))
    for output in reddit.walk(listing(thing)):
        if isinstance(output, Record):
            try:
                (map_author if output.type == "author" else map_item)(output.data)
            except MappingError:
                pass
    assert read_all(as_json(listing(thing)), FORMAT)  # something is always said about the input


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_truncated_and_misencoded_responses_raise_nothing(data):
    for body in (truncated(data, SMALL_BODY), misencoded(data, TEXT)):
        outs = read_all(body, FORMAT)
        assert all(not isinstance(o, Record) or o.data for o in outs)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_deeply_nested_threads_are_read_whole_or_rejected_whole(depth):
    outs = read_all(nested_thread(depth), FORMAT)
    kinds = [type(o).__name__ for o in outs]
    # JSON nested beyond the parser's limit is rejected whole; anything shallower is read whole
    assert kinds == ["Record"] * depth or kinds == ["Reject"]


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_mutated_inputs_are_accounted_for_through_import(data):
    mutation = data.draw(st.sampled_from(sorted(MUTATIONS)))
    store, summary, path = import_bytes(MUTATIONS[mutation](data), "reddit")
    assert_accounted(store, summary, path, FORMAT)
