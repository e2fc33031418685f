"""``/api/notifications``: the caller's own notifications, and marking them read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from backend.deps import CurrentUser, StoreDep
from backend.notifications.schemas import NotificationPage, NotificationPublic
from backend.notifications.service import NotificationService

router = APIRouter(prefix="/api/notifications", tags=["notifications"])


@router.get("", response_model=NotificationPage, summary="My notifications, newest first")
def list_notifications(
    store: StoreDep,
    user: CurrentUser,
    unread: Annotated[bool, Query(description="Only unread ones")] = False,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> NotificationPage:
    return NotificationService(store).page(user, unread, skip, limit)


@router.post("/{notification_id}/read", response_model=NotificationPublic, summary="Mark read")
def mark_read(notification_id: str, store: StoreDep, user: CurrentUser) -> NotificationPublic:
    return NotificationService(store).mark_read(user, notification_id)


@router.post("/read-all", summary="Mark all my notifications read")
def mark_all_read(store: StoreDep, user: CurrentUser) -> dict[str, int]:
    return {"marked": NotificationService(store).mark_all_read(user)}
