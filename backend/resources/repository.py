"""All Cypher about shared facilities, teachers and their bookings.

Facilities and teachers are the alliance's shared catalogue: anyone may read
them. Bookings are private to the two members involved: who may read one is
decided here (``BookingScope.of``) and nowhere else — the requesting member,
the owning member (a facility's owner, a teacher's home), or staff. Each scope
has its own query bound to the caller's member id.

Optional filters travel as ``''`` (no filter), never ``null``: the embedded
engine cannot type a null parameter in ``$p = '' OR ...``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, LiteralString

from backend.accounts.schemas import Principal
from backend.graph import generic
from backend.graph.store import Cypher, GraphStore, Tx, cypher
from backend.resources.access import maybe_member

# ------------------------------------------------------------------ facilities

_FACILITY_COLUMNS: LiteralString = """
    RETURN f, o.id AS owner_id, label(o) AS owner_kind, o.name_zh AS owner_zh,
           o.name_en AS owner_en, pk.id AS park_id, pk.name_zh AS park_zh, pk.name_en AS park_en
"""
GET_FACILITY = cypher(
    """
    MATCH (f:Facility {id: $id})
    OPTIONAL MATCH (f)-[:OWNED_BY]->(o)
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    """
    + _FACILITY_COLUMNS
)
_FACILITY_FILTER: LiteralString = """
    MATCH (f:Facility)-[:OWNED_BY]->(o)
    OPTIONAL MATCH (f)-[:LOCATED_IN]->(pk:Park)
    WITH f, o, pk
    WHERE ($owner = '' OR o.id = $owner)
      AND ($park = '' OR pk.id = $park)
      AND ($kind = '' OR f.kind = $kind)
      AND ($status = '' OR coalesce(f.status, 'published') = $status)
      AND coalesce(f.capacity, 0) >= $min_capacity
      AND ($equipment = '' OR $equipment IN f.equipment)
      AND ($q = '' OR toLower(coalesce(f.name_zh, '') + ' ' + coalesce(f.name_en, '') + ' '
                              + coalesce(f.address, '')) CONTAINS $q)
"""
LIST_FACILITIES = cypher(
    _FACILITY_FILTER + _FACILITY_COLUMNS + " ORDER BY f.id SKIP $skip LIMIT $limit"
)
COUNT_FACILITIES = cypher(_FACILITY_FILTER + " RETURN count(f) AS total")
FACILITY_OWNER = cypher(
    "MATCH (f:Facility {id: $id})-[:OWNED_BY]->(o) RETURN o.id AS owner_id, "
    "coalesce(f.status, 'published') AS status, f.capacity AS capacity, f.open_hours AS open_hours"
)
# A new facility sits in its owner's park.
PLACE_IN_OWNERS_PARK = cypher(
    """
    MATCH (f:Facility {id: $id})-[:OWNED_BY]->(o)-[:LOCATED_IN]->(pk:Park)
    CREATE (f)-[:LOCATED_IN]->(pk)
    RETURN pk.id AS park
    """
)

# ------------------------------------------------------------------ teachers

_TEACHER_COLUMNS: LiteralString = """
    RETURN t, h.id AS home_id, label(h) AS home_kind, h.name_zh AS home_zh, h.name_en AS home_en
"""
GET_TEACHER = cypher(
    "MATCH (t:Teacher {id: $id}) OPTIONAL MATCH (t)-[:TEACHES_AT]->(h) " + _TEACHER_COLUMNS
)
_TEACHER_FILTER: LiteralString = """
    MATCH (t:Teacher)-[:TEACHES_AT]->(h)
    OPTIONAL MATCH (h)-[:LOCATED_IN]->(pk:Park)
    WITH t, h, pk
    WHERE ($home = '' OR h.id = $home)
      AND ($park = '' OR pk.id = $park)
      AND coalesce(t.available, false) = coalesce($available, coalesce(t.available, false))
      AND ($q = '' OR toLower(coalesce(t.name, '') + ' ' + coalesce(t.title, '') + ' '
                              + coalesce(t.bio, '')) CONTAINS $q)
      AND ($skill = '' OR EXISTS { MATCH (t)-[:EXPERT_IN]->(:Skill {id: $skill}) })
"""
LIST_TEACHERS = cypher(
    _TEACHER_FILTER + _TEACHER_COLUMNS + " ORDER BY t.id SKIP $skip LIMIT $limit"
)
COUNT_TEACHERS = cypher(_TEACHER_FILTER + " RETURN count(t) AS total")
EXPERTISE = cypher(
    """
    MATCH (t:Teacher)-[e:EXPERT_IN]->(s:Skill)
    WHERE t.id IN $ids
    RETURN t.id AS teacher_id, s.id AS id, s.zh AS zh, s.en AS en, e.level AS level
    ORDER BY teacher_id, level DESC, id
    """
)
TEACHER_HOME = cypher(
    "MATCH (t:Teacher {id: $id})-[:TEACHES_AT]->(h) "
    "RETURN h.id AS owner_id, coalesce(t.available, false) AS available, "
    "t.availability AS availability"
)
CLEAR_EXPERTISE = cypher(
    "MATCH (t:Teacher {id: $id})-[e:EXPERT_IN]->(:Skill) DELETE e RETURN count(*) AS n"
)
ADD_EXPERTISE = cypher(
    """
    UNWIND $rows AS r
    MATCH (t:Teacher {id: $id})
    MATCH (s:Skill {id: r.skill_id})
    CREATE (t)-[:EXPERT_IN {level: r.level}]->(s)
    RETURN count(*) AS n
    """
)
KNOWN_SKILLS = cypher("UNWIND $ids AS x MATCH (s:Skill {id: x}) RETURN s.id AS id")

# ------------------------------------------------------------------ bookings

_BOOKING_MATCH: LiteralString = """
    MATCH (b:Booking)-[:BOOKS]->(r)-[:OWNED_BY|TEACHES_AT]->(o)
    MATCH (b)-[:REQUESTED_BY]->(q)
"""
_BOOKING_FILTER: LiteralString = """
    WHERE ($status = '' OR b.status = $status)
      AND ($kind = '' OR b.kind = $kind)
      AND ($resource = '' OR r.id = $resource)
      AND ($since = '' OR b.slot_end > $since)
      AND ($until = '' OR b.slot_start < $until)
"""
_BOOKING_COLUMNS: LiteralString = """
    RETURN b, r.id AS resource_id, coalesce(r.name_zh, r.name) AS resource_zh,
           r.name_en AS resource_en, r.capacity AS capacity, r.availability AS availability,
           o.id AS owner_id, label(o) AS owner_kind, o.name_zh AS owner_zh, o.name_en AS owner_en,
           q.id AS requester_id, label(q) AS requester_kind, q.name_zh AS requester_zh,
           q.name_en AS requester_en
"""
_BOOKING_ORDER: LiteralString = " ORDER BY b.slot_start DESC, b.id SKIP $skip LIMIT $limit"

BookingScopeKind = Literal["member", "staff", "none"]

# member: bookings it asked for or of its own resources, by side.
_MEMBER_WHERE: LiteralString = """
      AND ((q.id = $key AND $side IN ['all', 'requested'])
           OR (o.id = $key AND $side IN ['all', 'received']))
"""
LIST_BOOKINGS: dict[BookingScopeKind, Cypher] = {
    "member": cypher(
        _BOOKING_MATCH + _BOOKING_FILTER + _MEMBER_WHERE + _BOOKING_COLUMNS + _BOOKING_ORDER
    ),
    "staff": cypher(_BOOKING_MATCH + _BOOKING_FILTER + _BOOKING_COLUMNS + _BOOKING_ORDER),
}
COUNT_BOOKINGS: dict[BookingScopeKind, Cypher] = {
    "member": cypher(
        _BOOKING_MATCH + _BOOKING_FILTER + _MEMBER_WHERE + " RETURN count(b) AS total"
    ),
    "staff": cypher(_BOOKING_MATCH + _BOOKING_FILTER + " RETURN count(b) AS total"),
}
_ONE_BOOKING: LiteralString = """
    MATCH (b:Booking {id: $id})-[:BOOKS]->(r)-[:OWNED_BY|TEACHES_AT]->(o)
    MATCH (b)-[:REQUESTED_BY]->(q)
"""
GET_BOOKING: dict[BookingScopeKind, Cypher] = {
    "member": cypher(_ONE_BOOKING + " WHERE q.id = $key OR o.id = $key " + _BOOKING_COLUMNS),
    "staff": cypher(_ONE_BOOKING + _BOOKING_COLUMNS),
}

# Deciding on a booking starts by locking the booked resource. On Neo4j this is
# the documented SET/REMOVE idiom: the resource's write lock is taken before
# anything is read and held to commit, so every decision on one facility or
# teacher runs one after another and each reads the approvals committed before
# it. The embedded store runs one write transaction at a time already.
BOOKING_KIND = cypher("MATCH (b:Booking {id: $id}) RETURN b.kind AS kind")
LOCK_RESOURCE: dict[str, Cypher] = {
    "facility": cypher(
        "MATCH (b:Booking {id: $id})-[:BOOKS]->(r:Facility) RETURN r.id AS id",
        neo4j="MATCH (b:Booking {id: $id})-[:BOOKS]->(r:Facility) "
        "SET r._lock = true REMOVE r._lock RETURN r.id AS id",
    ),
    "teacher": cypher(
        "MATCH (b:Booking {id: $id})-[:BOOKS]->(r:Teacher) RETURN r.id AS id",
        neo4j="MATCH (b:Booking {id: $id})-[:BOOKS]->(r:Teacher) "
        "SET r._lock = true REMOVE r._lock RETURN r.id AS id",
    ),
}
# Approved bookings of the same resource whose time overlaps [$start, $end).
APPROVED_OVERLAPPING: dict[str, Cypher] = {
    "facility": cypher(
        """
        MATCH (x:Booking)-[:BOOKS]->(:Facility {id: $resource})
        WHERE x.status = 'approved' AND x.slot_start < $slot_end AND x.slot_end > $slot_start
              AND x.id <> $id
        RETURN x.slot_start AS slot_start, x.slot_end AS slot_end, x.seats AS seats
        """
    ),
    "teacher": cypher(
        """
        MATCH (x:Booking)-[:BOOKS]->(:Teacher {id: $resource})
        WHERE x.status = 'approved' AND x.slot_start < $slot_end AND x.slot_end > $slot_start
              AND x.id <> $id
        RETURN x.slot_start AS slot_start, x.slot_end AS slot_end, x.seats AS seats
        """
    ),
}
# Compare-and-set: the change applies only from the state the service read.
DECIDE = cypher(
    """
    MATCH (b:Booking {id: $id})
    WHERE b.status IN $from
    SET b.status = $to, b.decided_at = $now, b.note = coalesce($note, b.note)
    RETURN b.id AS id
    """
)
SCHEDULE: dict[str, Cypher] = {
    "facility": cypher(
        """
        MATCH (x:Booking)-[:BOOKS]->(:Facility {id: $resource})
        WHERE x.status = 'approved' AND x.slot_start < $until AND x.slot_end > $since
        RETURN x.slot_start AS slot_start, x.slot_end AS slot_end, x.seats AS seats
        ORDER BY slot_start, slot_end
        """
    ),
    "teacher": cypher(
        """
        MATCH (x:Booking)-[:BOOKS]->(:Teacher {id: $resource})
        WHERE x.status = 'approved' AND x.slot_start < $until AND x.slot_end > $since
        RETURN x.slot_start AS slot_start, x.slot_end AS slot_end, x.seats AS seats
        ORDER BY slot_start, slot_end
        """
    ),
}


@dataclass(frozen=True)
class BookingScope:
    kind: BookingScopeKind
    key: str = ""

    @classmethod
    def of(cls, principal: Principal) -> BookingScope:
        if principal.is_staff:
            return cls("staff")
        member = maybe_member(principal)
        if member is not None:
            return cls("member", member.id)
        return cls("none")


def blank(value: str | None) -> str:
    return value or ""


class ResourceRepository:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # -------------------------------------------------------------- facilities
    def facility(self, facility_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET_FACILITY, {"id": facility_id})
        return rows[0] if rows else None

    def facilities(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_FACILITIES, params)
            return rows, int(tx.run(COUNT_FACILITIES, params)[0]["total"])

        return self.store.read(work)

    @staticmethod
    def create_facility(tx: Tx, row: dict[str, Any], owner_label: str, owner_id: str) -> None:
        tx.run(generic.create_node("Facility"), generic.coerce_props("Facility", row, full=True))
        tx.run(
            generic.link("OWNED_BY", "Facility", owner_label), {"src": row["id"], "dst": owner_id}
        )
        if owner_label == "Park":
            tx.run(
                generic.link("LOCATED_IN", "Facility", "Park"), {"src": row["id"], "dst": owner_id}
            )
        else:
            tx.run(PLACE_IN_OWNERS_PARK, {"id": row["id"]})

    @staticmethod
    def facility_owner(tx: Tx, facility_id: str) -> dict[str, Any] | None:
        rows = tx.run(FACILITY_OWNER, {"id": facility_id})
        return rows[0] if rows else None

    @staticmethod
    def update(tx: Tx, label: str, node_id: str, fields: dict[str, Any]) -> None:
        props = generic.coerce_props(label, fields, full=False)
        tx.run(generic.update_node(label, props), {"id": node_id, **props})

    # -------------------------------------------------------------- teachers
    def teacher(self, teacher_id: str) -> dict[str, Any] | None:
        rows = self.store.query(GET_TEACHER, {"id": teacher_id})
        return rows[0] if rows else None

    def teachers(self, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_TEACHERS, params)
            return rows, int(tx.run(COUNT_TEACHERS, params)[0]["total"])

        return self.store.read(work)

    def expertise(self, teacher_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {t: [] for t in teacher_ids}
        if teacher_ids:
            for r in self.store.query(EXPERTISE, {"ids": teacher_ids}):
                out[r["teacher_id"]].append(r)
        return out

    @staticmethod
    def known_skills(tx: Tx, ids: list[str]) -> set[str]:
        return {r["id"] for r in tx.run(KNOWN_SKILLS, {"ids": ids})}

    @staticmethod
    def create_teacher(tx: Tx, row: dict[str, Any], home_label: str, home_id: str) -> None:
        tx.run(generic.create_node("Teacher"), generic.coerce_props("Teacher", row, full=True))
        tx.run(
            generic.link("TEACHES_AT", "Teacher", home_label), {"src": row["id"], "dst": home_id}
        )

    @staticmethod
    def set_expertise(tx: Tx, teacher_id: str, rows: list[dict[str, Any]]) -> None:
        tx.run(CLEAR_EXPERTISE, {"id": teacher_id})
        tx.run(ADD_EXPERTISE, {"id": teacher_id, "rows": rows})

    @staticmethod
    def teacher_home(tx: Tx, teacher_id: str) -> dict[str, Any] | None:
        rows = tx.run(TEACHER_HOME, {"id": teacher_id})
        return rows[0] if rows else None

    # -------------------------------------------------------------- bookings
    def bookings(
        self, scope: BookingScope, params: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], int]:
        if scope.kind == "none":
            return [], 0
        kind = scope.kind
        bound = {**params, "key": scope.key}

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int]:
            rows = tx.run(LIST_BOOKINGS[kind], bound)
            return rows, int(tx.run(COUNT_BOOKINGS[kind], bound)[0]["total"])

        return self.store.read(work)

    def booking(self, scope: BookingScope, booking_id: str) -> dict[str, Any] | None:
        if scope.kind == "none":
            return None
        rows = self.store.query(GET_BOOKING[scope.kind], {"id": booking_id, "key": scope.key})
        return rows[0] if rows else None

    @staticmethod
    def booking_in_tx(tx: Tx, booking_id: str) -> dict[str, Any] | None:
        rows = tx.run(GET_BOOKING["staff"], {"id": booking_id})
        return rows[0] if rows else None

    @staticmethod
    def create_booking(
        tx: Tx, row: dict[str, Any], resource: tuple[str, str], requester: tuple[str, str]
    ) -> None:
        bid = row["id"]
        tx.run(generic.create_node("Booking"), generic.coerce_props("Booking", row, full=True))
        tx.run(generic.link("BOOKS", "Booking", resource[0]), {"src": bid, "dst": resource[1]})
        tx.run(
            generic.link("REQUESTED_BY", "Booking", requester[0]),
            {"src": bid, "dst": requester[1]},
        )

    @staticmethod
    def lock_resource(tx: Tx, booking_id: str) -> str | None:
        kinds = tx.run(BOOKING_KIND, {"id": booking_id})
        if not kinds:
            return None
        rows = tx.run(LOCK_RESOURCE[kinds[0]["kind"]], {"id": booking_id})
        return rows[0]["id"] if rows else None

    @staticmethod
    def approved_overlapping(
        tx: Tx, kind: str, resource_id: str, booking_id: str, start: str, end: str
    ) -> list[tuple[str, str, int]]:
        rows = tx.run(
            APPROVED_OVERLAPPING[kind],
            {"resource": resource_id, "id": booking_id, "slot_start": start, "slot_end": end},
        )
        return [(r["slot_start"], r["slot_end"], int(r["seats"] or 0)) for r in rows]

    @staticmethod
    def decide(
        tx: Tx, booking_id: str, sources: list[str], to: str, now: str, note: str | None
    ) -> bool:
        return bool(
            tx.run(
                DECIDE,
                {"id": booking_id, "from": sources, "to": to, "now": now, "note": note},
            )
        )

    def schedule(self, kind: str, resource_id: str, since: str, until: str) -> list[dict[str, Any]]:
        return self.store.query(
            SCHEDULE[kind], {"resource": resource_id, "since": since, "until": until}
        )
