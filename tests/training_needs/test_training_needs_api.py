"""Training needs through the API on both stores: a verified firm raises one,
schools and centres see the open ones and answer with their own courses, the
firm sees the answers and closes it; strangers are refused at every id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.graph import generic
from backend.graph.store import GraphStore
from tests.courses.world import (
    CENTRE_USER,
    FIRM,
    FIRM_USER,
    LNEMVC,
    LNEMVC_USER,
    OTHER_FIRM_USER,
    PARK_USER,
    STAFF,
    STUDENT,
    SYLU_USER,
    UNVERIFIED_FIRM_USER,
    World,
    build,
    course_body,
)
from tests.helpers import add_node, link


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> Iterator[World]:
    yield build(store, tmp_path)


def need_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "数控车床操作与编程培训需求（12人）",
        "description": "沈阳鼎盛数控机床有限公司需为12名新员工开展数控车床操作与编程培训。",
        "skills": [
            {"skill_id": "cnc_lathe_operation", "level": 3},
            {"skill_id": "cnc_programming", "level": 2},
        ],
        "seats": 12,
        "deadline": "2030-06-30",
    }
    body.update(overrides)
    return body


def raise_need(world: World, **overrides: Any) -> str:
    r = world.client(FIRM_USER).post("/api/training-needs", json=need_body(**overrides))
    assert r.status_code == 201, r.text
    nid: str = r.json()["id"]
    return nid


def a_course(world: World, email: str = LNEMVC_USER) -> str:
    r = world.client(email).post("/api/courses", json=course_body())
    assert r.status_code == 201, r.text
    cid: str = r.json()["id"]
    return cid


def need_count(store: GraphStore) -> int:
    return int(store.query(generic.count_nodes("TrainingNeed"))[0]["count"])


def listed(world: World, email: str, **params: Any) -> list[str]:
    r = world.client(email).get("/api/training-needs", params=params)
    assert r.status_code == 200, r.text
    return [n["id"] for n in r.json()["items"]]


class TestRaise:
    def test_a_verified_firm_raises_a_need(self, world: World) -> None:
        r = world.client(FIRM_USER).post("/api/training-needs", json=need_body())
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["status"] == "open" and body["firm"]["id"] == FIRM
        assert [(s["id"], s["level"]) for s in body["skills"]] == [
            ("cnc_lathe_operation", 3),
            ("cnc_programming", 2),
        ]
        assert body["answers"] == [] and body["created_at"]

    def test_only_a_verified_firms_account_may_raise_one(self, world: World) -> None:
        for email in (UNVERIFIED_FIRM_USER, LNEMVC_USER, STUDENT, STAFF, PARK_USER):
            r = world.client(email).post("/api/training-needs", json=need_body())
            assert r.status_code == 403, email
            assert r.json()["error"]["message_zh"]
        assert world.anonymous().post("/api/training-needs", json=need_body()).status_code == 401
        assert need_count(world.store) == 0

    def test_bad_needs_are_refused_and_nothing_written(self, world: World) -> None:
        firm = world.client(FIRM_USER)
        cases = [
            (need_body(deadline="2020-01-01"), "deadline"),
            (need_body(skills=[{"skill_id": "cnc_lathe_operation", "level": 9}]), "skills"),
            (need_body(skills=[{"skill_id": "time_travel", "level": 2}]), "skills"),
            (need_body(skills=[]), "skills"),
            (need_body(seats=0), "seats"),
            (need_body(status="closed"), "status"),
        ]
        for body, field in cases:
            r = firm.post("/api/training-needs", json=body)
            assert r.status_code == 422, (body, r.text)
            err = r.json()["error"]
            assert err["field"].startswith(field) and err["message_zh"], err
        assert need_count(world.store) == 0


class TestVisibility:
    def test_each_caller_sees_what_they_may(self, world: World) -> None:
        nid = raise_need(world)
        # Another firm's need, already closed: only its firm and staff see it.
        other = world.client(OTHER_FIRM_USER).post(
            "/api/training-needs",
            json=need_body(
                title="焊接机器人操作培训需求（6人）",
                skills=[{"skill_id": "robot_welding", "level": 2}],
                seats=6,
            ),
        )
        assert other.status_code == 201
        closed = other.json()["id"]
        r = world.client(OTHER_FIRM_USER).post(f"/api/training-needs/{closed}/close")
        assert r.status_code == 200

        assert listed(world, FIRM_USER) == [nid]
        assert listed(world, OTHER_FIRM_USER) == [closed]
        assert listed(world, LNEMVC_USER) == [nid]
        assert listed(world, CENTRE_USER) == [nid]
        assert sorted(listed(world, STAFF)) == sorted([nid, closed])
        assert listed(world, STAFF, status="closed") == [closed]
        assert listed(world, LNEMVC_USER, skill="cnc_programming") == [nid]
        assert listed(world, LNEMVC_USER, skill="robot_welding") == []
        assert world.client(LNEMVC_USER).get(f"/api/training-needs/{nid}").status_code == 200
        # Strangers: another firm, a closed need for a school, people and parks: 404.
        for email, need in (
            (OTHER_FIRM_USER, nid),
            (FIRM_USER, closed),
            (LNEMVC_USER, closed),
            (STUDENT, nid),
            (PARK_USER, nid),
            (UNVERIFIED_FIRM_USER, nid),
        ):
            r = world.client(email).get(f"/api/training-needs/{need}")
            assert r.status_code == 404, (email, need)
        for email in (STUDENT, PARK_USER, UNVERIFIED_FIRM_USER):
            assert world.client(email).get("/api/training-needs").status_code == 403
        assert world.anonymous().get("/api/training-needs").status_code == 401

    def test_a_need_past_its_deadline_is_expired_and_leaves_the_schools_list(
        self, world: World
    ) -> None:
        add_node(
            world.store,
            "TrainingNeed",
            {
                "id": "need-2025-plc",
                "title": "PLC编程培训需求（8人）",
                "seats": 8,
                "deadline": "2025-03-31",
                "status": "open",
                "created_at": "2025-01-10T09:30:00",
            },
        )
        link(world.store, "RAISED_BY", ("TrainingNeed", "need-2025-plc"), ("Firm", FIRM))
        r = world.client(FIRM_USER).get("/api/training-needs/need-2025-plc")
        assert r.status_code == 200 and r.json()["status"] == "expired"
        assert listed(world, FIRM_USER, status="expired") == ["need-2025-plc"]
        assert listed(world, FIRM_USER, status="open") == []
        assert listed(world, LNEMVC_USER) == []
        course = a_course(world)
        r = world.client(LNEMVC_USER).post(
            "/api/training-needs/need-2025-plc/answers", json={"course_id": course}
        )
        assert r.status_code == 404
        r = world.client(FIRM_USER).patch(
            "/api/training-needs/need-2025-plc", json={"title": "PLC编程培训需求（10人）"}
        )
        assert r.status_code == 409


class TestEditAndClose:
    def test_the_firm_edits_and_closes_its_need(self, world: World) -> None:
        nid = raise_need(world)
        firm = world.client(FIRM_USER)
        r = firm.patch(
            f"/api/training-needs/{nid}",
            json={"seats": 15, "skills": [{"skill_id": "plc_programming", "level": 3}]},
        )
        assert r.status_code == 200, r.text
        assert r.json()["seats"] == 15
        assert [s["id"] for s in r.json()["skills"]] == ["plc_programming"]
        r = firm.post(f"/api/training-needs/{nid}/close")
        assert r.status_code == 200 and r.json()["status"] == "closed"
        assert firm.post(f"/api/training-needs/{nid}/close").status_code == 409
        assert firm.patch(f"/api/training-needs/{nid}", json={"seats": 20}).status_code == 409

    def test_strangers_cannot_edit_or_close(self, world: World) -> None:
        nid = raise_need(world)
        for email, status in (
            (OTHER_FIRM_USER, 404),
            (STUDENT, 404),
            (PARK_USER, 404),
            (LNEMVC_USER, 403),
            (CENTRE_USER, 403),
            (STAFF, 403),
        ):
            c = world.client(email)
            r = c.patch(f"/api/training-needs/{nid}", json={"title": "被篡改的需求"})
            assert r.status_code == status, (email, r.text)
            assert c.post(f"/api/training-needs/{nid}/close").status_code == status, email
        got = world.client(FIRM_USER).get(f"/api/training-needs/{nid}").json()
        assert got["title"] == need_body()["title"] and got["status"] == "open"

    def test_bad_edits_are_refused(self, world: World) -> None:
        nid = raise_need(world)
        firm = world.client(FIRM_USER)
        for body, field in (
            ({"deadline": "2001-01-01"}, "deadline"),
            ({"title": None}, "title"),
            ({"seats": -1}, "seats"),
            ({"firm": "firm-ruifeng-auto"}, "firm"),
        ):
            r = firm.patch(f"/api/training-needs/{nid}", json=body)
            assert r.status_code == 422 and r.json()["error"]["field"] == field, r.text
        assert firm.get(f"/api/training-needs/{nid}").json()["deadline"] == "2030-06-30"


class TestAnswers:
    def test_a_school_answers_with_its_course_and_the_firm_sees_it(self, world: World) -> None:
        nid = raise_need(world)
        course = a_course(world)
        school = world.client(LNEMVC_USER)
        r = school.post(f"/api/training-needs/{nid}/answers", json={"course_id": course})
        assert r.status_code == 201, r.text
        seen = world.client(FIRM_USER).get(f"/api/training-needs/{nid}").json()["answers"]
        assert [(a["course_id"], a["provider"]["id"]) for a in seen] == [(course, LNEMVC)]
        r = school.post(f"/api/training-needs/{nid}/answers", json={"course_id": course})
        assert r.status_code == 409
        # Once the firm closes the need, the school still sees the need it answered.
        assert world.client(FIRM_USER).post(f"/api/training-needs/{nid}/close").status_code == 200
        assert school.get(f"/api/training-needs/{nid}").status_code == 200
        assert world.client(SYLU_USER).get(f"/api/training-needs/{nid}").status_code == 404
        second = a_course(world)
        r = school.post(f"/api/training-needs/{nid}/answers", json={"course_id": second})
        assert r.status_code == 409

    def test_answers_are_refused_to_strangers(self, world: World) -> None:
        nid = raise_need(world)
        course = a_course(world)
        body = {"course_id": course}
        url = f"/api/training-needs/{nid}/answers"
        # Another school's course: 403; the firm itself and staff: 403; people: 404.
        assert world.client(SYLU_USER).post(url, json=body).status_code == 403
        assert world.client(FIRM_USER).post(url, json=body).status_code == 403
        assert world.client(STAFF).post(url, json=body).status_code == 403
        assert world.client(STUDENT).post(url, json=body).status_code == 404
        assert world.client(OTHER_FIRM_USER).post(url, json=body).status_code == 404
        r = world.client(LNEMVC_USER).post(url, json={"course_id": "course-nope"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "course_id"
        assert world.client(FIRM_USER).get(f"/api/training-needs/{nid}").json()["answers"] == []

    def test_withdrawing_an_answer(self, world: World) -> None:
        nid = raise_need(world)
        course = a_course(world)
        school = world.client(LNEMVC_USER)
        assert (
            school.post(f"/api/training-needs/{nid}/answers", json={"course_id": course})
        ).status_code == 201
        url = f"/api/training-needs/{nid}/answers/{course}"
        assert world.client(SYLU_USER).delete(url).status_code == 403
        assert world.client(STUDENT).delete(url).status_code == 404
        r = school.delete(url)
        assert r.status_code == 200 and r.json()["answers"] == []
        assert school.delete(url).status_code == 404
