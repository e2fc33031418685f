"""The hub learns from the graph's application outcomes on both stores: with few
outcomes the transparent scorer ranks; with enough consistent outcomes the learned
model takes over; when it cannot beat the transparent scorer it is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph.store import GraphStore
from backend.recommendations import service
from backend.recommendations.service import MatcherHub, outcome_of
from backend.settings import Settings
from matching.taxonomy import Taxonomy
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, add_user, link, signed_in

FUTURE = "2099-12-31"
# Everyone writes like a lathe operator and has the lathe skill. The decoy's text is
# about lathes but it asks for welding; the fit vacancy asks for the lathe skill.
SUMMARY = "数控车床加工轴类零件，看图纸，数控车床操作"
VACANCIES = {
    "vac-decoy": ("数控车床车间岗位", "数控车床加工轴类零件，看图纸", "tig_welding"),
    "vac-fit": ("机加工岗位", "车间生产", "cnc_lathe_operation"),
}


def build(store: GraphStore, n_people: int, positive: str) -> None:
    """``n_people`` people who each applied to both vacancies; the ``positive`` one
    hired them, the other rejected them."""
    load(store, skeleton())
    for sid, zh in (("cnc_lathe_operation", "数控车床操作"), ("tig_welding", "氩弧焊")):
        add_node(store, "Skill", {"id": sid, "zh": zh, "curated": True})
    add_node(store, "Firm", {"id": "firm-a", "name_zh": "firm-a", "verified": True})
    for vid, (title, description, skill) in VACANCIES.items():
        add_node(
            store,
            "Vacancy",
            {
                "id": vid,
                "title": title,
                "description": description,
                "kind": "job",
                "status": "open",
                "closing_date": FUTURE,
                "created_at": "2026-01-01T08:00:00",
            },
        )
        link(store, "POSTED_BY", ("Vacancy", vid), ("Firm", "firm-a"))
        link(store, "REQUIRES", ("Vacancy", vid), ("Skill", skill), importance=1.0)
    for i in range(n_people + 1):  # the last one is the person who signs in
        pid = f"person-{i:03d}"
        add_node(
            store,
            "Person",
            {
                "id": pid,
                "name": pid,
                "role": "worker",
                "summary": SUMMARY,
                "recommendations_enabled": True,
            },
        )
        link(store, "HAS_SKILL", ("Person", pid), ("Skill", "cnc_lathe_operation"))
        if i == n_people:
            add_user(store, "me@alliance-demo.cn", "person", person_id=pid)
            continue
        for vid in VACANCIES:
            aid = f"app-{i:03d}-{vid}"
            status = "hired" if vid == positive else "rejected"
            add_node(
                store,
                "Application",
                {"id": aid, "status": status, "created_at": "2026-02-01T09:00:00"},
            )
            link(store, "APPLIED_BY", ("Application", aid), ("Person", pid))
            link(store, "APPLIED_TO", ("Application", aid), ("Vacancy", vid))


MakeApp = Callable[[int, str, int], FastAPI]


@pytest.fixture
def make_app(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MakeApp]:
    # these tests are about the order: keep the pairs whose fit is below the list's cut
    monkeypatch.setattr(service, "MIN_FIT", 0)
    apps: list[TestClient] = []

    def make(n_people: int, positive: str, min_feedback: int) -> FastAPI:
        build(store, n_people, positive)
        settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
        application = create_app(settings, store=store)
        taxonomy = Taxonomy.from_file(settings.taxonomy_path)
        application.state.matcher_hub = MatcherHub(taxonomy, min_feedback=min_feedback)
        client = TestClient(application)
        client.__enter__()
        apps.append(client)
        return application

    yield make
    for c in apps:
        c.__exit__(None, None, None)


def ranked(app: FastAPI) -> tuple[list[str], dict[str, Any], list[bool]]:
    body = signed_in(app, "me@alliance-demo.cn").get("/api/recommendations/jobs").json()
    ids = [i["vacancy"]["id"] for i in body["items"]]
    return ids, body["ranker"], [i["reasons"]["learned"] for i in body["items"]]


class TestOutcomes:
    def test_statuses_map_to_outcomes(self) -> None:
        today = date(2026, 11, 22)
        assert outcome_of("interview", None, today) == "shortlisted"
        assert outcome_of("offer", None, today) == "hired"
        assert outcome_of("rejected", None, today) == "rejected"
        assert outcome_of("withdrawn", None, today) is None
        assert outcome_of("applied", "2026-11-20T10:00:00", today) is None  # still waiting
        assert outcome_of("applied", "2026-09-01T10:00:00", today) == "unanswered"


class TestGateInTheHub:
    def test_few_outcomes_leave_the_transparent_scorer_ranking(self, make_app: MakeApp) -> None:
        app = make_app(10, "vac-fit", 20)
        ids, ranker, learned = ranked(app)
        # the text parts favour the decoy, and nothing learned overrides them
        assert ids == ["vac-decoy", "vac-fit"]
        assert ranker["use_model"] is False and "20 needed" in str(ranker["reason"])
        assert not any(learned)

    def test_enough_consistent_outcomes_hand_ranking_to_the_model(self, make_app: MakeApp) -> None:
        app = make_app(30, "vac-fit", 20)
        ids, ranker, learned = ranked(app)
        assert ranker["use_model"] is True
        assert float(ranker["model_ndcg"]) > float(ranker["transparent_ndcg"])
        assert ids == ["vac-fit", "vac-decoy"]
        assert all(learned)

    def test_a_model_that_cannot_beat_the_transparent_scorer_is_refused(
        self, make_app: MakeApp
    ) -> None:
        # people were hired where the transparent scorer already puts them first
        app = make_app(30, "vac-decoy", 20)
        ids, ranker, learned = ranked(app)
        assert ranker["use_model"] is False
        assert float(ranker["transparent_ndcg"]) == pytest.approx(1.0)
        assert ids == ["vac-decoy", "vac-fit"]
        assert not any(learned)
