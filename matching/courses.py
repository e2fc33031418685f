"""Courses for a gap: the cheapest set of alliance courses that closes a person's
missing skills for a target vacancy or occupation (weighted set cover, greedy).

Greedy cover is within ln(n) of optimal and, unlike an exact solver, explains
itself: each pick is the course that closes the most missing importance per
effective hour. Prerequisites come along with the course that needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matching.jobs import SkillIndex
from matching.model import PersonDoc, VacancyDoc
from matching.taxonomy import Taxonomy


@dataclass(frozen=True)
class CourseDoc:
    id: str
    title: str
    skills: tuple[tuple[str, int | None], ...]  # (skill, level it brings you to)
    hours: float
    seats_free: int = 1
    subsidised: bool = False
    park: str | None = None
    prerequisites: tuple[str, ...] = ()
    cost: float = 0.0

    def __post_init__(self) -> None:
        if self.hours <= 0:
            raise ValueError(f"course {self.id!r}: hours must be positive")


@dataclass(frozen=True)
class PlannedCourse:
    course: str
    title: str
    closes: tuple[str, ...]  # skill ids this course closes in the plan
    hours: float
    prerequisite_for: str | None = None


@dataclass(frozen=True)
class CoursePlan:
    courses: tuple[PlannedCourse, ...]
    gap: tuple[str, ...]
    uncovered: tuple[str, ...]
    total_hours: float
    total_cost: float


SUBSIDY_DISCOUNT = 0.6  # a subsidised hour costs the person less: prefer it
SAME_PARK_DISCOUNT = 0.8  # no commute across Shenyang


def gap_for(
    person: PersonDoc, target: VacancyDoc | str, taxonomy: Taxonomy, min_credit: float = 0.6
) -> dict[str, float]:
    """Missing skills (id -> importance) for a vacancy or a CSCO occupation code."""
    index = SkillIndex(taxonomy, related_discount=0.0)
    if isinstance(target, VacancyDoc):
        wanted = {s: imp for s, imp, _ in index.requirements(target)}
    else:
        if target not in taxonomy.occupations:
            raise ValueError(f"unknown occupation code {target!r}")
        linked = [s for s in taxonomy.skills.values() if target in s.occupations]
        curated = [s for s in linked if s.curated]
        wanted = {s.id: 1.0 for s in (curated or linked)}
    have = index.person_skills(person)
    return {s: imp for s, imp in wanted.items() if have.get(s, 0.0) < min_credit}


def plan_courses(
    person: PersonDoc,
    target: VacancyDoc | str,
    courses: Sequence[CourseDoc],
    taxonomy: Taxonomy,
    completed: Iterable[str] = (),
) -> CoursePlan:
    gap = gap_for(person, target, taxonomy)
    index = SkillIndex(taxonomy, related_discount=0.0)
    by_id = {c.id: c for c in courses}
    done = set(completed)
    teaches: dict[str, set[str]] = {}
    for c in courses:
        ids = {index.key(s)[0][0] for s, _ in c.skills}
        teaches[c.id] = ids

    def bundle(cid: str, seen: frozenset[str] = frozenset()) -> list[str] | None:
        """The course plus any prerequisites not yet completed; None if impossible."""
        c = by_id.get(cid)
        if c is None or c.seats_free <= 0 or cid in seen:
            return None
        out: list[str] = []
        for pre in c.prerequisites:
            if pre in done:
                continue
            sub = bundle(pre, seen | {cid})
            if sub is None:
                return None
            out.extend(x for x in sub if x not in out)
        return [*out, cid]

    def effective(cid: str) -> float:
        c = by_id[cid]
        h = c.hours * (SUBSIDY_DISCOUNT if c.subsidised else 1.0)
        return h * (SAME_PARK_DISCOUNT if person.park and c.park == person.park else 1.0)

    open_gap = dict(gap)
    chosen: list[str] = []
    while open_gap:
        best: tuple[float, str, list[str]] | None = None
        for c in courses:
            if c.id in chosen or c.id in done:
                continue
            plan = bundle(c.id)
            if plan is None:
                continue
            new = [x for x in plan if x not in chosen]
            gain = sum(open_gap.get(s, 0.0) for x in new for s in teaches[x])
            if gain <= 0:
                continue
            ratio = gain / sum(effective(x) for x in new)
            if best is None or ratio > best[0] or (ratio == best[0] and c.id < best[1]):
                best = (ratio, c.id, new)
        if best is None:
            break
        for x in best[2]:
            chosen.append(x)
            for s in teaches[x]:
                open_gap.pop(s, None)

    # Drop picks made redundant by later ones, unless another pick needs them.
    for cid in list(reversed(chosen)):
        others = [x for x in chosen if x != cid]
        needed = any(cid in by_id[x].prerequisites for x in others)
        covered = set().union(*(teaches[x] for x in others)) if others else set()
        if not needed and not (teaches[cid] & set(gap)) - covered:
            chosen.remove(cid)

    planned: list[PlannedCourse] = []
    closed: set[str] = set()
    for cid in chosen:
        c = by_id[cid]
        closes = tuple(sorted((teaches[cid] & set(gap)) - closed))
        closed |= set(closes)
        user = next((x for x in chosen if cid in by_id[x].prerequisites), None)
        planned.append(PlannedCourse(cid, c.title, closes, c.hours, user))
    return CoursePlan(
        courses=tuple(planned),
        gap=tuple(sorted(gap)),
        uncovered=tuple(sorted(set(gap) - closed)),
        total_hours=sum(by_id[c].hours for c in chosen),
        total_cost=sum(by_id[c].cost for c in chosen),
    )
