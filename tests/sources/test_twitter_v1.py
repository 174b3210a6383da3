"""Twitter API v1.1, the RumourEval thread layout and the account archive."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import MappingError
from passaparola.sources import ImportOptions, Record, rumoureval, twitter_v1
from passaparola.sources.inputs import Entry
from passaparola.store import Store
from tests.conftest import import_bytes, import_paths, rows

USER = {
    "id_str": "42",
    "screen_name": "CaffeAurora",
    "name": "Caffè Aurora",
    "followers_count": 48000,
    "friends_count": 300,
    "statuses_count": 4000,
    "verified": True,
    "created_at": "Thu Mar 01 10:00:00 +0000 2012",
}


def status(**fields):
    base = {
        "id_str": "100",
        "created_at": "Wed Aug 27 13:08:45 +0000 2025",
        "text": "Buongiorno #Caffè @Mario https://t.co/x",
        "user": USER,
        "favorite_count": 7,
        "retweet_count": 2,
        "lang": "it",
        "entities": {
            "hashtags": [{"text": "Caffè"}],
            "user_mentions": [{"screen_name": "Mario"}],
            "urls": [{"url": "https://t.co/x", "expanded_url": "https://Example.com/a?utm_source=tw&b=1"}],
        },
    }
    base.update(fields)
    return base


def test_post_maps_every_field():
    item = twitter_v1.map_item(status())
    assert item["platform"] == "twitter" and item["id"] == "100" and item["kind"] == "post"
    assert item["created_at"] == datetime(2025, 8, 27, 13, 8, 45, tzinfo=UTC)
    assert (item["author_id"], item["author_handle"], item["author_followers"]) == (
        "42",
        "CaffeAurora",
        48000,
    )
    assert item["hashtags"] == ["caffè"] and item["mentions"] == ["mario"]
    assert item["urls"] == ["https://Example.com/a?utm_source=tw&b=1"]  # canonicalised by enrichment
    assert (item["likes"], item["shares"], item["replies"], item["quotes"]) == (7, 2, None, None)
    assert item["lang"] == "it" and item["url"] == "https://twitter.com/CaffeAurora/status/100"
    assert item["_author"]["following"] == 300 and item["_author"]["verified"] is True


def test_reply_quote_and_retweet_kinds():
    reply = twitter_v1.map_item(status(in_reply_to_status_id_str="99", quoted_status_id_str="50"))
    assert (reply["kind"], reply["parent_id"], reply["shared_id"]) == ("reply", "99", "50")
    quote = twitter_v1.map_item(status(quoted_status_id_str="50"))
    assert (quote["kind"], quote["shared_id"]) == ("quote", "50")
    retweet = twitter_v1.map_item(status(id_str="101", retweeted_status=status(id_str="7")))
    assert (retweet["kind"], retweet["shared_id"]) == ("share", "7")
    # a retweet repeats its original's counters: they are not the share's own
    assert retweet["likes"] is None and retweet["shares"] is None


def test_edited_tweets_are_keyed_by_their_first_version():
    item = twitter_v1.map_item(
        status(id_str="120", edit_history={"initial_tweet_id": "100", "edit_tweet_ids": ["100", "120"]})
    )
    assert item["id"] == "100"


def test_embedded_statuses_become_their_own_records():
    outputs = list(twitter_v1.status_records(status(id_str="101", retweeted_status=status(id_str="7")), 3))
    assert [o.data["id_str"] for o in outputs] == ["7", "101"]
    assert all(isinstance(o, Record) and o.line == 3 for o in outputs)


def test_unknown_is_null_not_zero():
    bare = {
        "id_str": "5",
        "created_at": "Wed Aug 27 13:08:45 +0000 2025",
        "text": "ciao",
        "user": {"id_str": "1"},
    }
    item = twitter_v1.map_item(bare)
    assert item["author_followers"] is None and item["likes"] is None and item["hashtags"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id_str": None, "id": None}, "id_str"),
        ({"user": "bob"}, "'user'"),
        ({"created_at": "yesterday"}, "timestamp"),
        ({"favorite_count": -3}, "count"),
        ({"entities": {"hashtags": "x"}}, "entities.hashtags"),
    ],
)
def test_malformed_statuses_are_refused_with_the_reason(change, message):
    with pytest.raises(MappingError, match=message):
        twitter_v1.map_item(status(**change))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            ["id_str", "user", "text", "created_at", "entities", "favorite_count", "retweeted_status"]
        ),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
            ),
            max_leaves=8,
        ),
    )
)
def test_wrongly_typed_fields_only_ever_raise_mapping_errors(fields):
    record = {**status(), **fields}
    for output in twitter_v1.status_records(record, 1):
        if isinstance(output, Record):
            try:
                twitter_v1.map_item(output.data)
            except MappingError:
                pass


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.integers(min_value=0, max_value=2000))
def test_truncated_and_garbled_files_never_crash(garbage, cut):
    line = orjson.dumps(status())
    content = line + b"\n" + line[:cut] + b"\n" + garbage + b"\n" + line.replace(b'"100"', b'"200"')
    with Store.open(None) as store:
        summary = import_bytes(store, "fuzz.jsonl", content, format_name="twitter-v1")
        assert summary.status == "done"
        ids = {r[0] for r in rows(store, "SELECT id FROM items")}
        assert {"100", "200"} <= ids
        total = summary.totals()
        assert total.new + total.quarantined + total.skipped >= 2


# --- real data -----------------------------------------------------------------------------------


def test_tweepy_cassettes_import(shared_data, store):
    folder = shared_data / "platforms" / "twitter-v1-api"
    summary = import_paths(store, folder)
    assert not summary.errors
    assert set(summary.formats.values()) == {"twitter-v1"}
    expected: set[str] = set()
    for path in folder.glob("*.json"):
        for interaction in json.loads(path.read_text())["interactions"]:
            body = json.loads(interaction["response"]["body"]["string"])
            for tweet in twitter_v1.statuses_in(body):
                expected.add(tweet["id_str"])
                for key in ("retweeted_status", "quoted_status"):
                    if key in tweet:
                        expected.add(tweet[key]["id_str"])
    stored = {r[0] for r in rows(store, "SELECT id FROM items")}
    assert stored == expected
    retweets = rows(store, "SELECT id, shared_id, likes FROM items WHERE kind = 'share'")
    assert retweets and all(shared in stored and likes is None for _, shared, likes in retweets)


RUMOUREVAL = "twitter-v1/rumoureval2017-train-dev.tar.xz"


@pytest.fixture(scope="module")
def rumoureval_store(tmp_path_factory):
    from tests.conftest import SHARED_DATA

    archive = SHARED_DATA / RUMOUREVAL
    if not archive.exists():
        pytest.skip(f"real data not found at {archive}")
    store = Store.open(tmp_path_factory.mktemp("re") / "s.duckdb")
    summary = import_paths(store, archive)
    yield store, summary, archive
    store.close()


def test_rumoureval_counts_match_the_published_figures(rumoureval_store):
    store, summary, _ = rumoureval_store
    assert summary.totals().new == 4519 and summary.totals().quarantined == 0
    assert rows(store, "SELECT count(*) FROM items WHERE kind = 'post'") == [(297,)]
    assert rows(store, "SELECT count(DISTINCT root_id) FROM items") == [(297,)]
    assert summary.totals().skipped == 297  # one structure.json per thread


def test_rumoureval_parent_links_agree_with_structure_files(rumoureval_store):
    store, _, archive = rumoureval_store
    stored = dict(rows(store, "SELECT id, parent_id FROM items"))
    roots = dict(rows(store, "SELECT id, root_id FROM items"))
    checked = missing = multi_root = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.name.endswith("/structure.json"):
                continue
            thread = member.name.split("/")[-2]
            tree = json.load(tar.extractfile(member))
            if not isinstance(tree, dict):
                continue
            multi_root += len(tree) > 1
            for parent, child in rumoureval.tree_edges(tree):
                if child not in stored:
                    missing += 1  # deleted upstream: named in the structure, no file
                    continue
                assert roots[child] == thread
                if parent is not None and child != thread:
                    assert stored[child] == parent, (thread, child)
                    checked += 1
    assert checked > 3000 and missing >= 300 and multi_root >= 6


def test_rumoureval_layout_keeps_orphans_and_every_root(store, tmp_path):
    """A reply whose parent was deleted upstream keeps its parent link (an orphan), and tweets under a
    second top-level key of structure.json are imported like any other."""
    thread = "900"
    files = {
        f"ev/{thread}/source-tweet/900.json": status(id_str="900"),
        f"ev/{thread}/replies/901.json": status(id_str="901", in_reply_to_status_id_str="900"),
        f"ev/{thread}/replies/903.json": status(id_str="903", in_reply_to_status_id_str="902"),  # 902 deleted
        f"ev/{thread}/replies/905.json": status(id_str="905", in_reply_to_status_id_str="904"),  # second root
        f"ev/{thread}/structure.json": {"900": {"901": [], "902": {"903": []}}, "904": {"905": []}},
    }
    path = tmp_path / "layout.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    summary = import_paths(store, path)
    assert summary.totals().new == 4 and summary.totals().skipped == 1
    got = dict(rows(store, "SELECT id, parent_id FROM items"))
    assert got == {"900": None, "901": "900", "903": "902", "905": "904"}
    assert {r[0] for r in rows(store, "SELECT DISTINCT root_id FROM items")} == {thread}


def test_rumoureval_thread_sizes_agree_with_folders(rumoureval_store):
    store, _, archive = rumoureval_store
    files = Counter()
    with tarfile.open(archive) as tar:
        for name in tar.getnames():
            parts = name.split("/")
            if len(parts) == 5 and parts[3] in ("source-tweet", "replies") and name.endswith(".json"):
                files[parts[2]] += 1
    assert dict(rows(store, "SELECT root_id, count(*) FROM items GROUP BY root_id")) == dict(files)


# --- the account archive -----------------------------------------------------------------------------


def _archive_files() -> dict[str, bytes]:
    tweets = [
        {"tweet": {"id_str": "1", "id": "1", "created_at": "Mon Jan 05 09:00:00 +0000 2026", "full_text": "Ciao #caffè",
                   "favorite_count": "3", "retweet_count": "1", "lang": "it",
                   "entities": {"hashtags": [{"text": "caffè"}], "user_mentions": [], "urls": []}}},
        {"tweet": {"id_str": "2", "id": "2", "created_at": "Mon Jan 05 10:00:00 +0000 2026",
                   "full_text": "@anna grazie!", "in_reply_to_status_id_str": "77", "favorite_count": "0",
                   "retweet_count": "0", "entities": {"user_mentions": [{"screen_name": "anna"}]}}},
        {"tweet": {"id_str": "3", "id": "3", "created_at": "Mon Jan 05 11:00:00 +0000 2026",
                   "full_text": "RT @anna: che buono", "favorite_count": "0", "retweet_count": "5"}},
    ]  # fmt: skip
    account = [
        {"account": {"accountId": "42", "username": "caffeaurora", "accountDisplayName": "Caffè Aurora"}}
    ]
    followers = [{"follower": {"accountId": str(n)}} for n in range(4)]
    return {
        "data/tweets.js": b"window.YTD.tweets.part0 = " + json.dumps(tweets).encode(),
        "data/account.js": b"window.YTD.account.part0 = " + json.dumps(account).encode(),
        "data/follower.js": b"window.YTD.follower.part0 = " + json.dumps(followers).encode(),
    }


def _check_archive(store):
    got = {
        r[0]: r[1:]
        for r in rows(
            store, "SELECT id, kind, author_id, author_handle, author_followers, likes, parent_id FROM items"
        )
    }
    assert got == {
        "1": ("post", "42", "caffeaurora", 4, 3, None),
        "2": ("reply", "42", "caffeaurora", 4, 0, "77"),
        "3": ("share", "42", "caffeaurora", 4, None, None),
    }


def test_account_archive_folder(store, tmp_path):
    for name, content in _archive_files().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    summary = import_paths(store, tmp_path / "data")
    assert summary.formats[str(tmp_path / "data" / "tweets.js")] == "twitter-archive"
    _check_archive(store)


def test_account_archive_zip(store, tmp_path):
    path = tmp_path / "twitter-2026-01-06.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in _archive_files().items():
            archive.writestr(name, content)
    import_paths(store, path)
    _check_archive(store)


def test_sniffing_tells_v1_from_archive(tmp_path):
    from passaparola.sources import sniff
    from passaparola.sources.inputs import Peek

    def entry(name: str, content: bytes) -> Entry:
        return Entry(name, lambda: io.BytesIO(content), len(content))

    assert sniff(Peek(entry("a.json", orjson.dumps([status()])))).name == "twitter-v1"
    assert sniff(Peek(entry("a.json", orjson.dumps({"statuses": [status()]})))).name == "twitter-v1"
    assert sniff(Peek(entry("data/tweets.js", _archive_files()["data/tweets.js"]))).name == "twitter-archive"


def test_records_accept_options(tmp_path: Path):
    content = orjson.dumps([status(), status(id_str="101")])
    outputs = list(
        twitter_v1.records(Entry("x.json", lambda: io.BytesIO(content), len(content)), ImportOptions())
    )
    assert [o.line for o in outputs] == [1, 1]
