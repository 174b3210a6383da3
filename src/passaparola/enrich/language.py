"""Language of items the platform did not tag, detected with lingua among the workspace's languages.

A platform's own tag is kept (lower-cased, region dropped: ``pt-BR`` -> ``pt``); ``lang_detected`` says
which items got their ``lang`` from detection (true), from the platform (false), or neither (null: no
title nor text, or lingua could not tell the candidates apart). Detection runs on a whole batch at once
through lingua's parallel API (Rust threads), restricted to the candidate languages: fewer candidates
are both faster and more accurate on short texts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from passaparola.enrich.sentiment import scored_text

#: ISO 639-1 codes lingua can detect.
SUPPORTED = frozenset(language.iso_code_639_1.name.lower() for language in Language.all())

_HANDLE_OR_LINK = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)[@#]\w+", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def detector(languages: tuple[str, ...]) -> LanguageDetector:
    """A lingua detector restricted to ``languages`` (ISO 639-1), built once per set."""
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    if len(codes) == 1:  # lingua needs two candidates: a text closer to the foil gets no language
        foil = IsoCode639_1.IT if codes[0] == IsoCode639_1.EN else IsoCode639_1.EN
        codes.append(foil)
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def detect(texts: Sequence[str], languages: tuple[str, ...]) -> list[str | None]:
    """The language of each text (ISO 639-1), or None where lingua cannot tell. Handles, hashtags and
    links are removed first: they are names, not language."""
    if not texts:
        return []
    cleaned = [_HANDLE_OR_LINK.sub(" ", text) for text in texts]
    found = detector(languages).detect_languages_in_parallel_of(cleaned)
    allowed = set(languages)
    codes = [None if language is None else language.iso_code_639_1.name.lower() for language in found]
    return [code if code in allowed else None for code in codes]


def platform_tag(tag: Any) -> str | None:
    """A platform's language tag as ISO 639-1 (``"pt-BR"`` -> ``"pt"``), None when it names none
    (Twitter's ``und``, ``zxx``, ``qme``… are "undetermined", not languages)."""
    if not isinstance(tag, str):
        return None
    code = tag.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else None


def fill(batch: list[dict[str, Any]], languages: tuple[str, ...]) -> None:
    """Set ``lang`` (and ``lang_detected``) on every item of the batch that has a text or a title:
    detection reads what the sentiment model reads (:func:`passaparola.enrich.sentiment.scored_text`)."""
    pending = []
    for item in batch:
        given = platform_tag(item.get("lang"))
        item["lang"] = given
        if given is not None:
            item["lang_detected"] = False
        elif (text := scored_text(item)) is not None:
            pending.append((item, text))
    found = detect([text for _, text in pending], languages)
    for (item, _), code in zip(pending, found, strict=True):
        item["lang"] = code
        item["lang_detected"] = None if code is None else True
