"""Building blocks for API tests: real accounts in the real store, and clients
signed in as them. Nothing here mocks the database."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.accounts.security import user_id_for
from backend.errors import AllianceError
from backend.graph import generic
from backend.graph.store import GraphStore

PASSWORD = "沈阳-test-password-2026"
# Production hashes are slow on purpose. A verify costs what the stored hash's own
# parameters say, so test accounts carry a cheap (still real argon2id) hash and
# the many sign-ins of the suite stay fast; the production path is unchanged.
_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


def add_node(store: GraphStore, label: str, row: dict[str, Any]) -> None:
    store.execute(generic.create_node(label), generic.coerce_props(label, row, full=True))


def link(
    store: GraphStore, type_: str, src: tuple[str, str], dst: tuple[str, str], **props: Any
) -> None:
    params = {"src": src[1], "dst": dst[1], **generic.coerce_rel_props(type_, props, full=True)}
    rows = store.execute(generic.link(type_, src[0], dst[0]), params)
    assert rows, f"link {type_} {src} -> {dst}: an endpoint is missing"


def add_user(
    store: GraphStore,
    email: str,
    role: str,
    *,
    person_id: str | None = None,
    org: tuple[str, str] | None = None,
    status: str = "active",
) -> str:
    """An account; ``person_id`` links a person account, ``org`` = (label, id) the
    member an organisation account acts for. Creates the Person if missing."""
    uid = user_id_for(email)
    add_node(
        store,
        "User",
        {
            "id": uid,
            "email": email,
            "password_hash": _HASH,
            "role": role,
            "display_name": email.split("@")[0],
            "status": status,
            "lang": "zh",
            "created_at": "2026-11-01T09:00:00",
        },
    )
    if person_id is not None:
        if not store.query(generic.get_node("Person"), {"id": person_id}):
            add_node(
                store,
                "Person",
                {
                    "id": person_id,
                    "name": email.split("@")[0],
                    "role": "student",
                    "visible_to_employers": False,
                    "recommendations_enabled": True,
                },
            )
        link(store, "IS_PERSON", ("User", uid), ("Person", person_id))
    if org is not None:
        link(store, "ACTS_FOR", ("User", uid), org)
    return uid


def signed_in(app: FastAPI, email: str, password: str = PASSWORD) -> TestClient:
    """A client signed in as ``email`` that sends its CSRF token on every request."""
    client = TestClient(app)
    r = client.post("/api/auth/signin", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    client.headers["x-csrf-token"] = r.json()["csrf_token"]
    return client


def fire(n: int, work: Callable[[int], object]) -> Counter[str]:
    """Run ``work(i)`` in ``n`` threads released together; count outcomes by error
    code ("ok" for success), so a concurrency test asserts exactly what happened."""
    barrier = threading.Barrier(n)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
            result = "ok"
        except AllianceError as exc:
            result = exc.code
        except Exception as exc:  # counted, so the test names what broke
            result = f"error: {exc}"
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes
