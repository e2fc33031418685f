"""The skill taxonomy builder: real CSCO data in, a deterministic, validated file out."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from seed import taxonomy as tx

DATA = tx.DATA_DIR
PROFILES = Path(__file__).resolve().parents[2] / "matching/eval/data/everyday_profiles.jsonl"


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    return tx.build()


@pytest.fixture(scope="module")
def csco_levels() -> dict[str, str]:
    with (DATA / tx.CSCO_FILE).open(encoding="utf-8") as handle:
        return {row["code"]: row["level"] for row in csv.DictReader(handle)}


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for name in (tx.CSCO_FILE, tx.CURATED_FILE, tx.OCCUPATIONS_EN_FILE, tx.GLOSSARY_FILE):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _curated(path: Path) -> list[dict[str, Any]]:
    text = (path / tx.CURATED_FILE).read_text("utf-8")
    entries: list[dict[str, Any]] = yaml.load(text, Loader=tx._YAML_LOADER)
    return entries


def _write_curated(path: Path, entries: list[dict[str, Any]]) -> None:
    text = "# curated_date: 2026-11-21\n" + yaml.safe_dump(entries, allow_unicode=True)
    (path / tx.CURATED_FILE).write_text(text, encoding="utf-8")


class TestTaskSplitting:
    def test_lathe_operator_tasks_from_csco(self) -> None:
        with (DATA / tx.CSCO_FILE).open(encoding="utf-8") as handle:
            row = next(r for r in csv.DictReader(handle) if r["code"] == "6-18-01-01")
        assert tx.split_tasks(row["tasks"]) == [
            "安装夹具，调整车床，找正、定位与装夹工件",
            "选择、刃磨、安装刀具",
            "操作车床数控系统，进行人机之间的指令和提示等信息交流",
            "操作车床，进行工件内外圆柱面、端面、锥面、圆孔和螺纹等型面的切削加工",
            "使用量具，进行制件精度检验及误差分析",
            "维护保养机床和工装",
        ]

    def test_markers_after_chinese_semicolons(self) -> None:
        # 4-05-02-02 separates its tasks with "；" instead of spaces.
        with (DATA / tx.CSCO_FILE).open(encoding="utf-8") as handle:
            row = next(r for r in csv.DictReader(handle) if r["code"] == "4-05-02-02")
        phrases = tx.split_tasks(row["tasks"])
        assert len(phrases) == 9
        assert not any(p.endswith("；") for p in phrases)

    def test_numbers_inside_a_task_are_not_markers(self) -> None:
        text = "1.钢板厚度不超过2.5毫米时采用点焊 2.检查焊点，误差小于0.1毫米。"
        assert tx.split_tasks(text) == [
            "钢板厚度不超过2.5毫米时采用点焊",
            "检查焊点，误差小于0.1毫米",
        ]

    def test_empty_task_string(self) -> None:
        assert tx.split_tasks("  ") == []

    def test_phrase_key_folds_width_case_and_clause_order(self) -> None:
        assert tx.phrase_key("维护保养设备，处理故障。") == tx.phrase_key("处理故障,维护保养设备")
        assert tx.phrase_key("PLC 编程") == tx.phrase_key("plc编程")
        assert tx.phrase_key("维护保养设备") != tx.phrase_key("维护保养机床")


class TestOccupations:
    def test_all_level4_occupations_once(
        self, built: dict[str, Any], csco_levels: dict[str, str]
    ) -> None:
        codes = [o["code"] for o in built["occupations"]]
        assert len(codes) == len(set(codes))
        assert set(codes) == {c for c, level in csco_levels.items() if level == "4"}

    def test_marks_are_flags_not_part_of_the_name(self, built: dict[str, Any]) -> None:
        robotics = next(o for o in built["occupations"] if o["code"] == "2-02-38-10")
        assert robotics["name_zh"] == "机器人工程技术人员"
        assert robotics["digital"] and not robotics["green"]
        assert robotics["name_en"] == "Robotics engineer"

    def test_unit_groups_resolve(self, built: dict[str, Any]) -> None:
        groups = {g["code"] for g in built["unit_groups"]}
        assert {o["unit_group"] for o in built["occupations"]} <= groups
        lathe = next(o for o in built["occupations"] if o["code"] == "6-18-01-01")
        assert lathe["unit_group"] == "6-18-01" and lathe["major_group"] == "6"

    def test_aliases_exclude_the_name(self, built: dict[str, Any]) -> None:
        cnc = next(o for o in built["occupations"] if o["code"] == "6-18-01-07")
        assert "CNC/数控操机" in cnc["aliases"]
        assert cnc["name_zh"] not in cnc["aliases"]


class TestSkills:
    def test_curated_codes_exist_at_level_4(self, csco_levels: dict[str, str]) -> None:
        for entry in _curated(DATA):
            for code in entry["occupations"]:
                assert csco_levels.get(code) == "4", f"{entry['id']}: {code}"

    def test_curated_skills_have_both_languages(self, built: dict[str, Any]) -> None:
        curated = [s for s in built["skills"] if s["curated"]]
        assert len(curated) >= 300
        for skill in curated:
            assert skill["zh"].strip() and skill["en"].strip(), skill["id"]
            assert skill["source"] == "curated"

    def test_every_curated_occupation_has_an_english_name(self, built: dict[str, Any]) -> None:
        names = {o["code"]: o["name_en"] for o in built["occupations"]}
        used = {c for s in built["skills"] if s["curated"] for c in s["occupations"]}
        assert all(names[c] for c in used)
        assert sum(1 for n in names.values() if n) >= 300

    def test_derived_skill_shared_by_occupations(self, built: dict[str, Any]) -> None:
        tool = next(s for s in built["skills"] if s["zh"] == "选择、刃磨、安装刀具")
        assert tool["id"] == "csco.6-18-01-01.2"  # first occupation, second task
        assert {"6-18-01-01", "6-18-01-02", "6-18-01-03"} <= set(tool["occupations"])
        assert tool["curated"] is False and tool["source"] == "csco_task"

    def test_skill_ids_unique(self, built: dict[str, Any]) -> None:
        ids = [s["id"] for s in built["skills"]]
        assert len(ids) == len(set(ids))

    def test_glossary_bridges_english_to_chinese(self, built: dict[str, Any]) -> None:
        glossary = {g["en"]: g["zh"] for g in built["glossary"]}
        assert len(glossary) >= 400
        assert "焊接" in glossary["welding"] and "叉车" in glossary["forklift"]


class TestLinks:
    def test_each_pair_once_with_valid_weight_and_reason(self, built: dict[str, Any]) -> None:
        ids = {s["id"] for s in built["skills"]}
        seen = set()
        for link in built["related"]:
            assert link["a"] < link["b"] and link["a"] in ids and link["b"] in ids
            assert 0 < link["weight"] <= 1
            assert link["why"] in tx.REASONS
            seen.add((link["a"], link["b"]))
        assert len(seen) == len(built["related"])
        assert {link["why"] for link in built["related"]} == set(tx.REASONS)

    def test_neighbours_are_symmetric(self, built: dict[str, Any]) -> None:
        adjacency = tx.neighbours(built)
        for a, others in adjacency.items():
            for b, weight in others.items():
                assert adjacency[b][a] == weight

    def test_one_sided_curated_relation_becomes_a_link(self, built: dict[str, Any]) -> None:
        # Only cnc_lathe_operation names cnc_programming in the yaml.
        adjacency = tx.neighbours(built)
        assert adjacency["cnc_programming"]["cnc_lathe_operation"] == 0.8
        link = next(
            r
            for r in built["related"]
            if (r["a"], r["b"]) == ("cnc_lathe_operation", "cnc_programming")
        )
        assert link["why"] == "curated"

    def test_non_curated_links_are_capped(self, built: dict[str, Any]) -> None:
        degree: dict[str, int] = {}
        for link in built["related"]:
            if link["why"] != "curated":
                for end in (link["a"], link["b"]):
                    degree[end] = degree.get(end, 0) + 1
        assert max(degree.values()) <= tx.LINK_CAP

    def test_shared_occupation_weight_formula(self) -> None:
        occupations, _ = tx.load_csco(DATA / tx.CSCO_FILE)
        base: dict[str, Any] = {
            "synonyms_zh": [],
            "synonyms_en": [],
            "related": {},
            "specialty": None,
        }
        a = {**base, "id": "a", "occupations": ["6-18-01-01", "6-18-01-02"], "industry": "general"}
        b = {**base, "id": "b", "occupations": ["6-18-01-01"], "industry": "general"}
        (link,) = tx.compute_links([a, b], [], occupations)
        assert link == {"a": "a", "b": "b", "weight": 0.5, "why": "shared_occupation"}


class TestDeterminism:
    def test_two_builds_are_byte_identical(self, built: dict[str, Any]) -> None:
        assert tx.dumps(tx.build()) == tx.dumps(built)

    def test_committed_file_is_up_to_date(self, built: dict[str, Any]) -> None:
        committed = (DATA / tx.TAXONOMY_FILE).read_text(encoding="utf-8")
        assert committed == tx.dumps(built), "run `python -m seed.taxonomy build`"
        assert json.loads(committed)["version"].startswith("csco2022-20261121-")

    def test_version_changes_with_content(self, data_copy: Path, built: dict[str, Any]) -> None:
        entries = _curated(data_copy)
        entries[0]["synonyms_zh"].append("新说法")
        _write_curated(data_copy, entries)
        assert tx.build(data_copy)["version"] != built["version"]


class TestBrokenInput:
    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (lambda e: e.update(occupations=["6-99-99-99"]), "'6-99-99-99' is not a level-4"),
            (lambda e: e.update(occupations=["6-18-01-00"]), "'6-18-01-00' is not a level-4"),
            (lambda e: e.pop("en"), "field 'en' is missing"),
            (lambda e: e.update(zh="  "), "field 'zh' is missing or empty"),
            (
                lambda e: e.update(related={"no_such_skill": 0.5}),
                "unknown skill id 'no_such_skill'",
            ),
            (lambda e: e.update(related={"lathe_operation": 1.5}), "must be in (0, 1]"),
            (lambda e: e.update(specialty="cooking"), "field 'specialty' is 'cooking'"),
            (lambda e: e.update(synonyms_en=[True]), "True is not a non-empty string"),
        ],
    )
    def test_refused_with_entry_and_field(
        self, data_copy: Path, change: Any, expected: str
    ) -> None:
        entries = _curated(data_copy)
        target = next(e for e in entries if e["id"] == "cnc_lathe_operation")
        change(target)
        _write_curated(data_copy, entries)
        with pytest.raises(tx.TaxonomyError) as caught:
            tx.build(data_copy)
        assert "skill 'cnc_lathe_operation'" in caught.value.message
        assert expected in caught.value.message

    def test_duplicate_id(self, data_copy: Path) -> None:
        entries = _curated(data_copy)
        _write_curated(data_copy, [*entries, dict(entries[0])])
        with pytest.raises(tx.TaxonomyError, match="field 'id' is a duplicate"):
            tx.build(data_copy)

    def test_missing_english_occupation_name(self, data_copy: Path) -> None:
        names = yaml.safe_load((data_copy / tx.OCCUPATIONS_EN_FILE).read_text("utf-8"))
        del names["6-18-01-01"]
        (data_copy / tx.OCCUPATIONS_EN_FILE).write_text(
            yaml.safe_dump(names, allow_unicode=True), encoding="utf-8"
        )
        with pytest.raises(tx.TaxonomyError, match=r"no English name .*6-18-01-01"):
            tx.build(data_copy)

    def test_cli_reports_on_stderr_without_traceback(self, data_copy: Path) -> None:
        entries = _curated(data_copy)
        entries[0]["occupations"] = ["9-99-99-99"]
        _write_curated(data_copy, entries)
        out = data_copy / "out.json"
        command = [sys.executable, "-m", "seed.taxonomy", "build", "--data-dir", str(data_copy)]
        result = subprocess.run(
            [*command, "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "'9-99-99-99' is not a level-4 occupation" in result.stderr
        assert "Traceback" not in result.stderr
        assert not out.exists()

    def test_cli_check_accepts_the_real_data(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "seed.taxonomy", "check"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("ok: ")


@pytest.fixture(scope="module")
def profiles() -> list[dict[str, Any]]:
    lines = PROFILES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


class TestEverydayProfiles:
    def test_shape_and_codes(self, profiles: list[dict[str, Any]], built: dict[str, Any]) -> None:
        codes = {o["code"] for o in built["occupations"]}
        assert len(profiles) >= 120
        assert len({p["id"] for p in profiles}) == len(profiles)
        for p in profiles:
            assert set(p) == {"id", "lang", "text", "skills", "occupations"}, p["id"]
            assert p["lang"] in ("zh", "en") and p["text"].strip() and p["skills"]
            assert p["occupations"] and set(p["occupations"]) <= codes, p["id"]

    def test_both_languages_and_many_occupations(self, profiles: list[dict[str, Any]]) -> None:
        zh = sum(1 for p in profiles if p["lang"] == "zh")
        assert 0.4 <= zh / len(profiles) <= 0.6
        assert len({c for p in profiles for c in p["occupations"]}) >= 80

    def test_not_copied_from_synonym_lists(
        self, profiles: list[dict[str, Any]], built: dict[str, Any]
    ) -> None:
        words = {
            w.lower()
            for s in built["skills"]
            if s["curated"]
            for w in [s["zh"], s["en"], *s["synonyms_zh"], *s["synonyms_en"]]
        }
        phrases = [x.lower() for p in profiles for x in p["skills"]]
        copied = [x for x in phrases if x in words]
        assert len(copied) / len(phrases) <= 0.12, copied
