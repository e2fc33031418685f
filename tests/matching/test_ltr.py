import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from matching.jobs import JobMatcher
from matching.ltr import Feedback, LearnedRanker, RankerGate
from matching.model import PersonDoc, VacancyDoc
from matching.taxonomy import Taxonomy


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

    def test_unfitted_gate_is_refused(self) -> None:
        with pytest.raises(NotFittedError, match="fit"):
            RankerGate().use_model()

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


class TestMatcherHook:
    """The learned ranker plugged into ``JobMatcher``: it takes over only when the
    gate approved it, and the reasons shown are the weighted parts that ranked."""

    PERSON = PersonDoc("w1", skills=("二保焊",), text="数控车床加工轴类零件，看图纸")

    @pytest.fixture()
    def vacancies(self) -> list[VacancyDoc]:
        return [
            VacancyDoc(
                "v-lathe",
                "数控车工",
                "沈阳铁西区装备制造企业，操作数控车床加工轴类零件",
                occupation="6-18-01-01",
            ),
            VacancyDoc(
                "v-mig", "焊接实习生", "浑南合作企业实习岗位", skills=("二保焊",), kind="placement"
            ),
        ]

    def test_below_the_threshold_the_transparent_order_stays(
        self, small_taxonomy: Taxonomy, vacancies: list[VacancyDoc]
    ) -> None:
        gate = RankerGate(min_feedback=300).fit(feedback(100, informative=True))
        plain = JobMatcher(small_taxonomy).fit(vacancies).recommend(self.PERSON)
        hooked = JobMatcher(small_taxonomy, ranker=gate).fit(vacancies).recommend(self.PERSON)
        assert [r.id for r in hooked] == [r.id for r in plain] == ["v-lathe", "v-mig"]
        assert all(r.reasons.learned == () for r in hooked)

    def test_model_takes_over_past_the_threshold_and_reasons_add_up(
        self, small_taxonomy: Taxonomy, vacancies: list[VacancyDoc]
    ) -> None:
        gate = RankerGate(min_feedback=300).fit(feedback(400, informative=True))
        assert gate.use_model()
        recs = JobMatcher(small_taxonomy, ranker=gate).fit(vacancies).recommend(self.PERSON)
        # people in the feedback act on skill coverage: the welding placement wins
        assert [r.id for r in recs] == ["v-mig", "v-lathe"]
        weights = gate.part_weights()
        assert weights[4] > max(weights[:4])
        for r in recs:
            assert r.reasons.learned == weights
            assert r.score == pytest.approx(r.reasons.total)
        # feedback on what was shown records the transparent parts again
        plain = JobMatcher(small_taxonomy).fit(vacancies).recommend(self.PERSON)
        shown = {r.id: r.reasons for r in recs}
        for r in plain:
            fb = Feedback.from_reasons("w1", r.id, "applied", shown[r.id])
            assert fb.parts == pytest.approx(r.reasons.parts(), abs=1e-6)

    def test_model_refused_when_it_loses_keeps_the_transparent_order(
        self, small_taxonomy: Taxonomy, vacancies: list[VacancyDoc]
    ) -> None:
        gate = RankerGate(min_feedback=300).fit(feedback(400, informative=False))
        assert not gate.use_model() and gate.part_weights() == (1.0,) * 6
        recs = JobMatcher(small_taxonomy, ranker=gate).fit(vacancies).recommend(self.PERSON)
        assert [r.id for r in recs] == ["v-lathe", "v-mig"]
        assert all(r.reasons.learned == () for r in recs)
