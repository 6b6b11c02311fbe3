"""``coxswain validate``: read a workbook and report every problem, or summarise it."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from coxswain.cli.app import app
from coxswain.workbook import Workbook, WorkbookError, read_workbook
from coxswain.workbook.tables import TABLES


@app.command()
def validate(
    path: Path = typer.Argument(..., help="A workbook folder, a .zip of one, or an .xlsx file."),
    max_mb: int = typer.Option(1024, "--max-mb", help="Refuse files larger than this (MB)."),
) -> None:
    """Check a workbook and summarise it, or list every problem as file:line:column.

    Exits 0 when the workbook is valid and 1 when it is not.

    Examples:

        coxswain validate examples/crust_and_crumb

        coxswain validate strategy.xlsx
    """
    console = Console(highlight=False)
    try:
        workbook = read_workbook(path, max_bytes=max_mb * 1024 * 1024)
    except WorkbookError as exc:
        print_problems(exc, console=Console(stderr=True, highlight=False))
        raise typer.Exit(1) from None
    print_summary(workbook, console=console, source=str(path))


def print_problems(exc: WorkbookError, *, console: Console) -> None:
    n = len(exc.problems)
    console.print(f"[bold red]The workbook has {n} problem{'s' if n != 1 else ''}:[/]")
    for problem in exc.problems:
        console.print(str(problem), markup=False, soft_wrap=True)


def print_summary(workbook: Workbook, *, console: Console, source: str) -> None:
    c = workbook.company
    console.print(f"[bold green]Valid workbook[/]: {c.name} ({source})")
    counts = Table(title="company.yaml", show_header=True, header_style="bold")
    counts.add_column("part")
    counts.add_column("count", justify="right")
    for part in (
        "values",
        "objectives",
        "kpis",
        "teams",
        "initiatives",
        "goals",
        "automations",
        "capabilities",
        "reviews",
    ):
        counts.add_row(part, str(len(getattr(c, part))))
    console.print(counts)
    files = Table(title="evidence files", show_header=True, header_style="bold")
    files.add_column("file")
    files.add_column("rows", justify="right")
    files.add_column("from")
    files.add_column("to")
    for name, spec in TABLES.items():
        if not workbook.has(name):
            files.add_row(spec.file, "—", "missing", "")
            continue
        span = workbook.date_range(name)
        files.add_row(
            spec.file,
            f"{workbook.table(name).height:,}",
            span[0].isoformat() if span else "",
            span[1].isoformat() if span else "",
        )
    console.print(files)
