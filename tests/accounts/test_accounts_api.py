"""Accounts through the API, on both stores: sign-up, sign-in, CSRF, the
sign-in limiter, password reset and staff approval."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.accounts.security import hash_password, user_id_for
from backend.app import create_app
from backend.graph import generic
from backend.graph.store import GraphStore
from backend.settings import Settings
from seed.generate import skeleton
from seed.loader import load

PASSWORD = "浑南-correct-horse-42"


@pytest.fixture
def app_client(store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    load(store, skeleton())
    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    with TestClient(create_app(settings, store=store)) as c:
        yield c


def sign_up_person(c: TestClient, email: str = "li.wei@alliance-demo.cn") -> dict[str, str]:
    r = c.post(
        "/api/auth/signup",
        json={"email": email, "password": PASSWORD, "role": "person", "display_name": "李伟"},
    )
    assert r.status_code == 201, r.text
    body: dict[str, str] = r.json()
    return body


def make_staff(store: GraphStore, email: str = "staff@alliance-demo.cn") -> None:
    uid = user_id_for(email)
    row = {
        "id": uid,
        "email": email,
        "password_hash": hash_password(PASSWORD),
        "role": "staff",
        "display_name": "联盟办公室",
        "status": "active",
        "lang": "zh",
    }
    store.execute(generic.create_node("User"), generic.coerce_props("User", row, full=True))
    store.execute(
        generic.link("ACTS_FOR", "User", "GovernmentBody"), {"src": uid, "dst": "gov-shenyang-hrss"}
    )


class TestSignUp:
    def test_a_person_signs_up_and_is_signed_in(self, app_client: TestClient) -> None:
        body = sign_up_person(app_client)
        assert body["role"] == "person" and body["status"] == "active"
        assert body["person_id"]
        cookie = app_client.cookies.get("alliance_session")
        assert cookie
        me = app_client.get("/api/auth/me").json()
        assert me["email"] == "li.wei@alliance-demo.cn"

    def test_the_session_cookie_is_httponly(self, app_client: TestClient) -> None:
        r = app_client.post(
            "/api/auth/signup",
            json={
                "email": "a@alliance-demo.cn",
                "password": PASSWORD,
                "role": "person",
                "display_name": "A",
            },
        )
        header = r.headers["set-cookie"]
        assert "HttpOnly" in header and "SameSite=lax" in header

    def test_a_second_account_with_the_same_email_is_refused(
        self, app_client: TestClient, store: GraphStore
    ) -> None:
        sign_up_person(app_client)
        r = app_client.post(
            "/api/auth/signup",
            json={
                "email": "LI.WEI@alliance-demo.cn",
                "password": PASSWORD,
                "role": "person",
                "display_name": "又一个",
            },
        )
        assert r.status_code == 409
        assert r.json()["error"]["field"] == "email"
        people = store.query(generic.count_nodes("Person"))
        assert people == [{"count": 1}], "the refused sign-up must not leave a person behind"

    def test_short_passwords_and_bad_emails_get_422(self, app_client: TestClient) -> None:
        r = app_client.post(
            "/api/auth/signup",
            json={
                "email": "x@alliance-demo.cn",
                "password": "short",
                "role": "person",
                "display_name": "X",
            },
        )
        assert r.status_code == 422 and r.json()["error"]["field"] == "password"
        r = app_client.post(
            "/api/auth/signup",
            json={
                "email": "not-an-email",
                "password": PASSWORD,
                "role": "person",
                "display_name": "X",
            },
        )
        assert r.status_code == 422 and r.json()["error"]["field"] == "email"

    def test_a_company_needs_a_credit_code_and_waits_for_staff(
        self, app_client: TestClient, store: GraphStore
    ) -> None:
        base = {
            "email": "hr@shenji-demo.cn",
            "password": PASSWORD,
            "role": "company",
            "display_name": "王芳",
        }
        r = app_client.post("/api/auth/signup", json=base)
        assert r.status_code == 422 and r.json()["error"]["field"] == "uscc"
        r = app_client.post("/api/auth/signup", json={**base, "uscc": "91210100MA0XY1234K"})
        assert r.status_code == 422 and r.json()["error"]["field"] == "firm_name_zh"
        r = app_client.post(
            "/api/auth/signup",
            json={**base, "uscc": "91210100MA0XY1234K", "firm_name_zh": "沈阳示范精密机械有限公司"},
        )
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["status"] == "pending"
        assert body["org_kind"] == "Firm" and body["org_verified"] is False
        firm = store.query(generic.get_node("Firm"), {"id": "firm-91210100ma0xy1234k"})
        assert firm[0]["n"]["verified"] is False


class TestSignIn:
    def test_wrong_password_is_refused_and_right_one_accepted(self, app_client: TestClient) -> None:
        sign_up_person(app_client)
        app_client.cookies.clear()
        r = app_client.post(
            "/api/auth/signin",
            json={"email": "li.wei@alliance-demo.cn", "password": "wrong-pass-1"},
        )
        assert r.status_code == 401
        r = app_client.post(
            "/api/auth/signin", json={"email": "li.wei@alliance-demo.cn", "password": PASSWORD}
        )
        assert r.status_code == 200
        assert app_client.get("/api/auth/me").status_code == 200

    def test_repeated_failures_are_rate_limited(self, app_client: TestClient) -> None:
        sign_up_person(app_client)
        for _ in range(5):
            r = app_client.post(
                "/api/auth/signin",
                json={"email": "li.wei@alliance-demo.cn", "password": "nope-nope"},
            )
            assert r.status_code == 401
        r = app_client.post(
            "/api/auth/signin", json={"email": "li.wei@alliance-demo.cn", "password": PASSWORD}
        )
        assert r.status_code == 429, "even the right password waits out the lock"
        assert "try again" in r.json()["error"]["message"]


class TestCsrf:
    def test_state_changes_need_the_session_csrf_token(self, app_client: TestClient) -> None:
        body = sign_up_person(app_client)
        assert app_client.post("/api/auth/signout").status_code == 403
        assert (
            app_client.post("/api/auth/signout", headers={"x-csrf-token": "forged"}).status_code
            == 403
        )
        r = app_client.post("/api/auth/signout", headers={"x-csrf-token": body["csrf_token"]})
        assert r.status_code == 204
        assert app_client.get("/api/auth/me").status_code == 401


class TestPasswordReset:
    def _token(self, tmp_path: Path) -> str:
        mails = [json.loads(x) for x in (tmp_path / "mail.log").read_text().splitlines()]
        m = re.search(r"token: (\S+)", mails[-1]["body"])
        assert m
        return m.group(1)

    def test_reset_by_a_single_use_token_sent_by_mail(
        self, app_client: TestClient, tmp_path: Path
    ) -> None:
        sign_up_person(app_client)
        app_client.cookies.clear()
        r = app_client.post("/api/auth/reset/request", json={"email": "li.wei@alliance-demo.cn"})
        assert r.status_code == 202
        token = self._token(tmp_path)
        new = "新密码-shenbei-2026"
        assert (
            app_client.post(
                "/api/auth/reset/confirm", json={"token": token, "password": new}
            ).status_code
            == 204
        )
        again = app_client.post("/api/auth/reset/confirm", json={"token": token, "password": new})
        assert again.status_code == 422 and again.json()["error"]["field"] == "token"
        old = app_client.post(
            "/api/auth/signin", json={"email": "li.wei@alliance-demo.cn", "password": PASSWORD}
        )
        assert old.status_code == 401
        ok = app_client.post(
            "/api/auth/signin", json={"email": "li.wei@alliance-demo.cn", "password": new}
        )
        assert ok.status_code == 200

    def test_unknown_email_answers_the_same_and_sends_nothing(
        self, app_client: TestClient, tmp_path: Path
    ) -> None:
        r = app_client.post("/api/auth/reset/request", json={"email": "nobody@alliance-demo.cn"})
        assert r.status_code == 202
        assert not (tmp_path / "mail.log").exists()

    def test_requests_for_one_address_are_rate_limited_whether_or_not_it_exists(
        self, app_client: TestClient
    ) -> None:
        for email in ("nobody@alliance-demo.cn", "li.wei@alliance-demo.cn"):
            codes = [
                app_client.post("/api/auth/reset/request", json={"email": email}).status_code
                for _ in range(4)
            ]
            assert codes == [202, 202, 202, 429]

    def test_a_made_up_token_is_refused(self, app_client: TestClient) -> None:
        r = app_client.post(
            "/api/auth/reset/confirm", json={"token": "x" * 43, "password": "whatever-long-1"}
        )
        assert r.status_code == 422


class TestStaffApproval:
    def test_staff_approve_a_new_firm_and_its_hr_user(
        self, app_client: TestClient, store: GraphStore
    ) -> None:
        make_staff(store)
        r = app_client.post(
            "/api/auth/signup",
            json={
                "email": "hr@beifang-demo.cn",
                "password": PASSWORD,
                "role": "company",
                "display_name": "赵静",
                "uscc": "91210100MA0XY9876A",
                "firm_name_zh": "沈阳北方示范机器人有限公司",
            },
        )
        hr = r.json()
        assert hr["status"] == "pending"
        hr_csrf = {"x-csrf-token": hr["csrf_token"]}
        # the pending HR user cannot approve itself
        assert (
            app_client.put(
                f"/api/auth/users/{hr['id']}/status", json={"status": "active"}, headers=hr_csrf
            ).status_code
            == 403
        )
        assert (
            app_client.post(
                f"/api/members/Firm/{hr['org_id']}/approve", headers=hr_csrf
            ).status_code
            == 403
        )
        staff = TestClient(app_client.app)
        s = staff.post(
            "/api/auth/signin", json={"email": "staff@alliance-demo.cn", "password": PASSWORD}
        ).json()
        staff.headers["x-csrf-token"] = s["csrf_token"]
        assert [u["email"] for u in staff.get("/api/auth/pending").json()] == ["hr@beifang-demo.cn"]
        assert [m["id"] for m in staff.get("/api/members/pending").json()] == [hr["org_id"]]
        assert (
            staff.put(f"/api/auth/users/{hr['id']}/status", json={"status": "active"}).status_code
            == 204
        )
        assert staff.post(f"/api/members/Firm/{hr['org_id']}/approve").status_code == 204
        me = app_client.get("/api/auth/me").json()
        assert me["status"] == "active" and me["org_verified"] is True
        firms = staff.get("/api/members", params={"kind": "Firm"}).json()
        assert [f["id"] for f in firms["items"]] == [hr["org_id"]]
        assert staff.post("/api/members/Robot/x/approve").status_code == 422
        assert staff.post("/api/members/Firm/firm-nope/approve").status_code == 404
