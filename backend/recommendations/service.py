"""Recommendations: jobs for a person, candidates for a vacancy, courses for a gap.

The matcher is a pure library; this service hands it plain snapshots from the
graph and shows its reasons unchanged, so the reasons a user reads are the ones
that produced the score. People see a bounded fit (0-100, ``matching.jobs.fit_of``)
whose parts are the skill and occupation reasons; lists keep, in the matcher's
order, only pairs with at least ``MIN_FIT``.
Skill levels cross the boundary here: the graph keeps proficiency 1-5 (higher is
more), the matcher national grades (grade = 6 - p).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import date, timedelta
from typing import Any

from backend.accounts.schemas import Principal
from backend.errors import Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore
from backend.recommendations.repository import RecommendationRepository
from matching.courses import CourseDoc, plan_courses
from matching.jobs import CandidateMatcher, JobMatcher, fit_of
from matching.ltr import OUTCOME_GAIN, Feedback, GateDecision, RankerGate
from matching.model import KINDS, Fit, PersonDoc, Reasons, Recommendation, Requirement, VacancyDoc
from matching.taxonomy import Taxonomy


def grade(proficiency: Any) -> int | None:
    if proficiency is None:
        return None
    return min(5, max(1, 6 - int(proficiency)))


def vacancy_doc(row: dict[str, Any]) -> VacancyDoc:
    reqs = tuple(
        Requirement(skill=s, importance=float(i) if i else 1.0, level=grade(lv))
        for s, i, lv in zip(row["skills"], row["importances"], row["levels"], strict=False)
    )
    return VacancyDoc(
        id=row["id"],
        title=row["title"] or row["id"],
        description=row.get("description") or "",
        required=reqs,
        kind=str(row["kind"]) if row.get("kind") in KINDS else "job",
        park=row.get("park"),
        location=row.get("location"),
        occupation=row.get("occupation"),
    )


def person_doc(row: dict[str, Any], visible: bool = True) -> PersonDoc:
    levels = {
        s: g
        for s, lv in zip(row["skills"], row["levels"], strict=False)
        if (g := grade(lv)) is not None
    }
    return PersonDoc(
        id=row["id"],
        skills=tuple(row["skills"]),
        text=row.get("summary") or "",
        park=row.get("park"),
        visible=visible,
        levels=levels,
    )


# A pair whose fit (0-100) is below this shares too little to recommend: a list is
# not padded with vacancies (or people) that share no skill and no occupation.
MIN_FIT = 10
# The matcher is asked for this many times the list, so the cut still leaves a full one.
POOL = 3


def skill_names(taxonomy: Taxonomy, skill: str) -> dict[str, str]:
    """A skill's Chinese and English names, for the page to pick by language. A
    literal requirement the taxonomy does not know (``text:…``) names itself in both."""
    known = taxonomy.skills.get(skill)
    if known is not None:
        return {"name_zh": known.zh, "name_en": known.en}
    literal = skill.removeprefix("text:")
    return {"name_zh": literal, "name_en": literal}


def reasons_view(reasons: Reasons, fit: Fit, taxonomy: Taxonomy) -> dict[str, Any]:
    """``reasons.to_dict()`` with each skill's names in both languages, and each
    skill's and the occupation's points of the fit (they add up to ``fit.total``)."""
    out = reasons.to_dict()
    for key in ("matched", "related", "missing"):
        for m in out[key]:  # type: ignore[attr-defined]
            m.update(skill_names(taxonomy, m["skill"]))
            if key != "missing":
                m["points"] = fit.skills.get(m["skill"], 0)
            if m.get("via"):
                via = skill_names(taxonomy, m["via"])
                m["via_zh"], m["via_en"] = via["name_zh"], via["name_en"]
    out["occupation_points"] = fit.occupation
    return out


def best_fits(recs: list[Recommendation], top: int) -> list[tuple[Recommendation, Fit]]:
    """The first ``top`` pairs with at least ``MIN_FIT``, in the matcher's order (its
    score, a learned ranker's when approved: words and outcomes rank too)."""
    fitted = [(r, fit) for r in recs if (fit := fit_of(r.reasons)).total >= MIN_FIT]
    return fitted[:top]


# Application statuses as ranker feedback: a firm's interest is a positive, a
# rejection a negative; a withdrawal says nothing about fit and is left out.
_OUTCOME = {
    "shortlisted": "shortlisted",
    "interview": "shortlisted",
    "offer": "hired",
    "hired": "hired",
    "rejected": "rejected",
}
UNANSWERED_AFTER = timedelta(days=30)  # an application still waiting this long is a negative


def outcome_of(status: str | None, created_at: str | None, today: date) -> str | None:
    """The ranker outcome of an application, or None when it says nothing yet."""
    if status in _OUTCOME:
        return _OUTCOME[status]
    if status == "applied" and created_at and created_at[:10] <= str(today - UNANSWERED_AFTER):
        return "unanswered"
    return None


# Past this share of the index changed since the fit, refit rather than upsert.
REFIT_SHARE = 0.2
# Below this many visible people the candidate index is refitted inline (well under a
# second); above, in the background.
INLINE_PEOPLE = 2_000

log = logging.getLogger(__name__)


class MatcherHub:
    """The process's job index over open vacancies, built on first use and kept in
    step with the graph: one cheap fingerprint query per request; when it changed,
    the vacancies posted, edited, closed or expired since are upserted into or
    removed from the index (no refit). Past ``refit_share`` of the index changed,
    it is refitted instead, since the text space was learned from the old set.

    Each full fit also refits the learned-ranker gate from the graph's application
    outcomes; the model re-ranks only when the gate approved it (enough positive
    outcomes, and better than the transparent score on held-back people). Staff
    force a full fit from /staff/jobs ("retrain").

    The index is read and changed under one lock: a matcher is not safe to read
    while another thread upserts into it.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        min_feedback: int = 300,
        refit_share: float = REFIT_SHARE,
        inline_people: int = INLINE_PEOPLE,
    ) -> None:
        self.taxonomy = taxonomy
        self.min_feedback = min_feedback
        self.refit_share = refit_share
        self.inline_people = inline_people
        self._lock = threading.Lock()
        self._jobs: JobMatcher | None = None
        self._fingerprint: tuple[int, str | None, str | None, str] | None = None
        self._stamps: dict[str, str] = {}
        self.decision: GateDecision | None = None
        self.fits = 0  # full fits so far; incremental syncs do not count
        self.synced = 0  # vacancies upserted or removed without a refit
        # Candidates: one index over the people who consent to be seen by employers.
        self._people_lock = threading.Lock()
        self._people: CandidateMatcher | None = None
        self._people_key: tuple[int, int, int] | None = None
        self._people_building = False
        self.people_fits = 0

    def jobs(self, repo: RecommendationRepository) -> JobMatcher:
        """The index, in step with the graph. Callers that share this hub with
        request threads must use ``recommend`` instead (it holds the lock)."""
        with self._lock:
            return self._current(repo)

    def recommend(
        self, repo: RecommendationRepository, person: PersonDoc, **options: Any
    ) -> list[Recommendation]:
        with self._lock:
            return self._current(repo).recommend(person, **options)

    def _current(self, repo: RecommendationRepository) -> JobMatcher:
        today = date.today()
        key = (*repo.fingerprint(today.isoformat()), today.isoformat())
        if self._jobs is not None and self._fingerprint == key:
            return self._jobs
        stamps = repo.open_stamps(today.isoformat())
        gone = self._stamps.keys() - stamps.keys()
        changed = sorted(i for i, s in stamps.items() if self._stamps.get(i) != s)
        if self._jobs is None or len(gone) + len(changed) > self.refit_share * max(
            len(self._stamps), 1
        ):
            self._fit(repo, today)
        else:
            for vacancy_id in gone:
                with contextlib.suppress(KeyError):  # never indexed: nothing to remove
                    self._jobs.remove(vacancy_id)
            rows = sorted(repo.vacancies_by_id(changed), key=lambda r: str(r["id"]))
            for row in rows:
                self._jobs.upsert(vacancy_doc(row))
            self.synced += len(gone) + len(rows)
        self._stamps = stamps
        self._fingerprint = key
        assert self._jobs is not None
        return self._jobs

    def _fit(self, repo: RecommendationRepository, today: date) -> None:
        # sorted: the store's row order varies, and the fit (SVD, samples) follows it
        rows = sorted(repo.open_vacancies(today.isoformat()), key=lambda r: str(r["id"]))
        docs = [vacancy_doc(r) for r in rows]
        gate = self.train_gate(repo, docs, today)
        self._jobs = JobMatcher(self.taxonomy, ranker=gate).fit(docs)
        self.decision = gate.decision_
        self.fits += 1

    def train_gate(
        self, repo: RecommendationRepository, open_docs: list[VacancyDoc], today: date
    ) -> RankerGate:
        """Fit the gate on every answered application. Each pair's features are its
        transparent score parts, from a matcher over the open vacancies plus the
        ones applied to (closed ones included), as the person would have seen them."""
        labelled = [
            (r["person"], r["vacancy"], o)
            for r in repo.application_outcomes()
            if (o := outcome_of(r["status"], r["created_at"], today)) is not None
        ]
        gate = RankerGate(min_feedback=self.min_feedback)
        if sum(OUTCOME_GAIN[o] > 0 for _, _, o in labelled) < self.min_feedback:
            # too little feedback: the gate refuses before it reads any features
            return gate.fit([Feedback(p, v, o, ()) for p, v, o in labelled])
        known = {d.id for d in open_docs}
        applied = sorted({v for _, v, _ in labelled} - known)
        closed = sorted(repo.vacancies_by_id(applied), key=lambda r: str(r["id"]))
        docs = open_docs + [vacancy_doc(r) for r in closed]
        space = JobMatcher(self.taxonomy).fit(docs)
        people = {
            r["id"]: person_doc(r) for r in repo.people_by_id(sorted({p for p, _, _ in labelled}))
        }
        by_person: dict[str, list[tuple[str, str]]] = {}
        for p, v, o in labelled:
            by_person.setdefault(p, []).append((v, o))
        known_people = sorted(p for p in by_person if p in people)
        explained = space.explain_many(
            [(people[p], [v for v, _ in by_person[p]]) for p in known_people]
        )
        feedback = [
            Feedback.from_reasons(pid, v, o, reasons[v])
            for pid, reasons in zip(known_people, explained, strict=True)
            for v, o in by_person[pid]
            if v in reasons
        ]
        return gate.fit(feedback)

    def candidates(
        self, repo: RecommendationRepository, vacancy: VacancyDoc, top: int
    ) -> list[Recommendation]:
        """People for a vacancy from the cached candidate index. When the visible
        people changed (fingerprint), a small index (< inline_people) is refitted at
        once; a large one is refitted in a background thread while the previous one
        keeps answering, so no request waits seconds for a fit. Callers drop anyone
        who withdrew consent since (the index may be a few seconds old)."""
        key = repo.people_fingerprint()
        with self._people_lock:
            matcher, changed = self._people, self._people_key != key
            if matcher is None or (changed and self._people_size < self.inline_people):
                matcher = self._use_people(self._build_people(repo), key)
            elif changed and not self._people_building:
                self._people_building = True
                threading.Thread(target=self._refit_people, args=(repo, key), daemon=True).start()
        return matcher.rank(vacancy, top=top)

    def warm_people(self, repo: RecommendationRepository) -> None:
        with self._people_lock:
            if self._people is None:
                self._use_people(self._build_people(repo), repo.people_fingerprint())

    @property
    def _people_size(self) -> int:
        return len(self._people.people_) if self._people is not None else 0

    def _build_people(self, repo: RecommendationRepository) -> CandidateMatcher:
        rows = sorted(repo.visible_people(), key=lambda r: str(r["id"]))
        return CandidateMatcher(self.taxonomy).fit([person_doc(r) for r in rows])

    def _use_people(self, matcher: CandidateMatcher, key: tuple[int, int, int]) -> CandidateMatcher:
        """Install a fitted candidate index; the caller holds ``_people_lock``."""
        self._people, self._people_key = matcher, key
        self.people_fits += 1
        return matcher

    def _refit_people(self, repo: RecommendationRepository, key: tuple[int, int, int]) -> None:
        try:
            matcher = self._build_people(repo)
            with self._people_lock:
                self._use_people(matcher, key)
        except Exception:  # the previous index keeps answering; the next change retries
            log.exception("refitting the candidate index failed")
        finally:
            self._people_building = False

    def invalidate(self) -> None:
        """Refit on next use."""
        with self._lock:
            self._jobs = None
            self._stamps = {}

    def ranker_status(self) -> dict[str, object] | None:
        """The gate's last decision: which scorer ranks, why, and both held-back NDCGs."""
        return self.decision.to_dict() if self.decision is not None else None


_hub_lock = threading.Lock()


def hub_of(state: Any, taxonomy: Taxonomy) -> MatcherHub:
    """The process's hub, made on first use (the retrain job swaps in a new one)."""
    with _hub_lock:
        if getattr(state, "matcher_hub", None) is None:
            state.matcher_hub = MatcherHub(taxonomy)
    hub: MatcherHub = state.matcher_hub
    return hub


def warm_up(state: Any, store: GraphStore, taxonomy: Taxonomy) -> None:
    """Fit both indexes now (the server calls this in a thread as it starts)."""
    try:
        hub = hub_of(state, taxonomy)
        repo = RecommendationRepository(store)
        hub.jobs(repo)
        hub.warm_people(repo)
    except Exception:  # a request will fit them instead
        log.exception("warming the matcher failed")


class RecommendationService:
    def __init__(self, store: GraphStore, taxonomy: Taxonomy, hub: MatcherHub) -> None:
        self.repo = RecommendationRepository(store)
        self.taxonomy = taxonomy
        self.hub = hub

    def _own_person(self, principal: Principal) -> dict[str, Any]:
        if principal.person_id is None:
            raise Forbidden(
                "recommendations are for students and workers", message_zh="推荐仅面向学生和职工"
            )
        row = self.repo.person(principal.person_id)
        if row is None:
            raise NotFound("your personal record is gone", message_zh="个人档案不存在")
        return row

    def jobs(
        self, principal: Principal, top: int, kind: str | None, park: str | None
    ) -> dict[str, Any]:
        row = self._own_person(principal)
        if row["enabled"] is False:
            return {"enabled": False, "items": []}
        if kind is not None and kind not in KINDS:
            raise InvalidInput(f"kind must be one of {', '.join(KINDS)}", field="kind")
        pool = self.hub.recommend(
            self.repo, person_doc(row), top=top * POOL, kinds=[kind] if kind else None, park=park
        )
        recs = best_fits(pool, top)
        cards = self.repo.vacancy_cards([r.id for r, _ in recs])
        return {
            "enabled": True,
            "ranker": self.hub.ranker_status(),
            "min_fit": MIN_FIT,
            "items": [
                {
                    "vacancy": cards.get(r.id, {"id": r.id}),
                    "fit": fit.total,
                    "score": round(r.score, 4),
                    "reasons": reasons_view(r.reasons, fit, self.taxonomy),
                }
                for r, fit in recs
            ],
        }

    def candidates(self, principal: Principal, vacancy_id: str, top: int) -> dict[str, Any]:
        vac = self.repo.vacancy(vacancy_id)
        owns = (
            vac is not None
            and principal.active
            and principal.role == "company"
            and principal.org_verified
            and vac["firm_id"] == principal.org_id
        )
        if vac is None or not (owns or principal.is_staff):
            raise NotFound(f"no vacancy {vacancy_id!r} of yours", message_zh="未找到您的岗位")
        # a few spare: anyone who withdrew consent since the index was fitted is dropped
        ranked = self.hub.candidates(self.repo, vacancy_doc(vac), top * POOL + 10)
        cards = self.repo.people_cards([r.id for r in ranked])
        recs = best_fits([r for r in ranked if cards.get(r.id, {}).get("visible") is True], top)
        return {
            "vacancy_id": vacancy_id,
            "min_fit": MIN_FIT,
            "items": [
                {
                    "person": cards.get(r.id, {"id": r.id}),
                    "fit": fit.total,
                    "score": round(r.score, 4),
                    "reasons": reasons_view(r.reasons, fit, self.taxonomy),
                }
                for r, fit in recs
            ],
        }

    def courses(
        self, principal: Principal, vacancy_id: str | None, occupation: str | None
    ) -> dict[str, Any]:
        if (vacancy_id is None) == (occupation is None):
            raise InvalidInput(
                "give exactly one of vacancy_id or occupation",
                message_zh="请指定岗位或职业（二选一）",
                field="vacancy_id",
            )
        row = self._own_person(principal)
        target: VacancyDoc | str
        if vacancy_id is not None:
            vac = self.repo.vacancy(vacancy_id)
            if vac is None:
                raise NotFound(f"no vacancy {vacancy_id!r}", field="vacancy_id")
            target = vacancy_doc(vac)
        else:
            assert occupation is not None
            if occupation not in self.taxonomy.occupations:
                raise InvalidInput(f"unknown CSCO occupation {occupation!r}", field="occupation")
            target = occupation
        rows = self.repo.open_courses()
        courses = [
            CourseDoc(
                id=c["id"],
                title=c["title_zh"] or c["id"],
                skills=tuple((s, None) for s in c["skills"]),
                hours=float(c["hours"] or 1),
                seats_free=int(c["seats_free"] or 0),
                subsidised=float(c["subsidy"] or 0) > 0,
                park=c["park"],
                prerequisites=tuple(c["prerequisites"]),
                cost=float(c["cost"] or 0),
            )
            for c in rows
            if c["skills"]
        ]
        plan = plan_courses(
            person_doc(row), target, courses, self.taxonomy, completed=row["completed"]
        )
        info = {c["id"]: c for c in rows}
        return {
            "gap": [self._skill(s) for s in plan.gap],
            "uncovered": [self._skill(s) for s in plan.uncovered],
            "total_hours": plan.total_hours,
            "total_cost": plan.total_cost,
            "courses": [
                {
                    "course_id": pc.course,
                    "title_zh": info[pc.course]["title_zh"],
                    "title_en": info[pc.course]["title_en"],
                    "provider_zh": info[pc.course]["provider_zh"],
                    "provider_en": info[pc.course]["provider_en"],
                    "hours": pc.hours,
                    "subsidy": info[pc.course]["subsidy"],
                    "closes": [self._skill(s) for s in pc.closes],
                    "prerequisite_for": pc.prerequisite_for,
                }
                for pc in plan.courses
            ],
        }

    def _skill(self, skill: str) -> dict[str, str]:
        names = skill_names(self.taxonomy, skill)
        return {"skill": skill, "label": self.taxonomy.name(skill), **names}
