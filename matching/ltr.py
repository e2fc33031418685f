"""Learning to rank from outcomes, behind a gate.

Applications, shortlists and hires are graded feedback on (person, vacancy)
pairs that were shown. A pointwise model over the transparent score's parts
learns how much each part predicts an outcome. ``RankerGate`` trains it on part
of the feedback and lets it rank only when there is enough feedback *and* it
beats the transparent scorer (the plain sum of the parts) on feedback held back
from training; otherwise the transparent scorer keeps ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from matching.eval.metrics import ndcg_at
from matching.model import PARTS, Reasons

# Graded outcomes. ``rejected`` and ``unanswered`` (an application no one answered
# in time) are negatives like ``shown``: the pair was seen and went nowhere.
OUTCOME_GAIN = {
    "shown": 0,
    "rejected": 0,
    "unanswered": 0,
    "applied": 1,
    "shortlisted": 2,
    "hired": 3,
}


@dataclass(frozen=True)
class Feedback:
    person: str
    vacancy: str
    outcome: str  # a key of OUTCOME_GAIN
    parts: tuple[float, ...]  # the pair's transparent score parts, in PARTS order

    @classmethod
    def from_reasons(cls, person: str, vacancy: str, outcome: str, r: Reasons) -> Feedback:
        """Record the transparent parts, even when a learned ranker re-weighted
        what was shown, so the next model learns from the same features."""
        if outcome not in OUTCOME_GAIN:
            raise ValueError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOME_GAIN)}")
        parts = r.parts()
        if r.learned:
            parts = tuple(p / w if w else 0.0 for p, w in zip(parts, r.learned, strict=True))
        return cls(person, vacancy, outcome, parts)


class LearnedRanker(BaseEstimator):
    """Logistic model of 'any positive outcome' over the score parts."""

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def fit(self, X: np.ndarray, y: np.ndarray) -> LearnedRanker:
        X = np.asarray(X, dtype=np.float64)
        y = (np.asarray(y) > 0).astype(int)
        if len(np.unique(y)) < 2:
            raise ValueError("feedback needs both positive and negative outcomes")
        self.model_ = LogisticRegression(C=self.C, max_iter=1000).fit(X, y)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "model_")
        return np.asarray(self.model_.decision_function(np.asarray(X, dtype=np.float64)))

    def part_weights(self) -> tuple[float, ...]:
        """The model's weight of each part: its score, less the intercept (which
        never changes an order), is the sum of the weighted parts."""
        check_is_fitted(self, "model_")
        return tuple(float(w) for w in self.model_.coef_[0])


def _grouped_ndcg(scores: np.ndarray, gains: np.ndarray, groups: np.ndarray) -> float:
    metric = ndcg_at(10)
    vals: list[float] = []
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        if gains[idx].max() <= 0:
            continue
        order = idx[np.argsort(-scores[idx], kind="stable")]
        ranked = [str(i) for i in order]
        # graded gains collapse to the best outcome set for a binary NDCG
        relevant = {str(i) for i in idx if gains[i] == gains[idx].max()}
        vals.append(metric(ranked, relevant))
    return float(np.mean(vals)) if vals else 0.0


@dataclass(frozen=True)
class GateDecision:
    use_model: bool
    reason: str
    n_feedback: int
    transparent_ndcg: float
    model_ndcg: float

    def to_dict(self) -> dict[str, object]:
        return {
            "use_model": self.use_model,
            "reason": self.reason,
            "n_feedback": self.n_feedback,
            "transparent_ndcg": round(self.transparent_ndcg, 4),
            "model_ndcg": round(self.model_ndcg, 4),
        }


class RankerGate:
    """Decides between the transparent scorer and a learned ranker."""

    def __init__(
        self, min_feedback: int = 300, holdout: float = 0.3, margin: float = 0.01, seed: int = 0
    ) -> None:
        self.min_feedback = min_feedback
        self.holdout = holdout
        self.margin = margin
        self.seed = seed

    def fit(self, feedback: Sequence[Feedback]) -> RankerGate:
        n_pos = sum(OUTCOME_GAIN[f.outcome] > 0 for f in feedback)
        self.ranker_: LearnedRanker | None = None
        if n_pos < self.min_feedback:
            self.decision_ = GateDecision(
                False, f"{n_pos} positive outcomes, {self.min_feedback} needed", n_pos, 0.0, 0.0
            )
            return self
        X = np.array([f.parts for f in feedback], dtype=np.float64)
        y = np.array([OUTCOME_GAIN[f.outcome] for f in feedback])
        people = np.array([f.person for f in feedback])
        rng = np.random.default_rng(self.seed)
        unique = np.unique(people)
        held = set(rng.choice(unique, max(1, int(len(unique) * self.holdout)), replace=False))
        test = np.array([p in held for p in people])
        ranker = LearnedRanker().fit(X[~test], y[~test])
        base = _grouped_ndcg(X[test].sum(axis=1), y[test], people[test])
        learned = _grouped_ndcg(ranker.decision_function(X[test]), y[test], people[test])
        wins = learned >= base + self.margin
        reason = f"model NDCG@10 {learned:.3f} vs transparent {base:.3f} on held-back feedback"
        if wins:
            self.ranker_ = LearnedRanker().fit(X, y)  # refit on all feedback once approved
        self.decision_ = GateDecision(bool(wins), reason, n_pos, base, learned)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "decision_"):
            raise NotFittedError("RankerGate is not fitted: call fit(feedback) first")

    def use_model(self) -> bool:
        """Whether the learned model ranks: fitted, enough feedback, and it won."""
        self._check_fitted()
        return self.ranker_ is not None

    def part_weights(self) -> tuple[float, ...]:
        """Per-part weights of the approved model (``PARTS`` order); all 1.0 (the
        transparent sum) when the model was refused."""
        self._check_fitted()
        if self.ranker_ is None:
            return (1.0,) * len(PARTS)
        return self.ranker_.part_weights()

    def rescore(self, reasons: Sequence[Reasons]) -> np.ndarray:
        """Scores for ranking: the model's when approved (without its intercept),
        else the transparent sums."""
        self._check_fitted()
        X = np.array([r.parts() for r in reasons], dtype=np.float64).reshape(-1, len(PARTS))
        if self.ranker_ is None or len(X) == 0:
            return np.array([r.total for r in reasons])
        return X @ np.array(self.ranker_.part_weights())
