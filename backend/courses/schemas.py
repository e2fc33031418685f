"""What a course, an enrolment and a completion look like on the wire.

``CourseCreate`` and ``CourseUpdate`` forbid unknown fields, so a client cannot
set ``seats_taken`` or ``status`` by sending them (no mass assignment);
``CoursePublic`` is all that leaves the server.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from backend.errors import first_repeat, invalid

CourseMode = Literal["in_person", "online", "blended"]
# open: taking enrolments; running: started, still taking them; closed: the
# provider stopped enrolment; completed: over (seed data).
CourseStatus = Literal["open", "running", "closed", "completed"]
EnrolmentStatus = Literal["enrolled", "completed", "dropped"]
ProviderKind = Literal["School", "TrainingCentre"]

# Ids of existing nodes: letters, digits and ``_ . : -`` (the seed's and the taxonomy's).
NodeId = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9_.:-]+$")]


class SkillLevel(BaseModel):
    """A skill by its taxonomy id and the level (1 foundation … 5 top) taught or needed."""

    model_config = ConfigDict(extra="forbid")

    skill_id: NodeId
    level: int = Field(ge=1, le=5)


def course_dates_error(start: str, end: str) -> PydanticCustomError:
    return invalid(
        f"The end date ({end}) must not be before the start date ({start}).",
        message_zh=f"结束日期（{end}）不能早于开始日期（{start}）。",
        field="end_date",
    )


def subsidy_error(subsidy: float, cost: float) -> PydanticCustomError:
    return invalid(
        f"The subsidy ({subsidy:g}) must not be more than the cost ({cost:g}).",
        message_zh=f"补贴（{subsidy:g}）不能高于费用（{cost:g}）。",
        field="subsidy",
    )


def unique_skills(skills: list[SkillLevel] | None) -> None:
    if skills is None:
        return
    twice = first_repeat(s.skill_id for s in skills)
    if twice:
        raise invalid(
            f"The skill {twice!r} is listed twice.",
            message_zh=f"技能 {twice} 重复了。",
            field="skills",
        )


class CourseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title_zh: str = Field(min_length=1, max_length=200)
    title_en: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    hours: int = Field(ge=1, le=2000)
    seats: int = Field(ge=1, le=10000)
    schedule: str | None = Field(default=None, max_length=300)
    start_date: date
    end_date: date
    cost: float = Field(default=0.0, ge=0, le=1_000_000)
    subsidy: float = Field(default=0.0, ge=0, le=1_000_000)
    mode: CourseMode = "in_person"
    shared: bool = True
    skills: list[SkillLevel] = Field(min_length=1, max_length=20)
    prerequisites: list[NodeId] = Field(default_factory=list, max_length=10)
    teacher_id: NodeId | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CourseCreate:
        if self.end_date < self.start_date:
            raise course_dates_error(self.start_date.isoformat(), self.end_date.isoformat())
        if self.subsidy > self.cost:
            raise subsidy_error(self.subsidy, self.cost)
        unique_skills(self.skills)
        return self


class CourseUpdate(BaseModel):
    """Every field optional; only the ones sent change. ``skills`` and
    ``prerequisites`` replace the whole list when sent."""

    model_config = ConfigDict(extra="forbid")

    title_zh: str | None = Field(default=None, min_length=1, max_length=200)
    title_en: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    hours: int | None = Field(default=None, ge=1, le=2000)
    seats: int | None = Field(default=None, ge=1, le=10000)
    schedule: str | None = Field(default=None, max_length=300)
    start_date: date | None = None
    end_date: date | None = None
    cost: float | None = Field(default=None, ge=0, le=1_000_000)
    subsidy: float | None = Field(default=None, ge=0, le=1_000_000)
    mode: CourseMode | None = None
    shared: bool | None = None
    skills: list[SkillLevel] | None = Field(default=None, min_length=1, max_length=20)
    prerequisites: list[NodeId] | None = Field(default=None, max_length=10)
    teacher_id: NodeId | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CourseUpdate:
        unique_skills(self.skills)
        return self


class OrgRef(BaseModel):
    id: str
    kind: str | None = None
    name_zh: str | None = None
    name_en: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], prefix: str) -> OrgRef | None:
        """The member a query returned as ``<prefix>_id``, ``_kind``, ``_zh``, ``_en``."""
        if not row.get(f"{prefix}_id"):
            return None
        return cls(
            id=row[f"{prefix}_id"],
            kind=row.get(f"{prefix}_kind"),
            name_zh=row.get(f"{prefix}_zh"),
            name_en=row.get(f"{prefix}_en"),
        )


class SkillRef(BaseModel):
    id: str
    zh: str | None = None
    en: str | None = None
    level: int | None = None


class CourseRef(BaseModel):
    id: str
    title_zh: str | None = None
    title_en: str | None = None


class TeacherRef(BaseModel):
    id: str
    name: str | None = None
    title: str | None = None


class PolicyRef(BaseModel):
    """A subsidy policy in force today that applies to a course."""

    id: str
    name_zh: str | None = None
    name_en: str | None = None
    kind: str | None = None
    amount: float | None = None
    valid_until: str | None = None


class CourseSummary(BaseModel):
    id: str
    title_zh: str
    title_en: str | None = None
    description: str | None = None
    hours: int | None = None
    seats: int = 0
    seats_taken: int = 0
    seats_free: int = 0
    schedule: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    cost: float | None = None
    subsidy: float | None = None
    mode: str | None = None
    status: str | None = None
    shared: bool = False
    provider: OrgRef | None = None
    park: OrgRef | None = None
    skills: list[SkillRef] = Field(default_factory=list)


class CoursePublic(CourseSummary):
    prerequisites: list[CourseRef] = Field(default_factory=list)
    teacher: TeacherRef | None = None
    policies: list[PolicyRef] = Field(default_factory=list)


class CoursePage(BaseModel):
    items: list[CourseSummary]
    total: int
    skip: int
    limit: int


class EnrolmentPublic(BaseModel):
    course_id: str
    course_title_zh: str | None = None
    course_title_en: str | None = None
    provider_id: str | None = None
    person_id: str
    person_name: str | None = None
    status: EnrolmentStatus
    enrolled_on: str | None = None
    completed_on: str | None = None


class EnrolmentPage(BaseModel):
    items: list[EnrolmentPublic]
    total: int
    skip: int
    limit: int


class CredentialRef(BaseModel):
    id: str
    kind: str
    name: str
    obtained: str
    points: float | None = None
    issuer_id: str


class SkillGained(BaseModel):
    id: str
    zh: str | None = None
    en: str | None = None
    level: int
    previous_level: int | None = None


class Completion(BaseModel):
    """What completing a course added to the person's record."""

    enrolment: EnrolmentPublic
    credential: CredentialRef
    skills: list[SkillGained]
