"""Reading a person's graph record as the engine's profile and the skill bank's
record: each reading documented in ``graph_profile`` has its test."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

import pytest

from backend.pathways.graph_profile import (
    PersonRecord,
    build_profile,
    competition_result,
    has_anchor,
    training_record,
)
from backend.pathways.schemas import Profile
from backend.pathways.service import add_months, evaluate_profile
from backend.pathways.skillbank import accredit

ELECTRICIAN, FITTER, LATHE = "6-31-01-03", "6-31-01-02", "6-18-01-01"
AS_OF = date(2026, 11, 22)


def job(
    start: str, end: str | None, occupation: str, firm: str = "firm-smtcl", **kw: Any
) -> dict[str, Any]:
    return {
        "firm_id": firm,
        "firm_zh": "沈阳机床股份有限公司",
        "from_date": start,
        "to_date": end,
        "occupation": occupation,
        **kw,
    }


def record(**kw: Any) -> PersonRecord:
    return PersonRecord(id="person-zhang-wei", name="张伟", role="worker", **kw)


class TestExperience:
    def test_overlapping_jobs_count_once(self) -> None:
        r = record(
            jobs=[
                job("2020-01-01", "2022-12-31", ELECTRICIAN),
                job("2022-01-01", None, ELECTRICIAN, firm="firm-xinsong"),
            ]
        )
        p = build_profile(r, date(2024, 1, 1))
        # 2020-01-01 .. 2024-01-01 is 1,461 days, once.
        assert p.relevant_experience_years == pytest.approx(1461 / 365.2425, abs=1e-3)

    def test_only_the_current_occupations_unit_group_is_relevant(self) -> None:
        r = record(
            jobs=[
                job("2010-01-01", "2015-12-31", LATHE),  # 6-18-01: another unit group
                job("2016-01-01", "2019-12-31", FITTER),  # 6-31-01: same as electrician
                job("2020-01-01", None, ELECTRICIAN),
            ]
        )
        p = build_profile(r, date(2024, 1, 1))
        assert p.current_occupation == ELECTRICIAN
        assert p.relevant_experience_years == pytest.approx(
            (date(2024, 1, 1) - date(2016, 1, 1)).days / 365.2425, abs=2e-3
        )
        # Every job counts in Shenyang; none in Guangzhou.
        assert p.experience_in_region_years == pytest.approx(14.0, abs=0.01)
        assert build_profile(r, date(2024, 1, 1), "guangzhou").experience_in_region_years == 0

    def test_jobs_after_as_of_do_not_count(self) -> None:
        r = record(jobs=[job("2025-03-01", None, ELECTRICIAN)])
        p = build_profile(r, date(2025, 1, 1))
        assert p.relevant_experience_years == 0 and p.current_occupation is None

    def test_declared_years_when_the_graph_has_no_job(self) -> None:
        p = build_profile(record(declared_years=6.5), AS_OF)
        assert p.relevant_experience_years == 6.5 and p.employer is None

    def test_employer_rights_for_titles_or_skills(self) -> None:
        p = build_profile(
            record(jobs=[job("2020-01-01", None, ELECTRICIAN, self_skills=True)]), AS_OF
        )
        assert p.employer is not None and p.employer.self_assessment is True
        p = build_profile(record(jobs=[job("2020-01-01", None, ELECTRICIAN)]), AS_OF)
        assert p.employer is not None and p.employer.self_assessment is False


class TestCredentials:
    def test_held_by_as_of_only(self) -> None:
        r = record(
            credentials=[
                {
                    "kind": "title",
                    "level": "intermediate",
                    "series": "engineering",
                    "specialty": "electromechanical",
                    "obtained": "2019-07-01",
                },
                {
                    "kind": "skill_level",
                    "level": "technician",
                    "occupation": ELECTRICIAN,
                    "obtained": "2027-01-01",
                },
            ]
        )
        p = build_profile(r, AS_OF)
        assert [t.level for t in p.titles] == ["intermediate"]
        assert p.skill_levels == []

    def test_unknown_levels_and_occupations_are_left_out(self) -> None:
        r = record(
            credentials=[
                {
                    "kind": "skill_level",
                    "level": "technician",
                    "occupation": "9-99-99-99",
                    "obtained": "2020-01-01",
                },
                {
                    "kind": "title",
                    "level": "professor",
                    "series": "engineering",
                    "obtained": "2020-01-01",
                },
                {
                    "kind": "skill_level",
                    "level": "technician",
                    "occupation": ELECTRICIAN,
                    "obtained": "not a date",
                },
            ]
        )
        p = build_profile(r, AS_OF)
        assert p.titles == [] and p.skill_levels == []

    def test_degree_related_to_the_current_occupations_specialty(self) -> None:
        jobs = [job("2015-07-01", None, ELECTRICIAN)]
        degree = {"kind": "degree", "specialty": "electromechanical", "obtained": "2015-06-30"}
        p = build_profile(record(jobs=jobs, credentials=[degree]), AS_OF)
        assert [e.field_related for e in p.education] == [True]
        other = {**degree, "specialty": "construction"}
        p = build_profile(record(jobs=jobs, credentials=[other]), AS_OF)
        assert [e.field_related for e in p.education] == [False]

    def test_honours_from_competition_results(self) -> None:
        award = {"kind": "award", "honor": "national_technical_expert", "obtained": "2023-10-01"}
        junk = {"kind": "award", "honor": "best_smile", "obtained": "2023-10-01"}
        p = build_profile(record(credentials=[award, junk, award]), AS_OF)
        assert p.honors == ["national_technical_expert"]


class TestAnchor:
    """The forecast skips profiles without a title, skill level or honour; the
    engine must agree that such a profile has nothing open or coming."""

    @pytest.mark.parametrize("region", get_args(Profile.model_fields["region"].annotation))
    def test_no_anchor_means_no_option(self, region: Any) -> None:
        r = record(
            jobs=[job("2005-01-01", None, ELECTRICIAN, self_skills=True)],
            credentials=[
                {"kind": "degree", "specialty": "electromechanical", "obtained": "2004-06-30"}
            ],
        )
        p = build_profile(r, AS_OF, region)
        assert not has_anchor(p)
        result = evaluate_profile(p)
        assert [o for o in result.options if o.status != "not_eligible"] == []

    def test_a_title_is_an_anchor(self) -> None:
        r = record(
            jobs=[job("2015-01-01", None, ELECTRICIAN)],
            credentials=[
                {
                    "kind": "title",
                    "level": "assistant",
                    "series": "engineering",
                    "specialty": "electromechanical",
                    "obtained": "2018-01-01",
                }
            ],
        )
        p = build_profile(r, AS_OF)
        assert has_anchor(p)
        assert any(o.status == "eligible" for o in evaluate_profile(p).options)


class TestSkillBankRecord:
    def test_record_and_points(self) -> None:
        r = record(
            enrolments=[
                {
                    "course_id": "c1",
                    "title_zh": "PLC编程与调试",
                    "hours": 32,
                    "status": "completed",
                    "enrolled_on": "2025-03-01",
                    "completed_on": "2025-04-30",
                },
                {
                    "course_id": "c2",
                    "title_zh": "工业机器人操作",
                    "hours": 48,
                    "status": "enrolled",
                    "enrolled_on": "2026-10-01",
                },
                {
                    "course_id": "c3",
                    "title_zh": "电工安全",
                    "hours": 16,
                    "status": "dropped",
                    "enrolled_on": "2026-01-01",
                },
            ],
            assessments=[
                {
                    "assessment_id": "a1",
                    "level": "technician",
                    "occupation": ELECTRICIAN,
                    "held_on": "2026-06-01",
                    "passed": True,
                },
                {
                    "assessment_id": "a2",
                    "level": "senior_technician",
                    "occupation": ELECTRICIAN,
                    "held_on": "2026-12-01",
                    "passed": None,
                },
            ],
            competitions=[
                {
                    "competition_id": "k1",
                    "name_zh": "辽宁省职业技能大赛",
                    "level": "provincial",
                    "held_on": "2025-09-10",
                    "rank": 2,
                    "award": "二等奖 / Second prize",
                },
                {
                    "competition_id": "k2",
                    "name_zh": "沈阳机床技能比武",
                    "level": "enterprise",
                    "held_on": "2025-05-10",
                    "rank": 1,
                    "award": "一等奖 / First prize",
                },
            ],
            credentials=[
                {
                    "kind": "skill_level",
                    "level": "technician",
                    "name": "电工 技师",
                    "obtained": "2026-06-01",
                },
                {"kind": "title", "level": "intermediate", "obtained": "2019-07-01"},
            ],
        )
        t = training_record(r)
        assert [(c.name, c.completed) for c in t.courses] == [
            ("PLC编程与调试", True),
            ("工业机器人操作", False),
        ]
        assert [a.level for a in t.assessments] == ["technician"]  # no result yet: not listed
        assert [(c.level, c.result) for c in t.competitions] == [("provincial", "second")]
        assert [c.kind for c in t.credentials] == ["skill_level"]
        report = accredit(t)
        # 32 h / 1.6 = 20; technician passed 30; provincial second 20; technician held 30.
        assert report.points == 100 and report.credits == 10

    @pytest.mark.parametrize(
        ("level", "award", "rank", "expected"),
        [
            ("national", "一等奖 / First prize", 9, "first"),
            ("world", "银牌", None, "silver"),
            ("city", None, 5, "third"),
            ("provincial", None, 12, "excellence"),
            ("national", "参赛 / Participant", 40, "participant"),
            ("world", None, 1, "gold"),
        ],
    )
    def test_competition_result_words(
        self, level: Any, award: str | None, rank: int | None, expected: str
    ) -> None:
        assert competition_result(level, award, rank) == expected


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 11, 22), 12, date(2027, 11, 22)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


class TestOptionsOnly:
    """The forecast's status-only engine agrees with the full one."""

    def test_same_options_as_evaluate(self) -> None:
        from backend.pathways.engine import evaluate_options
        from backend.pathways.rulebook import default_correspondence, default_rulebooks

        jobs = [job("2012-03-01", None, ELECTRICIAN, self_skills=True)]
        title = {"kind": "title", "series": "engineering", "specialty": "electromechanical"}
        skill = {"kind": "skill_level", "occupation": ELECTRICIAN}
        records = (
            [
                record(jobs=jobs, credentials=[{**title, "level": lv, "obtained": "2020-05-01"}])
                for lv in ("assistant", "intermediate", "deputy_senior", "senior")
            ]
            + [
                record(jobs=jobs, credentials=[{**skill, "level": lv, "obtained": on}])
                for lv in ("senior_worker", "technician", "senior_technician", "special_technician")
                for on in ("2019-01-10", "2026-06-30")
            ]
            + [
                record(
                    jobs=jobs,
                    credentials=[
                        {**title, "level": "intermediate", "obtained": "2018-01-01"},
                        {**skill, "level": "technician", "obtained": "2026-03-01"},
                        {
                            "kind": "award",
                            "honor": "national_technical_expert",
                            "obtained": "2024-01-01",
                        },
                    ],
                )
            ]
        )
        checked = 0
        for region in ("national", "shenyang", "guangzhou", "shenzhen"):
            for r in records:
                p = build_profile(r, AS_OF, region)
                full = evaluate_profile(p).options
                quick = evaluate_options(p, default_rulebooks()[p.region], default_correspondence())
                assert [
                    (
                        o.track,
                        o.level,
                        o.occupation,
                        o.series,
                        o.specialty,
                        o.status,
                        o.eligible_from,
                    )
                    for o in full
                ] == [
                    (
                        o.track,
                        o.level,
                        o.occupation,
                        o.series,
                        o.specialty,
                        o.status,
                        o.eligible_from,
                    )
                    for o in quick
                ]
                checked += len(full)
        assert checked > 40
