"""Error pages rendered by the web layer (404, 403, 422, 500) keep the layout: a
signed-in user sees their own navigation and name, a visitor the public one; the
JSON API keeps answering JSON."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import SignIn, csrf_of, soup
from tests.web.world import HR, STAFF


def nav_links(page: BeautifulSoup) -> list[str]:
    return [str(a["href"]) for a in page.select("nav.main a")]


class TestErrorPagesKeepTheSignedInNavigation:
    def test_not_found_from_a_service(self, sign_in: SignIn) -> None:
        hr = sign_in(HR)
        r = hr.get("/vacancies/vac-nope")
        assert r.status_code == 404
        page = soup(r.text)
        assert "/firm" in nav_links(page) and "/firm/applications" in nav_links(page)
        assert page.select_one(".who") is not None
        assert page.select_one("p.error").get_text() == "没有该岗位"  # type: ignore[union-attr]

    def test_an_unknown_address(self, sign_in: SignIn, app: FastAPI) -> None:
        r = sign_in(HR).get("/no/such/page?lang=en")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        page = soup(r.text)
        assert "/firm" in nav_links(page)
        assert page.select_one("p.error").get_text() == "There is no page at this address."  # type: ignore[union-attr]
        anonymous = soup(TestClient(app).get("/no/such/page", headers={"accept": "text/html"}).text)
        assert "/firm" not in nav_links(anonymous) and "/vacancies" in nav_links(anonymous)
        api = TestClient(app).get("/api/no/such/thing")
        assert api.status_code == 404 and api.json() == {"detail": "Not Found"}

    def test_forbidden_for_another_role(self, sign_in: SignIn) -> None:
        r = sign_in(HR).get("/school")
        assert r.status_code == 403
        assert "/firm" in nav_links(soup(r.text))

    def test_unprocessable(self, sign_in: SignIn) -> None:
        staff = sign_in(STAFF)
        token = csrf_of(soup(staff.get("/staff/jobs").text))
        r = staff.post("/staff/jobs", data={"csrf_token": token, "kind": "nope"})
        assert r.status_code == 422
        assert "/staff/jobs" in nav_links(soup(r.text))

    def test_a_crash(self, sign_in: SignIn, app: FastAPI) -> None:
        def boom() -> None:
            raise RuntimeError("a bug")

        app.add_api_route("/boom-for-test", boom, include_in_schema=False)
        hr = sign_in(HR)
        crashing = TestClient(app, raise_server_exceptions=False, cookies=hr.cookies)
        r = crashing.get("/boom-for-test", headers={"accept": "text/html"})
        assert r.status_code == 500
        page = soup(r.text)
        assert "/firm" in nav_links(page) and "a bug" not in r.text
        assert (
            TestClient(app, raise_server_exceptions=False).get("/boom-for-test").status_code == 500
        )
