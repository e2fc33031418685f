from __future__ import annotations

from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph import generic
from backend.graph.store import GraphStore
from seed.demo import DEMO_PASSWORD, ensure_demo_accounts
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, link


def test_demo_accounts_stand_for_seeded_members_and_sign_in(store: GraphStore) -> None:
    load(store, skeleton())
    add_node(store, "School", {"id": "school-a", "name_zh": "沈阳职业技术学院"})
    add_node(store, "Firm", {"id": "firm-a", "name_zh": "沈阳示范机床", "verified": True})
    link(store, "LOCATED_IN", ("Firm", "firm-a"), ("Park", "park-tiexi"))
    add_node(store, "Vacancy", {"id": "vac-a", "title": "数控车工", "status": "open"})
    link(store, "POSTED_BY", ("Vacancy", "vac-a"), ("Firm", "firm-a"))
    add_node(
        store,
        "Person",
        {
            "id": "person-a",
            "name": "王磊",
            "role": "student",
            "recommendations_enabled": True,
            "visible_to_employers": False,
        },
    )
    link(store, "STUDIES_AT", ("Person", "person-a"), ("School", "school-a"))
    made = {m["email"]: m["for"] for m in ensure_demo_accounts(store)}
    assert made["student@alliance-demo.cn"] == "person-a"
    assert made["hr@alliance-demo.cn"] == "firm-a"
    assert made["school@alliance-demo.cn"] == "school-a"
    assert made["park@alliance-demo.cn"] == "park-tiexi"
    assert made["staff@alliance-demo.cn"] == "gov-shenyang-hrss"
    users = store.query(generic.count_nodes("User"))[0]["count"]
    ensure_demo_accounts(store)
    assert store.query(generic.count_nodes("User"))[0]["count"] == users, "idempotent"
    person = store.query(generic.get_node("Person"), {"id": "person-a"})[0]["n"]
    assert person["visible_to_employers"] is True
    with TestClient(create_app(store=store)) as c:
        me = c.post(
            "/api/auth/signin", json={"email": "hr@alliance-demo.cn", "password": DEMO_PASSWORD}
        ).json()
        assert me["role"] == "company" and me["org_verified"] is True


def test_the_demo_student_is_one_open_vacancies_want(store: GraphStore) -> None:
    """A newcomer's first page of recommendations should not be empty: of two
    students, the one whose skills open vacancies require is the demo student."""
    load(store, skeleton())
    add_node(store, "School", {"id": "school-a", "name_zh": "沈阳职业技术学院"})
    add_node(store, "Skill", {"id": "graphic_design", "zh": "平面设计"})
    add_node(store, "Skill", {"id": "cnc_lathe_operation", "zh": "数控车床操作"})
    add_node(store, "Vacancy", {"id": "vac-a", "title": "数控车工", "status": "open"})
    add_node(store, "Vacancy", {"id": "vac-b", "title": "平面设计", "status": "closed"})
    link(store, "REQUIRES", ("Vacancy", "vac-a"), ("Skill", "cnc_lathe_operation"))
    link(store, "REQUIRES", ("Vacancy", "vac-b"), ("Skill", "graphic_design"))
    for pid, skill in (("person-a", "graphic_design"), ("person-b", "cnc_lathe_operation")):
        add_node(
            store,
            "Person",
            {"id": pid, "name": "学生", "role": "student", "recommendations_enabled": True},
        )
        link(store, "STUDIES_AT", ("Person", pid), ("School", "school-a"))
        link(store, "HAS_SKILL", ("Person", pid), ("Skill", skill))
    made = {m["email"]: m["for"] for m in ensure_demo_accounts(store)}
    assert made["student@alliance-demo.cn"] == "person-b"
