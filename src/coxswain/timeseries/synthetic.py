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
