"""``coxswain analyze``: read a workbook, run every analysis, render the result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.options import date_option, output_format, workbook_or_exit

FORMATS = ("text", "json", "html", "pdf")


@app.command()
def analyze(
    path: Path = typer.Argument(..., help="The workbook: a folder, a .zip of one, or an .xlsx."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Analyse as of this date (default: the latest date in the data)."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json, html (one self-contained file) or pdf; default: from the output "
        "file's extension, else text.",
        show_default=False,
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of the terminal (pdf needs it)."
    ),
    only: str | None = typer.Option(
        None,
        "--only",
        help="Run only these analyses, comma-separated (e.g. values,resources); "
        "the index then stands on the components they evidence.",
    ),
) -> None:
    """Find where the business drifts: the alignment index, findings and a 90-day plan.

    Exits 1 when the workbook has problems (each listed as file:line:column).

    Examples:

        coxswain analyze examples/crust_and_crumb

        coxswain analyze book.xlsx -o report.html

        coxswain analyze examples/loop_analytics --only values,resources,kpi_status
    """
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    fmt = output_format(fmt, output, formats=FORMATS, err=err)
    if fmt == "pdf" and output is None:
        err.print("A PDF needs a file: add -o report.pdf.")
        raise typer.Exit(2)
    day = date_option("--as-of", as_of, example="2026-09-30", err=err)
    workbook = workbook_or_exit(path, err=err)
    if day is not None:  # the web's rule: a date the data cannot show is a typing mistake
        refusal = workbook.as_of_refusal(day, today=dt.date.today())
        if refusal is not None:
            err.print(f"--as-of {refusal}.", markup=False)
            raise typer.Exit(2)

    from coxswain.analysis.base import Settings
    from coxswain.analysis.runner import analyze as run

    chosen = [n.strip() for n in only.split(",") if n.strip()] if only else None
    try:
        result = run(
            workbook, as_of=day, settings=Settings(privacy_salt=_salt_for(path)), only=chosen
        )
    except ValueError as exc:
        err.print(f"--only: {exc}")
        raise typer.Exit(2) from None
    if fmt == "text" and output is None:
        from coxswain.report.text import print_text

        print_text(result, console=Console(highlight=False))
        return
    from coxswain.report import render

    rendered = render(result, fmt)
    if output is None:
        assert isinstance(rendered, str)
        typer.echo(rendered, nl=False)
    elif isinstance(rendered, bytes):
        output.write_bytes(rendered)
    else:
        output.write_text(rendered, encoding="utf-8")


def _salt_for(path: Path) -> str | None:
    """The pseudonym salt kept beside the workbook (``.coxswain/salt`` in its folder, or in
    the folder holding the zip or xlsx), created on first use; None where it cannot be
    written, and pseudonyms then derive from the company name."""
    from coxswain.privacy import load_or_create_salt

    try:
        return load_or_create_salt(path if path.is_dir() else path.parent)
    except OSError:
        return None
