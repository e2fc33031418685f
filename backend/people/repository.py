"""All Cypher about people: their record, who may read it, and its erasure.

Who may read a person is decided here and nowhere else (``viewer_kind``): the
person themself; staff; a verified firm if the person consented to be visible
to employers or applied to one of that firm's vacancies; a school for its own
students. Every read of someone else's profile goes through it.
"""

from __future__ import annotations

from typing import Any

from backend.accounts.schemas import Principal
from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

PERSON = cypher(
    "MATCH (p:Person {id: $id}) OPTIONAL MATCH (p)-[:STUDIES_AT]->(s:School) "
    "RETURN p, s.id AS school_id"
)
SKILLS = cypher(
    "MATCH (p:Person {id: $id})-[h:HAS_SKILL]->(k:Skill) RETURN k.id AS id, k.zh AS zh, "
    "k.en AS en, h.level AS level, h.source AS source, h.since AS since ORDER BY id"
)
EMPLOYMENT = cypher(
    "MATCH (p:Person {id: $id})-[w:WORKS_AT]->(f:Firm) RETURN f.id AS firm_id, "
    "f.name_zh AS firm_zh, f.name_en AS firm_en, w.from_date AS from_date, w.to_date AS to_date, "
    "w.post AS post, w.occupation AS occupation ORDER BY from_date DESC"
)
CREDENTIALS = cypher(
    "MATCH (p:Person {id: $id})-[:HOLDS]->(c:Credential) "
    "OPTIONAL MATCH (c)-[:IN_OCCUPATION]->(o:Occupation) "
    "RETURN c.id AS id, c.kind AS kind, c.name AS name, c.level AS level, c.series AS series, "
    "c.specialty AS specialty, c.obtained AS obtained, o.id AS occupation ORDER BY obtained"
)

FIRM_MAY_READ = cypher(
    """
    MATCH (p:Person {id: $id})
    OPTIONAL MATCH (p)<-[:APPLIED_BY]-(a:Application)-[:APPLIED_TO]->(:Vacancy)
                   -[:POSTED_BY]->(:Firm {id: $org})
    WITH p, count(a) AS applied
    WHERE p.visible_to_employers = true OR applied > 0
    RETURN p.id AS id
    """
)
SCHOOL_MAY_READ = cypher(
    "MATCH (p:Person {id: $id})-[:STUDIES_AT]->(:School {id: $org}) RETURN p.id AS id"
)
EXISTS = cypher("MATCH (p:Person {id: $id}) RETURN p.id AS id")

SCHOOL_STUDENTS = cypher(
    "MATCH (p:Person)-[:STUDIES_AT]->(:School {id: $org}) RETURN p.id AS id, p.name AS name, "
    "p.role AS role, p.district AS district ORDER BY id SKIP $skip LIMIT $limit"
)
SCHOOL_STUDENTS_COUNT = cypher(
    "MATCH (p:Person)-[:STUDIES_AT]->(:School {id: $org}) RETURN count(p) AS total"
)
ALL_PEOPLE = cypher(
    "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.role AS role, "
    "p.district AS district ORDER BY id SKIP $skip LIMIT $limit"
)
ALL_PEOPLE_COUNT = cypher("MATCH (p:Person) RETURN count(p) AS total")

SKILL_LEVEL = cypher(
    "MATCH (p:Person {id: $pid})-[h:HAS_SKILL]->(k:Skill {id: $sid}) RETURN h.level AS level"
)
RAISE_SKILL = cypher(
    "MATCH (p:Person {id: $pid})-[h:HAS_SKILL]->(k:Skill {id: $sid}) "
    "SET h.level = $level, h.source = $source, h.since = $since RETURN k.id AS id"
)
REMOVE_SKILL = cypher(
    "MATCH (p:Person {id: $pid})-[h:HAS_SKILL]->(k:Skill {id: $sid}) DELETE h RETURN k.id AS id"
)
SKILL = cypher("MATCH (k:Skill {id: $id}) RETURN k.id AS id, k.zh AS zh, k.en AS en")
FIRM_EXISTS = cypher("MATCH (f:Firm {id: $id}) RETURN f.id AS id")

ACCESS_LOG = cypher(
    "MATCH (l:AccessLog)-[:VIEWED]->(p:Person {id: $id}) RETURN l.at AS at, "
    "l.actor_role AS actor_role, l.actor_org AS actor_org, l.purpose AS purpose "
    "ORDER BY at DESC SKIP 0 LIMIT 500"
)
MY_APPLICATIONS = cypher(
    "MATCH (a:Application)-[:APPLIED_BY]->(p:Person {id: $id}) "
    "OPTIONAL MATCH (a)-[:APPLIED_TO]->(v:Vacancy) "
    "RETURN a.id AS id, a.status AS status, a.created_at AS created_at, a.history AS history, "
    "v.id AS vacancy_id, v.title AS vacancy_title ORDER BY created_at"
)
MY_ENROLMENTS = cypher(
    "MATCH (p:Person {id: $id})-[e:ENROLLED_IN]->(c:Course) RETURN c.id AS course_id, "
    "c.title_zh AS title_zh, c.title_en AS title_en, e.status AS status, "
    "e.enrolled_on AS enrolled_on, e.completed_on AS completed_on ORDER BY enrolled_on"
)
MY_COMPETITIONS = cypher(
    "MATCH (p:Person {id: $id})-[r:COMPETED_IN]->(c:Competition) RETURN c.id AS id, "
    "c.name_zh AS name_zh, c.name_en AS name_en, c.level AS level, c.held_on AS held_on, "
    "r.rank AS rank, r.award AS award ORDER BY held_on"
)
MY_USER = cypher("MATCH (u:User)-[:IS_PERSON]->(p:Person {id: $id}) RETURN u.id AS id")

# Erasure, in order. Applications stay, without their applicant, because a firm
# must keep its hiring records; everything that identifies the person goes.
ERASE: tuple[Any, ...] = (
    cypher("MATCH (s:Session {user_id: $uid}) DELETE s"),
    cypher("MATCH (t:ResetToken {user_id: $uid}) DELETE t"),
    cypher("MATCH (n:Notification)-[:NOTIFIES]->(u:User {id: $uid}) DETACH DELETE n"),
    cypher("MATCH (l:AccessLog)-[:VIEWED]->(p:Person {id: $id}) DETACH DELETE l"),
    cypher("MATCH (p:Person {id: $id})-[:HOLDS]->(c:Credential) DETACH DELETE c"),
    cypher("MATCH (a:Application)-[r:APPLIED_BY]->(p:Person {id: $id}) DELETE r"),
    cypher("MATCH (p:Person {id: $id}) DETACH DELETE p"),
    cypher("MATCH (u:User {id: $uid}) DETACH DELETE u"),
)


class PersonRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def viewer_kind(self, principal: Principal, person_id: str) -> str | None:
        """How ``principal`` may see ``person_id`` (self, staff, firm, school), or None."""
        if principal.person_id == person_id:
            return "self"
        if not principal.active:
            return None
        if principal.is_staff:
            return "staff" if self.store.query(EXISTS, {"id": person_id}) else None
        params = {"id": person_id, "org": principal.org_id}
        if principal.role == "company" and principal.org_verified:
            return "firm" if self.store.query(FIRM_MAY_READ, params) else None
        if principal.role == "school" and principal.org_kind == "School":
            return "school" if self.store.query(SCHOOL_MAY_READ, params) else None
        return None

    def record(self, person_id: str) -> dict[str, Any] | None:
        def work(tx: Tx) -> dict[str, Any] | None:
            rows = tx.run(PERSON, {"id": person_id})
            if not rows:
                return None
            return {
                **rows[0]["p"],
                "school_id": rows[0]["school_id"],
                "skills": tx.run(SKILLS, {"id": person_id}),
                "employment": tx.run(EMPLOYMENT, {"id": person_id}),
                "credentials": tx.run(CREDENTIALS, {"id": person_id}),
            }

        return self.store.read(work)

    def page(self, principal: Principal, skip: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        if principal.is_staff:
            q, count, params = ALL_PEOPLE, ALL_PEOPLE_COUNT, {}
        else:
            q, count = SCHOOL_STUDENTS, SCHOOL_STUDENTS_COUNT
            params = {"org": principal.org_id}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(q, {**params, "skip": skip, "limit": limit})
            return rows, int(tx.run(count, params)[0]["total"])

        return self.store.read(work)

    def log_access(self, tx: Tx, log_id: str, person_id: str, row: dict[str, Any]) -> None:
        tx.run(
            generic.create_node("AccessLog"),
            generic.coerce_props("AccessLog", {"id": log_id, **row}, full=True),
        )
        tx.run(generic.link("VIEWED", "AccessLog", "Person"), {"src": log_id, "dst": person_id})

    def export(self, person_id: str) -> dict[str, Any]:
        def work(tx: Tx) -> dict[str, Any]:
            params = {"id": person_id}
            return {
                "applications": tx.run(MY_APPLICATIONS, params),
                "enrolments": tx.run(MY_ENROLMENTS, params),
                "competitions": tx.run(MY_COMPETITIONS, params),
                "access_log": tx.run(ACCESS_LOG, params),
            }

        return self.store.read(work)
