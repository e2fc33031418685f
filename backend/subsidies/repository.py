"""All Cypher about subsidy policies.

A policy is "in force" on a day when it is published (``status`` unset counts as
published: the seed's policies predate the flag), has started, and has not
ended. Policies are public, so reads need no caller; writes are staff-only,
checked by the service.
"""

from __future__ import annotations

from typing import Any, LiteralString

from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

_IN_FORCE: LiteralString = """
    coalesce(p.status, 'published') = 'published'
    AND coalesce(p.valid_from, $today) <= $today
    AND coalesce(p.valid_until, $today) >= $today
"""

_POLICY_COLUMNS: LiteralString = (
    """
    RETURN p, i.id AS issuer_id, i.name_zh AS issuer_zh, i.name_en AS issuer_en,
           CASE WHEN """
    + _IN_FORCE
    + """ THEN true ELSE false END AS in_force
"""
)

GET_POLICY = cypher(
    """
    MATCH (p:SubsidyPolicy {id: $id})
    OPTIONAL MATCH (i:GovernmentBody)-[:ISSUED_POLICY]->(p)
    """
    + _POLICY_COLUMNS
)

# status: '' every policy, 'published' or 'withdrawn'; in_force: '' either,
# 'true' / 'false'. The course filter asks for policies subsidising one course.
_POLICY_FILTER: LiteralString = (
    """
    MATCH (p:SubsidyPolicy)
    OPTIONAL MATCH (i:GovernmentBody)-[:ISSUED_POLICY]->(p)
    WITH p, i
    WHERE ($status = '' OR coalesce(p.status, 'published') = $status)
      AND ($region = '' OR p.region = $region)
      AND ($kind = '' OR p.kind = $kind)
      AND ($q = '' OR toLower(coalesce(p.name_zh, '') + ' ' + coalesce(p.name_en, '') + ' '
                              + coalesce(p.conditions, '')) CONTAINS $q)
      AND ($course = '' OR EXISTS { MATCH (p)-[:SUBSIDISES]->(:Course {id: $course}) })
      AND ($in_force = '' OR (CASE WHEN """
    + _IN_FORCE
    + """ THEN 'true' ELSE 'false' END) = $in_force)
"""
)

LIST_POLICIES = cypher(
    _POLICY_FILTER + _POLICY_COLUMNS + " ORDER BY p.valid_from DESC, p.id SKIP $skip LIMIT $limit"
)
COUNT_POLICIES = cypher(_POLICY_FILTER + " RETURN count(p) AS total")

COURSES_OF_POLICY = cypher(
    """
    MATCH (p:SubsidyPolicy {id: $id})-[:SUBSIDISES]->(c:Course)
    RETURN c.id AS id, c.title_zh AS title_zh, c.title_en AS title_en, c.status AS status
    ORDER BY id
    """
)
# How many people are enrolled now in the courses a policy subsidises (a count:
# who they are is not public).
PEOPLE_OF_POLICY = cypher(
    """
    MATCH (p:SubsidyPolicy {id: $id})-[:SUBSIDISES]->(c:Course)<-[e:ENROLLED_IN]-(x:Person)
    WHERE e.status = 'enrolled'
    RETURN count(DISTINCT x) AS n
    """
)

POLICIES_FOR_COURSES = cypher(
    """
    MATCH (p:SubsidyPolicy)-[:SUBSIDISES]->(c:Course)
    WHERE c.id IN $ids AND """
    + _IN_FORCE
    + """
    RETURN c.id AS course_id, p.id AS id, p.name_zh AS name_zh, p.name_en AS name_en,
           p.kind AS kind, p.amount AS amount, p.valid_until AS valid_until
    ORDER BY course_id, id
    """
)

# The policies in force that subsidise a course the person is enrolled in now.
POLICIES_FOR_PERSON = cypher(
    """
    MATCH (x:Person {id: $person})-[e:ENROLLED_IN]->(c:Course)<-[:SUBSIDISES]-(p:SubsidyPolicy)
    WHERE e.status = 'enrolled' AND """
    + _IN_FORCE
    + """
    OPTIONAL MATCH (i:GovernmentBody)-[:ISSUED_POLICY]->(p)
    RETURN p, i.id AS issuer_id, i.name_zh AS issuer_zh, i.name_en AS issuer_en,
           c.id AS course_id, c.title_zh AS course_title_zh, c.title_en AS course_title_en
    ORDER BY p.id, course_id
    """
)

CLEAR_COURSES = cypher(
    "MATCH (p:SubsidyPolicy {id: $id})-[r:SUBSIDISES]->(:Course) DELETE r RETURN count(*) AS n"
)
ADD_COURSES = cypher(
    """
    UNWIND $ids AS cid
    MATCH (p:SubsidyPolicy {id: $id})
    MATCH (c:Course {id: cid})
    CREATE (p)-[:SUBSIDISES]->(c)
    RETURN count(*) AS n
    """
)
WITHDRAW = cypher(
    """
    MATCH (p:SubsidyPolicy {id: $id})
    WHERE coalesce(p.status, 'published') = 'published'
    SET p.status = 'withdrawn'
    RETURN p.id AS id
    """
)


class SubsidyRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def policy(self, policy_id: str, today: str) -> dict[str, Any] | None:
        rows = self.store.query(GET_POLICY, {"id": policy_id, "today": today})
        return rows[0] if rows else None

    def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        params = {**filters, "skip": skip, "limit": limit}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_POLICIES, params)
            total = tx.run(COUNT_POLICIES, params)[0]["total"]
            return rows, int(total)

        return self.store.read(work)

    def reach(self, policy_id: str) -> tuple[list[dict[str, Any]], int]:
        """The courses a policy subsidises and how many people are enrolled in them now."""

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            courses = tx.run(COURSES_OF_POLICY, {"id": policy_id})
            people = tx.run(PEOPLE_OF_POLICY, {"id": policy_id})
            return courses, int(people[0]["n"]) if people else 0

        return self.store.read(work)

    def for_courses(self, course_ids: list[str], today: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {cid: [] for cid in course_ids}
        if not course_ids:
            return out
        for r in self.store.query(POLICIES_FOR_COURSES, {"ids": course_ids, "today": today}):
            out.setdefault(r.pop("course_id"), []).append(r)
        return out

    def for_person(self, person_id: str, today: str) -> list[dict[str, Any]]:
        return self.store.query(POLICIES_FOR_PERSON, {"person": person_id, "today": today})

    def existing(self, label: str, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        return {r["id"] for r in self.store.query(generic.existing_ids(label), {"ids": ids})}

    # ------------------------------------------------------------ writes (inside a transaction)
    @staticmethod
    def node(tx: Tx, policy_id: str) -> dict[str, Any]:
        """The policy as this transaction sees it (to check an edit before it commits)."""
        node: dict[str, Any] = tx.run(generic.get_node("SubsidyPolicy"), {"id": policy_id})[0]["n"]
        return node

    @staticmethod
    def create(tx: Tx, row: dict[str, Any]) -> None:
        label = "SubsidyPolicy"
        tx.run(generic.create_node(label), generic.coerce_props(label, row, full=True))

    @staticmethod
    def update(tx: Tx, policy_id: str, fields: dict[str, Any]) -> None:
        props = generic.coerce_props("SubsidyPolicy", fields, full=False)
        tx.run(generic.update_node("SubsidyPolicy", props), {"id": policy_id, **props})

    @staticmethod
    def issued_by(tx: Tx, issuer_id: str, policy_id: str) -> None:
        tx.run(
            generic.link("ISSUED_POLICY", "GovernmentBody", "SubsidyPolicy"),
            {"src": issuer_id, "dst": policy_id},
        )

    @staticmethod
    def set_courses(tx: Tx, policy_id: str, course_ids: list[str]) -> None:
        tx.run(CLEAR_COURSES, {"id": policy_id})
        if course_ids:
            tx.run(ADD_COURSES, {"id": policy_id, "ids": course_ids})

    @staticmethod
    def withdraw(tx: Tx, policy_id: str) -> bool:
        return bool(tx.run(WITHDRAW, {"id": policy_id}))
