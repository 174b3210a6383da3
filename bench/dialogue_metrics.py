"""The dialogue metrics (owned/paid/earned, who talks to whom, threads, two-way, reciprocity, customer care)
on a demo workspace, in one process, against two baselines measured in the same run:

- one DuckDB scan of the ``items`` columns these metrics read (the practical limit); goal: within 10x;
- a straightforward pandas implementation (load the columns, then merge and group in pandas) of thread
  reconstruction and of the brand's response rate, the two heaviest definitions.

Run: ``python bench/dialogue_metrics.py WORKSPACE`` on a workspace made by
``passaparola demo DIR --items 10_000_000`` (or ``--items`` here builds a small one).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from passaparola import workspace
from passaparola.metrics import compute, get
from passaparola.metrics.scope import Scope

METRICS = (
    "media_share",
    "interactions",
    "threads",
    "two_way_rate",
    "reciprocity",
    "response_rate",
    "first_response_time",
)
COLUMNS = "platform, id, kind, created_at, author_id, author_handle, author_followers, parent_id, shared_id, root_id, mentions, text"


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def pandas_threads(frame: pd.DataFrame) -> pd.Series:
    """Thread sizes the plain way: follow parent links with repeated merges until nothing moves."""
    replies = frame[frame.kind != "share"][["platform", "id", "parent_id"]]
    known = set(zip(replies.platform, replies.id, strict=True))
    parent = [
        p if (pl, p) in known and p != i else None
        for pl, i, p in zip(replies.platform, replies.id, replies.parent_id, strict=True)
    ]
    state = pd.DataFrame({"platform": replies.platform, "id": replies.id, "far": parent}).fillna(
        {"far": replies.id}
    )
    for _ in range(40):
        step = state.merge(
            state, left_on=["platform", "far"], right_on=["platform", "id"], suffixes=("", "_up")
        )
        moved = (step.far_up != step.far).any()
        state = step[["platform", "id", "far_up"]].rename(columns={"far_up": "far"})
        if not moved:
            break
    return state.groupby(["platform", "far"]).size()


def pandas_response_rate(frame: pd.DataFrame, brand: set, accounts: set) -> float:
    """The brand's response rate the plain way: public items mentioning the brand, replying to it, or
    messaging in a conversation it takes part in; answered by its first later reply (or message).
    ``brand`` and ``accounts`` are sets of (platform, handle)."""
    keys = list(zip(frame.platform, frame.author_handle.str.lower(), strict=True))
    frame = frame.assign(
        is_brand=[k in brand for k in keys],
        is_account=[k in accounts for k in keys],
    )
    by_brand = frame[frame.is_brand]
    parents = frame[["platform", "id", "is_brand"]].rename(
        columns={"id": "parent_id", "is_brand": "parent_is_brand"}
    )
    with_parent = frame.merge(parents, on=["platform", "parent_id"], how="left")
    mentions = [
        hasattr(m, "__iter__") and any((platform, h) in brand for h in m)
        for platform, m in zip(with_parent.platform, with_parent.mentions, strict=True)
    ]
    rooms = by_brand[by_brand.kind == "message"]
    brand_rooms = set(zip(rooms.platform, rooms.root_id, strict=True))
    in_room = [
        kind == "message" and (platform, root) in brand_rooms
        for platform, kind, root in zip(
            with_parent.platform, with_parent.kind, with_parent.root_id, strict=True
        )
    ]
    directed = pd.Series(mentions, index=with_parent.index) | pd.Series(in_room, index=with_parent.index)
    directed |= with_parent.parent_is_brand.fillna(False).astype(bool)
    inbound = with_parent[~with_parent.is_account & directed]
    replies = by_brand[["platform", "parent_id", "created_at"]].rename(columns={"created_at": "answered_at"})
    by_reply = inbound.merge(
        replies, left_on=["platform", "id"], right_on=["platform", "parent_id"], how="left"
    )
    messages = rooms[["platform", "root_id", "created_at"]].rename(columns={"created_at": "answered_at"})
    by_message = inbound[inbound.kind == "message"].merge(messages, on=["platform", "root_id"], how="inner")
    columns = ["platform", "id", "created_at", "answered_at"]
    matched = pd.concat([by_reply[columns], by_message[columns]])
    later = matched.answered_at.isna() | (matched.answered_at >= matched.created_at)
    matched = matched.assign(answered_at=matched.answered_at.where(later))
    first = matched.groupby(["platform", "id"]).agg(
        created_at=("created_at", "first"), answered_at=("answered_at", "min")
    )
    within = (first.answered_at - first.created_at) <= pd.Timedelta(days=7)
    return float(within.mean())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workspace", nargs="?", type=Path, help="a demo workspace (default: build one)")
    parser.add_argument("--items", type=int, default=200_000, help="items for a workspace built here")
    args = parser.parse_args()
    folder = args.workspace
    if folder is None:
        from passaparola.cli import demo_command

        folder = Path(tempfile.mkdtemp(prefix="pp-dialogue-")) / "ws"
        demo_command.run(folder, args.items, 7)
    ws = workspace.load(folder)
    with ws.open_store(read_only=True) as store:
        items = store.scalar("SELECT count(*) FROM items")
        scan, _ = timed(
            lambda: store.con.execute(f"SELECT count(*), sum(hash({COLUMNS})) FROM items").fetchall()
        )
        scope = Scope.of(store, ws.settings)
        ours, results = {}, {}
        for name in METRICS:
            ours[name], results[name] = timed(lambda name=name: compute(get(name), scope, []).execute())
        total = sum(ours.values())
        print(f"{items:,} items in the store")
        print(f"{'metric':<22} {'seconds':>9}")
        for name, seconds in ours.items():
            print(f"{name:<22} {seconds:>9.2f}")
        print(f"{'all dialogue metrics':<22} {total:>9.2f}")
        print(
            f"{'one DuckDB scan':<22} {scan:>9.2f}   all metrics take {total / scan:.1f}x the scan (goal <= 10x)"
        )
        print(flush=True)
        load, frame = timed(lambda: store.con.execute(f"SELECT {COLUMNS} FROM items").df())
    brand = {(p, h) for p, handles in ws.settings.brand.accounts.items() for h in handles}
    accounts = {
        (p, h) for entity in ws.settings.entities for p, handles in entity.accounts.items() for h in handles
    }
    naive_threads, _ = timed(lambda: pandas_threads(frame))
    naive_care, naive_rate = timed(lambda: pandas_response_rate(frame, brand, accounts))
    our_rate = results["response_rate"].set_index("entity")["response_rate"][ws.settings.brand.name]
    for label, naive, name in (
        ("pandas threads", naive_threads, "threads"),
        ("pandas response rate", naive_care, "response_rate"),
    ):
        print(
            f"{label:<22} {load + naive:>9.2f}   (load {load:.2f} s + merges); "
            f"ours {ours[name]:.2f} s: {(load + naive) / ours[name]:.1f}x faster"
        )
    print(
        f"brand response rate: ours {our_rate:.4f}, pandas {naive_rate:.4f} "
        "(pandas matches accounts by handle only; the engine also by id and Mastodon user@host)"
    )


if __name__ == "__main__":
    main()
