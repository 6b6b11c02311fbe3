"""The checks commands share: an output's format and folder, a date option, reading the
workbook. Each prints the problem and exits with the command-line convention (2: a bad
option, 1: a bad workbook)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.validate import print_problems
from coxswain.workbook import Workbook, WorkbookError, read_workbook
from coxswain.workbook.limits import date_in_range, date_range_message


def output_format(
    fmt: str | None, output: Path | None, *, formats: Collection[str], err: Console
) -> str:
    """``fmt``, or the one ``output``'s suffix names (text otherwise); refused when unknown
    or when the output's folder does not exist."""
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {"htm": "html", "txt": "text"}.get(suffix, suffix)
        fmt = fmt if fmt in formats else "text"
    fmt = fmt.lower()
    if fmt not in formats:
        err.print(f"Unknown format {fmt!r}: choose one of {', '.join(formats)}.")
        raise typer.Exit(2)
    if output is not None and not output.parent.is_dir():
        err.print(
            f"cannot write {output}: the folder {output.parent} does not exist.", markup=False
        )
        raise typer.Exit(2)
    return fmt


def date_option(name: str, text: str | None, *, example: str, err: Console) -> dt.date | None:
    """The date an option names (None when not given), within the years a workbook allows."""
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        err.print(f"{name} {text!r} is not a date like {example}.")
        raise typer.Exit(2) from None
    if not date_in_range(day):
        err.print(f"{name} {date_range_message(day)}.", markup=False)
        raise typer.Exit(2)
    return day


def workbook_or_exit(path: Path, *, err: Console) -> Workbook:
    """The workbook at ``path``, or every problem it has printed and exit 1."""
    try:
        return read_workbook(path)
    except WorkbookError as exc:
        print_problems(exc, console=err)
        raise typer.Exit(1) from None
