"""``coxswain import KIND FILE --workbook DIR``: bring a shop's, a payment provider's, a
bookkeeping or an HR export into the workbook (``transactions.csv``, ``spend.csv``,
``people.csv``), and the communication exports of ``import-messages`` too."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml
from rich.console import Console

from coxswain.cli.app import app
from coxswain.cli.validate import print_problems
from coxswain.importers.business import (
    ALL_KINDS,
    BOOKS_KINDS,
    DESCRIPTIONS,
    MESSAGE_KINDS,
    SALES_KINDS,
    TABLE_KINDS,
    merge_table,
    run_table_import,
    would_be_workbook,
)
from coxswain.importers.tabular import parse_map
from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.tables import TABLES

KIND_HELP = "The export's kind: " + "; ".join(f"{k} ({DESCRIPTIONS[k]})" for k in ALL_KINDS)


@app.command("import")
def import_(
    kind: str = typer.Argument(..., help=KIND_HELP),
    source: Path = typer.Argument(..., help="The export file (a zip, mbox or folder for chat)."),
    workbook: Path = typer.Option(..., "--workbook", "-w", help="The workbook folder to add to."),
    map_: list[str] = typer.Option(
        [],
        "--map",
        help="FIELD=HEADER: read FIELD from the column named HEADER, for renamed or custom "
        "columns, e.g. --map team=Division (repeatable).",
    ),
    rules: Path | None = typer.Option(
        None,
        "--rules",
        help="quickbooks, xero: a YAML file mapping accounts or descriptions to initiatives "
        "and categories.",
    ),
    date_format: str | None = typer.Option(
        None,
        "--date-format",
        help="strftime pattern of the export's dates, e.g. %d/%m/%Y (default: the vendor's).",
    ),
    with_text: bool = typer.Option(
        False, "--with-text", help="chat and mail: keep message text (default: metadata only)."
    ),
    separator: str = typer.Option(";", "--separator", help="messages-csv: between recipients."),
    timestamp_format: str | None = typer.Option(
        None, "--timestamp-format", help="messages-csv: strftime pattern of the timestamps."
    ),
    count_column: str | None = typer.Option(
        None, "--count-column", help="viva: the column holding each pair's count."
    ),
) -> None:
    """Import an export into the workbook, all or nothing.

    Sales (shopify, square, stripe, woocommerce) go to transactions.csv, one row per paid
    order with refunds subtracted; customers are named by a salted hash of their e-mail.
    Bookkeeping (quickbooks, xero) goes to spend.csv through a --rules file; what no rule
    matches is listed. Staff (bamboohr, gusto) go to people.csv; departments that are no
    team of company.yaml are listed. Importing the same export again changes nothing.

    Examples:

        coxswain import shopify orders_export.csv --workbook my-company/

        coxswain import quickbooks transactions.csv -w my-company/ --rules spend-rules.yaml

        coxswain import bamboohr employees.csv -w my-company/ --map team=Division
    """
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    out = Console(highlight=False, soft_wrap=True)
    if kind not in ALL_KINDS:
        err.print(f"Unknown kind {kind!r}: use one of {', '.join(ALL_KINDS)}.", markup=False)
        raise typer.Exit(2)
    if kind in MESSAGE_KINDS:
        from coxswain.cli.import_messages import import_messages

        import_messages(
            kind=MESSAGE_KINDS[kind],
            source=source,
            workbook=workbook,
            with_text=with_text,
            map_=map_,
            separator=separator,
            timestamp_format=timestamp_format,
            count_column=count_column,
            date_format=date_format,
        )
        return
    if not workbook.is_dir() or not (workbook / "company.yaml").is_file():
        err.print(f"{workbook}: --workbook must be a workbook folder.", markup=False)
        raise typer.Exit(2)
    mapping, bad = parse_map(map_)
    for item in bad:
        err.print(f"--map {item!r}: write FIELD=HEADER.", markup=False)
    if bad:
        raise typer.Exit(2)
    if rules is not None and kind not in BOOKS_KINDS:
        err.print(f"--rules is for {' and '.join(BOOKS_KINDS)} only.", markup=False)
        raise typer.Exit(2)
    try:
        book = read_workbook(workbook)
    except WorkbookError as exc:
        print_problems(exc, console=err)
        raise typer.Exit(1) from None
    salt = ""
    if kind in SALES_KINDS:
        from coxswain.privacy import load_or_create_salt

        salt = load_or_create_salt(workbook)
    try:
        imported = run_table_import(
            kind,
            source,
            workbook=book,
            salt=salt,
            mapping=mapping,
            rules=rules,
            date_format=date_format,
        )
    except WorkbookError as exc:
        _refused(err, "The export has", exc)
        raise typer.Exit(1) from None
    table = TABLE_KINDS[kind]
    merged = merge_table(book.tables.get(table), imported)
    try:
        company = yaml.safe_load((workbook / "company.yaml").read_text(encoding="utf-8"))
        would_be_workbook(company, book.tables, table, merged)
    except WorkbookError as exc:
        _refused(err, f"With this import, {table}.csv would have", exc)
        raise typer.Exit(1) from None
    from coxswain.cli.import_messages import write_table_atomically

    target = workbook / TABLES[table].file
    report = imported.report
    if report.added or report.changed or not target.exists():
        write_table_atomically(merged, target)
    for line in report.lines():
        out.print(line, markup=False)
    out.print(
        f"{TABLES[table].file}: {report.added} rows added, {report.changed} changed, "
        f"{report.total} in all ({target})",
        markup=False,
    )


def _refused(err: Console, what: str, exc: WorkbookError) -> None:
    n = len(exc.problems)
    err.print(f"[bold red]{what} {n} problem{'s' if n != 1 else ''}:[/]")
    for problem in exc.problems:
        err.print(str(problem), markup=False)
    err.print("Nothing was written.")
