"""``coxswain backtest``: how good Coxswain's warnings were, replayed on the workbook's past."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.validate import print_problems
from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.limits import date_in_range, date_range_message

FORMATS = ("text", "json", "html")


@app.command()
def backtest(
    path: Path = typer.Argument(..., help="The workbook: a folder, a .zip of one, or an .xlsx."),
    start: str | None = typer.Option(
        None,
        "--from",
        help="First date to replay (default: twelve months into the KPI history).",
    ),
    every: str = typer.Option("quarter", "--every", help="Replay at every month or quarter end."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json or html (one self-contained file); default: from the output file's "
        "extension, else text.",
        show_default=False,
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of the terminal."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Processes to replay in (default: one per core)."
    ),
) -> None:
    """How good were the warnings? Replay the analysis at past month or quarter ends with only
    the data known then, and check every warning against what happened after.

    Exits 1 when the workbook has problems (each listed as file:line:column).

    Examples:

        coxswain backtest examples/lantern_roasters

        coxswain backtest book.xlsx --every month --from 2025-01-31 -o backtest.html
    """
    from coxswain.backtest import EVERY
    from coxswain.backtest import backtest as run

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"htm": "html", "txt": "text"}.get(suffix, suffix)
        fmt = fmt if fmt in FORMATS else "text"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        err.print(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
        raise typer.Exit(2)
    if every not in EVERY:
        err.print(f"--every {every!r}: choose month or quarter.")
        raise typer.Exit(2)
    if output is not None and not output.parent.is_dir():
        err.print(
            f"cannot write {output}: the folder {output.parent} does not exist.", markup=False
        )
        raise typer.Exit(2)
    day: dt.date | None = None
    if start:
        try:
            day = dt.date.fromisoformat(start)
        except ValueError:
            err.print(f"--from {start!r} is not a date like 2025-03-31.")
            raise typer.Exit(2) from None
        if not date_in_range(day):
            err.print(f"--from {date_range_message(day)}.", markup=False)
            raise typer.Exit(2)
    try:
        workbook = read_workbook(path)
    except WorkbookError as exc:
        print_problems(exc, console=err)
        raise typer.Exit(1) from None

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            err.print(f"replayed {done} of {total} dates", end="\r")

    report = run(
        workbook,
        start=day,
        every="month" if every == "month" else "quarter",
        workers=workers,
        progress=progress,
    )
    from coxswain.backtest import render

    rendered = {"text": render.text, "json": render.to_json, "html": render.html}[fmt](report)
    if output is None:
        typer.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")
