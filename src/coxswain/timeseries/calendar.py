"""Calendar effects of daily and weekly KPIs: the day of the week, public holidays and
the time of year, taken out before a KPI is judged (shifts, anomalies, impact, forecasts).

- **Day of the week** (daily KPIs): robust STL with a period of seven days where the
  series has six weeks, fixed weekday effects with two to six (see
  :func:`coxswain.timeseries.changes.decompose`), only where an F-test finds them.
- **Public holidays** (daily KPIs, with the company's ``country``): the calendar of the
  ``holidays`` package. A holiday's effect is the median remainder on the days of that
  holiday where it occurred at least twice (Christmas Day, closed both years), otherwise
  the median remainder of every holiday in the history (three at least).
- **The year** (daily and weekly KPIs): three pairs of yearly Fourier terms beside a
  linear trend, fitted only with two full years of history and kept only where an F-test
  (level 0.01) finds them. With less than two years a summer peak cannot be told from a
  change of level: no change is then called (the shifts section says why).
- **Scale.** Every robust score divides by the median absolute deviation of the
  remainder (×1.4826), floored by the noise of first differences, by half the data's
  resolution (the smallest step between distinct values) and by 0.5% of the typical level,
  so that a step-like or nearly constant series gets finite, modest scores.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coxswain.timeseries.changes import Decomposition
from coxswain.timeseries.series import Cadence

FloatArray = npt.NDArray[np.float64]

YEARLY_HARMONICS = 3
YEARLY_ALPHA = 0.01
MIN_HOLIDAY_REPEATS = 2  # a holiday's own effect needs this many occurrences
MIN_HOLIDAYS_POOLED = 3  # the pooled effect of all holidays needs this many holiday days
LEVEL_FLOOR = 0.005  # the scale is at least this share of the typical level
DAYS_PER_YEAR = 365.2425


def holiday_names(dates: Sequence[dt.date], country: str | None) -> list[str | None]:
    """The public holiday on each date (its name), or None. ``country`` is an ISO 3166
    code, with a subdivision where holidays differ within the country (``GB-ENG``: Easter
    Monday and the late-summer bank holiday are England's, not the whole UK's)."""
    if not country or not dates:
        return [None] * len(dates)
    import holidays

    years = range(min(dates).year, max(dates).year + 1)
    code, _, subdivision = country.partition("-")
    calendar = holidays.country_holidays(code, subdiv=subdivision or None, years=years)
    return [calendar.get(d) for d in dates]


@dataclass(frozen=True)
class HolidayEffects:
    by_name: dict[str, float]  # effect of each holiday seen (its own, or the pooled one)
    pooled: float  # median remainder over every holiday day (0 with fewer than three)

    def on(self, names: Sequence[str | None]) -> FloatArray:
        return np.array(
            [self.by_name.get(name, self.pooled) if name else 0.0 for name in names],
            dtype=float,
        )


def holiday_effects(resid: FloatArray, names: Sequence[str | None]) -> HolidayEffects:
    """The effect of each public holiday on ``resid``: the median remainder on its own
    days where it occurred at least twice, otherwise the median over every holiday day."""
    days = [i for i, name in enumerate(names) if name]
    pooled = float(np.median(resid[days])) if len(days) >= MIN_HOLIDAYS_POOLED else 0.0
    by_name: dict[str, list[int]] = {}
    for i in days:
        by_name.setdefault(str(names[i]), []).append(i)
    return HolidayEffects(
        by_name={
            name: float(np.median(resid[where])) if len(where) >= MIN_HOLIDAY_REPEATS else pooled
            for name, where in by_name.items()
        },
        pooled=pooled,
    )


def yearly_terms(dates: Sequence[dt.date]) -> FloatArray:
    """Fourier terms of the time of year, (n, 2·YEARLY_HARMONICS)."""
    t = np.array([d.toordinal() for d in dates], dtype=float)
    phase = 2 * np.pi * t / DAYS_PER_YEAR
    cols = []
    for k in range(1, YEARLY_HARMONICS + 1):
        cols += [np.sin(k * phase), np.cos(k * phase)]
    return np.column_stack(cols)


@dataclass(frozen=True)
class YearlyFit:
    coef: FloatArray  # coefficients of the Fourier terms
    p: float  # F-test of the terms beside a linear trend

    def at(self, dates: Sequence[dt.date]) -> FloatArray:
        out: FloatArray = yearly_terms(dates) @ self.coef
        return out


def fit_yearly(y: FloatArray, dates: Sequence[dt.date], *, steps: Sequence[int] = ()) -> YearlyFit:
    """Yearly Fourier terms beside a linear trend that may break (level and slope) at each
    position in ``steps`` (least squares, refitted without gross outliers), and the F-test of the
    terms against the trend and steps alone. Without the steps a change of level late in
    the history would be read partly as a time-of-year effect."""
    from scipy.stats import f as f_dist

    n = y.shape[0]
    t = np.arange(n, dtype=float)
    cols = [np.ones(n), (t - t.mean()) / max(n, 1)]
    for b in steps:
        if 0 < b < n:  # a change of level and of slope, as the change points are
            cols += [(t >= b).astype(float), np.maximum(t - b, 0.0) / max(n, 1)]
    base = np.column_stack(cols)
    full = np.column_stack([base, yearly_terms(dates)])
    keep = np.ones(n, dtype=bool)
    coef, *_ = np.linalg.lstsq(full, y, rcond=None)
    resid = y - full @ coef
    scale = 1.4826 * float(np.median(np.abs(resid - np.median(resid))))
    if scale > 0:
        keep = np.abs(resid - np.median(resid)) <= 5 * scale
        coef, *_ = np.linalg.lstsq(full[keep], y[keep], rcond=None)
    resid_full = y[keep] - full[keep] @ coef
    coef0, *_ = np.linalg.lstsq(base[keep], y[keep], rcond=None)
    resid0 = y[keep] - base[keep] @ coef0
    rss1, rss0 = float(resid_full @ resid_full), float(resid0 @ resid0)
    df1, df2 = 2 * YEARLY_HARMONICS, int(keep.sum()) - full.shape[1]
    if df2 <= 0 or rss1 <= 1e-12 * max(rss0, 1e-300):
        p = 1.0 if df2 <= 0 else 0.0
    else:
        p = float(f_dist.sf(((rss0 - rss1) / df1) / (rss1 / df2), df1, df2))
    return YearlyFit(coef=np.asarray(coef[base.shape[1] :], dtype=float), p=p)


def resolution(y: FloatArray) -> float:
    """The smallest step between distinct values (0 for a constant series)."""
    u = np.unique(y[np.isfinite(y)])
    if u.size < 2:
        return 0.0
    return float(np.min(np.diff(u)))


def robust_scale(resid: FloatArray, y: FloatArray) -> float:
    """A robust scale of ``resid`` that stays meaningful on step-like or nearly constant
    series: MAD ×1.4826, floored by the noise of first differences, half the data's
    resolution and 0.5% of the typical level (never zero)."""
    from coxswain.timeseries.changes import robust_sigma

    med = float(np.median(resid))
    mad = 1.4826 * float(np.median(np.abs(resid - med)))
    level = float(np.median(np.abs(y))) if y.size else 0.0
    floor = max(robust_sigma(resid), 0.5 * resolution(y), LEVEL_FLOOR * level)
    return max(mad, floor, 1e-9)


def has_calendar(cadence: Cadence) -> bool:
    """Whether a KPI of this cadence gets the calendar treatment (daily and weekly)."""
    return cadence in (Cadence.daily, Cadence.weekly)


STL_SEASONAL_WEEKS = 53  # the weekday pattern drifts over about a year, not weeks
STL_TREND_DAYS = 35  # the level follows a summer peak, not a day's noise


def _weekday_stl(work: FloatArray) -> Decomposition:
    """Robust STL with a weekly period, its weekday pattern smoothed over about a year
    and its trend over five weeks. With statsmodels' defaults (a seven-week seasonal
    window, a fifteen-day trend) the decomposition fits part of the noise away: on
    simulated takings with 6% daily noise the remainder's spread came out at 3.4% and
    ten to thirty ordinary days a series scored above 4.5; with these windows 5.5% and
    none (docs/kpi.md)."""
    from statsmodels.tsa.seasonal import STL

    res = STL(work, period=7, seasonal=STL_SEASONAL_WEEKS, trend=STL_TREND_DAYS, robust=True).fit()
    return Decomposition(
        trend=np.asarray(res.trend, dtype=float),
        seasonal=np.asarray(res.seasonal, dtype=float),
        resid=np.asarray(res.resid, dtype=float),
    )


MIN_POSITIVE_SHARE = 0.98  # a series this positive is taken apart on the log scale


@dataclass(frozen=True)
class Calendar:
    """A daily or weekly series taken apart on its working scale (the log of the values
    where they are positive, but for a few zero days; the values themselves otherwise):
    ``work = trend + weekday + holiday + resid``; ``yearly`` is the part of the trend due to
    the time of year (zero unless modelled)."""

    work: FloatArray
    log: bool
    trend: FloatArray
    weekday: FloatArray
    holiday: FloatArray
    yearly: FloatArray
    resid: FloatArray
    weekday_modelled: bool
    yearly_modelled: bool
    two_years: bool  # enough history to tell the time of year from a change
    holidays_seen: int  # public holidays in the history
    yearly_fit: YearlyFit | None
    yearly_offset: float  # mean of the fitted yearly terms over the history (taken out)
    holidays: HolidayEffects

    def original(self, work: FloatArray) -> FloatArray:
        """Values on the working scale back in the KPI's own units."""
        out: FloatArray = np.exp(work) if self.log else work
        return out

    @property
    def adjusted_work(self) -> FloatArray:
        """The series without its weekday, holiday and yearly patterns (working scale)."""
        out: FloatArray = self.work - self.weekday - self.holiday - self.yearly
        return out

    @property
    def expected(self) -> FloatArray:
        """What the calendar and the trend predict for each period, in the KPI's units."""
        return self.original(self.work - self.resid)


def working_scale(y: FloatArray) -> tuple[FloatArray, bool]:
    """The log of ``y`` where (nearly) all values are positive, a zero day put at 1% of
    the median (an outlier that stays visible); ``y`` itself otherwise."""
    positive = y > 0
    if y.size == 0 or positive.mean() < MIN_POSITIVE_SHARE:
        return y.astype(float), False
    floor = 0.01 * float(np.median(y[positive]))
    return np.log(np.maximum(y, floor)), True


_CALENDARS: OrderedDict[tuple[bytes, int, str, str | None, tuple[int, ...]], Calendar] = (
    OrderedDict()
)
_CALENDARS_KEPT = 64


def calendar_decompose(
    y: FloatArray,
    dates: Sequence[dt.date],
    cadence: Cadence,
    country: str | None,
    *,
    steps: Sequence[int] = (),
) -> Calendar:
    """Take the calendar out of a daily or weekly series (see the module's docstring);
    ``steps`` are positions of known changes of level, fitted beside the yearly terms.

    Shifts, impact and forecasts take the same KPI apart: the last results are kept
    (read-only), keyed by the values, the first date, cadence, country and steps."""
    values = np.ascontiguousarray(y, dtype=float)
    key = (
        values.tobytes(),
        dates[0].toordinal() if dates else 0,
        cadence.value,
        country,
        tuple(int(b) for b in steps),
    )
    hit = _CALENDARS.get(key)
    if hit is not None:
        _CALENDARS.move_to_end(key)
        return hit
    cal = _calendar_decompose(values, dates, cadence, country, steps=steps)
    for part in (cal.work, cal.trend, cal.weekday, cal.holiday, cal.yearly, cal.resid):
        part.flags.writeable = False
    _CALENDARS[key] = cal
    if len(_CALENDARS) > _CALENDARS_KEPT:
        _CALENDARS.popitem(last=False)
    return cal


def _calendar_decompose(
    y: FloatArray,
    dates: Sequence[dt.date],
    cadence: Cadence,
    country: str | None,
    *,
    steps: Sequence[int] = (),
) -> Calendar:
    from coxswain.timeseries.changes import decompose, has_season

    n = y.shape[0]
    work, log = working_scale(y)
    daily = cadence is Cadence.daily
    weekday_modelled = daily and has_season(work, 7)
    dec = _weekday_stl(work) if weekday_modelled and n >= 6 * 7 else None
    if dec is None:
        dec = decompose(work, 7 if weekday_modelled else 1)
    names = holiday_names(dates, country) if daily else [None] * n
    effects = holiday_effects(np.asarray(dec.resid, dtype=float), names)
    holiday = effects.on(names)
    resid = dec.resid - holiday
    two_years = n >= 2 * cadence.per_year - 1
    yearly = np.zeros(n)
    offset = 0.0
    fit = None
    if two_years:
        fit = fit_yearly(work - dec.seasonal - holiday, dates, steps=steps)
        if fit.p < YEARLY_ALPHA:
            raw = fit.at(dates)
            offset = float(raw.mean())
            yearly = raw - offset
        else:
            fit = None
    return Calendar(
        work=work,
        log=log,
        trend=np.asarray(dec.trend, dtype=float),
        weekday=np.asarray(dec.seasonal, dtype=float),
        holiday=holiday,
        yearly=yearly,
        resid=np.asarray(resid, dtype=float),
        weekday_modelled=weekday_modelled,
        yearly_modelled=fit is not None,
        two_years=two_years,
        holidays_seen=sum(1 for name in names if name),
        yearly_fit=fit,
        yearly_offset=offset,
        holidays=effects,
    )


def future_calendar(
    cal: Calendar, dates: Sequence[dt.date], country: str | None, cadence: Cadence
) -> FloatArray:
    """The yearly and holiday parts of the calendar on future ``dates``, on the working
    scale (the weekday part is left to the forecasting model's own season)."""
    out = np.zeros(len(dates))
    if cal.yearly_fit is not None:
        out += cal.yearly_fit.at(dates) - cal.yearly_offset
    if cadence is Cadence.daily and cal.holidays_seen:
        out += cal.holidays.on(holiday_names(dates, country))
    return out


def _group_means(
    values: FloatArray, groups: npt.NDArray[np.int64]
) -> tuple[FloatArray, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The mean of ``values`` by consecutive group number (weeks, months), each group's count
    and the position of its first value (counts of 0 for groups with no values)."""
    idx = groups - int(groups.min())
    counts = np.bincount(idx)
    sums = np.bincount(idx, weights=values)
    starts = np.full(counts.shape[0], -1)
    for pos in range(idx.shape[0] - 1, -1, -1):
        starts[idx[pos]] = pos
    means: FloatArray = (sums / np.maximum(counts, 1)).astype(float)
    return means, counts, starts


def weekly_means(
    values: FloatArray, dates: Sequence[dt.date], *, min_days: int = 4
) -> tuple[FloatArray, list[int]]:
    """Mean of each Monday-to-Sunday week with at least ``min_days`` days, and the
    position of each such week's first day in ``values``."""
    weeks = np.array([(d.toordinal() - 1) // 7 for d in dates])
    means, counts, starts = _group_means(values, weeks)
    keep = counts >= min_days
    return means[keep], [int(s) for s in starts[keep]]


def monthly_means(
    values: FloatArray,
    dates: Sequence[dt.date],
    *,
    min_share: float = 0.5,
    min_count: float | None = None,
) -> tuple[FloatArray, list[int]]:
    """Mean of each calendar month holding at least ``min_share`` of the values of the
    fullest month (a daily or weekly series' first and last months may be partial), or at
    least ``min_count`` values where that is given, and the position of each such month's
    first value in ``values``."""
    months = np.array([d.year * 12 + d.month - 1 for d in dates])
    means, counts, starts = _group_means(values, months)
    least = min_count if min_count is not None else min_share * float(counts.max())
    keep = counts >= max(least, 1.0)
    return means[keep], [int(s) for s in starts[keep]]
