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
- Anomalies: residuals of that decomposition whose robust z-score exceeds 4.5 (the
  ``shifts`` analysis asks more: :func:`anomaly_threshold`); points next to a change point
  are left to the change point.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from coxswain.timeseries.series import Series

if TYPE_CHECKING:
    from coxswain.timeseries.calendar import Calendar

FloatArray = npt.NDArray[np.float64]

PENALTY_FACTOR = 6.0
MIN_JUMP_SIGMAS = 1.5
ANOMALY_Z = 4.5  # the least robust z of an anomaly; :func:`anomaly_threshold` may ask more
ANOMALY_ALPHA = 0.05  # the chance of any false anomaly among a run's recent observations
MAD_EFFICIENCY = 0.37  # the MAD's asymptotic efficiency at the normal: its degrees of freedom
MIN_POINTS_SHIFTS = 12


TAIL_MIN_POINTS = 100  # the remainder's own tail is measured from this many points on
TAIL_QUANTILES = (0.90, 0.98)  # where the tail is measured: a few outliers do not move it
TAIL_MIN_DF = 5.0  # the heaviest tail assumed: heavier, and a ×10 in 15% noise would pass unseen


def remainder_tail(z: FloatArray) -> tuple[float, float] | None:
    """How heavy the tails of a remainder's robust scores ``z`` are: the 90th percentile of
    ``|z|`` and the ratio of the 98th to it (1.41 for the normal, more for heavier tails).
    Upper quantiles, not the median, because a running-median trend leaves many remainders
    at exactly zero; None with fewer than :data:`TAIL_MIN_POINTS` scores."""
    a = np.abs(np.asarray(z, dtype=float))
    a = a[np.isfinite(a)]
    if a.size < TAIL_MIN_POINTS:
        return None
    low, high = (float(q) for q in np.quantile(a, TAIL_QUANTILES))
    if low <= 0:
        return None
    return low, high / low


@functools.lru_cache(maxsize=512)
def _tail_threshold(anchor: float, ratio: float, chance: float) -> float:
    """The ``|z|`` exceeded with chance ``2·chance`` by a Student-t whose 98th percentile of
    ``|z|`` is ``ratio`` times its 90th, ``anchor`` (the degrees of freedom solved from the
    ratio, at least :data:`TAIL_MIN_DF`); 0 where the tails are no heavier than the normal's."""
    from scipy.optimize import brentq
    from scipy.stats import t as t_dist

    lo, hi = ((1 + q) / 2 for q in TAIL_QUANTILES)

    def gap(df: float) -> float:
        return float(t_dist.ppf(hi, df) / t_dist.ppf(lo, df)) - ratio

    if gap(1e4) >= 0:
        return 0.0
    df = TAIL_MIN_DF if gap(TAIL_MIN_DF) <= 0 else float(brentq(gap, TAIL_MIN_DF, 1e4))
    return anchor * float(t_dist.isf(chance, df) / t_dist.ppf(lo, df))


def anomaly_threshold(points: int, family: int, tail: tuple[float, float] | None = None) -> float:
    """The robust z an observation must pass to be an anomaly, where the scale was estimated
    from ``points`` observations and ``family`` observations are examined in the run.

    Two things a fixed 4.5 missed. A scale measured by the median absolute deviation of a
    dozen or two points is itself uncertain (the MAD has about 37% of the efficiency of the
    standard deviation, so about ``0.37·points`` degrees of freedom): a ratio to it follows
    Student's t, not the normal. And every recent observation of every KPI is a chance for
    an ordinary value to look far out: the chance of any false anomaly in the run is held
    at :data:`ANOMALY_ALPHA` (Bonferroni over ``family``). Never under :data:`ANOMALY_Z`.

    ``tail`` (:attr:`Detection.tail`, from :func:`remainder_tail`) is for long series
    whose remainder has heavier tails than the normal (daily new customers whose level, and
    so relative noise, moves month by month: excess kurtosis 2–4): the threshold is then
    where a Student-t with the remainder's own 98th percentile of ``|z|`` (relative to its
    90th) puts the same chance, so that a lone ordinary draw in a heavy-tailed series is
    not an anomaly, while a mistyped ×10 or a zero still is."""
    from scipy.stats import t as t_dist

    df = max(MAD_EFFICIENCY * points, 1.0)
    chance = ANOMALY_ALPHA / (2 * max(family, 1))
    out = max(ANOMALY_Z, float(t_dist.isf(chance, df)))
    if tail is not None:
        out = max(out, _tail_threshold(round(tail[0], 3), round(tail[1], 3), chance))
    return out


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
    """The median of the ``width`` values centred on each point (fewer at the ends)."""
    half = width // 2
    n = y.shape[0]
    out = np.empty(n)
    full = 2 * half + 1
    if n >= full:  # every whole window in one call; only the ends one by one
        windows = np.lib.stride_tricks.sliding_window_view(y, full)
        out[half : n - half] = np.median(windows, axis=1)
        ends = [*range(half), *range(n - half, n)]
    else:
        ends = list(range(n))
    for i in ends:
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


@functools.cache
def _line_cost_class() -> Any:
    """ruptures' ``linear`` cost (the residual sum of squares of a line fitted to a segment)
    from running sums: O(1) a segment instead of a least-squares solve, the same numbers to
    rounding. PELT asks for hundreds of thousands of segments in a backtest."""
    from ruptures.base import BaseCost
    from ruptures.costs import NotEnoughPoints

    class LineCost(BaseCost):  # type: ignore[misc]
        model = "linear"
        min_size = 2

        def fit(self, signal: FloatArray) -> LineCost:
            self.signal = signal  # ruptures reads its length
            y = signal[:, 0] - float(np.mean(signal[:, 0]))  # centred: fewer digits lost
            t = np.arange(y.shape[0], dtype=float)
            t -= float(np.mean(t))
            zero = np.zeros(1)
            self.sums = [np.concatenate([zero, np.cumsum(v)]) for v in (y, y * y, t, t * t, t * y)]
            return self

        def error(self, start: int, end: int) -> float:
            m = end - start
            if m < self.min_size:
                raise NotEnoughPoints
            sy, syy, st, stt, sty = (float(c[end] - c[start]) for c in self.sums)
            yy = syy - sy * sy / m
            tt = stt - st * st / m
            ty = sty - st * sy / m
            return max(yy - ty * ty / tt, 0.0) if tt > 0 else max(yy, 0.0)

    return LineCost


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
    signal = np.column_stack([y, np.ones(n), t])  # the covariates the line cost assumes
    algo = rpt.Pelt(custom_cost=_line_cost_class()(), min_size=min_size, jump=1).fit(signal)
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


def anomaly_scores(y: FloatArray, period: int) -> tuple[FloatArray, FloatArray] | None:
    """Each observation's residual from the series' pattern and its robust z (the residual
    over a scale with floors); None under :data:`MIN_POINTS_SHIFTS` points."""
    if y.shape[0] < MIN_POINTS_SHIFTS:
        return None
    from coxswain.timeseries.calendar import robust_scale

    dec = decompose(y, period if has_season(y, period) else 1)
    r = dec.resid
    med = float(np.median(r))
    # a decomposition can fit noise away, and a step-like series has no spread at all:
    # the scale has floors (noise of first differences, resolution, level)
    scale = max(robust_scale(r, y), robust_sigma(y - dec.seasonal))
    return r, (r - med) / scale


def _beyond(
    scores: tuple[FloatArray, FloatArray], skip: set[int]
) -> list[tuple[int, float, float]]:
    r, z = scores
    return [
        (int(i), float(r[i]), float(z[i]))
        for i in np.flatnonzero(np.abs(z) > ANOMALY_Z)
        if int(i) not in skip
    ]


def anomalies(
    y: FloatArray, period: int, *, exclude: set[int] | None = None
) -> list[tuple[int, float, float]]:
    """(position, residual, robust z) of observations far outside the series' pattern
    (:func:`anomaly_scores` beyond :data:`ANOMALY_Z`), those in ``exclude`` left out."""
    scores = anomaly_scores(y, period)
    return [] if scores is None else _beyond(scores, exclude or set())


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
    # the deseasonalised series the changes were sought on (weekly means for a daily
    # series), and the position in the KPI's series of each of its points
    adjusted: FloatArray | None = None
    positions: tuple[int, ...] | None = None
    # the remainder's tail (:func:`remainder_tail`; None under :data:`TAIL_MIN_POINTS`
    # points), for :func:`anomaly_threshold`
    tail: tuple[float, float] | None = None
    # daily and weekly series: the calendar-month means of the same adjusted series, and
    # the position of each month's first value (:func:`lasting_step` tests a step on both)
    monthly: FloatArray | None = None
    monthly_positions: tuple[int, ...] | None = None


def detect(y: FloatArray, period: int) -> Detection:
    """Change points and anomalies of one series, as the ``shifts`` analysis finds them.

    Single outliers are found first and replaced by the decomposition's trend, so that
    one bad month near the end is not mistaken for a new level; anomalies next to a
    change point are left to the change point.
    """
    seasonal = has_season(y, period)
    dec = decompose(y, period if seasonal else 1)
    scores = anomaly_scores(y, period)
    first_pass = [] if scores is None else _beyond(scores, set())
    adjusted = dec.adjusted.copy()
    for i, _, _ in first_pass:
        adjusted[i] = dec.trend[i]
    cps = change_points(adjusted, min_size=4)
    near = {c.index + d for c in cps for d in (-1, 0)}
    return Detection(
        seasonal,
        cps,
        [o for o in first_pass if o[0] not in near],
        adjusted=adjusted,
        positions=tuple(range(y.shape[0])),
        tail=None if scores is None else remainder_tail(scores[1]),
    )


def detect_series(s: Series) -> Detection:
    """:func:`detect` for monthly and coarser series; daily and weekly ones first lose
    their calendar (weekday, public holidays, the time of year:
    :mod:`coxswain.timeseries.calendar`), and the change points of a daily series are
    found on its weekly means (a day's noise and a bank holiday are no change of level).
    With less than two years of a daily or weekly series no change is called."""
    from coxswain.timeseries.calendar import (
        calendar_decompose,
        has_calendar,
        monthly_means,
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
    far = np.abs(z) > ANOMALY_Z
    if cal.log:
        # the log stretches the low side: where the noise adds rather than multiplies, a
        # quiet day 40% under what was expected scores −5 in logs and −4 as a share. An
        # anomaly must stand out on both: in logs and as a share of what was expected
        # (a mistyped ×10 scores about +90 and a zero about −10 as a share)
        rel = y / cal.expected - 1
        zrel = (rel - float(np.median(rel))) / robust_scale(rel, level)
        far &= (np.abs(zrel) > ANOMALY_Z) & (np.sign(zrel) == np.sign(z))
    found = [(int(i), float(r[i]), float(z[i])) for i in np.flatnonzero(far)]
    tail = remainder_tail(z)
    seasonal = cal.weekday_modelled or cal.yearly_modelled
    daily = s.cadence.value == "daily"
    unit = "week" if daily else "period"
    if not cal.two_years:
        return Detection(
            seasonal, [], found, cal, undecided_season=True, change_unit=unit, tail=tail
        )

    tested: list[tuple[FloatArray, tuple[int, ...]]] = []

    def breaks(cal: Calendar) -> list[ChangePoint]:
        work = cal.adjusted_work.copy()
        for i, _, _ in found:
            work[i] = cal.trend[i] - cal.yearly[i]
        adjusted = cal.original(work)
        months, month_starts = monthly_means(adjusted, dates)
        if not daily:
            tested[:] = [(adjusted, tuple(range(s.n))), (months, tuple(month_starts))]
            return change_points(adjusted, min_size=4)
        means, starts = weekly_means(adjusted, dates)
        tested[:] = [(means, tuple(starts)), (months, tuple(month_starts))]
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
    return Detection(
        seasonal,
        cps,
        [o for o in found if o[0] not in near],
        cal,
        change_unit=unit,
        adjusted=tested[0][0],
        positions=tested[0][1],
        tail=tail,
        monthly=tested[1][0],
        monthly_positions=tested[1][1],
    )


# ---------------------------------------------------------------- lasting steps

STEP_ALPHA = 0.05  # family-wise, over the KPIs of a run (Holm)
STEP_DRAWS = 999  # simulated series for the p-value of the strongest step
STEP_MIN_AFTER = 4  # a lasting change has held for this many periods at least
STEP_MAX_PHI = 0.9


@dataclass(frozen=True)
class StepTest:
    """The strongest step for the worse in a window of a (deseasonalised) series, against
    the trend already there, and how often a step at least as strong appears somewhere in
    the window of a series with no change (same length, same autocorrelation)."""

    index: int  # position (in the tested series) of the first point of the new level
    step: float  # the change of level at ``index`` against the trend before it
    slope: float  # the trend, per period
    t: float  # t statistic of the step, for the worse positive (AR(1) errors, GLS)
    p: float  # simulated p-value of the strongest step in the window
    phi: float  # lag-one autocorrelation of the errors
    candidates: int  # positions tried


def _prais_winsten(x: FloatArray, phi: float) -> FloatArray:
    """Rows of ``x`` (axis 0: time) transformed so that AR(1) errors become white."""
    out = np.empty_like(x)
    out[0] = np.sqrt(1 - phi * phi) * x[0]
    out[1:] = x[1:] - phi * x[:-1]
    return out


STEP_HARMONICS = 2  # pairs of yearly Fourier terms beside the step, from three years of data
# the bias of the residuals' lag-one autocorrelation, times n: fixed + scaled·φ, by the
# columns of the base design (level and trend; with one or two pairs of yearly terms),
# simulated as :func:`step_test` estimates it (600 series for each of n 24, 30, 36, 48 and
# φ 0, 0.3, 0.6)
STEP_PHI_BIAS = {2: (4.5, 11.0), 4: (6.5, 12.6), 6: (8.3, 12.4)}


def step_harmonics(n: int, per_year: float) -> int:
    """Pairs of yearly Fourier terms beside a step in ``n`` periods: none under two years,
    one under three (two more parameters in 24 points cost the step test a fifth of its
    power: docs/kpi.md), two from three years."""
    if per_year <= 1 or n < 2 * per_year:
        return 0
    return 1 if n < 3 * per_year else STEP_HARMONICS


def _base_design(n: int, per_year: float) -> FloatArray:
    """Level, trend and, with two years of history, the time of year (Fourier terms)."""
    t = np.arange(n, dtype=float)
    cols = [np.ones(n), t / n]
    for k in range(1, step_harmonics(n, per_year) + 1):
        phase = 2 * np.pi * k * t / per_year
        cols += [np.sin(phase), np.cos(phase)]
    return np.column_stack(cols)


def _with_step(base: FloatArray, b: int) -> FloatArray:
    n = base.shape[0]
    return np.column_stack([base, (np.arange(n) >= b).astype(float)])


@dataclass(frozen=True)
class _StepDesign:
    """Every candidate step of a window at once, by the Frisch–Waugh–Lovell theorem: the
    step's estimate, its standard error and the residual sum of squares of the model with
    the step at position ``lo + j`` follow from the step column made orthogonal to the base
    design (column ``j`` of ``steps``, with its squared length ``lengths[j]``) and the series
    made orthogonal to it. One matrix product serves every position and every series; the
    same numbers as a least-squares fit per position (a test compares them)."""

    basis: FloatArray  # orthonormal basis of the (transformed) base design, n x p
    steps: FloatArray  # the (transformed) step columns less their projection on the base, n x m

    @property
    def lengths(self) -> FloatArray:
        out: FloatArray = np.maximum((self.steps**2).sum(axis=0), 1e-300)
        return out

    def fit(self, ys: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """For series ``ys`` (rows, already transformed): the step estimates, their t
        statistics and the residual sums of squares (rows x positions each)."""
        n, p = self.basis.shape
        resid = ys - (ys @ self.basis) @ self.basis.T
        total = (resid**2).sum(axis=1)[:, None]
        cross = ys @ self.steps  # the steps are orthogonal to the base: resid @ steps alike
        lengths = self.lengths
        rss = np.maximum(total - cross**2 / lengths, 1e-300)
        t = cross / np.sqrt(lengths * rss / (n - p - 1))
        return cross / lengths, t, rss


def _step_designs(n: int, lo: int, hi: int, phi: float, per_year: float) -> _StepDesign:
    """The candidate steps at positions ``lo..hi-1`` beside level, trend and season, with
    the rows transformed for AR(1) errors with autocorrelation ``phi``."""
    base = _prais_winsten(_base_design(n, per_year), phi)
    steps = _prais_winsten((np.arange(n)[:, None] >= np.arange(lo, hi)[None, :]).astype(float), phi)
    basis, _ = np.linalg.qr(base)
    return _StepDesign(basis=basis, steps=steps - basis @ (basis.T @ steps))


def _step_stats(ys: FloatArray, design: _StepDesign) -> FloatArray:
    """t statistics of the step (rows: series already transformed, columns: positions)."""
    return design.fit(ys)[1]


_NULLS: OrderedDict[tuple[int, int, int, float, float], FloatArray] = OrderedDict()


def _null_maxima(n: int, lo: int, hi: int, phi: float, per_year: float) -> FloatArray:
    """The strongest step for the worse in ``STEP_DRAWS`` simulated AR(1) series without a
    change (seeded: the same series always get the same p-value)."""
    key = (n, lo, hi, phi, per_year)
    hit = _NULLS.get(key)
    if hit is not None:
        return hit
    rng = np.random.default_rng(20261204 + n)
    e = rng.standard_normal((STEP_DRAWS, n))
    u = np.empty_like(e)
    u[:, 0] = e[:, 0] / np.sqrt(1 - phi * phi)
    for i in range(1, n):
        u[:, i] = phi * u[:, i - 1] + e[:, i]
    ys = _prais_winsten(u.T, phi).T
    out: FloatArray = (-_step_stats(ys, _step_designs(n, lo, hi, phi, per_year))).max(axis=1)
    _NULLS[key] = out
    if len(_NULLS) > 256:
        _NULLS.popitem(last=False)
    return out


def step_test(y: FloatArray, *, first: int, worse: float, per_year: float = 0.0) -> StepTest | None:
    """Test for a lasting change of level for the worse that began at or after position
    ``first`` of ``y`` (a deseasonalised series), against the straight trend already there.

    Model: ``y = a + b·t + d·[t ≥ k] + u`` with AR(1) errors ``u`` (Prais–Winsten GLS,
    the autocorrelation estimated from the residuals of the best step). ``worse`` is −1
    where a fall is for the worse, +1 where a rise is. The statistic is the largest
    t of a step for the worse over every position ``k`` from ``first`` that leaves
    ``STEP_MIN_AFTER`` periods after it; its p-value is simulated (``STEP_DRAWS`` series
    without a change, with the same length and autocorrelation), so trying many positions
    is paid for. A trend that continues, or a slow wandering, is no step. With two years of
    history (``per_year`` periods a year) yearly Fourier terms (:func:`step_harmonics`)
    stand beside the trend, so that what is left of a season (one too weak for the
    seasonal F-test, or fitted from only two or three cycles) is not read as a step."""
    n = y.shape[0]
    lo, hi = max(first, STEP_MIN_AFTER), n - STEP_MIN_AFTER + 1
    if hi <= lo or n < MIN_POINTS_SHIFTS:
        return None
    y = np.asarray(y, dtype=float)
    base = _base_design(n, per_year)
    _, _, rss = _step_designs(n, lo, hi, 0.0, per_year).fit(y[None, :])
    best_b = lo + int(np.argmin(rss[0]))  # the best step by ordinary least squares
    x = _with_step(base, best_b)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    denom = float(resid @ resid)
    raw = float(resid[1:] @ resid[:-1]) / denom if denom > 0 else 0.0
    # the residuals' autocorrelation underestimates the errors' (three fitted parameters
    # and the best of many breaks): on simulated AR(1) series of 24–104 points the bias
    # was (4.5 + 11·φ)/n, corrected here; uncorrected, 13% of series without a change
    # had p < 0.05 (docs/analyses.md). With yearly terms beside them it is larger
    # (``STEP_PHI_BIAS``, by the columns of the design)
    fixed, scaled = STEP_PHI_BIAS[base.shape[1]]
    phi = (raw + fixed / n) / max(1 - scaled / n, 0.3)
    phi = round(min(max(phi, 0.0), STEP_MAX_PHI), 2)
    designs = _step_designs(n, lo, hi, phi, per_year)
    stats = worse * _step_stats(_prais_winsten(y, phi)[None, :], designs)[0]
    k = int(np.argmax(stats))
    top = float(stats[k])
    null = _null_maxima(n, lo, hi, phi, per_year)
    p = (1 + int((null >= top).sum())) / (null.size + 1)
    b = lo + k
    xs, ys = _prais_winsten(_with_step(base, b), phi), _prais_winsten(y, phi)
    coef, *_ = np.linalg.lstsq(xs, ys, rcond=None)
    return StepTest(
        index=b,
        step=float(coef[-1]),
        slope=float(coef[1]) / n,
        t=top,
        p=p,
        phi=phi,
        candidates=hi - lo,
    )


@dataclass(frozen=True)
class LastingStep:
    """The step test of a KPI (:func:`lasting_step`): ``test`` on the series its changes
    were sought on (weekly means for a daily KPI), which locates the step, and for a daily
    or weekly KPI ``monthly``, the same test on calendar-month means."""

    test: StepTest
    monthly: StepTest | None = None

    @property
    def p(self) -> float:
        """The p-value the KPI enters Holm with: the larger of the two, so that a step must
        stand on both the weeks and the months."""
        return max(self.test.p, self.monthly.p if self.monthly is not None else 0.0)


def lasting_step(
    found: Detection, *, start: int, worse: float, per_year: float = 0.0
) -> LastingStep | None:
    """The lasting-step test of one KPI on what :func:`detect_series` found: a step for
    the worse (``worse`` as in :func:`step_test`) whose first period is at or after
    position ``start`` of the KPI's series. For a daily or weekly KPI the step must also
    stand on the calendar-month means of the same adjusted series, tested alike (the same
    window, the month's own best position): weekly means share their month's fortunes (a
    level that wanders from month to month), so the weeks' AR(1) understates the noise a
    step hides in, and a month-long wander looked like a step (docs/kpi.md). Where the
    months are too few for the test (fewer than :data:`MIN_POINTS_SHIFTS`, or no month in
    the window leaving four after it), the weeks' p-value stands alone. ``per_year``, for a
    monthly KPI: the yearly Fourier terms of :func:`step_test` stand beside the step (what
    is left of a season too weak for the seasonal F-test would otherwise pass for
    autocorrelated noise, and the inflated autocorrelation hid the step)."""
    if found.adjusted is None or found.positions is None:
        return None

    def first(positions: tuple[int, ...]) -> int:
        return next((j for j, pos in enumerate(positions) if pos >= start), len(positions))

    test = step_test(found.adjusted, first=first(found.positions), worse=worse, per_year=per_year)
    if test is None:
        return None
    monthly = None
    if found.monthly is not None and found.monthly_positions is not None:
        monthly = step_test(found.monthly, first=first(found.monthly_positions), worse=worse)
    return LastingStep(test=test, monthly=monthly)
