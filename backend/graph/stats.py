"""Node counts by label, for `alliance graph stats` and the staff pages."""

from __future__ import annotations

from backend.graph import generic
from backend.graph.schema import STATS_LABELS
from backend.graph.store import GraphStore, Tx


def node_counts(store: GraphStore) -> dict[str, int]:
    def work(tx: Tx) -> dict[str, int]:
        return {
            label: int(tx.run(generic.count_nodes(label))[0]["count"]) for label in STATS_LABELS
        }

    return store.read(work)
