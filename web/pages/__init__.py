"""HTML pages: thin routes that call the same services as the API."""

from __future__ import annotations

from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import Response

from backend.errors import AllianceError
from web import TEMPLATES_DIR
from web.i18n import LANGS, choose_lang, gettext

# Autoescape everywhere: every value in a page came from somebody's input.
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
    )
)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    lang = choose_lang(request)
    ctx = {"lang": lang, "langs": LANGS, "_": lambda m: gettext(lang, m), **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def render_error(request: Request, exc: AllianceError) -> Response:
    lang = choose_lang(request)
    message = exc.message_zh if lang == "zh" and exc.message_zh else exc.message
    return render(
        request,
        "error.html",
        {"status": exc.status_code, "message": message},
        status_code=exc.status_code,
    )
