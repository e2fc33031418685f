"""All Cypher about vacancies.

Who may read a vacancy is decided here, from the caller (``VacancyViewer.of``):
everyone sees open vacancies; a firm's own accounts also see its closed and
expired ones; staff see all. Every read goes through the one filter
``_READABLE``, so no route or service can list what the caller may not see.
One vacancy read by its id is also readable by a person who applied to it
(``_READABLE_ONE``), so an applicant can always open what they applied for,
closed or not; lists and counts stay as they are.

A vacancy's state is computed at read time: stored ``open`` with a closing
date before today reads as ``expired``, so nothing past its date ever shows as
open, whether or not a sweep has run. Optional filters travel as ``''`` (not
null), which both engines type as a string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.accounts.schemas import Principal
from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

# Identical text in every read: the state, then the caller's right to see it.
_STATE = (
    "WITH v, f, CASE WHEN v.status = 'open' AND v.closing_date < $today "
    "THEN 'expired' ELSE v.status END AS state "
)
_READABLE = "WHERE ($see_all OR state = 'open' OR f.id = $own_firm) "
_PLACES = """
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(p:Park)
    OPTIONAL MATCH (v)-[:FOR_OCCUPATION]->(o:Occupation)
    """
_COLUMNS = """
    RETURN v, state, f.id AS firm_id, f.name_zh AS firm_zh, f.name_en AS firm_en,
           p.id AS park_id, p.name_zh AS park_zh, p.name_en AS park_en,
           o.id AS occupation_id, o.name_zh AS occupation_zh, o.name_en AS occupation_en
    """

_FILTERED = (
    """
    MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)
    WHERE ($kind = '' OR v.kind = $kind) AND ($firm = '' OR f.id = $firm)
      AND ($q = '' OR toLower(v.title) CONTAINS $q
           OR toLower(coalesce(v.title_en, '')) CONTAINS $q)
      AND ($skill = '' OR EXISTS { MATCH (v)-[:REQUIRES]->(:Skill {id: $skill}) })
      AND ($occupation = ''
           OR EXISTS { MATCH (v)-[:FOR_OCCUPATION]->(:Occupation {id: $occupation}) })
      AND ($park = '' OR EXISTS { MATCH (f)-[:LOCATED_IN]->(:Park {id: $park}) })
    """
    + _STATE
    + _READABLE
    + "AND ($status = '' OR state = $status) "
)

LIST_VACANCIES = cypher(
    _FILTERED
    + "WITH v, f, state ORDER BY v.created_at DESC, v.id DESC SKIP $skip LIMIT $limit "
    + _PLACES
    + _COLUMNS
    + "ORDER BY v.created_at DESC, v.id DESC"
)
COUNT_VACANCIES = cypher(_FILTERED + "RETURN count(v) AS total")
COUNT_BY_STATE = cypher(_FILTERED + "RETURN state, count(v) AS n")

_READABLE_ONE = (
    "WHERE ($see_all OR state = 'open' OR f.id = $own_firm OR ($applicant <> '' AND EXISTS "
    "{ MATCH (v)<-[:APPLIED_TO]-(:Application)-[:APPLIED_BY]->(:Person {id: $applicant}) })) "
)
GET_VACANCY = cypher(
    "MATCH (v:Vacancy {id: $id})-[:POSTED_BY]->(f:Firm) "
    + _STATE
    + _READABLE_ONE
    + _PLACES
    + _COLUMNS
)

SKILLS_OF = cypher(
    """
    MATCH (v:Vacancy)-[r:REQUIRES]->(s:Skill)
    WHERE v.id IN $ids
    RETURN v.id AS vacancy_id, s.id AS id, s.zh AS zh, s.en AS en,
           r.importance AS importance, r.level AS level
    ORDER BY vacancy_id, importance DESC, id
    """
)

# Inside a write: the stored row and its firm, read without the viewer filter, as
# the service has already checked the caller against GET_VACANCY. On
# Neo4j it takes the vacancy's write lock first, so an edit and a concurrent
# application or hire see each other's result.
LOCK_VACANCY = cypher(
    "MATCH (v:Vacancy {id: $id})-[:POSTED_BY]->(f:Firm) RETURN v, f.id AS firm_id",
    neo4j="MATCH (v:Vacancy {id: $id})-[:POSTED_BY]->(f:Firm) "
    "SET v._lock = true REMOVE v._lock RETURN v, f.id AS firm_id",
)
CLOSE_VACANCY = cypher(
    "MATCH (v:Vacancy {id: $id}) WHERE v.status = 'open' "
    "SET v.status = 'closed', v.updated_at = $now RETURN v.id AS id"
)
HIRED_COUNT = cypher(
    "MATCH (a:Application {status: 'hired'})-[:APPLIED_TO]->(v:Vacancy {id: $id}) "
    "RETURN count(a) AS hired"
)
DROP_SKILLS = cypher(
    "MATCH (v:Vacancy {id: $id})-[r:REQUIRES]->(:Skill) DELETE r RETURN count(*) AS dropped"
)
DROP_OCCUPATION = cypher(
    "MATCH (v:Vacancy {id: $id})-[r:FOR_OCCUPATION]->(:Occupation) DELETE r "
    "RETURN count(*) AS dropped"
)


@dataclass(frozen=True)
class VacancyViewer:
    """The parameters of the readable filter for one caller."""

    see_all: bool
    own_firm: str
    applicant: str = ""  # a person's id: one vacancy they applied to stays readable

    @classmethod
    def of(cls, principal: Principal | None) -> VacancyViewer:
        if principal is None or not principal.active:
            return cls(False, "")
        if principal.is_staff:
            return cls(True, "")
        if principal.role == "company" and principal.org_kind == "Firm" and principal.org_id:
            return cls(False, principal.org_id)
        if principal.role == "person" and principal.person_id:
            return cls(False, "", principal.person_id)
        return cls(False, "")

    def params(self, today: str) -> dict[str, Any]:
        return {"see_all": self.see_all, "own_firm": self.own_firm, "today": today}


def _blank(value: str | None) -> str:
    return value or ""


class VacancyRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # ------------------------------------------------------------------ reads
    def page(
        self,
        viewer: VacancyViewer,
        today: str,
        filters: dict[str, str | None],
        skip: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        params = self._params(viewer, today, filters)
        params.update(skip=skip, limit=limit)

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_VACANCIES, params)
            total = int(tx.run(COUNT_VACANCIES, params)[0]["total"])
            return self._with_skills(tx, rows), total

        return self.store.read(work)

    def state_counts(
        self, viewer: VacancyViewer, today: str, filters: dict[str, str | None]
    ) -> dict[str, int]:
        """How many of the filtered vacancies are in each state (status filter ignored)."""
        params = self._params(viewer, today, {**filters, "status": None})
        rows = self.store.query(COUNT_BY_STATE, params)
        return {str(r["state"]): int(r["n"]) for r in rows}

    @staticmethod
    def _params(
        viewer: VacancyViewer, today: str, filters: dict[str, str | None]
    ) -> dict[str, Any]:
        return {
            **viewer.params(today),
            "kind": _blank(filters.get("kind")),
            "status": _blank(filters.get("status")),
            "firm": _blank(filters.get("firm")),
            "park": _blank(filters.get("park")),
            "occupation": _blank(filters.get("occupation")),
            "skill": _blank(filters.get("skill")),
            "q": _blank(filters.get("q")).lower(),
        }

    def get(self, viewer: VacancyViewer, today: str, vacancy_id: str) -> dict[str, Any] | None:
        def work(tx: Tx) -> dict[str, Any] | None:
            params = {**viewer.params(today), "applicant": viewer.applicant, "id": vacancy_id}
            rows = tx.run(GET_VACANCY, params)
            return self._with_skills(tx, rows)[0] if rows else None

        return self.store.read(work)

    @staticmethod
    def _with_skills(tx: Tx, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not rows:
            return rows
        by_id: dict[str, list[dict[str, Any]]] = {r["v"]["id"]: [] for r in rows}
        for s in tx.run(SKILLS_OF, {"ids": list(by_id)}):
            by_id[s.pop("vacancy_id")].append(s)
        for r in rows:
            r["skills"] = by_id[r["v"]["id"]]
        return rows

    def missing(self, label: str, ids: list[str]) -> list[str]:
        if not ids:
            return []
        found = {r["id"] for r in self.store.query(generic.existing_ids(label), {"ids": ids})}
        return [i for i in ids if i not in found]

    # ------------------------------------------------------------------ writes
    @staticmethod
    def locked(tx: Tx, vacancy_id: str) -> dict[str, Any] | None:
        rows = tx.run(LOCK_VACANCY, {"id": vacancy_id})
        return rows[0] if rows else None

    @staticmethod
    def hired(tx: Tx, vacancy_id: str) -> int:
        return int(tx.run(HIRED_COUNT, {"id": vacancy_id})[0]["hired"])

    @staticmethod
    def create(tx: Tx, row: dict[str, Any], firm_id: str) -> None:
        tx.run(generic.create_node("Vacancy"), generic.coerce_props("Vacancy", row, full=True))
        tx.run(generic.link("POSTED_BY", "Vacancy", "Firm"), {"src": row["id"], "dst": firm_id})

    @staticmethod
    def update(tx: Tx, vacancy_id: str, fields: dict[str, Any]) -> None:
        if fields:
            props = generic.coerce_props("Vacancy", fields, full=False)
            tx.run(generic.update_node("Vacancy", props), {"id": vacancy_id, **props})

    @staticmethod
    def set_occupation(tx: Tx, vacancy_id: str, occupation_id: str | None) -> None:
        tx.run(DROP_OCCUPATION, {"id": vacancy_id})
        if occupation_id:
            tx.run(
                generic.link("FOR_OCCUPATION", "Vacancy", "Occupation"),
                {"src": vacancy_id, "dst": occupation_id},
            )

    @staticmethod
    def set_skills(tx: Tx, vacancy_id: str, skills: list[dict[str, Any]]) -> None:
        tx.run(DROP_SKILLS, {"id": vacancy_id})
        q = generic.link("REQUIRES", "Vacancy", "Skill")
        for s in skills:
            props = generic.coerce_rel_props(
                "REQUIRES", {"importance": s["importance"], "level": s["level"]}, full=True
            )
            tx.run(q, {"src": vacancy_id, "dst": s["skill_id"], **props})

    @staticmethod
    def close(tx: Tx, vacancy_id: str, now: str) -> bool:
        return bool(tx.run(CLOSE_VACANCY, {"id": vacancy_id, "now": now}))
