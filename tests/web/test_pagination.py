"""The firm's pipeline, a vacancy's applications and the school's placements come a
page at a time (no 200-row cap): counts from the repository, SKIP/LIMIT in Cypher,
the pager from ``_pager.html``."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from backend.graph.store import GraphStore
from seed.loader import load
from seed.model import SeedGraph
from tests.web.conftest import SignIn, soup
from tests.web.world import FIRM, HR, LATHE_JOB, PLACEMENT, SCHOOL, SCHOOL_USER

PLACEMENT_APPS = 45  # students of the school, waiting for its approval
JOB_APPS = 7  # workers for the lathe job, no school involved
STATUSES = ("applied", "shortlisted", "interview")


def applications(store: GraphStore) -> None:
    g = SeedGraph()
    for i in range(PLACEMENT_APPS + JOB_APPS):
        pid, aid = f"person-p{i:03d}", f"app-p{i:03d}"
        placement = i < PLACEMENT_APPS
        status = STATUSES[i % 3] if placement else "applied"
        g.add_node("Person", {"id": pid, "name": f"学生{i:03d}", "role": "student"})
        g.add_node(
            "Application",
            {
                "id": aid,
                "status": status,
                # newest first: app-p051 is the newest
                "created_at": f"2026-11-{1 + i // 24:02d}T{i % 24:02d}:00:00",
                "history": json.dumps([{"status": "applied", "at": "2026-11-01T00:00:00"}]),
            },
        )
        g.add_rel("APPLIED_BY", "Application", aid, "Person", pid)
        g.add_rel(
            "APPLIED_TO", "Application", aid, "Vacancy", PLACEMENT if placement else LATHE_JOB
        )
        if placement:
            g.add_rel("STUDIES_AT", "Person", pid, "School", SCHOOL)
            # every fifth is approved already: not waiting any more
            g.add_rel("SUPERVISED_BY", "Application", aid, "School", SCHOOL, approved=i % 5 == 0)
    load(store, g)


def shown(page: BeautifulSoup, selector: str) -> list[str]:
    return [str(el["data-application"]) for el in page.select(selector)]


def pager_links(page: BeautifulSoup, param: str = "page") -> dict[str, str]:
    nav = page.select_one(f'nav.pager[data-pager="{param}"]')
    return {str(a["rel"][0]): str(a["href"]) for a in nav.select("a")} if nav else {}


class TestFirmPipeline:
    def test_every_application_a_page_at_a_time(self, store: GraphStore, sign_in: SignIn) -> None:
        applications(store)
        hr = sign_in(HR)
        first = soup(hr.get("/firm/applications").text)
        tab_counts = {
            str(a["data-tab"]): int(a.select_one(".n").get_text())  # type: ignore[union-attr]
            for a in first.select("nav.tabs a[data-tab]")
        }
        total = PLACEMENT_APPS + JOB_APPS
        assert tab_counts[""] == total
        assert tab_counts["applied"] == 15 + JOB_APPS and tab_counts["interview"] == 15
        seen: list[str] = []
        page = first
        for _ in range(10):
            seen += shown(page, "li.application")
            nxt = pager_links(page).get("next")
            if not nxt:
                break
            page = soup(hr.get(nxt).text)
        assert len(seen) == total and len(set(seen)) == total
        assert seen[0] == "app-p051"  # newest first across pages
        assert len(shown(first, "li.application")) == 20
        assert "page=3" in pager_links(soup(hr.get("/firm/applications?page=2").text))["next"]

    def test_a_stage_tab_pages_too(self, store: GraphStore, sign_in: SignIn) -> None:
        applications(store)
        hr = sign_in(HR)
        page = soup(hr.get("/firm/applications?status=applied").text)
        assert set(a["data-status"] for a in page.select("li.application")) == {"applied"}
        nxt = pager_links(page)["next"]
        assert "status=applied" in nxt and "page=2" in nxt
        second = soup(hr.get(nxt).text)
        assert len(shown(second, "li.application")) == 15 + JOB_APPS - 20

    def test_a_vacancys_applications(self, store: GraphStore, sign_in: SignIn) -> None:
        applications(store)
        hr = sign_in(HR)
        page = soup(hr.get(f"/firm/vacancies/{PLACEMENT}").text)
        assert page.select_one("[data-total]")["data-total"] == str(PLACEMENT_APPS)  # type: ignore[index]
        assert len(shown(page, "li.application")) == 20
        last = soup(hr.get(f"/firm/vacancies/{PLACEMENT}?page=3").text)
        assert len(shown(last, "li.application")) == PLACEMENT_APPS - 40
        home = soup(hr.get("/firm").text)
        counts = home.select_one(f'[data-vacancy="{PLACEMENT}"]')
        assert counts is not None and str(PLACEMENT_APPS) in counts.get_text()


class TestSchoolPlacements:
    def test_waiting_and_all_page_separately(self, store: GraphStore, sign_in: SignIn) -> None:
        applications(store)
        school = sign_in(SCHOOL_USER)
        page = soup(school.get("/school/placements").text)
        waiting_total = PLACEMENT_APPS - len(range(0, PLACEMENT_APPS, 5))
        assert page.select_one("[data-waiting]")["data-waiting"] == str(waiting_total)  # type: ignore[index]
        assert len(shown(page, "li.card[data-application]")) == 20
        assert len(shown(page, "tr[data-application]")) == 20
        waiting: list[str] = []
        url: str | None = "/school/placements"
        while url:
            p = soup(school.get(url).text)
            waiting += shown(p, "li.card[data-application]")
            url = pager_links(p, "wpage").get("next")
        assert len(waiting) == waiting_total == len(set(waiting))
        assert all(int(a.removeprefix("app-p")) % 5 != 0 for a in waiting)
        # the other list keeps its own page
        both = soup(school.get("/school/placements?wpage=2&page=3").text)
        assert len(shown(both, "tr[data-application]")) == PLACEMENT_APPS - 40
        assert len(shown(both, "li.card[data-application]")) == waiting_total - 20


OWN_OPEN, OWN_CLOSED = 23, 4  # besides the world's own vacancies of the firm


def firm_vacancies(store: GraphStore) -> None:
    g = SeedGraph()
    for i in range(OWN_OPEN + OWN_CLOSED):
        vid = f"vac-page-{i:02d}"
        g.add_node(
            "Vacancy",
            {
                "id": vid,
                "title": f"数控车工 {i:02d}",
                "title_en": f"CNC lathe operator {i:02d}",
                "kind": "job",
                "status": "open" if i < OWN_OPEN else "closed",
                "closing_date": "2099-12-31",
                "created_at": f"2026-11-20T12:{i:02d}:00",
                "places": 1,
            },
        )
        g.add_rel("POSTED_BY", "Vacancy", vid, "Firm", FIRM)
    load(store, g)


class TestFirmVacancies:
    def test_the_firms_vacancies_a_page_at_a_time(self, store: GraphStore, sign_in: SignIn) -> None:
        firm_vacancies(store)
        hr = sign_in(HR)
        first = soup(hr.get("/firm").text)
        tabs = {
            str(a["data-tab"]): int(a.select_one(".n").get_text())  # type: ignore[union-attr]
            for a in first.select("nav.tabs a[data-tab]")
        }
        assert tabs["closed"] >= OWN_CLOSED and tabs["open"] >= OWN_OPEN
        assert tabs[""] == tabs["open"] + tabs["expired"] + tabs["closed"]
        assert len(first.select("li[data-vacancy]")) == 20
        assert first.select("li[data-vacancy]")[0]["data-vacancy"] == "vac-page-26"  # newest
        seen: list[str] = []
        page = first
        for _ in range(10):
            seen += [str(li["data-vacancy"]) for li in page.select("li[data-vacancy]")]
            nxt = pager_links(page).get("next")
            if not nxt:
                break
            page = soup(hr.get(nxt).text)
        assert len(seen) == len(set(seen)) == tabs[""]

    def test_a_state_tab_shows_only_that_state(self, store: GraphStore, sign_in: SignIn) -> None:
        firm_vacancies(store)
        hr = sign_in(HR)
        page = soup(hr.get("/firm?status=closed").text)
        states = {str(s.get_text()).strip() for s in page.select("li[data-vacancy] .status")}
        assert len(page.select("li[data-vacancy]")) >= OWN_CLOSED and len(states) == 1
        current = soup(hr.get("/firm?status=nonsense").text).select_one(
            'nav.tabs a[aria-current="page"]'
        )
        assert current is not None and current["data-tab"] == ""
