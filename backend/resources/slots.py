"""Time slots as plain data: parsing, overlap and the peak load of a slot.

A slot is a half-open range [start, end) of Shenyang local time, written
``YYYY-MM-DDTHH:MM:SS`` (so text order is time order). Two slots conflict when
their ranges overlap; back-to-back slots (one ends at 10:00, the next starts at
10:00) do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from backend.courses.access import SHENYANG
from backend.errors import InvalidInput

DEFAULT_OPEN_HOURS = "08:00-21:00"
TEACHER_HOURS_PER_DAY = 8.0  # a teacher's bookable time per day, for utilisation
FMT = "%Y-%m-%dT%H:%M:%S"


def local(moment: datetime) -> datetime:
    """A naive Shenyang wall-clock time; an aware one is converted first."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SHENYANG).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def text(moment: datetime) -> str:
    return moment.strftime(FMT)


def parse(value: str) -> datetime:
    return datetime.strptime(value[:19], FMT)


def open_hours(value: str | None) -> tuple[time, time]:
    """``"08:00-21:00"`` as two times; refuses a range that ends before it starts."""
    raw = value or DEFAULT_OPEN_HOURS
    try:
        a, b = raw.split("-")
        start = time.fromisoformat(a.strip())
        end = time.fromisoformat(b.strip())
    except ValueError:
        raise InvalidInput(
            f"open_hours must look like 08:00-21:00, got {raw!r}",
            message_zh=f"开放时间格式应为 08:00-21:00，收到 {raw!r}",
            field="open_hours",
        ) from None
    if end <= start:
        raise InvalidInput(
            "open_hours must end after it starts",
            message_zh="开放时间的结束须晚于开始",
            field="open_hours",
        )
    return start, end


def hours_open_per_day(value: str | None) -> float:
    start, end = open_hours(value)
    return (
        datetime.combine(datetime.min, end) - datetime.combine(datetime.min, start)
    ).total_seconds() / 3600


def overlaps(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    return a_start < b_end and b_start < a_end


def hours(start: str, end: str) -> float:
    return (parse(end) - parse(start)).total_seconds() / 3600


def peak_load(booked: Iterable[tuple[str, str, int]], start: str, end: str) -> int:
    """The most seats taken at any moment of [start, end) by ``booked`` slots
    (start, end, seats). A sweep over the slots' edges: at equal times an end
    comes before a start, so back-to-back slots do not add up."""
    edges: list[tuple[str, int, int]] = []
    for s, e, seats in booked:
        if not overlaps(s, e, start, end):
            continue
        edges.append((max(s, start), 1, seats))
        edges.append((min(e, end), 0, -seats))
    load = peak = 0
    for _, _, delta in sorted(edges):
        load += delta
        peak = max(peak, load)
    return peak


def days(since: str, until: str) -> int:
    """Whole days from ``since`` to ``until`` inclusive (dates ``YYYY-MM-DD``)."""
    a = datetime.strptime(since, "%Y-%m-%d")
    b = datetime.strptime(until, "%Y-%m-%d")
    return max(0, (b - a).days + 1)


def day_after(day: str) -> str:
    return (datetime.strptime(day, "%Y-%m-%d") + timedelta(days=1)).strftime("%Y-%m-%d")
