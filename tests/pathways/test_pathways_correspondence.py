"""The correspondence table: real CSCO 2022 codes, S2's six specialties, level maps."""

from __future__ import annotations

from backend.pathways.ladders import SKILL_LEVELS, TITLE_LEVELS, rank
from backend.pathways.occupations import occupations
from backend.pathways.rulebook import default_correspondence

SIX = {
    "electromechanical",
    "transportation",
    "construction",
    "inspection",
    "information_communication",
    "testing",
}


def _all_refs() -> list[tuple[str, str, str]]:
    corr = default_correspondence()
    refs = []
    for series_id, s in corr.series.items():
        refs += [(series_id, o.code, o.zh) for o in s.occupations]
        for spec_id, spec in s.specialties.items():
            refs += [(f"{series_id}/{spec_id}", o.code, o.zh) for o in spec.occupations]
    return refs


class TestOccupations:
    def test_every_code_is_a_level_4_csco_occupation_with_that_name(self) -> None:
        known = occupations()
        refs = _all_refs()
        assert len(refs) >= 60
        for where, code, zh in refs:
            assert code in known, f"{where}: {code} is not a CSCO 2022 level-4 code"
            assert known[code] == zh, f"{where}: {code} is {known[code]}, not {zh}"

    def test_no_code_twice_in_one_place(self) -> None:
        refs = _all_refs()
        assert len(refs) == len({(w, c) for w, c, _ in refs})

    def test_shenyang_six_specialties_are_engineering(self) -> None:
        """S2: "It covers six specialties, including electromechanical, transportation,
        construction, inspection, information communication and testing.\""""
        engineering = default_correspondence().series["engineering"]
        assert set(engineering.specialties) >= SIX
        assert all(engineering.specialties[s].basis == "S2" for s in SIX)

    def test_series_are_those_n2_opens(self) -> None:
        """N2: "...engineering, agriculture, arts and crafts, cultural relics, experimental
        technology, art, sports, and technical college teachers.\""""
        opened = {
            "engineering",
            "agriculture",
            "arts_and_crafts",
            "cultural_relics",
            "experimental_technology",
            "art",
            "sports",
            "technical_college_teachers",
        }
        assert set(default_correspondence().series) <= opened

    def test_placement_of_a_welder(self) -> None:
        assert default_correspondence().placements("6-18-02-04") == [
            ("engineering", "electromechanical")
        ]


class TestLevels:
    def test_title_to_skill_is_the_n5_mapping(self) -> None:
        """N5: "...assistant, intermediate, and deputy senior titles ... senior workers,
        technicians, and senior technicians" respectively."""
        m = default_correspondence().levels.title_to_skill
        assert (m["assistant"], m["intermediate"], m["deputy_senior"]) == (
            "senior_worker",
            "technician",
            "senior_technician",
        )

    def test_every_title_level_and_high_skill_level_is_mapped(self) -> None:
        levels = default_correspondence().levels
        assert set(levels.title_to_skill) == set(TITLE_LEVELS)
        high = {
            lvl
            for lvl in SKILL_LEVELS
            if rank("skill_level", lvl) >= rank("skill_level", "senior_worker")
        }
        assert set(levels.skill_to_title) == high

    def test_the_mirror_is_flagged_as_interpretation(self) -> None:
        assert [i.id for i in default_correspondence().levels.interpretations] == [
            "correspondence.levels"
        ]
