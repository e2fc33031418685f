"""Competitions and results on the wire."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.competitions.honours import Award, CompetitionLevel
from backend.courses.schemas import NodeId, OrgRef
from backend.errors import first_repeat, invalid


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CompetitionCreate(_In):
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    level: CompetitionLevel
    held_on: date
    occupation_id: str | None = Field(
        default=None, pattern=r"^\d-\d{2}-\d{2}-\d{2}$", description="CSCO 2022, e.g. 6-18-02-04"
    )


class CompetitionPublic(BaseModel):
    id: str
    name_zh: str
    name_en: str | None = None
    level: str
    held_on: str
    organiser: OrgRef | None = None
    occupation: OrgRef | None = None
    results: int = 0


class CompetitionPage(BaseModel):
    items: list[CompetitionPublic]
    total: int
    skip: int
    limit: int


class ResultIn(_In):
    person_id: NodeId
    rank: int = Field(ge=1, le=100_000)
    award: Award | None = Field(default=None, description="default: from the rank")


class ResultsCreate(_In):
    results: list[ResultIn] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _unique(self) -> ResultsCreate:
        twice = first_repeat(r.person_id for r in self.results)
        if twice:
            raise invalid(
                f"{twice} is listed twice: give each person one result.",
                message_zh=f"{twice} 重复了：每人只能有一项成绩。",
                field="results",
            )
        return self


class ResultPublic(BaseModel):
    competition_id: str
    competition_zh: str | None = None
    competition_en: str | None = None
    level: str
    held_on: str | None = None
    person_id: str
    person_name: str | None = None
    rank: int
    award: str
    award_zh: str
    award_en: str
    honor: str | None = Field(default=None, description="the pathways honour it gives, if any")
    points: float | None = Field(default=None, description="skill-bank points")
    credential_id: str


class ResultPage(BaseModel):
    items: list[ResultPublic]
    total: int


class RollEntry(BaseModel):
    """A result as anyone may read it (the honour roll a competition announces):
    the name shortened to its first character, no ids."""

    rank: int
    award: str
    award_zh: str
    award_en: str
    name: str
    honor: str | None = None


class Roll(BaseModel):
    competition: CompetitionPublic
    items: list[RollEntry]


class PersonHit(BaseModel):
    """A person an organiser may name in its results, found by name or id."""

    id: str
    name: str | None = None
    school_zh: str | None = None
    school_en: str | None = None
    firm_zh: str | None = None
    firm_en: str | None = None
