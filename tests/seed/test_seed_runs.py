"""A seed that dies half-way is completed by the next one, on both stores.

The crash is real writes followed by an exception: the store below commits the
first half of the people's HAS_SKILL relationships (whole sources, the way a
store's batches commit) and then loses its connection, as a killed process or a
lost Neo4j server would leave it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pytest

from backend.graph import generic
from backend.graph.stats import node_counts
from backend.graph.store import GraphStore, cypher
from seed import generate as gen
from seed.loader import _by_source, load
from seed.runs import run_id, seed_alliance, seed_runs, unfinished_runs
from seed.vocab import Vocabulary
from seed.vocab import load as load_vocabulary

SCALE = 0.02
SEED = 20240817


class ConnectionLost(Exception):
    pass


class DiesMidLoad:
    """A real store that commits half of one relationship type's sources, then fails."""

    def __init__(self, store: GraphStore, dies_at: str) -> None:
        self._store = store
        self._dies_at = dies_at

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def create_rels(
        self, type_: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> int:
        if type_ != self._dies_at:
            return self._store.create_rels(type_, from_label, to_label, rows)
        sources = sorted({r["src"] for r in rows})
        half = set(sources[: len(sources) // 2])
        self._store.create_rels(type_, from_label, to_label, [r for r in rows if r["src"] in half])
        raise ConnectionLost("the server went away")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def expected(vocab: Vocabulary) -> tuple[Counter[str], Counter[str]]:
    nodes: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    for chunk in gen.generate_chunks(SCALE, SEED, vocab):
        for label, rows in chunk.nodes.items():
            nodes[label] += len(rows)
        for (type_, _, _), batch in chunk.rels.items():
            rels[type_] += len(batch.rows)
    return nodes, rels


def _rel_counts(store: GraphStore, types: Sequence[str]) -> Counter[str]:
    return Counter({t: store.query(generic.count_rels(t))[0]["count"] for t in types})


def _domain_nodes(store: GraphStore) -> dict[str, int]:
    return {k: v for k, v in node_counts(store).items() if v and k != "SeedRun"}


def test_the_run_after_a_crash_completes_the_graph(
    store: GraphStore, vocab: Vocabulary, expected: tuple[Counter[str], Counter[str]]
) -> None:
    nodes, rels = expected
    rid = run_id(SEED, SCALE)
    dying = cast(GraphStore, DiesMidLoad(store, "HAS_SKILL"))
    with pytest.raises(ConnectionLost):
        seed_alliance(dying, SCALE, SEED, vocab=vocab)
    assert unfinished_runs(store) == [rid]
    # every node is there, but skills are half-written and what came after is missing
    assert _domain_nodes(store) == dict(nodes)
    half = _rel_counts(store, list(rels))
    assert 0 < half["HAS_SKILL"] < rels["HAS_SKILL"]
    assert half != rels

    # Without repair, the nodes are present and so skipped: the gap stays.
    for chunk in gen.generate_chunks(SCALE, SEED, vocab):
        assert load(store, chunk).total_rels == 0
    assert _rel_counts(store, list(rels)) == half

    summary = seed_alliance(store, SCALE, SEED, vocab=vocab)
    assert summary.interrupted == [rid]
    assert summary.total_nodes == 0
    assert summary.total_rels == sum(rels.values()) - sum(half.values())
    assert _domain_nodes(store) == dict(nodes)
    assert _rel_counts(store, list(rels)) == rels
    assert unfinished_runs(store) == []
    [run] = seed_runs(store)
    assert run["status"] == "complete" and run["repaired"] is True
    assert run["rels_created"] == summary.total_rels

    again = seed_alliance(store, SCALE, SEED, vocab=vocab)
    assert not again.repaired
    assert again.total_nodes == 0 and again.total_rels == 0
    assert _rel_counts(store, list(rels)) == rels


def test_a_finished_run_is_recorded_and_a_second_changes_nothing(
    store: GraphStore, vocab: Vocabulary, expected: tuple[Counter[str], Counter[str]]
) -> None:
    nodes, rels = expected
    first = seed_alliance(store, SCALE, SEED, vocab=vocab)
    assert not first.repaired
    assert first.nodes == {k: v for k, v in nodes.items()}
    assert first.total_rels == sum(rels.values())
    [run] = seed_runs(store)
    assert run["id"] == run_id(SEED, SCALE)
    assert run["status"] == "complete" and run["repaired"] is False
    assert run["finished_at"] >= run["started_at"]
    assert (run["nodes_created"], run["rels_created"]) == (first.total_nodes, first.total_rels)
    second = seed_alliance(store, SCALE, SEED, vocab=vocab)
    assert second.total_nodes == 0 and second.total_rels == 0
    [run] = seed_runs(store)
    assert run["status"] == "complete" and run["nodes_created"] == 0


def test_repair_leaves_a_source_that_has_relationships_alone(
    store: GraphStore, vocab: Vocabulary
) -> None:
    """A source with some relationships of a type counts as written: repair never
    duplicates a relationship (the stores commit a source's rows of a type together)."""
    dying = cast(GraphStore, DiesMidLoad(store, "HAS_SKILL"))
    with pytest.raises(ConnectionLost):
        seed_alliance(dying, SCALE, SEED, vocab=vocab)
    seed_alliance(store, SCALE, SEED, vocab=vocab)
    dupes = store.query(
        cypher(
            "MATCH (p:Person)-[r:HAS_SKILL]->(s:Skill) WITH p.id AS p, s.id AS s, count(r) AS n "
            "WHERE n > 1 RETURN count(*) AS dupes"
        )
    )
    assert dupes[0]["dupes"] == 0


def test_parts_never_split_a_source() -> None:
    rows = [{"src": f"p{i % 37:02d}", "dst": f"s{i}"} for i in range(1_000)]
    parts = list(_by_source(rows, 100))
    assert sorted(map(str, (r for p in parts for r in p))) == sorted(map(str, rows))
    owners = [{r["src"] for r in p} for p in parts]
    for i, a in enumerate(owners):
        for b in owners[i + 1 :]:
            assert not a & b
    assert all(len(p) <= 100 + 27 for p in parts)  # one source's rows at most past the size
    assert len(parts) > 5
    assert list(_by_source(rows[:50], 100)) == [rows[:50]]
    assert list(_by_source([], 100)) == []
