"""Ledger entries and utilisation on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from backend.courses.schemas import OrgRef

EntryKind = Literal["facility", "teacher", "course", "job_opportunity", "competition_result"]


class Entry(BaseModel):
    id: str
    on: str
    kind: EntryKind
    resource_id: str
    resource_zh: str | None = None
    resource_en: str | None = None
    provider: OrgRef
    receiver: OrgRef | None = None
    seats: int = 1
    hours: float = 0.0


class EntryPage(BaseModel):
    since: str
    until: str
    items: list[Entry]
    total: int
    skip: int
    limit: int


class ResourceUse(BaseModel):
    id: str
    kind: Literal["facility", "teacher"]
    name_zh: str | None = None
    name_en: str | None = None
    owner: OrgRef
    bookings: int
    hours: float
    seat_hours: float
    available_seat_hours: float
    utilisation: float | None


class MemberUse(BaseModel):
    member: OrgRef
    given: int
    received: int
    given_hours: float
    received_hours: float
    by_kind: dict[str, int]


class Utilisation(BaseModel):
    since: str
    until: str
    resources: list[ResourceUse]
    members: list[MemberUse]
