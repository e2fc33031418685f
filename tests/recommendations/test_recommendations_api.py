"""Recommendations through the API on both stores: jobs for a person, candidates
for a vacancy (consenting people only), courses for a gap — each with reasons."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph.store import GraphStore
from backend.recommendations.service import MatcherHub
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load
from tests.helpers import add_node, add_user, link, signed_in

SKILLS = {
    "cnc_lathe_operation": ("数控车床操作", "CNC lathe operation"),
    "cnc_programming": ("数控编程", "CNC programming"),
    "tig_welding": ("氩弧焊", "TIG welding"),
    "plc_programming": ("PLC编程", "PLC programming"),
}
FUTURE = "2099-12-31"


@pytest.fixture
def app(store: GraphStore, tmp_path: Path) -> Iterator[FastAPI]:
    load(store, skeleton())
    for sid, (zh, en) in SKILLS.items():
        add_node(store, "Skill", {"id": sid, "zh": zh, "en": en, "curated": True})
    for fid in ("firm-lathe", "firm-weld"):
        add_node(store, "Firm", {"id": fid, "name_zh": fid, "verified": True, "status": "active"})
        link(store, "LOCATED_IN", ("Firm", fid), ("Park", "park-tiexi"))
    vacancies = {
        "vac-cnc": (
            "firm-lathe",
            "数控车工",
            "job",
            [("cnc_lathe_operation", 1.0, 3), ("cnc_programming", 0.6, 3)],
        ),
        "vac-weld": ("firm-weld", "氩弧焊工", "job", [("tig_welding", 1.0, 3)]),
        "vac-plc": ("firm-weld", "电气自动化实习生", "placement", [("plc_programming", 1.0, 2)]),
    }
    for vid, (fid, title, kind, reqs) in vacancies.items():
        add_node(
            store,
            "Vacancy",
            {
                "id": vid,
                "title": title,
                "kind": kind,
                "status": "open",
                "closing_date": FUTURE,
                "created_at": "2026-11-01T08:00:00",
                "pay_min": 5000.0,
                "pay_max": 8000.0,
                "pay_unit": "month",
            },
        )
        link(store, "POSTED_BY", ("Vacancy", vid), ("Firm", fid))
        for sid, imp, lvl in reqs:
            link(store, "REQUIRES", ("Vacancy", vid), ("Skill", sid), importance=imp, level=lvl)
    people = {
        "person-lathe": (True, ["cnc_lathe_operation"]),
        "person-welder": (True, ["tig_welding"]),
        "person-hidden": (False, ["cnc_lathe_operation", "cnc_programming"]),
    }
    for pid, (visible, skills) in people.items():
        add_node(
            store,
            "Person",
            {
                "id": pid,
                "name": pid,
                "role": "worker",
                "visible_to_employers": visible,
                "recommendations_enabled": True,
            },
        )
        for sid in skills:
            link(store, "HAS_SKILL", ("Person", pid), ("Skill", sid), level=3)
    add_node(store, "School", {"id": "school-a", "name_zh": "沈阳职业技术学院"})
    add_node(
        store,
        "Course",
        {
            "id": "course-cnc-prog",
            "title_zh": "数控编程（中级）",
            "hours": 64,
            "seats": 30,
            "seats_taken": 0,
            "status": "open",
            "subsidy": 800.0,
            "cost": 1600.0,
        },
    )
    link(store, "OFFERED_BY", ("Course", "course-cnc-prog"), ("School", "school-a"))
    link(store, "TEACHES", ("Course", "course-cnc-prog"), ("Skill", "cnc_programming"), level=3)
    add_user(store, "lathe@alliance-demo.cn", "person", person_id="person-lathe")
    add_user(store, "hr@firm-lathe.cn", "company", org=("Firm", "firm-lathe"))
    add_user(store, "hr@firm-weld.cn", "company", org=("Firm", "firm-weld"))
    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    application = create_app(settings, store=store)
    with TestClient(application):
        yield application


class TestJobsForAPerson:
    def test_the_best_fit_comes_first_with_its_reasons(self, app: FastAPI) -> None:
        body = signed_in(app, "lathe@alliance-demo.cn").get("/api/recommendations/jobs").json()
        assert body["enabled"] is True
        first = body["items"][0]
        assert first["vacancy"]["id"] == "vac-cnc"
        assert first["vacancy"]["park_id"] == "park-tiexi"
        assert [m["skill"] for m in first["reasons"]["matched"]] == ["cnc_lathe_operation"]
        missing = {m["skill"] for m in first["reasons"]["missing"]}
        assert "cnc_programming" not in {m["skill"] for m in first["reasons"]["matched"]}
        assert "cnc_programming" in missing | {r["skill"] for r in first["reasons"]["related"]}
        scores = [i["score"] for i in body["items"]]
        assert scores == sorted(scores, reverse=True)

    def test_kind_filter_and_bad_kind(self, app: FastAPI) -> None:
        c = signed_in(app, "lathe@alliance-demo.cn")
        only = c.get("/api/recommendations/jobs", params={"kind": "job"}).json()
        assert only["items"] and {i["vacancy"]["kind"] for i in only["items"]} == {"job"}
        # the PLC placement shares no skill with a lathe operator: not padded in
        placements = c.get("/api/recommendations/jobs", params={"kind": "placement"}).json()
        assert placements["items"] == []
        assert c.get("/api/recommendations/jobs", params={"kind": "gig"}).status_code == 422

    def test_turning_recommendations_off_stops_them(self, app: FastAPI) -> None:
        c = signed_in(app, "lathe@alliance-demo.cn")
        c.put("/api/people/me/consent", json={"recommendations_enabled": False})
        assert c.get("/api/recommendations/jobs").json() == {"enabled": False, "items": []}

    def test_an_organisation_account_gets_no_job_recommendations(self, app: FastAPI) -> None:
        assert (
            signed_in(app, "hr@firm-lathe.cn").get("/api/recommendations/jobs").status_code == 403
        )


class TestCandidates:
    def test_only_consenting_people_are_ranked_for_the_owning_firm(self, app: FastAPI) -> None:
        r = signed_in(app, "hr@firm-lathe.cn").get("/api/recommendations/candidates/vac-cnc")
        assert r.status_code == 200
        ids = [i["person"]["id"] for i in r.json()["items"]]
        assert ids[0] == "person-lathe"
        assert "person-hidden" not in ids
        assert r.json()["items"][0]["reasons"]["matched"][0]["skill"] == "cnc_lathe_operation"

    def test_strangers_are_refused(self, app: FastAPI) -> None:
        assert (
            signed_in(app, "hr@firm-weld.cn")
            .get("/api/recommendations/candidates/vac-cnc")
            .status_code
            == 404
        )
        assert (
            signed_in(app, "lathe@alliance-demo.cn")
            .get("/api/recommendations/candidates/vac-cnc")
            .status_code
            == 404
        )


class TestCoursesForAGap:
    def test_a_course_closes_the_missing_skill(self, app: FastAPI) -> None:
        c = signed_in(app, "lathe@alliance-demo.cn")
        plan = c.get("/api/recommendations/courses", params={"vacancy_id": "vac-cnc"}).json()
        assert [g["skill"] for g in plan["gap"]] == ["cnc_programming"]
        assert [p["course_id"] for p in plan["courses"]] == ["course-cnc-prog"]
        assert plan["courses"][0]["closes"][0]["skill"] == "cnc_programming"
        assert plan["uncovered"] == []
        assert plan["total_hours"] == 64

    def test_a_gap_no_course_closes_stays_uncovered(self, app: FastAPI) -> None:
        c = signed_in(app, "lathe@alliance-demo.cn")
        plan = c.get("/api/recommendations/courses", params={"vacancy_id": "vac-weld"}).json()
        assert [u["skill"] for u in plan["uncovered"]] == ["tig_welding"]

    def test_the_target_must_be_one_vacancy_or_one_occupation(self, app: FastAPI) -> None:
        c = signed_in(app, "lathe@alliance-demo.cn")
        assert c.get("/api/recommendations/courses").status_code == 422
        r = c.get("/api/recommendations/courses", params={"occupation": "9-99-99-99"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "occupation"


# The job index follows the graph without a refit: a vacancy posted, edited or
# closed through the API changes the next recommendation; past the refit share it refits.
PERSON = "lathe@alliance-demo.cn"


def ranked(app: FastAPI) -> list[dict[str, Any]]:
    r = signed_in(app, PERSON).get("/api/recommendations/jobs", params={"top": 10})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def ids(app: FastAPI) -> list[str]:
    return [i["vacancy"]["id"] for i in ranked(app)]


def use_hub(app: FastAPI, refit_share: float) -> MatcherHub:
    ranked(app)  # the app loads its taxonomy on first use
    hub = MatcherHub(app.state.taxonomy, refit_share=refit_share)
    app.state.matcher_hub = hub
    return hub


class TestHubFollowsTheGraph:
    def test_post_edit_and_close_without_a_refit(self, app: FastAPI) -> None:
        hub = use_hub(app, refit_share=1.0)
        assert ids(app)[0] == "vac-cnc" and hub.fits == 1
        weld = signed_in(app, "hr@firm-weld.cn")
        # the welding firm now asks for CNC lathe work: the lathe person matches it
        r = weld.patch(
            "/api/vacancies/vac-weld",
            json={
                "title": "数控车工（焊装车间）",
                "skills": [{"skill_id": "cnc_lathe_operation", "importance": 1.0, "level": 3}],
            },
        )
        assert r.status_code == 200, r.text
        items = {i["vacancy"]["id"]: i for i in ranked(app)}
        matched = [m["skill"] for m in items["vac-weld"]["reasons"]["matched"]]
        assert matched == ["cnc_lathe_operation"]
        assert hub.fits == 1 and hub.synced == 1
        # closed: gone from the next answer
        r = signed_in(app, "hr@firm-lathe.cn").post("/api/vacancies/vac-cnc/close")
        assert r.status_code == 200, r.text
        assert "vac-cnc" not in ids(app)
        assert hub.fits == 1 and hub.synced == 2
        # posted: in the next answer
        r = signed_in(app, "hr@firm-lathe.cn").post(
            "/api/vacancies",
            json={
                "title": "数控车床操作工",
                "kind": "job",
                "pay_min": 6000,
                "pay_max": 9000,
                "start_date": "2099-01-01",
                "closing_date": "2098-12-15",
                "places": 2,
                "skills": [{"skill_id": "cnc_lathe_operation", "importance": 1.0, "level": 3}],
            },
        )
        assert r.status_code == 201, r.text
        assert r.json()["id"] in ids(app)
        assert hub.fits == 1 and hub.synced == 3
        # nothing changed: nothing synced, nothing refitted
        ids(app)
        assert hub.fits == 1 and hub.synced == 3

    def test_past_the_refit_share_it_refits(self, app: FastAPI) -> None:
        hub = use_hub(app, refit_share=0.2)
        assert ids(app)[0] == "vac-cnc" and hub.fits == 1
        r = signed_in(app, "hr@firm-lathe.cn").post("/api/vacancies/vac-cnc/close")
        assert r.status_code == 200, r.text
        assert "vac-cnc" not in ids(app)  # 1 of 3 changed: more than a fifth
        assert hub.fits == 2 and hub.synced == 0


class TestCandidateIndex:
    def ranked(self, app: FastAPI) -> list[dict[str, Any]]:
        r = signed_in(app, "hr@firm-lathe.cn").get("/api/recommendations/candidates/vac-cnc")
        assert r.status_code == 200, r.text
        return list(r.json()["items"])

    def candidates(self, app: FastAPI) -> list[str]:
        return [i["person"]["id"] for i in self.ranked(app)]

    def matched(self, app: FastAPI, person: str) -> set[str]:
        items = [i for i in self.ranked(app) if i["person"]["id"] == person]
        return {m["skill"] for i in items for m in i["reasons"]["matched"]}  # none: not shown

    def test_cached_and_refitted_in_the_background(self, app: FastAPI) -> None:
        self.candidates(app)  # loads the taxonomy
        hub = MatcherHub(app.state.taxonomy, inline_people=0)  # always in the background
        app.state.matcher_hub = hub
        assert self.candidates(app)[0] == "person-lathe" and hub.people_fits == 1
        assert self.matched(app, "person-welder") == set()
        assert hub.people_fits == 1  # nothing changed: the same index
        # the welder learns CNC turning and programming: the CNC job's two skills
        welder = "welder@alliance-demo.cn"
        add_user(app.state.store, welder, "person", person_id="person-welder")
        c = signed_in(app, welder)
        for skill in ("cnc_lathe_operation", "cnc_programming"):
            r = c.post("/api/people/me/skills", json={"skill": skill, "level": 4})
            assert r.status_code in (200, 201), r.text
        # answers at once from the old index, and starts a refit
        assert self.matched(app, "person-welder") == set()
        for _ in range(200):
            if hub.people_fits == 2:
                break
            time.sleep(0.05)
        assert hub.people_fits == 2
        assert self.matched(app, "person-welder") == {"cnc_lathe_operation", "cnc_programming"}

    def test_withdrawn_consent_is_never_shown_even_by_an_old_index(self, app: FastAPI) -> None:
        self.candidates(app)
        hub = MatcherHub(app.state.taxonomy, inline_people=0)
        app.state.matcher_hub = hub
        assert "person-lathe" in self.candidates(app)
        hub._people_building = True  # hold the refit back: the old index answers
        c = signed_in(app, "lathe@alliance-demo.cn")
        r = c.put("/api/people/me/consent", json={"visible_to_employers": False})
        assert r.status_code == 200, r.text
        assert "person-lathe" not in self.candidates(app)
        assert hub.people_fits == 1
