from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.deps import StoreDep
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
