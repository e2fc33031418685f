"""A small real corner of the alliance for course, training-need and subsidy
tests: two member schools and a training centre in the skeleton's parks, a member
firm, a few taxonomy skills, students, a worker, staff, and their accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.accounts.security import new_token, user_id_for
from backend.app import create_app
from backend.deps import SESSION_COOKIE
from backend.graph.store import GraphStore
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, add_user, link

ALLIANCE = "alliance-shenyang"
GOV = "gov-shenyang-hrss"

LNEMVC = "school-lnemvc"  # 辽宁装备制造职业技术学院, Tiexi
SYLU = "school-sylu"  # 沈阳理工大学, Hunnan
CENTRE = "centre-tiexi"  # 铁西区职业技能实训中心
FIRM = "firm-dingsheng-cnc"
OTHER_FIRM = "firm-ruifeng-auto"

SKILLS = {
    "cnc_lathe_operation": ("数控车床操作", "CNC lathe operation"),
    "cnc_programming": ("数控编程", "CNC programming"),
    "arc_welding": ("焊条电弧焊", "Shielded metal arc welding"),
    "robot_welding": ("焊接机器人操作与编程", "Robotic welding"),
    "plc_programming": ("PLC编程", "PLC programming"),
}

# e-mail of each account
LNEMVC_USER = "jiaowu@lnemvc-demo.cn"
SYLU_USER = "peixun@sylu-demo.cn"
CENTRE_USER = "kefu@tiexi-centre-demo.cn"
FIRM_USER = "hr@dingsheng-demo.cn"
OTHER_FIRM_USER = "hr@ruifeng-demo.cn"
UNVERIFIED_FIRM_USER = "hr@xinghe-demo.cn"
STUDENT = "wang.lei@alliance-demo.cn"  # 王磊, studies at LNEMVC
OTHER_STUDENT = "liu.yang@alliance-demo.cn"  # 刘洋, studies at SYLU
WORKER = "zhang.min@alliance-demo.cn"  # 张敏, a worker
STAFF = "bangongshi@alliance-demo.cn"
PARK_USER = "guanwei@tiexi-park-demo.cn"

STUDENT_ID = "person-wang-lei"
OTHER_STUDENT_ID = "person-liu-yang"
WORKER_ID = "person-zhang-min"


@dataclass
class World:
    app: FastAPI
    store: GraphStore
    _clients: dict[str, TestClient] = field(default_factory=dict)

    def client(self, email: str) -> TestClient:
        """A client with a real session of ``email`` in the store, sending its CSRF
        token. The session is written directly rather than by signing in: the
        password check is slow on purpose, and the accounts tests cover it."""
        if email not in self._clients:
            session, csrf = new_token(), new_token()
            add_node(
                self.store,
                "Session",
                {
                    "id": session,
                    "user_id": user_id_for(email),
                    "csrf": csrf,
                    "created_at": "2026-11-01T09:00:00",
                    "expires_at": "2099-12-31T23:59:59",
                },
            )
            c = TestClient(self.app)
            c.cookies.set(SESSION_COOKIE, session)
            c.headers["x-csrf-token"] = csrf
            self._clients[email] = c
        return self._clients[email]

    def anonymous(self) -> TestClient:
        return TestClient(self.app)


def build(store: GraphStore, tmp_path: Path) -> World:
    load(store, skeleton())
    orgs: list[tuple[str, dict[str, Any], str | None]] = [
        (
            "School",
            {
                "id": LNEMVC,
                "name_zh": "辽宁装备制造职业技术学院",
                "name_en": "Liaoning Equipment Manufacturing Vocational and Technical College",
                "kind": "higher_vocational",
                "district": "铁西区",
                "status": "active",
            },
            "park-tiexi",
        ),
        (
            "School",
            {
                "id": SYLU,
                "name_zh": "沈阳理工大学",
                "name_en": "Shenyang Ligong University",
                "kind": "university",
                "district": "浑南区",
                "status": "active",
            },
            "park-hunnan",
        ),
        (
            "TrainingCentre",
            {
                "id": CENTRE,
                "name_zh": "铁西区职业技能实训中心",
                "name_en": "Tiexi District Vocational Skills Training Centre",
                "kind": "district_centre",
                "district": "铁西区",
                "status": "active",
            },
            "park-tiexi",
        ),
        (
            "Firm",
            {
                "id": FIRM,
                "name_zh": "沈阳鼎盛数控机床有限公司",
                "name_en": "Shenyang Dingsheng CNC Machine Tool Co., Ltd.",
                "uscc": "91210106MA0DS0001K",
                "industry": "equipment_manufacturing",
                "status": "active",
                "verified": True,
            },
            "park-tiexi",
        ),
        (
            "Firm",
            {
                "id": OTHER_FIRM,
                "name_zh": "沈阳瑞丰汽车零部件有限公司",
                "name_en": "Shenyang Ruifeng Auto Parts Co., Ltd.",
                "uscc": "91210112MA0RF0002L",
                "industry": "automotive",
                "status": "active",
                "verified": True,
            },
            "park-hunnan",
        ),
        (
            "Firm",
            {
                "id": "firm-xinghe-robotics",
                "name_zh": "沈阳星河机器人科技有限公司",
                "name_en": "Shenyang Xinghe Robotics Co., Ltd.",
                "uscc": "91210113MA0XH0003M",
                "industry": "robotics",
                "status": "pending",
                "verified": False,
            },
            "park-shenbei",
        ),
    ]
    for label, row, park in orgs:
        add_node(store, label, row)
        link(store, "MEMBER_OF", (label, row["id"]), ("Alliance", ALLIANCE), since="2024-08-17")
        if park:
            link(store, "LOCATED_IN", (label, row["id"]), ("Park", park))
    for sid, (zh, en) in SKILLS.items():
        add_node(store, "Skill", {"id": sid, "zh": zh, "en": en, "curated": True})
    add_node(
        store,
        "Teacher",
        {"id": "teacher-lnemvc-zhao", "name": "赵建国", "title": "高级技师", "available": False},
    )
    link(store, "TEACHES_AT", ("Teacher", "teacher-lnemvc-zhao"), ("School", LNEMVC))
    add_node(
        store,
        "Teacher",
        {"id": "teacher-sylu-sun", "name": "孙丽", "title": "副教授", "available": False},
    )
    link(store, "TEACHES_AT", ("Teacher", "teacher-sylu-sun"), ("School", SYLU))

    add_user(store, LNEMVC_USER, "school", org=("School", LNEMVC))
    add_user(store, SYLU_USER, "school", org=("School", SYLU))
    add_user(store, CENTRE_USER, "school", org=("TrainingCentre", CENTRE))
    add_user(store, FIRM_USER, "company", org=("Firm", FIRM))
    add_user(store, OTHER_FIRM_USER, "company", org=("Firm", OTHER_FIRM))
    add_user(store, UNVERIFIED_FIRM_USER, "company", org=("Firm", "firm-xinghe-robotics"))
    add_user(store, STAFF, "staff", org=("GovernmentBody", GOV))
    add_user(store, PARK_USER, "park", org=("Park", "park-tiexi"))
    for email, pid, name, role in (
        (STUDENT, STUDENT_ID, "王磊", "student"),
        (OTHER_STUDENT, OTHER_STUDENT_ID, "刘洋", "student"),
        (WORKER, WORKER_ID, "张敏", "worker"),
    ):
        add_node(
            store,
            "Person",
            {"id": pid, "name": name, "role": role, "visible_to_employers": False},
        )
        add_user(store, email, "person", person_id=pid)
    link(store, "STUDIES_AT", ("Person", STUDENT_ID), ("School", LNEMVC), programme="数控技术")
    link(store, "STUDIES_AT", ("Person", OTHER_STUDENT_ID), ("School", SYLU), programme="机械工程")

    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    return World(create_app(settings, store=store), store)


def course_body(**overrides: Any) -> dict[str, Any]:
    """A real course: CNC lathe operation at intermediate level, in Tiexi."""
    body: dict[str, Any] = {
        "title_zh": "数控车床操作（中级）",
        "title_en": "CNC lathe operation (intermediate)",
        "description": "48学时，讲授数控车床操作，兼顾数控编程。 / 48 hours of CNC lathe work.",
        "hours": 48,
        "seats": 30,
        "schedule": "每周六、周日 09:00-16:00 / Sat and Sun 09:00-16:00",
        "start_date": "2030-03-02",
        "end_date": "2030-04-27",
        "cost": 1680.0,
        "subsidy": 1200.0,
        "mode": "in_person",
        "shared": True,
        "skills": [
            {"skill_id": "cnc_lathe_operation", "level": 3},
            {"skill_id": "cnc_programming", "level": 2},
        ],
    }
    body.update(overrides)
    return body
