from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from backend.accounts.schemas import (
    ResetConfirm,
    ResetRequest,
    SignIn,
    SignUp,
    UserPublic,
    UserStatus,
)
from backend.accounts.security import ResetLimiter
from backend.accounts.service import AccountService
from backend.deps import (
    SESSION_COOKIE,
    CurrentUser,
    LimiterDep,
    OptionalUser,
    SenderDep,
    SettingsDep,
    StoreDep,
)
from backend.errors import Unauthenticated
from backend.settings import Settings

router = APIRouter(prefix="/api/auth", tags=["accounts"])


def set_session_cookie(response: Response, session_id: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=settings.session_days * 24 * 3600,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
    )


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/signup", response_model=UserPublic, status_code=201)
def sign_up(
    data: SignUp,
    request: Request,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> UserPublic:
    service = AccountService(store, settings, limiter)
    service.sign_up(data)
    session_id, principal = service.sign_in(
        SignIn(email=data.email, password=data.password), client_key(request)
    )
    set_session_cookie(response, session_id, settings)
    return principal.public()


@router.post("/signin", response_model=UserPublic)
def sign_in(
    data: SignIn,
    request: Request,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    limiter: LimiterDep,
) -> UserPublic:
    session_id, principal = AccountService(store, settings, limiter).sign_in(
        data, client_key(request)
    )
    set_session_cookie(response, session_id, settings)
    return principal.public()


@router.post("/signout", status_code=204)
def sign_out(user: CurrentUser, store: StoreDep, settings: SettingsDep) -> Response:
    AccountService(store, settings).sign_out(user.session_id)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/me", response_model=UserPublic)
def me(user: OptionalUser) -> UserPublic:
    if user is None:
        raise Unauthenticated("not signed in", message_zh="未登录")
    return user.public()


def get_reset_limiter(request: Request) -> ResetLimiter:
    """One limiter per app, made on first use (kept in process memory, like the sign-in one)."""
    state = request.app.state
    if getattr(state, "reset_limiter", None) is None:
        state.reset_limiter = ResetLimiter(state.settings.signin_window_seconds)
    limiter: ResetLimiter = state.reset_limiter
    return limiter


ResetLimiterDep = Annotated[ResetLimiter, Depends(get_reset_limiter)]


@router.post("/reset/request", status_code=202)
def request_reset(
    data: ResetRequest,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    sender: SenderDep,
    limiter: ResetLimiterDep,
) -> dict[str, str]:
    service = AccountService(store, settings, sender=sender, reset_limiter=limiter)
    service.request_reset(data.email, client_key(request))
    return {"status": "sent if the account exists"}


@router.post("/reset/confirm", status_code=204)
def confirm_reset(data: ResetConfirm, store: StoreDep, settings: SettingsDep) -> Response:
    AccountService(store, settings).reset_password(data)
    return Response(status_code=204)


@router.get("/pending")
def pending_users(
    user: CurrentUser, store: StoreDep, settings: SettingsDep
) -> list[dict[str, Any]]:
    """Organisation accounts waiting for staff approval."""
    return AccountService(store, settings).pending(user)


@router.put("/users/{user_id}/status", status_code=204)
def set_user_status(
    user_id: str, body: UserStatus, user: CurrentUser, store: StoreDep, settings: SettingsDep
) -> Response:
    AccountService(store, settings).set_status(user, user_id, body.status)
    return Response(status_code=204)
