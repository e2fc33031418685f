"""Courses through the API on both stores: publish, list, edit, close; enrol,
withdraw, complete; and every id-bearing endpoint refusing a stranger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.graph import generic
from backend.graph.store import GraphStore, cypher
from tests.courses.world import (
    CENTRE_USER,
    FIRM_USER,
    LNEMVC,
    LNEMVC_USER,
    OTHER_STUDENT,
    OTHER_STUDENT_ID,
    STAFF,
    STUDENT,
    STUDENT_ID,
    SYLU,
    SYLU_USER,
    WORKER,
    WORKER_ID,
    World,
    build,
    course_body,
)
from tests.helpers import link

PERSON_SKILLS = cypher(
    """
    MATCH (p:Person {id: $id})-[h:HAS_SKILL]->(s:Skill)
    RETURN s.id AS id, h.level AS level, h.source AS source ORDER BY id
    """
)
PERSON_CREDENTIALS = cypher(
    """
    MATCH (p:Person {id: $id})-[:HOLDS]->(c:Credential)-[:ISSUED_BY]->(o)
    RETURN c.id AS id, c.kind AS kind, c.name AS name, o.id AS issuer
    """
)
COURSE = cypher("MATCH (c:Course {id: $id}) RETURN c.seats_taken AS taken, c.title_zh AS title")


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> Iterator[World]:
    yield build(store, tmp_path)


def publish(client: TestClient, **overrides: Any) -> dict[str, Any]:
    r = client.post("/api/courses", json=course_body(**overrides))
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def course_count(store: GraphStore) -> int:
    return int(store.query(generic.count_nodes("Course"))[0]["count"])


class TestPublish:
    def test_a_school_publishes_a_course_with_skills_park_and_teacher(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        body = publish(school, teacher_id="teacher-lnemvc-zhao")
        assert body["status"] == "open" and body["seats_taken"] == 0 and body["seats_free"] == 30
        assert body["provider"]["id"] == LNEMVC
        assert body["provider"]["kind"] == "School"
        assert body["park"]["id"] == "park-tiexi"
        assert body["teacher"]["name"] == "赵建国"
        assert [(s["id"], s["level"]) for s in body["skills"]] == [
            ("cnc_lathe_operation", 3),
            ("cnc_programming", 2),
        ]
        got = world.anonymous().get(f"/api/courses/{body['id']}")
        assert got.status_code == 200 and got.json()["title_zh"] == "数控车床操作（中级）"

    def test_only_an_approved_school_or_centre_account_may_publish(self, world: World) -> None:
        for email in (STUDENT, FIRM_USER, STAFF):
            r = world.client(email).post("/api/courses", json=course_body())
            assert r.status_code == 403, (email, r.text)
            assert r.json()["error"]["message_zh"]
        assert world.anonymous().post("/api/courses", json=course_body()).status_code == 401
        assert course_count(world.store) == 0

    def test_bad_bodies_are_refused_with_the_field_named_and_nothing_written(
        self, world: World
    ) -> None:
        school = world.client(LNEMVC_USER)
        cases = [
            (course_body(skills=[{"skill_id": "underwater_basket_weaving", "level": 2}]), "skills"),
            (course_body(end_date="2030-01-01"), None),
            (course_body(seats=0), "seats"),
            (course_body(start_date="2030-13-40"), "start_date"),
            (course_body(seats_taken=5), "seats_taken"),
            (course_body(prerequisites=["course-does-not-exist"]), "prerequisites"),
            (course_body(teacher_id="teacher-sylu-sun"), "teacher_id"),
            (course_body(mode="by_carrier_pigeon"), "mode"),
        ]
        for body, field in cases:
            r = school.post("/api/courses", json=body)
            assert r.status_code == 422, (body, r.text)
            err = r.json()["error"]
            assert err["message"] and err["message_zh"]
            if field:
                assert err["field"].startswith(field), (field, err)
        assert course_count(world.store) == 0


class TestList:
    def test_filters_and_pagination(self, world: World) -> None:
        lnemvc = world.client(LNEMVC_USER)
        sylu = world.client(SYLU_USER)
        publish(lnemvc)
        publish(
            lnemvc,
            title_zh="焊条电弧焊（入门）",
            title_en="Shielded metal arc welding (foundation)",
            description="24学时焊接入门",
            shared=False,
            skills=[{"skill_id": "arc_welding", "level": 1}],
        )
        publish(
            sylu,
            title_zh="PLC编程（高级）",
            title_en="PLC programming (advanced)",
            description="PLC",
            skills=[{"skill_id": "plc_programming", "level": 3}],
        )
        c = world.anonymous()

        def ids(**params: Any) -> list[str]:
            r = c.get("/api/courses", params=params)
            assert r.status_code == 200, r.text
            return sorted(i["title_zh"] for i in r.json()["items"])

        assert len(ids()) == 3
        assert ids(provider=SYLU) == ["PLC编程（高级）"]
        assert ids(park="park-tiexi") == ["数控车床操作（中级）", "焊条电弧焊（入门）"]
        assert ids(skill="arc_welding") == ["焊条电弧焊（入门）"]
        assert ids(shared="false") == ["焊条电弧焊（入门）"]
        assert ids(q="plc") == ["PLC编程（高级）"]
        assert ids(q="Arc Welding") == ["焊条电弧焊（入门）"]
        page = c.get("/api/courses", params={"limit": 2, "skip": 2}).json()
        assert page["total"] == 3 and len(page["items"]) == 1 and page["skip"] == 2
        assert c.get("/api/courses", params={"limit": 500}).status_code == 422
        r = c.get("/api/courses", params={"shared": "maybe"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "shared"

    def test_an_unknown_course_is_404(self, world: World) -> None:
        r = world.anonymous().get("/api/courses/course-nope")
        assert r.status_code == 404 and r.json()["error"]["message_zh"]


class TestEdit:
    def test_the_provider_edits_its_course(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        cid = publish(school)["id"]
        r = school.patch(
            f"/api/courses/{cid}",
            json={"seats": 24, "skills": [{"skill_id": "cnc_programming", "level": 4}]},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["seats"] == 24 and body["title_zh"] == "数控车床操作（中级）"
        assert [(s["id"], s["level"]) for s in body["skills"]] == [("cnc_programming", 4)]

    def test_strangers_cannot_edit_or_close_and_nothing_changes(self, world: World) -> None:
        cid = publish(world.client(LNEMVC_USER))["id"]
        for email in (SYLU_USER, CENTRE_USER, STUDENT, FIRM_USER, STAFF):
            c = world.client(email)
            r = c.patch(f"/api/courses/{cid}", json={"title_zh": "被篡改的课程"})
            assert r.status_code == 403, (email, r.text)
            assert c.post(f"/api/courses/{cid}/close").status_code == 403
        got = world.anonymous().get(f"/api/courses/{cid}").json()
        assert got["title_zh"] == "数控车床操作（中级）" and got["status"] == "open"
        r = world.client(LNEMVC_USER).patch("/api/courses/course-nope", json={"hours": 10})
        assert r.status_code == 404

    def test_seats_cannot_drop_below_those_taken(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        cid = publish(school, seats=3)["id"]
        for email in (STUDENT, WORKER):
            assert world.client(email).post(f"/api/courses/{cid}/enrol").status_code == 201
        r = school.patch(f"/api/courses/{cid}", json={"seats": 1, "title_zh": "改名"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "seats"
        after = world.anonymous().get(f"/api/courses/{cid}").json()
        assert after["seats"] == 3 and after["title_zh"] == "数控车床操作（中级）"

    def test_a_required_field_cannot_be_emptied_and_dates_stay_in_order(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        cid = publish(school)["id"]
        r = school.patch(f"/api/courses/{cid}", json={"title_zh": None})
        assert r.status_code == 422 and r.json()["error"]["field"] == "title_zh"
        r = school.patch(f"/api/courses/{cid}", json={"end_date": "2030-01-01"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "end_date"
        assert world.anonymous().get(f"/api/courses/{cid}").json()["end_date"] == "2030-04-27"

    def test_prerequisites_cannot_form_a_loop(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        basic = publish(school, title_zh="数控车床操作（入门）")["id"]
        advanced = publish(school, prerequisites=[basic])["id"]
        r = school.patch(f"/api/courses/{basic}", json={"prerequisites": [advanced]})
        assert r.status_code == 422 and r.json()["error"]["field"] == "prerequisites"
        r = school.patch(f"/api/courses/{basic}", json={"prerequisites": [basic]})
        assert r.status_code == 422
        got = world.anonymous().get(f"/api/courses/{advanced}").json()
        assert [p["id"] for p in got["prerequisites"]] == [basic]

    def test_closing_stops_enrolment(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        cid = publish(school)["id"]
        r = school.post(f"/api/courses/{cid}/close")
        assert r.status_code == 200 and r.json()["status"] == "closed"
        assert school.post(f"/api/courses/{cid}/close").status_code == 409
        r = world.client(STUDENT).post(f"/api/courses/{cid}/enrol")
        assert r.status_code == 409 and r.json()["error"]["message_zh"] == "该课程已停止报名"


class TestEnrol:
    def test_enrol_withdraw_and_enrol_again(self, world: World) -> None:
        cid = publish(world.client(LNEMVC_USER))["id"]
        student = world.client(STUDENT)
        r = student.post(f"/api/courses/{cid}/enrol")
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "enrolled" and r.json()["person_id"] == STUDENT_ID
        assert world.anonymous().get(f"/api/courses/{cid}").json()["seats_taken"] == 1
        assert student.post(f"/api/courses/{cid}/enrol").status_code == 409
        r = student.post(f"/api/courses/{cid}/withdraw")
        assert r.status_code == 200 and r.json()["status"] == "dropped"
        assert world.anonymous().get(f"/api/courses/{cid}").json()["seats_taken"] == 0
        assert student.post(f"/api/courses/{cid}/withdraw").status_code == 404
        assert student.post(f"/api/courses/{cid}/enrol").json()["status"] == "enrolled"
        assert world.anonymous().get(f"/api/courses/{cid}").json()["seats_taken"] == 1

    def test_a_full_course_refuses_and_keeps_its_count(self, world: World) -> None:
        cid = publish(world.client(LNEMVC_USER), seats=1)["id"]
        assert world.client(STUDENT).post(f"/api/courses/{cid}/enrol").status_code == 201
        r = world.client(WORKER).post(f"/api/courses/{cid}/enrol")
        assert r.status_code == 409 and r.json()["error"]["field"] == "seats"
        assert world.store.query(COURSE, {"id": cid})[0]["taken"] == 1

    def test_only_a_person_enrols_and_only_themselves(self, world: World) -> None:
        cid = publish(world.client(LNEMVC_USER))["id"]
        for email in (LNEMVC_USER, FIRM_USER, STAFF):
            assert world.client(email).post(f"/api/courses/{cid}/enrol").status_code == 403
        assert world.anonymous().post(f"/api/courses/{cid}/enrol").status_code == 401
        assert world.client(WORKER).post("/api/courses/course-nope/enrol").status_code == 404
        # A stranger cannot withdraw someone else's enrolment: there is none of theirs.
        assert world.client(STUDENT).post(f"/api/courses/{cid}/enrol").status_code == 201
        assert world.client(WORKER).post(f"/api/courses/{cid}/withdraw").status_code == 404
        assert world.store.query(COURSE, {"id": cid})[0]["taken"] == 1

    def test_an_unshared_course_is_for_the_providers_own_students(self, world: World) -> None:
        cid = publish(world.client(LNEMVC_USER), shared=False)["id"]
        r = world.client(OTHER_STUDENT).post(f"/api/courses/{cid}/enrol")
        assert r.status_code == 403 and "本校" in r.json()["error"]["message_zh"]
        assert world.client(STUDENT).post(f"/api/courses/{cid}/enrol").status_code == 201
        assert world.store.query(COURSE, {"id": cid})[0]["taken"] == 1

    def test_prerequisites_must_be_completed_first(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        basic = publish(school, title_zh="数控车床操作（入门）")["id"]
        advanced = publish(school, title_zh="数控车床操作（高级）", prerequisites=[basic])["id"]
        student = world.client(STUDENT)
        r = student.post(f"/api/courses/{advanced}/enrol")
        assert r.status_code == 409
        assert r.json()["error"]["details"]["missing"] == [basic]
        assert world.store.query(COURSE, {"id": advanced})[0]["taken"] == 0
        assert student.post(f"/api/courses/{basic}/enrol").status_code == 201
        assert student.post(f"/api/courses/{advanced}/enrol").status_code == 409
        done = school.post(f"/api/courses/{basic}/enrolments/{STUDENT_ID}/complete")
        assert done.status_code == 200, done.text
        assert student.post(f"/api/courses/{advanced}/enrol").status_code == 201


class TestComplete:
    def test_completion_adds_the_credential_and_skills_keeping_higher_levels(
        self, world: World
    ) -> None:
        # 张敏 already operates CNC lathes at level 4 and programs them at level 1.
        link(
            world.store,
            "HAS_SKILL",
            ("Person", WORKER_ID),
            ("Skill", "cnc_lathe_operation"),
            level=4,
            source="work",
            since="2021-05-01",
        )
        link(
            world.store,
            "HAS_SKILL",
            ("Person", WORKER_ID),
            ("Skill", "cnc_programming"),
            level=1,
            source="work",
            since="2021-05-01",
        )
        school = world.client(LNEMVC_USER)
        cid = publish(
            school,
            skills=[
                {"skill_id": "cnc_lathe_operation", "level": 3},
                {"skill_id": "cnc_programming", "level": 2},
                {"skill_id": "plc_programming", "level": 2},
            ],
        )["id"]
        assert world.client(WORKER).post(f"/api/courses/{cid}/enrol").status_code == 201
        r = school.post(f"/api/courses/{cid}/enrolments/{WORKER_ID}/complete")
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["enrolment"]["status"] == "completed" and body["enrolment"]["completed_on"]
        assert body["credential"]["kind"] == "course"
        assert body["credential"]["name"] == "数控车床操作（中级） 结业证书"
        assert body["credential"]["points"] == 3.0
        assert {(s["id"], s["level"], s["previous_level"]) for s in body["skills"]} == {
            ("cnc_programming", 2, 1),
            ("plc_programming", 2, None),
        }
        skills = world.store.query(PERSON_SKILLS, {"id": WORKER_ID})
        assert [(s["id"], s["level"]) for s in skills] == [
            ("cnc_lathe_operation", 4),
            ("cnc_programming", 2),
            ("plc_programming", 2),
        ]
        assert skills[0]["source"] == "work" and skills[2]["source"] == "course"
        creds = world.store.query(PERSON_CREDENTIALS, {"id": WORKER_ID})
        assert [(c["kind"], c["issuer"]) for c in creds] == [("course", LNEMVC)]
        # Twice is refused and adds nothing.
        again = school.post(f"/api/courses/{cid}/enrolments/{WORKER_ID}/complete")
        assert again.status_code == 409
        assert len(world.store.query(PERSON_CREDENTIALS, {"id": WORKER_ID})) == 1
        mine = world.client(WORKER).get("/api/enrolments").json()["items"]
        assert [(e["course_id"], e["status"]) for e in mine] == [(cid, "completed")]
        # A completed course cannot be withdrawn from or enrolled on again.
        assert world.client(WORKER).post(f"/api/courses/{cid}/withdraw").status_code == 404
        assert world.client(WORKER).post(f"/api/courses/{cid}/enrol").status_code == 409

    def test_strangers_cannot_complete(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        cid = publish(school)["id"]
        assert world.client(STUDENT).post(f"/api/courses/{cid}/enrol").status_code == 201
        url = f"/api/courses/{cid}/enrolments/{STUDENT_ID}/complete"
        for email in (SYLU_USER, CENTRE_USER, STUDENT, FIRM_USER, STAFF):
            assert world.client(email).post(url).status_code == 403, email
        assert world.store.query(PERSON_CREDENTIALS, {"id": STUDENT_ID}) == []
        r = school.post(f"/api/courses/{cid}/enrolments/{OTHER_STUDENT_ID}/complete")
        assert r.status_code == 404 and r.json()["error"]["field"] == "person_id"


class TestEnrolmentVisibility:
    def test_each_caller_sees_only_the_enrolments_they_may(self, world: World) -> None:
        mine = publish(world.client(LNEMVC_USER))["id"]
        theirs = publish(
            world.client(SYLU_USER),
            title_zh="PLC编程（高级）",
            skills=[{"skill_id": "plc_programming", "level": 3}],
        )["id"]
        assert world.client(STUDENT).post(f"/api/courses/{mine}/enrol").status_code == 201
        assert world.client(WORKER).post(f"/api/courses/{theirs}/enrol").status_code == 201
        assert world.client(OTHER_STUDENT).post(f"/api/courses/{theirs}/enrol").status_code == 201
        assert world.client(STUDENT).post(f"/api/courses/{theirs}/enrol").status_code == 201

        def seen(email: str, url: str = "/api/enrolments") -> set[tuple[str, str]]:
            r = world.client(email).get(url)
            assert r.status_code == 200, r.text
            return {(e["course_id"], e["person_id"]) for e in r.json()["items"]}

        on_theirs = {(theirs, WORKER_ID), (theirs, OTHER_STUDENT_ID), (theirs, STUDENT_ID)}
        assert seen(STUDENT) == {(mine, STUDENT_ID), (theirs, STUDENT_ID)}
        assert seen(WORKER) == {(theirs, WORKER_ID)}
        # LNEMVC: its own course's roll, and its own student 王磊 on SYLU's course.
        assert seen(LNEMVC_USER) == {(mine, STUDENT_ID), (theirs, STUDENT_ID)}
        assert seen(SYLU_USER) == on_theirs
        assert seen(CENTRE_USER) == set()
        assert len(seen(STAFF)) == 4
        assert seen(SYLU_USER, f"/api/courses/{theirs}/enrolments") == on_theirs
        assert seen(STAFF, f"/api/courses/{mine}/enrolments") == {(mine, STUDENT_ID)}
        # A course's roll is its provider's: other providers and people get 403.
        for email in (LNEMVC_USER, STUDENT, WORKER, FIRM_USER):
            r = world.client(email).get(f"/api/courses/{theirs}/enrolments")
            assert r.status_code == 403, email
        # Firms and parks read no enrolments at all.
        r = world.client(FIRM_USER).get("/api/enrolments")
        assert r.status_code == 403 and r.json()["error"]["message_zh"]
        assert world.anonymous().get("/api/enrolments").status_code == 401
        assert world.client(STAFF).get("/api/courses/course-nope/enrolments").status_code == 404
