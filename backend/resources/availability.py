"""A teacher's weekly availability: slots of (weekday, start, end), validated,
stored as one canonical line, and the rule a booking of a teacher must meet.

Stored in the Teacher's ``availability`` text property as
``"Mon 09:00-12:00; Wed 14:00-17:30"`` (English weekday abbreviations, slots in
week order): readable by a person looking at the graph, parsed back exactly.
Text that does not parse (free words written before slots existed) is kept as a
note and gives no slots. A teacher with no slots takes bookings inside the
default day (``slots.DEFAULT_OPEN_HOURS``), as a facility without open hours does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, time
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backend.errors import InvalidInput
from backend.resources import slots

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
_ITEM = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d\d:\d\d)-(\d\d:\d\d)$")
MAX_SLOTS = 21


class WeeklySlot(BaseModel):
    """Every week on ``weekday`` (1 = Monday ... 7 = Sunday), ``start``-``end``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    weekday: int = Field(ge=1, le=7, description="1 = Monday ... 7 = Sunday")
    start: str = Field(description="HH:MM, Shenyang time", examples=["09:00"])
    end: str = Field(description="HH:MM, after start", examples=["12:00"])

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, v: str) -> str:
        if not _HHMM.match(v):
            raise ValueError(f"a time looks like 09:00, got {v!r}")
        return v

    @model_validator(mode="after")
    def _order(self) -> WeeklySlot:
        if self.end <= self.start:
            raise ValueError(
                f"{DAYS[self.weekday - 1]} {self.start}-{self.end}: the end must be after the start"
            )
        return self

    @property
    def label(self) -> str:
        return f"{DAYS[self.weekday - 1]} {self.start}-{self.end}"


def check(items: list[WeeklySlot]) -> list[WeeklySlot]:
    """Sorted in week order; refuses overlapping slots on one day (a pydantic
    validator: the message reaches the caller as a 422 naming both slots)."""
    ordered = sorted(items, key=lambda s: (s.weekday, s.start, s.end))
    for a, b in pairwise(ordered):
        if a.weekday == b.weekday and b.start < a.end:
            raise ValueError(f"{a.label} and {b.label} overlap; write them as one slot")
    return ordered


def to_text(items: Iterable[WeeklySlot]) -> str | None:
    text = "; ".join(s.label for s in items)
    return text or None


def parse(value: str | None) -> list[WeeklySlot] | None:
    """The slots stored in ``value``; None when it is free text (or empty)."""
    if not value:
        return None
    out: list[WeeklySlot] = []
    for part in value.split(";"):
        m = _ITEM.match(part.strip())
        if m is None:
            return None
        try:
            out.append(WeeklySlot(weekday=DAYS.index(m[1]) + 1, start=m[2], end=m[3]))
        except ValueError:
            return None
    return out


def _t(hhmm: str) -> time:
    return time.max if hhmm == "24:00" else time.fromisoformat(hhmm)


def require_within(weekly: list[WeeklySlot] | None, start: datetime, end: datetime) -> None:
    """Refuse a teacher booking [start, end) that no weekly slot holds."""
    if not weekly:
        opens, closes = slots.open_hours(None)
        if start.time() < opens or end.time() > closes:
            raise InvalidInput(
                f"this teacher has published no weekly hours; book within "
                f"{opens:%H:%M}-{closes:%H:%M}",
                message_zh=f"该教师未发布每周可预约时段，请在 {opens:%H:%M}-{closes:%H:%M} 内预约",
                field="start",
            )
        return
    day = start.isoweekday()
    for s in weekly:
        if s.weekday == day and _t(s.start) <= start.time() and end.time() <= _t(s.end):
            return
    hours = "; ".join(s.label for s in weekly)
    hours_zh = "；".join(f"{DAYS_ZH[s.weekday - 1]} {s.start}-{s.end}" for s in weekly)
    asked = f"{DAYS[day - 1]} {start:%H:%M}-{end:%H:%M}"
    asked_zh = f"{DAYS_ZH[day - 1]} {start:%H:%M}-{end:%H:%M}"
    raise InvalidInput(
        f"{asked} is outside this teacher's weekly hours ({hours})",
        message_zh=f"{asked_zh} 不在该教师每周可预约时段内（{hours_zh}）",
        field="start",
    )
