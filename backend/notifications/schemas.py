"""Notification schemas: what a user sees of their own notifications."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

# applied: a firm's HR users hear of a new applicant; approval_needed: a school
# hears that a student applied for a placement it must approve; shortlisted,
# interview, offer: the applicant hears of each step.
NotificationKind = Literal["applied", "approval_needed", "shortlisted", "interview", "offer"]


class NotificationPublic(BaseModel):
    id: str
    kind: NotificationKind
    text_zh: str
    text_en: str
    link: str | None = None
    created_at: str
    read: bool


class NotificationPage(BaseModel):
    items: list[NotificationPublic]
    total: int
    unread: int
    skip: int
    limit: int
