"""The ledger and utilisation, derived from what happened in the graph.

Who sees what (one rule, ``scope_key``): staff the whole alliance; a member's
account the entries where its member gave or received and the utilisation of
its own facilities and teachers; anyone else is refused (403).

Utilisation of a resource over the window = approved seat-hours / available
seat-hours, where a facility offers capacity x its daily open hours x days and a
teacher ``TEACHER_HOURS_PER_DAY`` x days (docs/resources.md).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import islice
from typing import Any

from backend.accounts.schemas import Principal
from backend.courses.access import today
from backend.courses.schemas import OrgRef
from backend.errors import Forbidden, InvalidInput
from backend.graph.store import GraphStore
from backend.ledger.repository import SOURCES, LedgerRepository
from backend.ledger.schemas import Entry, EntryPage, MemberUse, ResourceUse, Utilisation
from backend.resources import slots
from backend.resources.access import maybe_member

KIND_ORDER = ("facility", "teacher", "course", "job_opportunity", "competition_result")


def scope_key(principal: Principal) -> str:
    if principal.is_staff:
        return ""
    member = maybe_member(principal)
    if member is None:
        raise Forbidden(
            "the ledger is for alliance members' accounts and staff",
            message_zh="共享台账仅向联盟成员单位和工作人员开放",
        )
    return member.id


def window(since: date | None, until: date | None) -> tuple[str, str]:
    """Default: the last twelve months and the next ninety days (approved
    bookings ahead are commitments already made). ``until`` is inclusive."""
    now = date.fromisoformat(today())
    first = since or now - timedelta(days=365)
    last = until or now + timedelta(days=90)
    if last < first:
        raise InvalidInput(
            "until must not be before since", message_zh="结束日期不能早于开始日期", field="until"
        )
    return first.isoformat(), last.isoformat()


def _org(row: dict[str, Any], prefix: str, kind: str | None = None) -> OrgRef | None:
    if not row.get(f"{prefix}_id"):
        return None
    return OrgRef(
        id=row[f"{prefix}_id"],
        kind=kind or row.get(f"{prefix}_kind"),
        name_zh=row.get(f"{prefix}_zh"),
        name_en=row.get(f"{prefix}_en"),
    )


def _day_after(day: str) -> str:
    """Dates compare as text; the window's end bound is the day after ``until``."""
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def order(e: Entry) -> tuple[str, int, str]:
    """The ledger's order, newest first when reversed; the repository sorts each
    source the same way (day, ``rank``, id)."""
    return (e.on, KIND_ORDER.index(e.kind), e.id)


def entry_of(r: dict[str, Any]) -> Entry:
    kind = r["kind"]
    if kind == "competition_result":
        receiver = _org(r, "school", "School") or _org(r, "firm", "Firm")
    else:
        receiver = _org(r, "receiver")
    if kind in ("facility", "teacher"):
        hours = round(slots.hours(r["slot_start"], r["slot_end"]), 2)
    else:
        hours = float(r.get("hours") or 0)
    return Entry(
        id=r["id"],
        on=r["day"],
        kind=kind,
        resource_id=r["resource_id"],
        resource_zh=r["resource_zh"],
        resource_en=r["resource_en"],
        provider=_org(r, "provider"),  # type: ignore[arg-type]
        receiver=receiver,
        seats=int(r["seats"] or 1) if kind in ("facility", "teacher") else 1,
        hours=hours,
    )


class LedgerService:
    def __init__(self, store: GraphStore) -> None:
        self.repo = LedgerRepository(store)

    def _gather(self, key: str, since: str, until: str) -> tuple[list[Entry], dict[str, Any]]:
        got = self.repo.sources(key, since, _day_after(until))
        entries = [entry_of(r) for name in SOURCES for r in got[name]]
        entries.sort(key=order, reverse=True)
        return entries, got

    def entries(
        self,
        principal: Principal,
        since: date | None = None,
        until: date | None = None,
        kind: str | None = None,
        skip: int = 0,
        limit: int = 50,
    ) -> EntryPage:
        """One page, paged in the store: each source sorted and cut at
        ``skip + limit`` there, counted there, and the sorted cuts merged."""
        first, last = window(since, until)
        got, total = self.repo.newest(
            scope_key(principal), first, _day_after(last), kind or "", skip + limit
        )
        merged = heapq.merge(
            *([entry_of(r) for r in rows] for rows in got.values()), key=order, reverse=True
        )
        return EntryPage(
            since=first,
            until=last,
            items=list(islice(merged, skip, skip + limit)),
            total=total,
            skip=skip,
            limit=limit,
        )

    def all_entries(
        self, principal: Principal, since: date | None = None, until: date | None = None
    ) -> list[Entry]:
        first, last = window(since, until)
        return self._gather(scope_key(principal), first, last)[0]

    def utilisation(
        self, principal: Principal, since: date | None = None, until: date | None = None
    ) -> Utilisation:
        first, last = window(since, until)
        entries, got = self._gather(scope_key(principal), first, last)
        days = slots.days(first, last)
        booked: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            if e.kind in ("facility", "teacher"):
                booked[e.resource_id].append(e)
        resources = []
        for r in got["facilities"] + got["teachers"]:
            mine = booked.get(r["id"], [])
            hours = sum(e.hours for e in mine)
            seat_hours = sum(e.hours * e.seats for e in mine) if r["kind"] == "facility" else hours
            per_day = (
                slots.hours_open_per_day(r["open_hours"])
                if r["kind"] == "facility"
                else slots.TEACHER_HOURS_PER_DAY
            )
            available = float(r["capacity"] or 0) * per_day * days
            resources.append(
                ResourceUse(
                    id=r["id"],
                    kind=r["kind"],
                    name_zh=r["name_zh"],
                    name_en=r["name_en"],
                    owner=OrgRef(id=r["owner_id"], name_zh=r["owner_zh"], name_en=r["owner_en"]),
                    bookings=len(mine),
                    hours=round(hours, 2),
                    seat_hours=round(seat_hours, 2),
                    available_seat_hours=round(available, 2),
                    utilisation=round(seat_hours / available, 4) if available else None,
                )
            )
        resources.sort(key=lambda u: (-(u.utilisation or 0), u.id))
        members: dict[str, dict[str, Any]] = {}

        def tally(org: OrgRef, side: str, e: Entry) -> None:
            m = members.setdefault(
                org.id,
                {
                    "member": org,
                    "given": 0,
                    "received": 0,
                    "given_hours": 0.0,
                    "received_hours": 0.0,
                    "by_kind": Counter(),
                },
            )
            m[side] += 1
            m[f"{side}_hours"] += e.hours
            m["by_kind"][e.kind] += 1

        for e in entries:
            tally(e.provider, "given", e)
            if e.receiver is not None:
                tally(e.receiver, "received", e)
        member_rows = [
            MemberUse(
                member=m["member"],
                given=m["given"],
                received=m["received"],
                given_hours=round(m["given_hours"], 2),
                received_hours=round(m["received_hours"], 2),
                by_kind=dict(m["by_kind"]),
            )
            for m in members.values()
        ]
        member_rows.sort(key=lambda m: (-(m.given + m.received), m.member.id))
        return Utilisation(since=first, until=last, resources=resources, members=member_rows)
