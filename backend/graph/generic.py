"""Queries built from the schema, for any label: create, read, update, delete,
list, count, and the bulk forms the loaders use.

The text is assembled only from identifiers declared in ``schema.py`` (a label
or property name outside it is refused), and every value is a ``$parameter``.
Built queries are cached, so each distinct shape is assembled once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from itertools import chain
from typing import Any

from backend.errors import InvalidInput
from backend.graph.schema import NodeType, PropType, node_type, rel_type
from backend.graph.store import Cypher, built


def _coerce(label: str, name: str, kind: PropType, value: Any) -> Any:
    if value is None:
        return None
    try:
        if kind == "INT64":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if kind == "DOUBLE":
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind == "BOOLEAN":
            if not isinstance(value, bool):
                raise ValueError
            return value
        if kind == "STRING[]":
            if isinstance(value, str) or not isinstance(value, list | tuple):
                raise ValueError
            return [str(v) for v in value]
        if not isinstance(value, str):
            raise ValueError
        return value
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{label}.{name} must be {_TYPE_WORDS[kind]}, got {value!r}", field=name
        ) from None


_TYPE_WORDS: dict[PropType, str] = {
    "STRING": "a string",
    "INT64": "an integer",
    "DOUBLE": "a number",
    "BOOLEAN": "true or false",
    "STRING[]": "a list of strings",
}


def coerce_props(label: str, props: Mapping[str, Any], *, full: bool) -> dict[str, Any]:
    """Check ``props`` against the schema and convert them to the declared types.

    ``full`` pads every declared column with ``None``: the embedded engine types
    a batch's columns from its rows, so every row must carry every column."""
    nt = node_type(label)
    cols = nt.columns
    unknown = sorted(set(props) - set(cols))
    if unknown:
        raise InvalidInput(f"{label} has no property {unknown[0]!r}", field=unknown[0])
    out = {k: _coerce(label, k, cols[k], v) for k, v in props.items()}
    if full:
        for k in cols:
            out.setdefault(k, None)
    return out


def coerce_rel_props(type_: str, props: Mapping[str, Any], *, full: bool) -> dict[str, Any]:
    rt = rel_type(type_)
    unknown = sorted(set(props) - set(rt.props))
    if unknown:
        raise InvalidInput(f"{type_} has no property {unknown[0]!r}", field=unknown[0])
    out = {k: _coerce(type_, k, rt.props[k], v) for k, v in props.items()}
    if full:
        for k in rt.props:
            out.setdefault(k, None)
    return out


# What a column may already hold to need no conversion (``type(v)``, so a bool is
# never taken for an int). Generated rows are typed already: one set of types per
# column proves it, and only a column that fails is converted cell by cell.
_READY: dict[PropType, frozenset[type]] = {
    "STRING": frozenset({str, type(None)}),
    "INT64": frozenset({int, type(None)}),
    "DOUBLE": frozenset({float, type(None)}),
    "BOOLEAN": frozenset({bool, type(None)}),
    "STRING[]": frozenset({list, type(None)}),  # and every element a str
}


def _coerce_column(owner: str, name: str, kind: PropType, values: list[Any]) -> list[Any]:
    if set(map(type, values)) <= _READY[kind] and (
        kind != "STRING[]" or set(map(type, chain.from_iterable(filter(None, values)))) <= {str}
    ):
        return values
    return [_coerce(owner, name, kind, v) for v in values]


def _columns(
    owner: str,
    declared: Mapping[str, PropType],
    rows: Sequence[Mapping[str, Any]],
    fixed: tuple[str, ...] = (),
) -> dict[str, list[Any]]:
    unknown = sorted(set().union(*rows) - set(declared) - set(fixed))
    if unknown:
        raise InvalidInput(f"{owner} has no property {unknown[0]!r}", field=unknown[0])
    out = {name: [r[name] for r in rows] for name in fixed}
    for name, kind in declared.items():
        out[name] = _coerce_column(owner, name, kind, [r.get(name) for r in rows])
    return out


def node_columns(label: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """``rows`` as one list per declared column (missing values ``None``), checked and
    converted as ``coerce_props`` does, but once per column rather than once per cell."""
    return _columns(label, node_type(label).columns, rows)


def rel_columns(type_: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """Relationship rows ``{"src", "dst", **props}`` as columns: src, dst, then each property."""
    return _columns(type_, rel_type(type_).props, rows, fixed=("src", "dst"))


def _assignments(nt: NodeType, var: str, source: str) -> str:
    return ", ".join(f"{p}: {source}{p}" for p in nt.columns)


@cache
def create_node(label: str) -> Cypher:
    nt = node_type(label)
    return built(f"CREATE (n:{nt.label} {{{_assignments(nt, 'n', '$')}}}) RETURN n")


@cache
def get_node(label: str) -> Cypher:
    return built(f"MATCH (n:{node_type(label).label} {{id: $id}}) RETURN n")


@cache
def _update_node(label: str, fields: tuple[str, ...]) -> Cypher:
    nt = node_type(label)
    sets = ", ".join(f"n.{f} = ${f}" for f in fields)
    return built(f"MATCH (n:{nt.label} {{id: $id}}) SET {sets} RETURN n")


def update_node(label: str, fields: Iterable[str]) -> Cypher:
    cols = node_type(label).columns
    chosen = tuple(sorted(fields))
    for f in chosen:
        if f not in cols or f == "id":
            raise InvalidInput(f"{label} has no updatable property {f!r}", field=f)
    if not chosen:
        raise InvalidInput("nothing to update", field="body")
    return _update_node(label, chosen)


@cache
def delete_node(label: str) -> Cypher:
    return built(
        f"MATCH (n:{node_type(label).label} {{id: $id}}) DETACH DELETE n RETURN 1 AS deleted"
    )


@cache
def list_nodes(label: str) -> Cypher:
    return built(
        f"MATCH (n:{node_type(label).label}) RETURN n ORDER BY n.id SKIP $skip LIMIT $limit"
    )


@cache
def count_nodes(label: str) -> Cypher:
    return built(f"MATCH (n:{node_type(label).label}) RETURN count(n) AS count")


@cache
def existing_ids(label: str) -> Cypher:
    return built(f"MATCH (n:{node_type(label).label}) WHERE n.id IN $ids RETURN n.id AS id")


@cache
def existing_ids_by_key(label: str) -> Cypher:
    """The same answer as ``existing_ids`` by one key lookup per id (the embedded
    engine scans for ``IN``)."""
    return built(
        f"UNWIND $ids AS x MATCH (n:{node_type(label).label}) WHERE n.id = x RETURN n.id AS id"
    )


@cache
def sources_with_rels(type_: str, from_label: str, to_label: str) -> Cypher:
    """Which of ``$ids`` (``from_label`` nodes) have at least one ``type_`` relationship
    to a ``to_label`` node: one key lookup per id, on both stores."""
    rt = rel_type(type_)
    if (from_label, to_label) not in rt.pairs:
        raise InvalidInput(f"{type_} does not run from {from_label} to {to_label}")
    return built(
        f"UNWIND $ids AS x MATCH (a:{node_type(from_label).label})-[:{rt.type}]->"
        f"(:{node_type(to_label).label}) WHERE a.id = x RETURN DISTINCT a.id AS id"
    )


@cache
def bulk_create_nodes(label: str) -> Cypher:
    nt = node_type(label)
    return built(f"UNWIND $rows AS r CREATE (n:{nt.label} {{{_assignments(nt, 'n', 'r.')}}})")


@cache
def bulk_create_rels(type_: str, from_label: str, to_label: str) -> Cypher:
    rt = rel_type(type_)
    if (from_label, to_label) not in rt.pairs:
        raise InvalidInput(f"{type_} does not connect {from_label} to {to_label}", field="type")
    head = (
        f"UNWIND $rows AS r MATCH (a:{from_label} {{id: r.src}}) "
        f"MATCH (b:{to_label} {{id: r.dst}}) "
    )

    def create(value: Callable[[str, PropType], str]) -> str:
        props = ", ".join(f"{p}: {value(p, kind)}" for p, kind in rt.props.items())
        return head + f"CREATE (a)-[:{rt.type}{f' {{{props}}}' if props else ''}]->(b)"

    # The embedded engine types a column that is null in every row of the batch as a
    # string and will not cast it implicitly to the relationship's INT64 or DOUBLE.
    return Cypher(
        create(lambda p, kind: f"r.{p}" if kind == "STRING" else f"CAST(r.{p} AS {kind})"),
        create(lambda p, kind: f"r.{p}"),
    )


def _by_column(props: Iterable[str]) -> str:
    return ", ".join(f"{p}: $cols.{p}[i]" for p in props)


# Neo4j's bulk writes take one list per column rather than one map per row: the client
# packs no keys and builds no dicts, and the server decodes less (scale-1 nodes: 1.46x
# the rows-of-maps form, with a quarter less server CPU; docs/benchmarks.md).
_COLUMN_ROWS = "UNWIND range(0, size($cols.id) - 1) AS i "


@cache
def bulk_create_nodes_by_column(label: str) -> Cypher:
    """Neo4j only: create ``label`` nodes from ``$cols``, {column: [value per row]}."""
    nt = node_type(label)
    return built(_COLUMN_ROWS + f"CREATE (n:{nt.label} {{{_by_column(nt.columns)}}})")


@cache
def bulk_create_rels_by_column(type_: str, from_label: str, to_label: str) -> Cypher:
    """Neo4j only: relationships from ``$cols``, {"src": [...], "dst": [...], prop: [...]}."""
    rt = rel_type(type_)
    if (from_label, to_label) not in rt.pairs:
        raise InvalidInput(f"{type_} does not connect {from_label} to {to_label}", field="type")
    props = f" {{{_by_column(rt.props)}}}" if rt.props else ""
    return built(
        "UNWIND range(0, size($cols.src) - 1) AS i "
        f"MATCH (a:{from_label} {{id: $cols.src[i]}}) MATCH (b:{to_label} {{id: $cols.dst[i]}}) "
        f"CREATE (a)-[:{rt.type}{props}]->(b)"
    )


@cache
def link(type_: str, from_label: str, to_label: str) -> Cypher:
    """Create one relationship between two existing nodes; returns no row if either is missing."""
    rt = rel_type(type_)
    if (from_label, to_label) not in rt.pairs:
        raise InvalidInput(f"{type_} does not connect {from_label} to {to_label}", field="type")
    props = ", ".join(f"{p}: ${p}" for p in rt.props)
    body = f" {{{props}}}" if props else ""
    return built(
        f"MATCH (a:{from_label} {{id: $src}}) MATCH (b:{to_label} {{id: $dst}}) "
        f"CREATE (a)-[:{rt.type}{body}]->(b) RETURN a.id AS src, b.id AS dst"
    )


@cache
def count_rels(type_: str) -> Cypher:
    return built(f"MATCH ()-[r:{rel_type(type_).type}]->() RETURN count(r) AS count")
