"""Loading the alliance chunk by chunk into the embedded store: every node and
relationship arrives, and seeding again changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.graph import generic
from backend.graph.embedded_store import CopySource, EmbeddedStore
from backend.graph.stats import node_counts
from backend.graph.store import GraphStore
from seed import generate as gen
from seed.alliance_data import static
from seed.loader import empty_labels, load
from seed.model import SeedGraph
from seed.vocab import Vocabulary
from seed.vocab import load as load_vocabulary

SCALE = 0.05


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary
) -> Iterator[tuple[GraphStore, Counter[str], Counter[str], int]]:
    # the UNWIND path only, to compare the COPY path against
    store = EmbeddedStore(Path(tmp_path_factory.mktemp("seeded")) / "g", copy_threshold=None)
    store.ensure_schema()
    nodes: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    created = 0
    for chunk in gen.generate_chunks(SCALE, 20240817, vocab):
        for label, rows in chunk.nodes.items():
            nodes[label] += len(rows)
        for (type_, _, _), batch in chunk.rels.items():
            rels[type_] += len(batch.rows)
        created += load(store, chunk).total_nodes
    yield store, nodes, rels, created
    store.close()


def test_every_node_arrives(seeded: tuple[GraphStore, Counter[str], Counter[str], int]) -> None:
    store, nodes, _, created = seeded
    counts = node_counts(store)
    assert {k: v for k, v in counts.items() if v} == dict(nodes)
    assert created == sum(nodes.values())


def test_every_relationship_arrives(
    seeded: tuple[GraphStore, Counter[str], Counter[str], int],
) -> None:
    """A relationship whose endpoint is missing would vanish silently in the bulk
    UNWIND-MATCH-CREATE; counting by type catches it."""
    store, _, rels, _ = seeded
    for type_, expected in rels.items():
        got = store.query(generic.count_rels(type_))[0]["count"]
        assert got == expected, type_


def test_seeding_again_changes_nothing(
    seeded: tuple[GraphStore, Counter[str], Counter[str], int], vocab: Vocabulary
) -> None:
    store, _, rels, _ = seeded
    before = node_counts(store)
    for chunk in gen.generate_chunks(SCALE, 20240817, vocab):
        report = load(store, chunk)
        assert report.total_nodes == 0 and report.total_rels == 0
    assert node_counts(store) == before
    assert store.query(generic.count_rels("HAS_SKILL"))[0]["count"] == rels["HAS_SKILL"]


def test_a_newcomer_sees_real_places_and_occupations(
    seeded: tuple[GraphStore, Counter[str], Counter[str], int],
) -> None:
    store, _, _, _ = seeded
    rows = store.query(
        generic.built(
            "MATCH (v:Vacancy)-[:POSTED_BY]->(f:Firm)-[:LOCATED_IN]->(p:Park), "
            "(v)-[:FOR_OCCUPATION]->(o:Occupation) "
            "RETURN v.title AS title, f.name_en AS firm, p.name_zh AS park, o.id AS code "
            "ORDER BY v.id LIMIT 5"
        )
    )
    assert len(rows) == 5
    assert all(r["firm"].startswith("Shenyang ") for r in rows)
    assert {r["park"] for r in rows} <= {p.zh for p in static().parks}
    assert all(len(r["code"]) == 10 and r["code"][1] == "-" for r in rows)


def test_the_copy_path_gives_the_same_graph(
    seeded: tuple[GraphStore, Counter[str], Counter[str], int],
    vocab: Vocabulary,
    tmp_path: Path,
) -> None:
    """The embedded store's COPY FROM Arrow path writes exactly what its UNWIND path
    writes, quotes, empty strings and lists included."""
    plain, _, _, _ = seeded
    fast = EmbeddedStore(tmp_path / "fast")
    fast.ensure_schema()
    try:
        for chunk in gen.generate_chunks(SCALE, 20240817, vocab):
            load(fast, chunk)
        for label in ("Person", "Vacancy", "Skill", "Occupation", "Credential", "Course"):
            q = generic.built(f"MATCH (n:{label}) RETURN n ORDER BY n.id")
            assert fast.query(q) == plain.query(q), label
        q = generic.built(
            "MATCH (p:Person)-[r:HAS_SKILL]->(s:Skill) "
            "RETURN p.id AS pid, s.id AS sid, r.level AS level, r.source AS source, "
            "r.since AS since "
            "ORDER BY pid, sid"
        )
        assert fast.query(q) == plain.query(q)
        again = sum(load(fast, c).total_nodes for c in gen.generate_chunks(SCALE, 20240817, vocab))
        assert again == 0
    finally:
        fast.close()


@pytest.mark.parametrize("copy_from", ["arrow", "csv"])
def test_values_csv_cannot_carry_arrive_unchanged(tmp_path: Path, copy_from: CopySource) -> None:
    """From Arrow every value travels in the COPY; from CSV this row takes the slow path."""
    store = EmbeddedStore(tmp_path / "g", copy_from=copy_from)
    store.ensure_schema()
    try:
        g = SeedGraph()
        odd = {
            "id": "odd",
            "zh": '引号"和,逗号',
            "en": "",
            "synonyms_zh": ["a,b", "[c]"],
            "synonyms_en": [],
            "curated": True,
        }
        g.add_node("Skill", odd)
        for k in range(300):  # enough rows for a COPY
            g.add_node(
                "Skill",
                {
                    "id": f"s{k}",
                    "zh": f"技能{k}",
                    "en": f"skill {k}",
                    "synonyms_zh": [f"同义{k}"],
                    "synonyms_en": [],
                    "curated": True,
                },
            )
        load(store, g)
        got = store.query(generic.get_node("Skill"), {"id": "odd"})[0]["n"]
        assert got["zh"] == odd["zh"] and got["synonyms_zh"] == ["a,b", "[c]"]
        assert got["en"] == ""
        assert store.query(generic.count_nodes("Skill"))[0]["count"] == 301
    finally:
        store.close()


def test_a_run_of_chunks_on_an_empty_store_skips_existence_checks_and_stays_idempotent(
    store: GraphStore, vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``alliance seed`` asks once which labels are empty and checks no ids of those in
    any chunk (the chunks of one run never repeat an id); a second run, with nothing
    empty, writes nothing. On both stores, with more than one chunk of people."""
    monkeypatch.setattr(gen, "PEOPLE_CHUNK", 200)  # several chunks of people at a small scale
    chunks = list(gen.generate_chunks(0.05, 20240817, vocab))
    assert len(chunks) > 3
    empty = empty_labels(store)
    assert "Person" in empty
    ticks: dict[str, tuple[int, int]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        assert 0 < done <= total
        ticks[stage] = (done, total)

    written = [load(store, chunks[0], progress, empty_at_start=empty)]
    written += [load(store, c, empty_at_start=empty) for c in chunks[1:]]
    # every label and relationship type of the chunk reported, each to its total
    assert {s for s in ticks if s.startswith("nodes ")} == {
        f"nodes {label}" for label, rows in chunks[0].nodes.items() if rows
    }
    assert all(done == total for done, total in ticks.values())
    expected: Counter[str] = Counter()
    for c in chunks:
        for label, rows in c.nodes.items():
            expected[label] += len(rows)
    assert {k: v for k, v in node_counts(store).items() if v} == dict(expected)
    assert sum(r.total_rels for r in written) == sum(c.rel_count() for c in chunks)
    assert all(r.nodes_seconds > 0 for r in written)
    again = empty_labels(store)
    assert not again & set(expected)
    for c in chunks:
        report = load(store, c, empty_at_start=again)
        assert report.total_nodes == 0 and report.total_rels == 0
