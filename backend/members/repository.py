"""All Cypher about alliance membership."""

from __future__ import annotations

from typing import Any

from backend.errors import InvalidInput
from backend.graph import generic
from backend.graph.store import Cypher, GraphStore, Tx, built, cypher

# Members with their park, if any. The optional kind filter is a parameter
# (``$kind`` null means every kind), never text pasted into the query; it is
# written with coalesce because the embedded engine cannot type a null
# parameter in ``$kind IS NULL OR ...``.
LIST_MEMBERS = cypher(
    """
    MATCH (o)-[m:MEMBER_OF]->(a:Alliance {id: $alliance})
    WHERE label(o) = coalesce($kind, label(o))
    OPTIONAL MATCH (o)-[:LOCATED_IN]->(p:Park)
    RETURN o.id AS id, label(o) AS kind, o.name_zh AS name_zh, o.name_en AS name_en,
           o.district AS district, p.id AS park_id, p.name_zh AS park_zh,
           p.name_en AS park_en, m.since AS since
    ORDER BY kind, id
    SKIP $skip LIMIT $limit
    """
)

COUNT_MEMBERS = cypher(
    """
    MATCH (o)-[:MEMBER_OF]->(a:Alliance {id: $alliance})
    WHERE label(o) = coalesce($kind, label(o))
    RETURN count(o) AS total
    """
)

GET_ALLIANCE = cypher(
    "MATCH (a:Alliance) RETURN a.id AS id, a.name_zh AS name_zh, a.name_en AS name_en, "
    "a.founded_on AS founded_on ORDER BY a.id LIMIT 1"
)


class MemberRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def alliance(self) -> dict[str, Any] | None:
        rows = self.store.query(GET_ALLIANCE)
        return rows[0] if rows else None

    def page(
        self, alliance_id: str, kind: str | None, skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        params = {"alliance": alliance_id, "kind": kind, "skip": skip, "limit": limit}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_MEMBERS, params)
            total = tx.run(COUNT_MEMBERS, params)[0]["total"]
            return rows, int(total)

        return self.store.read(work)

    def pending_firms(self) -> list[dict[str, Any]]:
        return self.store.query(PENDING_FIRMS)

    def approve(self, alliance_id: str, kind: str, org_id: str, today: str) -> bool:
        def work(tx: Tx) -> bool:
            if not tx.run(_approve_query(kind), {"id": org_id}):
                return False
            if not tx.run(_membership_query(kind), {"id": org_id, "alliance": alliance_id}):
                tx.run(
                    generic.link("MEMBER_OF", kind, "Alliance"),
                    {"src": org_id, "dst": alliance_id, "since": today, "role": "member"},
                )
            return True

        return self.store.write(work)


MEMBER_KINDS = ("GovernmentBody", "School", "Firm", "TrainingCentre", "Park")

PENDING_FIRMS = cypher(
    """
    MATCH (f:Firm {status: 'pending'})
    RETURN f.id AS id, 'Firm' AS kind, f.name_zh AS name_zh, f.name_en AS name_en,
           f.uscc AS uscc, f.joined_on AS since
    ORDER BY id SKIP 0 LIMIT 500
    """
)


def _approve_query(kind: str) -> Cypher:
    """Approving a member: it becomes active (a firm also verified, so it may see
    candidates) and a MEMBER_OF the alliance if it was not yet. The label comes
    from ``MEMBER_KINDS``, never from the request text."""
    if kind not in MEMBER_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(MEMBER_KINDS)}", field="kind")
    verified = ", o.verified = true" if kind == "Firm" else ""
    return built(
        f"MATCH (o:{kind} {{id: $id}}) SET o.status = 'active'{verified} RETURN o.id AS id"
    )


def _membership_query(kind: str) -> Cypher:
    return built(
        f"MATCH (o:{kind} {{id: $id}})-[:MEMBER_OF]->(a:Alliance {{id: $alliance}}) "
        "RETURN o.id AS id"
    )
