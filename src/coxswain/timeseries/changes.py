"""Change points and anomalies of KPI series.

- Seasonality first comes out (robust STL, Cleveland et al. 1990, where a series has
  six cycles; a fixed seasonal pattern where it has two to six, and only where an
  F-test finds a season), so that an ordinary seasonal swing is never a "change".
- Change points: PELT (Killick et al. 2012, via ``ruptures``) with a piecewise *linear*
  cost, so that a steady trend is one segment and not a staircase of level shifts. The
  penalty is a BIC for the three parameters a break adds (its place, a level, a slope)
  doubled for safety: ``6 * sigma^2 * log(n)``, with the noise ``sigma`` estimated
  robustly from first differences (median absolute deviation), which neither a trend
  nor a few shifts inflate. A break is kept only when the jump at the break, or the
  change of slope accumulated over the shorter neighbouring segment, is at least 1.5
  sigma (the penalty already demands that it be well determined).
- Anomalies: residuals of that decomposition whose robust z-score exceeds 4.5; points
  next to a change point are left to the change point.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from coxswain.timeseries.series import Series

if TYPE_CHECKING:
    from coxswain.timeseries.calendar import Calendar

FloatArray = npt.NDArray[np.float64]

PENALTY_FACTOR = 6.0
MIN_JUMP_SIGMAS = 1.5
ANOMALY_Z = 4.5
MIN_POINTS_SHIFTS = 12


@dataclass(frozen=True)
class Decomposition:
    trend: FloatArray
    seasonal: FloatArray
    resid: FloatArray

    @property
    def adjusted(self) -> FloatArray:
        """The series without its seasonal component."""
        out: FloatArray = self.trend + self.resid
        return out


_DECOMPOSITIONS: OrderedDict[tuple[bytes, int], Decomposition] = OrderedDict()
_DECOMPOSITIONS_KEPT = 256


def decompose(y: FloatArray, period: int) -> Decomposition:
    """Season, trend and remainder (see :func:`_decompose`).

    A pure function of the values and the period, and several analyses decompose the
    same KPI (shifts, diagnostics, strategy links): the last few hundred results are
    kept, read-only, so a run fits robust STL once per series."""
    values = np.ascontiguousarray(y, dtype=float)
    key = (values.tobytes(), period)
    hit = _DECOMPOSITIONS.get(key)
    if hit is not None:
        _DECOMPOSITIONS.move_to_end(key)
        return hit
    dec = _decompose(values, period)
    for part in (dec.trend, dec.seasonal, dec.resid):
        part.flags.writeable = False
    _DECOMPOSITIONS[key] = dec
    if len(_DECOMPOSITIONS) > _DECOMPOSITIONS_KEPT:
        _DECOMPOSITIONS.popitem(last=False)
    return dec


def _decompose(y: FloatArray, period: int) -> Decomposition:
    """Season, trend and remainder.

    With six cycles or more: robust STL. With two to six cycles STL's seasonal
    smoother has too few points per month and fits the noise, so the season is a
    fixed pattern (seasonal dummies beside a linear trend, least squares). The trend
    of the short form is a running median of five of the adjusted series; without two
    cycles there is no season.
    """
    n = y.shape[0]
    if period > 1 and n >= 6 * period:
        from statsmodels.tsa.seasonal import STL

        res = STL(y, period=period, robust=True).fit()
        return Decomposition(
            trend=np.asarray(res.trend, dtype=float),
            seasonal=np.asarray(res.seasonal, dtype=float),
            resid=np.asarray(res.resid, dtype=float),
        )
    seasonal = np.zeros(n)
    if period > 1 and n >= 2 * period:
        t = np.arange(n, dtype=float)
        dummies = np.zeros((n, period))
        dummies[np.arange(n), np.arange(n) % period] = 1.0
        design = np.column_stack([t - t.mean(), dummies])
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        # refit without gross outliers, so that one bad month does not leak into its
        # month's seasonal effect (and hide itself)
        resid = y - design @ coef
        scale = 1.4826 * float(np.median(np.abs(resid - np.median(resid))))
        keep = np.abs(resid - np.median(resid)) <= 4 * scale if scale > 0 else resid == resid
        if 0 < (~keep).sum() <= n // 10 and np.all(dummies[keep].sum(axis=0) > 0):
            coef, *_ = np.linalg.lstsq(design[keep], y[keep], rcond=None)
        pattern = coef[1:] - coef[1:].mean()
        seasonal = pattern[np.arange(n) % period]
    adjusted = y - seasonal
    trend = running_median(adjusted, 5)
    return Decomposition(trend=trend, seasonal=seasonal, resid=adjusted - trend)


def has_season(y: FloatArray, period: int, *, alpha: float = 0.01) -> bool:
    """Whether a series has a seasonal pattern: two full cycles, and the F-test of
    seasonal dummies beside a linear trend (against the trend alone) at level ``alpha``.
    Removing a "season" that is only noise would shrink the noise and make ordinary
    wiggles look like changes."""
    return bool(has_season_many(y[None, :], period, alpha=alpha)[0])


def has_season_many(ys: FloatArray, period: int, *, alpha: float = 0.01) -> npt.NDArray[np.bool_]:
    """:func:`has_season` for every row of ``ys`` (rows of one length), in one pass."""
    from scipy.stats import f as f_dist

    s_count, n = ys.shape
    if period <= 1 or n < 2 * period:
        return np.zeros(s_count, dtype=bool)
    t = np.arange(n, dtype=float)
    base = np.column_stack([np.ones(n), t])
    dummies = np.zeros((n, period))
    dummies[np.arange(n), np.arange(n) % period] = 1.0
    full = np.column_stack([t, dummies])

    def rss(design: FloatArray) -> FloatArray:
        hat = design @ np.linalg.pinv(design)  # n x n projection, shared by all rows
        resid = ys - ys @ hat.T
        out: FloatArray = (resid**2).sum(axis=1)
        return out

    rss0, rss1 = rss(base), rss(full)
    df1, df2 = period - 1, n - period - 1
    if df2 <= 0:
        return np.zeros(s_count, dtype=bool)
    ok = rss1 > 1e-12 * np.maximum(rss0, 1e-300)
    stat = np.where(ok, ((rss0 - rss1) / df1) / (np.maximum(rss1, 1e-300) / df2), 0.0)
    out: npt.NDArray[np.bool_] = ok & (f_dist.sf(stat, df1, df2) < alpha)
    return out


def deseasonalise(s: Series) -> FloatArray:
    """The series without its seasonal swing (unchanged when it has none)."""
    if has_season(s.values, s.season):
        return decompose(s.values, s.season).adjusted
    return s.values.copy()


def running_median(y: FloatArray, width: int) -> FloatArray:
    half = width // 2
    n = y.shape[0]
    out = np.empty(n)
    for i in range(n):
        out[i] = np.median(y[max(0, i - half) : min(n, i + half + 1)])
    return out


def robust_sigma(y: FloatArray) -> float:
    """Noise level from first differences: MAD of the differences / sqrt(2)."""
    d = np.diff(y)
    if d.size < 2:
        return 0.0
    mad = float(np.median(np.abs(d - np.median(d))))
    return float(1.4826 * mad / np.sqrt(2))


@dataclass(frozen=True)
class ChangePoint:
    index: int  # first position of the new segment
    jump: float  # level after minus level before, at the break
    slope_before: float  # per period
    slope_after: float
    mean_before: float
    mean_after: float
    level_before: float  # mean of the last (up to four) observations before the break
    noise: float  # the robust noise sigma of the series
    sigmas: float  # size of the change in noise standard deviations


def _line(y: FloatArray, t: FloatArray) -> tuple[float, float]:
    if y.size == 1:
        return float(y[0]), 0.0
    slope, intercept = np.polyfit(t, y, 1)
    return float(intercept), float(slope)


def change_points(y: FloatArray, *, min_size: int = 4) -> list[ChangePoint]:
    """Breaks in level or trend of a (deseasonalised) series."""
    import ruptures as rpt

    n = y.shape[0]
    if n < MIN_POINTS_SHIFTS:
        return []
    from coxswain.timeseries.calendar import resolution

    sigma = robust_sigma(y)
    if sigma <= 0:  # a step-like series: no noise between the steps
        sigma = max(float(np.std(y)), 0.5 * resolution(y)) or 1.0
    t = np.arange(n, dtype=float)
    signal = np.column_stack([y, np.ones(n), t])
    algo = rpt.Pelt(model="linear", min_size=min_size, jump=1).fit(signal)
    breaks = [b for b in algo.predict(pen=PENALTY_FACTOR * sigma**2 * np.log(n)) if b < n]
    out: list[ChangePoint] = []
    bounds = [0, *breaks, n]
    for i, b in enumerate(breaks):
        lo, hi = bounds[i], bounds[i + 2]
        c0, s0 = _line(y[lo:b], t[lo:b])
        c1, s1 = _line(y[b:hi], t[b:hi])
        at = float(b) - 0.5
        jump = (c1 + s1 * at) - (c0 + s0 * at)
        shorter = min(b - lo, hi - b)
        size = max(abs(jump), abs(s1 - s0) * shorter) / sigma
        if size < MIN_JUMP_SIGMAS:
            continue
        out.append(
            ChangePoint(
                index=b,
                jump=jump,
                slope_before=s0,
                slope_after=s1,
                mean_before=float(np.mean(y[lo:b])),
                mean_after=float(np.mean(y[b:hi])),
                level_before=float(np.mean(y[max(lo, b - 4) : b])),
                noise=sigma,
                sigmas=size,
            )
        )
    return out


def anomalies(
    y: FloatArray, period: int, *, exclude: set[int] | None = None
) -> list[tuple[int, float, float]]:
    """(position, residual, robust z) of observations far outside the series' pattern."""
    n = y.shape[0]
    if n < MIN_POINTS_SHIFTS:
        return []
    from coxswain.timeseries.calendar import robust_scale

    dec = decompose(y, period if has_season(y, period) else 1)
    r = dec.resid
    med = float(np.median(r))
    # a decomposition can fit noise away, and a step-like series has no spread at all:
    # the scale has floors (noise of first differences, resolution, level)
    scale = max(robust_scale(r, y), robust_sigma(y - dec.seasonal))
    z = (r - med) / scale
    skip = exclude or set()
    return [
        (int(i), float(r[i]), float(z[i]))
        for i in np.flatnonzero(np.abs(z) > ANOMALY_Z)
        if int(i) not in skip
    ]


@dataclass(frozen=True)
class Detection:
    seasonal: bool
    changes: list[ChangePoint]
    anomalies: list[tuple[int, float, float]]  # (position, residual, robust z)
    calendar: Calendar | None = None  # daily and weekly series: their calendar effects
    # fewer than two years of a daily or weekly series: the time of year cannot be told
    # from a change, so no change is called
    undecided_season: bool = False
    change_unit: str = "period"  # what slopes are per ("week" for daily series)


def detect(y: FloatArray, period: int) -> Detection:
    """Change points and anomalies of one series, as the ``shifts`` analysis finds them.

    Single outliers are found first and replaced by the decomposition's trend, so that
    one bad month near the end is not mistaken for a new level; anomalies next to a
    change point are left to the change point.
    """
    seasonal = has_season(y, period)
    dec = decompose(y, period if seasonal else 1)
    first_pass = anomalies(y, period)
    adjusted = dec.adjusted.copy()
    for i, _, _ in first_pass:
        adjusted[i] = dec.trend[i]
    cps = change_points(adjusted, min_size=4)
    near = {c.index + d for c in cps for d in (-1, 0)}
    return Detection(seasonal, cps, [o for o in first_pass if o[0] not in near])


def detect_series(s: Series) -> Detection:
    """:func:`detect` for monthly and coarser series; daily and weekly ones first lose
    their calendar (weekday, public holidays, the time of year:
    :mod:`coxswain.timeseries.calendar`), and the change points of a daily series are
    found on its weekly means (a day's noise and a bank holiday are no change of level).
    With less than two years of a daily or weekly series no change is called."""
    from coxswain.timeseries.calendar import (
        calendar_decompose,
        has_calendar,
        robust_scale,
        weekly_means,
    )

    y = s.values
    if not has_calendar(s.cadence):
        return detect(y, s.season)
    if s.n < MIN_POINTS_SHIFTS:
        return Detection(False, [], [])
    dates = s.dates
    cal = calendar_decompose(y, dates, s.cadence, s.country)
    r = cal.resid
    # on the log scale the remainder is relative: a busy summer Saturday varies more, in
    # money, than a quiet January Monday, not in proportion
    level = np.ones_like(y) if cal.log else y
    z = (r - float(np.median(r))) / robust_scale(r, level)
    found = [(int(i), float(r[i]), float(z[i])) for i in np.flatnonzero(np.abs(z) > ANOMALY_Z)]
    seasonal = cal.weekday_modelled or cal.yearly_modelled
    daily = s.cadence.value == "daily"
    unit = "week" if daily else "period"
    if not cal.two_years:
        return Detection(seasonal, [], found, cal, undecided_season=True, change_unit=unit)

    def breaks(cal: Calendar) -> list[ChangePoint]:
        work = cal.adjusted_work.copy()
        for i, _, _ in found:
            work[i] = cal.trend[i] - cal.yearly[i]
        adjusted = cal.original(work)
        if not daily:
            return change_points(adjusted, min_size=4)
        means, starts = weekly_means(adjusted, dates)
        return [replace(c, index=starts[c.index]) for c in change_points(means, min_size=4)]

    cps = breaks(cal)
    for _ in range(2):
        if not (cps and cal.yearly_modelled):
            break
        # a change of level or slope distorts the yearly pattern fitted beside a straight
        # trend: fit it again beside a break at each change found, and look again
        steps = [c.index for c in cps]
        cal = calendar_decompose(y, dates, s.cadence, s.country, steps=steps)
        cps = breaks(cal)
        if [c.index for c in cps] == steps:
            break
    near = {c.index + d for c in cps for d in (range(-7, 7) if daily else (-1, 0))}
    seasonal = cal.weekday_modelled or cal.yearly_modelled
    return Detection(seasonal, cps, [o for o in found if o[0] not in near], cal, change_unit=unit)
