"""Templates build every link with ``url_for(name)``, which answers with the first
route of that name: an API route named like a page would steal the page's links."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute

from backend.app import create_app


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "original_router"):
            yield from _routes(r.original_router.routes)
        elif hasattr(r, "routes"):
            yield from _routes(r.routes)


def test_no_page_route_shares_its_name_with_another_route() -> None:
    routes = list(_routes(create_app().routes))
    pages = [r for r in routes if not r.path.startswith("/api/")]
    for page in pages:
        others = [r.path for r in routes if r.name == page.name and r.path != page.path]
        assert not others, f"page {page.path} is named {page.name!r} like {others}"
