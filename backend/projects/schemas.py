"""Cooperation projects on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.courses.schemas import NodeId
from backend.errors import first_repeat, invalid

ProjectKind = Literal["local", "international", "entrepreneurship"]
ProjectStatus = Literal["proposed", "in_progress", "completed", "cancelled"]
PartyKind = Literal["School", "Firm", "TrainingCentre", "Park", "GovernmentBody"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartyIn(_In):
    kind: PartyKind
    id: NodeId


class ProjectCreate(_In):
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    kind: ProjectKind
    goals: str = Field(min_length=1, max_length=3000)
    partners: list[PartyIn] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _unique(self) -> ProjectCreate:
        twice = first_repeat(p.id for p in self.partners)
        if twice:
            raise invalid(
                f"{twice} is listed twice as a partner.",
                message_zh=f"合作方 {twice} 重复了。",
                field="partners",
            )
        return self


class ProjectUpdate(_In):
    goals: str | None = Field(default=None, min_length=1, max_length=3000)
    status: Literal["in_progress", "completed", "cancelled"] | None = None
    results: str | None = Field(default=None, max_length=5000)


class PartyPublic(BaseModel):
    id: str
    kind: str
    name_zh: str | None = None
    name_en: str | None = None
    role: str
    signed_on: str | None = None


class ProjectPublic(BaseModel):
    id: str
    name_zh: str
    name_en: str | None = None
    kind: str
    goals: str | None = None
    status: str
    signed_on: str | None = None
    results: str | None = None
    parties: list[PartyPublic]


class ProjectPage(BaseModel):
    items: list[ProjectPublic]
    total: int
    skip: int
    limit: int
