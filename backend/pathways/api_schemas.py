"""Schemas of the pathways-in-the-graph API: assessments (Create / Public), sign-ups,
results, "my next step", the staff forecast and the skill bank."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.pathways.ladders import Exemption, Region, Status
from backend.pathways.schemas import Day, OptionOut, PathwayResult, Profile

Method = Literal[
    "theory_exam",
    "skill_operation",
    "performance_review",
    "interview_defence",
    "competition_selection",
]
METHODS: tuple[str, ...] = (
    "theory_exam",
    "skill_operation",
    "performance_review",
    "interview_defence",
    "competition_selection",
)
# The five graded levels are assessed; special and chief technician are appointed.
AssessedLevel = Literal[
    "junior_worker", "intermediate_worker", "senior_worker", "technician", "senior_technician"
]
# Which evaluation method an exemption waives (N7, S3: the theory test).
EXEMPTION_WAIVES: dict[str, str] = {"theory_test": "theory_exam"}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganiserRef(_In):
    kind: Literal["GovernmentBody", "TrainingCentre"]
    id: str = Field(min_length=1, max_length=120)


class AssessmentCreate(_In):
    occupation: str = Field(pattern=r"^\d-\d{2}-\d{2}-\d{2}$", description="CSCO 2022 code")
    level: AssessedLevel
    methods: list[Method] = Field(min_length=1, max_length=5)
    held_on: Day
    capacity: int = Field(ge=1, le=2000)
    organiser: OrganiserRef | None = Field(
        default=None,
        description="Staff only: the bureau (default) or a training centre. A company"
        " account always organises for its own firm.",
    )

    @field_validator("methods")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("each method may be named once")
        return v


class OrgRef(BaseModel):
    id: str
    kind: str
    name_zh: str | None = None
    name_en: str | None = None


class OccupationRef(BaseModel):
    code: str
    name_zh: str | None = None
    name_en: str | None = None


class AssessmentPublic(BaseModel):
    id: str
    level: str
    level_zh: str
    level_en: str
    methods: list[str]
    held_on: str
    status: str
    capacity: int
    seats_taken: int
    seats_left: int
    occupation: OccupationRef
    organiser: OrgRef


class AssessmentPage(BaseModel):
    items: list[AssessmentPublic]
    total: int
    skip: int
    limit: int


class SignUpPublic(BaseModel):
    assessment: AssessmentPublic
    person_id: str
    exempt: list[str]
    methods_to_take: list[str]
    rules: list[str]
    status: Literal["signed_up", "passed", "failed"]
    score: float | None = None


class ResultIn(_In):
    person_id: str = Field(min_length=1, max_length=120)
    score: float = Field(ge=0, le=100, allow_inf_nan=False)
    passed: bool


class ResultsIn(_In):
    results: list[ResultIn] = Field(min_length=1, max_length=2000)


class RosterEntry(BaseModel):
    person_id: str
    name: str | None
    exempt: list[str]
    score: float | None
    passed: bool | None


class ResultsOut(BaseModel):
    assessment: AssessmentPublic
    recorded: int
    credentials: list[str]
    roster: list[RosterEntry]


class OpenEvaluation(BaseModel):
    """A scheduled assessment the person may sign up for, and why."""

    assessment: AssessmentPublic
    status: Status
    eligible_from: str | None
    rules: list[str]
    exemptions: list[Exemption]
    methods_to_take: list[str]
    signed_up: bool
    reason: dict[str, str]
    refusal: dict[str, str] | None = None


class Facts(BaseModel):
    """What the profile was built from, to show beside the answer."""

    current_employer: OrgRef | None
    current_occupation: OccupationRef | None
    relevant_experience_years: float
    experience_in_region_years: float | None
    school: OrgRef | None


class NextStep(BaseModel):
    person_id: str
    name: str | None
    region: Region
    as_of: str
    profile: Profile
    facts: Facts
    result: PathwayResult
    evaluations: list[OpenEvaluation]
    sign_ups: list[SignUpPublic]


class ForecastPerson(BaseModel):
    id: str
    name: str | None
    status: Status
    eligible_from: str | None


class ForecastRow(BaseModel):
    member: OrgRef | None
    series: str | None
    specialty: str | None
    field_zh: str
    field_en: str
    track: str
    level: str
    level_zh: str
    level_en: str
    eligible_now: int
    eligible_within: int
    people: list[ForecastPerson]


class Forecast(BaseModel):
    as_of: str
    until: str
    months: int
    region: Region
    people_read: int
    people_evaluated: int
    computed_at: str
    seconds: float
    items: list[ForecastRow]
    total: int
    skip: int
    limit: int


class SkillBank(BaseModel):
    """A person's lifelong record with its points: the printable page's data."""

    person_id: str
    name: str | None
    issued_on: str
    record: dict[str, Any]
    credits: dict[str, Any]
    credentials: list[dict[str, Any]]
    competitions: list[dict[str, Any]]
    scheme_interpretation: dict[str, str]


class SignedExport(BaseModel):
    payload: dict[str, Any]
    signature: dict[str, str]


class VerifyOut(BaseModel):
    valid: bool
    payload: dict[str, Any]


def options_for(result: PathwayResult, occupation: str, level: str) -> list[OptionOut]:
    return [
        o
        for o in result.options
        if o.track == "skill_level" and o.level == level and o.occupation == occupation
    ]
