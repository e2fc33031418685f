"""What the analytics return: plain tables, each row ready for a chart or a CSV line."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from backend.courses.schemas import OrgRef, SkillRef

Dimension = Literal["skill", "occupation", "specialty", "park"]


class SupplyDemandRow(BaseModel):
    key: str
    name_zh: str | None = None
    name_en: str | None = None
    supply: int = Field(description="people who have it (see docs/analytics.md)")
    qualified: int | None = Field(
        default=None, description="skills only: people at or above the lowest level asked"
    )
    available: int | None = Field(
        default=None, description="skills only: qualified people without a current job"
    )
    vacancies: int = Field(description="open vacancies that require it")
    places: int = Field(description="places in those vacancies")
    ratio: float | None = Field(description="supply (available, for skills) per place")
    gap: int = Field(description="places minus supply (available, for skills); > 0 is a shortage")


class SupplyDemand(BaseModel):
    by: Dimension
    park: str | None
    as_of: str
    rows: list[SupplyDemandRow]


class SkillGap(BaseModel):
    id: str
    zh: str | None = None
    en: str | None = None
    vacancies: int
    places: int


class CourseMismatch(BaseModel):
    id: str
    title_zh: str | None = None
    title_en: str | None = None
    status: str | None = None
    provider: OrgRef | None = None
    skills: list[SkillRef]


class Mismatch(BaseModel):
    """Skills in demand that no course on offer teaches; courses on offer whose
    skills no open vacancy asks for."""

    park: str | None
    as_of: str
    untaught: list[SkillGap]
    unasked: list[CourseMismatch]


class Shortage(BaseModel):
    kind: Literal["skill"]
    key: str
    name_zh: str | None = None
    name_en: str | None = None
    supply: int
    places: int
    gap: int


class Shortages(BaseModel):
    park: str | None
    as_of: str
    rows: list[Shortage]


class SchoolEmployment(BaseModel):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    graduates: int
    employed: int
    rate: float | None


class Employment(BaseModel):
    park: str | None
    as_of: str
    since: str
    rows: list[SchoolEmployment]
    graduates: int
    employed: int
    rate: float | None


class Trends(BaseModel):
    park: str | None
    as_of: str
    months: list[str]
    series: dict[str, list[int]]
