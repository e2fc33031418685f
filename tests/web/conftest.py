"""Fixtures for the page tests: the world, an app with the taxonomy and the
occupation coder loaded once per session, and clients signed in through the
sign-in form (so their CSRF token is the one a page would carry)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.graph.store import GraphStore
from backend.settings import PROJECT_ROOT, Settings
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy
from tests.helpers import PASSWORD
from tests.web.world import build

TAXONOMY = PROJECT_ROOT / "seed" / "data" / "taxonomy.json"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return Taxonomy.from_file(TAXONOMY)


@pytest.fixture(scope="session")
def coder(taxonomy: Taxonomy) -> OccupationCoder:
    return OccupationCoder(taxonomy).fit()


def make_app(
    store: GraphStore, tmp_path: Path, taxonomy: Taxonomy, coder: OccupationCoder
) -> FastAPI:
    settings = Settings(environment="test", var_dir=tmp_path, graph_uri="embedded:///unused")
    app = create_app(settings, store=store)
    # loaded once per session instead of once per app (about 8 s together)
    app.state.taxonomy = taxonomy
    app.state.occupation_coder = coder
    return app


@pytest.fixture
def app(
    store: GraphStore, tmp_path: Path, taxonomy: Taxonomy, coder: OccupationCoder
) -> Iterator[FastAPI]:
    build(store, taxonomy)
    application = make_app(store, tmp_path, taxonomy, coder)
    with TestClient(application):
        yield application


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def csrf_of(page: BeautifulSoup) -> str:
    field = page.select_one('input[name="csrf_token"]')
    assert field is not None, "the page has no form with a CSRF token"
    return str(field["value"])


SignIn = Callable[[str], TestClient]


@pytest.fixture
def sign_in(app: FastAPI) -> SignIn:
    """A browser-like client signed in through the sign-in form, in Chinese."""

    def _sign_in(email: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        client.headers["accept"] = "text/html"
        r = client.post("/signin", data={"email": email, "password": PASSWORD})
        assert r.status_code == 303, r.text
        return client

    return _sign_in
