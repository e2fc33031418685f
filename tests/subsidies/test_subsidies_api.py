"""Subsidy policies through the API on both stores: staff publish, edit and
withdraw; everyone reads; a course shows the policies in force; a person sees
those that subsidise their current enrolments; non-staff are refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.graph import generic
from backend.graph.store import GraphStore
from tests.courses.world import (
    FIRM_USER,
    GOV,
    LNEMVC_USER,
    PARK_USER,
    STAFF,
    STUDENT,
    WORKER,
    World,
    build,
    course_body,
)
from tests.helpers import add_node, link


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> Iterator[World]:
    yield build(store, tmp_path)


def training_subsidy(**overrides: Any) -> dict[str, Any]:
    """Shenyang's vocational skills training subsidy (seed 004)."""
    body: dict[str, Any] = {
        "name_zh": "沈阳市职业技能培训补贴",
        "name_en": "Shenyang vocational skills training subsidy",
        "region": "沈阳市",
        "kind": "training",
        "amount": 1500,
        "conditions": "在沈阳参保或就读，完成联盟认定课程并取得合格证书",
        "valid_from": "2024-08-17",
        "source": "seed 004",
    }
    body.update(overrides)
    return body


def a_course(world: World, **overrides: Any) -> str:
    r = world.client(LNEMVC_USER).post("/api/courses", json=course_body(**overrides))
    assert r.status_code == 201, r.text
    cid: str = r.json()["id"]
    return cid


def policy_count(store: GraphStore) -> int:
    return int(store.query(generic.count_nodes("SubsidyPolicy"))[0]["count"])


class TestPublish:
    def test_staff_publish_a_policy_that_shows_on_its_courses(self, world: World) -> None:
        cid = a_course(world)
        r = world.client(STAFF).post("/api/subsidies", json=training_subsidy(course_ids=[cid]))
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["status"] == "published" and body["in_force"] is True
        assert body["issuer"]["id"] == GOV
        assert [c["id"] for c in body["courses"]] == [cid]
        course = world.anonymous().get(f"/api/courses/{cid}").json()
        assert [(p["id"], p["amount"]) for p in course["policies"]] == [(body["id"], 1500.0)]
        got = world.anonymous().get(f"/api/subsidies/{body['id']}")
        assert got.status_code == 200 and got.json()["name_zh"] == "沈阳市职业技能培训补贴"

    def test_non_staff_cannot_publish(self, world: World) -> None:
        for email in (LNEMVC_USER, FIRM_USER, STUDENT, PARK_USER):
            r = world.client(email).post("/api/subsidies", json=training_subsidy())
            assert r.status_code == 403, email
            assert r.json()["error"]["message_zh"] == "仅联盟工作人员可操作"
        assert world.anonymous().post("/api/subsidies", json=training_subsidy()).status_code == 401
        assert policy_count(world.store) == 0

    def test_bad_policies_are_refused_and_nothing_written(self, world: World) -> None:
        staff = world.client(STAFF)
        cases = [
            (training_subsidy(valid_until="2024-01-01"), None),
            (training_subsidy(course_ids=["course-nope"]), "course_ids"),
            (training_subsidy(kind="lottery"), "kind"),
            (training_subsidy(amount=-5), "amount"),
            (training_subsidy(valid_from="next tuesday"), "valid_from"),
            (training_subsidy(issuer_id="park-tiexi"), "issuer_id"),
            (training_subsidy(status="withdrawn"), "status"),
        ]
        for body, field in cases:
            r = staff.post("/api/subsidies", json=body)
            assert r.status_code == 422, (body, r.text)
            err = r.json()["error"]
            assert err["message_zh"]
            if field:
                assert err["field"].startswith(field), (field, err)
        assert policy_count(world.store) == 0


class TestEditAndWithdraw:
    def test_staff_edit_and_strangers_are_refused(self, world: World) -> None:
        cid = a_course(world)
        staff = world.client(STAFF)
        pid = staff.post("/api/subsidies", json=training_subsidy()).json()["id"]
        r = staff.patch(
            f"/api/subsidies/{pid}", json={"amount": 1800, "course_ids": [cid], "valid_until": None}
        )
        assert r.status_code == 200, r.text
        assert r.json()["amount"] == 1800.0 and [c["id"] for c in r.json()["courses"]] == [cid]
        for email in (LNEMVC_USER, FIRM_USER, STUDENT, PARK_USER):
            c = world.client(email)
            assert c.patch(f"/api/subsidies/{pid}", json={"amount": 1}).status_code == 403
            assert c.post(f"/api/subsidies/{pid}/withdraw").status_code == 403
        after = world.anonymous().get(f"/api/subsidies/{pid}").json()
        assert after["amount"] == 1800.0 and after["status"] == "published"
        r = staff.patch(f"/api/subsidies/{pid}", json={"name_zh": None})
        assert r.status_code == 422 and r.json()["error"]["field"] == "name_zh"
        r = staff.patch(f"/api/subsidies/{pid}", json={"valid_until": "2020-01-01"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "valid_until"
        assert world.anonymous().get(f"/api/subsidies/{pid}").json()["valid_until"] is None
        assert staff.patch("/api/subsidies/policy-nope", json={"amount": 1}).status_code == 404

    def test_a_withdrawn_policy_stops_applying(self, world: World) -> None:
        cid = a_course(world)
        staff = world.client(STAFF)
        pid = staff.post("/api/subsidies", json=training_subsidy(course_ids=[cid])).json()["id"]
        r = staff.post(f"/api/subsidies/{pid}/withdraw")
        assert r.status_code == 200
        assert r.json()["status"] == "withdrawn" and r.json()["in_force"] is False
        assert staff.post(f"/api/subsidies/{pid}/withdraw").status_code == 409
        assert world.anonymous().get(f"/api/courses/{cid}").json()["policies"] == []
        listed = world.anonymous().get("/api/subsidies").json()
        assert listed["total"] == 0
        listed = world.anonymous().get("/api/subsidies", params={"status": "withdrawn"}).json()
        assert [p["id"] for p in listed["items"]] == [pid]


class TestInForce:
    def test_only_policies_in_force_today_show_on_a_course(self, world: World) -> None:
        cid = a_course(world)
        staff = world.client(STAFF)
        now = staff.post("/api/subsidies", json=training_subsidy(course_ids=[cid])).json()["id"]
        staff.post(
            "/api/subsidies",
            json=training_subsidy(
                name_zh="数字技能提升专项补贴（2023）",
                valid_from="2023-01-01",
                valid_until="2023-12-31",
                course_ids=[cid],
            ),
        )
        staff.post(
            "/api/subsidies",
            json=training_subsidy(
                name_zh="企业新型学徒制培训补贴（2099）",
                kind="apprenticeship",
                valid_from="2099-01-01",
                course_ids=[cid],
            ),
        )
        course = world.anonymous().get(f"/api/courses/{cid}").json()
        assert [p["id"] for p in course["policies"]] == [now]
        c = world.anonymous()
        assert c.get("/api/subsidies").json()["total"] == 3
        assert [p["id"] for p in c.get("/api/subsidies?in_force=true").json()["items"]] == [now]
        assert c.get("/api/subsidies?in_force=false").json()["total"] == 2
        assert c.get("/api/subsidies?kind=apprenticeship").json()["total"] == 1
        assert c.get(f"/api/subsidies?course={cid}").json()["total"] == 3
        assert c.get("/api/subsidies?q=学徒").json()["total"] == 1
        assert c.get("/api/subsidies?in_force=perhaps").status_code == 422

    def test_a_seeded_policy_without_a_status_counts_as_published(self, world: World) -> None:
        cid = a_course(world)
        add_node(
            world.store,
            "SubsidyPolicy",
            {
                "id": "policy-digital-skills",
                "name_zh": "数字技能提升专项补贴",
                "name_en": "Digital skills upgrading subsidy",
                "region": "沈阳市",
                "kind": "training",
                "amount": 1200.0,
                "valid_from": "2025-01-01",
                "source": "seed 002 Z3",
            },
        )
        link(
            world.store,
            "ISSUED_POLICY",
            ("GovernmentBody", GOV),
            ("SubsidyPolicy", "policy-digital-skills"),
        )
        link(world.store, "SUBSIDISES", ("SubsidyPolicy", "policy-digital-skills"), ("Course", cid))
        got = world.anonymous().get("/api/subsidies/policy-digital-skills").json()
        assert got["status"] == "published" and got["in_force"] is True
        assert [
            p["id"] for p in world.anonymous().get(f"/api/courses/{cid}").json()["policies"]
        ] == ["policy-digital-skills"]


class TestMySubsidies:
    def test_a_person_sees_the_policies_of_their_current_enrolments(self, world: World) -> None:
        subsidised = a_course(world)
        other = a_course(world, title_zh="PLC编程（高级）")
        staff = world.client(STAFF)
        pid = staff.post("/api/subsidies", json=training_subsidy(course_ids=[subsidised])).json()[
            "id"
        ]
        student = world.client(STUDENT)
        assert student.get("/api/people/me/subsidies").json() == {"items": []}
        assert student.post(f"/api/courses/{subsidised}/enrol").status_code == 201
        assert student.post(f"/api/courses/{other}/enrol").status_code == 201
        mine = student.get("/api/people/me/subsidies").json()["items"]
        assert [(p["id"], [c["id"] for c in p["courses"]]) for p in mine] == [(pid, [subsidised])]
        assert world.client(WORKER).get("/api/people/me/subsidies").json() == {"items": []}
        detail = world.anonymous().get(f"/api/subsidies/{pid}").json()
        assert detail["people_enrolled"] == 1
        assert student.post(f"/api/courses/{subsidised}/withdraw").status_code == 200
        assert student.get("/api/people/me/subsidies").json() == {"items": []}

    def test_only_a_person_has_my_subsidies(self, world: World) -> None:
        for email in (LNEMVC_USER, FIRM_USER, STAFF):
            assert world.client(email).get("/api/people/me/subsidies").status_code == 403
        assert world.anonymous().get("/api/people/me/subsidies").status_code == 401
