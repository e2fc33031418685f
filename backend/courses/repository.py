"""All Cypher about courses and enrolments.

Reads of enrolments are built from the caller (``readable_enrolments``): a person
gets a query bound to their own person id, a school or centre one bound to its
own courses, staff the whole table. No other query in the app returns
enrolments, so no route can reach someone else's.

Optional filters travel as ``''`` (no filter) rather than ``null``: the embedded
engine cannot type a null parameter in ``$p = '' OR ...``, and a string is
typed the same way on both engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from backend.accounts.schemas import Principal
from backend.courses.access import PROVIDER_KINDS
from backend.graph import generic
from backend.graph.store import Cypher, GraphStore, Tx, cypher

# ---------------------------------------------------------------- course reads

_COURSE_COLUMNS: LiteralString = """
    RETURN c, o.id AS provider_id, label(o) AS provider_kind, o.name_zh AS provider_zh,
           o.name_en AS provider_en, pk.id AS park_id, pk.name_zh AS park_zh,
           pk.name_en AS park_en
"""

GET_COURSE = cypher(
    """
    MATCH (c:Course {id: $id})
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
    """
    + _COURSE_COLUMNS
)

_COURSE_FILTER: LiteralString = """
    MATCH (c:Course)-[:OFFERED_BY]->(o)
    OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
    WITH c, o, pk
    WHERE ($provider = '' OR o.id = $provider)
      AND ($park = '' OR pk.id = $park)
      AND ($status = '' OR c.status = $status)
      AND coalesce(c.shared, false) = coalesce($shared, coalesce(c.shared, false))
      AND ($q = '' OR toLower(coalesce(c.title_zh, '') + ' ' + coalesce(c.title_en, '') + ' '
                              + coalesce(c.description, '')) CONTAINS $q)
      AND ($skill = '' OR EXISTS { MATCH (c)-[:TEACHES]->(:Skill {id: $skill}) })
"""

LIST_COURSES = cypher(
    _COURSE_FILTER + _COURSE_COLUMNS + " ORDER BY c.start_date DESC, c.id SKIP $skip LIMIT $limit"
)
COUNT_COURSES = cypher(_COURSE_FILTER + " RETURN count(c) AS total")

SKILLS_OF_COURSES = cypher(
    """
    MATCH (c:Course)-[t:TEACHES]->(s:Skill)
    WHERE c.id IN $ids
    RETURN c.id AS course_id, s.id AS id, s.zh AS zh, s.en AS en, t.level AS level
    ORDER BY course_id, level DESC, id
    """
)

PREREQUISITES = cypher(
    """
    MATCH (pre:Course)-[:PREREQUISITE_OF]->(c:Course {id: $id})
    RETURN pre.id AS id, pre.title_zh AS title_zh, pre.title_en AS title_en
    ORDER BY id
    """
)

TEACHER = cypher(
    """
    MATCH (c:Course {id: $id})-[:TAUGHT_BY]->(t:Teacher)
    RETURN t.id AS id, t.name AS name, t.title AS title
    ORDER BY id LIMIT 1
    """
)

# ---------------------------------------------------------------- course writes

CLEAR_SKILLS = cypher(
    "MATCH (c:Course {id: $id})-[t:TEACHES]->(:Skill) DELETE t RETURN count(*) AS n"
)
ADD_SKILLS = cypher(
    """
    UNWIND $rows AS r
    MATCH (c:Course {id: $id})
    MATCH (s:Skill {id: r.skill_id})
    CREATE (c)-[:TEACHES {level: r.level}]->(s)
    RETURN count(*) AS n
    """
)
CLEAR_PREREQUISITES = cypher(
    "MATCH (:Course)-[r:PREREQUISITE_OF]->(c:Course {id: $id}) DELETE r RETURN count(*) AS n"
)
ADD_PREREQUISITES = cypher(
    """
    UNWIND $ids AS pid
    MATCH (pre:Course {id: pid})
    MATCH (c:Course {id: $id})
    CREATE (pre)-[:PREREQUISITE_OF]->(c)
    RETURN count(*) AS n
    """
)
# Would ``$ids`` as prerequisites of ``$id`` close a loop? Only if ``$id`` is
# already (transitively) a prerequisite of one of them.
PREREQUISITE_LOOP = cypher(
    """
    MATCH (c:Course {id: $id})-[:PREREQUISITE_OF*1..30]->(x:Course)
    WHERE x.id IN $ids
    RETURN DISTINCT x.id AS id
    """
)
CLEAR_TEACHER = cypher(
    "MATCH (c:Course {id: $id})-[r:TAUGHT_BY]->(:Teacher) DELETE r RETURN count(*) AS n"
)
# A course may name a teacher of its own provider, or one shared with the alliance.
TEACHER_FOR_PROVIDER = cypher(
    """
    MATCH (t:Teacher {id: $tid})
    OPTIONAL MATCH (t)-[:TEACHES_AT]->(h)
    WITH t, h
    WHERE coalesce(t.available, false) = true OR h.id = $org
    RETURN DISTINCT t.id AS id
    """
)
CLOSE_COURSE = cypher(
    """
    MATCH (c:Course {id: $id})
    WHERE c.status IN ['open', 'running']
    SET c.status = 'closed'
    RETURN c.id AS id
    """
)

# ---------------------------------------------------------------- enrolment writes

# Taking a seat is one statement that increments first: Neo4j takes the node's
# write lock before reading a property the SET itself reads, so concurrent
# enrolments queue here and each sees the count the previous one committed. The
# service then checks the count and rolls the whole transaction back when it went
# over. The embedded store runs one writer at a time, so the same holds there.
TAKE_SEAT = cypher(
    """
    MATCH (c:Course {id: $id})
    SET c.seats_taken = c.seats_taken + 1
    WITH c
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    RETURN c.seats_taken AS taken, c.seats AS seats, c.status AS status, c.shared AS shared,
           c.end_date AS end_date, o.id AS provider_id
    """
)
RELEASE_SEAT = cypher(
    """
    MATCH (c:Course {id: $id})
    SET c.seats_taken = c.seats_taken - 1
    RETURN c.seats_taken AS taken
    """
)
# Completion changes no seat but must not run twice for one enrolment at once; the
# same increment-by-nothing takes the course's lock on Neo4j.
LOCK_COURSE = cypher(
    """
    MATCH (c:Course {id: $id})
    SET c.seats_taken = c.seats_taken + 0
    RETURN c.title_zh AS title_zh, c.title_en AS title_en, c.hours AS hours
    """
)
# What an edit must leave consistent, read back inside the edit's transaction.
COURSE_STATE = cypher(
    """
    MATCH (c:Course {id: $id})
    RETURN c.seats AS seats, c.seats_taken AS seats_taken, c.start_date AS start_date,
           c.end_date AS end_date, c.cost AS cost, c.subsidy AS subsidy
    """
)
ENROLMENT_STATUS = cypher(
    """
    MATCH (p:Person {id: $person})-[e:ENROLLED_IN]->(c:Course {id: $course})
    RETURN e.status AS status
    """
)
STUDIES_AT = cypher(
    """
    MATCH (p:Person {id: $person})-[:STUDIES_AT]->(s:School {id: $org})
    RETURN s.id AS id LIMIT 1
    """
)
MISSING_PREREQUISITES = cypher(
    """
    MATCH (pre:Course)-[:PREREQUISITE_OF]->(c:Course {id: $course})
    WHERE NOT EXISTS {
        MATCH (p:Person {id: $person})-[e:ENROLLED_IN]->(pre)
        WHERE e.status = 'completed'
    }
    RETURN pre.id AS id, pre.title_zh AS title_zh, pre.title_en AS title_en
    ORDER BY id
    """
)
REENROL = cypher(
    """
    MATCH (p:Person {id: $person})-[e:ENROLLED_IN]->(c:Course {id: $course})
    WHERE e.status = 'dropped'
    SET e.status = 'enrolled', e.enrolled_on = $today
    RETURN e.status AS status
    """
)
DROP_ENROLMENT = cypher(
    """
    MATCH (p:Person {id: $person})-[e:ENROLLED_IN]->(c:Course {id: $course})
    WHERE e.status = 'enrolled'
    SET e.status = 'dropped'
    RETURN e.status AS status
    """
)
COMPLETE_ENROLMENT = cypher(
    """
    MATCH (p:Person {id: $person})-[e:ENROLLED_IN]->(c:Course {id: $course})
    WHERE e.status = 'enrolled'
    SET e.status = 'completed', e.completed_on = $today
    RETURN p.name AS person_name, e.enrolled_on AS enrolled_on
    """
)
SKILLS_FOR_PERSON = cypher(
    """
    MATCH (c:Course {id: $course})-[t:TEACHES]->(s:Skill)
    OPTIONAL MATCH (p:Person {id: $person})-[h:HAS_SKILL]->(s)
    RETURN s.id AS id, s.zh AS zh, s.en AS en, t.level AS level, max(h.level) AS had
    ORDER BY id
    """
)
RAISE_SKILLS = cypher(
    """
    UNWIND $rows AS r
    MATCH (p:Person {id: $person})-[h:HAS_SKILL]->(s:Skill {id: r.id})
    SET h.level = r.level, h.source = 'course', h.since = $today
    RETURN count(*) AS n
    """
)
ADD_PERSON_SKILLS = cypher(
    """
    UNWIND $rows AS r
    MATCH (p:Person {id: $person})
    MATCH (s:Skill {id: r.id})
    CREATE (p)-[:HAS_SKILL {level: r.level, source: 'course', since: $today}]->(s)
    RETURN count(*) AS n
    """
)

# ---------------------------------------------------------------- enrolment reads

_ENROL_FILTER: LiteralString = """
    WHERE ($course = '' OR c.id = $course) AND ($status = '' OR e.status = $status)
"""
_ENROL_COLUMNS: LiteralString = """
    RETURN c.id AS course_id, c.title_zh AS course_title_zh, c.title_en AS course_title_en,
           o.id AS provider_id, p.id AS person_id, p.name AS person_name, e.status AS status,
           e.enrolled_on AS enrolled_on, e.completed_on AS completed_on
    ORDER BY enrolled_on DESC, course_id, person_id
    SKIP $skip LIMIT $limit
"""
_COUNT: LiteralString = " RETURN count(e) AS total"

_OWN: LiteralString = """
    MATCH (p:Person {id: $person})-[e:ENROLLED_IN]->(c:Course)
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    WITH p, e, c, o
"""
# A school or centre reads the enrolments on its own courses, and a school those
# of its own students wherever they enrol (docs/privacy.md: a school sees the
# people who study there).
_PROVIDERS: LiteralString = """
    MATCH (p:Person)-[e:ENROLLED_IN]->(c:Course)
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    WITH p, e, c, o
    WHERE o.id = $org OR EXISTS { MATCH (p)-[:STUDIES_AT]->(s:School) WHERE s.id = $org }
    WITH p, e, c, o
"""
_ALL: LiteralString = """
    MATCH (p:Person)-[e:ENROLLED_IN]->(c:Course)
    OPTIONAL MATCH (c)-[:OFFERED_BY]->(o)
    WITH p, e, c, o
"""

ENROLMENTS_OF_PERSON = cypher(_OWN + _ENROL_FILTER + _ENROL_COLUMNS)
COUNT_ENROLMENTS_OF_PERSON = cypher(_OWN + _ENROL_FILTER + _COUNT)
ENROLMENTS_OF_PROVIDER = cypher(_PROVIDERS + _ENROL_FILTER + _ENROL_COLUMNS)
COUNT_ENROLMENTS_OF_PROVIDER = cypher(_PROVIDERS + _ENROL_FILTER + _COUNT)
ALL_ENROLMENTS = cypher(_ALL + _ENROL_FILTER + _ENROL_COLUMNS)
COUNT_ALL_ENROLMENTS = cypher(_ALL + _ENROL_FILTER + _COUNT)


@dataclass(frozen=True)
class Readable:
    """A page query, its count query and the parameters that bind them to the caller."""

    rows: Cypher
    count: Cypher
    params: dict[str, Any]


def readable_enrolments(principal: Principal) -> Readable | None:
    """The enrolments this caller may read, or None when their role reads none:
    staff all; an approved school or centre its own courses' (and a school its own
    students'); a person their own."""
    if principal.is_staff:
        return Readable(ALL_ENROLMENTS, COUNT_ALL_ENROLMENTS, {})
    if (
        principal.role == "school"
        and principal.active
        and principal.org_verified
        and principal.org_kind in PROVIDER_KINDS
        and principal.org_id
    ):
        return Readable(
            ENROLMENTS_OF_PROVIDER, COUNT_ENROLMENTS_OF_PROVIDER, {"org": principal.org_id}
        )
    if principal.role == "person" and principal.active and principal.person_id:
        return Readable(
            ENROLMENTS_OF_PERSON, COUNT_ENROLMENTS_OF_PERSON, {"person": principal.person_id}
        )
    return None


class CourseRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # ------------------------------------------------------------ reads
    def course(self, course_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET_COURSE, {"id": course_id})
        return rows[0] if rows else None

    def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        params = {**filters, "skip": skip, "limit": limit}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_COURSES, params)
            total = tx.run(COUNT_COURSES, params)[0]["total"]
            return rows, int(total)

        return self.store.read(work)

    def skills_of(self, course_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {cid: [] for cid in course_ids}
        if not course_ids:
            return out
        for r in self.store.query(SKILLS_OF_COURSES, {"ids": course_ids}):
            cid = r.pop("course_id")
            out.setdefault(cid, []).append(r)
        return out

    def details(self, course_id: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        def work(tx: Tx) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
            pre = tx.run(PREREQUISITES, {"id": course_id})
            teacher = tx.run(TEACHER, {"id": course_id})
            return pre, (teacher[0] if teacher else None)

        return self.store.read(work)

    def existing(self, label: str, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        return {r["id"] for r in self.store.query(generic.existing_ids(label), {"ids": ids})}

    def prerequisite_loop(self, course_id: str, ids: list[str]) -> list[str]:
        if not ids:
            return []
        rows = self.store.query(PREREQUISITE_LOOP, {"id": course_id, "ids": ids})
        return sorted(r["id"] for r in rows)

    def teacher_allowed(self, teacher_id: str, org_id: str) -> bool:
        return bool(self.store.query(TEACHER_FOR_PROVIDER, {"tid": teacher_id, "org": org_id}))

    def enrolment(self, readable: Readable, course: str) -> dict[str, Any] | None:
        """The caller's one readable enrolment on ``course`` (no count query)."""
        params = {**readable.params, "course": course, "status": "", "skip": 0, "limit": 1}
        rows = self.store.query(readable.rows, params)
        return rows[0] if rows else None

    def enrolments(
        self, readable: Readable, course: str, status: str, skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        params = {**readable.params, "course": course, "status": status}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(readable.rows, {**params, "skip": skip, "limit": limit})
            total = tx.run(readable.count, params)[0]["total"]
            return rows, int(total)

        return self.store.read(work)

    # ------------------------------------------------------------ writes (inside a transaction)
    @staticmethod
    def create_node(tx: Tx, label: str, row: dict[str, Any]) -> None:
        tx.run(generic.create_node(label), generic.coerce_props(label, row, full=True))

    @staticmethod
    def update_node(tx: Tx, label: str, node_id: str, fields: dict[str, Any]) -> None:
        props = generic.coerce_props(label, fields, full=False)
        tx.run(generic.update_node(label, props), {"id": node_id, **props})

    @staticmethod
    def link(tx: Tx, type_: str, src: tuple[str, str], dst: tuple[str, str], **props: Any) -> None:
        params = {"src": src[1], "dst": dst[1], **generic.coerce_rel_props(type_, props, full=True)}
        tx.run(generic.link(type_, src[0], dst[0]), params)

    @staticmethod
    def set_skills(tx: Tx, course_id: str, rows: list[dict[str, Any]]) -> None:
        tx.run(CLEAR_SKILLS, {"id": course_id})
        if rows:
            tx.run(ADD_SKILLS, {"id": course_id, "rows": rows})

    @staticmethod
    def set_prerequisites(tx: Tx, course_id: str, ids: list[str]) -> None:
        tx.run(CLEAR_PREREQUISITES, {"id": course_id})
        if ids:
            tx.run(ADD_PREREQUISITES, {"id": course_id, "ids": ids})

    @staticmethod
    def set_teacher(tx: Tx, course_id: str, teacher_id: str | None) -> None:
        tx.run(CLEAR_TEACHER, {"id": course_id})
        if teacher_id:
            tx.run(
                generic.link("TAUGHT_BY", "Course", "Teacher"),
                {"src": course_id, "dst": teacher_id},
            )
