"""The Neo4j store: the real deployment.

One driver for the process; a session per unit of work; reads routed as reads
and writes as managed transaction functions, which the driver retries on
transient errors, so the same code runs against a cluster via ``neo4j://``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConstraintError, ServiceUnavailable

from backend.errors import Conflict, StoreUnavailable
from backend.graph import generic
from backend.graph.schema import NODES
from backend.graph.store import Cypher, Row, StoreKind, built, plain

T = TypeVar("T")
# Bulk loads send batches of BATCH rows on WRITERS sessions at once: one session
# leaves the server idle while the client packs the next batch and while each commit
# is flushed, and 3 x 5,000 was the fastest mix measured (docs/benchmarks.md).
BATCH = 5_000
WRITERS = 3

_DUPLICATE = re.compile(r"label `(\w+)` and property `(\w+)` = '([^']*)'")


class _Tx:
    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx

    def run(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self._tx.run(query.neo4j, dict(params or {}))
        return [plain(record.data()) for record in result]


def _conflict(err: ConstraintError) -> Conflict:
    m = _DUPLICATE.search(err.message or "")
    if m:
        label, _prop, value = m.groups()
        return Conflict(
            f"{label} {value!r} already exists",
            message_zh=f"{label} {value!r} 已存在",
            field="id",
        )
    return Conflict(err.message or "constraint violated")


Columns = dict[str, list[Any]]  # {column: [value per row]}, as generic.node_columns gives


def _take(cols: Columns, rows: Sequence[int]) -> Columns:
    return {k: [v[i] for i in rows] for k, v in cols.items()}


def _rel_batches(cols: Columns) -> list[Columns]:
    """Relationship columns cut into batches that can be written at the same time
    without deadlocking: no source node in two batches (each batch holds whole runs of
    one source, so a batch may exceed BATCH), and each batch takes its targets in one
    global order (sorted by target), so two transactions never wait on each other's
    targets in a cycle. A node that is a source in one batch and a target in another
    (skill RELATED_TO skill) can still deadlock; the driver retries those."""
    src, dst = cols["src"], cols["dst"]
    order = sorted(range(len(src)), key=src.__getitem__)
    batches: list[Columns] = []
    start = 0
    while start < len(order):
        end = min(start + BATCH, len(order))
        while end < len(order) and src[order[end]] == src[order[end - 1]]:
            end += 1
        batches.append(_take(cols, sorted(order[start:end], key=dst.__getitem__)))
        start = end
    return batches


class Neo4jStore:
    kind: StoreKind = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str) -> None:
        auth = (user, password) if password else None
        self._uri = uri
        self._database = database
        self._driver = GraphDatabase.driver(uri, auth=auth)
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, OSError) as exc:
            self._driver.close()
            raise StoreUnavailable(
                f"Neo4j does not answer at {uri}: {exc}. Start the bundled server with "
                "`scripts/neo4j-server start`, or set ALLIANCE_GRAPH_URI to a running server.",
                message_zh=f"无法连接 Neo4j（{uri}）。请运行 `scripts/neo4j-server start`。",
            ) from None
        except AuthError as exc:
            self._driver.close()
            raise StoreUnavailable(
                f"Neo4j at {uri} refused the credentials: {exc.message}. "
                "Check ALLIANCE_NEO4J_USER and ALLIANCE_NEO4J_PASSWORD."
            ) from None

    def describe(self) -> str:
        return f"{self._uri} (database {self._database})"

    def ensure_schema(self) -> None:
        for nt in NODES:
            self.execute(
                built(
                    f"CREATE CONSTRAINT {nt.label.lower()}_id IF NOT EXISTS "
                    f"FOR (n:{nt.label}) REQUIRE n.id IS UNIQUE"
                )
            )
            for prop in nt.indexed:
                self.execute(
                    built(
                        f"CREATE INDEX {nt.label.lower()}_{prop} IF NOT EXISTS "
                        f"FOR (n:{nt.label}) ON (n.{prop})"
                    )
                )

    def _session(self, mode: str) -> neo4j.Session:
        return self._driver.session(database=self._database, default_access_mode=mode)

    def read(self, work: Callable[[_Tx], T]) -> T:
        with self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(lambda tx: work(_Tx(tx)))

    def write(self, work: Callable[[_Tx], T]) -> T:
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                return session.execute_write(lambda tx: work(_Tx(tx)))
        except ConstraintError as err:
            raise _conflict(err) from None

    def query(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.read(lambda tx: tx.run(query, params))

    def execute(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.write(lambda tx: tx.run(query, params))

    def _send(self, jobs: Sequence[tuple[Cypher, Columns]]) -> None:
        """Each (query, batch of columns) in its own write transaction, up to WRITERS at
        a time. A batch the server aborts as a deadlock is retried by the driver (a
        transient error); on any other failure the batches not yet started are dropped
        and the error raised. Batches already committed stay: a bulk load is not one
        transaction."""
        if len(jobs) <= 1:
            for query, cols in jobs:
                self.execute(query, {"cols": cols})
            return
        with ThreadPoolExecutor(WRITERS, thread_name_prefix="neo4j-bulk") as pool:
            futures = [pool.submit(self.execute, q, {"cols": cols}) for q, cols in jobs]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    def create_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        return self.create_node_groups({label: rows})[label]

    def create_node_groups(
        self, groups: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> dict[str, int]:
        # All labels' batches share the writers, so a small label does not cost a
        # round trip of its own while the others wait.
        jobs = []
        for label, rows in groups.items():
            if rows:
                q = generic.bulk_create_nodes_by_column(label)
                cols = generic.node_columns(label, rows)
                jobs += [
                    (q, {k: v[s : s + BATCH] for k, v in cols.items()})
                    for s in range(0, len(rows), BATCH)
                ]
        self._send(jobs)
        return {label: len(rows) for label, rows in groups.items()}

    def create_rels(
        self, type_: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> int:
        q = generic.bulk_create_rels_by_column(type_, from_label, to_label)  # checks the pair
        if rows:
            self._send([(q, b) for b in _rel_batches(generic.rel_columns(type_, rows))])
        return len(rows)

    def existing_ids(self, label: str, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        found: set[str] = set()
        q = generic.existing_ids(label)
        for start in range(0, len(wanted), BATCH):
            rows = self.query(q, {"ids": wanted[start : start + BATCH]})
            found.update(r["id"] for r in rows)
        return found

    def ping(self) -> bool:
        try:
            self.query(built("RETURN 1 AS ok"))
            return True
        except Exception:
            return False

    def wipe(self) -> None:
        # In batches, so a large graph does not need one huge transaction; relationships
        # first, since detaching a skill shared by 100,000 people is one batch in itself
        # (a scale-10 seed ran out of transaction memory that way).
        for q in (
            built("MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS deleted"),
            built("MATCH (n) WITH n LIMIT 50000 DETACH DELETE n RETURN count(*) AS deleted"),
        ):
            while self.execute(q)[0]["deleted"]:
                pass

    def close(self) -> None:
        self._driver.close()
