"""The ``alliance`` command.

Every command turns an ``AllianceError`` into a one-line message on stderr and a
non-zero exit: a user never sees a stack trace for a condition we know about.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError

from backend.errors import AllianceError
from backend.graph import GraphStore, open_store
from backend.settings import get_settings

app = typer.Typer(
    name="alliance",
    help="Shenyang Government-School-Enterprise-Park talent alliance platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
graph_app = typer.Typer(help="Inspect the graph.", no_args_is_help=True)
match_app = typer.Typer(help="Run the matcher on files.", no_args_is_help=True)
pathways_app = typer.Typer(
    help="Titles and skill levels a person may apply for next.", no_args_is_help=True
)
app.add_typer(graph_app, name="graph")
app.add_typer(match_app, name="match")
users_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
app.add_typer(pathways_app, name="pathways")
app.add_typer(users_app, name="users")

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def friendly(fn: F) -> F:
    """Report known errors as a message and exit code 2, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AllianceError as exc:
            raise fail(exc.message) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first.get("loc", ()))
            raise fail(f"{field}: {first.get('msg')}") from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def store_session() -> Iterator[GraphStore]:
    store = open_store(get_settings())
    try:
        yield store
    finally:
        store.close()


@app.command()
@friendly
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development).")] = False,
) -> None:
    """Start the web app and API (default http://127.0.0.1:8000)."""
    import uvicorn

    settings = get_settings()
    # One worker: the embedded store belongs to one process (Neo4j has no such limit,
    # but one worker with a thread pool is plenty for this app's load).
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        workers=1,
    )


@graph_app.command("stats")
@friendly
def graph_stats() -> None:
    """Print node counts by label as a JSON object."""
    from backend.graph.stats import node_counts

    with store_session() as store:
        typer.echo(json.dumps(node_counts(store), ensure_ascii=False, indent=2))


@graph_app.command("ping")
@friendly
def graph_ping() -> None:
    """Check that the configured store opens and answers."""
    with store_session() as store:
        ok = store.ping()
        typer.echo(json.dumps({"store": store.kind, "graph": store.describe(), "ok": ok}))
        if not ok:
            raise typer.Exit(1)


@users_app.command("create-staff")
@friendly
def create_staff(
    email: Annotated[str, typer.Option(help="The staff member's e-mail (their sign-in).")],
    name: Annotated[str, typer.Option(help="Display name.")] = "联盟办公室",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="ALLIANCE_NEW_PASSWORD",
            help="At least 10 characters (prompted; or ALLIANCE_NEW_PASSWORD).",
        ),
    ] = "",
) -> None:
    """Create an alliance staff account acting for the government member."""
    from backend.accounts.service import create_staff_account

    with store_session() as store:
        user_id = create_staff_account(store, email, name, password)
    typer.echo(json.dumps({"created": user_id, "email": email.strip().lower(), "role": "staff"}))


def _register_optional() -> None:
    """Commands whose modules belong to other packages of the platform."""
    import importlib

    table: list[tuple[typer.Typer, str, str, str]] = [
        (app, "seed", "backend.cli_seed", "seed"),
        (app, "import", "backend.cli_seed", "import_file"),
        (match_app, "occupations", "backend.cli_match", "occupations"),
        (match_app, "jobs", "backend.cli_match", "jobs"),
        (pathways_app, "check", "backend.cli_pathways", "check"),
    ]
    for target, name, module, attr in table:
        try:
            fn = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            continue
        target.command(name)(friendly(fn))


_register_optional()


def main() -> None:  # pragma: no cover - console entry
    app(prog_name="alliance")


if __name__ == "__main__":  # pragma: no cover
    main()
