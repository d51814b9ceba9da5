"""Build aligned pairs from plain sentences with the real language pipeline (no embedding model needed)."""

from __future__ import annotations

import pytest

from xref.claims import analyse
from xref.detect import AlignedPair
from xref.types import Sentence


def make_pair(text_a: str, text_b: str, *, similarity: float = 0.8, published=None) -> AlignedPair:
    """Two one-sentence sources "a" and "b"; the sentence cosine is given, as the detectors take it."""
    a, b = Sentence("a", 0, 0, len(text_a), text_a), Sentence("b", 0, 0, len(text_b), text_b)
    anatomies = analyse([a, b], {"a": published, "b": published})
    return AlignedPair(
        anatomies[a.id],
        anatomies[b.id],
        similarity,
        "c0",
        {"a": "A", "b": "B"},
        {"a": text_a.lower(), "b": text_b.lower()},
    )


@pytest.fixture(scope="session")
def pair_of():
    return make_pair
