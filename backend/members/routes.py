from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from backend.deps import CurrentUser, StoreDep
from backend.members.schemas import MemberKind, MemberPage
from backend.members.service import MemberService

router = APIRouter(prefix="/api/members", tags=["members"])


@router.get("", response_model=MemberPage)
def list_members(
    store: StoreDep,
    kind: MemberKind | None = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> MemberPage:
    return MemberService(store).list_members(kind, skip, limit)


@router.get("/pending")
def pending_members(user: CurrentUser, store: StoreDep) -> list[dict[str, object]]:
    """Firms that registered through a company sign-up and wait for staff."""
    return MemberService(store).pending(user)


@router.post("/{kind}/{org_id}/approve", status_code=204)
def approve_member(kind: str, org_id: str, user: CurrentUser, store: StoreDep) -> Response:
    MemberService(store).approve(user, kind, org_id)
    return Response(status_code=204)
