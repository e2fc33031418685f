"""A seed run from start to finish, and the record it leaves: a ``SeedRun`` node.

A bulk load is many transactions, so a run that dies half-way (a killed process, a
lost server) leaves nodes whose relationships never arrived, and the next run would
skip those nodes as present. So a run marks its ``SeedRun`` "running" before it
writes and "complete" after; a run that finds one still "running" repairs as it
loads (``loader.load(repair=True)``). The CLI and the staff page both seed through
``seed_alliance``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from backend.graph.store import GraphStore, Tx, cypher
from seed.loader import empty_labels, load
from seed.vocab import Vocabulary

# (chunk index, stage, done, total); stage "" marks a finished chunk
SeedProgress = Callable[[int, str, int, int], None]

UNFINISHED = cypher(
    "MATCH (r:SeedRun) WHERE r.status = 'running' "
    "RETURN r.id AS id, r.scale AS scale, r.started_at AS started_at ORDER BY r.id"
)
FIND = cypher("MATCH (r:SeedRun) WHERE r.id = $id RETURN r.id AS id")
CREATE = cypher(
    "CREATE (:SeedRun {id: $id, seed: $seed, scale: $scale, status: 'running', "
    "started_at: $at, finished_at: '', nodes_created: 0, rels_created: 0, repaired: $repair})"
)
RESTART = cypher(
    "MATCH (r:SeedRun) WHERE r.id = $id "
    "SET r.status = 'running', r.started_at = $at, r.finished_at = '', r.repaired = $repair"
)
FINISH = cypher(
    "MATCH (r:SeedRun) WHERE r.id = $id SET r.status = 'complete', r.finished_at = $at, "
    "r.nodes_created = $nodes, r.rels_created = $rels"
)
ALL_RUNS = cypher(
    "MATCH (r:SeedRun) RETURN r.id AS id, r.seed AS seed, r.scale AS scale, "
    "r.status AS status, r.started_at AS started_at, r.finished_at AS finished_at, "
    "r.nodes_created AS nodes_created, r.rels_created AS rels_created, "
    "r.repaired AS repaired ORDER BY r.started_at"
)


@dataclass
class SeedSummary:
    run_id: str
    scale: float
    seed: int
    chunks: int
    # runs found unfinished at the start (this one repaired after them)
    interrupted: list[str] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    rels: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def repaired(self) -> bool:
        return bool(self.interrupted)

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_rels(self) -> int:
        return sum(self.rels.values())


def run_id(seed: int, scale: float) -> str:
    return f"seed-{seed}-scale-{scale:g}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def unfinished_runs(store: GraphStore) -> list[str]:
    return [r["id"] for r in store.query(UNFINISHED)]


def seed_runs(store: GraphStore) -> list[dict[str, object]]:
    """Every run recorded in the graph, oldest first."""
    return store.query(ALL_RUNS)


def _start(store: GraphStore, rid: str, seed: int, scale: float, repair: bool) -> None:
    params = {"id": rid, "seed": seed, "scale": float(scale), "at": _now(), "repair": repair}

    def work(tx: Tx) -> None:
        tx.run(RESTART if tx.run(FIND, {"id": rid}) else CREATE, params)

    store.write(work)


def seed_alliance(
    store: GraphStore,
    scale: float,
    seed: int,
    progress: SeedProgress | None = None,
    vocab: Vocabulary | None = None,
) -> SeedSummary:
    """Load the alliance of ``seed`` at ``scale``: what is missing is created, what is
    there is left alone, and what an interrupted run left half-done is completed."""
    from seed.generate import chunk_count, generate_chunks

    rid = run_id(seed, scale)
    summary = SeedSummary(rid, scale, seed, chunk_count(scale))
    summary.interrupted = unfinished_runs(store)
    started = time.perf_counter()
    empty = empty_labels(store)
    _start(store, rid, seed, scale, summary.repaired)
    for i, chunk in enumerate(generate_chunks(scale, seed, vocab)):

        def heard(stage: str, done: int, total: int, i: int = i) -> None:
            if progress is not None:
                progress(i, stage, done, total)

        report = load(store, chunk, heard, empty_at_start=empty, repair=summary.repaired)
        for k, v in report.nodes_created.items():
            summary.nodes[k] = summary.nodes.get(k, 0) + v
        for k, v in report.rels_created.items():
            summary.rels[k] = summary.rels.get(k, 0) + v
        if progress is not None:
            progress(i, "", 1, 1)
    params = {"id": rid, "at": _now(), "nodes": summary.total_nodes, "rels": summary.total_rels}
    store.write(lambda tx: tx.run(FINISH, params))
    summary.seconds = time.perf_counter() - started
    return summary
