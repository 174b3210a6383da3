"""Training and evaluating the default sentiment model, and adapting it to a workspace's corrections.

The shipped model (``passaparola sentiment train``) is fit on the UMSAB train splits of 8 languages plus
the SENTIPOLC training pool (see :mod:`passaparola.enrich.sentiment.corpus`); UMSAB val, the SENTIPOLC
held-out slice and TweetEval val are never trained on, so ``passaparola sentiment eval`` reports on them
honestly. The hyper-parameters below were chosen on a slice of UMSAB train, not on val.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from passaparola.enrich.sentiment import LABELS, corpus
from passaparola.enrich.sentiment.linear import FeatureSpace, LinearSentiment, adapt, fit, macro_f1

SEED = 13
REGULARISATION = 1.0
#: Pull towards the current weights when adapting to corrections (see :func:`linear.adapt`).
ADAPT_STRENGTH = 0.01
#: Corrections counts of the learning curve in the model card.
CURVE_SIZES = (0, 50, 100, 250, 500, 1000, 2000, 3830)


def vader_lexicon() -> Path:
    import vaderSentiment

    return Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"


def default_space(data: Path, word_bits: int = 18, char_bits: int = 18) -> FeatureSpace:
    return FeatureSpace(word_bits, char_bits, (2, 5), 1.0, corpus.lexicon(data, vader_lexicon()))


def training_set(data: Path) -> corpus.Labelled:
    pool, _ = corpus.sentipolc_split(data)
    return corpus.umsab(data, "train") + pool


def train_default(data: Path, seed: int = SEED) -> LinearSentiment:
    """The shipped model, fit on UMSAB train (8 languages) and the SENTIPOLC pool."""
    examples = training_set(data)
    return fit(default_space(data), examples.texts, examples.labels, REGULARISATION, seed)


@dataclass(frozen=True)
class Scores:
    """Macro-F1 of one evaluation set (overall and by language) with its confusion matrix."""

    name: str
    size: int
    macro_f1: float
    by_language: dict[str, float]
    #: ``confusion[i][j]``: texts of label ``LABELS[i]`` predicted ``LABELS[j]``.
    confusion: list[list[int]]


def score(name: str, truth: corpus.Labelled, predicted: Sequence[str]) -> Scores:
    languages = list(dict.fromkeys(truth.languages))
    by_language = {
        language: macro_f1(
            [t for t, g in zip(truth.labels, truth.languages, strict=True) if g == language],
            [p for p, g in zip(predicted, truth.languages, strict=True) if g == language],
        )
        for language in languages
    }
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
    for t, p in zip(truth.labels, predicted, strict=True):
        confusion[LABELS.index(t), LABELS.index(p)] += 1
    overall = (
        float(np.mean(list(by_language.values())))
        if len(languages) > 1
        else macro_f1(truth.labels, predicted)
    )
    return Scores(name, len(truth), overall, by_language, confusion.tolist())


def evaluate(model: LinearSentiment, data: Path) -> list[Scores]:
    """Scores on UMSAB val (8-language average of per-language macro-F1), the SENTIPOLC held-out slice
    and the part of TweetEval val that UMSAB train does not hold."""
    _, held_out = corpus.sentipolc_split(data)
    sets = (
        ("UMSAB val", corpus.umsab(data, "val")),
        ("SENTIPOLC held-out", held_out),
        ("TweetEval val, unseen part", corpus.tweeteval_val_unseen(data)),
    )
    return [score(name, examples, model.predict(examples.texts)[0]) for name, examples in sets]


def learning_curve(
    data: Path, seed: int = SEED, sizes: Sequence[int] = CURVE_SIZES
) -> list[tuple[int, float]]:
    """(corrections, SENTIPOLC held-out macro-F1): a model fit on UMSAB train only, adapted with that
    many corrections drawn (fixed seed) from the SENTIPOLC pool, the way ``sentiment train --workspace``
    adapts the model to a brand's corrections."""
    pool, held_out = corpus.sentipolc_split(data)
    base_set = corpus.umsab(data, "train")
    base = fit(default_space(data), base_set.texts, base_set.labels, REGULARISATION, seed)
    order = np.random.default_rng(seed).permutation(len(pool))
    curve = []
    for size in sizes:
        model = base if size == 0 else adapt(base, *_texts_labels(pool.take(order[:size])), ADAPT_STRENGTH)
        curve.append((size, macro_f1(held_out.labels, model.predict(held_out.texts)[0])))
    return curve


def _texts_labels(examples: corpus.Labelled) -> tuple[list[str], list[str]]:
    return examples.texts, examples.labels


def throughput(model: LinearSentiment, texts: Sequence[str], repeat: int = 3) -> float:
    """Texts per second of ``model.predict`` on ``texts`` (best of ``repeat`` runs, one process)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        model.predict(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best
