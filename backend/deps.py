"""Annotated dependencies, defined once and used in every route signature."""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import Depends, Request

from backend.accounts.schemas import Principal
from backend.accounts.security import SignInLimiter
from backend.errors import Forbidden, Unauthenticated
from backend.graph.store import GraphStore
from backend.notifications.mail import Sender
from backend.settings import Settings
from matching.taxonomy import Taxonomy

SESSION_COOKIE = "alliance_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_limiter(request: Request) -> SignInLimiter:
    limiter: SignInLimiter = request.app.state.limiter
    return limiter


def get_sender(request: Request) -> Sender:
    sender: Sender = request.app.state.sender
    return sender


_taxonomy_lock = threading.Lock()


def get_taxonomy(request: Request) -> Taxonomy:
    return taxonomy_of(request.app.state)


def taxonomy_of(state: Any) -> Taxonomy:
    """The skill taxonomy, loaded on first use and kept for the process."""
    with _taxonomy_lock:
        if getattr(state, "taxonomy", None) is None:
            state.taxonomy = Taxonomy.from_file(state.settings.taxonomy_path)
    taxonomy: Taxonomy = state.taxonomy
    return taxonomy


StoreDep = Annotated[GraphStore, Depends(get_store)]
TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
LimiterDep = Annotated[SignInLimiter, Depends(get_limiter)]
SenderDep = Annotated[Sender, Depends(get_sender)]


async def _csrf_ok(request: Request, expected: str) -> bool:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # Starlette caches it for the route's own Form fields
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    return sent is not None and hmac.compare_digest(sent, expected)


async def optional_user(request: Request, store: StoreDep) -> Principal | None:
    """The signed-in caller, or None. A state-changing request made with the
    session cookie must carry the session's CSRF token (header or form field)."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    from backend.accounts.service import AccountService

    principal = AccountService(store, request.app.state.settings).principal(session_id)
    if principal is None:
        return None
    if request.method not in SAFE_METHODS and not await _csrf_ok(request, principal.csrf):
        raise Forbidden(
            "missing or wrong CSRF token: reload the page and try again",
            message_zh="表单已过期（CSRF 校验失败），请刷新页面后重试",
        )
    return principal


async def current_user(principal: Annotated[Principal | None, Depends(optional_user)]) -> Principal:
    if principal is None:
        raise Unauthenticated("sign in first", message_zh="请先登录")
    return principal


OptionalUser = Annotated[Principal | None, Depends(optional_user)]
CurrentUser = Annotated[Principal, Depends(current_user)]
