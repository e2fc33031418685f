"""Competition results, published by staff or by a firm for its own contest,
become credentials on the person's record with their level, award, pathways
honour and skill-bank points. Both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.competitions.honours import award_for_rank, honour
from backend.competitions.service import CompetitionService
from backend.graph.store import GraphStore, cypher
from tests.courses.world import (
    FIRM,
    FIRM_USER,
    LNEMVC_USER,
    OTHER_FIRM_USER,
    STAFF,
    STUDENT,
    STUDENT_ID,
    WORKER,
    WORKER_ID,
    World,
    build,
)
from tests.helpers import add_node

WELDER = "6-18-02-04"
CREDENTIALS = cypher(
    """
    MATCH (p:Person {id: $id})-[:HOLDS]->(k:Credential)-[:RESULT_OF]->(c:Competition)
    MATCH (k)-[:ISSUED_BY]->(o)
    OPTIONAL MATCH (k)-[:IN_OCCUPATION]->(occ:Occupation)
    RETURN k.kind AS kind, k.level AS level, k.award AS award, k.rank AS rank,
           k.honor AS honor, k.points AS points, k.obtained AS obtained, o.id AS issuer,
           occ.id AS occupation
    """
)


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    w = build(store, tmp_path)
    add_node(store, "Occupation", {"id": WELDER, "name_zh": "焊工", "name_en": "Welder"})
    return w


def national(world: World, held_on: str = "2026-07-18") -> str:
    r = world.client(STAFF).post(
        "/api/competitions",
        json={
            "name_zh": "全国行业职业技能竞赛焊工赛项（辽宁选拔赛）",
            "name_en": "National Industry Skills Competition: Welding (Liaoning selection)",
            "level": "national",
            "held_on": held_on,
            "occupation_id": WELDER,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


class TestAwardsAndHonours:
    def test_mapping(self) -> None:
        assert [award_for_rank("national", r) for r in (1, 2, 4, 7, 16)] == [
            "first",
            "second",
            "third",
            "excellence",
            "participant",
        ]
        assert [award_for_rank("worldskills", r) for r in (1, 3, 4)] == [
            "gold",
            "bronze",
            "excellence",
        ]
        assert honour("worldskills", "silver") == "worldskills_medal"
        assert honour("national", "third") == "national_skills_competition_winner"
        assert honour("national", "excellence") is None
        assert honour("provincial", "first") is None


class TestPublishResults:
    def test_results_become_credentials_and_honours(self, world: World, store: GraphStore) -> None:
        cid = national(world)
        r = world.client(STAFF).post(
            f"/api/competitions/{cid}/results",
            json={
                "results": [
                    {"person_id": STUDENT_ID, "rank": 1},
                    {"person_id": WORKER_ID, "rank": 9},
                ]
            },
        )
        assert r.status_code == 201, r.text
        items = {i["person_id"]: i for i in r.json()["items"]}
        assert items[STUDENT_ID]["award"] == "first" and items[STUDENT_ID]["award_zh"] == "一等奖"
        assert items[STUDENT_ID]["honor"] == "national_skills_competition_winner"
        assert items[WORKER_ID]["award"] == "excellence" and items[WORKER_ID]["honor"] is None
        creds = store.query(CREDENTIALS, {"id": STUDENT_ID})
        assert creds == [
            {
                "kind": "award",
                "level": "national",
                "award": "first",
                "rank": 1,
                "honor": "national_skills_competition_winner",
                "points": 40.0,  # skillbank.yaml: national first prize
                "obtained": "2026-07-18",
                "issuer": "gov-shenyang-hrss",
                "occupation": WELDER,
            }
        ]
        service = CompetitionService(store)
        assert service.honours_of(STUDENT_ID) == ["national_skills_competition_winner"]
        assert service.honours_of(WORKER_ID) == []
        mine = world.client(STUDENT).get("/api/competitions/results/mine").json()
        assert [(i["competition_id"], i["rank"]) for i in mine["items"]] == [(cid, 1)]
        assert world.anonymous().get(f"/api/competitions/{cid}").json()["results"] == 2

    def test_publishing_twice_future_and_unknown_people_are_refused(
        self, world: World, store: GraphStore
    ) -> None:
        staff = world.client(STAFF)
        cid = national(world)
        one = {"results": [{"person_id": STUDENT_ID, "rank": 2}]}
        assert staff.post(f"/api/competitions/{cid}/results", json=one).status_code == 201
        r = staff.post(f"/api/competitions/{cid}/results", json=one)
        assert r.status_code == 409 and STUDENT_ID in r.json()["error"]["message"]
        r = staff.post(
            f"/api/competitions/{cid}/results",
            json={
                "results": [
                    {"person_id": WORKER_ID, "rank": 3},
                    {"person_id": "person-nobody", "rank": 4},
                ]
            },
        )
        assert r.status_code == 422 and "person-nobody" in r.json()["error"]["message"]
        r = staff.post(
            f"/api/competitions/{cid}/results",
            json={"results": [{"person_id": WORKER_ID, "rank": 1, "award": "gold"}]},
        )
        assert r.status_code == 422 and r.json()["error"]["field"] == "award"
        assert len(store.query(CREDENTIALS, {"id": WORKER_ID})) == 0  # nothing half-written
        later = national(world, held_on="2099-05-01")
        r = staff.post(f"/api/competitions/{later}/results", json=one)
        assert r.status_code == 409


class TestWhoMayPublish:
    def test_a_firm_runs_its_own_enterprise_contest(self, world: World) -> None:
        firm = world.client(FIRM_USER)
        body = {
            "name_zh": "鼎盛数控岗位练兵技能比武（数控车工）",
            "name_en": "Dingsheng CNC on-the-job contest: CNC lathe",
            "level": "enterprise",
            "held_on": "2026-09-20",
        }
        r = firm.post("/api/competitions", json=body)
        assert r.status_code == 201 and r.json()["organiser"]["id"] == FIRM
        cid = r.json()["id"]
        assert firm.post("/api/competitions", json={**body, "level": "city"}).status_code == 403
        assert world.client(LNEMVC_USER).post("/api/competitions", json=body).status_code == 403
        assert world.client(WORKER).post("/api/competitions", json=body).status_code == 403
        res = {"results": [{"person_id": WORKER_ID, "rank": 1}]}
        # another firm may neither publish nor read this contest's results
        other = world.client(OTHER_FIRM_USER)
        assert other.post(f"/api/competitions/{cid}/results", json=res).status_code == 403
        assert other.get(f"/api/competitions/{cid}/results").status_code == 403
        r = firm.post(f"/api/competitions/{cid}/results", json=res)
        assert r.status_code == 201
        assert r.json()["items"][0]["honor"] is None and r.json()["items"][0]["points"] is None
        assert world.client(STAFF).get(f"/api/competitions/{cid}/results").json()["total"] == 1
        assert world.client(STUDENT).get("/api/competitions/results/mine").json()["total"] == 0
