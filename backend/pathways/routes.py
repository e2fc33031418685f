"""Pathways API.

``POST /api/pathways/check`` is the same contract as ``alliance pathways check``.
The rest reads and writes the graph: a person's next step, the staff forecast,
assessments (schedule, sign up, results) and the skill bank. The router has no
prefix because it serves several roots (``/api/pathways``, ``/api/assessments``,
``/api/people/me/skill-bank``, ``/api/skill-bank``); the app includes it once.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from backend.deps import CurrentUser, SettingsDep, StoreDep
from backend.errors import InvalidInput
from backend.pathways import service
from backend.pathways.api_schemas import (
    AssessedLevel,
    AssessmentCreate,
    AssessmentPage,
    AssessmentPublic,
    Forecast,
    NextStep,
    ResultsIn,
    ResultsOut,
    RosterEntry,
    SignedExport,
    SignUpPublic,
    SkillBank,
    VerifyOut,
)
from backend.pathways.evaluations import EvaluationService
from backend.pathways.ladders import Region
from backend.pathways.schemas import PathwayResult, Profile, _iso_day
from backend.pathways.service import PathwaysService, verify
from backend.settings import Settings

router = APIRouter(tags=["pathways"])


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
    "/api/pathways/check",
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


# --- Pathways in the graph --------------------------------------------------------


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return _iso_day(value)
    except ValueError as exc:
        raise InvalidInput(
            f"as_of: {exc}", message_zh="as_of：日期须写作 YYYY-MM-DD", field="as_of"
        ) from None


@router.get(
    "/api/pathways/me",
    response_model=NextStep,
    summary="My next step: options, reasons and the evaluations I can sign up for",
)
def api_my_next_step(
    user: CurrentUser,
    store: StoreDep,
    region: Region = "shenyang",
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD; default today")] = None,
) -> NextStep:
    return PathwaysService(store).next_step(user, None, region, _as_of(as_of))


@router.get(
    "/api/pathways/people/{person_id}",
    response_model=NextStep,
    summary="A person's next step (the person or staff; 404 for anyone else)",
)
def person_next_step(
    person_id: str,
    user: CurrentUser,
    store: StoreDep,
    region: Region = "shenyang",
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD; default today")] = None,
) -> NextStep:
    return PathwaysService(store).next_step(user, person_id, region, _as_of(as_of))


@router.get(
    "/api/pathways/forecast",
    response_model=Forecast,
    summary="Staff: who becomes eligible for what in the next months, by member and specialty",
)
def forecast(
    user: CurrentUser,
    store: StoreDep,
    region: Region = "shenyang",
    months: Annotated[int, Query(ge=1, le=36)] = 12,
    member: Annotated[str | None, Query(max_length=120)] = None,
    specialty: Annotated[str | None, Query(max_length=64)] = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Forecast:
    return PathwaysService(store).forecast(
        user,
        region=region,
        months=months,
        member=member,
        specialty=specialty,
        skip=skip,
        limit=limit,
    )


assessments = APIRouter(prefix="/api/assessments", tags=["assessments"])


@assessments.post("", response_model=AssessmentPublic, status_code=201)
def schedule_assessment(
    data: AssessmentCreate, user: CurrentUser, store: StoreDep
) -> AssessmentPublic:
    """Staff, or a verified firm with self-assessment rights (N8, G1), schedules an evaluation."""
    return EvaluationService(store).schedule(user, data)


@assessments.get("", response_model=AssessmentPage)
def list_assessments(
    user: CurrentUser,
    store: StoreDep,
    status: Literal["scheduled", "completed", "cancelled"] | None = None,
    occupation: Annotated[str | None, Query(pattern=r"^\d-\d{2}-\d{2}-\d{2}$")] = None,
    level: AssessedLevel | None = None,
    organiser: Annotated[str | None, Query(max_length=120)] = None,
    held_from: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AssessmentPage:
    start = None
    if held_from is not None:
        try:
            start = _iso_day(held_from).isoformat()
        except ValueError as exc:
            raise InvalidInput(f"held_from: {exc}", field="held_from") from None
    filters = {
        "status": status,
        "occupation": occupation,
        "level": level,
        "organiser": organiser,
        "held_from": start,
    }
    return EvaluationService(store).page(filters, skip, limit)


@assessments.get("/{assessment_id}", response_model=AssessmentPublic)
def get_assessment(assessment_id: str, user: CurrentUser, store: StoreDep) -> AssessmentPublic:
    return EvaluationService(store).get(assessment_id)


@assessments.post("/{assessment_id}/sign-up", response_model=SignUpPublic, status_code=201)
def sign_up(assessment_id: str, user: CurrentUser, store: StoreDep) -> SignUpPublic:
    """A person signs up; refused (403, with the reasons) unless the engine says eligible."""
    return EvaluationService(store).sign_up(user, assessment_id)


@assessments.delete("/{assessment_id}/sign-up", status_code=204)
def withdraw(assessment_id: str, user: CurrentUser, store: StoreDep) -> Response:
    EvaluationService(store).withdraw(user, assessment_id)
    return Response(status_code=204)


@assessments.get("/{assessment_id}/candidates", response_model=list[RosterEntry])
def candidates(assessment_id: str, user: CurrentUser, store: StoreDep) -> list[RosterEntry]:
    """The organiser's (or staff's) roster with exemptions and results."""
    return EvaluationService(store).roster(user, assessment_id)


@assessments.post("/{assessment_id}/results", response_model=ResultsOut)
def record_results(
    assessment_id: str, data: ResultsIn, user: CurrentUser, store: StoreDep
) -> ResultsOut:
    """Results from the day held; a pass becomes a skill-level credential."""
    return EvaluationService(store).record_results(user, assessment_id, data)


router.include_router(assessments)


@router.get("/api/people/me/skill-bank", response_model=SkillBank, tags=["skill bank"])
def api_my_skill_bank(user: CurrentUser, store: StoreDep) -> SkillBank:
    """My lifelong record with points and credits (the printable page's data)."""
    return PathwaysService(store).skill_bank(user)


@router.get("/api/people/me/skill-bank/export", response_model=SignedExport, tags=["skill bank"])
def export_skill_bank(user: CurrentUser, store: StoreDep, settings: SettingsDep) -> JSONResponse:
    """My record signed with the platform's key (HMAC-SHA256), as a file to hand on."""
    body = PathwaysService(store).export(user, settings_key_of(settings))
    return JSONResponse(
        body,
        headers={"content-disposition": 'attachment; filename="skill-bank.json"'},
    )


@router.post("/api/skill-bank/verify", response_model=VerifyOut, tags=["skill bank"])
async def verify_skill_bank(request: Request, settings: SettingsDep) -> VerifyOut:
    """Check an export: 200 with its payload, or 422 naming what is wrong (tampered)."""
    try:
        raw = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput(
            "body: not valid JSON", message_zh="body：不是有效的 JSON", field="body"
        ) from None
    return VerifyOut(valid=True, payload=verify(raw, settings_key_of(settings)))


def settings_key_of(settings: Settings) -> bytes:
    return settings.secret_key.get_secret_value().encode("utf-8")
