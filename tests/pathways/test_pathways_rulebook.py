"""The rule files themselves: sources, inheritance, overrides, dates, validation."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from backend.pathways.rulebook import (
    RULES_DIR,
    GrantRule,
    NoticeRule,
    RulebookError,
    default_rulebooks,
    load_rulebooks,
)
from tests.pathways.helpers import SEEDS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "pathways.md"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class TestSources:
    def test_every_sentence_is_quoted_verbatim_from_its_seed(self) -> None:
        """A rule is only as good as its source: each cited sentence must be in the seed."""
        checked = 0
        for book in default_rulebooks().values():
            for rule in book.rules:
                for src in rule.sources:
                    seed = _squash((SEEDS / src.seed).read_text(encoding="utf-8"))
                    assert _squash(src.sentence) in seed, f"{rule.id}: {src.sentence[:60]}"
                    checked += 1
        assert checked >= 30

    def test_vague_points_are_flagged(self) -> None:
        """DOMAIN "Where the sources are vague": each of these is data with a flag."""
        flagged = {
            i.id
            for book in default_rulebooks().values()
            for r in book.rules
            for i in r.interpretations
        }
        assert {
            "national.in_force_from",
            "shenzhen.in_force_from",
            "N1.level",
            "N5.years",
            "N6.accumulated_years",
            "G2.level",
            "G3.level",
            "G4.levels",
            "G4.region_years",
            "S1.experience",
            "N9.levels",
        } <= flagged


class TestInheritance:
    def test_cities_inherit_every_national_rule(self) -> None:
        books = default_rulebooks()
        national = {r.id for r in books["national"].rules}
        for city in ("shenyang", "guangzhou", "shenzhen"):
            assert national <= {r.id for r in books[city].rules}, city

    def test_city_rules_stay_in_their_city(self) -> None:
        books = default_rulebooks()
        assert "S1" in {r.id for r in books["shenyang"].rules}
        assert "S1" not in {r.id for r in books["guangzhou"].rules}
        assert "G2" not in {r.id for r in books["national"].rules}

    def test_guangzhou_g2_replaces_n1_only_while_in_force(self) -> None:
        book = default_rulebooks()["guangzhou"]
        assert book.replaced == {"N1": "G2"}
        assert "N1" in {r.id for r in book.in_force(date(2025, 12, 23))}
        on_day = {r.id for r in book.in_force(date(2025, 12, 24))}
        assert "G2" in on_day and "N1" not in on_day

    def test_versions_are_reported(self) -> None:
        book = default_rulebooks()["shenyang"]
        assert set(book.versions) == {"national", "shenyang"}

    def test_no_grant_rule_without_conditions_and_no_notice_decides(self) -> None:
        for book in default_rulebooks().values():
            for r in book.rules:
                if isinstance(r.rule, GrantRule):
                    assert r.rule.conditions
                if isinstance(r.rule, NoticeRule):
                    assert not hasattr(r.rule, "target")


NATIONAL = """
region: national
version: "t1"
updated: 2026-01-01
name: {zh: 全国, en: National}
extends: null
documents:
  d: {seed: s.txt, title: {zh: 文件, en: Document}, reported: "2021"}
in_force: {from: 2021-01-06, until: null}
rules:
  - id: A1
    kind: grant
    track: title
    route: green_channel
    title: {zh: 甲, en: A}
    target: {kind: levels, levels: [senior]}
    conditions: [{kind: honor_any, honors: [china_skills_award]}]
    sources: [{document: d, sentence: "A sentence long enough to cite."}]
"""

CITY = """
region: shenyang
version: "t1"
updated: 2026-01-01
name: {zh: 沈阳, en: Shenyang}
extends: national
documents:
  c: {seed: c.txt, title: {zh: 文件, en: Document}, reported: "2024"}
in_force: {from: 2024-06-26, until: 2024-12-31}
rules:
  - id: B1
    kind: grant
    track: title
    route: green_channel
    overrides: [A1]
    title: {zh: 乙, en: B}
    target: {kind: levels, levels: [senior]}
    conditions: [{kind: honor_any, honors: [national_technical_expert]}]
    sources: [{document: c, sentence: "Another sentence long enough."}]
"""


def _write(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


class TestOverrides:
    def test_override_applies_between_the_city_rule_dates(self, tmp_path: Path) -> None:
        books = load_rulebooks(_write(tmp_path, national=NATIONAL, shenyang=CITY))
        city = books["shenyang"]
        assert [r.id for r in city.in_force(date(2024, 6, 25))] == ["A1"]
        assert [r.id for r in city.in_force(date(2024, 6, 26))] == ["B1"]
        assert [r.id for r in city.in_force(date(2024, 12, 31))] == ["B1"]
        # After the city rule ends, the national rule answers again.
        assert [r.id for r in city.in_force(date(2025, 1, 1))] == ["A1"]
        assert [r.id for r in books["national"].in_force(date(2024, 7, 1))] == ["A1"]


class TestValidation:
    def _fails(self, tmp_path: Path, national: str, match: str) -> None:
        with pytest.raises(RulebookError, match=match):
            load_rulebooks(_write(tmp_path, national=national))

    def test_unknown_document(self, tmp_path: Path) -> None:
        self._fails(
            tmp_path, NATIONAL.replace("document: d,", "document: nope,"), "unknown document"
        )

    def test_anchored_wait_needs_a_record(self, tmp_path: Path) -> None:
        bad = NATIONAL.replace(
            "conditions: [{kind: honor_any, honors: [china_skills_award]}]",
            "conditions: [{kind: years_since_obtained, years: 2}]",
        )
        self._fails(tmp_path, bad, "years_since_obtained needs a target")

    def test_dates_in_order(self, tmp_path: Path) -> None:
        bad = NATIONAL.replace("until: null", "until: 2020-01-01")
        self._fails(tmp_path, bad, "until is before")

    def test_unknown_condition_kind(self, tmp_path: Path) -> None:
        bad = NATIONAL.replace("kind: honor_any", "kind: likes_cats")
        self._fails(tmp_path, bad, "likes_cats")

    def test_unknown_level(self, tmp_path: Path) -> None:
        self._fails(
            tmp_path, NATIONAL.replace("levels: [senior]", "levels: [professor]"), "professor"
        )

    def test_override_of_unknown_rule(self, tmp_path: Path) -> None:
        with pytest.raises(RulebookError, match="overrides unknown rule"):
            load_rulebooks(
                _write(tmp_path, national=NATIONAL, shenyang=CITY.replace("[A1]", "[Z9]"))
            )

    def test_exemption_must_name_known_rules(self, tmp_path: Path) -> None:
        exemption = """
  - id: E1
    kind: exemption
    title: {zh: 免, en: E}
    exemptions: [theory_test]
    applies_to: {track: skill_level, rules: [Q7]}
    conditions: [{kind: related_graduation_certificate}]
    sources: [{document: d, sentence: "A sentence long enough to cite."}]
"""
        self._fails(tmp_path, NATIONAL + exemption, r"unknown rules \['Q7'\]")

    def test_file_name_must_match_region(self, tmp_path: Path) -> None:
        with pytest.raises(RulebookError, match="does not match"):
            load_rulebooks(_write(tmp_path, shenzhen=NATIONAL))


class TestDocs:
    def test_docs_list_every_rule_as_decided_or_shown(self) -> None:
        """docs/pathways.md has one table row per rule: decided (grant, exemption) or shown."""
        rows = dict(
            re.findall(r"^\| `([A-Za-z0-9-]+)` \| (decided|shown) \|", DOCS.read_text(), re.M)
        )
        expected = {}
        for path in sorted(RULES_DIR.glob("*.yaml")):
            for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
                expected[rule["id"]] = "shown" if rule["kind"] == "notice" else "decided"
        assert rows == expected
