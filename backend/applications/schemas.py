"""Application schemas: a status change a firm or applicant sends, a school's
approval of a placement, and what may leave the server."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.errors import invalid
from backend.vacancies.schemas import NamedRef, VacancyKind

ApplicationStatus = Literal[
    "applied", "shortlisted", "interview", "offer", "hired", "rejected", "withdrawn"
]
TargetStatus = Literal["shortlisted", "interview", "offer", "hired", "rejected", "withdrawn"]


class AgreementTerms(BaseModel):
    """The terms of the school-firm-student agreement (a placement) or of the
    contract (a job or apprenticeship), recorded when the applicant is hired."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    start_date: date
    end_date: date | None = None
    terms: str = Field(
        min_length=1,
        max_length=2000,
        examples=["每周五天，每天8小时；学校指导教师每月到岗一次；企业购买实习责任保险。"],
    )
    pay: float | None = Field(default=None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise invalid(
                f"The end date ({self.end_date.isoformat()}) must not be before the start date "
                f"({self.start_date.isoformat()}).",
                message_zh=f"结束日期（{self.end_date.isoformat()}）不能早于开始日期"
                f"（{self.start_date.isoformat()}）。",
                field="end_date",
            )
        return self


class StatusChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "status": "interview",
                    "interview_at": "2027-01-12T14:30:00",
                    "interview_place": "沈阳市浑南区创新路 9 号 3 号楼 201 室",
                }
            ]
        },
    )

    status: TargetStatus
    interview_at: datetime | None = Field(
        default=None, description="Shenyang local time; required for status interview."
    )
    interview_place: str | None = Field(default=None, min_length=1, max_length=200)
    note: str | None = Field(default=None, max_length=500)
    agreement: AgreementTerms | None = Field(
        default=None, description="With status hired; required for a placement."
    )

    @model_validator(mode="after")
    def _fields_fit_status(self) -> Self:
        if self.status == "interview":
            if self.interview_at is None:
                raise invalid(
                    "An interview needs its date and time.",
                    message_zh="请填写面试的日期和时间。",
                    field="interview_at",
                )
            if not self.interview_place:
                raise invalid(
                    "An interview needs a place.",
                    message_zh="请填写面试地点。",
                    field="interview_place",
                )
        elif self.interview_at is not None or self.interview_place is not None:
            raise invalid(
                "interview_at and interview_place go with status interview only",
                message_zh="只有安排面试时才填写面试时间和地点。",
                field="interview_at" if self.interview_at is not None else "interview_place",
            )
        if self.agreement is not None and self.status != "hired":
            raise invalid(
                "agreement goes with status hired only",
                message_zh="只有录用时才填写协议。",
                field="agreement",
            )
        return self


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    approved: bool
    note: str | None = Field(default=None, max_length=500)


class HistoryEntry(BaseModel):
    status: ApplicationStatus
    at: str
    by: str | None = None
    note: str | None = None


class Applicant(BaseModel):
    """Enough to recognise the person; the full profile is ``/api/people/{id}``,
    which a firm may read once the person has applied to it."""

    id: str
    name: str | None = None
    role: str | None = None


class VacancyRef(BaseModel):
    id: str
    title: str | None = None
    title_en: str | None = None
    kind: VacancyKind


class Supervision(BaseModel):
    school: NamedRef
    approved: bool = False
    approved_on: str | None = None


class ApplicationPublic(BaseModel):
    id: str
    status: ApplicationStatus
    created_at: str
    updated_at: str | None = None
    history: list[HistoryEntry]
    interview_at: str | None = None
    interview_place: str | None = None
    agreement: dict[str, Any] | None = None
    vacancy: VacancyRef
    firm: NamedRef
    applicant: Applicant
    supervision: Supervision | None = None
    next_steps: list[TargetStatus] = Field(
        default_factory=list, description="The statuses this application may move to now."
    )


class ApplicationPage(BaseModel):
    items: list[ApplicationPublic]
    total: int
    skip: int
    limit: int
