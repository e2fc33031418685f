from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, EmailStr, Field, field_validator

Role = Literal["person", "company", "school", "park", "staff"]
PersonRole = Literal["student", "worker"]
ORG_LABEL_FOR_ROLE: dict[str, tuple[str, ...]] = {
    "company": ("Firm",),
    "school": ("School", "TrainingCentre"),
    "park": ("Park",),
    "staff": ("GovernmentBody",),
}


class SignUp(BaseModel):
    email: EmailStr
    password: str = Field(min_length=10, max_length=256)
    role: Literal["person", "company", "school", "park"]
    display_name: str = Field(min_length=1, max_length=80)
    lang: Literal["zh", "en"] = "zh"
    # person
    person_role: PersonRole = "student"
    school_id: str | None = None
    # company: the firm is identified by its unified social credit code
    uscc: str | None = Field(
        default=None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$"
    )
    firm_name_zh: str | None = Field(default=None, max_length=120)
    firm_name_en: str | None = Field(default=None, max_length=160)
    # school, training centre or park: the member it works for
    org_id: str | None = None

    @field_validator("email")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()


class SignIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class ResetRequest(BaseModel):
    email: EmailStr


class ResetConfirm(BaseModel):
    token: str = Field(min_length=20, max_length=200)
    password: str = Field(min_length=10, max_length=256)


class UserStatus(BaseModel):
    status: Literal["active", "disabled"]


class UserPublic(BaseModel):
    id: str
    email: str
    role: Role
    display_name: str
    status: str
    lang: str
    person_id: str | None = None
    org_id: str | None = None
    org_kind: str | None = None
    org_verified: bool = False
    csrf_token: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who is calling: the one object every ownership check reads."""

    user_id: str
    email: str
    role: Role
    display_name: str
    status: str
    lang: str
    session_id: str
    csrf: str
    person_id: str | None = None
    org_id: str | None = None
    org_kind: str | None = None
    org_verified: bool = False

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def is_staff(self) -> bool:
        return self.role == "staff" and self.active

    def public(self) -> UserPublic:
        return UserPublic(
            id=self.user_id,
            email=self.email,
            role=self.role,
            display_name=self.display_name,
            status=self.status,
            lang=self.lang,
            person_id=self.person_id,
            org_id=self.org_id,
            org_kind=self.org_kind,
            org_verified=self.org_verified,
            csrf_token=self.csrf,
        )
