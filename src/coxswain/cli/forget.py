"""``coxswain forget``: erase one person from a workbook."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.validate import print_problems
from coxswain.privacy import ForgetReport, forget_person
from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.tables import TABLES


def forget_in_folder(folder: Path, person_id: str) -> tuple[ForgetReport, list[str]]:
    """Erase ``person_id`` from the workbook at ``folder`` (a folder, ``.zip`` or
    ``.xlsx``), replacing it whole. For a folder, files that are not part of the
    workbook (``.coxswain/``, notes) are carried over; their names are returned so the
    owner can check them."""
    from coxswain.workbook.write import write_folder, write_xlsx, write_zip

    workbook = read_workbook(folder)
    forgotten, report = forget_person(workbook=workbook, person_id=person_id)
    if not report.changed:
        return report, []
    suffix = folder.suffix.lower()
    if folder.is_file() and suffix == ".zip":
        write_zip(forgotten, folder)
        return report, []
    if folder.is_file() and suffix == ".xlsx":
        write_xlsx(forgotten, folder)
        return report, []
    workbook_files = {"company.yaml"} | {spec.file for spec in TABLES.values()}
    extras = sorted(p.name for p in folder.iterdir() if p.name not in workbook_files)
    staging_parent = Path(tempfile.mkdtemp(prefix=f".{folder.name}-forget-", dir=folder.parent))
    try:
        staging = write_folder(forgotten, staging_parent / folder.name)
        for name in extras:
            src = folder / name
            if src.is_dir():
                shutil.copytree(src, staging / name, symlinks=True)
            else:
                shutil.copy2(src, staging / name, follow_symlinks=False)
        backup = folder.with_name(f".{folder.name}-before-forget")
        if backup.exists():
            shutil.rmtree(backup)
        folder.rename(backup)
        staging.rename(folder)
        shutil.rmtree(backup)
    finally:
        shutil.rmtree(staging_parent, ignore_errors=True)
    return report, extras


@app.command()
def forget(
    person: str = typer.Argument(..., help="The person's id in people.csv."),
    workbook: Path = typer.Option(
        ..., "--workbook", "-w", help="The workbook (folder, .zip, .xlsx)."
    ),
) -> None:
    """Erase one person from a workbook, and say what was removed.

    Removes their people.csv row, the messages they sent and their place among
    recipients, and their survey answers; their goals and initiatives pass to their team,
    and people they managed have no manager recorded.

    The workbook is replaced whole (written aside, then swapped in).

    Example:

        coxswain forget anna_b --workbook my-company/
    """
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        report, extras = forget_in_folder(workbook, person)
    except WorkbookError as exc:
        print_problems(exc, console=err)
        raise typer.Exit(1) from None
    if not report.changed:
        err.print(
            f"{person!r} does not appear in {workbook}: nothing changed.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    out.print(f"Forgot {person} in {workbook}:", markup=False, soft_wrap=True)
    for line in report.lines():
        out.print(f"  {line}", markup=False, soft_wrap=True)
    if extras:
        out.print(
            "  kept as they were (not part of the workbook; check them for this person): "
            + ", ".join(extras),
            markup=False,
            soft_wrap=True,
        )
