"""Occupation coding: free-text vacancy titles to ranked CSCO 2022 occupations.

Two views of each occupation are compared with the title: its *names* (Chinese
name, English name, recruiting aliases) and its *description* (name, definition
and tasks). Titles lose their recruiting noise first ("包吃住", "urgent"), and
English is bridged to Chinese through the taxonomy's glossary.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.taxonomy import Occupation, Taxonomy
from matching.text import char_tfidf, has_cjk, strip_noise


class OccupationCoder:
    def __init__(
        self,
        taxonomy: Taxonomy,
        name_weight: float = 1.0,
        text_weight: float = 5.0,
        use_aliases: bool = True,
        skill_weight: float = 1.0,
    ) -> None:
        self.skill_weight = skill_weight
        self.taxonomy = taxonomy
        self.name_weight = name_weight
        self.text_weight = text_weight
        self.use_aliases = use_aliases

    def fit(self, occupations: Sequence[Occupation] | None = None) -> OccupationCoder:
        occs = list(occupations if occupations is not None else self.taxonomy.occupations.values())
        if not occs:
            raise ValueError("no occupations to code against")
        self.codes_ = [o.code for o in occs]
        names = [
            " ".join([o.name_zh, o.name_en, *(o.aliases if self.use_aliases else ())]) for o in occs
        ]
        texts = [" ".join([o.name_zh, o.name_en, o.definition, *o.tasks]) for o in occs]
        self.name_vec_ = char_tfidf((1, 3))
        self.names_ = sp.csr_matrix(self.name_vec_.fit_transform(names))
        self.text_vec_ = char_tfidf((1, 2))
        self.texts_ = sp.csr_matrix(self.text_vec_.fit_transform(texts))
        self.col_ = {c: i for i, c in enumerate(self.codes_)}
        return self

    def _skill_votes(self, query: str) -> np.ndarray:
        """Occupations linked to the curated skills named in the title."""
        votes = np.zeros(len(self.codes_), dtype=np.float32)
        for sid, conf in self.taxonomy.spot(query).items():
            links = [self.col_[c] for c in self.taxonomy.skills[sid].occupations if c in self.col_]
            for i in links:
                votes[i] = max(votes[i], conf / len(links))
        return votes

    def _query(self, title: str) -> str:
        clean = strip_noise(title) or title
        return clean if has_cjk(clean) else self.taxonomy.bridge(clean)

    def scores(self, titles: Sequence[str]) -> np.ndarray:
        queries = [self._query(t) for t in titles]
        by_name = self.names_ @ sp.csr_matrix(self.name_vec_.transform(queries)).T
        by_text = self.texts_ @ sp.csr_matrix(self.text_vec_.transform(queries)).T
        total = self.name_weight * by_name.toarray() + self.text_weight * by_text.toarray()
        votes = np.stack([self._skill_votes(q) for q in queries], axis=1)
        return np.asarray((total + self.skill_weight * votes).T, dtype=np.float32)

    def predict(self, titles: Sequence[str], top: int = 10) -> list[list[tuple[str, float]]]:
        if top < 1:
            raise ValueError("top must be at least 1")
        s = self.scores(titles)
        k = min(top, s.shape[1])
        out: list[list[tuple[str, float]]] = []
        for row in s:
            best = np.argpartition(-row, k - 1)[:k]
            best = best[np.lexsort((best, -row[best]))]
            out.append([(self.codes_[i], round(float(row[i]), 4)) for i in best if row[i] > 0])
        return out
