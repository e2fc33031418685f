"""Facilities, teachers and bookings through the API, on both stores: members
publish, find and book; owners approve or decline; both sides see the state;
strangers are refused; bad input is named and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore, cypher
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
)
from tests.resources.world import at

BOOKINGS = cypher("MATCH (b:Booking) RETURN count(b) AS n")


def facility_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name_zh": "辽宁装备制造职业技术学院焊接实训基地",
        "name_en": "LNEMVC welding training base",
        "kind": "workshop",
        "capacity": 24,
        "equipment": ["氩弧焊机", "二氧化碳气体保护焊机", "焊接烟尘净化器"],
        "address": "沈阳市铁西区",
        "open_hours": "08:00-18:00",
    }
    body.update(overrides)
    return body


def booking_body(resource_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "facility",
        "resource_id": resource_id,
        "start": at(3, "09:00").isoformat(),
        "end": at(3, "12:00").isoformat(),
        "seats": 16,
        "purpose": "焊工中级工考前实操 / welding practice before the intermediate assessment",
    }
    body.update(overrides)
    return body


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    return build(store, tmp_path)


@pytest.fixture
def facility(world: World) -> str:
    r = world.client(LNEMVC_USER).post("/api/facilities", json=facility_body())
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


class TestFacilities:
    def test_a_school_shares_a_facility_that_anyone_can_find(
        self, world: World, facility: str
    ) -> None:
        anon = world.anonymous()
        got = anon.get(f"/api/facilities/{facility}").json()
        assert got["owner"]["id"] == LNEMVC
        assert got["park"]["id"] == "park-tiexi"  # the owner's park
        assert got["status"] == "published"
        by_equipment = anon.get("/api/facilities", params={"equipment": "氩弧焊机"}).json()
        assert [f["id"] for f in by_equipment["items"]] == [facility]
        assert anon.get("/api/facilities", params={"park": "park-hunnan"}).json()["total"] == 0
        assert anon.get("/api/facilities", params={"q": "welding"}).json()["total"] == 1
        assert anon.get("/api/facilities", params={"min_capacity": 25}).json()["total"] == 0

    def test_only_the_owner_edits_and_withdraws(self, world: World, facility: str) -> None:
        r = world.client(SYLU_USER).patch(f"/api/facilities/{facility}", json={"capacity": 40})
        assert r.status_code == 403
        owner = world.client(LNEMVC_USER)
        r = owner.patch(f"/api/facilities/{facility}", json={"status": "withdrawn"})
        assert r.status_code == 200 and r.json()["status"] == "withdrawn"
        assert world.anonymous().get("/api/facilities").json()["total"] == 0

    def test_people_and_unverified_firms_cannot_share(self, world: World) -> None:
        assert (
            world.client(STUDENT).post("/api/facilities", json=facility_body()).status_code == 403
        )
        r = world.client(UNVERIFIED_FIRM_USER).post("/api/facilities", json=facility_body())
        assert r.status_code == 403
        assert world.anonymous().post("/api/facilities", json=facility_body()).status_code == 401

    @pytest.mark.parametrize(
        ("field", "value"),
        [("open_hours", "18:00-08:00"), ("capacity", 0), ("kind", "garage"), ("owner", FIRM)],
    )
    def test_bad_input_is_named(self, world: World, field: str, value: Any) -> None:
        r = world.client(LNEMVC_USER).post("/api/facilities", json=facility_body(**{field: value}))
        assert r.status_code == 422
        assert r.json()["error"]["field"] == field
        assert world.anonymous().get("/api/facilities").json()["total"] == 0


class TestTeachers:
    def test_a_firm_shares_a_teacher_found_by_skill(self, world: World) -> None:
        r = world.client(FIRM_USER).post(
            "/api/teachers",
            json={
                "name": "王建军",
                "title": "高级技师",
                "bio": "数控车工，全国技术能手，带徒二十余人。",
                "availability": [{"weekday": 3, "start": "14:00", "end": "17:30"}],
                "expertise": [
                    {"skill_id": "cnc_lathe_operation", "level": 5},
                    {"skill_id": "cnc_programming", "level": 4},
                ],
            },
        )
        assert r.status_code == 201, r.text
        tid = r.json()["id"]
        found = world.anonymous().get("/api/teachers", params={"skill": "cnc_programming"}).json()
        assert [t["id"] for t in found["items"]] == [tid]
        assert found["items"][0]["home"]["id"] == FIRM
        assert {s["id"] for s in found["items"][0]["expertise"]} == {
            "cnc_lathe_operation",
            "cnc_programming",
        }
        r = world.client(OTHER_FIRM_USER).patch(f"/api/teachers/{tid}", json={"available": False})
        assert r.status_code == 403

    def test_unknown_skill_and_parks_are_refused(self, world: World) -> None:
        body = {"name": "赵敏", "expertise": [{"skill_id": "no_such_skill", "level": 3}]}
        r = world.client(FIRM_USER).post("/api/teachers", json=body)
        assert r.status_code == 422 and r.json()["error"]["field"] == "expertise"
        body["expertise"] = [{"skill_id": "plc_programming", "level": 3}]
        assert world.client(PARK_USER).post("/api/teachers", json=body).status_code == 403


class TestBookingFlow:
    def test_request_approve_and_both_sides_see_it(self, world: World, facility: str) -> None:
        firm, owner = world.client(FIRM_USER), world.client(LNEMVC_USER)
        r = firm.post("/api/bookings", json=booking_body(facility))
        assert r.status_code == 201, r.text
        booking = r.json()
        assert booking["status"] == "requested" and booking["mine"] == "requester"
        assert booking["next_steps"] == ["cancel"]
        received = owner.get("/api/bookings", params={"side": "received"}).json()
        assert [b["id"] for b in received["items"]] == [booking["id"]]
        assert received["items"][0]["next_steps"] == ["approve", "decline"]
        assert owner.get("/api/bookings", params={"side": "requested"}).json()["total"] == 0
        # the requester cannot approve its own request
        assert firm.post(f"/api/bookings/{booking['id']}/approve").status_code == 403
        r = owner.post(f"/api/bookings/{booking['id']}/approve", json={"note": "请提前十分钟到"})
        assert r.status_code == 200 and r.json()["status"] == "approved"
        seen = firm.get(f"/api/bookings/{booking['id']}").json()
        assert seen["status"] == "approved" and seen["note"] == "请提前十分钟到"
        schedule = (
            world.anonymous()
            .get(
                f"/api/facilities/{facility}/schedule",
                params={"since": at(3, "00:00").date().isoformat()},
            )
            .json()
        )
        assert [(s["start"], s["seats"]) for s in schedule["taken"]] == [
            (at(3, "09:00").isoformat(), 16)
        ]
        # a second request that would overflow the slot is refused at approval
        other = world.client(OTHER_FIRM_USER).post(
            "/api/bookings", json=booking_body(facility, seats=10)
        )
        r = owner.post(f"/api/bookings/{other.json()['id']}/approve")
        assert r.status_code == 409 and r.json()["error"]["field"] == "seats"
        r = owner.post(f"/api/bookings/{other.json()['id']}/decline")
        assert r.json()["status"] == "declined"
        # capacity cannot drop under what is approved
        r = owner.patch(f"/api/facilities/{facility}", json={"capacity": 10})
        assert r.status_code == 409
        # only the requester cancels
        assert owner.post(f"/api/bookings/{booking['id']}/cancel").status_code == 403
        r = firm.post(f"/api/bookings/{booking['id']}/cancel")
        assert r.json()["status"] == "cancelled"
        assert firm.post(f"/api/bookings/{booking['id']}/cancel").status_code == 409

    def test_strangers_do_not_see_a_booking(self, world: World, facility: str) -> None:
        bid = (
            world.client(FIRM_USER).post("/api/bookings", json=booking_body(facility)).json()["id"]
        )
        for email in (SYLU_USER, CENTRE_USER, PARK_USER):
            c = world.client(email)
            assert c.get(f"/api/bookings/{bid}").status_code == 404
            assert c.post(f"/api/bookings/{bid}/approve").status_code == 404
            assert c.post(f"/api/bookings/{bid}/cancel").status_code == 404
            assert c.get("/api/bookings").json()["total"] == 0
        assert world.client(STUDENT).get(f"/api/bookings/{bid}").status_code == 404
        assert world.client(STUDENT).get("/api/bookings").status_code == 403
        staff = world.client(STAFF).get(f"/api/bookings/{bid}")
        assert staff.status_code == 200 and staff.json()["mine"] == "staff"

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"start": at(3, "07:00").isoformat()}, "start"),  # before opening
            ({"end": at(3, "19:00").isoformat()}, "start"),  # after closing
            ({"start": at(-2, "09:00").isoformat(), "end": at(-2, "10:00").isoformat()}, "start"),
            ({"end": at(4, "10:00").isoformat()}, "end"),  # two days
            ({"seats": 30}, "seats"),  # over capacity
            ({"end": at(3, "08:00").isoformat()}, "end"),  # ends before it starts
        ],
    )
    def test_bad_slots_are_named_and_change_nothing(
        self, world: World, store: GraphStore, facility: str, overrides: dict[str, Any], field: str
    ) -> None:
        r = world.client(FIRM_USER).post("/api/bookings", json=booking_body(facility, **overrides))
        assert r.status_code == 422, r.text
        err = r.json()["error"]
        assert err.get("field") == field or field in err["message"]
        assert store.query(BOOKINGS) == [{"n": 0}]

    def test_times_with_an_offset_are_read_as_shenyang_time(
        self, world: World, facility: str
    ) -> None:
        # start with +08:00, end without: both Shenyang wall-clock time, not a 500
        body = booking_body(facility, start=at(3, "09:00").isoformat() + "+08:00")
        r = world.client(FIRM_USER).post("/api/bookings", json=body)
        assert r.status_code == 201, r.text
        assert (r.json()["start"], r.json()["end"]) == (
            at(3, "09:00").isoformat(),
            at(3, "12:00").isoformat(),
        )
        # 02:00 UTC is 10:00 in Shenyang: after a naive 09:30 start, so it is in order
        body = booking_body(
            facility,
            start=at(3, "09:30").isoformat(),
            end=at(3, "02:00").isoformat() + "Z",
            seats=1,
        )
        r = world.client(OTHER_FIRM_USER).post("/api/bookings", json=body)
        assert r.status_code == 201, r.text
        assert r.json()["end"] == at(3, "10:00").isoformat()

    def test_mixed_times_out_of_order_are_named(
        self, world: World, store: GraphStore, facility: str
    ) -> None:
        # 09:00+08:00 is 09:00 in Shenyang; a naive 08:30 end comes before it
        body = booking_body(
            facility,
            start=at(3, "09:00").isoformat() + "+08:00",
            end=at(3, "08:30").isoformat(),
        )
        r = world.client(FIRM_USER).post("/api/bookings", json=body)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert (error["field"], error["message"]) == ("end", "The end must be after the start.")
        assert error["message_zh"] == "结束时间须晚于开始时间。"
        assert store.query(BOOKINGS) == [{"n": 0}]

    def test_booking_your_own_facility_is_refused(self, world: World, facility: str) -> None:
        r = world.client(LNEMVC_USER).post("/api/bookings", json=booking_body(facility))
        assert r.status_code == 422 and r.json()["error"]["field"] == "resource_id"

    def test_an_unavailable_teacher_cannot_be_booked(self, world: World) -> None:
        r = world.client(FIRM_USER).post(
            "/api/bookings",
            json=booking_body("teacher-lnemvc-zhao", kind="teacher"),
        )
        assert r.status_code == 409
