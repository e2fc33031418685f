"""Assessment seats never over capacity, whatever arrives at once, on both stores."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from backend.graph.store import GraphStore, cypher
from backend.pathways import cache
from backend.pathways.api_schemas import AssessmentCreate
from backend.pathways.evaluations import EvaluationService
from tests.helpers import fire
from tests.pathways.world import (
    ELECTRICIAN,
    STAFF,
    World,
    add_engineer,
    build,
    day,
    person_principal,
    staff_principal,
)

COUNTS = cypher(
    """
    MATCH (a:Assessment {id: $id})
    OPTIONAL MATCH (p:Person)-[t:TOOK]->(a)
    RETURN a.seats_taken AS taken, count(t) AS took
    """
)
NAMES = ("王强", "刘芳", "赵磊", "孙丽", "周杰", "吴敏", "郑涛", "冯雪", "陈晨", "杨帆")


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    cache.invalidate()
    w = build(store, tmp_path)
    for i, name in enumerate(NAMES):
        add_engineer(store, f"person-eng-{i:02d}", name, since=f"{2010 + i % 5}-09-01")
    return w


class TestSeats:
    def test_ten_engineers_three_seats(self, world: World) -> None:
        staff = world.client(STAFF)
        r = staff.post(
            "/api/assessments",
            json={
                "occupation": ELECTRICIAN,
                "level": "technician",
                "methods": ["skill_operation", "performance_review"],
                "held_on": day(14),
                "capacity": 3,
            },
        )
        aid = r.json()["id"]
        service = EvaluationService(world.store)
        outcomes = fire(
            len(NAMES), lambda i: service.sign_up(person_principal(f"person-eng-{i:02d}"), aid)
        )
        assert outcomes == Counter({"ok": 3, "conflict": len(NAMES) - 3})
        assert world.store.query(COUNTS, {"id": aid}) == [{"taken": 3, "took": 3}]

    def test_one_person_twice_at_once_takes_one_seat(self, world: World) -> None:
        service = EvaluationService(world.store)
        a = service.schedule(
            staff_principal(),
            AssessmentCreate.model_validate(
                {
                    "occupation": ELECTRICIAN,
                    "level": "technician",
                    "methods": ["skill_operation"],
                    "held_on": day(14),
                    "capacity": 10,
                }
            ),
        )
        me = person_principal("person-eng-00")
        outcomes = fire(4, lambda _: service.sign_up(me, a.id))
        assert outcomes == Counter({"ok": 1, "conflict": 3})
        assert world.store.query(COUNTS, {"id": a.id}) == [{"taken": 1, "took": 1}]
