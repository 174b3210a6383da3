"""Cross-platform spread on hand-built items: a link's order and delays of arrival, the registry metrics,
near-duplicate text matching in Italian, Arabic and Hindi, the MinHash bands, the report section and the
command."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import ibis
import numpy as np
import pytest
from typer.testing import CliRunner

from passaparola.cli import app, output
from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics import spread as spread_module
from passaparola.metrics.scope import Scope
from passaparola.metrics.spread import (
    BANDS,
    band_keys,
    entity_named,
    link_arrivals,
    normalised,
    text_appearances,
    text_arrivals,
)
from passaparola.report import spread_section
from passaparola.report.sections import Chart, Context, Table
from passaparola.store import Batch, Store
from tests.test_graph import TOML
from tests.test_metrics_media import row

CONFIG = {"workspace": {"timezone": "Europe/Rome"}, "brand": {"name": "Bea", "accounts": {"twitter": ["b"]}}}
LINK = "https://bea.example/p/1"
OTHER = "https://bea.example/p/2"
TEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
NEWS = "la nuova miscela di caffè bea è arrivata nei negozi oggi"
ITEMS = [
    # the link on Twitter at 10:00 (by the brand), again at 11:00; Reddit at 12:30; Mastodon next day 10:00
    row("1", "b", text=f"novità {LINK}", urls=[LINK], created_at=TEN),
    row("2", "anna", text=f"guarda {LINK}", urls=[LINK], created_at=TEN.replace(hour=11)),
    row("3", "u1", platform="reddit", text=LINK, urls=[LINK], created_at=TEN.replace(hour=12, minute=30)),
    row("4", "m1", platform="mastodon", text=LINK, urls=[LINK], created_at=TEN.replace(day=3)),
    # another link that never leaves Twitter
    row("5", "b", text=OTHER, urls=[OTHER], created_at=TEN),
    # the same news on Mastodon with one word changed, and an unrelated text on Reddit
    row("6", "b", text=NEWS, created_at=TEN),
    row("7", "m2", platform="mastodon", text=NEWS.replace("negozi", "bar"), created_at=TEN.replace(hour=16)),
    row(
        "8",
        "u2",
        platform="reddit",
        text="domani sciopero dei treni regionali in tutta la lombardia purtroppo",
    ),
    # a share repeats someone's text: never a candidate for near-identical text
    row("9", "s", platform="bluesky", kind="share", text=NEWS, created_at=TEN.replace(hour=18)),
]
# Link 1 arrives on twitter (1st, delay 0), reddit (2nd, 12:30 − 10:00 = 2.5 h = 9,000 s), mastodon (3rd,
# 24 h = 86,400 s). It is the brand's: b posted it first. Link 2 stays on one platform.


@pytest.fixture
def scope(tmp_path: Path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    store.close()


def test_link_order_and_delays_worked_out_by_hand(scope):
    arrivals = link_arrivals(scope)
    got = arrivals.filter(arrivals.url == LINK).order_by("arrival").to_pyarrow().to_pylist()
    assert [(r["platform"], r["arrival"], r["delay_seconds"], r["items"]) for r in got] == [
        ("twitter", 1, 0, 2),
        ("reddit", 2, 9_000, 1),
        ("mastodon", 3, 86_400, 1),
    ]
    assert {r["platforms"] for r in got} == {3} and {r["entity"] for r in got} == {"Bea"}


def test_cross_platform_metrics(scope):
    frame = compute(get("cross_platform_links"), scope, []).execute()
    # 2 links, 1 crossed (share 0.5); the median of the one delay to a second platform is 9,000 s = 2.5 h
    columns = ["links", "cross_platform", "cross_platform_share", "median_delay_hours"]
    assert frame[columns].iloc[0].tolist() == [2, 1, 0.5, 2.5]
    by_entity = compute(get("cross_platform_links"), scope, ["entity"]).execute()
    assert by_entity.set_index("entity")["cross_platform"].to_dict() == {"Bea": 1}
    # near-identical posts: 2 clusters (the news, on twitter then mastodon 6 h later; the strike, on reddit)
    texts = compute(get("cross_platform_texts"), scope, []).execute()
    assert texts[["texts", "cross_platform", "cross_platform_share", "median_delay_hours"]].iloc[
        0
    ].tolist() == [2, 1, 0.5, 6.0]
    # items whose content crossed: by link 1, 2 (twitter), 3 (reddit), 4 (mastodon); by text 6 (twitter) and
    # 7 (mastodon). Per platform and day (Rome): twitter 3 and reddit 1 on 2 March, mastodon 7 on 2 March
    # (17:00) and 4 on 3 March
    volume = compute(get("cross_platform_items"), scope, ["platform", "day"]).execute()
    assert [(r.platform, r.day.day, r.items) for r in volume.itertuples()] == [
        ("mastodon", 2, 1),
        ("mastodon", 3, 1),
        ("reddit", 2, 1),
        ("twitter", 2, 3),
    ]
    by_via = compute(get("cross_platform_items"), scope, ["via"]).execute()
    assert by_via.set_index("via")["items"].to_dict() == {"link": 4, "text": 2}
    assert compute(get("cross_platform_items"), scope, []).execute()["items"].tolist() == [6]


def test_near_duplicate_text_with_one_word_changed_is_matched(scope):
    arrivals = text_arrivals(scope).execute().sort_values(["cluster", "arrival"])
    crossed = arrivals[arrivals.platforms >= 2]
    # one cluster on two platforms: twitter first (b, 10:00), mastodon 6 h later; the reddit text is alone
    # and the bluesky share is not a candidate
    assert crossed[["platform", "arrival", "delay_seconds"]].values.tolist() == [
        ["twitter", 1, 0.0],
        ["mastodon", 2, 21_600.0],
    ]
    assert set(crossed["entity"]) == {"Bea"} and set(crossed["text"]) == {NEWS}
    assert arrivals["cluster"].nunique() == 2


def test_short_texts_are_not_candidates(scope):
    # raising the minimum above the news text's 11 words leaves nothing to match
    assert text_arrivals(scope, min_tokens=12).count().execute() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Caffè più buono, perché? https://bea.example/x @mario.rossi", "caffe piu buono perche"),
        ("CAFE\u0301 E\u0300 PIU\u0300", "cafe e piu"),  # decomposed accents are composed, then folded
        ("مَرْحَبًا بِالْعَالَمِ، كـيف حالُك؟", "مرحبا بالعالم كيف حالك"),  # harakat and tatweel go
        ("नमस्ते दुनिया, आप कैसे हैं?", "नमस्ते दुनिया आप कैसे हैं"),  # vowel signs stay
    ],
)
def test_normalisation_keeps_every_script(text, expected):
    con = ibis.duckdb.connect()
    assert con.execute(normalised(ibis.literal(text))) == expected


IT = "Caffè più buono, perché la miscela è tostata lentamente a legna!"
AR = "القهوة الجديدة من كافيه بيا وصلت اليوم إلى كل المتاجر في المدينة"
HI = "बेआ की नई कॉफी आज से सभी दुकानों में उपलब्ध है दोस्तों"
IT_B = "caffe piu buono perche la miscela e tostata lentamente a carbone"
AR_B = AR.replace("القهوة", "القَهْوَة").replace("المتاجر", "المحلات")
SCRIPTS = [
    # Italian: without accents, one word changed: 10 words shared of 12, Jaccard 0.83
    row("i1", "b", text=IT, created_at=TEN),
    row("i2", "m3", platform="mastodon", text=IT_B, created_at=TEN.replace(hour=11)),
    # Arabic: with diacritics, one word changed: Jaccard 11/13 = 0.85
    row("a1", "b", text=AR, created_at=TEN),
    row("a2", "m4", platform="mastodon", text=AR_B, created_at=TEN.replace(hour=12)),
    # Hindi: one word changed: Jaccard 11/13; and an unrelated Hindi text on reddit
    row("h1", "b", text=HI, created_at=TEN),
    row("h2", "m5", platform="mastodon", text=HI.replace("दोस्तों", "साथियों"), created_at=TEN.replace(hour=13)),
    row("h3", "u3", platform="reddit", text="कल पूरे शहर में बारिश होगी इसलिए घर पर रहें और सुरक्षित रहें"),
]


def test_near_duplicates_in_italian_arabic_and_hindi(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in SCRIPTS]))
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    found = text_appearances(scope).execute()
    cluster = dict(zip(found["id"], found["cluster"], strict=True))
    assert (
        cluster["i1"] == cluster["i2"] and cluster["a1"] == cluster["a2"] and cluster["h1"] == cluster["h2"]
    )
    assert len({cluster["i1"], cluster["a1"], cluster["h1"], cluster["h3"]}) == 4
    delays = text_arrivals(scope).execute().set_index("platform").groupby("text")["delay_seconds"].max()
    assert delays.to_dict() == {IT: 3_600.0, AR: 7_200.0, HI: 10_800.0, SCRIPTS[-1]["text"]: 0.0}
    store.close()


def test_the_threshold_is_checked_exactly(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    words = "uno due tre quattro cinque sei"
    edge = [
        row("e1", "b", text=f"{words} sette otto", created_at=TEN),
        # 7 words shared of 10: Jaccard 0.7, the threshold: the same content
        row("e2", "m6", platform="mastodon", text=f"{words} sette nove dieci", created_at=TEN),
        # 6 shared of 10 with e1 (0.6), of 11 with e2 (0.55): different content
        row("e3", "m7", platform="reddit", text=f"{words} undici dodici", created_at=TEN),
    ]
    store.write(1, Batch(items=[dict(item) for item in edge]))
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    found = text_appearances(scope).execute().set_index("id")["cluster"]
    assert found["e1"] == found["e2"] != found["e3"]
    store.close()


def test_streaming_in_small_batches_and_big_buckets_give_the_same_clusters(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in [*ITEMS, *SCRIPTS]]))
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))

    def clusters() -> set[frozenset[str]]:
        found = text_appearances(scope).execute()
        return {frozenset(group["id"]) for _, group in found.groupby("cluster")}

    expected = clusters()
    assert {"6", "7"} in expected and {"h1", "h2"} in expected and len(expected) == 6
    # batches of 3 words: a text's words straddle batches, and are held until its last word is read
    monkeypatch.setattr(spread_module, "CHUNK", 3)
    assert clusters() == expected
    # a band key shared by more texts than BUCKET pairs each only with the first ones of the key
    monkeypatch.setattr(spread_module, "BUCKET", 1)
    assert clusters() == expected
    store.close()


def test_band_keys():
    rng = np.random.default_rng(7)
    words = rng.integers(-(2**62), 2**62, 20, dtype=np.int64)
    # the same word set, in any order, gives the same keys in every band
    number, band, key = band_keys(np.repeat([0, 1], 20), np.concatenate([words, words[::-1]]))
    assert number.tolist() == [0] * BANDS + [1] * BANDS and band.tolist() == list(range(BANDS)) * 2
    assert (key[:BANDS] == key[BANDS:]).all()

    def sharing(pairs: list[tuple[np.ndarray, np.ndarray]]) -> int:
        numbers = np.repeat(np.arange(2 * len(pairs)), [len(w) for pair in pairs for w in pair])
        _, _, keys = band_keys(numbers, np.concatenate([w for pair in pairs for w in pair]))
        keys = keys.reshape(len(pairs), 2, BANDS)
        return int((keys[:, 0, :] == keys[:, 1, :]).any(axis=1).sum())

    near, far = [], []
    for _ in range(300):
        ten = rng.integers(-(2**62), 2**62, 11, dtype=np.int64)
        near.append((ten[:10], np.r_[ten[:9], ten[10]]))  # one word of ten replaced: Jaccard 9/11
        far.append((ten[:10], rng.integers(-(2**62), 2**62, 10, dtype=np.int64)))  # nothing in common
    # a pair of similarity 9/11 shares a band with probability 1 − (1 − (9/11)^5)^25 ≈ 0.99999: all 300
    # here (the hash functions are fixed); unrelated sets share none
    assert sharing(near) == 300 and sharing(far) == 0


def test_entity_named(scope):
    assert entity_named(scope.settings, "bea").name == "Bea"
    assert entity_named(scope.settings, None) is None
    with pytest.raises(ValueError, match="unknown entity 'x'; known: Bea"):
        entity_named(scope.settings, "x")


def test_spread_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSAPAROLA_LANG", "en")
    # the console's width is fixed when first imported (by whichever test came first): pin it
    monkeypatch.setattr(output.console, "width", 250)
    (tmp_path / "passaparola.toml").write_text(TOML)
    store = Store.open(tmp_path / "passaparola.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    store.close()
    result = CliRunner().invoke(app, ["spread", "--entity", "Bea", "-w", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # 10:00 UTC is 11:00 in Rome; delays 2.5 h and 24 h
    assert "Links seen on several platforms: 1" in result.output
    assert "2026-03-02 11:00" in result.output and "reddit +2h 30m, mastodon +1d" in result.output
    assert "mastodon +6h" in result.output
    result = CliRunner().invoke(app, ["--lang", "it", "spread", "-w", str(tmp_path)])
    assert "reddit +2h 30m, mastodon +1g" in result.output
    # from 3 March only the mastodon appearance of the link is in the window: it crossed nothing
    result = CliRunner().invoke(app, ["spread", "--from", "2026-03-03", "-w", str(tmp_path)])
    assert "Links seen on several platforms: 0" in result.output


def test_report_section_worked_out_by_hand(scope):
    context = Context(scope, "en")
    # the brand's links: 2, of which 1 crossed (50.0%); median delay to a second platform 9,000 s = 2.5 h.
    # Its near-identical posts: 1 cluster (the news; the strike is u2's, not the brand's), which crossed 6 h
    # after. Nobody shares Bea's items here, so there is no amplifier finding.
    assert [context.text(f) for f in spread_section._findings(context)] == [
        "The brand's links that reached a second platform: 1 of 2 (50.0%); the median delay to the second "
        "platform was 2.5 h.",
        "Groups of the brand's near-identical posts that reached a second platform: 1 of 1 (100.0%); the "
        "median delay to the second platform was 6.0 h.",
    ]
    blocks = spread_section._render(context)
    tables = {b.columns[0]: b for b in blocks if isinstance(b, Table)}
    # the link: first on twitter at 11:00 in Rome, then reddit and mastodon with their delays, 4 items
    assert tables["Link"].rows == [(LINK, "twitter", "2026-03-02 11:00", "reddit +2h 30m, mastodon +1d", "4")]
    assert tables["Text"].rows == [(NEWS, "twitter", "2026-03-02 11:00", "mastodon +6h", "2")]
    captions = [b.caption for b in blocks if isinstance(b, Chart)]
    assert "Items whose content crossed platforms, per platform, by week" in captions


def test_report_section_in_italian_has_every_title_translated(scope):
    context = Context(scope, "it")
    blocks = spread_section._render(context)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert ["Link", "Prima su", "Quando", "Poi (ritardo)", "Elementi"] in [list(t.columns) for t in tables]
    for family in ("amplifiers", "spread"):
        for metric in context.metrics(family):
            frame = context.table(metric.name)
            for column in frame.columns:
                assert context.column_title(column, metric) != column.replace("_", " "), (metric.name, column)


def test_report_window(tmp_path):
    store = Store.open(tmp_path / "s.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    # on 3 March (Rome) only the link's mastodon appearance is in the window: nothing crossed
    context = Context(Scope.of(store, settings, date(2026, 3, 3), date(2026, 3, 4)), "en")
    assert not [b for b in spread_section._render(context) if isinstance(b, Table) and b.columns[0] == "Link"]
    store.close()
