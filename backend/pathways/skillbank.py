"""The skill bank's core (Z1-Z2), as pure functions.

``accredit`` turns a person's training record into points and credits under a
documented scheme (``skillbank.yaml``); ``sign_export`` / ``verify_export``
give the person a copy of the record that a school or employer can check:
HMAC-SHA256 over canonical JSON, keyed by ``Settings.secret_key``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backend.errors import InvalidInput
from backend.pathways.ladders import SkillLevel
from backend.pathways.schemas import Day

SCHEME_FILE = Path(__file__).resolve().parent / "skillbank.yaml"
ALGORITHM = "HMAC-SHA256"

CompetitionLevel = Literal["world", "national", "provincial", "city"]
Points = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- The scheme ---------------------------------------------------------------


class CourseRule(_Strict):
    hours_per_point: float = Field(gt=0)
    min_hours: float = Field(ge=0)
    max_points_per_course: Points


class Scheme(_Strict):
    version: str
    updated: date
    interpretation: dict[Literal["zh", "en"], str]
    points_per_credit: float = Field(gt=0)
    courses: CourseRule
    assessments: dict[SkillLevel, Points]
    competitions: dict[CompetitionLevel, dict[str, Points]]
    credentials: dict[Literal["skill_level", "professional_certificate"], Any]
    max_recognised_credits: Points


def load_scheme(path: Path = SCHEME_FILE) -> Scheme:
    try:
        return Scheme.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_scheme() -> Scheme:
    return load_scheme()


# --- The record ---------------------------------------------------------------


class CourseDone(_Strict):
    name: str = Field(min_length=1)
    hours: float = Field(ge=0, allow_inf_nan=False)
    completed: bool
    on: Day


class AssessmentDone(_Strict):
    occupation: str
    level: SkillLevel
    passed: bool
    on: Day


class CompetitionResult(_Strict):
    name: str = Field(min_length=1)
    level: CompetitionLevel
    result: str
    on: Day


class Credential(_Strict):
    kind: Literal["skill_level", "professional_certificate"]
    name: str = Field(min_length=1)
    level: SkillLevel | None = None
    on: Day


class TrainingRecord(_Strict):
    """A person's lifelong training profile, as kept by the skill bank (Z1)."""

    person_id: str = Field(min_length=1)
    courses: tuple[CourseDone, ...] = ()
    assessments: tuple[AssessmentDone, ...] = ()
    competitions: tuple[CompetitionResult, ...] = ()
    credentials: tuple[Credential, ...] = ()


class CreditLine(BaseModel):
    kind: str
    item: str
    points: float
    reason: str


class CreditReport(BaseModel):
    person_id: str
    scheme_version: str
    lines: list[CreditLine]
    points: float
    credits: float
    recognised_credits: float


def _course_points(c: CourseDone, rule: CourseRule) -> tuple[float, str]:
    if not c.completed:
        return 0, "not completed"
    if c.hours < rule.min_hours:
        return 0, f"{c.hours:g} h is under the {rule.min_hours:g} h minimum"
    points = min(c.hours / rule.hours_per_point, rule.max_points_per_course)
    return (
        points,
        f"{c.hours:g} h / {rule.hours_per_point:g} h per point, cap {rule.max_points_per_course:g}",
    )


def accredit(record: TrainingRecord, scheme: Scheme | None = None) -> CreditReport:
    """Points per item, total points, credits (floored to half credits) and the
    credits a school recognises under the scheme's cap."""
    s = scheme or default_scheme()
    lines: list[CreditLine] = []
    for c in record.courses:
        pts, why = _course_points(c, s.courses)
        lines.append(CreditLine(kind="course", item=c.name, points=pts, reason=why))
    for a in record.assessments:
        pts = s.assessments.get(a.level, 0) if a.passed else 0
        why = f"passed {a.level}" if a.passed else "not passed"
        lines.append(
            CreditLine(kind="assessment", item=f"{a.occupation} {a.level}", points=pts, reason=why)
        )
    for r in record.competitions:
        table = s.competitions.get(r.level, {})
        if r.result not in table:
            raise InvalidInput(
                f"competitions: result {r.result!r} is not one of {sorted(table)} for {r.level}",
                field="competitions",
            )
        lines.append(
            CreditLine(
                kind="competition",
                item=r.name,
                points=table[r.result],
                reason=f"{r.level} {r.result}",
            )
        )
    for cred in record.credentials:
        if cred.kind == "skill_level":
            pts = float(s.credentials["skill_level"].get(cred.level, 0)) if cred.level else 0.0
            why = f"skill level {cred.level}"
        else:
            pts, why = float(s.credentials["professional_certificate"]), "professional certificate"
        lines.append(CreditLine(kind="credential", item=cred.name, points=pts, reason=why))
    total = round(sum(line.points for line in lines), 6)
    # Half credits, rounded down: a school never recognises more than was earned.
    credits = math.floor(total / s.points_per_credit * 2) / 2
    return CreditReport(
        person_id=record.person_id,
        scheme_version=s.version,
        lines=lines,
        points=total,
        credits=credits,
        recognised_credits=min(credits, s.max_recognised_credits),
    )


# --- Signed export ------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, no NaN: the same bytes for the same data."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _key_bytes(key: str | bytes) -> bytes:
    raw = key.encode("utf-8") if isinstance(key, str) else key
    if not raw:
        raise ValueError("the signing key is empty")
    return raw


def _mac(payload: Any, key: str | bytes) -> str:
    return hmac.new(_key_bytes(key), canonical_json(payload), hashlib.sha256).hexdigest()


def sign_export(record: TrainingRecord, key: str | bytes, issued_on: date) -> dict[str, Any]:
    """The record, its credit report and the day of issue, signed as one payload."""
    payload = {
        "record": record.model_dump(mode="json"),
        "credits": accredit(record).model_dump(mode="json"),
        "issued_on": issued_on.isoformat(),
    }
    return {"payload": payload, "signature": {"alg": ALGORITHM, "value": _mac(payload, key)}}


def verify_export(export: Any, key: str | bytes) -> dict[str, Any]:
    """The payload if the signature matches; ``InvalidInput`` naming the problem otherwise."""
    if not isinstance(export, dict) or set(export) != {"payload", "signature"}:
        raise InvalidInput("export: needs exactly 'payload' and 'signature'", field="export")
    sig = export["signature"]
    if (
        not isinstance(sig, dict)
        or sig.get("alg") != ALGORITHM
        or not isinstance(sig.get("value"), str)
    ):
        raise InvalidInput(f"signature: must be {ALGORITHM} with a hex value", field="signature")
    try:
        expected = _mac(export["payload"], key)
    except ValueError as exc:  # NaN or infinity smuggled into the payload
        raise InvalidInput(f"payload: {exc}", field="payload") from None
    if not hmac.compare_digest(expected, sig["value"]):
        raise InvalidInput(
            "signature: does not match the payload (tampered, or signed with another key)",
            message_zh="signature：签名与内容不符（被改动或密钥不同）",
            field="signature",
        )
    payload: dict[str, Any] = export["payload"]
    return payload


def settings_key() -> bytes:
    """The signing key from ``Settings.secret_key``."""
    from backend.settings import get_settings

    return get_settings().secret_key.get_secret_value().encode("utf-8")
