"""``alliance pathways check FILE.json``: print the results as a JSON array."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from backend.errors import AllianceError
from backend.pathways import service


def check(
    file: Annotated[
        Path,
        typer.Argument(help="A JSON file with one profile or an array of profiles."),
    ],
) -> None:
    """Which title or skill level each person may apply for next."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {file}: cannot read: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        print(f"error: {file}: not valid JSON: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    try:
        results = service.check(raw)
    except AllianceError as exc:
        # The message already starts with the field, e.g. "titles[0].level: ...".
        print(f"error: {exc.message}", file=sys.stderr)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
