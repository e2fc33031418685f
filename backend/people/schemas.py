from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from backend.errors import invalid

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class SkillRecord(BaseModel):
    id: str
    zh: str | None = None
    en: str | None = None
    level: int | None = None
    source: str | None = None
    since: str | None = None


class EmploymentRecord(BaseModel):
    firm_id: str
    firm_zh: str | None = None
    firm_en: str | None = None
    from_date: str | None = None
    to_date: str | None = None
    post: str | None = None
    occupation: str | None = None


class CredentialRecord(BaseModel):
    id: str
    kind: str | None = None
    name: str | None = None
    level: str | None = None
    series: str | None = None
    specialty: str | None = None
    obtained: str | None = None
    occupation: str | None = None


class Consent(BaseModel):
    visible_to_employers: bool
    visible_to_schools: bool
    recommendations_enabled: bool


class ConsentUpdate(BaseModel):
    visible_to_employers: bool | None = None
    visible_to_schools: bool | None = None
    recommendations_enabled: bool | None = None


class PersonUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=80)
    district: str | None = Field(default=None, max_length=40)
    summary: str | None = Field(default=None, max_length=2000)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9\- ]{6,20}$")
    relevant_experience_years: float | None = Field(default=None, ge=0, le=60)

    @field_validator("name")
    @classmethod
    def _name_not_null(cls, v: str | None, info: ValidationInfo) -> str | None:
        # runs only when sent: a name may change but never be removed
        if v is None:
            raise invalid("name cannot be null", message_zh="此项为必填。", field="name")
        return v


class PersonPublic(BaseModel):
    """What another party may see: no contact details, no consent internals."""

    id: str
    name: str
    role: str
    district: str | None = None
    summary: str | None = None
    relevant_experience_years: float | None = None
    school_id: str | None = None
    skills: list[SkillRecord] = []
    employment: list[EmploymentRecord] = []
    credentials: list[CredentialRecord] = []


class PersonPrivate(PersonPublic):
    """What the person sees of themselves."""

    email: str | None = None
    phone: str | None = None
    consent: Consent


class SkillAdd(BaseModel):
    """A skill in the taxonomy's id, or in the person's own words ("会开数控车床")."""

    skill: str = Field(min_length=1, max_length=120)
    level: int = Field(default=3, ge=1, le=5)


class SkillAdded(BaseModel):
    skill: SkillRecord
    matched_from: str
    confidence: float


class EmploymentCreate(BaseModel):
    firm_id: str
    from_date: str = Field(pattern=ISO_DATE)
    to_date: str | None = Field(default=None, pattern=ISO_DATE)
    post: str = Field(min_length=1, max_length=80)
    occupation: str | None = Field(default=None, pattern=r"^\d-\d{2}-\d{2}-\d{2}$")

    @model_validator(mode="after")
    def _ordered(self) -> EmploymentCreate:
        if self.to_date is not None and self.to_date < self.from_date:
            raise invalid(
                f"The end of the job ({self.to_date}) must not be before its start "
                f"({self.from_date}).",
                message_zh=f"结束日期（{self.to_date}）不能早于起始日期（{self.from_date}）。",
                field="to_date",
            )
        return self


class AccessEntry(BaseModel):
    at: str
    actor_role: str
    actor_org: str | None = None
    purpose: str


class Viewer(BaseModel):
    kind: Literal["self", "firm", "school", "staff"]
