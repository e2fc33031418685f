"""Shared facilities, teachers and bookings: thin routes over ``ResourceService``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query

from backend.deps import CurrentUser, StoreDep
from backend.errors import InvalidInput
from backend.resources.schemas import (
    BookingCreate,
    BookingKind,
    BookingPage,
    BookingPublic,
    BookingSide,
    BookingStatus,
    Decision,
    FacilityCreate,
    FacilityKind,
    FacilityPage,
    FacilityPublic,
    FacilityStatus,
    FacilityUpdate,
    Schedule,
    TeacherCreate,
    TeacherPage,
    TeacherPublic,
    TeacherUpdate,
)
from backend.resources.service import ResourceService

router = APIRouter(tags=["shared resources"])

Id = Annotated[str, Path(min_length=1, max_length=120)]
Skip = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=200)]
Word = Annotated[str | None, Query(max_length=120)]


def _window(since: date | None, until: date | None) -> tuple[str, str]:
    first = since or date.today()
    last = until or first + timedelta(days=30)
    if last < first:
        raise InvalidInput(
            "until must not be before since", message_zh="结束日期不能早于开始日期", field="until"
        )
    if (last - first).days > 366:
        raise InvalidInput(
            "ask for at most a year at once", message_zh="一次最多查询一年", field="until"
        )
    return f"{first.isoformat()}T00:00:00", f"{(last + timedelta(days=1)).isoformat()}T00:00:00"


# ---------------------------------------------------------------- facilities
@router.get("/api/facilities", response_model=FacilityPage, summary="Shared training facilities")
def list_facilities(
    store: StoreDep,
    owner: Word = None,
    park: Word = None,
    kind: FacilityKind | None = None,
    status: FacilityStatus | None = "published",
    min_capacity: Annotated[int, Query(ge=0, le=2000)] = 0,
    equipment: Annotated[
        str | None, Query(max_length=120, description="one piece, exactly")
    ] = None,
    q: Annotated[str | None, Query(max_length=100, description="words in name or address")] = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> FacilityPage:
    return ResourceService(store).list_facilities(
        owner=owner,
        park=park,
        kind=kind,
        status=status,
        min_capacity=min_capacity,
        equipment=equipment,
        q=q,
        skip=skip,
        limit=limit,
    )


@router.post(
    "/api/facilities",
    response_model=FacilityPublic,
    status_code=201,
    summary="Share a training facility (any member's account)",
)
def create_facility(data: FacilityCreate, user: CurrentUser, store: StoreDep) -> FacilityPublic:
    return ResourceService(store).create_facility(user, data)


@router.get("/api/facilities/{facility_id}", response_model=FacilityPublic, summary="A facility")
def get_facility(facility_id: Id, store: StoreDep) -> FacilityPublic:
    return ResourceService(store).facility(facility_id)


@router.patch(
    "/api/facilities/{facility_id}",
    response_model=FacilityPublic,
    summary="Edit or withdraw your own facility",
)
def update_facility(
    facility_id: Id, data: FacilityUpdate, user: CurrentUser, store: StoreDep
) -> FacilityPublic:
    return ResourceService(store).update_facility(user, facility_id, data)


@router.get(
    "/api/facilities/{facility_id}/schedule",
    response_model=Schedule,
    summary="Approved slots of a facility between two days (default: the next 30 days)",
)
def facility_schedule(
    facility_id: Id, store: StoreDep, since: date | None = None, until: date | None = None
) -> Schedule:
    a, b = _window(since, until)
    return ResourceService(store).schedule("facility", facility_id, a, b)


# ---------------------------------------------------------------- teachers
@router.get("/api/teachers", response_model=TeacherPage, summary="Shared teachers")
def list_teachers(
    store: StoreDep,
    home: Word = None,
    park: Word = None,
    skill: Annotated[str | None, Query(max_length=120, description="a skill id")] = None,
    available: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> TeacherPage:
    return ResourceService(store).list_teachers(
        home=home, park=park, skill=skill, available=available, q=q, skip=skip, limit=limit
    )


@router.post(
    "/api/teachers",
    response_model=TeacherPublic,
    status_code=201,
    summary="Share a teacher (a school's, centre's or firm's account)",
)
def create_teacher(data: TeacherCreate, user: CurrentUser, store: StoreDep) -> TeacherPublic:
    return ResourceService(store).create_teacher(user, data)


@router.get("/api/teachers/{teacher_id}", response_model=TeacherPublic, summary="A teacher")
def get_teacher(teacher_id: Id, store: StoreDep) -> TeacherPublic:
    return ResourceService(store).teacher(teacher_id)


@router.patch(
    "/api/teachers/{teacher_id}", response_model=TeacherPublic, summary="Edit your own teacher"
)
def update_teacher(
    teacher_id: Id, data: TeacherUpdate, user: CurrentUser, store: StoreDep
) -> TeacherPublic:
    return ResourceService(store).update_teacher(user, teacher_id, data)


@router.get(
    "/api/teachers/{teacher_id}/schedule",
    response_model=Schedule,
    summary="A teacher's approved slots between two days",
)
def teacher_schedule(
    teacher_id: Id, store: StoreDep, since: date | None = None, until: date | None = None
) -> Schedule:
    a, b = _window(since, until)
    return ResourceService(store).schedule("teacher", teacher_id, a, b)


# ---------------------------------------------------------------- bookings
@router.get(
    "/api/bookings",
    response_model=BookingPage,
    summary="Bookings you asked for or of your resources (staff: all)",
)
def list_bookings(
    user: CurrentUser,
    store: StoreDep,
    side: BookingSide = "all",
    status: BookingStatus | None = None,
    kind: BookingKind | None = None,
    resource: Word = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> BookingPage:
    return ResourceService(store).list_bookings(
        user, side=side, status=status, kind=kind, resource=resource, skip=skip, limit=limit
    )


@router.post(
    "/api/bookings",
    response_model=BookingPublic,
    status_code=201,
    summary="Ask for a facility slot or a teacher's time",
)
def request_booking(data: BookingCreate, user: CurrentUser, store: StoreDep) -> BookingPublic:
    return ResourceService(store).request(user, data)


@router.get("/api/bookings/{booking_id}", response_model=BookingPublic, summary="A booking")
def get_booking(booking_id: Id, user: CurrentUser, store: StoreDep) -> BookingPublic:
    return ResourceService(store).booking(user, booking_id)


@router.post(
    "/api/bookings/{booking_id}/approve",
    response_model=BookingPublic,
    summary="Approve a request for your resource, if it still fits",
)
def approve_booking(
    booking_id: Id, user: CurrentUser, store: StoreDep, data: Decision | None = None
) -> BookingPublic:
    return ResourceService(store).approve(user, booking_id, data)


@router.post(
    "/api/bookings/{booking_id}/decline",
    response_model=BookingPublic,
    summary="Decline a request for your resource",
)
def decline_booking(
    booking_id: Id, user: CurrentUser, store: StoreDep, data: Decision | None = None
) -> BookingPublic:
    return ResourceService(store).decline(user, booking_id, data)


@router.post(
    "/api/bookings/{booking_id}/cancel",
    response_model=BookingPublic,
    summary="Cancel your own request or approved booking",
)
def cancel_booking(booking_id: Id, user: CurrentUser, store: StoreDep) -> BookingPublic:
    return ResourceService(store).cancel(user, booking_id)
