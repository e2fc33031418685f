"""Courses API: thin routes over ``CourseService``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from backend.courses.schemas import (
    Completion,
    CourseCreate,
    CoursePage,
    CoursePublic,
    CourseStatus,
    CourseUpdate,
    EnrolmentPage,
    EnrolmentPublic,
    EnrolmentStatus,
)
from backend.courses.service import CourseService
from backend.deps import CurrentUser, StoreDep

router = APIRouter(tags=["courses"])

CourseId = Annotated[str, Path(min_length=1, max_length=120, description="a course's id")]
PersonId = Annotated[str, Path(min_length=1, max_length=120, description="a person's id")]
Skip = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/api/courses", response_model=CoursePage, summary="List courses (public)")
def list_courses(
    store: StoreDep,
    provider: Annotated[
        str | None, Query(max_length=120, description="school or centre id")
    ] = None,
    park: Annotated[str | None, Query(max_length=120, description="the provider's park")] = None,
    skill: Annotated[str | None, Query(max_length=120, description="a skill id taught")] = None,
    shared: Annotated[bool | None, Query(description="open to other members' students")] = None,
    status: CourseStatus | None = None,
    q: Annotated[str | None, Query(max_length=100, description="words in title or text")] = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> CoursePage:
    return CourseService(store).list_courses(
        provider=provider,
        park=park,
        skill=skill,
        shared=shared,
        status=status,
        q=q,
        skip=skip,
        limit=limit,
    )


@router.post(
    "/api/courses",
    response_model=CoursePublic,
    status_code=201,
    summary="Publish a course (a school's or training centre's account)",
)
def create_course(data: CourseCreate, user: CurrentUser, store: StoreDep) -> CoursePublic:
    return CourseService(store).create(user, data)


@router.get(
    "/api/courses/{course_id}",
    response_model=CoursePublic,
    summary="A course with its skills, prerequisites, teacher and the subsidies in force",
)
def get_course(course_id: CourseId, store: StoreDep) -> CoursePublic:
    return CourseService(store).get(course_id)


@router.patch(
    "/api/courses/{course_id}", response_model=CoursePublic, summary="Edit your own course"
)
def update_course(
    course_id: CourseId, data: CourseUpdate, user: CurrentUser, store: StoreDep
) -> CoursePublic:
    return CourseService(store).update(user, course_id, data)


@router.post(
    "/api/courses/{course_id}/close",
    response_model=CoursePublic,
    summary="Stop taking enrolments on your own course",
)
def close_course(course_id: CourseId, user: CurrentUser, store: StoreDep) -> CoursePublic:
    return CourseService(store).close(user, course_id)


@router.post(
    "/api/courses/{course_id}/enrol",
    response_model=EnrolmentPublic,
    status_code=201,
    summary="Enrol yourself (a person's account) if a seat is free",
)
def enrol(course_id: CourseId, user: CurrentUser, store: StoreDep) -> EnrolmentPublic:
    return CourseService(store).enrol(user, course_id)


@router.post(
    "/api/courses/{course_id}/withdraw",
    response_model=EnrolmentPublic,
    summary="Withdraw your own enrolment; frees the seat",
)
def withdraw(course_id: CourseId, user: CurrentUser, store: StoreDep) -> EnrolmentPublic:
    return CourseService(store).withdraw(user, course_id)


@router.get(
    "/api/courses/{course_id}/enrolments",
    response_model=EnrolmentPage,
    summary="A course's enrolments (its provider and staff)",
)
def course_enrolments(
    course_id: CourseId,
    user: CurrentUser,
    store: StoreDep,
    status: EnrolmentStatus | None = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> EnrolmentPage:
    return CourseService(store).course_enrolments(user, course_id, status, skip, limit)


@router.post(
    "/api/courses/{course_id}/enrolments/{person_id}/complete",
    response_model=Completion,
    summary="Mark an enrolment completed: adds the credential and skills to the person's record",
)
def complete(
    course_id: CourseId, person_id: PersonId, user: CurrentUser, store: StoreDep
) -> Completion:
    return CourseService(store).complete(user, course_id, person_id)


@router.get(
    "/api/enrolments",
    response_model=EnrolmentPage,
    summary="Enrolments you may see: your own, your courses', or all (staff)",
)
def list_enrolments(
    user: CurrentUser,
    store: StoreDep,
    course: Annotated[str | None, Query(max_length=120)] = None,
    status: EnrolmentStatus | None = None,
    skip: Skip = 0,
    limit: Limit = 50,
) -> EnrolmentPage:
    return CourseService(store).enrolments(
        user, course=course, status=status, skip=skip, limit=limit
    )
