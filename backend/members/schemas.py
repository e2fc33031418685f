from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

MemberKind = Literal["GovernmentBody", "School", "Firm", "TrainingCentre", "Park"]


class MemberPublic(BaseModel):
    id: str
    kind: MemberKind
    name_zh: str
    name_en: str | None = None
    district: str | None = None
    park_id: str | None = None
    park_zh: str | None = None
    park_en: str | None = None
    since: str | None = None


class MemberPage(BaseModel):
    items: list[MemberPublic]
    total: int
    skip: int
    limit: int
