"""One process owns an embedded graph folder; a second one is told what to do."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.errors import StoreUnavailable
from backend.graph.embedded_store import EmbeddedStore

HOLDER = """
import sys, time
from pathlib import Path
from backend.graph.embedded_store import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
store.ensure_schema()
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


@pytest.fixture
def held_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "graph"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield folder
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def test_a_second_process_fails_at_once_with_a_message(held_folder: Path) -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as err:
        EmbeddedStore(held_folder)
    assert time.monotonic() - started < 5, "must fail at once, not hang"
    assert "in use by another process" in err.value.message
    assert "Stop that process first" in err.value.message


def test_the_cli_reports_it_without_a_traceback(held_folder: Path) -> None:
    env = {**os.environ, "ALLIANCE_GRAPH_URI": f"embedded://{held_folder}"}
    proc = subprocess.run(
        [sys.executable, "-m", "backend.cli", "graph", "stats"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: The embedded graph")
    assert "Traceback" not in proc.stderr
