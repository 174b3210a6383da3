"""Sentiment of an item's text: the backend protocol every model implements.

A backend labels each text ``negative``, ``neutral`` or ``positive`` and gives a score in
[-1, 1], P(positive) - P(negative). The default backend ships inside the package (a linear model
over hashed n-grams); a workspace may choose another in ``passaparola.toml`` ``[sentiment]``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")


class SentimentModel(Protocol):
    """What every sentiment backend offers."""

    name: str

    def probabilities(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> np.ndarray:
        """``[len(texts), 3]`` array of P(label), columns in ``LABELS`` order, given each text's
        language (ISO 639-1) when known; a backend may use it or not."""
        ...

    def predict(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> tuple[list[str], list[float]]:
        """Label per text (one of ``LABELS``) and a score in [-1, 1] (P(pos) - P(neg)), given each
        text's language (ISO 639-1) when known; a backend may use it or not."""
        ...


#: The model that ships inside the package.
SHIPPED_FOLDER = Path(__file__).parent / "model"
#: Where ``passaparola sentiment train --workspace`` saves the model retrained on corrections.
WORKSPACE_FOLDER = "sentiment-model"
#: A folder holding this file is a transformer model (``passaparola.enrich.sentiment.transformer``).
TRANSFORMER_FILE = "model.onnx"
#: Files of a Hugging Face model folder not yet exported to ONNX.
HUGGING_FACE_FILES = ("config.json", "model.safetensors", "pytorch_model.bin")


class SentimentSetupError(ValueError):
    """A ``[sentiment] model`` that names no usable model; the message says which folder and why."""


def model_folder(setting: str, root: Path | None) -> tuple[Path, str]:
    """The folder and name of the model ``[sentiment] model = setting`` chooses for the workspace at
    ``root``: ``"auto"`` is the workspace's retrained model when it has one, else the shipped one;
    ``"shipped"`` is always the shipped one; anything else is a folder (relative to ``root``)."""
    from passaparola.enrich.sentiment.linear import PARAMETERS_FILE

    if setting == "shipped" or (
        setting == "auto" and (root is None or not (root / WORKSPACE_FOLDER / PARAMETERS_FILE).is_file())
    ):
        return SHIPPED_FOLDER, "default"
    if setting == "auto":
        return root / WORKSPACE_FOLDER, "workspace"  # type: ignore[operator]
    folder = Path(setting).expanduser()
    if not folder.is_absolute() and root is not None:
        folder = root / folder
    if not folder.is_dir():
        raise SentimentSetupError(f"sentiment.model: {folder} is not a folder")
    return folder, folder.name


def load(setting: str = "auto", root: Path | None = None) -> SentimentModel:
    """The sentiment backend a workspace's ``[sentiment] model`` chooses (see :func:`model_folder`)."""
    folder, name = model_folder(setting, root)
    return load_folder(folder, name)


def load_folder(folder: Path, name: str | None = None) -> SentimentModel:
    """The model saved in ``folder``, whichever backend it is for: ``model.onnx`` -> the transformer
    backend, else the default format (``model.json`` and ``weights.npz``). A Hugging Face folder not yet
    exported to ONNX, or anything else, gets a one-line :class:`SentimentSetupError` (the transformer
    backend's own errors are :class:`passaparola.workspace.WorkspaceError`)."""
    if not folder.is_dir():
        raise SentimentSetupError(f"{folder} is not a folder")
    stamp = max((p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()), default=0)
    return _load(folder, name or folder.name, stamp)


@functools.lru_cache(maxsize=4)
def _load(folder: Path, name: str, stamp: int) -> SentimentModel:
    from passaparola import i18n
    from passaparola.enrich.sentiment.linear import PARAMETERS_FILE, LinearSentiment, ModelFileError

    if (folder / TRANSFORMER_FILE).is_file():
        from passaparola.enrich.sentiment import transformer

        return transformer.load(folder)
    if not (folder / PARAMETERS_FILE).is_file() and any((folder / f).is_file() for f in HUGGING_FACE_FILES):
        raise SentimentSetupError(i18n.t("sentiment.export_onnx", folder=folder))
    try:
        return LinearSentiment.load(folder, name)
    except ModelFileError as error:
        raise SentimentSetupError(str(error)) from None


def scored_text(item: Mapping[str, Any]) -> str | None:
    """What the model reads of an item: its title and text, None when it has neither."""
    parts = [part for part in (item.get("title"), item.get("text")) if isinstance(part, str) and part.strip()]
    return "\n".join(parts) if parts else None


def fill(batch: list[dict[str, Any]], model: SentimentModel) -> None:
    """Set ``sentiment`` and ``sentiment_score`` on every item of the batch that has text, read in the
    item's language (``lang``) where it has one."""
    scored = [(item, text) for item in batch if (text := scored_text(item)) is not None]
    labels, scores = model.predict([text for _, text in scored], [item.get("lang") for item, _ in scored])
    for (item, _), label, score in zip(scored, labels, scores, strict=True):
        item["sentiment"] = label
        item["sentiment_score"] = score
