"""Training needs API: thin routes over ``TrainingNeedService``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from backend.deps import CurrentUser, StoreDep
from backend.training_needs.schemas import (
    AnswerCreate,
    NeedCreate,
    NeedPage,
    NeedPublic,
    NeedStatus,
    NeedUpdate,
)
from backend.training_needs.service import TrainingNeedService

router = APIRouter(prefix="/api/training-needs", tags=["training needs"])

NeedId = Annotated[str, Path(min_length=1, max_length=120, description="a training need's id")]
CourseId = Annotated[str, Path(min_length=1, max_length=120, description="a course's id")]


@router.get(
    "",
    response_model=NeedPage,
    summary="Training needs you may see: your firm's; open ones (schools, centres); all (staff)",
)
def list_needs(
    user: CurrentUser,
    store: StoreDep,
    status: NeedStatus | None = None,
    skill: Annotated[str | None, Query(max_length=120, description="a skill id needed")] = None,
    firm: Annotated[str | None, Query(max_length=120, description="the firm's id")] = None,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> NeedPage:
    return TrainingNeedService(store).list_needs(
        user, status=status, skill=skill, firm=firm, skip=skip, limit=limit
    )


@router.post(
    "",
    response_model=NeedPublic,
    status_code=201,
    summary="Raise a training need (a verified firm's account)",
)
def create_need(data: NeedCreate, user: CurrentUser, store: StoreDep) -> NeedPublic:
    return TrainingNeedService(store).create(user, data)


@router.get("/{need_id}", response_model=NeedPublic, summary="A training need and its answers")
def get_need(need_id: NeedId, user: CurrentUser, store: StoreDep) -> NeedPublic:
    return TrainingNeedService(store).get(user, need_id)


@router.patch("/{need_id}", response_model=NeedPublic, summary="Edit your firm's open need")
def update_need(
    need_id: NeedId, data: NeedUpdate, user: CurrentUser, store: StoreDep
) -> NeedPublic:
    return TrainingNeedService(store).update(user, need_id, data)


@router.post("/{need_id}/close", response_model=NeedPublic, summary="Close your firm's need")
def close_need(need_id: NeedId, user: CurrentUser, store: StoreDep) -> NeedPublic:
    return TrainingNeedService(store).close(user, need_id)


@router.post(
    "/{need_id}/answers",
    response_model=NeedPublic,
    status_code=201,
    summary="Answer an open need with one of your own courses (a school or centre)",
)
def answer_need(
    need_id: NeedId, data: AnswerCreate, user: CurrentUser, store: StoreDep
) -> NeedPublic:
    return TrainingNeedService(store).answer(user, need_id, data)


@router.delete(
    "/{need_id}/answers/{course_id}",
    response_model=NeedPublic,
    summary="Withdraw your course's answer",
)
def withdraw_answer(
    need_id: NeedId, course_id: CourseId, user: CurrentUser, store: StoreDep
) -> NeedPublic:
    return TrainingNeedService(store).withdraw_answer(user, need_id, course_id)
