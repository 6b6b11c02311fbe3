"""``coxswain analyze`` (minimal; the engine branch replaces this module)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.validate import print_problems
from coxswain.workbook import WorkbookError, read_workbook


@app.command()
def analyze(
    path: Path = typer.Argument(..., help="The workbook (folder, .zip or .xlsx)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Analyse as of this date."),
) -> None:
    """Analyse a workbook and print the result as JSON."""
    from coxswain.analysis.runner import analyze as run

    try:
        workbook = read_workbook(path)
    except WorkbookError as exc:
        print_problems(exc, console=Console(stderr=True, highlight=False))
        raise typer.Exit(1) from None
    result = run(workbook, as_of=dt.date.fromisoformat(as_of) if as_of else None)
    typer.echo(result.dumps())
