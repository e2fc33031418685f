"""All Cypher about applications.

Who may read an application is decided here and nowhere else
(``ApplicationScope.of``): the applicant; the verified firm whose vacancy it is;
the school where the applicant studies; staff. Each scope has its own query
anchored on the caller (the person, the firm, the school), so a read can never
reach past it; anyone else reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from backend.accounts.schemas import Principal
from backend.graph import generic
from backend.graph.store import Cypher, GraphStore, Tx, cypher

ScopeKind = Literal["person", "firm", "school", "staff", "none"]

_PATH = (
    "(p:Person)<-[:APPLIED_BY]-(a:Application)-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm)"
)

# One anchored MATCH per scope, for pages.
_LIST_ANCHOR: dict[ScopeKind, str] = {
    "person": "MATCH (p:Person {id: $key})<-[:APPLIED_BY]-(a:Application)-[:APPLIED_TO]->"
    "(v:Vacancy)-[:POSTED_BY]->(f:Firm) ",
    "firm": "MATCH (p:Person)<-[:APPLIED_BY]-(a:Application)-[:APPLIED_TO]->(v:Vacancy)"
    "-[:POSTED_BY]->(f:Firm {id: $key}) ",
    "school": "MATCH (:School {id: $key})<-[:STUDIES_AT]-(p:Person)<-[:APPLIED_BY]-"
    "(a:Application)-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm) ",
    "staff": "MATCH " + _PATH + " ",
}
# The same rule for one application by id.
_ONE_ANCHOR: dict[ScopeKind, str] = {
    "person": "MATCH (a:Application {id: $id})-[:APPLIED_BY]->(p:Person {id: $key}) "
    "MATCH (a)-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm) ",
    "firm": "MATCH (a:Application {id: $id})-[:APPLIED_TO]->(v:Vacancy)"
    "-[:POSTED_BY]->(f:Firm {id: $key}) MATCH (a)-[:APPLIED_BY]->(p:Person) ",
    "school": "MATCH (a:Application {id: $id})-[:APPLIED_BY]->(p:Person)"
    "-[:STUDIES_AT]->(:School {id: $key}) "
    "MATCH (a)-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm) ",
    "staff": "MATCH (a:Application {id: $id})-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm) "
    "MATCH (a)-[:APPLIED_BY]->(p:Person) ",
}
_FILTER = (
    "WHERE ($status = '' OR a.status = $status) AND ($vacancy = '' OR v.id = $vacancy) "
    "AND ($kind = '' OR v.kind = $kind) "
    # a placement still open that its school has not approved yet
    "AND ($awaiting = false OR (a.status IN ['applied', 'shortlisted', 'interview', 'offer'] "
    "AND EXISTS { MATCH (a)-[w:SUPERVISED_BY]->(:School) "
    "WHERE coalesce(w.approved, false) = false })) "
)
_SUPERVISION = "OPTIONAL MATCH (a)-[sup:SUPERVISED_BY]->(s:School) "
_COLUMNS = (
    "RETURN a, v.id AS vacancy_id, v.title AS vacancy_title, v.title_en AS vacancy_title_en, "
    "v.kind AS vacancy_kind, f.id AS firm_id, f.name_zh AS firm_zh, f.name_en AS firm_en, "
    "p.id AS person_id, p.name AS person_name, p.role AS person_role, "
    "s.id AS school_id, s.name_zh AS school_zh, s.name_en AS school_en, "
    "sup.approved AS approved, sup.approved_on AS approved_on "
)
_ORDER = "ORDER BY a.created_at DESC, a.id"

_PAGE = "WITH a, v, f, p " + _ORDER + " SKIP $skip LIMIT $limit " + _SUPERVISION + _COLUMNS + _ORDER

LIST: dict[ScopeKind, Cypher] = {k: cypher(q + _FILTER + _PAGE) for k, q in _LIST_ANCHOR.items()}
COUNT: dict[ScopeKind, Cypher] = {
    k: cypher(q + _FILTER + "RETURN count(a) AS total") for k, q in _LIST_ANCHOR.items()
}
# Counts for tabs and lists (by status, by vacancy) under the same filter as a page.
COUNT_BY_STATUS: dict[ScopeKind, Cypher] = {
    k: cypher(q + _FILTER + "RETURN a.status AS key, count(a) AS n")
    for k, q in _LIST_ANCHOR.items()
}
COUNT_BY_VACANCY: dict[ScopeKind, Cypher] = {
    k: cypher(q + _FILTER + "RETURN v.id AS key, count(a) AS n") for k, q in _LIST_ANCHOR.items()
}
GET: dict[ScopeKind, Cypher] = {
    k: cypher(q + _SUPERVISION + _COLUMNS) for k, q in _ONE_ANCHOR.items()
}

# Writes. The service has already checked the caller against a readable query.
ALREADY_APPLIED = cypher(
    "MATCH (:Person {id: $person})<-[:APPLIED_BY]-(a:Application)-[:APPLIED_TO]->"
    "(:Vacancy {id: $vacancy}) RETURN a.id AS id LIMIT 1"
)
PERSON_SCHOOL = cypher(
    "MATCH (:Person {id: $id})-[:STUDIES_AT]->(s:School) RETURN s.id AS id ORDER BY id LIMIT 1"
)
# The read at the start of every change. On Neo4j it first takes the write locks
# of the application and its vacancy (the documented SET/REMOVE idiom), so two
# concurrent changes run one after the other and the second reads the first's
# result: no lost step, no place filled twice. The embedded store has one writer
# at a time already.
_LOCKED_ROW = """
    MATCH (a)-[:APPLIED_BY]->(p:Person)
    OPTIONAL MATCH (a)-[sup:SUPERVISED_BY]->(s:School)
    RETURN a, v, f.id AS firm_id, p.id AS person_id, s.id AS school_id,
           sup.approved AS approved, sup.approved_on AS approved_on
    """
LOCK_APPLICATION = cypher(
    "MATCH (a:Application {id: $id})-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm) "
    + _LOCKED_ROW,
    neo4j="MATCH (a:Application {id: $id})-[:APPLIED_TO]->(v:Vacancy)-[:POSTED_BY]->(f:Firm) "
    "SET a._lock = true, v._lock = true REMOVE a._lock, v._lock WITH a, v, f " + _LOCKED_ROW,
)
# Compare-and-set on the whole history: a concurrent change in between makes
# this match nothing, and the service reports the conflict instead of losing it.
SET_STATUS = cypher(
    """
    MATCH (a:Application {id: $id})
    WHERE a.history = $old_history
    SET a.status = $status, a.updated_at = $now, a.history = $history,
        a.interview_at = coalesce($interview_at, a.interview_at),
        a.interview_place = coalesce($interview_place, a.interview_place),
        a.agreement = coalesce($agreement, a.agreement)
    RETURN a.id AS id
    """
)
SET_APPROVAL = cypher(
    """
    MATCH (a:Application {id: $id})-[sup:SUPERVISED_BY]->(:School {id: $school})
    WHERE a.history = $old_history
    SET sup.approved = $approved, sup.approved_on = $approved_on,
        a.history = $history, a.updated_at = $now
    RETURN a.id AS id
    """
)
HIRED_FOR_VACANCY = cypher(
    "MATCH (a:Application {status: 'hired'})-[:APPLIED_TO]->(v:Vacancy {id: $id}) "
    "RETURN count(a) AS hired"
)


@dataclass(frozen=True)
class ApplicationScope:
    """Which readable query a caller gets, and its anchor id."""

    kind: ScopeKind
    key: str = ""

    @classmethod
    def of(cls, principal: Principal) -> ApplicationScope:
        if not principal.active:
            return cls("none")
        if principal.is_staff:
            return cls("staff")
        if principal.role == "person" and principal.person_id:
            return cls("person", principal.person_id)
        if (
            principal.role == "company"
            and principal.org_kind == "Firm"
            and principal.org_id
            and principal.org_verified
        ):
            return cls("firm", principal.org_id)
        if principal.role == "school" and principal.org_kind == "School" and principal.org_id:
            return cls("school", principal.org_id)
        return cls("none")


def _blank(value: str | None) -> str:
    return value or ""


class ApplicationRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    @staticmethod
    def _params(scope: ApplicationScope, filters: dict[str, Any]) -> dict[str, Any]:
        return {
            "key": scope.key,
            "status": _blank(filters.get("status")),
            "vacancy": _blank(filters.get("vacancy")),
            "kind": _blank(filters.get("kind")),
            "awaiting": bool(filters.get("awaiting")),
        }

    def page(
        self,
        scope: ApplicationScope,
        filters: dict[str, Any],
        skip: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        if scope.kind == "none":
            return [], 0
        kind = scope.kind
        params = {**self._params(scope, filters), "skip": skip, "limit": limit}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST[kind], params)
            total = int(tx.run(COUNT[kind], params)[0]["total"])
            return rows, total

        return self.store.read(work)

    def counts(
        self, scope: ApplicationScope, filters: dict[str, Any], by: Literal["status", "vacancy"]
    ) -> dict[str, int]:
        """How many applications the caller may read, by status or by vacancy."""
        if scope.kind == "none":
            return {}
        query = (COUNT_BY_STATUS if by == "status" else COUNT_BY_VACANCY)[scope.kind]
        rows = self.store.query(query, self._params(scope, filters))
        return {str(r["key"]): int(r["n"]) for r in rows}

    def get(self, scope: ApplicationScope, application_id: str) -> dict[str, Any] | None:
        if scope.kind == "none":
            return None
        rows = self.store.query(GET[scope.kind], {"key": scope.key, "id": application_id})
        return rows[0] if rows else None

    def school_of(self, person_id: str) -> str | None:
        rows = self.store.query(PERSON_SCHOOL, {"id": person_id})
        return rows[0]["id"] if rows else None

    # ------------------------------------------------------------------ writes
    @staticmethod
    def already_applied(tx: Tx, person_id: str, vacancy_id: str) -> bool:
        return bool(tx.run(ALREADY_APPLIED, {"person": person_id, "vacancy": vacancy_id}))

    @staticmethod
    def create(
        tx: Tx, row: dict[str, Any], person_id: str, vacancy_id: str, school_id: str | None
    ) -> None:
        aid = row["id"]
        tx.run(
            generic.create_node("Application"), generic.coerce_props("Application", row, full=True)
        )
        tx.run(generic.link("APPLIED_BY", "Application", "Person"), {"src": aid, "dst": person_id})
        tx.run(
            generic.link("APPLIED_TO", "Application", "Vacancy"), {"src": aid, "dst": vacancy_id}
        )
        if school_id is not None:
            tx.run(
                generic.link("SUPERVISED_BY", "Application", "School"),
                {"src": aid, "dst": school_id, "approved": False, "approved_on": None},
            )

    @staticmethod
    def locked(tx: Tx, application_id: str) -> dict[str, Any] | None:
        rows = tx.run(LOCK_APPLICATION, {"id": application_id})
        return rows[0] if rows else None

    @staticmethod
    def hired(tx: Tx, vacancy_id: str) -> int:
        return int(tx.run(HIRED_FOR_VACANCY, {"id": vacancy_id})[0]["hired"])

    @staticmethod
    def set_status(tx: Tx, params: dict[str, Any]) -> bool:
        return bool(tx.run(SET_STATUS, params))

    @staticmethod
    def set_approval(tx: Tx, params: dict[str, Any]) -> bool:
        return bool(tx.run(SET_APPROVAL, params))
