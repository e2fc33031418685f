"""Jobs for a person and candidates for a vacancy, with the reasons that scored them.

The transparent score of a (person, vacancy) pair is a sum of parts:

* ``text``       cosine of character 1-2-gram TF-IDF, person text vs the whole vacancy
* ``title``      the same cosine against the vacancy title alone
* ``semantic``   cosine in a latent space (LSA of the same TF-IDF); also the retrieval index
* ``summary``    the same cosine against the description's lead sentence (what the job is)
* ``skills``     importance-weighted coverage of the vacancy's required skills: full credit
                 for a skill the person has (scaled by confidence and level), partial credit
                 through a related skill in the taxonomy
* ``occupation`` whether the person's skills point to the vacancy's CSCO occupation

Each of the four text parts is ``a * cos + b * cos / best``, where ``best`` is the
largest cosine of that kind among the vacancies this query could see: the second
term is a per-query normalisation (a weak query's best match still counts), and
the reasons report each part after it, so they still add up to the score.

Ranking runs in two stages: a vectorised stage over every vacancy (or, past
``ivf_threshold`` vacancies, over the ``ivf_candidates`` nearest in the latent
space among the cells around the person's cell), then exact reasons, with
level penalties, only for as many of the best as it takes to fix the top:
penalties only lower a score, so the stage-1 score bounds the exact one.
``recommend_many`` runs the same stages over blocks of people at once.
"""

from __future__ import annotations

import heapq
import itertools
import multiprocessing as mp
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from matching.model import (
    KINDS,
    Fit,
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

if TYPE_CHECKING:
    from matching.ltr import RankerGate

CHANNELS = ("text", "title", "semantic", "summary")
T = TypeVar("T")
_SENTENCE = re.compile(r"[；;。\n！!？?]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Weights:
    """Weights of the score's parts, learned on the tune half of the CSCO dev set
    (``python -m matching.eval.tune``); ``*_rel`` weigh the per-query normalised cosines."""

    text: float = 0.0
    title: float = 0.246
    semantic: float = 0.0
    summary: float = 0.407
    text_rel: float = 0.811
    title_rel: float = 0.591
    semantic_rel: float = 0.938
    summary_rel: float = 1.008
    # Not learnable on the CSCO set (its vacancies list no skills): kept at their old
    # share of a typical best match's text parts (0.15 of ~0.75 then, ~3 now).
    skills: float = 0.6
    occupation: float = 0.6
    related_discount: float = 0.8  # a related skill is worth at most this share of the skill
    rel_floor: float = 0.05  # a query whose best cosine is below this is not scaled up further
    # Hubness correction (chosen on the tune half): each text cosine is lowered by
    # ``hub`` times the vacancy's mean cosine with its ``hub_k`` nearest among a
    # fixed sample of ``hub_sample`` vacancies read as queries, so a vacancy that
    # resembles everything does not top every list.
    hub: float = 0.2
    hub_k: int = 5
    hub_sample: int = 500

    def absolute(self) -> np.ndarray:
        return np.array([self.text, self.title, self.semantic, self.summary], dtype=np.float32)

    def relative(self) -> np.ndarray:
        return np.array(
            [self.text_rel, self.title_rel, self.semantic_rel, self.summary_rel], dtype=np.float32
        )

    def factors(self, best: np.ndarray) -> np.ndarray:
        """Per-query multipliers of the four cosines (``best``: (..., 4) largest cosines)."""
        return self.absolute() + self.relative() / np.maximum(best, self.rel_floor)


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


def lead_sentence(v: VacancyDoc) -> str:
    """The description's first sentence: what the job is, before the list of duties."""
    for piece in _SENTENCE.split(v.description):
        if piece.strip():
            return piece.strip()
    return v.title


def _segment_dots(
    ptr: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    segs: np.ndarray,
    owner: np.ndarray,
    q: np.ndarray,
    lut: np.ndarray | None = None,
) -> np.ndarray:
    """For each i, the dot of segment ``segs[i]`` (a sparse row stored as
    ``cols/vals[ptr[s]:ptr[s+1]]``) with dense row ``owner[i]`` of ``q``.

    One flat gather for all pairs of a block: no scipy slicing, no Python loop.
    ``lut`` maps ``cols`` to ``q``'s columns (a block's own small vocabulary).
    """
    starts = ptr[segs]
    lengths = (ptr[segs + 1] - starts).astype(np.int64)
    total = int(lengths.sum())
    sums = np.zeros(len(segs), dtype=np.float32)
    if total == 0:
        return sums
    ends = np.cumsum(lengths)
    offsets = np.repeat(starts - ends + lengths, lengths) + np.arange(total)
    picked = cols[offsets] if lut is None else lut[cols[offsets]]
    flat = np.repeat(owner.astype(np.int64) * q.shape[1], lengths) + picked
    products = vals[offsets] * q.ravel()[flat]
    nonempty = lengths > 0
    sums[nonempty] = np.add.reduceat(products, (ends - lengths)[nonempty])
    return sums


class TextSpace:
    """TF-IDF (char 1-2-grams + English words) and its LSA projection, fitted once."""

    def __init__(
        self, n_components: int = 128, random_state: int = 0, svd_sample: int = 20_000
    ) -> None:
        self.n_components = n_components
        self.random_state = random_state
        self.svd_sample = svd_sample

    def fit(self, docs: Sequence[str]) -> TextSpace:
        self.fit_transform(docs)
        return self

    def fit_transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        """Fit, and return the documents' rows (one tokenising pass, not two)."""
        self.vectorizer_: TfidfVectorizer = char_tfidf((1, 2))
        x = self.vectorizer_.fit_transform(docs)
        dims = min(self.n_components, x.shape[0] - 1, x.shape[1] - 1)
        self.svd_: TruncatedSVD | None = None
        if dims >= 2:
            # the latent axes settle on a sample; fitting on every row only costs time
            rows = x
            if x.shape[0] > self.svd_sample:
                rng = np.random.default_rng(self.random_state)
                rows = x[np.sort(rng.choice(x.shape[0], self.svd_sample, replace=False))]
            self.svd_ = TruncatedSVD(dims, random_state=self.random_state).fit(rows)
        self._idf = self.vectorizer_.idf_.astype(np.float32)
        self._vocab: dict[str, int] = self.vectorizer_.vocabulary_
        self._analyzer = self.vectorizer_.build_analyzer()
        self._proj = (
            np.ascontiguousarray(self.svd_.components_.T, dtype=np.float32)
            if self.svd_ is not None
            else np.zeros((x.shape[1], 1), dtype=np.float32)
        )
        return sp.csr_matrix(x, dtype=np.float32)

    @property
    def n_features(self) -> int:
        return len(self._idf)

    def sparse(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows (L2-normalised), the vectorizer's transform without its
        per-call validation (about 7 ms against 50 us of work for one text)."""
        # tokens to columns in one list per block, then counted by numpy: no dict
        # or sort per text (people of a block share nothing but the vocabulary)
        vocab = self._vocab
        analyzer = self._analyzer
        n_feat = self.n_features
        flat: list[int] = []
        lengths: list[int] = []
        for text in texts:
            found = [c for c in map(vocab.get, analyzer(text)) if c is not None]
            flat += found
            lengths.append(len(found))
        row_tok = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        keys, tf = np.unique(row_tok * n_feat + np.array(flat, dtype=np.int64), return_counts=True)
        col_arr = (keys % n_feat).astype(np.int32)
        row_of = keys // n_feat
        vals = (1.0 + np.log(tf.astype(np.float32))) * self._idf[col_arr]
        ptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=len(texts)), out=ptr[1:])
        norms = np.sqrt(np.bincount(row_of, weights=vals**2, minlength=len(texts)))
        vals = (vals / np.maximum(norms[row_of], 1e-9)).astype(np.float32)
        return sp.csr_matrix((vals, col_arr, ptr), shape=(len(texts), self.n_features))

    def dense(self, x: sp.csr_matrix) -> np.ndarray:
        if self.svd_ is None:
            return np.zeros((x.shape[0], 1), dtype=np.float32)
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
    latin = len(_LATIN.findall(text))  # ASCII letters
    return latin > 0.5 * max(len(text.replace(" ", "")), 1)


class _Scorer:
    """Exact per-pair parts, shared by both directions so reasons never diverge."""

    def __init__(self, taxonomy: Taxonomy, weights: Weights) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.index = SkillIndex(taxonomy, weights.related_discount)
        self._label: dict[str, str] = {}  # display labels, looked up once per skill

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
        cos: np.ndarray,
        factors: np.ndarray,
        occ_fit: float,
    ) -> Reasons:
        """The exact parts; ``cos`` and ``factors`` are in ``CHANNELS`` order."""
        # float32 products, as the batch path makes them for a whole head at once
        parts = (np.asarray(factors, dtype=np.float32) * cos).tolist()
        return self.scored(reqs, credits, levels, parts, occ_fit)[1]

    def scored(
        self,
        reqs: list[tuple[str, float, int | None]],
        credits: dict[str, tuple[float, str | None]],
        levels: dict[str, int],
        parts: list[float],
        occ_fit: float,
        total_imp: float | None = None,
    ) -> tuple[float, Reasons]:
        """``(total, reasons)`` from the four text parts already weighted
        (``factors * cos`` in float32, ``CHANNELS`` order); ``total`` is exactly
        ``reasons.total``, computed without a second pass over the skills."""
        w = self.weights
        label = self._label
        if total_imp is None:
            total_imp = sum(imp for _, imp, _ in reqs)
        matched: list[SkillMatch] = []
        related: list[SkillMatch] = []
        missing: list[MissingSkill] = []
        m_parts: list[float] = []
        r_parts: list[float] = []
        for skill, imp, want in reqs:
            credit, via = credits.get(skill, (0.0, None))
            if via is None and levels:
                credit *= level_factor(levels.get(skill), want)
            name = label.get(skill) or self._new_label(skill)
            if credit <= 0.0:
                missing.append(MissingSkill(skill, name, imp))
                continue
            part = w.skills * imp * credit / total_imp
            share = imp * credit / total_imp
            if via is None:
                matched.append(SkillMatch(skill, name, round(credit, 4), part, share=share))
                m_parts.append(part)
            else:
                via_name = label.get(via) or self._new_label(via)
                related.append(
                    SkillMatch(skill, name, round(credit, 4), part, via, via_name, share)
                )
                r_parts.append(part)
        text, title, semantic, summary = parts
        occupation = w.occupation * occ_fit
        reasons = Reasons(
            matched=tuple(matched),
            related=tuple(related),
            missing=tuple(missing),
            text=text,
            title=title,
            semantic=semantic,
            summary=summary,
            occupation=occupation,
            occupation_fit=occ_fit,
        )
        # the same sums in the same order as Reasons.skills and Reasons.total
        skills = sum(m_parts + r_parts)
        return skills + text + title + semantic + summary + occupation, reasons

    def _new_label(self, skill: str) -> str:
        self._label[skill] = name = self.index.label(skill)
        return name


def reweigh(reasons: Reasons, part_weights: Sequence[float]) -> Reasons:
    """The same reasons with each part multiplied by a learned weight (``PARTS``
    order), so a learned ranker's score is still the sum of what is shown."""
    wt, wti, ws, wsu, wsk, wo = (float(x) for x in part_weights)

    def scaled(m: SkillMatch) -> SkillMatch:
        return SkillMatch(
            m.skill, m.label, m.credit, m.contribution * wsk, m.via, m.via_label, m.share
        )

    return Reasons(
        matched=tuple(scaled(m) for m in reasons.matched),
        related=tuple(scaled(m) for m in reasons.related),
        missing=reasons.missing,
        text=reasons.text * wt,
        title=reasons.title * wti,
        semantic=reasons.semantic * ws,
        summary=reasons.summary * wsu,
        occupation=reasons.occupation * wo,
        learned=(wt, wti, ws, wsu, wsk, wo),
        occupation_fit=reasons.occupation_fit,
    )


def fit_of(reasons: Reasons, weights: Weights | None = None) -> Fit:
    """The bounded figure shown to people: the skills and occupation parts of the
    *transparent* score (a learned ranker's weights do not change it) as a share of
    their most, in whole points 0-100.

    Each skill reason gets ``100 * skills * share / (skills + occupation)`` points
    and the occupation ``100 * occupation * occupation_fit / (skills + occupation)``
    (``Weights.skills`` and ``Weights.occupation``), rounded by largest remainder so
    the points add up exactly to ``total``. The text parts are left out: they are
    normalised per query (the best text match of a weak query still scores high), so
    they rank well but say nothing absolute about fit.
    """
    w = weights or Weights()
    whole = w.skills + w.occupation
    skills = [*reasons.matched, *reasons.related]
    raw = [100.0 * w.skills * max(m.share, 0.0) / whole for m in skills]
    raw.append(100.0 * w.occupation * max(reasons.occupation_fit, 0.0) / whole)
    points = _whole_points(raw, 100)
    return Fit(
        total=sum(points),
        skills={m.skill: p for m, p in zip(skills, points, strict=False)},
        occupation=points[-1],
    )


def _whole_points(raw: Sequence[float], cap: int) -> list[int]:
    """``raw`` rounded to integers that sum to the rounded (and capped) total: the
    floors, plus one for the largest remainders."""
    target = min(cap, int(sum(raw) + 0.5))
    points = [int(v) for v in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - points[i]), i))
    short = target - sum(points)
    for i in order[: max(short, 0)]:
        points[i] += 1
    # over the cap (rounding of many parts): take back from the smallest remainders
    for i in reversed(order):
        if sum(points) <= target:
            break
        if points[i] > 0:
            points[i] -= 1
    return points


@dataclass
class _Queries:
    """A block of encoded people."""

    docs: Sequence[PersonDoc]
    x: sp.csr_matrix  # text tf-idf, one row each
    e: np.ndarray  # latent vectors
    credits: list[dict[str, tuple[float, str | None]]]
    occ: list[dict[str, float]]


@dataclass
class _Block:
    """Stage-1 results for some people (rows of a ``_Queries``) and their candidates."""

    members: np.ndarray  # (P,) rows of the _Queries
    cand: np.ndarray  # (P, K) vacancy rows
    cos: np.ndarray  # (P, K, 4) cosines in CHANNELS order
    factors: np.ndarray  # (P, 4) per-query multipliers
    occ_fit: np.ndarray  # (P, K)
    rough: np.ndarray  # (P, K) the score without level penalties: an upper bound
    # per member, the best ``n`` candidates by ``rough`` as Python lists (positions,
    # rough scores, rows, text parts, occupation fits): made for the whole block at once
    heads: list[tuple[list[int], list[float], list[int], list[list[float]], list[float]]] | None = (
        None
    )

    def head(
        self, i: int, n: int
    ) -> tuple[list[int], list[float], list[int], list[list[float]], list[float]]:
        if self.heads is None or len(self.heads[i][0]) != n:
            order = np.argpartition(-self.rough, n - 1, axis=1)[:, :n]
            ranked = np.argsort(-np.take_along_axis(self.rough, order, 1), axis=1, kind="stable")
            self.heads = self._lists(np.take_along_axis(order, ranked, 1))
        return self.heads[i]

    def head_all(
        self, i: int
    ) -> tuple[list[int], list[float], list[int], list[list[float]], list[float]]:
        """Every candidate of member ``i``, sorted: when the bound reaches past the head."""
        order = np.argsort(-self.rough[i], kind="stable")[None, :]
        return self._lists(order, i)[0]

    def _lists(
        self, order: np.ndarray, i: int | None = None
    ) -> list[tuple[list[int], list[float], list[int], list[list[float]], list[float]]]:
        sel = slice(None) if i is None else slice(i, i + 1)
        rough, cand = self.rough[sel], self.cand[sel]
        cos, occ = self.cos[sel], self.occ_fit[sel]
        parts = self.factors[sel][:, None, :] * np.take_along_axis(cos, order[:, :, None], 1)
        return list(
            zip(
                order.tolist(),
                np.take_along_axis(rough, order, 1).tolist(),
                np.take_along_axis(cand, order, 1).tolist(),
                parts.tolist(),
                np.take_along_axis(occ, order, 1).tolist(),
                strict=True,
            )
        )


class JobMatcher:
    """Rank vacancies (jobs, placements, apprenticeships) for a person.

    ``fit`` learns the text space from the vacancies; ``upsert`` and ``remove``
    change single vacancies without refitting it. With a fitted ``ranker``
    (``matching.ltr.RankerGate``) whose decision is to use the learned model, the
    best ``rerank`` vacancies by the transparent score are re-ranked by the
    model's weights, and the reasons carry those weighted parts.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        weights: Weights | None = None,
        n_components: int = 128,
        rerank: int = 30,
        ivf_threshold: int = 20_000,
        n_probe: int = 10,
        ivf_candidates: int = 100,
        random_state: int = 0,
        ranker: RankerGate | None = None,
        n_jobs: int = 2,
    ) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.n_components = n_components
        self.rerank = rerank
        self.ivf_threshold = ivf_threshold
        self.n_probe = n_probe
        self.ivf_candidates = ivf_candidates
        self.random_state = random_state
        self.ranker = ranker
        self.n_jobs = n_jobs

    # -- building ----------------------------------------------------------------
    def fit(self, vacancies: Iterable[VacancyDoc]) -> JobMatcher:
        docs = list(vacancies)
        self.scorer_ = _Scorer(self.taxonomy, self.weights or Weights())
        texts = [_vacancy_text(v, self.scorer_.index) for v in docs]
        self.space_ = TextSpace(self.n_components, self.random_state)
        fitted = self.space_.fit_transform(texts or ["空"])
        self.docs_: list[VacancyDoc | None] = []
        self.row_of_: dict[str, int] = {}
        self.reqs_: list[list[tuple[str, float, int | None]]] = []
        self.req_total_: list[float] = []  # the importances' sum, for the exact reasons
        # text, title and lead-sentence rows of vacancy r are segments 3r, 3r+1, 3r+2
        self.seg_ptr_ = np.zeros(1, dtype=np.int64)
        self.seg_cols_ = np.zeros(0, dtype=np.int32)
        self.seg_vals_ = np.zeros(0, dtype=np.float32)
        # required skills of vacancy r: columns of SkillIndex, weights summing to 1
        self.req_ptr_ = np.zeros(1, dtype=np.int64)
        self.req_cols_ = np.zeros(0, dtype=np.int32)
        self.req_vals_ = np.zeros(0, dtype=np.float32)
        self.e_ = np.zeros((0, self._dims()), dtype=np.float32)
        self.alive_ = np.zeros(0, dtype=bool)
        self.codes_: dict[str, dict[str | None, int]] = {
            k: {} for k in ("occ", "group", "park", "location")
        }
        self.ids_: dict[str, np.ndarray] = {
            k: np.zeros(0, dtype=np.int32) for k in ("occ", "group", "park", "location", "kind")
        }
        self.centroids_: np.ndarray | None = None
        self.cell_of_ = np.zeros(0, dtype=np.int32)
        self._pending: list[tuple[VacancyDoc, str]] = list(zip(docs, texts, strict=True))
        self.hub_ = np.zeros((0, 4), dtype=np.float32)
        self.hub_qx_: sp.csr_matrix | None = None
        self._channels: dict[int, tuple[sp.csr_matrix, int]] = {}
        self._e64: np.ndarray | None = None  # e_ in float64, for _sims
        self._seg_rows: sp.csr_matrix | None = None
        self._flush(fitted if docs else None)
        self._sample_hub_queries()
        if len(docs) >= self.ivf_threshold:
            self._build_ivf()
        return self

    def _sample_hub_queries(self) -> None:
        """Fix the sample of vacancies read as queries for the hubness statistic
        (a seeded sample, kept so an upserted vacancy is measured the same way)."""
        w = self.scorer_.weights
        n = len(self.docs_)
        self.hub_rows_ = np.zeros(0, dtype=np.int64)
        if w.hub <= 0.0 or n < 2:
            self.hub_ = np.zeros((n, 4), dtype=np.float32)
            return
        rng = np.random.default_rng(self.random_state)
        self.hub_rows_ = np.sort(rng.choice(n, min(n, w.hub_sample), replace=False))
        self.hub_qx_ = self._segments(self.hub_rows_, 0)
        self.hub_qe_ = self.e_[self.hub_rows_]
        self.hub_ = self._hub(0, n)

    def _segments(self, rows: np.ndarray, channel: int) -> sp.csr_matrix:
        """Segment ``channel`` (0 text, 1 title, 2 lead sentence) of vacancy ``rows``."""
        segs = rows * 3 + channel
        starts, ends = self.seg_ptr_[segs], self.seg_ptr_[segs + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(
            int(lengths.sum())
        )
        ptr = np.concatenate([[0], np.cumsum(lengths)])
        return sp.csr_matrix(
            (self.seg_vals_[offsets], self.seg_cols_[offsets], ptr),
            shape=(len(rows), self.space_.n_features),
        )

    def _segment_rows(self) -> sp.csr_matrix:
        """Every segment as a row (3r, 3r+1, 3r+2 for vacancy r): the stored arrays,
        not a copy, rewrapped when rows are added."""
        if self._seg_rows is None or self._seg_rows.shape[0] != len(self.seg_ptr_) - 1:
            self._seg_rows = sp.csr_matrix(
                (self.seg_vals_, self.seg_cols_, self.seg_ptr_),
                shape=(len(self.seg_ptr_) - 1, self.space_.n_features),
                copy=False,
            )
        return self._seg_rows

    def _channel(self, c: int) -> sp.csr_matrix:
        """Segment ``c`` of every row as one (features x rows) matrix, ready to be
        multiplied by query rows; built on first use after the rows change."""
        n = len(self.docs_)
        if self._channels.get(c, (None, -1))[1] != n:
            rows = self._segments(np.arange(n), c)
            self._channels[c] = (sp.csr_matrix(rows.T, dtype=np.float32), n)
        return self._channels[c][0]

    def _hub(self, start: int, stop: int, chunk: int = 8192) -> np.ndarray:
        """Per channel, the mean of each vacancy's ``hub_k`` largest cosines with
        the sampled query vacancies (itself excluded): (stop - start, 4)."""
        w = self.scorer_.weights
        out = np.zeros((stop - start, 4), dtype=np.float32)
        if self.hub_qx_ is None:
            return out
        n_q = len(self.hub_rows_)
        k = min(w.hub_k, n_q - 1)
        if k < 1:
            return out
        for lo in range(start, stop, chunk):
            rows = np.arange(lo, min(lo + chunk, stop))
            sims = [
                (self.hub_qx_ @ self._segments(rows, 0).T).toarray(),
                (self.hub_qx_ @ self._segments(rows, 1).T).toarray(),
                self.hub_qe_ @ self.e_[rows].T,
                (self.hub_qx_ @ self._segments(rows, 2).T).toarray(),
            ]
            # a sampled vacancy is not its own neighbour
            qi = np.searchsorted(self.hub_rows_, rows)
            own = (qi < n_q) & (self.hub_rows_[np.minimum(qi, n_q - 1)] == rows)
            for c, s in enumerate(sims):
                s = np.asarray(s, dtype=np.float32)
                s[qi[own], np.flatnonzero(own)] = -1.0
                top = np.partition(s, n_q - k, axis=0)[n_q - k :]
                out[rows - start, c] = top.mean(axis=0)
        return out

    def _dims(self) -> int:
        return self.space_.svd_.n_components if self.space_.svd_ is not None else 1

    def _code(self, kind: str, value: str | None) -> int:
        if value is None:
            return -1
        table = self.codes_[kind]
        return table.setdefault(value, len(table))

    def _flush(self, encoded: sp.csr_matrix | None = None) -> None:
        """Encode pending vacancies in one batch and append them as new rows
        (``encoded``: their text rows, when ``fit`` already has them)."""
        if not self._pending:
            return
        docs = [d for d, _ in self._pending]
        texts = [t for _, t in self._pending]
        self._pending = []
        space = self.space_
        x = encoded if encoded is not None else space.sparse(texts)
        parts = [x, space.sparse([d.title for d in docs]), space.sparse(map_lead(docs))]
        self._append_segments(parts)
        self.e_ = np.vstack([self.e_, space.dense(x)]).astype(np.float32)
        start = len(self.docs_)
        index = self.scorer_.index
        req_cols: list[int] = []
        req_vals: list[float] = []
        req_len: list[int] = []
        for i, d in enumerate(docs):
            old = self.row_of_.get(d.id)
            if old is not None and old < start:
                self.alive_[old] = False
                self.docs_[old] = None
            self.row_of_[d.id] = start + i
            self.docs_.append(d)
            reqs = index.requirements(d)
            self.reqs_.append(reqs)
            total = sum(imp for _, imp, _ in reqs)
            self.req_total_.append(total)
            req_cols += [index.col(skill) for skill, _, _ in reqs]
            req_vals += [imp / total for _, imp, _ in reqs]
            req_len.append(len(reqs))
        self.req_ptr_ = np.concatenate([self.req_ptr_, self.req_ptr_[-1] + np.cumsum(req_len)])
        self.req_cols_ = np.concatenate([self.req_cols_, np.array(req_cols, dtype=np.int32)])
        self.req_vals_ = np.concatenate([self.req_vals_, np.array(req_vals, dtype=np.float32)])
        self.alive_ = np.concatenate([self.alive_, np.ones(len(docs), dtype=bool)])
        # a duplicate id inside one batch: only its last row stays alive
        for row, kept in enumerate(self.docs_[start:], start):
            if kept is not None and self.row_of_[kept.id] != row:
                self.alive_[row] = False
                self.docs_[row] = None
        new_ids = {
            "occ": [self._code("occ", d.occupation) for d in docs],
            "group": [
                self._code("group", d.occupation[:7] if d.occupation else None) for d in docs
            ],
            "park": [self._code("park", d.park) for d in docs],
            "location": [self._code("location", d.location) for d in docs],
            "kind": [KINDS.index(d.kind) for d in docs],
        }
        for k, vals in new_ids.items():
            self.ids_[k] = np.concatenate([self.ids_[k], np.array(vals, dtype=np.int32)])
        if self.hub_qx_ is not None:  # an upsert: measured against the fixed sample
            self.hub_ = np.vstack([self.hub_, self._hub(start, len(self.docs_))])
        if self.centroids_ is not None:
            e = self.e_[start:]
            new_cells = np.argmax(e @ self.centroids_.T, axis=1).astype(np.int32)
            self.cell_of_ = np.concatenate([self.cell_of_, new_cells])
            self._index_cells()

    def _append_segments(self, parts: list[sp.csr_matrix]) -> None:
        """Interleave the rows of the three matrices as segments 3r, 3r+1, 3r+2."""
        n = parts[0].shape[0]
        lengths = np.stack([np.diff(m.indptr) for m in parts], axis=1).ravel()
        owner = np.concatenate(
            [np.repeat(np.arange(n) * 3 + k, np.diff(m.indptr)) for k, m in enumerate(parts)]
        )
        order = np.argsort(owner, kind="stable")
        cols = np.concatenate([m.indices for m in parts])[order].astype(np.int32)
        vals = np.concatenate([m.data for m in parts])[order].astype(np.float32)
        self.seg_ptr_ = np.concatenate([self.seg_ptr_, self.seg_ptr_[-1] + np.cumsum(lengths)])
        self.seg_cols_ = np.concatenate([self.seg_cols_, cols])
        self.seg_vals_ = np.concatenate([self.seg_vals_, vals])

    def _build_ivf(self) -> None:
        n_cells = max(8, int(np.sqrt(len(self.docs_))))
        # float64 input: scikit-learn's float32 distances take a slow upcasting path
        km = MiniBatchKMeans(
            n_cells, random_state=self.random_state, batch_size=4096, n_init=1, max_iter=30
        ).fit(self.e_.astype(np.float64))
        self.centroids_ = _l2(np.asarray(km.cluster_centers_, dtype=np.float32))
        self.cell_of_ = np.argmax(self.e_ @ self.centroids_.T, axis=1).astype(np.int32)
        # the cells a query of each cell searches: its own and its nearest neighbours,
        # shared by everyone in the cell so a block of people shares one candidate list
        near = self.centroids_ @ self.centroids_.T
        probe = min(self.n_probe, n_cells)
        self.near_cells_ = np.argsort(-near, axis=1)[:, :probe]
        self._index_cells()

    def _index_cells(self) -> None:
        assert self.centroids_ is not None
        order = np.argsort(self.cell_of_, kind="stable")
        bounds = np.searchsorted(self.cell_of_[order], np.arange(len(self.centroids_) + 1))
        cell_rows = [order[bounds[c] : bounds[c + 1]] for c in range(len(self.centroids_))]
        self.probe_rows_ = [
            np.concatenate([cell_rows[n] for n in near]) for near in self.near_cells_
        ]
        # latent rows stored cell by cell: a probe is ten contiguous slices, not a gather
        self.cell_bounds_ = bounds
        self.e_by_cell_ = np.ascontiguousarray(self.e_[order], dtype=np.float64)

    def _probe(
        self, e: np.ndarray, cell: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows probed from ``cell`` (alive, and in ``mask`` when given) and the
        cosines of the latent vectors ``e`` with them."""
        b = self.cell_bounds_
        e64 = e.astype(np.float64)
        sims = np.concatenate(
            [e64 @ self.e_by_cell_[b[n] : b[n + 1]].T for n in self.near_cells_[cell]], axis=1
        ).astype(np.float32)
        rows = self.probe_rows_[cell]
        keep = (self.alive_ if mask is None else mask)[rows]
        if not keep.all():
            rows, sims = rows[keep], sims[:, keep]
        return rows, sims

    def _top(self, rows: np.ndarray, sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best columns of ``sims`` per row: their rows and cosines."""
        if len(rows) <= k:
            return np.broadcast_to(rows, sims.shape).copy(), sims
        best = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        return rows[best], np.take_along_axis(sims, best, axis=1)

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

    # -- stage 1 -----------------------------------------------------------------
    def _encode(self, people: Sequence[PersonDoc]) -> _Queries:
        index = self.scorer_.index
        x = self.space_.sparse([_person_text(p, index) for p in people])
        have = [index.person_skills(p) for p in people]
        return _Queries(
            people,
            x,
            self.space_.dense(x),
            [index.credits(h) for h in have],
            [self.scorer_.occupations_of(h) for h in have],
        )

    def _mask(
        self, kinds: Iterable[str] | None, park: str | None, location: str | None
    ) -> np.ndarray:
        mask = self.alive_.copy()
        if kinds is not None:
            wanted = [KINDS.index(k) for k in set(kinds) if k in KINDS]
            mask &= np.isin(self.ids_["kind"], wanted)
        for key, value in (("park", park), ("location", location)):
            if value is not None:
                code = self.codes_[key].get(value)
                mask &= self.ids_[key] == (code if code is not None else -2)
        return mask

    def _nearest(self, e: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` rows (of ``rows``) nearest each latent vector, and their cosines."""
        return self._top(rows, self._sims(e, rows), k)

    def _sims(self, e: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Latent cosines of ``e`` with vacancy ``rows``, as float64 products rounded
        to float32: float32 BLAS rounds a row differently by how many rows share the
        product, and a person's scores must not depend on who else is in the batch."""
        if self._e64 is None or len(self._e64) != len(self.e_):
            self._e64 = self.e_.astype(np.float64)
        return (e.astype(np.float64) @ self._e64[rows].T).astype(np.float32)

    def _cells(self, e: np.ndarray) -> np.ndarray:
        """The latent cell of each row of ``e`` (in float64, as ``_sims``)."""
        assert self.centroids_ is not None
        return np.argmax(e.astype(np.float64) @ self.centroids_.T.astype(np.float64), axis=1)

    def _stage1(
        self,
        q: _Queries,
        members: np.ndarray,
        cand: np.ndarray,
        sem: np.ndarray,
        shared: np.ndarray | None = None,
    ) -> _Block:
        """Every part but the level penalties, for each member against its candidates
        (``shared``: the rows every member has as candidates, in ``cand``'s order)."""
        w = self.scorer_.weights
        n_people, k = cand.shape
        pair_p = np.repeat(np.arange(n_people), k)
        pair_r = cand.ravel()
        qx = q.x[members]
        if shared is not None:
            # many pairs per person: three sparse products beat a flat gather
            every = len(shared) == len(self.docs_)  # no dead rows: no slicing either
            full = [(qx @ self._channel(c)).toarray() for c in range(3)]
            dots = np.stack(full if every else [d[:, shared] for d in full], axis=2)
        else:
            # the block's own vocabulary keeps the dense query matrix small
            used = np.unique(qx.indices)
            lut = np.full(self.space_.n_features, len(used), dtype=np.int32)
            lut[used] = np.arange(len(used), dtype=np.int32)
            dense_q = np.zeros((n_people, len(used) + 1), dtype=np.float32)
            dense_q[np.repeat(np.arange(n_people), np.diff(qx.indptr)), lut[qx.indices]] = qx.data
            # every pair's three segments as rows of one sparse matrix (scipy's row
            # gather), times the block's queries: each stored value meets the block's
            # people in one contiguous multiply-add instead of a numpy gather chain
            segs = (pair_r[:, None] * 3 + np.arange(3)).ravel()
            picked = self._segment_rows()[segs]
            picked = sp.csr_matrix(
                (picked.data, lut[picked.indices], picked.indptr), shape=(len(segs), len(used) + 1)
            )
            every = picked @ np.ascontiguousarray(dense_q.T)
            dots = every[np.arange(len(segs)), np.repeat(pair_p, 3)].reshape(n_people, k, 3)
        cos = np.concatenate([dots[:, :, :2], sem[:, :, None], dots[:, :, 2:]], axis=2)
        cos -= w.hub * self.hub_[pair_r].reshape(n_people, k, 4)
        index = self.scorer_.index
        credit_q = np.zeros((n_people, max(len(index.columns), 1)), dtype=np.float32)
        occ_q = np.zeros((n_people, len(self.codes_["occ"]) + 1), dtype=np.float32)
        group_q = np.zeros((n_people, len(self.codes_["group"]) + 1), dtype=np.float32)
        for i, m in enumerate(members):
            for skill, (c, _) in q.credits[m].items():
                col = index.columns.get(skill)
                if col is not None:
                    credit_q[i, col] = c
            for code, c in q.occ[m].items():
                occ = self.codes_["occ"].get(code)
                if occ is not None:
                    occ_q[i, occ] = max(occ_q[i, occ], c)
                group = self.codes_["group"].get(code[:7])
                if group is not None:
                    group_q[i, group] = max(group_q[i, group], 0.5 * c)
        cover = _segment_dots(
            self.req_ptr_, self.req_cols_, self.req_vals_, pair_r, pair_p, credit_q
        ).reshape(n_people, k)
        # id -1 (no occupation) reads the last column, which stays zero
        occ_fit = np.maximum(
            occ_q[pair_p, self.ids_["occ"][pair_r]], group_q[pair_p, self.ids_["group"][pair_r]]
        ).reshape(n_people, k)
        factors = w.factors(cos.max(axis=1))
        rough = np.einsum("pkc,pc->pk", cos, factors) + w.skills * cover + w.occupation * occ_fit
        return _Block(members, cand, cos, factors, occ_fit, rough)

    # -- stage 2 -----------------------------------------------------------------
    def _finish(self, q: _Queries, block: _Block, i: int, top: int) -> list[Recommendation]:
        """Exact reasons for member ``i``, only as far down as the bound requires."""
        m = int(block.members[i])
        person = q.docs[m]
        rough = block.rough[i]
        want = min(max(top, self.rerank if self._learned() else top), len(rough))
        if want == 0:
            return []
        n_sorted = min(len(rough), 2 * want + 8)
        _, head_rough, head_rows, head_parts, head_occ = block.head(i, n_sorted)
        reqs, totals, credits, levels = self.reqs_, self.req_total_, q.credits[m], person.levels
        scored: list[Recommendation] = []
        best: list[float] = []  # a min-heap of the ``want`` best exact scores
        kth = -np.inf
        pos = 0
        while pos < len(rough):
            if pos == len(head_rows):  # the bound reached past the sorted head: sort all
                _, head_rough, head_rows, head_parts, head_occ = block.head_all(i)
            if len(scored) >= want and head_rough[pos] < kth - 1e-6:
                break
            row = head_rows[pos]
            total, reasons = self.scorer_.scored(
                reqs[row], credits, levels, head_parts[pos], head_occ[pos], totals[row]
            )
            scored.append(Recommendation(self._doc(row).id, total, reasons))
            if len(best) < want:
                heapq.heappush(best, total)
            elif total > best[0]:
                heapq.heapreplace(best, total)
            if len(scored) >= want:
                kth = best[0]
            pos += 1
        scored.sort(key=lambda r: (-r.score, r.id))
        scored = scored[:want]
        if self._learned():
            assert self.ranker is not None
            weights = self.ranker.part_weights()
            scored = [
                Recommendation(r.id, rw.total, rw)
                for r in scored
                for rw in (reweigh(r.reasons, weights),)
            ]
            scored.sort(key=lambda r: (-r.score, r.id))
        return scored[:top]

    def _learned(self) -> bool:
        return self.ranker is not None and self.ranker.use_model()

    def _doc(self, row: int) -> VacancyDoc:
        d = self.docs_[row]
        assert d is not None
        return d

    # -- ranking -----------------------------------------------------------------
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
        q = self._encode([person])
        filtered = kinds is not None or park is not None or location is not None
        mask = self._mask(kinds, park, location) if filtered else None
        if self.centroids_ is not None:
            near, sims = self._probe(q.e, int(self._cells(q.e)[0]), mask)
            if len(near):
                cand, sem = self._top(near, sims, self.ivf_candidates)
            else:  # filters emptied the probed cells: search all survivors
                rows = np.flatnonzero(self.alive_ if mask is None else mask)
                if len(rows) == 0:
                    return []
                cand, sem = self._nearest(q.e, rows, self.ivf_candidates)
        else:
            rows = np.flatnonzero(self.alive_ if mask is None else mask)
            if len(rows) == 0:
                return []
            block = self._stage1(
                q, np.zeros(1, dtype=np.int64), rows[None, :], self._sims(q.e, rows), rows
            )
            return self._finish(q, block, 0, top)
        block = self._stage1(q, np.zeros(1, dtype=np.int64), cand, sem)
        return self._finish(q, block, 0, top)

    def explain(self, person: PersonDoc, vacancy_ids: Iterable[str]) -> dict[str, Reasons]:
        """The transparent reasons of the named vacancies for one person, each part
        normalised over what ``recommend`` would show that person (its candidates,
        plus the named ones): the features the learned ranker is trained on.
        Unknown ids are left out."""
        self._flush()
        named = {v: self.row_of_[v] for v in vacancy_ids if v in self.row_of_}
        if not named:
            return {}
        q = self._encode([person])
        rows = np.flatnonzero(self.alive_)
        shared: np.ndarray | None = rows  # every vacancy: the sparse-product path
        if self.centroids_ is not None:
            shared = None
            near, sims = self._probe(q.e, int(self._cells(q.e)[0]))
            if len(near):
                rows = self._top(near, sims, self.ivf_candidates)[0][0]
        rows = np.union1d(rows, np.fromiter(named.values(), dtype=np.int64))
        block = self._stage1(
            q, np.zeros(1, dtype=np.int64), rows[None, :], self._sims(q.e, rows), shared
        )
        at = {int(r): j for j, r in enumerate(rows)}
        out: dict[str, Reasons] = {}
        for vid, row in named.items():
            j = at[row]
            out[vid] = self.scorer_.reasons(
                self.reqs_[row],
                q.credits[0],
                person.levels,
                block.cos[0, j],
                block.factors[0],
                float(block.occ_fit[0, j]),
            )
        return out

    def explain_many(
        self, pairs: Sequence[tuple[PersonDoc, Sequence[str]]], block_size: int = 64
    ) -> list[dict[str, Reasons]]:
        """``explain`` for many people: below the IVF threshold, blocks of people
        share one stage-1 pass over every vacancy (feedback for a whole graph)."""
        self._flush()
        if self.centroids_ is not None:
            return [self.explain(p, ids) for p, ids in pairs]
        out: list[dict[str, Reasons]] = [{} for _ in pairs]
        rows = np.flatnonzero(self.alive_)
        if not len(rows):
            return out
        block_size = max(1, min(block_size, 250_000 // len(rows)))
        at = np.full(len(self.docs_), -1, dtype=np.int64)
        at[rows] = np.arange(len(rows))
        for start in range(0, len(pairs), block_size):
            part = pairs[start : start + block_size]
            q = self._encode([p for p, _ in part])
            members = np.arange(len(part))
            sem = self._sims(q.e, rows)
            block = self._stage1(q, members, np.broadcast_to(rows, sem.shape), sem, rows)
            for i, (person, ids) in enumerate(part):
                for vid in ids:
                    row = self.row_of_.get(vid)
                    if row is None:
                        continue
                    j = int(at[row])
                    out[start + i][vid] = self.scorer_.reasons(
                        self.reqs_[row],
                        q.credits[i],
                        person.levels,
                        block.cos[i, j],
                        block.factors[i],
                        float(block.occ_fit[i, j]),
                    )
        return out

    def recommend_many(
        self, people: Sequence[PersonDoc], top: int = 10, block_size: int = 128
    ) -> list[list[Recommendation]]:
        """``recommend`` for everyone at once (no filters): people are grouped by
        their latent cell, each group shares one candidate list and one matrix
        product, and exact reasons are made only for each person's final top."""
        return self.map_recommendations(people, _keep, top, block_size)

    def map_recommendations(
        self,
        people: Sequence[PersonDoc],
        each: Callable[[PersonDoc, list[Recommendation]], T],
        top: int = 10,
        block_size: int = 128,
    ) -> list[T]:
        """``each(person, recommendations)`` for everyone, in input order, computed
        as ``recommend_many`` does.

        With ``n_jobs`` > 1 and enough people the work is split over forked worker
        processes (the fitted index is shared copy-on-write; threads would be held
        back by the Python reasons), and ``each`` runs in the worker: only its
        results cross the pipe, which for a JSON line or a list of ids is far
        cheaper than a million reasons objects. This process takes the first share."""
        self._flush()
        if top < 1:
            raise ValueError("top must be at least 1")
        n_workers = min(self.n_jobs, len(people) // _MIN_SHARE)
        if n_workers < 2 or "fork" not in mp.get_all_start_methods():
            return self._map_block(people, each, top, block_size)
        bounds = np.linspace(0, len(people), n_workers + 1).astype(int)
        global _FORKED
        _FORKED = (self, people, each, top, block_size)
        try:
            with mp.get_context("fork").Pool(n_workers - 1, initializer=_one_thread) as pool:
                rest = pool.map_async(_forked_share, list(itertools.pairwise(bounds[1:])))
                with threadpool_limits(1):  # one core each: BLAS threads would contend
                    out = self._map_block(people[: bounds[1]], each, top, block_size)
                for share in rest.get():
                    out += share
        finally:
            _FORKED = None
        return out

    def _map_block(
        self,
        people: Sequence[PersonDoc],
        each: Callable[[PersonDoc, list[Recommendation]], T],
        top: int,
        block_size: int,
    ) -> list[T]:
        ranked = self._recommend_block(people, top, block_size)
        return [each(p, recs) for p, recs in zip(people, ranked, strict=True)]

    def _recommend_block(
        self, people: Sequence[PersonDoc], top: int, block_size: int
    ) -> list[list[Recommendation]]:
        out: list[list[Recommendation]] = [[] for _ in people]
        rows = np.flatnonzero(self.alive_)
        if not len(people) or not len(rows):
            return out
        chunk = 16_384  # people encoded and grouped by cell together: bigger shared blocks
        if self.centroids_ is None:  # every row is a candidate: keep a block's pairs bounded
            block_size = max(1, min(block_size, 250_000 // len(rows)))
        for base in range(0, len(people), chunk):
            q = self._encode(people[base : base + chunk])
            if self.centroids_ is None:
                groups = [(np.arange(len(q.docs)), -1)]
            else:
                cells = self._cells(q.e)
                groups = [(np.flatnonzero(cells == c), int(c)) for c in np.unique(cells)]
            for members_all, cell in groups:
                for s in range(0, len(members_all), block_size):
                    members = members_all[s : s + block_size]
                    e = q.e[members]
                    near = np.zeros(0, dtype=np.int64)
                    if cell >= 0:
                        near, sims = self._probe(e, cell)
                    if len(near):
                        cand, sem = self._top(near, sims, self.ivf_candidates)
                    elif self.centroids_ is not None:
                        cand, sem = self._nearest(e, rows, self.ivf_candidates)
                    else:
                        sem = self._sims(e, rows)
                        cand = np.broadcast_to(rows, sem.shape)
                        block = self._stage1(q, members, cand, sem, rows)
                        for i, m in enumerate(members):
                            out[base + int(m)] = self._finish(q, block, i, top)
                        continue
                    block = self._stage1(q, members, cand, sem)
                    for i, m in enumerate(members):
                        out[base + int(m)] = self._finish(q, block, i, top)
        return out


# Forked workers read the matcher and the people from here (set just before the
# fork), so nothing but the share's bounds and its results crosses a pipe.
_MIN_SHARE = 2000
_FORKED: tuple[JobMatcher, Sequence[PersonDoc], Callable[..., Any], int, int] | None = None


def _keep(person: PersonDoc, recs: list[Recommendation]) -> list[Recommendation]:
    return recs


def _one_thread() -> None:
    threadpool_limits(1)


def _forked_share(bounds: tuple[int, int]) -> list[Any]:
    assert _FORKED is not None
    matcher, people, each, top, block_size = _FORKED
    return matcher._map_block(people[bounds[0] : bounds[1]], each, top, block_size)


def map_lead(docs: Sequence[VacancyDoc]) -> list[str]:
    return [lead_sentence(d) for d in docs]


class CandidateMatcher:
    """The reverse ranking: people for a vacancy, same parts, same reasons.

    People who did not consent to be visible are dropped at ``fit`` and never
    enter the index, so no ranking can return them. The per-query normalisation
    runs over the people, as it runs over the vacancies in ``JobMatcher``.
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
        have = [index.person_skills(p) for p in self.people_]
        self.credits_ = [index.credits(h) for h in have]
        self.occ_ = [self.scorer_.occupations_of(h) for h in have]
        return self

    def rank(self, vacancy: VacancyDoc, top: int = 10) -> list[Recommendation]:
        if top < 1:
            raise ValueError("top must be at least 1")
        if not self.people_ or self.x_ is None or self.e_ is None:
            return []
        space = self.space_
        v = space.sparse(
            [_vacancy_text(vacancy, self.scorer_.index), vacancy.title, lead_sentence(vacancy)]
        )
        dots = np.asarray((self.x_ @ v.T).toarray(), dtype=np.float32)
        sem = self.e_ @ space.dense(v[:1])[0]
        cos = np.column_stack([dots[:, 0], dots[:, 1], sem, dots[:, 2]])
        factors = self.scorer_.weights.factors(cos.max(axis=0))
        reqs = self.scorer_.index.requirements(vacancy)
        out: list[Recommendation] = []
        for i, p in enumerate(self.people_):
            reasons = self.scorer_.reasons(
                reqs,
                self.credits_[i],
                p.levels,
                cos[i],
                factors,
                self.scorer_.occupation_fit(self.occ_[i], vacancy.occupation),
            )
            out.append(Recommendation(p.id, reasons.total, reasons))
        out.sort(key=lambda r: (-r.score, r.id))
        return out[:top]
