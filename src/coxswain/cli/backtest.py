"""``coxswain backtest``: how good Coxswain's warnings were, replayed on the workbook's past."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.options import date_option, output_format, workbook_or_exit

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
    fmt = output_format(fmt, output, formats=FORMATS, err=err)
    if every not in EVERY:
        err.print(f"--every {every!r}: choose month or quarter.")
        raise typer.Exit(2)
    day = date_option("--from", start, example="2025-03-31", err=err)
    workbook = workbook_or_exit(path, err=err)

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
