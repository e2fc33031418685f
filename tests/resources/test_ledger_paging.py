"""The ledger is paged in the store, on both stores: every page of every size,
joined, is exactly the full ledger in its order; the total is counted there; the
kind filter pages too; each member still sees only its own entries."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from backend.competitions.schemas import CompetitionCreate, ResultIn, ResultsCreate
from backend.competitions.service import CompetitionService
from backend.courses.access import today
from backend.graph.store import GraphStore
from backend.ledger.service import LedgerService
from backend.resources.schemas import BookingCreate, FacilityCreate
from backend.resources.service import ResourceService
from tests.courses.world import (
    CENTRE,
    FIRM,
    GOV,
    LNEMVC,
    OTHER_FIRM,
    OTHER_STUDENT_ID,
    STUDENT_ID,
    SYLU,
    build,
)
from tests.resources.world import at, org

STAFF = org("GovernmentBody", GOV)


@pytest.fixture
def ledger(store: GraphStore, tmp_path: Path) -> LedgerService:
    """Eleven entries of three kinds on several days, some on the same day."""
    build(store, tmp_path)
    resources = ResourceService(store)
    owner = org("TrainingCentre", CENTRE)
    facility = resources.create_facility(
        owner, FacilityCreate(name_zh="铁西实训中心数控车间", kind="workshop", capacity=40)
    ).id
    guests = [org("Firm", FIRM), org("Firm", OTHER_FIRM), org("School", LNEMVC)]
    for i in range(9):
        b = resources.request(
            guests[i % 3],
            BookingCreate(
                kind="facility",
                resource_id=facility,
                start=at(2 + i // 2, "09:00" if i % 2 else "13:00"),
                end=at(2 + i // 2, "12:00" if i % 2 else "16:00"),
                seats=4,
            ),
        )
        resources.approve(owner, b.id)
    competitions = CompetitionService(store)
    held = (date.fromisoformat(today()) - timedelta(days=3)).isoformat()
    comp = competitions.create(
        STAFF,
        CompetitionCreate(name_zh="沈阳市数控车工技能大赛", level="city", held_on=held),  # type: ignore[arg-type]
    ).id
    competitions.publish(
        STAFF,
        comp,
        ResultsCreate(
            results=[
                ResultIn(person_id=STUDENT_ID, rank=1),
                ResultIn(person_id=OTHER_STUDENT_ID, rank=2),
            ]
        ),
    )
    return LedgerService(store)


def test_pages_join_into_the_whole_ledger(ledger: LedgerService) -> None:
    whole = ledger.all_entries(STAFF)
    assert len(whole) == 11
    assert [e.on for e in whole] == sorted((e.on for e in whole), reverse=True)
    for size in (1, 2, 3, 5, 11, 50):
        pages = [ledger.entries(STAFF, skip=s, limit=size) for s in range(0, 12, size)]
        assert {p.total for p in pages} == {11}
        assert [e for p in pages for e in p.items] == whole, size


def test_the_kind_filter_and_the_scope_page_too(ledger: LedgerService) -> None:
    results = ledger.entries(STAFF, kind="competition_result", limit=1)
    assert results.total == 2 and len(results.items) == 1
    assert results.items[0].kind == "competition_result"
    assert ledger.entries(STAFF, kind="teacher").total == 0
    # SYLU received one result (its student); LNEMVC three bookings and one result
    sylu = ledger.entries(org("School", SYLU), limit=50)
    assert [e.kind for e in sylu.items] == ["competition_result"]
    lnemvc = ledger.entries(org("School", LNEMVC), skip=1, limit=2)
    assert lnemvc.total == 4 and len(lnemvc.items) == 2
    assert lnemvc.items == ledger.all_entries(org("School", LNEMVC))[1:3]
