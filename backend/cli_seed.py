"""``alliance seed`` and ``alliance import`` (registered by ``backend/cli.py``).

Both open the configured store, report known problems as one message on stderr
with exit code 2, and close the store whatever happens.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backend.errors import AllianceError
from backend.graph import open_store
from backend.settings import get_settings

_err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def seed(
    scale: Annotated[
        float, typer.Option(help="Grow people, vacancies and courses linearly (100 ≈ 1M people).")
    ] = 1.0,
    fresh: Annotated[bool, typer.Option(help="Wipe the graph first.")] = False,
    demo: Annotated[
        bool, typer.Option(help="Add the demo accounts, one per role (not for production).")
    ] = True,
) -> None:
    """Fill the graph with the Shenyang alliance (deterministic: a second run changes nothing)."""
    from seed.demo import DEMO_PASSWORD, ensure_demo_accounts
    from seed.generate import chunk_count
    from seed.runs import seed_alliance, unfinished_runs

    settings = get_settings()
    try:
        total_chunks = chunk_count(scale)
        store = open_store(settings)
    except AllianceError as exc:
        raise _fail(exc.message) from None
    console = Console()
    started = time.perf_counter()
    try:
        if fresh:
            console.print(f"Wiping {store.describe()} …")
            store.wipe()
        interrupted = unfinished_runs(store)
        if interrupted:
            console.print(
                f"An earlier run did not finish ({', '.join(interrupted)}): "
                "this one also completes what it left half-written."
            )
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} chunks"),
            TextColumn("{task.fields[stage]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("Seeding", total=total_chunks, stage="generating")

            def on_progress(chunk: int, stage: str, done: int, total: int) -> None:
                if stage:
                    progress.update(task, stage=f"{stage} {done:,}/{total:,}")
                else:
                    progress.update(task, advance=1, stage="generating")

            summary = seed_alliance(store, scale, settings.seed, on_progress)
            progress.update(task, stage="done")
        demo_accounts = ensure_demo_accounts(store) if demo else []
    except AllianceError as exc:
        raise _fail(exc.message) from None
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    table = Table(title=f"Created in {store.describe()} (scale {scale:g}, seed {settings.seed})")
    table.add_column("label / type")
    table.add_column("created", justify="right")
    for k, v in sorted(summary.nodes.items()):
        table.add_row(k, f"{v:,}")
    table.add_section()
    for k, v in sorted(summary.rels.items()):
        table.add_row(k, f"{v:,}")
    console.print(table)
    n, r = summary.total_nodes, summary.total_rels
    if n == 0 and r == 0:
        console.print("Nothing to do: the graph already holds this alliance.")
    console.print(f"{n:,} nodes and {r:,} relationships in {elapsed:.1f} s")
    if demo_accounts:
        console.print(f"Demo accounts (password [bold]{DEMO_PASSWORD}[/bold]):")
        for acc in demo_accounts:
            console.print(f"  {acc['email']:<28} {acc['role']:<8} {acc['for']}", markup=False)


def import_file(
    file: Annotated[Path, typer.Argument(help="A .csv or .jsonl file.")],
    kind: Annotated[
        str, typer.Option(help="vacancies | courses | people | organisations | teachers")
    ],
    skip_bad: Annotated[
        bool, typer.Option(help="Write the good rows and put bad ones in a rejects file.")
    ] = False,
) -> None:
    """Import an alliance's own data; a file with bad rows writes nothing unless --skip-bad."""
    from seed.importer import KINDS
    from seed.importer import import_file as run_import
    from seed.vocab import load as load_vocabulary

    if kind not in KINDS:
        raise _fail(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    try:
        vocab = load_vocabulary()
        store = open_store(get_settings())
    except AllianceError as exc:
        raise _fail(exc.message) from None
    try:
        report = run_import(store, file, kind, vocab, skip_bad=skip_bad)
    except AllianceError as exc:
        raise _fail(exc.message) from None
    finally:
        store.close()
    for r in report.resolved:
        _err.print(
            f"line {r.line}: {r.field} {r.text!r} matched to {r.id} ({r.how}, {r.score:.2f})",
            markup=False,
        )
    for line, reason in report.errors:
        _err.print(f"line {line}: {reason}", markup=False)
    summary = {
        "file": report.file,
        "kind": report.kind,
        "rows": report.rows,
        "bad": len({ln for ln, _ in report.errors}),
        "written": report.good if report.written else 0,
        "already_present": len(report.existing),
        "fuzzy_matches": len(report.resolved),
        "rejects_file": report.rejects_file,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False))
    if report.errors and not skip_bad:
        typer.echo(
            f"error: {summary['bad']} bad row(s) in {file.name}; nothing was written "
            "(fix them, or use --skip-bad to write the good rows)",
            err=True,
        )
        raise typer.Exit(2)
    if report.errors:
        raise typer.Exit(1)  # written, but not everything: scripts should notice
