"""The canonical item's normalisers: timestamps, counters, URLs, HTML, entities."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passaparola.canonical import (
    MappingError,
    canonical_url,
    count,
    hashtags_in,
    html_to_text,
    ident,
    mentions_in,
    parse_time,
    urls_in,
    utm_params,
)
from passaparola.enrich import entities


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed Aug 27 13:08:45 +0000 2008", datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC)),
        ("Wed Aug 27 15:08:45 +0200 2008", datetime(2008, 8, 27, 13, 8, 45, tzinfo=UTC)),
        ("2026-08-01T13:53:49.918Z", datetime(2026, 8, 1, 13, 53, 49, 918000, tzinfo=UTC)),
        ("2021-07-04T19:50:58+0000", datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)),
        ("2021-07-04T21:50:58+02:00", datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)),
        ("2021-07-04 19:50:58", datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)),
        (1625428258, datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)),
        (1625428258000, datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)),
        ("1625428258", datetime(2021, 7, 4, 19, 50, 58, tzinfo=UTC)),
        (None, None),
        ("", None),
    ],
)
def test_timestamps_become_utc(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    "value", ["yesterday", "Wed Foo 27 13:08:45 +0000 2008", True, [], 1e30, "2021-13-45T00:00:00Z"]
)
def test_bad_timestamps_say_what_was_expected(value):
    with pytest.raises(MappingError):
        parse_time(value)


def test_counters_keep_unknown_as_none():
    assert count(None) is None and count("") is None
    assert count(0) == 0 and count("12") == 12 and count(3.0) == 3
    for bad in (-1, "many", 2.5, True, 2**64, "¹", "٣"):
        with pytest.raises(MappingError):
            count(bad)


def test_ids_are_strings():
    assert ident(123) == "123" and ident("abc") == "abc" and ident(3.0) == "3" and ident(None) is None
    with pytest.raises(MappingError):
        ident({"id": 1})


def test_url_canonicalisation():
    assert (
        canonical_url("HTTPS://Example.COM:443/a?utm_source=x&b=1&fbclid=y#top")
        == "https://example.com/a?b=1"
    )
    assert canonical_url("http://example.com:8080/?gclid=1") == "http://example.com:8080/"
    assert canonical_url("https://shop.it/p?utm_medium=cpc&utm_campaign=estate") == "https://shop.it/p"
    assert utm_params("https://shop.it/p?utm_medium=cpc&UTM_Campaign=estate") == {
        "utm_medium": "cpc",
        "utm_campaign": "estate",
    }


@given(st.text(max_size=80))
def test_url_canonicalisation_is_idempotent_and_total(text):
    once = canonical_url("https://example.com/" + text)
    assert canonical_url(once) == once


def test_html_becomes_readable_text():
    markup = (
        '<p>Ciao <span class="h-card"><a href="https://m.s/@anna" class="u-url mention">@<span>anna</span></a>'
        "</span> &amp; tutti!</p><p>Secondo<br>paragrafo</p><script>alert(1)</script>"
    )
    assert html_to_text(markup) == "Ciao @anna & tutti!\nSecondo\nparagrafo"
    assert html_to_text("caff&egrave;") == "caffè"
    assert html_to_text(None) is None


@given(st.text(max_size=200))
def test_html_to_text_never_fails(markup):
    assert isinstance(html_to_text(markup), str)


def test_entities_from_text():
    text = "Buongiorno @CaffeAurora! #Caffè e #espresso_doppio https://Shop.it/x?utm_source=tw. mail@example.com #1"
    assert hashtags_in(text) == ["caffè", "espresso_doppio"]
    assert mentions_in(text) == ["caffeaurora"]
    assert urls_in(text) == ["https://shop.it/x"]
    assert mentions_in("@anna@mastodon.social ciao") == ["anna"]


def test_enrichment_fills_only_what_the_platform_left_unknown():
    batch = [
        {
            "text": "Grazie @anna #top https://x.it/?fbclid=1",
            "hashtags": ["given"],
            "mentions": None,
            "urls": None,
        },
        {"text": None, "hashtags": None, "mentions": None, "urls": None},
        {"text": "plain", "urls": ["HTTPS://X.IT/a?utm_medium=cpc"]},
    ]
    entities.fill(batch)
    assert batch[0]["hashtags"] == ["given"] and batch[0]["mentions"] == ["anna"]
    assert batch[0]["urls"] == ["https://x.it/"]
    assert batch[1]["hashtags"] is None  # no text: still unknown, not empty
    assert batch[2]["urls"] == ["https://x.it/a"]


def test_enrichment_keeps_utm_markers_before_canonicalising():
    batch = [
        {
            "text": "Offerta https://shop.it/p?utm_medium=Paid_Social&utm_campaign=Estate-26 e https://x.it/?utm_medium=cpc"
        },
        {"text": "niente link"},
        {"text": None, "urls": ["https://a.it/?utm_campaign=winter"]},
    ]
    entities.fill(batch)
    assert batch[0]["utm_mediums"] == ["paid_social", "cpc"] and batch[0]["utm_campaigns"] == ["estate-26"]
    assert batch[0]["urls"] == ["https://shop.it/p", "https://x.it/"]
    assert batch[1]["utm_mediums"] == [] and batch[1]["urls"] == []
    assert batch[2]["utm_campaigns"] == ["winter"] and batch[2]["urls"] == ["https://a.it/"]


def test_utm_markers_survive_the_importers(tmp_path):
    """Importers hand links over as given, so enrichment still sees their UTM markers before it
    canonicalises them (a link canonicalised by an importer would have lost them)."""
    import orjson

    from passaparola.ingest import run_import
    from passaparola.store import Store

    link = "https://Shop.example/p?utm_medium=paid_social&utm_campaign=Estate"
    tweet = {
        "id": "1", "text": "offerta", "author_id": "9", "created_at": "2026-01-01T10:00:00.000Z",
        "edit_history_tweet_ids": ["1"],
        "entities": {"urls": [{"start": 0, "end": 5, "url": "https://t.co/x", "expanded_url": link}]},
    }  # fmt: skip
    status = {
        "id": "2", "created_at": "2026-01-01T10:00:00.000Z", "content": f'<p><a href="{link}">offerta</a></p>',
        "account": {"id": "7", "username": "anna", "acct": "anna"}, "visibility": "public",
    }  # fmt: skip
    (tmp_path / "tweets.jsonl").write_bytes(orjson.dumps({"data": [tweet]}) + b"\n")
    (tmp_path / "statuses.json").write_bytes(orjson.dumps([status]))
    with Store.open(None) as store:
        run_import(store, [tmp_path])
        got = store.con.execute(
            "SELECT platform, urls, utm_mediums, utm_campaigns FROM items ORDER BY platform"
        ).fetchall()
    assert got == [
        ("mastodon", ["https://shop.example/p"], ["paid_social"], ["estate"]),
        ("twitter", ["https://shop.example/p"], ["paid_social"], ["estate"]),
    ]
