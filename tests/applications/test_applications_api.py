"""Applications through the API, on both stores: apply and withdraw; the firm's
steps with their history; a placement's school approval and agreement; places
running out; who may read and change what, with a stranger refused at every
endpoint that takes an id."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.helpers import signed_in
from tests.vacancies.world import (
    DINGSHENG,
    HR,
    HR2,
    HR_RUIFENG,
    HR_TAIHE,
    PARK_ADMIN,
    STAFF,
    STUDENT,
    STUDENT_SYLU,
    TEACHER,
    TEACHER_SYLU,
    TECH_COLLEGE,
    WORKER,
    World,
    add_vacancy,
    in_days,
    placement_body,
    vacancy_body,
)

INTERVIEW = {
    "status": "interview",
    "interview_at": "2099-01-12T14:30:00",
    "interview_place": "沈阳市浑南区创新路 9 号 3 号楼 201 室",
}
AGREEMENT = {
    "start_date": "2027-03-01",
    "end_date": "2027-08-31",
    "terms": "每周五天，每天8小时；学校指导教师每月到岗一次；企业购买实习责任保险。",
}


def apply(world: World, email: str, vacancy_id: str) -> dict[str, Any]:
    r = world.as_(email).post(f"/api/vacancies/{vacancy_id}/applications")
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def move(world: World, email: str, app_id: str, body: dict[str, Any]) -> Any:
    return world.as_(email).post(f"/api/applications/{app_id}/status", json=body)


def step(world: World, app_id: str, *bodies: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for body in bodies:
        r = move(world, HR, app_id, body)
        assert r.status_code == 200, r.text
        out = r.json()
    return out


@pytest.fixture
def job(world: World) -> dict[str, Any]:
    return world.post_vacancy()


@pytest.fixture
def applied(world: World, job: dict[str, Any]) -> dict[str, Any]:
    return apply(world, WORKER, job["id"])


class TestJobWorkflow:
    def test_apply_shortlist_interview_offer_hire_with_history(
        self, world: World, job: dict[str, Any]
    ) -> None:
        a = apply(world, WORKER, job["id"])
        assert a["status"] == "applied" and a["applicant"]["id"] == "person-wang-lei"
        assert a["next_steps"] == ["shortlisted", "rejected", "withdrawn"]
        seen = world.as_(HR).get(f"/api/vacancies/{job['id']}/applications").json()
        assert [x["id"] for x in seen["items"]] == [a["id"]] and seen["total"] == 1

        out = step(world, a["id"], {"status": "shortlisted"}, INTERVIEW, {"status": "offer"})
        assert out["interview_at"] == "2099-01-12T14:30:00"
        assert out["interview_place"] == INTERVIEW["interview_place"]
        r = world.as_(HR2).post(
            f"/api/applications/{a['id']}/status", json={"status": "hired", "note": "签约"}
        )
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["status"] == "hired" and out["next_steps"] == []
        assert [h["status"] for h in out["history"]] == [
            "applied",
            "shortlisted",
            "interview",
            "offer",
            "hired",
        ]
        assert out["history"][0]["by"] == "person-wang-lei"
        assert {h["by"] for h in out["history"][1:]} == {DINGSHENG}
        assert out["history"][-1]["note"] == "签约"
        assert out["agreement"]["kind"] == "labour_contract"
        assert out["agreement"]["parties"] == {"firm": DINGSHENG, "person": "person-wang-lei"}
        # the applicant reads the same record
        assert world.as_(WORKER).get(f"/api/applications/{a['id']}").json() == out

    def test_two_firm_users_moving_it_at_once_do_not_lose_a_step(
        self, world: World, applied: dict[str, Any]
    ) -> None:
        clients = [signed_in(world.app, email) for email in (HR, HR2, HR, HR2)]
        url = f"/api/applications/{applied['id']}/status"
        with ThreadPoolExecutor(len(clients)) as pool:
            codes = sorted(
                pool.map(lambda c: c.post(url, json={"status": "shortlisted"}).status_code, clients)
            )
        assert codes == [200, 409, 409, 409]
        got = world.as_(WORKER).get(f"/api/applications/{applied['id']}").json()
        assert [h["status"] for h in got["history"]] == ["applied", "shortlisted"]
        assert len(world.as_(WORKER).get("/api/notifications").json()["items"]) == 1

    def test_two_hires_at_once_for_the_last_place_make_one(self, world: World) -> None:
        v = world.post_vacancy(vacancy_body(places=1))
        path = [{"status": "shortlisted"}, INTERVIEW, {"status": "offer"}]
        offers = [apply(world, email, v["id"])["id"] for email in (WORKER, STUDENT)]
        for app_id in offers:
            step(world, app_id, *path)
        pairs = [
            (signed_in(world.app, email), app_id)
            for email, app_id in zip((HR, HR2), offers, strict=True)
        ]
        with ThreadPoolExecutor(2) as pool:
            codes = sorted(
                pool.map(
                    lambda ca: (
                        ca[0]
                        .post(f"/api/applications/{ca[1]}/status", json={"status": "hired"})
                        .status_code
                    ),
                    pairs,
                )
            )
        assert codes == [200, 409]
        hired = world.as_(HR).get(f"/api/applications?vacancy={v['id']}&status=hired").json()
        assert hired["total"] == 1

    def test_an_interview_can_be_rescheduled(self, world: World, applied: dict[str, Any]) -> None:
        step(world, applied["id"], {"status": "shortlisted"}, INTERVIEW)
        out = step(world, applied["id"], {**INTERVIEW, "interview_at": "2099-01-14T09:00:00"})
        assert out["interview_at"] == "2099-01-14T09:00:00"
        assert [h["status"] for h in out["history"]][-2:] == ["interview", "interview"]

    def test_a_step_the_state_does_not_allow_is_409_naming_the_state(
        self, world: World, applied: dict[str, Any]
    ) -> None:
        r = move(world, HR, applied["id"], {"status": "offer"})
        assert r.status_code == 409
        err = r.json()["error"]
        assert "from applied" in err["message"] and err["details"]["current"] == "applied"
        assert "已申请" in err["message_zh"]
        step(world, applied["id"], {"status": "rejected"})
        r = move(world, HR, applied["id"], {"status": "shortlisted"})
        assert r.status_code == 409 and "final" in r.json()["error"]["message"]
        got = world.as_(WORKER).get(f"/api/applications/{applied['id']}").json()
        assert [h["status"] for h in got["history"]] == ["applied", "rejected"]

    def test_rejection_is_possible_from_every_open_state(self, world: World) -> None:
        paths: list[list[dict[str, Any]]] = [
            [],
            [{"status": "shortlisted"}],
            [{"status": "shortlisted"}, INTERVIEW],
            [{"status": "shortlisted"}, INTERVIEW, {"status": "offer"}],
        ]
        for path in paths:
            a = apply(world, WORKER, world.post_vacancy()["id"])
            step(world, a["id"], *path)
            assert step(world, a["id"], {"status": "rejected"})["status"] == "rejected"

    def test_the_applicant_withdraws(self, world: World, applied: dict[str, Any]) -> None:
        r = world.as_(WORKER).post(f"/api/applications/{applied['id']}/withdraw")
        assert r.status_code == 200 and r.json()["status"] == "withdrawn"
        r = world.as_(WORKER).post(f"/api/applications/{applied['id']}/withdraw")
        assert r.status_code == 409

    def test_once_the_places_are_filled_no_one_else_is_hired(self, world: World) -> None:
        v = world.post_vacancy(vacancy_body(places=2))
        path = [{"status": "shortlisted"}, INTERVIEW, {"status": "offer"}]
        for email in (WORKER, STUDENT):
            step(world, apply(world, email, v["id"])["id"], *path, {"status": "hired"})
        third = apply(world, STUDENT_SYLU, v["id"])
        step(world, third["id"], *path)
        r = move(world, HR, third["id"], {"status": "hired"})
        assert r.status_code == 409 and "places" in r.json()["error"]["message"]
        # nor can the vacancy shrink below the people it has hired
        r = world.as_(HR).patch(f"/api/vacancies/{v['id']}", json={"places": 1})
        assert r.status_code == 422 and r.json()["error"]["field"] == "places"


class TestApplying:
    def test_once_per_vacancy(
        self, world: World, applied: dict[str, Any], job: dict[str, Any]
    ) -> None:
        r = world.as_(WORKER).post(f"/api/vacancies/{job['id']}/applications")
        assert r.status_code == 409 and r.json()["error"]["message_zh"] == "您已申请过该岗位"
        assert world.as_(HR).get("/api/applications").json()["total"] == 1

    def test_two_applications_at_once_make_one(self, world: World, job: dict[str, Any]) -> None:
        clients = [signed_in(world.app, WORKER) for _ in range(4)]
        url = f"/api/vacancies/{job['id']}/applications"
        with ThreadPoolExecutor(len(clients)) as pool:
            codes = sorted(pool.map(lambda c: c.post(url).status_code, clients))
        assert codes == [201, 409, 409, 409]
        assert world.as_(HR).get("/api/applications").json()["total"] == 1

    def test_not_after_the_closing_date(self, world: World) -> None:
        add_vacancy(world.store, "vac-expired", DINGSHENG, closing_date=in_days(-1))
        add_vacancy(world.store, "vac-last-day", DINGSHENG, closing_date=in_days(1))
        r = world.as_(WORKER).post("/api/vacancies/vac-expired/applications")
        assert r.status_code == 404  # an expired vacancy is not public
        assert apply(world, WORKER, "vac-last-day")["status"] == "applied"
        assert world.as_(HR).get("/api/applications?vacancy=vac-expired").json()["total"] == 0

    def test_not_after_the_firm_closed_it(self, world: World, job: dict[str, Any]) -> None:
        world.as_(HR).post(f"/api/vacancies/{job['id']}/close")
        r = world.as_(WORKER).post(f"/api/vacancies/{job['id']}/applications")
        assert r.status_code == 404

    def test_only_people_apply(self, world: World, job: dict[str, Any]) -> None:
        for email in (HR_RUIFENG, TEACHER, STAFF):
            r = world.as_(email).post(f"/api/vacancies/{job['id']}/applications")
            assert r.status_code == 403, email
        assert world.anonymous.post(f"/api/vacancies/{job['id']}/applications").status_code == 401

    def test_a_placement_needs_a_school(self, world: World) -> None:
        p = world.post_vacancy(placement_body())
        r = world.as_(WORKER).post(f"/api/vacancies/{p['id']}/applications")
        assert r.status_code == 403 and "school" in r.json()["error"]["message"]


class TestPlacement:
    def test_school_approval_and_the_tripartite_agreement(self, world: World) -> None:
        p = world.post_vacancy(placement_body())
        a = apply(world, STUDENT, p["id"])
        assert a["supervision"] == {
            "school": {
                "id": TECH_COLLEGE,
                "name_zh": "沈阳市技师学院",
                "name_en": "Shenyang Technician College",
            },
            "approved": False,
            "approved_on": None,
        }
        step(world, a["id"], {"status": "shortlisted"}, INTERVIEW, {"status": "offer"})
        r = move(world, HR, a["id"], {"status": "hired", "agreement": AGREEMENT})
        assert r.status_code == 409 and "approved" in r.json()["error"]["message"]

        r = world.as_(TEACHER).post(
            f"/api/applications/{a['id']}/approval", json={"approved": True}
        )
        assert r.status_code == 200, r.text
        assert r.json()["supervision"]["approved"] is True
        assert r.json()["history"][-1]["by"] == TECH_COLLEGE

        r = move(world, HR, a["id"], {"status": "hired"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "agreement"
        out = step(world, a["id"], {"status": "hired", "agreement": AGREEMENT})
        agreement = out["agreement"]
        assert agreement["kind"] == "tripartite"
        assert agreement["parties"] == {
            "firm": DINGSHENG,
            "person": "person-zhang-min",
            "school": TECH_COLLEGE,
        }
        assert (agreement["start_date"], agreement["end_date"]) == ("2027-03-01", "2027-08-31")
        assert agreement["terms"] == AGREEMENT["terms"]
        assert agreement["school_approved_on"] == out["supervision"]["approved_on"]
        assert agreement["pay_unit"] == "stipend_month"

    def test_the_school_sees_its_students_applications_only(self, world: World) -> None:
        p = world.post_vacancy(placement_body())
        mine = apply(world, STUDENT, p["id"])
        theirs = apply(world, STUDENT_SYLU, p["id"])
        seen = world.as_(TEACHER).get("/api/applications").json()
        assert [x["id"] for x in seen["items"]] == [mine["id"]]
        assert world.as_(TEACHER).get(f"/api/applications/{theirs['id']}").status_code == 404

    def test_bad_agreements_are_refused(self, world: World) -> None:
        p = world.post_vacancy(placement_body())
        a = apply(world, STUDENT, p["id"])
        for body in (
            {"status": "hired", "agreement": {**AGREEMENT, "end_date": "2027-01-01"}},
            {"status": "hired", "agreement": {**AGREEMENT, "terms": ""}},
            {"status": "offer", "agreement": AGREEMENT},
        ):
            r = move(world, HR, a["id"], body)
            assert r.status_code == 422, body
        got = world.as_(STUDENT).get(f"/api/applications/{a['id']}").json()
        assert got["status"] == "applied" and len(got["history"]) == 1


class TestBadInput:
    def test_bad_status_changes_change_nothing(self, world: World, applied: dict[str, Any]) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"status": "hired2"}, "status"),
            ({"status": "interview", "interview_at": "2099-01-12T14:30:00"}, "interview_place"),
            ({"status": "interview", "interview_at": "next tuesday", "interview_place": "x"}, "at"),
            ({"status": "shortlisted", "interview_place": "沈阳"}, "interview"),
            ({"status": "shortlisted", "priority": 1}, "priority"),
        ]
        for body, word in cases:
            r = move(world, HR, applied["id"], body)
            assert r.status_code == 422, (body, r.text)
            assert word in r.text
        got = world.as_(WORKER).get(f"/api/applications/{applied['id']}").json()
        assert got["status"] == "applied" and len(got["history"]) == 1

    def test_bad_list_filters(self, world: World) -> None:
        for query in ("status=accepted", "limit=0", "limit=500", "kind=gig"):
            r = world.as_(HR).get(f"/api/applications?{query}")
            assert r.status_code == 422, query


class TestStrangersRefused:
    """Every endpoint that takes an id, with the one rule per case: 404 for an
    application or vacancy the caller may not read, 403 for one they may read
    but not change."""

    def test_get_application(self, world: World, applied: dict[str, Any]) -> None:
        url = f"/api/applications/{applied['id']}"
        for email in (STUDENT, HR_RUIFENG, HR_TAIHE, TEACHER, PARK_ADMIN):
            assert world.as_(email).get(url).status_code == 404, email
        assert world.anonymous.get(url).status_code == 401
        for email in (WORKER, HR, HR2, STAFF):
            assert world.as_(email).get(url).status_code == 200, email

    def test_list_applications(self, world: World, applied: dict[str, Any]) -> None:
        for email in (STUDENT, HR_RUIFENG, TEACHER_SYLU):
            assert world.as_(email).get("/api/applications").json()["total"] == 0, email
        for email in (HR_TAIHE, PARK_ADMIN):
            assert world.as_(email).get("/api/applications").status_code == 403, email
        assert world.as_(STAFF).get("/api/applications").json()["total"] == 1

    def test_change_status(self, world: World, applied: dict[str, Any]) -> None:
        url = f"/api/applications/{applied['id']}/status"
        shortlist = {"status": "shortlisted"}
        for email in (STUDENT, HR_RUIFENG, HR_TAIHE):
            assert world.as_(email).post(url, json=shortlist).status_code == 404, email
        for email in (WORKER, STAFF):  # may read it, may not move it on
            assert world.as_(email).post(url, json=shortlist).status_code == 403, email
        r = world.as_(HR).post(url, json={"status": "withdrawn"})
        assert r.status_code == 403
        got = world.as_(WORKER).get(f"/api/applications/{applied['id']}").json()
        assert got["status"] == "applied"

    def test_withdraw(self, world: World, applied: dict[str, Any]) -> None:
        url = f"/api/applications/{applied['id']}/withdraw"
        assert world.as_(STUDENT).post(url).status_code == 404
        assert world.as_(HR).post(url).status_code == 403
        assert world.as_(WORKER).get(f"/api/applications/{applied['id']}").json()["status"] == (
            "applied"
        )

    def test_approval(self, world: World) -> None:
        p = world.post_vacancy(placement_body())
        a = apply(world, STUDENT, p["id"])
        url = f"/api/applications/{a['id']}/approval"
        assert world.as_(TEACHER_SYLU).post(url, json={"approved": True}).status_code == 404
        for email in (HR, STUDENT, STAFF):
            assert world.as_(email).post(url, json={"approved": True}).status_code == 403, email
        got = world.as_(STUDENT).get(f"/api/applications/{a['id']}").json()
        assert got["supervision"]["approved"] is False

    def test_vacancy_applications(self, world: World, applied: dict[str, Any]) -> None:
        vid = applied["vacancy"]["id"]
        url = f"/api/vacancies/{vid}/applications"
        for email in (HR_RUIFENG, WORKER, TEACHER):
            assert world.as_(email).get(url).status_code == 403, email
        world.as_(HR).post(f"/api/vacancies/{vid}/close")
        assert world.as_(HR_RUIFENG).get(url).status_code == 404
        assert world.as_(HR).get(url).json()["total"] == 1

    def test_apply_to_a_vacancy_the_caller_cannot_see(self, world: World) -> None:
        add_vacancy(world.store, "vac-closed", DINGSHENG, status="closed")
        r = world.as_(WORKER).post("/api/vacancies/vac-closed/applications")
        assert r.status_code == 404
