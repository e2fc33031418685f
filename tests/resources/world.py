"""Helpers for the shared-resource tests: the course tests' small corner of the
alliance (two schools, a centre, two verified firms, a park, staff), principals
for calling services directly, and slot times relative to today so requests are
always in the bookable future."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from backend.accounts.schemas import Principal, Role
from backend.courses.access import today
from backend.resources import slots

ORG_ROLE: dict[str, Role] = {
    "School": "school",
    "TrainingCentre": "school",
    "Firm": "company",
    "Park": "park",
    "GovernmentBody": "staff",
}


def org(kind: str, org_id: str) -> Principal:
    """An approved organisation account acting for ``org_id``."""
    return Principal(
        user_id=f"user-{org_id}",
        email=f"office@{org_id}.example.cn",
        role=ORG_ROLE[kind],
        display_name=org_id,
        status="active",
        lang="zh",
        session_id="",
        csrf="",
        org_id=org_id,
        org_kind=kind,
        org_verified=True,
    )


def day(ahead: int) -> date:
    """A Shenyang calendar day ``ahead`` days from today."""
    return date.fromisoformat(today()) + timedelta(days=ahead)


def at(ahead: int, hhmm: str) -> datetime:
    """Shenyang wall-clock time ``hhmm`` on the day ``ahead`` days from today."""
    return datetime.fromisoformat(f"{day(ahead).isoformat()}T{hhmm}:00")


def worst_moment(approved: list[tuple[str, str, int]]) -> int:
    """The largest number of seats approved at any one moment, over all slots."""
    if not approved:
        return 0
    first = min(s for s, _, _ in approved)
    last = max(e for _, e, _ in approved)
    return slots.peak_load(approved, first, last)
