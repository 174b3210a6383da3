"""Facebook Graph API importer: hand-built records, the real python-facebook fixtures, fuzzing.

The helpers without a ``test_`` prefix (entries, accounting, mutations) are shared with test_instagram.py.
"""

from __future__ import annotations

import io
import json
import random
import re
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import MappingError, canonical_urls, parse_time
from passaparola.sources import Format, ImportOptions, Record, Reject, Skipped, facebook, instagram
from passaparola.sources.inputs import Entry, Peek
from passaparola.store import SourceCounts, Store
from tests.conftest import SHARED_DATA, import_paths, rows

FB = facebook.FORMAT
IG = instagram.FORMAT
TIME = "2021-07-09T19:09:52+0000"


# --- shared helpers ------------------------------------------------------------------------------------


def make_entry(value: Any, hint: str | None = None, name: str = "response.json") -> Entry:
    if isinstance(value, bytes):
        data = value
    else:
        try:
            data = orjson.dumps(value)
        except TypeError:  # integers past 64 bits: the standard library writes them
            data = json.dumps(value).encode()
    return Entry(name=name, opener=lambda: io.BytesIO(data), size=len(data), hint=hint)


def outputs(fmt: Format, value: Any, hint: str | None = None) -> list[Any]:
    return list(fmt.records(make_entry(value, hint), ImportOptions()))


def mapped(fmt: Format, value: Any, hint: str | None = None) -> list[dict[str, Any]]:
    """Items of an input, mapped, in order (records and reparse of the stored raw must agree)."""
    items = []
    for out in outputs(fmt, value, hint):
        if isinstance(out, Record) and out.type == "item":
            item = fmt.map_item(out.data)
            again = fmt.map_item(orjson.loads(orjson.dumps(out.data)))  # the stored raw alone is enough
            assert again == item
            items.append(item)
    return items


def authors(fmt: Format, value: Any, hint: str | None = None) -> list[dict[str, Any]]:
    assert fmt.map_author is not None
    return [
        fmt.map_author(o.data)
        for o in outputs(fmt, value, hint)
        if isinstance(o, Record) and o.type == "author"
    ]


def platform_of(value: Any, hint: str | None = None) -> str | None:
    return facebook.document_platform(Peek(make_entry(value, hint)))


def expected_outputs(fmt: Format, path: Path) -> tuple[set[tuple[str, str]], int, int]:
    """What an import of ``path`` with ``fmt`` must account for: item keys, quarantined and skipped records.
    Calling records() and the mappers here also checks that they raise nothing but MappingError."""
    entry = Entry(name=str(path), opener=lambda: open(path, "rb"), size=path.stat().st_size)
    keys: set[tuple[str, str]] = set()
    quarantined = skipped = 0
    for out in fmt.records(entry, ImportOptions()):
        if isinstance(out, Skipped):
            skipped += 1
        elif isinstance(out, Reject):
            quarantined += 1
        else:
            assert isinstance(out, Record)
            try:
                if out.type == "author":
                    assert fmt.map_author is not None
                    fmt.map_author(out.data)
                else:
                    item = fmt.map_item(out.data)
                    keys.add((item["platform"], item["id"]))
            except MappingError:
                quarantined += 1
    return keys, quarantined, skipped


def assert_accounted(store: Store, folder: Path) -> None:
    """Import a folder by sniffing into a store with no items; every record of a file recognised as Facebook
    or Instagram is stored, skipped or quarantined with its source and line; other files store nothing."""
    store.con.execute("DELETE FROM items")
    summary = import_paths(store, folder)
    assert summary.status == "done"
    union: set[tuple[str, str]] = set()
    for path in sorted(folder.iterdir()):
        source = str(path)
        fmt_name = summary.formats.get(source)
        counts = summary.counts.get(source)
        if fmt_name not in ("facebook", "instagram"):
            assert rows(store, "SELECT count(*) FROM items WHERE source = ?", source) == [(0,)]
            continue
        keys, quarantined, skipped = expected_outputs(FB if fmt_name == "facebook" else IG, path)
        union |= keys
        # items of the same id in several files merge into one row: only the folder's total of new rows counts
        counts = counts or SourceCounts()
        assert (counts.quarantined, counts.skipped) == (quarantined, skipped), path.name
        lines = rows(
            store,
            "SELECT line, reason FROM quarantine WHERE source = ? AND import_id = ?",
            source,
            summary.import_id,
        )
        assert all(line is not None and line >= 0 and reason for line, reason in lines)
    stored = {tuple(r) for r in rows(store, "SELECT platform, id FROM items")}
    assert stored >= union
    assert sum(c.new for c in summary.counts.values()) == len(stored)


_POOL: list[Any] = [
    None,
    0,
    -7,
    1.5,
    2**70,
    "",
    "x",
    "2021-13-45T99:99:99+0000",
    True,
    [],
    {},
    [1, "a"],
    {"a": 1},
]


def swap_types(document: Any, rng: random.Random, changes: int) -> Any:
    """The document with ``changes`` values (anywhere, any depth) replaced by a value of another type."""
    slots: list[tuple[Any, Any]] = []

    def collect(value: Any, depth: int) -> None:
        if depth > 40:
            return
        if isinstance(value, dict):
            for key, child in value.items():
                slots.append((value, key))
                collect(child, depth + 1)
        elif isinstance(value, list):
            for i, child in enumerate(value):
                slots.append((value, i))
                collect(child, depth + 1)

    collect(document, 0)
    for container, key in rng.sample(slots, min(changes, len(slots))):
        old = container[key]
        choices = [v for v in _POOL if type(v) is not type(old)]
        container[key] = rng.choice(choices)
    return document


def nest(core: bytes, depth: int, how: str) -> bytes:
    """``core`` wrapped ``depth`` times (built as text: orjson would refuse to write such depths)."""
    time = TIME.encode()
    wrappers = {
        "list": (b"[", b"]"),
        "dict": (b'{"id":"1_2","message":', b"}"),
        "page": (b'{"data":[', b"]}"),
        "comments": (
            b'{"id":"1_2","message":"m","created_time":"' + time + b'","comments":{"data":[',
            b"]}}",
        ),
        "replies": (
            b'{"id":"17800000000000001","text":"t","timestamp":"' + time + b'","replies":{"data":[',
            b"]}}",
        ),
    }
    before, after = wrappers[how]
    return before * depth + core + after * depth


def data_files(platform: str) -> list[Path]:
    folder = SHARED_DATA / "platforms" / platform
    return sorted(folder.rglob("*.json")) if folder.is_dir() else []


MUTATIONS = ("truncate", "latin-1", "random", "types", "deep")


def mutate(raw: bytes, how: str, draw: Any, deep_kinds: tuple[str, ...]) -> bytes:
    """A real file, broken one way: truncated, mis-encoded, random bytes, wrongly typed or deeply nested."""
    if how == "truncate":
        return raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
    if how == "latin-1":
        return raw.decode("utf-8").encode("latin-1", "replace")
    if how == "random":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=24)) + raw[at + draw(st.integers(0, 8)) :]
    if how == "types":
        rng = random.Random(draw(st.integers(0, 2**32)))
        document = swap_types(json.loads(raw), rng, draw(st.integers(1, 6)))
        return json.dumps(document).encode()  # json, not orjson: it writes integers past 64 bits
    return nest(raw.strip(), draw(st.integers(1, 1200)), draw(st.sampled_from(deep_kinds)))


def check_forced(files: list[Path], fmt: Format, data: Any, deep_kinds: tuple[str, ...]) -> None:
    """records() of a broken real file yields only outputs; the mappers raise only MappingError."""
    path = data.draw(st.sampled_from(files))
    blob = mutate(path.read_bytes(), data.draw(st.sampled_from(MUTATIONS)), data.draw, deep_kinds)
    Peek(make_entry(blob)).sample  # noqa: B018
    assert fmt.sniff(Peek(make_entry(blob))) in (True, False)
    for out in outputs(fmt, blob):
        assert isinstance(out, Record | Reject | Skipped)
        if isinstance(out, Record):
            mapper = fmt.map_item if out.type == "item" else fmt.map_author
            assert mapper is not None
            try:
                mapper(out.data)
            except MappingError:
                pass


def check_imported(store: Store, files: list[Path], data: Any, deep_kinds: tuple[str, ...]) -> None:
    """A few broken real files imported together: nothing crashes and every record is accounted for."""
    picks = data.draw(
        st.lists(st.tuples(st.sampled_from(files), st.sampled_from(MUTATIONS)), min_size=1, max_size=4)
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, (path, how) in enumerate(picks):
            (folder / f"{i}_{path.name}").write_bytes(mutate(path.read_bytes(), how, data.draw, deep_kinds))
        assert_accounted(store, folder)


# --- hand-built records ------------------------------------------------------------------------------------


def test_page_post_with_everything():
    post = {
        "id": "111_222",
        "from": {"id": "111", "name": "Caffè Aurora"},
        "message": "Nuovo blend! https://aurora.example/blend?utm_source=fb #caffe",
        "created_time": "2024-03-01T08:30:00+0000",
        "permalink_url": "https://www.facebook.com/111/posts/222/",
        "shares": {"count": 4},
        "reactions": {"data": [], "summary": {"total_count": 31, "viewer_reaction": "NONE"}},
        "like": {"data": [], "summary": {"total_count": 29}},
        "love": {"data": [], "summary": {"total_count": 2}},
        "comments": {
            "data": [],
            "summary": {"order": "chronological", "total_count": 7, "can_comment": True},
        },
        "attachments": {
            "data": [
                {
                    "type": "share",
                    "url": "https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example%2Fp%3Futm_campaign%3Dspring&h=x",
                }
            ]
        },
        "message_tags": [{"id": "9", "name": "Aurora Roasters", "type": "page", "offset": 0, "length": 5}],
        "status_type": "shared_story",
        "is_published": True,
        "promotion_status": "active",
    }
    [item] = mapped(FB, {"data": [post], "paging": {"cursors": {"before": "a", "after": "b"}}})
    item["urls"] = canonical_urls(item["urls"])  # enrichment canonicalises the links as given
    assert item == {
        "platform": "facebook",
        "id": "111_222",
        "kind": "post",
        "created_at": datetime(2024, 3, 1, 8, 30, tzinfo=UTC),
        "author_id": "111",
        "author_name": "Caffè Aurora",
        "text": post["message"],
        "shared_id": None,
        "urls": ["https://shop.example/p", "https://aurora.example/blend"],
        "likes": 31,
        "shares": 4,
        "replies": 7,
        "promoted": True,
        "url": "https://www.facebook.com/111/posts/222/",
        "extra": orjson.dumps(
            {
                "status_type": "shared_story",
                "is_published": True,
                "promotion_status": "active",
                "reactions": {"like": 29, "love": 2},
                "tags": ["Aurora Roasters"],
                "attachments": ["share"],
            }
        ).decode(),
    }


def test_unknown_counters_stay_null_and_old_likes_count():
    [bare] = mapped(FB, {"id": "1_2", "message": "hi", "created_time": TIME})
    assert (bare["likes"], bare["shares"], bare["replies"], bare["promoted"], bare["urls"]) == (None,) * 5
    assert bare["url"] == "https://www.facebook.com/1_2"
    [old] = mapped(
        FB, {"id": "1_3", "created_time": TIME, "likes": {"data": [], "summary": {"total_count": 5}}}
    )
    assert old["likes"] == 5


@pytest.mark.parametrize(
    ("status", "promoted"),
    [
        ("active", True),
        ("extendable", True),
        ("finished", True),
        ("inactive", False),
        ("ineligible", False),
        ("rejected", False),
        ("pending", None),
        ("draft", None),
    ],
)
def test_promotion_status(status, promoted):
    [item] = mapped(FB, {"id": "1_2", "created_time": TIME, "promotion_status": status})
    assert item["promoted"] is promoted


def test_share_of_another_post():
    [item] = mapped(FB, {"id": "1_5", "created_time": TIME, "parent_id": "7_8", "message": "look"})
    assert (item["kind"], item["shared_id"]) == ("share", "7_8")


def test_nested_comments_and_replies():
    post = {
        "id": "10_20",
        "created_time": TIME,
        "message": "post",
        "comments": {
            "data": [
                {
                    "id": "20_31",
                    "message": "first",
                    "created_time": TIME,
                    "from": {"id": "5", "name": "Ann"},
                    "like_count": 2,
                    "comment_count": 1,
                    "comments": {"data": [{"id": "20_32", "message": "reply", "created_time": TIME}]},
                },
            ],
            "paging": {"next": "https://graph.facebook.com/v11.0/10_20/comments?access_token=SECRET&after=x"},
            "summary": {"total_count": 2},
        },
    }
    outs = outputs(FB, post)
    assert [o.data["_pp"]["object"] for o in outs] == ["post", "comment", "comment"]
    assert b"SECRET" not in orjson.dumps([o.data for o in outs])  # paging links carry access tokens
    assert outs[0].data["comments"] == {"summary": {"total_count": 2}}  # children are their own records
    stored_post, first, reply = mapped(FB, post)
    assert stored_post["replies"] == 2
    assert (first["kind"], first["parent_id"], first["root_id"]) == ("reply", "10_20", "10_20")
    assert (first["author_id"], first["author_name"], first["likes"], first["replies"]) == ("5", "Ann", 2, 1)
    assert (reply["parent_id"], reply["root_id"]) == ("20_31", "10_20")


def test_comments_page_without_ids_uses_permalinks():
    base = "https://www.facebook.com/100/posts/200/?comment_id="
    page = {
        "data": [
            {
                "created_time": TIME,
                "message": "top",
                "like_count": 0,
                "comment_count": 1,
                "permalink_url": base + "301",
            },
            {"created_time": TIME, "message": "re", "permalink_url": base + "301&reply_comment_id=302"},
        ],
        "paging": {"next": "https://graph.facebook.com/v11.0/100_200/comments?filter=stream&after=x"},
        "summary": {"order": "chronological", "total_count": 2, "can_comment": True},
    }
    top, reply = mapped(FB, page)
    assert (top["id"], top["parent_id"], top["root_id"]) == ("200_301", "100_200", "100_200")
    assert (reply["id"], reply["parent_id"], reply["root_id"]) == ("200_302", "200_301", "100_200")
    assert reply["url"] == base + "301&reply_comment_id=302"


def test_comments_of_a_toplevel_request_hang_from_its_object():
    page = {"data": [{"id": "55_1", "message": "a", "created_time": TIME, "from": {"id": "9", "name": "Bo"}}]}
    [item] = mapped(FB, page, hint="GET https://graph.facebook.com/v19.0/44_55/comments?fields=id,message")
    assert (item["kind"], item["parent_id"], item["root_id"]) == ("reply", "44_55", None)
    [explicit] = mapped(FB, {"id": "55_2", "message": "b", "created_time": TIME, "parent": {"id": "55_1"}})
    assert (explicit["kind"], explicit["parent_id"]) == ("reply", "55_1")


def test_conversations_and_messages():
    conversation = {
        "id": "t_9",
        "updated_time": TIME,
        "messages": {
            "data": [
                {
                    "id": "m_1",
                    "created_time": TIME,
                    "message": "Ciao @aurora",
                    "from": {"id": "5", "name": "Ann", "email": "5@facebook.com"},
                    "to": {"data": [{"id": "111", "name": "Caffè Aurora", "email": "111@facebook.com"}]},
                    "tags": {"data": [{"name": "inbox"}]},
                }
            ]
        },
    }
    [message] = mapped(FB, conversation)
    assert message == {
        "platform": "facebook",
        "id": "m_1",
        "kind": "message",
        "created_at": parse_time(TIME),
        "author_id": "5",
        "author_handle": None,
        "author_name": "Ann",
        "text": "Ciao @aurora",
        "root_id": "t_9",
        "extra": '{"to":["111"],"tags":["inbox"]}',
    }
    [skipped] = outputs(FB, {"id": "t_9", "updated_time": TIME, "message_count": 3, "snippet": "hi"})
    assert isinstance(skipped, Skipped) and "conversation without messages" in skipped.reason
    hinted = {
        "data": [{"id": "m_2", "created_time": TIME, "message": "x", "from": {"id": "5", "name": "Ann"}}]
    }
    [item] = mapped(FB, hinted, hint="GET https://graph.facebook.com/v11.0/t_9/messages?fields=message")
    assert (item["kind"], item["root_id"], item.get("parent_id")) == (
        "message",
        "t_9",
        None,
    )


def test_pages_are_author_profiles():
    pages = {
        "1": {
            "id": "1",
            "name": "A",
            "username": "aaa",
            "fan_count": 10,
            "followers_count": 12,
            "verification_status": "blue_verified",
            "about": "About A",
            "link": "https://www.facebook.com/aaa",
        },
        "2": {"id": "2", "name": "B", "fan_count": 3, "location": {"city": "Torino", "country": "Italy"}},
    }
    a, b = authors(FB, pages)
    assert a == {
        "platform": "facebook",
        "id": "1",
        "handle": "aaa",
        "name": "A",
        "followers": 12,
        "verified": True,
        "description": "About A",
        "location": None,
        "url": "https://www.facebook.com/aaa",
    }
    assert (b["followers"], b["location"], b["verified"], b["url"]) == (
        3,
        "Torino, Italy",
        None,
        "https://www.facebook.com/2",
    )
    found = {
        "data": [{"id": "3", "name": "C"}],
        "paging": {"next": "https://graph.facebook.com/v12.0/pages/search?q=c"},
    }
    assert [a["id"] for a in authors(FB, found)] == ["3"]


def test_non_items_are_skipped():
    error = {"error": {"message": "Invalid OAuth", "type": "OAuthException", "code": 190, "fbtrace_id": "Ax"}}
    [out] = outputs(FB, error)
    assert isinstance(out, Skipped) and out.reason.startswith("Graph API error 190")
    [out] = outputs(FB, {"data": [], "paging": {"previous": "https://graph.facebook.com/v11.0/1/feed"}})
    assert isinstance(out, Skipped) and out.reason == "empty page"
    [out] = outputs(FB, {"id": "1_2"})
    assert isinstance(out, Skipped)
    insight = {
        "name": "page_impressions",
        "period": "day",
        "values": [{"value": 3}],
        "id": "1/insights/page_impressions/day",
    }
    [out] = outputs(FB, {"data": [insight]})
    assert isinstance(out, Skipped) and "insights" in out.reason


def test_malformed_records_are_quarantined_with_a_reason():
    outs = outputs(
        FB,
        {
            "data": [
                {"id": "1_2", "created_time": TIME, "from": ["x"]},
                7,
                {"id": "1_3", "created_time": "soon"},
            ]
        },
    )
    post, number, bad_time = outs
    with pytest.raises(MappingError, match="'from' to be an object"):
        FB.map_item(post.data)
    assert isinstance(number, Reject) and number.line == 2
    with pytest.raises(MappingError, match="timestamp"):
        FB.map_item(bad_time.data)
    with pytest.raises(MappingError, match="expected a Facebook post"):
        FB.map_item({"foo": 1})


def test_instagram_objects_are_never_claimed_or_mapped_as_facebook():
    media = {
        "id": "17900000000000001",
        "caption": "x",
        "media_type": "IMAGE",
        "timestamp": TIME,
        "like_count": 1,
    }
    assert platform_of({"data": [media]}) == "instagram"
    assert platform_of({"id": "17900000000000002", "text": "nice", "timestamp": TIME}) == "instagram"
    [out] = outputs(FB, {"data": [media]})  # forced --format facebook on Instagram data
    assert isinstance(out, Skipped) and "Instagram" in out.reason
    assert platform_of({"data": [{"id": "1_2", "message": "m", "created_time": TIME}]}) == "facebook"


@pytest.mark.parametrize(
    "value",
    [
        {
            "id": "109",
            "username": "admin",
            "acct": "admin",
            "followers_count": 3,
            "created_at": "2026-08-01T00:00:00.000Z",
        },
        {"kind": "youtube#comment", "id": "Ug", "snippet": {"textDisplay": "wow"}},
        {"data": [{"id": "abc", "parent_id": "t3_x", "body": "reddit comment", "created_utc": 1600000000}]},
        {
            "data": [{"id": "1", "text": "tweet", "edit_history_tweet_ids": ["1"]}],
            "meta": {"result_count": 1},
        },
        {"id": "1", "message": "log line", "level": "info"},
        {"data": []},
        [{"id": 1, "name": "x"}],
    ],
)
def test_other_json_is_not_claimed(value):
    assert platform_of(value) is None


def test_sniffs_large_documents_from_the_head():
    post = {"id": "1_2", "message": "x" * 2000, "created_time": TIME}
    blob = orjson.dumps({"data": [post] * 700, "paging": {}})
    assert len(blob) > 1 << 20
    assert FB.sniff(Peek(make_entry(blob))) and not IG.sniff(Peek(make_entry(blob)))


def test_json_lines_are_located_by_line():
    blob = b"\n".join(orjson.dumps({"id": f"1_{i}", "message": "m", "created_time": TIME}) for i in range(3))
    assert [o.line for o in outputs(FB, blob)] == [1, 2, 3]
    page = {"data": [{"id": f"1_{i}", "created_time": TIME} for i in range(3)]}
    assert [o.line for o in outputs(FB, page)] == [1, 2, 3]


# --- real data ------------------------------------------------------------------------------------------


def _comment_ids(permalink: str) -> tuple[str, str, str]:
    """(id, parent, root) of a comment, read from its permalink by the test itself."""
    match = re.search(r"facebook\.com/(\d+)/posts/(\d+)", permalink)
    assert match
    page, post = match.groups()
    query = parse_qs(urlsplit(permalink).query)
    comment = query["comment_id"][0]
    if "reply_comment_id" in query:
        return f"{post}_{query['reply_comment_id'][0]}", f"{post}_{comment}", f"{page}_{post}"
    return f"{post}_{comment}", f"{page}_{post}", f"{page}_{post}"


def _is_map(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and "id" not in doc
        and all(isinstance(v, dict) and v.get("id") == k for k, v in doc.items())
    )


def _objects(doc: Any) -> list[Any]:
    if isinstance(doc, dict) and "data" in doc:
        return doc["data"]
    return list(doc.values()) if _is_map(doc) else [doc]


# relative path -> (items, authors, skipped) computed from the raw document
FB_EXPECTED = {
    "comments/comment_info.json": lambda d: (1, 0, 0),
    "comments/comments_info.json": lambda d: (len(d), 0, 0),
    "comments/comments_p1.json": lambda d: (len(d["data"]), 0, 0),
    "comments/comments_p2.json": lambda d: (len(d["data"]), 0, 0),
    "comments/create_resp.json": lambda d: (1, 0, 0),
    "conversations/cvs_info.json": lambda d: (0, 0, 1),
    "conversations/cvses_info.json": lambda d: (0, 0, len(d)),
    "messages/message_info.json": lambda d: (1, 0, 0),
    "messages/messages_info.json": lambda d: (len(d), 0, 0),
    "pages/multi_default_fields.json": lambda d: (0, len(d), 0),
    "pages/multi_pages.json": lambda d: (0, len(d), 0),
    "pages/search_pages.json": lambda d: (0, len(d["data"]), 0),
    "pages/single_default_page.json": lambda d: (0, 1, 0),
    "pages/single_fields_page.json": lambda d: (0, 1, 0),
    "posts/feed_fields_p1.json": lambda d: (len(d["data"]), 0, 0),
    "posts/feed_fields_p2.json": lambda d: (len(d["data"]), 0, 0),
    "posts/feeds_default_fields_p1.json": lambda d: (len(d["data"]), 0, 0),
    "posts/feeds_default_fields_p2.json": lambda d: (len(d["data"]), 0, 0),
    "posts/multi_posts_data.json": lambda d: (
        len(d) + sum(len(p["comments"]["data"]) for p in d.values()),
        0,
        0,
    ),
    "posts/multi_posts_data_fields.json": lambda d: (len(d), 0, 0),
    "posts/single_post_data.json": lambda d: (1, 0, 0),
    "posts/single_post_data_fields.json": lambda d: (1, 0, 0),
}


def check_folder(store: Store, folder: Path, fmt: Format, expected: dict[str, Any]) -> None:
    """Import the folder by sniffing: every JSON file is claimed by the platform's own format and nothing is
    quarantined; per file, items, authors and skips are as computed from the raw JSON."""
    summary = import_paths(store, folder)
    assert summary.status == "done" and not summary.errors
    json_files = {str(p) for p in folder.rglob("*.json")}
    assert json_files and json_files <= set(summary.formats)
    assert {summary.formats[f] for f in json_files} == {fmt.name}
    assert all(not name.endswith(".json") for name in summary.unrecognised)
    sources = rows(store, "SELECT source, format FROM import_sources WHERE import_id = ?", summary.import_id)
    assert {f for source, f in sources if source in json_files} == {fmt.name}
    assert rows(store, "SELECT DISTINCT platform FROM items") == [(fmt.platform,)]
    assert rows(store, "SELECT count(*) FROM quarantine") == [(0,)]

    union: set[tuple[str, str]] = set()
    checked = 0
    for rel, expect in expected.items():
        path = folder / rel
        if not path.is_file():
            continue
        items, author_count, skipped = expect(orjson.loads(path.read_bytes()))
        entry = Entry(name=str(path), opener=lambda p=path: open(p, "rb"))
        found = Counter(o.type for o in fmt.records(entry, ImportOptions()) if isinstance(o, Record))
        assert (found["item"], found["author"]) == (items, author_count), rel
        keys, quarantined, skips = expected_outputs(fmt, path)
        counts = summary.counts[str(path)]
        assert (counts.skipped, counts.quarantined, skips, quarantined) == (skipped, 0, skipped, 0), rel
        union |= keys
        checked += 1
    assert checked >= len(expected) // 2
    stored = {tuple(r) for r in rows(store, "SELECT platform, id FROM items")}
    assert union <= stored
    assert sum(c.new for c in summary.counts.values()) == len(stored)


def test_real_facebook_folder(shared_data, store):
    folder = shared_data / "platforms" / "facebook"
    if not folder.is_dir():
        pytest.skip("no Facebook fixtures")
    check_folder(store, folder, FB, FB_EXPECTED)


def import_alone(store: Store, path: Path) -> bytes:
    """Import one file into an emptied items table (values of an id differ between files: the later
    observation wins on upsert); return its bytes."""
    store.con.execute("DELETE FROM items")
    summary = import_paths(store, path)
    assert summary.formats[str(path)] in ("facebook", "instagram")
    return path.read_bytes()


def _store_item(store: Store, item_id: str) -> dict[str, Any]:
    columns = [
        "kind",
        "created_at",
        "author_id",
        "author_name",
        "text",
        "parent_id",
        "root_id",
        "likes",
        "shares",
        "replies",
        "url",
        "extra",
    ]
    [row] = rows(
        store, f"SELECT {', '.join(columns)} FROM items WHERE platform = 'facebook' AND id = ?", item_id
    )
    return dict(zip(columns, row, strict=True))


def test_real_facebook_values(shared_data, store):
    folder = shared_data / "platforms" / "facebook"
    if not folder.is_dir():
        pytest.skip("no Facebook fixtures")
    feed = orjson.loads(import_alone(store, folder / "posts/feeds_default_fields_p1.json"))
    for post in feed["data"]:
        item = _store_item(store, post["id"])
        assert item["kind"] == "post" and item["text"] == post["message"]
        assert item["created_at"] == parse_time(post["created_time"])
        assert item["likes"] == post["reactions"]["summary"]["total_count"]
        assert item["replies"] == post["comments"]["summary"]["total_count"]
        assert item["shares"] == post["shares"]["count"]
        assert item["url"] == post["permalink_url"]
        assert orjson.loads(item["extra"])["reactions"]["like"] == post["like"]["summary"]["total_count"]

    comments = orjson.loads(import_alone(store, folder / "comments/comments_p1.json"))
    for comment in comments["data"]:
        comment_id, parent, root = _comment_ids(comment["permalink_url"])
        item = _store_item(store, comment_id)
        assert (item["kind"], item["parent_id"], item["root_id"]) == ("reply", parent, root)
        assert (item["likes"], item["replies"], item["text"]) == (
            comment["like_count"],
            comment["comment_count"],
            comment["message"],
        )

    posts = orjson.loads(import_alone(store, folder / "posts/multi_posts_data.json"))
    for post_id, post in posts.items():
        for comment in post["comments"]["data"]:
            item = _store_item(store, comment["id"])
            assert (item["parent_id"], item["root_id"]) == (post_id, post_id)
            assert (item["author_id"], item["author_name"]) == (
                comment["from"]["id"],
                comment["from"]["name"],
            )
            assert item["likes"] == comment["likes"]

    messages = orjson.loads(import_alone(store, folder / "messages/messages_info.json"))
    for message in messages.values():
        item = _store_item(store, message["id"])
        assert (item["kind"], item["author_id"], item["author_name"]) == (
            "message",
            message["from"]["id"],
            message["from"]["name"],
        )
        assert orjson.loads(item["extra"])["to"] == [p["id"] for p in message["to"]["data"]]

    pages = orjson.loads(import_alone(store, folder / "pages/multi_pages.json"))
    for page in pages.values():
        found = rows(
            store,
            "SELECT handle, name FROM authors WHERE platform = 'facebook' AND id = ? AND followers = ?",
            page["id"],
            page["fan_count"],
        )
        assert (page["username"], page["name"]) in found
    assert not rows(store, "SELECT id FROM items WHERE platform = 'facebook' AND raw IS NULL")


# --- fuzzing ---------------------------------------------------------------------------------------------

FB_FILES = data_files("facebook")
FB_DEEP = ("list", "dict", "page", "comments")
needs_data = pytest.mark.skipif(not FB_FILES, reason=f"real data not found at {SHARED_DATA}")


@needs_data
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_broken_files_raise_only_mapping_errors(data):
    check_forced(FB_FILES, FB, data, FB_DEEP)


@needs_data
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_broken_files_import_and_every_record_is_accounted_for(store, data):
    check_imported(store, FB_FILES, data, FB_DEEP)


@settings(max_examples=80, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "message",
                        "created_time",
                        "from",
                        "comments",
                        "data",
                        "paging",
                        "permalink_url",
                        "parent",
                        "reactions",
                        "shares",
                        "messages",
                        "to",
                        "error",
                        "text",
                        "timestamp",
                        "media_type",
                        "caption",
                        "username",
                        "summary",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=30,
    )
)
def test_arbitrary_graph_shapes(value):
    for fmt in (FB, IG):
        Peek(make_entry(value)).sample  # noqa: B018
        assert fmt.sniff(Peek(make_entry(value))) in (True, False)
        for out in outputs(fmt, value):
            if isinstance(out, Record):
                mapper = fmt.map_item if out.type == "item" else fmt.map_author
                assert mapper is not None
                try:
                    mapper(out.data)
                except MappingError:
                    pass
