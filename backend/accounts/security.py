"""Passwords, tokens and the sign-in limiter."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import defaultdict, deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown keeps the answer's timing
# from telling an attacker which addresses have accounts.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Reset tokens are stored by digest, so a leaked database grants no reset."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_id_for(email: str) -> str:
    """A user's id is derived from the normalised e-mail, so a second sign-up with
    the same address is a duplicate id, refused by the store in the same transaction."""
    return "user-" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]


class SignInLimiter:
    """Failed sign-ins per key (e-mail, client address) in a sliding window.

    Kept in process memory: the app serves from one process (the embedded store
    requires it); a multi-process Neo4j deployment would move this to a shared store."""

    def __init__(self, max_failures: int, window_seconds: float) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def retry_after(self, keys: list[str]) -> float:
        """Seconds until these keys may try again (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                self.window - (now - q[0])
                for q in (self._prune(k, now) for k in keys)
                if len(q) >= self.max_failures
            ]
        return max(waits, default=0.0)

    def failed(self, keys: list[str]) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._prune(k, now).append(now)

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)


# Reset requests allowed per e-mail and per client address in one sign-in window.
RESET_PER_EMAIL = 3
RESET_PER_CLIENT = 10


class ResetLimiter:
    """Password-reset requests per e-mail and per client address in a sliding
    window. Every request counts, whether or not the address has an account, so
    being refused says nothing about who is registered; it only stops a mailbox
    from being flooded and addresses from being tried in bulk."""

    def __init__(self, window_seconds: float) -> None:
        self._email = SignInLimiter(RESET_PER_EMAIL, window_seconds)
        self._client = SignInLimiter(RESET_PER_CLIENT, window_seconds)

    def retry_after(self, email: str, client: str) -> float:
        return max(self._email.retry_after([email]), self._client.retry_after([client]))

    def count(self, email: str, client: str) -> None:
        self._email.failed([email])
        self._client.failed([client])
