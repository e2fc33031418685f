"""Languages: Chinese by default, English one click away.

Message catalogues are gettext ``.po`` files (msgids in English): ``web/i18n/<lang>.po``
plus any ``web/i18n/<lang>/*.po`` (one per page area, so areas grow without editing one
shared file), read with Babel at start-up so there is no compile step to forget. The language
comes from ``?lang=``, then the ``lang`` cookie, then Accept-Language.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from babel.messages.pofile import read_po
from starlette.requests import Request

from web import I18N_DIR

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

# Coded values shown through a prefixed message id ("status:hired"), so one English
# word used in two senses can be translated twice. Both catalogues carry all of them.
CODED: dict[str, tuple[str, ...]] = {
    "kind": ("job", "placement", "apprenticeship"),
    "status": (
        "applied",
        "shortlisted",
        "interview",
        "offer",
        "hired",
        "rejected",
        "withdrawn",
        "open",
        "closed",
        "expired",
        "running",
        "completed",
        "enrolled",
        "dropped",
        "active",
        "pending",
        "disabled",
        "published",
    ),
    "step": ("shortlisted", "interview", "offer", "hired", "rejected"),
    "shifts": ("day", "two_shifts", "three_shifts", "flexible"),
    "level": ("1", "2", "3", "4", "5"),
    "role": ("person", "company", "school", "park", "staff", "student", "worker"),
    "purpose": ("profile", "candidate", "application"),
    "mode": ("in_person", "online", "blended"),
    "policy": (
        "training",
        "certificate",
        "reward",
        "apprenticeship",
        "placement",
        "employment",
        "other",
    ),
    "state": ("running", "done", "failed"),
}


def coded_msgids() -> list[str]:
    return [f"{prefix}:{v}" for prefix, vals in CODED.items() for v in vals]


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    paths = [I18N_DIR / f"{lang}.po", *sorted((I18N_DIR / lang).glob("*.po"))]
    messages: dict[str, str] = {}
    for path in paths:
        if not path.exists():
            continue
        with path.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        messages.update({str(m.id): str(m.string) for m in cat if m.id and m.string})
    return messages


def gettext(lang: Lang, message: str) -> str:
    return catalogue(lang).get(message, message)


def ngettext(lang: Lang, singular: str, plural: str, n: float) -> str:
    """The message for a count: English has one form for 1 and another for the rest;
    Chinese has one form for every count, the translation of the plural message id
    (so the catalogues need no plural entries: ``"%(n)s places"`` → ``"招 %(n)s 人"``)."""
    if lang == "zh":
        return gettext(lang, plural)
    return gettext(lang, singular if n == 1 else plural)


def choose_lang(request: Request) -> Lang:
    asked = request.query_params.get("lang") or request.cookies.get("lang")
    if asked in LANGS:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANG
