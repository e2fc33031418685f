"""The members page, parsed as HTML, in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph.store import GraphStore
from seed.generate import skeleton
from seed.loader import load


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    load(store, skeleton())
    with TestClient(create_app(store=store)) as c:
        yield c


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


class TestMembersPage:
    def test_lists_every_member_from_the_graph(self, client: TestClient) -> None:
        api = client.get("/api/members").json()
        page = soup(client.get("/").text)
        ids = {li["data-id"] for li in page.select("li.member")}
        assert ids == {m["id"] for m in api["items"]}
        assert page.select_one("[data-total]")["data-total"] == str(api["total"])  # type: ignore[index]

    def test_chinese_by_default_and_english_one_click_away(self, client: TestClient) -> None:
        zh = soup(client.get("/").text)
        assert zh.html["lang"] == "zh-CN"  # type: ignore[index]
        assert zh.h1.get_text() == "联盟成员"  # type: ignore[union-attr]
        assert "沈阳浑南科技城" in zh.get_text()
        r = client.get("/", params={"lang": "en"})
        en = soup(r.text)
        assert en.html["lang"] == "en"  # type: ignore[index]
        assert en.h1.get_text() == "Alliance members"  # type: ignore[union-attr]
        assert "Shenyang Hunnan Science City" in en.get_text()
        # the choice is remembered
        assert r.cookies.get("lang") == "en"
        again = soup(client.get("/").text)
        assert again.html["lang"] == "en"  # type: ignore[index]

    def test_accept_language_picks_english(self, client: TestClient) -> None:
        client.cookies.clear()
        page = soup(client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).text)
        assert page.html["lang"] == "en"  # type: ignore[index]

    def test_phone_viewport_and_local_assets_only(self, client: TestClient) -> None:
        page = soup(client.get("/").text)
        assert page.select_one('meta[name="viewport"]') is not None
        for link in page.select("link[href], script[src]"):
            url = link.get("href") or link.get("src")
            assert str(url).startswith(("/", "http://testserver/")), url
        css = page.select_one('link[rel="stylesheet"]')
        assert client.get(str(css["href"])).status_code == 200  # type: ignore[index]
