"""A person's record through the API, on both stores: their own view, skills in
everyday words, who else may see them, the access log, export and erasure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph import generic
from backend.graph.store import GraphStore
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import PASSWORD, add_node, add_user, link, signed_in

STUDENT = "zhang.min@alliance-demo.cn"


@pytest.fixture
def app(store: GraphStore, tmp_path: Path) -> Iterator[FastAPI]:
    load(store, skeleton())
    add_node(
        store,
        "Skill",
        {"id": "cnc_lathe_operation", "zh": "数控车床操作", "en": "CNC lathe operation"},
    )
    add_node(store, "Skill", {"id": "plc_programming", "zh": "PLC编程", "en": "PLC programming"})
    for sid, zh in (("school-a", "沈阳职业技术学院"), ("school-b", "沈阳市装备制造工程学校")):
        add_node(store, "School", {"id": sid, "name_zh": zh, "status": "active"})
    add_node(
        store,
        "Firm",
        {
            "id": "firm-ok",
            "name_zh": "沈阳示范数控机床有限公司",
            "verified": True,
            "status": "active",
        },
    )
    add_node(
        store,
        "Firm",
        {"id": "firm-new", "name_zh": "未审核企业", "verified": False, "status": "pending"},
    )
    add_node(
        store,
        "Person",
        {
            "id": "person-zm",
            "name": "张敏",
            "role": "student",
            "visible_to_employers": False,
            "visible_to_schools": True,
            "recommendations_enabled": True,
            "email": STUDENT,
        },
    )
    link(store, "STUDIES_AT", ("Person", "person-zm"), ("School", "school-a"))
    add_user(store, STUDENT, "person", person_id="person-zm")
    add_user(store, "other@alliance-demo.cn", "person", person_id="person-other")
    add_user(store, "hr@firm-ok.cn", "company", org=("Firm", "firm-ok"))
    add_user(store, "hr@firm-new.cn", "company", org=("Firm", "firm-new"))
    add_user(store, "teacher@school-a.cn", "school", org=("School", "school-a"))
    add_user(store, "teacher@school-b.cn", "school", org=("School", "school-b"))
    add_user(store, "staff@alliance-demo.cn", "staff", org=("GovernmentBody", "gov-shenyang-hrss"))
    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    application = create_app(settings, store=store)
    with TestClient(application):
        yield application


class TestOwnRecord:
    def test_my_record_starts_private(self, app: FastAPI) -> None:
        me = signed_in(app, STUDENT).get("/api/people/me").json()
        assert me["id"] == "person-zm" and me["school_id"] == "school-a"
        assert me["consent"] == {
            "visible_to_employers": False,
            "visible_to_schools": True,
            "recommendations_enabled": True,
        }

    def test_skills_in_everyday_words_land_on_the_taxonomy(self, app: FastAPI) -> None:
        c = signed_in(app, STUDENT)
        r = c.post("/api/people/me/skills", json={"skill": "会开数控车床", "level": 3})
        assert r.status_code == 201, r.text
        assert r.json()["skill"]["id"] == "cnc_lathe_operation"
        assert r.json()["skill"]["en"] == "CNC lathe operation"
        # a second mention keeps the higher level
        c.post("/api/people/me/skills", json={"skill": "数控车床操作", "level": 2})
        skills = c.get("/api/people/me").json()["skills"]
        assert [(s["id"], s["level"]) for s in skills] == [("cnc_lathe_operation", 3)]
        assert c.delete("/api/people/me/skills/cnc_lathe_operation").status_code == 204
        assert c.get("/api/people/me").json()["skills"] == []

    def test_gibberish_skill_and_bad_levels_are_refused(self, app: FastAPI) -> None:
        c = signed_in(app, STUDENT)
        r = c.post("/api/people/me/skills", json={"skill": "zzqxj", "level": 3})
        assert r.status_code == 422 and r.json()["error"]["field"] == "skill"
        r = c.post("/api/people/me/skills", json={"skill": "PLC编程", "level": 9})
        assert r.status_code == 422 and r.json()["error"]["field"] == "level"

    def test_employment_history_checks_dates_and_firm(self, app: FastAPI) -> None:
        c = signed_in(app, STUDENT)
        bad = c.post(
            "/api/people/me/employment",
            json={
                "firm_id": "firm-ok",
                "from_date": "2025-03-01",
                "to_date": "2024-01-01",
                "post": "车工",
            },
        )
        assert bad.status_code == 422
        missing = c.post(
            "/api/people/me/employment",
            json={"firm_id": "firm-nope", "from_date": "2025-03-01", "post": "车工"},
        )
        assert missing.status_code == 422 and missing.json()["error"]["field"] == "firm_id"
        ok = c.post(
            "/api/people/me/employment",
            json={
                "firm_id": "firm-ok",
                "from_date": "2025-03-01",
                "post": "数控车工",
                "occupation": "6-18-01-01",
            },
        )
        assert ok.status_code == 201
        assert ok.json()["employment"][0]["firm_zh"] == "沈阳示范数控机床有限公司"

    def test_organisation_accounts_have_no_personal_record(self, app: FastAPI) -> None:
        assert signed_in(app, "hr@firm-ok.cn").get("/api/people/me").status_code == 403


class TestWhoMaySeeAPerson:
    def test_a_stranger_person_is_refused(self, app: FastAPI) -> None:
        r = signed_in(app, "other@alliance-demo.cn").get("/api/people/person-zm")
        assert r.status_code == 404

    def test_a_firm_sees_a_person_only_after_consent(self, app: FastAPI) -> None:
        firm = signed_in(app, "hr@firm-ok.cn")
        assert firm.get("/api/people/person-zm").status_code == 404
        me = signed_in(app, STUDENT)
        r = me.put("/api/people/me/consent", json={"visible_to_employers": True})
        assert r.json()["visible_to_employers"] is True
        seen = firm.get("/api/people/person-zm")
        assert seen.status_code == 200
        assert "email" not in seen.json() and "consent" not in seen.json()
        # an unverified firm still sees nobody
        assert signed_in(app, "hr@firm-new.cn").get("/api/people/person-zm").status_code == 404
        # withdrawing consent hides the person again
        me.put("/api/people/me/consent", json={"visible_to_employers": False})
        assert firm.get("/api/people/person-zm").status_code == 404

    def test_a_school_sees_its_own_students_only(self, app: FastAPI) -> None:
        assert signed_in(app, "teacher@school-a.cn").get("/api/people/person-zm").status_code == 200
        assert signed_in(app, "teacher@school-b.cn").get("/api/people/person-zm").status_code == 404
        own = signed_in(app, "teacher@school-a.cn").get("/api/people").json()
        assert [p["id"] for p in own["items"]] == ["person-zm"]
        assert signed_in(app, "teacher@school-b.cn").get("/api/people").json()["total"] == 0
        assert signed_in(app, "hr@firm-ok.cn").get("/api/people").status_code == 403

    def test_views_by_firms_and_staff_are_logged_for_the_person(self, app: FastAPI) -> None:
        me = signed_in(app, STUDENT)
        me.put("/api/people/me/consent", json={"visible_to_employers": True})
        signed_in(app, "hr@firm-ok.cn").get("/api/people/person-zm")
        signed_in(app, "staff@alliance-demo.cn").get("/api/people/person-zm")
        signed_in(app, "teacher@school-a.cn").get("/api/people/person-zm")
        log = me.get("/api/people/me/access-log").json()
        assert sorted((e["actor_role"], e["actor_org"]) for e in log) == [
            ("company", "firm-ok"),
            ("staff", "gov-shenyang-hrss"),
        ]


class TestDataRights:
    def test_download_my_data(self, app: FastAPI) -> None:
        c = signed_in(app, STUDENT)
        c.post("/api/people/me/skills", json={"skill": "PLC编程"})
        r = c.get("/api/people/me/export")
        assert "attachment" in r.headers["content-disposition"]
        data = json.loads(r.text)
        assert data["person"]["id"] == "person-zm"
        assert data["person"]["skills"][0]["id"] == "plc_programming"
        assert data["account"]["email"] == STUDENT
        assert {"applications", "enrolments", "competitions", "access_log"} <= set(data)

    def test_delete_my_account_erases_personal_data(self, app: FastAPI, store: GraphStore) -> None:
        add_node(store, "Vacancy", {"id": "vac-1", "title": "数控车工"})
        add_node(store, "Application", {"id": "app-1", "status": "applied"})
        link(store, "APPLIED_BY", ("Application", "app-1"), ("Person", "person-zm"))
        link(store, "APPLIED_TO", ("Application", "app-1"), ("Vacancy", "vac-1"))
        c = signed_in(app, STUDENT)
        assert c.delete("/api/people/me").status_code == 204
        assert store.query(generic.get_node("Person"), {"id": "person-zm"}) == []
        assert store.query(generic.get_node("Application"), {"id": "app-1"}) != [], (
            "the firm's hiring record stays, without its applicant"
        )
        r = TestClient(app).post("/api/auth/signin", json={"email": STUDENT, "password": PASSWORD})
        assert r.status_code == 401
