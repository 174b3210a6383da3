"""X/Twitter API v2 as twarc2 writes it: pages, flattened tweets, user lookups, edits, errors."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError, canonical_urls
from passaparola.sources import ImportOptions, Record, Reject, Skipped, get_format, twitter_v2
from passaparola.sources.inputs import Entry, Peek
from passaparola.store import Store, decompress_raw
from tests.conftest import import_bytes, import_paths, rows
from tests.fuzzing import json_paths, replaced

FORMAT = get_format("twitter-v2")
RETRIEVED = "2022-10-03T18:02:28+00:00"

# --- hand-built records -------------------------------------------------------------------------

AURORA = {
    "id": "42",
    "username": "CaffeAurora",
    "name": "Caffè Aurora",
    "created_at": "2012-03-01T10:00:00.000Z",
    "description": "Caffè dal 1921",
    "location": "Torino",
    "verified": True,
    "url": "https://t.co/abc",
    "entities": {"url": {"urls": [{"url": "https://t.co/abc", "expanded_url": "https://aurora.example"}]}},
    "public_metrics": {"followers_count": 48000, "following_count": 300, "tweet_count": 4000},
}
MARIO = {
    "id": "7",
    "username": "Mario",
    "name": "Mario Rossi",
    "public_metrics": {"followers_count": 12, "following_count": 80, "tweet_count": 9},
}
LUCIA = {"id": "8", "username": "lucia", "name": "Lucia", "public_metrics": {"followers_count": 3}}


def tweet(**fields: Any) -> dict[str, Any]:
    base = {
        "id": "100",
        "text": "Buongiorno #Caffè @Mario $AUR &amp; https://t.co/x https://t.co/pic",
        "author_id": "42",
        "created_at": "2025-08-27T13:08:45.000Z",
        "conversation_id": "100",
        "lang": "it",
        "edit_history_tweet_ids": [fields.get("id", "100")],
        "public_metrics": {
            "like_count": 7,
            "retweet_count": 2,
            "reply_count": 3,
            "quote_count": 1,
            "impression_count": 900,
        },
        "entities": {
            "hashtags": [{"start": 11, "end": 17, "tag": "Caffè"}],
            "mentions": [{"start": 18, "end": 24, "username": "Mario", "id": "7"}],
            "cashtags": [{"start": 25, "end": 29, "tag": "AUR"}],
            "urls": [
                {
                    "url": "https://t.co/x",
                    "expanded_url": "https://bit.ly/x",
                    "unwound_url": "https://Example.com/a?utm_source=tw&b=1",
                },
                {
                    "url": "https://t.co/pic",
                    "expanded_url": "https://twitter.com/CaffeAurora/status/100/photo/1",
                    "display_url": "pic.twitter.com/pic",
                    "media_key": "3_1",
                },
            ],
        },
        "attachments": {"media_keys": ["3_1"]},
        "source": "Twitter Web App",
    }
    base.update(fields)
    return base


def page(data: Any, **parts: Any) -> dict[str, Any]:
    doc = {
        "data": data,
        "includes": {"users": [AURORA, MARIO, LUCIA], "media": [{"media_key": "3_1", "type": "photo"}]},
    }
    doc["includes"].update(parts.pop("includes", {}))
    doc.update(parts)
    doc.setdefault(
        "__twarc", {"url": "https://api.twitter.com/2/tweets/search/recent", "retrieved_at": RETRIEVED}
    )
    return doc


def entry_of(*documents: Any, name: str = "page.jsonl") -> Entry:
    content = b"\n".join(orjson.dumps(d) for d in documents) + b"\n"
    return Entry(name, lambda: io.BytesIO(content), len(content))


def outputs(*documents: Any) -> list[Any]:
    return list(FORMAT.records(entry_of(*documents), ImportOptions()))


def items_of(*documents: Any) -> dict[str, dict[str, Any]]:
    found = {}
    for output in outputs(*documents):
        if isinstance(output, Record) and output.type == "item":
            item = FORMAT.map_item(output.data)
            found[item["id"]] = item
    return found


def test_post_maps_every_field():
    (item,) = items_of(page([tweet()])).values()
    assert set(item) <= {*ITEM_COLUMNS, "_author", "observed_at"}
    assert (item["platform"], item["id"], item["kind"]) == ("twitter", "100", "post")
    assert item["created_at"] == datetime(2025, 8, 27, 13, 8, 45, tzinfo=UTC)
    assert item["observed_at"] == datetime(2022, 10, 3, 18, 2, 28, tzinfo=UTC)
    assert (item["author_id"], item["author_handle"], item["author_name"], item["author_followers"]) == (
        "42",
        "CaffeAurora",
        "Caffè Aurora",
        48000,
    )
    assert item["_author"] == {
        "following": 300,
        "posts": 4000,
        "verified": True,
        "description": "Caffè dal 1921",
        "location": "Torino",
        "created_at": datetime(2012, 3, 1, 10, 0, tzinfo=UTC),
        "url": "https://aurora.example",
    }
    assert item["text"] == "Buongiorno #Caffè @Mario $AUR & https://t.co/x https://t.co/pic"
    assert item["lang"] == "it"
    assert item["hashtags"] == ["caffè"] and item["mentions"] == ["mario"]
    assert canonical_urls(item["urls"]) == [
        "https://example.com/a?b=1"
    ]  # unwound, canonical; the photo link is not a URL  # as enrichment stores them
    assert (item["likes"], item["shares"], item["replies"], item["quotes"], item["views"]) == (
        7,
        2,
        3,
        1,
        900,
    )
    assert item.get("promoted") is None
    assert (item["parent_id"], item["root_id"], item["shared_id"]) == (None, "100", None)
    assert item["url"] == "https://twitter.com/CaffeAurora/status/100"
    # included users who wrote none of the page's tweets (mentioned ones) are author snapshots
    profiles = [
        o.data["id"] for o in outputs(page([tweet()])) if isinstance(o, Record) and o.type == "author"
    ]
    assert profiles == ["7", "8"]
    extra = orjson.loads(item["extra"])
    assert (
        extra["cashtags"] == ["AUR"] and extra["media"] == ["photo"] and extra["source"] == "Twitter Web App"
    )


def test_reply_quote_share_and_expansions():
    original = tweet(id="1", conversation_id="1")
    reply_and_quote = tweet(
        id="2",
        author_id="7",
        conversation_id="1",
        in_reply_to_user_id="42",
        referenced_tweets=[{"type": "quoted", "id": "9"}, {"type": "replied_to", "id": "1"}],
    )
    quote = tweet(
        id="3", author_id="8", conversation_id="3", referenced_tweets=[{"type": "quoted", "id": "1"}]
    )
    share = tweet(
        id="4",
        author_id="8",
        text="RT @CaffeAurora: Buongiorno",
        referenced_tweets=[{"type": "retweeted", "id": "1"}],
    )
    found = items_of(page([reply_and_quote, quote, share], includes={"tweets": [original]}))
    assert set(found) == {"1", "2", "3", "4"}  # the included original is an item of its own
    assert (found["2"]["kind"], found["2"]["parent_id"], found["2"]["shared_id"], found["2"]["root_id"]) == (
        "reply",
        "1",
        "9",
        "1",
    )
    assert found["2"]["author_handle"] == "Mario" and found["2"]["author_followers"] == 12
    assert orjson.loads(found["2"]["extra"])["in_reply_to_handle"] == "CaffeAurora"
    assert (found["3"]["kind"], found["3"]["shared_id"], found["3"]["parent_id"]) == ("quote", "1", None)
    assert (found["4"]["kind"], found["4"]["shared_id"], found["4"]["author_handle"]) == (
        "share",
        "1",
        "lucia",
    )
    # a retweet's public_metrics are its original's: the share's counters stay unknown
    assert all(found["4"].get(c) is None for c in ("likes", "shares", "replies", "quotes", "views"))
    assert found["1"]["likes"] == 7


def test_map_item_is_self_contained():
    """The stored raw record alone gives the same item (``passaparola reparse``)."""
    for output in outputs(page([tweet(referenced_tweets=[{"type": "replied_to", "id": "5"}])])):
        if isinstance(output, Record) and output.type == "item":
            reparsed = orjson.loads(orjson.dumps(output.data))
            assert FORMAT.map_item(reparsed) == FORMAT.map_item(output.data)
            assert reparsed["_pp"]["author"]["username"] == "CaffeAurora"


def test_long_tweets_languages_and_promoted():
    long = tweet(
        text="Troncato… https://t.co/self",
        note_tweet={"text": "Il testo intero, #lungo", "entities": {"hashtags": [{"tag": "lungo"}]}},
        lang="in",
        promoted_metrics={"impression_count": 5},
    )
    (item,) = items_of(page([long])).values()
    assert item["text"] == "Il testo intero, #lungo" and item["hashtags"] == ["lungo"]
    assert item["lang"] == "id" and item["promoted"] is True
    for code in ("und", "qst", "qme", "zxx"):
        (item,) = items_of(page([tweet(lang=code)])).values()
        assert item["lang"] is None
    (item,) = items_of(page([tweet(entities=None, public_metrics=None)])).values()
    # no entities: left null for enrichment; no public_metrics: unknown, not zero
    assert item["urls"] is None and item["hashtags"] is None and item["likes"] is None


def test_edited_tweet_is_one_item_under_its_first_id():
    history = ["500", "501"]
    first = tweet(id="500", text="primo", edit_history_tweet_ids=history, conversation_id="500")
    first["public_metrics"] = {"like_count": 2, "retweet_count": 0, "reply_count": 1, "quote_count": 1}
    latest = tweet(id="501", text="secondo", edit_history_tweet_ids=history, conversation_id="501")
    latest["public_metrics"] = {"like_count": 10, "retweet_count": 3, "reply_count": 0, "quote_count": 0}
    reply = tweet(id="600", conversation_id="501", referenced_tweets=[{"type": "replied_to", "id": "501"}])
    out = outputs(page([latest, reply], includes={"tweets": [first, latest]}))
    skipped = [o for o in out if isinstance(o, Skipped)]
    assert [s.reason for s in skipped] == [twitter_v2._EARLIER_VERSION]
    found = {}
    for output in out:
        if isinstance(output, Record) and output.type == "item":
            item = FORMAT.map_item(output.data)
            found[item["id"]] = item
    assert set(found) == {"500", "600"}
    edited = found["500"]
    assert edited["text"] == "secondo" and edited["url"].endswith("/status/501")
    assert (edited["likes"], edited["shares"], edited["replies"], edited["quotes"]) == (12, 3, 1, 1)
    assert orjson.loads(edited["extra"])["edit"] == {
        "history": history,
        "version": "501",
        "latest": True,
        "summed_versions": 2,
    }
    # references to any version of the chain point at the chain's item
    assert (found["600"]["parent_id"], found["600"]["root_id"]) == ("500", "500")
    # the latest version alone still lands on the same key
    (alone,) = items_of(page([latest])).values()
    assert alone["id"] == "500" and alone["likes"] == 10 and not alone.get("partial")
    # an older version alone (its newer text unknown) only fills gaps
    (old,) = items_of(page([first])).values()
    assert old["id"] == "500" and old["text"] == "primo" and old["partial"] is True


def test_older_version_never_overwrites_the_latest(store):
    history = ["500", "501"]
    latest = tweet(id="501", text="secondo", edit_history_tweet_ids=history)
    first = tweet(id="500", text="primo", edit_history_tweet_ids=history)
    later = {"retrieved_at": "2030-01-01T00:00:00+00:00"}
    import_bytes(store, "latest.jsonl", orjson.dumps(page([latest])) + b"\n")
    import_bytes(store, "old.jsonl", orjson.dumps(page([first], __twarc=later)) + b"\n")
    assert rows(store, "SELECT id, text, partial FROM items") == [("500", "secondo", False)]


def test_withheld_errors_and_non_items():
    withheld = tweet(withheld={"copyright": False, "country_codes": ["IN"]})
    errors = [
        {
            "value": "9",
            "detail": "Could not find tweet with referenced_tweets.id: [9].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "referenced_tweets.id",
            "type": "https://api.twitter.com/2/problems/resource-not-found",
        }
    ]
    out = outputs(
        page([withheld], errors=errors),
        {"errors": [{"title": "operational-disconnect", "detail": "stream disconnected", "type": "x"}]},
        {
            "data": [
                {"start": "2021-10-16T18:00:00.000Z", "end": "2021-10-16T19:00:00.000Z", "tweet_count": 3}
            ]
        },
        {"data": [{"id": "1", "name": "a list", "owner_id": "42", "member_count": 3}]},
        {
            "id": "1170025343920402432",
            "action": "delete",
            "created_at": "2019-09-06T17:25:54.667Z",
            "reason": "protected",
        },
        {"data": [], "meta": {"result_count": 0}},
    )
    (record,) = [o for o in out if isinstance(o, Record) and o.type == "item"]
    assert orjson.loads(FORMAT.map_item(record.data)["extra"])["withheld"]["country_codes"] == ["IN"]
    reasons = {(o.line, o.reason) for o in out if isinstance(o, Skipped)}
    assert reasons == {
        (1, "page error: tweet not available (Not Found Error)"),
        (3, "tweet counts bucket: not an item"),
        (4, "list: not an item"),
        (5, "compliance event, not an item (delete)"),
        (6, "empty page (no results)"),
    }
    (reject,) = [o for o in out if isinstance(o, Reject)]
    assert reject.line == 2 and reject.reason.startswith(
        "Twitter API error line, not a tweet (operational-disconnect"
    )
    assert b"stream disconnected" in reject.raw


def test_user_lookup_gives_author_snapshots_and_pinned_tweets():
    pinned = tweet(id="300", author_id="7")
    out = outputs(
        {"data": [AURORA, MARIO], "includes": {"tweets": [pinned]}, "__twarc": {"retrieved_at": RETRIEVED}}
    )
    authors = [FORMAT.map_author(o.data) for o in out if isinstance(o, Record) and o.type == "author"]
    assert [a["id"] for a in authors] == ["42", "7"]
    assert authors[0] == {
        "platform": "twitter",
        "id": "42",
        "handle": "CaffeAurora",
        "name": "Caffè Aurora",
        "followers": 48000,
        "following": 300,
        "posts": 4000,
        "verified": True,
        "description": "Caffè dal 1921",
        "location": "Torino",
        "created_at": datetime(2012, 3, 1, 10, 0, tzinfo=UTC),
        "url": "https://aurora.example",
        "observed_at": datetime(2022, 10, 3, 18, 2, 28, tzinfo=UTC),
    }
    (item,) = [FORMAT.map_item(o.data) for o in out if isinstance(o, Record) and o.type == "item"]
    assert (item["id"], item["author_handle"]) == ("300", "Mario")


def test_flattened_tweet_yields_its_referenced_tweets():
    original = {**tweet(id="1", author_id="42"), "author": AURORA, "type": "retweeted"}
    flat = {
        **tweet(id="2", author_id="8", text="RT @CaffeAurora: ciao"),
        "author": LUCIA,
        "referenced_tweets": [original],
        "__twarc": {"retrieved_at": RETRIEVED},
    }
    found = items_of(flat)
    assert (found["2"]["kind"], found["2"]["shared_id"], found["2"]["author_handle"]) == (
        "share",
        "1",
        "lucia",
    )
    assert (found["1"]["kind"], found["1"]["author_handle"], found["1"]["likes"]) == (
        "post",
        "CaffeAurora",
        7,
    )
    assert found["1"]["observed_at"] == datetime(2022, 10, 3, 18, 2, 28, tzinfo=UTC)


def test_json_documents_pretty_pages_and_arrays(store):
    pretty = orjson.dumps(page([tweet()]), option=orjson.OPT_INDENT_2)
    array = orjson.dumps([tweet(id="201"), tweet(id="202"), 7])
    import_bytes(store, "page.json", pretty)
    summary = import_bytes(store, "tweets.json", array)
    assert summary.formats and set(summary.formats.values()) == {"twitter-v2"}
    assert rows(store, "SELECT id, source_line FROM items ORDER BY id") == [
        ("100", 1),
        ("201", 1),
        ("202", 2),
    ]
    # array elements are located by index; the stray number is quarantined at its own index
    assert rows(store, "SELECT line, reason FROM quarantine") == [
        (3, "expected a Twitter API v2 object, got int")
    ]


def test_unusable_records_raise_mapping_error():
    for bad in (
        {"text": "no id"},
        {"id": "1"},
        tweet(created_at="yesterday"),
        tweet(public_metrics={"like_count": -1}),
        tweet(referenced_tweets="1"),
        tweet(entities={"hashtags": "caffè"}),
        tweet(author_id=["42"]),
    ):
        with pytest.raises(MappingError):
            FORMAT.map_item(bad)
    with pytest.raises(MappingError):
        FORMAT.map_author({"username": "x"})


def peek(document: Any, hint: str | None = None, jsonl: bool = True) -> Peek:
    content = orjson.dumps(document) + (b"\n" + orjson.dumps(document) + b"\n" if jsonl else b"")
    return Peek(Entry("x.jsonl", lambda: io.BytesIO(content), len(content), hint=hint))


def test_sniff_claims_v2_and_nothing_else():
    v1 = {
        "id_str": "1",
        "id": 1,
        "text": "hi",
        "user": {"screen_name": "x"},
        "created_at": "Wed Aug 27 13:08:45 +0000 2008",
    }
    claimed = [
        page([tweet()]),
        {"data": tweet(), "includes": {}},
        {**tweet(), "author": AURORA, "__twarc": {"retrieved_at": RETRIEVED}},
        tweet(),
        [tweet(), tweet(id="101")],
        {"data": [AURORA], "includes": {}},
        {
            "errors": [
                {"title": "Not Found Error", "type": "https://api.twitter.com/2/problems/resource-not-found"}
            ]
        },
        {"id": "1", "action": "delete", "created_at": "2019-09-06T17:25:54.667Z", "reason": "protected"},
    ]
    not_claimed = [
        v1,
        {**v1, "__twarc": {"retrieved_at": RETRIEVED}},
        {"statuses": [v1]},
        {"id": "1", "content": "<p>toot</p>", "account": {"username": "x", "acct": "x"}},
        {"id": "1", "username": "x", "acct": "x", "followers_count": 3},
        {"data": [{"id": "1_2", "message": "post"}], "paging": {"next": "..."}},
        {"kind": "t3", "data": {"id": "abc", "title": "t", "author": "u"}},
        {"text": "skeet", "createdAt": "2024-01-01T00:00:00Z", "$type": "app.bsky.feed.post"},
        {"kind": "youtube#videoListResponse", "items": []},
    ]
    for document in claimed:
        assert FORMAT.sniff(peek(document)), document
    for document in not_claimed:
        assert not FORMAT.sniff(peek(document)), document
    assert FORMAT.sniff(
        peek({"title": "Too Many Requests"}, hint="GET https://api.twitter.com/2/tweets -> HTTP 429")
    )
    assert not FORMAT.sniff(peek(tweet(), hint="GET https://api.twitter.com/1.1/statuses/show.json"))
    assert not FORMAT.sniff(Peek(Entry("x.bin", lambda: io.BytesIO(b"\xff\x00garbage"), 9)))


# --- real data ------------------------------------------------------------------------------------

TWARC = ("twitter-v2", "twarc-csv-test-data")


def _raw_lines(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_bytes().splitlines():
        try:
            out.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            continue
    return out


def _raw_tweets(path: Path) -> list[dict[str, Any]]:
    """Every tweet object of a twarc file, from data, includes and (flattened) referenced tweets."""
    found = []
    for doc in _raw_lines(path):
        if "data" in doc:
            data = doc["data"] if isinstance(doc["data"], list) else [doc["data"]]
            found += [t for t in data if "text" in t] + doc.get("includes", {}).get("tweets", [])
        elif "text" in doc:
            found += [doc] + [r for r in doc.get("referenced_tweets", []) if "text" in r]
    return found


def _expected_ids(path: Path) -> set[str]:
    return {(t.get("edit_history_tweet_ids") or [t["id"]])[0] for t in _raw_tweets(path)}


@pytest.fixture(scope="module")
def twarc_store(tmp_path_factory):
    from tests.conftest import SHARED_DATA

    folder = SHARED_DATA.joinpath(*TWARC)
    if not folder.is_dir():
        pytest.skip(f"real data not found at {folder}")
    with Store.open(tmp_path_factory.mktemp("v2") / "store.duckdb") as store:
        summary = import_paths(store, folder)
        yield store, summary, folder


def test_real_folder_imports_without_crash(twarc_store):
    store, summary, folder = twarc_store
    assert summary.status == "done" and not summary.errors
    assert set(summary.formats.values()) == {"twitter-v2"}
    assert [Path(n).name for n in summary.unrecognised] == ["empty.json"]
    expected = set().union(*(_expected_ids(p) for p in folder.glob("*.jsonl")))
    assert {r[0] for r in rows(store, "SELECT id FROM items")} == expected
    # the stream cut mid-line is the only quarantined record
    assert rows(store, "SELECT source, line, format FROM quarantine") == [
        (str(folder / "streaming_output_with_error.jsonl"), 8, "twitter-v2")
    ]
    assert rows(store, "SELECT count(*) FROM items WHERE created_at IS NULL OR author_id IS NULL") == [(0,)]


def _twarc_files() -> list[str]:
    from tests.conftest import SHARED_DATA

    folder = SHARED_DATA.joinpath(*TWARC)
    return sorted(p.name for p in folder.glob("*.jsonl")) if folder.is_dir() else ["two_tweets.jsonl"]


@pytest.mark.parametrize("name", _twarc_files())
def test_real_file_counts(shared_data, name):
    path = shared_data.joinpath(*TWARC, name)
    with Store.open(None) as store:
        summary = import_paths(store, path)
        ids = {r[0] for r in rows(store, "SELECT id FROM items WHERE source = ?", str(path))}
    assert set(summary.formats.values()) == {"twitter-v2"}  # found by sniffing
    assert ids == _expected_ids(path)
    assert summary.totals().new == len(ids)
    # nothing is quarantined but the stream's last line, cut mid-object
    assert summary.totals().quarantined == (name == "streaming_output_with_error.jsonl")


def test_real_skips_and_authors(twarc_store):
    store, summary, folder = twarc_store
    skipped = {(Path(source).name, reason): n for (source, reason), n in summary.skipped_reasons.items()}
    counts = _raw_lines(folder / "counts.jsonl")[0]["data"]
    assert skipped[("counts.jsonl", "tweet counts bucket: not an item")] == len(counts)
    lists = sum(len(d["data"]) for d in _raw_lines(folder / "lists.jsonl"))
    assert skipped[("lists.jsonl", "list: not an item")] == lists
    assert skipped[("tweets_compliance.jsonl", "compliance event, not an item")] == 2
    page_errors = _raw_lines(folder / "entities_test.jsonl")[0]["errors"]
    unavailable = sum(1 for e in page_errors if e["resource_type"] == "tweet")
    assert skipped[("entities_test.jsonl", "page error: tweet not available")] == unavailable
    # user lookups are author snapshots, with the lookup's retrieval time
    (users_page,) = _raw_lines(folder / "users.jsonl")
    lookup = {u["id"]: u for u in users_page["data"]}
    got = rows(
        store,
        "SELECT id, handle, followers, observed_at FROM authors WHERE source = ? AND observed_at = ?",
        str(folder / "users.jsonl"),
        datetime.fromisoformat(users_page["__twarc"]["retrieved_at"]),
    )
    assert {r[0] for r in got} == set(lookup)
    for user_id, handle, followers, _ in got:
        assert handle == lookup[user_id]["username"]
        assert followers == lookup[user_id]["public_metrics"]["followers_count"]


def test_real_reply_share_edit_withheld_values(twarc_store):
    store, _, folder = twarc_store

    def item(item_id: str) -> dict[str, Any]:
        cols = ", ".join(ITEM_COLUMNS)
        (row,) = rows(store, f"SELECT {cols}, observed_at FROM items WHERE id = ?", item_id)
        return dict(zip([*ITEM_COLUMNS, "observed_at"], row, strict=True))

    # a reply's parent and root, and its author from includes.users
    page = _raw_lines(folder / "noflat.jsonl")[0]
    users = {u["id"]: u for u in page["includes"]["users"]}
    reply = next(
        t for t in page["data"] if any(r["type"] == "replied_to" for r in t.get("referenced_tweets", []))
    )
    got = item(reply["id"])
    parent = next(r["id"] for r in reply["referenced_tweets"] if r["type"] == "replied_to")
    assert (got["kind"], got["parent_id"], got["root_id"]) == ("reply", parent, reply["conversation_id"])
    assert got["author_handle"] == users[reply["author_id"]]["username"]
    assert got["author_followers"] == users[reply["author_id"]]["public_metrics"]["followers_count"]
    assert got["likes"] == reply["public_metrics"]["like_count"]

    # a retweet: shared_id is the original, counters unknown, the original is an item with its counters
    page = _raw_lines(folder / "two_tweets.jsonl")[0]
    (share,) = page["data"]
    (original,) = page["includes"]["tweets"]
    got = item(share["id"])
    assert (got["kind"], got["shared_id"], got["likes"], got["shares"]) == (
        "share",
        original["id"],
        None,
        None,
    )
    assert item(original["id"])["shares"] == original["public_metrics"]["retweet_count"]

    # the edit: one item under the first id, showing the latest version, counters summed over versions
    page = _raw_lines(folder / "edited.jsonl")[0]
    (latest,) = page["data"]
    history = latest["edit_history_tweet_ids"]
    versions = {t["id"]: t for t in page["includes"]["tweets"]}
    got = item(history[0])
    assert got["text"] == latest["text"].replace("&amp;", "&")
    assert not rows(store, "SELECT id FROM items WHERE id = ?", history[-1])
    assert orjson.loads(got["extra"])["edit"]["latest"] is True
    # several files hold this chain; the latest retrieval wins (quoted_edit.jsonl)
    quoted = _raw_lines(folder / "quoted_edit.jsonl")[0]
    chain = [t for t in quoted["includes"]["tweets"] if t["id"] in history]
    assert got["likes"] == sum(t["public_metrics"]["like_count"] for t in chain)
    assert got["observed_at"] == datetime.fromisoformat(quoted["__twarc"]["retrieved_at"])
    assert len(versions) == 2
    # the reply that quotes the first version and replies to the latest points at the chain's item
    (reply,) = quoted["data"]
    got = item(reply["id"])
    assert (got["kind"], got["parent_id"], got["shared_id"], got["root_id"]) == (
        "reply",
        history[0],
        history[0],
        history[0],
    )

    # withheld: kept, with the facts in extra
    withheld = next(
        t
        for d in _raw_lines(folder / "withheld.jsonl")
        for t in (d["data"] if isinstance(d["data"], list) else [d["data"]])
        if "withheld" in t
    )
    assert orjson.loads(item(withheld["id"])["extra"])["withheld"] == withheld["withheld"]

    # cashtags and impressions
    (cash,) = _raw_lines(folder / "cashtags.jsonl")[0]["data"]
    got = item(cash["id"])
    assert orjson.loads(got["extra"])["cashtags"] == [c["tag"] for c in cash["entities"]["cashtags"]]
    assert got["views"] == cash["public_metrics"]["impression_count"]


def test_real_flat_and_paged_agree(shared_data):
    """twarc2's flattened file holds the same tweets as the paged one, with the same relations."""
    folder = shared_data.joinpath(*TWARC)
    mapped = {}
    for name in ("flat.jsonl", "noflat.jsonl"):
        path = folder / name
        entry = Entry(str(path), lambda p=path: open(p, "rb"), path.stat().st_size)
        items = {}
        for output in FORMAT.records(entry, ImportOptions()):
            if isinstance(output, Record) and output.type == "item":
                item = FORMAT.map_item(output.data)
                items[item["id"]] = item
        mapped[name] = items
    assert set(mapped["flat.jsonl"]) == set(mapped["noflat.jsonl"])
    keys = ("kind", "parent_id", "root_id", "shared_id", "author_handle", "text", "likes", "mentions", "urls")
    for item_id, item in mapped["noflat.jsonl"].items():
        flat = mapped["flat.jsonl"][item_id]
        assert {k: flat.get(k) for k in keys} == {k: item.get(k) for k in keys}, item_id


def test_real_raw_is_reparseable(twarc_store):
    store, _, _ = twarc_store
    for item_id, raw in rows(store, "SELECT id, raw FROM items USING SAMPLE 200 ROWS"):
        assert FORMAT.map_item(decompress_raw(raw))["id"] == item_id


# --- property tests -------------------------------------------------------------------------------

SAMPLE_DOCS: list[dict[str, Any]] = [
    page(
        [tweet(referenced_tweets=[{"type": "replied_to", "id": "1"}])], includes={"tweets": [tweet(id="1")]}
    ),
    page(
        [tweet(id="501", edit_history_tweet_ids=["500", "501"])],
        includes={"tweets": [tweet(id="500", edit_history_tweet_ids=["500", "501"])]},
    ),
    {
        **tweet(id="2"),
        "author": LUCIA,
        "referenced_tweets": [{**tweet(id="1"), "type": "quoted", "author": AURORA}],
    },
    {
        "data": [AURORA],
        "includes": {"tweets": [tweet(id="300")]},
        "errors": [{"title": "Not Found Error", "resource_type": "tweet"}],
    },
]


def _real_samples() -> list[dict[str, Any]]:
    from tests.conftest import SHARED_DATA

    folder = SHARED_DATA.joinpath(*TWARC)
    if not folder.is_dir():
        return []
    docs = _raw_lines(folder / "two_tweets.jsonl") + _raw_lines(folder / "quoted_edit.jsonl")
    docs += (
        _raw_lines(folder / "flat.jsonl")[:2] + _raw_lines(folder / "streaming_output_with_error.jsonl")[:2]
    )
    return docs


DOCS = SAMPLE_DOCS + _real_samples()
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _run(content: bytes) -> list:
    """records() and map_item()/map_author() raise nothing but MappingError; returns the outputs."""
    entry = Entry("fuzz.jsonl", lambda: io.BytesIO(content), len(content))
    FORMAT.sniff(Peek(Entry("fuzz.jsonl", lambda: io.BytesIO(content), len(content))))
    outputs = list(FORMAT.records(entry, ImportOptions()))
    for output in outputs:
        assert isinstance(output, Record | Reject | Skipped)
        assert output.line >= 1
        if isinstance(output, Record):
            try:
                if output.type == "author":
                    FORMAT.map_author(output.data)
                else:
                    item = FORMAT.map_item(output.data)
                    assert isinstance(item["id"], str) and item["kind"] in ("post", "reply", "share", "quote")
            except MappingError:
                pass
    return outputs


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.sampled_from(DOCS), st.floats(min_value=0, max_value=1))
def test_fuzz_truncated(doc, fraction):
    content = orjson.dumps(doc)
    assert all(
        isinstance(o, Record | Reject | Skipped)
        for o in _run(content[: int(len(content) * fraction)] + b"\n" + content + b"\n")
    )


@FUZZ
@given(st.sampled_from(DOCS), st.binary(min_size=1, max_size=8), st.integers(min_value=0))
def test_fuzz_mis_encoded(doc, noise, where):
    content = orjson.dumps(doc).decode().encode("latin-1", "replace")
    at = where % len(content)
    assert all(
        isinstance(o, Record | Reject | Skipped)
        for o in _run(
            content[:at] + noise + content[at:] + b"\n" + orjson.dumps(doc).decode("utf-8").encode("utf-16")
        )
    )


@FUZZ
@given(st.sampled_from(DOCS), st.data())
def test_fuzz_wrongly_typed(doc, data):
    paths = json_paths(doc)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        path = data.draw(st.sampled_from(paths))
        try:
            doc = replaced(doc, path, data.draw(ANY_VALUE))
        except (KeyError, IndexError, TypeError):
            continue
        paths = json_paths(doc)
    try:
        content = orjson.dumps(doc)
    except TypeError:
        return
    assert all(isinstance(o, Record | Reject | Skipped) for o in _run(content + b"\n"))


@FUZZ
@given(st.sampled_from(DOCS), st.data(), st.integers(min_value=1, max_value=400))
def test_fuzz_deeply_nested(doc, data, depth):
    path = data.draw(st.sampled_from(json_paths(doc)))
    wrap = data.draw(st.sampled_from(["list", "dict"]))
    nested: Any = "x"
    for level in range(depth):
        if wrap == "list":
            nested = [nested]
        elif isinstance(nested, dict):  # a tweet quoting a tweet quoting a tweet...
            nested = {"id": str(level), "text": "x", "referenced_tweets": [{**nested, "type": "quoted"}]}
        else:
            nested = {"data": nested}
    assert all(
        isinstance(o, Record | Reject | Skipped)
        for o in _run(json.dumps(replaced(doc, path, nested)).encode() + b"\n")
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(DOCS), min_size=1, max_size=4), st.data())
def test_fuzz_import_accounts_for_every_line(docs, data):
    lines = []
    for doc in docs:
        content = orjson.dumps(doc)
        mode = data.draw(st.sampled_from(["keep", "truncate", "retype"]))
        if mode == "truncate":
            content = content[: data.draw(st.integers(min_value=1, max_value=len(content)))]
        elif mode == "retype":
            path = data.draw(st.sampled_from(json_paths(doc)))
            try:
                content = orjson.dumps(replaced(doc, path, data.draw(ANY_VALUE)))
            except TypeError:
                pass
        lines.append(content.replace(b"\n", b" "))
    with Store.open(None) as store:
        summary = import_bytes(store, "fuzz.jsonl", b"\n".join(lines) + b"\n")
        assert summary.status == "done" and not summary.errors
        if not summary.formats:  # not recognised at all (a broken first line): listed as such
            assert [Path(name).name for name in summary.unrecognised] == ["fuzz.jsonl"]
            return
        item_rows = rows(store, "SELECT source, source_line FROM items")
        bad = rows(store, "SELECT source, line FROM quarantine")
        assert all(Path(source).name == "fuzz.jsonl" and line >= 1 for source, line in [*item_rows, *bad])
        # every line gave items, was quarantined, or was skipped, held author profiles only, or held
        # tweets another line also held (one row per tweet: the later line is its source)
        covered = {line for _, line in item_rows} | {line for _, line in bad}
        uncovered = [n for n, line in enumerate(lines, 1) if n not in covered and line.strip()]
        totals = summary.totals()
        merged = summary.records - len(item_rows)
        assert len(uncovered) <= totals.skipped + totals.profiles + merged
        assert totals.quarantined >= len(bad)
