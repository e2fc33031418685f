"""``POST /api/pathways/check``: the same contract as ``alliance pathways check``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request

from backend.errors import InvalidInput
from backend.pathways import service
from backend.pathways.schemas import PathwayResult, Profile

router = APIRouter(prefix="/api/pathways", tags=["pathways"])


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace ``$ref``s by their definitions: the body schema must stand alone,
    since ``Profile`` is not among the app's component schemas."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


_raw = Profile.model_json_schema()
_PROFILE_SCHEMA = _inline(_raw, _raw.get("$defs", {}))


@router.post(
    "/check",
    response_model=list[PathwayResult],
    summary="Next titles and skill levels for one profile or an array of profiles",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            _PROFILE_SCHEMA,
                            {"type": "array", "items": _PROFILE_SCHEMA, "minItems": 1},
                        ]
                    }
                }
            },
        }
    },
)
async def check_pathways(request: Request) -> list[dict[str, Any]]:
    # The body is read by hand so that every bad profile, including malformed
    # JSON, gets the one 422 shape with the field named, not FastAPI's own.
    body = await request.body()
    try:
        raw = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"body: not valid JSON ({exc})", message_zh="body：不是有效的 JSON", field="body"
        ) from None
    return service.check(raw)
