"""The embedded store reads through a small pool of connections: at most
``readers`` reads run at once (each takes working memory from the one buffer pool:
40 server threads reading together once filled it and failed every query), the
rest wait their turn, a read nested in another reuses its connection, and a wait
that lasts too long is a 503, not a hang."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from backend.errors import StoreUnavailable
from backend.graph import embedded_store
from backend.graph.embedded_store import EmbeddedStore
from backend.graph.store import cypher
from tests.helpers import add_node

COUNT = cypher("MATCH (p:Park) RETURN count(p) AS n")


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path / "g", buffer_pool_mb=256, readers=2)
    s.ensure_schema()
    add_node(s, "Park", {"id": "park-hunnan", "name_zh": "浑南科技城"})
    return s


def test_threads_one_after_another_share_one_connection(store: EmbeddedStore) -> None:
    try:
        seen: list[int] = []
        for _ in range(12):
            t = threading.Thread(target=lambda: seen.append(store.query(COUNT)[0]["n"]))
            t.start()
            t.join()
        assert seen == [1] * 12
        assert len(store._open) == 1
    finally:
        store.close()


def test_many_threads_at_once_never_open_more_than_the_pool(store: EmbeddedStore) -> None:
    inside = 0
    most = 0
    lock = threading.Lock()
    go = threading.Barrier(16)
    seen: list[int] = []

    def work(tx: embedded_store._Tx) -> int:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        n = int(tx.run(COUNT)[0]["n"])
        threading.Event().wait(0.02)  # long enough for the others to pile up
        with lock:
            inside -= 1
        return n

    def reader() -> None:
        go.wait()
        for _ in range(5):
            seen.append(store.read(work))

    try:
        threads = [threading.Thread(target=reader) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == [1] * 80
        assert most == 2  # the pool's size, reached and never passed
        assert len(store._open) == 2
    finally:
        store.close()


def test_a_read_inside_a_read_reuses_its_connection(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g", buffer_pool_mb=256, readers=1)
    try:
        store.ensure_schema()
        add_node(store, "Park", {"id": "park-tiexi", "name_zh": "铁西装备制造业聚集区"})
        # with one reader, a nested read that asked the pool again would wait forever
        assert store.read(lambda tx: store.query(COUNT)[0]["n"] + tx.run(COUNT)[0]["n"]) == 2
    finally:
        store.close()


def test_a_read_that_waits_too_long_is_refused_as_busy(
    store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_store, "READER_WAIT_SECONDS", 0.2)
    release = threading.Event()
    holding = threading.Barrier(3)

    def hold(tx: embedded_store._Tx) -> None:
        holding.wait()
        release.wait(10)

    holders = [threading.Thread(target=store.read, args=(hold,)) for _ in range(2)]
    try:
        for t in holders:
            t.start()
        holding.wait()  # both readers are taken
        with pytest.raises(StoreUnavailable) as err:
            store.query(COUNT)
        assert err.value.status_code == 503
        assert "busy" in err.value.message
        release.set()
        for t in holders:
            t.join()
        assert store.query(COUNT)[0]["n"] == 1  # the pool is whole again
    finally:
        release.set()
        store.close()


def test_a_query_too_big_for_the_buffer_pool_is_a_503_and_the_store_goes_on(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore(tmp_path / "g", buffer_pool_mb=64)
    try:
        store.ensure_schema()
        add_node(store, "Park", {"id": "park-shenbei", "name_zh": "沈北新区"})
        huge = cypher(
            "UNWIND range(1, 20000000) AS x WITH x % 10000000 AS k, count(*) AS n "
            "RETURN count(*) AS groups"
        )
        with pytest.raises(StoreUnavailable) as err:
            store.query(huge)
        assert err.value.status_code == 503
        assert "ALLIANCE_EMBEDDED_BUFFER_POOL_MB" in err.value.message
        assert store.query(COUNT)[0]["n"] == 1
    finally:
        store.close()
