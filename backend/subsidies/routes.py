"""Subsidy policies API: thin routes over ``SubsidyService``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from backend.deps import CurrentUser, StoreDep
from backend.subsidies.schemas import (
    MySubsidies,
    PolicyCreate,
    PolicyDetail,
    PolicyKind,
    PolicyPage,
    PolicyUpdate,
)
from backend.subsidies.service import SubsidyService

router = APIRouter(tags=["subsidies"])

PolicyId = Annotated[str, Path(min_length=1, max_length=120, description="a policy's id")]


@router.get("/api/subsidies", response_model=PolicyPage, summary="List subsidy policies (public)")
def list_policies(
    store: StoreDep,
    status: Literal["published", "withdrawn", "all"] = "published",
    in_force: Annotated[bool | None, Query(description="in force today")] = None,
    region: Annotated[str | None, Query(max_length=60)] = None,
    kind: PolicyKind | None = None,
    course: Annotated[
        str | None, Query(max_length=120, description="subsidises this course")
    ] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    skip: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> PolicyPage:
    return SubsidyService(store).list_policies(
        status=status,
        in_force=in_force,
        region=region,
        kind=kind,
        course=course,
        q=q,
        skip=skip,
        limit=limit,
    )


@router.post(
    "/api/subsidies",
    response_model=PolicyDetail,
    status_code=201,
    summary="Publish a subsidy policy (alliance staff)",
)
def create_policy(data: PolicyCreate, user: CurrentUser, store: StoreDep) -> PolicyDetail:
    return SubsidyService(store).create(user, data)


@router.get(
    "/api/subsidies/{policy_id}",
    response_model=PolicyDetail,
    summary="A policy with the courses it subsidises and how many people they reach",
)
def get_policy(policy_id: PolicyId, store: StoreDep) -> PolicyDetail:
    return SubsidyService(store).get(policy_id)


@router.patch(
    "/api/subsidies/{policy_id}", response_model=PolicyDetail, summary="Edit a policy (staff)"
)
def update_policy(
    policy_id: PolicyId, data: PolicyUpdate, user: CurrentUser, store: StoreDep
) -> PolicyDetail:
    return SubsidyService(store).update(user, policy_id, data)


@router.post(
    "/api/subsidies/{policy_id}/withdraw",
    response_model=PolicyDetail,
    summary="Withdraw a policy (staff); it stops applying at once",
)
def withdraw_policy(policy_id: PolicyId, user: CurrentUser, store: StoreDep) -> PolicyDetail:
    return SubsidyService(store).withdraw(user, policy_id)


@router.get(
    "/api/people/me/subsidies",
    response_model=MySubsidies,
    tags=["people"],
    summary="Policies in force that subsidise your current enrolments (a person's account)",
)
def my_subsidies(user: CurrentUser, store: StoreDep) -> MySubsidies:
    return SubsidyService(store).mine(user)
