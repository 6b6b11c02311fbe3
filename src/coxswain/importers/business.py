"""One entry point for the business importers (sales, books, staff): run the importer of a
kind, merge its rows into the workbook's table, and validate the would-be workbook.

The same functions serve ``coxswain import`` and the web's Data page, so an export is read,
merged and refused the same way in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from coxswain.importers.tabular import TableImport
from coxswain.workbook import Workbook
from coxswain.workbook.problems import Problem, WorkbookError
from coxswain.workbook.tables import TABLES

SALES_KINDS = ("shopify", "square", "stripe", "woocommerce")
BOOKS_KINDS = ("quickbooks", "xero")
STAFF_KINDS = ("bamboohr", "gusto")
TABLE_KINDS: dict[str, str] = {
    **dict.fromkeys(SALES_KINDS, "transactions"),
    **dict.fromkeys(BOOKS_KINDS, "spend"),
    **dict.fromkeys(STAFF_KINDS, "people"),
}
MESSAGE_KINDS: dict[str, str] = {  # kind of `coxswain import` -> kind of import-messages
    "slack": "slack",
    "mail": "mail",
    "viva": "viva",
    "messages-csv": "csv",
}
ALL_KINDS = (*TABLE_KINDS, *MESSAGE_KINDS)
DESCRIPTIONS: dict[str, str] = {
    "shopify": "Shopify orders export (CSV)",
    "square": "Square transactions export (CSV)",
    "stripe": "Stripe payments export (CSV)",
    "woocommerce": "WooCommerce Analytics orders download (CSV)",
    "quickbooks": "QuickBooks Online transaction detail report (CSV)",
    "xero": "Xero account transactions report (CSV)",
    "bamboohr": "BambooHR employee report (CSV)",
    "gusto": "Gusto employee export (CSV)",
    "slack": "Slack workspace export (zip)",
    "mail": "E-mail (mbox, Maildir)",
    "viva": "Viva Insights person-to-person query (CSV)",
    "messages-csv": "Any CSV of messages",
}


def run_table_import(
    kind: str,
    source: Path,
    *,
    workbook: Workbook,
    salt: str,
    mapping: Mapping[str, str] | None = None,
    rules: Path | None = None,
    date_format: str | None = None,
    label: str | None = None,
    rules_label: str | None = None,
    today: dt.date | None = None,
) -> TableImport:
    """Run the importer of ``kind`` (one of :data:`TABLE_KINDS`). Raises WorkbookError with
    every problem of the export (or of the rules file)."""
    if kind in SALES_KINDS:
        from coxswain.importers.sales import SALES

        return SALES[kind](source, salt=salt, mapping=mapping, date_format=date_format, label=label)
    if kind in BOOKS_KINDS:
        from coxswain.importers import books

        if rules is None:
            raise WorkbookError(
                [
                    Problem(
                        label or source.name,
                        None,
                        None,
                        f"{kind} needs a rules file (--rules) saying which accounts are "
                        "spending and on what; see docs/importers.md",
                    )
                ]
            )
        parsed = books.read_rules(
            rules,
            initiatives={i.id for i in workbook.company.initiatives},
            label=rules_label,
        )
        run = books.import_quickbooks if kind == "quickbooks" else books.import_xero
        return run(source, rules=parsed, mapping=mapping, date_format=date_format, label=label)
    if kind in STAFF_KINDS:
        from coxswain.importers import staff

        teams: dict[str, str] = {}
        for t in workbook.company.teams:
            teams[t.id] = t.id
            if t.name:
                teams.setdefault(t.name, t.id)
        run_staff = staff.import_bamboohr if kind == "bamboohr" else staff.import_gusto
        return run_staff(
            source,
            teams=teams,
            existing=workbook.people if workbook.has("people") else None,
            mapping=mapping,
            date_format=date_format,
            label=label,
            today=today,
        )
    raise ValueError(f"unknown kind {kind!r}; one of {', '.join(TABLE_KINDS)}")


def merge_table(existing: pl.DataFrame | None, imported: TableImport) -> pl.DataFrame:
    """``existing`` with the imported rows merged in by ``imported.key``: a row whose key is
    already there updates it in place (for people, only the columns the export has, and only
    where it has a value), the others are added at the end. Rows without a key are kept.
    Importing the same export twice gives the same table. Counts go to the report."""
    new = imported.frame
    report = imported.report
    key = imported.key
    if existing is None or existing.height == 0:
        merged = new if existing is None else pl.concat([existing, new], how="diagonal_relaxed")
        report.added, report.changed, report.total = new.height, 0, merged.height
        return _ordered(merged, imported.table)
    old = (
        existing
        if key in existing.columns
        else existing.with_columns(pl.lit(None, pl.String).alias(key))
    )
    new = new.with_columns(pl.col(c).cast(old.schema[c]) for c in new.columns if c in old.columns)
    common = [c for c in new.columns if c in old.columns]
    updated = old.update(
        new.select(common), on=key, how="left", include_nulls=imported.table != "people"
    )
    fresh = new.join(old.select(key).drop_nulls(), on=key, how="anti")
    changed = int((updated.hash_rows() != old.hash_rows()).sum())
    merged = pl.concat([updated, fresh], how="diagonal_relaxed")
    report.added, report.changed, report.total = fresh.height, changed, merged.height
    return _ordered(merged, imported.table)


def _ordered(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """The format's columns in order (every required one, empty where the export has none,
    and the optional ones the frame has), then any others."""
    spec = TABLES[table]
    names = [c.name for c in spec.columns if c.required or c.name in frame.columns]
    filled = [
        pl.col(c) if c in frame.columns else pl.lit(None, dtype=spec.schema[c]).alias(c)
        for c in names
    ]
    return frame.select(*filled, *(pl.col(c) for c in frame.columns if c not in names))


def would_be_workbook(
    company: Mapping[str, Any], tables: Mapping[str, pl.DataFrame], table: str, merged: pl.DataFrame
) -> Workbook:
    """The workbook with ``table`` replaced by ``merged``, validated whole (raises
    WorkbookError, each problem placed in the table as it would be written)."""
    from coxswain.workbook.read import build_workbook

    return build_workbook(company, {**tables, table: merged})
