"""Learn the score's weights on the *tune* half of the CSCO job-matching dev set.

``python -m matching.eval.tune`` prints the ``Weights`` to paste into
``matching/jobs.py``. The test half is never read here. The fit is a pairwise
logistic loss (each profile's own vacancy against the 50 best others) with
non-negative weights, so every part can only add to a score, then a coordinate
search on NDCG@10 itself starting from that fit.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
from scipy.optimize import minimize

from matching.eval import devset
from matching.eval.__main__ import TAXONOMY
from matching.jobs import CHANNELS, JobMatcher, Weights
from matching.model import PersonDoc, VacancyDoc
from matching.taxonomy import Taxonomy

NAMES = (*CHANNELS, *(f"{c}_rel" for c in CHANNELS))


def features(part: str = "tune") -> tuple[np.ndarray, np.ndarray]:
    """(queries, vacancies, 8) raw and per-query normalised cosines, and gold columns."""
    d = devset.build()
    tax = Taxonomy.from_file(TAXONOMY)
    curated = tax.subset({k for k, s in tax.skills.items() if s.curated})
    vac = [VacancyDoc(c.occupation, c.vacancy_title, c.vacancy_text) for c in d.match_cases]
    m = JobMatcher(curated).fit(vac)
    cases = d.match_part(part)
    q = m._encode([PersonDoc(f"p{i}", text=c.profile) for i, c in enumerate(cases)])
    rows = np.arange(len(vac))
    feats = []
    for i in range(len(cases)):
        block = m._stage1(q, np.array([i]), rows[None, :], q.e[i : i + 1] @ m.e_.T)
        cos = block.cos[0]
        best = np.maximum(cos.max(axis=0), m.scorer_.weights.rel_floor)
        feats.append(np.concatenate([cos, cos / best], axis=1))
    gold = np.array([[v.id for v in vac].index(c.occupation) for c in cases])
    return np.stack(feats), gold


def ndcg10(scores: np.ndarray, gold: np.ndarray) -> float:
    g = scores[np.arange(len(gold)), gold]
    rank = (scores > g[:, None]).sum(axis=1) + 1
    return float(np.where(rank <= 10, 1 / np.log2(rank + 1), 0.0).mean())


def fit(feats: np.ndarray, gold: np.ndarray, negatives: int = 50) -> np.ndarray:
    first = feats[..., 0] + feats[..., 4]
    diffs = []
    for qi, g in enumerate(gold):
        neg = np.argsort(-first[qi])[: negatives + 1]
        neg = neg[neg != g][:negatives]
        diffs.append(feats[qi, g][None, :] - feats[qi, neg])
    X = np.vstack(diffs).astype(np.float64)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = X @ w
        value = float(np.logaddexp(0, -margin).mean() + 1e-3 * w @ w)
        grad = -(X * (1 / (1 + np.exp(margin)))[:, None]).mean(axis=0) + 2e-3 * w
        return value, grad

    w = minimize(
        loss, np.ones(X.shape[1]), jac=True, method="L-BFGS-B", bounds=[(0, None)] * X.shape[1]
    ).x
    best = ndcg10(feats @ w, gold)
    for _ in range(2):  # coordinate search on the metric itself
        for i in range(len(w)):
            for factor in (0.0, 0.5, 0.75, 1.25, 1.5, 2.0):
                trial = w.copy()
                trial[i] *= factor
                s = ndcg10(feats @ trial, gold)
                if s > best + 1e-4:
                    best, w = s, trial
    return np.asarray(w)


def main() -> None:
    feats, gold = features("tune")
    w = fit(feats, gold)
    w = w / max(w.sum() / 4.0, 1e-9)  # only the ratios matter; keep the parts readable
    print(
        f"tune NDCG@10 {ndcg10(feats @ w, gold):.4f} (text+title+semantic+summary, raw, "
        f"{ndcg10(feats[..., :4].sum(axis=2), gold):.4f})"
    )
    defaults = Weights()
    learned: dict[str, float] = {n: round(float(v), 3) for n, v in zip(NAMES, w, strict=True)}
    tuned = replace(defaults, **learned)  # type: ignore[arg-type]  # only the float fields
    for f in fields(tuned):
        print(f"    {f.name}: {type(getattr(tuned, f.name)).__name__} = {getattr(tuned, f.name)}")


if __name__ == "__main__":
    main()
