"""Every page router, included by the app through this module's ``router``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.deps import OptionalUser, StoreDep
from backend.members.service import MemberService
from web.pages import (
    auth,
    common,
    firm,
    pathways,
    person,
    render,
    resources,
    school,
    staff,
    suggest,
)

router = APIRouter(include_in_schema=False)

KIND_ORDER = ("GovernmentBody", "Park", "School", "TrainingCentre", "Firm")


@router.get("/")
def members_page(request: Request, store: StoreDep, user: OptionalUser) -> Response:
    page = MemberService(store).list_members(None, 0, 500)
    groups = {k: [m for m in page.items if m.kind == k] for k in KIND_ORDER}
    return render(request, "members.html", {"user": user, "groups": groups, "total": page.total})


for module in (auth, common, person, firm, school, staff, suggest, resources, pathways):
    router.include_router(module.router)
