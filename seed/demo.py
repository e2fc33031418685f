"""Demo accounts, one per role, so a newcomer can play every part of the alliance.

They are attached to seeded members and people (found in the store, so any seed
scale works) and share one password, printed by `alliance seed` and in the
README. Never load them into a production graph: `alliance seed --no-demo`.
"""

from __future__ import annotations

from typing import Any

from backend.accounts.security import hash_password, user_id_for
from backend.graph import generic
from backend.graph.store import GraphStore, Tx, cypher

DEMO_PASSWORD = "alliance-demo-2026"

# The demo student is the one the most open vacancies want skills of, so a newcomer's
# first page of recommendations is full (the first student by id studied graphic
# design, and once lists stopped padding with jobs that share nothing, had one).
PICK_MATCHED_STUDENT = cypher(
    "MATCH (p:Person)-[:STUDIES_AT]->(s:School) WHERE p.role = 'student' "
    "AND p.recommendations_enabled = true "
    "MATCH (p)-[:HAS_SKILL]->(:Skill)<-[:REQUIRES]-(v:Vacancy) WHERE v.status = 'open' "
    "RETURN p.id AS id, s.id AS school, count(DISTINCT v) AS n ORDER BY n DESC, id LIMIT 1"
)
PICK_STUDENT = cypher(
    "MATCH (p:Person)-[:STUDIES_AT]->(s:School) WHERE p.role = 'student' "
    "AND p.recommendations_enabled = true "
    "RETURN p.id AS id, s.id AS school ORDER BY p.id LIMIT 1"
)
PICK_WORKER = cypher(
    "MATCH (p:Person)-[:WORKS_AT]->(:Firm) WHERE p.role = 'worker' "
    "RETURN DISTINCT p.id AS id ORDER BY id LIMIT 1"
)
PICK_FIRM = cypher(
    "MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm) WHERE f.verified = true AND v.status = 'open' "
    "RETURN f.id AS id, count(v) AS n ORDER BY n DESC, id LIMIT 1"
)
PICK_PARK = cypher(
    "MATCH (f:Firm)-[:LOCATED_IN]->(p:Park) RETURN p.id AS id, count(f) AS n "
    "ORDER BY n DESC, id LIMIT 1"
)
PICK_GOV = cypher("MATCH (g:GovernmentBody) RETURN g.id AS id ORDER BY g.id LIMIT 1")

# (e-mail, role, display name, how to find what the account stands for)
ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("student@alliance-demo.cn", "person", "演示学生 Demo student"),
    ("worker@alliance-demo.cn", "person", "演示职工 Demo worker"),
    ("hr@alliance-demo.cn", "company", "演示企业HR Demo HR"),
    ("school@alliance-demo.cn", "school", "演示学校 Demo school"),
    ("park@alliance-demo.cn", "park", "演示园区 Demo park"),
    ("staff@alliance-demo.cn", "staff", "联盟办公室 Alliance office"),
)


def _one(tx: Tx, q: Any) -> dict[str, Any] | None:
    rows = tx.run(q)
    return rows[0] if rows else None


def ensure_demo_accounts(store: GraphStore) -> list[dict[str, str]]:
    """Create the demo accounts that are missing; returns what each one is."""
    password_hash = hash_password(DEMO_PASSWORD)

    def work(tx: Tx) -> list[dict[str, str]]:
        student = _one(tx, PICK_MATCHED_STUDENT) or _one(tx, PICK_STUDENT)
        worker = _one(tx, PICK_WORKER)
        firm = _one(tx, PICK_FIRM)
        park = _one(tx, PICK_PARK)
        gov = _one(tx, PICK_GOV)
        school_id = student["school"] if student else None
        targets: dict[str, tuple[str, str] | None] = {
            "student@alliance-demo.cn": ("Person", student["id"]) if student else None,
            "worker@alliance-demo.cn": ("Person", worker["id"]) if worker else None,
            "hr@alliance-demo.cn": ("Firm", firm["id"]) if firm else None,
            "school@alliance-demo.cn": ("School", school_id) if school_id else None,
            "park@alliance-demo.cn": ("Park", park["id"]) if park else None,
            "staff@alliance-demo.cn": ("GovernmentBody", gov["id"]) if gov else None,
        }
        made: list[dict[str, str]] = []
        for email, role, name in ACCOUNTS:
            target = targets[email]
            if target is None:
                continue
            uid = user_id_for(email)
            made.append({"email": email, "role": role, "for": target[1]})
            if tx.run(generic.get_node("User"), {"id": uid}):
                continue
            row = {
                "id": uid,
                "email": email,
                "password_hash": password_hash,
                "role": role,
                "display_name": name,
                "status": "active",
                "lang": "zh",
                "created_at": "2026-11-01T09:00:00",
            }
            tx.run(generic.create_node("User"), generic.coerce_props("User", row, full=True))
            if target[0] == "Person":
                tx.run(generic.link("IS_PERSON", "User", "Person"), {"src": uid, "dst": target[1]})
                # demo people are visible, so the demo firm finds them as candidates
                tx.run(
                    generic.update_node("Person", ["visible_to_employers"]),
                    {"id": target[1], "visible_to_employers": True},
                )
            else:
                tx.run(generic.link("ACTS_FOR", "User", target[0]), {"src": uid, "dst": target[1]})
        return made

    return store.write(work)
