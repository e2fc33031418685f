"""Browser tests: the app served by uvicorn in a thread on a free local port,
against the embedded store loaded with the small world, driven by Debian's
Chromium through Playwright (a browser download fails here, and CI installs
the ``chromium`` package instead)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from backend.graph.store import GraphStore
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy
from tests.web.conftest import coder, make_app, taxonomy
from tests.web.world import build

__all__ = ["coder", "taxonomy"]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def base_url(
    embedded_session_store: GraphStore,
    tmp_path: Path,
    taxonomy: Taxonomy,
    coder: OccupationCoder,
) -> Iterator[str]:
    store = embedded_session_store
    store.wipe()
    build(store, taxonomy)
    app = make_app(store, tmp_path, taxonomy, coder)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package "
            "(apt-get install -y chromium fonts-noto-cjk)",
            pytrace=False,
        )
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: docs/screenshots when ALLIANCE_SCREENSHOTS names it
    (scripts regenerate the README's pictures this way), else a temporary folder."""
    target = os.environ.get("ALLIANCE_SCREENSHOTS")
    out = Path(target) if target else tmp_path / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out
