"""CSCO 2022 level-4 occupations, read from ``seed/data/csco22.csv``.

Profiles name occupations by code; the engine needs to know a code exists and
what it is called. The file is read once.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

CSCO_FILE = Path(__file__).resolve().parents[2] / "seed" / "data" / "csco22.csv"
CODE_PATTERN = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")
# CSCO 2022 marks green (L) and digital (S) occupations with a suffix on the name.
_MARKER = re.compile(r"(L/S|L|S)$")


def clean_name(raw: str) -> str:
    return _MARKER.sub("", raw.strip())


@lru_cache(maxsize=1)
def occupations() -> dict[str, str]:
    """Level-4 code -> Chinese name (green/digital markers removed)."""
    with CSCO_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: clean_name(row["name"])
            for row in csv.DictReader(handle)
            if row["level"] == "4"
        }


def occupation_name(code: str | None) -> str | None:
    if code is None:
        return None
    return occupations().get(code)
