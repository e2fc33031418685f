"""The ledger on both stores: an approved booking and a shared-course enrolment
appear for the two members involved and for staff, nobody else; utilisation is
seat-hours over what the facility offers; CSV opens in Excel."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from backend.courses.access import today
from backend.graph.store import GraphStore, cypher
from tests.courses.world import (
    CENTRE,
    CENTRE_USER,
    FIRM,
    FIRM_USER,
    LNEMVC,
    LNEMVC_USER,
    OTHER_FIRM_USER,
    STAFF,
    STUDENT,
    STUDENT_ID,
    SYLU,
    World,
    build,
)
from tests.helpers import add_node, link
from tests.resources.world import at


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    w = build(store, tmp_path)
    centre = w.client(CENTRE_USER)
    facility = centre.post(
        "/api/facilities",
        json={
            "name_zh": "铁西区职业技能实训中心工业机器人实训室",
            "name_en": "Tiexi industrial robot lab",
            "kind": "lab",
            "capacity": 20,
            "equipment": ["六轴工业机器人", "示教器"],
            "open_hours": "08:00-18:00",
        },
    ).json()["id"]
    booking = (
        w.client(FIRM_USER)
        .post(
            "/api/bookings",
            json={
                "kind": "facility",
                "resource_id": facility,
                "start": at(2, "09:00").isoformat(),
                "end": at(2, "13:00").isoformat(),
                "seats": 15,
            },
        )
        .json()["id"]
    )
    assert centre.post(f"/api/bookings/{booking}/approve").status_code == 200
    # an LNEMVC student on SYLU's shared course
    add_node(
        store,
        "Course",
        {
            "id": "course-sylu-plc",
            "title_zh": "PLC编程（中级）",
            "hours": 40,
            "shared": True,
            "status": "open",
        },
    )
    link(store, "OFFERED_BY", ("Course", "course-sylu-plc"), ("School", SYLU))
    link(
        store,
        "ENROLLED_IN",
        ("Person", STUDENT_ID),
        ("Course", "course-sylu-plc"),
        status="enrolled",
        enrolled_on=today(),
    )
    return w


class TestLedger:
    def test_each_member_sees_what_it_gave_or_received(self, world: World) -> None:
        staff = world.client(STAFF).get("/api/ledger").json()
        assert sorted(e["kind"] for e in staff["items"]) == ["course", "facility"]
        booking = next(e for e in staff["items"] if e["kind"] == "facility")
        assert (booking["provider"]["id"], booking["receiver"]["id"]) == (CENTRE, FIRM)
        assert (booking["seats"], booking["hours"]) == (15, 4.0)
        course = next(e for e in staff["items"] if e["kind"] == "course")
        assert (course["provider"]["id"], course["receiver"]["id"]) == (SYLU, LNEMVC)
        assert [e["kind"] for e in world.client(FIRM_USER).get("/api/ledger").json()["items"]] == [
            "facility"
        ]
        assert [
            e["kind"] for e in world.client(LNEMVC_USER).get("/api/ledger").json()["items"]
        ] == ["course"]
        assert world.client(OTHER_FIRM_USER).get("/api/ledger").json()["total"] == 0
        assert world.client(STUDENT).get("/api/ledger").status_code == 403
        r = world.client(STAFF).get("/api/ledger", params={"kind": "course"})
        assert r.json()["total"] == 1

    def test_utilisation(self, world: World) -> None:
        u = world.client(CENTRE_USER).get("/api/ledger/utilisation").json()
        [lab] = u["resources"]
        days = (date.fromisoformat(u["until"]) - date.fromisoformat(u["since"])).days + 1
        # 15 seats x 4 hours over 20 places x 10 open hours a day x the window's days
        assert lab["seat_hours"] == 60.0
        assert lab["available_seat_hours"] == 20 * 10 * days
        assert lab["utilisation"] == round(60 / (200 * days), 4)
        members = {m["member"]["id"]: m for m in u["members"]}
        assert members[CENTRE]["given"] == 1 and members[FIRM]["received"] == 1

    def test_csv(self, world: World) -> None:
        r = world.client(STAFF).get("/api/ledger/export.csv")
        assert r.headers["content-type"].startswith("text/csv")
        assert r.content.startswith("\ufeff".encode())
        lines = r.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("on,kind,resource_id")
        assert len(lines) == 3 and any("铁西区职业技能实训中心" in line for line in lines)
        r = world.client(CENTRE_USER).get("/api/ledger/export.csv", params={"table": "resources"})
        assert r.content.decode("utf-8-sig").splitlines()[1].startswith("facility-")

    def test_csv_has_english_names_beside_chinese(self, world: World, store: GraphStore) -> None:
        def table(name: str) -> list[dict[str, str]]:
            r = world.client(STAFF).get("/api/ledger/export.csv", params={"table": name})
            return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))

        english = {
            r["id"]: r["en"]
            for r in store.query(
                cypher("MATCH (o) WHERE o.name_en IS NOT NULL RETURN o.id AS id, o.name_en AS en")
            )
        }
        entries = table("entries")
        assert entries and all(
            e["provider_en"] == english.get(e["provider_id"], "") for e in entries
        )
        assert any(e["receiver_en"] and e["receiver_en"] != e["receiver_zh"] for e in entries)
        resources = table("resources")
        lab = next(r for r in resources if r["name_zh"] == "铁西区职业技能实训中心工业机器人实训室")
        assert lab["name_en"] == "Tiexi industrial robot lab"
        assert lab["owner_en"] and lab["owner_en"] == english[lab["owner_id"]]
        members = table("members")
        assert members and all(m["member_en"] == english.get(m["member_id"], "") for m in members)
        assert any(m["member_en"] for m in members)
