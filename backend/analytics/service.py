"""The analytics: each answer is a few grouped queries in one read transaction
and a little arithmetic here.

Who sees what (one rule, ``scope``): staff see the alliance, or one park if they
ask; a park administration sees its own park only (asking for another is 403);
every other role is refused.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from backend.accounts.schemas import Principal
from backend.analytics import repository as q
from backend.analytics.repository import AnalyticsRepository, people_kind
from backend.analytics.schemas import (
    CourseMismatch,
    Dimension,
    Employment,
    Mismatch,
    SchoolEmployment,
    Shortage,
    Shortages,
    SkillGap,
    SupplyDemand,
    SupplyDemandRow,
    Trends,
)
from backend.courses.access import today as shenyang_today
from backend.courses.schemas import OrgRef, SkillRef
from backend.errors import Forbidden, NotFound

# Names of S2's six specialties and of skills outside them.
SPECIALTY_NAMES: dict[str, tuple[str, str]] = {
    "electromechanical": ("机电", "electromechanical"),
    "transportation": ("交通运输", "transportation"),
    "construction": ("建筑", "construction"),
    "inspection": ("检验", "inspection"),
    "information_communication": ("信息通信", "information and communication"),
    "testing": ("检测", "testing"),
    "other": ("其他", "other"),
}
TREND_SERIES = (
    "vacancies_posted",
    "places_posted",
    "applications",
    "hires",
    "enrolments",
    "completions",
    "bookings",
    "skills_recorded",
    "people_registered",
)


def scope(principal: Principal, park: str | None) -> str:
    """The park this caller's analytics cover; ``''`` is the whole alliance."""
    if principal.is_staff:
        return park or ""
    if principal.role == "park" and principal.active and principal.org_id:
        if park and park != principal.org_id:
            raise Forbidden(
                "a park administration sees its own park only",
                message_zh="园区管理方只能查看本园区的数据",
            )
        return principal.org_id
    raise Forbidden(
        "analytics are for alliance staff and park administrations",
        message_zh="数据分析仅向联盟工作人员和园区管理方开放",
    )


def last_months(as_of: str, n: int = 12) -> list[str]:
    """The ``n`` calendar months ending with ``as_of``'s, oldest first."""
    d = date.fromisoformat(as_of)
    out = []
    y, m = d.year, d.month
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _ratio(supply: int, places: int) -> float | None:
    return round(supply / places, 3) if places else None


def _row(
    key: str,
    name_zh: str | None,
    name_en: str | None,
    *,
    supply: int,
    vacancies: int,
    places: int,
    counted: int | None = None,
    **extra: int,
) -> SupplyDemandRow:
    """One supply/demand row; ratio and gap come from what counts as supply
    (``counted``: the available people, for skills; otherwise everyone who has it)."""
    counted = supply if counted is None else counted
    return SupplyDemandRow(
        key=key,
        name_zh=name_zh,
        name_en=name_en,
        supply=supply,
        vacancies=vacancies,
        places=places,
        ratio=_ratio(counted, places),
        gap=places - counted,
        **extra,
    )


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class AnalyticsService:
    def __init__(self, store: Any, today: str | None = None) -> None:
        """``today``: the Shenyang day the snapshot is taken on (tests fix it)."""
        self.repo = AnalyticsRepository(store)
        self.today = today or shenyang_today()

    # ------------------------------------------------------------ parks
    def parks(self) -> list[OrgRef]:
        """Every park in the graph, with its names (for a park filter)."""
        return [
            OrgRef(id=r["key"], kind="park", name_zh=r["zh"], name_en=r["en"])
            for r in self.repo.run(q.PARKS, {"park": ""})
        ]

    def within(self, principal: Principal, park: str | None) -> str:
        """``scope``, and a park that is not in the graph is 404 (not empty tables)."""
        where = scope(principal, park)
        if where and not self.repo.run(q.PARKS, {"park": where}):
            raise NotFound(
                f"there is no park with the id {where!r}",
                message_zh=f"没有编号为 {where!r} 的园区",
                field="park",
            )
        return where

    def park_ref(self, park: str) -> OrgRef | None:
        """The park's id and names; ``None`` for the whole alliance or an unknown id."""
        if not park:
            return None
        rows = self.repo.run(q.PARKS, {"park": park})
        return (
            OrgRef(id=park, kind="park", name_zh=rows[0]["zh"], name_en=rows[0]["en"])
            if rows
            else None
        )

    def _params(self, park: str, **extra: Any) -> dict[str, Any]:
        return {"park": park, "today": self.today, **extra}

    # ------------------------------------------------------------ supply/demand
    def supply_demand(self, park: str, by: Dimension) -> SupplyDemand:
        rows = {
            "skill": self._by_skill,
            "occupation": self._by_occupation,
            "specialty": self._by_specialty,
            "park": self._by_park,
        }[by](park)
        rows.sort(key=lambda r: (-r.gap, -r.places, r.key))
        return SupplyDemand(by=by, park=park or None, as_of=self.today, rows=rows)

    def _by_skill(self, park: str) -> list[SupplyDemandRow]:
        kind = people_kind(park)
        got = self.repo.many(
            {
                "demand": q.DEMAND_BY_SKILL,
                "supply": q.SUPPLY_BY_SKILL[kind],
                "available": q.AVAILABLE_BY_SKILL[kind],
            },
            self._params(park),
        )
        levels: dict[str, dict[int, int]] = defaultdict(dict)
        free: dict[str, dict[int, int]] = defaultdict(dict)
        for r in got["supply"]:
            levels[r["key"]][int(r["level"])] = int(r["people"])
        for r in got["available"]:
            free[r["key"]][int(r["level"])] = int(r["people"])
        out = []
        for d in got["demand"]:
            key, floor = d["key"], int(d["min_level"])
            have = levels.get(key, {})
            ready = sum(n for lvl, n in free.get(key, {}).items() if lvl >= floor)
            places = int(d["places"])
            out.append(
                _row(
                    key,
                    d["zh"],
                    d["en"],
                    supply=sum(have.values()),
                    vacancies=int(d["vacancies"]),
                    places=places,
                    counted=ready,
                    qualified=sum(n for lvl, n in have.items() if lvl >= floor),
                    available=ready,
                )
            )
        return out

    def _by_specialty(self, park: str) -> list[SupplyDemandRow]:
        got = self.repo.many(
            {"demand": q.DEMAND_BY_SPECIALTY, "supply": q.SUPPLY_BY_SPECIALTY[people_kind(park)]},
            self._params(park),
        )
        supply = {r["key"]: int(r["people"]) for r in got["supply"]}
        demand = {r["key"]: r for r in got["demand"]}
        out = []
        for key in sorted(set(supply) | set(demand)):
            d = demand.get(key, {"vacancies": 0, "places": 0})
            zh, en = SPECIALTY_NAMES.get(key, (key, key))
            places, have = int(d["places"]), supply.get(key, 0)
            out.append(_row(key, zh, en, supply=have, vacancies=int(d["vacancies"]), places=places))
        return out

    def _by_occupation(self, park: str) -> list[SupplyDemandRow]:
        jobs, certified = q.SUPPLY_BY_OCCUPATION[people_kind(park)]
        got = self.repo.many(
            {"demand": q.DEMAND_BY_OCCUPATION, "jobs": jobs, "certified": certified},
            self._params(park),
        )
        people: dict[str, set[str]] = defaultdict(set)
        for r in got["jobs"] + got["certified"]:
            people[r["key"]].add(r["pid"])
        out = []
        for d in got["demand"]:
            places, have = int(d["places"]), len(people.get(d["key"], ()))
            out.append(
                _row(
                    d["key"],
                    d["zh"],
                    d["en"],
                    supply=have,
                    vacancies=int(d["vacancies"]),
                    places=places,
                )
            )
        return out

    def _by_park(self, park: str) -> list[SupplyDemandRow]:
        got = self.repo.many(
            {"parks": q.PARKS, "demand": q.DEMAND_BY_PARK, "supply": q.SUPPLY_BY_PARK},
            self._params(park),
        )
        demand = {r["key"]: r for r in got["demand"]}
        supply = {r["key"]: int(r["people"]) for r in got["supply"]}
        out = []
        for p in got["parks"]:
            d = demand.get(p["key"], {"vacancies": 0, "places": 0})
            places, have = int(d["places"]), supply.get(p["key"], 0)
            out.append(
                _row(
                    p["key"],
                    p["zh"],
                    p["en"],
                    supply=have,
                    vacancies=int(d["vacancies"]),
                    places=places,
                )
            )
        return out

    # ------------------------------------------------------------ mismatch
    def mismatch(self, park: str) -> Mismatch:
        """Untaught: the park's (or alliance's) demand against every member's
        courses on offer — any member's course can serve a park's firms.
        Unasked: the park's (or alliance's) courses against all open vacancies."""
        got = self.repo.many(
            {
                "demand": q.DEMAND_BY_SKILL,
                "taught": q.TAUGHT_SKILLS,
                "courses": q.COURSES_ON_OFFER,
            },
            self._params(park),
        )
        asked = (
            {r["key"] for r in got["demand"]}
            if not park
            else {r["key"] for r in self.repo.run(q.DEMAND_BY_SKILL, self._params(""))}
        )
        taught = {r["key"] for r in got["taught"]}
        untaught = [
            SkillGap(
                id=d["key"],
                zh=d["zh"],
                en=d["en"],
                vacancies=int(d["vacancies"]),
                places=int(d["places"]),
            )
            for d in got["demand"]
            if d["key"] not in taught
        ]
        untaught.sort(key=lambda s: (-s.places, -s.vacancies, s.id))
        courses: dict[str, CourseMismatch] = {}
        for r in got["courses"]:
            c = courses.get(r["id"])
            if c is None:
                c = courses[r["id"]] = CourseMismatch(
                    id=r["id"],
                    title_zh=r["title_zh"],
                    title_en=r["title_en"],
                    status=r["status"],
                    provider=OrgRef(
                        id=r["provider_id"],
                        kind=r["provider_kind"],
                        name_zh=r["provider_zh"],
                        name_en=r["provider_en"],
                    ),
                    skills=[],
                )
            c.skills.append(
                SkillRef(id=r["skill_id"], zh=r["skill_zh"], en=r["skill_en"], level=r["level"])
            )
        unasked = [c for c in courses.values() if not any(s.id in asked for s in c.skills)]
        return Mismatch(park=park or None, as_of=self.today, untaught=untaught, unasked=unasked)

    # ------------------------------------------------------------ shortages
    def shortages(self, park: str) -> Shortages:
        """Skills whose open places outnumber the people who could take them now:
        at or above the lowest level asked, and without a current job. The
        largest gap first."""
        rows = [
            Shortage(
                kind="skill",
                key=r.key,
                name_zh=r.name_zh,
                name_en=r.name_en,
                supply=r.available or 0,
                places=r.places,
                gap=r.gap,
            )
            for r in self._by_skill(park)
            if r.gap > 0
        ]
        rows.sort(key=lambda r: (-r.gap, -r.places, r.key))
        return Shortages(park=park or None, as_of=self.today, rows=rows)

    # ------------------------------------------------------------ employment
    def employment(self, park: str, since: str | None = None) -> Employment:
        first = since or "0000-01-01"
        got = self.repo.many(
            {
                "degrees": q.DEGREE_HOLDERS,
                "students": q.GRADUATED_STUDENTS,
                "employed": q.EMPLOYED,
                "placed": q.PLACED,
            },
            self._params(park, since=first),
        )
        employed = {r["pid"] for r in got["employed"] + got["placed"]}
        names: dict[str, tuple[str | None, str | None]] = {}
        graduates: dict[str, set[str]] = defaultdict(set)
        for r in got["degrees"] + got["students"]:
            names[r["id"]] = (r["name_zh"], r["name_en"])
            graduates[r["id"]].add(r["pid"])
        rows = []
        for sid, people in graduates.items():
            working = len(people & employed)
            rows.append(
                SchoolEmployment(
                    id=sid,
                    name_zh=names[sid][0],
                    name_en=names[sid][1],
                    graduates=len(people),
                    employed=working,
                    rate=_rate(working, len(people)),
                )
            )
        rows.sort(key=lambda r: (-(r.rate or 0), -r.graduates, r.id))
        total = sum(r.graduates for r in rows)
        working = sum(r.employed for r in rows)
        return Employment(
            park=park or None,
            as_of=self.today,
            since=first,
            rows=rows,
            graduates=total,
            employed=working,
            rate=_rate(working, total),
        )

    # ------------------------------------------------------------ trends
    def trends(self, park: str, months: int = 12) -> Trends:
        names = last_months(self.today, months)
        until = date.fromisoformat(self.today)
        since = f"{names[0]}-01"
        # up to and including today: the bound is the next day, compared as text
        end = date.fromordinal(until.toordinal() + 1).isoformat()
        queries = dict(q.TRENDS)
        for name, variants in q.PEOPLE_TRENDS.items():
            queries[name] = variants[people_kind(park)]
        got = self.repo.many(queries, self._params(park, since=since, until=end))
        series: dict[str, list[int]] = {}
        for name in TREND_SERIES:
            per_month = {r["month"]: int(r["n"] or 0) for r in got[name]}
            series[name] = [per_month.get(m, 0) for m in names]
        return Trends(park=park or None, as_of=self.today, months=names, series=series)
