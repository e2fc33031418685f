"""City rules: Shenyang (seed 000), Guangzhou (seed 001), Shenzhen (seed 002), each
on both sides of its thresholds and of its dates in force. Each test quotes the
sentence it checks."""

from __future__ import annotations

from tests.pathways.helpers import notice_ids, option, options, profile, run

ELECTRICIAN = "6-31-01-03"  # 电工: engineering / electromechanical
ICT_NETWORK = "4-04-02-01"  # 信息通信网络机务员: engineering / information_communication
WELDER = "6-18-02-04"  # 焊工: engineering / electromechanical


def engineer(level: str, specialty: str, obtained: str = "2019-07-01") -> dict[str, str]:
    return {"series": "engineering", "level": level, "specialty": specialty, "obtained": obtained}


def skill(level: str, obtained: str, occupation: str = WELDER) -> dict[str, str]:
    return {"occupation": occupation, "level": level, "obtained": obtained}


SELF_ASSESSING = {"self_assessment": True, "name": "广州汽车集团股份有限公司"}


class TestShenyangS1:
    def shenyang(self, **fields: object) -> dict[str, object]:
        base: dict[str, object] = {
            "region": "shenyang",
            "as_of": "2025-03-01",
            "titles": [engineer("intermediate", "information_communication")],
            "current_occupation": ICT_NETWORK,
            "relevant_experience_years": 1,
        }
        base.update(fields)
        return profile(**base)

    def test_one_year_of_relevant_work_is_enough(self) -> None:
        """ "The policy allows engineering professionals with technical titles to apply
        for vocational skill assessments after one year of relevant work experience.\""""
        o = option(run(self.shenyang()), "skill_level", "technician", occupation=ICT_NETWORK)
        assert o["status"] == "eligible"
        assert "S1" in o["rules"]
        assert {"S1.experience", "S1.level", "S1.occupations"} <= {
            i["id"] for i in o["interpretations"]
        }

    def test_short_of_one_year_waits(self) -> None:
        """Same sentence, 0.5 year short: eligible from as_of + 183 days."""
        o = option(run(self.shenyang(relevant_experience_years=0.5)), "skill_level", "technician")
        assert o["status"] == "eligible_later"
        assert o["eligible_from"] == "2025-08-31"
        assert "S1" in o["rules"]

    def test_not_in_force_the_day_before_26_june_2024(self) -> None:
        """ "...the local Human Resources and Social Security Bureau announced on June 26,
        2024." On 25 June only the national N5 answers."""
        before = option(run(self.shenyang(as_of="2024-06-25")), "skill_level", "technician")
        on_day = option(run(self.shenyang(as_of="2024-06-26")), "skill_level", "technician")
        assert "S1" not in before["rules"]
        assert "S1" in on_day["rules"]

    def test_specialty_outside_the_six_is_not_covered(self) -> None:
        """ "It covers six specialties, including electromechanical, transportation,
        construction, inspection, information communication and testing." A chemical
        engineering title gets no S1 (N5 still answers)."""
        r = run(self.shenyang(titles=[engineer("intermediate", "chemical")]))
        o = option(r, "skill_level", "technician")
        assert o["rules"] == ["N5"]

    def test_occupation_must_belong_to_the_specialty(self) -> None:
        """Same sentence: an electromechanical title does not cover an ICT occupation."""
        r = run(self.shenyang(titles=[engineer("intermediate", "electromechanical")]))
        assert "S1" not in option(r, "skill_level", "technician")["rules"]

    def test_non_engineering_title_is_not_covered(self) -> None:
        """Same sentence: "engineering professionals"."""
        r = run(
            self.shenyang(
                titles=[
                    {
                        "series": "agriculture",
                        "level": "intermediate",
                        "specialty": "information_communication",
                        "obtained": "2019-07-01",
                    }
                ]
            )
        )
        assert "S1" not in option(r, "skill_level", "technician")["rules"]


class TestShenyangS3S4:
    def test_professional_certificate_exempts_from_theory(self) -> None:
        """ "Those with relevant professional certificates may be exempted from theory
        tests." (S3.may: shown as granted)."""
        p = {
            "titles": [engineer("intermediate", "electromechanical")],
            "current_occupation": ELECTRICIAN,
            "relevant_experience_years": 2,
            "professional_certificates": [{"field_related": True, "name": "注册电气工程师"}],
        }
        shenyang = option(run(profile(region="shenyang", **p)), "skill_level", "technician")
        national = option(run(profile(region="national", **p)), "skill_level", "technician")
        assert shenyang["exemptions"] == ["theory_test"]
        assert "S3" in shenyang["rules"]
        assert national["exemptions"] == []

    def test_unrelated_certificate_does_not_exempt(self) -> None:
        """Same sentence: "relevant" certificates only."""
        o = option(
            run(
                profile(
                    region="shenyang",
                    titles=[engineer("intermediate", "electromechanical")],
                    current_occupation=ELECTRICIAN,
                    relevant_experience_years=2,
                    professional_certificates=[{"field_related": False}],
                )
            ),
            "skill_level",
            "technician",
        )
        assert o["exemptions"] == []

    def test_rewards_are_shown_not_decided(self) -> None:
        """S4: "...with top performers eligible for one-time rewards of up to 100,000
        yuan ($14,000)." A notice in Shenyang only; never an option."""
        p = {
            "titles": [engineer("intermediate", "electromechanical")],
            "current_occupation": ELECTRICIAN,
            "relevant_experience_years": 2,
        }
        assert "S4" in notice_ids(run(profile(region="shenyang", **p)))
        assert "S4" not in notice_ids(run(profile(region="national", **p)))


class TestGuangzhouG2:
    def guangzhou(self, as_of: str, obtained: str, **fields: object) -> dict[str, object]:
        base: dict[str, object] = {
            "region": "guangzhou",
            "as_of": as_of,
            "skill_levels": [skill("senior_worker", obtained)],
            "employer": SELF_ASSESSING,
            "relevant_experience_years": 8,
        }
        base.update(fields)
        return profile(**base)

    def test_one_day_short_of_two_years(self) -> None:
        """ "High-skilled talents with qualifications of senior worker or above can
        participate in title evaluations if they meet specific conditions, such as having
        two years of relevant work experience after obtaining their qualifications [2]\""""
        o = option(run(self.guangzhou("2026-01-14", "2024-01-15")), "title", "assistant")
        assert o["status"] == "eligible_later"
        assert o["eligible_from"] == "2026-01-15"
        assert o["rules"][0] == "G2"

    def test_two_years(self) -> None:
        """Same sentence, on the second anniversary."""
        o = option(run(self.guangzhou("2026-01-15", "2024-01-15")), "title", "assistant")
        assert o["status"] == "eligible"
        assert "G2" in o["rules"]
        assert "N1" not in o["rules"]

    def test_two_years_from_a_leap_day(self) -> None:
        """Same sentence; 29 Feb 2024 + 2 years = 28 Feb 2026."""
        short = option(run(self.guangzhou("2026-02-27", "2024-02-29")), "title", "assistant")
        done = option(run(self.guangzhou("2026-02-28", "2024-02-29")), "title", "assistant")
        assert (short["status"], short["eligible_from"]) == ("eligible_later", "2026-02-28")
        assert done["status"] == "eligible"

    def test_intermediate_worker_is_below(self) -> None:
        """Same sentence: "senior worker or above"."""
        r = run(
            self.guangzhou(
                "2026-06-01",
                "2020-01-01",
                skill_levels=[skill("intermediate_worker", "2020-01-01")],
            )
        )
        o = option(r, "title", "assistant")
        assert o["status"] == "not_eligible"
        assert o["missing"][0]["condition"] == "holds_skill_level"

    def test_only_in_self_assessing_enterprises(self) -> None:
        """G1: "The plan will be implemented in large enterprises with the authority for
        self-assessment of professional technical titles and qualifications for vocational
        skill level recognition..." """
        r = run(self.guangzhou("2026-06-01", "2020-01-01", employer={"self_assessment": False}))
        o = option(r, "title", "assistant")
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["employer_self_assessment"]

    def test_n1_still_applies_before_the_pilot(self) -> None:
        """G2 replaces N1 only from 24 Dec 2025 (Guangzhou Daily, 2025-12-24): the day
        before, a senior worker of one year is eligible under N1."""
        before = option(run(self.guangzhou("2025-12-23", "2025-01-01")), "title", "assistant")
        on_day = option(run(self.guangzhou("2025-12-24", "2025-01-01")), "title", "assistant")
        assert (before["status"], before["rules"][0]) == ("eligible", "N1")
        assert (on_day["status"], on_day["rules"][0]) == ("eligible_later", "G2")
        assert on_day["eligible_from"] == "2027-01-01"


class TestGuangzhouG3:
    def chief(self, years: float, **fields: object) -> dict[str, object]:
        base: dict[str, object] = {
            "region": "guangzhou",
            "as_of": "2026-03-01",
            "skill_levels": [skill("special_technician", "2025-01-10")],
            "employer": SELF_ASSESSING,
            "relevant_experience_years": years,
        }
        base.update(fields)
        return profile(**base)

    def test_five_years(self) -> None:
        """ "Those with special technician or chief technician qualifications can apply for
        senior professional titles after five years of relevant work experience [2]\""""
        o = option(run(self.chief(5)), "title", "senior", route="regular")
        assert o["status"] == "eligible"
        assert o["rules"][0] == "G3"
        assert {"G3.level", "G3.experience"} <= {i["id"] for i in o["interpretations"]}

    def test_short_of_five_years(self) -> None:
        """Same sentence: 4 years -> one more year, 2027-03-01."""
        o = option(run(self.chief(4)), "title", "senior", route="regular")
        assert (o["status"], o["eligible_from"]) == ("eligible_later", "2027-03-01")

    def test_technician_is_not_enough(self) -> None:
        """Same sentence: only special or chief technicians."""
        r = run(self.chief(10, skill_levels=[skill("senior_technician", "2015-01-01")]))
        o = option(r, "title", "senior", route="regular")
        assert o["status"] == "not_eligible"
        assert o["missing"][0]["condition"] == "holds_skill_level"

    def test_not_before_the_plan(self) -> None:
        """The plan is from 24 Dec 2025; on the 23rd no regular route to senior exists."""
        r = run(self.chief(10, as_of="2025-12-23"))
        assert options(r, "title", "senior", route="regular") == []


class TestGuangzhouG4:
    def winner(self, **fields: object) -> dict[str, object]:
        base: dict[str, object] = {
            "region": "guangzhou",
            "as_of": "2026-03-01",
            "honors": ["worldskills_medal"],
            "current_occupation": "6-31-07-01",
            "experience_in_region_years": 1,
            "relevant_experience_years": 3,
        }
        base.update(fields)
        return profile(**base)

    def test_worldskills_medal_by_competition(self) -> None:
        """ "Winners of significant competitions, such as the World Skills Competition or
        National Skills Competition, may receive corresponding vocational qualifications
        or titles based on their work experience in Guangzhou [3]\""""
        o = option(run(self.winner()), "skill_level", "senior_technician", route="competition")
        assert o["status"] == "eligible"
        assert o["rules"] == ["G4"]
        assert {"G4.levels", "G4.region_years"} <= {i["id"] for i in o["interpretations"]}

    def test_national_competition_gives_technician(self) -> None:
        r = run(self.winner(honors=["national_skills_competition_winner"]))
        assert option(r, "skill_level", "technician", route="competition")["status"] == "eligible"

    def test_short_of_guangzhou_experience(self) -> None:
        """Same sentence: by work experience in Guangzhou (1 year read, G4.region_years)."""
        o = option(
            run(self.winner(experience_in_region_years=0.5)),
            "skill_level",
            "senior_technician",
        )
        assert (o["status"], o["eligible_from"]) == ("eligible_later", "2026-08-31")

    def test_unknown_guangzhou_experience_is_missing(self) -> None:
        p = self.winner()
        del p["experience_in_region_years"]
        o = option(run(p), "skill_level", "senior_technician")
        assert o["status"] == "not_eligible"
        assert [m["condition"] for m in o["missing"]] == ["experience_in_region"]

    def test_no_competition_route_outside_guangzhou(self) -> None:
        r = run(self.winner(region="shenyang"))
        assert [o for o in r["options"] if o["route"] == "competition"] == []


class TestShenzhen:
    def test_skill_bank_notices_from_20_september_2022(self) -> None:
        """Z1: "Shenzhen will pilot establishing a “skill bank” to keep employees’
        lifelong training profiles..." (released "yesterday" in the report of 21 Sep)."""
        before = run(profile(region="shenzhen", as_of="2022-09-19"))
        on_day = run(profile(region="shenzhen", as_of="2022-09-20"))
        assert not {"Z1", "Z2", "Z3"} & notice_ids(before)
        assert {"Z1", "Z2", "Z3", "Z4"} <= notice_ids(on_day)

    def test_end_2025_targets_until_31_december_2025(self) -> None:
        """Z4: "As per the plan, by the end of 2025, skilled workers will take up 30% of the
        city’s total employment population..." Shown until the target date."""
        assert "Z4" in notice_ids(run(profile(region="shenzhen", as_of="2025-12-31")))
        assert "Z4" not in notice_ids(run(profile(region="shenzhen", as_of="2026-01-01")))

    def test_shenzhen_decides_with_national_rules(self) -> None:
        """Seed 002 grants no eligibility: the national N1 answers in Shenzhen."""
        r = run(
            profile(
                region="shenzhen",
                skill_levels=[skill("senior_worker", "2024-01-01")],
            )
        )
        assert option(r, "title", "assistant")["rules"][0] == "N1"
