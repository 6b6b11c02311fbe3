"""``coxswain export``: write a workbook as a folder, a zip or one Excel file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.validate import print_problems
from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.write import write_folder, write_xlsx, write_zip


@app.command()
def export(
    path: Path = typer.Argument(..., help="The workbook to read (folder, .zip or .xlsx)."),
    to: Path = typer.Option(..., "--to", help="A folder, or a file ending in .xlsx or .zip."),
) -> None:
    """Write a workbook out as a folder, a zip, or one Excel file.

    Reading the output gives the same workbook back. An existing target is replaced
    whole, never half-written.

    Examples:

        coxswain export examples/crust_and_crumb --to bakery.xlsx

        coxswain export bakery.xlsx --to bakery/
    """
    err = Console(stderr=True, highlight=False)
    try:
        workbook = read_workbook(path)
    except WorkbookError as exc:
        print_problems(exc, console=err)
        raise typer.Exit(1) from None
    suffix = to.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(workbook, to)
    elif suffix == ".zip":
        write_zip(workbook, to)
    else:
        write_folder(workbook, to)
    Console(highlight=False).print(f"Wrote {workbook.company.name} to {to}")
