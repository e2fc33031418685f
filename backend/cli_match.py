"""`alliance match occupations` and `alliance match jobs`: the matcher on files.

Input errors (missing file, bad JSON on a line, missing field) are reported on
stderr with the file and line, and exit with status 2; no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from matching.jobs import JobMatcher
from matching.model import PersonDoc, Recommendation, Requirement, VacancyDoc
from matching.occupations import OccupationCoder
from matching.taxonomy import Taxonomy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TAXONOMY = PROJECT_ROOT / "seed" / "data" / "taxonomy.json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _taxonomy(path: Path) -> Taxonomy:
    try:
        return Taxonomy.from_file(path)
    except (ValueError, KeyError, TypeError) as exc:
        raise _fail(f"cannot load taxonomy {path}: {exc}") from None


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise _fail(f"{path}: no such file") from None
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as exc:
        raise _fail(f"{path}: cannot read ({exc})") from None


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    for n, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(f"{path} line {n}: bad JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise _fail(f"{path} line {n}: expected a JSON object")
        rows.append((n, obj))
    return rows


def _field(path: Path, n: int, obj: dict[str, Any], name: str, kind: type) -> Any:
    if name not in obj:
        raise _fail(f"{path} line {n}: missing field '{name}'")
    value = obj[name]
    if kind is list and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise _fail(f"{path} line {n}: field '{name}' must be a list of strings")
    if kind is str and not isinstance(value, str | int):
        raise _fail(f"{path} line {n}: field '{name}' must be a string")
    return str(value) if kind is str else value


def vacancy_from_json(path: Path, n: int, obj: dict[str, Any]) -> VacancyDoc:
    """One line of the vacancy schema (docs/vacancy-schema.md) to a VacancyDoc."""
    try:
        required = tuple(
            Requirement(
                str(r["skill"]),
                float(r.get("importance", 1.0)),
                None if r.get("level") is None else int(r["level"]),
            )
            for r in obj.get("required") or ()
        )
        return VacancyDoc(
            id=_field(path, n, obj, "id", str),
            title=_field(path, n, obj, "title", str),
            description=str(obj.get("description") or ""),
            skills=tuple(_field(path, n, obj, "skills", list) if "skills" in obj else ()),
            required=required,
            kind=str(obj.get("kind") or "job"),
            park=obj.get("park"),
            location=obj.get("location"),
            occupation=obj.get("occupation"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _fail(f"{path} line {n}: {exc}") from None


def person_from_json(path: Path, n: int, obj: dict[str, Any]) -> PersonDoc:
    text = obj.get("text") or ""
    if not isinstance(text, str):
        raise _fail(f"{path} line {n}: field 'text' must be a string")
    return PersonDoc(
        id=_field(path, n, obj, "id", str),
        skills=tuple(_field(path, n, obj, "skills", list)),
        text=text,
        park=obj.get("park"),
    )


def occupations(
    input: Path = typer.Option(..., "--input", help="Job titles, one per line."),
    top: int = typer.Option(10, "--top", min=1, help="Occupations per title."),
    taxonomy: Path = typer.Option(DEFAULT_TAXONOMY, "--taxonomy", help="taxonomy.json"),
) -> None:
    """Code free-text job titles to CSCO 2022 occupations, one JSON line per title."""
    titles = _read_lines(input)
    coder = OccupationCoder(_taxonomy(taxonomy)).fit()
    for title, codes in zip(titles, coder.predict(titles, top=top), strict=True):
        typer.echo(json.dumps({"query": title, "codes": [c for c, _ in codes]}, ensure_ascii=False))


def jobs(
    workers: Path = typer.Option(..., "--workers", help="JSON lines: id, skills, text."),
    vacancies: Path = typer.Option(..., "--vacancies", help="JSON lines, see vacancy schema."),
    top: int = typer.Option(10, "--top", min=1, help="Vacancies per worker."),
    taxonomy: Path = typer.Option(DEFAULT_TAXONOMY, "--taxonomy", help="taxonomy.json"),
) -> None:
    """Rank vacancies for each worker, one JSON line per worker, in input order."""
    people = [person_from_json(workers, n, o) for n, o in _read_jsonl(workers)]
    vacs = [vacancy_from_json(vacancies, n, o) for n, o in _read_jsonl(vacancies)]
    if not vacs:
        raise _fail(f"{vacancies}: no vacancies")
    matcher = JobMatcher(_taxonomy(taxonomy)).fit(vacs)
    # the batch path (worker processes make the lines too); chunks bound the memory
    for start in range(0, len(people), 20_000):
        chunk = people[start : start + 20_000]
        for line in matcher.map_recommendations(chunk, json_line, top=top):
            typer.echo(line)


def json_line(person: PersonDoc, recs: list[Recommendation]) -> str:
    """One output line of `alliance match jobs`."""
    line = {
        "worker": person.id,
        "vacancies": [r.id for r in recs],
        "scores": [round(r.score, 4) for r in recs],
        "reasons": [r.reasons.to_dict() for r in recs],
    }
    return json.dumps(line, ensure_ascii=False)
