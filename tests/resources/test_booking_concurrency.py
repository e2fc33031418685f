"""Approved bookings never exceed a slot's capacity — one for a teacher's time —
whatever arrives at once, on both stores. Requests and approvals are fired from
threads released together; the invariant is checked on what the store holds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from backend.courses.schemas import SkillLevel
from backend.graph.store import Cypher, GraphStore, cypher
from backend.resources.availability import WeeklySlot
from backend.resources.schemas import BookingCreate, FacilityCreate, TeacherCreate
from backend.resources.service import ResourceService
from tests.courses.world import CENTRE, FIRM, LNEMVC, OTHER_FIRM, SYLU, build
from tests.helpers import fire
from tests.resources.world import at, org, worst_moment

APPROVED = cypher(
    """
    MATCH (b:Booking)-[:BOOKS]->(:Facility {id: $id})
    WHERE b.status = 'approved'
    RETURN b.slot_start AS slot_start, b.slot_end AS slot_end, b.seats AS seats
    """
)
APPROVED_TEACHER = cypher(
    """
    MATCH (b:Booking)-[:BOOKS]->(:Teacher {id: $id})
    WHERE b.status = 'approved'
    RETURN b.slot_start AS slot_start, b.slot_end AS slot_end, b.seats AS seats
    """
)
REQUESTERS = [("School", LNEMVC), ("School", SYLU), ("Firm", FIRM), ("Firm", OTHER_FIRM)]
# (start, end, seats): overlapping morning and afternoon slots on one day that ask
# for far more than the 30 places at once.
SHAPES = [
    ("09:00", "11:00", 10),
    ("10:00", "12:00", 12),
    ("09:30", "10:30", 8),
    ("11:00", "13:00", 6),
    ("13:00", "17:00", 15),
    ("14:00", "16:00", 10),
    ("15:00", "18:00", 9),
    ("08:00", "21:00", 5),
]


def _rows(store: GraphStore, query: Cypher, rid: str) -> list[tuple[str, str, int]]:
    return [
        (r["slot_start"], r["slot_end"], int(r["seats"])) for r in store.query(query, {"id": rid})
    ]


@pytest.fixture
def facility(store: GraphStore, tmp_path: Path) -> str:
    build(store, tmp_path)
    made = ResourceService(store).create_facility(
        org("TrainingCentre", CENTRE),
        FacilityCreate(
            name_zh="铁西区职业技能实训中心数控加工实训车间",
            name_en="Tiexi CNC machining training workshop",
            kind="workshop",
            capacity=30,
            equipment=["数控车床", "加工中心"],
            open_hours="08:00-21:00",
        ),
    )
    return made.id


class TestFacilityCapacity:
    def test_requests_and_approvals_at_once_never_exceed_capacity(
        self, store: GraphStore, facility: str
    ) -> None:
        service = ResourceService(store)
        owner = org("TrainingCentre", CENTRE)
        ids: list[str] = []

        def ask(i: int) -> None:
            start, end, seats = SHAPES[i % len(SHAPES)]
            made = service.request(
                org(*REQUESTERS[i % len(REQUESTERS)]),
                BookingCreate(
                    kind="facility",
                    resource_id=facility,
                    start=at(5, start),
                    end=at(5, end),
                    seats=seats,
                    purpose="数控车工实操训练 / CNC lathe practice",
                ),
            )
            ids.append(made.id)

        # Phase 1: sixteen requests arrive at once.
        assert fire(16, ask) == Counter({"ok": 16})
        first = list(ids)

        # Phase 2: sixteen more requests race with approvals of the first sixteen,
        # each approval sent twice (a double click from two browser tabs).
        def mixed(i: int) -> None:
            if i < 16:
                ask(i + 16)
            else:
                service.approve(owner, first[(i - 16) % 16])

        phase2 = fire(48, mixed)
        assert phase2["ok"] >= 16 + 1  # every request, at least one approval
        assert set(phase2) <= {"ok", "conflict"}
        approved = _rows(store, APPROVED, facility)
        assert worst_moment(approved) <= 30
        # Phase 3: every request, old and new, approved at once.
        everything = list(ids)
        phase3 = fire(len(everything), lambda i: service.approve(owner, everything[i]))
        assert set(phase3) <= {"ok", "conflict"}
        approved = _rows(store, APPROVED, facility)
        assert worst_moment(approved) <= 30
        # Demand was far over capacity, so some were refused, and what was
        # approved is exactly what the approvals that succeeded said.
        assert 0 < len(approved) < len(everything)
        assert len(approved) == phase2["ok"] - 16 + phase3["ok"]

    def test_the_capacity_check_is_tight_not_just_safe(
        self, store: GraphStore, facility: str
    ) -> None:
        """Three 10-seat bookings of the same slot fill 30 places exactly; a
        fourth is refused; back-to-back slots never count together."""
        service = ResourceService(store)
        owner = org("TrainingCentre", CENTRE)
        same = [
            service.request(
                org(*REQUESTERS[i]),
                BookingCreate(
                    kind="facility",
                    resource_id=facility,
                    start=at(6, "09:00"),
                    end=at(6, "12:00"),
                    seats=10,
                ),
            ).id
            for i in range(4)
        ]
        after = service.request(
            org("Firm", FIRM),
            BookingCreate(
                kind="facility",
                resource_id=facility,
                start=at(6, "12:00"),
                end=at(6, "15:00"),
                seats=30,
            ),
        ).id
        outcomes = fire(5, lambda i: service.approve(owner, [*same, after][i]))
        assert outcomes == Counter({"ok": 4, "conflict": 1})
        approved = _rows(store, APPROVED, facility)
        assert worst_moment(approved) == 30


class TestTeacherTime:
    def test_a_teacher_is_approved_into_one_of_many_overlapping_requests(
        self, store: GraphStore, tmp_path: Path
    ) -> None:
        build(store, tmp_path)
        service = ResourceService(store)
        owner = org("School", LNEMVC)
        teacher = service.create_teacher(
            owner,
            TeacherCreate(
                name="李振华",
                title="高级技师",
                bio="数控车工高级技师，全国技术能手。",
                available=True,
                # every day, so the day seven days ahead is always inside
                availability=[
                    WeeklySlot(weekday=d, start="08:00", end="18:00") for d in range(1, 8)
                ],
                expertise=[SkillLevel(skill_id="cnc_lathe_operation", level=5)],
            ),
        ).id
        others = [
            ("School", SYLU),
            ("Firm", FIRM),
            ("Firm", OTHER_FIRM),
            ("TrainingCentre", CENTRE),
        ]
        # Twelve requests that all cover 10:00-11:00 on one day.
        windows = [("09:00", "11:00"), ("10:00", "12:00"), ("10:30", "11:30"), ("08:00", "17:00")]
        ids = [
            service.request(
                org(*others[i % 4]),
                BookingCreate(
                    kind="teacher",
                    resource_id=teacher,
                    start=at(7, windows[i % 4][0]),
                    end=at(7, windows[i % 4][1]),
                ),
            ).id
            for i in range(12)
        ]
        # Every request approved twice, all at once.
        outcomes = fire(24, lambda i: service.approve(owner, ids[i % 12]))
        assert outcomes == Counter({"ok": 1, "conflict": 23})
        approved = _rows(store, APPROVED_TEACHER, teacher)
        assert len(approved) == 1
        assert worst_moment(approved) == 1
