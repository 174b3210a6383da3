"""The labelled corpora the default model is trained and validated on, read from ``shared/data/sentiment``.

- UMSAB (XLM-T): 8 languages, train and val, labels 0/1/2 = negative/neutral/positive. Its English and
  Italian texts, like TweetEval's and SENTIPOLC's, keep some JSON escapes (``\\uXXXX``, ``\\"``) as
  written: they are read as characters (:func:`unescaped`).
- SENTIPOLC 2016 train (Italian): ``opos``/``oneg`` give positive, negative, neutral (neither) or mixed
  (both, left out: the model has no mixed class). UMSAB's Italian train and val are themselves drawn
  from SENTIPOLC train (all 2,163 of their texts are in it), so those tweets are removed first: the
  UMSAB Italian val stays unseen. The rest is split with a fixed seed into a training pool and a
  held-out slice, the stand-in for the brand's own domain in the corrections learning curve.
- TweetEval sentiment val (English), kept for evaluation only, less the tweets UMSAB English train
  shares with it.
- W-MAL (Italian word forms, CC BY-SA 4.0), and readers for the lexicons the ``[train]`` extra brings
  (VADER's format, the ``pattern`` project's XML).
"""

from __future__ import annotations

import csv
import lzma
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from passaparola.enrich.sentiment import LABELS
from passaparola.enrich.sentiment.text import normalise

#: UMSAB folder names and their ISO 639-1 codes.
UMSAB_LANGUAGES = {
    "arabic": "ar",
    "english": "en",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
}
SENTIPOLC_HELD_OUT = 0.2
SPLIT_SEED = 2016
_NOT_WORD = re.compile(r"\W+")
# a JSON string escape; read left to right, so in ``\\u2019`` the first backslash escapes the second
_JSON_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))')
_JSON_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class CorpusError(ValueError):
    """A corpus file that is missing or not in the expected form."""


@dataclass(frozen=True)
class Labelled:
    texts: list[str]
    labels: list[str]
    languages: list[str]
    #: The corpus each text comes from (``umsab``, ``sentipolc``, ``tweeteval``): each has its own mix
    #: of labels.
    corpora: list[str]

    def __add__(self, other: Labelled) -> Labelled:
        return Labelled(
            self.texts + other.texts,
            self.labels + other.labels,
            self.languages + other.languages,
            self.corpora + other.corpora,
        )

    def take(self, indices: np.ndarray) -> Labelled:
        return Labelled(
            [self.texts[i] for i in indices],
            [self.labels[i] for i in indices],
            [self.languages[i] for i in indices],
            [self.corpora[i] for i in indices],
        )

    def __len__(self) -> int:
        return len(self.texts)


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise CorpusError(f"{path}: file not found")
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def unescaped(text: str) -> str:
    """``text`` with the JSON string escapes that UMSAB's, TweetEval's and SENTIPOLC's tweets keep as
    written read as the characters they stand for: ``don\\u2019t``, ``one\\u002c two`` (225 of UMSAB's
    1,839 English train texts, 206 of TweetEval's 2,000), ``\\"`` (28 English and 49 Italian UMSAB
    train texts, 225 of SENTIPOLC's 7,410), ``\\\\`` and ``\\n``. So ``don’t`` is a negation, ``,`` ends a
    clause and ``\\"vergogna\\"`` is the word ``vergogna`` in quotes. A backslash before anything else
    (``\\o/``) stays as written, and so does an escaped surrogate (none of these files holds one)."""

    def character(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            return _JSON_SIMPLE[match.group(2)]
        code = int(match.group(1), 16)
        return match.group() if 0xD800 <= code < 0xE000 else chr(code)

    return _JSON_ESCAPE.sub(character, text)


def _numbered(texts_path: Path, labels_path: Path, language: str, name: str) -> Labelled:
    texts, codes = _lines(texts_path), _lines(labels_path)
    if len(texts) != len(codes):
        raise CorpusError(f"{labels_path}: {len(codes)} labels for {len(texts)} texts")
    labels = []
    for number, code in enumerate(codes, 1):
        if code.strip() not in ("0", "1", "2"):
            raise CorpusError(f"{labels_path}:{number}: expected 0, 1 or 2, got {code!r}")
        labels.append(LABELS[int(code)])
    return Labelled(
        [unescaped(t).strip() for t in texts], labels, [language] * len(texts), [name] * len(texts)
    )


def umsab(root: Path, split: str, languages: tuple[str, ...] = tuple(UMSAB_LANGUAGES.values())) -> Labelled:
    """UMSAB ``split`` (``train`` or ``val``) for the given ISO languages, in ``UMSAB_LANGUAGES`` order."""
    found = Labelled([], [], [], [])
    for folder, code in UMSAB_LANGUAGES.items():
        if code in languages:
            base = root / "xlm-t" / folder
            found = found + _numbered(base / f"{split}_text.txt", base / f"{split}_labels.txt", code, "umsab")
    return found


def tweeteval_val(root: Path) -> Labelled:
    base = root / "tweeteval"
    return _numbered(base / "val_text.txt", base / "val_labels.txt", "en", "tweeteval")


def tweeteval_val_unseen(root: Path) -> Labelled:
    """TweetEval val less the tweets UMSAB English train holds (1,430 of its 2,000: UMSAB's English is
    drawn from the same SemEval-2017 tweets), so a model trained on UMSAB train is judged on unseen text."""
    seen = {_same_tweet(text) for text in umsab(root, "train", ("en",)).texts}
    val = tweeteval_val(root)
    return val.take(
        np.array([i for i, text in enumerate(val.texts) if _same_tweet(text) not in seen], dtype=int)
    )


def sentipolc(root: Path) -> Labelled:
    """SENTIPOLC 2016 train without its mixed-polarity tweets."""
    path = root / "sentipolc2016" / "train.csv"
    if not path.is_file():
        raise CorpusError(f"{path}: file not found")
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 2):
            try:
                positive, negative = int(row["opos"]), int(row["oneg"])
            except (KeyError, TypeError, ValueError) as error:
                raise CorpusError(f"{path}:{number}: opos/oneg must be 0 or 1 ({error})") from None
            if positive and negative:
                continue
            texts.append(unescaped(row["text"]))
            labels.append("positive" if positive else "negative" if negative else "neutral")
    return Labelled(texts, labels, ["it"] * len(texts), ["sentipolc"] * len(texts))


def _same_tweet(text: str) -> str:
    return _NOT_WORD.sub("", normalise(text))


def sentipolc_split(root: Path) -> tuple[Labelled, Labelled]:
    """SENTIPOLC train less the tweets UMSAB Italian train or val holds, split with a fixed seed into
    (training pool, held-out slice of 20%)."""
    umsab_italian = umsab(root, "train", ("it",)) + umsab(root, "val", ("it",))
    seen = {_same_tweet(text) for text in umsab_italian.texts}
    complete = sentipolc(root)
    everything = complete.take(
        np.array([i for i, text in enumerate(complete.texts) if _same_tweet(text) not in seen], dtype=int)
    )
    order = np.random.default_rng(SPLIT_SEED).permutation(len(everything))
    cut = round(len(everything) * SENTIPOLC_HELD_OUT)
    return everything.take(order[cut:]), everything.take(order[:cut])


def w_mal(root: Path) -> dict[str, float]:
    """W-MAL (Italian word forms, CC BY-SA 4.0): word -> score on its own scale (about -7.4 to 7.4), the
    mean where a form is listed more than once; forms of several words are left out."""
    path = root / "lexicons-italian" / "W-MAL.tsv.xz"
    if not path.is_file():
        raise CorpusError(f"{path}: file not found")
    listed: dict[str, list[float]] = {}
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        if next(handle, None) is None:
            raise CorpusError(f"{path}: empty (expected a header line, then a word and a score per line)")
        for number, line in enumerate(handle, 2):
            word, _, score = line.rstrip("\n").partition("\t")
            try:
                value = float(score)
            except ValueError:
                raise CorpusError(f"{path}:{number}: expected a word, a tab and a score") from None
            if " " not in word:
                listed.setdefault(word.lower(), []).append(value)
    return _means(listed)


def vader_format(path: Path, separator: str = "\t") -> dict[str, float]:
    """A lexicon in VADER's format (a word, the separator, a mean rating from -4 to 4, then anything):
    word -> rating / 4, the mean where a word is listed more than once."""
    listed: dict[str, list[float]] = {}
    for number, line in enumerate(_lines(path), 1):
        word, _, rest = line.partition(separator)
        try:
            listed.setdefault(word.strip().lower(), []).append(float(rest.split("\t")[0]) / 4)
        except ValueError:
            raise CorpusError(f"{path}:{number}: expected a word, {separator!r} and a rating") from None
    return _means(listed)


def pattern_format(path: Path) -> dict[str, float]:
    """A lexicon in the ``pattern`` project's XML (``<word form=... polarity=...>``, polarity from -1 to
    1): word -> mean polarity of its listings; forms of several words are left out."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise CorpusError(f"{path}: not a pattern lexicon ({error})") from None
    listed: dict[str, list[float]] = {}
    for entry in root.iter("word"):
        form, polarity = entry.get("form"), entry.get("polarity")
        if form and polarity is not None and " " not in form:
            try:
                listed.setdefault(form.lower(), []).append(float(polarity))
            except ValueError:
                raise CorpusError(f"{path}: {form!r} has polarity {polarity!r}") from None
    return _means(listed)


def _means(listed: dict[str, list[float]]) -> dict[str, float]:
    """Each word's mean score over its listings, to 3 decimals."""
    return {word: round(float(np.mean(values)), 3) for word, values in listed.items()}
