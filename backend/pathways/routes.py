"""``POST /api/pathways/check``: the same contract as ``alliance pathways check``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request

from backend.errors import InvalidInput
from backend.pathways import service
from backend.pathways.schemas import PathwayResult, Profile

router = APIRouter(prefix="/api/pathways", tags=["pathways"])

_PROFILE_SCHEMA = Profile.model_json_schema(ref_template="#/components/schemas/{model}")


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
                            {"$ref": "#/components/schemas/Profile"},
                            {"type": "array", "items": {"$ref": "#/components/schemas/Profile"}},
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
