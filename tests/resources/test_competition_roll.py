"""A competition's public honour roll through the API, on both stores: anyone
reads rank, award and a shortened name, never an id; the full list stays with
the organiser and staff."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from backend.courses.access import today
from backend.graph.store import GraphStore
from tests.courses.world import FIRM_USER, OTHER_STUDENT_ID, STAFF, STUDENT_ID, World, build


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    return build(store, tmp_path)


def test_anyone_reads_the_roll_with_shortened_names(world: World) -> None:
    staff = world.client(STAFF)
    held = (date.fromisoformat(today()) - timedelta(days=2)).isoformat()
    cid = staff.post(
        "/api/competitions",
        json={"name_zh": "沈阳市数控车工技能大赛", "level": "national", "held_on": held},
    ).json()["id"]
    r = staff.post(
        f"/api/competitions/{cid}/results",
        json={
            "results": [
                {"person_id": OTHER_STUDENT_ID, "rank": 2},
                {"person_id": STUDENT_ID, "rank": 1},
            ]
        },
    )
    assert r.status_code == 201, r.text
    roll = world.anonymous().get(f"/api/competitions/{cid}/roll").json()
    assert roll["competition"]["id"] == cid
    assert [(e["rank"], e["name"], e["award"]) for e in roll["items"]] == [
        (1, "王*", "first"),
        (2, "刘*", "second"),
    ]
    assert roll["items"][0]["honor"] == "national_skills_competition_winner"
    assert STUDENT_ID not in str(roll)
    assert world.client(FIRM_USER).get(f"/api/competitions/{cid}/results").status_code == 403
    assert world.anonymous().get("/api/competitions/comp-nope/roll").status_code == 404
