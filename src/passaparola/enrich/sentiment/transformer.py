"""Optional sentiment backend: a Hugging Face sequence-classification model exported to ONNX.

The workspace points ``[sentiment] model`` at a local folder holding what
``optimum-cli export onnx --task text-classification`` writes (recipe: ``docs/sentiment-transformer.md``):

- ``model.onnx``: the graph; its inputs are some of ``input_ids``, ``attention_mask``, ``token_type_ids``
  and its first output (or the one named ``logits``) is ``[batch, labels]``;
- ``tokenizer.json``: the fast tokenizer, read with the ``tokenizers`` package;
- ``config.json``: ``id2label``, mapped to ``negative``/``neutral``/``positive`` case-insensitively
  (``neg``/``neu``/``pos`` too; three labels named ``LABEL_0``..``LABEL_2`` mean negative, neutral,
  positive in that order, as in the cardiffnlp models), and what bounds the input length;
- ``tokenizer_config.json`` (optional): ``model_max_length``.

Texts are normalised as the cardiffnlp Twitter models were trained (a mention becomes ``@user``, a link
``http``), truncated to the model's length, sorted by length and padded per batch, and the logits are
turned into probabilities with a softmax. Runs on the GPU when ONNX Runtime offers CUDA
(``onnxruntime-gpu``), else on the CPU, with a batch size to match.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from passaparola import i18n
from passaparola.enrich.sentiment import LABELS
from passaparola.workspace import WorkspaceError

GPU_PROVIDER = "CUDAExecutionProvider"
CPU_PROVIDER = "CPUExecutionProvider"
# Texts per batch: tweets sorted by length keep padding small, so the GPU takes many at once.
BATCH_SIZE = {GPU_PROVIDER: 128, CPU_PROVIDER: 32}
# When neither the tokenizer nor the model config bounds the input, BERT-family models take 512 tokens.
FALLBACK_MAX_LENGTH = 512
# RoBERTa-family models number positions from padding_idx + 1, so max_position_embeddings counts
# padding_idx + 1 positions no token can use (514 positions, 512 tokens).
ROBERTA_FAMILY = frozenset({"roberta", "xlm-roberta", "xlm-roberta-xl", "camembert", "bertweet"})
MODEL_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
INTEGER_TYPES = {"tensor(int64)": np.int64, "tensor(int32)": np.int32}
LABEL_NAMES = {
    "negative": "negative",
    "neg": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "positive": "positive",
    "pos": "positive",
}
NUMBERED_LABELS = {"label_0": "negative", "label_1": "neutral", "label_2": "positive"}

_MENTION = re.compile(r"(?<!\S)@\S+")
_LINK = re.compile(r"(?<!\S)http\S*")


class ModelFolderError(WorkspaceError):
    """A model folder that is missing, incomplete or unreadable: ``"FOLDER: problem"`` on one line."""

    def __init__(self, folder: Path, problem: str) -> None:
        self.folder = folder
        self.problem = problem
        super().__init__(f"{folder}: {problem}")


def normalise(text: str) -> str:
    """Mentions become ``@user`` and links ``http``, as the cardiffnlp Twitter models expect."""
    return _LINK.sub("http", _MENTION.sub("@user", text))


def execution_providers(available: Sequence[str]) -> list[str]:
    """CUDA first when ONNX Runtime offers it, with the CPU as fallback; else the CPU alone."""
    return [GPU_PROVIDER, CPU_PROVIDER] if GPU_PROVIDER in available else [CPU_PROVIDER]


def label_columns(id2label: dict[str, str], folder: Path) -> dict[str, int]:
    """Which logit column holds each of ``LABELS``; neutral may be absent (a two-way model)."""
    names = {str(index).strip(): str(name).strip().lower() for index, name in id2label.items()}
    table = (
        NUMBERED_LABELS if len(names) == 3 and set(names.values()) == set(NUMBERED_LABELS) else LABEL_NAMES
    )
    columns = {table.get(name): index for index, name in names.items()}
    if (
        None in columns
        or len(columns) != len(names)
        or not {"negative", "positive"} <= columns.keys()
        or sorted(names) != [str(i) for i in range(len(names))]
    ):
        raise ModelFolderError(
            folder, i18n.t("transformer.labels", labels=", ".join(map(str, id2label.values())))
        )
    return {str(label): int(index) for label, index in columns.items()}


class TransformerSentiment:
    """A sequence-classification model run by ONNX Runtime; see the module docstring."""

    def __init__(
        self,
        folder: Path,
        session: onnxruntime.InferenceSession,
        tokenizer: Tokenizer,
        columns: dict[str, int],
        pad_id: int,
        batch_size: int,
    ) -> None:
        self.name = f"transformer:{folder.name}"
        self.folder = folder
        self.session = session
        self.tokenizer = tokenizer
        self.columns = columns
        self.pad_id = pad_id
        self.batch_size = batch_size
        self.provider = session.get_providers()[0]
        self.inputs = {node.name: INTEGER_TYPES[node.type] for node in session.get_inputs()}
        outputs = [node.name for node in session.get_outputs()]
        self.output = "logits" if "logits" in outputs else outputs[0]

    def probabilities(
        self, texts: Sequence[str | None], languages: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """``[len(texts), 3]`` probabilities of negative, neutral, positive; a text that is empty (or that
        the tokenizer turns into no tokens) is all neutral. A transformer reads the language from the
        text itself: ``languages`` is accepted, as every backend's, and only checked to be one per
        text."""
        if languages is not None and len(languages) != len(texts):
            raise ValueError(f"{len(languages)} languages for {len(texts)} texts")
        result = np.zeros((len(texts), len(LABELS)))
        result[:, LABELS.index("neutral")] = 1.0
        present = [i for i, text in enumerate(texts) if text is not None and text.strip()]
        encodings = self.tokenizer.encode_batch([normalise(texts[i]) for i in present])
        order = sorted(
            (k for k in range(len(present)) if encodings[k].ids), key=lambda k: len(encodings[k].ids)
        )
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            logits = self._logits([encodings[k] for k in chunk])
            if logits.ndim != 2 or logits.shape[1] != len(self.columns):
                raise ModelFolderError(
                    self.folder,
                    i18n.t("transformer.output", shape=list(logits.shape), labels=len(self.columns)),
                )
            shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
            softmax = shifted / shifted.sum(axis=1, keepdims=True)
            rows = [present[k] for k in chunk]
            result[rows] = 0.0
            for label, column in self.columns.items():
                result[rows, LABELS.index(label)] = softmax[:, column]
        return result

    def predict(
        self, texts: Sequence[str | None], languages: Sequence[str | None] | None = None
    ) -> tuple[list[str], list[float]]:
        """Label per text and its score, P(positive) - P(negative) (``languages``: see
        :meth:`probabilities`)."""
        probabilities = self.probabilities(texts, languages)
        labels = [LABELS[i] for i in probabilities.argmax(axis=1)]
        scores = probabilities[:, LABELS.index("positive")] - probabilities[:, LABELS.index("negative")]
        return labels, scores.tolist()

    def _logits(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(encoding.ids) for encoding in encodings)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            length = len(encoding.ids)
            ids[row, :length] = encoding.ids
            mask[row, :length] = encoding.attention_mask
            types[row, :length] = encoding.type_ids
        arrays = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        feed = {name: arrays[name].astype(dtype) for name, dtype in self.inputs.items()}
        return np.asarray(self.session.run([self.output], feed)[0], dtype=np.float64)


def load(
    folder: Path, *, batch_size: int | None = None, providers: Sequence[str] | None = None
) -> TransformerSentiment:
    """The model in ``folder``; ``ModelFolderError`` names the folder and what is missing or wrong.

    ``providers`` defaults to CUDA when available, else CPU; ``batch_size`` to one matched to the
    provider that ONNX Runtime actually chose.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelFolderError(folder, i18n.t("transformer.no_folder"))
    for name in ("model.onnx", "tokenizer.json", "config.json"):
        if not (folder / name).is_file():
            raise ModelFolderError(folder, i18n.t("transformer.missing", file=name))
    config = _json(folder, "config.json")
    id2label = config.get("id2label")
    if not isinstance(id2label, dict) or not id2label:
        raise ModelFolderError(folder, i18n.t("transformer.no_labels"))
    columns = label_columns(id2label, folder)
    tokenizer_config = (
        _json(folder, "tokenizer_config.json") if (folder / "tokenizer_config.json").is_file() else {}
    )
    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as exc:  # the tokenizers package raises a bare Exception for any unreadable file
        raise ModelFolderError(
            folder, i18n.t("transformer.broken", file="tokenizer.json", error=_line(exc))
        ) from None
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length(config, tokenizer_config))
    chosen = list(providers) if providers else execution_providers(onnxruntime.get_available_providers())
    try:
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"), providers=chosen)
    except Exception as exc:  # ONNX Runtime raises its own unexported exception classes
        raise ModelFolderError(
            folder, i18n.t("transformer.broken", file="model.onnx", error=_line(exc))
        ) from None
    inputs = {node.name: node.type for node in session.get_inputs()}
    unusable = [
        f"{name} ({kind})"
        for name, kind in inputs.items()
        if name not in MODEL_INPUTS or kind not in INTEGER_TYPES
    ]
    if unusable or "input_ids" not in inputs:
        raise ModelFolderError(
            folder, i18n.t("transformer.inputs", inputs=", ".join(unusable) or ", ".join(inputs))
        )
    pad_id = _pad_id(config, tokenizer)
    size = batch_size or BATCH_SIZE.get(session.get_providers()[0], BATCH_SIZE[CPU_PROVIDER])
    return TransformerSentiment(folder, session, tokenizer, columns, pad_id, size)


def max_length(config: dict[str, Any], tokenizer_config: dict[str, Any]) -> int:
    """Tokens the model takes: the tokenizer's ``model_max_length`` when set (Hugging Face writes a
    huge number for "unset"), else the model's position embeddings, else 512."""
    stated = tokenizer_config.get("model_max_length")
    if isinstance(stated, int) and 0 < stated < 1_000_000:
        return stated
    positions = config.get("max_position_embeddings")
    if not isinstance(positions, int) or positions <= 0:
        return FALLBACK_MAX_LENGTH
    if config.get("model_type") in ROBERTA_FAMILY:
        padding_idx = config.get("pad_token_id")
        return positions - (padding_idx if isinstance(padding_idx, int) else 1) - 1
    return positions


def _pad_id(config: dict[str, Any], tokenizer: Tokenizer) -> int:
    if isinstance(config.get("pad_token_id"), int):
        return config["pad_token_id"]
    for token in ("<pad>", "[PAD]"):
        found = tokenizer.token_to_id(token)
        if found is not None:
            return found
    return 0


def _json(folder: Path, name: str) -> dict[str, Any]:
    try:
        content = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFolderError(folder, i18n.t("transformer.broken", file=name, error=_line(exc))) from None
    if not isinstance(content, dict):
        raise ModelFolderError(folder, i18n.t("transformer.not_object", file=name))
    return content


def _line(error: BaseException) -> str:
    """The first line of an error's message: loaders' messages run over several lines."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
