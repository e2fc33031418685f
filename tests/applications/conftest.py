from __future__ import annotations

from pathlib import Path

import pytest

from backend.graph.store import GraphStore
from tests.vacancies.world import World, make_world


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    return make_world(store, tmp_path)
