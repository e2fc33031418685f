"""What a seed generator or importer hands to the loader: plain rows by label and
relationship batches. The loader knows nothing about where the rows came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RelBatch:
    type: str
    from_label: str
    to_label: str
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"src", "dst", **props}


@dataclass
class SeedGraph:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], RelBatch] = field(default_factory=dict)

    def add_node(self, label: str, row: dict[str, Any]) -> None:
        self.nodes.setdefault(label, []).append(row)

    def add_rel(
        self, type_: str, from_label: str, src: str, to_label: str, dst: str, **props: Any
    ) -> None:
        key = (type_, from_label, to_label)
        batch = self.rels.get(key)
        if batch is None:
            batch = self.rels[key] = RelBatch(type_, from_label, to_label)
        batch.rows.append({"src": src, "dst": dst, **props})

    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    def rel_count(self) -> int:
        return sum(len(b.rows) for b in self.rels.values())
