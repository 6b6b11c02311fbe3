"""The workbook: one company's strategy (``company.yaml``) and its evidence (the CSV tables)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from coxswain.workbook.model import Company, Goal, KeyResult
from coxswain.workbook.tables import BACKTEST_TABLES, DATE_COLUMNS, TABLES, empty_table


@dataclass(frozen=True, eq=False)
class Workbook:
    """A validated workbook. Build one with :func:`coxswain.workbook.read_workbook`.

    ``tables`` holds the CSV files the workbook has, with the columns each file had
    (typed), so that writing it out gives the owner's files back. Analyses read tables
    through :meth:`table` (or the properties), which always has every column of the
    format and gives an empty, typed frame for a missing file; :meth:`has` tells which.
    """

    company: Company
    tables: Mapping[str, pl.DataFrame] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.tables

    def table(self, name: str) -> pl.DataFrame:
        """The table with every column of the format (optional columns the file lacked are
        null), then any unknown columns of the file."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; known: {', '.join(TABLES)}")
        if name not in self.tables:
            return empty_table(name)
        frame = self.tables[name]
        spec = TABLES[name]
        if all(c in frame.columns for c in spec.column_names):
            return frame
        filled = [
            pl.col(c) if c in frame.columns else pl.lit(None, dtype=t).alias(c)
            for c, t in spec.schema.items()
        ]
        extra = [pl.col(c) for c in frame.columns if c not in spec.schema]
        return frame.select(*filled, *extra)

    @property
    def kpi_values(self) -> pl.DataFrame:
        return self.table("kpi_values")

    @property
    def people(self) -> pl.DataFrame:
        return self.table("people")

    @property
    def messages(self) -> pl.DataFrame:
        return self.table("messages")

    @property
    def survey(self) -> pl.DataFrame:
        return self.table("survey")

    @property
    def ideas(self) -> pl.DataFrame:
        return self.table("ideas")

    @property
    def spend(self) -> pl.DataFrame:
        return self.table("spend")

    @property
    def transactions(self) -> pl.DataFrame:
        return self.table("transactions")

    @property
    def checkins(self) -> pl.DataFrame:
        return self.table("checkins")

    def missing_files(self) -> list[str]:
        """Evidence files the workbook lacks, or has with a header but no rows (``checkins.csv``
        is left out: only the backtest reads it, and it says so itself)."""
        return [
            spec.file
            for name, spec in TABLES.items()
            if name not in BACKTEST_TABLES
            and (name not in self.tables or self.tables[name].height == 0)
        ]

    def date_range(self, name: str) -> tuple[dt.date, dt.date] | None:
        """First and last date of a table's rows, or ``None`` when it has no dated rows."""
        column = DATE_COLUMNS.get(name)
        frame = self.tables.get(name)
        if column is None or frame is None or frame.height == 0:
            return None
        series = frame.get_column(column).drop_nulls()
        if series.len() == 0:
            return None
        if series.dtype != pl.Date:
            series = series.dt.date()
        lo, hi = series.min(), series.max()
        assert isinstance(lo, dt.date) and isinstance(hi, dt.date)
        return lo, hi

    def latest_date(self) -> dt.date | None:
        """The latest date in any dated CSV row or review: the default ``as_of``."""
        dates = [r[1] for n in DATE_COLUMNS if (r := self.date_range(n))]
        dates += [review.date for review in self.company.reviews]
        return max(dates) if dates else None

    def first_date(self) -> dt.date | None:
        """The earliest date in any dated CSV row or review."""
        dates = [r[0] for n in DATE_COLUMNS if (r := self.date_range(n))]
        dates += [review.date for review in self.company.reviews]
        return min(dates) if dates else None

    def as_of_refusal(self, as_of: dt.date, *, today: dt.date) -> str | None:
        """Why an analysis as of ``as_of`` is refused (None: it is not): a date before the
        first dated row (nothing to analyse yet), or after both today and the latest dated
        row (a typing mistake: there is nothing there to see). A date between the latest row
        and today is allowed: it shows the KPIs that have had no value since, as a "what it
        looks like now" view that never replaces the analysis of the latest data. One rule
        for the CLI, the web and the API; dates in the message are written as owners read
        them, in the workbook's locale."""
        from coxswain.wording.numbers import Words  # Babel: loaded when words are wanted

        say = Words(locale=self.company.locale).date
        first, latest = self.first_date(), self.latest_date()
        last = max(latest, today) if latest is not None else today
        empty = "or leave the date empty to analyse the latest data"
        if first is not None and as_of < first:
            return (
                f"{say(as_of)} is before the first date in the data ({say(first)}): choose a "
                f"date from {say(first)} to {say(last)}, {empty}"
            )
        if as_of > last:
            after = "the latest date in the data" if last != today else "today"
            return (
                f"{say(as_of)} is after {after} ({say(last)}): choose a date up to "
                f"{say(last)}, {empty}"
            )
        return None

    def until(self, as_of: dt.date) -> Workbook:
        """The same workbook as it was known on ``as_of``: without rows dated after it
        (reviews and check-ins included); ideas decided or launched later are undecided or
        unlaunched then; a key result with a check-in after ``as_of`` has the value of its
        last check-in by then (none: no progress known), since its ``current`` in
        company.yaml is later knowledge. A key result without check-ins keeps its
        ``current``: nothing dates it (the backtest leaves such goals unscored)."""
        tables: dict[str, pl.DataFrame] = {}
        for name, frame in self.tables.items():
            column = DATE_COLUMNS.get(name)
            if column is None:
                tables[name] = frame
            elif frame.schema[column] == pl.Date:
                tables[name] = frame.filter(pl.col(column) <= as_of)
            else:
                tables[name] = frame.filter(pl.col(column).dt.date() <= as_of)
        if "ideas" in tables:
            tables["ideas"] = _ideas_as_of(tables["ideas"], as_of)
        company = self.company
        if any(r.date > as_of for r in company.reviews):
            company = company.model_copy(
                update={"reviews": tuple(r for r in company.reviews if r.date <= as_of)}
            )
        if "checkins" in self.tables and company.goals:
            company = _goals_as_of(company, self.tables["checkins"], as_of)
        if "kpi_values" in tables:
            company = key_results_from_kpis(company, tables["kpi_values"])
        return Workbook(company=company, tables=tables)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workbook):
            return NotImplemented
        if self.company != other.company or set(self.tables) != set(other.tables):
            return False
        return all(self.tables[n].equals(other.tables[n]) for n in self.tables)

    def __hash__(self) -> int:  # frozen dataclass with custom __eq__
        return hash(self.company.name)


def _ideas_as_of(ideas: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """Ideas as they stood on ``as_of``: a decision or launch dated later had not happened."""
    decided_later = pl.col("decided") > as_of
    launched_later = pl.col("launched") > as_of
    status = (
        pl.when(decided_later.fill_null(False))
        .then(pl.lit("open"))
        .when(launched_later.fill_null(False) & (pl.col("status") == "launched"))
        .then(pl.lit("decided"))
        .otherwise(pl.col("status"))
    )
    return ideas.with_columns(
        status.alias("status"),
        pl.when(decided_later).then(None).otherwise(pl.col("decided")).alias("decided"),
        pl.when(launched_later).then(None).otherwise(pl.col("launched")).alias("launched"),
    )


def key_result_index(goal: Goal, ref: str) -> int | None:
    """The index of the key result ``ref`` names in ``goal`` (its id, or its index from 0)."""
    ref = ref.strip()
    for i, kr in enumerate(goal.key_results):
        if kr.id == ref:
            return i
    if ref.isdigit() and int(ref) < len(goal.key_results):
        return int(ref)
    return None


def checkin_history(
    company: Company, checkins: pl.DataFrame
) -> dict[tuple[str, int], list[tuple[dt.date, float]]]:
    """Each key result's check-ins in date order (file order within a day), by (goal, index)."""
    goals = {g.id: g for g in company.goals}
    out: dict[tuple[str, int], list[tuple[dt.date, float]]] = {}
    frame = checkins.select("date", "goal", "key_result", "value").drop_nulls()
    for date, goal_id, ref, value in frame.sort("date", maintain_order=True).iter_rows():
        goal = goals.get(goal_id)
        index = key_result_index(goal, ref) if goal else None
        if index is not None:
            out.setdefault((goal_id, index), []).append((date, float(value)))
    return out


def key_results_from_kpis(company: Company, kpi_values: pl.DataFrame) -> Company:
    """Every key result that names a KPI (``kpi:``) at the KPI's latest value in
    ``kpi_values``: the KPI measures it, so a check-in or ``current`` cannot contradict the
    KPI's tile. A KPI without values leaves the key result as it was."""
    linked = {kr.kpi for g in company.goals for kr in g.key_results if kr.kpi is not None}
    if not linked or kpi_values.is_empty():
        return company
    latest = dict(
        kpi_values.filter(pl.col("kpi").is_in(sorted(linked)) & pl.col("value").is_not_null())
        .sort("date", maintain_order=True)
        .group_by("kpi", maintain_order=True)
        .agg(pl.col("value").last())
        .iter_rows()
    )
    goals: list[Goal] = []
    changed = False
    for goal in company.goals:
        krs = []
        for kr in goal.key_results:
            value = latest.get(kr.kpi) if kr.kpi is not None else None
            if value is not None and value != kr.current:
                kr = kr.model_copy(update={"current": float(value)})
                changed = True
            krs.append(kr)
        goals.append(goal.model_copy(update={"key_results": tuple(krs)}))
    return company.model_copy(update={"goals": tuple(goals)}) if changed else company


def _goals_as_of(company: Company, checkins: pl.DataFrame, as_of: dt.date) -> Company:
    history = checkin_history(company, checkins)
    goals: list[Goal] = []
    changed = False
    for goal in company.goals:
        krs: list[KeyResult] = []
        for i, kr in enumerate(goal.key_results):
            dated = history.get((goal.id, i))
            if dated and dated[-1][0] > as_of:
                known = [v for d, v in dated if d <= as_of]
                kr = kr.model_copy(update={"current": known[-1] if known else None})
                changed = True
            krs.append(kr)
        goals.append(goal.model_copy(update={"key_results": tuple(krs)}))
    return company.model_copy(update={"goals": tuple(goals)}) if changed else company
