"""Dependencies for the pages: who is signing in, in which role, and the posted form.

A page that needs a signed-in user sends a visitor to the sign-in page (and back
afterwards) instead of answering 401; a signed-in user of another role gets the
403 page in their language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

from backend.accounts.schemas import Principal
from backend.deps import OptionalUser, TaxonomyDep
from backend.errors import Forbidden
from matching.occupations import OccupationCoder
from web.pages.forms import read_form


def signed_in(request: Request, user: OptionalUser) -> Principal:
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(
            status_code=303, headers={"Location": f"/signin?next={quote(target, safe='')}"}
        )
    return user


SignedIn = Annotated[Principal, Depends(signed_in)]


def _role(role: str, message: str, message_zh: str) -> Callable[[Principal], Principal]:
    def check(user: SignedIn) -> Principal:
        if user.role != role:
            raise Forbidden(message, message_zh=message_zh)
        if not user.active:
            raise Forbidden(
                "your account is waiting for approval by alliance staff",
                message_zh="您的账号正在等待联盟工作人员审核",
            )
        return user

    return check


PersonUser = Annotated[
    Principal,
    Depends(
        _role(
            "person",
            "this page is for student and worker accounts",
            "此页面仅供学生和职工账号使用",
        )
    ),
]
CompanyUser = Annotated[
    Principal,
    Depends(_role("company", "this page is for company accounts", "此页面仅供企业账号使用")),
]
SchoolUser = Annotated[
    Principal,
    Depends(
        _role(
            "school",
            "this page is for school and training-centre accounts",
            "此页面仅供学校和培训中心账号使用",
        )
    ),
]
ParkUser = Annotated[
    Principal,
    Depends(_role("park", "this page is for park administrations", "此页面仅供园区管理方使用")),
]
StaffUser = Annotated[
    Principal,
    Depends(_role("staff", "this page is for alliance staff", "此页面仅供联盟工作人员使用")),
]
FormDep = Annotated[FormData, Depends(read_form)]

_coder_lock = threading.Lock()


def get_coder(request: Request, taxonomy: TaxonomyDep) -> OccupationCoder:
    """The occupation coder for vacancy titles, fitted once per process (about 2 s)."""
    state = request.app.state
    with _coder_lock:
        if getattr(state, "occupation_coder", None) is None:
            state.occupation_coder = OccupationCoder(taxonomy).fit()
    coder: OccupationCoder = state.occupation_coder
    return coder


CoderDep = Annotated[OccupationCoder, Depends(get_coder)]
