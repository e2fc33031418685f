"""Cooperation projects API: thin routes over ``ProjectService``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from backend.deps import CurrentUser, StoreDep
from backend.projects.schemas import (
    ProjectCreate,
    ProjectKind,
    ProjectPage,
    ProjectPublic,
    ProjectStatus,
    ProjectUpdate,
)
from backend.projects.service import ProjectService

router = APIRouter(prefix="/api/projects", tags=["cooperation projects"])

Id = Annotated[str, Path(min_length=1, max_length=120, description="a project's id")]


@router.get("", response_model=ProjectPage, summary="Cooperation projects (public)")
def list_projects(
    store: StoreDep,
    kind: ProjectKind | None = None,
    status: ProjectStatus | None = None,
    member: Annotated[str | None, Query(max_length=120, description="a party's id")] = None,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProjectPage:
    return ProjectService(store).search(
        kind=kind, status=status, member=member, skip=skip, limit=limit
    )


@router.post(
    "",
    response_model=ProjectPublic,
    status_code=201,
    summary="Propose a project with partners (you lead it)",
)
def propose(data: ProjectCreate, user: CurrentUser, store: StoreDep) -> ProjectPublic:
    return ProjectService(store).propose(user, data)


@router.get("/{project_id}", response_model=ProjectPublic, summary="A project and its parties")
def get_project(project_id: Id, store: StoreDep) -> ProjectPublic:
    return ProjectService(store).get(project_id)


@router.post("/{project_id}/sign", response_model=ProjectPublic, summary="Sign as invited party")
def sign(project_id: Id, user: CurrentUser, store: StoreDep) -> ProjectPublic:
    return ProjectService(store).sign(user, project_id)


@router.patch(
    "/{project_id}", response_model=ProjectPublic, summary="Record progress, results, the end"
)
def update(
    project_id: Id, data: ProjectUpdate, user: CurrentUser, store: StoreDep
) -> ProjectPublic:
    return ProjectService(store).update(user, project_id, data)
