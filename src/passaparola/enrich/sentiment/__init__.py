"""Sentiment of an item's text: the backend protocol every model implements.

A backend labels each text ``negative``, ``neutral`` or ``positive`` and gives a score in
[-1, 1], P(positive) - P(negative). The default backend ships inside the package (a linear model
over hashed n-grams); a workspace may choose another in ``passaparola.toml`` ``[sentiment]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")


class SentimentModel(Protocol):
    """What every sentiment backend offers."""

    name: str

    def predict(self, texts: Sequence[str]) -> tuple[list[str], list[float]]:
        """Label per text (one of ``LABELS``) and a score in [-1, 1] (P(pos) - P(neg))."""
        ...
