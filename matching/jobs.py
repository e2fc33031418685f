"""Jobs for a person and candidates for a vacancy, with the reasons that scored them.

The transparent score of a (person, vacancy) pair is a weighted sum of parts:

* ``text``      cosine of character 1-2-gram TF-IDF, person text vs the whole vacancy
* ``title``     the same cosine against the vacancy title alone
* ``semantic``  cosine in a latent space (LSA of the same TF-IDF); also the retrieval index
* ``skills``    importance-weighted coverage of the vacancy's required skills: full credit
                for a skill the person has (scaled by confidence and level), partial credit
                through a related skill in the taxonomy
* ``occupation`` whether the person's skills point to the vacancy's CSCO occupation

Ranking runs in two stages: a vectorised stage over every vacancy (or, past
``ivf_threshold`` vacancies, over those in the nearest latent-space cells) and an
exact stage that recomputes each part for the best ``rerank`` candidates. The
reasons returned are those exact parts, and the score is their sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.model import (
    MissingSkill,
    PersonDoc,
    Reasons,
    Recommendation,
    Requirement,
    SkillMatch,
    VacancyDoc,
)
from matching.taxonomy import Taxonomy
from matching.text import char_tfidf, has_cjk, normalize


@dataclass(frozen=True)
class Weights:
    """Weights of the score's parts, tuned on the tune half of the CSCO dev set."""

    text: float = 1.0
    title: float = 0.5
    semantic: float = 0.35
    skills: float = 0.15
    occupation: float = 0.15
    related_discount: float = 0.8  # a related skill is worth at most this share of the skill


def _l2(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.asarray(v / np.maximum(n, 1e-9), dtype=np.float32)


def level_factor(have: int | None, want: int | None) -> float:
    """Vocational levels run 5 (junior) to 1 (senior technician): lower is higher.

    Each level short of the requirement halves the credit; no stated level on
    either side gives full credit, because most people never had one assessed.
    """
    if have is None or want is None or have <= want:
        return 1.0
    return float(0.5 ** (have - want))


def _row_dots(mat: sp.csr_matrix, rows: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Dot products of some CSR rows with a dense vector, without slicing the matrix
    (scipy's fancy row indexing costs about 1 ms per call on 100,000 rows)."""
    starts = mat.indptr[rows]
    lengths = mat.indptr[rows + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(len(rows), dtype=np.float32)
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    products = mat.data[offsets] * q[mat.indices[offsets]]
    sums = np.zeros(len(rows), dtype=np.float32)
    nonempty = lengths > 0
    bounds = (np.cumsum(lengths) - lengths)[nonempty]
    sums[nonempty] = np.add.reduceat(products, bounds)
    return sums


class TextSpace:
    """TF-IDF (char 1-2-grams + English words) and its LSA projection, fitted once."""

    def __init__(self, n_components: int = 128, random_state: int = 0) -> None:
        self.n_components = n_components
        self.random_state = random_state

    def fit(self, docs: Sequence[str]) -> TextSpace:
        self.vectorizer_: TfidfVectorizer = char_tfidf((1, 2))
        x = self.vectorizer_.fit_transform(docs)
        dims = min(self.n_components, x.shape[0] - 1, x.shape[1] - 1)
        self.svd_: TruncatedSVD | None = None
        if dims >= 2:
            self.svd_ = TruncatedSVD(dims, random_state=self.random_state).fit(x)
        return self

    def sparse(self, texts: Sequence[str]) -> sp.csr_matrix:
        if len(texts) == 1:
            return self._one(texts[0])
        return sp.csr_matrix(self.vectorizer_.transform(texts), dtype=np.float32)

    def _one(self, text: str) -> sp.csr_matrix:
        """The vectorizer's transform for one text, without its per-call overhead
        (about 7 ms of validation against 50 us of work)."""
        if not hasattr(self, "_idf"):
            self._idf = self.vectorizer_.idf_.astype(np.float32)
            self._vocab = self.vectorizer_.vocabulary_
        counts: dict[int, int] = {}
        for tok in self.vectorizer_.build_analyzer()(text):
            col = self._vocab.get(tok)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        cols = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
        tf = np.array([counts[c] for c in cols], dtype=np.float32)
        vals = (1.0 + np.log(tf)) * self._idf[cols]
        vals /= max(float(np.linalg.norm(vals)), 1e-9)
        return sp.csr_matrix(
            (vals, cols, np.array([0, len(cols)])), shape=(1, len(self._idf)), dtype=np.float32
        )

    def dense(self, x: sp.csr_matrix) -> np.ndarray:
        if self.svd_ is None:
            return np.zeros((x.shape[0], 1), dtype=np.float32)
        if not hasattr(self, "_proj"):
            self._proj = np.ascontiguousarray(self.svd_.components_.T, dtype=np.float32)
        if x.shape[0] == 1:
            return _l2((x.data @ self._proj[x.indices])[None, :])
        return _l2(np.asarray(x @ self._proj, dtype=np.float32))


class SkillIndex:
    """Maps free-text skills to columns, and people to credit vectors over them."""

    def __init__(self, taxonomy: Taxonomy, related_discount: float) -> None:
        self.taxonomy = taxonomy
        self.related_discount = related_discount
        self.columns: dict[str, int] = {}
        self._cache: dict[str, list[tuple[str, float]]] = {}

    def key(self, phrase: str) -> list[tuple[str, float]]:
        """Resolve a phrase; an unresolvable one stays a literal requirement."""
        if phrase in self.taxonomy.skills:
            return [(phrase, 1.0)]
        if phrase not in self._cache:
            found = self.taxonomy.resolve(phrase, top=2)
            self._cache[phrase] = found or [("text:" + normalize(phrase), 1.0)]
        return self._cache[phrase]

    def col(self, skill: str) -> int:
        if skill not in self.columns:
            self.columns[skill] = len(self.columns)
        return self.columns[skill]

    def label(self, skill: str) -> str:
        return (
            skill.removeprefix("text:") if skill.startswith("text:") else self.taxonomy.name(skill)
        )

    def requirements(self, v: VacancyDoc) -> list[tuple[str, float, int | None]]:
        """(skill, importance, level) from ``required``, ``skills``, else spotted in text."""
        reqs: dict[str, tuple[float, int | None]] = {}
        listed = [*v.required, *(Requirement(s) for s in v.skills)]
        for r in listed:
            best, _ = self.key(r.skill)[0]
            old = reqs.get(best)
            if old is None or r.importance > old[0]:
                reqs[best] = (r.importance, r.level)
        if not reqs:
            for sid in self.taxonomy.spot(f"{v.title} {v.description}"):
                reqs[sid] = (0.5, None)
        return [(k, imp, lvl) for k, (imp, lvl) in reqs.items()]

    def person_skills(self, p: PersonDoc) -> dict[str, float]:
        have: dict[str, float] = {}
        for phrase in p.skills:
            for sid, conf in self.key(phrase):
                have[sid] = max(have.get(sid, 0.0), conf)
        if p.text:
            bridged = p.text if has_cjk(p.text) else self.taxonomy.bridge(p.text)
            for sid, conf in self.taxonomy.spot(bridged).items():
                have[sid] = max(have.get(sid, 0.0), conf)
        return have

    def credits(self, have: dict[str, float]) -> dict[str, tuple[float, str | None]]:
        """Best credit per skill: direct confidence, or related weight x discount."""
        out: dict[str, tuple[float, str | None]] = {s: (c, None) for s, c in have.items()}
        for s, c in have.items():
            for other, w in self.taxonomy.related.get(s, {}).items():
                credit = c * w * self.related_discount
                if credit > out.get(other, (0.0, None))[0]:
                    out[other] = (credit, s)
        return out


@dataclass
class _Side:
    """Encoded vacancies (or people): one row each, plus an alive mask for removals."""

    ids: list[str]
    x: sp.csr_matrix  # text tf-idf
    t: sp.csr_matrix  # title tf-idf (zero rows for people)
    e: np.ndarray  # latent vectors
    alive: np.ndarray


def _vacancy_text(v: VacancyDoc, index: SkillIndex) -> str:
    # Only skills the firm listed are added: labels spotted in the text would
    # repeat it, which measured worse on the dev set.
    listed = [r.skill for r in v.required] + list(v.skills)
    names = [index.label(index.key(s)[0][0]) for s in listed]
    return "；".join([v.title, v.description, *listed, *names])


def _person_text(p: PersonDoc, index: SkillIndex) -> str:
    # Chinese names of the skills a person listed: an English "argon arc welding"
    # then meets "氩弧焊" in a Chinese vacancy's text.
    names = [index.label(s) for phrase in p.skills for s, _ in index.key(phrase)[:1]]
    text = "；".join([*p.skills, p.text, *names])
    return text if has_cjk(text) and not _mostly_latin(text) else index.taxonomy.bridge(text)


def _mostly_latin(text: str) -> bool:
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return latin > 0.5 * max(len(text.replace(" ", "")), 1)


class _Scorer:
    """Exact per-pair parts, shared by both directions so reasons never diverge."""

    def __init__(self, taxonomy: Taxonomy, weights: Weights) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.index = SkillIndex(taxonomy, weights.related_discount)

    def occupations_of(self, have: dict[str, float]) -> dict[str, float]:
        occ: dict[str, float] = {}
        for s, c in have.items():
            skill = self.taxonomy.skills.get(s)
            for code in skill.occupations if skill else ():
                occ[code] = max(occ.get(code, 0.0), c)
        return occ

    def occupation_fit(self, occ: dict[str, float], code: str | None) -> float:
        if not code or not occ:
            return 0.0
        if code in occ:
            return occ[code]
        group = code[:7]
        same = [c for k, c in occ.items() if k[:7] == group]
        return 0.5 * max(same) if same else 0.0

    def reasons(
        self,
        reqs: list[tuple[str, float, int | None]],
        credits: dict[str, tuple[float, str | None]],
        levels: dict[str, int],
        cos_text: float,
        cos_title: float,
        cos_sem: float,
        occ_fit: float,
    ) -> Reasons:
        w = self.weights
        total_imp = sum(imp for _, imp, _ in reqs)
        matched: list[SkillMatch] = []
        related: list[SkillMatch] = []
        missing: list[MissingSkill] = []
        for skill, imp, want in reqs:
            credit, via = credits.get(skill, (0.0, None))
            if via is None:
                credit *= level_factor(levels.get(skill), want)
            label = self.index.label(skill)
            if credit <= 0.0:
                missing.append(MissingSkill(skill, label, imp))
                continue
            part = w.skills * imp * credit / total_imp
            if via is None:
                matched.append(SkillMatch(skill, label, round(credit, 4), part))
            else:
                related.append(
                    SkillMatch(skill, label, round(credit, 4), part, via, self.index.label(via))
                )
        return Reasons(
            matched=tuple(matched),
            related=tuple(related),
            missing=tuple(missing),
            text=w.text * cos_text,
            title=w.title * cos_title,
            semantic=w.semantic * cos_sem,
            occupation=w.occupation * occ_fit,
        )


class JobMatcher:
    """Rank vacancies (jobs, placements, apprenticeships) for a person.

    ``fit`` learns the text space from the vacancies; ``upsert`` and ``remove``
    change single vacancies without refitting it.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        weights: Weights | None = None,
        n_components: int = 128,
        rerank: int = 30,
        ivf_threshold: int = 20_000,
        n_probe: int = 10,
        ivf_candidates: int = 400,
        random_state: int = 0,
    ) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.n_components = n_components
        self.rerank = rerank
        self.ivf_threshold = ivf_threshold
        self.n_probe = n_probe
        self.ivf_candidates = ivf_candidates
        self.random_state = random_state

    # -- building ----------------------------------------------------------------
    def fit(self, vacancies: Iterable[VacancyDoc]) -> JobMatcher:
        docs = list(vacancies)
        self.scorer_ = _Scorer(self.taxonomy, self.weights or Weights())
        texts = [_vacancy_text(v, self.scorer_.index) for v in docs]
        self.space_ = TextSpace(self.n_components, self.random_state).fit(texts or ["空"])
        self.docs_: list[VacancyDoc | None] = []
        self.row_of_: dict[str, int] = {}
        self.reqs_: list[list[tuple[str, float, int | None]]] = []
        self._pending: list[tuple[VacancyDoc, str]] = []
        self.x_ = sp.csr_matrix((0, len(self.space_.vectorizer_.vocabulary_)), dtype=np.float32)
        self.t_ = self.x_.copy()
        self.e_ = np.zeros((0, self._dims()), dtype=np.float32)
        self.r_ = sp.csr_matrix((0, 0), dtype=np.float32)
        self.alive_ = np.zeros(0, dtype=bool)
        self.occ_codes_: dict[str, int] = {}
        self.group_codes_: dict[str, int] = {}
        self.occ_id_ = np.zeros(0, dtype=np.int32)
        self.group_id_ = np.zeros(0, dtype=np.int32)
        self.centroids_: np.ndarray | None = None
        self.cell_of_ = np.zeros(0, dtype=np.int32)
        self._pending = list(zip(docs, texts, strict=True))
        self._flush()
        if len(docs) >= self.ivf_threshold:
            self._build_ivf()
        return self

    def _dims(self) -> int:
        return self.space_.svd_.n_components if self.space_.svd_ is not None else 1

    def _flush(self) -> None:
        """Encode pending vacancies in one batch and append them as new rows."""
        if not self._pending:
            return
        docs = [d for d, _ in self._pending]
        texts = [t for _, t in self._pending]
        self._pending = []
        x = self.space_.sparse(texts)
        t = self.space_.sparse([d.title for d in docs])
        e = self.space_.dense(x)
        start = len(self.docs_)
        for i, d in enumerate(docs):
            old = self.row_of_.get(d.id)
            if old is not None and old < start:
                self.alive_[old] = False
                self.docs_[old] = None
            self.row_of_[d.id] = start + i
            self.docs_.append(d)
            self.reqs_.append(self.scorer_.index.requirements(d))
        self.x_ = sp.csr_matrix(sp.vstack([self.x_, x], format="csr"))
        self.t_ = sp.csr_matrix(sp.vstack([self.t_, t], format="csr"))
        self.e_ = np.vstack([self.e_, e]).astype(np.float32)
        self.alive_ = np.concatenate([self.alive_, np.ones(len(docs), dtype=bool)])
        # a duplicate id inside one batch: only its last row stays alive
        for row, kept in enumerate(self.docs_[start:], start):
            if kept is not None and self.row_of_[kept.id] != row:
                self.alive_[row] = False
                self.docs_[row] = None
        self._build_requirement_matrix()
        occ_id = np.empty(len(docs), dtype=np.int32)
        group_id = np.empty(len(docs), dtype=np.int32)
        for i, d in enumerate(docs):
            code = d.occupation
            occ_id[i] = self.occ_codes_.setdefault(code, len(self.occ_codes_)) if code else -1
            group_id[i] = (
                self.group_codes_.setdefault(code[:7], len(self.group_codes_)) if code else -1
            )
        self.occ_id_ = np.concatenate([self.occ_id_, occ_id])
        self.group_id_ = np.concatenate([self.group_id_, group_id])
        if self.centroids_ is not None:
            new_cells = np.argmax(e @ self.centroids_.T, axis=1).astype(np.int32)
            self.cell_of_ = np.concatenate([self.cell_of_, new_cells])
            self._index_cells()

    def _build_requirement_matrix(self) -> None:
        index = self.scorer_.index
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for row, reqs in enumerate(self.reqs_):
            total = sum(imp for _, imp, _ in reqs)
            for skill, imp, _ in reqs:
                rows.append(row)
                cols.append(index.col(skill))
                vals.append(imp / total)
        self.r_ = sp.csr_matrix(
            (vals, (rows, cols)),
            shape=(len(self.reqs_), max(len(index.columns), 1)),
            dtype=np.float32,
        )

    def _build_ivf(self) -> None:
        n_cells = max(8, int(np.sqrt(len(self.docs_))))
        km = MiniBatchKMeans(
            n_cells, random_state=self.random_state, batch_size=4096, n_init=1, max_iter=30
        ).fit(self.e_)
        self.centroids_ = _l2(np.asarray(km.cluster_centers_, dtype=np.float32))
        self.cell_of_ = np.argmax(self.e_ @ self.centroids_.T, axis=1).astype(np.int32)
        self._index_cells()

    def _index_cells(self) -> None:
        assert self.centroids_ is not None
        order = np.argsort(self.cell_of_, kind="stable")
        bounds = np.searchsorted(self.cell_of_[order], np.arange(len(self.centroids_) + 1))
        self.cell_rows_ = [order[bounds[c] : bounds[c + 1]] for c in range(len(self.centroids_))]

    def upsert(self, vacancy: VacancyDoc) -> None:
        """Add or replace one vacancy; encoded with the fitted space, no refit."""
        self._pending.append((vacancy, _vacancy_text(vacancy, self.scorer_.index)))

    def remove(self, vacancy_id: str) -> None:
        self._flush()
        row = self.row_of_.pop(vacancy_id, None)
        if row is None:
            raise KeyError(f"no vacancy {vacancy_id!r} in the index")
        self.alive_[row] = False
        self.docs_[row] = None

    def __len__(self) -> int:
        self._flush()
        return int(self.alive_.sum())

    # -- ranking -----------------------------------------------------------------
    def _encode_person(
        self, person: PersonDoc
    ) -> tuple[sp.csr_matrix, np.ndarray, dict[str, tuple[float, str | None]], dict[str, float]]:
        text = _person_text(person, self.scorer_.index)
        x = self.space_.sparse([text])
        e = self.space_.dense(x)[0]
        have = self.scorer_.index.person_skills(person)
        return x, e, self.scorer_.index.credits(have), self.scorer_.occupations_of(have)

    def _candidates(self, e: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self.centroids_ is None:
            return np.flatnonzero(mask)
        cells = np.argsort(-(self.centroids_ @ e))[: self.n_probe]
        rows = np.concatenate([self.cell_rows_[c] for c in cells])
        rows = rows[mask[rows]]
        if len(rows) > self.ivf_candidates:
            sims = self.e_[rows] @ e
            rows = rows[np.argpartition(-sims, self.ivf_candidates - 1)[: self.ivf_candidates]]
        if len(rows) == 0:  # filters emptied the probed cells: fall back to all survivors
            rows = np.flatnonzero(mask)
        return rows

    def _mask(
        self, kinds: Iterable[str] | None, park: str | None, location: str | None
    ) -> np.ndarray:
        mask = self.alive_.copy()
        if kinds is None and park is None and location is None:
            return mask
        wanted = set(kinds) if kinds is not None else None
        for row in np.flatnonzero(mask):
            d = self.docs_[row]
            assert d is not None
            if (
                (wanted is not None and d.kind not in wanted)
                or (park is not None and d.park != park)
                or (location is not None and d.location != location)
            ):
                mask[row] = False
        return mask

    def recommend(
        self,
        person: PersonDoc,
        top: int = 10,
        kinds: Iterable[str] | None = None,
        park: str | None = None,
        location: str | None = None,
    ) -> list[Recommendation]:
        self._flush()
        if top < 1:
            raise ValueError("top must be at least 1")
        w = self.scorer_.weights
        x, e, credits, occ = self._encode_person(person)
        rows = self._candidates(e, self._mask(kinds, park, location))
        if len(rows) == 0:
            return []
        # stage 1: every part but the per-pair level penalty, vectorised
        dense_q = np.zeros(self.x_.shape[1], dtype=np.float32)
        dense_q[x.indices] = x.data
        cos_text = _row_dots(self.x_, rows, dense_q)
        cos_title = _row_dots(self.t_, rows, dense_q)
        cos_sem = self.e_[rows] @ e
        credit_vec = np.zeros(self.r_.shape[1], dtype=np.float32)
        for skill, (c, _) in credits.items():
            col = self.scorer_.index.columns.get(skill)
            if col is not None:
                credit_vec[col] = c
        cover = _row_dots(self.r_, rows, credit_vec)
        rough = w.text * cos_text + w.title * cos_title + w.semantic * cos_sem + w.skills * cover
        if occ:
            rough += w.occupation * self._occupation_fit(occ, rows)
        keep = min(max(self.rerank, top), len(rows))
        best = np.argpartition(-rough, keep - 1)[:keep]
        # stage 2: exact parts (with levels) for the best, which are also the reasons
        out: list[Recommendation] = []
        for i in best:
            row = int(rows[i])
            doc = self._doc(row)
            reasons = self.scorer_.reasons(
                self.reqs_[row],
                credits,
                person.levels,
                float(cos_text[i]),
                float(cos_title[i]),
                float(cos_sem[i]),
                self.scorer_.occupation_fit(occ, doc.occupation),
            )
            out.append(Recommendation(doc.id, reasons.total, reasons))
        out.sort(key=lambda r: (-r.score, r.id))
        return out[:top]

    def _occupation_fit(self, occ: dict[str, float], rows: np.ndarray) -> np.ndarray:
        """``_Scorer.occupation_fit`` for many rows at once, through code ids."""
        codes = self.occ_codes_
        exact = np.zeros(len(codes) + 1, dtype=np.float32)
        group = np.zeros(len(self.group_codes_) + 1, dtype=np.float32)
        for code, c in occ.items():
            if code in codes:
                exact[codes[code]] = max(exact[codes[code]], c)
            if code[:7] in self.group_codes_:
                g = self.group_codes_[code[:7]]
                group[g] = max(group[g], 0.5 * c)
        exact[-1] = group[-1] = 0.0  # rows without an occupation
        return np.maximum(exact[self.occ_id_[rows]], group[self.group_id_[rows]])

    def _doc(self, row: int) -> VacancyDoc:
        d = self.docs_[row]
        assert d is not None
        return d

    def recommend_many(
        self, people: Sequence[PersonDoc], top: int = 10
    ) -> list[list[Recommendation]]:
        return [self.recommend(p, top) for p in people]


class CandidateMatcher:
    """The reverse ranking: people for a vacancy, same parts, same reasons.

    People who did not consent to be visible are dropped at ``fit`` and never
    enter the index, so no ranking can return them.
    """

    def __init__(
        self, taxonomy: Taxonomy, weights: Weights | None = None, n_components: int = 128
    ) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.n_components = n_components

    def fit(self, people: Iterable[PersonDoc]) -> CandidateMatcher:
        self.scorer_ = _Scorer(self.taxonomy, self.weights or Weights())
        self.people_ = [p for p in people if p.visible]
        texts = [_person_text(p, self.scorer_.index) for p in self.people_]
        self.space_ = TextSpace(self.n_components).fit(texts or ["空"])
        self.x_ = self.space_.sparse(texts) if texts else None
        self.e_ = self.space_.dense(self.x_) if self.x_ is not None else None
        index = self.scorer_.index
        self.credits_ = [index.credits(index.person_skills(p)) for p in self.people_]
        self.occ_ = [self.scorer_.occupations_of(index.person_skills(p)) for p in self.people_]
        return self

    def rank(self, vacancy: VacancyDoc, top: int = 10) -> list[Recommendation]:
        if top < 1:
            raise ValueError("top must be at least 1")
        if not self.people_ or self.x_ is None or self.e_ is None:
            return []
        text = _vacancy_text(vacancy, self.scorer_.index)
        vx = self.space_.sparse([text])
        vt = self.space_.sparse([vacancy.title])
        ve = self.space_.dense(vx)[0]
        cos_text = np.asarray((self.x_ @ vx.T).toarray()).ravel()
        cos_title = np.asarray((self.x_ @ vt.T).toarray()).ravel()
        cos_sem = self.e_ @ ve
        reqs = self.scorer_.index.requirements(vacancy)
        out: list[Recommendation] = []
        for i, p in enumerate(self.people_):
            reasons = self.scorer_.reasons(
                reqs,
                self.credits_[i],
                p.levels,
                float(cos_text[i]),
                float(cos_title[i]),
                float(cos_sem[i]),
                self.scorer_.occupation_fit(self.occ_[i], vacancy.occupation),
            )
            out.append(Recommendation(p.id, reasons.total, reasons))
        out.sort(key=lambda r: (-r.score, r.id))
        return out[:top]
