"""All Cypher behind the analytics. Every query takes ``$park``: ``''`` for the
whole alliance (staff), a park's id for a park administration, so one rule
(``AnalyticsScope``) decides what a caller sees.

Definitions (docs/analytics.md has them with examples):
- an open vacancy is stored ``open`` and not past its closing date on ``$today``;
  it is in a park when its firm is;
- the people of a park study at a school there or work now (no end date) at a
  firm there; the alliance's people are everyone;
- a course is on offer when its status is open or running.
"""

from __future__ import annotations

from typing import Any, LiteralString

from backend.graph.store import Cypher, GraphStore, Tx, cypher

_OPEN: LiteralString = """
    MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
    WHERE v.status = 'open' AND coalesce(v.closing_date, $today) >= $today
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    WITH v, f, pk
    WHERE $park = '' OR pk.id = $park
"""
_PARK_PEOPLE: LiteralString = """
    MATCH (p:Person)-[r:STUDIES_AT|WORKS_AT]->(o)-[:LOCATED_IN]->(:Park {id: $park})
    WHERE r.to_date IS NULL
    WITH DISTINCT p
"""
_ALL_PEOPLE: LiteralString = "MATCH (p:Person) "

DEMAND_BY_SKILL = cypher(
    _OPEN
    + """
    MATCH (v)-[r:REQUIRES]->(s:Skill)
    RETURN s.id AS key, s.zh AS zh, s.en AS en, count(DISTINCT v) AS vacancies,
           sum(coalesce(v.places, 1)) AS places, min(coalesce(r.level, 1)) AS min_level
    """
)
_SUPPLY_BY_SKILL: LiteralString = """
    MATCH (p)-[h:HAS_SKILL]->(s:Skill)
    RETURN s.id AS key, coalesce(h.level, 1) AS level, count(DISTINCT p) AS people
"""
SUPPLY_BY_SKILL = {
    "all": cypher(_ALL_PEOPLE + _SUPPLY_BY_SKILL),
    "park": cypher(_PARK_PEOPLE + _SUPPLY_BY_SKILL),
}
# The same, counting only people free to take a place now: no current job.
_AVAILABLE_BY_SKILL: LiteralString = """
    MATCH (p)-[h:HAS_SKILL]->(s:Skill)
    WHERE NOT EXISTS { MATCH (p)-[w:WORKS_AT]->(:Firm) WHERE w.to_date IS NULL }
    RETURN s.id AS key, coalesce(h.level, 1) AS level, count(DISTINCT p) AS people
"""
AVAILABLE_BY_SKILL = {
    "all": cypher(_ALL_PEOPLE + _AVAILABLE_BY_SKILL),
    "park": cypher(_PARK_PEOPLE + _AVAILABLE_BY_SKILL),
}

DEMAND_BY_SPECIALTY = cypher(
    _OPEN
    + """
    MATCH (v)-[:REQUIRES]->(s:Skill)
    WITH DISTINCT coalesce(s.specialty, 'other') AS key, v
    RETURN key, count(v) AS vacancies, sum(coalesce(v.places, 1)) AS places
    """
)
_SUPPLY_BY_SPECIALTY: LiteralString = """
    MATCH (p)-[:HAS_SKILL]->(s:Skill)
    RETURN coalesce(s.specialty, 'other') AS key, count(DISTINCT p) AS people
"""
SUPPLY_BY_SPECIALTY = {
    "all": cypher(_ALL_PEOPLE + _SUPPLY_BY_SPECIALTY),
    "park": cypher(_PARK_PEOPLE + _SUPPLY_BY_SPECIALTY),
}

DEMAND_BY_OCCUPATION = cypher(
    _OPEN
    + """
    MATCH (v)-[:FOR_OCCUPATION]->(o:Occupation)
    RETURN o.id AS key, o.name_zh AS zh, o.name_en AS en, count(v) AS vacancies,
           sum(coalesce(v.places, 1)) AS places
    """
)
# Who works in an occupation now, and who holds a skill-level certificate in it.
_JOB_IN: LiteralString = """
    MATCH (p)-[w:WORKS_AT]->(:Firm)
    WHERE w.to_date IS NULL AND w.occupation IS NOT NULL
    RETURN w.occupation AS key, p.id AS pid
"""
_CERTIFIED_IN: LiteralString = """
    MATCH (p)-[:HOLDS]->(:Credential)-[:IN_OCCUPATION]->(o:Occupation)
    RETURN o.id AS key, p.id AS pid
"""
SUPPLY_BY_OCCUPATION = {
    "all": (cypher(_ALL_PEOPLE + _JOB_IN), cypher(_ALL_PEOPLE + _CERTIFIED_IN)),
    "park": (cypher(_PARK_PEOPLE + _JOB_IN), cypher(_PARK_PEOPLE + _CERTIFIED_IN)),
}

PARKS = cypher(
    "MATCH (pk:Park) WHERE $park = '' OR pk.id = $park "
    "RETURN pk.id AS key, pk.name_zh AS zh, pk.name_en AS en ORDER BY key"
)
DEMAND_BY_PARK = cypher(
    _OPEN
    + """
    WITH v, pk WHERE pk IS NOT NULL
    RETURN pk.id AS key, count(v) AS vacancies, sum(coalesce(v.places, 1)) AS places
    """
)
SUPPLY_BY_PARK = cypher(
    """
    MATCH (p:Person)-[r:STUDIES_AT|WORKS_AT]->(o)-[:LOCATED_IN]->(pk:Park)
    WHERE r.to_date IS NULL AND ($park = '' OR pk.id = $park)
    RETURN pk.id AS key, count(DISTINCT p) AS people
    """
)

TAUGHT_SKILLS = cypher(
    """
    MATCH (c:Course)-[:TEACHES]->(s:Skill)
    WHERE coalesce(c.status, 'open') IN ['open', 'running']
    RETURN DISTINCT s.id AS key
    """
)
COURSES_ON_OFFER = cypher(
    """
    MATCH (c:Course)-[:OFFERED_BY]->(o)
    WHERE coalesce(c.status, 'open') IN ['open', 'running']
    OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
    WITH c, o, pk
    WHERE $park = '' OR pk.id = $park
    MATCH (c)-[t:TEACHES]->(s:Skill)
    RETURN c.id AS id, c.title_zh AS title_zh, c.title_en AS title_en, c.status AS status,
           o.id AS provider_id, label(o) AS provider_kind, o.name_zh AS provider_zh,
           o.name_en AS provider_en, s.id AS skill_id, s.zh AS skill_zh, s.en AS skill_en,
           t.level AS level
    ORDER BY id, skill_id
    """
)

# A school's graduates: people holding a degree it issued (as on the dashboard)
# and its students whose graduation day has passed. Employed: a job now (a
# WORKS_AT with no end date) or placed (hired through the platform for a job).
# Plain reads joined in the service: much faster on the embedded engine than one
# OPTIONAL MATCH per graduate.
_PARK_SCHOOL: LiteralString = """
    OPTIONAL MATCH (s)-[:LOCATED_IN]->(pk:Park)
    WITH s, p, x, pk
    WHERE $park = '' OR pk.id = $park
    RETURN s.id AS id, s.name_zh AS name_zh, s.name_en AS name_en, p.id AS pid
"""
DEGREE_HOLDERS = cypher(
    """
    MATCH (p:Person)-[:HOLDS]->(c:Credential)-[:ISSUED_BY]->(s:School)
    WHERE c.kind = 'degree' AND c.obtained >= $since AND c.obtained <= $today
    WITH s, p, c.obtained AS x
    """
    + _PARK_SCHOOL
)
GRADUATED_STUDENTS = cypher(
    """
    MATCH (p:Person)-[st:STUDIES_AT]->(s:School)
    WHERE st.graduates_on >= $since AND st.graduates_on <= $today
    WITH s, p, st.graduates_on AS x
    """
    + _PARK_SCHOOL
)
EMPLOYED = cypher(
    "MATCH (p:Person)-[w:WORKS_AT]->(:Firm) WHERE w.to_date IS NULL RETURN DISTINCT p.id AS pid"
)
# Placed: hired through the platform for a job (a student placement is not a job).
PLACED = cypher(
    """
    MATCH (a:Application)-[:APPLIED_BY]->(p:Person), (a)-[:APPLIED_TO]->(v:Vacancy)
    WHERE a.status = 'hired' AND coalesce(v.kind, 'job') <> 'placement'
    RETURN DISTINCT p.id AS pid
    """
)

# Change over time: one count per month in [$since, $until).
_MONTHS: LiteralString = " RETURN left(x, 7) AS month, count(*) AS n ORDER BY month"
TRENDS: dict[str, Cypher] = {
    "vacancies_posted": cypher(
        """
        MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
        OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
        WITH v.created_at AS x, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        """
        + _MONTHS
    ),
    "places_posted": cypher(
        """
        MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
        OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
        WITH v.created_at AS x, coalesce(v.places, 1) AS places, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        RETURN left(x, 7) AS month, sum(places) AS n ORDER BY month
        """
    ),
    "applications": cypher(
        """
        MATCH (a:Application)-[:APPLIED_TO]->(:Vacancy)-[:POSTED_BY]->(f:Firm)
        OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
        WITH a.created_at AS x, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        """
        + _MONTHS
    ),
    "hires": cypher(
        """
        MATCH (a:Application)-[:APPLIED_TO]->(:Vacancy)-[:POSTED_BY]->(f:Firm)
        WHERE a.status = 'hired'
        OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
        WITH coalesce(a.updated_at, a.created_at) AS x, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        """
        + _MONTHS
    ),
    "enrolments": cypher(
        """
        MATCH (:Person)-[e:ENROLLED_IN]->(c:Course)-[:OFFERED_BY]->(o)
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
        WITH e.enrolled_on AS x, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        """
        + _MONTHS
    ),
    "completions": cypher(
        """
        MATCH (:Person)-[e:ENROLLED_IN]->(c:Course)-[:OFFERED_BY]->(o)
        WHERE e.status = 'completed'
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
        WITH e.completed_on AS x, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        """
        + _MONTHS
    ),
    "bookings": cypher(
        """
        MATCH (b:Booking)-[:BOOKS]->(r)-[:OWNED_BY|TEACHES_AT]->(o)
        OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
        WITH b.created_at AS x, pk
        WHERE x >= $since AND x < $until AND ($park = '' OR pk.id = $park)
        """
        + _MONTHS
    ),
}
_PEOPLE_TRENDS: dict[str, LiteralString] = {
    "skills_recorded": """
        MATCH (p)-[h:HAS_SKILL]->(:Skill)
        WITH h.since AS x WHERE x >= $since AND x < $until
    """
    + _MONTHS,
    "people_registered": """
        WITH p.created_at AS x WHERE x >= $since AND x < $until
    """
    + _MONTHS,
}
PEOPLE_TRENDS: dict[str, dict[str, Cypher]] = {
    name: {"all": cypher(_ALL_PEOPLE + q), "park": cypher(_PARK_PEOPLE + q)}
    for name, q in _PEOPLE_TRENDS.items()
}


def people_kind(park: str) -> str:
    return "park" if park else "all"


class AnalyticsRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def run(self, query: Cypher, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.store.query(query, params)

    def many(
        self, queries: dict[str, Cypher], params: dict[str, Any]
    ) -> dict[str, list[dict[str, Any]]]:
        """Several reads in one read transaction, so they see one state of the graph."""

        def work(tx: Tx) -> dict[str, list[dict[str, Any]]]:
            return {name: tx.run(q, params) for name, q in queries.items()}

        return self.store.read(work)
