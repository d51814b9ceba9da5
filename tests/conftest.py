"""Shared fixtures. The real model loads once per session; cache and data folders point at a temp dir."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
_TMP_HOME = tempfile.mkdtemp(prefix="xref-tests-")


def pytest_configure(config):
    # Before anything reads the user folders: tests never touch the real home (CI reuses it).
    os.environ["XDG_CACHE_HOME"] = str(Path(_TMP_HOME) / "cache")
    os.environ["XDG_DATA_HOME"] = str(Path(_TMP_HOME) / "data")


class HashingEmbedder:
    """A fast stand-in for unit tests of logic only: bag of hashed words, L2-normalised."""

    name = "hashing-test"
    checksum = "0" * 64

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


@pytest.fixture
def fake_embedder():
    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from xref.embed import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def seed_comparison(real_embedder):
    import xref

    return xref.compare([str(p) for p in SEEDS], embedder=real_embedder)


@pytest.fixture(scope="session")
def seed_paths():
    return [str(p) for p in SEEDS]
