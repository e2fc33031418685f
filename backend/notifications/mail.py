"""E-mail through a pluggable sender. The default writes each message as a JSON
line to ``var/mail.log``, so development and tests can read what was "sent"."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from backend.settings import Settings


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Sender(Protocol):
    def send(self, mail: Mail) -> None: ...


class LogSender:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def send(self, mail: Mail) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"at": datetime.now(UTC).isoformat(timespec="seconds"), **asdict(mail)},
            ensure_ascii=False,
        )
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    def sent(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        return [json.loads(x) for x in self.path.read_text(encoding="utf-8").splitlines() if x]


def make_sender(settings: Settings) -> Sender:
    if settings.mail_sender == "log":
        return LogSender(settings.var_dir / "mail.log")
    from backend.errors import InvalidInput

    raise InvalidInput(f"unknown ALLIANCE_MAIL_SENDER {settings.mail_sender!r}; use 'log'")
