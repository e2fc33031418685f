"""One error type for the whole platform.

An ``AllianceError`` knows its HTTP status, a stable machine code and a message
(in Chinese and English where a user will read it). The API renders it as JSON,
the pages as an HTML page inside the layout, the CLI as a message and a non-zero
exit. The same condition always gets the same status.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic_core import PydanticCustomError


class AllianceError(Exception):
    status_code: int = 400
    code: str = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        message_zh: str | None = None,
        field: str | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh
        self.field = field
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.message_zh:
            body["message_zh"] = self.message_zh
        if self.field:
            body["field"] = self.field
        if self.details is not None:
            body["details"] = self.details
        return {"error": body}


class InvalidInput(AllianceError):
    status_code = 422
    code = "invalid_input"


class NotFound(AllianceError):
    status_code = 404
    code = "not_found"


class Conflict(AllianceError):
    """A duplicate id, or a state change that no longer applies."""

    status_code = 409
    code = "conflict"


class Forbidden(AllianceError):
    status_code = 403
    code = "forbidden"


class Unauthenticated(AllianceError):
    status_code = 401
    code = "unauthenticated"


class StoreUnavailable(AllianceError):
    """The graph store cannot be opened or does not answer."""

    status_code = 503
    code = "store_unavailable"


class TooManyRequests(AllianceError):
    status_code = 429
    code = "too_many_requests"


def invalid(
    message: str, *, field: str | None = None, message_zh: str | None = None
) -> PydanticCustomError:
    """A rule broken inside a schema, raised from a validator. The message reads as
    written (no "Value error, "); ``field`` names the field the user should change
    (a form shows the message beside it, even from a model validator) and
    ``message_zh`` says the same in Chinese. Both travel in the error's ``ctx``."""
    ctx = {"field": field, "message_zh": message_zh}
    return PydanticCustomError("invalid", message, {k: v for k, v in ctx.items() if v} or None)


def first_repeat(values: Iterable[str]) -> str | None:
    """The first value seen twice (a skill, partner or person listed twice), or None."""
    seen: set[str] = set()
    for v in values:
        if v in seen:
            return v
        seen.add(v)
    return None


def refused(err: PydanticCustomError) -> InvalidInput:
    """The same rule checked in a service (against stored values): one wording for both."""
    ctx = err.context or {}
    return InvalidInput(err.message(), message_zh=ctx.get("message_zh"), field=ctx.get("field"))
