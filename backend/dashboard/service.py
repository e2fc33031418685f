"""Who may see which counts. Staff see the alliance; a park's accounts their park;
a school's accounts their school; an organisation's accounts its own users."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.accounts.schemas import Principal
from backend.dashboard.repository import DashboardRepository
from backend.errors import Forbidden, NotFound
from backend.graph.store import GraphStore
from backend.vacancies.service import shenyang_today

APPLICATION_STATES = (
    "applied",
    "shortlisted",
    "interview",
    "offer",
    "hired",
    "rejected",
    "withdrawn",
)


@dataclass
class AllianceGlance:
    members: dict[str, int]
    open_vacancies: dict[str, int]
    open_places: int
    applications: dict[str, int]
    placements_filled: int
    jobs_filled: int
    people: dict[str, int]
    open_courses: int
    course_seats: int
    course_seats_taken: int

    @property
    def members_total(self) -> int:
        return sum(self.members.values())

    @property
    def open_vacancies_total(self) -> int:
        return sum(self.open_vacancies.values())


@dataclass
class ParkGlance:
    id: str
    name_zh: str
    name_en: str | None
    firms: list[dict[str, Any]]
    schools: list[dict[str, Any]]
    workers: int
    students: int

    @property
    def open_vacancies(self) -> int:
        return sum(int(f["open_vacancies"] or 0) for f in self.firms)


@dataclass
class SchoolGlance:
    graduates: int
    employed: int
    students: int
    placements: dict[str, int] = field(default_factory=dict)

    @property
    def employment_rate(self) -> float | None:
        """None when there are no graduates yet: a rate of 0% would mislead."""
        return self.employed / self.graduates if self.graduates else None


def _as_int(v: Any) -> int:
    return int(v or 0)


class DashboardService:
    def __init__(self, store: GraphStore) -> None:
        self.repo = DashboardRepository(store)

    def alliance(self, principal: Principal) -> AllianceGlance:
        if not principal.is_staff:
            raise Forbidden(
                "only alliance staff see the alliance at a glance",
                message_zh="仅联盟工作人员可查看联盟概况",
            )
        raw = self.repo.alliance(shenyang_today().isoformat())
        applications = {s: 0 for s in APPLICATION_STATES}
        filled = {"placement": 0, "job": 0, "apprenticeship": 0}
        for r in raw["applications"]:
            applications[r["status"]] = applications.get(r["status"], 0) + _as_int(r["n"])
            if r["status"] == "hired" and r["kind"] in filled:
                filled[r["kind"]] += _as_int(r["n"])
        courses = raw["courses"][0] if raw["courses"] else {}
        return AllianceGlance(
            members={r["kind"]: _as_int(r["n"]) for r in raw["members"]},
            open_vacancies={r["kind"]: _as_int(r["n"]) for r in raw["vacancies"]},
            open_places=sum(_as_int(r["places"]) for r in raw["vacancies"]),
            applications=applications,
            placements_filled=filled["placement"],
            jobs_filled=filled["job"] + filled["apprenticeship"],
            people={str(r["role"]): _as_int(r["n"]) for r in raw["people"]},
            open_courses=_as_int(courses.get("n")),
            course_seats=_as_int(courses.get("seats")),
            course_seats_taken=_as_int(courses.get("taken")),
        )

    def park(self, principal: Principal, park_id: str | None = None) -> ParkGlance:
        """A park account sees its own park; staff any park."""
        if principal.is_staff and park_id:
            target = park_id
        elif principal.active and principal.role == "park" and principal.org_id:
            target = principal.org_id
        else:
            raise Forbidden(
                "only a park's administration and staff see a park's figures",
                message_zh="仅园区管理方和联盟工作人员可查看园区数据",
            )
        raw = self.repo.park(target, shenyang_today().isoformat())
        if raw is None:
            raise NotFound(f"no park {target!r}", message_zh="没有该园区")
        return ParkGlance(
            id=raw["park"]["id"],
            name_zh=raw["park"]["name_zh"],
            name_en=raw["park"]["name_en"],
            firms=raw["firms"],
            schools=raw["schools"],
            workers=raw["workers"],
            students=raw["students"],
        )

    def school(self, principal: Principal) -> SchoolGlance:
        if not (
            principal.active
            and principal.role == "school"
            and principal.org_kind == "School"
            and principal.org_id
        ):
            raise Forbidden(
                "only a school's accounts see its graduates' employment",
                message_zh="仅学校账号可查看本校毕业生就业情况",
            )
        # every graduate so far, as analytics counts them when no ``since`` is given
        raw = self.repo.school(principal.org_id, shenyang_today().isoformat(), "0000-01-01")
        return SchoolGlance(
            graduates=raw["graduates"],
            employed=raw["employed"],
            students=raw["students"],
            placements={r["status"]: _as_int(r["n"]) for r in raw["placements"]},
        )

    def org_users(self, principal: Principal) -> list[dict[str, Any]]:
        """The accounts that act for the caller's own organisation."""
        if not (principal.active and principal.org_id and principal.role != "person"):
            raise Forbidden(
                "only an organisation's accounts see its users",
                message_zh="仅本单位账号可查看单位用户",
            )
        return self.repo.org_users(principal.org_id)

    def occupations(self, codes: list[str]) -> list[dict[str, Any]]:
        """The given CSCO codes that are in the graph, in the order given (a coder's
        ranking): a vacancy can only point at an occupation the graph holds."""
        found = self.repo.occupations(codes)
        return [found[c] for c in codes if c in found]

    def skills(self, ids: list[str]) -> list[dict[str, Any]]:
        """The given taxonomy skills that are in the graph, in the order given."""
        found = self.repo.skills(ids)
        return [found[i] for i in ids if i in found]
