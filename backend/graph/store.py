"""The one interface both graph stores implement.

Repositories hold ``Cypher`` constants written in the common subset of Neo4j's
Cypher and the embedded engine's; where the two differ a constant carries a
variant per dialect (see ``dialect.py``). Services choose the transaction
boundary by passing a function to ``write``/``read``; the store runs it in one
transaction, retrying on Neo4j where the driver says the error is transient, so
a transaction function must be idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, LiteralString, Protocol, TypeVar

StoreKind = Literal["embedded", "neo4j"]
Row = dict[str, Any]
T = TypeVar("T")

# Functions the engines spell differently; the common text uses the embedded
# spelling and Neo4j's is derived, so most queries need no second variant.
_NEO4J_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\blabel\((\w+)\)"), r"labels(\1)[0]"),
    (re.compile(r"\bstring\("), "toString("),
)


@dataclass(frozen=True, slots=True)
class Cypher:
    """A parameterised query with its text for each dialect."""

    embedded: str
    neo4j: str

    def text(self, kind: StoreKind) -> str:
        return self.embedded if kind == "embedded" else self.neo4j


def cypher(common: LiteralString, *, neo4j: LiteralString | None = None) -> Cypher:
    """A query constant. Values always travel as ``$parameters``, never in the text."""
    if neo4j is None:
        derived = common
        for pattern, replacement in _NEO4J_REWRITES:
            derived = pattern.sub(replacement, derived)
        return Cypher(common, derived)
    return Cypher(common, neo4j)


def built(text: str) -> Cypher:
    """A query assembled from schema identifiers (labels, property names from
    ``schema.py``), never from request values. Only ``graph/`` modules use it."""
    return cypher(text)


class Tx(Protocol):
    """An open transaction, handed to a transaction function."""

    def run(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]: ...


class GraphStore(Protocol):
    kind: StoreKind

    def ensure_schema(self) -> None:
        """Create tables / constraints and indexes; idempotent."""

    def read(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in a read transaction (routed to readers on a cluster)."""

    def write(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one write transaction: all of it commits or none."""

    def query(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        """One read query in its own read transaction."""

    def execute(self, query: Cypher, params: Mapping[str, Any] | None = None) -> list[Row]:
        """One write query in its own write transaction."""

    def create_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Bulk-create nodes (ids must be new); returns how many were created."""

    def create_node_groups(
        self, groups: Mapping[str, Sequence[Mapping[str, Any]]]
    ) -> dict[str, int]:
        """Bulk-create the nodes of several labels at once ({label: rows}, ids new);
        returns how many of each were created. The embedded store writes them in one
        transaction; Neo4j in concurrent batches, each its own transaction."""

    def create_rels(
        self, type_: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> int:
        """Bulk-create relationships from rows ``{"from": id, "to": id, **props}``."""

    def existing_ids(self, label: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` already exist as ``label`` nodes."""

    def ping(self) -> bool: ...

    def describe(self) -> str:
        """Where the store is, without secrets (for /health and the CLI)."""

    def wipe(self) -> None:
        """Delete every node and relationship (tests and re-seeding only)."""

    def close(self) -> None: ...


def plain(value: Any) -> Any:
    """Turn engine values (nodes, relationships, driver temporal types) into plain
    Python: nodes and relationships become dicts of their properties."""
    if isinstance(value, dict):
        if "_LABEL" in value or "_ID" in value:
            # An embedded-engine node: every declared column is present, unset
            # ones as None. Neo4j returns only the set ones; match that.
            return {
                k: plain(v) for k, v in value.items() if not k.startswith("_") and v is not None
            }
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
