"""Alliance staff's pages (the alliance at a glance, approving members and their
accounts, subsidy policies, long operations with progress) and the park
administration's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from backend.accounts.service import AccountService
from backend.dashboard.service import DashboardService
from backend.deps import SettingsDep, StoreDep, TaxonomyDep
from backend.errors import AllianceError, NotFound
from backend.members.service import MemberService
from backend.recommendations.routes import HubDep
from backend.subsidies.schemas import PolicyCreate
from backend.subsidies.service import SubsidyService
from web.pages import render
from web.pages.auth import see_other
from web.pages.deps import FormDep, ParkUser, StaffUser
from web.pages.forms import FormErrors, filled, form_errors, validate, values
from web.pages.operations import OPERATIONS, Operations, get_operations

router = APIRouter(include_in_schema=False)


@router.get("/staff")
def staff_home(request: Request, user: StaffUser, store: StoreDep) -> Response:
    glance = DashboardService(store).alliance(user)
    return render(request, "staff/home.html", {"user": user, "g": glance})


@router.get("/staff/members")
def staff_members(
    request: Request, user: StaffUser, store: StoreDep, settings: SettingsDep
) -> Response:
    return render(
        request,
        "staff/members.html",
        {
            "user": user,
            "firms": MemberService(store).pending(user),
            "accounts": AccountService(store, settings).pending(user),
        },
    )


@router.post("/staff/members/{kind}/{org_id}/approve")
def staff_approve_member(
    kind: str, org_id: str, user: StaffUser, form: FormDep, store: StoreDep
) -> Response:
    MemberService(store).approve(user, kind, org_id)
    return see_other("/staff/members?done=member")


@router.post("/staff/users/{user_id}/activate")
def staff_activate_user(
    user_id: str, user: StaffUser, form: FormDep, store: StoreDep, settings: SettingsDep
) -> Response:
    AccountService(store, settings).set_status(user, user_id, "active")
    return see_other("/staff/members?done=account")


# ---------------------------------------------------------------------- subsidies
def _subsidies(
    request: Request,
    user: StaffUser,
    store: StoreDep,
    form: dict[str, str],
    errors: FormErrors,
    code: int = 200,
) -> Response:
    policies = SubsidyService(store).list_policies(
        status="all", in_force=None, region=None, kind=None, course=None, q=None, skip=0, limit=200
    )
    return render(
        request,
        "staff/subsidies.html",
        {"user": user, "policies": policies.items, "form": form, "errors": errors},
        status_code=code,
    )


@router.get("/staff/subsidies")
def staff_subsidies(request: Request, user: StaffUser, store: StoreDep) -> Response:
    return _subsidies(
        request, user, store, {"region": "沈阳市", "kind": "training"}, form_errors(request)
    )


@router.post("/staff/subsidies")
def staff_publish_policy(
    request: Request, user: StaffUser, form: FormDep, store: StoreDep
) -> Response:
    raw = values(form)
    errors = form_errors(request)
    body: dict[str, Any] = filled(
        raw,
        "name_zh",
        "name_en",
        "region",
        "kind",
        "amount",
        "conditions",
        "valid_from",
        "valid_until",
        "source",
    )
    data = validate(PolicyCreate, body, errors)
    if data is not None:
        try:
            SubsidyService(store).create(user, data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            return see_other("/staff/subsidies?done=policy")
    return _subsidies(request, user, store, raw, errors, 422)


@router.post("/staff/subsidies/{policy_id}/withdraw")
def staff_withdraw_policy(
    policy_id: str, user: StaffUser, form: FormDep, store: StoreDep
) -> Response:
    SubsidyService(store).withdraw(user, policy_id)
    return see_other("/staff/subsidies?done=policy_withdrawn")


# ---------------------------------------------------------------------- long operations
@router.get("/staff/jobs")
def staff_jobs(request: Request, user: StaffUser) -> Response:
    ops: Operations = get_operations(request)
    return render(
        request,
        "staff/jobs.html",
        {"user": user, "kinds": OPERATIONS, "jobs": ops.recent()},
    )


@router.post("/staff/jobs")
def staff_start_job(
    request: Request,
    user: StaffUser,
    form: FormDep,
    store: StoreDep,
    taxonomy: TaxonomyDep,
    hub: HubDep,
) -> Response:
    kind = values(form).get("kind", "")
    job = get_operations(request).start(kind, request.app.state, store, hub)
    return see_other(f"/staff/jobs/{job.id}")


@router.get("/staff/jobs/{job_id}")
def staff_job(job_id: str, request: Request, user: StaffUser) -> Response:
    job = get_operations(request).get(job_id)
    if job is None:
        raise NotFound(f"no operation {job_id!r}", message_zh="没有该操作")
    return render(
        request, "staff/job.html", {"user": user, "job": job, "label": OPERATIONS[job.kind]}
    )


@router.get("/staff/jobs/{job_id}/progress")
def staff_job_progress(job_id: str, request: Request, user: StaffUser) -> JSONResponse:
    job = get_operations(request).get(job_id)
    if job is None:
        raise NotFound(f"no operation {job_id!r}", message_zh="没有该操作")
    return JSONResponse(job.public())


# ---------------------------------------------------------------------- park
@router.get("/park")
def park_home(request: Request, user: ParkUser, store: StoreDep) -> Response:
    glance = DashboardService(store).park(user)
    return render(request, "park/home.html", {"user": user, "g": glance})
