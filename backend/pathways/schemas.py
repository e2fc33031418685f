"""The one contract shared by the API, the page and the CLI.

``Profile`` is what a caller sends (one person, as of one day); ``PathwayResult``
is what comes back. ``parse_profiles`` turns raw JSON into profiles or raises
``InvalidInput`` naming the first bad field, e.g. ``titles[0].obtained``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    ValidationError,
)

from backend.errors import InvalidInput, invalid
from backend.pathways.ladders import (
    Exemption,
    Honor,
    Region,
    Route,
    SkillLevel,
    Status,
    TitleLevel,
    Track,
)
from backend.pathways.occupations import CODE_PATTERN, occupations

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: Any) -> date:
    # Only "YYYY-MM-DD" strings: pydantic's lax mode would also take a Unix
    # timestamp or "20240101", which no caller of this contract means.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise invalid("must be a date written YYYY-MM-DD", message_zh="日期须写作 YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(
            f"{value} is not a calendar date", message_zh=f"{value} 不是有效日期"
        ) from None


Day = Annotated[
    date, BeforeValidator(_iso_day), PlainSerializer(lambda d: d.isoformat(), return_type=str)
]
Years = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


def _known_occupation(code: str) -> str:
    if not CODE_PATTERN.match(code):
        raise invalid(
            "must be a CSCO 2022 occupation code such as 6-31-01-03",
            message_zh="须为 CSCO 2022 职业代码，如 6-31-01-03",
        )
    if code not in occupations():
        raise invalid(
            f"{code} is not a CSCO 2022 level-4 occupation",
            message_zh=f"{code} 不是 CSCO 2022 的细类职业",
        )
    return code


OccupationCode = Annotated[str, AfterValidator(_known_occupation)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TitleRecord(_In):
    series: Identifier
    level: TitleLevel
    specialty: Identifier | None = None
    obtained: Day


class SkillRecord(_In):
    occupation: OccupationCode
    level: SkillLevel
    obtained: Day


class EducationRecord(_In):
    certificate: Literal["graduation"]
    field_related: StrictBool


class ProfessionalCertificate(_In):
    field_related: StrictBool
    name: str | None = None


class Employer(_In):
    self_assessment: StrictBool
    name: str | None = None


class Profile(_In):
    id: str = Field(min_length=1, max_length=200)
    region: Region
    as_of: Day
    titles: list[TitleRecord]
    skill_levels: list[SkillRecord]
    relevant_experience_years: Years
    honors: list[Honor]
    education: list[EducationRecord]
    professional_certificates: list[ProfessionalCertificate]
    current_occupation: OccupationCode | None = None
    employer: Employer | None = None
    experience_in_region_years: Years | None = None


# --- Result -----------------------------------------------------------------


class Text(BaseModel):
    zh: str
    en: str


class SourceOut(BaseModel):
    rule: str
    document: str
    title: Text
    seed: str
    sentence: str


class InterpretationOut(BaseModel):
    id: str
    rule: str
    part: str
    zh: str
    en: str


class MissingOut(BaseModel):
    rule: str
    condition: str
    zh: str
    en: str


class OptionOut(BaseModel):
    track: Track
    level: str
    occupation: str | None
    series: str | None
    specialty: str | None
    status: Status
    eligible_from: str | None
    route: Route
    exemptions: list[Exemption]
    missing: list[MissingOut]
    rules: list[str]
    sources: list[SourceOut]
    interpretations: list[InterpretationOut]
    explanation: Text


class NoticeOut(BaseModel):
    rule: str
    title: Text
    text: Text
    sources: list[SourceOut]
    interpretations: list[InterpretationOut]


class RulebookOut(BaseModel):
    region: Region
    versions: dict[str, str]
    correspondence: str


class PathwayResult(BaseModel):
    id: str
    region: Region
    as_of: str
    rulebook: RulebookOut
    options: list[OptionOut]
    notices: list[NoticeOut]


# --- Parsing ----------------------------------------------------------------


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _after_as_of(profile: Profile) -> tuple[str, date] | None:
    """The first record obtained after ``as_of``, as (field path, date)."""
    for i, t in enumerate(profile.titles):
        if t.obtained > profile.as_of:
            return f"titles[{i}].obtained", t.obtained
    for i, s in enumerate(profile.skill_levels):
        if s.obtained > profile.as_of:
            return f"skill_levels[{i}].obtained", s.obtained
    return None


def _invalid(field_name: str, reason_en: str, reason_zh: str) -> InvalidInput:
    return InvalidInput(
        f"{field_name}: {reason_en}", message_zh=f"{field_name}：{reason_zh}", field=field_name
    )


def parse_profile(raw: Any, prefix: str = "") -> Profile:
    """One profile from decoded JSON, or ``InvalidInput`` naming the first bad field."""

    def where(path: str) -> str:
        return f"{prefix}.{path}" if prefix and path else (prefix or path or "profile")

    if not isinstance(raw, dict):
        raise _invalid(where(""), "a profile must be a JSON object", "档案必须是 JSON 对象")
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        reason = "field required" if first["type"] == "missing" else first["msg"]
        reason = reason.removeprefix("Value error, ")
        said_zh = (first.get("ctx") or {}).get("message_zh")
        zh = "缺少此字段" if first["type"] == "missing" else str(said_zh or reason)
        raise _invalid(where(_field_path(tuple(first["loc"]))), reason, zh) from None
    late = _after_as_of(profile)
    if late is not None:
        path, day = late
        raise _invalid(
            where(path),
            f"{day} is after as_of {profile.as_of}",
            f"取得日期 {day} 晚于 as_of {profile.as_of}",
        )
    return profile


def parse_profiles(raw: Any) -> tuple[list[Profile], bool]:
    """Profiles from one object or an array; the flag says whether it was an array."""
    if isinstance(raw, list):
        if not raw:
            raise _invalid("profiles", "the array is empty", "数组为空")
        return [parse_profile(item, prefix=f"[{i}]") for i, item in enumerate(raw)], True
    return [parse_profile(raw)], False
