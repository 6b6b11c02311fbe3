"""Synthetic KPI histories and workbooks, for tests, benchmarks and demonstrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from coxswain.timeseries.series import Cadence, period_end, period_index
from coxswain.workbook import Company, Workbook
from coxswain.workbook.tables import TABLES


def month_ends(last: dt.date, n: int) -> list[dt.date]:
    """``n`` consecutive month ends, the last one in ``last``'s month."""
    end = period_index(last, Cadence.monthly)
    return [period_end(end - n + 1 + i, Cadence.monthly) for i in range(n)]


def seasonal_series(
    n: int,
    *,
    level: float = 100.0,
    slope: float = 0.0,
    amplitude: float = 0.0,
    noise: float = 1.0,
    seed: int = 0,
    period: int = 12,
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    out: np.ndarray = (
        level + slope * t + amplitude * np.sin(2 * np.pi * t / period) + rng.normal(0, noise, n)
    )
    return out


WEEKDAY_FACTORS = (1.0, 1.0, 1.0, 1.05, 1.25, 1.6, 1.3)  # Monday to Sunday: busy weekends


def daily_takings(
    first: dt.date,
    days: int,
    *,
    level: float = 1000.0,
    summer: float = 0.35,
    growth_per_year: float = 0.0,
    noise: float = 0.06,
    country: str | None = None,
    holiday_factor: float = 0.55,
    seed: int = 0,
) -> tuple[list[dt.date], np.ndarray]:
    """A daily takings KPI: busy weekends (:data:`WEEKDAY_FACTORS`), a summer peak of
    ``summer`` above the yearly mean (mid-July) and as far below it in mid-January,
    steady growth, multiplicative noise, and public holidays of ``country`` at
    ``holiday_factor`` of an ordinary day."""
    from coxswain.timeseries.calendar import holiday_names

    rng = np.random.default_rng(seed)
    dates = [first + dt.timedelta(days=i) for i in range(days)]
    t = np.arange(days, dtype=float)
    doy = np.array([d.timetuple().tm_yday for d in dates], dtype=float)
    weekday = np.array([WEEKDAY_FACTORS[d.weekday()] for d in dates])
    season = 1 + summer * np.cos(2 * np.pi * (doy - 196) / 365.25)
    names = holiday_names(dates, country)
    holiday = np.array([holiday_factor if name else 1.0 for name in names])
    trend = 1 + growth_per_year * t / 365.25
    values: np.ndarray = (
        level * trend * season * weekday * holiday * np.exp(rng.normal(0, noise, days))
    )
    return dates, values


def kpi_values_frame(
    series: Mapping[str, tuple[Sequence[dt.date], Sequence[float]]],
) -> pl.DataFrame:
    rows = [
        (d, kpi, float(v))
        for kpi, (dates, values) in series.items()
        for d, v in zip(dates, values, strict=True)
    ]
    return pl.DataFrame(
        {"date": [r[0] for r in rows], "kpi": [r[1] for r in rows], "value": [r[2] for r in rows]},
        schema=TABLES["kpi_values"].schema,
    )


def workbook(
    company: Mapping[str, Any],
    *,
    kpi_values: Mapping[str, tuple[Sequence[dt.date], Sequence[float]]] | None = None,
    tables: Mapping[str, pl.DataFrame] | None = None,
) -> Workbook:
    """A workbook from a company mapping (``format`` and ``name`` filled in) and data."""
    data = {"format": 1, "name": "Synthetic Co", **company}
    all_tables: dict[str, pl.DataFrame] = dict(tables or {})
    if kpi_values is not None:
        all_tables["kpi_values"] = kpi_values_frame(kpi_values)
    return Workbook(company=Company.model_validate(data), tables=all_tables)
