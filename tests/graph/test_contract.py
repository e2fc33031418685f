"""The store contract: every test here runs on the embedded store and on Neo4j."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from backend.errors import Conflict, InvalidInput
from backend.graph import generic
from backend.graph.schema import NODES, RELS, NodeType, PropType
from backend.graph.stats import node_counts
from backend.graph.store import GraphStore, Tx, cypher
from backend.members.repository import MemberRepository
from seed.generate import skeleton
from seed.loader import load

SAMPLE: dict[PropType, Any] = {
    "STRING": "沈阳 Shenyang",
    "INT64": 42,
    "DOUBLE": 2.5,
    "BOOLEAN": True,
    "STRING[]": ["焊接", "welding"],
}
CHANGED: dict[PropType, Any] = {
    "STRING": "铁西 Tiexi",
    "INT64": -3,
    "DOUBLE": 0.125,
    "BOOLEAN": False,
    "STRING[]": [],
}


def sample_row(nt: NodeType, id_: str) -> dict[str, Any]:
    return {"id": id_, **{p: SAMPLE[t] for p, t in nt.props.items()}}


def create(store: GraphStore, label: str, row: dict[str, Any]) -> dict[str, Any]:
    rows = store.execute(generic.create_node(label), generic.coerce_props(label, row, full=True))
    node: dict[str, Any] = rows[0]["n"]
    return node


def get(store: GraphStore, label: str, id_: str) -> dict[str, Any] | None:
    rows = store.query(generic.get_node(label), {"id": id_})
    return rows[0]["n"] if rows else None


@pytest.mark.parametrize("nt", NODES, ids=lambda nt: nt.label)
class TestNodeCrud:
    def test_create_then_read_returns_every_property(self, store: GraphStore, nt: NodeType) -> None:
        row = sample_row(nt, f"{nt.label.lower()}-1")
        assert create(store, nt.label, row) == row
        assert get(store, nt.label, row["id"]) == row

    def test_update_changes_only_the_named_properties(
        self, store: GraphStore, nt: NodeType
    ) -> None:
        row = sample_row(nt, "u-1")
        create(store, nt.label, row)
        first, kind = next(iter(nt.props.items()))
        params = {"id": "u-1", first: CHANGED[kind]}
        store.execute(generic.update_node(nt.label, [first]), params)
        expected = {**row, first: CHANGED[kind]}
        if expected[first] == []:
            # an empty list is stored as such on both engines
            pass
        assert get(store, nt.label, "u-1") == expected

    def test_delete_removes_the_node_and_its_relationships(
        self, store: GraphStore, nt: NodeType
    ) -> None:
        create(store, nt.label, sample_row(nt, "d-1"))
        create(store, nt.label, sample_row(nt, "d-2"))
        assert store.execute(generic.delete_node(nt.label), {"id": "d-1"}) == [{"deleted": 1}]
        assert get(store, nt.label, "d-1") is None
        assert get(store, nt.label, "d-2") is not None
        # deleting what is not there reports nothing deleted
        assert store.execute(generic.delete_node(nt.label), {"id": "d-1"}) == []

    def test_list_pages_in_id_order(self, store: GraphStore, nt: NodeType) -> None:
        for i in (3, 1, 2):
            create(store, nt.label, {"id": f"l-{i}"})
        rows = store.query(generic.list_nodes(nt.label), {"skip": 1, "limit": 2})
        assert [r["n"]["id"] for r in rows] == ["l-2", "l-3"]
        assert store.query(generic.count_nodes(nt.label)) == [{"count": 3}]


class TestNodeInput:
    def test_a_duplicate_id_is_refused_with_a_clear_error(self, store: GraphStore) -> None:
        create(store, "School", {"id": "school-dup", "name_zh": "沈阳职业技术学院"})
        with pytest.raises(Conflict) as err:
            create(store, "School", {"id": "school-dup", "name_zh": "另一所学校"})
        assert "school-dup" in err.value.message
        assert err.value.status_code == 409
        assert get(store, "School", "school-dup") == {
            "id": "school-dup",
            "name_zh": "沈阳职业技术学院",
        }

    def test_a_duplicate_in_a_transaction_leaves_nothing_half_written(
        self, store: GraphStore
    ) -> None:
        create(store, "Firm", {"id": "firm-1"})

        def work(tx: Tx) -> None:
            tx.run(
                generic.create_node("Firm"),
                generic.coerce_props("Firm", {"id": "firm-2"}, full=True),
            )
            tx.run(
                generic.create_node("Firm"),
                generic.coerce_props("Firm", {"id": "firm-1"}, full=True),
            )

        with pytest.raises(Conflict):
            store.write(work)
        assert get(store, "Firm", "firm-2") is None
        assert store.query(generic.count_nodes("Firm")) == [{"count": 1}]

    def test_a_failed_transaction_leaves_no_trace(self, store: GraphStore) -> None:
        class Boom(Exception):
            pass

        def work(tx: Tx) -> None:
            tx.run(
                generic.create_node("Park"), generic.coerce_props("Park", {"id": "p-1"}, full=True)
            )
            tx.run(
                generic.create_node("School"),
                generic.coerce_props("School", {"id": "s-1"}, full=True),
            )
            link = generic.link("LOCATED_IN", "School", "Park")
            tx.run(link, {"src": "s-1", "dst": "p-1"})
            raise Boom

        with pytest.raises(Boom):
            store.write(work)
        assert sum(node_counts(store).values()) == 0
        assert store.query(generic.count_rels("LOCATED_IN")) == [{"count": 0}]

    def test_wrong_types_and_unknown_properties_are_refused_before_the_store(self) -> None:
        with pytest.raises(InvalidInput, match=r"School\.students must be an integer"):
            generic.coerce_props("School", {"id": "s", "students": "many"}, full=False)
        with pytest.raises(InvalidInput, match="no property 'colour'"):
            generic.coerce_props("School", {"id": "s", "colour": "red"}, full=False)
        with pytest.raises(InvalidInput, match="unknown node label"):
            generic.create_node("Robot")


class TestConcurrency:
    def test_concurrent_increments_of_one_node_lose_nothing(self, store: GraphStore) -> None:
        create(store, "Course", {"id": "c-1", "seats": 500, "seats_taken": 0})
        bump = cypher(
            "MATCH (c:Course {id: $id}) SET c.seats_taken = c.seats_taken + 1 "
            "RETURN c.seats_taken AS taken"
        )
        threads, per_thread = 6, 20
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                for _ in range(per_thread):
                    store.execute(bump, {"id": "c-1"})
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        assert errors == []
        assert get(store, "Course", "c-1")["seats_taken"] == threads * per_thread  # type: ignore[index]


def _endpoint_row(label: str, id_: str) -> dict[str, Any]:
    return {"id": id_}


@pytest.mark.parametrize(
    ("type_", "pair"),
    [(rt.type, pair) for rt in RELS for pair in rt.pairs],
    ids=lambda v: v if isinstance(v, str) else f"{v[0]}-{v[1]}",
)
def test_every_relationship_pair_links_and_reads_back(
    store: GraphStore, type_: str, pair: tuple[str, str]
) -> None:
    src_label, dst_label = pair
    store.create_nodes(src_label, [_endpoint_row(src_label, "a")])
    if dst_label == src_label:
        store.create_nodes(dst_label, [_endpoint_row(dst_label, "b")])
    else:
        store.create_nodes(dst_label, [_endpoint_row(dst_label, "b")])
    rt = next(r for r in RELS if r.type == type_)
    props = {p: SAMPLE[t] for p, t in rt.props.items()}
    rows = store.execute(
        generic.link(type_, src_label, dst_label), {"src": "a", "dst": "b", **props}
    )
    assert rows == [{"src": "a", "dst": "b"}]
    read = cypher(
        "MATCH (a {id: $a})-[r]->(b {id: $b}) RETURN label(a) AS src, label(b) AS dst, "
        "label(r) AS type",
        neo4j="MATCH (a {id: $a})-[r]->(b {id: $b}) RETURN labels(a)[0] AS src, "
        "labels(b)[0] AS dst, type(r) AS type",
    )
    got = store.query(read, {"a": "a", "b": "b"})
    assert got == [{"src": src_label, "dst": dst_label, "type": type_}]


class TestServiceQueries:
    def test_members_are_listed_with_their_park(self, store: GraphStore) -> None:
        load(store, skeleton())
        store.create_nodes(
            "School",
            [
                {
                    "id": "school-sypt",
                    "name_zh": "沈阳职业技术学院",
                    "name_en": "Shenyang Polytechnic College",
                }
            ],
        )
        store.create_rels(
            "MEMBER_OF",
            "School",
            "Alliance",
            [{"src": "school-sypt", "dst": "alliance-shenyang", "since": "2024-08-17"}],
        )
        store.create_rels(
            "LOCATED_IN", "School", "Park", [{"src": "school-sypt", "dst": "park-hunnan"}]
        )
        repo = MemberRepository(store)
        rows, total = repo.page("alliance-shenyang", "School", 0, 10)
        assert total == 1
        assert rows[0]["id"] == "school-sypt"
        assert rows[0]["park_zh"] == "沈阳浑南科技城"
        everyone, total_all = repo.page("alliance-shenyang", None, 0, 2)
        assert total_all == 5  # bureau, three parks, the school
        assert len(everyone) == 2

    def test_seeding_twice_changes_nothing(self, store: GraphStore) -> None:
        first = load(store, skeleton())
        before = node_counts(store)
        second = load(store, skeleton())
        assert first.total_nodes > 0
        assert second.total_nodes == 0 and second.total_rels == 0
        assert node_counts(store) == before
