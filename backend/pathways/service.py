"""The entry point every caller uses: API route, web page, CLI, graph services.

``check(raw)`` takes decoded JSON (one profile or an array), validates it and
returns plain JSON-ready dicts in the same order. ``evaluate_profile`` is for
callers that already hold a ``Profile`` (e.g. one built from the graph).
"""

from __future__ import annotations

from typing import Any

from backend.pathways.engine import evaluate
from backend.pathways.rulebook import default_correspondence, default_rulebooks
from backend.pathways.schemas import PathwayResult, Profile, parse_profiles


def evaluate_profile(profile: Profile) -> PathwayResult:
    return evaluate(profile, default_rulebooks()[profile.region], default_correspondence())


def check(raw: Any) -> list[dict[str, Any]]:
    """Results for one profile or an array of them, always as an array.

    Raises ``InvalidInput`` (422) naming the first bad field; nothing is
    evaluated unless every profile is valid.
    """
    profiles, _ = parse_profiles(raw)
    return [evaluate_profile(p).model_dump(mode="json") for p in profiles]
