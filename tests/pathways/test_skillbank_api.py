"""The skill bank wired to the graph, on both stores: a person's lifelong record
with points, the signed export, and verification that refuses a tampered copy."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.graph.store import GraphStore
from backend.pathways import cache
from backend.pathways.skillbank import TrainingRecord, sign_export
from tests.helpers import add_node, link
from tests.pathways.world import (
    ELECTRICIAN,
    FIRM_USER,
    LI,
    LI_ID,
    STAFF,
    ZHANG,
    World,
    build,
)


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    cache.invalidate()
    w = build(store, tmp_path)
    add_node(
        store,
        "Course",
        {
            "id": "course-plc-2026",
            "title_zh": "PLC编程与调试",
            "title_en": "PLC programming and commissioning",
            "hours": 32,
            "status": "closed",
        },
    )
    link(
        store,
        "ENROLLED_IN",
        ("Person", LI_ID),
        ("Course", "course-plc-2026"),
        status="completed",
        enrolled_on="2026-03-02",
        completed_on="2026-04-28",
    )
    add_node(
        store,
        "Competition",
        {
            "id": "comp-ln-2025-electrician",
            "name_zh": "2025年辽宁省职业技能大赛电工赛项",
            "name_en": "2025 Liaoning Vocational Skills Competition, electrician",
            "level": "provincial",
            "held_on": "2025-09-12",
        },
    )
    link(
        store,
        "COMPETED_IN",
        ("Person", LI_ID),
        ("Competition", "comp-ln-2025-electrician"),
        rank=2,
        award="二等奖 / Second prize",
    )
    return w


class TestRecord:
    def test_lifelong_record_with_points(self, world: World) -> None:
        r = world.client(LI).get("/api/people/me/skill-bank")
        assert r.status_code == 200, r.text
        bank = r.json()
        assert bank["name"] == "李娜"
        kinds = {(line["kind"], line["points"]) for line in bank["credits"]["lines"]}
        # 32 h course = 20; provincial second = 20; intermediate worker held = 10.
        assert kinds == {("course", 20.0), ("competition", 20.0), ("credential", 10.0)}
        assert bank["credits"]["points"] == 50 and bank["credits"]["credits"] == 5
        assert bank["credentials"][0]["occupation"] == ELECTRICIAN
        assert bank["scheme_interpretation"]["zh"] and bank["scheme_interpretation"]["en"]

    @pytest.mark.parametrize("email", [STAFF, FIRM_USER])
    def test_only_a_persons_own(self, world: World, email: str) -> None:
        assert world.client(email).get("/api/people/me/skill-bank").status_code == 403
        assert world.client(email).get("/api/people/me/skill-bank/export").status_code == 403

    def test_signed_in_only(self, world: World) -> None:
        assert TestClient(world.app).get("/api/people/me/skill-bank/export").status_code == 401


class TestExportAndVerify:
    def export(self, world: World) -> dict[str, Any]:
        r = world.client(ZHANG).get("/api/people/me/skill-bank/export")
        assert r.status_code == 200
        assert "attachment" in r.headers["content-disposition"]
        body: dict[str, Any] = r.json()
        return body

    def test_round_trip_without_signing_in(self, world: World) -> None:
        export = self.export(world)
        r = TestClient(world.app).post("/api/skill-bank/verify", json=export)
        assert r.status_code == 200, r.text
        assert r.json()["payload"]["record"]["person_id"] == "person-zhang-wei"

    @pytest.mark.parametrize(
        "path",
        [("credits", "points"), ("issued_on",), ("record", "person_id")],
    )
    def test_tampered_export_is_refused(self, world: World, path: tuple[str, ...]) -> None:
        export = copy.deepcopy(self.export(world))
        node = export["payload"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = 999 if path[-1] == "points" else "2099-01-01"
        r = TestClient(world.app).post("/api/skill-bank/verify", json=export)
        assert r.status_code == 422
        assert r.json()["error"]["field"] == "signature"

    def test_signed_with_another_key_is_refused(self, world: World) -> None:
        forged = sign_export(
            TrainingRecord(person_id="person-zhang-wei"),
            "not-the-platform-key",
            issued_on=date(2026, 11, 22),
        )
        r = TestClient(world.app).post("/api/skill-bank/verify", json=forged)
        assert r.status_code == 422 and r.json()["error"]["field"] == "signature"

    @pytest.mark.parametrize(
        ("body", "field"),
        [(b"{not json", "body"), (b'{"payload": {}}', "export"), (b"[]", "export")],
    )
    def test_malformed(self, world: World, body: bytes, field: str) -> None:
        r = TestClient(world.app).post(
            "/api/skill-bank/verify", content=body, headers={"content-type": "application/json"}
        )
        assert r.status_code == 422 and r.json()["error"]["field"] == field
