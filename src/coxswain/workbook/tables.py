"""The CSV tables of a workbook: their columns and the types they are read as.

Every table is held as a polars DataFrame with exactly the columns below, in this
order and of these types, followed by any unknown columns of the file (kept as
text so that an export gives the owner's data back verbatim). Optional columns
that a file lacks are present and null.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl


class ColumnType(StrEnum):
    text = "text"
    date = "date"  # ISO 8601 date
    timestamp = "timestamp"  # ISO 8601 with a zone; none means UTC; held as Datetime(us, UTC)
    number = "number"  # float
    integer = "integer"


POLARS_TYPES: dict[ColumnType, pl.DataType] = {
    ColumnType.text: pl.String(),
    ColumnType.date: pl.Date(),
    ColumnType.timestamp: pl.Datetime("us", "UTC"),
    ColumnType.number: pl.Float64(),
    ColumnType.integer: pl.Int64(),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = True  # the header must be present
    nullable: bool = True  # an empty cell is allowed


@dataclass(frozen=True)
class TableSpec:
    name: str  # e.g. "kpi_values"; the file is name + ".csv", the sheet is name
    columns: tuple[Column, ...]
    description: str

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def schema(self) -> dict[str, pl.DataType]:
        return {c.name: POLARS_TYPES[c.type] for c in self.columns}


T, D, TS, N, I = (
    ColumnType.text,
    ColumnType.date,
    ColumnType.timestamp,
    ColumnType.number,
    ColumnType.integer,
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "kpi_values",
            (
                Column("date", D, nullable=False),
                Column("kpi", T, nullable=False),
                Column("value", N, nullable=False),
            ),
            "KPI observations: the KPI's level for the period ending on each date",
        ),
        TableSpec(
            "people",
            (
                Column("id", T, nullable=False),
                Column("name", T),
                Column("team", T),
                Column("role", T),
                Column("manager", T),
                Column("hired", D),
                Column("skills", T),
                Column("training_hours", N),
                Column("email", T, required=False),
                Column("handles", T, required=False),
            ),
            "staff, their teams, managers, skills and training",
        ),
        TableSpec(
            "messages",
            (
                Column("timestamp", TS, nullable=False),
                Column("sender", T, nullable=False),
                Column("recipients", T),
                Column("channel", T),
                Column("text", T, required=False),
                Column("count", I, required=False),
            ),
            "internal communication metadata",
        ),
        TableSpec(
            "survey",
            (
                Column("respondent", T, nullable=False),
                Column("date", D, nullable=False),
                Column("question", T, nullable=False),
                Column("answer", T),
                Column("team", T, required=False),
            ),
            "staff survey answers",
        ),
        TableSpec(
            "ideas",
            (
                Column("id", T, nullable=False),
                Column("title", T),
                Column("objective", T),
                Column("created", D, nullable=False),
                Column("decided", D),
                Column("launched", D),
                Column("status", T, nullable=False),
            ),
            "the innovation pipeline",
        ),
        TableSpec(
            "spend",
            (
                Column("date", D, nullable=False),
                Column("initiative", T),
                Column("category", T),
                Column("amount", N, nullable=False),
                Column("ref", T, required=False),
            ),
            "money actually spent",
        ),
        TableSpec(
            "transactions",
            (
                Column("customer", T, nullable=False),
                Column("date", D, nullable=False),
                Column("amount", N, nullable=False),
                Column("ref", T, required=False),
            ),
            "customer purchases",
        ),
        TableSpec(
            "checkins",
            (
                Column("date", D, nullable=False),
                Column("person", T),
                Column("goal", T, nullable=False),
                Column("key_result", T, nullable=False),
                Column("value", N, nullable=False),
                Column("confidence", I, required=False),
            ),
            "dated check-ins on key results: a goal's progress over time",
        ),
    )
}

# Columns by which each table's rows count as dated, for date ranges and `as_of`.
DATE_COLUMNS: dict[str, str] = {
    "kpi_values": "date",
    "messages": "timestamp",
    "survey": "date",
    "ideas": "created",
    "spend": "date",
    "transactions": "date",
    "checkins": "date",
}

BACKTEST_TABLES = frozenset({"checkins"})
"""Tables that only the backtest reads (not missing evidence for ``analyze``)."""

LIKERT_QUESTIONS: dict[str, tuple[int, int]] = {
    "line_of_sight": (1, 5),
    "values_lived": (1, 5),
    "enps": (0, 10),
}
LIKERT_WORDS: dict[str, str] = {
    "line_of_sight": "“I understand how my work contributes to our goals”",
    "values_lived": "“Our values guide everyday decisions here”",
    "enps": "“How likely are you to recommend working here?”",
}
"""How an error message names each survey question (the pulse's own wording)."""
IDEA_STATUSES = ("open", "decided", "launched", "dropped")
CONFIDENCE_RANGE = (1, 5)  # checkins.csv ``confidence``


def empty_table(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=TABLES[name].schema)


def parse_skills(text: str | None) -> dict[str, int]:
    """``sourdough:4;sales:2`` → ``{"sourdough": 4, "sales": 2}`` (validated at read time)."""
    out: dict[str, int] = {}
    if not text:
        return out
    for part in text.split(";"):
        part = part.strip()
        if part:
            name, _, level = part.partition(":")
            out[name.strip()] = int(level)
    return out


def split_ids(text: str | None) -> list[str]:
    """``a;b;c`` → ``["a", "b", "c"]``; empty or missing → ``[]``."""
    if not text:
        return []
    return [p.strip() for p in text.split(";") if p.strip()]
