"""Alliance staff's pages (the alliance at a glance, approving members and their
accounts, subsidy policies, long operations with progress) and the park
administration's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from backend.accounts.service import AccountService
from backend.dashboard.service import DashboardService
from backend.deps import SettingsDep, StoreDep
from backend.errors import AllianceError, InvalidInput
from backend.members.service import MemberService
from backend.subsidies.schemas import PolicyCreate
from backend.subsidies.service import SubsidyService
from web.pages import render
from web.pages.auth import see_other
from web.pages.deps import FormDep, ParkUser, StaffUser
from web.pages.forms import FormErrors, filled, form_errors, validate, values
from web.pages.operations import (
    OPERATIONS,
    SeedRequest,
    get_operations,
    job_page,
    retrain,
    run_seed,
    start_import,
    visible_job,
)

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
def _jobs_page(
    request: Request,
    user: StaffUser,
    form: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    code: int = 200,
) -> Response:
    from seed.importer import KINDS

    return render(
        request,
        "staff/jobs.html",
        {
            "user": user,
            "kinds": OPERATIONS,
            "import_kinds": KINDS,
            "jobs": get_operations(request).recent(user),
            "form": form or {"scale": "0.05", "file_kind": "vacancies"},
            "errors": errors or form_errors(request),
        },
        status_code=code,
    )


@router.get("/staff/jobs")
def staff_jobs(request: Request, user: StaffUser) -> Response:
    return _jobs_page(request, user)


@router.post("/staff/jobs")
def staff_start_job(
    request: Request,
    user: StaffUser,
    form: FormDep,
    store: StoreDep,
    settings: SettingsDep,
) -> Response:
    raw = values(form)
    kind = raw.get("kind", "")
    ops = get_operations(request)
    if kind == "seed":
        errors = form_errors(request)
        data = validate(SeedRequest, filled(raw, "scale"), errors)
        if data is None:
            return _jobs_page(request, user, raw, errors, 422)
        job = ops.start("seed", user, run_seed(store, data.scale, settings.seed))
    elif kind == "retrain":
        job = ops.start("retrain", user, retrain(request.app.state, store))
    else:
        raise InvalidInput(f"no operation {kind!r}", message_zh="没有该操作", field="kind")
    return see_other(f"/staff/jobs/{job.id}")


@router.post("/staff/jobs/import")
async def staff_start_import(
    request: Request, user: StaffUser, form: FormDep, store: StoreDep, settings: SettingsDep
) -> Response:
    job, raw, errors = await start_import(request, user, form, store, settings)
    if job is None:
        return _jobs_page(request, user, raw, errors, 422)
    return see_other(f"/staff/jobs/{job.id}")


@router.get("/staff/jobs/{job_id}")
def staff_job(job_id: str, request: Request, user: StaffUser) -> Response:
    return job_page(request, user, job_id, "staff_job_progress", "staff_jobs")


@router.get("/staff/jobs/{job_id}/progress")
def staff_job_progress(job_id: str, request: Request, user: StaffUser) -> JSONResponse:
    return JSONResponse(visible_job(request, user, job_id).public())


# ---------------------------------------------------------------------- park
@router.get("/park")
def park_home(request: Request, user: ParkUser, store: StoreDep) -> Response:
    glance = DashboardService(store).park(user)
    return render(request, "park/home.html", {"user": user, "g": glance})
