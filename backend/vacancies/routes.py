"""``/api/vacancies``: public reads of open vacancies; a verified firm posts,
edits and closes its own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.deps import CurrentUser, OptionalUser, StoreDep
from backend.vacancies.schemas import (
    MAX_PAGE,
    VacancyCreate,
    VacancyFilters,
    VacancyKind,
    VacancyPage,
    VacancyPublic,
    VacancyState,
    VacancyUpdate,
)
from backend.vacancies.service import VacancyService

router = APIRouter(prefix="/api/vacancies", tags=["vacancies"])

_ID = r"^[A-Za-z0-9_.-]{1,80}$"


@router.get("", response_model=VacancyPage, summary="Search vacancies")
def list_vacancies(
    store: StoreDep,
    user: OptionalUser,
    kind: VacancyKind | None = None,
    status: Annotated[
        VacancyState | None,
        Query(description="open (default for the public), closed or expired"),
    ] = None,
    park: Annotated[str | None, Query(pattern=_ID, description="Park id, e.g. park-hunnan")] = None,
    firm: Annotated[str | None, Query(pattern=_ID)] = None,
    occupation: Annotated[
        str | None, Query(pattern=r"^\d-\d{2}-\d{2}-\d{2}$", description="CSCO 2022 code")
    ] = None,
    skill: Annotated[str | None, Query(pattern=_ID, description="Skill id")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=80, description="Text in title")
    ] = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
) -> VacancyPage:
    """Anyone sees open vacancies; a firm's accounts also see their own closed and
    expired ones; staff see all."""
    filters = VacancyFilters(
        kind=kind, status=status, park=park, firm=firm, occupation=occupation, skill=skill, q=q
    )
    return VacancyService(store).search(user, filters, skip, limit)


@router.post("", response_model=VacancyPublic, status_code=201, summary="Post a vacancy")
def create_vacancy(data: VacancyCreate, store: StoreDep, user: CurrentUser) -> VacancyPublic:
    return VacancyService(store).create(user, data)


@router.get("/{vacancy_id}", response_model=VacancyPublic, summary="One vacancy")
def get_vacancy(vacancy_id: str, store: StoreDep, user: OptionalUser) -> VacancyPublic:
    return VacancyService(store).get(user, vacancy_id)


@router.patch("/{vacancy_id}", response_model=VacancyPublic, summary="Edit your vacancy")
def update_vacancy(
    vacancy_id: str, data: VacancyUpdate, store: StoreDep, user: CurrentUser
) -> VacancyPublic:
    return VacancyService(store).update(user, vacancy_id, data)


@router.post("/{vacancy_id}/close", response_model=VacancyPublic, summary="Close your vacancy")
def close_vacancy(vacancy_id: str, store: StoreDep, user: CurrentUser) -> VacancyPublic:
    return VacancyService(store).close(user, vacancy_id)
