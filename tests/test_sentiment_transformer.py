"""The ONNX transformer sentiment backend, on a tiny random model built here (no download).

The model: embed each token (plus a token-type embedding when the graph takes ``token_type_ids``),
average over the attention mask, multiply by a weight matrix and add a bias to get the logits. The
same network is re-implemented below in numpy over its own tokenisation, so the probabilities are
checked against an independent computation.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

from passaparola import i18n
from passaparola.enrich.sentiment import LABELS, transformer
from passaparola.enrich.sentiment.transformer import ModelFolderError
from passaparola.workspace import WorkspaceError

WORDS = ["good", "bad", "coffee", "the", "is", "not", "great", "awful", "ok", "@user", "http", "milano"]
VOCAB = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3} | {w: i + 4 for i, w in enumerate(WORDS)}
WIDTH = 8
# A seed whose random network gives all three labels over TEXTS (and both of a two-way model) with
# probabilities away from 0 and 1, so the comparisons below can tell a wrong computation apart.
SEED = 2
MAX_LENGTH = 8  # tokenizer_config.json model_max_length: [CLS] + 6 words + [SEP]

TEXTS = [
    "good coffee",
    "bad coffee is awful",
    "the coffee is not great",
    "ok",
    "@mario good",
    "https://example.com/x bad",
    "Milano milano MILANO unknownword",
    "good bad good bad good bad good bad good bad",
]


def network(labels: int) -> dict[str, np.ndarray]:
    """Random weights of the tiny network, fixed by ``SEED``."""
    rng = np.random.default_rng(SEED)
    return {
        "embedding": rng.normal(size=(len(VOCAB), WIDTH)).astype(np.float32),
        "types": (0.1 * rng.normal(size=(2, WIDTH))).astype(np.float32),
        "weight": (2 * rng.normal(size=(WIDTH, labels))).astype(np.float32),
        "bias": (0.1 * rng.normal(size=labels)).astype(np.float32),
    }


def build_graph(weights: dict[str, np.ndarray], token_types: bool) -> onnx.ModelProto:
    batch_by_tokens = ["batch", "tokens"]
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, batch_by_tokens),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, batch_by_tokens),
    ]
    nodes = [helper.make_node("Gather", ["embedding", "input_ids"], ["token_vectors"])]
    vectors = "token_vectors"
    initialisers = [numpy_helper.from_array(weights["embedding"], "embedding")]
    if token_types:
        inputs.append(helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, batch_by_tokens))
        initialisers.append(numpy_helper.from_array(weights["types"], "types"))
        nodes += [
            helper.make_node("Gather", ["types", "token_type_ids"], ["type_vectors"]),
            helper.make_node("Add", ["token_vectors", "type_vectors"], ["summed_vectors"]),
        ]
        vectors = "summed_vectors"
    initialisers += [
        numpy_helper.from_array(weights["weight"], "weight"),
        numpy_helper.from_array(weights["bias"], "bias"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "token_axis"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
    ]
    nodes += [
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask", "last_axis"], ["mask3"]),
        helper.make_node("Mul", [vectors, "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "token_axis"], ["total"], keepdims=0),
        helper.make_node("ReduceSum", ["mask3", "token_axis"], ["count"], keepdims=0),
        helper.make_node("Div", ["total", "count"], ["mean"]),
        helper.make_node("MatMul", ["mean", "weight"], ["scores"]),
        helper.make_node("Add", ["scores", "bias"], ["logits"]),
    ]
    labels = weights["bias"].shape[0]
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", labels])
    graph = helper.make_graph(nodes, "tiny_sentiment", inputs, [output], initialisers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    return model


def build_tokenizer() -> Tokenizer:
    tokenizer = Tokenizer(models.WordLevel(VOCAB, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    return tokenizer


def write_model(
    folder: Path,
    id2label: dict[str, str] | None = None,
    token_types: bool = True,
) -> dict[str, np.ndarray]:
    """A complete model folder; returns the weights for the reference computation."""
    id2label = id2label or {"0": "negative", "1": "neutral", "2": "positive"}
    weights = network(len(id2label))
    folder.mkdir(parents=True, exist_ok=True)
    onnx.save(build_graph(weights, token_types), folder / "model.onnx")
    build_tokenizer().save(str(folder / "tokenizer.json"))
    config = {"model_type": "bert", "id2label": id2label, "pad_token_id": 0, "max_position_embeddings": 64}
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "tokenizer_config.json").write_text(json.dumps({"model_max_length": MAX_LENGTH}))
    return weights


def reference_softmax(text: str, weights: dict[str, np.ndarray], token_types: bool = True) -> np.ndarray:
    """The tiny network in numpy, tokenising by hand: normalise mentions and links, lowercase, split on
    whitespace, unknown words to [UNK], keep the first MAX_LENGTH - 2 words, wrap in [CLS] .. [SEP]."""
    words = [
        "@user" if w.startswith("@") else "http" if w.startswith("http") else w.lower() for w in text.split()
    ]
    ids = [2] + [VOCAB.get(w, 1) for w in words[: MAX_LENGTH - 2]] + [3]
    vectors = weights["embedding"][ids].astype(np.float64)
    if token_types:
        vectors = vectors + weights["types"][0]
    logits = vectors.mean(axis=0) @ weights["weight"] + weights["bias"]
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "tiny-sentiment"


def test_probabilities_match_the_numpy_network(folder: Path) -> None:
    weights = write_model(folder)
    model = transformer.load(folder)
    expected = np.array([reference_softmax(text, weights) for text in TEXTS])
    np.testing.assert_allclose(model.probabilities(TEXTS), expected, atol=1e-5)
    labels, scores = model.predict(TEXTS)
    # id2label is 0 negative, 1 neutral, 2 positive: label is the argmax, score P(pos) - P(neg).
    assert labels == [LABELS[i] for i in expected.argmax(axis=1)]
    np.testing.assert_allclose(scores, expected[:, 2] - expected[:, 0], atol=1e-5)
    # The random network must tell the texts apart, or the checks above would prove little.
    assert set(labels) == set(LABELS)
    assert model.name == "transformer:tiny-sentiment"


def test_languages_are_accepted_one_per_text_and_change_nothing(folder: Path) -> None:
    write_model(folder)
    model = transformer.load(folder)
    languages = ["it", None, "en"] + ["xx"] * (len(TEXTS) - 3)
    np.testing.assert_array_equal(model.probabilities(TEXTS, languages), model.probabilities(TEXTS))
    assert model.predict(TEXTS, languages) == model.predict(TEXTS)
    with pytest.raises(ValueError, match=f"2 languages for {len(TEXTS)} texts"):
        model.predict(TEXTS, ["it", "en"])


def test_inputs_follow_the_graph_without_token_types(folder: Path) -> None:
    weights = write_model(folder, token_types=False)
    model = transformer.load(folder)
    assert set(model.inputs) == {"input_ids", "attention_mask"}
    expected = np.array([reference_softmax(text, weights, token_types=False) for text in TEXTS])
    np.testing.assert_allclose(model.probabilities(TEXTS), expected, atol=1e-5)


def test_deterministic_in_order_and_independent_of_batch_size(folder: Path) -> None:
    write_model(folder)
    one = transformer.load(folder, batch_size=1)
    many = transformer.load(folder, batch_size=64)
    assert (one.batch_size, many.batch_size) == (1, 64)
    texts = TEXTS * 5
    labels, scores = many.predict(texts)
    assert many.predict(texts) == (labels, scores)
    single_labels, single_scores = one.predict(texts)
    assert single_labels == labels
    np.testing.assert_allclose(single_scores, scores, atol=1e-6)
    # Order restored after sorting by length: each text scores as it does alone.
    alone = [one.predict([text])[1][0] for text in TEXTS]
    np.testing.assert_allclose(scores[: len(TEXTS)], alone, atol=1e-6)
    reversed_scores = many.predict(texts[::-1])[1]
    np.testing.assert_allclose(reversed_scores[::-1], scores, atol=1e-6)


def test_mentions_and_links_are_normalised(folder: Path) -> None:
    write_model(folder)
    model = transformer.load(folder)
    assert transformer.normalise("@mario ciao http://a.b/c\n@x https://z") == "@user ciao http\n@user http"
    assert (
        transformer.normalise("email a@b.it, @ alone") == "email a@b.it, @ alone"
    )  # a lone "@" is no mention
    scores = model.predict(["@mario good", "@luigi good", "http://a.it bad", "https://b.com/x?y=1 bad"])[1]
    assert scores[0] == scores[1]
    assert scores[2] == scores[3]


def test_long_texts_are_truncated_to_the_model_length(folder: Path) -> None:
    weights = write_model(folder)
    model = transformer.load(folder)
    six_words = "good good bad bad the the"
    longer = six_words + " awful awful awful awful"
    # The tokenizer keeps [CLS] + 6 words + [SEP] = MAX_LENGTH tokens, so the tail is dropped.
    assert model.predict([longer]) == model.predict([six_words])
    np.testing.assert_allclose(
        model.probabilities([longer])[0], reference_softmax(six_words, weights), atol=1e-5
    )


@pytest.mark.parametrize("empty", ["", "   ", "\n", None])
def test_empty_texts_are_neutral_without_running_the_model(folder: Path, empty: str | None) -> None:
    write_model(folder)
    model = transformer.load(folder)
    labels, scores = model.predict(["good coffee", empty, "bad coffee is awful"])
    assert labels[1] == "neutral" and scores[1] == 0.0
    assert (labels[0], labels[2]) == tuple(model.predict(["good coffee", "bad coffee is awful"])[0])
    assert model.predict([]) == ([], [])
    assert model.predict([empty]) == (["neutral"], [0.0])


def test_a_text_the_tokenizer_turns_into_no_tokens_is_neutral(folder: Path) -> None:
    write_model(folder)
    # A tokenizer without [CLS]/[SEP] whose normaliser deletes "!": "!!!" has no tokens to average.
    tokenizer = build_tokenizer()
    tokenizer.post_processor = None
    tokenizer.normalizer = normalizers.Sequence([normalizers.Lowercase(), normalizers.Replace("!", "")])
    tokenizer.save(str(folder / "tokenizer.json"))
    labels, scores = transformer.load(folder).predict(["!!!", "good coffee!"])
    assert (labels[0], scores[0]) == ("neutral", 0.0)
    assert np.isfinite(scores[1]) and scores[1] != 0.0


@pytest.mark.parametrize(
    "id2label",
    [
        {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"},
        {"0": "Negative", "1": "Neutral", "2": "Positive"},
        {"0": "NEG", "1": "NEU", "2": "POS"},
    ],
)
def test_label_names_map_to_negative_neutral_positive(folder: Path, id2label: dict[str, str]) -> None:
    weights = write_model(folder, id2label)
    probabilities = transformer.load(folder).probabilities(TEXTS)
    expected = np.array([reference_softmax(text, weights) for text in TEXTS])
    np.testing.assert_allclose(probabilities, expected, atol=1e-5)


def test_label_order_follows_id2label(folder: Path) -> None:
    weights = write_model(folder, {"0": "positive", "1": "negative", "2": "neutral"})
    model = transformer.load(folder)
    raw = np.array([reference_softmax(text, weights) for text in TEXTS])
    # Column 0 of the logits is positive, 1 negative, 2 neutral; LABELS order is negative, neutral, positive.
    np.testing.assert_allclose(model.probabilities(TEXTS), raw[:, [1, 2, 0]], atol=1e-5)
    labels, scores = model.predict(TEXTS)
    np.testing.assert_allclose(scores, raw[:, 0] - raw[:, 1], atol=1e-5)
    assert labels == [("positive", "negative", "neutral")[i] for i in raw.argmax(axis=1)]


def test_two_way_model_has_no_neutral(folder: Path) -> None:
    weights = write_model(folder, {"0": "NEGATIVE", "1": "POSITIVE"})
    model = transformer.load(folder)
    raw = np.array([reference_softmax(text, weights) for text in TEXTS])
    probabilities = model.probabilities(TEXTS)
    np.testing.assert_allclose(probabilities[:, [0, 2]], raw, atol=1e-5)
    assert (probabilities[:, 1] == 0).all()
    assert set(model.predict(TEXTS)[0]) == {"negative", "positive"}


@pytest.mark.parametrize(
    "id2label",
    [
        {"0": "anger", "1": "joy", "2": "optimism"},
        {"0": "negative", "1": "positive", "2": "positive"},
        {"0": "LABEL_0", "1": "LABEL_1"},
        {"0": "neutral", "1": "positive"},
        {"0": "negative", "1": "neutral", "5": "positive"},
    ],
)
def test_unmappable_labels_are_refused(folder: Path, id2label: dict[str, str]) -> None:
    write_model(folder, id2label)
    with pytest.raises(ModelFolderError, match="id2label") as caught:
        transformer.load(folder)
    assert str(folder) in str(caught.value)
    assert "\n" not in str(caught.value)


def break_folder(folder: Path, damage: str) -> str:
    """Damage a complete folder one way; returns the text the error must name."""
    if damage == "no folder":
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        return "not found"
    name, _, how = damage.partition(" ")
    if how == "missing":
        (folder / name).unlink()
    elif how == "garbage":
        (folder / name).write_bytes(b"\x00\x01 not what it should be {")
    elif how == "list":
        (folder / name).write_text("[1, 2]")
    elif how == "no labels":
        (folder / name).write_text(json.dumps({"model_type": "bert"}))
    return name


@pytest.mark.parametrize(
    "damage",
    [
        "no folder",
        "model.onnx missing",
        "tokenizer.json missing",
        "config.json missing",
        "model.onnx garbage",
        "tokenizer.json garbage",
        "config.json garbage",
        "tokenizer_config.json garbage",
        "config.json list",
        "config.json no labels",
    ],
)
def test_a_broken_folder_gets_one_line_naming_folder_and_file(folder: Path, damage: str) -> None:
    write_model(folder)
    named = break_folder(folder, damage)
    with pytest.raises(ModelFolderError) as caught:
        transformer.load(folder)
    message = str(caught.value)
    assert message.startswith(f"{folder}: ")
    assert named in message
    assert "\n" not in message


def test_folder_errors_are_workspace_errors_in_the_user_language(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_model(folder)
    (folder / "tokenizer.json").unlink()
    monkeypatch.setattr(i18n, "_language", "it")
    # A WorkspaceError: the CLI prints it as one line, in the user's language.
    with pytest.raises(WorkspaceError, match=r"manca tokenizer\.json \(esporta il modello"):
        transformer.load(folder)


def test_a_graph_with_other_inputs_is_refused(folder: Path) -> None:
    write_model(folder)
    model = onnx.load(folder / "model.onnx")
    model.graph.input.append(helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3]))
    onnx.save(model, folder / "model.onnx")
    with pytest.raises(ModelFolderError, match="pixel_values"):
        transformer.load(folder)


def test_providers_and_batch_size_follow_the_hardware(folder: Path) -> None:
    assert transformer.execution_providers(["CUDAExecutionProvider", "CPUExecutionProvider"]) == [
        "CUDAExecutionProvider",
        "CPUExecutionProvider",
    ]
    assert transformer.execution_providers(["AzureExecutionProvider", "CPUExecutionProvider"]) == [
        "CPUExecutionProvider"
    ]
    write_model(folder)
    model = transformer.load(folder, providers=["CPUExecutionProvider"])
    assert model.provider == "CPUExecutionProvider"
    assert model.batch_size == transformer.BATCH_SIZE["CPUExecutionProvider"]
    assert transformer.BATCH_SIZE["CUDAExecutionProvider"] > transformer.BATCH_SIZE["CPUExecutionProvider"]


def test_max_length_comes_from_tokenizer_then_model_config() -> None:
    assert transformer.max_length({"max_position_embeddings": 514}, {"model_max_length": 128}) == 128
    # Hugging Face writes int(1e30) when the tokenizer has no limit; then the model's positions decide.
    huge = {"model_max_length": 1000000000000000019884624838656}
    assert transformer.max_length({"max_position_embeddings": 512, "model_type": "bert"}, huge) == 512
    # XLM-RoBERTa: 514 positions, padding_idx 1, positions start at 2: 514 - 1 - 1 = 512 tokens.
    xlmr = {"max_position_embeddings": 514, "model_type": "xlm-roberta", "pad_token_id": 1}
    assert transformer.max_length(xlmr, {}) == 512
    assert transformer.max_length({}, {}) == transformer.FALLBACK_MAX_LENGTH
