"""Language enrichment: platform tags kept, the rest detected among the workspace's candidates; the
accuracy on UMSAB val, whose language is known."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola.config import DEFAULT_LANGUAGES, ConfigError, parse_settings
from passaparola.enrich.language import detect, fill, platform_tag


def test_platform_tags_are_kept_as_iso_639_1():
    assert platform_tag("pt-BR") == "pt" and platform_tag("IT") == "it" and platform_tag("en_GB") == "en"
    # Twitter's "und" (undetermined) and "qme" (media only) name no language
    assert platform_tag("und") is None and platform_tag("qme") is None and platform_tag(None) is None


def test_fill_keeps_given_tags_and_detects_the_rest():
    batch = [
        {"text": "This is clearly written in English, not in Italian.", "lang": "it"},
        {"text": "Buongiorno a tutti, oggi il caffè è davvero buonissimo!", "lang": None},
        {"text": "Guten Morgen, der Kaffee ist heute wirklich sehr gut!"},
        {"text": None},
        {"title": "Guten Morgen, der Kaffee ist heute wirklich sehr gut!", "text": None},
    ]
    fill(batch, ("it", "en", "de"))
    # the platform said Italian: kept, even though the text is English
    assert (batch[0]["lang"], batch[0]["lang_detected"]) == ("it", False)
    assert (batch[1]["lang"], batch[1]["lang_detected"]) == ("it", True)
    assert (batch[2]["lang"], batch[2]["lang_detected"]) == ("de", True)
    assert batch[3]["lang"] is None and "lang_detected" not in batch[3]
    # a title is read when there is no text, as the sentiment model reads it
    assert (batch[4]["lang"], batch[4]["lang_detected"]) == ("de", True)


def test_detection_is_restricted_to_the_candidates():
    # Spanish text with only Italian and English allowed: never answered "es"
    found = detect(["Hola amigos, ¿cómo están? Mañana vamos a la playa."], ("it", "en"))
    assert found[0] in ("it", "en", None)
    # handles and links are not language: an item of only those gets no language from them
    assert detect(["@caffeaurora https://example.com #aurora"], DEFAULT_LANGUAGES) == [None]


def test_a_single_candidate_still_detects():
    assert detect(["Oggi piove e fa freddo, resto a casa con un libro."], ("it",)) == ["it"]


@pytest.mark.parametrize(
    ("candidates", "problem"),
    [(["it", "xx"], "language.candidates[1]"), ([], "language.candidates"), ("it", "language.candidates")],
)
def test_bad_candidates_name_the_key(candidates, problem):
    with pytest.raises(ConfigError) as error:
        parse_settings({"language": {"candidates": candidates}}, Path("passaparola.toml"))
    assert error.value.key == problem


def test_sentiment_section_is_checked():
    settings = parse_settings(
        {"language": {"candidates": ["IT", "en"]}, "sentiment": {"model": "shipped"}}, Path("p.toml")
    )
    assert settings.languages == ("it", "en") and settings.sentiment_model == "shipped"
    with pytest.raises(ConfigError) as error:
        parse_settings({"sentiment": {"modle": "x"}}, Path("p.toml"))
    assert error.value.key == "sentiment.modle"


def test_accuracy_on_umsab_val(shared_data: Path):
    """Per-language accuracy among the 8 UMSAB languages (figures in docs/sentiment-model.md). UMSAB's
    Hindi is romanised (Latin-script Hinglish), which lingua's Hindi (Devanagari) model cannot know."""
    from passaparola.enrich.sentiment.corpus import umsab

    val = umsab(shared_data / "sentiment", "val")
    found = detect(val.texts, DEFAULT_LANGUAGES)
    accuracy = {}
    for language in DEFAULT_LANGUAGES:
        pairs = [(f, g) for f, g in zip(found, val.languages, strict=True) if g == language]
        accuracy[language] = sum(f == g for f, g in pairs) / len(pairs)
    assert all(accuracy[language] >= 0.94 for language in DEFAULT_LANGUAGES if language != "hi")
    assert accuracy["hi"] < 0.1
