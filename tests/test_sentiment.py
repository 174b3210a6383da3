"""The default sentiment model: normalisation, negation, intensifiers, emoji, tiny models trained here
(determinism, saving and loading), adaptation to corrections, and the shipped model's file and speed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from passaparola.enrich import sentiment
from passaparola.enrich.sentiment import LABELS, features, linear
from passaparola.enrich.sentiment.embeddings import WordVectors
from passaparola.enrich.sentiment.linear import FeatureSpace, LinearSentiment, ModelFileError, fit, macro_f1
from passaparola.enrich.sentiment.text import cues, is_token, normalise, tokenise

LEXICON = {"buono": 0.5, "good": 0.5, "cattivo": -0.5, "bad": -0.5}
# scores as the Emoji Sentiment Ranking gives them (😂 is positive there, 😐 negative)
EMOJI = {"😍": 0.678, "😡": -0.173, "😂": 0.221, "😐": -0.388, "❤": 0.746}

TRAIN = [
    ("che buono questo caffè", "positive"),
    ("good coffee, love it 😍", "positive"),
    ("molto buono davvero", "positive"),
    ("really good morning :)", "positive"),
    ("caffè cattivo, mai più", "negative"),
    ("bad coffee 😡", "negative"),
    ("non è buono", "negative"),
    ("not good at all :(", "negative"),
    ("il bar apre alle otto", "neutral"),
    ("the shop opens at eight", "neutral"),
    ("domani si parte per Roma", "neutral"),
    ("meeting at noon tomorrow", "neutral"),
]


def tiny_model(seed: int = 0) -> LinearSentiment:
    space = FeatureSpace(
        word_bits=10, char_bits=10, char_ngrams=(2, 4), cue_scale=1.0, lexicons={"test": LEXICON}, emoji=EMOJI
    )
    return fit(space, [t for t, _ in TRAIN], [label for _, label in TRAIN], regularisation=0.1, seed=seed)


def test_normalise_handles_links_and_elongations():
    assert normalise("@Mario guarda https://t.co/AbC bellooooo!!!!") == "@user guarda http belloo!!"
    assert normalise("mail me at a@b.it, www.example.com") == "mail me at a@b.it, http"


def test_tokenise_splits_punctuation_quotes_and_contractions():
    found = tokenise(normalise('Don’t stop!!! @Mario "bello" (www.x.it) #wow'))
    assert found == ["do", "not", "stop", "!", "!", "@user", "bello", "http", "#wow"]
    assert is_token("bello") and is_token("#wow") and not is_token("non va") and not is_token("bello!")


def test_negation_marks_the_next_words_until_punctuation():
    found = cues(normalise("non mi piace il caffè, ma il bar sì"), "", {})
    # scope of 3 words after "non": mi, piace, il; the comma ends it
    assert found.tokens[:5] == ["non", "neg_mi", "neg_piace", "neg_il", "caffè"]
    assert "neg_bar" not in found.tokens and found.negations == 1
    english = cues(normalise("I don't like it"), "", {})
    assert english.tokens == ["i", "do", "not", "neg_like", "neg_it"]


def test_negation_flips_and_halves_the_lexicon_score():
    plain = cues("buono", "", LEXICON)
    negated = cues("non buono", "", LEXICON)
    # buono = +0.5; under negation -0.5 x 0.5 = -0.25 (negative mass 0.25)
    assert (plain.lexicon_positive, plain.lexicon_negative) == (0.5, 0.0)
    assert (negated.lexicon_positive, negated.lexicon_negative) == (0.0, 0.25)


def test_intensifiers_multiply_the_next_word():
    # molto 1.5 x buono 0.5 = 0.75; very 1.5 x bad -0.5 = -0.75; poco 0.5 x buono 0.5 = 0.25
    assert cues("molto buono", "", LEXICON).lexicon_positive == 0.75
    assert cues("very bad", "", LEXICON).lexicon_negative == 0.75
    assert cues("poco buono", "", LEXICON).lexicon_positive == 0.25


def test_emoji_count_with_their_scores_and_emoticons_count_one():
    found = cues("", "Grazie 😍😍 :) ma 😡 :( 😐 🦄", {}, EMOJI)
    # positive: two 😍 (0.678 each) and ":)"; negative: 😡 0.173, ":(" and 😐 0.388; 🦄 has no score
    assert found.emoji_positive == pytest.approx(2 * 0.678 + 1)
    assert found.emoji_negative == pytest.approx(0.173 + 1 + 0.388)
    assert (cues("", "😍", {}).emoji_positive, cues("", "😍", {}).emoji_negative) == (0, 0)


def test_tiny_model_learns_its_training_texts():
    model = tiny_model()
    labels, scores = model.predict([t for t, _ in TRAIN])
    assert macro_f1([label for _, label in TRAIN], labels) == 1.0
    assert all(-1.0 <= s <= 1.0 for s in scores)
    assert model.predict([]) == ([], [])


def test_same_seed_same_weights():
    a, b = tiny_model(seed=3), tiny_model(seed=3)
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)


def test_save_and_load_give_the_same_predictions(tmp_path: Path):
    model = tiny_model()
    model.save(tmp_path, {"test": True})
    loaded = LinearSentiment.load(tmp_path)
    texts = ["buono!", "non buono", "boh", "😡"]
    assert loaded.predict(texts)[0] == model.predict(texts)[0]
    # weights are stored as float16: scores agree to about 3 decimals
    assert np.allclose(loaded.predict(texts)[1], model.predict(texts)[1], atol=2e-3)
    assert not list(tmp_path.glob("*.pkl"))


def test_a_broken_model_folder_names_the_file(tmp_path: Path):
    tiny_model().save(tmp_path, {})
    (tmp_path / linear.PARAMETERS_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"model\.json"):
        LinearSentiment.load(tmp_path)
    with pytest.raises(sentiment.SentimentSetupError, match="not a folder"):
        sentiment.load("no/such/folder", tmp_path)


def test_adapting_to_corrections_moves_the_model_towards_them():
    model = tiny_model()
    text = "il bar apre alle otto"  # neutral in training; the brand says it is negative (always late)
    before = model.probabilities([text])[0][LABELS.index("negative")]
    adapted = linear.adapt(model, [text] * 3, ["negative"] * 3, strength=0.01)
    after = adapted.probabilities([text])[0][LABELS.index("negative")]
    assert after > before
    assert adapted.predict([text])[0] == ["negative"]
    # the pull towards the old weights keeps what the corrections do not touch
    assert adapted.predict(["good coffee, love it 😍"])[0] == ["positive"]


def test_macro_f1_by_hand():
    truth = ["positive", "positive", "negative", "neutral"]
    predicted = ["positive", "negative", "negative", "negative"]
    # positive: tp 1, fn 1 -> 2/3; negative: tp 1, fp 2 -> 2/4; neutral: tp 0 -> 0; mean = (2/3 + 1/2)/3
    assert macro_f1(truth, predicted) == pytest.approx((2 / 3 + 1 / 2) / 3)


def test_enrichment_scores_title_and_text_and_skips_empty_items():
    model = tiny_model()
    batch = [
        {"text": "molto buono"},
        {"title": "caffè cattivo", "text": None},
        {"text": None},
        {"text": "  "},
    ]
    sentiment.fill(batch, model)
    assert batch[0]["sentiment"] == "positive" and batch[1]["sentiment"] == "negative"
    assert "sentiment" not in batch[2] and "sentiment" not in batch[3]


def test_the_shipped_model_is_small_and_has_no_pickle():
    # its load time is measured by bench/enrichment_throughput.py, not asserted on a shared test machine
    folder = sentiment.SHIPPED_FOLDER
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 50 * 2**20
    assert {p.suffix for p in folder.iterdir()} <= {".npz", ".json"}
    model = LinearSentiment.load(folder)
    labels, _ = model.predict(["Che schifo, il peggior caffè di sempre 😡", "Adoro questo caffè! 😍"])
    assert labels == ["negative", "positive"]


# Texts that reach the corners of the batch featurisation: empty and blank texts, links and handles in
# any case and position, elongations across newlines, negation and intensifier chains, emoji and
# emoticons, characters of 2, 3 and 4 UTF-8 bytes, final sigma, and the separator's own mark.
AWKWARD = [
    "",
    None,
    "   ",
    "a",
    "NON è buono!!!! :) :( 😍😡",
    "I don't like it, really not good",
    "very not good at all; non non non buono molto",
    "ΟΔΟΣ İstanbul ñandú 😍😍😍😍 ❤️❤️",
    "Http://X.y HTTPS://a www.b WWW.c awww.x ahttp://y 1http://z _www.k hww.x whttp://q",
    "@a@b x@y @@z (@mario) @_x @è mail a@b.it",
    "aaaa\n\n\nbbbbb ...... ?????\nccc",
    "x\x02y non buono",
    "molto\x02 buono",
    "title\nnot bad :-) xD D: :'(",
    "nessuno niente. mai più senza",
]


VECTORS = WordVectors(
    ("buono", "non", "good", "caffè", "not", "molto", "x", "😍"),
    np.array(
        [[3, -1, 0], [1, 1, 1], [2, 0, -5], [0, 7, 1], [-1, -1, 2], [4, 4, 4], [1, 0, 0], [0, 0, 9]],
        dtype=np.int8,
    ),
    0.05,
)


@pytest.mark.parametrize(
    ("bits", "vectors", "listed"),
    [
        ((10, 10, (2, 4)), None, ()),
        ((18, 18, (2, 5)), VECTORS, ()),
        ((12, 11, (3, 3)), VECTORS, ()),
        ((10, 10, (2, 4)), None, ("it", "en")),
        ((12, 11, (2, 5)), VECTORS, ("en", "it", "de")),
    ],
)
def test_batch_features_equal_the_reference_text_by_text(
    bits: tuple[int, int, tuple[int, int]], vectors: WordVectors | None, listed: tuple[str, ...]
):
    space = FeatureSpace(
        bits[0],
        bits[1],
        bits[2],
        1.5,
        # two lexicons, listed out of their column order, sharing some words with scores of their own
        {"b": {"piace": -2.5, "good": 3.0, "odio": -1.0}, "a": LEXICON | {"piace": 0.4, "like": 0.4}},
        EMOJI,
        vectors,
        0.7,
        listed,
    )
    rng = np.random.default_rng(5)
    words = [
        "molto",
        "buono",
        "non",
        "good",
        "not",
        "very",
        "😍",
        "😂",
        "😐",
        ":)",
        "caffè",
        "http://t.co/x",
        "@user",
        ",",
    ]
    generated = [" ".join(rng.choice(words, rng.integers(1, 12))) for _ in range(300)]
    texts = AWKWARD + generated + AWKWARD
    languages = [["it", "en", None, "fr", "de"][i % 5] for i in range(len(texts))]
    batch = features.batch_rows(space, texts, languages)
    reference = features.reference_rows(space, texts, languages)
    assert batch.shape[1] == space.width
    batch.sort_indices()
    reference.sort_indices()
    assert batch.shape == reference.shape
    assert np.array_equal(batch.indptr, reference.indptr)
    assert np.array_equal(batch.indices, reference.indices)
    assert np.array_equal(batch.data, reference.data)  # exactly, not approximately


def test_murmurhash_matches_scikit_learn():
    from sklearn.utils import murmurhash3_32

    rng = np.random.default_rng(3)
    strings = ["", "a", "ab", "abc", "abcd", "abcde", "caffè", "😍x", "x" * 37]
    strings += ["".join(chr(c) for c in rng.integers(32, 0xD7FF, rng.integers(0, 12))) for _ in range(500)]
    expected = [murmurhash3_32(s.encode("utf-8"), 0) for s in strings]
    assert features.hash_strings(strings).tolist() == expected


def test_normalise_patterns_match_their_plain_forms():
    # text._LINK and text._HANDLE are written for speed; they must match what the plain forms match
    import random
    import re

    plain_link = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
    plain_handle = re.compile(r"(?<![\w@])@\w+")
    from passaparola.enrich.sentiment import text

    chooser = random.Random(11)
    pieces = [*"hHwWtTpPsSſ:/.x_é @\n", "http://", "www.", "HTTPS://", "@a"]
    for _ in range(20_000):
        sample = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 12)))
        assert text._LINK.sub("http", sample) == plain_link.sub("http", sample), sample
        assert text._HANDLE.sub("@user", sample) == plain_handle.sub("@user", sample), sample


def test_the_shipped_model_scores_a_large_batch_without_the_per_text_path(monkeypatch):
    # the goal is 20,000 texts/s on 2 cores, measured by bench/enrichment_throughput.py; the per-text
    # reference featurisation (about 5,000 texts/s) is only for texts holding the batch separator
    model = sentiment.load("shipped")

    def per_text(*args, **kwargs):
        raise AssertionError("a plain text took the per-text path")

    monkeypatch.setattr(features, "reference_rows", per_text)
    texts = [f"non mi piace il caffè numero {i} 😡 @user http://x.it/{i}" for i in range(20_000)]
    labels, _ = model.predict(texts)
    assert len(labels) == 20_000 and set(labels) == {"negative"}


def test_a_forked_process_scores_large_batches_too():
    # the two-thread pool of the parent does not survive a fork; the child must make its own
    import multiprocessing

    model = sentiment.load("shipped")
    texts = ["che bello 😍"] * 3_000
    expected = model.predict(texts)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        result = pool.apply_async(_predict_shipped, (texts,))
        assert result.get(timeout=60) == expected


def _predict_shipped(texts: list[str]) -> tuple[list[str], list[float]]:
    return sentiment.load("shipped").predict(texts)
