"""The embedded store: LadybugDB (the maintained fork of Kùzu) in this process.

It needs no server, so a newcomer runs the platform with one command. Two facts
shape it (see docs/architecture.md): the engine allows one write transaction at a
time and fails a second at once instead of waiting, so writes are serialised by a
lock here; and one process owns the database file, so a second process fails at
open with a message that says what to do.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import ladybug

from backend.errors import Conflict, StoreUnavailable
from backend.graph import arrow_copy, csv_copy, generic
from backend.graph.schema import NODES, RELS, PropType, node_type, rel_type
from backend.graph.store import Cypher, Row, StoreKind, built, plain

T = TypeVar("T")
BATCH = 10_000
COPY_THRESHOLD = 200  # below this many rows a COPY costs more than an UNWIND
CopySource = Literal["arrow", "csv"]
DB_FILE = "alliance.lbug"

_DUPLICATE = re.compile(r"duplicated primary key value (.*?), which violates")
_BUFFER_FULL = "buffer pool is full"
_LOCKED = re.compile(r"Lock is held by PID (\d+)")


def _fetch(result: Any) -> list[Row]:
    names = result.get_column_names()
    rows: list[Row] = []
    while result.has_next():
        rows.append({n: plain(v) for n, v in zip(names, result.get_next(), strict=True)})
    return rows


class _Tx:
    def __init__(self, conn: ladybug.Connection) -> None:
        self._conn = conn

    def run(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            result = self._conn.execute(query.embedded, dict(params or {}))
        except RuntimeError as exc:
            m = _DUPLICATE.search(str(exc))
            if m:
                raise Conflict(
                    f"a node with id {m.group(1)!r} already exists",
                    message_zh=f"编号 {m.group(1)!r} 已存在",
                    field="id",
                ) from None
            if _BUFFER_FULL in str(exc):
                raise StoreUnavailable(
                    "The embedded graph ran out of memory for this request; try again "
                    "shortly, or give it more (ALLIANCE_EMBEDDED_BUFFER_POOL_MB).",
                    message_zh="嵌入式图数据库暂时内存不足，请稍后再试。",
                ) from None
            raise
        if isinstance(result, list):  # several statements; keep the last one's rows
            result = result[-1]
        return _fetch(result)


def _ddl_type(kind: PropType) -> str:
    return kind


def _rollback(conn: ladybug.Connection) -> None:
    # A failed statement has already rolled its transaction back.
    with contextlib.suppress(RuntimeError):
        conn.execute("ROLLBACK")


DEFAULT_BUFFER_POOL_MB = 2048
DEFAULT_READERS = 4
READER_WAIT_SECONDS = 60.0


class EmbeddedStore:
    kind: StoreKind = "embedded"

    def __init__(
        self,
        folder: Path,
        copy_threshold: int | None = COPY_THRESHOLD,
        copy_from: CopySource = "arrow",
        buffer_pool_mb: int = DEFAULT_BUFFER_POOL_MB,
        readers: int = DEFAULT_READERS,
    ) -> None:
        """``copy_threshold``: batches this large go through COPY (None: never).
        ``copy_from``: COPY from a pyarrow table, or from a CSV file (kept so that
        bench/ingest can time the two side by side; nothing else asks for it).
        ``buffer_pool_mb``: the engine's page cache (0: the engine's own default, up to
        80 % of the machine's memory). ``readers``: how many reads may run at once;
        more wait their turn (up to ``READER_WAIT_SECONDS``, then 503)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.copy_threshold = copy_threshold
        self.copy_from = copy_from
        self._column_cache: dict[str, list[str]] = {}
        self._folder = folder
        try:
            self._db = ladybug.Database(
                str(folder / DB_FILE),
                buffer_pool_size=buffer_pool_mb * 2**20,
            )
        except RuntimeError as exc:
            m = _LOCKED.search(str(exc))
            if m:
                raise StoreUnavailable(
                    f"The embedded graph in {folder} is in use by another process (PID "
                    f"{m.group(1)}), probably `alliance serve`. Stop that process first, or "
                    "point ALLIANCE_GRAPH_URI at Neo4j, which many processes can share.",
                    message_zh=f"嵌入式图数据库 {folder} 正被另一个进程（PID {m.group(1)}）使用。"
                    "请先停止该进程，或将 ALLIANCE_GRAPH_URI 指向 Neo4j。",
                ) from None
            raise StoreUnavailable(f"Cannot open the embedded graph in {folder}: {exc}") from None
        self._write_lock = threading.Lock()
        self._writer = ladybug.Connection(self._db)
        # Readers come from a small pool, not one per thread: every query running at
        # once takes its working memory from the one buffer pool, so a server's 40
        # request threads reading together filled 2 GB and failed every query (and
        # 16 clients gave no more throughput than 4; bench/concurrent_reads).
        self._max_readers = max(1, readers)
        self._idle: list[ladybug.Connection] = []
        self._open: list[ladybug.Connection] = []
        self._slots = threading.BoundedSemaphore(self._max_readers)
        self._readers_lock = threading.Lock()
        self._local = threading.local()

    def describe(self) -> str:
        return f"embedded://{self._folder}"

    @contextlib.contextmanager
    def _reading(self) -> Iterator[ladybug.Connection]:
        """A reader connection for the duration of one read. A read nested inside
        another on the same thread reuses its connection (and its transaction), so a
        full pool can never deadlock a thread against itself."""
        held: ladybug.Connection | None = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        if not self._slots.acquire(timeout=READER_WAIT_SECONDS):
            raise StoreUnavailable(
                f"The embedded graph is busy: {self._max_readers} reads have been running "
                f"for over {READER_WAIT_SECONDS:g} s. Try again shortly.",
                message_zh="嵌入式图数据库繁忙，请稍后再试。",
            )
        try:
            with self._readers_lock:
                conn = self._idle.pop() if self._idle else None
                if conn is None:
                    conn = ladybug.Connection(self._db)
                    self._open.append(conn)
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None
                with self._readers_lock:
                    self._idle.append(conn)
        finally:
            self._slots.release()

    def ensure_schema(self) -> None:
        with self._write_lock:
            tx = _Tx(self._writer)
            existing = {r["name"] for r in tx.run(built("CALL show_tables() RETURN name"))}
            for nt in NODES:
                if nt.label not in existing:
                    cols = ", ".join(f"{p} {_ddl_type(t)}" for p, t in nt.columns.items())
                    tx.run(built(f"CREATE NODE TABLE {nt.label}({cols}, PRIMARY KEY (id))"))
                else:
                    self._add_missing_columns(tx, nt.label, nt.columns)
            for rt in RELS:
                if rt.type not in existing:
                    pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rt.pairs)
                    cols = "".join(f", {p} {_ddl_type(t)}" for p, t in rt.props.items())
                    tx.run(built(f"CREATE REL TABLE {rt.type}({pairs}{cols})"))
        self._column_cache.clear()

    def _add_missing_columns(self, tx: _Tx, table: str, cols: Mapping[str, PropType]) -> None:
        """A property added to the schema after a database was created becomes a
        new column here; Neo4j needs nothing, its nodes are schemaless."""
        info = tx.run(built(f"CALL table_info('{table}') RETURN name"))
        have = {r["name"] for r in info}
        for prop, kind in cols.items():
            if prop not in have:
                tx.run(built(f"ALTER TABLE {table} ADD {prop} {_ddl_type(kind)}"))

    def read(self, work: Callable[[_Tx], T]) -> T:
        with self._reading() as conn:
            conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                out = work(_Tx(conn))
            except BaseException:
                _rollback(conn)
                raise
            conn.execute("COMMIT")
            return out

    def write(self, work: Callable[[_Tx], T]) -> T:
        with self._write_lock:
            self._writer.execute("BEGIN TRANSACTION")
            try:
                out = work(_Tx(self._writer))
            except BaseException:
                _rollback(self._writer)
                raise
            self._writer.execute("COMMIT")
            return out

    def query(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        with self._reading() as conn:
            return _Tx(conn).run(query, params)

    def execute(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self.write(lambda tx: tx.run(query, params))

    def _columns(self, table: str) -> list[str]:
        """The table's columns in storage order (what a COPY file must follow)."""
        cols = self._column_cache.get(table)
        if cols is None:
            info = self.query(built(f"CALL table_info('{table}') RETURN name"))
            cols = self._column_cache[table] = [r["name"] for r in info]
        return cols

    def _copy(
        self,
        tx: _Tx,
        table: str,
        options: list[str],
        columns: list[tuple[PropType, list[Any]]],
    ) -> Sequence[int]:
        """COPY the rows into ``table``; returns the indexes of those left for the
        UNWIND path: none from Arrow, which carries every value the schema allows;
        from CSV the rows whose list elements a CSV list cannot carry."""

        def statement(source: str, opts: list[str]) -> Cypher:
            return built(f"COPY {table} FROM {source}" + (f" ({', '.join(opts)})" if opts else ""))

        if self.copy_from == "arrow":
            tx.run(statement("$rows", options), {"rows": arrow_copy.table(columns)})
            return ()
        with tempfile.TemporaryDirectory(prefix="alliance-copy-") as tmp:
            path = Path(tmp) / "rows.csv"
            written = csv_copy.write_columns(path, columns)
            if written.rows:
                csv_opts = ["HEADER=false"] + (["PARALLEL=false"] if written.multiline else [])
                tx.run(statement(f"'{path}'", csv_opts + options))
        return written.slow

    def _bulk(
        self,
        table: str,
        kinds: Mapping[str, PropType],
        cols: dict[str, list[Any]],
        copy_options: list[str],
        unwind: Cypher,
    ) -> Callable[[_Tx], None]:
        """The work that writes ``cols`` into ``table`` inside a write transaction: COPY
        for a large batch, then ``UNWIND`` for any rows the COPY left (or for every row
        of a small batch). Reads the table's column order now, before the write lock."""
        n = len(next(iter(cols.values())))
        big = self.copy_threshold is not None and n >= self.copy_threshold
        order = self._columns(table) if big else []

        def work(tx: _Tx) -> None:
            slow: Sequence[int] = range(n)
            if big:
                columns: list[tuple[PropType, list[Any]]] = [
                    ("STRING", cols[k]) for k in ("src", "dst") if k in cols
                ]
                columns += [(kinds[c], cols[c]) for c in order]
                slow = self._copy(tx, table, copy_options, columns)
            names = list(cols)
            rows = [{k: cols[k][i] for k in names} for i in slow]
            for start in range(0, len(rows), BATCH):
                tx.run(unwind, {"rows": rows[start : start + BATCH]})

        return work

    def create_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        return self.create_node_groups({label: rows})[label]

    def create_node_groups(
        self, groups: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> dict[str, int]:
        # One transaction for every label: a commit per small table cost about a third
        # of the node time of a seed chunk (docs/benchmarks.md).
        works = [
            self._bulk(
                label,
                node_type(label).columns,
                generic.node_columns(label, rows),
                [],
                generic.bulk_create_nodes(label),
            )
            for label, rows in groups.items()
            if rows
        ]
        if works:
            self.write(lambda tx: [work(tx) for work in works])
        return {label: len(rows) for label, rows in groups.items()}

    def create_rels(
        self, type_: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> int:
        q = generic.bulk_create_rels(type_, from_label, to_label)  # checks the pair
        if not rows:
            return 0
        cols = generic.rel_columns(type_, rows)
        # all or nothing: a missing endpoint fails the whole COPY, never drops a row
        self.write(
            self._bulk(
                type_,
                rel_type(type_).props,
                cols,
                [f"from='{from_label}'", f"to='{to_label}'"],
                q,
            )
        )
        return len(rows)

    def existing_ids(self, label: str, ids: Iterable[str]) -> set[str]:
        # Primary-key lookups: ``WHERE n.id IN $ids`` is a scan on this engine
        # (measured: 11.8 s for 10,000 ids in 200,000 nodes, against 0.03 s).
        wanted = list(ids)
        found: set[str] = set()
        q = generic.existing_ids_by_key(label)
        for start in range(0, len(wanted), BATCH):
            found.update(r["id"] for r in self.query(q, {"ids": wanted[start : start + BATCH]}))
        return found

    def ping(self) -> bool:
        try:
            return self.query(built("RETURN 1 AS ok")) == [{"ok": 1}]
        except Exception:
            return False

    def wipe(self) -> None:
        def _wipe(tx: _Tx) -> None:
            for rt in RELS:
                tx.run(built(f"MATCH ()-[r:{rt.type}]->() DELETE r"))
            for nt in NODES:
                tx.run(built(f"MATCH (n:{nt.label}) DELETE n"))

        self.write(_wipe)

    def close(self) -> None:
        # Every connection must go before the database releases its file lock.
        with self._write_lock, self._readers_lock:
            for conn in self._open:
                conn.close()
            self._open.clear()
            self._idle.clear()
            self._writer.close()
            self._db.close()
