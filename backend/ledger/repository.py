"""All Cypher behind the ledger. The ledger is derived, never written: from
approved bookings, shared-course enrolments by other members' people, hires
through members' vacancies, and competition results.

Every query takes ``$key``: ``''`` for staff (everything), else the caller's
member id, and returns only rows where that member gave or received — the one
readable rule (``LedgerScope``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from backend.graph.store import Cypher, GraphStore, Tx, cypher

# Each source is its match (``_X``) and its columns; entries carry ``rank`` (the
# kind's place in ``KIND_ORDER``) so every source sorts as the page does:
# newest day first, then kind, then id, all descending.
_BOOKINGS: LiteralString = """
    MATCH (b:Booking)-[:BOOKS]->(r)-[:OWNED_BY|TEACHES_AT]->(o)
    MATCH (b)-[:REQUESTED_BY]->(q)
    WHERE b.status = 'approved' AND b.slot_start >= $since AND b.slot_start < $until
      AND ($key = '' OR o.id = $key OR q.id = $key)
      AND ($kind = '' OR b.kind = $kind)
"""
_BOOKING_COLUMNS: LiteralString = """
    RETURN b.id AS id, left(b.slot_start, 10) AS day, b.kind AS kind, r.id AS resource_id,
           coalesce(r.name_zh, r.name) AS resource_zh, r.name_en AS resource_en,
           o.id AS provider_id, label(o) AS provider_kind, o.name_zh AS provider_zh,
           o.name_en AS provider_en, q.id AS receiver_id, label(q) AS receiver_kind,
           q.name_zh AS receiver_zh, q.name_en AS receiver_en, b.seats AS seats,
           b.slot_start AS slot_start, b.slot_end AS slot_end,
           CASE WHEN b.kind = 'facility' THEN 0 ELSE 1 END AS rank
"""
# A member's people on another member's course: students by their school,
# workers by their current employer.
_ENROLMENT_COLUMNS: LiteralString = """
    RETURN c.id + ':' + p.id AS id, e.enrolled_on AS day, 'course' AS kind, c.id AS resource_id,
           c.title_zh AS resource_zh, c.title_en AS resource_en,
           o.id AS provider_id, label(o) AS provider_kind, o.name_zh AS provider_zh,
           o.name_en AS provider_en, m.id AS receiver_id, label(m) AS receiver_kind,
           m.name_zh AS receiver_zh, m.name_en AS receiver_en, 1 AS seats, c.hours AS hours,
           2 AS rank
"""
_STUDENTS: LiteralString = """
    MATCH (p:Person)-[e:ENROLLED_IN]->(c:Course)-[:OFFERED_BY]->(o)
    WHERE e.status IN ['enrolled', 'completed'] AND e.enrolled_on >= $since
      AND e.enrolled_on < $until
    MATCH (p)-[:STUDIES_AT]->(m:School)
    WHERE m.id <> o.id AND ($key = '' OR o.id = $key OR m.id = $key)
"""
_WORKERS: LiteralString = """
    MATCH (p:Person)-[e:ENROLLED_IN]->(c:Course)-[:OFFERED_BY]->(o)
    WHERE e.status IN ['enrolled', 'completed'] AND e.enrolled_on >= $since
      AND e.enrolled_on < $until
    MATCH (p)-[w:WORKS_AT]->(m:Firm)
    WHERE w.to_date IS NULL AND ($key = '' OR o.id = $key OR m.id = $key)
"""
# A hire through a member's vacancy: given by the firm, received by the
# person's school (a student) or by the person (no member: receiver empty).
_HIRES: LiteralString = """
    MATCH (a:Application)-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(o:Firm)
    WHERE a.status = 'hired' AND coalesce(a.updated_at, a.created_at) >= $since
      AND coalesce(a.updated_at, a.created_at) < $until
    MATCH (a)-[:APPLIED_BY]->(p:Person)
    OPTIONAL MATCH (p)-[:STUDIES_AT]->(m:School)
    WITH a, v, o, m
    WHERE $key = '' OR o.id = $key OR m.id = $key
"""
_HIRE_COLUMNS: LiteralString = """
    RETURN a.id AS id, left(coalesce(a.updated_at, a.created_at), 10) AS day,
           'job_opportunity' AS kind, v.id AS resource_id, v.title AS resource_zh,
           v.title_en AS resource_en, o.id AS provider_id, 'Firm' AS provider_kind,
           o.name_zh AS provider_zh, o.name_en AS provider_en, m.id AS receiver_id,
           'School' AS receiver_kind, m.name_zh AS receiver_zh, m.name_en AS receiver_en,
           1 AS seats, 3 AS rank
"""
_RESULTS: LiteralString = """
    MATCH (p:Person)-[r:COMPETED_IN]->(c:Competition)-[:ORGANISED_BY]->(o)
    WHERE c.held_on >= $since AND c.held_on < $until
    OPTIONAL MATCH (p)-[:STUDIES_AT]->(s:School)
    OPTIONAL MATCH (p)-[w:WORKS_AT]->(f:Firm) WHERE w.to_date IS NULL
    WITH c, o, p, s, f
    WHERE $key = '' OR o.id = $key OR s.id = $key OR f.id = $key
"""
_RESULT_COLUMNS: LiteralString = """
    RETURN c.id + ':' + p.id AS id, c.held_on AS day, 'competition_result' AS kind,
           c.id AS resource_id, c.name_zh AS resource_zh, c.name_en AS resource_en,
           o.id AS provider_id, label(o) AS provider_kind, o.name_zh AS provider_zh,
           o.name_en AS provider_en, s.id AS school_id, s.name_zh AS school_zh,
           s.name_en AS school_en, f.id AS firm_id, f.name_zh AS firm_zh, f.name_en AS firm_en,
           1 AS seats, 4 AS rank
"""
_NEWEST_FIRST: LiteralString = " ORDER BY day DESC, rank DESC, id DESC LIMIT $top"


@dataclass(frozen=True)
class Source:
    """One source of ledger entries: the kinds it gives, all its rows, its
    newest ``$top`` rows, and how many rows it has."""

    kinds: tuple[str, ...]
    rows: Cypher
    top: Cypher
    count: Cypher

    @classmethod
    def of(cls, kinds: tuple[str, ...], match: LiteralString, columns: LiteralString) -> Source:
        return cls(
            kinds,
            cypher(match + columns),
            cypher(match + columns + _NEWEST_FIRST),
            cypher(match + " RETURN count(*) AS n"),
        )


SOURCES: dict[str, Source] = {
    "bookings": Source.of(("facility", "teacher"), _BOOKINGS, _BOOKING_COLUMNS),
    "students": Source.of(("course",), _STUDENTS, _ENROLMENT_COLUMNS),
    "workers": Source.of(("course",), _WORKERS, _ENROLMENT_COLUMNS),
    "hires": Source.of(("job_opportunity",), _HIRES, _HIRE_COLUMNS),
    "results": Source.of(("competition_result",), _RESULTS, _RESULT_COLUMNS),
}

FACILITIES = cypher(
    """
    MATCH (r:Facility)-[:OWNED_BY]->(o)
    WHERE $key = '' OR o.id = $key
    RETURN r.id AS id, 'facility' AS kind, r.name_zh AS name_zh, r.name_en AS name_en,
           r.capacity AS capacity, r.open_hours AS open_hours, o.id AS owner_id,
           o.name_zh AS owner_zh, o.name_en AS owner_en
    ORDER BY id
    """
)
TEACHERS = cypher(
    """
    MATCH (r:Teacher)-[:TEACHES_AT]->(o)
    WHERE $key = '' OR o.id = $key
    RETURN r.id AS id, 'teacher' AS kind, r.name AS name_zh, r.name AS name_en, 1 AS capacity,
           '' AS open_hours, o.id AS owner_id, o.name_zh AS owner_zh, o.name_en AS owner_en
    ORDER BY id
    """
)


class LedgerRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def sources(self, key: str, since: str, until: str) -> dict[str, list[dict[str, Any]]]:
        """Every entry of every source, and the resources, in one transaction
        (utilisation and the CSV export need them all)."""
        params = {"key": key, "since": since, "until": until, "kind": ""}

        def work(tx: Tx) -> dict[str, list[dict[str, Any]]]:
            got = {name: tx.run(src.rows, params) for name, src in SOURCES.items()}
            got["facilities"] = tx.run(FACILITIES, params)
            got["teachers"] = tx.run(TEACHERS, params)
            return got

        return self.store.read(work)

    def newest(
        self, key: str, since: str, until: str, kind: str, top: int
    ) -> tuple[dict[str, list[dict[str, Any]]], int]:
        """For one page: each source's newest ``top`` entries (a page ending at
        ``top`` can only hold those) and the number of entries of all sources,
        counted in the store; one transaction."""
        params = {"key": key, "since": since, "until": until, "kind": kind, "top": top}
        wanted = {n: s for n, s in SOURCES.items() if not kind or kind in s.kinds}

        def work(tx: Tx) -> tuple[dict[str, list[dict[str, Any]]], int]:
            rows = {name: tx.run(src.top, params) for name, src in wanted.items()}
            total = sum(int(tx.run(src.count, params)[0]["n"]) for src in wanted.values())
            return rows, total

        return self.store.read(work)
