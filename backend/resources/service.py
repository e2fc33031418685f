"""Sharing facilities and teachers, and booking them.

Rules live here; each change is one transaction that reads what it decides on.

Booking capacity: approved bookings never exceed a facility's capacity at any
moment, and a teacher is never approved into two overlapping slots. The
approving transaction first locks the booked resource (``lock_resource``), then
reads the approved bookings that overlap, computes the peak load of the slot
and approves with a compare-and-set on the status. Decisions on one resource
therefore run one after another on both stores, whatever arrives at once.

Ownership (one rule per case, tested): facilities and teachers are a public
catalogue, so a member who does not own one gets 403 for changing it. A booking
is private to its requester and the resource's owner: anyone else gets 404; the
requester approving their own request, or the owner cancelling it, gets 403.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import now_ts
from backend.courses.schemas import OrgRef, SkillRef
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.graph.store import GraphStore, Tx
from backend.resources import availability, slots
from backend.resources.access import TEACHER_HOMES, Member, member_of
from backend.resources.repository import BookingScope, ResourceRepository, blank
from backend.resources.schemas import (
    BookingCreate,
    BookingPage,
    BookingPublic,
    BookingSide,
    Decision,
    FacilityCreate,
    FacilityPage,
    FacilityPublic,
    FacilityUpdate,
    ResourceRef,
    Schedule,
    SlotLoad,
    SlotTaken,
    TeacherCreate,
    TeacherPage,
    TeacherPublic,
    TeacherUpdate,
)

RESOURCE_LABEL = {"facility": "Facility", "teacher": "Teacher"}


def _org(row: dict[str, Any], prefix: str) -> OrgRef | None:
    if not row.get(f"{prefix}_id"):
        return None
    return OrgRef(
        id=row[f"{prefix}_id"],
        kind=row.get(f"{prefix}_kind"),
        name_zh=row.get(f"{prefix}_zh"),
        name_en=row.get(f"{prefix}_en"),
    )


def facility_public(row: dict[str, Any]) -> FacilityPublic:
    f = row["f"]
    return FacilityPublic(
        id=f["id"],
        name_zh=f.get("name_zh") or f["id"],
        name_en=f.get("name_en"),
        kind=f.get("kind"),
        capacity=int(f.get("capacity") or 0),
        equipment=list(f.get("equipment") or []),
        address=f.get("address"),
        open_hours=f.get("open_hours") or slots.DEFAULT_OPEN_HOURS,
        status=f.get("status") or "published",
        owner=_org(row, "owner"),
        park=_org(row, "park"),
    )


def teacher_public(row: dict[str, Any], expertise: list[dict[str, Any]]) -> TeacherPublic:
    t = row["t"]
    weekly = availability.parse(t.get("availability"))
    return TeacherPublic(
        id=t["id"],
        name=t.get("name") or t["id"],
        title=t.get("title"),
        bio=t.get("bio"),
        available=bool(t.get("available")),
        availability=weekly or [],
        availability_note=t.get("availability") if weekly is None else None,
        hourly_rate=t.get("hourly_rate"),
        home=_org(row, "home"),
        expertise=[
            SkillRef(id=s["id"], zh=s["zh"], en=s["en"], level=s["level"]) for s in expertise
        ],
    )


def slot_loads(taken: list[SlotTaken], capacity: int) -> list[SlotLoad]:
    """Each distinct booked range with its approved bookings and free places,
    computed as the approval computes them (``slots.peak_load``)."""
    booked = [(t.start, t.end, t.seats) for t in taken]
    out = []
    for start, end in sorted({(t.start, t.end) for t in taken}):
        peak = slots.peak_load(booked, start, end)
        out.append(
            SlotLoad(
                start=start,
                end=end,
                bookings=sum(1 for s, e, _ in booked if slots.overlaps(s, e, start, end)),
                seats=peak,
                free=max(0, capacity - peak),
            )
        )
    return out


def _next_steps(status: str, mine: str) -> list[str]:
    if mine == "owner" and status == "requested":
        return ["approve", "decline"]
    if mine == "requester" and status in ("requested", "approved"):
        return ["cancel"]
    return []


def booking_public(row: dict[str, Any], scope: BookingScope) -> BookingPublic:
    b = row["b"]
    if scope.kind == "staff":
        mine = "staff"
    elif row["owner_id"] == scope.key:
        mine = "owner"
    else:
        mine = "requester"
    return BookingPublic(
        id=b["id"],
        kind=b["kind"],
        status=b["status"],
        start=b["slot_start"],
        end=b["slot_end"],
        seats=int(b.get("seats") or 1),
        purpose=b.get("purpose"),
        note=b.get("note"),
        created_at=b.get("created_at"),
        decided_at=b.get("decided_at"),
        resource=ResourceRef(
            id=row["resource_id"],
            kind=b["kind"],
            name_zh=row.get("resource_zh"),
            name_en=row.get("resource_en"),
            capacity=row.get("capacity") if b["kind"] == "facility" else 1,
        ),
        owner=OrgRef(
            id=row["owner_id"],
            kind=row["owner_kind"],
            name_zh=row["owner_zh"],
            name_en=row["owner_en"],
        ),
        requester=OrgRef(
            id=row["requester_id"],
            kind=row["requester_kind"],
            name_zh=row["requester_zh"],
            name_en=row["requester_en"],
        ),
        mine=mine,  # type: ignore[arg-type]
        next_steps=_next_steps(b["status"], mine),
    )


def _facility_not_found(facility_id: str) -> NotFound:
    return NotFound(
        f"no facility {facility_id!r}", message_zh=f"实训设施 {facility_id!r} 不存在", field="id"
    )


def _teacher_not_found(teacher_id: str) -> NotFound:
    return NotFound(
        f"no teacher {teacher_id!r}", message_zh=f"师资 {teacher_id!r} 不存在", field="id"
    )


def _booking_not_found(booking_id: str) -> NotFound:
    return NotFound(
        f"no booking {booking_id!r}", message_zh=f"预约 {booking_id!r} 不存在", field="id"
    )


def _not_owner(what_en: str, what_zh: str) -> Forbidden:
    return Forbidden(
        f"only the member that shares this {what_en} may change it",
        message_zh=f"只有共享该{what_zh}的成员单位可以修改",
    )


class ResourceService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.repo = ResourceRepository(store)

    # ================================================================ facilities
    def list_facilities(
        self,
        *,
        owner: str | None = None,
        park: str | None = None,
        kind: str | None = None,
        status: str | None = "published",
        min_capacity: int = 0,
        equipment: str | None = None,
        q: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> FacilityPage:
        params = {
            "owner": blank(owner),
            "park": blank(park),
            "kind": blank(kind),
            "status": blank(status),
            "min_capacity": min_capacity,
            "equipment": blank(equipment).strip(),
            "q": blank(q).strip().lower(),
            "skip": skip,
            "limit": limit,
        }
        rows, total = self.repo.facilities(params)
        return FacilityPage(
            items=[facility_public(r) for r in rows], total=total, skip=skip, limit=limit
        )

    def facility(self, facility_id: str) -> FacilityPublic:
        row = self.repo.facility(facility_id)
        if row is None:
            raise _facility_not_found(facility_id)
        return facility_public(row)

    def create_facility(self, principal: Principal, data: FacilityCreate) -> FacilityPublic:
        member = member_of(principal)
        facility_id = f"facility-{uuid.uuid4().hex[:12]}"
        row = {
            **data.model_dump(),
            "id": facility_id,
            "status": "published",
            "created_at": now_ts(),
        }
        self.store.write(lambda tx: self.repo.create_facility(tx, row, member.label, member.id))
        return self.facility(facility_id)

    def update_facility(
        self, principal: Principal, facility_id: str, data: FacilityUpdate
    ) -> FacilityPublic:
        member = member_of(principal)
        fields = data.model_dump(exclude_unset=True)
        if not fields:
            raise InvalidInput("nothing to update", message_zh="没有需要修改的内容", field="body")
        for key in ("name_zh", "capacity", "kind", "status", "open_hours", "equipment"):
            if key in fields and fields[key] is None:
                raise InvalidInput(
                    f"{key} cannot be empty", message_zh=f"{key} 不能为空", field=key
                )

        def work(tx: Tx) -> None:
            # The SET below takes the facility's write lock on Neo4j before the
            # check reads the approvals; the embedded writer is serialised.
            self.repo.update(tx, "Facility", facility_id, fields)
            current = self.repo.facility_owner(tx, facility_id)
            if current is None:
                raise _facility_not_found(facility_id)
            if current["owner_id"] != member.id:
                raise _not_owner("facility", "实训设施")
            capacity = int(current["capacity"] or 0)
            now = now_ts()
            booked = self.repo.approved_overlapping(
                tx, "facility", facility_id, "", now, "9999-12-31T23:59:59"
            )
            peak = slots.peak_load(booked, now, "9999-12-31T23:59:59")
            if peak > capacity:
                raise Conflict(
                    f"approved bookings still need {peak} places at once; capacity cannot go "
                    f"below that",
                    message_zh=f"已批准的预约同时需要 {peak} 个位置，容量不能低于此数",
                    field="capacity",
                )

        if self.repo.facility(facility_id) is None:
            raise _facility_not_found(facility_id)
        self.store.write(work)
        return self.facility(facility_id)

    def schedule(self, kind: str, resource_id: str, since: str, until: str) -> Schedule:
        if kind == "facility":
            capacity = self.facility(resource_id).capacity
        else:
            self.teacher(resource_id)
            capacity = 1
        rows = self.repo.schedule(kind, resource_id, since, until)
        taken = [
            SlotTaken(start=r["slot_start"], end=r["slot_end"], seats=int(r["seats"] or 1))
            for r in rows
        ]
        return Schedule(
            resource_id=resource_id,
            kind=kind,  # type: ignore[arg-type]
            capacity=capacity,
            since=since,
            until=until,
            taken=taken,
            slots=slot_loads(taken, capacity if kind == "facility" else 1),
        )

    # ================================================================ teachers
    def list_teachers(
        self,
        *,
        home: str | None = None,
        park: str | None = None,
        skill: str | None = None,
        available: bool | None = None,
        q: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> TeacherPage:
        params = {
            "home": blank(home),
            "park": blank(park),
            "skill": blank(skill),
            "available": available,
            "q": blank(q).strip().lower(),
            "skip": skip,
            "limit": limit,
        }
        rows, total = self.repo.teachers(params)
        expertise = self.repo.expertise([r["t"]["id"] for r in rows])
        return TeacherPage(
            items=[teacher_public(r, expertise[r["t"]["id"]]) for r in rows],
            total=total,
            skip=skip,
            limit=limit,
        )

    def teacher(self, teacher_id: str) -> TeacherPublic:
        row = self.repo.teacher(teacher_id)
        if row is None:
            raise _teacher_not_found(teacher_id)
        return teacher_public(row, self.repo.expertise([teacher_id])[teacher_id])

    def _check_skills(self, tx: Tx, ids: list[str]) -> None:
        missing = sorted(set(ids) - self.repo.known_skills(tx, ids))
        if missing:
            raise InvalidInput(
                f"unknown skill {missing[0]!r}",
                message_zh=f"技能 {missing[0]!r} 不存在",
                field="expertise",
            )

    def create_teacher(self, principal: Principal, data: TeacherCreate) -> TeacherPublic:
        member = member_of(principal)
        if member.label not in TEACHER_HOMES:
            raise Forbidden(
                "teachers are shared by a school, training centre or firm",
                message_zh="师资由院校、实训中心或企业共享",
            )
        teacher_id = f"teacher-{uuid.uuid4().hex[:12]}"
        expertise = [s.model_dump() for s in data.expertise]
        row = {
            **data.model_dump(exclude={"expertise", "availability"}),
            "availability": availability.to_text(data.availability),
            "id": teacher_id,
            "created_at": now_ts(),
        }

        def work(tx: Tx) -> None:
            self._check_skills(tx, [s["skill_id"] for s in expertise])
            self.repo.create_teacher(tx, row, member.label, member.id)
            self.repo.set_expertise(tx, teacher_id, expertise)

        self.store.write(work)
        return self.teacher(teacher_id)

    def update_teacher(
        self, principal: Principal, teacher_id: str, data: TeacherUpdate
    ) -> TeacherPublic:
        member = member_of(principal)
        fields = data.model_dump(exclude_unset=True)
        expertise = fields.pop("expertise", None)
        if "availability" in fields:
            fields["availability"] = availability.to_text(data.availability or [])
        if not fields and expertise is None:
            raise InvalidInput("nothing to update", message_zh="没有需要修改的内容", field="body")
        for key in ("name", "available"):
            if key in fields and fields[key] is None:
                raise InvalidInput(
                    f"{key} cannot be empty", message_zh=f"{key} 不能为空", field=key
                )

        def work(tx: Tx) -> None:
            home = self.repo.teacher_home(tx, teacher_id)
            if home is None:
                raise _teacher_not_found(teacher_id)
            if home["owner_id"] != member.id:
                raise _not_owner("teacher", "师资")
            if fields:
                self.repo.update(tx, "Teacher", teacher_id, fields)
            if expertise is not None:
                self._check_skills(tx, [s["skill_id"] for s in expertise])
                self.repo.set_expertise(tx, teacher_id, expertise)

        self.store.write(work)
        return self.teacher(teacher_id)

    # ================================================================ bookings
    def list_bookings(
        self,
        principal: Principal,
        *,
        side: BookingSide = "all",
        status: str | None = None,
        kind: str | None = None,
        resource: str | None = None,
        since: str | None = None,
        until: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> BookingPage:
        scope = BookingScope.of(principal)
        if scope.kind == "none":
            member_of(principal)  # raises the reason
        params = {
            "side": side,
            "status": blank(status),
            "kind": blank(kind),
            "resource": blank(resource),
            "since": blank(since),
            "until": blank(until),
            "skip": skip,
            "limit": limit,
        }
        rows, total = self.repo.bookings(scope, params)
        return BookingPage(
            items=[booking_public(r, scope) for r in rows], total=total, skip=skip, limit=limit
        )

    def booking(self, principal: Principal, booking_id: str) -> BookingPublic:
        scope = BookingScope.of(principal)
        row = self.repo.booking(scope, booking_id)
        if row is None:
            raise _booking_not_found(booking_id)
        return booking_public(row, scope)

    def request(self, principal: Principal, data: BookingCreate) -> BookingPublic:
        member = member_of(principal)
        start, end = slots.local(data.start), slots.local(data.end)
        _check_slot(start, end)
        booking_id = f"booking-{uuid.uuid4().hex[:12]}"
        row = {
            "id": booking_id,
            "kind": data.kind,
            "slot_start": slots.text(start),
            "slot_end": slots.text(end),
            "seats": data.seats if data.kind == "facility" else 1,
            "status": "requested",
            "created_at": now_ts(),
            "purpose": data.purpose,
        }
        label = RESOURCE_LABEL[data.kind]

        def work(tx: Tx) -> None:
            if data.kind == "facility":
                f = self.repo.facility_owner(tx, data.resource_id)
                if f is None:
                    raise _facility_not_found(data.resource_id)
                _check_facility(f, member, start, end, data.seats)
            else:
                t = self.repo.teacher_home(tx, data.resource_id)
                if t is None:
                    raise _teacher_not_found(data.resource_id)
                _check_teacher(t, member)
                availability.require_within(availability.parse(t["availability"]), start, end)
            self.repo.create_booking(tx, row, (label, data.resource_id), (member.label, member.id))

        self.store.write(work)
        return self.booking(principal, booking_id)

    def approve(
        self, principal: Principal, booking_id: str, data: Decision | None = None
    ) -> BookingPublic:
        member = member_of(principal)
        note = data.note if data else None

        def work(tx: Tx) -> None:
            # Lock first, then read: see the module docstring.
            self.repo.lock_resource(tx, booking_id)
            row = self.repo.booking_in_tx(tx, booking_id)
            self._as_owner(row, member, booking_id)
            assert row is not None
            b = row["b"]
            _require_status(b["status"], ("requested",))
            booked = self.repo.approved_overlapping(
                tx, b["kind"], row["resource_id"], booking_id, b["slot_start"], b["slot_end"]
            )
            if b["kind"] == "teacher":
                _still_within_hours(row)
                if booked:
                    raise Conflict(
                        "the teacher already has an approved booking at this time",
                        message_zh="该教师在此时间段已有已批准的预约",
                        field="status",
                    )
            else:
                capacity = int(row["capacity"] or 0)
                peak = slots.peak_load(booked, b["slot_start"], b["slot_end"])
                seats = int(b.get("seats") or 1)
                if peak + seats > capacity:
                    raise Conflict(
                        f"not enough room: {peak} of {capacity} places are already approved at "
                        f"the busiest moment of this slot and this booking needs {seats}",
                        message_zh=f"容量不足：该时段最忙时已批准 {peak}/{capacity} 个位置，"
                        f"本预约需要 {seats} 个",
                        field="seats",
                    )
            if not self.repo.decide(tx, booking_id, ["requested"], "approved", now_ts(), note):
                raise _changed()

        self.store.write(work)
        return self.booking(principal, booking_id)

    def decline(
        self, principal: Principal, booking_id: str, data: Decision | None = None
    ) -> BookingPublic:
        member = member_of(principal)
        note = data.note if data else None

        def work(tx: Tx) -> None:
            row = self.repo.booking_in_tx(tx, booking_id)
            self._as_owner(row, member, booking_id)
            assert row is not None
            _require_status(row["b"]["status"], ("requested",))
            if not self.repo.decide(tx, booking_id, ["requested"], "declined", now_ts(), note):
                raise _changed()

        self.store.write(work)
        return self.booking(principal, booking_id)

    def cancel(self, principal: Principal, booking_id: str) -> BookingPublic:
        member = member_of(principal)
        sources = ["requested", "approved"]

        def work(tx: Tx) -> None:
            row = self.repo.booking_in_tx(tx, booking_id)
            if row is None or member.id not in (row["owner_id"], row["requester_id"]):
                raise _booking_not_found(booking_id)
            if row["requester_id"] != member.id:
                raise Forbidden(
                    "only the member that asked for this booking may cancel it; the owner "
                    "declines instead",
                    message_zh="只有提出预约的成员单位可以取消；资源方请使用“拒绝”",
                )
            _require_status(row["b"]["status"], tuple(sources))
            if not self.repo.decide(tx, booking_id, sources, "cancelled", now_ts(), None):
                raise _changed()

        self.store.write(work)
        return self.booking(principal, booking_id)

    @staticmethod
    def _as_owner(row: dict[str, Any] | None, member: Member, booking_id: str) -> None:
        if row is None or member.id not in (row["owner_id"], row["requester_id"]):
            raise _booking_not_found(booking_id)
        if row["owner_id"] != member.id:
            raise Forbidden(
                "only the member that shares this resource may approve or decline its bookings",
                message_zh="只有共享该资源的成员单位可以批准或拒绝预约",
            )


def _changed() -> Conflict:
    return Conflict(
        "the booking changed meanwhile; reload and try again",
        message_zh="预约状态已变化，请刷新后重试",
        field="status",
    )


def _require_status(status: str, allowed: tuple[str, ...]) -> None:
    if status not in allowed:
        raise Conflict(
            f"this booking is {status}; that change needs it to be {' or '.join(allowed)}",
            message_zh=f"该预约当前状态为 {status}，无法进行此操作",
            field="status",
        )


def _still_within_hours(row: dict[str, Any]) -> None:
    """The teacher's hours may have changed since the request: approve only within them."""
    b = row["b"]
    start, end = slots.parse(b["slot_start"]), slots.parse(b["slot_end"])
    try:
        availability.require_within(availability.parse(row.get("availability")), start, end)
    except InvalidInput as exc:
        raise Conflict(
            f"the teacher's weekly hours no longer hold this booking: {exc.message}",
            message_zh=f"该教师的每周时段已变更，此预约不在其内：{exc.message_zh or exc.message}",
            field="status",
        ) from exc


def _check_slot(start: datetime, end: datetime) -> None:
    if start.date() != end.date():
        raise InvalidInput(
            "a slot starts and ends on the same day; book several days as several slots",
            message_zh="一个时段须在同一天内开始和结束；多天请分别预约",
            field="end",
        )
    now = slots.parse(now_ts())
    if start < now:
        raise InvalidInput(
            "the slot has already started", message_zh="该时段已开始或已过去", field="start"
        )
    if start > now + timedelta(days=366):
        raise InvalidInput(
            "book at most a year ahead", message_zh="最多可提前一年预约", field="start"
        )


def _check_facility(
    f: dict[str, Any], member: Member, start: datetime, end: datetime, seats: int
) -> None:
    if f["owner_id"] == member.id:
        raise InvalidInput(
            "this facility is your own; no booking is needed",
            message_zh="这是本单位的设施，无需预约",
            field="resource_id",
        )
    if f["status"] != "published":
        raise Conflict(
            "this facility is no longer shared", message_zh="该设施已停止共享", field="resource_id"
        )
    opens, closes = slots.open_hours(f.get("open_hours"))
    if start.time() < opens or end.time() > closes:
        raise InvalidInput(
            f"the facility is open {opens:%H:%M}-{closes:%H:%M}; the slot must fit inside",
            message_zh=f"该设施开放时间为 {opens:%H:%M}-{closes:%H:%M}，时段须在其内",
            field="start",
        )
    capacity = int(f["capacity"] or 0)
    if seats > capacity:
        raise InvalidInput(
            f"the facility holds {capacity} people; asked for {seats}",
            message_zh=f"该设施最多容纳 {capacity} 人，申请了 {seats} 人",
            field="seats",
        )


def _check_teacher(t: dict[str, Any], member: Member) -> None:
    if t["owner_id"] == member.id:
        raise InvalidInput(
            "this teacher is your own; no booking is needed",
            message_zh="这是本单位的教师，无需预约",
            field="resource_id",
        )
    if not t["available"]:
        raise Conflict(
            "this teacher is not available for booking now",
            message_zh="该教师目前不接受预约",
            field="resource_id",
        )
