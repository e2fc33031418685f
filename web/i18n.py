"""Languages: Chinese by default, English one click away.

Message catalogues are gettext ``.po`` files in ``web/i18n/`` (msgids in English),
read with Babel at start-up so there is no compile step to forget. The language
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


@cache
def catalogue(lang: Lang) -> dict[str, str]:
    path = I18N_DIR / f"{lang}.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    return {str(m.id): str(m.string) for m in cat if m.id and m.string}


def gettext(lang: Lang, message: str) -> str:
    return catalogue(lang).get(message, message)


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
