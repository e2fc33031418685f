"""Recommendations: jobs for a person, candidates for a vacancy, courses for a gap.

The matcher is a pure library; this service hands it plain snapshots from the
graph and shows its reasons unchanged, so the reasons a user reads are the ones
that produced the score. Skill levels cross the boundary here: the graph keeps
proficiency 1-5 (higher is more), the matcher national grades (grade = 6 - p).
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from backend.accounts.schemas import Principal
from backend.errors import Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore
from backend.recommendations.repository import RecommendationRepository
from matching.courses import CourseDoc, plan_courses
from matching.jobs import CandidateMatcher, JobMatcher
from matching.model import KINDS, PersonDoc, Requirement, VacancyDoc
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


class MatcherHub:
    """The process's job index over open vacancies, built on first use and rebuilt
    when the set of open vacancies changes (one cheap count query per request)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._lock = threading.Lock()
        self._jobs: JobMatcher | None = None
        self._fingerprint: tuple[int, str | None, str] | None = None

    def jobs(self, repo: RecommendationRepository) -> JobMatcher:
        today = date.today().isoformat()
        n, newest = repo.fingerprint(today)
        key = (n, newest, today)
        with self._lock:
            if self._jobs is None or self._fingerprint != key:
                docs = [vacancy_doc(r) for r in repo.open_vacancies(today)]
                self._jobs = JobMatcher(self.taxonomy).fit(docs)
                self._fingerprint = key
            return self._jobs

    def invalidate(self) -> None:
        with self._lock:
            self._jobs = None


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
        matcher = self.hub.jobs(self.repo)
        recs = matcher.recommend(
            person_doc(row), top=top, kinds=[kind] if kind else None, park=park
        )
        cards = self.repo.vacancy_cards([r.id for r in recs])
        return {
            "enabled": True,
            "items": [
                {
                    "vacancy": cards.get(r.id, {"id": r.id}),
                    "score": round(r.score, 4),
                    "reasons": r.reasons.to_dict(),
                }
                for r in recs
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
        people = [person_doc(r) for r in self.repo.visible_people()]
        recs = CandidateMatcher(self.taxonomy).fit(people).rank(vacancy_doc(vac), top=top)
        cards = self.repo.people_cards([r.id for r in recs])
        return {
            "vacancy_id": vacancy_id,
            "items": [
                {
                    "person": cards.get(r.id, {"id": r.id}),
                    "score": round(r.score, 4),
                    "reasons": r.reasons.to_dict(),
                }
                for r in recs
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
            "gap": [{"skill": s, "label": self.taxonomy.name(s)} for s in plan.gap],
            "uncovered": [{"skill": s, "label": self.taxonomy.name(s)} for s in plan.uncovered],
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
                    "closes": [{"skill": s, "label": self.taxonomy.name(s)} for s in pc.closes],
                    "prerequisite_for": pc.prerequisite_for,
                }
                for pc in plan.courses
            ],
        }
