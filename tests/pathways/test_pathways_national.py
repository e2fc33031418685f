"""National rules (seed 003, MOHRSS implementation opinions), each on both sides
of its threshold and of its dates in force. Each test quotes the sentence it checks."""

from __future__ import annotations

from typing import Any, ClassVar

from tests.pathways.helpers import notice_ids, option, options, profile, run

ELECTRICIAN = "6-31-01-03"  # 电工, engineering / electromechanical in the correspondence
ECOMMERCE = "4-01-06-01"  # 电子商务师: no title series in the correspondence

INTERMEDIATE_ENGINEER = {
    "series": "engineering",
    "level": "intermediate",
    "specialty": "electromechanical",
    "obtained": "2019-07-01",
}


def skill(level: str, obtained: str, occupation: str = ELECTRICIAN) -> dict[str, str]:
    return {"occupation": occupation, "level": level, "obtained": obtained}


class TestInForce:
    def test_nothing_applies_the_day_before(self) -> None:
        """Seed 003 opens "China News Service, January 6th." (no year: read as 2021,
        flagged national.in_force_from). On 2021-01-05 no national rule is in force."""
        r = run(profile(as_of="2021-01-05", skill_levels=[skill("senior_worker", "2018-05-01")]))
        assert r["options"] == []
        assert r["notices"] == []

    def test_rules_apply_from_6_january_2021(self) -> None:
        """Same sentence: from 2021-01-06 N1 opens a title to a senior worker."""
        r = run(profile(as_of="2021-01-06", skill_levels=[skill("senior_worker", "2018-05-01")]))
        o = option(r, "title", "assistant")
        assert o["status"] == "eligible"
        assert "national.in_force_from" in {i["id"] for i in o["interpretations"]}


class TestN1SkilledIntoTitleReview:
    def test_senior_worker_may_enter_title_review(self) -> None:
        """ "Skilled talents with vocational qualifications or vocational skills above
        senior level can participate in the title review.\""""
        r = run(profile(skill_levels=[skill("senior_worker", "2024-12-01")]))
        o = option(r, "title", "assistant", route="regular")
        assert o["status"] == "eligible"
        assert o["rules"][0] == "N1"
        assert (o["series"], o["specialty"]) == ("engineering", "electromechanical")
        assert {"N1.level", "N1.no_wait", "correspondence.levels"} <= {
            i["id"] for i in o["interpretations"]
        }

    def test_intermediate_worker_is_below_the_threshold(self) -> None:
        """Same sentence: intermediate worker is below senior level."""
        r = run(profile(skill_levels=[skill("intermediate_worker", "2015-12-01")]))
        o = option(r, "title", "assistant")
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["holds_skill_level"]

    def test_technician_maps_to_intermediate_title(self) -> None:
        """Same sentence; the level follows the correspondence (technician - intermediate)."""
        r = run(profile(skill_levels=[skill("technician", "2022-01-01")]))
        assert option(r, "title", "intermediate")["status"] == "eligible"

    def test_occupation_without_an_open_series_is_not_eligible(self) -> None:
        """ "...expand the field of penetration into engineering, agriculture, arts and
        crafts, cultural relics, experimental technology, art, sports, and technical
        college teachers." An occupation with no such series in the correspondence fails."""
        r = run(profile(skill_levels=[skill("senior_worker", "2020-01-01", ECOMMERCE)]))
        o = option(r, "title", "assistant")
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["occupation_in_series"]

    def test_title_already_held_is_not_a_next_step(self) -> None:
        r = run(
            profile(
                titles=[INTERMEDIATE_ENGINEER],
                skill_levels=[skill("senior_worker", "2020-01-01")],
            )
        )
        assert options(r, "title", "assistant") == []


class TestN1Waivers:
    def test_degree_papers_languages_computers_waived(self) -> None:
        """ "Academic qualifications, papers, foreign languages, computers, etc. will not
        be included in the title review as highly skilled personnel Restrictive conditions.\""""
        r = run(profile(skill_levels=[skill("senior_worker", "2024-12-01")]))
        o = option(r, "title", "assistant")
        assert o["exemptions"] == [
            "academic_degree",
            "papers",
            "foreign_language_test",
            "computer_test",
        ]
        assert "N1-waivers" in o["rules"]

    def test_no_waiver_on_an_option_not_open(self) -> None:
        r = run(profile(skill_levels=[skill("intermediate_worker", "2015-12-01")]))
        assert option(r, "title", "assistant")["exemptions"] == []


class TestN3GreenChannel:
    def test_china_skills_award_opens_both_senior_titles(self) -> None:
        """ "Won the China Skills Award, ... Talents can directly apply for the evaluation
        of senior or deputy senior titles.\""""
        r = run(profile(honors=["china_skills_award"]))
        for level in ("deputy_senior", "senior"):
            o = option(r, "title", level, route="green_channel")
            assert o["status"] == "eligible"
            assert o["rules"] == ["N3"]

    def test_provincial_recognition_counts(self) -> None:
        """Same sentence: "...or high-skilled talents recognized by the people's governments
        of various provinces\""""
        r = run(profile(honors=["provincial_recognized"]))
        assert option(r, "title", "senior", route="green_channel")["status"] == "eligible"

    def test_a_competition_medal_is_not_a_green_channel_honour(self) -> None:
        """Same sentence: the list names no competition medal."""
        r = run(profile(honors=["worldskills_medal"]))
        o = option(r, "title", "deputy_senior", route="green_channel")
        assert o["status"] == "not_eligible"
        assert o["missing"][0]["condition"] == "honor_any"

    def test_holder_of_deputy_senior_sees_only_senior(self) -> None:
        r = run(
            profile(
                honors=["national_technical_expert"],
                titles=[{**INTERMEDIATE_ENGINEER, "level": "deputy_senior"}],
            )
        )
        assert options(r, "title", "deputy_senior") == []
        assert option(r, "title", "senior", route="green_channel")["status"] == "eligible"


class TestN5TitleIntoSkillEvaluation:
    def test_intermediate_title_opens_technician(self) -> None:
        """ "Professional and technical talents who have obtained assistant, intermediate,
        and deputy senior titles, and whose cumulative working years meet the application
        requirements, can apply ... senior workers, technicians, and senior technicians
        corresponding to the occupations ... corresponding to their current positions."
        Cumulative years: 1 (interpretation N5.years); 1.0 is enough."""
        r = run(
            profile(
                titles=[INTERMEDIATE_ENGINEER],
                current_occupation=ELECTRICIAN,
                relevant_experience_years=1,
            )
        )
        o = option(r, "skill_level", "technician", occupation=ELECTRICIAN)
        assert o["status"] == "eligible"
        assert o["rules"] == ["N5"]
        assert "N5.years" in {i["id"] for i in o["interpretations"]}

    def test_just_under_the_cumulative_years_waits(self) -> None:
        """Same sentence, one side short: 0.99 years -> eligible later (0.01 y = 4 days)."""
        r = run(
            profile(
                titles=[INTERMEDIATE_ENGINEER],
                current_occupation=ELECTRICIAN,
                relevant_experience_years=0.99,
            )
        )
        o = option(r, "skill_level", "technician", occupation=ELECTRICIAN)
        assert o["status"] == "eligible_later"
        assert o["eligible_from"] == "2025-03-05"
        assert [m["condition"] for m in o["missing"]] == ["relevant_experience"]

    def test_each_title_level_maps_to_its_skill_level(self) -> None:
        """Same sentence: assistant -> senior worker, deputy senior -> senior technician."""
        for title, level in (
            ("assistant", "senior_worker"),
            ("deputy_senior", "senior_technician"),
        ):
            r = run(
                profile(
                    titles=[{**INTERMEDIATE_ENGINEER, "level": title}],
                    current_occupation=ELECTRICIAN,
                    relevant_experience_years=3,
                )
            )
            assert option(r, "skill_level", level)["status"] == "eligible"

    def test_senior_title_reading_is_flagged_only_for_senior_titles(self) -> None:
        r = run(
            profile(
                titles=[{**INTERMEDIATE_ENGINEER, "level": "senior"}],
                current_occupation=ELECTRICIAN,
                relevant_experience_years=3,
            )
        )
        o = option(r, "skill_level", "senior_technician")
        assert "N5.senior_title" in {i["id"] for i in o["interpretations"]}

    def test_needs_the_current_occupation(self) -> None:
        """Same sentence: "...corresponding to their current positions"."""
        r = run(profile(titles=[INTERMEDIATE_ENGINEER], relevant_experience_years=5))
        o = option(r, "skill_level", "technician")
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["current_occupation"]

    def test_without_a_title_nothing_opens(self) -> None:
        r = run(profile(current_occupation=ELECTRICIAN, relevant_experience_years=5))
        o = option(r, "skill_level", "senior_worker", occupation=ELECTRICIAN)
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["holds_title"]


class TestN6OneYearAfterASkillLevel:
    BASE: ClassVar[dict[str, Any]] = {
        "titles": [INTERMEDIATE_ENGINEER],
        "relevant_experience_years": 3,
    }

    def test_one_day_short_of_a_year(self) -> None:
        """ "One year after obtaining the vocational qualification or vocational skill
        level, the corresponding occupation (type of work) can be declared for promotion
        evaluation according to the accumulated working years.\""""
        r = run(
            profile(
                **self.BASE,
                as_of="2025-02-28",
                skill_levels=[skill("senior_worker", "2024-03-01")],
            )
        )
        o = option(r, "skill_level", "technician", occupation=ELECTRICIAN)
        assert o["status"] == "eligible_later"
        assert o["eligible_from"] == "2025-03-01"
        assert o["missing"][0]["condition"] == "years_since_obtained"

    def test_on_the_anniversary(self) -> None:
        """Same sentence, on the day one year is complete."""
        r = run(
            profile(
                **self.BASE,
                as_of="2025-03-01",
                skill_levels=[skill("senior_worker", "2024-03-01")],
            )
        )
        o = option(r, "skill_level", "technician", occupation=ELECTRICIAN)
        assert o["status"] == "eligible"
        assert o["rules"] == ["N6"]

    def test_leap_day_anniversary(self) -> None:
        """Same sentence; a level obtained on 29 Feb 2024 completes a year on 28 Feb 2025."""
        early = run(
            profile(
                **self.BASE, as_of="2025-02-27", skill_levels=[skill("technician", "2024-02-29")]
            )
        )
        on_time = run(
            profile(
                **self.BASE, as_of="2025-02-28", skill_levels=[skill("technician", "2024-02-29")]
            )
        )
        assert option(early, "skill_level", "senior_technician")["eligible_from"] == "2025-02-28"
        assert option(on_time, "skill_level", "senior_technician")["status"] == "eligible"

    def test_only_for_title_holders(self) -> None:
        """The sentence sits under "encourage professional and technical personnel to
        participate in vocational skill evaluation" (interpretation N6.scope)."""
        r = run(
            profile(
                relevant_experience_years=3, skill_levels=[skill("senior_worker", "2020-03-01")]
            )
        )
        o = option(r, "skill_level", "technician", occupation=ELECTRICIAN)
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["holds_title"]

    def test_no_promotion_past_senior_technician(self) -> None:
        """Interpretation N6.ceiling: special and chief technicians are appointments."""
        r = run(profile(**self.BASE, skill_levels=[skill("senior_technician", "2015-03-01")]))
        assert options(r, "skill_level", "special_technician") == []


class TestN7TheoryTestExemption:
    def test_related_graduation_certificate_exempts(self) -> None:
        """ "Those who have a professional graduation certificate related to the declared
        occupation are exempt from the theoretical knowledge test.\""""
        r = run(
            profile(
                titles=[INTERMEDIATE_ENGINEER],
                current_occupation=ELECTRICIAN,
                relevant_experience_years=2,
                education=[{"certificate": "graduation", "field_related": True}],
            )
        )
        o = option(r, "skill_level", "technician")
        assert o["exemptions"] == ["theory_test"]
        assert "N7" in o["rules"]

    def test_unrelated_certificate_does_not(self) -> None:
        """Same sentence: the certificate must be related to the declared occupation."""
        r = run(
            profile(
                titles=[INTERMEDIATE_ENGINEER],
                current_occupation=ELECTRICIAN,
                relevant_experience_years=2,
                education=[{"certificate": "graduation", "field_related": False}],
            )
        )
        o = option(r, "skill_level", "technician")
        assert o["exemptions"] == []
        assert "N7" not in o["rules"]


class TestNationalNotices:
    def test_equal_treatment_shown_to_a_senior_worker(self) -> None:
        """N9: "All kinds of enterprises will enjoy the same treatment as the professional
        and technical personnel of the corresponding level..." Shown, not decided."""
        r = run(profile(skill_levels=[skill("senior_worker", "2020-01-01")]))
        assert {"N2", "N4", "N9"} <= notice_ids(r)

    def test_equal_treatment_not_shown_below_high_skill(self) -> None:
        """N9 concerns high-skilled talents (senior worker or above)."""
        r = run(profile(skill_levels=[skill("intermediate_worker", "2020-01-01")]))
        assert "N9" not in notice_ids(r)
        assert "N2" not in notice_ids(r)
