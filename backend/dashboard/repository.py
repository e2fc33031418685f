"""All Cypher behind the pages' counts: the alliance at a glance, a park's firms,
vacancies and people, a school's graduates, a firm's accounts."""

from __future__ import annotations

from typing import Any

from backend.graph.store import GraphStore, Tx, cypher

MEMBERS_BY_KIND = cypher(
    "MATCH (o)-[:MEMBER_OF]->(:Alliance) RETURN label(o) AS kind, count(o) AS n ORDER BY kind"
)
# Open means stored open and not past its closing date (expiry is computed at read time).
OPEN_VACANCIES = cypher(
    """
    MATCH (v:Vacancy)
    WHERE v.status = 'open' AND coalesce(v.closing_date, $today) >= $today
    RETURN v.kind AS kind, count(v) AS n, sum(coalesce(v.places, 1)) AS places
    ORDER BY kind
    """
)
APPLICATIONS_BY_STATUS = cypher(
    """
    MATCH (a:Application)-[:APPLIED_TO]->(v:Vacancy)
    RETURN a.status AS status, v.kind AS kind, count(a) AS n ORDER BY status, kind
    """
)
PEOPLE_BY_ROLE = cypher("MATCH (p:Person) RETURN p.role AS role, count(p) AS n ORDER BY role")
OPEN_COURSES = cypher(
    """
    MATCH (c:Course) WHERE coalesce(c.status, 'open') IN ['open', 'running']
    RETURN count(c) AS n, sum(c.seats) AS seats, sum(coalesce(c.seats_taken, 0)) AS taken
    """
)

PARK = cypher(
    "MATCH (p:Park {id: $park}) RETURN p.id AS id, p.name_zh AS name_zh, p.name_en AS name_en"
)
PARK_FIRMS = cypher(
    """
    MATCH (f:Firm)-[:LOCATED_IN]->(:Park {id: $park})
    OPTIONAL MATCH (v:Vacancy)-[:POSTED_BY]->(f)
    WHERE v.status = 'open' AND coalesce(v.closing_date, $today) >= $today
    RETURN f.id AS id, f.name_zh AS name_zh, f.name_en AS name_en,
           coalesce(f.verified, false) AS verified, count(v) AS open_vacancies
    ORDER BY open_vacancies DESC, id
    """
)
PARK_WORKERS = cypher(
    """
    MATCH (p:Person)-[w:WORKS_AT]->(f:Firm)-[:LOCATED_IN]->(:Park {id: $park})
    WHERE w.to_date IS NULL
    RETURN count(DISTINCT p) AS n
    """
)
PARK_STUDENTS = cypher(
    """
    MATCH (p:Person)-[:STUDIES_AT]->(s:School)-[:LOCATED_IN]->(:Park {id: $park})
    RETURN count(DISTINCT p) AS n
    """
)
PARK_SCHOOLS = cypher(
    """
    MATCH (s)-[:LOCATED_IN]->(:Park {id: $park}) WHERE label(s) IN ['School', 'TrainingCentre']
    RETURN s.id AS id, label(s) AS kind, s.name_zh AS name_zh, s.name_en AS name_en ORDER BY id
    """
)

# A school's graduates in a period: the people holding a degree it issued on a day
# in [$since, $today], and its students whose graduation day falls in it. Employed:
# working now (a WORKS_AT with no end date) or placed (hired through the platform for
# a job, not a student placement). The same definition as analytics' employment.
SCHOOL_DEGREES = cypher(
    """
    MATCH (p:Person)-[:HOLDS]->(c:Credential)-[:ISSUED_BY]->(:School {id: $school})
    WHERE c.kind = 'degree' AND c.obtained >= $since AND c.obtained <= $today
    RETURN DISTINCT p.id AS pid
    """
)
SCHOOL_GRADUATED = cypher(
    """
    MATCH (p:Person)-[st:STUDIES_AT]->(:School {id: $school})
    WHERE st.graduates_on >= $since AND st.graduates_on <= $today
    RETURN DISTINCT p.id AS pid
    """
)
WORKING_OF = cypher(
    """
    MATCH (p:Person)-[w:WORKS_AT]->(:Firm)
    WHERE p.id IN $ids AND w.to_date IS NULL
    RETURN DISTINCT p.id AS pid
    """
)
PLACED_OF = cypher(
    """
    MATCH (a:Application)-[:APPLIED_BY]->(p:Person), (a)-[:APPLIED_TO]->(v:Vacancy)
    WHERE p.id IN $ids AND a.status = 'hired' AND coalesce(v.kind, 'job') <> 'placement'
    RETURN DISTINCT p.id AS pid
    """
)
SCHOOL_STUDENTS = cypher(
    "MATCH (p:Person)-[:STUDIES_AT]->(:School {id: $school}) RETURN count(p) AS n"
)
SCHOOL_PLACEMENTS = cypher(
    """
    MATCH (a:Application)-[:APPLIED_BY]->(:Person)-[:STUDIES_AT]->(:School {id: $school})
    MATCH (a)-[:APPLIED_TO]->(v:Vacancy)
    RETURN a.status AS status, count(a) AS n ORDER BY status
    """
)

ORG_USERS = cypher(
    """
    MATCH (u:User)-[:ACTS_FOR]->(o {id: $org})
    RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.status AS status,
           u.created_at AS created_at
    ORDER BY u.created_at, u.email
    """
)

OCCUPATIONS = cypher(
    "MATCH (o:Occupation) WHERE o.id IN $ids "
    "RETURN o.id AS id, o.name_zh AS name_zh, o.name_en AS name_en"
)
SKILLS = cypher("MATCH (s:Skill) WHERE s.id IN $ids RETURN s.id AS id, s.zh AS zh, s.en AS en")


def _n(rows: list[dict[str, Any]], key: str = "n") -> int:
    return int(rows[0][key] or 0) if rows else 0


class DashboardRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def alliance(self, today: str) -> dict[str, Any]:
        def work(tx: Tx) -> dict[str, Any]:
            return {
                "members": tx.run(MEMBERS_BY_KIND),
                "vacancies": tx.run(OPEN_VACANCIES, {"today": today}),
                "applications": tx.run(APPLICATIONS_BY_STATUS),
                "people": tx.run(PEOPLE_BY_ROLE),
                "courses": tx.run(OPEN_COURSES),
            }

        return self.store.read(work)

    def park(self, park_id: str, today: str) -> dict[str, Any] | None:
        params = {"park": park_id, "today": today}

        def work(tx: Tx) -> dict[str, Any] | None:
            park = tx.run(PARK, params)
            if not park:
                return None
            return {
                "park": park[0],
                "firms": tx.run(PARK_FIRMS, params),
                "schools": tx.run(PARK_SCHOOLS, params),
                "workers": _n(tx.run(PARK_WORKERS, params)),
                "students": _n(tx.run(PARK_STUDENTS, params)),
            }

        return self.store.read(work)

    def school(self, school_id: str, today: str, since: str) -> dict[str, Any]:
        params = {"school": school_id, "today": today, "since": since}

        def work(tx: Tx) -> dict[str, Any]:
            graduates = sorted(
                {r["pid"] for r in tx.run(SCHOOL_DEGREES, params)}
                | {r["pid"] for r in tx.run(SCHOOL_GRADUATED, params)}
            )
            employed = {r["pid"] for r in tx.run(WORKING_OF, {"ids": graduates})}
            employed |= {r["pid"] for r in tx.run(PLACED_OF, {"ids": graduates})}
            return {
                "graduates": len(graduates),
                "employed": len(employed),
                "students": _n(tx.run(SCHOOL_STUDENTS, params)),
                "placements": tx.run(SCHOOL_PLACEMENTS, params),
            }

        return self.store.read(work)

    def org_users(self, org_id: str) -> list[dict[str, Any]]:
        return self.store.query(ORG_USERS, {"org": org_id})

    def occupations(self, codes: list[str]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.store.query(OCCUPATIONS, {"ids": codes})}

    def skills(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.store.query(SKILLS, {"ids": ids})}
