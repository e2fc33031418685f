"""Vacancy schemas: what a firm may send (Create, Update) and what may leave the
server (Public). Unknown fields are refused, so a body cannot set ``status``,
the firm or the id (no mass assignment)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from backend.errors import first_repeat, invalid

VacancyKind = Literal["job", "placement", "apprenticeship"]
# A monthly wage, or a monthly stipend for placements (the seed's two units); an
# imported vacancy may also pay by the day or the hour (docs/import-formats.md).
PayUnit = Literal["month", "stipend_month", "day", "hour"]
KIND_ZH = {"job": "工作岗位", "placement": "实习岗位", "apprenticeship": "学徒岗位"}
Shifts = Literal["day", "two_shifts", "three_shifts", "flexible"]
# Stored status is open | closed; "expired" is computed at read time for an
# open vacancy whose closing date has passed.
VacancyState = Literal["open", "closed", "expired"]

OCCUPATION_CODE = r"^\d-\d{2}-\d{2}-\d{2}$"
MAX_PAGE = 200


class RequiredSkill(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skill_id: str = Field(min_length=1, max_length=80, examples=["tig_welding"])
    importance: float = Field(default=1.0, gt=0, le=1, description="Weight 0-1 for matching.")
    level: int = Field(default=3, ge=1, le=5, description="Proficiency asked for, 1-5.")


def pay_range_error(low: float, high: float) -> PydanticCustomError:
    """Pay to below pay from: beside "Pay to" on the new and the edit form alike."""
    return invalid(
        f"Pay to ({high:g}) must not be below pay from ({low:g}).",
        message_zh=f"最高薪酬（{high:g}）不能低于最低薪酬（{low:g}）。",
        field="pay_max",
    )


def duration_error(kind: str) -> PydanticCustomError:
    return invalid(
        f"A {kind} needs its length in months (1 to 60).",
        message_zh=f"{KIND_ZH.get(kind, kind)}需要填写期限（1 至 60 个月）。",
        field="duration_months",
    )


def closing_after_start_error(closing: date, start: date) -> PydanticCustomError:
    """The last day to apply must not come after the first day of work."""
    return invalid(
        f"The apply-by date ({closing.isoformat()}) must not be after the start date "
        f"({start.isoformat()}).",
        message_zh=f"截止日期（{closing.isoformat()}）不能晚于开始日期（{start.isoformat()}）。",
        field="closing_date",
    )


def _unique_skills(skills: list[RequiredSkill] | None) -> list[RequiredSkill] | None:
    twice = first_repeat(s.skill_id for s in skills or [])
    if twice:
        raise invalid(
            f"The skill {twice!r} is listed twice.",
            message_zh=f"技能 {twice} 重复了。",
            field="skills",
        )
    return skills


class VacancyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "title": "焊接机器人操作实习生",
                    "title_en": "Robotic welding intern",
                    "description": "在浑南厂区焊装车间实习，师傅带教。",
                    "kind": "placement",
                    "pay_min": 2400,
                    "pay_max": 3000,
                    "pay_unit": "stipend_month",
                    "shifts": "day",
                    "accommodation": True,
                    "duration_months": 6,
                    "start_date": "2027-03-01",
                    "closing_date": "2027-01-31",
                    "places": 4,
                    "location": "浑南区 沈阳浑南高新技术产业开发区",
                    "occupation_id": "6-31-07-03",
                    "skills": [{"skill_id": "robot_welding", "importance": 1.0, "level": 2}],
                }
            ]
        },
    )

    title: str = Field(min_length=1, max_length=120)
    title_en: str | None = Field(default=None, max_length=160)
    description: str = Field(default="", max_length=5000)
    kind: VacancyKind
    pay_min: float = Field(ge=0, le=1_000_000)
    pay_max: float = Field(ge=0, le=1_000_000)
    pay_unit: PayUnit = "month"
    shifts: Shifts = "day"
    accommodation: bool = False
    duration_months: int | None = Field(default=None, ge=1, le=60, validate_default=True)
    start_date: date
    closing_date: date = Field(description="Last day to apply (Shenyang date).")
    places: int = Field(ge=1, le=1000)
    location: str | None = Field(default=None, max_length=200)
    occupation_id: str | None = Field(default=None, pattern=OCCUPATION_CODE)
    skills: list[RequiredSkill] = Field(default_factory=list, max_length=30)

    # Field validators (not one model validator) so that the error names its field.
    @field_validator("pay_max")
    @classmethod
    def _pay_range(cls, v: float, info: ValidationInfo) -> float:
        low = info.data.get("pay_min")
        if low is not None and v < low:
            raise pay_range_error(low, v)
        return v

    @field_validator("duration_months")
    @classmethod
    def _duration(cls, v: int | None, info: ValidationInfo) -> int | None:
        kind = info.data.get("kind")
        if v is None and kind in ("placement", "apprenticeship"):
            raise duration_error(kind)
        return v

    @field_validator("closing_date")
    @classmethod
    def _closing(cls, v: date, info: ValidationInfo) -> date:
        start = info.data.get("start_date")
        if start is not None and v > start:
            raise closing_after_start_error(v, start)
        return v

    @field_validator("skills")
    @classmethod
    def _skills(cls, v: list[RequiredSkill]) -> list[RequiredSkill]:
        _unique_skills(v)
        return v


# Fields an update may set but never to null.
_NOT_NULL = (
    "title",
    "description",
    "pay_min",
    "pay_max",
    "pay_unit",
    "shifts",
    "accommodation",
    "start_date",
    "closing_date",
    "places",
    "skills",
)


class VacancyUpdate(BaseModel):
    """Every field optional; only the ones sent change. ``skills`` replaces the
    whole list. The kind cannot change: applications and approvals depend on it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=120)
    title_en: str | None = Field(default=None, max_length=160)
    description: str | None = Field(default=None, max_length=5000)
    pay_min: float | None = Field(default=None, ge=0, le=1_000_000)
    pay_max: float | None = Field(default=None, ge=0, le=1_000_000)
    pay_unit: PayUnit | None = None
    shifts: Shifts | None = None
    accommodation: bool | None = None
    duration_months: int | None = Field(default=None, ge=1, le=60)
    start_date: date | None = None
    closing_date: date | None = None
    places: int | None = Field(default=None, ge=1, le=1000)
    location: str | None = Field(default=None, max_length=200)
    occupation_id: str | None = Field(default=None, pattern=OCCUPATION_CODE)
    skills: list[RequiredSkill] | None = Field(default=None, max_length=30)

    @field_validator(*_NOT_NULL)
    @classmethod
    def _not_null(cls, v: Any, info: ValidationInfo) -> Any:
        # runs only for fields that were sent, so a null here was sent on purpose
        if v is None:
            raise invalid(
                f"{info.field_name} cannot be null",
                message_zh="此项为必填。",
                field=info.field_name,
            )
        return v

    @field_validator("skills")
    @classmethod
    def _skills(cls, v: list[RequiredSkill] | None) -> list[RequiredSkill] | None:
        return _unique_skills(v)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.model_fields_set:
            raise invalid("send at least one field to change", message_zh="请至少修改一项。")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class NamedRef(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None


class SkillRequirement(BaseModel):
    id: str
    zh: str | None = None
    en: str | None = None
    importance: float | None = None
    level: int | None = None


class VacancyPublic(BaseModel):
    id: str
    title: str
    title_en: str | None = None
    description: str | None = None
    kind: VacancyKind
    pay_min: float | None = None
    pay_max: float | None = None
    pay_unit: str | None = None
    shifts: str | None = None
    accommodation: bool | None = None
    duration_months: int | None = None
    start_date: str | None = None
    closing_date: str | None = None
    places: int | None = None
    location: str | None = None
    status: VacancyState
    created_at: str | None = None
    firm: NamedRef
    park: NamedRef | None = None
    occupation: NamedRef | None = None
    skills: list[SkillRequirement] = Field(default_factory=list)


class VacancyPage(BaseModel):
    items: list[VacancyPublic]
    total: int
    skip: int
    limit: int


class VacancyFilters(BaseModel):
    """Query filters for the list; every one optional."""

    kind: VacancyKind | None = None
    status: VacancyState | None = None
    park: str | None = None
    firm: str | None = None
    occupation: str | None = None
    skill: str | None = None
    q: str | None = None
