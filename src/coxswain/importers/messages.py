"""Communication exports (Slack, e-mail, Viva Insights, any CSV) → rows of ``messages.csv``,
and their merge into the rows a workbook already has. Shared by ``coxswain import-messages``,
``coxswain import`` and the web's Data page."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from coxswain.importers import KINDS, ImportResult
from coxswain.workbook.tables import TABLES

KEY_COLUMNS = ("timestamp", "sender", "recipients", "channel", "count")


def run_import(
    kind: str,
    source: Path,
    *,
    people: pl.DataFrame | None,
    with_text: bool = False,
    mapping: dict[str, str] | None = None,
    separator: str = ";",
    timestamp_format: str | None = None,
    count_column: str | None = None,
    date_format: str | None = None,
) -> ImportResult:
    """Run the importer of ``kind`` (one of :data:`coxswain.importers.KINDS`)."""
    if kind == "slack":
        from coxswain.importers.slack import import_slack

        return import_slack(source, people=people, with_text=with_text)
    if kind == "mail":
        from coxswain.importers.mail import import_mail

        return import_mail(source, people=people, with_text=with_text)
    if kind == "viva":
        from coxswain.importers.viva import import_viva

        return import_viva(
            source, people=people, count_column=count_column, date_format=date_format
        )
    if kind == "csv":
        from coxswain.importers.csv import import_csv

        return import_csv(
            source,
            people=people,
            mapping=mapping,
            separator=separator,
            timestamp_format=timestamp_format,
            with_text=with_text,
        )
    raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


def merge_messages(existing: pl.DataFrame | None, new: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """``existing`` followed by the rows of ``new`` it does not already hold (same
    timestamp, sender, recipients, channel and count), so that importing the same
    export twice adds nothing. Returns the merged frame and the number of rows added."""
    if existing is None or existing.height == 0:
        merged = new if existing is None else pl.concat([existing, new], how="diagonal_relaxed")
        return _ordered(merged), new.height

    def key(frame: pl.DataFrame) -> pl.Expr:
        parts = [
            pl.col(c).cast(pl.String).fill_null("") if c in frame.columns else pl.lit("")
            for c in KEY_COLUMNS
        ]
        return pl.concat_str(parts, separator="\x1f").alias("_key")

    old_keys = existing.select(key(existing))
    fresh = new.with_columns(key(new)).join(old_keys, on="_key", how="anti").drop("_key")
    merged = pl.concat([existing, fresh], how="diagonal_relaxed")
    return _ordered(merged), fresh.height


def _ordered(frame: pl.DataFrame) -> pl.DataFrame:
    spec = [c for c in TABLES["messages"].column_names if c in frame.columns]
    return frame.select(spec + [c for c in frame.columns if c not in spec])
