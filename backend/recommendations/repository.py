"""All Cypher the recommendations read: snapshots for the matcher, and the
facts shown beside each recommendation."""

from __future__ import annotations

from typing import Any

from backend.graph.store import GraphStore, Tx, cypher

OPEN_VACANCIES = cypher(
    """
    MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
    WHERE v.status = 'open' AND v.closing_date >= $today
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    OPTIONAL MATCH (v)-[:FOR_OCCUPATION]->(o:Occupation)
    OPTIONAL MATCH (v)-[r:REQUIRES]->(k:Skill)
    RETURN v.id AS id, v.title AS title, v.description AS description, v.kind AS kind,
           v.location AS location, pk.id AS park, o.id AS occupation,
           collect(k.id) AS skills, collect(r.importance) AS importances,
           collect(r.level) AS levels
    """
)
# Any post, edit, close or expiry changes one of these three.
OPEN_VACANCY_FINGERPRINT = cypher(
    "MATCH (v:Vacancy) WHERE v.status = 'open' AND v.closing_date >= $today "
    "RETURN count(v) AS n, max(v.created_at) AS newest, max(v.updated_at) AS edited"
)
OPEN_VACANCY_STAMPS = cypher(
    "MATCH (v:Vacancy) WHERE v.status = 'open' AND v.closing_date >= $today "
    "RETURN v.id AS id, coalesce(v.updated_at, v.created_at, '') AS stamp"
)
VACANCY = cypher(
    """
    MATCH (v:Vacancy {id: $id})-[:POSTED_BY]->(f:Firm)
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    OPTIONAL MATCH (v)-[:FOR_OCCUPATION]->(o:Occupation)
    OPTIONAL MATCH (v)-[r:REQUIRES]->(k:Skill)
    RETURN v.id AS id, v.title AS title, v.description AS description, v.kind AS kind,
           v.location AS location, pk.id AS park, o.id AS occupation, f.id AS firm_id,
           collect(k.id) AS skills, collect(r.importance) AS importances,
           collect(r.level) AS levels
    """
)
VACANCY_CARDS = cypher(
    """
    MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
    WHERE v.id IN $ids
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    RETURN v.id AS id, v.title AS title, v.title_en AS title_en, v.kind AS kind,
           v.pay_min AS pay_min, v.pay_max AS pay_max, v.pay_unit AS pay_unit,
           v.shifts AS shifts, v.accommodation AS accommodation,
           v.duration_months AS duration_months, v.start_date AS start_date,
           v.closing_date AS closing_date, v.places AS places, v.location AS location,
           f.id AS firm_id, f.name_zh AS firm_zh, f.name_en AS firm_en,
           pk.id AS park_id, pk.name_zh AS park_zh, pk.name_en AS park_en
    """
)
PERSON = cypher(
    """
    MATCH (p:Person {id: $id})
    OPTIONAL MATCH (p)-[h:HAS_SKILL]->(k:Skill)
    RETURN p.id AS id, p.summary AS summary, p.recommendations_enabled AS enabled,
           p.visible_to_employers AS visible, collect(k.id) AS skills, collect(h.level) AS levels
    """
)
PERSON_PARK = cypher(
    """
    MATCH (p:Person {id: $id})-[:STUDIES_AT|WORKS_AT]->(o)-[:LOCATED_IN]->(pk:Park)
    RETURN pk.id AS park LIMIT 1
    """
)
VISIBLE_PEOPLE = cypher(
    """
    MATCH (p:Person)
    WHERE p.visible_to_employers = true
    OPTIONAL MATCH (p)-[h:HAS_SKILL]->(k:Skill)
    RETURN p.id AS id, p.summary AS summary, collect(k.id) AS skills, collect(h.level) AS levels
    """
)
# Changes with any consent given or withdrawn, skill added, removed or re-levelled.
VISIBLE_PEOPLE_FINGERPRINT = cypher(
    """
    MATCH (p:Person)
    WHERE p.visible_to_employers = true
    OPTIONAL MATCH (p)-[h:HAS_SKILL]->(:Skill)
    RETURN count(DISTINCT p) AS people, count(h) AS skills, sum(h.level) AS levels
    """
)
PEOPLE_CARDS = cypher(
    """
    MATCH (p:Person) WHERE p.id IN $ids
    OPTIONAL MATCH (p)-[:STUDIES_AT]->(s:School)
    RETURN p.id AS id, p.name AS name, p.role AS role, p.district AS district,
           p.visible_to_employers AS visible,
           p.relevant_experience_years AS experience, s.name_zh AS school_zh, s.name_en AS school_en
    """
)
OPEN_COURSES = cypher(
    """
    MATCH (c:Course)-[:OFFERED_BY]->(o)
    WHERE coalesce(c.status, 'open') = 'open' AND coalesce(c.seats_taken, 0) < c.seats
    OPTIONAL MATCH (o)-[:LOCATED_IN]->(pk:Park)
    OPTIONAL MATCH (c)-[t:TEACHES]->(k:Skill)
    OPTIONAL MATCH (pre:Course)-[:PREREQUISITE_OF]->(c)
    RETURN c.id AS id, c.title_zh AS title_zh, c.title_en AS title_en, c.hours AS hours,
           c.seats - coalesce(c.seats_taken, 0) AS seats_free, coalesce(c.subsidy, 0.0) AS subsidy,
           coalesce(c.cost, 0.0) AS cost, pk.id AS park, o.id AS provider_id,
           o.name_zh AS provider_zh, o.name_en AS provider_en,
           collect(DISTINCT k.id) AS skills, collect(DISTINCT pre.id) AS prerequisites
    """
)
VACANCIES_BY_ID = cypher(
    """
    MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
    WHERE v.id IN $ids
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    OPTIONAL MATCH (v)-[:FOR_OCCUPATION]->(o:Occupation)
    OPTIONAL MATCH (v)-[r:REQUIRES]->(k:Skill)
    RETURN v.id AS id, v.title AS title, v.description AS description, v.kind AS kind,
           v.location AS location, pk.id AS park, o.id AS occupation,
           collect(k.id) AS skills, collect(r.importance) AS importances,
           collect(r.level) AS levels
    """
)
PEOPLE_BY_ID = cypher(
    """
    MATCH (p:Person) WHERE p.id IN $ids
    OPTIONAL MATCH (p)-[h:HAS_SKILL]->(k:Skill)
    RETURN p.id AS id, p.summary AS summary, collect(k.id) AS skills, collect(h.level) AS levels
    """
)
# Every application's outcome: the feedback the learned ranker is trained on.
APPLICATION_OUTCOMES = cypher(
    """
    MATCH (p:Person)<-[:APPLIED_BY]-(a:Application)-[:APPLIED_TO]->(v:Vacancy)
    RETURN p.id AS person, v.id AS vacancy, a.status AS status, a.created_at AS created_at
    """
)
COMPLETED = cypher(
    "MATCH (p:Person {id: $id})-[e:ENROLLED_IN]->(c:Course) WHERE e.status = 'completed' "
    "RETURN c.id AS id"
)


class RecommendationRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def open_vacancies(self, today: str) -> list[dict[str, Any]]:
        return self.store.query(OPEN_VACANCIES, {"today": today})

    def fingerprint(self, today: str) -> tuple[int, str | None, str | None]:
        row = self.store.query(OPEN_VACANCY_FINGERPRINT, {"today": today})[0]
        return int(row["n"]), row["newest"], row["edited"]

    def open_stamps(self, today: str) -> dict[str, str]:
        """Each open vacancy's id and when it last changed."""
        rows = self.store.query(OPEN_VACANCY_STAMPS, {"today": today})
        return {str(r["id"]): str(r["stamp"]) for r in rows}

    def vacancy(self, vacancy_id: str) -> dict[str, Any] | None:
        rows = self.store.query(VACANCY, {"id": vacancy_id})
        return rows[0] if rows else None

    def vacancy_cards(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.store.query(VACANCY_CARDS, {"ids": ids})}

    def person(self, person_id: str) -> dict[str, Any] | None:
        def work(tx: Tx) -> dict[str, Any] | None:
            rows = tx.run(PERSON, {"id": person_id})
            if not rows:
                return None
            park = tx.run(PERSON_PARK, {"id": person_id})
            completed = [r["id"] for r in tx.run(COMPLETED, {"id": person_id})]
            return {**rows[0], "park": park[0]["park"] if park else None, "completed": completed}

        return self.store.read(work)

    def visible_people(self) -> list[dict[str, Any]]:
        return self.store.query(VISIBLE_PEOPLE)

    def people_fingerprint(self) -> tuple[int, int, int]:
        row = self.store.query(VISIBLE_PEOPLE_FINGERPRINT)[0]
        return int(row["people"]), int(row["skills"]), int(row["levels"] or 0)

    def people_cards(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.store.query(PEOPLE_CARDS, {"ids": ids})}

    def vacancies_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        return self.store.query(VACANCIES_BY_ID, {"ids": ids})

    def people_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        return self.store.query(PEOPLE_BY_ID, {"ids": ids})

    def application_outcomes(self) -> list[dict[str, Any]]:
        return self.store.query(APPLICATION_OUTCOMES)

    def open_courses(self) -> list[dict[str, Any]]:
        return self.store.query(OPEN_COURSES)
