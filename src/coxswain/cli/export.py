"""``coxswain export``: write a workbook as a folder, a zip or one Excel file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.options import workbook_or_exit
from coxswain.workbook.write import TargetRefused, write_folder, write_xlsx, write_zip

# File kinds an owner might name by mistake; a folder name with another dot is fine.
NOT_A_WORKBOOK = (".csv", ".xls", ".xlsm", ".ods", ".json", ".yaml", ".yml", ".txt", ".pdf")


@app.command()
def export(
    path: Path = typer.Argument(..., help="The workbook to read (folder, .zip or .xlsx)."),
    to: Path = typer.Option(..., "--to", help="A folder, or a file ending in .xlsx or .zip."),
    force: bool = typer.Option(
        False,
        "--force",
        help="Write even where the target is not a workbook. RISK: files there named like "
        "the workbook's (company.yaml, people.csv, …) are overwritten, and a file target is "
        "replaced.",
    ),
) -> None:
    """Write a workbook out as a folder, a zip, or one Excel file.

    Reading the output gives the same workbook back. The target is written next to itself
    and renamed into place, so it is never half-written. An existing workbook folder keeps
    its other files, among them .coxswain/ (the pseudonym salt); a folder, zip or Excel file
    that is not a workbook is refused (exit 1) unless --force.

    Examples:

        coxswain export examples/crust_and_crumb --to bakery.xlsx

        coxswain export bakery.xlsx --to bakery/
    """
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    suffix = to.suffix.lower()
    if suffix in NOT_A_WORKBOOK:
        err.print(
            f"cannot write a workbook as {suffix}: give a folder, or a file ending in .xlsx "
            "or .zip.",
            markup=False,
        )
        raise typer.Exit(2)
    if not to.parent.is_dir():
        err.print(f"cannot write {to}: the folder {to.parent} does not exist.", markup=False)
        raise typer.Exit(2)
    workbook = workbook_or_exit(path, err=err)
    try:
        if suffix == ".xlsx":
            write_xlsx(workbook, to, force=force)
        elif suffix == ".zip":
            write_zip(workbook, to, force=force)
        else:
            write_folder(workbook, to, force=force)
    except TargetRefused as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    except OSError as exc:
        err.print(f"cannot write {to}: {exc.strerror or exc}; nothing was changed.", markup=False)
        raise typer.Exit(1) from None
    Console(highlight=False).print(f"Wrote {workbook.company.name} to {to}")
