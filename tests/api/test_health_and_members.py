"""The thin slice through the app: health and the members API, on both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
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


class TestHealth:
    def test_health_reports_the_store_kind_and_that_it_answers(
        self, client: TestClient, store: GraphStore
    ) -> None:
        body = client.get("/health").json()
        assert body["store"] == store.kind
        assert body["store_ok"] is True
        assert body["status"] == "ok"


class TestMembersApi:
    def test_lists_members_with_kind_filter_and_pagination(self, client: TestClient) -> None:
        everyone = client.get("/api/members").json()
        kinds = {m["kind"] for m in everyone["items"]}
        assert {"GovernmentBody", "Park"} <= kinds
        parks = client.get("/api/members", params={"kind": "Park"}).json()
        assert parks["total"] == len([m for m in everyone["items"] if m["kind"] == "Park"])
        assert all(m["kind"] == "Park" for m in parks["items"])
        page = client.get("/api/members", params={"limit": 1, "skip": 1}).json()
        assert len(page["items"]) == 1
        assert page["items"][0] == everyone["items"][1]

    def test_bad_query_parameters_get_a_422_naming_the_field(self, client: TestClient) -> None:
        r = client.get("/api/members", params={"limit": 0})
        assert r.status_code == 422
        assert r.json()["error"]["field"] == "limit"
        r = client.get("/api/members", params={"kind": "Robot"})
        assert r.status_code == 422
        assert r.json()["error"]["field"] == "kind"


def test_an_empty_graph_says_to_seed_first(store: GraphStore) -> None:
    with TestClient(create_app(store=store)) as c:
        r = c.get("/api/members")
    assert r.status_code == 404
    assert "alliance seed" in r.json()["error"]["message"]
