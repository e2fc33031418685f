"""Sign in, sign up, sign out: the same account service as ``/api/auth``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from backend.accounts.routes import ResetLimiterDep, client_key, set_session_cookie
from backend.accounts.schemas import ResetConfirm, ResetRequest, SignIn, SignUp
from backend.accounts.service import AccountService
from backend.deps import (
    SESSION_COOKIE,
    LimiterDep,
    OptionalUser,
    SenderDep,
    SettingsDep,
    StoreDep,
)
from backend.errors import AllianceError
from backend.members.service import MemberService
from web.i18n import choose_lang
from web.pages import render
from web.pages.deps import FormDep, SignedIn
from web.pages.forms import FormErrors, checked, filled, validate, values
from web.pages.nav import home_for

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never ``//elsewhere`` or ``https://…`` (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/signin")
def signin_page(request: Request, user: OptionalUser) -> Response:
    return render(
        request,
        "auth/signin.html",
        {
            "user": user,
            "form": {},
            "errors": FormErrors(choose_lang(request)),
            "next": safe_next(request.query_params.get("next")) or "",
        },
    )


@router.post("/signin")
def signin_submit(
    request: Request, form: FormDep, store: StoreDep, settings: SettingsDep, limiter: LimiterDep
) -> Response:
    raw = values(form)
    errors = FormErrors(choose_lang(request))
    data = validate(SignIn, filled(raw, "email", "password"), errors)
    if data is not None:
        try:
            session_id, principal = AccountService(store, settings, limiter).sign_in(
                data, client_key(request)
            )
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            target = safe_next(raw.get("next")) or request.url_for(home_for(principal)).path
            response = see_other(target)
            set_session_cookie(response, session_id, settings)
            return response
    raw.pop("password", None)
    return render(
        request,
        "auth/signin.html",
        {"form": raw, "errors": errors, "next": safe_next(raw.get("next")) or ""},
        status_code=422,
    )


def _orgs(store: StoreDep) -> dict[str, list[dict[str, Any]]]:
    members = MemberService(store).list_members(None, 0, 500).items
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        by_kind.setdefault(m.kind, []).append(m.model_dump())
    return by_kind


@router.get("/signup")
def signup_page(request: Request, store: StoreDep, user: OptionalUser) -> Response:
    return render(
        request,
        "auth/signup.html",
        {
            "user": user,
            "form": {"role": request.query_params.get("role", "person")},
            "errors": FormErrors(choose_lang(request)),
            "orgs": _orgs(store),
        },
    )


@router.post("/signup")
def signup_submit(
    request: Request, form: FormDep, store: StoreDep, settings: SettingsDep, limiter: LimiterDep
) -> Response:
    raw = values(form)
    lang = choose_lang(request)
    errors = FormErrors(lang)
    role = raw.get("role", "person")
    fields = ["email", "password", "role", "display_name", "lang"]
    fields += {
        "person": ["person_role", "school_id"],
        "company": ["uscc", "firm_name_zh", "firm_name_en"],
    }.get(role, ["org_id"])
    body = filled(raw, *fields)
    body.setdefault("lang", lang)
    if role in ("school", "park") and raw.get(f"org_{role}"):
        body["org_id"] = raw[f"org_{role}"]
    if raw.get("password") and raw.get("password") != raw.get("password2"):
        errors.add_msgid("password2", "The two passwords differ.")
    if not checked(raw, "agree"):
        errors.add_msgid("agree", "Please agree to the privacy notice.")
    data = validate(SignUp, body, errors)
    if data is not None and not errors:
        service = AccountService(store, settings, limiter)
        try:
            service.sign_up(data)
            session_id, principal = service.sign_in(
                SignIn(email=data.email, password=data.password), client_key(request)
            )
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            done = "signed_up" if principal.active else "signed_up_pending"
            target = request.url_for(home_for(principal)).path if principal.active else "/"
            response = see_other(f"{target}?done={done}")
            set_session_cookie(response, session_id, settings)
            return response
    if "org_id" in errors.by_field:
        errors.by_field[f"org_{role}"] = errors.by_field.pop("org_id")
    for secret in ("password", "password2"):
        raw.pop(secret, None)
    return render(
        request,
        "auth/signup.html",
        {"form": raw, "errors": errors, "orgs": _orgs(store)},
        status_code=422,
    )


@router.post("/signout")
def signout(user: SignedIn, store: StoreDep, settings: SettingsDep) -> Response:
    AccountService(store, settings).sign_out(user.session_id)
    response = see_other("/")
    response.delete_cookie(SESSION_COOKIE)
    return response


# ---------------------------------------------------------------------- password reset
@router.get("/password/forgot")
def forgot_page(request: Request, user: OptionalUser) -> Response:
    return render(
        request,
        "auth/forgot.html",
        {"user": user, "form": {}, "errors": FormErrors(choose_lang(request))},
    )


@router.post("/password/forgot")
def forgot_submit(
    request: Request,
    form: FormDep,
    store: StoreDep,
    settings: SettingsDep,
    sender: SenderDep,
    limiter: ResetLimiterDep,
) -> Response:
    """The same answer whether or not an account uses the address."""
    raw = values(form, ("email",))
    errors = FormErrors(choose_lang(request))
    data = validate(ResetRequest, filled(raw, "email"), errors)
    status = 422
    if data is not None:
        service = AccountService(store, settings, sender=sender, reset_limiter=limiter)
        try:
            service.request_reset(data.email, client_key(request))
        except AllianceError as exc:
            errors.add_error(exc)
            status = exc.status_code
        else:
            return see_other("/signin?done=reset_sent")
    return render(request, "auth/forgot.html", {"form": raw, "errors": errors}, status)


def _reset_page(
    request: Request, token: str, errors: FormErrors, usable: bool, status: int = 200
) -> Response:
    if "token" in errors.by_field:  # the link, not a field the user can fix: said on top
        errors.by_field.setdefault("", errors.by_field.pop("token"))
    return render(
        request,
        "auth/reset.html",
        {"form": {}, "errors": errors, "token": token, "usable": usable},
        status_code=status,
    )


@router.get("/reset")
def reset_page(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The page the e-mailed link opens; a link that cannot work says so at once."""
    token = request.query_params.get("token", "")
    errors = FormErrors(choose_lang(request))
    try:
        AccountService(store, settings).check_reset(token)
    except AllianceError as exc:
        errors.add_error(exc)
        return _reset_page(request, token, errors, usable=False)
    return _reset_page(request, token, errors, usable=True)


@router.post("/reset")
def reset_submit(
    request: Request, form: FormDep, store: StoreDep, settings: SettingsDep
) -> Response:
    raw = values(form)
    errors = FormErrors(choose_lang(request))
    if raw.get("password") and raw.get("password") != raw.get("password2"):
        errors.add_msgid("password2", "The two passwords differ.")
    data = validate(ResetConfirm, filled(raw, "token", "password"), errors)
    if data is not None and not errors:
        try:
            AccountService(store, settings).reset_password(data)
        except AllianceError as exc:
            errors.add_error(exc)
        else:
            response = see_other("/signin?done=password_set")
            response.delete_cookie(SESSION_COOKIE)  # the reset ended every session
            return response
    usable = "token" not in errors.by_field
    return _reset_page(request, raw.get("token", ""), errors, usable, 422)
