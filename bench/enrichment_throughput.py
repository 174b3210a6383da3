"""Enrichment throughput (language, sentiment, question) on N generated items, beside VADER on the same
English texts in the same run; and accuracy of both on TweetEval val.

Texts are drawn from the UMSAB train splits (8 languages) and the SENTIPOLC pool and perturbed (a word
dropped or doubled, two words swapped, an emoji or a handle added, a word elongated), with a fixed seed.
The stages run as the import runs them, on item dicts in batches of ``--batch``:

- language: lingua among the 8 default languages (its parallel API: Rust threads on every core);
- sentiment: the shipped default model, reading each item in the language the previous stage gave it,
  in this process (which scores a batch in 2 threads), then in 2 worker processes;
- question: the ``is_question`` rules.

VADER (vaderSentiment) scores the English texts of the same items one by one, as its API does; the
ratio printed is our sentiment rate over VADER's. Accuracy and macro-F1 are on the part of TweetEval
val that UMSAB English train does not hold (our model never saw it) and, for VADER, on all of it too.
VADER's compound score is mapped with its authors' thresholds: >= 0.05 positive, <= -0.05 negative.
Load time: the median of 5 loads of the shipped model (the goal: under a second), beside the median of
5 constructions of VADER's analyser (which reads its lexicon and emoji files).

Run: ``python bench/enrichment_throughput.py --items 1000000`` (taskset -c 0,1 to hold it to 2 cores).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from passaparola.config import DEFAULT_LANGUAGES
from passaparola.enrich import language, questions, sentiment
from passaparola.enrich.sentiment import corpus, training
from passaparola.enrich.sentiment.linear import LinearSentiment, macro_f1

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sentiment"
EMOJI = ["😍", "😡", "😂", "👍", "😢", "🔥", "🙄", "❤️"]


def generate(count: int, seed: int) -> tuple[list[str], list[str]]:
    """``count`` perturbed texts and their source language."""
    pool, _ = corpus.sentipolc_split(DATA)
    source = corpus.umsab(DATA, "train") + pool
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(source), count)
    moves = rng.integers(0, 6, count)
    texts = []
    for pick, move in zip(picks, moves, strict=True):
        words = source.texts[pick].split()
        if len(words) > 2:
            i = int(rng.integers(0, len(words) - 1))
            if move == 0:
                del words[i]
            elif move == 1:
                words.insert(i, words[i])
            elif move == 2:
                words[i], words[i + 1] = words[i + 1], words[i]
            elif move == 3:
                words[i] = words[i] + words[i][-1] * 3
        if move == 4:
            words.append(EMOJI[int(rng.integers(0, len(EMOJI)))])
        if move == 5:
            words.insert(0, "@user")
        texts.append(" ".join(words))
    return texts, [source.languages[p] for p in picks]


def batches(texts: list[str], size: int) -> list[list[dict]]:
    return [[{"text": t} for t in texts[i : i + size]] for i in range(0, len(texts), size)]


def rate(label: str, count: int, seconds: float) -> float:
    per_second = count / seconds
    print(f"  {label:<42} {count:>10,} items {seconds:8.1f} s {per_second:>12,.0f} items/s")
    return per_second


def _load_model() -> None:
    sentiment.load("shipped")


def _sentiment_chunk(chunk: tuple[list[str], list[str | None]]) -> int:
    return len(sentiment.load("shipped").predict(*chunk)[0])


def load_seconds(load: Callable[[], object], repeats: int = 5) -> float:
    """The median of ``repeats`` timed calls of ``load``."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        load()
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"Enrichment throughput on {args.items:,} generated items, {cores} cores available")
    texts, languages = generate(args.items, args.seed)
    model = LinearSentiment.load(sentiment.SHIPPED_FOLDER)

    print(f"Stages (as at import, batches of {args.batch:,}):")
    items = batches(texts, args.batch)
    started = time.perf_counter()
    for batch in items:
        language.fill(batch, DEFAULT_LANGUAGES)
    language_rate = rate("language (lingua, parallel)", len(texts), time.perf_counter() - started)
    started = time.perf_counter()
    for batch in items:
        sentiment.fill(batch, model)
    sentiment_rate = rate(
        "sentiment (default model, 1 process, 2 threads)", len(texts), time.perf_counter() - started
    )
    started = time.perf_counter()
    for batch in items:
        questions.fill(batch)
    question_rate = rate("question", len(texts), time.perf_counter() - started)
    total = 1 / (1 / language_rate + 1 / sentiment_rate + 1 / question_rate)
    print(f"  {'all three, one after the other':<42} {total:>39,.0f} items/s")

    detected = [item["lang"] for batch in items for item in batch]
    chunks = [
        (texts[i : i + args.batch], detected[i : i + args.batch]) for i in range(0, len(texts), args.batch)
    ]
    # each worker loads the model before the clock starts; texts go to the workers and labels come back
    with ProcessPoolExecutor(max_workers=2, initializer=_load_model) as workers:
        list(workers.map(_sentiment_chunk, [(["warm up"], ["en"])] * 8))
        started = time.perf_counter()
        done = sum(workers.map(_sentiment_chunk, chunks))
    parallel_rate = rate("sentiment (default model, 2 processes)", done, time.perf_counter() - started)

    ours_load = load_seconds(lambda: LinearSentiment.load(sentiment.SHIPPED_FOLDER))
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader_load = load_seconds(SentimentIntensityAnalyzer)
    print("Load (median of 5):")
    print(f"  {'default model':<42} {ours_load:8.3f} s")
    print(f"  {'VADER analyser':<42} {vader_load:8.3f} s  (ours ÷ VADER: {ours_load / vader_load:.1f}x)")

    english = [t for t, g in zip(texts, languages, strict=True) if g == "en"]
    english_detected = [d for d, g in zip(detected, languages, strict=True) if g == "en"]
    vader = SentimentIntensityAnalyzer()
    print(f"Same English texts ({len(english):,}):")
    started = time.perf_counter()
    for i in range(0, len(english), args.batch):
        model.predict(english[i : i + args.batch], english_detected[i : i + args.batch])
    ours_english = rate("ours (1 process, 2 threads)", len(english), time.perf_counter() - started)
    started = time.perf_counter()
    for text in english:
        vader.polarity_scores(text)
    vader_rate = rate("VADER (1 process)", len(english), time.perf_counter() - started)
    print(
        f"  ours ÷ VADER: {ours_english / vader_rate:.1f}x; 2-process sentiment ÷ VADER: {parallel_rate / vader_rate:.1f}x"
    )

    def vader_labels(batch: list[str]) -> list[str]:
        scores = [vader.polarity_scores(t)["compound"] for t in batch]
        return ["positive" if s >= 0.05 else "negative" if s <= -0.05 else "neutral" for s in scores]

    print("Accuracy on TweetEval val:")
    for name, examples in (
        ("unseen part", corpus.tweeteval_val_unseen(DATA)),
        ("all of it", corpus.tweeteval_val(DATA)),
    ):
        rows = [("VADER", vader_labels(examples.texts))]
        if name == "unseen part":
            rows.insert(0, ("ours", model.predict(examples.texts, training.detected(examples.texts))[0]))
        for who, predicted in rows:
            accuracy = np.mean([p == t for p, t in zip(predicted, examples.labels, strict=True)])
            f1 = macro_f1(examples.labels, predicted)
            print(
                f"  {name:<12} ({len(examples):>5,} texts) {who:<6} accuracy {accuracy:.3f}  macro-F1 {f1:.3f}"
            )


if __name__ == "__main__":
    main()
