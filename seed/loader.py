"""Load a ``SeedGraph`` into either store, idempotently and in batches.

Re-seeding must be cheap and change nothing, and MERGE on keys that already exist
is far too slow on the embedded engine (FACTS.md: ~1,800 rows/s), so the loader
asks which ids exist, creates only the missing nodes, and creates a relationship
only when its source node was created in this run: every relationship in a seed
is owned by its source (a vacancy owns POSTED_BY, a person owns HAS_SKILL).

A run that failed half-way (``seed/runs.py`` notices) leaves nodes whose
relationships never arrived; ``repair=True`` also gives an existing source the
relationships of a type it has none of. That is exact because a source's
relationships of one type are always written in one transaction: a chunk of
relationships never splits a source (and the Neo4j store's batches never do either).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from backend.graph import generic
from backend.graph.schema import NODES
from backend.graph.store import GraphStore
from seed.model import SeedGraph

Progress = Callable[[str, int, int], None]  # (stage, done, total)
CHUNK = 100_000  # rows per store call: one COPY or a few UNWIND batches, one progress tick


@dataclass
class LoadReport:
    nodes_created: dict[str, int] = field(default_factory=dict)
    rels_created: dict[str, int] = field(default_factory=dict)
    # Wall time of each phase: nodes (existence checks included), then relationships;
    # throughput is reported per phase (docs/benchmarks.md says how).
    nodes_seconds: float = 0.0
    rels_seconds: float = 0.0

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes_created.values())

    @property
    def total_rels(self) -> int:
        return sum(self.rels_created.values())


def _noop(stage: str, done: int, total: int) -> None:
    return None


def empty_labels(store: GraphStore) -> frozenset[str]:
    """The labels with no nodes, asked once before a run of several chunks."""
    return frozenset(
        n.label for n in NODES if store.query(generic.count_nodes(n.label))[0]["count"] == 0
    )


def load(
    store: GraphStore,
    graph: SeedGraph,
    progress: Progress = _noop,
    *,
    empty_at_start: frozenset[str] | None = None,
    repair: bool = False,
) -> LoadReport:
    """Create what is missing of ``graph``. ``empty_at_start``: labels that had no
    nodes when a run of chunks began (``empty_labels``); their nodes need no existence
    check in any chunk of the run, since the chunks of one run never repeat an id.
    Without it each chunk asks per label. ``repair``: the last run did not finish, so
    existing sources may lack their relationships; give them the missing types."""
    report = LoadReport()
    started = time.perf_counter()
    new_ids: dict[str, set[str]] = {}
    order = [n.label for n in NODES if n.label in graph.nodes]
    # The missing nodes of several labels go to the store together, up to CHUNK rows a
    # call: a call per small label cost a commit (embedded) or a round trip (Neo4j) each.
    group: dict[str, list[dict[str, Any]]] = {}
    done: dict[str, int] = {}

    def flush() -> None:
        if group:
            store.create_node_groups(group)
            for label, written in group.items():
                new_ids.setdefault(label, set()).update(r["id"] for r in written)
        for label in list(done):
            progress(f"nodes {label}", done.pop(label), len(graph.nodes[label]))
        group.clear()

    for label in order:
        rows = graph.nodes[label]
        new_ids.setdefault(label, set())
        # A label with no nodes yet (a first seed) needs no existence checks.
        if empty_at_start is not None:
            empty = label in empty_at_start
        else:
            empty = store.query(generic.count_nodes(label))[0]["count"] == 0
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            existing = set() if empty else store.existing_ids(label, (r["id"] for r in chunk))
            missing = [r for r in chunk if r["id"] not in existing]
            if missing:
                group.setdefault(label, []).extend(missing)
            done[label] = min(start + CHUNK, len(rows))
            if sum(len(g) for g in group.values()) >= CHUNK:
                flush()
    flush()
    report.nodes_created = {label: len(new_ids[label]) for label in order}
    report.nodes_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for (type_, from_label, to_label), batch in graph.rels.items():
        fresh = new_ids.get(from_label, set())
        rows = [r for r in batch.rows if r["src"] in fresh]
        if repair:
            rows += _missing_rels(store, type_, from_label, to_label, batch.rows, fresh)
        written = 0
        for part in _by_source(rows, CHUNK):
            store.create_rels(type_, from_label, to_label, part)
            written += len(part)
            progress(f"rels {type_}", written, len(rows))
        report.rels_created[type_] = report.rels_created.get(type_, 0) + len(rows)
    report.rels_seconds = time.perf_counter() - started
    return report


def _missing_rels(
    store: GraphStore,
    type_: str,
    from_label: str,
    to_label: str,
    rows: list[dict[str, Any]],
    fresh: set[str],
) -> list[dict[str, Any]]:
    """The rows of existing sources that have no ``type_`` relationship at all: a
    failed run committed them but not their relationships."""
    old = sorted({r["src"] for r in rows} - fresh)
    if not old:
        return []
    q = generic.sources_with_rels(type_, from_label, to_label)
    linked: set[str] = set()
    for start in range(0, len(old), CHUNK):
        linked.update(r["id"] for r in store.query(q, {"ids": old[start : start + CHUNK]}))
    return [r for r in rows if r["src"] not in fresh and r["src"] not in linked]


def _by_source(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in parts of about ``size``, never splitting one source's rows, so each
    source's relationships of a type commit together (what ``repair`` relies on)."""
    if len(rows) <= size:
        if rows:
            yield rows
        return
    ordered = sorted(rows, key=lambda r: r["src"])
    start = 0
    while start < len(ordered):
        end = min(start + size, len(ordered))
        while end < len(ordered) and ordered[end]["src"] == ordered[end - 1]["src"]:
            end += 1
        yield ordered[start:end]
        start = end
