"""HTML pages: thin routes that call the same services as the API.

``render`` puts what every page needs into the template context: the language
and its ``_`` (gettext), the signed-in user and their role's navigation, the
language switcher's links (which keep the page's other query parameters) and a
one-line notice after a redirect (``?done=<key>``, a key from ``NOTICES`` so
request text is never echoed).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response

from backend.accounts.schemas import Principal
from backend.errors import AllianceError
from web import TEMPLATES_DIR
from web.i18n import LANGS, Lang, choose_lang, gettext, ngettext
from web.pages.nav import NOTICES, home_for, nav_for

# Autoescape everywhere: every value in a page came from somebody's input.
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
    )
)


def data(value: Any) -> Markup:
    """A value from the graph or a user (a name, a title, an e-mail): marked
    ``translate="no"`` so browsers and the untranslated-string test leave it alone."""
    if value is None or value == "":
        return Markup("")
    return Markup('<span translate="no">{}</span>').format(escape(value))


def money(value: Any) -> str:
    if value is None:
        return "–"
    v = float(value)
    if v.is_integer() or abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")  # an hourly 25.5 stays 25.5


def count(value: Any) -> Any:
    """A count or an amount as people write it: ``3``, not ``3.0``."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def short_time(value: Any) -> str:
    """``2027-01-12T14:30:00`` → ``2027-01-12 14:30``."""
    if not value:
        return ""
    text = str(value)
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


templates.env.filters["data"] = data
templates.env.filters["money"] = money
templates.env.filters["short_time"] = short_time


def pick(lang: Lang, zh: Any, en: Any) -> Any:
    """The English form of a bilingual value when asked for and present, else the Chinese."""
    if lang == "en" and en:
        return en
    return zh if zh else en


def org_option(member: dict[str, Any], lang: Lang) -> tuple[str, str, bool]:
    """A member as a (value, label, is data) option for the form macros."""
    return (member["id"], pick(lang, member.get("name_zh"), member.get("name_en")), True)


templates.env.filters["org_option"] = org_option


def page_number(request: Request, param: str = "page") -> int:
    """The 1-based page asked for in ``?<param>=``; anything else is the first page."""
    raw = request.query_params.get(param, "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    status_code: int = 200,
    user: Principal | None = None,
) -> Response:
    lang = choose_lang(request)
    user = context.pop("user", user)
    done = request.query_params.get("done")
    ctx = {
        "lang": lang,
        "langs": LANGS,
        "_": lambda m, **kw: gettext(lang, m) % kw if kw else gettext(lang, m),
        # a count: _n("%(n)s place", "%(n)s places", n) — n is also the %(n)s
        "_n": lambda one, many, n, **kw: ngettext(lang, one, many, n) % {"n": count(n), **kw},
        "pick": lambda zh, en: pick(lang, zh, en),
        "lang_url": lambda code: str(
            request.url.remove_query_params("done").include_query_params(lang=code)
        ),
        "user": user,
        "nav": nav_for(user),
        "home": home_for(user),
        "notice": NOTICES.get(done or ""),
        "path": request.url.path,
        **context,
    }
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def error_message(request: Request, exc: AllianceError) -> str:
    """The error in the page's language: the Chinese message when there is one,
    else the English one looked up in the catalogue (a generic line if missing)."""
    lang = choose_lang(request)
    if lang == "zh":
        if exc.message_zh:
            return exc.message_zh
        translated = gettext("zh", exc.message)
        return (
            translated
            if translated != exc.message
            else gettext("zh", "The request could not be completed.")
        )
    return exc.message


def signed_in_user(request: Request) -> Principal | None:
    """The session's user for a page rendered outside a route (an error page), so it
    keeps the signed-in navigation; no user if the store cannot say. Any failure
    counts: this runs while rendering a 500, and must not raise a second error."""
    from backend.accounts.service import AccountService
    from backend.deps import SESSION_COOKIE

    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    try:
        return AccountService(request.app.state.store, request.app.state.settings).principal(
            session_id
        )
    except Exception:
        return None


def render_error(request: Request, exc: AllianceError) -> Response:
    return render(
        request,
        "error.html",
        {"status": exc.status_code, "message": error_message(request, exc)},
        status_code=exc.status_code,
        user=signed_in_user(request),
    )


# Statuses the web layer meets outside the platform's own errors: an unknown path,
# a wrong method, a crash. Message ids.
STATUS_MESSAGES: dict[int, str] = {
    404: "There is no page at this address.",
    405: "This page cannot be used that way.",
    500: "Something went wrong on our side. Please try again in a moment.",
}


def render_status(request: Request, status: int) -> Response:
    lang = choose_lang(request)
    message = STATUS_MESSAGES.get(status, "The request could not be completed.")
    return render(
        request,
        "error.html",
        {"status": status, "message": gettext(lang, message)},
        status_code=status,
        user=signed_in_user(request),
    )
