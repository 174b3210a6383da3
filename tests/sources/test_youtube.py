"""YouTube Data API v3 importer: hand-built records, the real API samples, and fuzzing."""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import ITEM_COLUMNS, MappingError
from passaparola.sources import ImportOptions, Record, Reject, Skipped, get_format
from passaparola.sources.inputs import Entry, Peek
from passaparola.sources.youtube import FORMAT, map_author, map_item
from tests.conftest import SHARED_DATA, import_paths, rows
from tests.fuzzing import assert_import_accounts_for_every_record, json_paths, replaced, tally

YOUTUBE = SHARED_DATA / "platforms" / "youtube"


# --- helpers ----------------------------------------------------------------------------------------


def entry(content: Any, name: str = "page.json", hint: str | None = None) -> Entry:
    body = content if isinstance(content, bytes) else orjson.dumps(content)
    return Entry(name, lambda: io.BytesIO(body), len(body), None, hint)


def outputs(content: Any, **kwargs) -> list:
    return list(FORMAT.records(entry(content, **kwargs), ImportOptions()))


def mi(data: dict) -> dict:
    """``map_item`` with every column present (None where the importer left it out)."""
    item = map_item(data)
    assert set(item) <= {*ITEM_COLUMNS, "_author", "partial"}
    return {**dict.fromkeys(ITEM_COLUMNS), **item}


def mapped(content: Any, **kwargs) -> list[dict]:
    """Every item record of an input, mapped, in order."""
    return [mi(o.data) for o in outputs(content, **kwargs) if isinstance(o, Record) and o.type == "item"]


def one(content: Any, **kwargs) -> dict:
    (item,) = mapped(content, **kwargs)
    return item


def extra(item: dict) -> dict:
    return json.loads(item["extra"]) if item.get("extra") else {}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def video(video_id: str = "vid00000001", **snippet: Any) -> dict:
    return {
        "kind": "youtube#video",
        "id": video_id,
        "snippet": {
            "publishedAt": "2024-02-03T04:05:06Z",
            "channelId": "UCchannel",
            "title": "A title",
            "description": "A description",
            "channelTitle": "The Channel",
            **snippet,
        },
    }


def comment(comment_id: str, **snippet: Any) -> dict:
    return {
        "kind": "youtube#comment",
        "id": comment_id,
        "snippet": {
            "authorDisplayName": "Some One",
            "authorChannelUrl": "http://www.youtube.com/channel/UCauthor",
            "authorChannelId": {"value": "UCauthor"},
            "textDisplay": "hi",
            "textOriginal": "hi",
            "likeCount": 3,
            "publishedAt": "2024-01-01T00:00:00Z",
            "updatedAt": "2024-01-01T00:00:00Z",
            **snippet,
        },
    }


def thread(thread_id: str, video_id: str | None, total: int, replies: list[dict] | None) -> dict:
    snippet: dict[str, Any] = {
        "channelId": "UCowner",
        "topLevelComment": comment(thread_id, **({"videoId": video_id} if video_id else {})),
        "canReply": True,
        "totalReplyCount": total,
        "isPublic": True,
    }
    if video_id:
        snippet["videoId"] = video_id
    data: dict[str, Any] = {"kind": "youtube#commentThread", "id": thread_id, "snippet": snippet}
    if replies is not None:
        data["replies"] = {"comments": replies}
    return data


def page(kind: str, items: list, **more: Any) -> dict:
    return {"kind": kind, "etag": "x", "pageInfo": {"totalResults": len(items)}, "items": items, **more}


# --- sniffing ---------------------------------------------------------------------------------------


def test_sniff_recognises_pages_resources_arrays_errors_and_hints():
    def sniffed(content: Any, hint: str | None = None) -> bool:
        return FORMAT.sniff(Peek(entry(content, hint=hint)))

    assert sniffed(page("youtube#videoListResponse", [video()]))
    assert sniffed(video())
    assert sniffed([comment("c1"), comment("c2")])
    assert sniffed(
        b"\n".join(orjson.dumps(page("youtube#commentListResponse", [comment("c")])) for _ in range(2))
    )
    assert sniffed(
        {"error": {"code": 403, "errors": [{"domain": "youtube.quota", "reason": "quotaExceeded"}]}}
    )
    # A body recorded from the API, whatever its shape (a fields= filter drops "kind").
    assert sniffed({"items": [{"id": "x"}]}, hint="GET https://www.googleapis.com/youtube/v3/videos?id=x")
    assert not sniffed({"items": [{"id": "x"}]})
    assert not sniffed({"error": {"code": 403, "message": "nope"}})
    assert not sniffed({"kind": "t3", "data": {}})
    assert not sniffed(b"<html>not json</html>", hint="GET https://www.googleapis.com/youtube/v3/videos")
    assert not sniffed(b"\xff\xfe garbage")


# --- hand-built records -----------------------------------------------------------------------------


def test_video_with_statistics():
    data = video(
        "abcdefghijk",
        title="Launch day #NewThing",
        description="Watch https://example.com/?utm_source=yt #Demo",
        defaultLanguage="en-US",
        defaultAudioLanguage="fr",
        tags=["Launch", "product"],
        categoryId="28",
        liveBroadcastContent="none",
    )
    data["statistics"] = {"viewCount": "1234", "likeCount": "56", "commentCount": "7", "favoriteCount": "0"}
    data["paidProductPlacementDetails"] = {"hasPaidProductPlacement": True}
    data["contentDetails"] = {"duration": "PT1M2S"}
    item = one(page("youtube#videoListResponse", [data]))
    assert item["platform"] == "youtube"
    assert item["id"] == "abcdefghijk"
    assert item["kind"] == "post"
    assert item["created_at"] == utc("2024-02-03T04:05:06+00:00")
    assert item["author_id"] == "UCchannel"
    assert item["author_name"] == "The Channel"
    assert item["title"] == "Launch day #NewThing"
    assert item["text"] == "Watch https://example.com/?utm_source=yt #Demo"
    assert item["lang"] == "en"  # defaultLanguage, not the audio language
    assert (item["views"], item["likes"], item["replies"]) == (1234, 56, 7)
    assert item["shares"] is None and item["quotes"] is None
    assert item["promoted"] is True
    assert item["hashtags"] == ["newthing", "demo"]  # title hashtags count on YouTube
    assert item["url"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert item["_author"] == {"url": "https://www.youtube.com/channel/UCchannel"}
    assert extra(item) == {
        "tags": ["Launch", "product"],
        "category_id": "28",
        "audio_language": "fr",
        "duration": "PT1M2S",
    }


def test_video_without_statistics_has_null_counters_and_no_language_from_audio():
    item = one(video(defaultAudioLanguage="zh-Hans"))
    assert (item["views"], item["likes"], item["replies"]) == (None, None, None)
    assert item["lang"] is None
    assert item["promoted"] is None
    assert item["hashtags"] is None  # left to enrichment (no hashtag in the title)


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("en", "en"),
        ("pt-BR", "pt"),
        ("zh-Hant", "zh"),
        ("EN_gb", "en"),
        ("fil", "fil"),
        ("und", None),
        ("zxx", None),
        ("", None),
    ],
)
def test_language_tags(tag, lang):
    assert one(video(defaultLanguage=tag))["lang"] == lang


def test_comment_thread_with_truncated_replies():
    replies = [
        comment("top1.r1", parentId="top1", videoId="vid", textOriginal="first", likeCount=1),
        comment("top1.r2", parentId="top1", textOriginal="second"),  # no videoId: from the thread
    ]
    result = outputs(page("youtube#commentThreadListResponse", [thread("top1", "vid", 5, replies)]))
    assert [type(o) for o in result] == [Record, Record, Record]
    assert {o.line for o in result} == {1}
    top, first, second = (mi(o.data) for o in result)
    assert top["id"] == "top1"
    assert top["kind"] == "reply"
    assert (top["parent_id"], top["root_id"]) == ("vid", "vid")
    assert top["replies"] == 5
    assert top["likes"] == 3
    assert top["url"] == "https://www.youtube.com/watch?v=vid&lc=top1"
    assert extra(top) == {"channel_id": "UCowner", "replies_missing": 3}
    for reply, text in ((first, "first"), (second, "second")):
        assert reply["kind"] == "reply"
        assert (reply["parent_id"], reply["root_id"]) == ("top1", "vid")
        assert reply["replies"] is None
        assert reply["text"] == text
    assert first["likes"] == 1
    # The top-level record does not repeat the replies; every record maps alone (reparse).
    assert "replies" not in result[0].data
    for o in result:
        assert map_item(orjson.loads(orjson.dumps(o.data))) == map_item(o.data)


def test_comment_thread_complete_and_without_replies_part():
    complete = one(thread("t", "vid", 0, None))
    assert complete["replies"] == 0
    assert "replies_missing" not in extra(complete)
    not_requested = mapped(thread("t", "vid", 2, None))
    assert len(not_requested) == 1
    assert extra(not_requested[0])["replies_missing"] == 2


def test_comment_on_a_channel_has_no_parent_and_no_root():
    item = one(thread("chan1", None, 0, None))
    assert (item["parent_id"], item["root_id"], item["url"]) == (None, None, None)
    assert extra(item) == {"channel_id": "UCowner", "on": "channel"}


def test_comment_by_parent_html_text_handle_and_edit():
    data = comment(
        "top.r",
        parentId="top",
        authorDisplayName="@brand_fan",
        authorChannelUrl="http://www.youtube.com/@brand_fan",
        textDisplay='Great &amp; fun <a href="https://www.youtube.com/watch?v=x&amp;t=61">1:01</a><br>bye',
        textOriginal=None,
        likeCount=0,
        updatedAt="2024-01-02T10:00:00Z",
        moderationStatus="published",
    )
    del data["snippet"]["textOriginal"]
    item = one(page("youtube#commentListResponse", [data]))
    assert item["text"] == "Great & fun 1:01\nbye"
    assert item["author_id"] == "UCauthor"
    assert item["author_handle"] == "brand_fan"
    assert item["author_name"] == "@brand_fan"  # as YouTube shows it: the API gave no other name
    assert (item["parent_id"], item["root_id"]) == ("top", None)  # comments.list does not say the video
    assert item["likes"] == 0
    assert extra(item) == {"edited": "2024-01-02T10:00:00+00:00", "moderation_status": "published"}
    assert item["_author"] == {"url": "http://www.youtube.com/@brand_fan"}


def test_comment_text_original_preferred_and_name_kept():
    item = one(comment("c", textDisplay="a <b>b</b>", textOriginal="a *b*", authorDisplayName="Ann Lee"))
    assert item["text"] == "a *b*"
    assert (item["author_name"], item["author_handle"]) == ("Ann Lee", None)
    by_url = one(
        comment("c", authorDisplayName="Ann Lee", authorChannelUrl="http://www.youtube.com/@ann.lee")
    )
    assert (by_url["author_name"], by_url["author_handle"]) == ("Ann Lee", "ann.lee")


def test_search_results_thin_videos_authors_and_skipped_playlists():
    results = [
        {
            "kind": "youtube#searchResult",
            "id": {"kind": "youtube#video", "videoId": "v1"},
            "snippet": {
                "publishedAt": "2020-01-01T00:00:00Z",
                "channelId": "UCa",
                "title": "Rock &amp; Roll: it&#39;s &quot;live&quot;",
                "description": "Tom &amp; Jerry...",
                "channelTitle": "Jamie O'Brien",
                "liveBroadcastContent": "live",
            },
        },
        {
            "kind": "youtube#searchResult",
            "id": {"kind": "youtube#channel", "channelId": "UCb"},
            "snippet": {"publishedAt": "2009-01-01T00:00:00Z", "channelId": "UCb", "title": "B &amp; C"},
        },
        {
            "kind": "youtube#searchResult",
            "id": {"kind": "youtube#playlist", "playlistId": "PL1"},
            "snippet": {},
        },
    ]
    result = outputs(page("youtube#searchListResponse", results, nextPageToken="CAUQAA"))
    assert [(type(o).__name__, getattr(o, "type", None), o.line) for o in result] == [
        ("Record", "item", 1),
        ("Record", "author", 2),
        ("Skipped", None, 3),
    ]
    item = mi(result[0].data)
    assert item["id"] == "v1"
    assert item["kind"] == "post"
    assert item["title"] == 'Rock & Roll: it\'s "live"'
    assert item["text"] == "Tom & Jerry..."
    assert item["author_name"] == "Jamie O'Brien"
    assert (item["views"], item["likes"], item["replies"]) == (None, None, None)
    assert extra(item) == {"from": "search", "live_broadcast_content": "live"}
    author = map_author(result[1].data)
    assert author["id"] == "UCb"
    assert author["name"] == "B & C"
    assert author["created_at"] == utc("2009-01-01T00:00:00+00:00")
    assert "playlist" in result[2].reason


def test_activities_uploads_become_videos_other_types_skipped():
    thumbs = {"default": {"url": "https://i.ytimg.com/vi/JE8xdDp5B8Q/default.jpg"}}
    upload = {
        "kind": "youtube#activity",
        "id": "act1",
        "snippet": {
            "publishedAt": "2019-11-29T02:57:07Z",
            "channelId": "UCa",
            "title": "T",
            "type": "upload",
        },
        "contentDetails": {"upload": {"videoId": "vidupload01"}},
    }
    bare_upload = {
        "kind": "youtube#activity",
        "id": "act2",
        "snippet": {"channelId": "UCa", "title": "U", "type": "upload", "thumbnails": thumbs},
    }
    like = {
        "kind": "youtube#activity",
        "id": "act3",
        "snippet": {"type": "like"},
        "contentDetails": {"like": {"resourceId": {"kind": "youtube#video", "videoId": "x"}}},
    }
    result = outputs(page("youtube#activityListResponse", [upload, bare_upload, like]))
    assert [type(o) for o in result] == [Record, Record, Skipped]
    assert "'like'" in result[2].reason
    first, second = (mi(o.data) for o in result[:2])
    assert (first["id"], first["kind"], first["title"]) == ("vidupload01", "post", "T")
    assert extra(first) == {"from": "activity", "activity_id": "act1"}
    assert second["id"] == "JE8xdDp5B8Q"
    assert extra(second)["video_id_from"] == "thumbnail"
    no_id = {**bare_upload, "snippet": {**bare_upload["snippet"], "thumbnails": {}}}
    with pytest.raises(MappingError, match=r"contentDetails\.upload\.videoId"):
        map_item(no_id)


def test_playlist_items_are_videos_of_their_owner():
    data = {
        "kind": "youtube#playlistItem",
        "id": "PLI1",
        "snippet": {
            "publishedAt": "2024-05-01T00:00:00Z",
            "channelId": "UCplaylistowner",
            "title": "Clip",
            "description": "d",
            "playlistId": "PL1",
            "position": 4,
            "resourceId": {"kind": "youtube#video", "videoId": "clip0000001"},
            "videoOwnerChannelId": "UCowner",
            "videoOwnerChannelTitle": "Owner",
        },
        "contentDetails": {"videoId": "clip0000001", "videoPublishedAt": "2023-01-01T00:00:00Z"},
    }
    deleted = {"kind": "youtube#playlistItem", "id": "PLI2", "snippet": {"title": "Deleted video"}}
    result = outputs(page("youtube#playlistItemListResponse", [data, deleted]))
    assert [type(o) for o in result] == [Record, Skipped]
    item = mi(result[0].data)
    assert (item["id"], item["author_id"], item["author_name"]) == ("clip0000001", "UCowner", "Owner")
    assert item["created_at"] == utc("2023-01-01T00:00:00+00:00")
    assert extra(item) == {
        "from": "playlist_item",
        "playlist_id": "PL1",
        "position": 4,
        "added_at": "2024-05-01T00:00:00Z",
    }


def test_channels_are_author_profiles():
    shown = {
        "kind": "youtube#channel",
        "id": "UCshown",
        "snippet": {
            "title": "Shown",
            "description": "About",
            "customUrl": "@shown",
            "publishedAt": "2010-01-01T00:00:00Z",
            "country": "IT",
        },
        "statistics": {
            "viewCount": "10",
            "subscriberCount": "1200",
            "hiddenSubscriberCount": False,
            "videoCount": "33",
        },
    }
    hidden = {
        "kind": "youtube#channel",
        "id": "UChidden",
        "snippet": {"title": "Hidden", "customUrl": "legacyname"},
        "statistics": {"subscriberCount": "0", "hiddenSubscriberCount": True, "videoCount": "2"},
    }
    branding_only = {
        "kind": "youtube#channel",
        "id": "UCbrand",
        "brandingSettings": {"channel": {"title": "Brand", "description": "B", "country": "CN"}},
    }
    result = outputs(page("youtube#channelListResponse", [shown, hidden, branding_only]))
    assert all(isinstance(o, Record) and o.type == "author" for o in result)
    a, b, c = (map_author(o.data) for o in result)
    assert a == {
        "platform": "youtube",
        "id": "UCshown",
        "handle": "shown",
        "name": "Shown",
        "followers": 1200,
        "posts": 33,
        "description": "About",
        "location": "IT",
        "created_at": utc("2010-01-01T00:00:00+00:00"),
        "url": "https://www.youtube.com/channel/UCshown",
    }
    assert (b["followers"], b["posts"], b["handle"]) == (None, 2, None)
    assert (c["name"], c["description"], c["location"], c["followers"]) == ("Brand", "B", "CN", None)


def test_non_items_are_skipped_or_rejected_with_reasons():
    error = {
        "error": {
            "code": 403,
            "message": "The request cannot be completed because you have exceeded your quota.",
            "errors": [{"domain": "youtube.quota", "reason": "quotaExceeded"}],
        }
    }
    (skipped,) = outputs(error)
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("YouTube API error 403 quotaExceeded: The request cannot")
    (rating,) = outputs(
        {"kind": "youtube#videoGetRatingResponse", "items": [{"videoId": "x", "rating": "like"}]}
    )
    assert isinstance(rating, Skipped) and "getRating" in rating.reason
    (empty,) = outputs(page("youtube#commentThreadListResponse", []))
    assert isinstance(empty, Skipped) and "empty page" in empty.reason
    (other,) = outputs(
        page("youtube#subscriptionListResponse", [{"kind": "youtube#subscription", "id": "s"}])
    )
    assert isinstance(other, Skipped) and "youtube#subscription" in other.reason
    bad = outputs(page("youtube#videoListResponse", [video(), 42, {"what": "ever"}]))
    assert [type(o) for o in bad] == [Record, Reject, Record]  # the list says the kind: a video...
    assert bad[1].line == 2 and "got int" in bad[1].reason
    with pytest.raises(MappingError, match="expected id"):
        map_item(bad[2].data)  # ...without an id
    (unknown,) = outputs({"what": "ever"})
    assert isinstance(unknown, Reject) and "not a YouTube resource" in unknown.reason
    (not_json,) = outputs(b'{"kind": "youtube#video", ')
    assert isinstance(not_json, Reject)


def test_record_too_deep_to_store_is_rejected_and_the_rest_imports(store, tmp_path):
    deep = video("aaaaaaaaaaa")
    deep["snippet"]["thumbnails"] = "DEEP"
    text = json.dumps(page("youtube#videoListResponse", [deep, video("bbbbbbbbbbb")]))
    path = tmp_path / "deep.json"
    path.write_text(text.replace('"DEEP"', "[" * 400 + "1" + "]" * 400))
    summary = import_paths(store, path)
    assert summary.formats[str(path)] == "youtube"
    assert rows(store, "SELECT id FROM items") == [("bbbbbbbbbbb",)]
    ((line, reason),) = rows(store, "SELECT line, reason FROM quarantine")
    assert line == 1 and reason.startswith("record cannot be stored as JSON")


def test_kind_inferred_without_kind_fields():
    """A fields= filter drops "kind": the list kind, the request or the shape says what the item is."""
    bare_video = {"id": "v", "snippet": {"title": "t", "channelId": "UCa"}}
    assert (
        one({"items": [bare_video]}, hint="GET https://www.googleapis.com/youtube/v3/videos?id=v")["id"]
        == "v"
    )
    assert one({"kind": "youtube#videoListResponse", "items": [bare_video]})["kind"] == "post"
    bare_thread = {k: v for k, v in thread("t", "vid", 0, None).items() if k != "kind"}
    record = outputs({"items": [bare_thread]})[0]
    assert mi(record.data)["parent_id"] == "vid"


def test_lines_jsonl_pages_and_arrays():
    jsonl = b"\n".join(
        orjson.dumps(page("youtube#commentListResponse", [comment(f"c{n}a"), comment(f"c{n}b")]))
        for n in (1, 2)
    )
    assert [o.line for o in outputs(jsonl, name="pages.jsonl")] == [1, 1, 2, 2]
    assert [o.line for o in outputs([comment("a"), comment("b"), comment("c")])] == [1, 2, 3]


def test_mapping_errors_name_the_field():
    with pytest.raises(MappingError, match=r"snippet.title to be text"):
        map_item(video(title=5))
    bad_count = video()
    bad_count["statistics"] = {"viewCount": "many"}
    with pytest.raises(MappingError, match=r"statistics.viewCount"):
        map_item(bad_count)
    with pytest.raises(MappingError, match=r"snippet.publishedAt"):
        map_item(comment("c", publishedAt="yesterday"))
    with pytest.raises(MappingError, match=r"topLevelComment"):
        map_item({"kind": "youtube#commentThread", "id": "t", "snippet": {"topLevelComment": "x"}})
    with pytest.raises(MappingError, match="expected a YouTube video"):
        map_item({"kind": "youtube#channel", "id": "UC"})
    with pytest.raises(MappingError, match="youtube#channel"):
        map_author(video())


def test_registered():
    assert get_format("youtube") is FORMAT
    assert FORMAT.platform == "youtube"


# --- real data --------------------------------------------------------------------------------------


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _expected(doc: dict) -> Counter:
    """What a response holds, read straight from the raw JSON: items, author profiles, skipped."""
    kind = doc["kind"]
    items = doc.get("items", [doc])
    if kind == "youtube#videoGetRatingResponse":
        return Counter(skipped=1)
    expected: Counter = Counter()
    for item in items:
        if item["kind"] == "youtube#commentThread":
            expected["item"] += 1 + len(item.get("replies", {}).get("comments", []))
        elif item["kind"] == "youtube#searchResult":
            expected["author" if item["id"]["kind"] == "youtube#channel" else "item"] += 1
        elif item["kind"] == "youtube#activity":
            expected["item" if item["snippet"]["type"] == "upload" else "skipped"] += 1
        elif item["kind"] == "youtube#channel":
            expected["author"] += 1
        else:
            expected["item"] += 1
    return expected


def _got(path: Path) -> Counter:
    body = path.read_bytes()
    found: Counter = Counter()
    for o in FORMAT.records(Entry(str(path), lambda: io.BytesIO(body), len(body)), ImportOptions()):
        found[o.type if isinstance(o, Record) else type(o).__name__.lower()] += 1
    return found


def _thumbnail_id(item: dict) -> str:
    url = item["snippet"]["thumbnails"]["default"]["url"]
    return re.search(r"/vi/([\w-]{11})/", url).group(1)


def _raw_items(folder: Path) -> dict[str, list[dict]]:
    return {
        str(path.relative_to(folder)): _load(path).get("items", [_load(path)])
        for path in sorted(folder.rglob("*.json"))
    }


def test_real_data_counts_per_file(shared_data):
    folder = shared_data / "platforms" / "youtube"
    paths = sorted(folder.rglob("*.json"))
    assert len(paths) >= 30
    for path in paths:
        assert _got(path) == _expected(_load(path)), path.name


def test_real_data_import(shared_data, store):
    folder = shared_data / "platforms" / "youtube"
    summary = import_paths(store, folder)
    assert summary.status == "done"
    assert summary.errors == []
    assert [Path(u).name for u in summary.unrecognised] == ["LICENSE.python-youtube"]
    assert {Path(s).suffix for s, f in summary.formats.items() if f == "youtube"} == {".json"}
    assert len([f for f in summary.formats.values() if f == "youtube"]) == len(list(folder.rglob("*.json")))
    assert rows(store, "SELECT count(*) FROM quarantine") == [(0,)]
    assert summary.totals().skipped == 1  # the getRating response

    raw = _raw_items(folder)
    # Every item id the raw files hold is stored exactly once.
    expected_ids: set[str] = set()
    for name, items in raw.items():
        for item in items:
            kind = item.get("kind")
            if kind in ("youtube#video", "youtube#comment"):
                expected_ids.add(item["id"])
            elif kind == "youtube#commentThread":
                expected_ids.add(item["snippet"]["topLevelComment"]["id"])
                expected_ids.update(c["id"] for c in item.get("replies", {}).get("comments", []))
            elif kind == "youtube#searchResult" and "videoId" in item["id"]:
                expected_ids.add(item["id"]["videoId"])
            elif kind == "youtube#activity":
                expected_ids.add(_thumbnail_id(item))
            else:
                assert kind in ("youtube#channel", "youtube#searchResult") or name.endswith(
                    "rating_response.json"
                )
    stored = {i for (i,) in rows(store, "SELECT id FROM items WHERE platform = 'youtube'")}
    assert stored == expected_ids
    assert rows(store, "SELECT count(*) FROM items") == [(len(expected_ids),)]

    # Thread top-level comments: parent and root are the video, replies the thread's count.
    for name, items in raw.items():
        for t in (i for i in items if i.get("kind") == "youtube#commentThread"):
            s = t["snippet"]
            top = s["topLevelComment"]["snippet"]
            ((parent, root, replies, likes, text, author_id, author_name, extra_json),) = rows(
                store,
                "SELECT parent_id, root_id, replies, likes, text, author_id, author_name, extra"
                " FROM items WHERE id = ?",
                t["id"],
            )
            assert parent == s.get("videoId") and root == s.get("videoId"), name
            assert replies == s["totalReplyCount"]
            assert likes == top["likeCount"]
            assert text == top["textOriginal"]
            assert (author_id, author_name) == (top["authorChannelId"]["value"], top["authorDisplayName"])
            missing = s["totalReplyCount"] - len(t.get("replies", {}).get("comments", []))
            assert json.loads(extra_json or "{}").get("replies_missing") == (missing or None)

    # A paged commentThreads pair: the first page points to a next one; both pages' threads are stored.
    first = _load(folder / "comment_threads" / "comment_threads_by_video_paged_1.json")
    second = _load(folder / "comment_threads" / "comment_threads_by_video_paged_2.json")
    assert first.get("nextPageToken") and not second.get("nextPageToken")
    pair_ids = {t["id"] for t in first["items"] + second["items"]}
    assert pair_ids <= stored
    video_ids = {t["snippet"]["videoId"] for t in first["items"] + second["items"]}
    assert rows(
        store, f"SELECT DISTINCT root_id FROM items WHERE id IN ({', '.join('?' * len(pair_ids))})", *pair_ids
    ) == [(v,) for v in video_ids]

    # Replies from comments.list(parentId): parent is the top-level comment; the video is not given.
    for name in ("comments/comments_by_parent_paged_1.json", "comments/comments_by_parent_paged_2.json"):
        for c in raw[name]:
            ((parent, root, kind, text, likes, created),) = rows(
                store,
                "SELECT parent_id, root_id, kind, text, likes, epoch(created_at) FROM items WHERE id = ?",
                c["id"],
            )
            assert (parent, root, kind) == (c["snippet"]["parentId"], None, "reply")
            assert text == c["snippet"]["textOriginal"]
            assert likes == c["snippet"]["likeCount"]
            assert created == datetime.fromisoformat(c["snippet"]["publishedAt"]).timestamp()

    # Videos: title, description, channel; no statistics in these samples, so counters are null (not 0).
    for name in ("videos/videos_chart_paged_1.json", "videos/videos_chart_paged_2.json"):
        for v in raw[name]:
            ((title, text, author_id, author_name, views, likes, replies, lang, detected, extra_json),) = (
                rows(
                    store,
                    "SELECT title, text, author_id, author_name, views, likes, replies, lang, lang_detected, extra"
                    " FROM items WHERE id = ?",
                    v["id"],
                )
            )
            s = v["snippet"]
            assert (title, text, author_id, author_name) == (
                s["title"],
                s["description"],
                s["channelId"],
                s["channelTitle"],
            )
            stats = v.get("statistics", {})
            assert views == (int(stats["viewCount"]) if "viewCount" in stats else None)
            assert likes == (int(stats["likeCount"]) if "likeCount" in stats else None)
            assert replies == (int(stats["commentCount"]) if "commentCount" in stats else None)
            if "defaultLanguage" in s:  # the platform's own tag is kept
                assert (lang, detected) == (s["defaultLanguage"].split("-")[0].lower(), False)
            else:  # detected from the title and description at import, or left unknown
                assert (lang is None and detected is None) or (len(lang) == 2 and detected is True)
            assert json.loads(extra_json).get("tags") == s.get("tags")

    # Search titles arrive HTML-escaped.
    escaped = [r for r in raw["search/search_by_keywords_p1.json"] if "&#39;" in r["snippet"]["title"]]
    assert escaped
    for r in escaped:
        assert rows(store, "SELECT title FROM items WHERE id = ?", r["id"]["videoId"]) == [
            (html.unescape(r["snippet"]["title"]),)
        ]

    # Channel profiles: subscribers and video counts (strings in the API).
    for ch in raw["channels/info_multiple.json"]:
        stats = ch["statistics"]
        found = rows(
            store,
            "SELECT handle, name, followers, posts FROM authors WHERE id = ? AND followers IS NOT NULL",
            ch["id"],
        )
        followers = None if stats["hiddenSubscriberCount"] else int(stats["subscriberCount"])
        assert found == [
            (
                ch["snippet"]["customUrl"].lstrip("@"),
                ch["snippet"]["title"],
                followers,
                int(stats["videoCount"]),
            )
        ]


# --- fuzzing ----------------------------------------------------------------------------------------


def _samples() -> list[dict]:
    """Hand-built documents, plus the real API samples when they are here."""
    samples = [
        page("youtube#videoListResponse", [{**video(), "statistics": {"viewCount": "1", "likeCount": "2"}}]),
        page("youtube#commentThreadListResponse", [thread("t", "vid", 3, [comment("t.r", parentId="t")])]),
        page("youtube#commentListResponse", [comment("c", parentId="p")]),
        {
            "error": {
                "code": 400,
                "message": "bad",
                "errors": [{"domain": "youtube.parameter", "reason": "x"}],
            }
        },
    ]
    if YOUTUBE.is_dir():
        samples.extend(_load(p) for p in sorted(YOUTUBE.rglob("*.json")))
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
    st.just({"value": 5}),
)


_NEST = "__nested_here__"


@st.composite
def mutated(draw) -> bytes:
    doc = draw(st.sampled_from(SAMPLES))
    how = draw(st.sampled_from(["retype", "retype", "nest", "truncate", "latin1", "bytes"]))
    if how == "retype":
        new = draw(_SCALARS)
        return json.dumps(
            replaced(doc, draw(st.sampled_from(json_paths(doc, per_list=3))), new), ensure_ascii=False
        ).encode()
    if how == "nest":  # written as text: json.dumps itself would hit the recursion limit
        depth = draw(st.integers(1, 1100))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"snippet":', "}")]))
        leaf = json.dumps(draw(_SCALARS))
        text = json.dumps(
            replaced(doc, draw(st.sampled_from(json_paths(doc, per_list=3))), _NEST), ensure_ascii=False
        )
        return text.replace(json.dumps(_NEST), opener * depth + leaf + closer * depth).encode()
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    if how == "truncate":
        return body[: draw(st.integers(0, len(body)))]
    if how == "latin1":
        return json.dumps(doc, ensure_ascii=False).encode("latin-1", "replace")
    at = draw(st.integers(0, len(body)))
    return body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at + 1 :]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fuzz_records_and_mapping_raise_only_mapping_errors(body):
    tally(FORMAT, entry(body))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=mutated())
def test_fuzz_import_accounts_for_every_record(fuzz_store, body):
    expected = tally(FORMAT, entry(body))
    assert_import_accounts_for_every_record(fuzz_store, "youtube", "page.json", body, expected)
