"""Baselines every figure is printed beside: random, Jaccard, TF-IDF, BM25.

Each baseline is fitted on the candidate documents and scores queries into a
dense (queries x documents) matrix; ``top_ids`` turns scores into rankings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from matching.text import BM25, CharTokenizer, char_tfidf


class Scorer(Protocol):
    name: str

    def fit(self, docs: Sequence[str]) -> Scorer: ...

    def score(self, queries: Sequence[str]) -> np.ndarray: ...


class RandomScorer:
    name = "random"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, docs: Sequence[str]) -> RandomScorer:
        self.n_docs_ = len(docs)
        return self

    def score(self, queries: Sequence[str]) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        return rng.random((len(queries), self.n_docs_), dtype=np.float32)


class JaccardScorer:
    """Jaccard overlap of character-bigram sets."""

    name = "Jaccard (char 2-grams)"

    def fit(self, docs: Sequence[str]) -> JaccardScorer:
        self.vec_ = CountVectorizer(analyzer=CharTokenizer((2, 2)), lowercase=False, binary=True)
        self.docs_ = sp.csr_matrix(self.vec_.fit_transform(docs), dtype=np.float32)
        self.sizes_ = np.asarray(self.docs_.sum(axis=1)).ravel()
        return self

    def score(self, queries: Sequence[str]) -> np.ndarray:
        q = sp.csr_matrix(self.vec_.transform(queries), dtype=np.float32)
        inter = np.asarray((q @ self.docs_.T).toarray())
        qs = np.asarray(q.sum(axis=1)).ravel()
        union = qs[:, None] + self.sizes_[None, :] - inter
        return np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0).astype(np.float32)


class TfidfScorer:
    """Brute-force cosine over character 1-3-gram TF-IDF: the baseline to beat."""

    name = "TF-IDF (char 1-3-grams)"

    def __init__(self, ngram: tuple[int, int] = (1, 3)) -> None:
        self.ngram = ngram

    def fit(self, docs: Sequence[str]) -> TfidfScorer:
        self.vec_ = char_tfidf(self.ngram)
        self.docs_ = sp.csr_matrix(self.vec_.fit_transform(docs))
        return self

    def score(self, queries: Sequence[str]) -> np.ndarray:
        q = sp.csr_matrix(self.vec_.transform(queries))
        return np.asarray((q @ self.docs_.T).toarray(), dtype=np.float32)


class BM25Scorer:
    name = "BM25 (char 2-grams)"

    def fit(self, docs: Sequence[str]) -> BM25Scorer:
        self.bm25_ = BM25(ngram=(2, 2)).fit(docs)
        return self

    def score(self, queries: Sequence[str]) -> np.ndarray:
        return self.bm25_.score(queries)


def baselines() -> list[Scorer]:
    return [RandomScorer(), JaccardScorer(), TfidfScorer(), BM25Scorer()]


def top_ids(scores: np.ndarray, ids: Sequence[str], k: int = 10) -> list[list[str]]:
    """Best-first ids per row; ties broken by position for determinism."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    out: list[list[str]] = []
    for row, cand in zip(scores, part, strict=True):
        order = cand[np.lexsort((cand, -row[cand]))]
        out.append([ids[i] for i in order])
    return out
