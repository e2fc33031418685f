"""Seats never over-book, whatever arrives at once, on both stores."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from backend.accounts.schemas import Principal, Role
from backend.courses.schemas import CourseCreate, SkillLevel
from backend.courses.service import CourseService
from backend.graph.store import GraphStore, cypher
from tests.courses.world import LNEMVC, build
from tests.helpers import add_node, fire

ENROLLED = cypher(
    """
    MATCH (p:Person)-[e:ENROLLED_IN]->(c:Course {id: $id})
    WHERE e.status = 'enrolled'
    RETURN count(e) AS n
    """
)
TAKEN = cypher("MATCH (c:Course {id: $id}) RETURN c.seats_taken AS taken")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "霞")


def principal(role: Role, *, person_id: str | None = None, org: str | None = None) -> Principal:
    return Principal(
        user_id=f"user-{person_id or org}",
        email=f"{person_id or org}@alliance-demo.cn",
        role=role,
        display_name=person_id or org or "",
        status="active",
        lang="zh",
        session_id="",
        csrf="",
        person_id=person_id,
        org_id=org,
        org_kind="School" if org else None,
        org_verified=bool(org),
    )


@pytest.fixture
def course(store: GraphStore, tmp_path: Path) -> str:
    build(store, tmp_path)
    created = CourseService(store).create(
        principal("school", org=LNEMVC),
        CourseCreate(
            title_zh="工业机器人操作（入门）",
            title_en="Industrial robot operation (foundation)",
            hours=32,
            seats=5,
            start_date=date(2030, 3, 2),
            end_date=date(2030, 3, 31),
            skills=[SkillLevel(skill_id="robot_welding", level=1)],
        ),
    )
    return created.id


class TestConcurrentEnrolment:
    def test_twenty_people_race_for_five_seats(self, store: GraphStore, course: str) -> None:
        people = [f"person-race-{i:02d}" for i in range(20)]
        for i, pid in enumerate(people):
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
            add_node(store, "Person", {"id": pid, "name": name, "role": "worker"})
        service = CourseService(store)
        outcomes = fire(
            len(people),
            lambda i: service.enrol(principal("person", person_id=people[i]), course),
        )
        assert outcomes == Counter({"ok": 5, "conflict": 15})
        assert store.query(TAKEN, {"id": course}) == [{"taken": 5}]
        assert store.query(ENROLLED, {"id": course}) == [{"n": 5}]

    def test_one_person_clicking_many_times_takes_one_seat(
        self, store: GraphStore, course: str
    ) -> None:
        add_node(store, "Person", {"id": "person-race-solo", "name": "周晓", "role": "student"})
        service = CourseService(store)
        who = principal("person", person_id="person-race-solo")
        outcomes = fire(8, lambda i: service.enrol(who, course))
        assert outcomes == Counter({"ok": 1, "conflict": 7})
        assert store.query(TAKEN, {"id": course}) == [{"taken": 1}]
        assert store.query(ENROLLED, {"id": course}) == [{"n": 1}]

    def test_withdrawals_racing_enrolments_keep_the_count_true(
        self, store: GraphStore, course: str
    ) -> None:
        service = CourseService(store)
        people = [f"person-swap-{i:02d}" for i in range(10)]
        for i, pid in enumerate(people):
            add_node(store, "Person", {"id": pid, "name": SURNAMES[i] + "晨", "role": "worker"})
        for pid in people[:5]:
            service.enrol(principal("person", person_id=pid), course)

        # The first five withdraw (twice each, at once) while the other five enrol.
        def work(i: int) -> None:
            pid = people[i % 10]
            who = principal("person", person_id=pid)
            if i % 10 < 5:
                service.withdraw(who, course)
            else:
                service.enrol(who, course)

        outcomes = fire(15, work)
        # Each of the five withdrew once; their second click found nothing to withdraw.
        assert outcomes["not_found"] == 5
        enrolled = store.query(ENROLLED, {"id": course})[0]["n"]
        assert enrolled == outcomes["ok"] - 5  # every other success is an enrolment
        assert store.query(TAKEN, {"id": course}) == [{"taken": enrolled}]
