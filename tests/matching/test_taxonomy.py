from pathlib import Path

import pytest

from matching.taxonomy import Taxonomy


class TestResolve:
    def test_everyday_chinese_and_english_synonyms(self, small_taxonomy: Taxonomy) -> None:
        assert small_taxonomy.resolve("会开数控车床")[0] == ("cnc_lathe", 1.0)
        assert small_taxonomy.resolve("CNC turning")[0] == ("cnc_lathe", 1.0)

    def test_names_spotted_inside_a_sentence(self, small_taxonomy: Taxonomy) -> None:
        found = dict(small_taxonomy.resolve("氩弧焊和二保焊都会"))
        assert {"tig", "mig"} <= set(found)

    def test_unrelated_phrase_resolves_to_nothing(self, small_taxonomy: Taxonomy) -> None:
        assert small_taxonomy.resolve("弹钢琴") == []

    def test_glossary_bridges_english(self, small_taxonomy: Taxonomy) -> None:
        assert "焊接" in small_taxonomy.translate("welding jobs")

    def test_related_is_symmetric(self, small_taxonomy: Taxonomy) -> None:
        assert small_taxonomy.related["mig"]["tig"] == 0.7

    def test_bad_input(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="skills"):
            Taxonomy.from_dict({"occupations": []})
        bad = tmp_path / "t.json"
        bad.write_text("{", encoding="utf-8")
        with pytest.raises(ValueError, match="not valid JSON"):
            Taxonomy.from_file(bad)


def test_real_taxonomy_resolves_everyday_words(taxonomy: Taxonomy) -> None:
    assert taxonomy.resolve("forklift driver")[0][0] == taxonomy.resolve("叉车驾驶")[0][0]


def test_a_generic_word_alone_names_no_skill(taxonomy: Taxonomy) -> None:
    """The word "skill" once bridged to 手艺 and so to 车工手艺 (manual lathe): a nonsense
    phrase ending in "skill" replaced a course's skills with lathe operation."""
    assert taxonomy.resolve("zzqqxx nonsense skill") == []
    assert taxonomy.resolve("skills") == []
    assert taxonomy.resolve("Excel skills")[0][0] == "excel_office"
    assert taxonomy.resolve("lathe skills")[0][0] in ("cnc_lathe_operation", "lathe_operation")
