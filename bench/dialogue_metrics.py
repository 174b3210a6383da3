"""The dialogue metrics (owned/paid/earned, who talks to whom, threads, two-way, reciprocity, customer care)
on a demo workspace, in one process, against two baselines measured in the same run:

- one warm DuckDB scan of the ``items`` columns our metrics read (the practical limit; see ``SCANNED``);
  goal: all the metrics within 10x of it;
- a straightforward pandas implementation of every metric (load those columns into a frame once, then
  vectorised masks, merges and groupbys per metric, written from the definitions in DESIGN.md and the
  metric modules' docstrings, as an analyst would in a notebook). The load is timed once and counted in
  the pandas total; each metric's pandas time excludes it.

Ours: each metric is computed on a fresh :class:`Scope` (nothing shared between metrics), then all of
them again on one Scope. Both sides are checked against each other: every row and value of each
result (per entity, media class, role pair), floats to 1e-9 relative.

How the pandas baseline reads the definitions:
- Accounts match on the lower-cased handle or native id, per platform, and a bare Mastodon account also
  matches ``user@any.host`` (the rule of ``metrics/roles.py``); an item is public when no entity's
  account wrote it, and a public author's role comes from the followers on the item.
- It loads the store's linked ``parent_*``/``shared_*`` author columns, as the engine reads them, rather
  than merging each item with its parent itself: both sides start from the same stored table.
- Listening queries (earned media) are evaluated with vectorised ``str.contains`` regular expressions
  (pyarrow strings, so RE2) over the store's normalised ``search_*`` columns, and list columns by
  ``explode`` + ``isin``; not with ``passaparola.query.matches`` per row, which is far too slow at this
  scale. That translation is checked, untimed, against ``matches`` (the Python oracle) on a sample.
- Threads: roots by climbing one reply level per round (a merge of the still-climbing items with their
  parents), so the rounds are the deepest chain. It does not treat reply cycles of bad data: an item
  still climbing after 1,000 rounds is reported.
- Business hours: a calendar of open intervals (built from local hours, as UTC), and for each time the
  business seconds before it by ``searchsorted``; an answer's business time is the difference.

Memory: strings are pyarrow-backed, lists Arrow lists, platform and kind categoricals; the frame takes
about 400 bytes a row on the demo data (about 3.7 GB for the 9.2 million rows of the 10-million-item
demo). On a 371,000-row frame the process peaked at 0.6 GB, which extrapolates to about 9 GB at 9.2
million rows (an estimate, not measured at that size).

Run: ``python bench/dialogue_metrics.py WORKSPACE`` on a workspace made by
``passaparola demo DIR --items 10_000_000`` (or ``--items N`` here builds a small one). ``--metrics
a,b`` runs a subset; ``--skip-pandas`` only our metrics and the scan.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from passaparola import workspace
from passaparola.config import Care, Entity, Settings
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope
from passaparola.query import (
    And,
    Hashtag,
    Mention,
    Not,
    Or,
    Phrase,
    Query,
    Word,
    matches,
    normalise,
    parse,
    words,
)

METRICS = (
    "media_share",
    "interactions",
    "threads",
    "two_way_rate",
    "reciprocity",
    "response_rate",
    "first_response_time",
)
#: The ``items`` columns these metrics read: what the scan reads, and what pandas loads.
COLUMNS = (
    "platform",
    "id",
    "kind",
    "created_at",
    "author_id",
    "author_handle",
    "author_followers",
    "text",
    "parent_id",
    "root_id",
    "mentions",
    "hashtags",
    "utm_mediums",
    "utm_campaigns",
    "promoted",
    "search_title",
    "search_text",
    "search_handle",
    "search_hashtags",
    "search_mentions",
    "parent_handle",
    "parent_author",
    "parent_followers",
    "shared_handle",
    "shared_author",
    "shared_followers",
)
#: The ``items`` columns our metrics read (what the engine's scans of ``items`` project, from a profile):
#: the canonical ones, and the entity columns and thread placement the store keeps per item instead of
#: the search columns the listening queries read. The scan baseline reads these.
SCANNED = (
    *(c for c in COLUMNS if c not in ("search_title", "search_handle", "search_hashtags", "search_mentions")),
    "is_question",
    "author_entity",
    "parent_entity",
    "shared_entity",
    "mentioned_entities",
    "heard_entities",
    "thread_root",
    "thread_depth",
    "thread_orphan",
)
ROLES = ("brand", "competitor", "influencer", "consumer", "public")
PUBLIC = ("influencer", "consumer", "public")
MEDIA = ("paid", "owned", "earned")
MAX_ROUNDS = 1_000
ORACLE_SAMPLE = 5_000


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


# --- loading ----------------------------------------------------------------------------------------


def _dtype(arrow_type: pa.DataType):
    """pyarrow-backed strings (NaN for null) and lists; nullable booleans; the rest as pandas does."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow", na_value=np.nan)
    if pa.types.is_list(arrow_type):
        return pd.ArrowDtype(arrow_type)
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None


def to_frame(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(types_mapper=_dtype, split_blocks=True, self_destruct=True)
    categorical = [c for c in ("platform", "kind") if c in frame.columns]
    return frame.astype(dict.fromkeys(categorical, "category"))


def load(store) -> pd.DataFrame:
    """The columns the metrics read, every item (platform and kind as categoricals)."""
    return to_frame(store.con.sql(f"SELECT {', '.join(COLUMNS)} FROM items").to_arrow_table())


# --- who is who -------------------------------------------------------------------------------------


def is_account(entity: Entity, platform: pd.Series, handle: pd.Series, author: pd.Series) -> np.ndarray:
    """Whether each author (``handle`` and ``author`` id lower-cased) is one of the entity's accounts."""
    found = np.zeros(len(platform), dtype=bool)
    for name, accounts in entity.accounts.items():
        hit = handle.isin(accounts) | author.isin(accounts)
        if name == "mastodon":
            for account in accounts:
                if "@" not in account:
                    hit |= handle.str.startswith(f"{account}@")
        found |= (platform == name).to_numpy() & hit.to_numpy(dtype=bool)
    return found


def holds(flat: pd.Series, values, index: pd.Index) -> np.ndarray:
    """Whether the list of each row of ``index`` (exploded as ``flat``) holds one of ``values``."""
    if not values:
        return np.zeros(len(index), dtype=bool)
    return index.isin(flat.index[flat.isin(list(values)).to_numpy(dtype=bool)])


def mentions_account(entity: Entity, mentioned: pd.DataFrame, index: pd.Index) -> np.ndarray:
    """Whether each row mentions one of the entity's accounts on its platform (``mentioned``: the rows'
    ``platform, mentions`` exploded)."""
    hit = np.zeros(len(mentioned), dtype=bool)
    for name, accounts in entity.accounts.items():
        handles = [a.split("@")[0] if name == "mastodon" else a for a in accounts]
        hit |= (mentioned.platform == name).to_numpy() & mentioned.mentions.isin(handles).to_numpy(dtype=bool)
    return index.isin(mentioned.index[hit])


def roles(
    settings: Settings, platform: pd.Series, handle: pd.Series, author: pd.Series, followers: pd.Series
) -> pd.Series:
    """Each author's role (``handle`` and ``author`` lower-cased); unknown followers make ``public``."""
    threshold = settings.influencer_threshold
    codes = np.where(followers >= threshold, 2, np.where(followers < threshold, 3, 4)).astype(np.int8)
    for competitor in settings.competitors:
        codes[is_account(competitor, platform, handle, author)] = 1
    if settings.brand is not None:
        codes[is_account(settings.brand, platform, handle, author)] = 0
    return pd.Series(pd.Categorical.from_codes(codes, ROLES), index=platform.index)


def author_roles(settings: Settings, items: pd.DataFrame, prefix: str = "author") -> pd.Series:
    """Roles of the items' authors (``prefix`` ``author``) or of their parents' or originals' authors
    (``parent``, ``shared``)."""
    handle = items[f"{prefix}_handle"].str.lower()
    author = items["author_id" if prefix == "author" else f"{prefix}_author"].str.lower()
    return roles(settings, items.platform, handle, author, items[f"{prefix}_followers"])


# --- listening queries --------------------------------------------------------------------------------

_W = r"\pL\pN_"
_WORD_START, _WORD_END = rf"(?:^|[^{_W}])", rf"(?:[^{_W}]|$)"
_TAG_START, _TAG_END = rf"(?:^|[^{_W}&/])", rf"(?:[^{_W}·]|$)"
_HANDLE_START = rf"(?:^|[^{_W}@/])"
_HANDLE_END = rf"(?:$|[^{_W}.\-]|[.\-](?:$|[^{_W}]))"


class Searchable:
    """A frame's normalised search columns, with its list columns exploded once."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.index = frame.index

    @cached_property
    def tags(self) -> pd.Series:
        return self.frame.search_hashtags.explode()

    @cached_property
    def mentions(self) -> pd.Series:
        return self.frame.search_mentions.explode()

    def search(self, pattern: str) -> np.ndarray:
        """Whether the regular expression matches the title or the text."""
        return self.frame.search_title.str.contains(pattern).to_numpy(
            dtype=bool
        ) | self.frame.search_text.str.contains(pattern).to_numpy(dtype=bool)


def _handle_is(handle: str, stored: pd.Series) -> np.ndarray:
    """The stored handle is the queried one, or (when the query names no server) that name on any."""
    same = stored == handle
    if "@" not in handle:
        same |= stored.str.startswith(f"{handle}@")
    return same.fillna(False).to_numpy(dtype=bool)


def listening(node: Query, items: Searchable) -> np.ndarray:
    """Whether each item matches the listening query, vectorised (see the module doc)."""
    frame = items.frame
    if isinstance(node, Word | Phrase):
        return items.search(
            _WORD_START + f"[^{_W}]+".join(re.escape(t) for t in words(node.text)) + _WORD_END
        )
    if isinstance(node, Hashtag):
        tag = normalise(node.tag)
        listed = holds(items.tags, [tag], items.index)
        in_text = items.search(_TAG_START + re.escape(f"#{tag}") + _TAG_END)
        return np.where(frame.hashtags.isna().to_numpy(), in_text, listed)
    if isinstance(node, Mention):
        handle = normalise(node.handle)
        author = _handle_is(handle, frame.search_handle)
        listed = items.index.isin(items.mentions.index[_handle_is(handle, items.mentions)])
        in_text = items.search(_HANDLE_START + re.escape(f"@{handle}") + _HANDLE_END)
        return author | np.where(frame.mentions.isna().to_numpy(), in_text, listed)
    if isinstance(node, Not):
        return ~listening(node.operand, items)
    if isinstance(node, And):
        return np.logical_and.reduce([listening(op, items) for op in node.operands])
    if isinstance(node, Or):
        return np.logical_or.reduce([listening(op, items) for op in node.operands])
    raise TypeError(node)


def oracle_check(store, settings: Settings) -> str:
    """The vectorised queries against ``passaparola.query.matches`` on a random sample of items."""
    columns = "title, text, hashtags, mentions, author_handle, " + ", ".join(
        c for c in COLUMNS if c.startswith("search_")
    )
    table = store.con.sql(
        f"SELECT {columns} FROM items USING SAMPLE reservoir({ORACLE_SAMPLE} ROWS) REPEATABLE (7)"
    ).to_arrow_table()
    rows = table.select(["title", "text", "hashtags", "mentions", "author_handle"]).to_pylist()
    sample = Searchable(to_frame(table))
    found, wrong = [], []
    for entity in settings.entities:
        if not entity.query:
            continue
        query = parse(entity.query)
        ours = listening(query, sample)
        oracle = np.array([matches(query, row) for row in rows], dtype=bool)
        found.append(f"{entity.name} {int(oracle.sum())}")
        wrong += [f"{entity.name}: {rows[i]}" for i in np.flatnonzero(ours != oracle)[:3]]
    verdict = "agree" if not wrong else "DISAGREE on " + "; ".join(wrong)
    return (
        f"listening queries, vectorised vs passaparola.query.matches on {len(rows):,} sampled items "
        f"(matches: {', '.join(found)}): {verdict}"
    )


# --- the metrics in pandas ----------------------------------------------------------------------------


def pandas_media_share(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Items per entity and media class (paid over owned over earned), and each class's share."""
    index, platform, paid = frame.index, frame.platform, settings.paid
    handle, author = frame.author_handle.str.lower(), frame.author_id.str.lower()
    owners = [is_account(e, platform, handle, author) for e in settings.entities]
    public = ~np.logical_or.reduce(owners)
    tags = frame.hashtags.explode()
    disclosed = holds(tags, paid.disclosure_hashtags, index)
    for phrase in paid.disclosure_phrases:  # in the stored normalised text, as the definition says
        disclosed |= frame.search_text.str.contains(normalise(phrase), regex=False).to_numpy(dtype=bool)
    generic = (
        frame.promoted.fillna(False).to_numpy(dtype=bool)
        | holds(frame.utm_mediums.explode(), paid.utm_mediums, index)
        | (public & disclosed)
    )
    campaign = (
        holds(tags, paid.hashtags, index)
        | holds(frame.utm_campaigns.explode(), paid.utm_campaigns, index)
        | frame.id.isin(paid.ad_ids).to_numpy(dtype=bool)
    )
    not_share = (frame.kind != "share").to_numpy()
    mentioned = frame[["platform", "mentions"]].explode("mentions")
    parent = (frame.parent_handle.str.lower(), frame.parent_author.str.lower())
    shared = (frame.shared_handle.str.lower(), frame.shared_author.str.lower())
    searchable = Searchable(frame)
    rows = []
    for entity, owned in zip(settings.entities, owners, strict=True):
        about = (
            mentions_account(entity, mentioned, index)
            | is_account(entity, platform, *parent)
            | is_account(entity, platform, *shared)
        )
        if entity.query:
            about |= listening(parse(entity.query), searchable)
        signal = not_share & ((generic | campaign) if entity is settings.brand else generic)
        media = np.select([(owned | about) & signal, owned, about], [0, 1, 2], -1)
        counts = np.bincount(media[media >= 0], minlength=3)
        rows += [(entity.name, MEDIA[i], int(counts[i])) for i in range(3) if counts[i]]
    result = pd.DataFrame(rows, columns=["entity", "media", "items"])
    return result.assign(share=result["items"] / result.groupby("entity")["items"].transform("sum"))


def pandas_interactions(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Edges by (source role, target role): replies to the parent's author, shares and quotes to the
    original's, mentions (not of oneself, nor repeating the reply's or share's target; none from a share)
    to the mentioned author, whose role comes from the latest followers seen for that handle."""
    source = author_roles(settings, frame)
    kind = frame.kind
    replied = (kind == "reply") & (frame.parent_handle.notna() | frame.parent_author.notna())
    shared = kind.isin(["share", "quote"]) & (frame.shared_handle.notna() | frame.shared_author.notna())
    edges = [
        pd.DataFrame(
            {"source_role": source[replied], "target_role": author_roles(settings, frame[replied], "parent")}
        ),
        pd.DataFrame(
            {"source_role": source[shared], "target_role": author_roles(settings, frame[shared], "shared")}
        ),
    ]
    # one row per mention (the frame's RangeIndex, as loaded, is each item's position)
    said = frame.loc[kind != "share", ["platform", "mentions"]].explode("mentions").dropna()
    said = said.assign(mentions=said.mentions.astype("str")).rename(columns={"mentions": "handle"})
    for column in ("author_handle", "parent_handle", "shared_handle"):
        said = said[said.handle.array != frame[column].str.lower().fillna("").iloc[said.index].array]
    seen = frame.loc[
        frame.author_handle.notna() & frame.author_followers.notna(),
        ["platform", "author_handle", "author_followers", "created_at"],
    ]
    seen = seen.assign(handle=seen.author_handle.str.lower())
    latest = seen.loc[
        seen.groupby(["platform", "handle"], observed=True).created_at.idxmax(),
        ["platform", "handle", "author_followers"],
    ]
    said = said.reset_index().merge(latest, on=["platform", "handle"], how="left")
    lowered = said.handle.str.lower()
    edges.append(
        pd.DataFrame(
            {
                "source_role": source.iloc[said["index"]].array,
                "target_role": roles(settings, said.platform, lowered, lowered, said.author_followers).array,
            }
        )
    )
    every = pd.concat(edges, ignore_index=True)
    counts = every.groupby(["source_role", "target_role"], observed=True).size()
    return counts.rename("interactions").reset_index()


def thread_roots(nodes: pd.DataFrame) -> tuple[pd.Series, np.ndarray, int]:
    """``root`` and ``depth`` of each item (``platform, id, parent_id``; not shares), by climbing one
    level a round; an item whose parent is not among them heads its own tree (an orphan). Also how
    many items were still climbing after ``MAX_ROUNDS`` (cycles in bad data)."""
    known = nodes[["platform", "id"]].rename(columns={"id": "parent_id"})
    linked = nodes.merge(known, on=["platform", "parent_id"], how="left", indicator=True)
    up = linked.parent_id.where((linked["_merge"] == "both") & (linked.parent_id != linked.id))
    up.index = nodes.index
    links = pd.DataFrame({"platform": nodes.platform, "id": nodes.id, "up": up})
    root, depth = nodes.id.copy(), np.zeros(len(nodes), dtype=np.int64)
    for _ in range(MAX_ROUNDS):
        climbing = up.notna().to_numpy()
        if not climbing.any():
            break
        root[climbing] = up[climbing]
        depth[climbing] += 1
        step = pd.DataFrame({"platform": nodes.platform[climbing], "id": up[climbing]}).merge(
            links, on=["platform", "id"], how="left"
        )
        up[climbing] = step.up.to_numpy()
    return root, depth, int(up.notna().sum())


def pandas_thread_table(frame: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, int]:
    """One row per reply tree (shares left out): size, depth, participants, brand involvement, two-way
    (the brand replied to a public author and one replied to the brand), multi-party."""
    items = frame[frame.kind != "share"]
    role, parent_role = author_roles(settings, items), author_roles(settings, items, "parent")
    replying = items.parent_handle.notna() | items.parent_author.notna()
    other = items.author_handle.str.lower().fillna("") != items.parent_handle.str.lower().fillna("")
    public, parent_public = role.isin(PUBLIC), parent_role.isin(PUBLIC)
    root, depth, unresolved = thread_roots(items[["platform", "id", "parent_id"]])
    facts = pd.DataFrame(
        {
            "platform": items.platform,
            "root": root,
            "depth": depth,
            "author": items.author_id.fillna(items.author_handle),
            "brand": role == "brand",
            "brand_to_public": replying & (role == "brand") & parent_public,
            "public_to_brand": replying & public & (parent_role == "brand"),
            "multi_party": replying & public & parent_public & other,
        }
    )
    per_thread = facts.groupby(["platform", "root"], observed=True).agg(
        size=("depth", "size"),
        depth=("depth", "max"),
        participants=("author", "nunique"),
        brand_involved=("brand", "any"),
        brand_to_public=("brand_to_public", "any"),
        public_to_brand=("public_to_brand", "any"),
        multi_party=("multi_party", "any"),
    )
    return per_thread.assign(two_way=per_thread.brand_to_public & per_thread.public_to_brand), unresolved


def pandas_threads(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    table, unresolved = pandas_thread_table(frame, settings)
    if unresolved:
        print(f"pandas threads: {unresolved:,} items still climbing after {MAX_ROUNDS} rounds (cycles)")
    return pd.DataFrame(
        {
            "threads": [len(table)],
            "mean_size": [table["size"].mean()],
            "mean_participants": [table.participants.mean()],
            "max_depth": [table.depth.max()],
        }
    )


def pandas_two_way_rate(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    table, _ = pandas_thread_table(frame, settings)
    involved = table[table.brand_involved]
    return pd.DataFrame(
        {
            "brand_threads": [len(involved)],
            "two_way": [involved.two_way.sum()],
            "multi_party": [involved.multi_party.sum()],
            "two_way_rate": [involved.two_way.mean()],
        }
    )


def pandas_reciprocity(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """(Brand account, public author) pairs linked by replies, and the share with replies both ways."""
    items = frame[frame.kind != "share"]
    role, parent_role = author_roles(settings, items), author_roles(settings, items, "parent")
    me = items.author_id.fillna(items.author_handle.str.lower())
    them = items.parent_author.fillna(items.parent_handle.str.lower())
    linked = me.notna() & them.notna() & (me != them)
    out = linked & (role == "brand") & parent_role.isin(PUBLIC)
    back = linked & role.isin(PUBLIC) & (parent_role == "brand")
    both = pd.concat(
        [
            pd.DataFrame(
                {"platform": items.platform[out], "brand": me[out], "person": them[out], "out": True}
            ),
            pd.DataFrame(
                {"platform": items.platform[back], "brand": them[back], "person": me[back], "out": False}
            ),
        ]
    )
    pairs = both.groupby(["platform", "brand", "person"], observed=True).out.agg(["any", "all"])
    reciprocal = pairs["any"] & ~pairs["all"]
    return pd.DataFrame(
        {"pairs": [len(pairs)], "reciprocal": [reciprocal.sum()], "reciprocity": [reciprocal.mean()]}
    )


def business_clock(care: Care, first: datetime, last: datetime) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The care hours as UTC ``opens``, ``closes`` (epoch microseconds) and the business time before
    each interval, for every day from ``first`` to ``last`` (local hours, so DST is exact)."""
    opens, closes = [], []
    day = first.date() - timedelta(days=1)
    while day <= last.date() + care.horizon + timedelta(days=1):
        if day.weekday() in care.days and day not in care.holidays:
            for start, end in care.hours:
                midnight = datetime.combine(day, clock())
                for bound, minutes in ((opens, start), (closes, end)):
                    local = (midnight + timedelta(minutes=minutes)).replace(tzinfo=care.timezone)
                    bound.append(local.astimezone(UTC))
        day += timedelta(days=1)
    opens_us = pd.DatetimeIndex(opens, dtype="datetime64[us, UTC]").asi8
    closes_us = pd.DatetimeIndex(closes, dtype="datetime64[us, UTC]").asi8
    before = np.concatenate([[0], np.cumsum(closes_us - opens_us)[:-1]])
    return opens_us, closes_us, before


def business_before(clock_: tuple[np.ndarray, np.ndarray, np.ndarray], at: np.ndarray) -> np.ndarray:
    """Business microseconds from the calendar's start to each time ``at`` (epoch microseconds)."""
    opens, closes, before = clock_
    i = np.searchsorted(opens, at, side="right") - 1
    inside = np.clip(at - opens[np.maximum(i, 0)], 0, (closes - opens)[np.maximum(i, 0)])
    return np.where(i >= 0, before[np.maximum(i, 0)] + inside, 0)


def pandas_responses(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Inbound items per entity (public replies to its items, mentions of its accounts, messages in its
    conversations) with the entity's first answer: ``answered_at``, elapsed and business seconds."""
    entities = settings.entities
    handle, author = frame.author_handle.str.lower(), frame.author_id.str.lower()
    owner = np.full(len(frame), -1, dtype=np.int64)
    for number in reversed(range(len(entities))):  # the first entity listed wins, as in the engine
        owner[is_account(entities[number], frame.platform, handle, author)] = number
    written = frame.loc[owner >= 0, ["platform", "parent_id", "root_id", "kind", "created_at"]]
    written = written.assign(entity=owner[owner >= 0])
    public = frame[owner < 0]
    columns = ["platform", "id", "created_at", "kind", "root_id"]
    parent = (public.parent_handle.str.lower(), public.parent_author.str.lower())
    mentioned = public[["platform", "mentions"]].explode("mentions")
    parts = []
    for number, entity in enumerate(entities):
        directed = is_account(entity, public.platform, *parent) | mentions_account(
            entity, mentioned, public.index
        )
        parts.append(public.loc[directed, columns].assign(entity=number))
    rooms = written.loc[written.kind == "message", ["platform", "root_id", "entity"]].dropna()
    messages = public.loc[public.kind == "message", columns].dropna(subset=["root_id"])
    parts.append(messages.merge(rooms.drop_duplicates(), on=["platform", "root_id"]))
    inbound = pd.concat(parts, ignore_index=True).drop_duplicates(["platform", "id", "entity"])
    keys = ["platform", "id", "entity"]
    replies = written.dropna(subset=["parent_id"])[["platform", "parent_id", "entity", "created_at"]]
    replies = replies.rename(columns={"parent_id": "id", "created_at": "at"})
    by_reply = inbound[[*keys, "created_at"]].merge(replies, on=keys)
    notes = written.loc[written.kind == "message", ["platform", "root_id", "entity", "created_at"]]
    notes = notes.dropna(subset=["root_id"]).rename(columns={"created_at": "at"})
    by_message = inbound.loc[inbound.kind == "message", [*keys, "root_id", "created_at"]].merge(
        notes, on=["platform", "root_id", "entity"]
    )
    answers = pd.concat([by_reply, by_message[[*keys, "created_at", "at"]]], ignore_index=True)
    answers = answers[answers["at"] >= answers.created_at]
    first = answers.groupby(keys, observed=True)["at"].min().rename("answered_at").reset_index()
    found = inbound.merge(first, on=keys, how="left")
    found["response_seconds"] = (found.answered_at - found.created_at).dt.total_seconds()
    calendar = business_clock(settings.care, frame.created_at.min(), frame.created_at.max())
    answered = found.answered_at.notna().to_numpy()
    created_us = pd.DatetimeIndex(found.created_at).as_unit("us").asi8
    answered_us = pd.DatetimeIndex(found.answered_at).as_unit("us").asi8
    business = business_before(calendar, answered_us) - business_before(calendar, created_us)
    found["business_seconds"] = np.where(answered, business / 1e6, np.nan)
    found["entity"] = found.entity.map(dict(enumerate(e.name for e in entities)))
    return found


def pandas_response_rate(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    found = pandas_responses(frame, settings)
    horizon = settings.care.horizon.total_seconds()
    found["in_time"] = found.response_seconds.notna() & (found.response_seconds <= horizon)
    return (
        found.groupby("entity")
        .agg(
            inbound=("id", "size"),
            answered=("answered_at", "count"),
            response_rate=("in_time", "mean"),
        )
        .reset_index()
    )


def pandas_first_response_time(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    found = pandas_responses(frame, settings)
    found = found[found.answered_at.notna()]
    hours = found.assign(
        response_hours=found.response_seconds / 3600, business_hours=found.business_seconds / 3600
    )
    by = hours.groupby("entity")
    return pd.DataFrame(
        {
            "answered": by.size(),
            "median_hours": by.response_hours.median(),
            "mean_hours": by.response_hours.mean(),
            "p90_hours": by.response_hours.quantile(0.9),
            "median_business_hours": by.business_hours.median(),
        }
    ).reset_index()


PANDAS = {
    "media_share": pandas_media_share,
    "interactions": pandas_interactions,
    "threads": pandas_threads,
    "two_way_rate": pandas_two_way_rate,
    "reciprocity": pandas_reciprocity,
    "response_rate": pandas_response_rate,
    "first_response_time": pandas_first_response_time,
}
#: Each result's keys (the rest are values to compare) and a short reading of the brand's value.
KEYS = {
    "media_share": ["entity", "media"],
    "interactions": ["source_role", "target_role"],
    "response_rate": ["entity"],
    "first_response_time": ["entity"],
}


#: What can make a metric's two sides differ, as far as is known (printed under a disagreement).
CAUSES = {
    "media_share": "a listening query the regular expressions read otherwise than the engine (see the "
    "oracle check above)",
    "interactions": "a handle seen twice at the same instant with different follower counts: which is "
    "the latest is arbitrary on both sides",
    "threads": "reply cycles in the data: pandas does not cut them (see its note above)",
    "two_way_rate": "reply cycles in the data: pandas does not cut them (see its note above)",
}


def brand_value(name: str, result: pd.DataFrame, settings: Settings) -> str:
    brand = settings.brand.name if settings.brand else None
    by_entity = result[result.entity == brand] if "entity" in result.columns else result
    if by_entity.empty:
        return "brand: none"
    row = by_entity.iloc[0]
    if name == "media_share":
        return "brand " + ", ".join(f"{r.media} {r.share:.4f}" for r in by_entity.itertuples())
    if name == "interactions":
        pairs = result.set_index(["source_role", "target_role"]).interactions
        return f"{int(pairs.sum()):,} edges, consumer→brand {int(pairs.get(('consumer', 'brand'), 0)):,}"
    if name == "threads":
        return f"{int(row.threads):,} threads, mean size {row.mean_size:.4f}"
    if name == "first_response_time":
        return f"brand median {row.median_hours:.4f} h"
    column = {"two_way_rate": "two_way_rate", "reciprocity": "reciprocity", "response_rate": "response_rate"}
    return f"brand {row[column[name]]:.4f}"


def differences(name: str, ours: pd.DataFrame, theirs: pd.DataFrame) -> list[str]:
    """Every row one side lacks and every value that differs (floats beyond 1e-9 relative)."""
    keys = KEYS.get(name, [])
    values = [c for c in theirs.columns if c not in keys]
    missing = [c for c in values if c not in ours.columns]
    if missing:
        return [f"our result lacks {missing}"]
    ours = ours[[*keys, *values]].copy()
    theirs = theirs.copy()
    for key in keys:
        ours[key], theirs[key] = ours[key].astype(str), theirs[key].astype(str)
    if not keys:
        ours, theirs = ours.assign(_row=0), theirs.assign(_row=0)
        keys = ["_row"]
    both = ours.merge(theirs, on=keys, how="outer", suffixes=("_ours", "_pandas"), indicator=True)
    found = []
    for row in both.to_dict("records"):
        where = " ".join(str(row[k]) for k in keys if k != "_row") or name
        if row["_merge"] != "both":
            found.append(f"{where}: only in {'ours' if row['_merge'] == 'left_only' else 'pandas'}")
            continue
        for column in values:
            a, b = float(row[f"{column}_ours"]), float(row[f"{column}_pandas"])
            if not (np.isclose(a, b, rtol=1e-9, atol=1e-9) or (np.isnan(a) and np.isnan(b))):
                found.append(f"{where} {column}: ours {a:.6g}, pandas {b:.6g}")
    return found


# --- the run ----------------------------------------------------------------------------------------


def ours_each(store, settings: Settings, names: list[str]) -> tuple[dict, dict]:
    seconds, results = {}, {}
    for name in names:
        metric = get(name)
        seconds[name], results[name] = timed(
            lambda metric=metric: compute(metric, Scope.of(store, settings), []).execute()
        )
        print(f"  ours {name}: {seconds[name]:.2f} s", file=sys.stderr, flush=True)
    return seconds, results


def ours_together(store, settings: Settings, names: list[str]) -> float:
    scope = Scope.of(store, settings)
    seconds, _ = timed(lambda: [compute(get(name), scope, []).execute() for name in names])
    return seconds


def peak_memory_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workspace", nargs="?", type=Path, help="a demo workspace (default: build one)")
    parser.add_argument("--items", type=int, default=200_000, help="items for a workspace built here")
    parser.add_argument("--metrics", help=f"a comma-separated subset of: {', '.join(METRICS)}")
    parser.add_argument("--skip-pandas", action="store_true", help="time only our metrics and the scan")
    args = parser.parse_args()
    names = list(METRICS)
    if args.metrics:
        names = [n.strip() for n in args.metrics.split(",") if n.strip()]
        unknown = [n for n in names if n not in METRICS]
        if unknown:
            parser.error(f"unknown metrics {unknown}; choose from {', '.join(METRICS)}")
    folder = args.workspace
    if folder is None:
        from passaparola.cli import demo_command

        folder = Path(tempfile.mkdtemp(prefix="pp-dialogue-")) / "ws"
        demo_command.run(folder, args.items, 7)
    ws = workspace.load(folder)
    settings = ws.settings
    for name in names:
        get(name)  # import the metric modules before timing
    scan_sql = f"SELECT count(*), sum(hash({', '.join(SCANNED)})) FROM items"
    with ws.open_store(read_only=True) as store:
        items = store.scalar("SELECT count(*) FROM items")
        threads = store.scalar("SELECT current_setting('threads')")
        store.con.execute(scan_sql).fetchall()  # warm: the metrics below run on a warm store too
        scan, _ = timed(lambda: store.con.execute(scan_sql).fetchall())
        ours, results = ours_each(store, settings, names)
        together = ours_together(store, settings, names)
    # the store is reopened for pandas: the engine's temporary tables (threads) are gone with the first
    load_seconds, frame, naive, checks, oracle = None, None, {}, {}, None
    if not args.skip_pandas:
        with ws.open_store(read_only=True) as store:
            load_seconds, frame = timed(lambda: load(store))
            if "media_share" in names:
                oracle = oracle_check(store, settings)
        for name in names:
            naive[name], result = timed(lambda name=name: PANDAS[name](frame, settings))
            print(f"  pandas {name}: {naive[name]:.2f} s", file=sys.stderr, flush=True)
            checks[name] = (differences(name, results[name], result), brand_value(name, result, settings))
    total = sum(ours.values())
    print(f"{items:,} items in the store; DuckDB threads {threads}")
    print(f"one warm DuckDB scan of the {len(SCANNED)} items columns our metrics read: {scan:.3f} s")
    print()
    print(f"{'metric':<22} {'ours s':>8} {'÷ scan':>8} {'pandas s':>9} {'pandas÷ours':>12}  check")
    for name in names:
        line = f"{name:<22} {ours[name]:>8.2f} {ours[name] / scan:>7.1f}x"
        if name in naive:
            found, value = checks[name]
            verdict = f"agree: {value}" if not found else f"DISAGREE ({len(found)}): pandas {value}"
            line += f" {naive[name]:>9.2f} {naive[name] / ours[name]:>11.1f}x  {verdict}"
        print(line)
    print(f"{'all, fresh Scope each':<22} {total:>8.2f} {total / scan:>7.1f}x   (goal <= 10x the scan)")
    print(f"{'all on one Scope':<22} {together:>8.2f} {together / scan:>7.1f}x")
    if frame is not None:
        pandas_total = load_seconds + sum(naive.values())
        size = frame.memory_usage(deep=True).sum() / 1024**3
        print(
            f"{'pandas load':<22} {load_seconds:>8.2f}           "
            f"({len(frame):,} rows x {len(frame.columns)} columns, {size:.2f} GB in memory)"
        )
        print(
            f"{'pandas total':<22} {pandas_total:>8.2f} {pandas_total / scan:>7.1f}x   "
            f"(load + metrics): {pandas_total / total:.1f}x ours (fresh Scope each), "
            f"{pandas_total / together:.1f}x ours (one Scope)"
        )
    print(f"peak memory of this process: {peak_memory_gb():.2f} GB")
    if oracle:
        print(oracle)
    for name in names:
        if name in checks and checks[name][0]:
            print(f"\n{name}: ours and pandas differ:")
            for line in checks[name][0][:20]:
                print(f"  {line}")
            if len(checks[name][0]) > 20:
                print(f"  ... and {len(checks[name][0]) - 20} more")
            print(f"  possible cause: {CAUSES.get(name, 'not known')}")


if __name__ == "__main__":
    main()
