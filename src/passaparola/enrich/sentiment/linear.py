"""The default sentiment model: a linear model over hashed n-grams, polarity cues and pooled word
vectors, fit as one NB-scaled logistic regression per label (:func:`fit_rows`), calibrated by a
:func:`temperature` and read through a softmax.

A model is its weights (``weights.npz``), the parameters that rebuild its features (``model.json``:
hashing sizes, n-gram ranges, the polarity lexicons, the emoji scores) and, when it has them, its word
vectors (``vectors.npz``, see :mod:`passaparola.enrich.sentiment.embeddings`). Nothing is pickled.
Columns: word uni- and bigrams over negation-marked tokens, character n-grams within words over the
normalised text, the cue columns (each lexicon's positive and negative mass, positive and negative
emoji/emoticon mass, negations), each ``log1p``-scaled, then the mean of the text's word vectors times
``vector_weight``; in a space with languages, a one-hot language column and a copy of those dense columns
per language (the text's language is the item's ``lang``: the platform's tag, else the detected one).
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from passaparola import i18n
from passaparola.enrich.sentiment import LABELS, features
from passaparola.enrich.sentiment.embeddings import VECTORS_FILE, WordVectors

WEIGHTS_FILE = "weights.npz"
PARAMETERS_FILE = "model.json"
#: ``model.json`` format: 2 added the emoji scores and the word vectors, 3 the languages with weights of
#: their own, 4 several lexicons with columns of their own. Formats 2 and 3 are still read: they have no
#: such languages (2) and one lexicon, named ``lexicon``.
FORMAT = 4
READABLE_FORMATS = (2, 3, 4)
#: The cue columns after the lexicons' (two per lexicon, see :attr:`FeatureSpace.cue_columns`).
OTHER_CUE_COLUMNS = ("emoji_positive", "emoji_negative", "negations")


class ModelFileError(ValueError):
    """A model folder whose files are missing or do not match each other."""


@dataclass(frozen=True)
class FeatureSpace:
    """How texts become feature rows; saved beside the weights so they always agree."""

    word_bits: int = 18
    char_bits: int = 18
    char_ngrams: tuple[int, int] = (2, 5)
    cue_scale: float = 1.0
    #: Polarity lexicons by name, each word -> score (positive or negative), each with a positive and
    #: a negative mass column of its own: a lexicon's words count in every text, so the model learns,
    #: language by language, how far to trust each (an Italian lexicon's entries that look like English
    #: words do not blur the English lexicon's column).
    lexicons: dict[str, dict[str, float]] = field(default_factory=dict)
    #: Emoji (one code point each) -> sentiment score in [-1, 1].
    emoji: dict[str, float] = field(default_factory=dict)
    vectors: WordVectors | None = None
    vector_weight: float = 1.0
    #: Languages (ISO 639-1) with their own bias and dense weights (see
    #: :func:`passaparola.enrich.sentiment.features.language_block`); none: one set of weights for all.
    languages: tuple[str, ...] = ()

    @property
    def lexicon_order(self) -> tuple[str, ...]:
        """The lexicons' names in column order: sorted, so the columns never depend on the order the
        lexicons were listed or read in (``model.json`` sorts its keys)."""
        return tuple(sorted(self.lexicons))

    @property
    def cue_columns(self) -> tuple[str, ...]:
        """The cue columns' names: each lexicon's positive and negative mass (in :attr:`lexicon_order`),
        then :data:`OTHER_CUE_COLUMNS`."""
        masses = [f"{name}_{sign}" for name in self.lexicon_order for sign in ("positive", "negative")]
        return (*masses, *OTHER_CUE_COLUMNS)

    @property
    def dense_width(self) -> int:
        return len(self.cue_columns) + (self.vectors.dimensions if self.vectors is not None else 0)

    @property
    def hashed_width(self) -> int:
        """The hashed word and character n-gram columns, which come first."""
        return 2**self.word_bits + 2**self.char_bits

    @property
    def width(self) -> int:
        dense = self.dense_width
        return self.hashed_width + dense + len(self.languages) * (1 + dense)

    @functools.cached_property
    def language_index(self) -> dict[str, int]:
        return {language: i for i, language in enumerate(self.languages)}

    def groups(self, languages: Sequence[str | None] | None, count: int) -> np.ndarray:
        """Each text's position in :attr:`languages`, or ``len(languages)`` (the shared weights only)
        for a language not listed or unknown; all of them the latter when ``languages`` is None."""
        unlisted = len(self.languages)
        if languages is None:
            return np.full(count, unlisted, dtype=np.int64)
        if len(languages) != count:
            raise ValueError(f"{len(languages)} languages for {count} texts")
        index = self.language_index
        return np.fromiter(
            (index.get(g, unlisted) if isinstance(g, str) else unlisted for g in languages),
            dtype=np.int64,
            count=count,
        )

    @functools.cached_property
    def emoji_by_code(self) -> np.ndarray:
        """The emoji score of every code point up to the highest emoji's, then one 0 for every code point
        above it (index with ``minimum(code, len - 1)``)."""
        codes = {ord(e): score for e, score in self.emoji.items()}
        table = np.zeros(max(codes, default=-1) + 2)
        table[list(codes)] = list(codes.values())
        return table

    def parameters(self) -> dict[str, Any]:
        """What ``model.json`` keeps of the space (the vectors go to their own file)."""
        return {
            "word_bits": self.word_bits,
            "char_bits": self.char_bits,
            "char_ngrams": list(self.char_ngrams),
            "cue_scale": self.cue_scale,
            "lexicons": self.lexicons,
            "emoji": self.emoji,
            "vectors": self.vectors is not None,
            "vector_weight": self.vector_weight,
            "languages": list(self.languages),
        }

    def rows(self, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> sp.csr_matrix:
        """One feature row per text, given each text's language when known (see
        :mod:`passaparola.enrich.sentiment.features`)."""
        return features.batch_rows(self, texts, languages)


#: Batches of at least this many texts are scored in two threads.
_SPLIT_AT = 2_000


@functools.cache
def _threads() -> int:
    return min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="passaparola-sentiment")


# A forked child has the pool object but not its threads: work sent to it would wait for ever.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_pool.cache_clear)


class LinearSentiment:
    """The default backend: ``predict`` gives labels and P(positive) - P(negative)."""

    def __init__(
        self, space: FeatureSpace, weights: np.ndarray, bias: np.ndarray, name: str = "default"
    ) -> None:
        if weights.shape != (len(LABELS), space.width) or bias.shape != (len(LABELS),):
            raise ModelFileError(
                f"weights of shape {weights.shape} do not fit {len(LABELS)} labels x {space.width} features"
            )
        self.space = space
        self.weights = weights
        # float64, as the feature rows are: a product with float32 weights would convert them at every call
        self._transposed = np.ascontiguousarray(weights.T, dtype=np.float64)
        self.bias = bias
        self.name = name
        # One group per language of the space, and a last one for the texts in none of them: each group's
        # bias and dense weights are the shared ones plus its language's own. The word vectors' columns of
        # each group's weights are applied to every word once: the model averages these three numbers per
        # token instead of the vectors (the classifier is linear, so it is the same).
        start = space.hashed_width
        width = space.dense_width
        listed = len(space.languages)
        shared = self._transposed[start : start + width]
        own = self._transposed[start + width :]
        dense = np.repeat(shared[None], listed + 1, axis=0)
        dense[:listed] += own[listed:].reshape(listed, width, len(LABELS))
        self._group_bias = np.vstack([bias + own[:listed], bias[None]])
        cues = len(space.cue_columns)
        self._cue_weights = dense[:, :cues]
        self._pooled = None
        if space.vectors is not None:
            vector_weights = dense[:, cues:]  # group x dimension x label
            flat = vector_weights.transpose(1, 0, 2).reshape(space.vectors.dimensions, -1)
            pooled = space.vectors.table.astype(np.float64) @ flat  # one matrix product (BLAS)
            self._pooled = pooled.reshape(-1, listed + 1, len(LABELS)).transpose(1, 0, 2).copy()

    def probabilities(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """P(label) per text, columns in ``LABELS`` order, given each text's language when known. A large
        batch is cut in two halves scored in two threads: about half the work is numpy and scipy, which
        release the GIL, so a second core adds about a quarter to the rate. Each row is computed the same
        way in either case."""
        groups = self.space.groups(languages, len(texts))
        if len(texts) >= _SPLIT_AT and _threads() > 1:
            half = len(texts) // 2
            parts = list(
                _pool().map(self._probabilities, [texts[:half], texts[half:]], [groups[:half], groups[half:]])
            )
            return np.vstack(parts)
        return self._probabilities(texts, groups)

    def _probabilities(self, texts: Sequence[str], groups: np.ndarray) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(LABELS)))
        words, chars, dense = features.batch_blocks(self.space, texts, self._pooled, groups)
        split = (2**self.space.word_bits, self.space.hashed_width)
        cues = len(self.space.cue_columns)
        logits = words @ self._transposed[: split[0]] + chars @ self._transposed[split[0] : split[1]]
        logits += (
            np.einsum("nc,ncl->nl", dense[:, :cues], self._cue_weights[groups]) + self._group_bias[groups]
        )
        if self._pooled is not None:
            logits += dense[:, cues:]
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> tuple[list[str], list[float]]:
        p = self.probabilities(texts, languages)
        labels = [LABELS[i] for i in p.argmax(axis=1)]
        scores = (p[:, 2] - p[:, 0]).round(4).tolist()
        return labels, scores

    def save(self, folder: Path, about: dict[str, Any]) -> None:
        """Write ``weights.npz`` (float16 weights, float64 bias), ``model.json`` and, when the space has
        word vectors, ``vectors.npz`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / WEIGHTS_FILE, weights=self.weights.astype(np.float16), bias=self.bias)
        if self.space.vectors is not None:
            self.space.vectors.save(folder)
        else:
            (folder / VECTORS_FILE).unlink(missing_ok=True)
        parameters = {
            "format": FORMAT,
            "labels": list(LABELS),
            "space": self.space.parameters(),
            "about": about,
        }
        (folder / PARAMETERS_FILE).write_text(
            json.dumps(parameters, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path, name: str = "default") -> LinearSentiment:
        """The model saved in ``folder``; :class:`ModelFileError` names the file at fault."""
        parameters_path = folder / PARAMETERS_FILE
        try:
            parameters = json.loads(parameters_path.read_text(encoding="utf-8"))
            found = parameters.get("format")
        except (OSError, ValueError, AttributeError) as error:
            raise ModelFileError(f"{parameters_path}: not a sentiment model description ({error})") from None
        if found not in READABLE_FORMATS:
            raise ModelFileError(i18n.t("sentiment.old_format", path=parameters_path, found=found))
        try:
            space = parameters["space"]
            space = FeatureSpace(
                int(space["word_bits"]),
                int(space["char_bits"]),
                (int(space["char_ngrams"][0]), int(space["char_ngrams"][1])),
                float(space["cue_scale"]),
                _lexicons(space["lexicons"] if found >= 4 else {"lexicon": space["lexicon"]}),
                {str(k): float(v) for k, v in space["emoji"].items()},
                _vectors(folder) if space["vectors"] else None,
                float(space["vector_weight"]),
                _languages(space.get("languages", []) if found >= 3 else []),
            )
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
            raise ModelFileError(f"{parameters_path}: not a sentiment model description ({error})") from None
        if parameters.get("labels") != list(LABELS):
            raise ModelFileError(f"{parameters_path}: labels must be {list(LABELS)}")
        weights_path = folder / WEIGHTS_FILE
        try:
            with np.load(weights_path, allow_pickle=False) as arrays:
                weights, bias = arrays["weights"], arrays["bias"].astype(np.float64)
        except (OSError, ValueError, KeyError) as error:
            raise ModelFileError(f"{weights_path}: not sentiment weights ({error})") from None
        return cls(space, weights, bias, name)


def _languages(value: object) -> tuple[str, ...]:
    """``model.json``'s languages: distinct ISO 639-1 codes, or ValueError."""
    if not isinstance(value, list) or not all(
        isinstance(code, str) and len(code) == 2 and code.isalpha() and code.islower() for code in value
    ):
        raise ValueError(f"languages must be a list of two-letter lower-case codes, not {value!r}")
    if len(set(value)) != len(value):
        raise ValueError(f"languages repeat one: {value!r}")
    return tuple(value)


def _lexicons(value: object) -> dict[str, dict[str, float]]:
    """``model.json``'s lexicons: names -> word -> score, or ValueError."""
    if not isinstance(value, dict):
        raise ValueError(f"lexicons must map names to words and scores, not {type(value).__name__}")
    found = {}
    for name, words in value.items():
        if not isinstance(words, dict):
            raise ValueError(f"lexicon {name!r} must map words to scores, not {type(words).__name__}")
        try:
            found[str(name)] = {str(k): float(v) for k, v in words.items()}
        except (TypeError, ValueError) as error:
            raise ValueError(f"lexicon {name!r} holds a score that is not a number ({error})") from None
    return found


def _vectors(folder: Path) -> WordVectors:
    try:
        return WordVectors.load(folder)
    except (OSError, ValueError, KeyError) as error:
        raise ModelFileError(f"{folder / VECTORS_FILE}: not word vectors ({error})") from None


def fit(
    space: FeatureSpace,
    texts: Sequence[str],
    labels: Sequence[str],
    regularisation: float,
    seed: int,
    languages: Sequence[str | None] | None = None,
    fold: np.ndarray | None = None,
    sources: Sequence[str | None] | None = None,
) -> LinearSentiment:
    """Fit the model on labelled texts (and their languages, for a space with languages): see
    :func:`fit_rows`. With ``fold`` (each text's fold), the weights and bias are then divided by the
    :func:`temperature` that calibrates the out-of-fold predictions. With ``sources``, the texts of each
    named source have a bias of their own while fitting, which the model does not keep (see
    :func:`source_columns`)."""
    target = np.array([LABELS.index(label) for label in labels])
    if sources is not None and len(sources) != len(texts):
        raise ValueError(f"{len(sources)} sources for {len(texts)} texts")
    rows = space.rows(texts, languages)
    priors = source_columns(sources) if sources is not None else None
    weights, bias = fit_rows(rows, target, regularisation, seed, space.hashed_width, priors)
    if fold is not None:
        scale = temperature(rows, target, fold, regularisation, seed, space.hashed_width, priors)
        weights, bias = weights / scale, bias / scale
    return LinearSentiment(space, weights.astype(np.float32), bias)


def source_columns(sources: Sequence[str | None]) -> sp.csr_matrix:
    """One column per source named in ``sources`` (one per text, ``None`` for the reference), 1 for its
    texts. Fit beside the features and then dropped, they give a source's own mix of labels a bias of its
    own, so the model's bias (and each language's) keeps the reference texts' mix: a corpus with few
    positive texts no longer teaches the model to call fewer texts positive."""
    named = sorted({source for source in sources if source is not None})
    rows = [i for i, source in enumerate(sources) if source is not None]
    columns = [named.index(source) for source in sources if source is not None]
    return sp.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(sources), len(named)), dtype=np.float64
    )


def temperature(
    rows: sp.csr_matrix,
    target: np.ndarray,
    fold: np.ndarray,
    regularisation: float,
    seed: int,
    hashed: int,
    priors: sp.csr_matrix | None = None,
) -> float:
    """The temperature T that minimises the log-loss of softmax(decision values / T) over out-of-fold
    predictions: each fold is scored by :func:`fit_rows` fit on the others (Guo et al. 2017), with the
    weights the model keeps. The per-label regressions are fit apart, so their decision values, through
    one softmax, are not probabilities until scaled; dividing the weights and bias by T costs nothing at
    run time."""
    from scipy.optimize import minimize_scalar

    decisions = np.zeros((len(target), len(LABELS)))
    for held in np.unique(fold):
        inside = fold != held
        weights, bias = fit_rows(
            rows[inside],
            target[inside],
            regularisation,
            seed,
            hashed,
            None if priors is None else priors[inside],
        )
        decisions[~inside] = np.asarray(rows[~inside] @ weights.T) + bias

    def log_loss(log_t: float) -> float:
        scaled = decisions / np.exp(log_t)
        scaled -= scaled.max(axis=1, keepdims=True)
        log_p = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(target)), target].mean())

    return float(np.exp(minimize_scalar(log_loss, bounds=(-3.0, 3.0), method="bounded").x))


def fit_rows(
    rows: sp.csr_matrix,
    target: np.ndarray,
    regularisation: float,
    seed: int,
    hashed: int,
    priors: sp.csr_matrix | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``[3, width]`` and bias ``[3]`` for feature rows and label indices: one logistic
    regression (L2, strength ``regularisation`` = 1/C) per label against the other two, with each of the
    first ``hashed`` columns (the hashed n-grams) scaled for that label by :func:`nb_scales` (NBSVM with
    a logistic loss, Wang and Manning 2012). A scale is fixed per column, so a label's scaled weights are
    ordinary weights on the unscaled rows: the model scores like any linear one, and its three decision
    values, through a softmax, give the probabilities. ``priors`` (:func:`source_columns`) are fit beside
    the rows and their weights dropped."""
    from sklearn.linear_model import LogisticRegression

    width = rows.shape[1]
    fitted = rows if priors is None else sp.hstack([rows, priors], format="csr")
    weights = np.zeros((len(LABELS), fitted.shape[1]))
    bias = np.zeros(len(LABELS))
    hashed_rows = rows[:, :hashed]
    for label in range(len(LABELS)):
        scales = np.ones(fitted.shape[1])
        scales[:hashed] = nb_scales(hashed_rows, target == label)
        classifier = LogisticRegression(C=1.0 / regularisation, max_iter=300, random_state=seed)
        classifier.fit(fitted @ sp.diags(scales), (target == label).astype(int))
        weights[label] = classifier.coef_[0] * scales
        bias[label] = classifier.intercept_[0]
    return weights[:, :width], bias


def nb_scales(rows: sp.csr_matrix, members: np.ndarray, smoothing: float = 1.0) -> np.ndarray:
    """Per column, |log-count ratio| of a label (Wang and Manning 2012): how much more often (or less)
    the label's rows than the others hold the column, ``log((p / |p|) / (q / |q|))`` with ``p`` and ``q``
    the counts of rows holding it, within the label and outside it, plus ``smoothing``. Its absolute
    value: the logistic regression learns the sign."""
    present = rows.copy()
    present.data[:] = 1.0
    inside = smoothing + np.asarray(present[members].sum(axis=0)).ravel()
    outside = smoothing + np.asarray(present[~members].sum(axis=0)).ravel()
    return np.abs(np.log(inside / inside.sum()) - np.log(outside / outside.sum()))


def adapt(
    model: LinearSentiment,
    texts: Sequence[str],
    labels: Sequence[str],
    strength: float,
    languages: Sequence[str | None] | None = None,
) -> LinearSentiment:
    """The model moved towards labelled corrections (texts, labels and, when known, languages):
    minimises their cross-entropy plus ``strength`` x ||(w, b) - (w, b)_model||² (an L2 pull towards the
    model's own weights, so a few corrections shift it without forgetting what the training corpus
    taught)."""
    from scipy.optimize import minimize

    rows = model.space.rows(texts, languages)
    target = np.zeros((len(texts), len(LABELS)))
    target[np.arange(len(texts)), [LABELS.index(label) for label in labels]] = 1.0
    prior_b = model.bias
    base = np.asarray(rows @ model.weights.T.astype(np.float64)) + prior_b
    used = np.unique(rows.indices)
    local = rows[:, used]
    size = len(LABELS) * len(used)

    def loss(delta: np.ndarray) -> tuple[float, np.ndarray]:
        dw = delta[:size].reshape(len(LABELS), len(used))
        db = delta[size:]
        logits = base + local @ dw.T + db
        logits -= logits.max(axis=1, keepdims=True)
        log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        error = (np.exp(log_p) - target) / len(texts)
        value = -(target * log_p).sum() / len(texts) + strength * ((dw**2).sum() + (db**2).sum())
        gradient_w = np.asarray(local.T @ error).T + 2 * strength * dw
        return value, np.concatenate([gradient_w.ravel(), error.sum(axis=0) + 2 * strength * db])

    found = minimize(
        loss, np.zeros(size + len(LABELS)), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    weights = model.weights.astype(np.float64)
    weights[:, used] += found.x[:size].reshape(len(LABELS), len(used))
    adapted = LinearSentiment(model.space, weights.astype(np.float32), prior_b + found.x[size:], model.name)
    return adapted


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean over the three labels of F1 (a label never predicted nor present scores 0)."""
    scores = []
    for label in LABELS:
        tp = sum(t == label and p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(t != label and p == label for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label and p != label for t, p in zip(truth, predicted, strict=True))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return math.fsum(scores) / len(LABELS)
