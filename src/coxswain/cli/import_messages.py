"""``coxswain import-messages``: bring a Slack, e-mail, Viva Insights or CSV export into a
workbook's ``messages.csv``."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import typer
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.validate import print_problems
from coxswain.importers import KINDS
from coxswain.importers.messages import KEY_COLUMNS, merge_messages, run_import
from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.tables import TABLES

__all__ = ["KEY_COLUMNS", "import_messages", "merge_messages", "run_import"]


def broadcast_count(messages: pl.DataFrame) -> int:
    """Rows addressed to more people than the default broadcast threshold."""
    from coxswain.analysis.base import Settings

    if messages.height == 0:
        return 0
    sizes = messages["recipients"].fill_null("").str.split(";").list.len()
    return int((sizes > Settings().broadcast_recipients).sum())


def write_table_atomically(frame: pl.DataFrame, path: Path) -> None:
    """Write a table CSV next to ``path``, fsync it and rename it into place: the file is
    either the old one or the new one, never half-written; a killed run's leftover next to it
    is removed by the next one."""
    from coxswain.tempfiles import clean_stale_siblings, fsync_dir, sibling
    from coxswain.workbook.write import table_csv

    clean_stale_siblings(path.parent)
    tmp = sibling(path, "new")
    try:
        with tmp.open("xb") as handle:
            handle.write(table_csv(frame))
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


@app.command("import-messages")
def import_messages(
    kind: str = typer.Argument(..., help=f"The export's kind: {', '.join(KINDS)}."),
    source: Path = typer.Argument(
        ..., help="The export: a zip or folder, an mbox, a Maildir, a CSV."
    ),
    workbook: Path = typer.Option(..., "--workbook", "-w", help="The workbook folder to add to."),
    with_text: bool = typer.Option(
        False, "--with-text", help="Keep message text (bodies); by default only metadata."
    ),
    map_: list[str] = typer.Option(
        [], "--map", help="csv: FIELD=COLUMN, e.g. --map sender=From (repeatable)."
    ),
    separator: str = typer.Option(";", "--separator", help="csv: between recipients."),
    timestamp_format: str | None = typer.Option(
        None, "--timestamp-format", help="csv: strftime pattern of the timestamps (default ISO)."
    ),
    count_column: str | None = typer.Option(
        None, "--count-column", help="viva: the column holding each pair's count."
    ),
    date_format: str | None = typer.Option(
        None,
        "--date-format",
        help="viva: strftime pattern of MetricDate (default M/D/YYYY or ISO).",
    ),
) -> None:
    """Import communication metadata into the workbook's messages.csv.

    Senders and recipients are matched to people by the email and handles columns of
    people.csv; those that match no one are listed. The file is replaced whole (written
    aside, then renamed); rows already present are not added twice.

    Examples:

        coxswain import-messages slack slack-export.zip --workbook my-company/

        coxswain import-messages mail ~/Mail/archive.mbox --workbook my-company/

        coxswain import-messages csv chat.csv -w my-company/ --map sender=From --map recipients=To
    """
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if kind not in KINDS:
        err.print(
            f"Unknown kind {kind!r}: use one of {', '.join(KINDS)}.", markup=False, soft_wrap=True
        )
        raise typer.Exit(2)
    if not workbook.is_dir():
        err.print(
            f"{workbook}: --workbook must be a workbook folder.", markup=False, soft_wrap=True
        )
        raise typer.Exit(2)
    mapping: dict[str, str] = {}
    for item in map_:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            err.print(f"--map {item!r}: write FIELD=COLUMN.", markup=False, soft_wrap=True)
            raise typer.Exit(2)
        mapping[field.strip()] = column.strip()
    try:
        book = read_workbook(workbook)
    except WorkbookError as exc:
        print_problems(exc, console=err)
        raise typer.Exit(1) from None
    if not book.has("people"):
        err.print(
            f"{workbook}: people.csv is needed to match senders to people.",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    try:
        result = run_import(
            kind,
            source,
            people=book.people,
            with_text=with_text,
            mapping=mapping,
            separator=separator,
            timestamp_format=timestamp_format,
            count_column=count_column,
            date_format=date_format,
        )
    except WorkbookError as exc:
        n = len(exc.problems)
        err.print(f"[bold red]The export has {n} problem{'s' if n != 1 else ''}:[/]")
        for problem in exc.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        err.print("Nothing was written.")
        raise typer.Exit(1) from None
    existing = book.messages if book.has("messages") else None
    merged, added = merge_messages(existing, result.messages)
    write_table_atomically(merged, workbook / TABLES["messages"].file)
    for line in result.report.lines():
        out.print(line, markup=False, soft_wrap=True)
    wide = broadcast_count(result.messages)
    if wide:
        from coxswain.analysis.base import Settings

        out.print(
            f"note: {wide} messages reached more than {Settings().broadcast_recipients} people "
            "(channel posts); the network analysis counts them as broadcasts, not ties.",
            markup=False,
            soft_wrap=True,
        )
    out.print(
        f"messages.csv: {added} rows added, {merged.height} in all ({workbook / 'messages.csv'})",
        markup=False,
    )
    if with_text and not book.company.privacy.keep_message_text:
        out.print(
            "note: privacy.keep_message_text is false: analyses score the text, then drop it.",
            markup=False,
            soft_wrap=True,
        )
