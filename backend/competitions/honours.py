"""What a competition result is worth elsewhere: its award from the rank, the
pathways honour it gives, and its skill-bank points. Plain data and functions.

The mapping to the pathways profile's ``honors`` (backend/pathways/ladders.py):
- a WorldSkills gold, silver or bronze medal -> ``worldskills_medal`` (G4);
- a first, second or third prize at a national competition ->
  ``national_skills_competition_winner`` (G4);
- anything else (enterprise, city, provincial results; excellence awards;
  taking part) gives no honour: it stays on the record as a credential and
  counts in the skill bank where the scheme gives points.
"""

from __future__ import annotations

from typing import Literal

from backend.pathways.ladders import Honor
from backend.pathways.skillbank import default_scheme

CompetitionLevel = Literal["enterprise", "city", "provincial", "national", "worldskills"]
Award = Literal["gold", "silver", "bronze", "first", "second", "third", "excellence", "participant"]
LEVELS: tuple[str, ...] = ("enterprise", "city", "provincial", "national", "worldskills")

AWARD_NAMES: dict[str, tuple[str, str]] = {
    "gold": ("金牌", "Gold medal"),
    "silver": ("银牌", "Silver medal"),
    "bronze": ("铜牌", "Bronze medal"),
    "first": ("一等奖", "First prize"),
    "second": ("二等奖", "Second prize"),
    "third": ("三等奖", "Third prize"),
    "excellence": ("优秀奖", "Honourable mention"),
    "participant": ("参赛", "Participant"),
}
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "enterprise": ("企业技能比武", "enterprise contest"),
    "city": ("市级", "city"),
    "provincial": ("省级", "provincial"),
    "national": ("国家级", "national"),
    "worldskills": ("世界技能大赛", "WorldSkills"),
}
MEDALS = ("gold", "silver", "bronze", "excellence", "participant")
PRIZES = ("first", "second", "third", "excellence", "participant")


def allowed_awards(level: str) -> tuple[str, ...]:
    return MEDALS if level == "worldskills" else PRIZES


def award_for_rank(level: str, rank: int) -> str:
    """The seed's cut-offs: 1st; 2nd-3rd; 4th-6th; up to 15th an honourable
    mention. WorldSkills gives one gold, silver and bronze."""
    if level == "worldskills":
        return {1: "gold", 2: "silver", 3: "bronze"}.get(
            rank, "excellence" if rank <= 15 else "participant"
        )
    if rank <= 1:
        return "first"
    if rank <= 3:
        return "second"
    if rank <= 6:
        return "third"
    return "excellence" if rank <= 15 else "participant"


def honour(level: str, award: str) -> Honor | None:
    if level == "worldskills" and award in ("gold", "silver", "bronze"):
        return "worldskills_medal"
    if level == "national" and award in ("first", "second", "third"):
        return "national_skills_competition_winner"
    return None


# The skill bank's levels are world | national | provincial | city; it gives
# enterprise contests nothing.
SKILLBANK_LEVEL = {
    "worldskills": "world",
    "national": "national",
    "provincial": "provincial",
    "city": "city",
}


def points(level: str, award: str) -> float | None:
    table = default_scheme().competitions.get(SKILLBANK_LEVEL.get(level, ""), {})  # type: ignore[call-overload]
    value = table.get(award)
    return float(value) if value is not None else None
