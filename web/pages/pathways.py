"""Pathway pages: my next step (options with reasons, sources and interpretation
flags; the evaluations I can sign up for), my printable skill bank, the public
verify page, and the staff forecast. Thin: they call the same services as the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from backend.accounts.schemas import Principal
from backend.courses.access import today
from backend.deps import OptionalUser, SettingsDep, StoreDep
from backend.errors import AllianceError, InvalidInput
from backend.pathways.api_schemas import METHODS, AssessmentCreate, ResultsIn
from backend.pathways.evaluations import EvaluationService
from backend.pathways.ladders import label
from backend.pathways.rulebook import default_correspondence
from backend.pathways.service import PathwaysService, verify
from web.i18n import choose_lang
from web.pages import error_message, render
from web.pages.auth import see_other
from web.pages.deps import CompanyUser, FormDep, PersonUser, StaffUser
from web.pages.forms import FormErrors, checked, filled, form_errors, validate, values

router = APIRouter(include_in_schema=False)

# ?ok=<key> after a redirect from these pages; the value is a message id.
OK: dict[str, str] = {
    "signed_up": "You are signed up for the evaluation.",
    "withdrawn": "Your sign-up was withdrawn.",
    "scheduled": "Evaluation scheduled.",
    "result": "Result recorded.",
}
STATUS_ORDER = {"eligible": 0, "eligible_later": 1, "not_eligible": 2}


def _ok(request: Request) -> str | None:
    return OK.get(request.query_params.get("ok") or "")


def _term(request: Request) -> Callable[[str | None], str]:
    """Ladder levels, routes, exemptions and honours named in the page's language."""
    lang = choose_lang(request)
    return lambda key: label(key, lang) if key else ""


@router.get("/my/next-step")
def my_next_step(request: Request, user: PersonUser, store: StoreDep) -> Response:
    step = PathwaysService(store).next_step(user)
    options = sorted(step.result.options, key=lambda o: (STATUS_ORDER[o.status], o.track))
    corr = default_correspondence()
    return render(
        request,
        "pathways/next_step.html",
        {
            "user": user,
            "step": step,
            "options": options,
            "ok": _ok(request),
            "term": _term(request),
            "field_name": lambda s, sp, lang: corr.field_name(s, sp, lang) if s else "",
            "occupation_label": lambda code, lang: (
                corr.occupation_label(code, lang) if code else ""
            ),
        },
    )


@router.post("/my/evaluations/{assessment_id}/sign-up")
def page_sign_up(assessment_id: str, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    EvaluationService(store).sign_up(user, assessment_id)
    return see_other("/my/next-step?ok=signed_up#evaluations")


@router.post("/my/evaluations/{assessment_id}/withdraw")
def page_withdraw(assessment_id: str, user: PersonUser, form: FormDep, store: StoreDep) -> Response:
    EvaluationService(store).withdraw(user, assessment_id)
    return see_other("/my/next-step?ok=withdrawn#sign-ups")


@router.get("/my/skill-bank")
def my_skill_bank(request: Request, user: PersonUser, store: StoreDep) -> Response:
    bank = PathwaysService(store).skill_bank(user)
    return render(
        request, "pathways/skill_bank.html", {"user": user, "bank": bank, "term": _term(request)}
    )


@router.get("/skill-bank/verify")
def verify_page(request: Request, user: OptionalUser) -> Response:
    return render(
        request,
        "pathways/verify.html",
        {"user": user, "text": "", "payload": None, "error": None, "checked": False},
    )


@router.post("/skill-bank/verify")
def verify_submit(
    request: Request, user: OptionalUser, form: FormDep, settings: SettingsDep
) -> Response:
    # user: a signed-in visitor's form is CSRF-checked by the dependency; anyone may verify.
    text = str(form.get("export") or "")
    payload: dict[str, Any] | None = None
    error: str | None = None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError:
        error = "not_json"
    else:
        try:
            payload = verify(raw, settings.secret_key.get_secret_value().encode("utf-8"))
        except AllianceError as exc:
            error = error_message(request, exc)
    return render(
        request,
        "pathways/verify.html",
        {"user": user, "text": text, "payload": payload, "error": error, "checked": True},
        status_code=200 if error is None else 422,
    )


@router.get("/staff/forecast")
def staff_forecast(request: Request, user: StaffUser, store: StoreDep) -> Response:
    q = request.query_params
    member = q.get("member") or None
    specialty = q.get("specialty") or None
    try:
        months = min(max(int(q.get("months") or 12), 1), 36)
    except ValueError:
        months = 12
    forecast = PathwaysService(store).forecast(
        user, months=months, member=member, specialty=specialty, limit=200
    )
    return render(
        request,
        "pathways/forecast.html",
        {
            "user": user,
            "f": forecast,
            "member": member or "",
            "specialty": specialty or "",
            "months": months,
            "specialties": _specialties(choose_lang(request)),
        },
    )


def _specialties(lang: str) -> list[tuple[str, str]]:
    corr = default_correspondence()
    return [
        (spec_id, corr.field_name(sid, spec_id, lang))
        for sid, s in corr.series.items()
        for spec_id in s.specialties
    ]


# --- Running evaluations: staff, and firms with self-assessment rights ---------

LEVELS = (
    "junior_worker",
    "intermediate_worker",
    "senior_worker",
    "technician",
    "senior_technician",
)


def _organiser(user: Principal) -> str | None:
    """Whose evaluations the page lists: a company's own firm; staff see all."""
    return None if user.is_staff else user.org_id


def _manage(
    request: Request,
    user: Principal,
    store: StoreDep,
    base: str,
    form: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    service = EvaluationService(store)
    held_from = (date.fromisoformat(today()) - timedelta(days=90)).isoformat()
    page = service.page({"organiser": _organiser(user), "held_from": held_from}, 0, 100)
    chosen = request.query_params.get("assessment") or ""
    roster = None
    current = None
    if chosen:
        current = service.get(chosen)
        roster = service.roster(user, chosen)
    may_schedule = user.is_staff
    if user.role == "company" and user.org_id:
        rights = service.repo.firm_rights(user.org_id)
        may_schedule = bool(rights and rights.get("self_skills") and user.org_verified)
    return render(
        request,
        "pathways/manage.html",
        {
            "user": user,
            "base": base,
            "items": page.items,
            "current": current,
            "roster": roster,
            "may_schedule": may_schedule,
            "form": form or {"methods": ["theory_exam", "skill_operation"], "capacity": "30"},
            "errors": errors or form_errors(request),
            "level_options": [(lv, label(lv, choose_lang(request)), False) for lv in LEVELS],
            "methods": METHODS,
            "term": _term(request),
            "today": today(),
            "ok": _ok(request),
        },
        status_code=status_code,
    )


def _schedule(
    request: Request, user: Principal, form: FormDep, store: StoreDep, base: str
) -> Response:
    raw = values(form)
    raw_methods = [str(m) for m in form.getlist("methods")]
    errors = form_errors(request)
    data = validate(
        AssessmentCreate,
        {**filled(raw, "occupation", "level", "held_on", "capacity"), "methods": raw_methods},
        errors,
    )
    shown = {**raw, "methods": raw_methods}
    if data is not None:
        try:
            a = EvaluationService(store).schedule(user, data)
        except AllianceError as exc:
            if exc.status_code != 422:
                raise
            errors.add_error(exc)
        else:
            return see_other(f"{base}?assessment={a.id}&ok=scheduled")
    return _manage(request, user, store, base, shown, errors, status_code=422)


def _result(
    assessment_id: str, user: Principal, form: FormDep, store: StoreDep, base: str
) -> Response:
    raw = values(form)
    try:
        data = ResultsIn.model_validate(
            {
                "results": [
                    {
                        "person_id": raw.get("person_id", ""),
                        "score": raw.get("score", ""),
                        "passed": checked(raw, "passed"),
                    }
                ]
            }
        )
    except ValidationError:
        raise InvalidInput(
            "score: give a score from 0 to 100",
            message_zh="score：请填写 0 到 100 的分数",
            field="score",
        ) from None
    EvaluationService(store).record_results(user, assessment_id, data)
    return see_other(f"{base}?assessment={assessment_id}&ok=result")


@router.get("/staff/evaluations")
def staff_evaluations(request: Request, user: StaffUser, store: StoreDep) -> Response:
    return _manage(request, user, store, "/staff/evaluations")


@router.post("/staff/evaluations")
def staff_schedule(request: Request, user: StaffUser, form: FormDep, store: StoreDep) -> Response:
    return _schedule(request, user, form, store, "/staff/evaluations")


@router.post("/staff/evaluations/{assessment_id}/result")
def staff_result(assessment_id: str, user: StaffUser, form: FormDep, store: StoreDep) -> Response:
    return _result(assessment_id, user, form, store, "/staff/evaluations")


@router.get("/firm/evaluations")
def firm_evaluations(request: Request, user: CompanyUser, store: StoreDep) -> Response:
    return _manage(request, user, store, "/firm/evaluations")


@router.post("/firm/evaluations")
def firm_schedule(request: Request, user: CompanyUser, form: FormDep, store: StoreDep) -> Response:
    return _schedule(request, user, form, store, "/firm/evaluations")


@router.post("/firm/evaluations/{assessment_id}/result")
def firm_result(assessment_id: str, user: CompanyUser, form: FormDep, store: StoreDep) -> Response:
    return _result(assessment_id, user, form, store, "/firm/evaluations")
