"""CSCO 2022 level-4 occupations, read from ``seed/data/csco22.csv``.

Profiles name occupations by code; the engine needs to know a code exists and
what it is called. The file is read once.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import yaml

CSCO_FILE = Path(__file__).resolve().parents[2] / "seed" / "data" / "csco22.csv"
# English names of CSCO occupations, the same file the graph's Occupation.name_en come from.
ENGLISH_FILE = CSCO_FILE.with_name("occupations_en.yaml")
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


@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """Level-4 code -> English name, for the occupations that have one."""
    raw = yaml.safe_load(ENGLISH_FILE.read_text(encoding="utf-8")) or {}
    return {str(code): str(name) for code, name in raw.items() if name}


def occupation_name_en(code: str | None) -> str | None:
    if code is None:
        return None
    return english_names().get(code)
