"""Plain data in and out of the matcher. No behaviour beyond validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["job", "placement", "apprenticeship"]
KINDS: tuple[str, ...] = ("job", "placement", "apprenticeship")
# The parts of a score, in the order ``Reasons.parts`` and the learned ranker use.
PARTS: tuple[str, ...] = ("text", "title", "semantic", "summary", "skills", "occupation")


@dataclass(frozen=True)
class Requirement:
    """A skill a vacancy asks for.

    ``importance`` in (0, 1] weighs it in the coverage; ``level`` is the national
    vocational skill level wanted (5 junior worker ... 1 senior technician), or None.
    """

    skill: str
    importance: float = 1.0
    level: int | None = None

    def __post_init__(self) -> None:
        if not self.skill.strip():
            raise ValueError("requirement skill must not be empty")
        if not 0.0 < self.importance <= 1.0:
            raise ValueError(f"importance of {self.skill!r} must be in (0, 1]")
        if self.level is not None and not 1 <= self.level <= 5:
            raise ValueError(
                f"level of {self.skill!r} must be 1..5 (5 junior, 1 senior technician)"
            )


@dataclass(frozen=True)
class VacancyDoc:
    id: str
    title: str
    description: str = ""
    skills: tuple[str, ...] = ()
    required: tuple[Requirement, ...] = ()
    kind: str = "job"
    park: str | None = None
    location: str | None = None
    occupation: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("vacancy id must not be empty")
        if not self.title.strip():
            raise ValueError(f"vacancy {self.id!r} has an empty title")
        if self.kind not in KINDS:
            raise ValueError(f"vacancy {self.id!r}: kind must be one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class PersonDoc:
    """A person as the matcher sees them: skills as free text or taxonomy ids.

    ``levels`` maps a skill id to the person's vocational level (5..1).
    """

    id: str
    skills: tuple[str, ...] = ()
    text: str = ""
    park: str | None = None
    location: str | None = None
    visible: bool = True
    levels: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("person id must not be empty")


@dataclass(frozen=True)
class SkillMatch:
    skill: str
    label: str
    credit: float
    contribution: float
    via: str | None = None  # the person's related skill, when matched through the taxonomy
    via_label: str | None = None
    # importance x credit / total importance: the share of what the vacancy asks for
    # that this skill covers (0..1), before any weight; a learned ranker leaves it alone
    share: float = 0.0


@dataclass(frozen=True)
class MissingSkill:
    skill: str
    label: str
    importance: float


@dataclass(frozen=True)
class Reasons:
    """Every part of a score. ``total`` is exactly the score that ranked the item.

    Text parts are contributions after the per-query normalisation (see
    ``matching.jobs``). ``learned`` holds the per-part multipliers of a learned
    ranker when one re-weighted the parts (``PARTS`` order); empty otherwise.
    """

    matched: tuple[SkillMatch, ...] = ()
    related: tuple[SkillMatch, ...] = ()
    missing: tuple[MissingSkill, ...] = ()
    text: float = 0.0
    title: float = 0.0
    semantic: float = 0.0
    occupation: float = 0.0
    summary: float = 0.0
    learned: tuple[float, ...] = ()
    # how well the person's skills point to the vacancy's occupation (0..1), before
    # any weight: ``occupation`` is this times the part's weight
    occupation_fit: float = 0.0

    @property
    def skills(self) -> float:
        return sum(m.contribution for m in (*self.matched, *self.related))

    @property
    def total(self) -> float:
        return self.skills + self.text + self.title + self.semantic + self.summary + self.occupation

    def parts(self) -> tuple[float, ...]:
        """The score's parts in ``PARTS`` order; they sum to ``total``."""
        return (self.text, self.title, self.semantic, self.summary, self.skills, self.occupation)

    def to_dict(self) -> dict[str, object]:
        return {
            "matched": [
                {"skill": m.skill, "label": m.label, "contribution": round(m.contribution, 4)}
                for m in self.matched
            ],
            "related": [
                {
                    "skill": m.skill,
                    "label": m.label,
                    "via": m.via,
                    "via_label": m.via_label,
                    "contribution": round(m.contribution, 4),
                }
                for m in self.related
            ],
            "missing": [
                {"skill": m.skill, "label": m.label, "importance": m.importance}
                for m in self.missing
            ],
            "text": round(self.text, 4),
            "title": round(self.title, 4),
            "semantic": round(self.semantic, 4),
            "summary": round(self.summary, 4),
            "occupation": round(self.occupation, 4),
            "learned": bool(self.learned),
        }


@dataclass(frozen=True)
class Fit:
    """A bounded, user-facing figure for a pair: how much of what the vacancy asks
    for the person brings, 0-100 (never negative).

    Its parts are the skill reasons and the occupation, as whole points:
    ``sum(skills.values()) + occupation == total`` exactly. The words of a profile
    rank vacancies (the score) but are not part of the fit: a shared word is not a
    shared skill.
    """

    total: int
    skills: dict[str, int] = field(default_factory=dict)  # skill id -> points
    occupation: int = 0


@dataclass(frozen=True)
class Recommendation:
    id: str  # a vacancy id from JobMatcher, a person id from CandidateMatcher
    score: float
    reasons: Reasons
