"""Helpers for the pathways tests: build a profile, run it, pick an option."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from backend.pathways.service import check

SEEDS = Path("/work/shared/seeds")

BASE: dict[str, Any] = {
    "id": "p",
    "region": "national",
    "as_of": "2025-03-01",
    "titles": [],
    "skill_levels": [],
    "relevant_experience_years": 0,
    "honors": [],
    "education": [],
    "professional_certificates": [],
}


def profile(**fields: Any) -> dict[str, Any]:
    """A complete, valid profile with the given fields replaced."""
    p = copy.deepcopy(BASE)
    p.update(fields)
    return p


def run(p: dict[str, Any]) -> dict[str, Any]:
    return check(p)[0]


def options(result: dict[str, Any], track: str, level: str, **match: Any) -> list[dict[str, Any]]:
    return [
        o
        for o in result["options"]
        if o["track"] == track
        and o["level"] == level
        and all(o.get(k) == v for k, v in match.items())
    ]


def option(result: dict[str, Any], track: str, level: str, **match: Any) -> dict[str, Any]:
    found = options(result, track, level, **match)
    assert len(found) == 1, f"expected one {track}/{level} {match}, got {result['options']}"
    return found[0]


def notice_ids(result: dict[str, Any]) -> set[str]:
    return {n["rule"] for n in result["notices"]}
