"""Training needs on the wire: a firm asks, a school or centre answers with a course."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.courses.schemas import NodeId, OrgRef, SkillLevel, SkillRef, unique_skills

# open: taking answers; closed: the firm closed it; expired: still open but past
# its deadline (computed when read, never stored).
NeedStatus = Literal["open", "closed", "expired"]


class NeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    skills: list[SkillLevel] = Field(min_length=1, max_length=20)
    seats: int = Field(ge=1, le=10000, description="how many employees need the training")
    deadline: date = Field(description="the date training should start by; not in the past")

    @model_validator(mode="after")
    def _unique(self) -> NeedCreate:
        unique_skills(self.skills)
        return self


class NeedUpdate(BaseModel):
    """Only the fields sent change; ``skills`` replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    skills: list[SkillLevel] | None = Field(default=None, min_length=1, max_length=20)
    seats: int | None = Field(default=None, ge=1, le=10000)
    deadline: date | None = None

    @model_validator(mode="after")
    def _unique(self) -> NeedUpdate:
        unique_skills(self.skills)
        return self


class AnswerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    course_id: NodeId = Field(description="one of your own courses")


class AnswerPublic(BaseModel):
    course_id: str
    title_zh: str | None = None
    title_en: str | None = None
    start_date: str | None = None
    seats: int | None = None
    provider: OrgRef | None = None


class NeedPublic(BaseModel):
    id: str
    title: str
    description: str | None = None
    seats: int | None = None
    deadline: str | None = None
    status: NeedStatus
    created_at: str | None = None
    firm: OrgRef | None = None
    skills: list[SkillRef] = Field(default_factory=list)
    answers: list[AnswerPublic] = Field(default_factory=list)


class NeedPage(BaseModel):
    items: list[NeedPublic]
    total: int
    skip: int
    limit: int
