"""The vocabulary of conditions: one small function per kind.

Rules (in YAML) say which conditions they need and with which numbers; these
functions only say whether a person meets one, from when, and in words (zh/en)
what is met or missing. There is no rule id anywhere in this module.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from backend.pathways.dates import add_years, project_years
from backend.pathways.ladders import Track, label, rank
from backend.pathways.rulebook import (
    Correspondence,
    CurrentOccupation,
    EmployerSelfAssessment,
    ExperienceInRegion,
    HoldsSkillLevel,
    HoldsTitle,
    HonorAny,
    OccupationInSeries,
    OccupationInTitleSpecialty,
    RelatedGraduationCertificate,
    RelatedProfessionalCertificate,
    RelevantExperience,
    YearsSinceObtained,
)
from backend.pathways.schemas import Profile


@dataclass(frozen=True)
class Anchor:
    """The record (title or skill level) a target was worked out from."""

    track: Track
    level: str
    obtained: date
    index: int
    occupation: str | None = None
    series: str | None = None
    specialty: str | None = None

    def describe(self, lang: str, corr: Correspondence) -> str:
        name = label(self.level, lang)
        if self.track == "skill_level" and self.occupation:
            occ = corr.occupation_label(self.occupation, lang)
            name = f"{occ}{name}" if lang == "zh" else f"{name} in {occ} ({self.occupation})"
        elif self.track == "title" and self.series:
            where = corr.field_name(self.series, self.specialty, lang)
            name = f"{name}（{where}）" if lang == "zh" else f"{name} ({where})"
        if lang == "zh":
            return f"{name}（{self.obtained.isoformat()}取得）"
        return f"{name}, obtained {self.obtained.isoformat()}"


@dataclass(frozen=True)
class Target:
    """A level some rule could open for this person."""

    track: Track
    level: str
    occupation: str | None = None
    anchor: Anchor | None = None
    series: str | None = None
    specialty: str | None = None


@dataclass(frozen=True)
class Check:
    """The outcome of one condition.

    ``ok`` is whether it is met now or will be met by waiting (then ``due`` is
    the day); ``met``/``missing`` are the words for the explanation.
    """

    ok: bool
    due: date | None = None
    met: dict[str, str] | None = None
    missing: dict[str, str] | None = None

    @property
    def pending(self) -> bool:
        return self.ok and self.due is not None


@dataclass(frozen=True)
class Facts:
    """Everything a condition may look at."""

    profile: Profile
    correspondence: Correspondence

    def title_anchors(self) -> list[Anchor]:
        return [
            Anchor("title", t.level, t.obtained, i, series=t.series, specialty=t.specialty)
            for i, t in enumerate(self.profile.titles)
        ]

    def skill_anchors(self) -> list[Anchor]:
        return [
            Anchor("skill_level", s.level, s.obtained, i, occupation=s.occupation)
            for i, s in enumerate(self.profile.skill_levels)
        ]


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _years(value: float) -> str:
    """Years to one decimal, rounded down (never shows a requirement met early), without
    a trailing ``.0``: 15.2501 -> "15.2", 1 -> "1"."""
    text = f"{math.floor(round(value * 10, 6)) / 10:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _years_en(value: float) -> str:
    """ "1 year", "2 years", "0.5 years"."""
    text = _years(value)
    return f"{text} year" if text == "1" else f"{text} years"


def _records(facts: Facts, target: Target | None, track: Track) -> list[Anchor]:
    """The anchor alone when the target came from a record of this track."""
    if target is not None and target.anchor is not None and target.anchor.track == track:
        return [target.anchor]
    return facts.title_anchors() if track == "title" else facts.skill_anchors()


def holds_title(c: HoldsTitle, facts: Facts, target: Target | None) -> Check:
    found = [
        a
        for a in _records(facts, target, "title")
        if (c.min_level is None or rank("title", a.level) >= rank("title", c.min_level))
        and (c.series is None or a.series in c.series)
        and (c.specialties is None or a.specialty in c.specialties)
    ]
    if found:
        return Check(
            True,
            met=_text(
                f"持有{found[0].describe('zh', facts.correspondence)}",
                f"holds {found[0].describe('en', facts.correspondence)}",
            ),
        )
    level_zh = f"{label(c.min_level, 'zh')}或以上" if c.min_level else "专业技术"
    level_en = f"at least an {label(c.min_level, 'en')}" if c.min_level else "a professional title"
    scope_zh = scope_en = ""
    corr = facts.correspondence
    if c.series:
        scope_zh += f"，系列：{'、'.join(corr.field_name(s, None, 'zh') for s in c.series)}"
        scope_en += f" in the {', '.join(corr.field_name(s, None, 'en') for s in c.series)} series"
    if c.specialties:
        zh = "、".join(corr.specialty_name(x, "zh") for x in c.specialties)
        en = ", ".join(corr.specialty_name(x, "en") for x in c.specialties)
        scope_zh += f"，专业：{zh}"
        scope_en += f", specialty one of {en}"
    return Check(
        False, missing=_text(f"需持有{level_zh}职称{scope_zh}", f"needs {level_en}{scope_en}")
    )


def holds_skill_level(c: HoldsSkillLevel, facts: Facts, target: Target | None) -> Check:
    need = rank("skill_level", c.min_level)
    found = [
        a for a in _records(facts, target, "skill_level") if rank("skill_level", a.level) >= need
    ]
    if found:
        return Check(
            True,
            met=_text(
                f"持有{found[0].describe('zh', facts.correspondence)}",
                f"holds {found[0].describe('en', facts.correspondence)}",
            ),
        )
    return Check(
        False,
        missing=_text(
            f"需持有{label(c.min_level, 'zh')}或以上职业技能等级",
            f"needs a skill level of {label(c.min_level, 'en')} or above",
        ),
    )


def years_since_obtained(c: YearsSinceObtained, facts: Facts, target: Target | None) -> Check:
    anchor = target.anchor if target is not None else None
    if anchor is None:
        # No qualifying record: the holds_* condition already says what is missing.
        return Check(False)
    due = add_years(anchor.obtained, c.years)
    what_zh = anchor.describe("zh", facts.correspondence)
    what_en = anchor.describe("en", facts.correspondence)
    unit = "year" if c.years == 1 else "years"
    if due <= facts.profile.as_of:
        return Check(
            True,
            met=_text(
                f"取得{what_zh}已满{c.years}年（{due.isoformat()}满）",
                f"{c.years} {unit} since obtaining {what_en} (completed {due.isoformat()})",
            ),
        )
    return Check(
        True,
        due=due,
        missing=_text(
            f"取得{what_zh}后须满{c.years}年，{due.isoformat()}届满",
            f"{c.years} {unit} after obtaining {what_en}, completed on {due.isoformat()}",
        ),
    )


def _experience(have: float, need: float, as_of: date, zh: str, en: str) -> Check:
    if have >= need:
        return Check(
            True,
            met=_text(
                f"{zh}{_years(have)}年（要求{_years(need)}年）",
                f"{en}: {_years_en(have)} ({_years_en(need)} required)",
            ),
        )
    due = project_years(as_of, need - have)
    return Check(
        True,
        due=due,
        missing=_text(
            f"{zh}须满{_years(need)}年，现有{_years(have)}年；如持续从事相关工作，{due.isoformat()}满",
            f"{en} of {_years_en(need)} needed, {_years_en(have)} so far; "
            f"reached on {due.isoformat()} if the work continues",
        ),
    )


def relevant_experience(c: RelevantExperience, facts: Facts, target: Target | None) -> Check:
    p = facts.profile
    return _experience(
        p.relevant_experience_years, c.years, p.as_of, "累计相关工作", "relevant experience"
    )


def experience_in_region(c: ExperienceInRegion, facts: Facts, target: Target | None) -> Check:
    p = facts.profile
    region_zh = {"guangzhou": "广州", "shenyang": "沈阳", "shenzhen": "深圳"}.get(p.region, "本地")
    if p.experience_in_region_years is None:
        return Check(
            False,
            missing=_text(
                f"需提供在{region_zh}的工作年限",
                f"needs the years worked in {p.region.title()}",
            ),
        )
    return _experience(
        p.experience_in_region_years,
        c.years,
        p.as_of,
        f"在{region_zh}工作",
        f"work in {p.region.title()}",
    )


def honor_any(c: HonorAny, facts: Facts, target: Target | None) -> Check:
    held = [h for h in facts.profile.honors if h in c.honors]
    if held:
        return Check(
            True,
            met=_text(
                f"荣誉：{'、'.join(label(h, 'zh') for h in held)}",
                f"honour: {', '.join(label(h, 'en') for h in held)}",
            ),
        )
    return Check(
        False,
        missing=_text(
            f"需获得以下荣誉之一：{'、'.join(label(h, 'zh') for h in c.honors)}",
            f"needs one of: {', '.join(label(h, 'en') for h in c.honors)}",
        ),
    )


def employer_self_assessment(
    c: EmployerSelfAssessment, facts: Facts, target: Target | None
) -> Check:
    employer = facts.profile.employer
    if employer is not None and employer.self_assessment:
        return Check(
            True, met=_text("所在单位具有自主评价权", "employer has self-assessment rights")
        )
    return Check(
        False,
        missing=_text(
            "所在单位须为具有自主评价权的试点企业",
            "employer must be a pilot enterprise with self-assessment rights",
        ),
    )


def current_occupation(c: CurrentOccupation, facts: Facts, target: Target | None) -> Check:
    code = facts.profile.current_occupation
    if code is not None:
        corr = facts.correspondence
        return Check(
            True,
            met=_text(
                f"现岗位职业：{corr.occupation_label(code, 'zh')}（{code}）",
                f"current occupation {corr.occupation_label(code, 'en')} ({code})",
            ),
        )
    return Check(
        False,
        missing=_text(
            "需填写现岗位对应的职业（在工作经历的当前岗位中填写）",
            "needs the occupation of the current post (add it to your current job)",
        ),
    )


def occupation_in_title_specialty(
    c: OccupationInTitleSpecialty, facts: Facts, target: Target | None
) -> Check:
    anchor = target.anchor if target is not None else None
    if anchor is None or target is None or target.occupation is None:
        # The holds_title / current_occupation conditions name what is missing.
        return Check(False)
    corr = facts.correspondence
    codes = corr.occupations_of(anchor.series or "", anchor.specialty)
    code = target.occupation
    zh, en = corr.occupation_label(code, "zh"), corr.occupation_label(code, "en")
    where_zh = corr.field_name(anchor.series, anchor.specialty, "zh")
    where_en = corr.field_name(anchor.series, anchor.specialty, "en")
    if code in codes:
        return Check(
            True,
            met=_text(f"{zh}属于{where_zh}专业对应职业", f"{en} belongs to {where_en}"),
        )
    return Check(
        False,
        missing=_text(
            f"现职业{zh}（{code}）不在{where_zh}专业对应的职业目录中",
            f"the current occupation {en} ({code}) is not listed under {where_en}",
        ),
    )


def occupation_in_series(c: OccupationInSeries, facts: Facts, target: Target | None) -> Check:
    if target is None or target.anchor is None or target.anchor.occupation is None:
        return Check(False)
    corr = facts.correspondence
    code = target.anchor.occupation
    zh, en = corr.occupation_label(code, "zh"), corr.occupation_label(code, "en")
    if target.series in c.series:
        return Check(
            True,
            met=_text(
                f"{zh}对应{corr.field_name(target.series, target.specialty, 'zh')}职称",
                f"{en} corresponds to {corr.field_name(target.series, target.specialty, 'en')} "
                "titles",
            ),
        )
    return Check(
        False,
        missing=_text(
            f"职业{zh}（{code}）在对照表中没有对应的开放职称系列",
            f"the occupation {en} ({code}) has no open title series in the correspondence",
        ),
    )


def related_graduation_certificate(
    c: RelatedGraduationCertificate, facts: Facts, target: Target | None
) -> Check:
    if any(e.certificate == "graduation" and e.field_related for e in facts.profile.education):
        return Check(
            True, met=_text("持有相关专业毕业证书", "holds a related graduation certificate")
        )
    return Check(
        False, missing=_text("需相关专业毕业证书", "needs a related graduation certificate")
    )


def related_professional_certificate(
    c: RelatedProfessionalCertificate, facts: Facts, target: Target | None
) -> Check:
    if any(pc.field_related for pc in facts.profile.professional_certificates):
        return Check(
            True, met=_text("持有相关专业证书", "holds a relevant professional certificate")
        )
    return Check(
        False, missing=_text("需相关专业证书", "needs a relevant professional certificate")
    )


EVALUATORS: dict[str, Callable[[Any, Facts, Target | None], Check]] = {
    "holds_title": holds_title,
    "holds_skill_level": holds_skill_level,
    "years_since_obtained": years_since_obtained,
    "relevant_experience": relevant_experience,
    "experience_in_region": experience_in_region,
    "honor_any": honor_any,
    "employer_self_assessment": employer_self_assessment,
    "current_occupation": current_occupation,
    "occupation_in_title_specialty": occupation_in_title_specialty,
    "occupation_in_series": occupation_in_series,
    "related_graduation_certificate": related_graduation_certificate,
    "related_professional_certificate": related_professional_certificate,
}


def check(condition: Any, facts: Facts, target: Target | None) -> Check:
    return EVALUATORS[condition.kind](condition, facts, target)
