"""A small Shenyang world for vacancy, application and notification tests: two
verified firms and one waiting for verification, two schools, their accounts,
three students and workers, real CSCO occupations and taxonomy skills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph.store import GraphStore
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, add_user, link, signed_in

DINGSHENG = "firm-dingsheng-robotics"
RUIFENG = "firm-ruifeng-auto-parts"
TAIHE = "firm-taihe-precision"  # not yet verified by staff
TECH_COLLEGE = "school-tc-shenyang"
SYLU = "school-sylu"

HR = "hr@dingsheng-robotics.cn"
HR2 = "recruit@dingsheng-robotics.cn"
HR_RUIFENG = "hr@ruifeng-auto.cn"
HR_TAIHE = "hr@taihe-precision.cn"
TEACHER = "placement.office@sytc.edu.cn"
TEACHER_SYLU = "career@sylu.edu.cn"
STAFF = "office@alliance-shenyang.gov.cn"
PARK_ADMIN = "admin@hunnan-park.gov.cn"
STUDENT = "zhang.min@student.sytc.edu.cn"  # studies at the technician college
STUDENT_SYLU = "li.na@student.sylu.edu.cn"
WORKER = "wang.lei@163.com"  # no school

ROBOT_OPERATOR = "6-31-07-03"  # 工业机器人系统操作员
WELDER = "6-18-02-04"  # 焊工


def _firm(fid: str, zh: str, en: str, uscc: str, verified: bool, park: str) -> dict[str, Any]:
    return {
        "id": fid,
        "name_zh": zh,
        "name_en": en,
        "uscc": uscc,
        "industry": "robotics",
        "size": "medium",
        "status": "active" if verified else "pending",
        "verified": verified,
        "district": "浑南区" if park == "park-hunnan" else "铁西区",
    }


def build(store: GraphStore) -> None:
    load(store, skeleton())
    for fid, zh, en, uscc, verified, park in (
        (
            DINGSHENG,
            "沈阳鼎盛机器人科技有限公司",
            "Shenyang Dingsheng Robotics Co., Ltd.",
            "91210112MA0XK7W21B",
            True,
            "park-hunnan",
        ),
        (
            RUIFENG,
            "沈阳瑞丰汽车零部件有限公司",
            "Shenyang Ruifeng Auto Parts Co., Ltd.",
            "91210106MA0Y3LQ58D",
            True,
            "park-tiexi",
        ),
        (
            TAIHE,
            "沈阳泰和精密机械有限公司",
            "Shenyang Taihe Precision Machinery Co., Ltd.",
            "91210113MA0TQ9M36K",
            False,
            "park-shenbei",
        ),
    ):
        add_node(store, "Firm", _firm(fid, zh, en, uscc, verified, park))
        link(store, "LOCATED_IN", ("Firm", fid), ("Park", park))
    for sid, zh, en in (
        (TECH_COLLEGE, "沈阳市技师学院", "Shenyang Technician College"),
        (SYLU, "沈阳理工大学", "Shenyang Ligong University"),
    ):
        add_node(store, "School", {"id": sid, "name_zh": zh, "name_en": en, "status": "active"})
    for sid, zh, en in (
        ("robot_welding", "焊接机器人操作与编程", "Robotic welding"),
        ("tig_welding", "氩弧焊", "TIG welding"),
        ("plc_programming", "PLC编程", "PLC programming"),
        ("industrial_robot_operation", "工业机器人操作", "Industrial robot operation"),
    ):
        add_node(store, "Skill", {"id": sid, "zh": zh, "en": en, "curated": True})
    for oid, zh, en in (
        (ROBOT_OPERATOR, "工业机器人系统操作员", "Industrial robot system operator"),
        (WELDER, "焊工", "Welder"),
    ):
        add_node(store, "Occupation", {"id": oid, "name_zh": zh, "name_en": en})

    add_user(store, HR, "company", org=("Firm", DINGSHENG))
    add_user(store, HR2, "company", org=("Firm", DINGSHENG))
    add_user(store, HR_RUIFENG, "company", org=("Firm", RUIFENG))
    add_user(store, HR_TAIHE, "company", org=("Firm", TAIHE))
    add_user(store, TEACHER, "school", org=("School", TECH_COLLEGE))
    add_user(store, TEACHER_SYLU, "school", org=("School", SYLU))
    add_user(store, STAFF, "staff", org=("GovernmentBody", "gov-shenyang-hrss"))
    add_user(store, PARK_ADMIN, "park", org=("Park", "park-hunnan"))
    add_user(store, STUDENT, "person", person_id="person-zhang-min")
    link(store, "STUDIES_AT", ("Person", "person-zhang-min"), ("School", TECH_COLLEGE))
    add_user(store, STUDENT_SYLU, "person", person_id="person-li-na")
    link(store, "STUDIES_AT", ("Person", "person-li-na"), ("School", SYLU))
    add_user(store, WORKER, "person", person_id="person-wang-lei")


def in_days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


def vacancy_body(**over: Any) -> dict[str, Any]:
    """A valid job posting; tests override what they exercise."""
    body: dict[str, Any] = {
        "title": "焊接机器人操作工",
        "title_en": "Robotic welding operator",
        "description": "负责焊装车间 FANUC 焊接机器人的日常操作与示教编程。",
        "kind": "job",
        "pay_min": 6500,
        "pay_max": 9000,
        "pay_unit": "month",
        "shifts": "two_shifts",
        "accommodation": True,
        "start_date": in_days(45),
        "closing_date": in_days(30),
        "places": 3,
        "location": "浑南区 沈阳浑南高新技术产业开发区",
        "occupation_id": ROBOT_OPERATOR,
        "skills": [
            {"skill_id": "robot_welding", "importance": 1.0, "level": 3},
            {"skill_id": "tig_welding", "importance": 0.5, "level": 2},
        ],
    }
    body.update(over)
    return body


def placement_body(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "工业机器人操作实习生",
        "title_en": "Industrial robot operation intern",
        "kind": "placement",
        "pay_min": 2400,
        "pay_max": 3000,
        "pay_unit": "stipend_month",
        "duration_months": 6,
        "skills": [{"skill_id": "industrial_robot_operation", "importance": 1.0, "level": 1}],
    }
    body.update(over)
    return vacancy_body(**body)


def add_vacancy(store: GraphStore, vid: str, firm: str, **props: Any) -> None:
    """A vacancy written straight into the graph, e.g. one whose date has passed."""
    row: dict[str, Any] = {
        "id": vid,
        "title": "氩弧焊工",
        "title_en": "TIG welder",
        "kind": "job",
        "pay_min": 6000.0,
        "pay_max": 8000.0,
        "pay_unit": "month",
        "places": 2,
        "status": "open",
        "start_date": in_days(10),
        "closing_date": in_days(5),
        "created_at": "2026-10-01T08:00:00",
    }
    row.update(props)
    add_node(store, "Vacancy", row)
    link(store, "POSTED_BY", ("Vacancy", vid), ("Firm", firm))


@dataclass
class World:
    app: FastAPI
    store: GraphStore
    var_dir: Path
    _clients: dict[str, TestClient] = field(default_factory=dict)

    def as_(self, email: str) -> TestClient:
        """A client signed in as ``email`` (one sign-in per account per test)."""
        if email not in self._clients:
            self._clients[email] = signed_in(self.app, email)
        return self._clients[email]

    @property
    def anonymous(self) -> TestClient:
        return TestClient(self.app)

    def mails(self) -> list[dict[str, str]]:
        from backend.notifications.mail import LogSender

        return LogSender(self.var_dir / "mail.log").sent()

    def post_vacancy(self, body: dict[str, Any] | None = None, email: str = HR) -> dict[str, Any]:
        r = self.as_(email).post("/api/vacancies", json=body or vacancy_body())
        assert r.status_code == 201, r.text
        out: dict[str, Any] = r.json()
        return out


def make_world(store: GraphStore, tmp_path: Path) -> World:
    build(store)
    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    return World(create_app(settings, store=store), store, tmp_path)
