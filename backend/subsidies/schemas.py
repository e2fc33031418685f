"""Subsidy policies on the wire: staff write them, everyone reads them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend.courses.schemas import CourseRef, NodeId, OrgRef
from backend.errors import invalid

PolicyKind = Literal[
    "training", "certificate", "reward", "apprenticeship", "placement", "employment", "other"
]
PolicyStatus = Literal["published", "withdrawn"]


class PolicyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    region: str = Field(default="沈阳市", min_length=1, max_length=60)
    kind: PolicyKind
    amount: float = Field(ge=0, le=10_000_000, description="yuan; per person unless conditions say")
    conditions: str | None = Field(default=None, max_length=3000)
    valid_from: date
    valid_until: date | None = None
    source: str | None = Field(default=None, max_length=300, description="the policy text cited")
    issuer_id: NodeId | None = Field(
        default=None, description="the issuing government body; default: the staff member's own"
    )
    course_ids: list[NodeId] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _dates(self) -> PolicyCreate:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise invalid(
                f"Valid until ({self.valid_until.isoformat()}) must not be before valid from "
                f"({self.valid_from.isoformat()}).",
                message_zh=f"失效日期（{self.valid_until.isoformat()}）不能早于生效日期"
                f"（{self.valid_from.isoformat()}）。",
                field="valid_until",
            )
        return self


class PolicyUpdate(BaseModel):
    """Only the fields sent change; ``valid_until: null`` makes a policy open-ended;
    ``course_ids`` replaces the list of subsidised courses."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str | None = Field(default=None, min_length=1, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    region: str | None = Field(default=None, min_length=1, max_length=60)
    kind: PolicyKind | None = None
    amount: float | None = Field(default=None, ge=0, le=10_000_000)
    conditions: str | None = Field(default=None, max_length=3000)
    valid_from: date | None = None
    valid_until: date | None = None
    source: str | None = Field(default=None, max_length=300)
    course_ids: list[NodeId] | None = Field(default=None, max_length=500)


class PolicyPublic(BaseModel):
    id: str
    name_zh: str
    name_en: str | None = None
    region: str | None = None
    kind: str | None = None
    amount: float | None = None
    conditions: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    source: str | None = None
    status: PolicyStatus = "published"
    in_force: bool = False
    issuer: OrgRef | None = None


class PolicyDetail(PolicyPublic):
    courses: list[CourseRef] = Field(default_factory=list)
    people_enrolled: int = Field(
        default=0, description="people enrolled now in the courses it subsidises (a count only)"
    )


class PolicyPage(BaseModel):
    items: list[PolicyPublic]
    total: int
    skip: int
    limit: int


class MySubsidy(PolicyPublic):
    courses: list[CourseRef] = Field(
        default_factory=list, description="your current enrolments this policy subsidises"
    )


class MySubsidies(BaseModel):
    items: list[MySubsidy]
