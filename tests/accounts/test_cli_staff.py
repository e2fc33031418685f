"""`alliance users create-staff`: the only way to make a staff account."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from backend.graph.embedded_store import EmbeddedStore
from seed.generate import skeleton
from seed.loader import load


def run(folder: Path, *args: str, password: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ALLIANCE_GRAPH_URI": f"embedded://{folder}",
        "ALLIANCE_NEW_PASSWORD": password,
    }
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", "users", "create-staff", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_create_staff_then_refuse_a_duplicate_and_a_short_password(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    store = EmbeddedStore(folder)
    store.ensure_schema()
    load(store, skeleton())
    store.close()
    ok = run(folder, "--email", "Li.Na@hrss-demo.cn", password="shenyang-staff-2026")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["email"] == "li.na@hrss-demo.cn"
    again = run(folder, "--email", "li.na@hrss-demo.cn", password="shenyang-staff-2026")
    assert again.returncode == 2 and "already exists" in again.stderr
    short = run(folder, "--email", "x@hrss-demo.cn", password="short")
    assert short.returncode == 2 and short.stderr.startswith("error: password:")
    assert "Traceback" not in short.stderr
