"""Mastodon account export (outbox.json, actor.json): a realistic hand-built archive, streaming, fuzzing.

There is no real export in the shared data. The documents here follow what Mastodon's
``BackupService`` writes (``ActivityPub::CreateNoteSerializer`` / ``AnnounceNoteSerializer`` /
``NoteSerializer`` / ``ActorSerializer`` and ``TagManager#to``/``#cc`` for the addressing): an
``OrderedCollection`` with id ``outbox.json`` and the full JSON-LD context, ``Create`` activities with
their ``Note`` inlined, ``Announce`` activities pointing at the boosted status's URI, media URLs
rewritten to paths inside the archive, and ``actor.json`` whose ``outbox`` is ``outbox.json``.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError, canonical_urls
from passaparola.sources import ImportOptions, Record, Skipped, get_format, inputs
from passaparola.sources.inputs import Entry, Peek
from passaparola.sources.mastodon_outbox import FORMAT, map_author, map_item
from tests.conftest import import_paths, rows
from tests.fuzzing import assert_import_accounts_for_every_record, json_paths, replaced, tally

HOST = "https://toot.example"
ME = f"{HOST}/users/alice"
FOLLOWERS = f"{ME}/followers"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
BOB = "https://other.example/users/bob"
CAROL = f"{HOST}/users/carol"

CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "sensitive": "as:sensitive",
        "Hashtag": "as:Hashtag",
        "toot": "http://joinmastodon.org/ns#",
        "Emoji": "toot:Emoji",
        "ostatus": "http://ostatus.org#",
        "atomUri": "ostatus:atomUri",
        "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
        "conversation": "ostatus:conversation",
        "blurhash": "toot:blurhash",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
        "votersCount": "toot:votersCount",
        "quote": {"@id": "https://w3id.org/fep/044f#quote", "@type": "@id"},
        "quoteUri": "http://fedibird.com/ns#quoteUri",
        "_misskey_quote": "https://misskey-hub.net/ns#_misskey_quote",
        "quoteAuthorization": {"@id": "https://w3id.org/fep/044f#quoteAuthorization", "@type": "@id"},
        "gts": "https://gotosocial.org/ns#",
        "interactionPolicy": {"@id": "gts:interactionPolicy", "@type": "@id"},
        "canQuote": {"@id": "gts:canQuote", "@type": "@id"},
        "automaticApproval": {"@id": "gts:automaticApproval", "@type": "@id"},
    },
]


# --- a realistic export -------------------------------------------------------------------------------


def note(sid: str, content: str, *, to: list, cc: list, lang: str | None = "en", **more) -> dict:
    uri = f"{ME}/statuses/{sid}"
    obj = {
        "id": uri,
        "type": "Note",
        "summary": None,
        "inReplyTo": None,
        "published": f"2024-03-0{int(sid[-1]) or 1}T12:00:00Z",
        "url": f"{HOST}/@alice/{sid}",
        "attributedTo": ME,
        "to": to,
        "cc": cc,
        "sensitive": False,
        "atomUri": uri,
        "inReplyToAtomUri": None,
        "conversation": f"tag:toot.example,2024-03-01:objectId={sid}:objectType=Conversation",
        "context": f"{HOST}/contexts/{sid}",
        "content": content,
        **({"contentMap": {lang: content}} if lang else {}),
        "attachment": [],
        "tag": [],
        "replies": {
            "id": f"{uri}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{uri}/replies?only_other_accounts=true&page=true",
                "partOf": f"{uri}/replies",
                "items": [],
            },
        },
        "likes": {"id": f"{uri}/likes", "type": "Collection", "totalItems": 0},
        "shares": {"id": f"{uri}/shares", "type": "Collection", "totalItems": 0},
        "interactionPolicy": {"canQuote": {"automaticApproval": [PUBLIC]}},
    }
    obj.update(more)
    return obj


def create(obj: dict) -> dict:
    return {
        "id": f"{obj['id']}/activity",
        "type": "Create",
        "actor": ME,
        "published": obj["published"],
        "to": obj["to"],
        "cc": obj["cc"],
        "object": obj,
    }


MENTION_BOB = {"type": "Mention", "href": BOB, "name": "@bob@other.example"}
MENTION_CAROL = {"type": "Mention", "href": CAROL, "name": "@carol"}


def activities() -> list[dict]:
    public = note(
        "1",
        '<p>Spring is here <a href="https://toot.example/tags/Birds" class="mention hashtag" rel="tag">#<span>Birds'
        '</span></a> with <span class="h-card" translate="no"><a href="https://toot.example/@carol" '
        'class="u-url mention">@<span>carol</span></a></span> <a href="https://blog.example/post?utm_medium=x&amp;p=1" '
        'target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span>'
        '<span class="">blog.example/post?utm_medium=x&amp;p=1</span><span class="invisible"></span></a></p>',
        to=[PUBLIC],
        cc=[FOLLOWERS, CAROL],
        tag=[MENTION_CAROL, {"type": "Hashtag", "href": f"{HOST}/tags/birds", "name": "#Birds"}],
        attachment=[
            {
                "type": "Document",
                "mediaType": "image/jpeg",
                "url": "media_attachments/files/112/000/000/000/000/001/original/robin.jpg",
                "name": "A robin on a branch",
                "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
                "focalPoint": [0.0, 0.0],
                "width": 1200,
                "height": 800,
            },
            {"type": "Link", "href": "https://blog.example/post?p=1&fbclid=abc"},
        ],
        likes={"id": f"{ME}/statuses/1/likes", "type": "Collection", "totalItems": 12},
        shares={"id": f"{ME}/statuses/1/shares", "type": "Collection", "totalItems": 3},
    )
    reply = note(
        "2",
        '<p><span class="h-card" translate="no"><a href="https://other.example/@bob" class="u-url mention">'
        "@<span>bob</span></a></span> no spoilers please</p>",
        to=[FOLLOWERS],
        cc=[PUBLIC, BOB],
        lang="de",
        summary="Film spoilers",
        sensitive=True,
        inReplyTo="https://other.example/users/bob/statuses/777",
        inReplyToAtomUri="https://other.example/users/bob/statuses/777",
        tag=[MENTION_BOB],
    )
    private = note("3", "<p>followers only</p>", to=[FOLLOWERS], cc=[], lang=None)
    direct = note(
        "4",
        '<p><span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a>'
        "</span> psst</p>",
        to=[BOB],
        cc=[],
        tag=[MENTION_BOB],
    )
    announce = {
        "id": f"{ME}/statuses/5/activity",
        "type": "Announce",
        "actor": ME,
        "published": "2024-03-05T12:00:00Z",
        "to": [PUBLIC],
        "cc": [BOB, FOLLOWERS],
        "object": "https://other.example/users/bob/statuses/888",
    }
    poll = note(
        "6",
        "<p>Tea or coffee?</p>",
        to=[PUBLIC],
        cc=[FOLLOWERS],
        type="Question",
        oneOf=[
            {"type": "Note", "name": "Tea", "replies": {"type": "Collection", "totalItems": 4}},
            {"type": "Note", "name": "Coffee", "replies": {"type": "Collection", "totalItems": 6}},
        ],
        endTime="2024-03-07T12:00:00Z",
        votersCount=10,
    )
    quoted = "https://other.example/users/bob/statuses/999"
    quote = note(
        "7",
        '<p class="quote-inline">RE: <a href="https://other.example/@bob/999">'
        '<span class="invisible">https://</span>other.example/@bob/999</a></p><p>exactly this</p>',
        to=[PUBLIC],
        cc=[FOLLOWERS],
        quote=quoted,
        _misskey_quote=quoted,
        quoteUri=quoted,
        quoteAuthorization="https://other.example/users/bob/quote_authorizations/abc",
    )
    tombstoned = note(
        "8", "<p>quoting something gone</p>", to=[PUBLIC], cc=[FOLLOWERS], quote={"type": "Tombstone"}
    )
    edited = note("9", "<p>fixed typo</p>", to=[PUBLIC], cc=[FOLLOWERS], updated="2024-03-09T13:00:00Z")
    return [create(public), create(reply), create(private), create(direct), announce,
            create(poll), create(quote), create(tombstoned), create(edited)]  # fmt: skip


def outbox(items: list | None = None) -> dict:
    items = activities() if items is None else items
    return {
        "@context": CONTEXT,
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": items,
    }


ACTOR = {
    "@context": CONTEXT,
    "id": ME,
    "type": "Person",
    "following": f"{ME}/following",
    "followers": FOLLOWERS,
    "inbox": f"{ME}/inbox",
    "outbox": "outbox.json",
    "featured": f"{ME}/collections/featured",
    "featuredTags": f"{ME}/collections/tags",
    "preferredUsername": "alice",
    "name": "Alice Liddell",
    "summary": "<p>Birds, tea &amp; films.</p>",
    "url": f"{HOST}/@alice",
    "manuallyApprovesFollowers": False,
    "discoverable": True,
    "indexable": True,
    "published": "2022-11-03T00:00:00Z",
    "memorial": False,
    "publicKey": {"id": f"{ME}#main-key", "owner": ME, "publicKeyPem": "-----BEGIN PUBLIC KEY-----\n..."},
    "tag": [],
    "attachment": [
        {"type": "PropertyValue", "name": "Web", "value": "<a href='https://alice.example'>alice</a>"}
    ],
    "endpoints": {"sharedInbox": f"{HOST}/inbox"},
    "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
    "likes": "likes.json",
    "bookmarks": "bookmarks.json",
}


def uri_list(name: str, uris: list[str]) -> dict:
    return {"@context": CONTEXT, "id": name, "type": "OrderedCollection", "orderedItems": uris}


# --- helpers ----------------------------------------------------------------------------------------


def entry(content: Any, name: str = "outbox.json") -> Entry:
    body = content if isinstance(content, bytes) else orjson.dumps(content)
    return Entry(name, lambda: io.BytesIO(body), len(body), None, None)


def outputs(content: Any, **kwargs) -> list:
    return list(FORMAT.records(entry(content, **kwargs), ImportOptions()))


def mi(data: dict) -> dict:
    item = map_item(data)
    assert set(item) <= {*ITEM_COLUMNS, "_author"}
    return {**dict.fromkeys(ITEM_COLUMNS), **item}


def by_id(content: Any) -> dict[str, dict]:
    return {
        (item := mi(o.data))["id"]: item
        for o in outputs(content)
        if isinstance(o, Record) and o.type == "item"
    }


def extra(item: dict) -> dict:
    return orjson.loads(item["extra"]) if item["extra"] else {}


# --- hand-built ---------------------------------------------------------------------------------------


def test_public_post_with_everything():
    items = by_id(outbox())
    item = items[f"{ME}/statuses/1"]
    item["urls"] = canonical_urls(item["urls"])  # enrichment canonicalises the links as given
    assert item == {
        **item,
        "platform": "mastodon",
        "kind": "post",
        "created_at": datetime(2024, 3, 1, 12, tzinfo=UTC),
        "author_id": ME,
        "author_handle": "alice",
        "title": None,
        "text": "Spring is here #Birds with @carol https://blog.example/post?utm_medium=x&p=1",
        "lang": "en",
        "parent_id": None,
        "shared_id": None,
        "mentions": ["carol"],
        "hashtags": ["birds"],
        "urls": ["https://blog.example/post?p=1"],
        "likes": 12,
        "shares": 3,
        "replies": None,
        "quotes": None,
        "url": f"{HOST}/@alice/1",
    }
    assert extra(item) == {
        "server": "toot.example",
        "visibility": "public",
        "activity_id": f"{ME}/statuses/1/activity",
        "conversation": f"{HOST}/contexts/1",
        "media": [
            {
                "type": "image/jpeg",
                "url": "media_attachments/files/112/000/000/000/000/001/original/robin.jpg",
                "description": "A robin on a branch",
            }
        ],
    }


def test_reply_visibility_kinds_and_share():
    items = by_id(outbox())
    assert len(items) == 9
    reply = items[f"{ME}/statuses/2"]
    assert (reply["kind"], reply["parent_id"], reply["title"], reply["lang"]) == (
        "reply",
        "https://other.example/users/bob/statuses/777",
        "Film spoilers",
        "de",
    )
    assert reply["mentions"] == ["bob@other.example"] and reply["hashtags"] == []
    assert extra(reply)["visibility"] == "unlisted" and extra(reply)["sensitive"] is True
    assert extra(items[f"{ME}/statuses/3"])["visibility"] == "private"
    assert items[f"{ME}/statuses/3"]["lang"] is None
    dm = items[f"{ME}/statuses/4"]
    assert dm["kind"] == "message" and extra(dm)["visibility"] == "direct" and dm["text"] == "@bob psst"

    share = items[f"{ME}/statuses/5/activity"]
    assert share == {
        **dict.fromkeys(ITEM_COLUMNS),
        "platform": "mastodon",
        "id": f"{ME}/statuses/5/activity",
        "kind": "share",
        "created_at": datetime(2024, 3, 5, 12, tzinfo=UTC),
        "author_id": ME,
        "author_handle": "alice",
        "shared_id": "https://other.example/users/bob/statuses/888",
        "url": f"{ME}/statuses/5/activity",
        "extra": share["extra"],
    }
    assert extra(share) == {"server": "toot.example", "visibility": "public"}


def test_poll_quote_tombstone_quote_and_edit():
    items = by_id(outbox())
    poll = items[f"{ME}/statuses/6"]
    assert poll["kind"] == "post" and poll["text"] == "Tea or coffee?"
    assert extra(poll)["poll"] == {
        "options": [{"title": "Tea", "votes": 4}, {"title": "Coffee", "votes": 6}],
        "voters": 10,
        "multiple": False,
        "expires_at": "2024-03-07T12:00:00Z",
    }
    quote = items[f"{ME}/statuses/7"]
    assert quote["kind"] == "quote" and quote["shared_id"] == "https://other.example/users/bob/statuses/999"
    assert quote["text"] == "exactly this" and quote["urls"] == []
    gone = items[f"{ME}/statuses/8"]
    assert gone["kind"] == "quote" and gone["shared_id"] is None
    assert extra(items[f"{ME}/statuses/9"])["edited_at"] == "2024-03-09T13:00:00Z"


def test_records_lines_and_non_items():
    doc = outbox(
        [
            *activities()[:2],
            "https://toot.example/users/alice/statuses/99",
            {"type": "Update", "actor": ME, "object": {}},
            {"type": "Create", "object": {"type": "Tombstone", "id": "x"}},
            {"type": "Create", "object": "https://toot.example/users/alice/statuses/98"},
            {"type": "Frobnicate"},
            7,
            {
                **activities()[4],
                "object": note("10", "<p>mine, private, boosted</p>", to=[FOLLOWERS], cc=[]),
            },
        ]
    )
    outs = outputs(doc)
    summary = [(type(o).__name__, o.line, getattr(o, "reason", None)) for o in outs]
    assert summary == [
        ("Record", 1, None),
        ("Record", 2, None),
        ("Skipped", 3, "bare object URI, not an item"),
        ("Skipped", 4, "Update activity, not a post"),
        ("Skipped", 5, "deleted post (Tombstone)"),
        ("Skipped", 6, "Create activity without its object"),
        ("Reject", 7, "expected a Create or Announce activity, got type 'Frobnicate'"),
        ("Reject", 8, "expected an ActivityPub activity, got int"),
        ("Record", 9, None),
        ("Record", 9, None),
    ]
    inlined = mi(outs[-1].data)
    assert inlined["id"] == f"{ME}/statuses/10" and extra(inlined)["visibility"] == "private"
    assert mi(outs[-2].data)["shared_id"] == f"{ME}/statuses/10"
    assert [o.reason for o in outputs(outbox([]))] == ["empty outbox"]
    assert [type(o).__name__ for o in outputs(b"{broken")] == ["Reject"]


def test_actor_and_uri_lists():
    (record,) = outputs(ACTOR, name="actor.json")
    assert record.type == "author"
    assert map_author(record.data) == {
        "platform": "mastodon",
        "id": ME,
        "handle": "alice",
        "name": "Alice Liddell",
        "followers": None,
        "following": None,
        "posts": None,
        "verified": None,
        "description": "Birds, tea & films.",
        "location": None,
        "created_at": datetime(2022, 11, 3, tzinfo=UTC),
        "url": f"{HOST}/@alice",
    }
    for name in ("likes.json", "bookmarks.json"):
        (skip,) = outputs(uri_list(name, [f"{BOB}/statuses/1", f"{BOB}/statuses/2"]), name=name)
        assert isinstance(skip, Skipped)


def test_actor_beside_the_outbox_names_the_author():
    def read(actor):
        body = orjson.dumps(outbox(activities()[:5]))
        sibling = {"actor.json": orjson.dumps(actor)}.get
        found = Entry("x/outbox.json", lambda: io.BytesIO(body), len(body), None, None, sibling=sibling)
        return [mi(o.data) for o in FORMAT.records(found, ImportOptions())]

    named = read({**ACTOR, "preferredUsername": "alice_l"})
    assert {(i["author_handle"], i["author_name"]) for i in named} == {("alice_l", "Alice Liddell")}
    # Another account's actor (or no actor) leaves the handle to the URLs and the name unknown.
    other = read({**ACTOR, "id": BOB})
    assert {(i["author_handle"], i["author_name"]) for i in other} == {("alice", None)}
    assert {(i["author_handle"], i["author_name"]) for i in read({"type": "Note"})} == {("alice", None)}


def test_bare_note_and_other_servers_shapes():
    obj = note("1", "<p>hi</p>", to=PUBLIC, cc=None, attributedTo=[{"type": "Person", "id": ME}], url=[{"type": "Link", "href": f"{HOST}/@alice/1"}])  # fmt: skip
    del obj["contentMap"]
    obj["contentMap"] = {"en": "<p>hi</p>", "fr": "<p>salut</p>"}
    item = mi(obj)
    assert item["author_id"] == ME and item["url"] == f"{HOST}/@alice/1"
    assert item["lang"] == "en" and extra(item)["visibility"] == "public"
    no_content = {**obj, "content": None, "contentMap": {"fr": "<p>salut</p>"}}
    assert (mi(no_content)["text"], mi(no_content)["lang"]) == ("salut", "fr")
    assert mi({**obj, "to": None, "cc": None})["extra"] is not None
    assert "visibility" not in extra(mi({**obj, "to": None, "cc": None}))


def test_mapping_errors_name_the_field():
    good = activities()[0]
    cases = [
        ({**good, "object": None}, "created Note in object"),
        ({**good, "object": {**good["object"], "id": None}}, "object.id"),
        ({**good, "object": {**good["object"], "type": "Image"}}, "Note in object"),
        ({**good, "object": {**good["object"], "published": "soon"}}, "published"),
        ({**good, "object": {**good["object"], "content": 3}}, "text in content"),
        ({**good, "object": {**good["object"], "inReplyTo": 5}}, "URI in inReplyTo"),
        ({**good, "object": {**good["object"], "tag": "x"}}, "list in tag"),
        ({**good, "object": {**good["object"], "to": 5}}, "URIs in to"),
        ({**good, "object": {**good["object"], "likes": {"totalItems": -2}}}, "likes.totalItems"),
        ({**good, "object": {**good["object"], "contentMap": ["en"]}}, "contentMap"),
        ({**activities()[4], "object": None}, "announced object"),
        ({**activities()[4], "id": None}, "Announce activity's id"),
        ({"type": "Like"}, "Create or Announce"),
    ]
    for data, words in cases:
        with pytest.raises(MappingError, match=words.replace("(", r"\(")):
            map_item(data)
    with pytest.raises(MappingError, match="actor's id"):
        map_author({**ACTOR, "id": None})


def test_sniff():
    def sniffs(content, name="outbox.json"):
        return FORMAT.sniff(Peek(entry(content, name=name)))

    assert sniffs(outbox())
    assert sniffs(outbox([]))
    assert sniffs(ACTOR, name="actor.json")
    assert sniffs(uri_list("likes.json", []), name="likes.json")
    page = {
        **outbox(),
        "id": f"{ME}/outbox?page=true",
        "type": "OrderedCollectionPage",
        "next": f"{ME}/outbox?max_id=1",
    }
    assert sniffs(page)
    # The outbox root fetched over HTTP lists no items, a featured collection holds bare Notes.
    assert not sniffs(
        {
            "id": f"{ME}/outbox",
            "type": "OrderedCollection",
            "totalItems": 3,
            "first": f"{ME}/outbox?page=true",
        }
    )
    assert not sniffs(
        {
            "id": f"{ME}/collections/featured",
            "type": "OrderedCollection",
            "orderedItems": [note("1", "x", to=[], cc=[])],
        }
    )
    assert not sniffs({**ACTOR, "outbox": f"{ME}/outbox"})  # a live actor, not an export
    assert not sniffs({"id": "1", "account": {"acct": "a"}, "content": "x"})
    assert not sniffs(b"\x00\x01 not json")
    assert not sniffs(b"[1, 2]")


def test_registered_before_the_api_format():
    assert get_format("mastodon-outbox") is FORMAT
    assert FORMAT.platform == "mastodon"


# --- the archive, through import_paths ----------------------------------------------------------------


def _archive(path: Path, doc: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("outbox.json", json.dumps(doc or outbox()))
        archive.writestr("likes.json", json.dumps(uri_list("likes.json", [f"{BOB}/statuses/1"])))
        archive.writestr("bookmarks.json", json.dumps(uri_list("bookmarks.json", [])))
        archive.writestr(
            "media_attachments/files/112/000/000/000/000/001/original/robin.jpg", b"\xff\xd8\xff\xe0 jpeg"
        )
        archive.writestr("avatar.png", b"\x89PNG\r\n\x1a\n")
        archive.writestr("actor.json", json.dumps(ACTOR))
    return path


def test_archive_imports_by_sniffing(tmp_path, store):
    path = _archive(tmp_path / "archive-20240310120000-0123456789abcdef0123456789abcdef.zip")
    summary = import_paths(store, path)
    assert summary.status == "done"
    formats = {name.rsplit("!", 1)[1]: fmt for name, fmt in summary.formats.items()}
    assert formats == {
        n: "mastodon-outbox" for n in ("outbox.json", "likes.json", "bookmarks.json", "actor.json")
    }
    assert sorted(n.rsplit("!", 1)[1] for n in summary.unrecognised) == [
        "avatar.png",
        "media_attachments/files/112/000/000/000/000/001/original/robin.jpg",
    ]
    totals = summary.totals()
    assert (totals.new, totals.quarantined, totals.skipped) == (9, 0, 2)
    kinds = dict(rows(store, "SELECT kind, count(*) FROM items GROUP BY kind"))
    assert kinds == {"post": 4, "reply": 1, "message": 1, "share": 1, "quote": 2}
    assert rows(
        store, "SELECT handle, name, description FROM authors WHERE id = ? AND name IS NOT NULL", ME
    ) == [("alice", "Alice Liddell", "Birds, tea & films.")]
    assert rows(store, "SELECT count(*) FROM items WHERE text LIKE '%<%'")[0][0] == 0
    # The export's actor.json, read beside the outbox, names the author of every item.
    assert rows(store, "SELECT DISTINCT author_id, author_handle, author_name FROM items") == [
        (ME, "alice", "Alice Liddell")
    ]


def _big_outbox(n: int) -> dict:
    items = []
    template = activities()
    for i in range(n):
        activity = copy.deepcopy(template[i % len(template)])
        suffix = f"-{i}"
        activity["id"] += suffix
        if isinstance(activity["object"], dict):
            activity["object"]["id"] += suffix
            activity["object"]["content"] += "<p>" + "padding " * 150 + "</p>"
        items.append(activity)
    return outbox(items)


def test_big_outbox_is_streamed_and_sniffed_from_a_truncated_head(tmp_path, store, monkeypatch):
    doc = _big_outbox(600)
    body = json.dumps(doc).encode()
    assert len(body) > inputs.HEAD_BYTES  # the sniffing sample cannot hold it
    path = tmp_path / "outbox.json"
    path.write_bytes(body)
    monkeypatch.setattr(inputs, "STREAM_JSON_ABOVE", 1 << 20)
    read = list(FORMAT.records(Entry(str(path), lambda: open(path, "rb"), len(body), None), ImportOptions()))
    assert [o.line for o in read] == list(range(1, 601))
    assert [mi(o.data) for o in read[:20]] == [mi(Record(a, 1).data) for a in doc["orderedItems"][:20]]

    summary = import_paths(store, path)
    assert summary.formats == {str(path): "mastodon-outbox"}
    assert summary.totals().new == 600

    # A truncated big outbox: what came before the break is kept, the break is quarantined.
    broken = tmp_path / "broken" / "outbox.json"
    broken.parent.mkdir()
    broken.write_bytes(body[: len(body) * 2 // 3])
    summary = import_paths(store, broken)
    totals = summary.totals()
    assert totals.quarantined == 1 and 350 < totals.new + totals.unchanged < 400
    ((line, reason),) = rows(store, "SELECT line, reason FROM quarantine WHERE source = ?", str(broken))
    assert reason.startswith("outbox JSON broken after item") and line > 350


# --- fuzzing ----------------------------------------------------------------------------------------

SAMPLES: list[Any] = [outbox(), ACTOR, outbox(activities()[3:6])]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.just([]),
    st.just({}),
    st.just([PUBLIC, 3, None]),
    st.just({"id": 5}),
    st.just({"type": "Tombstone"}),
)


PATHS = [json_paths(s, per_list=3, skip=frozenset({"@context"})) for s in SAMPLES]


@st.composite
def mutated(draw) -> bytes:
    index = draw(st.integers(0, len(SAMPLES) - 1))
    doc = SAMPLES[index]
    how = draw(st.sampled_from(["retype", "retype", "nest", "truncate", "latin1", "bytes"]))
    if how in ("retype", "nest"):
        path = draw(st.sampled_from(PATHS[index]))
        new = draw(_SCALARS)
        if how == "nest":
            as_list = draw(st.booleans())
            for _ in range(draw(st.integers(1, 200))):
                new = [new] if as_list else {"object": new}
        return json.dumps(replaced(doc, path, new)).encode()
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    if how == "truncate":
        return body[: draw(st.integers(0, len(body)))]
    if how == "latin1":
        return json.dumps(doc, ensure_ascii=False).encode("latin-1", "replace")
    at = draw(st.integers(0, len(body)))
    return body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at + 1 :]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.booleans())
def test_fuzz_records_and_mapping_raise_only_mapping_errors(body, stream):
    saved = inputs.STREAM_JSON_ABOVE
    inputs.STREAM_JSON_ABOVE = 0 if stream else saved
    try:
        tally(FORMAT, entry(body))
        FORMAT.sniff(Peek(entry(body)))
    finally:
        inputs.STREAM_JSON_ABOVE = saved


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=mutated(), stream=st.booleans())
def test_fuzz_import_accounts_for_every_record(fuzz_store, body, stream):
    saved = inputs.STREAM_JSON_ABOVE
    inputs.STREAM_JSON_ABOVE = 0 if stream else saved
    try:
        expected = tally(FORMAT, entry(body))
        assert_import_accounts_for_every_record(fuzz_store, "mastodon-outbox", "outbox.json", body, expected)
    finally:
        inputs.STREAM_JSON_ABOVE = saved
