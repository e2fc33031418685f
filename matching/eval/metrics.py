"""Ranking metrics, one small function each, with a label and a defined empty case.

``ranked`` is a list of ids best first; ``relevant`` is the set of correct ids
(binary relevance). A query with no relevant item scores 0.0 on every metric,
and so does an empty ranking: nothing was found.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence

Metric = Callable[[Sequence[str], Collection[str]], float]


def ndcg_at(k: int) -> Metric:
    def ndcg(ranked: Sequence[str], relevant: Collection[str]) -> float:
        if not relevant:
            return 0.0
        dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in relevant)
        ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
        return dcg / ideal

    ndcg.__name__ = f"NDCG@{k}"
    return ndcg


def mrr_at(k: int) -> Metric:
    def mrr(ranked: Sequence[str], relevant: Collection[str]) -> float:
        for i, r in enumerate(ranked[:k]):
            if r in relevant:
                return 1.0 / (i + 1)
        return 0.0

    mrr.__name__ = f"MRR@{k}"
    return mrr


def recall_at(k: int) -> Metric:
    def recall(ranked: Sequence[str], relevant: Collection[str]) -> float:
        if not relevant:
            return 0.0
        return len(set(ranked[:k]) & set(relevant)) / len(relevant)

    recall.__name__ = f"Recall@{k}"
    return recall


def accuracy_at_1(ranked: Sequence[str], relevant: Collection[str]) -> float:
    return 1.0 if ranked and ranked[0] in relevant else 0.0


accuracy_at_1.__name__ = "acc@1"

NDCG10 = ndcg_at(10)
MRR10 = mrr_at(10)
RECALL10 = recall_at(10)
ACC1 = accuracy_at_1
STANDARD: tuple[Metric, ...] = (NDCG10, MRR10, RECALL10, ACC1)


def label(metric: Metric) -> str:
    return metric.__name__


def evaluate(
    rankings: Sequence[Sequence[str]],
    relevants: Sequence[Collection[str]],
    metrics: Sequence[Metric] = STANDARD,
) -> dict[str, float]:
    """Mean of each metric over queries; an empty query list gives 0.0."""
    if len(rankings) != len(relevants):
        raise ValueError(f"{len(rankings)} rankings but {len(relevants)} relevance sets")
    n = len(rankings)
    return {
        label(m): (sum(m(r, rel) for r, rel in zip(rankings, relevants, strict=True)) / n)
        if n
        else 0.0
        for m in metrics
    }
