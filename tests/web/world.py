"""A small real corner of the Shenyang alliance for the page and browser tests: the
skeleton (alliance, bureau, three parks), a vocational college in Tiexi, a verified
robotics firm in Hunnan with a welding placement and a lathe job, a course, a few
CSCO occupations and taxonomy skills, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.graph.store import GraphStore
from matching.taxonomy import Taxonomy
from seed.generate import skeleton
from seed.loader import load
from seed.model import SeedGraph
from tests.helpers import PASSWORD, add_user, link

ALLIANCE = "alliance-shenyang"
GOV = "gov-shenyang-hrss"
SCHOOL = "school-lnemvc"
FIRM = "firm-hunnan-robotics"
PENDING_FIRM = "firm-91210106mac8b3kx2q"
PARK = "park-hunnan"
PLACEMENT = "vac-robot-welding-intern"
LATHE_JOB = "vac-cnc-lathe-operator"
COURSE = "course-robot-welding-basic"
WORKER_ID = "person-li-na"
NEED = "need-hunnan-cnc"

SKILLS = (
    "robot_welding",
    "arc_welding",
    "tig_welding",
    "cnc_lathe_operation",
    "cnc_programming",
    "plc_programming",
    "industrial_robot_operation",
    "industrial_robot_programming",
    "engineering_drawing_reading",
)
OCCUPATIONS = ("6-31-07-03", "6-18-02-04", "6-18-01-01", "2-02-38-10", "6-18-01-07")

STUDENT = "wang.lei@alliance-demo.cn"
HR = "hr@hunnan-robotics-demo.cn"
SCHOOL_USER = "jiaowu@lnemvc-demo.cn"
PARK_USER = "guanwei@hunnan-park-demo.cn"
STAFF = "bangongshi@alliance-demo.cn"
WORKER = "li.na@alliance-demo.cn"
ACCOUNTS = {
    "person": STUDENT,
    "company": HR,
    "school": SCHOOL_USER,
    "park": PARK_USER,
    "staff": STAFF,
}
FUTURE = "2099-06-30"
START = "2099-09-01"


@dataclass(frozen=True)
class World:
    password: str = PASSWORD


def _vacancy(vid: str, title: str, title_en: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": vid,
        "title": title,
        "title_en": title_en,
        "kind": kind,
        "status": "open",
        "closing_date": FUTURE,
        "start_date": START,
        "created_at": "2026-11-01T08:00:00",
        "places": 3,
        "location": "浑南区 创新路 9 号",
        **extra,
    }


def build(store: GraphStore, taxonomy: Taxonomy) -> World:
    load(store, skeleton())
    g = SeedGraph()
    for sid in SKILLS:
        s = taxonomy.skills[sid]
        g.add_node("Skill", {"id": sid, "zh": s.zh, "en": s.en, "curated": True})
    for code in OCCUPATIONS:
        o = taxonomy.occupations[code]
        g.add_node("Occupation", {"id": code, "name_zh": o.name_zh, "name_en": o.name_en})
    g.add_node(
        "School",
        {
            "id": SCHOOL,
            "name_zh": "辽宁装备制造职业技术学院",
            "name_en": "Liaoning Equipment Manufacturing Vocational and Technical College",
            "status": "active",
            "district": "铁西区",
        },
    )
    g.add_node(
        "Firm",
        {
            "id": FIRM,
            "name_zh": "沈阳浑南机器人科技有限公司",
            "name_en": "Shenyang Hunnan Robotics Technology Co., Ltd.",
            "status": "active",
            "verified": True,
            "uscc": "91210112MA0XK8RB3T",
        },
    )
    g.add_node(
        "Firm",
        {
            "id": PENDING_FIRM,
            "name_zh": "沈阳铁西精密机械有限公司",
            "name_en": "Shenyang Tiexi Precision Machinery Co., Ltd.",
            "status": "pending",
            "verified": False,
            "uscc": "91210106MAC8B3KX2Q",
        },
    )
    for label, oid in (("School", SCHOOL), ("Firm", FIRM)):
        g.add_rel("MEMBER_OF", label, oid, "Alliance", ALLIANCE, since="2024-08-17", role="member")
    g.add_rel("LOCATED_IN", "School", SCHOOL, "Park", "park-tiexi")
    g.add_rel("LOCATED_IN", "Firm", FIRM, "Park", PARK)
    g.add_node(
        "Vacancy",
        _vacancy(
            PLACEMENT,
            "焊接机器人操作实习生",
            "Robotic welding intern",
            "placement",
            pay_min=2400.0,
            pay_max=3000.0,
            pay_unit="stipend_month",
            shifts="day",
            accommodation=True,
            duration_months=6,
            description="在浑南厂区焊装车间实习，师傅带教，操作焊接机器人完成车身部件焊接。",
        ),
    )
    g.add_rel("POSTED_BY", "Vacancy", PLACEMENT, "Firm", FIRM)
    g.add_rel("FOR_OCCUPATION", "Vacancy", PLACEMENT, "Occupation", "6-31-07-03")
    for sid, imp, lvl in (("robot_welding", 1.0, 2), ("arc_welding", 0.6, 2)):
        g.add_rel("REQUIRES", "Vacancy", PLACEMENT, "Skill", sid, importance=imp, level=lvl)
    # The loader links only the nodes of the graph it loads, so each vacancy's
    # relationships travel with it; a row batch must share its columns' types,
    # so the job (no duration) loads in a second graph.
    load(store, g)
    g = SeedGraph()
    g.add_node(
        "Vacancy",
        _vacancy(
            LATHE_JOB,
            "数控车工",
            "CNC lathe operator",
            "job",
            pay_min=6000.0,
            pay_max=8500.0,
            pay_unit="month",
            shifts="two_shifts",
            accommodation=False,
            description="按图纸加工轴类零件，能独立编程和调试数控车床。",
        ),
    )
    g.add_rel("POSTED_BY", "Vacancy", LATHE_JOB, "Firm", FIRM)
    g.add_rel("FOR_OCCUPATION", "Vacancy", LATHE_JOB, "Occupation", "6-18-01-01")
    for sid, imp, lvl in (("cnc_lathe_operation", 1.0, 3), ("cnc_programming", 0.7, 3)):
        g.add_rel("REQUIRES", "Vacancy", LATHE_JOB, "Skill", sid, importance=imp, level=lvl)
    g.add_node(
        "Course",
        {
            "id": COURSE,
            "title_zh": "焊接机器人操作与编程（初级）",
            "title_en": "Robotic welding operation and programming (basic)",
            "hours": 48,
            "seats": 30,
            "seats_taken": 0,
            "status": "open",
            "shared": True,
            "start_date": START,
            "end_date": "2099-10-31",
            "cost": 1800.0,
            "subsidy": 1200.0,
            "mode": "in_person",
        },
    )
    g.add_rel("OFFERED_BY", "Course", COURSE, "School", SCHOOL)
    g.add_rel("TEACHES", "Course", COURSE, "Skill", "robot_welding", level=2)
    g.add_node(
        "Person",
        {
            "id": WORKER_ID,
            "name": "李娜",
            "role": "worker",
            "summary": "五年焊接机器人操作经验，会焊条电弧焊",
            "visible_to_employers": True,
            "recommendations_enabled": True,
        },
    )
    g.add_node(
        "TrainingNeed",
        {
            "id": NEED,
            "title": "数控车床操作培训（12人）",
            "description": "新入职操作工的数控车床培训",
            "seats": 12,
            "deadline": FUTURE,
            "status": "open",
            "created_at": "2026-11-01T08:00:00",
        },
    )
    g.add_rel("RAISED_BY", "TrainingNeed", NEED, "Firm", FIRM)
    g.add_rel("NEEDS", "TrainingNeed", NEED, "Skill", "cnc_lathe_operation", level=3)
    g.add_rel("HAS_SKILL", "Person", WORKER_ID, "Skill", "robot_welding", level=4)
    g.add_rel("HAS_SKILL", "Person", WORKER_ID, "Skill", "arc_welding", level=3)
    load(store, g)
    add_user(store, STUDENT, "person", person_id="person-wang-lei")
    link(store, "STUDIES_AT", ("Person", "person-wang-lei"), ("School", SCHOOL))
    add_user(store, WORKER, "person", person_id=WORKER_ID)
    add_user(store, HR, "company", org=("Firm", FIRM))
    add_user(store, SCHOOL_USER, "school", org=("School", SCHOOL))
    add_user(store, PARK_USER, "park", org=("Park", PARK))
    add_user(store, STAFF, "staff", org=("GovernmentBody", GOV))
    return World()
