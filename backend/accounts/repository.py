"""All Cypher about accounts, sessions and reset tokens."""

from __future__ import annotations

from typing import Any

from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

GET_USER = cypher("MATCH (u:User {id: $id}) RETURN u")

# A session, its user and what the user acts for, in one read. The org's
# verification is a Firm's `verified` flag, or an active status for other members.
LOAD_PRINCIPAL = cypher(
    """
    MATCH (s:Session {id: $sid})
    WHERE s.expires_at > $now
    MATCH (u:User {id: s.user_id})
    WHERE u.status <> 'disabled'
    OPTIONAL MATCH (u)-[:IS_PERSON]->(p:Person)
    OPTIONAL MATCH (u)-[:ACTS_FOR]->(o)
    RETURN u, s.csrf AS csrf, p.id AS person_id, o.id AS org_id, label(o) AS org_kind,
           o.verified AS org_verified, o.status AS org_status
    """
)

FIND_FIRM_BY_USCC = cypher("MATCH (f:Firm {uscc: $uscc}) RETURN f.id AS id LIMIT 1")
TOUCH_LOGIN = cypher("MATCH (u:User {id: $id}) SET u.last_login_at = $now RETURN u.id AS id")
DELETE_SESSION = cypher("MATCH (s:Session {id: $sid}) DELETE s RETURN 1 AS deleted")
DELETE_USER_SESSIONS = cypher("MATCH (s:Session {user_id: $uid}) DELETE s RETURN count(*) AS n")
GET_RESET = cypher("MATCH (t:ResetToken {id: $id}) RETURN t")
USE_RESET = cypher(
    "MATCH (t:ResetToken {id: $id}) WHERE t.used_at IS NULL SET t.used_at = $now "
    "RETURN t.user_id AS user_id"
)
SET_PASSWORD = cypher("MATCH (u:User {id: $id}) SET u.password_hash = $hash RETURN u.id AS id")
SET_USER_STATUS = cypher(
    "MATCH (u:User {id: $id}) SET u.status = $status RETURN u.id AS id, u.role AS role"
)
LIST_PENDING = cypher(
    """
    MATCH (u:User {status: 'pending'})
    OPTIONAL MATCH (u)-[:ACTS_FOR]->(o)
    RETURN u.id AS id, u.email AS email, u.role AS role, u.display_name AS display_name,
           u.created_at AS created_at, o.id AS org_id, label(o) AS org_kind,
           o.name_zh AS org_name_zh, o.name_en AS org_name_en
    ORDER BY created_at SKIP 0 LIMIT 500
    """
)


class AccountRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def user(self, user_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET_USER, {"id": user_id})
        return rows[0]["u"] if rows else None

    def principal_row(self, session_id: str, now: str) -> dict[str, Any] | None:
        rows = self.store.query(LOAD_PRINCIPAL, {"sid": session_id, "now": now})
        return rows[0] if rows else None

    def firm_by_uscc(self, uscc: str) -> str | None:
        rows = self.store.query(FIND_FIRM_BY_USCC, {"uscc": uscc})
        return rows[0]["id"] if rows else None

    def org(self, org_id: str, labels: tuple[str, ...]) -> dict[str, Any] | None:
        """The member with this id among ``labels`` (one lookup per label: an
        unlabelled match would scan every table, people included)."""
        for label in labels:
            rows = self.store.query(generic.get_node(label), {"id": org_id})
            if rows:
                return {"kind": label, **rows[0]["n"]}
        return None

    @staticmethod
    def create(tx: Tx, label: str, row: dict[str, Any]) -> None:
        tx.run(generic.create_node(label), generic.coerce_props(label, row, full=True))

    @staticmethod
    def link(tx: Tx, type_: str, src: tuple[str, str], dst: tuple[str, str], **props: Any) -> None:
        params = {"src": src[1], "dst": dst[1], **generic.coerce_rel_props(type_, props, full=True)}
        tx.run(generic.link(type_, src[0], dst[0]), params)

    def pending(self) -> list[dict[str, Any]]:
        return self.store.query(LIST_PENDING)
