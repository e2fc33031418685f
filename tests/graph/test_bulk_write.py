"""Bulk writes (``create_nodes`` / ``create_rels``) store exactly what they are given,
on both stores: on the embedded store a batch this large goes through COPY FROM a
pyarrow table (or a CSV file, the path bench/ingest compares it with), so awkward
values (quotes, commas, line breaks, unicode, nulls, empty strings and lists, list
elements CSV cannot carry, all-null columns) must come back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.errors import InvalidInput
from backend.graph import arrow_copy, csv_copy, generic
from backend.graph.embedded_store import COPY_THRESHOLD, EmbeddedStore
from backend.graph.store import GraphStore

AWKWARD_TEXT = [
    'say "hello"',
    "a,b,c",
    "two\nlines",
    "windows\r\nline",
    "carriage\ronly",
    "沈阳市浑南区 🏭 é",
    "",
    "  padded  ",
    "back\\slash \\n not a break",
    '"',
    "[not, a list]",
    "null",
]
AWKWARD_LISTS: list[list[str] | None] = [
    ["沈阳", "数控车床"],
    [],
    ["a,b", "[c]"],  # cannot travel inside a CSV list: there that row takes the UNWIND path
    [" spaced "],
    ["it's"],
    ["x", ""],
    None,
    ["back\\slash", "null"],
]


def _skill(i: int) -> dict[str, Any]:
    """Most rows plain, one in a few awkward; enough rows for a COPY."""
    row: dict[str, Any] = {
        "id": f"s{i:04d}",
        "zh": f"技能{i}",
        "en": f"skill {i}",
        "synonyms_zh": [f"同义{i}"],
        "synonyms_en": [],
        "curated": i % 2 == 0,
    }
    if i % 7 == 0:
        row["zh"] = AWKWARD_TEXT[(i // 7) % len(AWKWARD_TEXT)]
        row["synonyms_zh"] = AWKWARD_LISTS[(i // 7) % len(AWKWARD_LISTS)]
    if i % 11 == 0:
        row["en"] = None
        row["curated"] = None
    return row


def _course(i: int) -> dict[str, Any]:
    return {
        "id": f"c{i:04d}",
        "title_zh": AWKWARD_TEXT[i % len(AWKWARD_TEXT)],
        "hours": [0, -3, 2**40, None][i % 4],
        "cost": [0.0, 1e-7, 12345.5, None, 3][i % 5],  # an int for a DOUBLE is converted
        "shared": [True, False, None][i % 3],
    }


N = COPY_THRESHOLD + 50


def _expected(row: dict[str, Any]) -> dict[str, Any]:
    """What reading the node back gives: unset (None) properties are absent."""
    out = {k: v for k, v in row.items() if v is not None}
    if isinstance(out.get("cost"), int):
        out["cost"] = float(out["cost"])
    return out


def _read(store: GraphStore, label: str) -> list[dict[str, Any]]:
    q = generic.built(f"MATCH (n:{label}) RETURN n ORDER BY n.id")
    return [r["n"] for r in store.query(q)]


class TestAwkwardValuesArriveUnchanged:
    def test_nodes(self, store: GraphStore) -> None:
        skills = [_skill(i) for i in range(N)]
        courses = [_course(i) for i in range(N)]
        assert store.create_nodes("Skill", skills) == N
        assert store.create_nodes("Course", courses) == N
        assert _read(store, "Skill") == [_expected(r) for r in skills]
        assert _read(store, "Course") == [_expected(r) for r in courses]

    def test_relationship_properties(self, store: GraphStore) -> None:
        store.create_nodes("Person", [{"id": f"p{i}"} for i in range(N)])
        store.create_nodes("Skill", [{"id": "k"}])
        rows = [
            {
                "src": f"p{i}",
                "dst": "k",
                "level": None if i % 3 else i % 5,
                "source": AWKWARD_TEXT[i % len(AWKWARD_TEXT)],
            }
            for i in range(N)
        ]
        assert store.create_rels("HAS_SKILL", "Person", "Skill", rows) == N
        got = store.query(
            generic.built(
                "MATCH (p:Person)-[r:HAS_SKILL]->(s:Skill) "
                "RETURN p.id AS src, s.id AS dst, r.level AS level, r.source AS source"
            )
        )
        want = {(r["src"], r["dst"], r["level"], r["source"]) for r in rows}
        assert {(g["src"], g["dst"], g["level"], g["source"]) for g in got} == want
        assert len(got) == N

    def test_a_missing_endpoint(self, store: GraphStore) -> None:
        """The embedded COPY fails the whole batch (nothing half-written); Neo4j's
        MATCH skips the one row. The loader only links nodes it has just created."""
        store.create_nodes("Person", [{"id": f"p{i}"} for i in range(N)])
        store.create_nodes("Skill", [{"id": "k"}])
        rows = [{"src": f"p{i}", "dst": "k"} for i in range(N)] + [{"src": "nobody", "dst": "k"}]
        if store.kind == "embedded":
            with pytest.raises(RuntimeError):
                store.create_rels("HAS_SKILL", "Person", "Skill", rows)
            expected = 0
        else:
            store.create_rels("HAS_SKILL", "Person", "Skill", rows)
            expected = N
        assert store.query(generic.count_rels("HAS_SKILL"))[0]["count"] == expected


class TestColumnChecks:
    def test_wrong_types_are_refused_with_the_field(self) -> None:
        rows: list[dict[str, Any]] = [{"id": "c1", "hours": 3}, {"id": "c2", "hours": "three"}]
        with pytest.raises(InvalidInput) as err:
            generic.node_columns("Course", rows)
        assert err.value.field == "hours"

    def test_unknown_properties_are_refused(self) -> None:
        with pytest.raises(InvalidInput) as err:
            generic.node_columns("Course", [{"id": "c1"}, {"id": "c2", "colour": "red"}])
        assert err.value.field == "colour"

    def test_typed_columns_are_kept_as_given_and_others_converted(self) -> None:
        rows = [{"id": "c1", "cost": 2, "title_zh": "x"}, {"id": "c2", "cost": 2.5}]
        cols = generic.node_columns("Course", rows)
        assert cols["cost"] == [2.0, 2.5] and isinstance(cols["cost"][0], float)
        assert cols["title_zh"] == ["x", None]
        assert cols["hours"] == [None, None]

    def test_a_bool_is_not_an_integer(self) -> None:
        with pytest.raises(InvalidInput):
            generic.node_columns("Course", [{"id": "c1", "hours": True}])

    def test_list_elements_become_strings(self) -> None:
        cols = generic.node_columns("Skill", [{"id": "s", "synonyms_zh": [1, "a"]}])
        assert cols["synonyms_zh"] == [["1", "a"]]


def test_the_csv_copy_path_stores_the_same(tmp_path: Path) -> None:
    """copy_from="csv" (kept for bench/ingest) still stores awkward values unchanged."""
    store = EmbeddedStore(tmp_path / "g", copy_from="csv")
    store.ensure_schema()
    try:
        skills = [_skill(i) for i in range(N)]
        courses = [_course(i) for i in range(N)]
        store.create_nodes("Skill", skills)
        store.create_nodes("Course", courses)
        assert _read(store, "Skill") == [_expected(r) for r in skills]
        assert _read(store, "Course") == [_expected(r) for r in courses]
    finally:
        store.close()


def test_all_null_columns_copy(store: GraphStore) -> None:
    """Every column of a batch null but the key: Arrow columns keep their declared types."""
    rows: list[dict[str, Any]] = [{"id": f"c{i:04d}"} for i in range(N)]
    assert store.create_nodes("Course", rows) == N
    assert _read(store, "Course") == rows


class TestArrowTable:
    def test_each_column_has_its_declared_type(self) -> None:
        t = arrow_copy.table(
            [
                ("STRING", [None, None]),
                ("INT64", [None, 2**40]),
                ("DOUBLE", [float("nan"), None]),
                ("BOOLEAN", [None, None]),
                ("STRING[]", [None, ["a,b", "", ' "q" ']]),
            ]
        )
        assert [str(f.type) for f in t.schema] == [
            "string",
            "int64",
            "double",
            "bool",
            "list<item: string>",
        ]
        # NaN is stored as null, as the CSV path stored it
        assert t.to_pylist()[0] == {"c0": None, "c1": None, "c2": None, "c3": None, "c4": None}
        assert t.column(4).to_pylist()[1] == ["a,b", "", ' "q" ']


class TestCsvFile:
    def test_nulls_empty_strings_and_lists(self, tmp_path: Path) -> None:
        path = tmp_path / "rows.csv"
        written = csv_copy.write_columns(
            path,
            [
                ("STRING", ["a", None, ""]),
                ("DOUBLE", [1.5, float("nan"), None]),
                ("STRING[]", [["x", "y"], [], ["a,b"]]),
            ],
        )
        assert written.slow == [2] and written.rows == 2 and not written.multiline
        assert path.read_text(encoding="utf-8") == '"a",1.5,"[x,y]"\n,,"[]"\n'

    def test_a_line_break_marks_the_file(self, tmp_path: Path) -> None:
        written = csv_copy.write_columns(tmp_path / "r.csv", [("STRING", ["a\nb", None])])
        assert written.multiline and written.slow == []


def test_a_small_batch_takes_the_unwind_path(tmp_path: Path) -> None:
    """Below the threshold no COPY is made (a COPY costs more than a few rows)."""
    store = EmbeddedStore(tmp_path / "g")
    store.ensure_schema()
    try:
        rows = [_skill(i) for i in range(COPY_THRESHOLD - 1)]
        store.create_nodes("Skill", rows)
        assert _read(store, "Skill") == [_expected(r) for r in rows]
    finally:
        store.close()


class TestSeveralLabelsAtOnce:
    def test_each_label_arrives(self, store: GraphStore) -> None:
        skills = [_skill(i) for i in range(N)]
        courses = [_course(i) for i in range(3)]  # a small group beside a large one
        got = store.create_node_groups({"Skill": skills, "Course": courses, "Firm": []})
        assert got == {"Skill": N, "Course": 3, "Firm": 0}
        assert _read(store, "Skill") == [_expected(r) for r in skills]
        assert _read(store, "Course") == [_expected(r) for r in courses]

    def test_embedded_writes_all_groups_or_none(self, tmp_path: Path) -> None:
        """One transaction: a duplicate id in the last group leaves the first unwritten."""
        store = EmbeddedStore(tmp_path / "g")
        store.ensure_schema()
        try:
            store.create_nodes("Course", [{"id": "c-taken"}])
            with pytest.raises(Exception):  # noqa: B017 - the engine's own error type
                store.create_node_groups(
                    {"Skill": [_skill(i) for i in range(N)], "Course": [{"id": "c-taken"}]}
                )
            assert store.query(generic.count_nodes("Skill"))[0]["count"] == 0
        finally:
            store.close()


class TestConcurrentNeo4jBatches:
    """Neo4j sends a bulk write as several batches on several sessions at once; made
    tiny here so that dozens of batches run concurrently against dense targets."""

    @pytest.fixture
    def store(self, neo4j_session_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> GraphStore:
        """Neo4j only: the embedded store has one writer and writes in one transaction."""
        from backend.graph import neo4j_store

        monkeypatch.setattr(neo4j_store, "BATCH", 7)
        neo4j_session_store.wipe()
        return neo4j_session_store

    def test_every_node_and_relationship_once(self, store: GraphStore) -> None:
        people = [{"id": f"p{i:03d}"} for i in range(120)]
        skills = [{"id": f"k{i}"} for i in range(5)]  # every batch touches every skill
        store.create_node_groups({"Person": people, "Skill": skills})
        has = [{"src": p["id"], "dst": f"k{j}"} for p in people for j in range(5)]
        related = [  # skills both source and target: the case that can deadlock
            {"src": f"k{a}", "dst": f"k{b}", "weight": 0.5}
            for a in range(5)
            for b in range(5)
            if a != b
        ]
        assert store.create_rels("HAS_SKILL", "Person", "Skill", has) == len(has)
        assert store.create_rels("RELATED_TO", "Skill", "Skill", related) == len(related)
        assert store.query(generic.count_nodes("Person"))[0]["count"] == 120
        pairs = store.query(
            generic.built("MATCH (p:Person)-[:HAS_SKILL]->(k:Skill) RETURN p.id AS p, k.id AS k")
        )
        assert sorted((r["p"], r["k"]) for r in pairs) == sorted((r["src"], r["dst"]) for r in has)
        assert store.query(generic.count_rels("RELATED_TO"))[0]["count"] == len(related)

    def test_a_failed_batch_is_reported(self, store: GraphStore) -> None:
        from backend.errors import Conflict

        store.create_nodes("Person", [{"id": "p050"}])
        with pytest.raises(Conflict):
            store.create_nodes("Person", [{"id": f"p{i:03d}"} for i in range(100)])


def test_relationship_batches_never_share_a_source() -> None:
    from backend.graph import neo4j_store

    n = [*range(1000), *range(-1, -31, -1)]
    cols: dict[str, list[Any]] = {
        "src": [f"p{i % 40:02d}" for i in range(1000)] + ["dense"] * 30,
        "dst": [f"k{(i * 7) % 13:02d}" for i in range(1000)]
        + [f"k{i % 13:02d}" for i in range(30)],
        "n": n,
    }
    batches = neo4j_store._rel_batches(cols)
    assert sorted(x for b in batches for x in b["n"]) == sorted(n)
    owner: dict[str, int] = {}
    for i, batch in enumerate(batches):
        assert batch["dst"] == sorted(batch["dst"])
        for src, dst, x in zip(batch["src"], batch["dst"], batch["n"], strict=True):
            # each row keeps its own values
            assert (cols["src"][n.index(x)], cols["dst"][n.index(x)]) == (src, dst)
            assert owner.setdefault(src, i) == i, f"{src} is in two batches"
    # whole runs of a source may push a batch past BATCH, never by more than one run
    assert all(len(b["src"]) < neo4j_store.BATCH + 31 for b in batches)
