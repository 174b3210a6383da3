"""Roles and owned/paid/earned media on a hand-built workspace, every answer worked out by hand below."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import MetricError, compute, get
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store, compress_raw

CONFIG = {
    "workspace": {"timezone": "Europe/Rome"},
    "brand": {
        "name": "Aurora",
        "accounts": {"twitter": ["caffeaurora"], "mastodon": ["caffeaurora"]},
        "query": '"caffè aurora" AND NOT boreale',
    },
    "competitors": [{"name": "Borealis", "accounts": {"twitter": ["borealis"]}}],
    "paid": {"hashtags": ["#estate"], "utm_campaigns": ["autunno"]},
    "influencers": {"threshold": 10_000},
}
JAN = datetime(2026, 1, 10, 12, tzinfo=UTC)


def row(id_: str, handle: str, **fields) -> dict:
    base = {
        "platform": "twitter",
        "id": id_,
        "kind": "post",
        "created_at": JAN,
        "author_id": f"id-{handle}",
        "author_handle": handle,
        "text": "",
        "format": "test",
        "source": "hand",
        "source_line": 1,
        "import_id": 1,
        "observed_at": JAN,
        "ingested_at": JAN,
        "raw": compress_raw({}),
    }
    base.update(fields)
    return base


ITEMS = [
    # 1 the brand's own post: owned by Aurora
    row("1", "caffeaurora", text="Buongiorno!"),
    # 2 the brand's own promoted post: paid for Aurora
    row("2", "caffeaurora", text="Offerta", promoted=True),
    # 3 a consumer mentions the brand: earned for Aurora
    row("3", "anna", text="@caffeaurora ciao", mentions=["caffeaurora"], author_followers=120),
    # 4 a reply to the brand's post 1: earned for Aurora (no mention needed)
    row("4", "bruno", kind="reply", parent_id="1", text="bello", author_followers=50),
    # 5 a share of the competitor's post 9: earned for Borealis
    row("5", "carla", kind="share", shared_id="9", text="RT", author_followers=None),
    # 6 an influencer's sponsored post about the brand: paid for Aurora (disclosure, public author)
    row("6", "dora", text="Le mie mattine con @caffeaurora #adv", mentions=["caffeaurora"], hashtags=["adv"],
        author_followers=50_000),
    # 7 a share of 6 by a consumer: the share repeats #adv but the sharer was not paid: earned
    row("7", "enzo", kind="share", shared_id="6", text="RT Le mie mattine con @caffeaurora #adv",
        mentions=["caffeaurora"], hashtags=["adv"], author_followers=10),
    # 8 matches the brand's listening query only (accents ignored): earned for Aurora
    row("8", "franco", text="Il CAFFE Aurora di stamattina", author_followers=10),
    # 9 the competitor's own post with the brand's campaign hashtag: owned for Borealis (campaigns are the brand's)
    row("9", "borealis", text="Anche noi #estate", hashtags=["estate"]),
    # 10 the query's NOT excludes it: nothing
    row("10", "gina", text="caffè aurora boreale", author_followers=10),
    # 11 a consumer's post with the brand's UTM campaign link and a mention: paid for Aurora
    row("11", "ugo", text="guarda @caffeaurora", mentions=["caffeaurora"], utm_campaigns=["autunno"],
        author_followers=10),
    # 12 the brand on Mastodon, seen as user@host: owned for Aurora
    row("12", "caffeaurora@social.example", platform="mastodon", text="ciao dal fediverso"),
    # 13 outside the window asked for in one test
    row("13", "caffeaurora", text="vecchio", created_at=datetime(2025, 12, 31, 22, 30, tzinfo=UTC)),
]  # fmt: skip
EXPECTED = {
    ("1", "Aurora"): "owned",
    ("2", "Aurora"): "paid",
    ("3", "Aurora"): "earned",
    ("4", "Aurora"): "earned",
    ("5", "Borealis"): "earned",
    ("6", "Aurora"): "paid",
    ("7", "Aurora"): "earned",
    ("8", "Aurora"): "earned",
    ("9", "Borealis"): "owned",
    ("11", "Aurora"): "paid",
    ("12", "Aurora"): "owned",
    ("13", "Aurora"): "owned",
}


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_every_item_gets_the_class_worked_out_by_hand(scope):
    from passaparola.metrics.media import classify

    got = {(r.id, r.entity): r.media for r in classify(scope).execute().itertuples()}
    assert got == EXPECTED


def test_media_share_per_entity(scope):
    frame = compute(get("media_share"), scope, []).execute()
    shares = {(r.entity, r.media): (r.items, round(r.share, 4)) for r in frame.itertuples()}
    # Aurora: owned 1, 12, 13 (3); paid 2, 6, 11 (3); earned 3, 4, 7, 8 (4): 10 in all
    assert shares[("Aurora", "owned")] == (3, 0.3)
    assert shares[("Aurora", "paid")] == (3, 0.3)
    assert shares[("Aurora", "earned")] == (4, 0.4)
    assert shares[("Borealis", "owned")] == (1, 0.5) and shares[("Borealis", "earned")] == (1, 0.5)


def test_window_is_in_local_days(scope):
    # 13 was published 2025-12-31 22:30 UTC, 23:30 in Rome: outside a window starting on 2026-01-01
    start = datetime.combine(date(2026, 1, 1), time(), scope.settings.timezone)
    frame = compute(get("media_items"), Scope(scope.all_items, scope.settings, start), []).execute()
    aurora_owned = frame[(frame.entity == "Aurora") & (frame.media == "owned")]["items"].item()
    assert aurora_owned == 2


def test_roles(scope):
    frame = compute(get("items"), scope, ["role"]).execute()
    roles = dict(zip(frame["role"], frame["items"], strict=True))
    # brand: 1, 2, 12, 13; competitor: 9; influencer: 6 (50,000); consumer: 3, 4, 7, 8, 10, 11;
    # public: 5 (followers unknown)
    assert roles == {"brand": 4, "competitor": 1, "influencer": 1, "consumer": 6, "public": 1}


def test_split_by_platform_and_month_in_the_workspace_zone(scope):
    frame = compute(get("items"), scope, ["platform", "month"]).execute()
    got = {(r.platform, r.month.strftime("%Y-%m")): r.items for r in frame.itertuples()}
    assert got == {("mastodon", "2026-01"): 1, ("twitter", "2025-12"): 1, ("twitter", "2026-01"): 11}


def test_bad_requests_are_clear(scope):
    with pytest.raises(MetricError, match="unknown metric 'nope'"):
        get("nope")
    with pytest.raises(MetricError, match="cannot be split by 'role'"):
        compute(get("media_share"), scope, ["role"])
    with pytest.raises(MetricError, match="one period at most"):
        compute(get("items"), scope, ["week", "month"])


def test_split_by_the_brands_campaigns(scope):
    frame = compute(get("media_items"), scope, ["campaign"]).execute()
    tagged = frame[frame.campaign.notna()]
    got = {(r.campaign, r.entity, r.media): r.items for r in tagged.itertuples()}
    # 9 carries #estate (Borealis's own post: owned); 11 carries the UTM campaign "autunno" (paid for Aurora)
    assert got == {("estate", "Borealis", "owned"): 1, ("autunno", "Aurora", "paid"): 1}


def test_split_by_author(scope):
    frame = compute(get("items"), scope, ["author"]).execute()
    assert dict(zip(frame.author, frame["items"], strict=True))["caffeaurora"] == 3
