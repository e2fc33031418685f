"""The FastAPI application factory.

The lifespan opens the one graph store for the process, checks it answers, and
closes it on shutdown. Routes are thin; services hold the rules.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.accounts.security import SignInLimiter
from backend.api import ROUTERS
from backend.deps import StoreDep, taxonomy_of
from backend.errors import AllianceError, InvalidInput
from backend.graph import GraphStore, open_store
from backend.notifications.mail import make_sender
from backend.recommendations.service import warm_up
from backend.settings import Settings, get_settings
from web import STATIC_DIR
from web.pages import render_error, render_status
from web.pages.routes import router as pages_router


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def _validation_error(exc: RequestValidationError) -> InvalidInput:
    first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    ctx = first.get("ctx") or {}
    named = ctx.get("field")
    # a rule that names its field (backend.errors.invalid), in a nested model too
    if isinstance(named, str) and (not loc or loc[-1] != named):
        loc.append(named)
    field = ".".join(loc) or None
    msg = first.get("msg", "invalid input")
    zh = ctx.get("message_zh") if isinstance(ctx.get("message_zh"), str) else None
    return InvalidInput(
        # a rule's own message names the field as people see it; others get its path
        f"{field}: {msg}" if field and not zh else msg,
        message_zh=zh or f"输入无效：{field or ''} {msg}".strip(),
        field=field,
        details=[{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()],
    )


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """``store``: an already open store that the caller owns (tests pass one per
    store kind); by default the lifespan opens the configured one and closes it."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is not None:
            app.state.store = store
            yield
            return
        opened = open_store(settings)
        app.state.store = opened
        if settings.warm_matcher:
            threading.Thread(
                target=lambda: warm_up(app.state, opened, taxonomy_of(app.state)),
                name="warm-matcher",
                daemon=True,
            ).start()
        try:
            yield
        finally:
            opened.close()

    app = FastAPI(
        title="Alliance",
        summary="Shenyang Government-School-Enterprise-Park high-skill talent alliance",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    app.state.limiter = SignInLimiter(settings.signin_max_failures, settings.signin_window_seconds)
    app.state.sender = make_sender(settings)

    @app.exception_handler(AllianceError)
    async def alliance_error(request: Request, exc: AllianceError) -> Response:
        if _wants_html(request):
            return render_error(request, exc)
        return JSONResponse(status_code=exc.status_code, content=exc.to_dict())

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # an unknown path or a wrong method: a page in the layout for a browser
        if _wants_html(request) and exc.status_code >= 400:
            return render_status(request, exc.status_code)
        return await http_exception_handler(request, exc)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        if _wants_html(request):
            return render_status(request, 500)
        return PlainTextResponse("Internal Server Error", status_code=500)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return await alliance_error(request, _validation_error(exc))

    @app.get("/health", tags=["health"])
    def health(store: StoreDep) -> JSONResponse:
        ok = store.ping()
        body = {
            "status": "ok" if ok else "degraded",
            "store": store.kind,
            "store_ok": ok,
            "graph": store.describe(),
        }
        return JSONResponse(status_code=200 if ok else 503, content=body)

    for router in ROUTERS:
        app.include_router(router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
