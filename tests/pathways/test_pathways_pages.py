"""The pathway pages in both languages: my next step with statuses, reasons,
sources and interpretation flags; signing up and withdrawing through forms that
carry the CSRF token; the printable skill bank; the public verify page; the staff
forecast. The HTML is parsed and checked by element."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from backend.graph.store import GraphStore
from backend.pathways import cache
from tests.pathways.world import (
    ELECTRICIAN,
    FIRM,
    FIRM_USER,
    LI,
    OTHER_FIRM_USER,
    STAFF,
    ZHANG,
    World,
    build,
    day,
)
from tests.web.test_i18n import untranslated
from web.pages.pathways import router as pathways_pages


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    cache.invalidate()
    w = build(store, tmp_path)
    # The pages router is included here until the app's page list carries it.
    if not any(getattr(r, "path", "") == "/my/next-step" for r in w.app.routes):
        w.app.include_router(pathways_pages)
    r = w.client(STAFF).post(
        "/api/assessments",
        json={
            "occupation": ELECTRICIAN,
            "level": "technician",
            "methods": ["theory_exam", "skill_operation", "performance_review"],
            "held_on": day(21),
            "capacity": 20,
        },
    )
    assert r.status_code == 201
    return w


def browser(world: World, email: str) -> TestClient:
    """The signed-in session as a browser has it: the cookie, and the token only
    in the forms it posts."""
    c = TestClient(world.app)
    c.cookies = world.client(email).cookies
    return c


def page(client: TestClient, path: str, lang: str = "zh") -> BeautifulSoup:
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200, r.text[:500]
    return soup(r.text)


class TestNextStepPage:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_options_reasons_and_evaluations(self, world: World, lang: str) -> None:
        doc = page(world.client(ZHANG), "/my/next-step", lang)
        assert not untranslated(doc, lang)
        card = doc.select_one('article[data-option="skill_level-technician"]')
        assert card is not None and card["data-status"] == "eligible"
        assert card.select_one('[data-fact="exemptions"]') is not None
        assert card.select(".sources li"), "the seed sentences are quoted"
        # Options that rely on a reading of a vague source carry the flag.
        assert doc.select("[data-interpretation]")
        (row,) = doc.select("#evaluations tr[data-assessment]")
        form = row.select_one("form")
        assert form is not None and str(form["action"]).endswith("/sign-up")
        assert form.select_one('input[name="csrf_token"]') is not None
        text = row.get_text()
        assert ("技能操作考核" if lang == "zh" else "skill operation") in text
        assert ("理论知识考试" if lang == "zh" else "theory exam") not in text.split("(")[0]

    def test_sign_up_and_withdraw_through_the_forms(self, world: World) -> None:
        z = browser(world, ZHANG)
        doc = page(z, "/my/next-step")
        form = doc.select_one("#evaluations form")
        assert form is not None
        token = form.select_one('input[name="csrf_token"]')
        assert token is not None
        r = z.post(
            str(form["action"]),
            data={"csrf_token": str(token["value"])},
            follow_redirects=False,
        )
        assert r.status_code == 303 and "ok=signed_up" in r.headers["location"]
        doc = page(z, r.headers["location"].split("#")[0])
        assert doc.select_one('p.notice[role="status"]') is not None
        mine = doc.select_one('#sign-ups li[data-status="signed_up"]')
        assert mine is not None
        withdraw = mine.select_one("form")
        assert withdraw is not None
        r = z.post(
            str(withdraw["action"]),
            data={"csrf_token": str(token["value"])},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert page(z, "/my/next-step").select_one("#sign-ups") is None

    def test_a_form_without_the_token_is_refused(self, world: World) -> None:
        z = world.client(ZHANG)
        form = page(z, "/my/next-step").select_one("#evaluations form")
        assert form is not None
        r = browser(world, ZHANG).post(str(form["action"]), data={})
        assert r.status_code == 403
        assert page(z, "/my/next-step").select_one("#sign-ups") is None

    def test_nothing_open_says_so(self, world: World) -> None:
        doc = page(world.client(LI), "/my/next-step", "en")
        assert doc.select_one("#evaluations .empty") is not None
        assert not untranslated(doc, "en")


class TestSkillBankPages:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_printable_page(self, world: World, lang: str) -> None:
        doc = page(world.client(ZHANG), "/my/skill-bank", lang)
        assert doc.select_one('style[media="print"]') is not None
        assert doc.select_one('[data-fact="points"]') is not None
        assert not untranslated(doc, lang)

    def test_verify_a_genuine_and_a_tampered_copy(self, world: World) -> None:
        export = world.client(ZHANG).get("/api/people/me/skill-bank/export").text
        anyone = TestClient(world.app)
        doc = page(anyone, "/skill-bank/verify", "en")
        assert not untranslated(doc, "en")
        r = anyone.post("/skill-bank/verify", data={"export": export})
        assert r.status_code == 200
        assert soup(r.text).select_one('[data-verify="valid"]') is not None
        forged = export.replace('"issued_on":"', '"issued_on":"1').replace(
            '"issued_on": "', '"issued_on": "1'
        )
        assert forged != export
        r = anyone.post("/skill-bank/verify", data={"export": forged}, params={"lang": "zh"})
        assert r.status_code == 422
        bad = soup(r.text).select_one('[data-verify="invalid"]')
        assert bad is not None and "签名" in bad.get_text()


class TestForecastPage:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_table_by_member(self, world: World, lang: str) -> None:
        doc = page(world.client(STAFF), "/staff/forecast", lang)
        rows = doc.select("tr[data-member]")
        assert (FIRM, "technician") in {(r["data-member"], r["data-level"]) for r in rows}
        assert not untranslated(doc, lang)

    def test_staff_only(self, world: World) -> None:
        assert world.client(ZHANG).get("/staff/forecast").status_code == 403


class TestRunningEvaluations:
    @pytest.mark.parametrize(
        ("email", "path"), [(STAFF, "/staff/evaluations"), (FIRM_USER, "/firm/evaluations")]
    )
    def test_schedule_through_the_form(self, world: World, email: str, path: str) -> None:
        b = browser(world, email)
        doc = page(b, path)
        form = doc.select_one("#schedule form")
        assert form is not None
        token = form.select_one('input[name="csrf_token"]')
        assert token is not None
        r = b.post(
            path,
            data={
                "csrf_token": str(token["value"]),
                "occupation": ELECTRICIAN,
                "level": "senior_worker",
                "methods": ["theory_exam", "skill_operation"],
                "held_on": day(40),
                "capacity": "25",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text[:500]
        doc = page(b, r.headers["location"])
        roster = doc.select_one("#roster")
        assert roster is not None and roster.select_one(".empty") is not None
        assert not untranslated(doc, "zh")

    def test_bad_input_beside_its_field_and_kept(self, world: World) -> None:
        b = browser(world, STAFF)
        token = page(b, "/staff/evaluations").select_one('input[name="csrf_token"]')
        assert token is not None
        r = b.post(
            "/staff/evaluations",
            data={
                "csrf_token": str(token["value"]),
                "occupation": "电工",
                "level": "technician",
                "held_on": day(10),
                "capacity": "20",
            },
        )
        assert r.status_code == 422
        doc = soup(r.text)
        assert doc.select_one('[data-error-for="occupation"]') is not None
        assert doc.select_one('[data-error-for="methods"]') is not None
        kept = doc.select_one('input[name="occupation"]')
        assert kept is not None and kept["value"] == "电工"
        assert world.client(STAFF).get("/api/assessments").json()["total"] == 1

    def test_firm_without_rights_has_no_form(self, world: World) -> None:
        doc = page(browser(world, OTHER_FIRM_USER), "/firm/evaluations", "en")
        assert doc.select_one("#schedule form") is None
        assert not untranslated(doc, "en")

    def test_record_a_result_from_the_roster(self, world: World) -> None:
        a = (
            world.client(STAFF)
            .post(
                "/api/assessments",
                json={
                    "occupation": ELECTRICIAN,
                    "level": "technician",
                    "methods": ["theory_exam", "skill_operation"],
                    "held_on": day(0),
                    "capacity": 5,
                },
            )
            .json()
        )
        assert world.client(ZHANG).post(f"/api/assessments/{a['id']}/sign-up").status_code == 201
        b = browser(world, STAFF)
        doc = page(b, f"/staff/evaluations?assessment={a['id']}", "en")
        assert not untranslated(doc, "en")
        form = doc.select_one('#roster tr[data-person="person-zhang-wei"] form')
        assert form is not None
        token = form.select_one('input[name="csrf_token"]')
        assert token is not None
        r = b.post(
            str(form["action"]),
            data={
                "csrf_token": str(token["value"]),
                "person_id": "person-zhang-wei",
                "score": "81",
                "passed": "on",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303
        row = page(b, r.headers["location"]).select_one(
            '#roster tr[data-person="person-zhang-wei"]'
        )
        assert row is not None and row.select_one("form") is None
        assert "81" in row.get_text()

    def test_people_may_not_run_evaluations(self, world: World) -> None:
        assert world.client(ZHANG).get("/staff/evaluations").status_code == 403
        assert world.client(ZHANG).get("/firm/evaluations").status_code == 403
