"""Password reset in the browser: "forgot password" on the sign-in page, a request
form that answers the same whether or not the address has an account, the e-mail
(the development sender writes it to var/mail.log) with a link, the page that link
opens, a new password, and signing in with it. Requests are rate limited."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers import PASSWORD
from tests.web.conftest import soup
from tests.web.world import STUDENT

NEW_PASSWORD = "新的密码-hunnan-2026"


def browser(app: FastAPI) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    client.headers["accept"] = "text/html"
    return client


def mails(var_dir: Path) -> list[dict[str, str]]:
    log = var_dir / "mail.log"
    if not log.exists():
        return []
    return [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x]


def link_in(mail: dict[str, str]) -> str:
    found = re.search(r"https?://\S+/reset\?token=\S+", mail["body"])
    assert found, mail["body"]
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]  # the path on this site


def ask(client: TestClient, email: str) -> object:
    return client.post("/password/forgot", data={"email": email})


class TestForgotPassword:
    def test_from_sign_in_to_a_new_password(self, app: FastAPI, tmp_path: Path) -> None:
        client = browser(app)
        signin = soup(client.get("/signin").text)
        forgot = signin.select_one("a.forgot")
        assert forgot is not None and forgot["href"] == "/password/forgot"
        assert soup(client.get("/password/forgot").text).select_one("form[data-forgot]")
        r = ask(client, STUDENT)
        assert r.status_code == 303 and r.headers["location"] == "/signin?done=reset_sent"  # type: ignore[attr-defined]
        notice = soup(client.get("/signin?done=reset_sent").text).select_one("p.notice")
        assert notice is not None and "链接" in notice.get_text()
        sent = mails(tmp_path)
        assert [m["to"] for m in sent] == [STUDENT]
        url = link_in(sent[0])
        page = soup(client.get(url).text)
        form = page.select_one("form[data-reset]")
        assert form is not None
        token = str(form.select_one('input[name="token"]')["value"])  # type: ignore[index]
        # the two passwords must agree, and be long enough
        r2 = client.post(
            "/reset", data={"token": token, "password": NEW_PASSWORD, "password2": "x"}
        )
        assert r2.status_code == 422
        assert soup(r2.text).select_one('[data-error-for="password2"]') is not None
        r3 = client.post("/reset", data={"token": token, "password": "short", "password2": "short"})
        assert r3.status_code == 422
        assert soup(r3.text).select_one('[data-error-for="password"]') is not None
        done = client.post(
            "/reset", data={"token": token, "password": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert done.status_code == 303 and done.headers["location"] == "/signin?done=password_set"
        old = client.post("/signin", data={"email": STUDENT, "password": PASSWORD})
        assert old.status_code == 422
        new = client.post("/signin", data={"email": STUDENT, "password": NEW_PASSWORD})
        assert new.status_code == 303
        # the link works once
        again = soup(browser(app).get(url).text)
        assert again.select_one("form[data-reset]") is None
        assert "已使用" in (again.select_one("p.error") or soup("")).get_text()

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(
        self, app: FastAPI, tmp_path: Path
    ) -> None:
        client = browser(app)
        known = ask(client, STUDENT)
        unknown = ask(client, "nobody@alliance-demo.cn")
        assert known.status_code == unknown.status_code == 303  # type: ignore[attr-defined]
        assert known.headers["location"] == unknown.headers["location"]  # type: ignore[attr-defined]
        assert [m["to"] for m in mails(tmp_path)] == [STUDENT]

    def test_a_bad_address_is_named_beside_the_field(self, app: FastAPI) -> None:
        r = browser(app).post("/password/forgot", data={"email": "not-an-address"})
        assert r.status_code == 422
        assert soup(r.text).select_one('[data-error-for="email"]') is not None

    def test_a_made_up_link_says_so_at_once(self, app: FastAPI) -> None:
        page = soup(browser(app).get("/reset?token=" + "x" * 43 + "&lang=en").text)
        assert page.select_one("form[data-reset]") is None
        assert (page.select_one("p.error") or soup("")).get_text() == "this reset link is not valid"

    def test_requests_are_rate_limited(self, app: FastAPI, tmp_path: Path) -> None:
        client = browser(app)
        for _ in range(3):
            assert ask(client, STUDENT).status_code == 303  # type: ignore[attr-defined]
        refused = ask(client, STUDENT)
        assert refused.status_code == 429  # type: ignore[attr-defined]
        assert "分钟后再试" in soup(refused.text).select_one('[data-error-for="email"]').get_text()  # type: ignore[attr-defined, union-attr]
        # an unknown address is limited the same way, so refusal reveals nothing
        for _ in range(3):
            ask(client, "nobody@alliance-demo.cn")
        assert ask(client, "nobody@alliance-demo.cn").status_code == 429  # type: ignore[attr-defined]
        assert len(mails(tmp_path)) == 3
