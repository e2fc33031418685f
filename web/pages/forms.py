"""Forms: read the posted fields, validate them with the API's own schemas, and
turn what went wrong into messages in the page's language, beside their field.

A form that fails is shown again with what the user typed, so nothing is lost.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request

from backend.errors import AllianceError
from web.i18n import Lang, choose_lang, gettext

M = TypeVar("M", bound=BaseModel)


async def read_form(request: Request) -> FormData:
    """The posted form; Starlette caches it, so the CSRF check has read the same one."""
    return await request.form()


def values(form: FormData, names: Iterable[str] | None = None) -> dict[str, str]:
    """The text fields, trimmed; checkboxes arrive as "on" or not at all."""
    out: dict[str, str] = {}
    for k, v in form.multi_items():
        if isinstance(v, str) and (names is None or k in names) and k != "csrf_token":
            out[k] = v.strip()
    return out


def filled(raw: Mapping[str, str], *names: str) -> dict[str, Any]:
    """The named fields that were filled in (empty fields are left to the schema's defaults)."""
    return {n: raw[n] for n in names if raw.get(n, "") != ""}


def require(raw: Mapping[str, str], errors: FormErrors, *names: str) -> None:
    """An edit form sends every field: one emptied that may not be gets the usual message."""
    for name in names:
        if not raw.get(name):
            errors.add_msgid(name, "This field is required.")


def checked(raw: Mapping[str, str], name: str) -> bool:
    return raw.get(name) in ("on", "true", "1", "yes")


@dataclass
class FormErrors:
    """Messages by field name; ``""`` holds the form's own message."""

    lang: Lang
    by_field: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def get(self, name: str) -> str | None:
        return self.by_field.get(name)

    def add(self, name: str | None, message: str) -> None:
        self.by_field.setdefault(name or "", message)

    def add_msgid(self, name: str | None, msgid: str, **kw: Any) -> None:
        text = gettext(self.lang, msgid)
        self.add(name, text % kw if kw else text)

    def add_error(self, exc: AllianceError) -> None:
        """A service's refusal, in the page's language, on the field it names."""
        if self.lang == "zh":
            text = exc.message_zh or gettext("zh", exc.message)
            if text == exc.message:
                text = gettext("zh", "The request could not be completed.")
        else:
            text = exc.message
        self.add(_top_field(exc.field), text)

    def add_validation(
        self, exc: ValidationError, prefix: str = "", flatten: Collection[str] = ()
    ) -> None:
        """Each error beside its field: the one a rule names (``backend.errors.invalid``,
        even from a model validator), else the first part of its location. A nested
        model in ``flatten`` (a form shows its fields as its own) puts its errors on
        the inner field."""
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ())]
            if len(loc) > 1 and loc[0] in flatten:
                loc = loc[1:]
            ctx = err.get("ctx") or {}
            named = ctx.get("field") if isinstance(ctx.get("field"), str) else None
            name = named or (loc[0] if loc else "")
            self.add(prefix + name if name else "", _explain(self.lang, err))

    @property
    def general(self) -> str | None:
        return self.by_field.get("")


def _top_field(name: str | None) -> str:
    return (name or "").split(".")[0]


# pydantic error types → message ids (with %(limit)s where the limit matters)
_MESSAGES: dict[str, str] = {
    "missing": "This field is required.",
    "string_too_short": "This field is required.",
    "string_too_long": "This is too long (at most %(limit)s characters).",
    "greater_than_equal": "Must be at least %(limit)s.",
    "greater_than": "Must be more than %(limit)s.",
    "less_than_equal": "Must be at most %(limit)s.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "float_parsing": "Enter a number.",
    "date_from_datetime_parsing": "Enter a date (YYYY-MM-DD).",
    "date_parsing": "Enter a date (YYYY-MM-DD).",
    "date_from_datetime_inexact": "Enter a date (YYYY-MM-DD).",
    "datetime_parsing": "Enter a date and time.",
    "datetime_from_date_parsing": "Enter a date and time.",
    "string_pattern_mismatch": "This is not in the expected format.",
    "literal_error": "Choose one of the options.",
    "enum": "Choose one of the options.",
    "too_short": "Add at least one.",
    "too_long": "Too many entries.",
    "bool_parsing": "Choose yes or no.",
}


def limit_text(value: Any) -> str:
    """A limit as people write it: ``0`` and ``10000000``, not ``0.0`` and ``1e+07``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def not_a_number(value: Any) -> bool:
    """``nan``, ``inf``: parsed as floats by pydantic, but no amount anybody means."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str):
        try:
            return not math.isfinite(float(value))
        except ValueError:
            return False
    return False


def _explain(lang: Lang, err: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    loc = [str(p) for p in err.get("loc", ())]
    if kind == "value_error" and loc and loc[0] == "email":
        return gettext(lang, "Enter a valid e-mail address.")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than") and (
        not_a_number(err.get("input"))
    ):
        return gettext(lang, "Enter a number.")
    if kind in _MESSAGES:
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("max_length", ""))))
        text = gettext(lang, _MESSAGES[kind])
        return text % {"limit": limit_text(limit)} if "%(limit)s" in text else text
    # A rule written in a schema with ``backend.errors.invalid`` carries its Chinese;
    # otherwise the catalogue may hold a translation, else a plain line.
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    if lang == "zh" and isinstance(ctx.get("message_zh"), str):
        return str(ctx["message_zh"])
    translated = gettext(lang, msg)
    if lang == "zh" and translated == msg:
        return gettext(lang, "Please check this value.")
    return translated


def validate(
    model: type[M], data: Mapping[str, Any], errors: FormErrors, flatten: Collection[str] = ()
) -> M | None:
    """The model, or None with the errors beside their fields. A number field given
    ``nan`` or ``inf`` is refused as not a number, limits or not."""
    try:
        out = model.model_validate(dict(data))
    except ValidationError as exc:
        errors.add_validation(exc, flatten=flatten)
        return None
    bad = [k for k, v in out if isinstance(v, float) and not math.isfinite(v)]
    for name in bad:
        errors.add_msgid(name, "Enter a number.")
    return None if bad else out


def form_errors(request: Request) -> FormErrors:
    return FormErrors(choose_lang(request))
