"""The organiser of a competition finds the people to name in its results: staff
anyone, by part of a name or an id; a firm only its own people; nobody else at all.
Both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.competitions.service import CompetitionService
from backend.errors import Forbidden, InvalidInput
from backend.graph.store import GraphStore
from tests.courses.world import (
    FIRM,
    FIRM_USER,
    GOV,
    OTHER_FIRM,
    OTHER_FIRM_USER,
    OTHER_STUDENT_ID,
    STAFF,
    STUDENT_ID,
    WORKER,
    WORKER_ID,
    World,
    build,
)
from tests.helpers import link
from tests.resources.world import org
from tests.web.conftest import soup


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    w = build(store, tmp_path)
    link(store, "WORKS_AT", ("Person", WORKER_ID), ("Firm", FIRM), from_date="2023-03-01")
    return w


def contest(world: World, user: str, level: str) -> str:
    r = world.client(user).post(
        "/api/competitions",
        json={
            "name_zh": "鼎盛数控岗位练兵技能比武（数控车工）",
            "name_en": "Dingsheng CNC on-the-job contest: CNC lathe",
            "level": level,
            "held_on": "2026-09-20",
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def hits(world: World, email: str, cid: str, who: str) -> list[str]:
    page = soup(world.client(email).get(f"/resources/competitions/{cid}?who={who}").text)
    return [str(tr["data-hit"]) for tr in page.select("tr[data-hit]")]


class TestFindPeople:
    def test_staff_find_anyone_by_name_or_id(self, world: World) -> None:
        cid = contest(world, STAFF, "city")
        assert hits(world, STAFF, cid, "王") == [STUDENT_ID]
        assert hits(world, STAFF, cid, OTHER_STUDENT_ID) == [OTHER_STUDENT_ID]
        assert hits(world, STAFF, cid, "诸葛") == []
        page = soup(world.client(STAFF).get(f"/resources/competitions/{cid}?who=王").text)
        row = page.select_one(f'tr[data-hit="{STUDENT_ID}"]')
        assert row is not None and "辽宁装备制造" in row.get_text()  # the school is named
        assert row.select_one(f'button[data-add-result="{STUDENT_ID}"]') is not None

    def test_a_firm_finds_only_its_own_people(self, world: World) -> None:
        cid = contest(world, FIRM_USER, "enterprise")
        assert hits(world, FIRM_USER, cid, "张") == [WORKER_ID]
        assert hits(world, FIRM_USER, cid, "王") == []  # a student elsewhere
        # not the organiser: no finder at all
        assert hits(world, OTHER_FIRM_USER, cid, "张") == []
        assert hits(world, WORKER, cid, "张") == []

    def test_refusals(self, world: World, store: GraphStore) -> None:
        cid = contest(world, STAFF, "city")
        service = CompetitionService(store)
        with pytest.raises(Forbidden):
            service.find_people(org("Firm", OTHER_FIRM), cid, "王")
        with pytest.raises(Forbidden):
            service.find_people(None, cid, "王")
        with pytest.raises(InvalidInput):
            service.find_people(org("GovernmentBody", GOV), cid, "   ")
        r = world.client(STAFF).get(f"/resources/competitions/{cid}?who={'x' * 41}")
        page = soup(r.text)
        assert page.select_one('[data-error-for="who"]') is not None
