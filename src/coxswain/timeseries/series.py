"""KPI observations as regular time series: cadence, period index, gaps.

A KPI's values (``kpi_values.csv``) may come at any cadence; each value is the level
for the period ending on its date. Here they become a :class:`Series`: values on a
regular grid of periods (months, quarters, ...), numbered so that the deadline of a
KPI is a whole number of periods ahead of its last observation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Cadence(StrEnum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    annual = "annual"

    @property
    def season(self) -> int:
        """Periods in a seasonal cycle (1: no seasonality is modelled)."""
        return {"daily": 7, "weekly": 52, "monthly": 12, "quarterly": 4, "annual": 1}[self.value]

    @property
    def per_year(self) -> float:
        return {"daily": 365.25, "weekly": 52.18, "monthly": 12, "quarterly": 4, "annual": 1}[
            self.value
        ]


def infer_cadence(dates: list[dt.date]) -> Cadence:
    """The cadence from the median gap between consecutive dates."""
    if len(dates) < 2:
        return Cadence.monthly
    ordinals = np.array(sorted(d.toordinal() for d in dates), dtype=float)
    gap = float(np.median(np.diff(ordinals)))
    if gap <= 1.5:
        return Cadence.daily
    if gap <= 8:
        return Cadence.weekly
    if gap <= 35:
        return Cadence.monthly
    if gap <= 100:
        return Cadence.quarterly
    return Cadence.annual


def period_index(d: dt.date, cadence: Cadence) -> int:
    """A whole number that grows by one per period (the period containing ``d``)."""
    if cadence is Cadence.monthly:
        return d.year * 12 + d.month - 1
    if cadence is Cadence.quarterly:
        return d.year * 4 + (d.month - 1) // 3
    if cadence is Cadence.annual:
        return d.year
    if cadence is Cadence.weekly:
        return (d.toordinal() - 1) // 7  # weeks Monday to Sunday
    return d.toordinal()


def period_end(index: int, cadence: Cadence) -> dt.date:
    """The last day of the period numbered ``index`` (inverse of :func:`period_index`)."""
    if cadence is Cadence.monthly:
        y, m = divmod(index, 12)
        nxt = dt.date(y + (m == 11), (m + 1) % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    if cadence is Cadence.quarterly:
        y, q = divmod(index, 4)
        last_month = 3 * q + 3
        nxt = dt.date(y + (last_month == 12), last_month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    if cadence is Cadence.annual:
        return dt.date(index, 12, 31)
    if cadence is Cadence.weekly:
        return dt.date.fromordinal(index * 7 + 7)  # the Sunday
    return dt.date.fromordinal(index)


@dataclass(frozen=True)
class KpiInfo:
    """What the analyses need to know about a KPI (a workbook KPI or a derived one)."""

    id: str
    name: str
    objective: str | None
    direction: str  # "up" | "down"
    kind: str | None = None
    unit: str | None = None
    target: float | None = None
    deadline: dt.date | None = None
    warning: float | None = None
    derived: bool = False  # computed by Coxswain (e.g. churn from transactions)
    source: str = "kpi_values.csv"

    @property
    def sign(self) -> float:
        """+1 when higher is better, -1 when lower is better."""
        return 1.0 if self.direction == "up" else -1.0


@dataclass(frozen=True)
class Series:
    """A KPI's values on a regular grid: ``values[i]`` belongs to period ``start + i``."""

    info: KpiInfo
    cadence: Cadence
    start: int  # period index of values[0]
    values: FloatArray
    observed: npt.NDArray[np.bool_] = field(repr=False)  # False where a gap was interpolated
    country: str | None = None  # ISO 3166 code of the public holidays that shape the series

    @property
    def n(self) -> int:
        return int(self.values.shape[0])

    @property
    def end(self) -> int:
        return self.start + self.n - 1

    @property
    def season(self) -> int:
        return self.cadence.season

    @property
    def dates(self) -> list[dt.date]:
        return [period_end(self.start + i, self.cadence) for i in range(self.n)]

    def date_of(self, i: int) -> dt.date:
        return period_end(self.start + i, self.cadence)

    def seasonal(self) -> bool:
        """A seasonal model needs two full cycles (a year of history is not enough to
        tell a season from noise)."""
        return self.season > 1 and self.n >= 2 * self.season

    def last(self, periods: int) -> Series:
        if periods >= self.n:
            return self
        cut = self.n - periods
        return Series(
            info=self.info,
            cadence=self.cadence,
            start=self.start + cut,
            values=self.values[cut:],
            observed=self.observed[cut:],
            country=self.country,
        )

    def index_of(self, d: dt.date) -> int:
        """Position of the period containing ``d`` (may be outside 0..n-1)."""
        return period_index(d, self.cadence) - self.start


def make_series(
    info: KpiInfo,
    dates: list[dt.date],
    values: list[float],
    *,
    max_gap_share: float = 0.25,
    country: str | None = None,
) -> Series | None:
    """Put observations on a regular grid; interpolate short gaps linearly.

    Several values in one period keep the last. When more than ``max_gap_share`` of the
    grid would be interpolated, only the latest stretch without long gaps is kept.
    Returns ``None`` without observations.
    """
    if not dates:
        return None
    order = np.argsort(np.array([d.toordinal() for d in dates]))
    dates = [dates[i] for i in order]
    vals = np.array([values[i] for i in order], dtype=float)
    cadence = infer_cadence(dates)
    idx = np.array([period_index(d, cadence) for d in dates])
    start, stop = int(idx[0]), int(idx[-1])
    grid = np.full(stop - start + 1, np.nan)
    grid[idx - start] = vals  # later duplicates overwrite earlier ones
    observed = ~np.isnan(grid)
    if (~observed).mean() > max_gap_share:
        # keep the latest stretch in which no gap is longer than 2 periods
        gaps = np.flatnonzero(observed)
        long = np.flatnonzero(np.diff(gaps) > 3)
        first = gaps[long[-1] + 1] if long.size else gaps[0]
        grid, observed, start = grid[first:], observed[first:], start + int(first)
    if (~observed).any():
        pos = np.arange(grid.size)
        grid = np.interp(pos, pos[observed], grid[observed])
    return Series(
        info=info, cadence=cadence, start=start, values=grid, observed=observed, country=country
    )


def to_cadence(s: Series, cadence: Cadence) -> Series | None:
    """A finer series averaged into a coarser cadence (weekly into monthly, ...); periods
    with fewer than half the usual number of observations (a cut-off first or last month)
    are left out. Returns the series itself when the cadence is already ``cadence``, and
    ``None`` for a coarser series (no invented detail)."""
    if s.cadence is cadence:
        return s
    if s.cadence.per_year < cadence.per_year:
        return None
    coarse = np.array([period_index(d, cadence) for d in s.dates])
    first = int(coarse.min())
    counts = np.bincount(coarse - first)
    sums = np.bincount(coarse - first, weights=s.values)
    usual = float(np.median(counts[counts > 0]))
    keep = counts >= 0.5 * usual
    idx = np.flatnonzero(keep)
    if idx.size == 0:
        return None
    # only the stretch between the first and last kept period (interior gaps interpolated)
    lo, hi = int(idx[0]), int(idx[-1])
    values = np.where(keep, sums / np.maximum(counts, 1), np.nan)[lo : hi + 1]
    observed = keep[lo : hi + 1]
    pos = np.arange(values.size)
    values = np.interp(pos, pos[observed], values[observed])
    return Series(
        info=s.info,
        cadence=cadence,
        start=first + lo,
        values=values,
        observed=observed,
        country=s.country,
    )
