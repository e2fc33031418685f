from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.deps import StoreDep
from backend.members.service import MemberService
from web.pages import render

router = APIRouter(include_in_schema=False)

KIND_ORDER = ("GovernmentBody", "Park", "School", "TrainingCentre", "Firm")


@router.get("/")
def members_page(request: Request, store: StoreDep) -> Response:
    page = MemberService(store).list_members(None, 0, 500)
    groups = {k: [m for m in page.items if m.kind == k] for k in KIND_ORDER}
    return render(request, "members.html", {"groups": groups, "total": page.total})
