"""Topics on hand-built stores: terms of an item, hashtag counts, keyphrases, and burst detection where
one hashtag bursts on a known day and others are steady. Every figure is worked out in the comments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passaparola.cli import app
from passaparola.config import parse_settings
from passaparola.metrics.scope import Scope
from passaparola.metrics.topics import emerging_terms, hashtag_counts, item_terms, keyphrases
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG, row

DAY0 = datetime(2026, 1, 1, 12, tzinfo=UTC)  # 13:00 in Rome: the same local day


def on(day: int) -> datetime:
    return DAY0 + timedelta(days=day)


def burst_items() -> list[dict]:
    items = []

    def add(tag: str, day: int, count: int, author: str | None = None) -> None:
        for n in range(count):
            handle = author or f"{tag}{n}"
            items.append(row(f"{tag}-{day}-{n}", handle, text=f"#{tag}", hashtags=[tag], created_at=on(day)))

    for day in range(40):  # 1 to 40 January... and on to 9 February
        add("steady", day, 5)  # five items a day, every day
        add("burst", day, 12 if day == 35 else 1)  # one a day, twelve on day 35 (5 February)
    add("rare", 30, 2)  # new on day 30 (31 January), twice
    add("early", 10, 10)  # ten on day 10, before 28 days of history exist
    add("echo", 33, 8, author="bot")  # eight on day 33, all by one account
    # a share of a #burst item on day 35 repeats its words: not counted
    items.append(row("share-1", "sharer", kind="share", text="#burst", hashtags=["burst"], created_at=on(35)))
    return items


@pytest.fixture
def burst_scope(tmp_path: Path):
    with Store.open(None) as store:
        store.write(1, Batch(items=burst_items()))
        yield Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))


def test_the_burst_is_found_on_its_day_and_steady_terms_are_not(burst_scope):
    found = emerging_terms(burst_scope).execute()
    assert list(found.term) == ["#burst"]
    burst = found.iloc[0]
    # day 35: baseline days 7-34, one a day: μ = 28/28 = 1, σ = 0; spread max(0, √1, 1) = 1;
    # z = (12 − 1) / 1 = 11. #steady: μ = 5, σ = 0, z = (5 − 5) / √5 = 0 every day.
    assert burst.day.date() == date(2026, 2, 5)
    assert (burst["count"], burst.authors, burst.baseline, burst.sd, burst.z, burst.days) == (
        12,
        12,
        1,
        0,
        11,
        1,
    )


def test_minimum_support_stops_two_occurrences(burst_scope):
    # #rare on 31 January: μ = 0, spread 1, z = (2 − 0) / 1 = 2. With z ≥ 1 asked, only the minimum
    # count (5) keeps it out; with a minimum of 2 it passes.
    relaxed = emerging_terms(burst_scope, z_threshold=1).execute()
    assert "#rare" not in set(relaxed.term)
    assert "#rare" in set(
        emerging_terms(burst_scope, z_threshold=1, min_count=2, min_authors=2).execute().term
    )


def test_one_author_repeating_itself_is_not_news(burst_scope):
    # #echo: 8 items, z = 8, but one author (minimum 3)
    assert "#echo" in set(emerging_terms(burst_scope, min_authors=1).execute().term)
    assert "#echo" not in set(emerging_terms(burst_scope).execute().term)


def test_no_burst_before_a_full_baseline(burst_scope):
    # #early on day 10 scores z = 10 but day 10 − 28 is before the store's first day
    assert "#early" not in set(emerging_terms(burst_scope, min_authors=1).execute().term)


def test_an_empty_store_has_no_emerging_terms(tmp_path):
    with Store.open(None) as store:
        scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
        assert emerging_terms(scope).execute().empty


def test_a_window_keeps_its_baseline_from_before_it(burst_scope):
    # asked for 5 February only, the baseline still reads the 28 days before it
    inside = Scope(burst_scope.all_items, burst_scope.settings, *_local_days(burst_scope, 35, 36))
    assert list(emerging_terms(inside).execute().term) == ["#burst"]
    after = Scope(burst_scope.all_items, burst_scope.settings, *_local_days(burst_scope, 36, 40))
    assert emerging_terms(after).execute().empty


def test_a_word_that_bursts_only_inside_a_phrase_is_listed_as_the_phrase(tmp_path):
    # day 35, no history (μ = 0, z = count): 6 items say "ritardo consegna", so both its words and the
    # bigram count 6; "sciopero" is in 10 items, 5 "sciopero generale" and 5 "sciopero treni".
    items = [row("start", "first", text="#start", hashtags=["start"], created_at=on(0))]
    texts = ["ritardo consegna"] * 6 + ["sciopero generale"] * 5 + ["sciopero treni"] * 5
    items += [row(f"t{n}", f"author{n}", text=text, created_at=on(35)) for n, text in enumerate(texts)]
    with Store.open(None) as store:
        store.write(1, Batch(items=items))
        scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
        found = emerging_terms(scope).execute()
    # "ritardo" and "consegna" burst only inside the phrase (6 of 6 items), as do "generale" and
    # "treni" (5 of 5); each phrase holds 5 of the 10 items of "sciopero" (under 80%), so it stays
    assert dict(zip(found.term, found["count"], strict=True)) == {
        "sciopero": 10,
        "ritardo consegna": 6,
        "sciopero generale": 5,
        "sciopero treni": 5,
    }
    # "ritardo" alone in 6 items on day 30 peaks there (z = 6; on day 35 μ = 6/28, σ = 1.11,
    # z = 5.2): it is listed on its own day beside the phrase
    items += [row(f"r{n}", f"writer{n}", text="ritardo", created_at=on(30)) for n in range(6)]
    with Store.open(None) as store:
        store.write(1, Batch(items=items))
        scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
        found = emerging_terms(scope).execute()
    assert {term: day.day for term, day in zip(found.term, found.day, strict=True)} == {
        "ritardo": 31,
        "sciopero": 5,
        "ritardo consegna": 5,
        "sciopero generale": 5,
        "sciopero treni": 5,
    }


def _local_days(scope: Scope, first: int, end: int) -> tuple[datetime, datetime]:
    zone = scope.settings.timezone
    start = datetime.combine(date(2026, 1, 1) + timedelta(days=first), datetime.min.time(), zone)
    return start, start + timedelta(days=end - first)


def test_terms_of_an_item(tmp_path):
    text = "Il nuovo espresso di Caffè Aurora! https://x.com/a?b=1 @anna #gusto l'aroma"
    with Store.open(None) as store:
        store.write(1, Batch(items=[row("1", "anna", text=text, hashtags=["gusto"], created_at=DAY0)]))
        terms = item_terms(store.table("items"), "Europe/Rome").execute()
    # stop words (il, nuovo, di, l) go, the link, the handle and the hashtag's word leave the text;
    # bigrams join neighbours that are both kept: "espresso di" is no bigram, "caffè aurora" is, and
    # "aurora l'aroma" is not (the article l stands between)
    assert set(terms.term) == {"#gusto", "espresso", "caffè", "aurora", "aroma", "caffè aurora"}
    assert set(terms.day) == {(date(2026, 1, 1) - date(1970, 1, 1)).days}


def test_names_and_nouns_of_yakes_italian_list_are_terms():
    # YAKE's Italian stop words list governo, consiglio, torino, lavoro: here they are what people talk
    # about; its function words (del, di) still go, and so does a greeting (ciao), as in English
    text = "Ciao! Il consiglio comunale di Torino e il lavoro del governo"
    with Store.open(None) as store:
        store.write(1, Batch(items=[row("1", "anna", text=text, created_at=DAY0)]))
        terms = item_terms(store.table("items"), "Europe/Rome").execute()
    assert set(terms.term) == {"consiglio", "comunale", "torino", "lavoro", "governo", "consiglio comunale"}


def test_stop_words_are_those_of_the_items_language():
    # "como" is a Spanish stop word and Lake Como in Italian; "siempre" a Spanish one. With the
    # workspace's languages Italian and Spanish: the Spanish item drops both, the Italian item keeps
    # "como", and the item of unknown language drops the stop words of both languages (and English's)
    items = [
        row("es", "ana", text="Como siempre, playa", lang="es", created_at=DAY0),
        row("it", "anna", text="Lago di Como", lang="it", created_at=DAY0),
        row("xx", "ann", text="como siempre the lago", created_at=DAY0),
    ]
    with Store.open(None) as store:
        store.write(1, Batch(items=items))
        terms = item_terms(store.table("items"), "Europe/Rome", ("it", "es")).execute()
    by_item = terms.groupby("id").term.apply(set).to_dict()
    assert by_item == {"es": {"playa"}, "it": {"lago", "como"}, "xx": {"lago"}}


def test_a_title_is_read_with_the_text():
    item = row("1", "anna", title="Consigli decalcificazione?", text="Perde acqua", created_at=DAY0)
    with Store.open(None) as store:
        store.write(1, Batch(items=[item]))
        terms = item_terms(store.table("items"), "Europe/Rome").execute()
    # "consigli decalcificazione?. perde acqua": the punctuation between title and text ends the
    # phrase, so "decalcificazione perde" is no bigram
    assert set(terms.term) == {
        "consigli",
        "decalcificazione",
        "perde",
        "acqua",
        "consigli decalcificazione",
        "perde acqua",
    }


def test_hashtag_counts_per_entity(tmp_path):
    items = [
        row("1", "caffeaurora", text="#estate #gusto", hashtags=["estate", "gusto"]),
        row("2", "anna", text="@caffeaurora #gusto", hashtags=["gusto"], mentions=["caffeaurora"]),
        row("3", "anna", text="@caffeaurora #gusto", hashtags=["gusto"], mentions=["caffeaurora"]),
        row("4", "bruno", text="#gusto altrove", hashtags=["gusto"]),  # about nobody
        row("5", "carla", kind="share", shared_id="1", text="#estate #gusto", hashtags=["estate", "gusto"]),
    ]
    with Store.open(None) as store:
        store.write(1, Batch(items=items))
        scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
        brand = hashtag_counts(scope, scope.settings.brand).execute()
        everyone = hashtag_counts(scope).execute()
    # Aurora's media: 1 (owned) and 2, 3 (earned); the share 5 is left out. #gusto: 3 items by 2 authors
    assert list(brand.itertuples(index=False, name=None)) == [("gusto", 3, 2), ("estate", 1, 1)]
    # every item but the share: #gusto 4 items (1-4) by 3 authors
    assert list(everyone.itertuples(index=False, name=None)) == [("gusto", 4, 3), ("estate", 1, 1)]


def test_keyphrases_per_language_without_the_entity_name(tmp_path):
    italian = [
        "Le capsule compostabili di Aurora sono arrivate rotte",
        "Capsule compostabili introvabili a Torino, Aurora rispondete",
        "Adoro le capsule compostabili di Aurora",
        "La macchinetta Aurora perde acqua dalla guarnizione",
        "Guarnizione della macchinetta da cambiare dopo un mese",
    ]
    english = ["Aurora pods taste burnt", "Burnt taste again from Aurora pods"]
    items = [
        row(f"it{n}", f"a{n}", text=f"@caffeaurora {t}", mentions=["caffeaurora"], lang="it")
        for n, t in enumerate(italian)
    ] + [
        row(f"en{n}", f"b{n}", text=f"@caffeaurora {t}", mentions=["caffeaurora"], lang="en")
        for n, t in enumerate(english)
    ]
    with Store.open(None) as store:
        store.write(1, Batch(items=items))
        scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
        found = keyphrases(scope, scope.settings.brand, limit=5)
    # 5 Italian texts, 2 English (2/7 ≥ 10%): both languages, most items first
    assert [(k.language, k.items) for k in found] == [("it", 5), ("en", 2)]
    italian_phrases = [phrase.lower() for phrase, _ in found[0].phrases]
    assert "capsule compostabili" in italian_phrases
    assert not any("aurora" in phrase.lower() for k in found for phrase, _ in k.phrases)


WORKSPACE_TOML = """[workspace]
timezone = "Europe/Rome"

[brand]
name = "Aurora"
[brand.accounts]
twitter = ["caffeaurora"]

[[competitors]]
name = "Borealis"
[competitors.accounts]
twitter = ["borealis"]
"""


@pytest.fixture
def burst_workspace(tmp_path: Path) -> Path:
    (tmp_path / "passaparola.toml").write_text(WORKSPACE_TOML, encoding="utf-8")
    with Store.open(tmp_path / "passaparola.duckdb") as store:
        store.write(1, Batch(items=burst_items()))
    return tmp_path


def topics_cli(*args: str):
    return CliRunner().invoke(app, ["topics", *args], env={"COLUMNS": "200", "PASSAPAROLA_LANG": "en"})


def test_topics_command_shows_hashtags_and_emerging_terms(burst_workspace):
    shown = topics_cli("-w", str(burst_workspace), "-n", "2")
    # #steady 5 × 40 = 200 items by 5 authors; #burst 39 + 12 = 51 items by 12 authors
    assert shown.exit_code == 0, shown.output
    assert "#steady" in shown.output and "200" in shown.output and "#burst" in shown.output
    assert "#early" not in shown.output  # -n 2
    emerging = topics_cli(
        "-w", str(burst_workspace), "--emerging", "--from", "2026-02-01", "--to", "2026-02-10"
    )
    assert emerging.exit_code == 0, emerging.output
    line = next(line for line in emerging.output.splitlines() if "#burst" in line)
    assert line.split()[1:] == ["│", "2026-02-05", "│", "12", "│", "12", "│", "1.00", "│", "11.00", "│", "1"]
    italian = CliRunner().invoke(
        app, ["--lang", "it", "topics", "-w", str(burst_workspace), "--emerging", "--entity", "borealis"]
    )
    assert italian.exit_code == 0 and "Termini emergenti" in italian.output
    assert "Nessun termine emergente" in italian.output  # Borealis is in none of these items


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-30"], "--from '2026-02-30': expected a date like 2026-01-31"),
        (["--from", "2026-02-02", "--to", "2026-02-01"], "--from 2026-02-02 is not before --to 2026-02-01"),
        (["--entity", "Meridiana"], "--entity 'Meridiana': no brand or competitor of that name"),
    ],
)
def test_topics_command_bad_options_are_one_line(burst_workspace, args, message):
    result = topics_cli("-w", str(burst_workspace), *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2


def test_topics_help_has_an_example():
    result = CliRunner().invoke(app, ["topics", "--help"])
    assert result.exit_code == 0 and "Example: passaparola topics" in result.output
