import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from backend.cli_match import jobs, occupations
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy

app = typer.Typer()
app.command("occupations")(occupations)
app.command("jobs")(jobs)
runner = CliRunner()


def test_noisy_titles_code_to_real_occupations(taxonomy: Taxonomy) -> None:
    coder = OccupationCoder(taxonomy).fit()
    got = coder.predict(["抖音快手客服 不加班", "数控车工 五险一金", "电焊工包吃住"], top=5)
    assert got[0][0][0] == "4-04-05-03"  # 呼叫中心服务员 (customer service)
    assert got[1][0][0] == "6-18-01-01"  # 车工
    assert "6-18-02-04" in [c for c, _ in got[2][:3]]  # 焊工


def test_occupations_cli_one_line_per_title(tmp_path: Path) -> None:
    titles = tmp_path / "t.txt"
    titles.write_text("CNC operator\n销售助理+住宿+提成\n", encoding="utf-8")
    res = runner.invoke(app, ["occupations", "--input", str(titles), "--top", "3"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["query"] for x in lines] == ["CNC operator", "销售助理+住宿+提成"]
    assert all(len(x["codes"]) == 3 for x in lines)
    assert lines[0]["codes"][0].startswith("6-18-01")


def test_jobs_cli(tmp_path: Path) -> None:
    w = tmp_path / "w.jsonl"
    v = tmp_path / "v.jsonl"
    w.write_text(
        json.dumps({"id": "w1", "skills": ["会开数控车床", "看得懂零件图"]}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "w2", "skills": ["forklift driver"], "text": "warehouse"})
        + "\n",
        encoding="utf-8",
    )
    v.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in [
                {
                    "id": "a",
                    "title": "数控车工",
                    "description": "铁西区机床厂",
                    "skills": ["数控车床操作"],
                },
                {
                    "id": "b",
                    "title": "叉车司机",
                    "description": "沈北物流园仓库",
                    "skills": ["叉车驾驶"],
                    "kind": "job",
                    "required": [{"skill": "叉车驾驶", "importance": 1.0, "level": 4}],
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["jobs", "--workers", str(w), "--vacancies", str(v), "--top", "2"])
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["worker"] for o in out] == ["w1", "w2"]
    assert out[0]["vacancies"][0] == "a" and out[1]["vacancies"][0] == "b"
    assert out[0]["scores"] == sorted(out[0]["scores"], reverse=True)
    assert [m["label"] for m in out[1]["reasons"][0]["matched"]] == [
        "叉车驾驶 / Forklift operation"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "title": "车工"}\n{oops\n', "line 2: bad JSON"),
        ('{"title": "车工", "skills": []}\n', "line 1: missing field 'id'"),
        ('{"id": "a", "title": "车工", "kind": "gig"}\n', "line 1: vacancy 'a': kind"),
    ],
)
def test_jobs_cli_bad_vacancies(tmp_path: Path, content: str, message: str) -> None:
    w = tmp_path / "w.jsonl"
    w.write_text('{"id": "w1", "skills": ["车工"]}\n', encoding="utf-8")
    v = tmp_path / "v.jsonl"
    v.write_text(content, encoding="utf-8")
    res = runner.invoke(app, ["jobs", "--workers", str(w), "--vacancies", str(v)])
    assert res.exit_code == 2
    assert message in res.stderr and "Traceback" not in res.output


def test_missing_file(tmp_path: Path) -> None:
    res = runner.invoke(app, ["occupations", "--input", str(tmp_path / "none.txt")])
    assert res.exit_code == 2 and "no such file" in res.stderr
