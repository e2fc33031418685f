"""Evaluations through the API, on both stores: scheduling (N4 methods, N8/G1
self-assessing firms), sign-up decided by the engine with exemptions (N7/S3),
withdrawal, results becoming skill-level credentials that feed the engine, and
strangers refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore, cypher
from backend.pathways import cache
from backend.pathways.dates import add_years
from tests.pathways.world import (
    CENTRE,
    CENTRE_USER,
    CHEN,
    CHEN_ID,
    ELECTRICIAN,
    FIRM,
    FIRM_USER,
    GOV,
    LI,
    LI_ID,
    OTHER_FIRM_USER,
    STAFF,
    ZHANG,
    ZHANG_ID,
    World,
    build,
    day,
)

SEATS = cypher("MATCH (a:Assessment {id: $id}) RETURN a.seats_taken AS taken")
TOOK = cypher(
    "MATCH (p:Person)-[t:TOOK]->(a:Assessment {id: $id}) "
    "RETURN p.id AS person, t.exempt AS exempt, t.passed AS passed ORDER BY person"
)
CREDENTIAL = cypher(
    """
    MATCH (p:Person)-[:HOLDS]->(c:Credential {id: $id})
    MATCH (c)-[:AT_LEVEL]->(q:Qualification)
    MATCH (c)-[:IN_OCCUPATION]->(o:Occupation)
    MATCH (c)-[:ISSUED_BY]->(i)
    MATCH (c)-[:AWARDED_FOR]->(a:Assessment)
    RETURN p.id AS person, c.kind AS kind, c.level AS level, c.obtained AS obtained,
           q.id AS qualification, o.id AS occupation, i.id AS issuer, a.id AS assessment
    """
)
TECHNICIAN: dict[str, Any] = {
    "occupation": ELECTRICIAN,
    "level": "technician",
    "methods": ["theory_exam", "skill_operation", "performance_review"],
    "capacity": 30,
}


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    cache.invalidate()
    return build(store, tmp_path)


def schedule(world: World, email: str = STAFF, **fields: Any) -> dict[str, Any]:
    body = {**TECHNICIAN, "held_on": day(0), **fields}
    r = world.client(email).post("/api/assessments", json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


class TestSchedule:
    def test_staff_schedules_for_the_bureau(self, world: World) -> None:
        a = schedule(world, held_on=day(30))
        assert a["organiser"] == {
            "id": GOV,
            "kind": "GovernmentBody",
            "name_zh": "沈阳市人力资源和社会保障局",
            "name_en": a["organiser"]["name_en"],
        }
        assert a["status"] == "scheduled" and a["seats_left"] == 30
        assert a["occupation"]["name_zh"] == "电工"
        listed = world.client(ZHANG).get("/api/assessments", params={"occupation": ELECTRICIAN})
        assert [x["id"] for x in listed.json()["items"]] == [a["id"]]

    def test_staff_may_name_a_training_centre(self, world: World) -> None:
        a = schedule(world, organiser={"kind": "TrainingCentre", "id": CENTRE})
        assert a["organiser"]["id"] == CENTRE

    def test_self_assessing_firm_schedules_its_own(self, world: World) -> None:
        a = schedule(world, FIRM_USER)
        assert a["organiser"]["id"] == FIRM and a["organiser"]["kind"] == "Firm"

    @pytest.mark.parametrize("email", [OTHER_FIRM_USER, ZHANG, CENTRE_USER])
    def test_others_may_not_schedule(self, world: World, email: str) -> None:
        r = world.client(email).post("/api/assessments", json={**TECHNICIAN, "held_on": day(5)})
        assert r.status_code == 403, r.text
        assert world.client(STAFF).get("/api/assessments").json()["total"] == 0

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"held_on": "2020-01-01"}, "held_on"),
            ({"held_on": "2026-02-30"}, "held_on"),
            ({"occupation": "2-02-99-99"}, "occupation"),
            ({"methods": ["written_essay"]}, "methods"),
            ({"methods": ["theory_exam", "theory_exam"]}, "methods"),
            ({"level": "chief_technician"}, "level"),
            ({"capacity": 0}, "capacity"),
        ],
    )
    def test_bad_input_is_named(self, world: World, change: dict[str, Any], field: str) -> None:
        r = world.client(STAFF).post(
            "/api/assessments", json={**TECHNICIAN, "held_on": day(3), **change}
        )
        assert r.status_code == 422, r.text
        assert field in r.text
        assert world.client(STAFF).get("/api/assessments").json()["total"] == 0


class TestSignUp:
    def test_eligible_engineer_signs_up_with_theory_exempt(self, world: World) -> None:
        a = schedule(world)
        r = world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 201, r.text
        body = r.json()
        # N5/S1 open technician to an intermediate engineer; N7 waives the theory
        # exam for a related graduation certificate.
        assert body["exempt"] == ["theory_test"]
        assert body["methods_to_take"] == ["skill_operation", "performance_review"]
        assert "N5" in body["rules"] and "N7" in body["rules"]
        assert body["assessment"]["seats_taken"] == 1
        rows = world.store.query(TOOK, {"id": a["id"]})
        assert rows == [{"person": ZHANG_ID, "exempt": ["theory_test"], "passed": None}]

    def test_signing_up_twice_is_a_conflict(self, world: World) -> None:
        a = schedule(world)
        assert world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up").status_code == 201
        r = world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 409
        assert world.store.query(SEATS, {"id": a["id"]})[0]["taken"] == 1

    def test_not_eligible_is_refused_with_reasons(self, world: World) -> None:
        a = schedule(world)
        r = world.client(LI).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 403
        err = r.json()["error"]
        assert "technician" in err["details"]["reasons"]["en"]
        assert "技师" in err["details"]["reasons"]["zh"]
        assert world.store.query(SEATS, {"id": a["id"]})[0]["taken"] == 0
        assert world.store.query(TOOK, {"id": a["id"]}) == []

    def test_wrong_level_is_refused_with_what_is_missing(self, world: World) -> None:
        # An assistant engineer is opened senior worker (N5), not technician.
        a = schedule(world)
        r = world.client(CHEN).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 403
        b = schedule(world, level="senior_worker", methods=["theory_exam", "skill_operation"])
        r = world.client(CHEN).post(f"/api/assessments/{b['id']}/sign-up")
        assert r.status_code == 201, r.text
        # 陈杰 has no graduation certificate in the graph: no exemption.
        assert r.json()["exempt"] == []

    def test_firms_own_evaluation_is_for_its_employees(self, world: World) -> None:
        a = schedule(world, FIRM_USER)
        r = world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 201, r.text
        # 陈杰 works at another firm: refused under N8 even where the level fits.
        b = schedule(world, FIRM_USER, level="senior_worker")
        r = world.client(CHEN).post(f"/api/assessments/{b['id']}/sign-up")
        assert r.status_code == 403
        assert "N8" in r.json()["error"]["message"]

    def test_organisations_may_not_sign_up(self, world: World) -> None:
        a = schedule(world)
        r = world.client(FIRM_USER).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 403

    def test_past_assessment_is_closed(self, world: World) -> None:
        a = schedule(world)
        world.store.execute(
            cypher("MATCH (a:Assessment {id: $id}) SET a.held_on = $d RETURN a.id AS id"),
            {"id": a["id"], "d": day(-1)},
        )
        r = world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        assert r.status_code == 409

    def test_unknown_assessment_is_404(self, world: World) -> None:
        assert (
            world.client(ZHANG).post("/api/assessments/assessment-nope/sign-up").status_code == 404
        )

    def test_withdraw_gives_the_seat_back(self, world: World) -> None:
        a = schedule(world, held_on=day(10))
        z = world.client(ZHANG)
        assert z.post(f"/api/assessments/{a['id']}/sign-up").status_code == 201
        assert z.delete(f"/api/assessments/{a['id']}/sign-up").status_code == 204
        assert world.store.query(SEATS, {"id": a["id"]})[0]["taken"] == 0
        assert z.delete(f"/api/assessments/{a['id']}/sign-up").status_code == 404
        # Someone who never signed up has nothing to withdraw.
        assert world.client(LI).delete(f"/api/assessments/{a['id']}/sign-up").status_code == 404


class TestResults:
    def test_a_pass_becomes_a_credential_the_engine_reads(self, world: World) -> None:
        a = schedule(world)
        assert world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up").status_code == 201
        r = world.client(STAFF).post(
            f"/api/assessments/{a['id']}/results",
            json={"results": [{"person_id": ZHANG_ID, "score": 86.5, "passed": True}]},
        )
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["assessment"]["status"] == "completed"
        (cid,) = out["credentials"]
        assert world.store.query(CREDENTIAL, {"id": cid}) == [
            {
                "person": ZHANG_ID,
                "kind": "skill_level",
                "level": "technician",
                "obtained": a["held_on"],
                "qualification": "qual-skill_level-technician",
                "occupation": ELECTRICIAN,
                "issuer": GOV,
                "assessment": a["id"],
            }
        ]
        # The engine now reads the technician level: it is no longer offered, and
        # N6 opens senior technician one year after it was obtained.
        step = world.client(ZHANG).get("/api/pathways/me").json()
        skill = [o for o in step["result"]["options"] if o["track"] == "skill_level"]
        assert [(o["level"], o["status"]) for o in skill] == [
            ("senior_technician", "eligible_later")
        ]
        held = date.fromisoformat(a["held_on"])
        assert skill[0]["eligible_from"] == add_years(held, 1).isoformat()
        assert step["sign_ups"][0]["status"] == "passed"

    def test_a_fail_adds_no_credential(self, world: World) -> None:
        a = schedule(world)
        world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        r = world.client(STAFF).post(
            f"/api/assessments/{a['id']}/results",
            json={"results": [{"person_id": ZHANG_ID, "score": 41, "passed": False}]},
        )
        assert r.status_code == 200 and r.json()["credentials"] == []
        assert r.json()["roster"][0]["passed"] is False

    def test_result_twice_or_for_someone_not_signed_up(self, world: World) -> None:
        a = schedule(world)
        world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        staff = world.client(STAFF)
        url = f"/api/assessments/{a['id']}/results"
        r = staff.post(url, json={"results": [{"person_id": LI_ID, "score": 90, "passed": True}]})
        assert r.status_code == 422 and r.json()["error"]["field"] == "results[0].person_id"
        ok = {"results": [{"person_id": ZHANG_ID, "score": 90, "passed": True}]}
        assert staff.post(url, json=ok).status_code == 200
        assert staff.post(url, json=ok).status_code == 409

    def test_results_wait_for_the_day(self, world: World) -> None:
        a = schedule(world, held_on=day(7))
        world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        r = world.client(STAFF).post(
            f"/api/assessments/{a['id']}/results",
            json={"results": [{"person_id": ZHANG_ID, "score": 90, "passed": True}]},
        )
        assert r.status_code == 409
        assert world.store.query(TOOK, {"id": a["id"]})[0]["passed"] is None

    def test_firm_records_its_own_evaluation(self, world: World) -> None:
        a = schedule(world, FIRM_USER)
        world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        r = world.client(FIRM_USER).post(
            f"/api/assessments/{a['id']}/results",
            json={"results": [{"person_id": ZHANG_ID, "score": 77, "passed": True}]},
        )
        assert r.status_code == 200, r.text
        row = world.store.query(CREDENTIAL, {"id": r.json()["credentials"][0]})[0]
        assert row["issuer"] == FIRM

    @pytest.mark.parametrize("email", [OTHER_FIRM_USER, ZHANG, CENTRE_USER])
    def test_strangers_see_no_candidates_and_record_nothing(self, world: World, email: str) -> None:
        a = schedule(world, FIRM_USER)
        world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        c = world.client(email)
        assert c.get(f"/api/assessments/{a['id']}/candidates").status_code == 403
        r = c.post(
            f"/api/assessments/{a['id']}/results",
            json={"results": [{"person_id": ZHANG_ID, "score": 99, "passed": True}]},
        )
        assert r.status_code == 403
        assert world.store.query(TOOK, {"id": a["id"]})[0]["passed"] is None
        assert (
            world.client(FIRM_USER).get(f"/api/assessments/{a['id']}/candidates").status_code == 200
        )


class TestNextStep:
    def test_my_next_step_with_evaluations_in_both_languages(self, world: World) -> None:
        a = schedule(world, held_on=day(20))
        step = world.client(ZHANG).get("/api/pathways/me").json()
        assert step["person_id"] == ZHANG_ID and step["region"] == "shenyang"
        assert step["facts"]["current_employer"]["id"] == FIRM
        assert step["facts"]["current_occupation"]["code"] == ELECTRICIAN
        # Employment since 2015-07-01 at the same occupation, to today.
        assert step["facts"]["relevant_experience_years"] > 11
        (tech,) = [o for o in step["result"]["options"] if o["level"] == "technician"]
        assert tech["status"] == "eligible" and tech["exemptions"] == ["theory_test"]
        assert tech["explanation"]["zh"] and tech["explanation"]["en"]
        assert tech["sources"] and any(s["rule"] == "S1" for s in tech["sources"])
        (ev,) = step["evaluations"]
        assert ev["assessment"]["id"] == a["id"] and ev["signed_up"] is False
        assert ev["methods_to_take"] == ["skill_operation", "performance_review"]
        assert ev["reason"]["zh"] and ev["reason"]["en"]

    def test_evaluations_i_cannot_take_are_not_offered(self, world: World) -> None:
        schedule(world, held_on=day(20))
        step = world.client(LI).get("/api/pathways/me").json()
        assert step["evaluations"] == []

    def test_as_of_in_the_past_reads_the_record_then(self, world: World) -> None:
        step = world.client(ZHANG).get("/api/pathways/me", params={"as_of": "2019-01-01"}).json()
        # Before the title (2019-07-01) nothing opens technician.
        tech = [o for o in step["result"]["options"] if o["level"] == "technician"]
        assert all(o["status"] == "not_eligible" for o in tech)
        bad = world.client(ZHANG).get("/api/pathways/me", params={"as_of": "2019-13-01"})
        assert bad.status_code == 422 and bad.json()["error"]["field"] == "as_of"

    def test_staff_read_anyone_others_get_404(self, world: World) -> None:
        url = f"/api/pathways/people/{ZHANG_ID}"
        assert world.client(STAFF).get(url).status_code == 200
        assert world.client(ZHANG).get(url).status_code == 200
        for email in (LI, FIRM_USER, OTHER_FIRM_USER):
            assert world.client(email).get(url).status_code == 404
        assert world.client(STAFF).get("/api/pathways/people/person-nobody").status_code == 404

    def test_organisations_have_no_next_step(self, world: World) -> None:
        assert world.client(FIRM_USER).get("/api/pathways/me").status_code == 403


class TestForecast:
    def test_by_member_and_specialty(self, world: World) -> None:
        r = world.client(STAFF).get("/api/pathways/forecast")
        assert r.status_code == 200, r.text
        f = r.json()
        assert f["people_read"] == 3 and f["people_evaluated"] == 3
        rows = {(x["member"]["id"], x["level"]): x for x in f["items"]}
        # 张伟 at SMTCL: technician now; 陈杰 at Xinsong: senior worker now.
        assert rows[(FIRM, "technician")]["eligible_now"] == 1
        assert rows[(FIRM, "technician")]["specialty"] == "electromechanical"
        assert rows[(FIRM, "technician")]["people"][0]["id"] == ZHANG_ID
        assert rows[("firm-xinsong", "senior_worker")]["people"][0]["id"] == CHEN_ID
        only = world.client(STAFF).get("/api/pathways/forecast", params={"member": FIRM}).json()
        assert {x["member"]["id"] for x in only["items"]} == {FIRM}

    def test_a_result_refreshes_the_cached_forecast(self, world: World) -> None:
        staff = world.client(STAFF)
        before = {
            x["level"]
            for x in staff.get("/api/pathways/forecast", params={"member": FIRM}).json()["items"]
        }
        assert "technician" in before
        a = schedule(world)
        world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up")
        staff.post(
            f"/api/assessments/{a['id']}/results",
            json={"results": [{"person_id": ZHANG_ID, "score": 90, "passed": True}]},
        )
        after = staff.get("/api/pathways/forecast", params={"member": FIRM}).json()["items"]
        levels = {x["level"]: x for x in after}
        assert "technician" not in levels
        assert levels["senior_technician"]["eligible_within"] == 1

    @pytest.mark.parametrize("email", [ZHANG, FIRM_USER, CENTRE_USER])
    def test_staff_only(self, world: World, email: str) -> None:
        assert world.client(email).get("/api/pathways/forecast").status_code == 403

    def test_bad_horizon(self, world: World) -> None:
        r = world.client(STAFF).get("/api/pathways/forecast", params={"months": 0})
        assert r.status_code == 422
