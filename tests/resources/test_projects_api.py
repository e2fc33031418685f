"""Cooperation projects on both stores: propose with partners, each partner
signs, the project starts when all have; the lead records results; strangers
and partners are refused what is not theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.graph.store import GraphStore
from tests.courses.world import (
    CENTRE,
    CENTRE_USER,
    FIRM,
    FIRM_USER,
    LNEMVC_USER,
    OTHER_FIRM_USER,
    STUDENT,
    World,
    build,
)


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    return build(store, tmp_path)


BODY = {
    "name_zh": "铁西数控订单班共建项目",
    "name_en": "Tiexi CNC order-class programme",
    "kind": "local",
    "goals": "校企共建数控订单班，每年培养60名中级工 / Co-run a CNC order class, 60 workers a year",
    "partners": [{"kind": "Firm", "id": FIRM}, {"kind": "TrainingCentre", "id": CENTRE}],
}


class TestProjects:
    def test_propose_sign_and_record_results(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        r = school.post("/api/projects", json=BODY)
        assert r.status_code == 201, r.text
        pid = r.json()["id"]
        assert r.json()["status"] == "proposed"
        assert {(p["id"], p["role"], p["signed_on"] is None) for p in r.json()["parties"]} == {
            ("school-lnemvc", "lead", False),
            (FIRM, "partner", True),
            (CENTRE, "partner", True),
        }
        assert world.client(FIRM_USER).post(f"/api/projects/{pid}/sign").json()["status"] == (
            "proposed"
        )
        assert world.client(FIRM_USER).post(f"/api/projects/{pid}/sign").status_code == 409
        assert world.client(OTHER_FIRM_USER).post(f"/api/projects/{pid}/sign").status_code == 403
        signed = world.client(CENTRE_USER).post(f"/api/projects/{pid}/sign").json()
        assert signed["status"] == "in_progress" and signed["signed_on"] is not None
        # only the lead records results
        r = world.client(FIRM_USER).patch(f"/api/projects/{pid}", json={"results": "已开班"})
        assert r.status_code == 403
        r = school.patch(
            f"/api/projects/{pid}",
            json={"status": "completed", "results": "首期订单班58人结业，52人入职鼎盛数控"},
        )
        assert r.json()["status"] == "completed"
        assert school.patch(f"/api/projects/{pid}", json={"status": "cancelled"}).status_code == 409
        found = world.anonymous().get("/api/projects", params={"member": CENTRE}).json()
        assert [p["id"] for p in found["items"]] == [pid]

    def test_bad_partners_and_people_are_refused(self, world: World) -> None:
        school = world.client(LNEMVC_USER)
        bad = {**BODY, "partners": [{"kind": "Firm", "id": "firm-nowhere"}]}
        r = school.post("/api/projects", json=bad)
        assert r.status_code == 422 and r.json()["error"]["field"] == "partners"
        own = {**BODY, "partners": [{"kind": "School", "id": "school-lnemvc"}]}
        assert school.post("/api/projects", json=own).status_code == 422
        assert world.client(STUDENT).post("/api/projects", json=BODY).status_code == 403
        assert world.anonymous().get("/api/projects").json()["total"] == 0
