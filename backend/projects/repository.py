"""All Cypher about cooperation projects. Projects are public, so reads need
no caller; changes are checked against the parties in the service."""

from __future__ import annotations

from typing import Any

from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

_FILTER = """
    MATCH (p:Project)
    WHERE ($kind = '' OR p.kind = $kind)
      AND ($status = '' OR p.status = $status)
      AND ($member = '' OR EXISTS { MATCH (p)-[:SIGNED]->(m) WHERE m.id = $member })
"""
LIST = cypher(_FILTER + " RETURN p ORDER BY p.signed_on DESC, p.id SKIP $skip LIMIT $limit")
COUNT = cypher(_FILTER + " RETURN count(p) AS total")
GET = cypher("MATCH (p:Project {id: $id}) RETURN p")
PARTIES = cypher(
    """
    MATCH (p:Project)-[s:SIGNED]->(o)
    WHERE p.id IN $ids
    RETURN p.id AS project_id, o.id AS id, label(o) AS kind, o.name_zh AS name_zh,
           o.name_en AS name_en, s.role AS role, s.signed_on AS signed_on
    ORDER BY project_id, role, id
    """
)
SIGN = cypher(
    """
    MATCH (p:Project {id: $id})-[s:SIGNED]->(o)
    WHERE o.id = $member AND s.signed_on IS NULL
    SET s.signed_on = $today, p.updated_at = $now
    RETURN p.id AS id
    """
)
UNSIGNED = cypher(
    """
    MATCH (p:Project {id: $id})-[s:SIGNED]->(o)
    WHERE s.signed_on IS NULL
    RETURN count(s) AS n
    """
)
START = cypher(
    """
    MATCH (p:Project {id: $id})
    WHERE p.status = 'proposed'
    SET p.status = 'in_progress', p.signed_on = $today
    RETURN p.id AS id
    """
)


class ProjectRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def page(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            return tx.run(LIST, params), int(tx.run(COUNT, params)[0]["total"])

        return self.store.read(work)

    def get(self, project_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET, {"id": project_id})
        return rows[0]["p"] if rows else None

    def parties(self, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for r in self.store.query(PARTIES, {"ids": ids}):
                out[r["project_id"]].append(r)
        return out

    @staticmethod
    def exists(tx: Tx, label: str, node_id: str) -> bool:
        return bool(tx.run(generic.get_node(label), {"id": node_id}))

    @staticmethod
    def create(
        tx: Tx, row: dict[str, Any], lead: tuple[str, str], partners: list[tuple[str, str]]
    ) -> None:
        tx.run(generic.create_node("Project"), generic.coerce_props("Project", row, full=True))
        tx.run(
            generic.link("SIGNED", "Project", lead[0]),
            {"src": row["id"], "dst": lead[1], "role": "lead", "signed_on": row["created_at"][:10]},
        )
        for label, oid in partners:
            tx.run(
                generic.link("SIGNED", "Project", label),
                {"src": row["id"], "dst": oid, "role": "partner", "signed_on": None},
            )

    @staticmethod
    def sign(tx: Tx, project_id: str, member_id: str, today: str, now: str) -> bool:
        params = {"id": project_id, "member": member_id, "today": today, "now": now}
        return bool(tx.run(SIGN, params))

    @staticmethod
    def start_if_all_signed(tx: Tx, project_id: str, today: str) -> None:
        if int(tx.run(UNSIGNED, {"id": project_id})[0]["n"]) == 0:
            tx.run(START, {"id": project_id, "today": today})

    @staticmethod
    def update(tx: Tx, project_id: str, fields: dict[str, Any]) -> None:
        props = generic.coerce_props("Project", fields, full=False)
        tx.run(generic.update_node("Project", props), {"id": project_id, **props})
