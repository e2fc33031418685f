"""Fixtures shared by the whole suite.

``store`` runs a test once on each graph store. The Neo4j half talks to a real
server (``scripts/neo4j-server start``; ``scripts/test`` starts it). Locally it
skips with a message when no server answers; under CI (``CI=true``) it fails
instead, so a green CI always means both stores ran.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.errors import StoreUnavailable
from backend.graph.embedded_store import EmbeddedStore
from backend.graph.stats import node_counts
from backend.graph.store import GraphStore

NEO4J_URI = os.environ.get("ALLIANCE_TEST_NEO4J_URI", "bolt://127.0.0.1:7687")
NEO4J_USER = os.environ.get("ALLIANCE_TEST_NEO4J_USER", "neo4j")
NEO4J_PASSWORD = os.environ.get("ALLIANCE_TEST_NEO4J_PASSWORD", "")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _open_neo4j() -> GraphStore:
    from backend.graph.neo4j_store import Neo4jStore

    return Neo4jStore(NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, "neo4j")


@pytest.fixture(scope="session")
def neo4j_session_store() -> Iterator[GraphStore]:
    try:
        store = _open_neo4j()
    except StoreUnavailable:
        message = (
            f"Neo4j is not running at {NEO4J_URI}. "
            "Start it with `scripts/neo4j-server start`, or run the suite with `scripts/test`."
        )
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    store.ensure_schema()
    # The suite wipes the database between tests: refuse one that holds data we
    # did not put there, rather than destroy somebody's graph.
    counts = node_counts(store)
    if any(counts.values()) and not os.environ.get("ALLIANCE_TEST_NEO4J_ALLOW_WIPE"):
        store.close()
        pytest.fail(
            f"The Neo4j database at {NEO4J_URI} is not empty ({sum(counts.values())} nodes) and "
            "the tests wipe it. Point ALLIANCE_TEST_NEO4J_URI at an empty test server, or set "
            "ALLIANCE_TEST_NEO4J_ALLOW_WIPE=1 if this data may go.",
            pytrace=False,
        )
    yield store
    store.wipe()
    store.close()


@pytest.fixture(scope="session")
def embedded_session_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = EmbeddedStore(Path(tmp_path_factory.mktemp("graph")))
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """A clean store of each kind; the test runs once per kind."""
    if request.param == "neo4j":
        s: GraphStore = request.getfixturevalue("neo4j_session_store")
    else:
        s = request.getfixturevalue("embedded_session_store")
    s.wipe()
    yield s
