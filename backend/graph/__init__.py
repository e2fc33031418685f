"""The graph: one interface (``GraphStore``), two stores, chosen by one setting."""

from __future__ import annotations

from backend.graph.store import Cypher, GraphStore, Row, Tx, cypher
from backend.settings import Settings

__all__ = ["Cypher", "GraphStore", "Row", "Tx", "cypher", "open_store"]


def open_store(settings: Settings, *, ensure_schema: bool = True) -> GraphStore:
    """Open the store ``ALLIANCE_GRAPH_URI`` names and make sure its schema exists."""
    store: GraphStore
    if settings.store_kind == "embedded":
        from backend.graph.embedded_store import EmbeddedStore

        store = EmbeddedStore(
            settings.embedded_path,
            buffer_pool_mb=settings.embedded_buffer_pool_mb,
            readers=settings.embedded_readers,
        )
    else:
        from backend.graph.neo4j_store import Neo4jStore

        store = Neo4jStore(
            settings.graph_uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    if ensure_schema:
        try:
            store.ensure_schema()
        except Exception:
            store.close()
            raise
    return store
