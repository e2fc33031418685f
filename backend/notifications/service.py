"""Notifications: in the app (a Notification node that NOTIFIES a user) and by
e-mail through the pluggable ``Sender``.

Notifications are written inside the transaction of the change they report, so
one never exists without the other; e-mail goes out only after that
transaction commits (a retried transaction must not mail twice), and a failing
sender cannot undo a committed change.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from backend.accounts.schemas import Principal
from backend.errors import NotFound
from backend.graph.store import GraphStore, Tx
from backend.notifications.mail import Mail, Sender
from backend.notifications.repository import NotificationRepository
from backend.notifications.schemas import NotificationKind, NotificationPage, NotificationPublic

log = logging.getLogger(__name__)

Audience = Literal["Person", "Firm", "School"]


@dataclass(frozen=True)
class Message:
    kind: NotificationKind
    text_zh: str
    text_en: str
    link: str | None = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _notification_id() -> str:
    """Time-ordered (nanoseconds, fixed width) so that notes made within one
    second still list newest first; the random tail keeps ids unique."""
    return f"ntf-{time.time_ns():016x}-{uuid.uuid4().hex[:8]}"


class Notifier:
    def __init__(self, sender: Sender | None, public_url: str = "") -> None:
        self.sender = sender
        self.public_url = public_url.rstrip("/")

    def stage(self, tx: Tx, audience: Audience, node_id: str, msg: Message) -> list[Mail]:
        """Notify every active account of a person, firm or school inside ``tx``;
        returns the e-mails to send once it has committed."""
        mails: list[Mail] = []
        created = _now()
        for user in NotificationRepository.recipients(tx, audience, node_id):
            NotificationRepository.create(
                tx,
                {
                    "id": _notification_id(),
                    "kind": msg.kind,
                    "text_zh": msg.text_zh,
                    "text_en": msg.text_en,
                    "link": msg.link,
                    "created_at": created,
                    "read": False,
                },
                user["id"],
            )
            if user.get("email"):
                mails.append(self._mail(user["email"], user.get("lang") or "zh", msg))
        return mails

    def _mail(self, to: str, lang: str, msg: Message) -> Mail:
        texts = [msg.text_zh, msg.text_en] if lang == "zh" else [msg.text_en, msg.text_zh]
        link = f"\n\n{self.public_url}{msg.link}" if msg.link else ""
        return Mail(
            to=to,
            subject=f"沈阳高技能人才联盟 / Shenyang skills alliance: {texts[0]}"[:150],
            body="\n\n".join(texts) + link + "\n",
        )

    def deliver(self, mails: list[Mail]) -> None:
        if self.sender is None:
            return
        for mail in mails:
            try:
                self.sender.send(mail)
            except Exception:  # any plug-in sender; the change itself has committed
                log.exception("could not send a notification e-mail to %s", mail.to)


class NotificationService:
    def __init__(self, store: GraphStore) -> None:
        self.repo = NotificationRepository(store)

    def page(
        self, principal: Principal, unread_only: bool, skip: int, limit: int
    ) -> NotificationPage:
        rows, total, unread = self.repo.page(principal.user_id, unread_only, skip, limit)
        return NotificationPage(
            items=[NotificationPublic.model_validate(r) for r in rows],
            total=total,
            unread=unread,
            skip=skip,
            limit=limit,
        )

    def mark_read(self, principal: Principal, notification_id: str) -> NotificationPublic:
        """Someone else's notification is 404: its existence is not revealed."""
        row = self.repo.mark_read(principal.user_id, notification_id)
        if row is None:
            raise NotFound(
                f"no notification {notification_id!r}", message_zh="没有该通知", field="id"
            )
        return NotificationPublic.model_validate(row)

    def mark_all_read(self, principal: Principal) -> int:
        return self.repo.mark_all_read(principal.user_id)
