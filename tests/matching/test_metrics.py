import math

import pytest

from matching.eval.metrics import ACC1, MRR10, NDCG10, RECALL10, evaluate, ndcg_at
from matching.eval.splits import split_keys


class TestMetrics:
    def test_ndcg_hand_computed(self) -> None:
        # relevant at ranks 2 and 3 of two relevant: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3)
        want = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))
        assert NDCG10(["a", "b", "c"], {"b", "c"}) == pytest.approx(want)

    def test_ndcg_cut_at_k(self) -> None:
        assert ndcg_at(2)(["a", "b", "c"], {"c"}) == 0.0

    def test_mrr_recall_acc(self) -> None:
        ranked = ["x", "y", "z"]
        assert MRR10(ranked, {"z"}) == pytest.approx(1 / 3)
        assert RECALL10(ranked, {"y", "q"}) == 0.5
        assert ACC1(ranked, {"x"}) == 1.0
        assert ACC1(ranked, {"y"}) == 0.0

    def test_empty_cases_are_zero(self) -> None:
        for m in (NDCG10, MRR10, RECALL10, ACC1):
            assert m([], {"a"}) == 0.0
            assert m(["a"], set()) == 0.0
        assert evaluate([], []) == {"NDCG@10": 0.0, "MRR@10": 0.0, "Recall@10": 0.0, "acc@1": 0.0}

    def test_evaluate_means_and_checks_lengths(self) -> None:
        assert evaluate([["a"], ["b"]], [{"a"}, {"a"}])["acc@1"] == 0.5
        with pytest.raises(ValueError):
            evaluate([["a"]], [])


class TestSplits:
    def test_seeded_and_stable_when_keys_are_added(self) -> None:
        keys = [f"6-18-01-{i:02d}" for i in range(40)]
        tune, test = split_keys(keys)
        assert set(tune).isdisjoint(test) and len(tune) + len(test) == 40
        _, test2 = split_keys([*keys, "2-02-10-03"])
        assert set(test) <= set(test2)
        assert split_keys(keys, seed=1) != (tune, test)
