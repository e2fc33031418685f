"""The shared-resource pages in the browser's place (HTML parsed, both stores):
a member shares a facility, another books it, the owner approves, both see it;
staff and a park see the analysis with its charts; every page speaks the
user's language. The router is included here as the app will include it."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from backend.graph.store import GraphStore, cypher
from tests.courses.world import (
    CENTRE_USER,
    FIRM_USER,
    LNEMVC_USER,
    PARK_USER,
    STAFF,
    STUDENT,
    World,
    build,
)
from tests.helpers import add_node
from tests.resources.world import day
from tests.web.test_i18n import untranslated
from web.pages.resources import router as resources_router

PAGES = (
    "/resources/facilities",
    "/resources/teachers",
    "/resources/bookings",
    "/resources/competitions",
    "/resources/projects",
    "/resources/ledger",
)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def world(store: GraphStore, tmp_path: Path) -> World:
    w = build(store, tmp_path)
    w.app.include_router(resources_router)
    return w


def csrf(page: BeautifulSoup) -> str:
    token = page.select_one('input[name="csrf_token"]')
    assert token is not None
    return str(token["value"])


class TestBookingInTheBrowser:
    def test_share_book_approve_and_both_sides_see_it(self, world: World) -> None:
        owner = world.client(CENTRE_USER)
        page = soup(owner.get("/resources/facilities").text)
        r = owner.post(
            "/resources/facilities",
            data={
                "csrf_token": csrf(page),
                "name_zh": "铁西区职业技能实训中心焊接实训基地",
                "name_en": "Tiexi welding training base",
                "kind": "training_base",
                "capacity": "24",
                "equipment": "氩弧焊机，二氧化碳气体保护焊机",
                "open_hours": "08:00-18:00",
            },
            follow_redirects=False,
        )
        assert r.status_code == 303
        firm = world.client(FIRM_USER)
        page = soup(firm.get("/resources/facilities", params={"equipment": "氩弧焊机"}).text)
        [card] = page.select("li[data-facility]")
        facility_id = str(card["data-facility"])
        form = card.select_one("form[data-book]")
        assert form is not None
        slot = {
            "csrf_token": csrf(page),
            "kind": "facility",
            "resource_id": facility_id,
            "day": day(4).isoformat(),
            "start": "09:00",
            "end": "12:00",
            "seats": "12",
            "purpose": "焊工考前实操",
        }
        # before opening time: shown again with the reason beside the day
        bad = firm.post("/resources/book", data={**slot, "start": "07:00"}, follow_redirects=False)
        assert bad.status_code == 422
        again = soup(bad.text)
        assert again.select_one('[data-error-for="day"]') is not None
        assert again.select_one("details.book[open]") is not None
        r = firm.post("/resources/book", data=slot, follow_redirects=False)
        assert r.status_code == 303
        theirs = soup(owner.get("/resources/bookings").text)
        row = theirs.select_one('section[data-side="received"] tr[data-booking]')
        assert row is not None and row["data-status"] == "requested"
        approve = row.select_one('button[data-action="approve"]')
        assert approve is not None
        action = approve.find_parent("form")["action"]  # type: ignore[index]
        r = owner.post(str(action), data={"csrf_token": csrf(theirs)}, follow_redirects=False)
        assert r.status_code == 303
        mine = soup(firm.get("/resources/bookings").text)
        row = mine.select_one('section[data-side="requested"] tr[data-booking]')
        assert row is not None and row["data-status"] == "approved"
        ledger = soup(owner.get("/resources/ledger").text)
        assert ledger.select('tr[data-entry="facility"]')

    def test_a_form_without_the_csrf_token_is_refused(self, world: World) -> None:
        client = world.client(CENTRE_USER)
        del client.headers["x-csrf-token"]
        r = client.post("/resources/facilities", data={"name_zh": "无令牌"})
        assert r.status_code == 403


class TestAnalysisPages:
    def test_staff_and_park_see_charts_others_do_not(self, world: World) -> None:
        page = soup(world.client(STAFF).get("/staff/analytics", params={"by": "park"}).text)
        assert page.select_one('section[data-chart="trends"] svg') is not None
        assert page.select_one('a[href^="/api/analytics/export/"]') is not None
        r = world.client(PARK_USER).get("/park/analytics")
        assert r.status_code == 200
        assert world.client(LNEMVC_USER).get("/staff/analytics").status_code == 403

    @pytest.mark.parametrize(("lang", "tiexi"), [("zh", "铁西"), ("en", "Tiexi")])
    def test_parks_come_from_the_graph_by_name(self, world: World, lang: str, tiexi: str) -> None:
        add_node(
            world.store,
            "Park",
            {"id": "park-huishan", "name_zh": "沈阳辉山经济技术开发区", "name_en": "Huishan EDZ"},
        )
        page = soup(world.client(STAFF).get("/staff/analytics", params={"lang": lang}).text)
        options = {
            o["value"]: o.get_text(strip=True)
            for o in page.select('select[name="park"] option')
            if o["value"]
        }
        parks = world.store.query(cypher("MATCH (p:Park) RETURN p.id AS id"))
        assert set(options) == {r["id"] for r in parks} and "park-huishan" in options
        assert options["park-huishan"] == (
            "Huishan EDZ" if lang == "en" else "沈阳辉山经济技术开发区"
        )
        assert tiexi in options["park-tiexi"] and "park-" not in "".join(options.values())
        # a park administration's heading names its park, not its id
        page = soup(world.client(PARK_USER).get("/park/analytics", params={"lang": lang}).text)
        heading = page.select_one("[data-park]")
        assert heading is not None and heading["data-park"] == "park-tiexi"
        assert tiexi in heading.get_text() and "park-tiexi" not in heading.get_text()

    def test_an_unknown_park_is_not_found(self, world: World) -> None:
        r = world.client(STAFF).get("/staff/analytics", params={"park": "nonexistent"})
        assert r.status_code == 404
        assert "nonexistent" in r.text


class TestLanguages:
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_every_page_in_the_users_language(self, world: World, lang: str) -> None:
        visits = [(world.anonymous(), p) for p in PAGES[:2] + PAGES[3:5]]
        visits += [(world.client(FIRM_USER), p) for p in PAGES]
        visits += [
            (world.client(STAFF), "/staff/analytics"),
            (world.client(PARK_USER), "/park/analytics"),
        ]
        visits += [(world.client(STUDENT), "/resources/competitions")]
        for client, path in visits:
            r = client.get(path, params={"lang": lang})
            assert r.status_code == 200, (path, r.text[:300])
            page = soup(r.text)
            assert not untranslated(page, lang), (path, untranslated(page, lang))
            for form in page.select("form[method=post]"):
                assert form.select_one('input[name="csrf_token"]') is not None, path
