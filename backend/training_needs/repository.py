"""All Cypher about training needs.

Every read goes through ``readable_needs(principal)``: a firm's account reads its
own firm's needs; an approved school or centre reads the open ones (and any it
has answered, so its answer does not vanish when the firm closes the need);
staff read all; anyone else reads none. Reading one need by id is the same
query with ``$id`` set, so the rule is written once.
"""

from __future__ import annotations

from typing import Any, LiteralString

from backend.accounts.schemas import Principal
from backend.courses.access import PROVIDER_KINDS
from backend.courses.repository import Readable
from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

_EFFECTIVE: LiteralString = (
    "CASE WHEN n.status = 'open' AND n.deadline < $today THEN 'expired' ELSE n.status END"
)

_OF_FIRM: LiteralString = """
    MATCH (n:TrainingNeed)-[:RAISED_BY]->(f:Firm)
    WHERE f.id = $org
    WITH n, f
"""
_FOR_PROVIDER: LiteralString = """
    MATCH (n:TrainingNeed)-[:RAISED_BY]->(f:Firm)
    WHERE (n.status = 'open' AND n.deadline >= $today)
       OR EXISTS { MATCH (n)<-[:ANSWERS]-(:Course)-[:OFFERED_BY]->(o) WHERE o.id = $org }
    WITH n, f
"""
_ALL: LiteralString = """
    MATCH (n:TrainingNeed)-[:RAISED_BY]->(f:Firm)
    WITH n, f
"""
_FILTER: LiteralString = (
    """
    WHERE ($id = '' OR n.id = $id)
      AND ($status = '' OR """
    + _EFFECTIVE
    + """ = $status)
      AND ($firm = '' OR f.id = $firm)
      AND ($skill = '' OR EXISTS { MATCH (n)-[:NEEDS]->(:Skill {id: $skill}) })
"""
)
_COLUMNS: LiteralString = (
    """
    RETURN n, f.id AS firm_id, f.name_zh AS firm_zh, f.name_en AS firm_en, """
    + _EFFECTIVE
    + """ AS effective
    ORDER BY n.created_at DESC, n.id
    SKIP $skip LIMIT $limit
"""
)
_COUNT: LiteralString = " RETURN count(n) AS total"

NEEDS_OF_FIRM = cypher(_OF_FIRM + _FILTER + _COLUMNS)
COUNT_NEEDS_OF_FIRM = cypher(_OF_FIRM + _FILTER + _COUNT)
NEEDS_FOR_PROVIDER = cypher(_FOR_PROVIDER + _FILTER + _COLUMNS)
COUNT_NEEDS_FOR_PROVIDER = cypher(_FOR_PROVIDER + _FILTER + _COUNT)
ALL_NEEDS = cypher(_ALL + _FILTER + _COLUMNS)
COUNT_ALL_NEEDS = cypher(_ALL + _FILTER + _COUNT)

SKILLS_OF_NEEDS = cypher(
    """
    MATCH (n:TrainingNeed)-[r:NEEDS]->(s:Skill)
    WHERE n.id IN $ids
    RETURN n.id AS need_id, s.id AS id, s.zh AS zh, s.en AS en, r.level AS level
    ORDER BY need_id, level DESC, id
    """
)
ANSWERS_OF_NEEDS = cypher(
    """
    MATCH (c:Course)-[:ANSWERS]->(n:TrainingNeed)
    WHERE n.id IN $ids
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    RETURN n.id AS need_id, c.id AS course_id, c.title_zh AS title_zh, c.title_en AS title_en,
           c.start_date AS start_date, c.seats AS seats, o.id AS provider_id,
           label(o) AS provider_kind, o.name_zh AS provider_zh, o.name_en AS provider_en
    ORDER BY need_id, start_date, course_id
    """
)
COURSE_PROVIDER = cypher(
    """
    MATCH (c:Course {id: $id})
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    RETURN o.id AS provider_id
    """
)

CLEAR_SKILLS = cypher(
    "MATCH (n:TrainingNeed {id: $id})-[r:NEEDS]->(:Skill) DELETE r RETURN count(*) AS n"
)
ADD_SKILLS = cypher(
    """
    UNWIND $rows AS r
    MATCH (n:TrainingNeed {id: $id})
    MATCH (s:Skill {id: r.skill_id})
    CREATE (n)-[:NEEDS {level: r.level}]->(s)
    RETURN count(*) AS n
    """
)
# Edits and answers apply only while the need is open and before its deadline;
# the condition is in the statement, so a close that commits first wins.
STILL_OPEN = cypher(
    """
    MATCH (n:TrainingNeed {id: $id})
    WHERE n.status = 'open' AND n.deadline >= $today
    RETURN n.id AS id
    """
)
CLOSE_NEED = cypher(
    """
    MATCH (n:TrainingNeed {id: $id})
    WHERE n.status = 'open'
    SET n.status = 'closed'
    RETURN n.id AS id
    """
)
# MERGE: answering twice with the same course leaves one link, and a retried
# transaction does not add a second.
ANSWER = cypher(
    """
    MATCH (c:Course {id: $course})
    MATCH (n:TrainingNeed {id: $id})
    MERGE (c)-[:ANSWERS]->(n)
    RETURN c.id AS course_id
    """
)
HAS_ANSWER = cypher(
    """
    MATCH (c:Course {id: $course})-[:ANSWERS]->(n:TrainingNeed {id: $id})
    RETURN count(*) AS n
    """
)
UNANSWER = cypher(
    """
    MATCH (c:Course {id: $course})-[r:ANSWERS]->(n:TrainingNeed {id: $id})
    DELETE r
    RETURN count(*) AS n
    """
)


def readable_needs(principal: Principal) -> Readable | None:
    if principal.is_staff:
        return Readable(ALL_NEEDS, COUNT_ALL_NEEDS, {})
    if (
        principal.role == "company"
        and principal.active
        and principal.org_verified
        and principal.org_kind == "Firm"
        and principal.org_id
    ):
        return Readable(NEEDS_OF_FIRM, COUNT_NEEDS_OF_FIRM, {"org": principal.org_id})
    if (
        principal.role == "school"
        and principal.active
        and principal.org_verified
        and principal.org_kind in PROVIDER_KINDS
        and principal.org_id
    ):
        return Readable(NEEDS_FOR_PROVIDER, COUNT_NEEDS_FOR_PROVIDER, {"org": principal.org_id})
    return None


class NeedRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def page(
        self, readable: Readable, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        params = {**readable.params, **filters}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(readable.rows, {**params, "skip": skip, "limit": limit})
            total = tx.run(readable.count, params)[0]["total"]
            return rows, int(total)

        return self.store.read(work)

    def one(self, readable: Readable, need_id: str, today: str) -> dict[str, Any] | None:
        params = {
            **readable.params,
            "id": need_id,
            "status": "",
            "firm": "",
            "skill": "",
            "today": today,
            "skip": 0,
            "limit": 1,
        }
        rows = self.store.query(readable.rows, params)
        return rows[0] if rows else None

    def skills_of(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for r in self.store.query(SKILLS_OF_NEEDS, {"ids": ids}):
                out.setdefault(r.pop("need_id"), []).append(r)
        return out

    def answers_of(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for r in self.store.query(ANSWERS_OF_NEEDS, {"ids": ids}):
                out.setdefault(r.pop("need_id"), []).append(r)
        return out

    def course_provider(self, course_id: str) -> tuple[bool, str | None]:
        """(the course exists, its provider's id)."""
        rows = self.store.query(COURSE_PROVIDER, {"id": course_id})
        return (True, rows[0]["provider_id"]) if rows else (False, None)

    def existing_skills(self, ids: list[str]) -> set[str]:
        return {r["id"] for r in self.store.query(generic.existing_ids("Skill"), {"ids": ids})}

    # ------------------------------------------------------------ writes (inside a transaction)
    @staticmethod
    def create(tx: Tx, row: dict[str, Any], firm_id: str, skills: list[dict[str, Any]]) -> None:
        label = "TrainingNeed"
        tx.run(generic.create_node(label), generic.coerce_props(label, row, full=True))
        tx.run(generic.link("RAISED_BY", label, "Firm"), {"src": row["id"], "dst": firm_id})
        tx.run(ADD_SKILLS, {"id": row["id"], "rows": skills})

    @staticmethod
    def update(tx: Tx, need_id: str, fields: dict[str, Any]) -> None:
        props = generic.coerce_props("TrainingNeed", fields, full=False)
        tx.run(generic.update_node("TrainingNeed", props), {"id": need_id, **props})

    @staticmethod
    def set_skills(tx: Tx, need_id: str, skills: list[dict[str, Any]]) -> None:
        tx.run(CLEAR_SKILLS, {"id": need_id})
        tx.run(ADD_SKILLS, {"id": need_id, "rows": skills})
