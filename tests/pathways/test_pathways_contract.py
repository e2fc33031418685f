"""One contract for the CLI and the API: same input, same output, same errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backend.cli_pathways import check
from backend.errors import AllianceError
from backend.pathways.routes import router
from tests.pathways.helpers import profile

WELDER = "6-18-02-04"

SENIOR_WORKER = profile(
    id="zhang-wei",
    region="shenyang",
    as_of="2025-06-30",
    skill_levels=[{"occupation": WELDER, "level": "senior_worker", "obtained": "2021-09-15"}],
    relevant_experience_years=7.5,
)
ENGINEER = profile(
    id="liu-yang",
    region="guangzhou",
    as_of="2026-03-01",
    titles=[
        {
            "series": "engineering",
            "level": "assistant",
            "specialty": "electromechanical",
            "obtained": "2022-07-01",
        }
    ],
    current_occupation="6-31-07-01",
    relevant_experience_years=3,
)

# (mutation, field the error must name)
BAD_PROFILES: list[tuple[dict[str, Any], str]] = [
    (
        {"skill_levels": [{"occupation": WELDER, "level": "master", "obtained": "2020-01-01"}]},
        "skill_levels[0].level",
    ),
    (
        {"titles": [{"series": "engineering", "level": "assistant", "obtained": "2025-07-01"}]},
        "titles[0].obtained",
    ),
    ({"relevant_experience_years": -1}, "relevant_experience_years"),
    ({"region": "beijing"}, "region"),
    ({"as_of": "2025-02-30"}, "as_of"),
    ({"current_occupation": "6-99-99-99"}, "current_occupation"),
    ({"honors": ["employee_of_the_month"]}, "honors[0]"),
    ({"skill_levels": [{"occupation": WELDER, "level": "technician"}]}, "skill_levels[0].obtained"),
]


def _bad(mutation: dict[str, Any]) -> dict[str, Any]:
    return {**SENIOR_WORKER, **mutation}


def _missing_id() -> dict[str, Any]:
    p = dict(SENIOR_WORKER)
    del p["relevant_experience_years"]
    return p


# --- CLI ----------------------------------------------------------------------

cli = typer.Typer()
cli.command()(check)


def _run_cli(tmp_path: Path, payload: Any) -> Any:
    path = tmp_path / "profiles.json"
    path.write_text(
        payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    )
    return CliRunner().invoke(cli, [str(path)])


class TestCli:
    def test_array_in_same_order(self, tmp_path: Path) -> None:
        result = _run_cli(tmp_path, [ENGINEER, SENIOR_WORKER])
        assert result.exit_code == 0, result.stderr
        out = json.loads(result.stdout)
        assert [r["id"] for r in out] == ["liu-yang", "zhang-wei"]
        assert all(r["options"] for r in out)

    def test_single_profile_gives_an_array_of_one(self, tmp_path: Path) -> None:
        result = _run_cli(tmp_path, SENIOR_WORKER)
        out = json.loads(result.stdout)
        assert [r["id"] for r in out] == ["zhang-wei"]
        assert {"options", "notices", "rulebook"} <= set(out[0])

    @pytest.mark.parametrize(("mutation", "field"), BAD_PROFILES)
    def test_bad_profile_names_the_field(
        self, tmp_path: Path, mutation: dict[str, Any], field: str
    ) -> None:
        result = _run_cli(tmp_path, _bad(mutation))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {field}: ")
        assert "Traceback" not in result.stderr
        assert result.stdout == ""

    def test_missing_field(self, tmp_path: Path) -> None:
        result = _run_cli(tmp_path, _missing_id())
        assert result.exit_code == 2
        assert result.stderr.strip() == "error: relevant_experience_years: field required"

    def test_bad_profile_in_an_array_is_located(self, tmp_path: Path) -> None:
        result = _run_cli(tmp_path, [SENIOR_WORKER, _bad({"relevant_experience_years": -2})])
        assert result.exit_code == 2
        assert result.stderr.startswith("error: [1].relevant_experience_years: ")

    def test_malformed_json(self, tmp_path: Path) -> None:
        result = _run_cli(tmp_path, '{"id": "x",')
        assert result.exit_code == 2
        assert "not valid JSON" in result.stderr

    def test_missing_file(self, tmp_path: Path) -> None:
        result = CliRunner().invoke(cli, [str(tmp_path / "nope.json")])
        assert result.exit_code == 2
        assert result.stderr.startswith("error: ")
        assert "cannot read" in result.stderr


# --- API ----------------------------------------------------------------------


def _app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)

    @app.exception_handler(AllianceError)
    async def _alliance(_: Request, e: AllianceError) -> JSONResponse:
        return JSONResponse(status_code=e.status_code, content=e.to_dict())

    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(_app())


class TestApi:
    def test_array_in_same_order_and_same_as_cli(self, client: TestClient, tmp_path: Path) -> None:
        response = client.post("/api/pathways/check", json=[SENIOR_WORKER, ENGINEER])
        assert response.status_code == 200
        body = response.json()
        assert [r["id"] for r in body] == ["zhang-wei", "liu-yang"]
        cli_out = json.loads(_run_cli(tmp_path, [SENIOR_WORKER, ENGINEER]).stdout)
        assert body == cli_out

    def test_single_profile(self, client: TestClient) -> None:
        response = client.post("/api/pathways/check", json=ENGINEER)
        assert response.status_code == 200
        (result,) = response.json()
        levels = {(o["track"], o["level"], o["status"]) for o in result["options"]}
        assert ("skill_level", "senior_worker", "eligible") in levels

    @pytest.mark.parametrize(("mutation", "field"), BAD_PROFILES)
    def test_bad_profile_is_422_naming_the_field(
        self, client: TestClient, mutation: dict[str, Any], field: str
    ) -> None:
        response = client.post("/api/pathways/check", json=_bad(mutation))
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "invalid_input"
        assert error["field"] == field
        assert error["message"].startswith(f"{field}: ")

    def test_missing_field_is_422(self, client: TestClient) -> None:
        response = client.post("/api/pathways/check", json=_missing_id())
        assert response.status_code == 422
        assert response.json()["error"]["field"] == "relevant_experience_years"

    def test_malformed_json_is_422(self, client: TestClient) -> None:
        response = client.post(
            "/api/pathways/check",
            content=b"{not json",
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["error"]["field"] == "body"

    def test_empty_array_is_422(self, client: TestClient) -> None:
        response = client.post("/api/pathways/check", json=[])
        assert response.status_code == 422
        assert response.json()["error"]["field"] == "profiles"

    def test_openapi_documents_the_body(self, client: TestClient) -> None:
        schema = client.get("/openapi.json").json()
        body = schema["paths"]["/api/pathways/check"]["post"]["requestBody"]
        one, many = body["content"]["application/json"]["schema"]["oneOf"]
        assert "$ref" not in json.dumps(one)
        assert set(one["required"]) >= {"id", "region", "as_of", "titles", "skill_levels"}
        assert many["items"] == one
