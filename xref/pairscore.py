"""The claim pair score: a logistic regression over cheap features of two claim units of one story.

No single similarity separates "same claim" from "same story": an embedding cosine rates every
sentence of a story alike. The score combines the cosine with features that weigh what a reader
checks — shared names, numbers and rare words, the story-residual cosine (each vector minus the
story's mean, which removes the topic every sentence shares), lengths and document similarity. The
weights are fitted on ECB+ train topics by ``benchmarks/train_pair_model.py`` and shipped in
``xref/data/pair_model.json``; everything here is vectorised over blocks of pairs, so the scorer plugs
into :mod:`xref.cluster` like a plain cosine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

FEATURES = (
    "cosine",
    "residual_cosine",
    "tfidf_cosine",
    "entity_jaccard",
    "entity_shared",
    "number_shared",
    "word_jaccard",
    "word_shared",
    "length_gap",
    "length_min",
    "document_cosine",
    "clauses",
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]+|\d[\d,.]*")
_NUMBER = re.compile(r"\d[\d,.]*")
_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being has have had "
    "do does did will would shall should can could may might must that this these those it its he she they "
    "them his her their there here who whom which what when where why how not no so than then also just "
    "said says say told tell after before over under into out up down about more most some any all each "
    "other such only own same very s t mr mrs ms dr sir".split()
)


@dataclass(frozen=True)
class PairModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_dict(cls, data: dict) -> PairModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("pair model was trained on other features")
        return cls(
            np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]), float(data["intercept"])
        )

    def probability(self, features: np.ndarray) -> np.ndarray:
        """``features``: (..., len(FEATURES)) array; returns the same leading shape."""
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def default_pair_model() -> PairModel:
    text = resources.files("xref").joinpath("data/pair_model.json").read_text(encoding="utf-8")
    return PairModel.from_dict(json.loads(text))


def _binary_matrix(token_sets: Sequence[set[str]]):
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, tokens in enumerate(token_sets):
        for token in tokens:
            rows.append(row)
            cols.append(vocabulary.setdefault(token, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float32)
    return csr_matrix((data, (rows, cols)), shape=(len(token_sets), max(len(vocabulary), 1)))


def entity_tokens(text: str) -> set[str]:
    """Capitalised words not opening the text, and numbers: a cheap stand-in for names and figures."""
    tokens = _TOKEN.findall(text)
    found = set()
    for position, token in enumerate(tokens):
        if token[0].isdigit() or (position > 0 and token[0].isupper() and token.lower() not in _STOP):
            found.add(token.lower().strip(".,"))
    return found


def content_words(text: str) -> set[str]:
    return {t.lower() for t in _TOKEN.findall(text) if t.lower() not in _STOP and not t[0].isdigit()}


class FeatureBlock:
    """Pair features for units of one story; ``block(rows, cols)`` returns (len(rows), len(cols), F)."""

    def __init__(
        self, texts: Sequence[str], vectors: np.ndarray, documents: np.ndarray, whole_sentence: np.ndarray
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectors = vectors
        from xref.cluster import story_mean

        mean = story_mean(vectors)
        self.mean_dot = vectors @ mean
        self.mean_norm2 = float(mean @ mean)
        # |v - mean| for each row, so the residual cosine comes from plain dot products.
        self.residual_norm = np.sqrt(np.maximum(1.0 - 2 * self.mean_dot + self.mean_norm2, 1e-12))
        try:
            self.tfidf = TfidfVectorizer(sublinear_tf=True, stop_words=sorted(_STOP)).fit_transform(texts)
        except ValueError:  # no content words at all
            self.tfidf = None
        self.entities = _binary_matrix([entity_tokens(t) for t in texts])
        self.entity_count = np.asarray(self.entities.sum(axis=1)).ravel()
        self.numbers = _binary_matrix([set(_NUMBER.findall(t)) for t in texts])
        self.words = _binary_matrix([content_words(t) for t in texts])
        self.word_count = np.asarray(self.words.sum(axis=1)).ravel()
        self.log_length = np.log1p([len(t.split()) for t in texts])
        doc_ids, doc_index = np.unique(documents, return_inverse=True)
        doc_vectors = np.stack([vectors[doc_index == d].mean(axis=0) for d in range(len(doc_ids))])
        doc_vectors /= np.maximum(np.linalg.norm(doc_vectors, axis=1, keepdims=True), 1e-12)
        self.document_cosine = doc_vectors @ doc_vectors.T
        self.doc_index = doc_index
        self.clause = (~np.asarray(whole_sentence, dtype=bool)).astype(np.float32)

    @staticmethod
    def _dense(product) -> np.ndarray:
        return product.toarray() if hasattr(product, "toarray") else np.asarray(product)

    @staticmethod
    def _aligned(matrix, rows, cols) -> np.ndarray:
        """Row-wise dot products of matrix[rows] and matrix[cols]."""
        return np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1)).ravel()

    def block(self, rows, cols) -> np.ndarray:
        """Features of every pair (rows × cols): shape (len(rows), len(cols), F)."""
        rows, cols = np.asarray(rows), np.asarray(cols)
        cosine = self.vectors[rows] @ self.vectors[cols].T
        tfidf = self._dense(self.tfidf[rows] @ self.tfidf[cols].T) if self.tfidf is not None else np.zeros_like(cosine)
        return self._assemble(
            cosine,
            rows[:, None],
            cols[None, :],
            tfidf,
            self._dense(self.entities[rows] @ self.entities[cols].T),
            self._dense(self.numbers[rows] @ self.numbers[cols].T),
            self._dense(self.words[rows] @ self.words[cols].T),
        )

    def pairs(self, rows, cols) -> np.ndarray:
        """Features of the aligned pairs (rows[k], cols[k]): shape (len(rows), F)."""
        rows, cols = np.asarray(rows), np.asarray(cols)
        cosine = np.einsum("ij,ij->i", self.vectors[rows], self.vectors[cols])
        tfidf = self._aligned(self.tfidf, rows, cols) if self.tfidf is not None else np.zeros_like(cosine)
        return self._assemble(
            cosine,
            rows,
            cols,
            tfidf,
            self._aligned(self.entities, rows, cols),
            self._aligned(self.numbers, rows, cols),
            self._aligned(self.words, rows, cols),
        )

    def _assemble(self, cosine, a, b, tfidf, shared_entities, shared_numbers, shared_words) -> np.ndarray:
        """Stack the features; ``a`` and ``b`` index rows and columns (broadcasting for blocks)."""
        residual = (cosine - self.mean_dot[a] - self.mean_dot[b] + self.mean_norm2) / (
            self.residual_norm[a] * self.residual_norm[b]
        )
        entity_union = self.entity_count[a] + self.entity_count[b] - shared_entities
        word_union = self.word_count[a] + self.word_count[b] - shared_words
        features = np.stack(
            [
                cosine,
                residual,
                tfidf,
                shared_entities / np.maximum(entity_union, 1),
                np.minimum(shared_entities, 3),
                np.minimum(shared_numbers, 2),
                shared_words / np.maximum(word_union, 1),
                np.minimum(shared_words, 6),
                np.abs(self.log_length[a] - self.log_length[b]),
                np.minimum(self.log_length[a], self.log_length[b]),
                self.document_cosine[self.doc_index[a], self.doc_index[b]],
                self.clause[a] + self.clause[b],
            ],
            axis=-1,
        )
        return features.astype(np.float32)


class LearnedScorer:
    """Probability, under the shipped pair model, that two units state one claim."""

    def __init__(self, features: FeatureBlock, model: PairModel | None = None) -> None:
        self.features = features
        self.model = model or default_pair_model()

    def block(self, rows, cols) -> np.ndarray:
        return self.model.probability(self.features.block(rows, cols))

    def pairs(self, rows, cols) -> np.ndarray:
        return self.model.probability(self.features.pairs(rows, cols))


class BlendedScorer:
    """``(1 - weight) * dense dot product + weight * learned probability``.

    The learned model alone groups events of one kind (three councillors' resignations) too readily;
    the dense part alone misses paraphrases that share names and rare words. Measured in
    ``benchmarks/README.md``.
    """

    def __init__(self, dense: np.ndarray, learned: LearnedScorer, weight: float) -> None:
        self.dense = dense
        self.learned = learned
        self.weight = weight

    def block(self, rows, cols) -> np.ndarray:
        dense = self.dense[rows] @ self.dense[cols].T
        return (1 - self.weight) * dense + self.weight * self.learned.block(rows, cols)

    def pairs(self, rows, cols) -> np.ndarray:
        dense = np.einsum("ij,ij->i", self.dense[rows], self.dense[cols])
        return (1 - self.weight) * dense + self.weight * self.learned.pairs(rows, cols)
