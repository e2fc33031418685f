"""Analytics on a small case checked by hand, on both stores.

The case (``today`` = 2026-11-10; parks from the skeleton: 铁西 Tiexi, 浑南 Hunnan, 沈北 Shenbei):

Skills: A 焊条电弧焊 and B 数控车床操作 (specialty electromechanical), C PLC编程
(no specialty: "other"), D 焊接机器人操作与编程 (electromechanical).

Vacancies (F1 in Tiexi, F2 in Hunnan):
  V1 F1 open, closes 2026-12-31, 3 places, requires A (level 3) and C (2), occupation 焊工
  V2 F2 open, no closing date, 2 places, requires A (2) and B (3), occupation 车工
  V3 F1 open but closed on 2026-11-01 (expired), 5 places, requires D — not counted
  V4 F2 closed, 4 places, requires D — not counted

People:
  P1 student at S1 (Tiexi): A 3, C 1; no job
  P2 works at F1 now as 焊工: A 4, B 3; degree from S2 (2020)
  P3 left F2 on 2025-12-31, no job now: B 2, C 3; degree from S1 (2019);
     skill-level certificate in 车工
  P4 student at S2 (Hunnan), graduated 2026-06-30, no job: A 2

Supply against demand by skill (whole alliance). Lowest level asked: A 2, B 3, C 2.
  A: has it P1, P2, P4 = 3; qualified (>= 2) 3; available (no job) P1, P4 = 2;
     places 3 + 2 = 5 in 2 vacancies; gap 5 - 2 = 3; ratio 2 / 5 = 0.4
  B: has it P2, P3 = 2; qualified (>= 3) P2 = 1; available: P3 is level 2 = 0;
     places 2; gap 2; ratio 0.0
  C: has it P1, P3 = 2; qualified (>= 2) P3 = 1; available P3 = 1; places 3; gap 2;
     ratio 1 / 3 = 0.333
  order by gap, then places: A, C, B — and all three are shortages.
Tiexi only: its people are P1 (studies there) and P2 (works there); its demand is V1.
  A: P1, P2 = 2; lowest level 3: qualified 2; available P1 = 1; places 3; gap 2
  C: P1 = 1; qualified 0; available 0; places 3; gap 3  -> order C, A
By specialty: electromechanical: V1, V2 = 2 vacancies, 5 places; people with A, B or D:
  P1-P4 = 4; gap 1. other (C): V1, 3 places; P1, P3 = 2; gap 1. Order: electromechanical
  (more places), other.
By occupation: 焊工 3 places, P2 works in it = 1, gap 2; 车工 2 places, P3 is certified
  (P3's old job there has ended) = 1, gap 1.
By park: Tiexi 3 places, people P1, P2 = 2, gap 1; Hunnan 2 places, P4 = 1 (P3 left),
  gap 1; Shenbei 0 and 0.
Mismatch: courses K1 (S1, open, teaches A), K2 (S2, running, D), K3 (S1, completed, B),
  K4 (S2, open, C and D). On offer: K1, K2, K4, teaching A, C, D.
  Whole alliance: untaught = demand {A, B, C} - {A, C, D} = {B}; unasked = courses none of
  whose skills is in demand = K2 (K4 teaches C).
  Tiexi: demand {A, C} all taught; its course K1 is asked for -> both lists empty.
  Hunnan: demand {A, B} -> untaught {B}; its courses K2 (unasked), K4 (asked) -> [K2].
Employment: S1 graduates {P3}, none employed -> 0.0; S2 graduates {P2 (degree), P4
  (graduated student)}, P2 employed -> 0.5. Alliance: 1 of 3 = 0.3333. Order S2, S1.
Trends (12 months 2025-12 .. 2026-11): vacancies created V3 2026-09, V2 2026-10,
  V1 2026-11 (V4 in 2025-10 is outside); places 5, 2, 3. People registered: P1 2026-01,
  P3 2026-10, P4 2026-11 (P2 in 2025-11 is outside).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from backend.analytics.service import AnalyticsService
from backend.app import create_app
from backend.dashboard.repository import DashboardRepository
from backend.graph.store import GraphStore
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.courses.world import World
from tests.helpers import add_node, add_user, link

TODAY = "2026-11-10"
A, B, C, D = "arc_welding", "cnc_lathe_operation", "plc_programming", "robot_welding"
WELDER, TURNER = "6-18-02-04", "6-18-01-01"
STAFF, TIEXI, SCHOOL = "staff@hrss-demo.cn", "admin@tiexi-park-demo.cn", "jw@s1-demo.cn"


def build(store: GraphStore, tmp_path: Path) -> World:
    load(store, skeleton())
    orgs = [
        ("Firm", "firm-f1", "沈阳鼎盛数控机床有限公司", "park-tiexi"),
        ("Firm", "firm-f2", "沈阳瑞丰汽车零部件有限公司", "park-hunnan"),
        ("School", "school-s1", "辽宁装备制造职业技术学院", "park-tiexi"),
        ("School", "school-s2", "沈阳理工大学", "park-hunnan"),
    ]
    for label, oid, name, park in orgs:
        add_node(
            store,
            label,
            {"id": oid, "name_zh": name, "status": "active", "verified": True}
            if label == "Firm"
            else {"id": oid, "name_zh": name, "status": "active"},
        )
        link(store, "LOCATED_IN", (label, oid), ("Park", park))
    for sid, zh, spec in (
        (A, "焊条电弧焊", "electromechanical"),
        (B, "数控车床操作", "electromechanical"),
        (C, "PLC编程", None),
        (D, "焊接机器人操作与编程", "electromechanical"),
    ):
        add_node(store, "Skill", {"id": sid, "zh": zh, "en": sid, "specialty": spec})
    for code, zh in ((WELDER, "焊工"), (TURNER, "车工")):
        add_node(store, "Occupation", {"id": code, "name_zh": zh})
    vacancies = [
        ("v1", "firm-f1", "open", "2026-12-31", 3, "2026-11-03T09:00:00", [(A, 3), (C, 2)], WELDER),
        ("v2", "firm-f2", "open", None, 2, "2026-10-15T10:00:00", [(A, 2), (B, 3)], TURNER),
        ("v3", "firm-f1", "open", "2026-11-01", 5, "2026-09-01T08:00:00", [(D, 2)], None),
        ("v4", "firm-f2", "closed", "2026-12-31", 4, "2025-10-20T08:00:00", [(D, 2)], None),
    ]
    for vid, firm, status, closing, places, created, needs, occ in vacancies:
        add_node(
            store,
            "Vacancy",
            {
                "id": vid,
                "title": "焊工" if occ == WELDER else "技术工人",
                "kind": "job",
                "status": status,
                "closing_date": closing,
                "places": places,
                "created_at": created,
            },
        )
        link(store, "POSTED_BY", ("Vacancy", vid), ("Firm", firm))
        for skill, level in needs:
            link(store, "REQUIRES", ("Vacancy", vid), ("Skill", skill), level=level)
        if occ:
            link(store, "FOR_OCCUPATION", ("Vacancy", vid), ("Occupation", occ))
    people = [
        ("p1", "student", "2026-01-05T10:00:00", [(A, 3, "2026-03-01"), (C, 1, "2025-09-01")]),
        ("p2", "worker", "2025-11-20T10:00:00", [(A, 4, "2020-01-01"), (B, 3, "2021-01-01")]),
        ("p3", "worker", "2026-10-02T10:00:00", [(B, 2, "2019-01-01"), (C, 3, "2019-01-01")]),
        ("p4", "student", "2026-11-09T10:00:00", [(A, 2, "2026-05-01")]),
    ]
    for pid, role, created, skills in people:
        add_node(store, "Person", {"id": pid, "name": pid, "role": role, "created_at": created})
        for skill, level, since in skills:
            link(store, "HAS_SKILL", ("Person", pid), ("Skill", skill), level=level, since=since)
    link(store, "STUDIES_AT", ("Person", "p1"), ("School", "school-s1"), graduates_on="2028-06-30")
    link(store, "STUDIES_AT", ("Person", "p4"), ("School", "school-s2"), graduates_on="2026-06-30")
    link(
        store,
        "WORKS_AT",
        ("Person", "p2"),
        ("Firm", "firm-f1"),
        from_date="2020-07-01",
        occupation=WELDER,
    )
    link(
        store,
        "WORKS_AT",
        ("Person", "p3"),
        ("Firm", "firm-f2"),
        from_date="2019-07-01",
        to_date="2025-12-31",
        occupation=TURNER,
    )
    for cid, pid, kind, school, on, occ in (
        ("c-p2-deg", "p2", "degree", "school-s2", "2020-06-30", None),
        ("c-p3-deg", "p3", "degree", "school-s1", "2019-06-30", None),
        ("c-p3-lvl", "p3", "skill_level", None, "2021-05-01", TURNER),
    ):
        add_node(store, "Credential", {"id": cid, "kind": kind, "name": kind, "obtained": on})
        link(store, "HOLDS", ("Person", pid), ("Credential", cid))
        if school:
            link(store, "ISSUED_BY", ("Credential", cid), ("School", school))
        if occ:
            link(store, "IN_OCCUPATION", ("Credential", cid), ("Occupation", occ))
    for cid, school, status, taught in (
        ("k1", "school-s1", "open", [A]),
        ("k2", "school-s2", "running", [D]),
        ("k3", "school-s1", "completed", [B]),
        ("k4", "school-s2", "open", [C, D]),
    ):
        add_node(store, "Course", {"id": cid, "title_zh": f"课程{cid}", "status": status})
        link(store, "OFFERED_BY", ("Course", cid), ("School", school))
        for skill in taught:
            link(store, "TEACHES", ("Course", cid), ("Skill", skill), level=3)
    add_user(store, STAFF, "staff", org=("GovernmentBody", "gov-shenyang-hrss"))
    add_user(store, TIEXI, "park", org=("Park", "park-tiexi"))
    add_user(store, SCHOOL, "school", org=("School", "school-s1"))
    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    return World(create_app(settings, store=store), store)


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    return build(store, tmp_path)


@pytest.fixture
def service(world: World) -> AnalyticsService:
    return AnalyticsService(world.store, today=TODAY)


def _table(rows: Sequence[object], *fields: str) -> list[tuple[object, ...]]:
    return [tuple(getattr(r, f) for f in fields) for r in rows]


class TestSupplyAgainstDemand:
    def test_by_skill_for_the_alliance(self, service: AnalyticsService) -> None:
        got = service.supply_demand("", "skill").rows
        assert _table(
            got, "key", "supply", "qualified", "available", "vacancies", "places", "gap", "ratio"
        ) == [
            (A, 3, 3, 2, 2, 5, 3, 0.4),
            (C, 2, 1, 1, 1, 3, 2, 0.333),
            (B, 2, 1, 0, 1, 2, 2, 0.0),
        ]

    def test_by_skill_for_a_park(self, service: AnalyticsService) -> None:
        got = service.supply_demand("park-tiexi", "skill").rows
        assert _table(got, "key", "supply", "qualified", "available", "places", "gap") == [
            (C, 1, 0, 0, 3, 3),
            (A, 2, 2, 1, 3, 2),
        ]

    def test_by_specialty_occupation_and_park(self, service: AnalyticsService) -> None:
        spec = service.supply_demand("", "specialty").rows
        assert _table(spec, "key", "supply", "vacancies", "places", "gap") == [
            ("electromechanical", 4, 2, 5, 1),
            ("other", 2, 1, 3, 1),
        ]
        occ = service.supply_demand("", "occupation").rows
        assert _table(occ, "key", "supply", "places", "gap") == [
            (WELDER, 1, 3, 2),
            (TURNER, 1, 2, 1),
        ]
        parks = service.supply_demand("", "park").rows
        assert _table(parks, "key", "supply", "places", "gap") == [
            ("park-tiexi", 2, 3, 1),
            ("park-hunnan", 1, 2, 1),
            ("park-shenbei", 0, 0, 0),
        ]

    def test_shortages(self, service: AnalyticsService) -> None:
        got = service.shortages("").rows
        assert _table(got, "key", "supply", "places", "gap") == [
            (A, 2, 5, 3),
            (C, 1, 3, 2),
            (B, 0, 2, 2),
        ]


class TestMismatch:
    def test_alliance(self, service: AnalyticsService) -> None:
        m = service.mismatch("")
        assert [(s.id, s.vacancies, s.places) for s in m.untaught] == [(B, 1, 2)]
        assert [c.id for c in m.unasked] == ["k2"]
        assert [s.id for s in m.unasked[0].skills] == [D]

    def test_parks(self, service: AnalyticsService) -> None:
        tiexi = service.mismatch("park-tiexi")
        assert tiexi.untaught == [] and tiexi.unasked == []
        hunnan = service.mismatch("park-hunnan")
        assert [s.id for s in hunnan.untaught] == [B]
        assert [c.id for c in hunnan.unasked] == ["k2"]


class TestEmploymentAndTrends:
    def test_employment_per_school(self, service: AnalyticsService) -> None:
        e = service.employment("")
        assert _table(e.rows, "id", "graduates", "employed", "rate") == [
            ("school-s2", 2, 1, 0.5),
            ("school-s1", 1, 0, 0.0),
        ]
        assert (e.graduates, e.employed, e.rate) == (3, 1, 0.3333)
        assert [r.id for r in service.employment("park-tiexi").rows] == ["school-s1"]
        # since 2020: P3's 2019 degree drops out
        assert [r.id for r in service.employment("", "2020-01-01").rows] == ["school-s2"]

    def test_the_school_page_counts_graduates_as_analytics_does(
        self, world: World, service: AnalyticsService
    ) -> None:
        """Graduates: degree holders and students whose graduation day has passed;
        employed: a job now, or hired through the platform for a job (a student
        placement does not count)."""
        repo = DashboardRepository(world.store)

        def school(sid: str) -> tuple[int, int]:
            got = repo.school(sid, TODAY, "0000-01-01")
            return got["graduates"], got["employed"]

        assert school("school-s2") == (2, 1) and school("school-s1") == (1, 0)
        # P4 (graduated from S2, no job) is hired through the platform: placed
        add_node(world.store, "Vacancy", {"id": "v-place", "kind": "placement", "status": "open"})
        for aid, vid, who in (("a-place", "v-place", "p3"), ("a-job", "v2", "p4")):
            add_node(world.store, "Application", {"id": aid, "status": "hired"})
            link(world.store, "APPLIED_BY", ("Application", aid), ("Person", who))
            link(world.store, "APPLIED_TO", ("Application", aid), ("Vacancy", vid))
        assert school("school-s2") == (2, 2) and school("school-s1") == (1, 0)
        rows = {r.id: (r.graduates, r.employed) for r in service.employment("").rows}
        assert rows == {"school-s2": (2, 2), "school-s1": (1, 0)}
        # a graduation day still to come is not a graduate yet
        assert repo.school("school-s2", "2026-06-29", "0000-01-01")["graduates"] == 1

    def test_trends_by_month(self, service: AnalyticsService) -> None:
        t = service.trends("")
        assert t.months[0] == "2025-12" and t.months[-1] == "2026-11" and len(t.months) == 12

        def at(name: str, month: str) -> int:
            return t.series[name][t.months.index(month)]

        assert sum(t.series["vacancies_posted"]) == 3
        assert [at("vacancies_posted", m) for m in ("2026-09", "2026-10", "2026-11")] == [1, 1, 1]
        assert [at("places_posted", m) for m in ("2026-09", "2026-10", "2026-11")] == [5, 2, 3]
        assert sum(t.series["people_registered"]) == 3
        assert at("people_registered", "2026-01") == 1
        assert at("skills_recorded", "2026-03") == 1 and at("skills_recorded", "2026-05") == 1
        tiexi = service.trends("park-tiexi")
        assert sum(tiexi.series["vacancies_posted"]) == 2  # V1 and V3 (F1)


class TestAccessAndDownloads:
    def test_who_may_see_what(self, world: World) -> None:
        staff = world.client(STAFF)
        assert staff.get("/api/analytics/supply-demand").status_code == 200
        r = staff.get("/api/analytics/supply-demand", params={"by": "park", "park": "park-tiexi"})
        assert [row["key"] for row in r.json()["rows"]] == ["park-tiexi"]
        park = world.client(TIEXI)
        r = park.get("/api/analytics/mismatch")
        assert r.status_code == 200 and r.json()["park"] == "park-tiexi"
        assert (
            park.get("/api/analytics/mismatch", params={"park": "park-hunnan"}).status_code == 403
        )
        assert world.client(SCHOOL).get("/api/analytics/shortages").status_code == 403
        assert world.anonymous().get("/api/analytics/trends").status_code == 401
        r = staff.get("/api/analytics/supply-demand", params={"by": "salary"})
        assert r.status_code == 422 and "by" in r.json()["error"]["message"]

    @pytest.mark.parametrize(
        "path",
        [
            "/api/analytics/supply-demand",
            "/api/analytics/mismatch",
            "/api/analytics/shortages",
            "/api/analytics/employment",
            "/api/analytics/trends",
            "/api/analytics/export/shortages.csv",
        ],
    )
    def test_an_unknown_park_is_not_found(self, world: World, path: str) -> None:
        r = world.client(STAFF).get(path, params={"park": "zzz"})
        assert r.status_code == 404, r.text
        err = r.json()["error"]
        assert err["field"] == "park" and "zzz" in err["message"]

    def test_the_parks_are_read_from_the_graph(self, service: AnalyticsService) -> None:
        parks = service.parks()
        assert [p.id for p in parks] == ["park-hunnan", "park-shenbei", "park-tiexi"]
        assert all(p.name_zh and p.name_en for p in parks)
        ref = service.park_ref("park-tiexi")
        assert ref is not None and ref.name_zh == parks[2].name_zh
        assert service.park_ref("") is None

    def test_csv_opens_in_excel(self, world: World) -> None:
        r = world.client(STAFF).get("/api/analytics/export/employment.csv")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        assert r.content.startswith("\ufeff".encode())
        lines = r.content.decode("utf-8-sig").splitlines()
        assert lines[0] == "id,name_zh,name_en,graduates,employed,rate"
        assert lines[1].startswith("school-s2,沈阳理工大学,,2,1,0.5")
        r = world.client(TIEXI).get("/api/analytics/export/trends.csv")
        assert r.content.decode("utf-8-sig").splitlines()[0].startswith("month,vacancies_posted")
        assert world.client(SCHOOL).get("/api/analytics/export/trends.csv").status_code == 403
