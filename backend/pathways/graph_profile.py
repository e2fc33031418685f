"""A person's record in the graph, turned into what the engine and the skill bank read.

``PersonRecord`` is plain data the repository reads (credentials, employment,
schooling, courses, assessments, competitions). ``build_profile`` makes the
engine's ``Profile`` from it as of one day; ``training_record`` makes the skill
bank's ``TrainingRecord``. Both are pure, so the forecast can run them over
thousands of people and the tests can check each reading without a store.

Readings the graph does not spell out (documented in ``docs/pathways.md``):

- relevant experience = the years of employment (``WORKS_AT`` spans, overlaps
  merged, up to ``as_of``) in the current occupation's CSCO unit group, or the
  last job's when the person is not employed now; with no employment in the
  graph, the person's declared ``relevant_experience_years``;
- a graduation or professional certificate is "related" when its specialty is
  one the correspondence places the current occupation under;
- the employer has self-assessment rights when the firm has them for titles or
  for skill levels (G1 names both);
- alliance members are in Shenyang, so all employment counts as experience in
  the region for ``shenyang`` and none for ``guangzhou``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, get_args

from backend.pathways.dates import DAYS_PER_YEAR
from backend.pathways.ladders import SKILL_LEVELS, TITLE_LEVELS, Honor, Region
from backend.pathways.occupations import occupations
from backend.pathways.rulebook import default_correspondence
from backend.pathways.schemas import (
    EducationRecord,
    Employer,
    ProfessionalCertificate,
    Profile,
    SkillRecord,
    TitleRecord,
)
from backend.pathways.skillbank import (
    AssessmentDone,
    CompetitionLevel,
    CompetitionResult,
    CourseDone,
    Credential,
    TrainingRecord,
)

HONORS: frozenset[str] = frozenset(get_args(Honor))
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Credential kinds the engine reads; courses and awards without an honour do not
# change eligibility.
PROFILE_KINDS: tuple[str, ...] = ("title", "skill_level", "degree", "certificate", "award")


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not _DAY.match(value[:10]):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass
class PersonRecord:
    """Everything the graph says about one person that pathways and the skill bank use."""

    id: str
    name: str | None = None
    role: str | None = None
    declared_years: float | None = None
    credentials: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    studies: list[dict[str, Any]] = field(default_factory=list)
    enrolments: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    competitions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    firm_id: str
    firm_zh: str | None
    firm_en: str | None
    start: date
    end: date | None
    occupation: str | None
    post: str | None
    self_assessment: bool


def jobs_of(record: PersonRecord) -> list[Job]:
    out: list[Job] = []
    for j in record.jobs:
        start = _day(j.get("from_date"))
        if start is None:
            continue
        out.append(
            Job(
                firm_id=j["firm_id"],
                firm_zh=j.get("firm_zh"),
                firm_en=j.get("firm_en"),
                start=start,
                end=_day(j.get("to_date")),
                occupation=j.get("occupation"),
                post=j.get("post"),
                self_assessment=bool(j.get("self_titles")) or bool(j.get("self_skills")),
            )
        )
    return sorted(out, key=lambda x: (x.start, x.firm_id))


def current_job(record: PersonRecord, as_of: date) -> Job | None:
    """The job held on ``as_of`` that started last."""
    held = [j for j in jobs_of(record) if j.start <= as_of and (j.end is None or j.end >= as_of)]
    return held[-1] if held else None


def _years(spans: list[tuple[date, date]]) -> float:
    """Total length of the spans in years, overlaps counted once."""
    total = 0
    last_end: date | None = None
    for start, end in sorted(spans):
        if last_end is not None and start <= last_end:
            if end > last_end:
                total += (end - last_end).days
                last_end = end
            continue
        total += (end - start).days
        last_end = end
    return round(total / DAYS_PER_YEAR, 4)


def _spans(jobs: list[Job], as_of: date) -> list[tuple[date, date]]:
    # A job's to_date is its last day, so the span runs to the day after it.
    out = []
    for j in jobs:
        end = min(j.end + timedelta(days=1), as_of) if j.end else as_of
        if j.start < end:
            out.append((j.start, end))
    return out


def _unit_group(code: str | None) -> str | None:
    return code[:7] if code else None


def _specialties_of(occupation: str | None) -> set[str]:
    if occupation is None:
        return set()
    return {spec for _, spec in default_correspondence().placements(occupation) if spec}


def _valid_occupation(code: Any) -> str | None:
    return code if isinstance(code, str) and code in occupations() else None


def build_profile(record: PersonRecord, as_of: date, region: Region = "shenyang") -> Profile:
    """The engine's view of ``record`` on ``as_of``: only what was held by then."""
    now = current_job(record, as_of)
    jobs = jobs_of(record)
    past = [j for j in jobs if j.start <= as_of]
    reference = now or (past[-1] if past else None)
    occupation = _valid_occupation(now.occupation) if now else None
    group = _unit_group(reference.occupation if reference else None)

    if past:
        relevant = _years(_spans([j for j in past if _unit_group(j.occupation) == group], as_of))
        all_years = _years(_spans(past, as_of))
    else:
        relevant = max(float(record.declared_years or 0.0), 0.0)
        all_years = 0.0

    related = _specialties_of(occupation)
    titles: list[TitleRecord] = []
    skills: list[SkillRecord] = []
    honors: list[str] = []
    education: list[EducationRecord] = []
    certificates: list[ProfessionalCertificate] = []
    for c in record.credentials:
        got = _day(c.get("obtained"))
        if got is None or got > as_of:
            continue
        kind, level = c.get("kind"), c.get("level")
        if kind == "title" and level in TITLE_LEVELS:
            series = c.get("series") or "engineering"
            specialty = c.get("specialty")
            titles.append(
                TitleRecord.model_validate(
                    {
                        "series": series if _ID.match(series) else "engineering",
                        "level": level,
                        "specialty": specialty if specialty and _ID.match(specialty) else None,
                        "obtained": got,
                    }
                )
            )
        elif kind == "skill_level" and level in SKILL_LEVELS:
            code = _valid_occupation(c.get("occupation"))
            if code is not None:
                skills.append(
                    SkillRecord.model_validate(
                        {"occupation": code, "level": level, "obtained": got}
                    )
                )
        elif kind == "degree":
            education.append(
                EducationRecord(
                    certificate="graduation", field_related=c.get("specialty") in related
                )
            )
        elif kind == "certificate":
            certificates.append(
                ProfessionalCertificate(
                    field_related=c.get("specialty") in related, name=c.get("name") or None
                )
            )
        if c.get("honor") in HONORS and c["honor"] not in honors:
            honors.append(c["honor"])

    in_region: float | None = None
    if region == "shenyang":
        in_region = all_years
    elif region == "guangzhou":
        in_region = 0.0
    return Profile.model_validate(
        {
            "id": record.id,
            "region": region,
            "as_of": as_of,
            "titles": titles,
            "skill_levels": skills,
            "relevant_experience_years": relevant,
            "honors": honors,
            "education": education,
            "professional_certificates": certificates,
            "current_occupation": occupation,
            "employer": (
                Employer(self_assessment=now.self_assessment, name=now.firm_zh) if now else None
            ),
            "experience_in_region_years": in_region,
        }
    )


def has_anchor(profile: Profile) -> bool:
    """Whether any grant rule could open something: every grant starts from a
    title, a skill level or an honour (tested against the engine), so a profile
    with none of them has no next step and the forecast can skip it."""
    return bool(profile.titles or profile.skill_levels or profile.honors)


# --- Skill bank -----------------------------------------------------------------

_COMPETITION_LEVELS: dict[str, CompetitionLevel] = {
    "worldskills": "world",
    "world": "world",
    "national": "national",
    "provincial": "provincial",
    "city": "city",
}
_AWARD_WORDS: tuple[tuple[str, str, str], ...] = (
    # (word in the award text, result at national level and below, result at world level)
    ("一等奖", "first", "gold"),
    ("金", "first", "gold"),
    ("二等奖", "second", "silver"),
    ("银", "second", "silver"),
    ("三等奖", "third", "bronze"),
    ("铜", "third", "bronze"),
    ("优秀", "excellence", "excellence"),
)


def competition_result(level: CompetitionLevel, award: str | None, rank: int | None) -> str:
    """The scheme's result word from the award text, else from the rank (1 first,
    2-3 second, 4-6 third, 7-15 excellence, as the alliance's competitions award)."""
    world = level == "world"
    text = award or ""
    for word, result, world_result in _AWARD_WORDS:
        if word in text:
            return world_result if world else result
    if rank is not None and rank >= 1:
        for cut, result, world_result in (
            (1, "first", "gold"),
            (3, "second", "silver"),
            (6, "third", "bronze"),
            (15, "excellence", "excellence"),
        ):
            if rank <= cut:
                return world_result if world else result
    return "participant"


def training_record(record: PersonRecord) -> TrainingRecord:
    """The skill bank's lifelong record: courses, assessments with a result,
    competition results at a level the scheme knows, and credentials held."""
    courses = []
    for e in record.enrolments:
        status = e.get("status")
        on = _day(e.get("completed_on")) if status == "completed" else _day(e.get("enrolled_on"))
        if status not in ("completed", "enrolled") or on is None:
            continue
        courses.append(
            CourseDone(
                name=e.get("title_zh") or e.get("title_en") or e["course_id"],
                hours=float(e.get("hours") or 0),
                completed=status == "completed",
                on=on,
            )
        )
    assessments = []
    for a in record.assessments:
        on = _day(a.get("held_on"))
        if a.get("passed") is None or on is None or a.get("level") not in SKILL_LEVELS:
            continue
        assessments.append(
            AssessmentDone(
                occupation=a.get("occupation") or "", level=a["level"], passed=a["passed"], on=on
            )
        )
    competitions = []
    for r in record.competitions:
        level = _COMPETITION_LEVELS.get(r.get("level") or "")
        on = _day(r.get("held_on"))
        if level is None or on is None:
            continue  # enterprise contests are not in the scheme
        competitions.append(
            CompetitionResult(
                name=r.get("name_zh") or r.get("name_en") or r["competition_id"],
                level=level,
                result=competition_result(level, r.get("award"), r.get("rank")),
                on=on,
            )
        )
    credentials = []
    for c in record.credentials:
        on = _day(c.get("obtained"))
        if on is None:
            continue
        if c.get("kind") == "skill_level" and c.get("level") in SKILL_LEVELS:
            credentials.append(
                Credential(
                    kind="skill_level", name=c.get("name") or c["level"], level=c["level"], on=on
                )
            )
        elif c.get("kind") == "certificate":
            credentials.append(
                Credential(
                    kind="professional_certificate", name=c.get("name") or "certificate", on=on
                )
            )
    return TrainingRecord(
        person_id=record.id,
        courses=tuple(courses),
        assessments=tuple(assessments),
        competitions=tuple(competitions),
        credentials=tuple(credentials),
    )
