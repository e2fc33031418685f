"""All Cypher for pathways in the graph: a person's record, assessments and their
sign-ups and results.

Readable queries: a person's record is read only for an id the service has
already resolved from the caller (the person themself, or staff); an
assessment's roster only through ``roster_for`` with the organiser's id (or
none, for staff), so a route cannot list somebody else's candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backend.graph.store import Cypher, GraphStore, Tx, cypher
from backend.pathways.graph_profile import PROFILE_KINDS, PersonRecord

# --- A person's record ----------------------------------------------------------

PERSON = cypher(
    """
    MATCH (p:Person {id: $id})
    RETURN p.id AS id, p.name AS name, p.role AS role,
           p.relevant_experience_years AS declared_years
    """
)
PEOPLE_BATCH = cypher(
    """
    UNWIND $ids AS pid
    MATCH (p:Person {id: pid})
    RETURN p.id AS id, p.name AS name, p.role AS role,
           p.relevant_experience_years AS declared_years
    """
)
PERSON_IDS = cypher("MATCH (p:Person) RETURN p.id AS id ORDER BY id")
CREDENTIALS = cypher(
    """
    UNWIND $ids AS pid
    MATCH (p:Person {id: pid})-[:HOLDS]->(c:Credential)
    WHERE c.kind IN $kinds
    OPTIONAL MATCH (c)-[:IN_OCCUPATION]->(o:Occupation)
    RETURN p.id AS person, c.id AS id, c.kind AS kind, c.name AS name, c.level AS level,
           c.series AS series, c.specialty AS specialty, c.obtained AS obtained,
           c.honor AS honor, o.id AS occupation
    """
)
CREDENTIALS_WITH_ISSUER = cypher(
    """
    MATCH (p:Person {id: $id})-[:HOLDS]->(c:Credential)
    OPTIONAL MATCH (c)-[:IN_OCCUPATION]->(o:Occupation)
    OPTIONAL MATCH (c)-[:ISSUED_BY]->(i)
    RETURN p.id AS person, c.id AS id, c.kind AS kind, c.name AS name, c.level AS level,
           c.series AS series, c.specialty AS specialty, c.obtained AS obtained,
           c.honor AS honor, c.points AS points, o.id AS occupation, o.name_zh AS occupation_zh,
           i.id AS issuer_id, label(i) AS issuer_label, i.name_zh AS issuer_zh,
           i.name_en AS issuer_en
    ORDER BY obtained, id
    """
)
JOBS = cypher(
    """
    UNWIND $ids AS pid
    MATCH (p:Person {id: pid})-[w:WORKS_AT]->(f:Firm)
    RETURN p.id AS person, f.id AS firm_id, f.name_zh AS firm_zh, f.name_en AS firm_en,
           w.from_date AS from_date, w.to_date AS to_date, w.post AS post,
           w.occupation AS occupation, f.self_assessment_titles AS self_titles,
           f.self_assessment_skills AS self_skills
    """
)
STUDIES = cypher(
    """
    UNWIND $ids AS pid
    MATCH (p:Person {id: pid})-[s:STUDIES_AT]->(sc:School)
    RETURN p.id AS person, sc.id AS school_id, sc.name_zh AS school_zh,
           sc.name_en AS school_en, s.programme AS programme, s.enrolled_on AS enrolled_on,
           s.graduates_on AS graduates_on
    """
)
ENROLMENTS = cypher(
    """
    MATCH (p:Person {id: $id})-[e:ENROLLED_IN]->(c:Course)
    RETURN c.id AS course_id, c.title_zh AS title_zh, c.title_en AS title_en,
           c.hours AS hours, e.status AS status, e.enrolled_on AS enrolled_on,
           e.completed_on AS completed_on
    ORDER BY enrolled_on, course_id
    """
)
TOOK = cypher(
    """
    MATCH (p:Person {id: $id})-[t:TOOK]->(a:Assessment)
    OPTIONAL MATCH (a)-[:FOR_OCCUPATION]->(o:Occupation)
    RETURN a.id AS assessment_id, a.level AS level, a.held_on AS held_on, a.status AS status,
           a.methods AS methods, o.id AS occupation, o.name_zh AS occupation_zh,
           t.score AS score, t.passed AS passed, t.exempt AS exempt
    ORDER BY held_on, assessment_id
    """
)
COMPETED = cypher(
    """
    MATCH (p:Person {id: $id})-[r:COMPETED_IN]->(c:Competition)
    RETURN c.id AS competition_id, c.name_zh AS name_zh, c.name_en AS name_en,
           c.level AS level, c.held_on AS held_on, r.rank AS rank, r.award AS award
    ORDER BY held_on, competition_id
    """
)


def _group(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["person"], []).append(r)
    return out


# --- Assessments ------------------------------------------------------------------

_ASSESSMENT_COLUMNS = """
    RETURN a.id AS id, a.level AS level, a.methods AS methods, a.held_on AS held_on,
           a.status AS status, a.capacity AS capacity, coalesce(a.seats_taken, 0) AS seats_taken,
           o.id AS occupation, o.name_zh AS occupation_zh, o.name_en AS occupation_en,
           org.id AS organiser_id, label(org) AS organiser_label,
           org.name_zh AS organiser_zh, org.name_en AS organiser_en
"""
_ASSESSMENT_MATCH = """
    MATCH (a:Assessment)-[:FOR_OCCUPATION]->(o:Occupation)
    MATCH (a)-[:ORGANISED_BY]->(org)
"""
_FILTER = """
    WHERE a.status = coalesce($status, a.status)
      AND o.id = coalesce($occupation, o.id)
      AND a.level = coalesce($level, a.level)
      AND org.id = coalesce($organiser, org.id)
      AND a.held_on >= coalesce($held_from, a.held_on)
"""
LIST_ASSESSMENTS = cypher(
    _ASSESSMENT_MATCH
    + _FILTER
    + _ASSESSMENT_COLUMNS
    + " ORDER BY held_on, id SKIP $skip LIMIT $limit"
)
COUNT_ASSESSMENTS = cypher(_ASSESSMENT_MATCH + _FILTER + " RETURN count(a) AS total")
GET_ASSESSMENT = cypher(
    "MATCH (a:Assessment {id: $id})-[:FOR_OCCUPATION]->(o:Occupation) "
    "MATCH (a)-[:ORGANISED_BY]->(org) " + _ASSESSMENT_COLUMNS
)
# Scheduled sessions still ahead for the given occupations and levels; the
# service keeps the (occupation, level) pairs the person is eligible for.
OPEN_FOR = cypher(
    _ASSESSMENT_MATCH
    + """
    WHERE a.status = 'scheduled' AND a.held_on >= $today
      AND o.id IN $occupations AND a.level IN $levels
    """
    + _ASSESSMENT_COLUMNS
    + " ORDER BY held_on, id LIMIT 200"
)
OCCUPATION = cypher(
    "MATCH (o:Occupation {id: $id}) RETURN o.id AS id, o.name_zh AS name_zh, o.name_en AS name_en"
)
FIRM_RIGHTS = cypher(
    """
    MATCH (f:Firm {id: $id})
    RETURN f.id AS id, f.self_assessment_skills AS self_skills, f.verified AS verified
    """
)


def _schedule(label: str) -> Cypher:
    # One constant per organiser label, so the label is never a request value.
    queries = {
        "Firm": cypher(
            "MATCH (o:Occupation {id: $occupation}) MATCH (org:Firm {id: $organiser}) "
            "CREATE (a:Assessment {id: $id, level: $level, methods: $methods, held_on: $held_on, "
            "status: 'scheduled', capacity: $capacity, seats_taken: 0, created_at: $now}) "
            "CREATE (a)-[:FOR_OCCUPATION]->(o) CREATE (a)-[:ORGANISED_BY]->(org) "
            "RETURN a.id AS id"
        ),
        "GovernmentBody": cypher(
            "MATCH (o:Occupation {id: $occupation}) MATCH (org:GovernmentBody {id: $organiser}) "
            "CREATE (a:Assessment {id: $id, level: $level, methods: $methods, held_on: $held_on, "
            "status: 'scheduled', capacity: $capacity, seats_taken: 0, created_at: $now}) "
            "CREATE (a)-[:FOR_OCCUPATION]->(o) CREATE (a)-[:ORGANISED_BY]->(org) "
            "RETURN a.id AS id"
        ),
        "TrainingCentre": cypher(
            "MATCH (o:Occupation {id: $occupation}) MATCH (org:TrainingCentre {id: $organiser}) "
            "CREATE (a:Assessment {id: $id, level: $level, methods: $methods, held_on: $held_on, "
            "status: 'scheduled', capacity: $capacity, seats_taken: 0, created_at: $now}) "
            "CREATE (a)-[:FOR_OCCUPATION]->(o) CREATE (a)-[:ORGANISED_BY]->(org) "
            "RETURN a.id AS id"
        ),
    }
    return queries[label]


ORGANISER_LABELS: tuple[str, ...] = ("Firm", "GovernmentBody", "TrainingCentre")
SCHEDULE: dict[str, Cypher] = {label: _schedule(label) for label in ORGANISER_LABELS}

# Taking a seat: one statement counts the seat under the assessment's write lock.
# On Neo4j the SET/REMOVE of a marker takes that lock before the count is read,
# so concurrent sign-ups run one after another and the service sees every
# earlier seat; the embedded store has one writer at a time already. The
# service refuses (and so rolls back) a count over capacity.
TAKE_SEAT = cypher(
    """
    MATCH (a:Assessment {id: $id})
    WHERE a.status = 'scheduled' AND a.held_on >= $today
    SET a.seats_taken = coalesce(a.seats_taken, 0) + 1
    RETURN a.seats_taken AS taken, a.capacity AS capacity
    """,
    neo4j="""
    MATCH (a:Assessment {id: $id})
    WHERE a.status = 'scheduled' AND a.held_on >= $today
    SET a._lock = true REMOVE a._lock
    SET a.seats_taken = coalesce(a.seats_taken, 0) + 1
    RETURN a.seats_taken AS taken, a.capacity AS capacity
    """,
)
RELEASE_SEAT = cypher(
    """
    MATCH (a:Assessment {id: $id})
    SET a.seats_taken = coalesce(a.seats_taken, 1) - 1
    RETURN a.seats_taken AS taken
    """
)
SIGNED_UP = cypher(
    """
    MATCH (:Person {id: $person})-[t:TOOK]->(:Assessment {id: $id})
    RETURN t.passed AS passed, t.score AS score, t.exempt AS exempt
    """
)
SIGN_UP = cypher(
    """
    MATCH (p:Person {id: $person}), (a:Assessment {id: $id})
    CREATE (p)-[t:TOOK {exempt: $exempt}]->(a)
    RETURN p.id AS person
    """
)
WITHDRAW = cypher(
    """
    MATCH (:Person {id: $person})-[t:TOOK]->(a:Assessment {id: $id})
    WHERE t.passed IS NULL AND a.status = 'scheduled' AND a.held_on > $today
    DELETE t
    RETURN a.id AS id
    """
)
# The organiser's roster: everyone signed up, with their result once recorded.
ROSTER = cypher(
    """
    MATCH (p:Person)-[t:TOOK]->(a:Assessment {id: $id})
    RETURN p.id AS person_id, p.name AS name, t.exempt AS exempt, t.score AS score,
           t.passed AS passed
    ORDER BY person_id
    """
)
LOCK_ASSESSMENT = cypher(
    """
    MATCH (a:Assessment {id: $id})
    SET a.seats_taken = coalesce(a.seats_taken, 0) + 0
    RETURN a.status AS status
    """
)
SET_RESULT = cypher(
    """
    MATCH (:Person {id: $person})-[t:TOOK]->(:Assessment {id: $id})
    WHERE t.passed IS NULL
    SET t.score = $score, t.passed = $passed
    RETURN t.passed AS passed
    """
)
PENDING = cypher(
    """
    MATCH (:Person)-[t:TOOK]->(a:Assessment {id: $id})
    WHERE t.passed IS NULL
    RETURN count(t) AS pending
    """
)
COMPLETE = cypher("MATCH (a:Assessment {id: $id}) SET a.status = 'completed' RETURN a.id AS id")
CREDENTIAL_EXISTS = cypher("MATCH (c:Credential {id: $id}) RETURN c.id AS id")
CREATE_CREDENTIAL = cypher(
    """
    MATCH (p:Person {id: $person}), (a:Assessment {id: $assessment})
    CREATE (c:Credential {id: $id, kind: 'skill_level', name: $name, level: $level,
                          specialty: $specialty, obtained: $obtained})
    CREATE (p)-[:HOLDS]->(c)
    CREATE (c)-[:AWARDED_FOR]->(a)
    RETURN c.id AS id
    """
)
LINK_LEVEL = cypher(
    """
    MATCH (c:Credential {id: $id}), (q:Qualification {id: $qualification})
    CREATE (c)-[:AT_LEVEL]->(q)
    RETURN c.id AS id
    """
)
LINK_OCCUPATION = cypher(
    """
    MATCH (c:Credential {id: $id}), (o:Occupation {id: $occupation})
    CREATE (c)-[:IN_OCCUPATION]->(o)
    RETURN c.id AS id
    """
)
LINK_ISSUER: dict[str, Cypher] = {
    "Firm": cypher(
        "MATCH (c:Credential {id: $id}), (i:Firm {id: $issuer}) "
        "CREATE (c)-[:ISSUED_BY]->(i) RETURN c.id AS id"
    ),
    "GovernmentBody": cypher(
        "MATCH (c:Credential {id: $id}), (i:GovernmentBody {id: $issuer}) "
        "CREATE (c)-[:ISSUED_BY]->(i) RETURN c.id AS id"
    ),
    "TrainingCentre": cypher(
        "MATCH (c:Credential {id: $id}), (i:TrainingCentre {id: $issuer}) "
        "CREATE (c)-[:ISSUED_BY]->(i) RETURN c.id AS id"
    ),
}


class PathwaysRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # Records -------------------------------------------------------------------

    def person_ids(self) -> list[str]:
        return [r["id"] for r in self.store.query(PERSON_IDS)]

    def records(self, ids: list[str], *, full: bool = False) -> list[PersonRecord]:
        """The records of ``ids`` (unknown ids left out), read in one transaction.
        ``full`` adds courses, assessments, competitions and credential issuers,
        which only the skill bank and one person's page need."""

        def work(tx: Tx) -> list[PersonRecord]:
            people = tx.run(PEOPLE_BATCH, {"ids": ids})
            if full:
                creds: dict[str, list[dict[str, Any]]] = {}
                for pid in ids:
                    creds[pid] = tx.run(CREDENTIALS_WITH_ISSUER, {"id": pid})
            else:
                creds = _group(tx.run(CREDENTIALS, {"ids": ids, "kinds": list(PROFILE_KINDS)}))
            jobs = _group(tx.run(JOBS, {"ids": ids}))
            studies = _group(tx.run(STUDIES, {"ids": ids}))
            out: list[PersonRecord] = []
            for p in people:
                pid = p["id"]
                rec = PersonRecord(
                    id=pid,
                    name=p.get("name"),
                    role=p.get("role"),
                    declared_years=p.get("declared_years"),
                    credentials=creds.get(pid, []),
                    jobs=jobs.get(pid, []),
                    studies=studies.get(pid, []),
                )
                if full:
                    rec.enrolments = tx.run(ENROLMENTS, {"id": pid})
                    rec.assessments = tx.run(TOOK, {"id": pid})
                    rec.competitions = tx.run(COMPETED, {"id": pid})
                out.append(rec)
            return out

        return self.store.read(work)

    def record(self, person_id: str) -> PersonRecord | None:
        found = self.records([person_id], full=True)
        return found[0] if found else None

    # Assessments --------------------------------------------------------------

    def assessment(self, assessment_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET_ASSESSMENT, {"id": assessment_id})
        return rows[0] if rows else None

    def list_assessments(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        params = {
            "status": None,
            "occupation": None,
            "level": None,
            "organiser": None,
            "held_from": None,
            **filters,
        }
        total = self.store.query(COUNT_ASSESSMENTS, params)[0]["total"]
        rows = self.store.query(LIST_ASSESSMENTS, {**params, "skip": skip, "limit": limit})
        return rows, int(total)

    def open_for(
        self, occupations: list[str], levels: list[str], today: str
    ) -> list[dict[str, Any]]:
        if not occupations or not levels:
            return []
        return self.store.query(
            OPEN_FOR, {"occupations": occupations, "levels": levels, "today": today}
        )

    def occupation(self, code: str) -> dict[str, Any] | None:
        rows = self.store.query(OCCUPATION, {"id": code})
        return rows[0] if rows else None

    def firm_rights(self, firm_id: str) -> dict[str, Any] | None:
        rows = self.store.query(FIRM_RIGHTS, {"id": firm_id})
        return rows[0] if rows else None

    def roster_for(self, assessment_id: str) -> list[dict[str, Any]]:
        """Only called after the service has checked the caller organises it (or is staff)."""
        return self.store.query(ROSTER, {"id": assessment_id})
