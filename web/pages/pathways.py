"""Pathway pages: my next step (options with reasons, sources and interpretation
flags; the evaluations I can sign up for), my printable skill bank, the public
verify page, and the staff forecast. Thin: they call the same services as the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backend.deps import OptionalUser, SettingsDep, StoreDep
from backend.errors import AllianceError
from backend.pathways.evaluations import EvaluationService
from backend.pathways.ladders import label
from backend.pathways.rulebook import default_correspondence
from backend.pathways.service import PathwaysService, verify
from web.i18n import choose_lang
from web.pages import error_message, render
from web.pages.auth import see_other
from web.pages.deps import FormDep, PersonUser, StaffUser

router = APIRouter(include_in_schema=False)

# ?ok=<key> after a redirect from these pages; the value is a message id.
OK: dict[str, str] = {
    "signed_up": "You are signed up for the evaluation.",
    "withdrawn": "Your sign-up was withdrawn.",
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
