"""Rules and the correspondence, read from YAML and checked on load.

A region file lists its rules; a city file ``extends`` the national one, adds
rules and may replace national ones (``overrides``). Only the vocabulary of
conditions and targets lives in code (``conditions.py``, ``engine.py``); which
rule uses which condition, with which numbers, from which date, lives in the
files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backend.pathways.ladders import (
    SKILL_LEVELS,
    TITLE_LEVELS,
    Exemption,
    Honor,
    Region,
    Route,
    SkillLevel,
    TitleLevel,
    Track,
    rank,
)
from backend.pathways.occupations import occupation_name, occupation_name_en

RULES_DIR = Path(__file__).resolve().parent / "rules"
CORRESPONDENCE_FILE = Path(__file__).resolve().parent / "correspondence.yaml"
REGIONS: tuple[Region, ...] = ("national", "shenyang", "guangzhou", "shenzhen")


class RulebookError(Exception):
    """A rule file is malformed; raised on load, never at request time."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class InterpretationDef(_Strict):
    id: str
    part: str
    zh: str
    en: str
    # Relevant only when the target came from a record at one of these levels
    # (e.g. N5's reading of senior titles matters only to their holders).
    when_anchor_level: tuple[str, ...] | None = None


class SourceRef(_Strict):
    document: str
    sentence: str = Field(min_length=10)


class DocumentDef(_Strict):
    seed: str
    title: Text
    reported: str


class InForce(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: date = Field(alias="from")
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        if self.until is not None and self.until < self.start:
            raise ValueError("in_force.until is before in_force.from")
        return self

    def covers(self, day: date) -> bool:
        """Whether the rule is in force on ``day`` (``until`` is the last day)."""
        return self.start <= day and (self.until is None or day <= self.until)


# --- Conditions -------------------------------------------------------------
# Each names a fact about the person (or the record the target came from).


class HoldsTitle(_Strict):
    kind: Literal["holds_title"]
    min_level: TitleLevel | None = None
    series: tuple[str, ...] | None = None
    specialties: tuple[str, ...] | None = None


class HoldsSkillLevel(_Strict):
    kind: Literal["holds_skill_level"]
    min_level: SkillLevel


class YearsSinceObtained(_Strict):
    """Counted from the ``obtained`` date of the record the target comes from."""

    kind: Literal["years_since_obtained"]
    years: int = Field(ge=1)


class RelevantExperience(_Strict):
    """Counted on ``relevant_experience_years``: for rules with no anchor date."""

    kind: Literal["relevant_experience"]
    years: float = Field(gt=0)


class ExperienceInRegion(_Strict):
    kind: Literal["experience_in_region"]
    years: float = Field(gt=0)


class HonorAny(_Strict):
    kind: Literal["honor_any"]
    honors: tuple[Honor, ...] = Field(min_length=1)


class EmployerSelfAssessment(_Strict):
    kind: Literal["employer_self_assessment"]


class CurrentOccupation(_Strict):
    kind: Literal["current_occupation"]


class OccupationInTitleSpecialty(_Strict):
    """The target occupation belongs to the anchor title's specialty."""

    kind: Literal["occupation_in_title_specialty"]


class OccupationInSeries(_Strict):
    """The anchor skill's occupation corresponds to one of these title series."""

    kind: Literal["occupation_in_series"]
    series: tuple[str, ...] = Field(min_length=1)


class RelatedGraduationCertificate(_Strict):
    kind: Literal["related_graduation_certificate"]


class RelatedProfessionalCertificate(_Strict):
    kind: Literal["related_professional_certificate"]


class HasOption(_Strict):
    """For notices: the result offers a step on this track (eligible now or later)."""

    kind: Literal["has_option"]
    track: Track
    min_level: str | None = None

    @model_validator(mode="after")
    def _level_on_track(self) -> HasOption:
        ladder = TITLE_LEVELS if self.track == "title" else SKILL_LEVELS
        if self.min_level is not None and self.min_level not in ladder:
            raise ValueError(f"{self.min_level!r} is not a level on the {self.track} ladder")
        return self


Condition = Annotated[
    HoldsTitle
    | HoldsSkillLevel
    | YearsSinceObtained
    | RelevantExperience
    | ExperienceInRegion
    | HonorAny
    | EmployerSelfAssessment
    | CurrentOccupation
    | OccupationInTitleSpecialty
    | OccupationInSeries
    | RelatedGraduationCertificate
    | RelatedProfessionalCertificate,
    Field(discriminator="kind"),
]
Trigger = Annotated[
    HoldsTitle
    | HoldsSkillLevel
    | HonorAny
    | EmployerSelfAssessment
    | RelatedGraduationCertificate
    | RelatedProfessionalCertificate
    | HasOption,
    Field(discriminator="kind"),
]

# --- Targets ----------------------------------------------------------------
# Which level a rule opens, worked out from the person's record.


class LevelsTarget(_Strict):
    kind: Literal["levels"]
    levels: tuple[TitleLevel, ...] = Field(min_length=1)


class FromTitleTarget(_Strict):
    """Skill level from a title held ("correspondence" = the level table)."""

    kind: Literal["from_title"]
    map: Literal["correspondence"] | dict[TitleLevel, SkillLevel]


class FromSkillTarget(_Strict):
    """Title level from a skill level held."""

    kind: Literal["from_skill"]
    map: Literal["correspondence"] | dict[SkillLevel, TitleLevel]


class NextSkillLevelTarget(_Strict):
    kind: Literal["next_skill_level"]
    max_level: SkillLevel


class ByHonorTarget(_Strict):
    kind: Literal["by_honor"]
    levels: dict[Honor, SkillLevel] = Field(min_length=1)


Target = Annotated[
    LevelsTarget | FromTitleTarget | FromSkillTarget | NextSkillLevelTarget | ByHonorTarget,
    Field(discriminator="kind"),
]
ANCHORED_TARGETS = ("from_title", "from_skill", "next_skill_level")
TARGET_TRACK: dict[str, Track] = {
    "levels": "title",
    "from_title": "skill_level",
    "from_skill": "title",
    "next_skill_level": "skill_level",
    "by_honor": "skill_level",
}


class _RuleBase(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*(-[a-z]+)?$")
    title: Text
    sources: tuple[SourceRef, ...] = Field(min_length=1)
    in_force: InForce | None = None
    interpretations: tuple[InterpretationDef, ...] = ()
    overrides: tuple[str, ...] = ()


class GrantRule(_RuleBase):
    """Opens a level on a ladder when its conditions hold: the engine decides it."""

    kind: Literal["grant"]
    track: Track
    route: Route
    target: Target
    conditions: tuple[Condition, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> GrantRule:
        if TARGET_TRACK[self.target.kind] != self.track:
            raise ValueError(f"target {self.target.kind} opens the wrong track for {self.track}")
        kinds = {c.kind for c in self.conditions}
        if "years_since_obtained" in kinds and self.target.kind not in ANCHORED_TARGETS:
            raise ValueError("years_since_obtained needs a target that comes from a record")
        if "occupation_in_title_specialty" in kinds and self.target.kind != "from_title":
            raise ValueError("occupation_in_title_specialty needs a from_title target")
        if "occupation_in_series" in kinds and self.target.kind != "from_skill":
            raise ValueError("occupation_in_series needs a from_skill target")
        # An anchored target with no qualifying record must still say what is
        # missing, which is the job of the matching holds_* condition.
        needed = {"from_title": "holds_title", "from_skill": "holds_skill_level"}
        need = needed.get(self.target.kind)
        if need is not None and need not in kinds:
            raise ValueError(f"a {self.target.kind} target needs a {need} condition")
        return self


class AppliesTo(_Strict):
    track: Track
    rules: tuple[str, ...] = Field(min_length=1)


class ExemptionRule(_RuleBase):
    """Waives part of an evaluation on the options some grant rules open: decided."""

    kind: Literal["exemption"]
    exemptions: tuple[Exemption, ...] = Field(min_length=1)
    applies_to: AppliesTo
    conditions: tuple[Trigger, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _person_only(self) -> ExemptionRule:
        if any(c.kind == "has_option" for c in self.conditions):
            raise ValueError("an exemption's conditions are about the person, not the options")
        return self


class NoticeRule(_RuleBase):
    """Grants nothing; shown with the result when any ``when`` trigger holds."""

    kind: Literal["notice"]
    text: Text
    when: tuple[Trigger, ...] = ()


Rule = Annotated[GrantRule | ExemptionRule | NoticeRule, Field(discriminator="kind")]


class RegionFile(_Strict):
    region: Region
    version: str
    updated: date
    name: Text
    extends: Region | None
    documents: dict[str, DocumentDef]
    in_force: InForce
    interpretations: tuple[InterpretationDef, ...] = ()
    rules: tuple[Rule, ...]


# --- Resolved rules ---------------------------------------------------------


@dataclass(frozen=True)
class Source:
    rule: str
    document: str
    seed: str
    title: Text
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "document": self.document,
            "title": self.title.model_dump(),
            "seed": self.seed,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class ResolvedRule:
    """A rule with its region's defaults filled in and its sources looked up."""

    rule: GrantRule | ExemptionRule | NoticeRule
    region: Region
    in_force: InForce
    sources: tuple[Source, ...]
    interpretations: tuple[InterpretationDef, ...]

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Rulebook:
    """The rules that apply in one region: its own plus those it inherits."""

    region: Region
    versions: dict[str, str]
    rules: tuple[ResolvedRule, ...]
    replaced: dict[str, str] = field(default_factory=dict)

    def in_force(self, day: date) -> list[ResolvedRule]:
        """Rules in force on ``day``; a replaced rule stands down only while its
        replacement is itself in force (before that, it still applies)."""
        by_id = {r.id: r for r in self.rules}
        return [
            r
            for r in self.rules
            if r.in_force.covers(day)
            and not (r.id in self.replaced and by_id[self.replaced[r.id]].in_force.covers(day))
        ]

    def get(self, rule_id: str) -> ResolvedRule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulebookError(f"{path}: cannot read: {exc}") from exc


def load_region_file(path: Path) -> RegionFile:
    try:
        return RegionFile.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise RulebookError(f"{path}: {exc}") from exc


def _resolve(region_file: RegionFile) -> list[ResolvedRule]:
    resolved: list[ResolvedRule] = []
    for rule in region_file.rules:
        sources = []
        for ref in rule.sources:
            doc = region_file.documents.get(ref.document)
            if doc is None:
                raise RulebookError(f"{region_file.region}: rule {rule.id}: unknown document")
            sources.append(Source(rule.id, ref.document, doc.seed, doc.title, ref.sentence))
        # A rule that keeps the file's dates also carries the file's date
        # interpretations (e.g. the national report has no year).
        own_dates = rule.in_force is not None
        resolved.append(
            ResolvedRule(
                rule=rule,
                region=region_file.region,
                in_force=rule.in_force or region_file.in_force,
                sources=tuple(sources),
                interpretations=rule.interpretations
                + (() if own_dates else region_file.interpretations),
            )
        )
    return resolved


def build_rulebook(files: dict[str, RegionFile], region: Region) -> Rulebook:
    """Walk ``extends`` from the root down; a child's rule replaces any it overrides."""
    chain: list[RegionFile] = []
    current: Region | None = region
    while current is not None:
        if current not in files:
            raise RulebookError(f"no rule file for region {current!r}")
        if any(f.region == current for f in chain):
            raise RulebookError(f"region {current!r} extends itself")
        chain.append(files[current])
        current = files[current].extends
    rules: dict[str, ResolvedRule] = {}
    replaced: dict[str, str] = {}
    for region_file in reversed(chain):
        for resolved in _resolve(region_file):
            for old in resolved.rule.overrides:
                if old not in rules:
                    raise RulebookError(f"{resolved.id} overrides unknown rule {old}")
                replaced[old] = resolved.id
            if resolved.id in rules:
                raise RulebookError(f"duplicate rule id {resolved.id}")
            rules[resolved.id] = resolved
    return Rulebook(
        region=region,
        versions={f.region: f.version for f in reversed(chain)},
        rules=tuple(rules.values()),
        replaced=replaced,
    )


def _check_references(files: Iterable[RegionFile]) -> None:
    """Exemptions may name grant rules of any region; each name must exist."""
    all_files = list(files)
    grants = {r.id for f in all_files for r in f.rules if r.kind == "grant"}
    ids: set[str] = set()
    interp: set[str] = set()
    for f in all_files:
        for i in f.interpretations:
            if i.id in interp:
                raise RulebookError(f"duplicate interpretation id {i.id}")
            interp.add(i.id)
        for r in f.rules:
            if r.id in ids:
                raise RulebookError(f"rule id {r.id} used in two files")
            ids.add(r.id)
            for i in r.interpretations:
                if i.id in interp:
                    raise RulebookError(f"duplicate interpretation id {i.id}")
                interp.add(i.id)
            if r.kind == "exemption":
                unknown = set(r.applies_to.rules) - grants
                if unknown:
                    raise RulebookError(f"{r.id} applies to unknown rules {sorted(unknown)}")


def load_rulebooks(rules_dir: Path = RULES_DIR) -> dict[Region, Rulebook]:
    files: dict[str, RegionFile] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        region_file = load_region_file(path)
        if path.stem != region_file.region:
            raise RulebookError(f"{path}: file name does not match region {region_file.region}")
        files[region_file.region] = region_file
    _check_references(files.values())
    return {region: build_rulebook(files, region) for region in REGIONS if region in files}


@lru_cache(maxsize=1)
def default_rulebooks() -> dict[Region, Rulebook]:
    return load_rulebooks()


# --- Correspondence ---------------------------------------------------------


class OccupationRef(_Strict):
    code: str = Field(pattern=r"^\d-\d{2}-\d{2}-\d{2}$")
    zh: str
    en: str


class SpecialtyDef(_Strict):
    name: Text
    basis: str
    occupations: tuple[OccupationRef, ...] = Field(min_length=1)


class SeriesDef(_Strict):
    name: Text
    basis: str | None = None
    specialties: dict[str, SpecialtyDef] = Field(default_factory=dict)
    occupations: tuple[OccupationRef, ...] = ()

    @model_validator(mode="after")
    def _has_occupations(self) -> SeriesDef:
        if not self.specialties and not self.occupations:
            raise ValueError("a series needs specialties or occupations")
        return self


class LevelMaps(_Strict):
    title_to_skill: dict[TitleLevel, SkillLevel]
    skill_to_title: dict[SkillLevel, TitleLevel]
    interpretations: tuple[InterpretationDef, ...] = ()

    @model_validator(mode="after")
    def _monotone(self) -> LevelMaps:
        # A higher title never maps to a lower skill level, and vice versa.
        for name, mapping, src, dst in (
            ("title_to_skill", self.title_to_skill, "title", "skill_level"),
            ("skill_to_title", self.skill_to_title, "skill_level", "title"),
        ):
            pairs = sorted((rank(src, k), rank(dst, v)) for k, v in mapping.items())
            if any(b[1] < a[1] for a, b in pairwise(pairs)):
                raise ValueError(f"{name} is not monotone")
        return self


class Correspondence(_Strict):
    version: str
    updated: date
    levels: LevelMaps
    series: dict[str, SeriesDef]

    def occupations_of(self, series: str, specialty: str | None) -> set[str]:
        s = self.series.get(series)
        if s is None:
            return set()
        if specialty is None:
            return {o.code for o in s.occupations}
        spec = s.specialties.get(specialty)
        return {o.code for o in spec.occupations} if spec else set()

    def field_name(self, series: str | None, specialty: str | None, lang: str) -> str:
        """ "工程系列/机电" or "Engineering / Electromechanical"; ids when unknown."""
        s = self.series.get(series or "")
        parts = [getattr(s.name, lang) if s else (series or "")]
        if specialty:
            spec = s.specialties.get(specialty) if s else None
            parts.append(getattr(spec.name, lang) if spec else specialty)
        return ("/" if lang == "zh" else " / ").join(p for p in parts if p)

    def specialty_name(self, specialty: str, lang: str) -> str:
        """A specialty's name in whichever series names it; its id when none does."""
        for s in self.series.values():
            spec = s.specialties.get(specialty)
            if spec:
                return str(getattr(spec.name, lang))
        return specialty

    def occupation_label(self, code: str, lang: str) -> str:
        """The Chinese CSCO name, or in English the name the table gives, else the CSCO
        English name (as on the Occupation node), else the Chinese."""
        zh = occupation_name(code) or code
        return zh if lang == "zh" else (self.occupation_en(code) or occupation_name_en(code) or zh)

    def occupation_en(self, code: str) -> str | None:
        for s in self.series.values():
            for o in s.occupations:
                if o.code == code:
                    return o.en
            for spec in s.specialties.values():
                for o in spec.occupations:
                    if o.code == code:
                        return o.en
        return None

    def placements(self, occupation: str) -> list[tuple[str, str | None]]:
        """Every (series, specialty) an occupation belongs to, in file order."""
        found: list[tuple[str, str | None]] = []
        for series_id, s in self.series.items():
            if any(o.code == occupation for o in s.occupations):
                found.append((series_id, None))
            for spec_id, spec in s.specialties.items():
                if any(o.code == occupation for o in spec.occupations):
                    found.append((series_id, spec_id))
        return found


def load_correspondence(path: Path = CORRESPONDENCE_FILE) -> Correspondence:
    try:
        return Correspondence.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise RulebookError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_correspondence() -> Correspondence:
    return load_correspondence()
