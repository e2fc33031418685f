"""All Cypher about competitions and their results.

Competitions are public. Results are read through ``readable_results``: staff
and the organiser see a competition's whole list, a person their own results;
no other query returns results.
"""

from __future__ import annotations

from typing import Any, LiteralString

from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

_COLUMNS: LiteralString = """
    OPTIONAL MATCH (c)-[:ORGANISED_BY]->(o)
    OPTIONAL MATCH (c)-[:FOR_OCCUPATION]->(occ:Occupation)
    OPTIONAL MATCH (:Person)-[r:COMPETED_IN]->(c)
    WITH c, o, occ, count(r) AS results
    RETURN c, o.id AS organiser_id, label(o) AS organiser_kind, o.name_zh AS organiser_zh,
           o.name_en AS organiser_en, occ.id AS occupation_id, occ.name_zh AS occupation_zh,
           occ.name_en AS occupation_en, results
"""
GET = cypher("MATCH (c:Competition {id: $id}) " + _COLUMNS)
_FILTER: LiteralString = """
    MATCH (c:Competition)
    WHERE ($level = '' OR c.level = $level)
      AND ($since = '' OR c.held_on >= $since)
      AND ($q = '' OR toLower(coalesce(c.name_zh, '') + ' ' + coalesce(c.name_en, ''))
                      CONTAINS $q)
"""
LIST = cypher(
    _FILTER
    + "WITH c ORDER BY c.held_on DESC, c.id SKIP $skip LIMIT $limit "
    + _COLUMNS
    + " ORDER BY c.held_on DESC, c.id"
)
COUNT = cypher(_FILTER + " RETURN count(c) AS total")
OCCUPATION = cypher("MATCH (o:Occupation {id: $id}) RETURN o.id AS id")
PERSONS = cypher("UNWIND $ids AS x MATCH (p:Person {id: x}) RETURN p.id AS id")
ALREADY = cypher(
    """
    MATCH (p:Person)-[:COMPETED_IN]->(:Competition {id: $id})
    WHERE p.id IN $ids
    RETURN p.id AS id
    """
)
ADD_RESULTS = cypher(
    """
    UNWIND $rows AS r
    MATCH (p:Person {id: r.person_id})
    MATCH (c:Competition {id: $id})
    CREATE (p)-[:COMPETED_IN {rank: r.rank, award: r.award_text}]->(c)
    RETURN count(*) AS n
    """
)
LINK_CREDENTIALS = cypher(
    """
    UNWIND $rows AS r
    MATCH (p:Person {id: r.person_id})
    MATCH (k:Credential {id: r.credential_id})
    MATCH (c:Competition {id: $id})
    CREATE (p)-[:HOLDS]->(k)
    CREATE (k)-[:RESULT_OF]->(c)
    RETURN count(*) AS n
    """
)
CREDENTIALS_IN_OCCUPATION = cypher(
    """
    UNWIND $rows AS r
    MATCH (k:Credential {id: r.credential_id})
    MATCH (o:Occupation {id: $occupation})
    CREATE (k)-[:IN_OCCUPATION]->(o)
    RETURN count(*) AS n
    """
)
_RESULT_COLUMNS: LiteralString = """
    OPTIONAL MATCH (p)-[:HOLDS]->(k:Credential)-[:RESULT_OF]->(c)
    RETURN c.id AS competition_id, c.name_zh AS competition_zh, c.name_en AS competition_en,
           c.level AS level, c.held_on AS held_on, p.id AS person_id, p.name AS person_name,
           r.rank AS rank, r.award AS award_text, k.id AS credential_id, k.award AS award,
           k.honor AS honor, k.points AS points
"""
RESULTS_OF_COMPETITION = cypher(
    "MATCH (p:Person)-[r:COMPETED_IN]->(c:Competition {id: $id}) "
    + _RESULT_COLUMNS
    + " ORDER BY rank, person_id"
)
RESULTS_OF_PERSON = cypher(
    "MATCH (p:Person {id: $person})-[r:COMPETED_IN]->(c:Competition) "
    + _RESULT_COLUMNS
    + " ORDER BY held_on DESC, competition_id"
)
# What the pathways profile builder reads: the honours a person's results give.
HONOURS_OF_PERSON = cypher(
    """
    MATCH (p:Person {id: $person})-[:HOLDS]->(k:Credential)-[:RESULT_OF]->(:Competition)
    WHERE k.honor IS NOT NULL
    RETURN DISTINCT k.honor AS honor ORDER BY honor
    """
)

# Whom an organiser may name in its results: anyone for staff ($org = ''), a firm's
# own people (past or present WORKS_AT) for a firm that runs its own contest.
FIND_PEOPLE = cypher(
    """
    MATCH (p:Person)
    WHERE (p.id = $q OR p.name CONTAINS $q)
      AND ($org = '' OR EXISTS { MATCH (p)-[:WORKS_AT]->(:Firm {id: $org}) })
    OPTIONAL MATCH (p)-[:STUDIES_AT]->(s:School)
    OPTIONAL MATCH (p)-[w:WORKS_AT]->(f:Firm)
    WITH p, min(s.name_zh) AS school_zh, min(s.name_en) AS school_en,
         min(CASE WHEN w.to_date IS NULL THEN f.name_zh END) AS firm_zh,
         min(CASE WHEN w.to_date IS NULL THEN f.name_en END) AS firm_en
    RETURN p.id AS id, p.name AS name, school_zh, school_en, firm_zh, firm_en
    ORDER BY name, id LIMIT $limit
    """
)


class CompetitionRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def get(self, competition_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET, {"id": competition_id})
        return rows[0] if rows else None

    def page(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            return tx.run(LIST, params), int(tx.run(COUNT, params)[0]["total"])

        return self.store.read(work)

    @staticmethod
    def occupation_exists(tx: Tx, code: str) -> bool:
        return bool(tx.run(OCCUPATION, {"id": code}))

    @staticmethod
    def create(
        tx: Tx, row: dict[str, Any], organiser: tuple[str, str], occupation: str | None
    ) -> None:
        tx.run(
            generic.create_node("Competition"), generic.coerce_props("Competition", row, full=True)
        )
        tx.run(
            generic.link("ORGANISED_BY", "Competition", organiser[0]),
            {"src": row["id"], "dst": organiser[1]},
        )
        if occupation:
            tx.run(
                generic.link("FOR_OCCUPATION", "Competition", "Occupation"),
                {"src": row["id"], "dst": occupation},
            )

    @staticmethod
    def known_people(tx: Tx, ids: list[str]) -> set[str]:
        return {r["id"] for r in tx.run(PERSONS, {"ids": ids})}

    @staticmethod
    def already(tx: Tx, competition_id: str, ids: list[str]) -> list[str]:
        return sorted(r["id"] for r in tx.run(ALREADY, {"id": competition_id, "ids": ids}))

    @staticmethod
    def publish(
        tx: Tx,
        competition_id: str,
        rows: list[dict[str, Any]],
        credentials: list[dict[str, Any]],
        issuer: tuple[str, str],
        occupation: str | None,
    ) -> None:
        tx.run(ADD_RESULTS, {"id": competition_id, "rows": rows})
        tx.run(
            generic.bulk_create_nodes("Credential"),
            {"rows": [generic.coerce_props("Credential", c, full=True) for c in credentials]},
        )
        tx.run(LINK_CREDENTIALS, {"id": competition_id, "rows": rows})
        tx.run(
            generic.bulk_create_rels("ISSUED_BY", "Credential", issuer[0]),
            {"rows": [{"src": c["id"], "dst": issuer[1]} for c in credentials]},
        )
        if occupation:
            tx.run(CREDENTIALS_IN_OCCUPATION, {"rows": rows, "occupation": occupation})

    def results_of_competition(self, competition_id: str) -> list[dict[str, Any]]:
        return self.store.query(RESULTS_OF_COMPETITION, {"id": competition_id})

    def results_of_person(self, person_id: str) -> list[dict[str, Any]]:
        return self.store.query(RESULTS_OF_PERSON, {"person": person_id})

    def honours_of_person(self, person_id: str) -> list[str]:
        return [r["honor"] for r in self.store.query(HONOURS_OF_PERSON, {"person": person_id})]

    def find_people(self, q: str, org: str, limit: int) -> list[dict[str, Any]]:
        return self.store.query(FIND_PEOPLE, {"q": q, "org": org, "limit": limit})
