"""The staff forecast's in-process cache.

Running the engine over every person in the alliance takes seconds (see
``bench/pathways``), and the answer changes only when a credential, a job or the
day changes. Results are kept per store, region, day and horizon for
``TTL_SECONDS``; a write this process makes through the evaluations service (a
sign-up, a result) drops them at once. Writes by other processes (a re-seed)
show after the TTL.
"""

from __future__ import annotations

import threading
import time
from typing import Any

TTL_SECONDS = 600.0

_lock = threading.Lock()
_entries: dict[tuple[Any, ...], tuple[float, Any]] = {}


def get(key: tuple[Any, ...]) -> Any | None:
    with _lock:
        hit = _entries.get(key)
        if hit is None or time.monotonic() - hit[0] > TTL_SECONDS:
            _entries.pop(key, None)
            return None
        return hit[1]


def put(key: tuple[Any, ...], value: Any) -> None:
    with _lock:
        _entries[key] = (time.monotonic(), value)


def invalidate() -> None:
    with _lock:
        _entries.clear()
