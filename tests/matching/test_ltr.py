import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from matching.ltr import Feedback, LearnedRanker, RankerGate


def feedback(n_people: int, informative: bool, seed: int = 0) -> list[Feedback]:
    """Ten shown vacancies per person. When informative, people act on skill
    coverage (part 4) and ignore title similarity (part 1), which the
    transparent sum over-weights; otherwise outcomes are noise."""
    rng = np.random.default_rng(seed)
    out = []
    for p in range(n_people):
        parts = rng.random((10, 6))
        parts[:, 1] *= 3  # titles dominate the plain sum
        target = parts[:, 4] if informative else rng.random(10)
        best = int(np.argmax(target))
        for v in range(10):
            outcome = "hired" if v == best else "shown"
            out.append(Feedback(f"p{p}", f"v{v}", outcome, tuple(parts[v])))
    return out


class TestGate:
    def test_transparent_scorer_ranks_below_the_threshold(self) -> None:
        gate = RankerGate(min_feedback=300).fit(feedback(100, informative=True))
        assert not gate.decision_.use_model and "300 needed" in gate.decision_.reason

    def test_model_takes_over_past_the_threshold_when_it_wins(self) -> None:
        gate = RankerGate(min_feedback=300).fit(feedback(400, informative=True))
        d = gate.decision_
        assert d.use_model and d.model_ndcg > d.transparent_ndcg

    def test_model_refused_when_it_loses(self) -> None:
        gate = RankerGate(min_feedback=300).fit(feedback(400, informative=False))
        assert not gate.decision_.use_model


class TestEstimator:
    def test_sklearn_conventions(self) -> None:
        r = LearnedRanker(C=0.5)
        assert r.get_params() == {"C": 0.5}
        with pytest.raises(NotFittedError):
            r.decision_function(np.zeros((1, 5)))
        X = np.array([[0.0, 1], [1, 0], [0.1, 0.9], [0.9, 0.2]])
        assert r.fit(X, np.array([0, 1, 0, 1])) is r
        assert (
            r.decision_function(np.array([[1.0, 0]]))[0]
            > r.decision_function(np.array([[0.0, 1]]))[0]
        )

    def test_one_class_feedback_is_refused(self) -> None:
        with pytest.raises(ValueError, match="positive and negative"):
            LearnedRanker().fit(np.zeros((3, 5)), np.zeros(3))
