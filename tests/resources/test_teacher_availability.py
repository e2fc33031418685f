"""A teacher's weekly availability through the API, on both stores: structured
slots are validated (422 naming the problem, nothing written), shown back in week
order, and a booking of the teacher's time outside them is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.graph.store import GraphStore, cypher
from tests.courses.world import FIRM_USER, LNEMVC_USER, World, build
from tests.resources.world import at, day

TEACHERS = cypher("MATCH (t:Teacher) RETURN count(t) AS n")
BOOKINGS = cypher("MATCH (b:Booking) RETURN count(b) AS n")


def teacher_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "李振华",
        "title": "高级技师",
        "expertise": [{"skill_id": "cnc_lathe_operation", "level": 5}],
        "availability": [
            {"weekday": 4, "start": "14:00", "end": "17:30"},
            {"weekday": 2, "start": "08:30", "end": "11:30"},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    return build(store, tmp_path)


def ahead_on(weekday: int) -> int:
    """Days from today to the next ``weekday`` (1 = Monday) at least two days ahead."""
    return next(n for n in range(2, 10) if day(n).isoweekday() == weekday)


class TestWeeklySlots:
    def test_slots_come_back_in_week_order(self, world: World) -> None:
        r = world.client(LNEMVC_USER).post("/api/teachers", json=teacher_body())
        assert r.status_code == 201, r.text
        got = world.anonymous().get(f"/api/teachers/{r.json()['id']}").json()
        assert got["availability"] == [
            {"weekday": 2, "start": "08:30", "end": "11:30"},
            {"weekday": 4, "start": "14:00", "end": "17:30"},
        ]
        assert got["availability_note"] is None
        # the owner replaces them; an empty list clears them
        r = world.client(LNEMVC_USER).patch(
            f"/api/teachers/{got['id']}",
            json={"availability": [{"weekday": 6, "start": "09:00", "end": "12:00"}]},
        )
        assert r.json()["availability"] == [{"weekday": 6, "start": "09:00", "end": "12:00"}]
        r = world.client(LNEMVC_USER).patch(f"/api/teachers/{got['id']}", json={"availability": []})
        assert r.json()["availability"] == []

    @pytest.mark.parametrize(
        ("slot", "words"),
        [
            ({"weekday": 8, "start": "09:00", "end": "12:00"}, "less than or equal to 7"),
            ({"weekday": 1, "start": "9am", "end": "12:00"}, "09:00"),
            ({"weekday": 1, "start": "12:00", "end": "09:00"}, "end must be after the start"),
            ({"weekday": 2, "start": "10:00", "end": "12:00"}, "overlap"),
            ("Tuesday afternoons", "valid dictionary"),
        ],
    )
    def test_bad_slots_are_422_with_the_reason_and_write_nothing(
        self, world: World, store: GraphStore, slot: Any, words: str
    ) -> None:
        body = teacher_body()
        body["availability"] = [*body["availability"], slot]
        r = world.client(LNEMVC_USER).post("/api/teachers", json=body)
        assert r.status_code == 422, r.text
        err = r.json()["error"]
        assert err["field"].startswith("availability"), err
        assert words in err["message"], err
        assert store.query(TEACHERS)[0]["n"] == 2  # the world's two, no more


class TestBookingInsideTheHours:
    def test_outside_is_refused_inside_is_taken(self, world: World, store: GraphStore) -> None:
        tid = world.client(LNEMVC_USER).post("/api/teachers", json=teacher_body()).json()["id"]
        firm = world.client(FIRM_USER)
        tuesday = ahead_on(2)

        def ask(ahead: int, start: str, end: str) -> Any:
            return firm.post(
                "/api/bookings",
                json={
                    "kind": "teacher",
                    "resource_id": tid,
                    "start": at(ahead, start).isoformat(),
                    "end": at(ahead, end).isoformat(),
                },
            )

        for ahead, start, end in (
            (tuesday, "11:00", "12:00"),  # runs past 11:30
            (tuesday, "08:00", "09:00"),  # starts before 08:30
            (ahead_on(3), "09:00", "10:00"),  # a Wednesday: no slot at all
        ):
            r = ask(ahead, start, end)
            assert r.status_code == 422, r.text
            err = r.json()["error"]
            assert err["field"] == "start"
            assert (
                "outside this teacher's weekly hours (Tue 08:30-11:30; Thu 14:00-17:30)"
                in (err["message"])
            )
        assert store.query(BOOKINGS)[0]["n"] == 0
        r = ask(tuesday, "08:30", "11:30")
        assert r.status_code == 201, r.text

    def test_a_teacher_without_slots_takes_the_default_day(self, world: World) -> None:
        body = teacher_body(availability=[])
        tid = world.client(LNEMVC_USER).post("/api/teachers", json=body).json()["id"]
        firm = world.client(FIRM_USER)
        late = {
            "kind": "teacher",
            "resource_id": tid,
            "start": at(3, "20:00").isoformat(),
            "end": at(3, "22:00").isoformat(),
        }
        r = firm.post("/api/bookings", json=late)
        assert r.status_code == 422 and "no weekly hours" in r.json()["error"]["message"]
        ok = {**late, "start": at(3, "18:00").isoformat(), "end": at(3, "20:00").isoformat()}
        assert firm.post("/api/bookings", json=ok).status_code == 201

    def test_approval_checks_the_hours_as_they_are_then(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        tid = school.post("/api/teachers", json=teacher_body()).json()["id"]
        tuesday = ahead_on(2)
        r = world.client(FIRM_USER).post(
            "/api/bookings",
            json={
                "kind": "teacher",
                "resource_id": tid,
                "start": at(tuesday, "09:00").isoformat(),
                "end": at(tuesday, "10:00").isoformat(),
            },
        )
        assert r.status_code == 201, r.text
        bid = r.json()["id"]
        # the school moves the teacher's Tuesday mornings away before deciding
        r = school.patch(
            f"/api/teachers/{tid}",
            json={"availability": [{"weekday": 4, "start": "14:00", "end": "17:30"}]},
        )
        assert r.status_code == 200, r.text
        r = school.post(f"/api/bookings/{bid}/approve")
        assert r.status_code == 409, r.text
        assert "no longer hold this booking" in r.json()["error"]["message"]
        assert school.get(f"/api/bookings/{bid}").json()["status"] == "requested"
        # hours back: the same booking is approved
        school.patch(f"/api/teachers/{tid}", json={"availability": teacher_body()["availability"]})
        r = school.post(f"/api/bookings/{bid}/approve")
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "approved"
