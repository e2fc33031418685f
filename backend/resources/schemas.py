"""Facilities, teachers and bookings on the wire.

Create and update models forbid unknown fields, so a client cannot set a
booking's status or a facility's owner by sending them; the ``...Public``
models are all that leaves the server.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.courses.schemas import NodeId, OrgRef, SkillLevel, SkillRef, unique_skills
from backend.errors import invalid
from backend.resources.availability import MAX_SLOTS, WeeklySlot, check
from backend.resources.slots import local

FacilityKind = Literal[
    "workshop", "lab", "clean_room", "computer_lab", "simulation", "training_base", "classroom"
]
FacilityStatus = Literal["published", "withdrawn"]
BookingKind = Literal["facility", "teacher"]
BookingStatus = Literal["requested", "approved", "declined", "cancelled"]
BookingSide = Literal["all", "requested", "received"]

_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")


def _check_hours(value: str | None) -> str | None:
    if value is None:
        return None
    if not _HOURS.match(value) or value[6:] <= value[:5]:
        raise invalid(
            "Opening hours look like 08:00-21:00 and end after they start.",
            message_zh="开放时间的格式如 08:00-21:00，且结束须晚于开始。",
            field="open_hours",
        )
    return value


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ------------------------------------------------------------------ facilities


class FacilityCreate(_In):
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    kind: FacilityKind
    capacity: int = Field(ge=1, le=2000, description="people it holds at once")
    equipment: list[str] = Field(default_factory=list, max_length=50)
    address: str | None = Field(default=None, max_length=300)
    open_hours: str = Field(default="08:00-21:00", description="HH:MM-HH:MM, every day")

    _hours = field_validator("open_hours")(_check_hours)

    @field_validator("equipment")
    @classmethod
    def _equipment(cls, v: list[str]) -> list[str]:
        items = [x.strip() for x in v]
        if any(not x or len(x) > 120 for x in items):
            raise invalid(
                "Each piece of equipment needs a name of 1 to 120 characters.",
                message_zh="每件设备的名称须为 1 至 120 个字符。",
                field="equipment",
            )
        return items


class FacilityUpdate(_In):
    name_zh: str | None = Field(default=None, min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    kind: FacilityKind | None = None
    capacity: int | None = Field(default=None, ge=1, le=2000)
    equipment: list[str] | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, max_length=300)
    open_hours: str | None = None
    status: FacilityStatus | None = None

    _hours = field_validator("open_hours")(_check_hours)


class FacilityPublic(BaseModel):
    id: str
    name_zh: str
    name_en: str | None = None
    kind: str | None = None
    capacity: int
    equipment: list[str] = Field(default_factory=list)
    address: str | None = None
    open_hours: str
    status: str
    owner: OrgRef | None = None
    park: OrgRef | None = None


class FacilityPage(BaseModel):
    items: list[FacilityPublic]
    total: int
    skip: int
    limit: int


class SlotTaken(BaseModel):
    """An approved booking as others see it: when, and how many seats."""

    start: str
    end: str
    seats: int


class SlotLoad(BaseModel):
    """One booked time range and how full it is: the approved bookings that
    overlap it, the most seats they take at once inside it, and the places left
    (what an approval is checked against)."""

    start: str
    end: str
    bookings: int
    seats: int
    free: int


class Schedule(BaseModel):
    resource_id: str
    kind: BookingKind
    capacity: int
    since: str
    until: str
    taken: list[SlotTaken]
    slots: list[SlotLoad] = Field(default_factory=list)


# ------------------------------------------------------------------ teachers


class TeacherCreate(_In):
    name: str = Field(min_length=1, max_length=80)
    title: str | None = Field(default=None, max_length=80, description="e.g. 高级技师")
    bio: str | None = Field(default=None, max_length=3000)
    available: bool = True
    availability: list[WeeklySlot] = Field(
        default_factory=list,
        max_length=MAX_SLOTS,
        description="weekly slots a booking must fit in; none: any day 08:00-21:00",
    )
    hourly_rate: float | None = Field(default=None, ge=0, le=100_000)
    expertise: list[SkillLevel] = Field(min_length=1, max_length=12)

    _slots = field_validator("availability")(check)

    @model_validator(mode="after")
    def _unique(self) -> TeacherCreate:
        unique_skills(self.expertise)
        return self


class TeacherUpdate(_In):
    name: str | None = Field(default=None, min_length=1, max_length=80)
    title: str | None = Field(default=None, max_length=80)
    bio: str | None = Field(default=None, max_length=3000)
    available: bool | None = None
    availability: list[WeeklySlot] | None = Field(default=None, max_length=MAX_SLOTS)
    hourly_rate: float | None = Field(default=None, ge=0, le=100_000)
    expertise: list[SkillLevel] | None = Field(default=None, min_length=1, max_length=12)

    @field_validator("availability")
    @classmethod
    def _slots(cls, v: list[WeeklySlot] | None) -> list[WeeklySlot] | None:
        return None if v is None else check(v)

    @model_validator(mode="after")
    def _unique(self) -> TeacherUpdate:
        unique_skills(self.expertise)
        return self


class TeacherPublic(BaseModel):
    id: str
    name: str
    title: str | None = None
    bio: str | None = None
    available: bool = False
    availability: list[WeeklySlot] = Field(
        default_factory=list, description="weekly slots; empty: any day 08:00-21:00"
    )
    availability_note: str | None = Field(
        default=None, description="availability written in words before slots existed"
    )
    hourly_rate: float | None = None
    home: OrgRef | None = None
    expertise: list[SkillRef] = Field(default_factory=list)


class TeacherPage(BaseModel):
    items: list[TeacherPublic]
    total: int
    skip: int
    limit: int


# ------------------------------------------------------------------ bookings


class BookingCreate(_In):
    """A booking request. Times without an offset are Shenyang wall-clock time;
    a time with an offset (``+08:00``, ``Z``) is converted to Shenyang local time
    first, so ``start`` and ``end`` may be written either way and always compare."""

    kind: BookingKind
    resource_id: NodeId
    start: datetime = Field(
        description="Shenyang local time, e.g. 2030-03-02T09:00:00; "
        "a time with an offset is converted to Shenyang time"
    )
    end: datetime = Field(description="as start")
    seats: int = Field(default=1, ge=1, le=2000, description="people coming (facilities)")
    purpose: str | None = Field(default=None, max_length=500)

    @field_validator("start", "end")
    @classmethod
    def _shenyang(cls, v: datetime) -> datetime:
        return local(v)

    @model_validator(mode="after")
    def _order(self) -> BookingCreate:
        if self.end <= self.start:
            raise invalid(
                "The end must be after the start.",
                message_zh="结束时间须晚于开始时间。",
                field="end",
            )
        return self


class Decision(_In):
    note: str | None = Field(default=None, max_length=500)


class ResourceRef(BaseModel):
    id: str
    kind: BookingKind
    name_zh: str | None = None
    name_en: str | None = None
    capacity: int | None = None


class BookingPublic(BaseModel):
    id: str
    kind: BookingKind
    status: BookingStatus
    start: str
    end: str
    seats: int
    purpose: str | None = None
    note: str | None = None
    created_at: str | None = None
    decided_at: str | None = None
    resource: ResourceRef
    owner: OrgRef
    requester: OrgRef
    mine: Literal["requester", "owner", "staff"]
    next_steps: list[str]


class BookingPage(BaseModel):
    items: list[BookingPublic]
    total: int
    skip: int
    limit: int
