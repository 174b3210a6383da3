"""Mastodon REST API importer: hand-built statuses, the real VCR cassettes, and fuzzing."""

from __future__ import annotations

import html
import io
import json
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError, canonical_urls
from passaparola.sources import ImportOptions, Record, Skipped, get_format
from passaparola.sources.inputs import Entry, Peek
from passaparola.sources.mastodon import FORMAT, map_author, map_item
from passaparola.store import Store
from tests.conftest import SHARED_DATA, import_paths, rows
from tests.fuzzing import assert_import_accounts_for_every_record, json_paths, replaced, tally

CASSETTES = SHARED_DATA / "platforms" / "mastodon" / "cassettes"
API = "https://social.example/api/v1"


# --- helpers ----------------------------------------------------------------------------------------


def entry(content: Any, name: str = "page.json", hint: str | None = None) -> Entry:
    body = content if isinstance(content, bytes) else orjson.dumps(content)
    return Entry(name, lambda: io.BytesIO(body), len(body), None, hint)


def outputs(content: Any, **kwargs) -> list:
    return list(FORMAT.records(entry(content, **kwargs), ImportOptions()))


def mi(data: dict) -> dict:
    item = map_item(data)
    assert set(item) <= {*ITEM_COLUMNS, "_author"}
    return {**dict.fromkeys(ITEM_COLUMNS), **item}


def mapped(content: Any, **kwargs) -> list[dict]:
    return [mi(o.data) for o in outputs(content, **kwargs) if isinstance(o, Record) and o.type == "item"]


def by_id(content: Any, **kwargs) -> dict[str, dict]:
    return {item["id"]: item for item in mapped(content, **kwargs)}


def extra(item: dict) -> dict:
    return orjson.loads(item["extra"]) if item["extra"] else {}


def account(id_: str = "1", acct: str = "alice", **more) -> dict:
    return {
        "id": id_,
        "username": acct.split("@")[0],
        "acct": acct,
        "display_name": acct.split("@")[0].title(),
        "locked": False,
        "bot": False,
        "created_at": "2022-11-03T00:00:00.000Z",
        "note": "<p>Writes about <a href='https://social.example/tags/birds' class='mention hashtag'>#<span>birds</span></a> &amp; bees</p>",
        "url": f"https://social.example/@{acct}",
        "uri": f"https://social.example/users/{acct}",
        "followers_count": 120,
        "following_count": 80,
        "statuses_count": 999,
        "fields": [],
        **more,
    }


def status(id_: str = "100", content: str = "<p>hello</p>", who: dict | None = None, **more) -> dict:
    who = who or account()
    return {
        "id": id_,
        "created_at": "2024-05-01T10:00:00.000Z",
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://social.example/users/{who['acct']}/statuses/{id_}",
        "url": f"https://social.example/@{who['acct']}/{id_}",
        "replies_count": 1,
        "reblogs_count": 2,
        "favourites_count": 3,
        "quotes_count": 4,
        "edited_at": None,
        "content": content,
        "reblog": None,
        "application": {"name": "Web", "website": None},
        "account": who,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "card": None,
        "poll": None,
        "quote": None,
        **more,
    }


# --- hand-built: statuses ----------------------------------------------------------------------------

RICH = (
    '<p><span class="h-card" translate="no"><a href="https://social.example/@bob" class="u-url mention">'
    '@<span>bob</span></a></span> look: <a href="https://News.example.com/story?utm_source=masto&amp;id=7" '
    'target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span>'
    '<span class="ellipsis">news.example.com/story?utm_sour</span><span class="invisible">ce=masto&amp;id=7'
    '</span></a> <a href="https://social.example/tags/Birds" class="mention hashtag" rel="tag">#<span>Birds'
    "</span></a></p><p>second &lt;line&gt;</p>"
)


def test_status_with_everything():
    data = status(
        "110",
        RICH,
        spoiler_text="birds, politics",
        sensitive=True,
        language="pt-BR",
        in_reply_to_id="109",
        in_reply_to_account_id="2",
        edited_at="2024-05-01T11:00:00.000Z",
        mentions=[{"id": "2", "username": "bob", "acct": "bob", "url": "https://social.example/@bob"}],
        tags=[{"name": "Birds", "url": "https://social.example/tags/birds"}],
        card={"url": "https://news.example.com/story?id=7&fbclid=zz", "title": "Story", "type": "link"},
        media_attachments=[
            {"id": "9", "type": "image", "url": "https://files.example/a.png", "description": "a bird"}
        ],
        poll={
            "id": "5",
            "expires_at": None,
            "multiple": False,
            "votes_count": 3,
            "voters_count": 3,
            "options": [{"title": "yes", "votes_count": 2}, {"title": "no", "votes_count": 1}],
        },
    )
    (item,) = mapped(data, hint=f"GET {API}/statuses/110")
    item["urls"] = canonical_urls(item["urls"])  # enrichment canonicalises the links as given
    assert item == {
        **item,
        "platform": "mastodon",
        "id": "110",
        "kind": "reply",
        "created_at": datetime(2024, 5, 1, 10, tzinfo=UTC),
        "author_id": "1",
        "author_handle": "alice",
        "author_name": "Alice",
        "author_followers": 120,
        "title": "birds, politics",
        "text": "@bob look: https://news.example.com/story?utm_source=masto&id=7 #Birds\nsecond <line>",
        "lang": "pt",
        "parent_id": "109",
        "root_id": None,
        "shared_id": None,
        "mentions": ["bob"],
        "hashtags": ["birds"],
        "urls": ["https://news.example.com/story?id=7"],
        "likes": 3,
        "shares": 2,
        "replies": 1,
        "quotes": 4,
        "views": None,
        "promoted": None,
        "url": "https://social.example/@alice/110",
    }
    assert item["_author"] == {
        "following": 80,
        "posts": 999,
        "description": "Writes about #birds & bees",
        "created_at": datetime(2022, 11, 3, tzinfo=UTC),
        "url": "https://social.example/@alice",
    }
    assert extra(item) == {
        "uri": "https://social.example/users/alice/statuses/110",
        "server": "social.example",
        "visibility": "public",
        "in_reply_to_account_id": "2",
        "edited_at": "2024-05-01T11:00:00.000Z",
        "sensitive": True,
        "application": "Web",
        "media": [{"type": "image", "url": "https://files.example/a.png", "description": "a bird"}],
        "poll": {
            "options": [{"title": "yes", "votes": 2}, {"title": "no", "votes": 1}],
            "votes": 3,
            "voters": 3,
            "multiple": False,
            "expires_at": None,
        },
    }


def test_plain_post_empty_content_and_unknown_counters():
    data = status("1", "", language="und", spoiler_text="")
    for key in ("quotes_count", "replies_count"):
        del data[key]
    item = mi(data)
    assert item["kind"] == "post"
    assert item["text"] is None and item["title"] is None and item["lang"] is None
    assert item["urls"] == [] and item["mentions"] == [] and item["hashtags"] == []
    assert item["quotes"] is None and item["replies"] is None and item["likes"] == 3


def test_reblog_is_a_share_and_the_original_its_own_record():
    original = status("200", "<p>original</p>", who=account("2", "bob@other.example"), favourites_count=50)
    wrapper = status(
        "201",
        "",
        reblog=original,
        language=None,
        uri="https://social.example/users/alice/statuses/201/activity",
        url="https://social.example/users/alice/statuses/201/activity",
        favourites_count=0,
        reblogs_count=0,
    )
    outs = outputs(wrapper)
    assert [type(o) for o in outs] == [Record, Record]
    assert [o.line for o in outs] == [1, 1]
    items = by_id(wrapper)
    share, orig = items["201"], items["200"]
    assert share["kind"] == "share" and share["shared_id"] == "200"
    assert share["author_handle"] == "alice"
    for column in ("likes", "shares", "replies", "quotes", "text", "mentions", "hashtags", "urls", "lang"):
        assert share[column] is None, column
    assert extra(share)["uri"].endswith("/201/activity")
    assert orig["kind"] == "post" and orig["likes"] == 50 and orig["text"] == "original"
    assert orig["author_handle"] == "bob@other.example"
    # A remote status seen without a request line: its server is not known.
    assert "server" not in extra(orig)
    assert extra(share)["server"] == "social.example"


QUOTE_FALLBACK = (
    '<p class="quote-inline">RE: <a href="https://social.example/@bob/300" target="_blank" '
    'rel="nofollow noopener" translate="no"><span class="invisible">https://</span>'
    '<span class="ellipsis">social.example/@bob/300</span></a></p><p>so true</p>'
)


def test_quote_with_quoted_status_shallow_and_legacy_shapes():
    quoted = status(
        "300",
        "<p>the quoted</p>",
        who=account("2", "bob"),
        quote={"state": "accepted", "quoted_status_id": "299"},
    )
    data = status("301", QUOTE_FALLBACK, quote={"state": "accepted", "quoted_status": quoted})
    items = by_id(data)
    assert set(items) == {"301", "300"}
    quote = items["301"]
    assert quote["kind"] == "quote" and quote["shared_id"] == "300"
    assert quote["text"] == "so true" and quote["urls"] == []
    assert extra(quote)["quote_state"] == "accepted"
    # The quoted status carries a shallow quote of its own.
    assert items["300"]["kind"] == "quote" and items["300"]["shared_id"] == "299"

    legacy = status("302", "<p>hm</p>", quote=status("303", "<p>old style</p>", who=account("3", "carol")))
    assert by_id(legacy)["302"]["shared_id"] == "303" and "303" in by_id(legacy)

    gone = mi(status("304", "<p>x</p>", quote={"state": "deleted", "quoted_status": None}))
    assert gone["kind"] == "quote" and gone["shared_id"] is None
    assert extra(gone)["quote_state"] == "deleted"


def test_direct_status_is_a_message_and_reply_precedence():
    dm = mi(status("400", "<p>psst</p>", visibility="direct", in_reply_to_id="399"))
    assert dm["kind"] == "message" and dm["parent_id"] == "399"
    quote_reply = mi(
        status("401", "<p>x</p>", in_reply_to_id="399", quote={"state": "accepted", "quoted_status_id": "5"})
    )
    assert (
        quote_reply["kind"] == "quote"
        and quote_reply["parent_id"] == "399"
        and quote_reply["shared_id"] == "5"
    )


def test_embedded_chains_are_bounded():
    inner = status("0", "<p>bottom</p>")
    for n in range(1, 30):
        inner = status(str(n), "", reblog=inner)
    records = [o for o in outputs(inner) if isinstance(o, Record)]
    assert 1 < len(records) < 30
    for record in records:
        mi(record.data)


# --- hand-built: the other shapes ---------------------------------------------------------------------


def test_context_sets_reply_links_and_root():
    root = status("1", "<p>root</p>")
    mid = status("2", "<p>mid</p>", in_reply_to_id="1")
    leaf = status("4", "<p>leaf</p>", in_reply_to_id="3")
    context = {"ancestors": [root, mid], "descendants": [leaf]}
    items = by_id(context, hint=f"GET {API}/statuses/3/context")
    assert {k: (v["parent_id"], v["root_id"], v["kind"]) for k, v in items.items()} == {
        "1": (None, "1", "post"),
        "2": ("1", "1", "reply"),
        "4": ("3", "1", "reply"),
    }
    # Ancestors cut short (the first one replies to something): the root is not known.
    cut = by_id({"ancestors": [mid], "descendants": [leaf]})
    assert cut["2"]["root_id"] is None and cut["4"]["root_id"] is None
    # No ancestors: the requested status is the root.
    top = by_id({"ancestors": [], "descendants": [mid]}, hint=f"GET {API}/statuses/1/context")
    assert top["2"]["root_id"] == "1"
    (skip,) = outputs({"ancestors": [], "descendants": []})
    assert isinstance(skip, Skipped) and skip.reason == "empty thread context"


def test_search_results_notifications_and_conversations():
    search = {
        "accounts": [account("7", "zed")],
        "statuses": [status("8")],
        "hashtags": [{"name": "x", "url": "u", "history": []}],
    }
    outs = outputs(search, hint="GET https://social.example/api/v2/search?q=x")
    assert [(type(o).__name__, o.type) for o in outs] == [("Record", "author"), ("Record", "item")]

    note = {
        "id": "20",
        "type": "mention",
        "created_at": "2024-05-01T10:00:01.000Z",
        "group_key": "ungrouped-20",
        "account": account("2", "bob"),
        "status": status("21", who=account("2", "bob")),
    }
    follow = {
        "id": "22",
        "type": "follow",
        "created_at": "2024-05-01T10:00:01.000Z",
        "account": account("3", "carol"),
    }
    outs = outputs([note, follow], hint=f"GET {API}/notifications")
    assert [(o.type, o.line) for o in outs] == [("author", 1), ("item", 1), ("author", 2)]
    assert map_author(outs[2].data)["handle"] == "carol"

    grouped = {
        "accounts": [account("2", "bob")],
        "statuses": [status("23")],
        "notification_groups": [{"group_key": "favourite-23", "type": "favourite", "status_id": "23"}],
    }
    assert [o.type for o in outputs(grouped)] == ["author", "item"]

    conversation = [
        {
            "id": "15",
            "unread": False,
            "accounts": [account("2", "bob")],
            "last_status": status("30", visibility="direct"),
        },
        {"id": "16", "unread": True, "accounts": [account("3", "carol")], "last_status": None},
    ]
    items = by_id(conversation, hint=f"GET {API}/conversations")
    assert items["30"]["kind"] == "message" and extra(items["30"])["conversation_id"] == "15"
    assert [o.type for o in outputs(conversation)] == ["author", "item", "author"]


def test_account_lists_are_author_profiles():
    outs = outputs(
        [account("1", "alice"), account("2", "bob@other.example")], hint=f"GET {API}/statuses/9/reblogged_by"
    )
    assert [(o.type, o.line) for o in outs] == [("author", 1), ("author", 2)]
    assert map_author(outs[1].data) == {
        "platform": "mastodon",
        "id": "2",
        "handle": "bob@other.example",
        "name": "Bob",
        "followers": 120,
        "following": 80,
        "posts": 999,
        "verified": None,
        "description": "Writes about #birds & bees",
        "location": None,
        "created_at": datetime(2022, 11, 3, tzinfo=UTC),
        "url": "https://social.example/@bob@other.example",
    }
    assert map_author({**account(), "display_name": "", "note": ""})["name"] is None


def test_deleted_status_uses_source_text_and_is_marked():
    data = status("50", None, text="source #text here")
    del data["content"]
    item = mi(next(o for o in outputs(data, hint=f"DELETE {API}/statuses/50")).data)
    assert item["text"] == "source #text here" and item["urls"] is None
    assert extra(item)["deleted"] is True
    assert "deleted" not in extra(mapped(status("50"), hint=f"GET {API}/statuses/50")[0])


def test_non_items_are_skipped_with_reasons():
    def reasons(content, hint=f"GET {API}/accounts/1/follow"):
        return [o.reason for o in outputs(content, hint=hint)]

    assert reasons([]) == ["empty page"]
    assert reasons({}) == ["empty object"]
    assert reasons({"id": "1", "following": True, "followed_by": False}) == ["relationship, not an item"]
    assert reasons({"domain": "x", "configuration": {}}) == ["instance metadata"]
    assert reasons({"id": "6", "title": "t", "replies_policy": "list"}) == ["list metadata"]
    assert reasons([{"name": "x", "url": "u", "history": []}]) == ["hashtag, not an item"]
    assert reasons({"count": 3}) == ["not a Mastodon status or account"]
    assert reasons({"error": "Record not found"}, hint=f"GET {API}/statuses/1 -> HTTP 404") == [
        "API error response"
    ]
    assert reasons({"accounts": [], "statuses": [], "hashtags": []}) == [
        "search result without statuses or accounts"
    ]
    rejected = outputs([status("1"), 5, "x"])
    assert [type(o).__name__ for o in rejected] == ["Record", "Reject", "Reject"]
    assert [o.line for o in rejected] == [1, 2, 3]
    assert rejected[1].reason == "expected a Mastodon object, got int"


def test_lines_for_jsonl_and_arrays():
    body = b"\n".join(orjson.dumps(s) for s in [status("1"), status("2"), [status("3"), status("4")]])
    assert [(o.line, o.data["id"]) for o in outputs(body)] == [(1, "1"), (2, "2"), (3, "3"), (3, "4")]
    assert [o.line for o in outputs([status("1"), status("2")])] == [1, 2]
    broken = outputs(orjson.dumps(status("1")) + b"\n{oops\n" + orjson.dumps(status("2")))
    assert [type(o).__name__ for o in broken] == ["Record", "Reject", "Record"]
    assert broken[1].line == 2


def test_mapping_errors_name_the_field():
    cases = [
        ({**status(), "id": None}, "status id in id"),
        ({**status(), "account": "alice"}, "account object in account"),
        ({**status(), "favourites_count": -1}, "favourites_count"),
        ({**status(), "created_at": "yesterday"}, "created_at"),
        ({**status(), "content": 5}, "text in content"),
        ({**status(), "reblog": "x"}, "status object in reblog"),
        ({**status(), "mentions": "bob"}, "list in mentions"),
        ({**status(), "tags": [{"name": 3}]}, "tags[].name"),
        ({**status(), "language": ["en"]}, "language tag"),
        ({**status(), "quote": "300"}, "quote object in quote"),
        ({**status(), "reblog": {"id": None}}, "reblog.id"),
    ]
    for data, words in cases:
        with pytest.raises(MappingError, match=re.escape(words)):
            map_item(data)
    with pytest.raises(MappingError, match="account id"):
        map_author({**account(), "id": None})


def test_sniff():
    def sniffs(content, hint=None, name="x.json"):
        body = content if isinstance(content, bytes) else orjson.dumps(content)
        return FORMAT.sniff(Peek(entry(body, name=name, hint=hint)))

    assert sniffs(status())
    assert sniffs([status(), status("2")])
    assert sniffs(orjson.dumps(status()) + b"\n" + orjson.dumps(status("2")))
    assert sniffs([account()])
    assert sniffs({"ancestors": [], "descendants": []})
    assert sniffs({"accounts": [], "statuses": [], "hashtags": []})
    assert sniffs([{"id": "1", "type": "follow", "created_at": "x", "account": account()}])
    assert sniffs([{"id": "1", "unread": False, "accounts": [], "last_status": None}])
    assert sniffs([], hint=f"GET {API}/timelines/home")
    assert sniffs({"count": 1}, hint=f"GET {API}/notifications/unread_count")
    assert sniffs({"error": "nope"}, hint=f"GET {API}/statuses/1 -> HTTP 404")
    assert not sniffs([])
    assert not sniffs({"id": "t1_x", "kind": "t1"})
    assert not sniffs({"name": "me"}, hint="GET https://oauth.reddit.com/api/v1/me")
    assert not sniffs(b"<html>nope</html>", hint=f"GET {API}/statuses/1 -> HTTP 502")
    assert not sniffs({"id": "1", "account": {"id": "2"}, "content": "x"})  # no acct: not Mastodon
    assert not sniffs(b"\xff\xfe garbage")


def test_registered():
    assert get_format("mastodon") is FORMAT
    assert FORMAT.platform == "mastodon"


# --- real data: the VCR cassettes ------------------------------------------------------------------------


def _cassette(path: Path) -> list[tuple[str, str, int, Any]]:
    """(method, uri, status code, parsed body or None) per recorded interaction."""
    document = yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for interaction in document["interactions"]:
        body = interaction["response"]["body"]
        text = body.get("string") if isinstance(body, dict) else body
        try:
            parsed = json.loads(text) if text else None
        except (TypeError, ValueError):
            parsed = None
        request = interaction["request"]
        out.append((request["method"], request["uri"], interaction["response"]["status"]["code"], parsed))
    return out


def _statuses_in(value: Any) -> list[dict]:
    """Every status object in a response body, embedded ones included (written apart from the importer)."""
    found = []
    if isinstance(value, list):
        for element in value:
            found.extend(_statuses_in(element))
    elif isinstance(value, dict):
        if "account" in value and "id" in value and ("content" in value or "text" in value):
            found.append(value)
            found.extend(_statuses_in(value.get("reblog")))
            quote = value.get("quote")
            if isinstance(quote, dict):
                found.extend(_statuses_in(quote.get("quoted_status")))
        else:
            for key in ("ancestors", "descendants", "statuses", "last_status", "status"):
                found.extend(_statuses_in(value.get(key)))
    return found


def _strip(markup: str) -> str:
    markup = re.sub(r'<p class="quote-inline">.*?</p>', "", markup)
    markup = re.sub(r"</p><p>|<br\s*/?>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


@pytest.fixture(scope="module")
def imported():
    if not CASSETTES.is_dir():
        pytest.skip(f"real data not found at {CASSETTES}")
    with Store.open(None) as store:
        summary = import_paths(store, CASSETTES)
        yield store, summary


def _item(store, id_: str) -> dict:
    names = ["id", "kind", "text", "parent_id", "shared_id", "root_id", "likes", "shares", "replies", "quotes",
             "author_id", "author_handle", "lang", "mentions", "hashtags", "urls", "extra"]  # fmt: skip
    found = rows(store, f"SELECT {', '.join(names)} FROM items WHERE platform = 'mastodon' AND id = ?", id_)
    assert found, f"status {id_} not imported"
    return dict(zip(names, found[0], strict=True))


def test_real_cassettes_import_whole(shared_data, imported):
    store, summary = imported
    assert summary.status == "done"
    assert summary.unrecognised == [] and summary.errors == []
    assert set(summary.formats.values()) == {"mastodon"}
    assert summary.totals().quarantined == 0
    expected: set[str] = set()
    bodies = 0
    for path in sorted(CASSETTES.glob("*.yaml")):
        for _, _, code, body in _cassette(path):
            bodies += 1
            if 200 <= code < 300:
                expected.update(s["id"] for s in _statuses_in(body))
    stored = {r[0] for r in rows(store, "SELECT id FROM items WHERE platform = 'mastodon'")}
    assert stored == expected
    assert len(summary.formats) == bodies
    assert rows(store, "SELECT count(*) FROM items WHERE text LIKE '%<%'")[0][0] == 0


def test_real_reply_with_quote(shared_data, imported):
    store, _ = imported
    recorded = _cassette(CASSETTES / "test_status_reply_with_quote.yaml")
    (quoting,) = [b for m, _, _, b in recorded if m == "POST" and b.get("quote")]
    item = _item(store, quoting["id"])
    assert item["kind"] == "quote"
    assert item["shared_id"] == quoting["quote"]["quoted_status"]["id"]
    assert item["parent_id"] == quoting["in_reply_to_id"] is not None
    assert item["text"] == _strip(quoting["content"]) and not item["text"].startswith("RE:")
    assert item["mentions"] == [m["acct"] for m in quoting["mentions"]]
    assert _item(store, quoting["quote"]["quoted_status"]["id"])["kind"] == "post"
    # The status was deleted at the end of the recording: the DELETE answer marks it.
    assert json.loads(item["extra"])["deleted"] is True


def test_real_context_and_conversation_reply_links(shared_data, imported):
    store, summary = imported
    context = CASSETTES / "test_status_context.yaml"
    (body,) = [b for _, uri, _, b in _cassette(context) if uri.endswith("/context")]
    ids = [s["id"] for s in body["ancestors"] + body["descendants"]]
    for s in body["ancestors"] + body["descendants"]:
        assert _item(store, s["id"])["parent_id"] == s.get("in_reply_to_id")
    if not ids:
        assert summary.skipped_reasons[(str(context), "empty thread context")] == 1

    recorded = _cassette(CASSETTES / "test_conversations.yaml")
    pages = [b for m, uri, _, b in recorded if m == "GET" and "/conversations" in uri]
    last = [c["last_status"] for page in pages for c in page if c.get("last_status")]
    assert last
    for s in last:
        item = _item(store, s["id"])
        assert item["kind"] == "message"
        assert item["parent_id"] == s["in_reply_to_id"]
    assert any(s["in_reply_to_id"] for s in last)


def test_real_reblog(shared_data, imported):
    store, _ = imported
    for name in ("test_status_reblog_unreblog.yaml", "test_status_reblogged_by.yaml"):
        recorded = _cassette(CASSETTES / name)
        wrappers = [b for _, uri, _, b in recorded if uri.endswith("/reblog")]
        assert wrappers
        for wrapper in wrappers:
            item = _item(store, wrapper["id"])
            assert item["kind"] == "share" and item["shared_id"] == wrapper["reblog"]["id"]
            assert item["author_id"] == wrapper["account"]["id"]
            assert (item["likes"], item["shares"], item["replies"], item["quotes"], item["text"]) == (
                None,
            ) * 5
            assert _item(store, wrapper["reblog"]["id"])["kind"] == "post"
        reblogged_by = [b for _, uri, _, b in recorded if uri.endswith("/reblogged_by") and b]
        for accounts in reblogged_by:
            for acc in accounts:
                assert rows(store, "SELECT handle FROM authors WHERE id = ?", acc["id"])[0][0] == acc["acct"]


def test_real_notification_status_and_html(shared_data, imported):
    store, _ = imported
    recorded = _cassette(CASSETTES / "test_notifications.yaml")
    notes = [n for _, uri, _, b in recorded if uri.endswith("/notifications") for n in b]
    assert notes
    for note in notes:
        s = note["status"]
        item = _item(store, s["id"])
        assert item["text"] == _strip(s["content"])
        assert item["author_handle"] == s["account"]["acct"]
        assert item["mentions"] == [m["acct"] for m in s["mentions"]]
        assert item["lang"] == s["language"]
    # Hashtag timeline: hashtags from the tags list, text without markup.
    tagged = [
        s
        for _, uri, _, b in _cassette(CASSETTES / "test_hashtag_tl.yaml")
        if "/timelines/tag/" in uri
        for s in b
    ]
    assert tagged
    for s in tagged:
        item = _item(store, s["id"])
        assert item["hashtags"] == [t["name"].lower() for t in s["tags"]]
        assert item["text"] == _strip(s["content"])


def test_real_account_search_profiles(shared_data, imported):
    store, _ = imported
    recorded = _cassette(CASSETTES / "test_account_search.yaml")
    accounts = {a["id"]: a for _, uri, _, b in recorded if "/accounts/search" in uri for a in b}
    assert accounts
    for id_, acc in accounts.items():
        handle, followers, posts = rows(
            store, "SELECT handle, followers, posts FROM authors WHERE id = ? ORDER BY observed_at DESC", id_
        )[0]
        assert handle == acc["acct"]
        assert followers is not None and posts is not None


def test_real_bodies_all_recognised_by_hint(shared_data):
    for path in sorted(CASSETTES.glob("*.yaml")):
        for method, uri, code, body in _cassette(path):
            if body is None:
                continue
            hint = f"{method} {uri}" + ("" if 200 <= code < 300 else f" -> HTTP {code}")
            assert FORMAT.sniff(Peek(entry(orjson.dumps(body), hint=hint))), (path.name, uri)


# --- fuzzing --------------------------------------------------------------------------------------------


def _samples() -> list[Any]:
    samples: list[Any] = [
        status("1", RICH, quote={"state": "accepted", "quoted_status": status("2")}),
        [status("3", "", reblog=status("4")), account("5")],
        {"ancestors": [status("6")], "descendants": [status("7", in_reply_to_id="6")]},
        [{"id": "8", "type": "mention", "account": account(), "status": status("9")}],
        [{"id": "10", "accounts": [account()], "last_status": status("11", visibility="direct")}],
        {"accounts": [account()], "statuses": [status("12")], "hashtags": []},
    ]
    if CASSETTES.is_dir():
        for path in sorted(CASSETTES.glob("*.yaml"))[:6]:
            samples.extend(b for _, _, _, b in _cassette(path)[:4] if b)
    return samples


SAMPLES = _samples()
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.just([]),
    st.just({}),
    st.just(["@x", 3, None]),
    st.just({"id": 5}),
    st.just("<p><a href='javascript:x'>a</a><b>"),
)


PATHS = [json_paths(s, per_list=3) for s in SAMPLES]


def _nested(depth: int, leaf: Any, how: str) -> Any:
    for _ in range(depth):
        leaf = [leaf] if how == "list" else {"reblog" if how == "reblog" else "x": leaf}
    return leaf


@st.composite
def mutated(draw) -> bytes:
    index = draw(st.integers(0, len(SAMPLES) - 1))
    doc = SAMPLES[index]
    how = draw(st.sampled_from(["retype", "retype", "nest", "truncate", "latin1", "bytes"]))
    if how in ("retype", "nest"):
        path = draw(st.sampled_from(PATHS[index]))
        if how == "retype":
            new = draw(_SCALARS)
        else:
            shape = draw(st.sampled_from(["list", "dict", "reblog"]))
            new = _nested(draw(st.integers(1, 200)), draw(_SCALARS), shape)
        return json.dumps(replaced(doc, path, new)).encode()
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    if how == "truncate":
        return body[: draw(st.integers(0, len(body)))]
    if how == "latin1":
        return json.dumps(doc, ensure_ascii=False).encode("latin-1", "replace")
    at = draw(st.integers(0, len(body)))
    return body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at + 1 :]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from([None, f"GET {API}/timelines/home", f"DELETE {API}/statuses/1"]))
def test_fuzz_records_and_mapping_raise_only_mapping_errors(body, hint):
    tally(FORMAT, entry(body, hint=hint))
    FORMAT.sniff(Peek(entry(body, hint=hint)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=mutated(), code=st.sampled_from([200, 200, 404, 500]))
def test_fuzz_cassettes_sniffed_by_hint_never_crash(fuzz_store, body, code):
    cassette = {
        "interactions": [
            {
                "request": {"method": "GET", "uri": f"{API}/timelines/public"},
                "response": {"status": {"code": code}, "body": {"string": body.decode("utf-8", "replace")}},
            }
        ]
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(yaml.safe_dump(cassette))
        summary = import_paths(fuzz_store, path)
    assert summary.status == "done"
    for (_, reason), _n in summary.reasons.items():
        assert "reader stopped" not in reason and "could not map" not in reason


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=mutated())
def test_fuzz_import_accounts_for_every_record(fuzz_store, body):
    expected = tally(FORMAT, entry(body))
    assert_import_accounts_for_every_record(fuzz_store, "mastodon", "page.json", body, expected)
