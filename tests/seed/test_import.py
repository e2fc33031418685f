"""``alliance import``: good files land, bad files are refused whole with line
numbers, --skip-bad writes the good rows and a rejects file, and words are
matched to the taxonomy and reported."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import typer
from typer.testing import CliRunner

from backend import cli_seed
from backend.graph import generic
from backend.graph.embedded_store import EmbeddedStore
from backend.graph.store import GraphStore
from backend.settings import get_settings
from seed import generate as gen
from seed.importer import import_file
from seed.loader import load
from seed.resolve import Resolver
from seed.vocab import Vocabulary
from seed.vocab import load as load_vocabulary

VACANCY_HEADER = "id,firm,title,title_en,kind,occupation,required,skills,pay_min,pay_max,places\n"
GOOD_VACANCY = (
    "imp-vac-1,firm-0001,数控车工,CNC lathe operator,job,车工,"
    '"数控车床操作:1.0:3;数控编程:0.6:2",,6000,9000,2\n'
)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture
def store(tmp_path: Path, vocab: Vocabulary) -> Iterator[GraphStore]:
    s = EmbeddedStore(tmp_path / "g")
    s.ensure_schema()
    # Organisations only: imports refer to firms, schools and parks by id.
    g = gen.generate(0.01, 5, vocab)
    keep = {
        "Alliance",
        "GovernmentBody",
        "School",
        "Firm",
        "TrainingCentre",
        "Park",
        "Skill",
        "Occupation",
        "Teacher",
    }
    g.nodes = {k: v for k, v in g.nodes.items() if k in keep}
    # Curated skills only: the ten thousand task phrases would only slow every test.
    g.nodes["Skill"] = [r for r in g.nodes["Skill"] if r["curated"]]
    g.rels = {k: b for k, b in g.rels.items() if k[0] == "MEMBER_OF" or k[0] == "LOCATED_IN"}
    load(s, g)
    yield s
    s.close()


def count(store: GraphStore, label: str) -> int:
    return int(store.query(generic.count_nodes(label))[0]["count"])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


class TestResolver:
    def test_exact_normalised_and_fuzzy(self, vocab: Vocabulary) -> None:
        r = Resolver(vocab)
        exact = r.skill("数控车床操作")
        assert exact is not None and exact.id == "cnc_lathe_operation"
        assert exact.how == "exact"
        norm = r.skill("  CNC  Lathe-Operation ")
        assert norm is not None and norm.how == "normalised" and norm.id == "cnc_lathe_operation"
        fuzzy = r.skill("数控车床操做")  # a typo
        assert fuzzy is not None and fuzzy.how == "fuzzy" and fuzzy.id == "cnc_lathe_operation"
        assert r.skill("打羽毛球") is None

    def test_occupations_by_code_name_english_and_marker(self, vocab: Vocabulary) -> None:
        r = Resolver(vocab)
        for text in ("6-18-02-04", "焊工", "焊工S"):
            hit = r.occupation(text)
            assert hit is not None and hit.id == "6-18-02-04", text


class TestVacancies:
    def test_a_good_csv_file_lands_with_its_skills(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        f = write(tmp_path / "v.csv", VACANCY_HEADER + GOOD_VACANCY)
        report = import_file(store, f, "vacancies", vocab)
        assert report.ok and report.good == 1
        rows = store.query(
            generic.built(
                "MATCH (v:Vacancy {id: 'imp-vac-1'})-[r:REQUIRES]->(s:Skill) "
                "RETURN s.id AS skill, r.importance AS imp, r.level AS level ORDER BY s.id"
            )
        )
        # vacancy levels are national grades (3 senior worker, 2 technician), stored
        # as proficiency 6 - grade
        assert rows == [
            {"skill": "cnc_lathe_operation", "imp": 1.0, "level": 3},
            {"skill": "cnc_programming", "imp": 0.6, "level": 4},
        ]
        occ = store.query(
            generic.built(
                "MATCH (:Vacancy {id: 'imp-vac-1'})-[:FOR_OCCUPATION]->(o:Occupation) "
                "RETURN o.id AS code"
            )
        )
        assert occ == [{"code": "6-18-01-01"}]

    def test_a_bad_row_refuses_the_whole_file(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        f = write(
            tmp_path / "v.csv",
            VACANCY_HEADER
            + GOOD_VACANCY
            + "imp-vac-2,firm-9999,焊工,Welder,job,,,焊条电弧焊,5000,7000,1\n"
            + "imp-vac-3,firm-0001,,Welder,job,,,焊条电弧焊,5000,7000,1\n"
            + "imp-vac-4,firm-0001,焊工,Welder,gig,,,打羽毛球,7000,5000,0\n",
        )
        report = import_file(store, f, "vacancies", vocab)
        lines = {line for line, _ in report.errors}
        assert lines == {3, 4, 5}
        text = " ".join(reason for _, reason in report.errors)
        assert "firm-9999" in text and "title is required" in text
        assert "kind must be one of" in text
        assert count(store, "Vacancy") == 0
        # every reason also in Chinese, for the import pages in Chinese
        zh = {line: report.error_zh(line, reason) for line, reason in report.errors}
        assert "firm-9999" in zh[3] and "企业" in zh[3]
        assert "title 为必填项" in zh[4]
        assert "kind 须为 job、placement、apprenticeship 之一" in zh[5]

    def test_unknown_skill_names_the_nearest_ones(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        f = write(
            tmp_path / "v.jsonl",
            json.dumps(
                {
                    "id": "v9",
                    "firm": "firm-0001",
                    "title": "车工",
                    "skills": ["数控车床编成操作工艺"],
                },
                ensure_ascii=False,
            )
            + "\n",
        )
        report = import_file(store, f, "vacancies", vocab)
        assert len(report.errors) == 1
        line, reason = report.errors[0]
        assert line == 1 and "unknown skill" in reason and "cnc_lathe_operation" in reason

    def test_fuzzy_matches_are_reported(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        row = {"id": "v8", "firm": "firm-0001", "title": "车工", "skills": ["数控车床操做"]}
        f = write(tmp_path / "v.jsonl", json.dumps(row, ensure_ascii=False) + "\n")
        report = import_file(store, f, "vacancies", vocab)
        assert report.ok
        assert [(r.line, r.text, r.id) for r in report.resolved] == [
            (1, "数控车床操做", "cnc_lathe_operation")
        ]

    def test_skip_bad_writes_good_rows_and_a_rejects_file(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        f = write(
            tmp_path / "v.jsonl",
            json.dumps(
                {
                    "id": "ok-1",
                    "firm": "firm-0001",
                    "title": "焊工",
                    "required": [{"skill": "arc_welding", "importance": 1, "level": 3}],
                }
            )
            + "\n{not json\n"
            + json.dumps({"id": "ok-1", "firm": "firm-0001", "title": "dup", "skills": ["焊工"]})
            + "\n",
        )
        report = import_file(store, f, "vacancies", vocab, skip_bad=True)
        assert [ln for ln, _ in report.errors] == [2, 3]
        assert "not valid JSON" in report.errors[0][1] and "repeats line 1" in report.errors[1][1]
        assert report.error_zh(*report.errors[0]).startswith("不是有效的 JSON")
        assert "与第 1 行重复" in report.error_zh(*report.errors[1])
        assert count(store, "Vacancy") == 1
        assert report.rejects_file is not None
        rejects = [json.loads(x) for x in Path(report.rejects_file).read_text().splitlines()]
        assert [r["_line"] for r in rejects] == [2, 3]

    def test_a_zero_importance_is_refused_as_the_matcher_refuses_it(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        row = {
            "id": "v0",
            "firm": "firm-0001",
            "title": "焊工",
            "required": [{"skill": "arc_welding", "importance": 0}],
        }
        f = write(tmp_path / "v.jsonl", json.dumps(row) + "\n")
        report = import_file(store, f, "vacancies", vocab)
        assert [ln for ln, _ in report.errors] == [1] and "importance" in report.errors[0][1]

    def test_importing_twice_changes_nothing(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        f = write(tmp_path / "v.csv", VACANCY_HEADER + GOOD_VACANCY)
        import_file(store, f, "vacancies", vocab)
        again = import_file(store, f, "vacancies", vocab)
        assert again.good == 0 and again.existing == ["imp-vac-1"]
        assert count(store, "Vacancy") == 1


class TestOneVacancyLineForBothCommands:
    """docs/vacancy-schema.md: the same line feeds ``alliance match jobs`` and
    ``alliance import``, and means the same to both."""

    LINE: ClassVar[dict[str, Any]] = {
        "id": "tx-2026-0183",
        "firm": "firm-0001",  # the importer needs it; the matcher ignores it
        "title": "数控车工（两班倒）",
        "description": "铁西区机床厂，加工轴类零件，能看懂零件图",
        "kind": "job",
        "park": "沈阳铁西装备制造业聚集区",  # a name; the importer stores nothing but checks it
        "occupation": "6-18-01-01",
        "required": [
            {"skill": "数控车床操作", "importance": 1.0, "level": 4},
            {"skill": "机械识图", "importance": 0.6},
        ],
        "skills": ["cnc_programming"],
    }

    def test_both_read_the_same_requirements(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        from backend.cli_match import vacancy_from_json
        from backend.recommendations.service import vacancy_doc
        from matching.model import Requirement

        f = write(tmp_path / "v.jsonl", json.dumps(self.LINE, ensure_ascii=False) + "\n")
        doc = vacancy_from_json(f, 1, dict(self.LINE))
        assert doc.id == self.LINE["id"] and doc.occupation == "6-18-01-01"
        assert doc.required[0] == Requirement("数控车床操作", 1.0, 4)

        report = import_file(store, f, "vacancies", vocab)
        assert report.ok and report.good == 1, report.errors
        rows = store.query(
            generic.built(
                "MATCH (v:Vacancy {id: $id})-[r:REQUIRES]->(s:Skill) "
                "RETURN s.id AS skill, r.importance AS imp, r.level AS level ORDER BY s.id"
            ),
            {"id": self.LINE["id"]},
        )
        # what the graph gives the matcher back, through the service's conversion
        back = vacancy_doc(
            {
                "id": self.LINE["id"],
                "title": self.LINE["title"],
                "kind": "job",
                "skills": [r["skill"] for r in rows],
                "importances": [r["imp"] for r in rows],
                "levels": [r["level"] for r in rows],
            }
        )
        got = {r.skill: (r.importance, r.level) for r in back.required}
        assert got == {
            "cnc_lathe_operation": (1.0, 4),  # the same grade the matcher read
            "engineering_drawing_reading": (0.6, None),  # no level: none wanted, in both
            "cnc_programming": (1.0, None),
        }

    def test_a_park_must_exist_by_id_or_name(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        lines = [
            {**self.LINE, "id": "p1", "park": "park-tiexi"},
            {**self.LINE, "id": "p2", "park": "Shenyang Tiexi Equipment Manufacturing Zone"},
            {**self.LINE, "id": "p3", "park": "不存在的园区"},
            {**self.LINE, "id": "p4", "park": "park-nowhere"},
        ]
        f = write(
            tmp_path / "v.jsonl", "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
        )
        report = import_file(store, f, "vacancies", vocab)
        assert [ln for ln, _ in report.errors] == [3, 4]


class TestOtherKinds:
    def test_organisations_check_credit_codes(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        f = tmp_path / "orgs.csv"
        with f.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "type", "name_zh", "name_en", "uscc", "industry", "park"])
            w.writerow(
                [
                    "firm-new-1",
                    "firm",
                    "沈阳北塔精密机械有限公司",
                    "Shenyang Beita Precision Machinery Co., Ltd.",
                    "91350100M000100Y43",
                    "equipment_manufacturing",
                    "park-tiexi",
                ]
            )
            w.writerow(
                [
                    "firm-new-2",
                    "firm",
                    "沈阳错码有限公司",
                    "Shenyang Wrong Code Co., Ltd.",
                    "91350100M000100Y44",
                    "automotive",
                    "park-tiexi",
                ]
            )
        report = import_file(store, f, "organisations", vocab, skip_bad=True)
        assert [ln for ln, _ in report.errors] == [3]
        assert "unified social credit code" in report.errors[0][1]
        rows = store.query(
            generic.built(
                "MATCH (f:Firm {id: 'firm-new-1'})-[:LOCATED_IN]->(p:Park) RETURN p.id AS park"
            )
        )
        assert rows == [{"park": "park-tiexi"}]
        with Path(report.rejects_file or "").open(encoding="utf-8") as fh:
            rejected = list(csv.DictReader(fh))
        assert rejected[0]["line"] == "3" and rejected[0]["id"] == "firm-new-2"

    def test_people_need_consent_and_a_school(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        rows = [
            {
                "id": "imp-p-1",
                "name": "李明",
                "role": "student",
                "school": "school-sut",
                "skills": ["焊条电弧焊:2", "AutoCAD drafting"],
                "phone": "13800138000",
            },
            {"id": "imp-p-2", "name": "王芳", "role": "student"},
            {"id": "imp-p-3", "name": "赵强", "role": "worker", "phone": "12345"},
        ]
        f = write(
            tmp_path / "p.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        )
        report = import_file(store, f, "people", vocab)
        assert [ln for ln, _ in report.errors] == [2, 3]
        assert count(store, "Person") == 0
        ok = import_file(
            store,
            write(tmp_path / "p1.jsonl", json.dumps(rows[0], ensure_ascii=False) + "\n"),
            "people",
            vocab,
        )
        assert ok.ok
        person = store.query(generic.get_node("Person"), {"id": "imp-p-1"})[0]["n"]
        assert person["visible_to_employers"] is False  # consent is opt-in

    def test_courses_check_seats_and_provider(
        self, store: GraphStore, vocab: Vocabulary, tmp_path: Path
    ) -> None:
        text = (
            "id,provider,title_zh,title_en,skills,hours,seats,seats_taken,cost,subsidy\n"
            "c-1,school-sut,焊工实训,Welding practice,焊条电弧焊:3,80,30,10,2400,1500\n"
            "c-2,school-sut,焊工实训,Welding practice,焊条电弧焊:3,80,30,40,2400,1500\n"
            "c-3,firm-0001,焊工实训,Welding practice,焊条电弧焊:3,80,30,10,2400,1500\n"
        )
        report = import_file(store, write(tmp_path / "c.csv", text), "courses", vocab)
        assert [ln for ln, _ in report.errors] == [3, 4]
        assert (
            "seats_taken" in report.errors[0][1]
            and "School or TrainingCentre" in (report.errors[1][1])
        )


class TestCli:
    def _app(self) -> typer.Typer:
        app = typer.Typer()
        app.command("import")(cli_seed.import_file)
        app.command("seed")(cli_seed.seed)
        return app

    @pytest.fixture
    def env(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
        monkeypatch.setenv("ALLIANCE_GRAPH_URI", f"embedded://{tmp_path / 'cli-graph'}")
        get_settings.cache_clear()
        yield tmp_path
        get_settings.cache_clear()

    def test_bad_file_exits_2_with_line_numbers_on_stderr(self, env: Path) -> None:
        f = write(env / "v.csv", VACANCY_HEADER + "x1,firm-0001,,,job,,,焊工,1,2,1\n")
        result = CliRunner().invoke(self._app(), ["import", str(f), "--kind", "vacancies"])
        assert result.exit_code == 2
        assert "line 2" in result.stderr and "nothing was written" in result.stderr
        assert "Traceback" not in result.output

    def test_unknown_kind_and_missing_file(self, env: Path) -> None:
        result = CliRunner().invoke(self._app(), ["import", str(env / "x.csv"), "--kind", "cats"])
        assert result.exit_code == 2 and "unknown kind" in result.stderr
        result = CliRunner().invoke(
            self._app(), ["import", str(env / "missing.csv"), "--kind", "people"]
        )
        assert result.exit_code == 2 and "does not exist" in result.stderr

    def test_seed_refuses_a_bad_scale(self, env: Path) -> None:
        result = CliRunner().invoke(self._app(), ["seed", "--scale", "-1"])
        assert result.exit_code == 2 and "scale must be a positive number" in result.stderr
