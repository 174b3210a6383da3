"""Bluesky (AT Protocol) importer: hand-built app view / repo / Jetstream records, the real samples in
../shared/data/platforms/bluesky, and property tests on damaged variants of both."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError, canonical_urls
from passaparola.sources import ImportOptions, Record, Reject, Skipped
from passaparola.sources import bluesky as bsky
from passaparola.sources.inputs import Entry, Peek
from passaparola.store import Store, decompress_raw
from tests.conftest import import_paths, rows
from tests.fuzzing import json_paths, replaced

ALICE = "did:plc:alice4xkq2y7ubmzq3wbl5vfz"
BOB = "did:plc:bob3tq6c5ptsjzzcqnrwh2ac"
CAROL = "did:plc:carolgqx7l4hfy3krkz4vjgd"
DAVE = "did:plc:davebd2lsa3sd5b6o7n7ufnx"


def post_uri(did: str, rkey: str) -> str:
    return f"at://{did}/app.bsky.feed.post/{rkey}"


def span(text: str, piece: str) -> dict[str, int]:
    """The UTF-8 byte range of ``piece`` in ``text``, as a facet index."""
    start = text.encode("utf-8").index(piece.encode("utf-8"))
    return {"byteStart": start, "byteEnd": start + len(piece.encode("utf-8"))}


def profile(did: str, handle: str, name: str | None = None, **more: Any) -> dict[str, Any]:
    found = {
        "did": did,
        "handle": handle,
        "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did}/bafkreiavatar@jpeg",
        "viewer": {"muted": False, "blockedBy": False},
        "labels": [],
        "createdAt": "2023-05-01T10:00:00.000Z",
    }
    if name is not None:
        found["displayName"] = name
    found.update(more)
    return found


def post_view(
    did: str,
    handle: str,
    rkey: str,
    text: str,
    created: str,
    *,
    name: str | None = None,
    counts: tuple[int, int, int, int] | None = (0, 0, 0, 0),
    **record_fields: Any,
) -> dict[str, Any]:
    record = {"$type": bsky.POST, "createdAt": created, "langs": ["en"], "text": text, **record_fields}
    view: dict[str, Any] = {
        "uri": post_uri(did, rkey),
        "cid": f"bafyrei{rkey}",
        "author": profile(did, handle, name),
        "record": record,
        "indexedAt": created,
        "viewer": {"threadMuted": False, "embeddingDisabled": False},
        "labels": [],
    }
    if counts is not None:
        view.update(zip(("replyCount", "repostCount", "likeCount", "quoteCount"), counts, strict=True))
    return view


def ref(view: dict[str, Any]) -> dict[str, str]:
    return {"uri": view["uri"], "cid": view["cid"]}


# --- hand-built fixtures ----------------------------------------------------------------------------

FACET_TEXT = "Caffè ☕ with @bob.test today! Menu: example.com/menu… #Espresso #caffè"


def faceted_post() -> dict[str, Any]:
    text = FACET_TEXT
    view = post_view(
        ALICE,
        "alice.test",
        "3kfacets2222a",
        text,
        "2024-10-01T08:30:00.123Z",
        name="Alice",
        counts=(2, 3, 10, 1),
        langs=["en-US", "it"],
        facets=[
            {
                "$type": "app.bsky.richtext.facet",
                "index": span(text, "@bob.test"),
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": BOB}],
            },
            {
                "index": span(text, "example.com/menu…"),
                "features": [
                    {
                        "$type": "app.bsky.richtext.facet#link",
                        "uri": "https://Example.com/menu?utm_source=bsky&day=1",
                    }
                ],
            },
            {
                "index": span(text, "#Espresso"),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Espresso"}],
            },
            {
                "index": span(text, "#caffè"),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "caffè"}],
            },
        ],
        tags=["CoffeeTime"],
        embed={
            "$type": "app.bsky.embed.external",
            "external": {
                "uri": "https://shop.example.org/beans?fbclid=abc",
                "title": "Beans",
                "description": "",
            },
        },
    )
    view["author"]["followersCount"] = 1200
    view["author"]["followsCount"] = 80
    view["author"]["postsCount"] = 455
    view["author"]["description"] = "Coffee nerd"
    view["author"]["verification"] = {
        "verifications": [],
        "verifiedStatus": "valid",
        "trustedVerifierStatus": "none",
    }
    view["labels"] = [{"src": ALICE, "uri": view["uri"], "val": "food", "cts": "2024-10-01T08:30:00Z"}]
    view["bookmarkCount"] = 4
    return view


ROOT = post_view(
    BOB, "bob.test", "3kroot00000aa", "What is your favourite roast?", "2024-10-02T09:00:00.000Z"
)
PARENT = post_view(
    CAROL,
    "carol.test",
    "3kparent000aa",
    "Dark, always.",
    "2024-10-02T09:05:00.000Z",
    reply={"root": ref(ROOT), "parent": ref(ROOT)},
)
REPLY = post_view(
    ALICE,
    "alice.test",
    "3kreply0000aa",
    "Medium for me",
    "2024-10-02T09:10:00.000Z",
    counts=(0, 0, 1, 0),
    reply={"root": ref(ROOT), "parent": ref(PARENT)},
)
REPOSTED = post_view(
    DAVE,
    "dave.test",
    "3kreposted0aa",
    "Launching our new blend today",
    "2024-10-03T07:00:00.000Z",
    counts=(40, 12, 300, 5),
)
PINNED = post_view(ALICE, "alice.test", "3kpinned000aa", "Pinned: hello!", "2024-09-01T12:00:00.000Z")
REPOST_URI = f"at://{ALICE}/app.bsky.feed.repost/3krepostrec1a"
REPOST_INDEXED = "2024-10-03T07:45:12.345Z"


def author_feed() -> dict[str, Any]:
    """A getAuthorFeed page of alice: a post, a reply (with its thread context), a repost, a pin."""
    return {
        "feed": [
            {"post": faceted_post()},
            {"post": REPLY, "reply": {"root": ROOT, "parent": PARENT, "grandparentAuthor": ROOT["author"]}},
            {
                "post": REPOSTED,
                "reason": {
                    "$type": bsky.REASON_REPOST,
                    "by": profile(ALICE, "alice.test", "Alice"),
                    "uri": REPOST_URI,
                    "cid": "bafyreirepostcid",
                    "indexedAt": REPOST_INDEXED,
                },
            },
            {"post": PINNED, "reason": {"$type": "app.bsky.feed.defs#reasonPin"}},
        ],
        "cursor": "2024-09-01T12:00:00.000Z",
    }


ANCHOR = post_view(
    BOB,
    "bob.test",
    "3kanchor000aa",
    "Replying to a deleted post",
    "2024-11-01T10:00:00.000Z",
    counts=(2, 0, 5, 0),
    reply={
        "root": {"uri": post_uri(CAROL, "3kgone00000aa"), "cid": "bafyreigone"},
        "parent": {"uri": post_uri(CAROL, "3kgone00000aa"), "cid": "bafyreigone"},
    },
)
CHILD = post_view(
    ALICE,
    "alice.test",
    "3kchild0000aa",
    "Still a fair point",
    "2024-11-01T10:30:00.000Z",
    reply={"root": {"uri": post_uri(CAROL, "3kgone00000aa"), "cid": "bafyreigone"}, "parent": ref(ANCHOR)},
)


def thread_with_not_found() -> dict[str, Any]:
    return {
        "thread": {
            "$type": bsky.THREAD_VIEW_POST,
            "post": ANCHOR,
            "parent": {
                "$type": bsky.NOT_FOUND_POST,
                "uri": post_uri(CAROL, "3kgone00000aa"),
                "notFound": True,
            },
            "replies": [
                {
                    "$type": bsky.THREAD_VIEW_POST,
                    "post": CHILD,
                    "replies": [
                        {
                            "$type": bsky.BLOCKED_POST,
                            "uri": post_uri(DAVE, "3kblocked00aa"),
                            "blocked": True,
                            "author": {"did": DAVE, "viewer": {"blockedBy": True}},
                        }
                    ],
                },
                {"$type": bsky.NOT_FOUND_POST, "uri": post_uri(DAVE, "3kgone22222aa"), "notFound": True},
            ],
        }
    }


QUOTED = post_view(
    CAROL, "carol.test", "3kquoted000aa", "Our roastery opens Monday", "2024-12-01T08:00:00.000Z", counts=None
)


def quote_post(*, reply_to: dict[str, Any] | None = None, with_media: bool = False) -> dict[str, Any]:
    strong = ref(QUOTED)
    view_record = {
        "$type": "app.bsky.embed.record#viewRecord",
        "uri": QUOTED["uri"],
        "cid": QUOTED["cid"],
        "author": QUOTED["author"],
        "value": QUOTED["record"],
        "labels": [],
        "likeCount": 7,
        "replyCount": 1,
        "repostCount": 2,
        "quoteCount": 1,
        "indexedAt": QUOTED["indexedAt"],
        "embeds": [],
    }
    if with_media:
        embed = {
            "$type": "app.bsky.embed.recordWithMedia",
            "record": {"$type": "app.bsky.embed.record", "record": strong},
            "media": {"$type": "app.bsky.embed.video", "video": {"$type": "blob"}},
        }
        embed_view = {
            "$type": "app.bsky.embed.recordWithMedia#view",
            "record": {"$type": "app.bsky.embed.record#view", "record": view_record},
            "media": {"$type": "app.bsky.embed.video#view", "playlist": "https://video.example/p.m3u8"},
        }
    else:
        embed = {"$type": "app.bsky.embed.record", "record": strong}
        embed_view = {"$type": "app.bsky.embed.record#view", "record": view_record}
    fields: dict[str, Any] = {"embed": embed}
    if reply_to is not None:
        fields["reply"] = {"root": ref(reply_to), "parent": ref(reply_to)}
    view = post_view(
        ALICE,
        "alice.test",
        "3kquote0000aa",
        "Can't wait!",
        "2024-12-01T09:00:00.000Z",
        counts=(1, 0, 4, 0),
        **fields,
    )
    view["embed"] = embed_view
    return view


def list_records_page() -> dict[str, Any]:
    return {
        "records": [
            {
                "uri": post_uri(ALICE, "3krecpost00aa"),
                "cid": "bafyreirecpost",
                "value": {
                    "$type": bsky.POST,
                    "text": "hello from the repo @bob.test",
                    "createdAt": "2024-08-01T00:00:00Z",
                    "reply": {"root": ref(ROOT), "parent": ref(ROOT)},
                    "facets": [
                        {
                            "index": span("hello from the repo @bob.test", "@bob.test"),
                            "features": [{"$type": bsky.MENTION, "did": BOB}],
                        }
                    ],
                },
            },
            {
                "uri": f"at://{ALICE}/app.bsky.feed.like/3klike00000aa",
                "cid": "bafyreilike",
                "value": {
                    "$type": "app.bsky.feed.like",
                    "subject": ref(ROOT),
                    "createdAt": "2024-08-01T00:01:00Z",
                },
            },
            {
                "uri": REPOST_URI,
                "cid": "bafyreirepostcid",
                "value": {
                    "$type": bsky.REPOST,
                    "subject": ref(REPOSTED),
                    "createdAt": "2024-10-03T07:45:11.000Z",
                },
            },
        ],
        "cursor": "3klike00000aa",
    }


def jetstream_lines() -> list[dict[str, Any]]:
    return [
        {
            "did": ALICE,
            "time_us": 1725911162329308,
            "kind": "commit",
            "commit": {
                "rev": "3l3qo2vutsw2b",
                "operation": "create",
                "collection": bsky.POST,
                "rkey": "3kjet0000000a",
                "record": {
                    "$type": bsky.POST,
                    "createdAt": "2024-09-09T19:46:02.102Z",
                    "langs": ["pt-BR"],
                    "text": "olá",
                },
                "cid": "bafyreijet",
            },
        },
        {
            "did": ALICE,
            "time_us": 1725911163000000,
            "kind": "commit",
            "commit": {
                "rev": "3l3qo2vutsw2c",
                "operation": "create",
                "collection": bsky.REPOST,
                "rkey": "3kjetrepost0a",
                "record": {
                    "$type": bsky.REPOST,
                    "subject": ref(ROOT),
                    "createdAt": "2024-09-09T19:46:03.000Z",
                },
                "cid": "bafyreijetrepost",
            },
        },
        {
            "did": BOB,
            "time_us": 1725911164000000,
            "kind": "commit",
            "commit": {
                "operation": "create",
                "collection": "app.bsky.feed.like",
                "rkey": "3kjetlike000a",
                "record": {
                    "$type": "app.bsky.feed.like",
                    "subject": ref(ROOT),
                    "createdAt": "2024-09-09T19:46:04Z",
                },
            },
        },
        {
            "did": BOB,
            "time_us": 1725911165000000,
            "kind": "commit",
            "commit": {"operation": "delete", "collection": bsky.POST, "rkey": "3kjetgone000a"},
        },
        {
            "did": BOB,
            "time_us": 1725911166000000,
            "kind": "identity",
            "identity": {"did": BOB, "handle": "bob.test"},
        },
    ]


# --- helpers ----------------------------------------------------------------------------------------


def entry_of(data: bytes, name: str = "input.json", hint: str | None = None) -> Entry:
    import io

    return Entry(name, lambda: io.BytesIO(data), len(data), None, hint)


def outputs(value: Any, name: str = "input.json") -> list[Any]:
    data = value if isinstance(value, bytes) else orjson.dumps(value)
    return list(bsky.records(entry_of(data, name), ImportOptions()))


def items_of(value: Any) -> dict[str, dict[str, Any]]:
    """Map every item record of a value: id -> canonical item."""
    found = {}
    for out in outputs(value):
        if isinstance(out, Record) and out.type == "item":
            item = bsky.map_item(out.data)
            found[item["id"]] = item
    return found


def write(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    if isinstance(value, list) and name.endswith(".jsonl"):
        path.write_bytes(b"\n".join(orjson.dumps(v) for v in value) + b"\n")
    else:
        path.write_bytes(orjson.dumps(value))
    return path


def item_row(store: Store, item_id: str) -> dict[str, Any]:
    """One stored item as a dict (through Arrow: DuckDB's own timestamp conversion wants pytz)."""
    table = store.con.sql("SELECT * FROM items WHERE platform = 'bluesky' AND id = ?", params=[item_id])
    found = table.to_arrow_table().to_pylist()
    assert len(found) == 1, f"no item {item_id}"
    return found[0]


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# --- hand-built: mapping --------------------------------------------------------------------------------


def test_post_with_facets_maps_every_field():
    view = faceted_post()
    item = bsky.map_item(view)
    assert set(item) - {"_author"} <= set(ITEM_COLUMNS)
    assert item["platform"] == "bluesky"
    assert item["id"] == post_uri(ALICE, "3kfacets2222a")
    assert item["kind"] == "post"
    assert item["created_at"] == datetime(2024, 10, 1, 8, 30, 0, 123000, tzinfo=UTC)
    assert item["author_id"] == ALICE
    assert item["author_handle"] == "alice.test"
    assert item["author_name"] == "Alice"
    assert item["author_followers"] == 1200
    assert item["text"] == FACET_TEXT
    assert item["lang"] == "en"
    assert item["parent_id"] is None and item["root_id"] is None and item["shared_id"] is None
    assert item["mentions"] == ["bob.test"]  # the handle as written, read from the facet's byte range
    assert item["hashtags"] == ["espresso", "caffè", "coffeetime"]  # tag facets + non-inline tags
    assert canonical_urls(item["urls"]) == [
        "https://example.com/menu?day=1",
        "https://shop.example.org/beans",
    ]  # as enrichment stores them
    assert (item["likes"], item["shares"], item["replies"], item["quotes"]) == (10, 3, 2, 1)
    assert item.get("views") is None
    assert item["url"] == "https://bsky.app/profile/alice.test/post/3kfacets2222a"
    extra = json.loads(item["extra"])
    assert extra == {
        "cid": "bafyrei3kfacets2222a",
        "labels": ["food"],
        "media": ["external"],
        "mention_dids": [BOB],
        "langs": ["en-US", "it"],
        "bookmarks": 4,
    }
    assert item["_author"] == {
        "following": 80,
        "posts": 455,
        "verified": True,
        "description": "Coffee nerd",
        "location": None,
        "created_at": datetime(2023, 5, 1, 10, 0, tzinfo=UTC),
        "url": "https://bsky.app/profile/alice.test",
    }


def test_mention_without_readable_handle_falls_back_to_did():
    view = faceted_post()
    view["record"]["facets"][0]["index"] = {"byteStart": 0, "byteEnd": 5}  # "Caffè" is no @handle
    assert bsky.map_item(view)["mentions"] == [BOB]
    view["record"]["facets"][0]["index"] = {"byteStart": 5, "byteEnd": 7}  # splits "è" mid-character
    assert bsky.map_item(view)["mentions"] == [BOB]


def test_post_without_facets_leaves_entities_to_enrichment():
    view = post_view(ALICE, "alice.test", "3kplain0000aa", "plain #words @x.test", "2024-01-01T00:00:00Z")
    item = bsky.map_item(view)
    assert item["mentions"] is None and item["hashtags"] is None and item["urls"] is None


def test_legacy_entities_give_mentions_and_links():
    text = "hey @old.test 🐘 see https://example.com/x"
    view = post_view(
        ALICE,
        "alice.test",
        "3klegacy000aa",
        text,
        "2023-01-05T00:00:00Z",
        entities=[
            {"index": {"start": 4, "end": 13}, "type": "mention", "value": BOB},
            {"index": {"start": 21, "end": 42}, "type": "link", "value": "https://example.com/x"},
        ],
    )
    item = bsky.map_item(view)
    assert item["mentions"] == ["old.test"]
    assert item["urls"] == ["https://example.com/x"]


def test_reply_quote_and_quote_reply():
    item = bsky.map_item(REPLY)
    assert (item["kind"], item["parent_id"], item["root_id"]) == ("reply", PARENT["uri"], ROOT["uri"])

    found = items_of(quote_post())
    quote = found[post_uri(ALICE, "3kquote0000aa")]
    assert (quote["kind"], quote["shared_id"], quote["parent_id"]) == ("quote", QUOTED["uri"], None)
    quoted = found[QUOTED["uri"]]  # the embedded viewRecord is an item of its own
    assert quoted["kind"] == "post"
    assert quoted["text"] == "Our roastery opens Monday"
    assert quoted["author_handle"] == "carol.test"
    assert (quoted["likes"], quoted["shares"], quoted["replies"], quoted["quotes"]) == (7, 2, 1, 1)

    found = items_of(quote_post(reply_to=ROOT, with_media=True))
    both = found[post_uri(ALICE, "3kquote0000aa")]
    assert (both["kind"], both["parent_id"], both["shared_id"]) == ("reply", ROOT["uri"], QUOTED["uri"])
    assert json.loads(both["extra"])["media"] == ["video"]
    assert QUOTED["uri"] in found


def test_embedded_feed_generator_is_not_a_quote():
    generator = f"at://{BOB}/app.bsky.feed.generator/coffee"
    view = post_view(
        ALICE,
        "alice.test",
        "3kfeedcard0aa",
        "try this feed",
        "2024-05-05T00:00:00Z",
        embed={"$type": "app.bsky.embed.record", "record": {"uri": generator, "cid": "bafyreigen"}},
    )
    item = bsky.map_item(view)
    assert item["kind"] == "post" and item["shared_id"] is None
    assert json.loads(item["extra"])["embedded_record"] == generator


def test_invalid_handle_and_missing_created_at():
    view = post_view(ALICE, "handle.invalid", "3kinvalid00aa", "hi", "not a date", langs=["und"])
    view["indexedAt"] = "2024-06-01T00:00:00Z"
    item = bsky.map_item(view)
    assert item["author_handle"] is None
    assert item["lang"] is None
    assert item["url"] == f"https://bsky.app/profile/{ALICE}/post/3kinvalid00aa"
    assert item["created_at"] == datetime(2024, 6, 1, tzinfo=UTC)  # indexedAt stands in
    assert json.loads(item["extra"])["created_at_raw"] == "not a date"

    record = {
        "uri": post_uri(ALICE, "3knodate000aa"),
        "cid": "x",
        "value": {"$type": bsky.POST, "text": "hi"},
    }
    with pytest.raises(MappingError, match=r"value\.createdAt"):
        bsky.map_item(record)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda v: v.update(uri="https://bsky.app/x"), "'uri' to be an at:// URI"),
        (lambda v: v.update(uri=f"at://{ALICE}/app.bsky.feed.like/1"), "expected an app.bsky.feed.post URI"),
        (lambda v: v.update(author="alice"), "'author' to be a profile object"),
        (lambda v: v["author"].update(did=42), "'author.did' to be a DID"),
        (lambda v: v.update(record=[]), "'record' to be an app.bsky.feed.post object"),
        (lambda v: v["record"].update(text=5), r"'record\.text' to be a string"),
        (lambda v: v["record"].update(langs="en"), r"'record\.langs' to be a list"),
        (lambda v: v["record"].update(reply={"parent": {"uri": 3}}), r"'record\.reply\.parent\.uri'"),
        (lambda v: v.update(likeCount=-1), "non-negative count"),
    ],
)
def test_unusable_posts_raise_mapping_errors_naming_the_field(mutate, message):
    view = copy.deepcopy(REPLY)
    mutate(view)
    with pytest.raises(MappingError, match=message):
        bsky.map_item(view)


def test_bare_record_without_uri_is_quarantined_with_a_reason(store, tmp_path):
    bare = {"$type": bsky.POST, "text": "orphan", "createdAt": "2024-01-01T00:00:00Z"}
    with pytest.raises(MappingError, match="at:// 'uri'"):
        bsky.map_item(bare)
    summary = import_paths(store, write(tmp_path, "bare.json", bare))
    assert summary.totals().quarantined == 1
    [(line, reason)] = rows(store, "SELECT line, reason FROM quarantine")
    assert line == 1 and "bare app.bsky.feed.post record has no id" in reason


# --- hand-built: whole inputs through the pipeline --------------------------------------------------


def test_author_feed_page_with_reply_and_repost(store, tmp_path):
    page = author_feed()
    outs = outputs(page)
    assert not [o for o in outs if not isinstance(o, Record)]
    lines = {(o.line, bsky.map_item(o.data)["id"]) for o in outs}
    share_id = f"{ALICE}/repost/{REPOSTED['uri']}"
    assert lines == {
        (1, post_uri(ALICE, "3kfacets2222a")),
        (2, ROOT["uri"]),
        (2, PARENT["uri"]),
        (2, REPLY["uri"]),
        (3, REPOSTED["uri"]),
        (3, share_id),
        (4, PINNED["uri"]),
    }

    summary = import_paths(store, write(tmp_path, "author_feed.json", page))
    assert summary.formats[str(tmp_path / "author_feed.json")] == "bluesky"
    assert summary.totals().new == 7 and summary.totals().quarantined == 0

    share = item_row(store, share_id)
    assert share["kind"] == "share"
    assert share["shared_id"] == REPOSTED["uri"]
    assert share["created_at"] == ts(REPOST_INDEXED)
    assert (share["author_id"], share["author_handle"], share["author_name"]) == (
        ALICE,
        "alice.test",
        "Alice",
    )
    assert share["text"] is None and share["url"] is None
    assert (share["likes"], share["shares"], share["replies"], share["quotes"]) == (None, None, None, None)
    assert json.loads(share["extra"]) == {"repost_uri": REPOST_URI}
    original = item_row(store, REPOSTED["uri"])
    assert (original["author_id"], original["likes"], original["shares"]) == (DAVE, 300, 12)

    reply = item_row(store, REPLY["uri"])
    assert (reply["kind"], reply["parent_id"], reply["root_id"]) == ("reply", PARENT["uri"], ROOT["uri"])
    assert item_row(store, PARENT["uri"])["kind"] == "reply"
    assert item_row(store, ROOT["uri"])["kind"] == "post"
    faceted = item_row(store, post_uri(ALICE, "3kfacets2222a"))
    assert faceted["mentions"] == ["bob.test"] and faceted["hashtags"] == ["espresso", "caffè", "coffeetime"]

    snapshots = rows(
        store,
        "SELECT followers, following, verified FROM authors WHERE id = ? AND followers IS NOT NULL",
        ALICE,
    )
    assert snapshots == [(1200, 80, True)]

    # every stored raw record maps again alone (``passaparola reparse``)
    for item_id, raw in rows(store, "SELECT id, raw FROM items"):
        assert bsky.map_item(decompress_raw(raw))["id"] == item_id


def test_thread_with_not_found_and_blocked_posts(store, tmp_path):
    outs = outputs(thread_with_not_found())
    kinds = [(type(o).__name__, o.line) for o in outs]
    # walk order: the anchor, its (missing) parent, then replies depth-first
    assert kinds == [("Record", 1), ("Skipped", 2), ("Record", 3), ("Skipped", 4), ("Skipped", 5)]
    assert [o.reason for o in outs if isinstance(o, Skipped)] == [
        "notFoundPost placeholder (deleted or missing post)",
        "blockedPost placeholder (blocked post)",
        "notFoundPost placeholder (deleted or missing post)",
    ]
    summary = import_paths(store, write(tmp_path, "thread.json", thread_with_not_found()))
    totals = summary.totals()
    assert (totals.new, totals.skipped, totals.quarantined) == (2, 3, 0)
    anchor = item_row(store, ANCHOR["uri"])
    assert (anchor["kind"], anchor["parent_id"]) == ("reply", post_uri(CAROL, "3kgone00000aa"))
    child = item_row(store, CHILD["uri"])
    assert (child["parent_id"], child["root_id"]) == (ANCHOR["uri"], post_uri(CAROL, "3kgone00000aa"))


def test_thread_v2_list_form():
    thread = {
        "thread": [
            {
                "uri": ANCHOR["uri"],
                "depth": 0,
                "value": {"$type": "app.bsky.unspecced.defs#threadItemPost", "post": ANCHOR},
            },
            {
                "uri": CHILD["uri"],
                "depth": 1,
                "value": {"$type": "app.bsky.unspecced.defs#threadItemPost", "post": CHILD},
            },
            {
                "uri": "at://x/y/z",
                "depth": 1,
                "value": {"$type": "app.bsky.unspecced.defs#threadItemNotFound"},
            },
        ]
    }
    outs = outputs(thread)
    assert [type(o).__name__ for o in outs] == ["Record", "Record", "Skipped"]


def test_search_posts_and_quote_page(store, tmp_path):
    page = {"posts": [quote_post(), REPLY], "hitsTotal": 2, "cursor": "2"}
    summary = import_paths(store, write(tmp_path, "search.json", page))
    assert summary.totals().new == 3  # the quote, the quoted post, the reply
    assert item_row(store, post_uri(ALICE, "3kquote0000aa"))["shared_id"] == QUOTED["uri"]


def test_repo_records_and_the_same_repost_from_a_feed_page(store, tmp_path):
    outs = outputs(list_records_page())
    assert [type(o).__name__ for o in outs] == ["Record", "Skipped", "Record"]
    assert outs[1].reason == "not a post: app.bsky.feed.like record"
    posted = bsky.map_item(outs[0].data)
    assert posted["author_id"] == ALICE and posted["author_handle"] is None
    assert (posted["kind"], posted["parent_id"], posted["mentions"]) == ("reply", ROOT["uri"], ["bob.test"])
    assert posted["likes"] is None  # repository records carry no counters
    assert posted["url"] == f"https://bsky.app/profile/{ALICE}/post/3krecpost00aa"

    import_paths(store, write(tmp_path, "records.json", list_records_page()))
    import_paths(store, write(tmp_path, "feed.json", author_feed()))
    share_id = f"{ALICE}/repost/{REPOSTED['uri']}"
    assert rows(store, "SELECT count(*) FROM items WHERE kind = 'share'") == [(1,)]
    share = item_row(store, share_id)
    assert share["author_handle"] == "alice.test"  # the feed page filled what the record lacked


def test_jetstream_events(tmp_path, store):
    outs = outputs(b"\n".join(orjson.dumps(e) for e in jetstream_lines()), "jetstream.jsonl")
    assert [(type(o).__name__, o.line) for o in outs] == [
        ("Record", 1),
        ("Record", 2),
        ("Skipped", 3),
        ("Skipped", 4),
        ("Skipped", 5),
    ]
    post = bsky.map_item(outs[0].data)
    assert post["id"] == post_uri(ALICE, "3kjet0000000a")
    assert (post["text"], post["lang"], post["author_id"]) == ("olá", "pt", ALICE)
    assert post["created_at"] == datetime(2024, 9, 9, 19, 46, 2, 102000, tzinfo=UTC)
    share = bsky.map_item(outs[1].data)
    assert (share["id"], share["kind"], share["shared_id"]) == (
        f"{ALICE}/repost/{ROOT['uri']}",
        "share",
        ROOT["uri"],
    )
    summary = import_paths(store, write(tmp_path, "jet.jsonl", jetstream_lines()))
    assert (summary.totals().new, summary.totals().skipped) == (2, 3)


def test_profiles_become_author_snapshots(store, tmp_path):
    detailed = profile(
        BOB,
        "bob.test",
        "Bob",
        followersCount=321,
        followsCount=12,
        postsCount=99,
        description="roaster",
        verification={"verifications": [], "verifiedStatus": "none", "trustedVerifierStatus": "none"},
    )
    assert bsky.map_author(detailed) == {
        "platform": "bluesky",
        "id": BOB,
        "handle": "bob.test",
        "name": "Bob",
        "followers": 321,
        "following": 12,
        "posts": 99,
        "verified": False,
        "description": "roaster",
        "location": None,
        "created_at": datetime(2023, 5, 1, 10, 0, tzinfo=UTC),
        "url": "https://bsky.app/profile/bob.test",
    }
    with pytest.raises(MappingError, match="'did'"):
        bsky.map_author({"handle": "x.test"})
    import_paths(store, write(tmp_path, "profile.json", detailed))
    likes = {
        "uri": ROOT["uri"],
        "likes": [{"indexedAt": "2024-01-01T00:00:00Z", "actor": profile(CAROL, "carol.test")}],
    }
    import_paths(store, write(tmp_path, "likes.json", likes))
    assert sorted(rows(store, "SELECT id, handle, followers FROM authors")) == [
        (BOB, "bob.test", 321),
        (CAROL, "carol.test", None),
    ]


def test_error_responses_and_empty_pages_are_skipped(store, tmp_path):
    error = {"error": "InvalidRequest", "message": "Profile not found"}
    assert [o.reason for o in outputs(error)] == ["API error response: InvalidRequest: Profile not found"]
    assert [o.reason for o in outputs({"feed": [], "cursor": None})] == ["empty page (feed)"]
    summary = import_paths(store, write(tmp_path, "empty.json", {"feed": []}), format_name="bluesky")
    assert summary.totals().skipped == 1


def test_unknown_objects_and_elements_are_rejected():
    outs = outputs({"feed": [5, {"reason": {}}]})
    assert [type(o).__name__ for o in outs] == ["Reject", "Reject"]
    assert "expected an object in 'feed', got int" in outs[0].reason
    [out] = outputs({"hello": "world"})
    assert isinstance(out, Reject) and "keys: hello" in out.reason


def test_sniff():
    def sniffs(value: Any, hint: str | None = None) -> bool:
        return bsky.sniff(Peek(entry_of(orjson.dumps(value), hint=hint)))

    assert sniffs(author_feed())
    assert sniffs(thread_with_not_found())
    assert sniffs({"posts": [REPLY]})
    assert sniffs(list_records_page())
    assert sniffs(REPLY)
    assert sniffs([REPLY, REPLY])
    assert sniffs(jetstream_lines()[0])
    assert sniffs({"follows": [profile(BOB, "bob.test")], "subject": profile(ALICE, "alice.test")})
    assert sniffs(
        {"feed": []}, hint="GET https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=x"
    )
    assert not sniffs({"feed": []})
    assert not sniffs({"id_str": "1", "user": {"id": 1}, "created_at": "Wed Aug 27 13:08:45 +0000 2008"})
    assert not sniffs({"id": "1", "uri": "https://mastodon.social/users/a/statuses/1", "account": {}})
    assert not sniffs({"kind": "Listing", "data": {"children": []}})
    assert not bsky.sniff(Peek(entry_of(b"\xff\xfe garbage")))


# --- real data ------------------------------------------------------------------------------------------


def test_real_bluesky_samples(store, shared_data):
    folder = shared_data / "platforms" / "bluesky"
    summary = import_paths(store, folder)
    raw = {p.name: json.loads(p.read_text()) for p in folder.glob("*.json")}
    assert {Path(s).name for s, f in summary.formats.items() if f == "bluesky"} == set(raw)
    assert [Path(n).name for n in summary.unrecognised] == ["LICENSE.atproto"]
    assert summary.totals().quarantined == 0
    assert summary.totals().skipped == 1  # the feed generator record

    record = raw["post_record.json"]
    row = item_row(store, record["uri"])
    assert row["kind"] == "post"
    assert row["text"] == record["value"]["text"]
    assert row["created_at"] == datetime.fromisoformat(record["value"]["createdAt"])
    did, rkey = record["uri"].removeprefix("at://").split("/app.bsky.feed.post/")
    assert (row["author_id"], row["author_handle"]) == (did, None)
    assert row["url"] == f"https://bsky.app/profile/{did}/post/{rkey}"
    assert json.loads(row["extra"])["cid"] == record["cid"]

    post = raw["thread_view_post_with_embed_media.json"]["thread"]["post"]
    quoted = post["embed"]["record"]["record"]
    row = item_row(store, post["uri"])
    assert row["kind"] == "quote"
    assert row["shared_id"] == post["record"]["embed"]["record"]["record"]["uri"] == quoted["uri"]
    assert row["text"] == post["record"]["text"] == ""
    assert row["created_at"] == ts(post["record"]["createdAt"])
    assert row["lang"] == post["record"]["langs"][0]
    assert (row["author_id"], row["author_handle"], row["author_name"]) == (
        post["author"]["did"],
        post["author"]["handle"],
        post["author"]["displayName"],
    )
    assert (row["likes"], row["shares"], row["replies"]) == (
        post["likeCount"],
        post["repostCount"],
        post["replyCount"],
    )
    assert json.loads(row["extra"])["media"] == ["images"]
    row = item_row(store, quoted["uri"])
    assert (row["kind"], row["text"], row["created_at"]) == (
        "post",
        quoted["value"]["text"],
        ts(quoted["value"]["createdAt"]),
    )
    assert rows(store, "SELECT count(*) FROM items") == [(3,)]

    follows = raw["get_follows.json"]
    profiles = [*follows["follows"], follows["subject"]]
    stored = dict(rows(store, "SELECT id, handle FROM authors WHERE source LIKE '%get_follows.json'"))
    assert stored == {p["did"]: p["handle"] for p in profiles}
    described = dict(rows(store, "SELECT id, description FROM authors WHERE source LIKE '%get_follows.json'"))
    assert described == {p["did"]: p["description"] for p in profiles}


# --- property tests -------------------------------------------------------------------------------------

SAMPLES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "platforms" / "bluesky"


def _samples() -> list[Any]:
    found: list[Any] = [
        author_feed(),
        thread_with_not_found(),
        {"posts": [quote_post(reply_to=ROOT, with_media=True)]},
        list_records_page(),
        jetstream_lines()[0],
        jetstream_lines()[1],
    ]
    if SAMPLES_DIR.is_dir():
        found += [json.loads(p.read_text()) for p in sorted(SAMPLES_DIR.glob("*.json"))]
    return found


SAMPLES = _samples()

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(
        ["at://", "did:", "at://did:plc:x/app.bsky.feed.post/", "2024-13-45T99:00:00Z", "handle.invalid"]
    ),
)
_junk = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def retyped(draw) -> bytes:
    """A sample with one to three values swapped for values of other types."""
    value = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 3))):
        paths = json_paths(value)
        path = paths[draw(st.integers(0, len(paths) - 1))]
        value = replaced(value, path, draw(_junk))
    return json.dumps(value, ensure_ascii=False).encode()  # big integers and NaN included


@st.composite
def damaged(draw, indent: bool = True) -> bytes:
    """Truncated, re-encoded or byte-flipped samples (pretty-printed ones break into per-line rejects)."""
    option = orjson.OPT_INDENT_2 if indent and draw(st.booleans()) else None
    data = orjson.dumps(draw(st.sampled_from(SAMPLES)), option=option)
    how = draw(st.sampled_from(["truncate", "latin1", "flip", "jsonl"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if how == "latin1":
        return data.decode("utf-8").encode("latin-1", "replace")
    if how == "flip":
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
    lines = [orjson.dumps(s) for s in draw(st.lists(st.sampled_from(SAMPLES), min_size=1, max_size=3))]
    lines.insert(draw(st.integers(0, len(lines))), draw(st.binary(max_size=30)).replace(b"\n", b""))
    return b"\n".join(lines)


@st.composite
def nested(draw) -> bytes:
    """Deep threads (long parent and reply chains) with deeply nested junk in the innermost post.

    Written as text from the inside out: the JSON encoders stop at a few hundred levels, the reader
    (orjson) at 1024, beyond which the whole document is rejected as invalid JSON.
    """
    junk = "1"
    for _ in range(draw(st.integers(0, 200))):
        junk = f"[{junk}]" if draw(st.booleans()) else f'{{"k":{junk}}}'
    inner = copy.deepcopy(CHILD)
    inner["record"]["facets"] = "JUNK"
    text = f'{{"$type":"{bsky.THREAD_VIEW_POST}","post":{orjson.dumps(inner).decode().replace(chr(34) + "JUNK" + chr(34), junk)}}}'
    for level in range(draw(st.integers(1, 400))):
        post = copy.deepcopy(ANCHOR if level % 2 else REPLY)
        post["uri"] = post_uri(ALICE, f"3kdeep{level:07d}")
        link = '"replies":[{}]' if draw(st.booleans()) else '"parent":{}'
        text = (
            f'{{"$type":"{bsky.THREAD_VIEW_POST}","post":{orjson.dumps(post).decode()},{link.format(text)}}}'
        )
    return f'{{"thread":{text}}}'.encode()


def _map_all(data: bytes, name: str = "input.json") -> list:
    outputs = list(bsky.records(entry_of(data, name), ImportOptions()))
    for out in outputs:
        assert isinstance(out, Record | Reject | Skipped)
        if isinstance(out, Record):
            try:
                if out.type == "author":
                    bsky.map_author(out.data)
                else:
                    bsky.map_item(out.data)
            except MappingError:
                pass
    return outputs


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(retyped())
def test_wrongly_typed_records_raise_only_mapping_errors(data):
    assert all(isinstance(o, Record | Reject | Skipped) for o in _map_all(data))


@FAST
@given(damaged())
def test_damaged_inputs_raise_only_mapping_errors(data):
    assert all(isinstance(o, Record | Reject | Skipped) for o in _map_all(data, "input.jsonl"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested())
def test_deep_threads_raise_only_mapping_errors(data):
    assert all(isinstance(o, Record | Reject | Skipped) for o in _map_all(data))


def test_damaged_inputs_import_without_crashing(tmp_path):
    """Through the whole pipeline (one store for all examples, one file per example): nothing crashes,
    every record is stored, skipped or quarantined with its source and line."""
    names = iter(range(10**6))
    with Store.open(tmp_path / "store.duckdb") as store:

        @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(st.one_of(retyped(), damaged(indent=False), nested()))
        def check(data: bytes) -> None:
            path = tmp_path / f"input{next(names)}.json"
            path.write_bytes(data)
            summary = import_paths(store, path, format_name="bluesky")
            assert not summary.errors
            reasons = [r for (r,) in rows(store, "SELECT reason FROM quarantine WHERE source = ?", str(path))]
            assert not [r for r in reasons if "reader stopped" in r or "could not map" in r], reasons
            assert rows(store, "SELECT count(*) FROM quarantine WHERE line IS NULL OR line < 0") == [(0,)]
            totals = summary.totals()  # author profiles are not counted there: summary.records has them
            assert summary.records + totals.quarantined + totals.skipped >= 1 or not data.strip()

        check()
