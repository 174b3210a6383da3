"""Write simulated conversations in each platform's own export format, streaming.

- X/Twitter: API v2 pages as twarc writes them (JSONL: ``data`` + ``includes`` + ``__twarc``), from a
  monthly collection: each page holds one calendar month's tweets, retrieved at the start of the next
  month, with the authors' followers as they were then (so the store holds a snapshot of each account a
  month); direct messages are left out (they are not in the v2 search API).
- Mastodon: API statuses as streamed, one per line, with the author's followers at posting (reblogs wrap
  the original in ``reblog``; direct messages have ``visibility: direct``).
- Reddit: Pushshift-style NDJSON dumps, submissions and comments, gzip-compressed.
- YouTube: Data API v3 ``videos`` and ``commentThreads`` list responses, one page per line.
- Instagram: Graph API media pages and comment pages (with nested replies), one page per line.
- Facebook: Graph API page-feed pages with nested comments, one page per line; messages as
  conversation pages.
- Bluesky: ``getAuthorFeed``-style pages (``feed`` of ``feedViewPost``; reposts carry a ``reason``).
- RSS: the brand's blog as an RSS 2.0 feed.

Files rotate every ``per_file`` items so no single file grows without bound.
"""

from __future__ import annotations

import gzip
import html
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

from passaparola.demo.simulation import END_OBSERVED, Event, Person

_B32 = "abcdefghijklmnopqrstuvwxyz234567"


def _b32(number: int, width: int = 13) -> str:
    out = []
    for _ in range(width):
        out.append(_B32[number & 31])
        number >>= 5
    return "".join(reversed(out))


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _iso_z(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _graph_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+0000")


class _Rotating:
    """JSON Lines output split into numbered files of at most ``per_file`` items."""

    def __init__(
        self, folder: Path, stem: str, per_file: int, suffix: str = ".jsonl", compress: bool = False
    ):
        self.folder, self.stem, self.per_file, self.suffix, self.compress = (
            folder,
            stem,
            per_file,
            suffix,
            compress,
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        self.part, self.items_in_part, self.stream = 0, 0, None
        self.files: list[Path] = []

    def _open(self) -> IO[bytes]:
        self.part += 1
        path = self.folder / f"{self.stem}-{self.part:04d}{self.suffix}{'.gz' if self.compress else ''}"
        self.files.append(path)
        return gzip.open(path, "wb", compresslevel=1) if self.compress else open(path, "wb")

    def write(self, obj: Any, items: int) -> None:
        if self.stream is None or self.items_in_part >= self.per_file:
            if self.stream is not None:
                self.stream.close()
            self.stream, self.items_in_part = self._open(), 0
        self.stream.write(orjson.dumps(obj) + b"\n")
        self.items_in_part += items

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


class Writer:
    platform = ""

    def __init__(self, root: Path, per_file: int):
        self.root = root / self.platform
        self.per_file = per_file
        self.outputs: list[_Rotating] = []

    def output(self, stem: str, **kwargs: Any) -> _Rotating:
        out = _Rotating(self.root, stem, self.per_file, **kwargs)
        self.outputs.append(out)
        return out

    def add(self, events: list[Event]) -> None:
        raise TypeError(f"{type(self).__name__} writes nothing")

    def close(self) -> list[Path]:
        for out in self.outputs:
            out.close()
        return [path for out in self.outputs for path in out.files]


# --- X/Twitter API v2 (twarc) ---------------------------------------------------------------------


def _next_month(when: datetime) -> datetime:
    """The first instant (UTC) of the calendar month after ``when``'s."""
    year, month = (when.year + 1, 1) if when.month == 12 else (when.year, when.month + 1)
    return datetime(year, month, 1, tzinfo=UTC)


class TwitterV2(Writer):
    platform = "twitter"
    PAGE = 100

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.out = self.output("search")
        #: a page being filled per collection (the first instant of the month after the tweets')
        self.pages: dict[datetime, list[Event]] = {}

    def add(self, events: list[Event]) -> None:
        for event in events:
            if not event.direct:
                retrieved = _next_month(event.created_at)
                page = self.pages.setdefault(retrieved, [])
                page.append(event)
                if len(page) >= self.PAGE:
                    self._flush(retrieved)

    def _flush(self, retrieved: datetime) -> None:
        events = self.pages.pop(retrieved, [])
        if not events:
            return
        users: dict[str, dict] = {}
        included: dict[str, dict] = {}
        data = []
        for event in events:
            data.append(self._tweet(event))
            users.setdefault(self.user_id(event.author), self._user(event.author, retrieved))
            for ref in (event.parent, event.shared):
                if ref is not None and ref.platform == "twitter":
                    included.setdefault(self.tweet_id(ref), self._tweet(ref))
                    users.setdefault(self.user_id(ref.author), self._user(ref.author, retrieved))
        page = {
            "data": data,
            "includes": {"users": list(users.values()), "tweets": list(included.values())},
            "meta": {"result_count": len(data), "newest_id": data[0]["id"], "oldest_id": data[-1]["id"]},
            "__twarc": {
                "url": "https://api.twitter.com/2/tweets/search/all?query=caffeaurora",
                "version": "2.14.0",
                "retrieved_at": retrieved.isoformat(),
            },
        }
        self.out.write(page, len(data))

    @staticmethod
    def tweet_id(event: Event) -> str:
        return str(1_830_000_000_000_000_000 + event.seq)

    @staticmethod
    def user_id(person: Person) -> str:
        return str(90_000_000 + person.key)

    def _tweet(self, event: Event) -> dict[str, Any]:
        tid = self.tweet_id(event)
        text = event.text
        refs = []
        if event.kind == "share" and event.shared is not None:
            text = f"RT @{event.shared.author.handle}: {event.shared.text}"
            refs.append({"type": "retweeted", "id": self.tweet_id(event.shared)})
        elif event.parent is not None:
            refs.append({"type": "replied_to", "id": self.tweet_id(event.parent)})
        original = event.shared if event.kind == "share" and event.shared is not None else event
        tweet: dict[str, Any] = {
            "id": tid,
            "text": text,
            "created_at": _iso_z(event.created_at),
            "author_id": self.user_id(event.author),
            "conversation_id": self.tweet_id(event.root or event) if event.kind != "share" else tid,
            "lang": event.lang,
            "edit_history_tweet_ids": [tid],
            "possibly_sensitive": False,
            "reply_settings": "everyone",
            "public_metrics": {
                "retweet_count": len(original.sharers),
                "reply_count": len(original.children),
                "like_count": original.likes,
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": original.views,
            },
            "entities": self._entities(text, event),
        }
        if refs:
            tweet["referenced_tweets"] = refs
        if event.parent is not None and event.kind != "share":
            tweet["in_reply_to_user_id"] = self.user_id(event.parent.author)
        return tweet

    def _entities(self, text: str, event: Event) -> dict[str, Any]:
        entities: dict[str, Any] = {}
        tags = [
            {"start": i, "end": i + len(tag) + 1, "tag": tag}
            for tag in event.hashtags
            if (i := text.lower().find("#" + tag)) >= 0
        ]
        if tags:
            entities["hashtags"] = tags
        mentions = []
        for person in event.mentions:
            i = text.find("@" + person.handle)
            if i >= 0:
                mentions.append(
                    {
                        "start": i,
                        "end": i + len(person.handle) + 1,
                        "username": person.handle,
                        "id": self.user_id(person),
                    }
                )
        if mentions:
            entities["mentions"] = mentions
        links = [w for w in text.split() if w.startswith("https://")] + event.urls
        if links:
            entities["urls"] = [
                {"start": 0, "end": 23, "url": f"https://t.co/{_b32(zlib.crc32(u.encode()), 10)}", "expanded_url": u,
                 "display_url": u.split("//", 1)[1][:30]}
                for u in dict.fromkeys(links)
            ]  # fmt: skip
        return entities

    def _user(self, person: Person, retrieved: datetime) -> dict[str, Any]:
        return {
            "id": self.user_id(person),
            "username": person.handle,
            "name": person.name,
            "created_at": _iso_z(person.created_at),
            "verified": person.role in ("brand", "competitor"),
            "description": "",
            "public_metrics": {
                "followers_count": person.followers_at(retrieved),
                "following_count": person.following,
                "tweet_count": person.posts,
                "listed_count": 0,
            },
        }

    def close(self) -> list[Path]:
        for retrieved in sorted(self.pages):
            self._flush(retrieved)
        return super().close()


# --- Mastodon -------------------------------------------------------------------------------------

MASTODON_HOST = "social.example.it"


class Mastodon(Writer):
    platform = "mastodon"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.out = self.output("statuses")

    @staticmethod
    def status_id(event: Event) -> str:
        return str(113_000_000_000_000_000 + event.seq)

    def add(self, events: list[Event]) -> None:
        for event in events:
            self.out.write(self._status(event), 1)

    def _account(self, person: Person, when: datetime) -> dict[str, Any]:
        return {
            "id": str(109_000_000 + person.key),
            "username": person.handle,
            "acct": person.handle,
            "display_name": person.name,
            "locked": False,
            "bot": False,
            "created_at": _iso_z(person.created_at),
            "note": f"<p>{html.escape(person.name)}</p>",
            "url": f"https://{MASTODON_HOST}/@{person.handle}",
            "followers_count": person.followers_at(when),
            "following_count": person.following,
            "statuses_count": person.posts,
        }

    def _status(self, event: Event) -> dict[str, Any]:
        sid = self.status_id(event)
        if event.kind == "share" and event.shared is not None:
            body: dict[str, Any] = {"content": "", "reblog": self._status(event.shared)}
            counts = {"replies_count": 0, "reblogs_count": 0, "favourites_count": 0}
        else:
            body = {"content": self._html(event), "reblog": None}
            counts = {
                "replies_count": len(event.children),
                "reblogs_count": len(event.sharers),
                "favourites_count": event.likes,
            }
        parent = event.parent if event.kind != "share" else None
        return {
            "id": sid,
            "created_at": _iso_z(event.created_at),
            "in_reply_to_id": self.status_id(parent) if parent else None,
            "in_reply_to_account_id": str(109_000_000 + parent.author.key) if parent else None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "direct" if event.direct else "public",
            "language": event.lang,
            "uri": f"https://{MASTODON_HOST}/users/{event.author.handle}/statuses/{sid}",
            "url": f"https://{MASTODON_HOST}/@{event.author.handle}/{sid}",
            **counts,
            **body,
            "account": self._account(event.author, event.created_at),
            "media_attachments": [],
            "mentions": [
                {
                    "id": str(109_000_000 + p.key),
                    "username": p.handle,
                    "acct": p.handle,
                    "url": f"https://{MASTODON_HOST}/@{p.handle}",
                }
                for p in event.mentions
            ],
            "tags": [{"name": t, "url": f"https://{MASTODON_HOST}/tags/{t}"} for t in event.hashtags],
            "emojis": [],
            "card": None,
            "poll": None,
        }

    @staticmethod
    def _html(event: Event) -> str:
        words = []
        for word in event.text.split(" "):
            if word.startswith("@") and len(word) > 1:
                handle = html.escape(word[1:])
                words.append(
                    f'<span class="h-card"><a href="https://{MASTODON_HOST}/@{handle}" class="u-url mention">'
                    f"@<span>{handle}</span></a></span>"
                )
            elif word.startswith("#") and len(word) > 1:
                tag = html.escape(word[1:])
                words.append(
                    f'<a href="https://{MASTODON_HOST}/tags/{tag.lower()}" class="mention hashtag" rel="tag">#<span>{tag}</span></a>'
                )
            elif word.startswith("https://"):
                url = html.escape(word)
                words.append(f'<a href="{url}" rel="nofollow noopener" target="_blank">{url}</a>')
            else:
                words.append(html.escape(word))
        return f"<p>{' '.join(words)}</p>"


# --- Reddit (Pushshift dumps) -----------------------------------------------------------------------


class Reddit(Writer):
    platform = "reddit"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.submissions = self.output("RS_demo", suffix=".ndjson", compress=True)
        self.comments = self.output("RC_demo", suffix=".ndjson", compress=True)

    def add(self, events: list[Event]) -> None:
        for event in events:
            base = {
                "id": _b36(event.seq),
                "author": event.author.handle,
                "author_fullname": f"t2_{_b36(event.author.key + 1000)}",
                "created_utc": int(event.created_at.timestamp()),
                "subreddit": "italy" if event.lang == "it" else "Coffee",
                "subreddit_id": "t5_2qh4j" if event.lang == "it" else "t5_2qhze",
                "score": event.likes,
                "ups": event.likes,
                "retrieved_on": int(END_OBSERVED.timestamp()),
            }
            root = event.root or event
            slug = f"/r/{base['subreddit']}/comments/{_b36(root.seq)}/"
            if event.parent is None:
                self.submissions.write(
                    {
                        **base,
                        "name": f"t3_{base['id']}",
                        "title": event.title or event.text[:80],
                        "selftext": event.text,
                        "num_comments": _descendants(event),
                        "permalink": slug,
                        "url": f"https://www.reddit.com{slug}",
                        "is_self": True,
                        "over_18": False,
                    },
                    1,
                )
            else:
                parent = event.parent
                self.comments.write(
                    {
                        **base,
                        "name": f"t1_{base['id']}",
                        "body": event.text,
                        "link_id": f"t3_{_b36(root.seq)}",
                        "parent_id": f"t3_{_b36(parent.seq)}"
                        if parent.parent is None
                        else f"t1_{_b36(parent.seq)}",
                        "permalink": f"{slug}c/{base['id']}/",
                    },
                    1,
                )


def _descendants(event: Event) -> int:
    count, stack = 0, list(event.children)
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.children)
    return count


# --- YouTube -----------------------------------------------------------------------------------------


class YouTube(Writer):
    platform = "youtube"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.videos = self.output("videos")
        self.threads = self.output("commentThreads")

    @staticmethod
    def channel(person: Person) -> str:
        return "UC" + _b32(person.key * 7919 + 13, 22)

    def add(self, events: list[Event]) -> None:
        root = events[0]
        if root.parent is not None:
            return
        video_id = _b32(root.seq, 11)
        if root.title is None:
            root.title = root.text[:70]
        self.videos.write(
            {
                "kind": "youtube#videoListResponse",
                "items": [
                    {
                        "kind": "youtube#video",
                        "id": video_id,
                        "snippet": {
                            "publishedAt": root.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "channelId": self.channel(root.author),
                            "title": root.title,
                            "description": root.text,
                            "channelTitle": root.author.name,
                            "defaultAudioLanguage": root.lang,
                        },
                        "statistics": {
                            "viewCount": str(root.views),
                            "likeCount": str(root.likes),
                            "commentCount": str(len(events) - 1),
                        },
                    }
                ],
                "pageInfo": {"totalResults": 1, "resultsPerPage": 1},
            },
            1,
        )
        items = []
        for top in root.children:
            flat = []
            stack = list(top.children)
            while stack:
                node = stack.pop(0)
                flat.append(node)
                stack.extend(node.children)
            top_id = "Ug" + _b32(top.seq, 20)
            thread = {
                "kind": "youtube#commentThread",
                "id": top_id,
                "snippet": {
                    "channelId": self.channel(root.author),
                    "videoId": video_id,
                    "topLevelComment": self._comment(top, top_id, video_id, None),
                    "canReply": True,
                    "totalReplyCount": len(flat),
                    "isPublic": True,
                },
            }
            if flat:
                thread["replies"] = {
                    "comments": [
                        self._comment(r, f"{top_id}.{_b32(r.seq, 12)}", video_id, top_id) for r in flat
                    ]
                }
            items.append(thread)
        if items:
            self.threads.write(
                {
                    "kind": "youtube#commentThreadListResponse",
                    "items": items,
                    "pageInfo": {"totalResults": len(items)},
                },
                len(items) + sum(len(i.get("replies", {}).get("comments", [])) for i in items),
            )

    def _comment(self, event: Event, comment_id: str, video_id: str, parent: str | None) -> dict[str, Any]:
        snippet = {
            "channelId": self.channel(event.root.author if event.root else event.author),
            "videoId": video_id,
            "textDisplay": html.escape(event.text),
            "textOriginal": event.text,
            "authorDisplayName": f"@{event.author.handle}",
            "authorChannelUrl": f"http://www.youtube.com/@{event.author.handle}",
            "authorChannelId": {"value": self.channel(event.author)},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": event.likes,
            "publishedAt": event.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "updatedAt": event.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if parent:
            snippet["parentId"] = parent
        return {"kind": "youtube#comment", "id": comment_id, "snippet": snippet}


# --- Instagram and Facebook (Graph API) -----------------------------------------------------------


class Instagram(Writer):
    platform = "instagram"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.media = self.output("media")
        self.comments = self.output("comments")

    @staticmethod
    def ig_id(event: Event) -> str:
        return str(17_900_000_000_000_000 + event.seq)

    def add(self, events: list[Event]) -> None:
        root = events[0]
        if root.parent is not None:
            return
        replies = [e for e in events if e.kind in ("reply",)]
        media_id = self.ig_id(root)
        self.media.write(
            {
                "data": [
                    {
                        "id": media_id,
                        "caption": root.text,
                        "timestamp": _graph_time(root.created_at),
                        "username": root.author.handle,
                        "owner": {"id": str(17_841_400_000_000 + root.author.key)},
                        "like_count": root.likes,
                        "comments_count": len(replies),
                        "media_type": "IMAGE",
                        "media_product_type": "FEED",
                        "permalink": f"https://www.instagram.com/p/{_b32(root.seq, 11)}/",
                    }
                ],
                "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}},
            },
            1,
        )
        top = [e for e in replies if e.parent is root]
        if not top:
            return
        data = []
        for comment in top:
            nested = []
            stack = list(comment.children)
            while stack:
                node = stack.pop(0)
                nested.append(node)
                stack.extend(node.children)
            entry = self._comment(comment, media_id)
            if nested:
                entry["replies"] = {"data": [self._comment(n, media_id) for n in nested]}
            data.append(entry)
        self.comments.write(
            {"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}}, len(replies)
        )

    def _comment(self, event: Event, media_id: str) -> dict[str, Any]:
        return {
            "id": str(18_000_000_000_000_000 + event.seq),
            "text": event.text,
            "timestamp": _graph_time(event.created_at),
            "username": event.author.handle,
            "from": {"id": str(17_841_400_000_000 + event.author.key), "username": event.author.handle},
            "like_count": event.likes,
            "media": {"id": media_id},
        }


FACEBOOK_PAGE = "104000000000"


class Facebook(Writer):
    platform = "facebook"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.feed = self.output("feed")
        self.conversations = self.output("conversations")

    @staticmethod
    def fb_id(event: Event) -> str:
        return f"{FACEBOOK_PAGE}_{event.seq}" if event.parent is None else f"{event.root.seq}_{event.seq}"

    @staticmethod
    def person(person: Person) -> dict[str, str]:
        return {"id": str(10_000_000_000 + person.key), "name": person.name}

    def add(self, events: list[Event]) -> None:
        root = events[0]
        if root.direct:
            self._conversation(events)
            return
        if root.parent is not None:
            return
        post = {
            "id": self.fb_id(root),
            "message": root.text,
            "created_time": _graph_time(root.created_at),
            "from": self.person(root.author),
            "permalink_url": f"https://www.facebook.com/{FACEBOOK_PAGE}/posts/{root.seq}",
            "shares": {"count": len(root.sharers)},
            "reactions": {"data": [], "summary": {"total_count": root.likes}},
            "is_published": True,
            "promotion_status": "active" if root.promoted else "inactive",
        }
        if root.children:
            post["comments"] = {
                "data": [self._comment(c) for c in root.children if c.kind == "reply"],
                "summary": {"total_count": sum(1 for e in events if e.kind == "reply")},
            }
        self.feed.write({"data": [post], "paging": {}}, 1 + sum(1 for e in events if e.kind == "reply"))

    def _comment(self, event: Event) -> dict[str, Any]:
        comment: dict[str, Any] = {
            "id": self.fb_id(event),
            "message": event.text,
            "created_time": _graph_time(event.created_at),
            "from": self.person(event.author),
            "like_count": event.likes,
            "comment_count": len(event.children),
        }
        if event.children:
            comment["comments"] = {"data": [self._comment(c) for c in event.children]}
        return comment

    def _conversation(self, events: list[Event]) -> None:
        root = events[0]
        messages = sorted((e for e in events if e.direct), key=lambda e: e.created_at, reverse=True)
        self.conversations.write(
            {
                "data": [
                    {
                        "id": f"t_{root.seq}",
                        "updated_time": _graph_time(messages[0].created_at),
                        "messages": {
                            "data": [
                                {
                                    "id": f"m_{m.seq}",
                                    "created_time": _graph_time(m.created_at),
                                    "from": self.person(m.author),
                                    "to": {
                                        "data": [self.person(m.parent.author if m.parent else root.author)]
                                    },
                                    "message": m.text,
                                }
                                for m in messages
                            ]
                        },
                    }
                ]
            },
            len(messages),
        )


# --- Bluesky ----------------------------------------------------------------------------------------


class Bluesky(Writer):
    platform = "bluesky"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.out = self.output("feed")

    @staticmethod
    def did(person: Person) -> str:
        return "did:plc:" + _b32(person.key * 104729 + 7, 24)

    def uri(self, event: Event) -> str:
        return f"at://{self.did(event.author)}/app.bsky.feed.post/{_b32(event.seq)}"

    def add(self, events: list[Event]) -> None:
        feed = []
        for event in events:
            if event.direct:
                continue
            if event.kind == "share" and event.shared is not None:
                feed.append(
                    {
                        "post": self._post(event.shared),
                        "reason": {
                            "$type": "app.bsky.feed.defs#reasonRepost",
                            "by": self._profile(event.author),
                            "indexedAt": _iso_z(event.created_at),
                        },
                    }
                )
            else:
                feed.append({"post": self._post(event)})
        if feed:
            self.out.write({"feed": feed, "cursor": _b32(events[0].seq)}, len(feed))

    def _profile(self, person: Person) -> dict[str, Any]:
        return {
            "did": self.did(person),
            "handle": f"{person.handle}.bsky.social",
            "displayName": person.name,
            "createdAt": _iso_z(person.created_at),
        }

    def _post(self, event: Event) -> dict[str, Any]:
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": event.text,
            "createdAt": _iso_z(event.created_at),
            "langs": [event.lang],
        }
        if event.parent is not None and event.kind != "share":
            root = event.root or event.parent
            record["reply"] = {
                "root": {"uri": self.uri(root), "cid": "bafyrei" + _b32(root.seq, 20)},
                "parent": {"uri": self.uri(event.parent), "cid": "bafyrei" + _b32(event.parent.seq, 20)},
            }
        facets = []
        encoded = event.text.encode("utf-8")
        for tag in event.hashtags:
            start = encoded.lower().find(("#" + tag).encode("utf-8"))
            if start >= 0:
                facets.append(
                    {
                        "index": {"byteStart": start, "byteEnd": start + len(tag.encode()) + 1},
                        "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
                    }
                )
        if facets:
            record["facets"] = facets
        return {
            "uri": self.uri(event),
            "cid": "bafyrei" + _b32(event.seq, 20),
            "author": self._profile(event.author),
            "record": record,
            "replyCount": len(event.children),
            "repostCount": len(event.sharers),
            "likeCount": event.likes,
            "quoteCount": 0,
            "indexedAt": _iso_z(event.created_at),
        }


# --- RSS ---------------------------------------------------------------------------------------------


class Rss(Writer):
    platform = "rss"

    def __init__(self, root: Path, per_file: int):
        super().__init__(root, per_file)
        self.root.mkdir(parents=True, exist_ok=True)
        self.entries: list[str] = []

    def add(self, events: list[Event]) -> None:
        for event in events:
            if event.parent is None and len(self.entries) < 500:
                self.entries.append(
                    "<item>"
                    f"<title>{html.escape(event.title or event.text[:60])}</title>"
                    f"<link>https://caffeaurora.example.it/blog/{event.seq}</link>"
                    f'<guid isPermaLink="false">aurora-blog-{event.seq}</guid>'
                    f"<pubDate>{event.created_at.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                    f"<dc:creator>Caffè Aurora</dc:creator>"
                    f"<description>{html.escape('<p>' + html.escape(event.text) + '</p>')}</description>"
                    "</item>"
                )

    def close(self) -> list[Path]:
        if not self.entries:
            return []
        path = self.root / "blog.xml"
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            "<title>Il blog di Caffè Aurora</title><link>https://caffeaurora.example.it/blog</link>"
            "<language>it</language><description>Storie di caffè</description>"
            + "".join(self.entries)
            + "</channel></rss>\n",
            encoding="utf-8",
        )
        return [path]


WRITERS = {w.platform: w for w in (TwitterV2, Mastodon, Reddit, YouTube, Instagram, Facebook, Bluesky, Rss)}
