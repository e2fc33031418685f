"""The embedded store keeps a reader connection per thread; one whose thread has
ended is closed when the next one opens (each pins engine memory, and servers and
test clients start new threads over time)."""

from __future__ import annotations

import threading
from pathlib import Path

from backend.graph.embedded_store import EmbeddedStore
from backend.graph.store import cypher
from tests.helpers import add_node

COUNT = cypher("MATCH (p:Park) RETURN count(p) AS n")


def test_readers_of_ended_threads_are_closed(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g", buffer_pool_mb=256)
    try:
        store.ensure_schema()
        add_node(store, "Park", {"id": "park-hunnan", "name_zh": "浑南科技城"})
        seen: list[int] = []
        for _ in range(12):  # twelve threads, one after another, each reads once
            t = threading.Thread(target=lambda: seen.append(store.query(COUNT)[0]["n"]))
            t.start()
            t.join()
        assert seen == [1] * 12
        assert store.query(COUNT)[0]["n"] == 1
        # the twelve ended threads' readers were closed as the next ones opened
        assert len(store._readers) <= 2
    finally:
        store.close()
