"""``/api/applications`` and ``/api/vacancies/{id}/applications``: a person
applies and withdraws; the firm moves the application on; the school approves
a placement. Every read is scoped to the caller by the repository."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.applications.schemas import (
    ApplicationPage,
    ApplicationPublic,
    ApplicationStatus,
    Approval,
    StatusChange,
)
from backend.applications.service import ApplicationService
from backend.deps import CurrentUser, SenderDep, SettingsDep, StoreDep
from backend.notifications.service import Notifier
from backend.vacancies.schemas import MAX_PAGE, VacancyKind

router = APIRouter(tags=["applications"])


def _service(store: StoreDep, sender: SenderDep, settings: SettingsDep) -> ApplicationService:
    return ApplicationService(store, Notifier(sender, settings.public_url))


@router.post(
    "/api/vacancies/{vacancy_id}/applications",
    response_model=ApplicationPublic,
    status_code=201,
    summary="Apply for an open vacancy (a person, once per vacancy)",
)
def apply(
    vacancy_id: str,
    user: CurrentUser,
    store: StoreDep,
    sender: SenderDep,
    settings: SettingsDep,
) -> ApplicationPublic:
    return _service(store, sender, settings).apply(user, vacancy_id)


@router.get(
    "/api/vacancies/{vacancy_id}/applications",
    response_model=ApplicationPage,
    summary="The applicants of your vacancy (its firm, or staff)",
)
def vacancy_applications(
    vacancy_id: str,
    user: CurrentUser,
    store: StoreDep,
    status: ApplicationStatus | None = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
) -> ApplicationPage:
    return ApplicationService(store).for_vacancy(user, vacancy_id, status, skip, limit)


@router.get(
    "/api/applications",
    response_model=ApplicationPage,
    summary="Applications you may see: your own, your firm's vacancies', your students'",
)
def list_applications(
    user: CurrentUser,
    store: StoreDep,
    status: ApplicationStatus | None = None,
    vacancy: Annotated[str | None, Query(max_length=80, description="Vacancy id")] = None,
    kind: VacancyKind | None = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
) -> ApplicationPage:
    return ApplicationService(store).search(
        user, status=status, vacancy_id=vacancy, kind=kind, skip=skip, limit=limit
    )


@router.get("/api/applications/{application_id}", response_model=ApplicationPublic)
def get_application(application_id: str, user: CurrentUser, store: StoreDep) -> ApplicationPublic:
    return ApplicationService(store).get(user, application_id)


@router.post(
    "/api/applications/{application_id}/status",
    response_model=ApplicationPublic,
    summary="Move an application on: shortlisted → interview → offer → hired, or rejected",
)
def change_status(
    application_id: str,
    change: StatusChange,
    user: CurrentUser,
    store: StoreDep,
    sender: SenderDep,
    settings: SettingsDep,
) -> ApplicationPublic:
    return _service(store, sender, settings).change_status(user, application_id, change)


@router.post(
    "/api/applications/{application_id}/withdraw",
    response_model=ApplicationPublic,
    summary="Withdraw your application",
)
def withdraw(application_id: str, user: CurrentUser, store: StoreDep) -> ApplicationPublic:
    return ApplicationService(store).withdraw(user, application_id)


@router.post(
    "/api/applications/{application_id}/approval",
    response_model=ApplicationPublic,
    summary="The student's school approves (or declines) a placement",
)
def approve(
    application_id: str, approval: Approval, user: CurrentUser, store: StoreDep
) -> ApplicationPublic:
    return ApplicationService(store).approve(user, application_id, approval)
