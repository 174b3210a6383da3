"""Instagram Graph API importer: hand-built records, the real python-facebook fixtures, fuzzing."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import MappingError, parse_time
from passaparola.sources import Record, Skipped
from passaparola.store import Store
from tests.conftest import SHARED_DATA, import_paths, rows
from tests.sources.test_facebook import (
    FB,
    IG,
    TIME,
    authors,
    check_folder,
    check_forced,
    check_imported,
    data_files,
    mapped,
    outputs,
    platform_of,
)

MEDIA_ID = "17900000000000001"


# --- hand-built records ------------------------------------------------------------------------------------


def test_media_with_everything():
    media = {
        "id": MEDIA_ID,
        "caption": "Nuovo blend #caffè @aurora.roasters",
        "timestamp": "2024-03-01T08:30:00+0000",
        "username": "caffe.aurora",
        "owner": {"id": "17841400000000001"},
        "like_count": 120,
        "comments_count": 8,
        "media_type": "CAROUSEL_ALBUM",
        "media_product_type": "AD",
        "shortcode": "C4abc",
        "permalink": "https://www.instagram.com/p/C4abc/",
        "children": {
            "data": [{"id": "17900000000000002", "media_type": "IMAGE"}, {"id": "17900000000000003"}]
        },
    }
    [item] = mapped(IG, media)
    assert item == {
        "platform": "instagram",
        "id": MEDIA_ID,
        "kind": "post",
        "created_at": datetime(2024, 3, 1, 8, 30, tzinfo=UTC),
        "author_id": "17841400000000001",
        "author_handle": "caffe.aurora",
        "text": media["caption"],
        "likes": 120,
        "replies": 8,
        "shares": None,
        "promoted": True,
        "url": "https://www.instagram.com/p/C4abc/",
        "extra": orjson.dumps(
            {
                "media_type": "CAROUSEL_ALBUM",
                "media_product_type": "AD",
                "shortcode": "C4abc",
                "children": [
                    {"id": "17900000000000002", "media_type": "IMAGE"},
                    {"id": "17900000000000003", "media_type": None},
                ],
            }
        ).decode(),
    }


def test_unknown_counters_stay_null():
    [item] = mapped(IG, {"id": MEDIA_ID, "media_type": "IMAGE", "media_product_type": "FEED"})
    assert (item["likes"], item["replies"], item["promoted"], item["created_at"], item["url"]) == (None,) * 5


def test_business_discovery_profile_and_media():
    document = {
        "business_discovery": {
            "id": "17841400000000009",
            "username": "rival.coffee",
            "name": "Rival Coffee",
            "followers_count": 5000,
            "follows_count": 12,
            "media_count": 300,
            "biography": "Coffee, seriously.",
            "media": {
                "data": [
                    {"id": MEDIA_ID, "caption": "c", "like_count": 3, "comments_count": 1, "timestamp": TIME},
                    {"id": "17900000000000004", "media_type": "VIDEO", "timestamp": TIME},
                ],
                "paging": {"cursors": {"after": "x"}},
            },
        },
        "id": "17841400000000001",
    }
    [profile] = authors(IG, document)
    assert profile == {
        "platform": "instagram",
        "id": "17841400000000009",
        "handle": "rival.coffee",
        "name": "Rival Coffee",
        "followers": 5000,
        "following": 12,
        "posts": 300,
        "description": "Coffee, seriously.",
        "url": "https://www.instagram.com/rival.coffee/",
    }
    first, second = mapped(IG, document)
    assert (first["author_id"], first["author_handle"], first["author_name"], first["author_followers"]) == (
        "17841400000000009",
        "rival.coffee",
        "Rival Coffee",
        5000,
    )
    assert first["_author"] == {
        "following": 12,
        "posts": 300,
        "description": "Coffee, seriously.",
        "url": "https://www.instagram.com/rival.coffee/",
    }
    assert (second["id"], second["author_id"]) == ("17900000000000004", "17841400000000009")


def test_business_discovery_in_an_array():
    document = [
        {
            "business_discovery": {
                "id": "17841400000000009",
                "username": "rival",
                "media": {"data": [{"id": MEDIA_ID, "media_type": "IMAGE", "timestamp": TIME}]},
            },
            "id": "17841400000000001",
        }
    ]
    assert [o.type for o in outputs(IG, document)] == ["author", "item"]
    [item] = mapped(IG, document)
    assert (item["author_id"], item["author_handle"]) == ("17841400000000009", "rival")


def test_media_request_gives_the_owner_hashtag_or_tagged_user():
    page = {"data": [{"id": MEDIA_ID, "media_type": "IMAGE", "timestamp": TIME}]}
    [owned] = mapped(IG, page, hint="GET https://graph.facebook.com/v19.0/17841400000000001/media?fields=id")
    assert owned["author_id"] == "17841400000000001"
    [tagged] = mapped(IG, page, hint="GET https://graph.facebook.com/v19.0/17841400000000001/tags")
    assert tagged["author_id"] is None
    assert orjson.loads(tagged["extra"])["tagged_user_id"] == "17841400000000001"
    paged = {
        **page,
        "paging": {"next": "https://graph.facebook.com/v4.0/17843826142012701/top_media?after=x"},
    }
    [top] = mapped(IG, paged)
    assert top["author_id"] is None and orjson.loads(top["extra"])["hashtag_id"] == "17843826142012701"


def test_comments_and_replies():
    page = {
        "data": [
            {
                "id": "17800000000000001",
                "text": "Bello!",
                "timestamp": TIME,
                "username": "ann",
                "from": {"id": "900", "username": "ann"},
                "like_count": 2,
                "hidden": False,
                "replies": {"data": [{"id": "17800000000000002", "text": "Grazie", "timestamp": TIME}]},
            }
        ],
        "paging": {"next": f"https://graph.facebook.com/v11.0/{MEDIA_ID}/comments?after=x"},
    }
    outs = outputs(IG, page)
    assert [o.data["_pp"]["object"] for o in outs] == ["comment", "comment"]
    assert outs[0].data["replies"] == {}  # the replies are their own records
    top, reply = mapped(IG, page)
    assert top == {
        "platform": "instagram",
        "id": "17800000000000001",
        "kind": "reply",
        "created_at": parse_time(TIME),
        "author_id": "900",
        "author_handle": "ann",
        "text": "Bello!",
        "parent_id": MEDIA_ID,
        "root_id": MEDIA_ID,
        "likes": 2,
        "extra": '{"hidden":false}',
    }
    assert (reply["parent_id"], reply["root_id"], reply["author_handle"]) == (
        "17800000000000001",
        MEDIA_ID,
        None,
    )
    explicit = {
        "id": "17800000000000003",
        "text": "x",
        "timestamp": TIME,
        "parent_id": "17800000000000001",
        "media": {"id": MEDIA_ID, "media_product_type": "FEED"},
    }
    [item] = mapped(IG, explicit)
    assert (item["parent_id"], item["root_id"]) == ("17800000000000001", MEDIA_ID)
    [alone] = mapped(IG, {"id": "17800000000000004", "text": "y", "timestamp": TIME})
    assert (alone["parent_id"], alone["root_id"]) == (None, None)
    hinted = {"data": [{"id": "17800000000000005", "text": "z", "timestamp": TIME}]}
    [via] = mapped(IG, hinted, hint="GET https://graph.facebook.com/v11.0/17800000000000001/replies")
    assert (via["parent_id"], via["root_id"]) == ("17800000000000001", None)


def test_mentions():
    [comment] = mapped(
        IG, {"mentioned_comment": {"id": "1780", "text": "@me hi", "timestamp": TIME}, "id": "1784"}
    )
    assert (comment["kind"], orjson.loads(comment["extra"])) == ("reply", {"mentioned_user_id": "1784"})
    media = {"mentioned_media": {"id": MEDIA_ID, "caption": "@me", "media_type": "IMAGE"}, "id": "1784"}
    [item] = mapped(IG, media)
    assert (item["kind"], orjson.loads(item["extra"])["mentioned_user_id"]) == ("post", "1784")


@pytest.mark.parametrize(
    ("document", "word"),
    [
        (
            {
                "data": [
                    {"name": "reach", "period": "day", "values": [{"value": 1}], "id": "1/insights/reach/day"}
                ]
            },
            "insights",
        ),
        ({"data": [{"product_id": 1, "merchant_id": 2, "name": "Beans", "x": 0.5, "y": 0.5}]}, "product"),
        (
            {"data": [{"catalog_id": "9", "catalog_name": "Shop", "shop_name": "S", "product_count": 3}]},
            "catalogs",
        ),
        (
            {"data": [{"config": {"quota_total": 25, "quota_duration": 86400}, "quota_usage": 0}]},
            "publishing",
        ),
        ({"id": "17843826142012701", "name": "love"}, "hashtag"),
    ],
)
def test_non_items_are_skipped_with_a_reason_naming_them(document, word):
    assert platform_of(document) == "instagram"
    [out] = outputs(IG, document)
    assert isinstance(out, Skipped) and word in out.reason


def test_carousel_children_request_is_skipped():
    page = {"data": [{"id": MEDIA_ID, "media_type": "IMAGE", "timestamp": TIME}]}
    [out] = outputs(IG, page, hint=f"GET https://graph.facebook.com/v11.0/{MEDIA_ID}9/children")
    assert isinstance(out, Skipped) and "carousel child" in out.reason


def test_users_are_author_profiles():
    user = {
        "id": "17841400000000001",
        "username": "caffe.aurora",
        "name": "Caffè Aurora",
        "followers_count": 10,
        "follows_count": 2,
        "media_count": 30,
        "biography": "",
        "profile_picture_url": "https://x",
    }
    [profile] = authors(IG, user)
    assert profile == {
        "platform": "instagram",
        "id": "17841400000000001",
        "handle": "caffe.aurora",
        "name": "Caffè Aurora",
        "followers": 10,
        "following": 2,
        "posts": 30,
        "description": None,
        "url": "https://www.instagram.com/caffe.aurora/",
    }


def test_instagram_messaging():
    conversation = {
        "id": "aWdfZAG06",
        "participants": {
            "data": [{"username": "ann", "id": "900"}, {"username": "caffe.aurora", "id": "1784"}]
        },
        "messages": {
            "data": [
                {
                    "id": "aWdfm1",
                    "created_time": TIME,
                    "message": "ciao",
                    "from": {"username": "ann", "id": "900"},
                    "to": {"data": [{"username": "caffe.aurora", "id": "1784"}]},
                }
            ]
        },
    }
    assert platform_of(conversation) == "instagram"
    [message] = mapped(IG, conversation)
    assert (message["platform"], message["kind"], message["author_handle"], message["root_id"]) == (
        "instagram",
        "message",
        "ann",
        "aWdfZAG06",
    )
    [out] = outputs(FB, conversation)  # forced --format facebook: not claimed as Facebook
    assert isinstance(out, Skipped) and "Instagram" in out.reason


def test_facebook_objects_are_never_claimed_or_mapped_as_instagram():
    post = {
        "id": "1_2",
        "message": "m",
        "created_time": TIME,
        "permalink_url": "https://www.facebook.com/1/posts/2",
    }
    assert platform_of({"data": [post]}) == "facebook"
    [out] = outputs(IG, {"data": [post]})
    assert isinstance(out, Skipped) and "Facebook" in out.reason
    page = {"id": "1", "name": "P", "username": "p", "followers_count": 3, "fan_count": 3}
    assert platform_of(page) == "facebook"


def test_malformed_records_raise_mapping_errors():
    outs = outputs(
        IG,
        {
            "data": [
                {"id": MEDIA_ID, "media_type": "IMAGE", "owner": "me", "timestamp": TIME},
                {"id": "1780", "text": "x", "timestamp": TIME, "like_count": -1},
            ]
        },
    )
    with pytest.raises(MappingError, match="'owner' to be an object"):
        IG.map_item(outs[0].data)
    with pytest.raises(MappingError, match="non-negative count"):
        IG.map_item(outs[1].data)
    with pytest.raises(MappingError, match="expected Instagram media"):
        IG.map_item({"id": "1"})


# --- real data ------------------------------------------------------------------------------------------


def _data(d: dict[str, Any]) -> int:
    return len(d["data"])


# relative path -> (items, authors, skipped) computed from the raw document
IG_EXPECTED = {
    "comments/comment_fields.json": lambda d: (1, 0, 0),
    "comments/comments_fields.json": lambda d: (len(d), 0, 0),
    "comments/replies.json": lambda d: (_data(d), 0, 0),
    "discovery/medias_p1.json": lambda d: (len(d["business_discovery"]["media"]["data"]), 0, 0),
    "discovery/medias_p2.json": lambda d: (len(d["business_discovery"]["media"]["data"]), 0, 0),
    "discovery/user_fields.json": lambda d: (0, 1, 0),
    "hashtags/hashtag_info.json": lambda d: (0, 0, 1),
    "hashtags/hashtags_info.json": lambda d: (0, 0, len(d)),
    "hashtags/hashtag_recent_medias_p1.json": lambda d: (_data(d), 0, 0),
    "hashtags/hashtag_recent_medias_p2.json": lambda d: (_data(d), 0, 0),
    "hashtags/hashtag_top_medias_p1.json": lambda d: (_data(d), 0, 0),
    "hashtags/hashtag_top_medias_p2.json": lambda d: (_data(d), 0, 0),
    "medias/children.json": lambda d: (_data(d), 0, 0),  # no request recorded: children look like media
    "medias/comments_p1.json": lambda d: (_data(d), 0, 0),
    "medias/comments_p2.json": lambda d: (_data(d), 0, 0),
    "medias/insights.json": lambda d: (0, 0, _data(d)),
    "medias/insights_new.json": lambda d: (0, 0, _data(d)),
    "medias/media_default.json": lambda d: (1, 0, 0),
    "medias/medias_fields.json": lambda d: (len(d), 0, 0),
    "medias/product_tags.json": lambda d: (0, 0, _data(d)),
    "users/available_catalogs.json": lambda d: (0, 0, _data(d)),
    "users/catalog_product_search.json": lambda d: (0, 0, _data(d)),
    "users/content_publish_limit.json": lambda d: (0, 0, _data(d)),
    "users/hashtag_search.json": lambda d: (0, 0, _data(d)),
    "users/live_medias.json": lambda d: (_data(d), 0, 0),
    "users/medias_p1.json": lambda d: (_data(d), 0, 0),
    "users/medias_p2.json": lambda d: (_data(d), 0, 0),
    "users/mentioned_comment.json": lambda d: (1, 0, 0),
    "users/mentioned_media.json": lambda d: (1, 0, 0),
    "users/product_appeal.json": lambda d: (0, 0, _data(d)),
    "users/recently_searched_hashtags.json": lambda d: (0, 0, _data(d)),
    "users/stories.json": lambda d: (_data(d), 0, 0),
    "users/tagged_medias.json": lambda d: (_data(d), 0, 0),
    "users/user_fields.json": lambda d: (0, 1, 0),
    "users/user_insights.json": lambda d: (0, 0, _data(d)),
    "users/user_insights_new.json": lambda d: (0, 0, _data(d)),
}


def _folder(shared_data: Path) -> Path:
    folder = shared_data / "platforms" / "instagram"
    if not folder.is_dir():
        pytest.skip("no Instagram fixtures")
    return folder


def test_real_instagram_folder(shared_data, store):
    check_folder(store, _folder(shared_data), IG, IG_EXPECTED)


def test_real_facebook_and_instagram_together_stay_apart(shared_data, store):
    platforms = shared_data / "platforms"
    if not (platforms / "instagram").is_dir() or not (platforms / "facebook").is_dir():
        pytest.skip("no Graph API fixtures")
    summary = import_paths(store, platforms / "facebook", platforms / "instagram")
    for source, fmt in summary.formats.items():
        assert fmt == ("facebook" if "/platforms/facebook/" in source else "instagram"), source
    assert rows(
        store, "SELECT count(*) FROM items WHERE platform = 'instagram' AND source LIKE '%/facebook/%'"
    ) == [(0,)]
    assert rows(
        store, "SELECT count(*) FROM items WHERE platform = 'facebook' AND source LIKE '%/instagram/%'"
    ) == [(0,)]


def _item(store: Store, item_id: str) -> dict[str, Any]:
    columns = [
        "kind",
        "created_at",
        "author_id",
        "author_handle",
        "text",
        "parent_id",
        "root_id",
        "likes",
        "replies",
        "url",
        "extra",
        "promoted",
    ]
    [row] = rows(
        store, f"SELECT {', '.join(columns)} FROM items WHERE platform = 'instagram' AND id = ?", item_id
    )
    return dict(zip(columns, row, strict=True))


def _check_media(item: dict[str, Any], media: dict[str, Any]) -> None:
    assert item["kind"] == "post"
    assert item["text"] == media.get("caption")
    assert item["created_at"] == parse_time(media.get("timestamp"))
    assert (item["likes"], item["replies"]) == (media.get("like_count"), media.get("comments_count"))
    assert item["url"] == media.get("permalink")
    assert orjson.loads(item["extra"])["media_type"] == media["media_type"]


def _load(folder: Path, name: str) -> Any:
    return orjson.loads((folder / name).read_bytes())


# files whose media and comments share no id (values of a shared id differ between files: the later
# observation wins on upsert), imported together
VALUE_FILES = (
    "users/medias_p1.json",
    "users/medias_p2.json",
    "hashtags/hashtag_top_medias_p1.json",
    "discovery/medias_p1.json",
    "medias/comments_p1.json",
    "users/live_medias.json",
    "users/mentioned_comment.json",
    "users/user_fields.json",
    "medias/insights.json",
)
MORE_VALUE_FILES = ("medias/media_default.json", "comments/comments_fields.json")


def test_real_instagram_values(shared_data, store):
    folder = _folder(shared_data)
    if not all((folder / name).is_file() for name in VALUE_FILES + MORE_VALUE_FILES):
        pytest.skip("Instagram fixtures changed")
    summary = import_paths(store, *(folder / name for name in VALUE_FILES))
    assert summary.counts[str(folder / "medias/insights.json")].skipped == len(
        _load(folder, "medias/insights.json")["data"]
    )

    for name in ("users/medias_p1.json", "users/medias_p2.json"):
        page = _load(folder, name)
        link = page["paging"].get("next") or page["paging"]["previous"]
        owner = re.search(r"/v[\d.]+/(\d+)/media", link).group(1)  # the user whose media these are
        for media in page["data"]:
            item = _item(store, media["id"])
            _check_media(item, media)
            assert item["author_id"] == owner

    top = _load(folder, "hashtags/hashtag_top_medias_p1.json")
    hashtag = re.search(r"/v[\d.]+/(\d+)/top_media", top["paging"]["next"]).group(1)
    for media in top["data"]:
        item = _item(store, media["id"])
        _check_media(item, media)
        assert orjson.loads(item["extra"])["hashtag_id"] == hashtag

    discovery = _load(folder, "discovery/medias_p1.json")
    for media in discovery["business_discovery"]["media"]["data"]:
        item = _item(store, media["id"])
        _check_media(item, media)
        assert item["author_id"] == discovery["business_discovery"]["id"]

    comments = _load(folder, "medias/comments_p1.json")
    media_id = re.search(r"/v[\d.]+/(\d+)/comments", comments["paging"]["next"]).group(1)
    for comment in comments["data"]:
        item = _item(store, comment["id"])
        assert (item["kind"], item["parent_id"], item["root_id"]) == ("reply", media_id, media_id)
        assert (item["text"], item["created_at"]) == (comment["text"], parse_time(comment["timestamp"]))

    for media in _load(folder, "users/live_medias.json")["data"]:
        item = _item(store, media["id"])
        assert (item["author_id"], item["author_handle"]) == (media["owner"]["id"], media["username"])

    mentioned = _load(folder, "users/mentioned_comment.json")
    item = _item(store, mentioned["mentioned_comment"]["id"])
    assert (item["kind"], orjson.loads(item["extra"])["mentioned_user_id"]) == ("reply", mentioned["id"])

    user = _load(folder, "users/user_fields.json")
    found = rows(
        store,
        "SELECT handle, followers, posts, description FROM authors WHERE platform = 'instagram' AND id = ?",
        user["id"],
    )
    assert (user["username"], user["followers_count"], user["media_count"], user["biography"]) in found

    store.con.execute("DELETE FROM items")
    import_paths(store, *(folder / name for name in MORE_VALUE_FILES))
    album = _load(folder, "medias/media_default.json")
    extra = orjson.loads(_item(store, album["id"])["extra"])
    assert [c["id"] for c in extra["children"]] == [c["id"] for c in album["children"]["data"]]
    for comment in _load(folder, "comments/comments_fields.json").values():
        item = _item(store, comment["id"])
        assert (item["author_handle"], item["likes"], item["text"]) == (
            comment["username"],
            comment["like_count"],
            comment["text"],
        )


# --- fuzzing ---------------------------------------------------------------------------------------------

IG_FILES = data_files("instagram")
IG_DEEP = ("list", "dict", "page", "replies")
needs_data = pytest.mark.skipif(not IG_FILES, reason=f"real data not found at {SHARED_DATA}")


@needs_data
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_broken_files_raise_only_mapping_errors(data):
    check_forced(IG_FILES, IG, data, IG_DEEP)


@needs_data
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_broken_files_import_and_every_record_is_accounted_for(store, data):
    check_imported(store, IG_FILES, data, IG_DEEP)


def test_records_carry_no_access_tokens(shared_data):
    folder = _folder(shared_data)
    for path in sorted(folder.rglob("*.json")):
        for out in outputs(IG, path.read_bytes()):
            if isinstance(out, Record):
                assert b"access_token" not in orjson.dumps(out.data), path.name
