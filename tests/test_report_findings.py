"""Report findings on tiny hand-built stores, every number worked out by hand in a comment; numbers and
unknowns as the report shows them; the generic section of a family no section claims."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import Column, Metric, Text, all_metrics, register
from passaparola.metrics.scope import Scope
from passaparola.report import build, builtin, formatting, generic
from passaparola.report.sections import Context, Table, all_sections
from passaparola.store import Batch, Store
from tests.test_metrics_activity import ITEMS as ACTIVITY_ITEMS
from tests.test_metrics_audience import SNAPSHOTS
from tests.test_metrics_engagement import ITEMS as ENGAGEMENT_ITEMS
from tests.test_metrics_engagement import SETTINGS as THREE_ENTITIES
from tests.test_metrics_engagement import counters
from tests.test_metrics_media import CONFIG, row
from tests.test_metrics_media import ITEMS as MEDIA_ITEMS
from tests.test_metrics_threads import TREE
from tests.test_metrics_ugc import ITEMS as UGC_ITEMS


def _context(
    tmp_path: Path, items: list[dict], language: str, settings: dict = CONFIG, authors: list[dict] = ()
) -> tuple[Store, Context]:
    store = Store.open(tmp_path / f"{language}.duckdb")
    store.write(1, Batch(items=[dict(item) for item in items], authors=[dict(a) for a in authors]))
    return store, Context(Scope.of(store, parse_settings(settings, tmp_path / "passaparola.toml")), language)


@pytest.fixture
def make(tmp_path: Path):
    """A context over a hand-built store (closed after the test)."""
    opened = []

    def context(items: list[dict], language: str, settings: dict = CONFIG, authors=()) -> Context:
        store, made = _context(tmp_path, items, language, settings, authors)
        opened.append(store)
        return made

    yield context
    for store in opened:
        store.close()


@pytest.fixture
def tree(tmp_path: Path):
    store, context = _context(tmp_path, TREE, "en")
    yield context
    store.close()


@pytest.fixture
def media(tmp_path: Path):
    store, context = _context(tmp_path, MEDIA_ITEMS, "it")
    yield context
    store.close()


def test_dialogue_findings(tree):
    # threads the brand joined: a1 (two-way: the brand answered anna, anna answered the brand) and b2 (the
    # brand answered dora, nobody answered the brand): 1 of 2 = 50%.
    # inbound to Aurora: a2 and a5 (replies to the brand's a1) and a4 (reply to the brand's a3); only a2
    # was answered (by a3): 1 of 3 = 33.3%. Borealis has no inbound item, so no rate to compare.
    # a3 answered a2 at the same instant: 0 hours; Borealis answered nothing: unknown, not 0.
    assert builtin._dialogue_findings(tree) == [
        "50.0% of the threads the brand joined are two-way (two-way rate: 1 of 2).",
        "Aurora answers 33.3% of inbound items within 7 days (response rate within the horizon).",
        "Median first-response time of Aurora: 0.0 h elapsed (0.0 h in business hours); competitors "
        "(elapsed): Borealis n/a.",
    ]


#: Borealis's own thread: gina replies to its post x1, Borealis answers (x3), gina answers back (x4)
BOREALIS_THREAD = [
    row("x1", "borealis"),
    row("x2", "gina", kind="reply", parent_id="x1", author_followers=10),
    row("x3", "borealis", kind="reply", parent_id="x2"),
    row("x4", "gina", kind="reply", parent_id="x3", author_followers=10),
]


def test_dialogue_compares_the_two_way_rate_with_the_best_competitor(make):
    # Aurora: 1 two-way thread of the 2 it joined (above). Borealis, measured in the brand's place: its one
    # thread x1 is two-way (it answered gina, gina answered it): 1 of 1 = 100%.
    # Borealis's inbound: x2 and x4 (replies to its items); x2 answered by x3: 1 of 2 = 50%, at once (0 h)
    found = builtin._dialogue_findings(make(TREE + BOREALIS_THREAD, "en"))
    assert found[:2] == [
        "50.0% of the threads the brand joined are two-way (two-way rate: 1 of 2); the best competitor, "
        "Borealis, reaches 100.0%.",
        "Aurora answers 33.3% of inbound items within 7 days (response rate within the horizon); Borealis "
        "answers 50.0%.",
    ]
    italian = builtin._dialogue_findings(make(TREE + BOREALIS_THREAD, "it"))
    assert italian[0] == (
        "Il 50,0% delle conversazioni a cui il brand ha partecipato è bidirezionale (tasso bidirezionale: 1 "
        "su 2); il miglior concorrente, Borealis, arriva al 100,0%."
    )


def test_engagement_findings(make):
    # account rate by followers (tests/test_metrics_engagement.py): Aurora 60 ÷ (2 posts × 2,000) = 1.5%
    # over 2 of its 3 posts (p3 has no counter); Borealis 0 ÷ 500 = 0.0%; Meridiana unknown.
    # Kaushik per post (p1, p2): replies 15 ÷ 2 = 7.5, shares 4 ÷ 2 = 2, likes 40 ÷ 2 = 20; the shares
    # counted over 2 of its 3 posts; Borealis's b1: 0 replies per post.
    # No hour of the week has 3 posts: no best hour is named.
    assert builtin._engagement_findings(make(ENGAGEMENT_ITEMS, "en", THREE_ENTITIES)) == [
        "Account engagement rate by followers (interactions ÷ posts × mean followers): Aurora 1.5%; the best "
        "competitor, Borealis, 0.0%. Aurora used 2 of 3 posts (1 without counters, 0 without followers, not "
        "used; 0 missing a counter, used as lower bounds).",
        "Per post, Aurora gets 7.50 replies (conversation rate), 2 shares (amplification rate, over the 2 of "
        "its 3 posts whose platform counts shares) and 20 likes (applause rate); Borealis's conversation rate "
        "is 0 replies per post.",
    ]
    italian = builtin._engagement_findings(make(ENGAGEMENT_ITEMS, "it", THREE_ENTITIES))
    assert italian[1] == (
        "Per post, Aurora riceve 7,50 risposte (tasso di conversazione), 2 condivisioni (tasso di "
        "amplificazione, sui 2 dei suoi 3 post la cui piattaforma conta le condivisioni) e 20 mi piace (tasso "
        "di applauso); il tasso di conversazione di Borealis è di 0 risposte per post."
    )


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 1, day, hour, tzinfo=UTC)


#: The brand's posts at four hours of the week (Rome is UTC+1 in January), 1,000 followers each:
#: Saturday 13:00 (10 Jan 12 UTC) rates 0.04, 0.05, 0.06 (median 5%); Monday 09:00 (12 Jan 8 UTC) 0.01,
#: 0.02, 0.03 (2%); Wednesday 20:00 (14 Jan 19 UTC) 0.001, 0.002, 0.003 (0.2%); Sunday 10:00 one post at
#: 0.9, too few posts to name
HOURS = [
    row(f"h{day}-{n}", "caffeaurora", created_at=_at(day, hour), author_followers=1000, **counters(likes, 0, 0, 0))
    for day, hour, rates in ((10, 12, (40, 50, 60)), (12, 8, (10, 20, 30)), (14, 19, (1, 2, 3)), (11, 9, (900,)))
    for n, likes in enumerate(rates)
]  # fmt: skip


def test_best_hours_to_post(make):
    context = make(HOURS, "en")
    found = builtin._engagement_findings(context)[-1]
    assert found == (
        "When to post: by the median engagement rate by followers of the posts of Aurora in each hour of the "
        "week with at least 3 posts (Europe/Rome), the best hours are Sat 13:00 (5.0%, 3 posts) and Mon "
        "09:00 (2.0%, 3 posts); the weakest is Wed 20:00 (0.2%, 3 posts)."
    )
    italian = builtin._engagement_findings(make(HOURS, "it"))[-1]
    assert italian.endswith("le ore migliori sono sab 13:00 (5,0%, 3 post) e lun 09:00 (2,0%, 3 post); la più "
                            "debole è mer 20:00 (0,2%, 3 post).")  # fmt: skip
    blocks = builtin._heatmap_blocks(context, context_metric("engagement_by_hour_of_week"))
    assert any(type(b).__name__ == "Chart" for b in blocks)  # the heatmap itself is drawn in test_report_html


def context_metric(name: str) -> Metric:
    from passaparola.metrics import get

    return get(name)


def test_ugc_findings(make):
    # tests/test_metrics_ugc.py: Aurora's UGC median rate 0.2 over its owned median 0.02 = 10x, with the
    # bootstrap interval 10/3 to 30 worked out there; 7x lies inside it. UGC share: 3 of its 9 items;
    # Borealis's one item (its own post u5) is not UGC: 0%. Borealis has no UGC, so no lift to compare.
    assert builtin._ugc_findings(make(UGC_ITEMS, "en")) == [
        "UGC lift (median engagement rate by followers, UGC ÷ own organic posts): what the public publishes "
        "about Aurora gets 10× the rate of its own posts (20.0% against 2.0%; 95% bootstrap interval "
        "3.33–30×; 2 UGC items and 3 own posts rated). The industry's figure of about 7× (Mavrck 2017: 6.9×) "
        "lies inside the interval.",
        "User-generated content is 33.3% of the media about Aurora (3 of 9 items: UGC share); the highest "
        "among competitors: Borealis 0.0%.",
    ]
    assert builtin._ugc_findings(make(UGC_ITEMS, "it")) == [
        "Lift UGC (tasso di engagement mediano sui follower, UGC ÷ post propri organici): ciò che il pubblico "
        "pubblica su Aurora ottiene 10 volte il tasso dei suoi post (20,0% contro 2,0%; intervallo bootstrap "
        "al 95% 3,33–30×; 2 contenuti UGC e 3 post propri valutati). Il valore del settore, circa 7× (Mavrck "
        "2017: 6,9×), è dentro l'intervallo.",
        "I contenuti generati dagli utenti sono il 33,3% dei media su Aurora (3 su 9 elementi: quota UGC); il "
        "valore più alto tra i concorrenti: Borealis 0,0%.",
    ]


def _mention(id_: str, handle: str, month: int, likes: int) -> dict:
    return row(id_, f"fan{id_}", mentions=[handle], likes=likes, author_followers=100,
               created_at=datetime(2026, month, 10, 12, tzinfo=UTC))  # fmt: skip


#: Mentions over six months (so the report's period is the month): January Aurora 3, Borealis 1; May
#: Aurora 1, Borealis 3; June 2 and 2; nobody is mentioned from February to April. Each mention of Aurora
#: has 10 likes, each of Borealis 30. The brand's own post on 1 July makes June a whole month of the
#: window (July, one day long, is not).
VOICE = [
    *(_mention(f"a{n}", "caffeaurora", month, 10) for n, month in enumerate((1, 1, 1, 5, 6, 6))),
    *(_mention(f"b{n}", "borealis", month, 30) for n, month in enumerate((1, 5, 5, 5, 6, 6))),
    row("o1", "caffeaurora", created_at=datetime(2026, 7, 1, 12, tzinfo=UTC)),
]


def test_voice_findings(make):
    # mentions 6 and 6: 50% each; interactions 60 and 180: 25% and 75%. June: 2 and 2 = 50% each; May:
    # 1 of 4 = 25% and 75%: changes +25 and −25 points
    assert builtin._voice_findings(make(VOICE, "en")) == [
        "Share of voice by mentions (items by others): Aurora 50.0%, Borealis 50.0%.",
        "Share of voice by engagement (interactions on items by others): Aurora 25.0%, Borealis 75.0%.",
        "Share of voice by mentions in the last whole month (from 2026-06-01), with the change from the month "
        "before: Aurora 50.0% (+25.0 pt); Borealis 50.0% (−25.0 pt).",
    ]
    assert builtin._voice_findings(make(VOICE, "it"))[2] == (
        "Quota di voce per menzioni nell'ultimo periodo intero (mese dal 2026-06-01), con la variazione "
        "rispetto al precedente: Aurora 50,0% (+25,0 p.p.); Borealis 50,0% (−25,0 p.p.)."
    )


def test_audience_findings(make):
    # growth (tests/test_metrics_audience.py): Aurora's twitter account from 1,000 (5 January) to 1,320
    # (20 February): +320, 32% of 1,000; its items add snapshots without a count, which are not read.
    # Borealis was seen once: no growth to compare. Activity (tests/test_metrics_activity.py) over the two
    # weeks its items span: Aurora 2 posts and 3 replies = 1 and 1.5 a week, 3 of 6 items replies; Borealis
    # 1 post a week, no reply.
    context = make(ACTIVITY_ITEMS, "en", authors=SNAPSHOTS)
    assert builtin._audience_findings(context) == [
        "Audience growth: the accounts of Aurora gained 320 followers net, 32.0% of the 1,000 they had at the "
        "start (1 of its 1 accounts observed at least twice); no competitor's account was observed twice, so "
        "their growth is unknown.",
        "Posting activity: Aurora publishes 1 posts and 1.50 replies a week; replies are 50.0% of its output "
        "(reply share). The most active competitor, Borealis: 1 posts and 0 replies a week (reply share 0.0%).",
    ]
    italian = builtin._audience_findings(make(ACTIVITY_ITEMS, "it", authors=SNAPSHOTS))
    assert italian[1] == (
        "Attività di pubblicazione: Aurora pubblica 1 post e 1,50 risposte a settimana; le risposte sono il "
        "50,0% della sua produzione (quota di risposte). Il concorrente più attivo, Borealis: 1 post e 0 "
        "risposte a settimana (quota di risposte 0,0%)."
    )


def test_audience_growth_unknown_is_said(make):
    # every account seen once: growth is unknown, and the finding says why instead of showing 0
    found = builtin._audience_findings(make(ACTIVITY_ITEMS, "en"))
    assert found[0] == (
        "Audience growth of Aurora is unknown: none of its 1 accounts was observed twice with a follower "
        "count in this window (import profiles over time to measure it)."
    )


def test_overview_findings(tree):
    # 11 items, all on 10 January 2026 (12:00 UTC, 13:00 in Rome), all on twitter; the brand wrote a1, a3
    # and b3 (3 of 11 = 27.3%), public authors the other 8 (72.7%).
    assert builtin._overview_findings(tree) == [
        "11 items from 2026-01-10 to 2026-01-10 (Europe/Rome); platforms: 1.",
        "The public (consumers, influencers and authors of unknown reach) wrote 72.7% of the items; the "
        "brand's accounts 27.3%.",
    ]


def test_media_findings_in_italian(media):
    # Aurora: owned 1, 12, 13; paid 2, 6, 11; earned 3, 4, 7, 8: 4 of 10 earned (40%), 3 owned, 3 paid.
    # Borealis: owned 9, earned 5: 1 of 2 earned (50%), the highest earned share among competitors.
    assert builtin._media_findings(media) == [
        "Dei media su Aurora, il 40,0% è guadagnato, il 30,0% di proprietà e il 30,0% a pagamento "
        "(quota di elementi).",
        "Quota di media guadagnati: Borealis arriva al 50,0%, Aurora al 40,0%.",
    ]


def test_no_items_is_said_plainly(tmp_path):
    store, context = _context(tmp_path, [], "en")
    assert builtin._overview_findings(context) == ["There are no items in this period."]
    store.close()


@pytest.mark.parametrize(
    ("value", "language", "kind", "shown"),
    [
        (None, "en", "share", "n/a"),
        (float("nan"), "it", "hours", "n.d."),
        (0.0, "en", "count", "0"),  # a known zero stays zero
        (0.125, "it", "share", "12,5%"),
        (0.0000417, "en", "share", "0.0042%"),  # two significant digits under 1%
        (12345, "it", "count", "12.345"),
        (1234.5, "en", "number", "1,234.50"),
        (14.06, "en", "hours", "14.1 h"),
        (0.0533, "it", "number", "0,053"),  # a small rate keeps two significant digits, never "0,00"
        (2.5634, "en", "number", "2.56"),
        (-0.25, "it", "points", "−25,0 p.p."),
        (0.012, "en", "points", "+1.2 pt"),
        (-0.0004, "en", "points", "0.0 pt"),
        ("caffeaurora", "en", "text", "caffeaurora"),
    ],
)
def test_values_as_shown(value, language, kind, shown):
    assert formatting.value(value, language, kind) == shown


def test_every_family_without_a_section_gets_a_generic_one(make, monkeypatch):
    from passaparola import metrics

    # a family no section knows, registered by a plug-in: the report gives it a section of its own, with
    # the metric's table (its declared column titles), a chart of its headline value and a finding naming it
    def frame(scope):
        return scope.items.mutate(entity=scope.items.author_handle)

    tasting = Metric(
        name="cups_tasted",
        title=Text("Cups tasted", "Tazze assaggiate"),
        definition=Text("Items per author.", "Elementi per autore."),
        formula="count(items)",
        source="a test",
        unit="items",
        better="higher",
        dimensions=("platform",),
        frame=frame,
        aggregate=lambda t: {"cups": t.count()},
        breakdown=("entity",),
        family="tasting",
        columns={"cups": Column(Text("Cups", "Tazze"), "count")},
        headline="cups",
    )
    monkeypatch.setattr(metrics, "_REGISTRY", dict(metrics._REGISTRY))
    register(tasting)
    sections = all_sections()
    keys = [section.key for section in sections]
    assert keys[-1] == "family-tasting"  # after every built-in family
    built_in = ["overview", "media", "interactions", "dialogue", "engagement", "ugc", "voice", "audience"]
    assert [key for key in keys if key in built_in] == built_in
    claimed = {family for section in sections for family in section.families}
    assert {metric.family for metric in all_metrics()} <= claimed
    # the brand's account wrote 2 items (a1, a3... in the tree: a1, a3, b3 = 3), anna 2 (a2, a4)
    report = build(make(TREE, "it").scope, "it", "Aurora")
    section = next(s for s in report.sections if s.key == "family-tasting")
    assert section.title == "Tasting"
    assert section.findings == []  # "caffeaurora" is not the brand's name: no brand row to state
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert list(table.columns) == ["Entità", "Tazze"]
    assert ["caffeaurora", "3"] in [list(r) for r in table.rows]
    assert any(type(b).__name__ == "Chart" for b in section.blocks)


def _shown_columns(context: Context) -> dict[str, set[str]]:
    """Every result column the built-in sections (and generic ones) show, per metric."""
    shown: dict[str, set[str]] = {}
    for section in all_sections():
        for family in section.families:
            for metric in context.metrics(family):
                frame = context.table(metric.name)
                if frame is not None:
                    shown[metric.name] = {c for c in frame.columns if not generic._is_list(frame[c])}
    return shown


def test_every_column_has_an_italian_title(make):
    from passaparola.metrics import get

    context = make(ENGAGEMENT_ITEMS + TREE[:6] + UGC_ITEMS[4:7], "it", THREE_ENTITIES)
    missing = {
        (name, column)
        for name, columns in _shown_columns(context).items()
        for column in columns
        if context.column_title(column, get(name)) == column.replace("_", " ")
    }
    assert missing == set()


def test_the_italian_report_has_no_english_headers_or_values(make):
    from html.parser import HTMLParser

    from passaparola.report import html

    context = make(ENGAGEMENT_ITEMS, "it", THREE_ENTITIES)
    page = html.render(build(context.scope, "it", "Aurora"))

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[str] = []
            self.inside = False

        def handle_starttag(self, tag, attrs):
            self.inside = tag in ("th", "td")
            if self.inside:
                self.cells.append("")

        def handle_endtag(self, tag):
            self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.cells[-1] += data

    parser = Cells()
    parser.feed(page)
    words = {"owned", "paid", "earned", "own", "others", "post", "reply", "consumer", "public"} - {"post"}
    assert not [cell for cell in parser.cells if "_" in cell or cell in words]
    assert "Formula:" in page and "n.d." in page


def test_a_window_without_posts_gives_no_finding_made_of_unknowns(tmp_path):
    """Nobody posted or answered in January 2030: nothing to compare, so no "n/a gets n/a" sentence."""
    store = Store.open(tmp_path / "empty.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ENGAGEMENT_ITEMS + TREE]))
    try:
        settings = parse_settings(THREE_ENTITIES, tmp_path / "passaparola.toml")
        context = Context(Scope.of(store, settings, date(2030, 1, 1), date(2030, 2, 1)), "en")
        found = [
            *builtin._engagement_findings(context),
            *builtin._dialogue_findings(context),
            *builtin._audience_findings(context),
        ]
        assert found, "an empty window still says something"
        assert [finding for finding in found if "n/a" in str(finding)] == []
    finally:
        store.close()
