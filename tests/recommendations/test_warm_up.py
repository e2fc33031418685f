"""The server fits its job and candidate indexes as it starts, in the background,
so the first person to ask does not wait (the store the app opens itself)."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph.embedded_store import EmbeddedStore
from backend.recommendations.repository import RecommendationRepository
from backend.recommendations.service import MatcherHub
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, link


def seeded(folder: Path) -> None:
    store = EmbeddedStore(folder)
    try:
        store.ensure_schema()
        load(store, skeleton())
        add_node(store, "Skill", {"id": "tig_welding", "zh": "氩弧焊", "en": "TIG welding"})
        add_node(store, "Firm", {"id": "firm-weld", "name_zh": "沈阳北方焊接装备有限公司"})
        add_node(
            store,
            "Vacancy",
            {
                "id": "vac-weld",
                "title": "氩弧焊工",
                "kind": "job",
                "status": "open",
                "closing_date": "2099-12-31",
                "created_at": "2026-11-01T08:00:00",
            },
        )
        link(store, "POSTED_BY", ("Vacancy", "vac-weld"), ("Firm", "firm-weld"))
        add_node(
            store,
            "Person",
            {"id": "person-welder", "name": "李强", "role": "worker", "visible_to_employers": True},
        )
        link(store, "HAS_SKILL", ("Person", "person-welder"), ("Skill", "tig_welding"), level=3)
    finally:
        store.close()


def test_both_indexes_are_fitted_as_the_server_starts(tmp_path: Path) -> None:
    seeded(tmp_path / "graph")
    settings = Settings(
        environment="test", var_dir=tmp_path, graph_uri=f"embedded://{tmp_path / 'graph'}"
    )
    app = create_app(settings)
    with TestClient(app):  # runs the lifespan; no request is made
        for _ in range(600):
            hub = getattr(app.state, "matcher_hub", None)
            if isinstance(hub, MatcherHub) and hub.fits == 1 and hub.people_fits == 1:
                break
            time.sleep(0.05)
        hub = app.state.matcher_hub
        assert hub.fits == 1 and hub.people_fits == 1
        assert len(hub.jobs(RecommendationRepository(app.state.store))) == 1
        assert hub.fits == 1  # still the one fitted at start


def test_it_can_be_turned_off(tmp_path: Path) -> None:
    seeded(tmp_path / "graph")
    settings = Settings(
        environment="test",
        var_dir=tmp_path,
        graph_uri=f"embedded://{tmp_path / 'graph'}",
        warm_matcher=False,
    )
    app = create_app(settings)
    with TestClient(app):
        time.sleep(0.5)
        assert getattr(app.state, "matcher_hub", None) is None
