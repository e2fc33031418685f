"""All Cypher about in-app notifications. A user reads only the notifications
that NOTIFY them: every query is anchored on the caller's own user id."""

from __future__ import annotations

from typing import Any

from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

LIST_MINE = cypher(
    """
    MATCH (n:Notification)-[:NOTIFIES]->(:User {id: $uid})
    WHERE $unread_only = false OR n.read = false
    RETURN n ORDER BY n.created_at DESC, n.id DESC SKIP $skip LIMIT $limit
    """
)
COUNT_MINE = cypher(
    """
    MATCH (n:Notification)-[:NOTIFIES]->(:User {id: $uid})
    RETURN count(n) AS total, sum(CASE WHEN n.read THEN 0 ELSE 1 END) AS unread
    """
)
MARK_READ = cypher(
    "MATCH (n:Notification {id: $id})-[:NOTIFIES]->(:User {id: $uid}) SET n.read = true RETURN n"
)
MARK_ALL_READ = cypher(
    "MATCH (n:Notification)-[:NOTIFIES]->(:User {id: $uid}) WHERE n.read = false "
    "SET n.read = true RETURN count(n) AS marked"
)

# Who hears: the active accounts of a person, a firm or a school.
PERSON_USERS = cypher(
    "MATCH (u:User)-[:IS_PERSON]->(:Person {id: $id}) WHERE u.status = 'active' "
    "RETURN u.id AS id, u.email AS email, u.lang AS lang ORDER BY id"
)
FIRM_USERS = cypher(
    "MATCH (u:User)-[:ACTS_FOR]->(:Firm {id: $id}) WHERE u.status = 'active' "
    "RETURN u.id AS id, u.email AS email, u.lang AS lang ORDER BY id"
)
SCHOOL_USERS = cypher(
    "MATCH (u:User)-[:ACTS_FOR]->(:School {id: $id}) WHERE u.status = 'active' "
    "RETURN u.id AS id, u.email AS email, u.lang AS lang ORDER BY id"
)
_USERS_OF = {"Person": PERSON_USERS, "Firm": FIRM_USERS, "School": SCHOOL_USERS}


class NotificationRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def page(
        self, user_id: str, unread_only: bool, skip: int, limit: int
    ) -> tuple[list[dict[str, Any]], int, int]:
        params = {"uid": user_id, "unread_only": unread_only, "skip": skip, "limit": limit}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int, int]:
            rows = [r["n"] for r in tx.run(LIST_MINE, params)]
            counts = tx.run(COUNT_MINE, {"uid": user_id})[0]
            total, unread = int(counts["total"]), int(counts["unread"] or 0)
            return rows, (unread if unread_only else total), unread

        return self.store.read(work)

    def mark_read(self, user_id: str, notification_id: str) -> dict[str, Any] | None:
        rows = self.store.execute(MARK_READ, {"id": notification_id, "uid": user_id})
        return rows[0]["n"] if rows else None

    def mark_all_read(self, user_id: str) -> int:
        return int(self.store.execute(MARK_ALL_READ, {"uid": user_id})[0]["marked"])

    @staticmethod
    def recipients(tx: Tx, label: str, node_id: str) -> list[dict[str, Any]]:
        return tx.run(_USERS_OF[label], {"id": node_id})

    @staticmethod
    def create(tx: Tx, row: dict[str, Any], user_id: str) -> None:
        tx.run(
            generic.create_node("Notification"),
            generic.coerce_props("Notification", row, full=True),
        )
        tx.run(generic.link("NOTIFIES", "Notification", "User"), {"src": row["id"], "dst": user_id})
