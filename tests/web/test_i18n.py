"""Languages: every string a page shows comes from the catalogues.

Two checks. Statically, every message id in the templates and page code has a
Chinese translation (and coded values such as ``status:hired`` an English one).
Dynamically, every page route is visited in both languages, as the role it is
for, and fails on text left in the other language: data from the graph or a
user is marked ``translate="no"`` and skipped, everything else must be Chinese
on a Chinese page and English on an English one.
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from seed.importer import KINDS
from tests.resources.page_params import resource_params_fixture  # noqa: F401 (a fixture)
from tests.web.conftest import SignIn, soup
from tests.web.world import ACCOUNTS, COURSE, FIRM, NEED, PLACEMENT, SCHOOL, WORKER_ID
from web import TEMPLATES_DIR, WEB_DIR
from web.i18n import catalogue, coded_msgids
from web.pages import STATUS_MESSAGES
from web.pages.forms import _MESSAGES
from web.pages.nav import NAV, NOTICES, PUBLIC_NAV
from web.pages.operations import OPERATIONS, STEPS
from web.pages.routes import KIND_ORDER
from web.pages.routes import router as pages_router

_CALL = re.compile(r"""_\(\s*(["'])((?:(?!\1).)+)\1""")
# Acronyms that are the same in Chinese text (PLC编程, JSON 文件).
_SAME_IN_CHINESE = {"PLC", "CNC", "TIG", "JSON", "CSV", "HR"}
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def used_msgids() -> set[str]:
    ids: set[str] = set()
    for path in TEMPLATES_DIR.rglob("*.html"):
        ids |= {m.group(2) for m in _CALL.finditer(path.read_text(encoding="utf-8"))}
    for path in (WEB_DIR / "pages").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add_msgid"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                ids.add(str(node.args[1].value))
    ids = {i for i in ids if not re.fullmatch(r"[a-z]+:", i)}  # "status:" ~ value prefixes
    ids |= set(coded_msgids()) | set(KIND_ORDER)
    ids |= {label for links in NAV.values() for _, label in links}
    ids |= {label for _, label in PUBLIC_NAV}
    ids |= set(NOTICES.values()) | set(_MESSAGES.values()) | set(OPERATIONS.values())
    ids |= {step for steps in STEPS.values() for step in steps} | set(STATUS_MESSAGES.values())
    ids |= {f"import:{kind}" for kind in KINDS}
    return ids


class TestCatalogues:
    def test_every_message_has_a_chinese_translation(self) -> None:
        zh = catalogue("zh")
        missing = sorted(m for m in used_msgids() if not zh.get(m))
        assert not missing, f"add these to web/i18n/zh.po: {missing}"

    def test_coded_values_read_as_english(self) -> None:
        en = catalogue("en")
        coded = [*coded_msgids(), *KIND_ORDER, *(f"import:{kind}" for kind in KINDS)]
        missing = sorted(m for m in coded if not en.get(m))
        assert not missing, f"add these to web/i18n/en.po: {missing}"

    def test_placeholders_survive_translation(self) -> None:
        zh = catalogue("zh")
        for msgid in used_msgids():
            wanted = sorted(re.findall(r"%\((\w+)\)s", msgid))
            assert sorted(re.findall(r"%\((\w+)\)s", zh[msgid])) == wanted, msgid


def page_routes() -> Iterator[APIRoute]:
    def walk(routes: list[Any]) -> Iterator[APIRoute]:
        for r in routes:
            if isinstance(r, APIRoute):
                yield r
            elif hasattr(r, "original_router"):
                yield from walk(r.original_router.routes)

    for route in walk(list(pages_router.routes)):
        if "GET" in (route.methods or set()) and not route.path.startswith("/api/"):
            yield route


ROLE_BY_PREFIX = {
    "/my": "person",
    "/firm": "company",
    "/school": "school",
    "/park": "park",
    "/staff": "staff",
    "/notifications": "person",
    "/resources": "company",
}
PARAMS = {"vacancy_id": PLACEMENT, "course_id": COURSE, "person_id": WORKER_ID, "need_id": NEED}


def role_for(path: str) -> str | None:
    for prefix, role in ROLE_BY_PREFIX.items():
        if path == prefix or path.startswith(prefix + "/"):
            return role
    return None


def untranslated(page: BeautifulSoup, lang: str) -> list[str]:
    """Text nodes in the other language, outside ``translate="no"`` data."""
    found: list[str] = []
    body = page.body
    assert body is not None
    for node in body.find_all(string=True):
        if not isinstance(node, NavigableString) or not node.strip():
            continue
        parent = node.parent
        if parent is not None and parent.name in ("script", "style"):
            continue
        if any(isinstance(a, Tag) and a.get("translate") == "no" for a in node.parents):
            continue
        text = node.strip()
        if lang == "zh":
            words = [w for w in _LATIN_WORD.findall(text) if w not in _SAME_IN_CHINESE]
            if words:
                found.append(text)
        elif _CJK.search(text):
            found.append(text)
    return found


def finished(client: TestClient, progress_url: str) -> dict[str, Any]:
    for _ in range(600):
        state: dict[str, Any] = client.get(progress_url).json()
        if state["state"] != "running":
            return state
        time.sleep(0.1)
    raise AssertionError(f"{progress_url} still running")


@pytest.fixture
def job_id(sign_in: SignIn) -> str:
    staff = sign_in(ACCOUNTS["staff"])
    token = soup(staff.get("/staff/jobs").text).select_one('input[name="csrf_token"]')
    assert token is not None
    r = staff.post("/staff/jobs", data={"csrf_token": token["value"], "kind": "retrain"})
    assert r.status_code == 303
    return str(r.headers["location"]).rsplit("/", 1)[1]


@pytest.fixture
def job_ids(sign_in: SignIn, job_id: str) -> dict[str | None, str]:
    """A finished job each role may see: staff's retraining, and an import by the
    firm (with a rejected row and a fuzzy match to show) and by the school."""
    finished(sign_in(ACCOUNTS["staff"]), f"/staff/jobs/{job_id}/progress")
    files = {
        "company": (
            "/firm/import",
            "id,firm,title,kind,required,pay_min,pay_max\n"
            f"vac-i18n-1,{FIRM},数控车工助理,job,数控车床操做,4000,5000\n"
            f"vac-i18n-2,{FIRM},焊工,job,arc_welding,9000,3000\n",
        ),
        "school": (
            "/school/import",
            "id,provider,title_zh,title_en,skills,seats,hours\n"
            f"course-i18n-1,{SCHOOL},数控车床入门,CNC lathe basics,cnc_lathe_operation,20,40\n",
        ),
    }
    ids: dict[str | None, str] = {"staff": job_id}
    for role, (url, text) in files.items():
        client = sign_in(ACCOUNTS[role])
        token = soup(client.get(url).text).select_one('input[name="csrf_token"]')
        assert token is not None
        r = client.post(
            url,
            data={"csrf_token": token["value"], "skip_bad": "on"},
            files={"file": ("f.csv", text.encode(), "text/csv")},
        )
        assert r.status_code == 303, r.text
        ids[role] = str(r.headers["location"]).rsplit("/", 1)[1]
        finished(client, f"{r.headers['location']}/progress")
    return ids


class TestEveryPageInBothLanguages:
    def test_no_string_left_untranslated(
        self,
        app: FastAPI,
        sign_in: SignIn,
        job_ids: dict[str | None, str],
        resource_params: dict[str, str],
    ) -> None:
        clients = {role: sign_in(email) for role, email in ACCOUNTS.items()}
        anonymous = TestClient(app, follow_redirects=False)
        visited = []
        for route in page_routes():
            role = role_for(route.path)
            params = {**PARAMS, "job_id": job_ids.get(role, ""), **resource_params}
            path = route.path_format.format(**{k: params[k] for k in route.param_convertors})
            client = clients[role] if role else anonymous
            for lang in ("zh", "en"):
                r = client.get(path, params={"lang": lang})
                if not r.headers["content-type"].startswith("text/html"):
                    continue
                assert r.status_code == 200, (path, lang, r.status_code, r.text[:300])
                page = soup(r.text)
                assert page.html is not None
                assert page.html["lang"] == ("zh-CN" if lang == "zh" else "en")
                left = untranslated(page, lang)
                assert not left, f"{path} ({lang}) shows untranslated text: {left}"
                # every form on a page posts to a page route, never to the JSON API
                for form in page.select("form[method=post]"):
                    assert not str(form["action"]).startswith("/api/"), (path, form["action"])
                visited.append((path, lang))
        # every role's navigation was among the pages visited
        for links in NAV.values():
            for endpoint, _ in links:
                assert any(p == app.url_path_for(endpoint) for p, _ in visited), endpoint
        assert len(visited) >= 60

    def test_error_pages_speak_the_users_language(self, app: FastAPI) -> None:
        client = TestClient(app)
        zh = soup(client.get("/vacancies/vac-nope", headers={"accept": "text/html"}).text)
        assert zh.select_one("p.error").get_text() == "没有该岗位"  # type: ignore[union-attr]
        assert not untranslated(zh, "zh")
        en = soup(client.get("/vacancies/vac-nope?lang=en", headers={"accept": "text/html"}).text)
        assert en.select_one("p.error").get_text() == "no vacancy 'vac-nope'"  # type: ignore[union-attr]
        assert not untranslated(en, "en")

    def test_the_switch_keeps_the_page_and_its_filters(self, app: FastAPI) -> None:
        page = soup(TestClient(app).get("/vacancies?kind=placement&q=焊接").text)
        english = page.select_one('nav.langs a[lang="en"]')
        assert english is not None
        href = str(english["href"])
        assert "kind=placement" in href and "lang=en" in href and "/vacancies" in href


class TestLongOperations:
    def test_retraining_shows_progress_until_done(self, sign_in: SignIn, job_id: str) -> None:
        staff = sign_in(ACCOUNTS["staff"])
        page = soup(staff.get(f"/staff/jobs/{job_id}").text)
        box = page.select_one("[data-progress-url]")
        assert box is not None and box.select_one("progress") is not None
        seen: list[float] = []
        for _ in range(240):
            state = staff.get(str(box["data-progress-url"])).json()
            seen.append(state["progress"])
            if state["state"] != "running":
                break
            time.sleep(0.25)
        assert state["state"] == "done", state
        assert seen == sorted(seen) and seen[-1] == 1.0
        assert state["result"]["vacancies_indexed"] == 2
        done = soup(staff.get(f"/staff/jobs/{job_id}").text)
        assert done.select_one("[data-job-result]") is not None
        # the gate's decision is shown: too few outcomes in this world, so no model
        assert state["result"]["ranker"]["use_model"] is False
        assert done.select_one('[data-ranker="transparent"]') is not None


def test_catalogue_files_are_where_the_app_reads_them() -> None:
    assert (Path(WEB_DIR) / "i18n" / "zh.po").exists()
