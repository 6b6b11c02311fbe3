"""Forecasts of KPI series to their deadlines, with intervals and the chance of a hit.

Daily and weekly KPIs are forecast without their time of year and public holidays
(:mod:`coxswain.timeseries.calendar`; the weekday stays in the model's own season of
seven), which are put back on the forecast: a summer peak two years of history show is
forecast again next summer, and a bank holiday's quiet day in the future is expected.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from coxswain.timeseries.calendar import (
    Calendar,
    calendar_decompose,
    future_calendar,
    has_calendar,
)
from coxswain.timeseries.changes import has_season_many
from coxswain.timeseries.ets import fit_forecast
from coxswain.timeseries.series import Series, period_end, period_index

MIN_POINTS = 8  # fewer observations than this: no forecast
DEFAULT_HORIZON = 12  # periods drawn for KPIs without a deadline
MAX_HORIZON = 120
MAX_HISTORY = 240  # fit on at most this many latest periods


@dataclass(frozen=True)
class PathModel:
    """The forecast distribution of one KPI period by period, for simulating paths
    (:mod:`coxswain.scenarios.engine`): on the model scale, normal with centre ``loc`` and
    standard deviation ``scale``; ``season`` is the seasonal swing inside ``loc`` (a target
    is judged without it, as ``p_hit`` is); ``extra`` is the time of year and public
    holidays put back on the original scale (multiplied as ``exp(extra)`` when
    ``extra_log``, else added)."""

    log: bool
    loc: list[float]
    scale: list[float]
    season: list[float]
    extra: list[float]
    extra_log: bool = False


@dataclass(frozen=True)
class KpiForecast:
    series: Series
    model: str
    dates: list[dt.date]  # future period ends, 1..H
    mean: list[float]
    lo80: list[float]
    hi80: list[float]
    lo95: list[float]
    hi95: list[float]
    sigma: float
    deadline_h: int | None  # periods from the last observation to the deadline
    p_hit: float | None  # chance the KPI's (seasonally adjusted) level meets the target then
    # (lo80, median, hi80) at the deadline, of the seasonally adjusted level as p_hit judges
    at_deadline: tuple[float, float, float] | None
    paths: PathModel | None = None  # the distribution behind all of the above, period by period


@dataclass(frozen=True)
class Skipped:
    series: Series
    reason: str


def deadline_horizon(series: Series, as_of: dt.date) -> int | None:
    """Periods from the last observation to the deadline, if the deadline is ahead."""
    info = series.info
    if info.deadline is None or info.target is None or info.deadline <= as_of:
        return None
    h = period_index(info.deadline, series.cadence) - series.end
    return h if h >= 1 else None


def forecast_all(
    series: list[Series], *, as_of: dt.date
) -> tuple[dict[str, KpiForecast], dict[str, Skipped]]:
    """Forecast every series with enough history; the rest are skipped with the reason.

    Series of equal length and season are fitted together in one vectorised pass.
    """
    done: dict[str, KpiForecast] = {}
    skipped: dict[str, Skipped] = {}
    groups: dict[tuple[int, int], list[tuple[Series, int | None]]] = defaultdict(list)
    originals: dict[str, Series] = {}
    calendars: dict[str, Calendar] = {}
    for s in series:
        if s.n < MIN_POINTS:
            skipped[s.info.id] = Skipped(
                s, f"too little history: {s.n} observations, a forecast needs {MIN_POINTS}"
            )
            continue
        if not np.all(np.isfinite(s.values)):
            skipped[s.info.id] = Skipped(s, "history has missing values")
            continue
        h = deadline_horizon(s, as_of)
        if h is not None and h > MAX_HORIZON:
            skipped[s.info.id] = Skipped(s, f"deadline is {h} periods ahead, beyond {MAX_HORIZON}")
            continue
        s_fit = s.last(MAX_HISTORY)
        originals[s.info.id] = s_fit
        cal = _calendar(s)
        if cal is not None:
            calendars[s.info.id] = cal
            adjusted = cal.original(cal.work - cal.yearly - cal.holiday)
            s_fit = replace(s, values=adjusted).last(MAX_HISTORY)
        groups[(s_fit.n, s_fit.season)].append((s_fit, h))
    for (_, m), members in groups.items():
        y = np.stack([s.values for s, _ in members])
        horizon = max(max((h or 0) for _, h in members), DEFAULT_HORIZON)
        season_flags = has_season_many(y, m)
        fc = fit_forecast(y, m, horizon, seasonal=season_flags)
        lo80, hi80 = fc.quantile(0.1), fc.quantile(0.9)
        lo95, hi95 = fc.quantile(0.025), fc.quantile(0.975)
        hs = np.array([h or 1 for _, h in members], dtype=np.int64)
        thr = np.array([s.info.target if s.info.target is not None else 0.0 for s, _ in members])
        # a target is judged on the seasonally adjusted level: an ordinary December dip
        # in the deadline month does not make a KPI miss its target
        p_up = fc.prob_at_least(thr, hs, adjusted=True)
        seasonless = [fc.quantile(q, adjusted=True) for q in (0.1, 0.5, 0.9)]
        for i, (s, h) in enumerate(members):
            length = max(h or 0, DEFAULT_HORIZON)
            dates = [period_end(s.end + j, s.cadence) for j in range(1, horizon + 1)]
            rows = [a[i] for a in (fc.mean, lo80, hi80, lo95, hi95)]
            model = fc.form[i]
            cal = calendars.get(s.info.id)
            extra = np.zeros(horizon)
            if cal is not None:
                # put the time of year and the holidays back on the forecast
                extra = future_calendar(cal, dates, s.country, s.cadence)
                rows = [r * np.exp(extra) if cal.log else r + extra for r in rows]
                model += " with " + _calendar_words(cal)
            mean, lo_80, hi_80, lo_95, hi_95 = rows
            p_hit = None
            at_deadline = None
            if h is not None:
                p = float(p_up[i]) if s.info.direction == "up" else float(1 - p_up[i])
                p_hit = min(max(p, 0.0), 1.0)
                # the range beside the chance, of what the chance judges: the level without
                # its time of year (a clinic's 86% chance of 80% sat beside "between 73.1%
                # and 78.1%", December's dip in)
                low, level, high = (float(a[i, h - 1]) for a in seasonless)
                at_deadline = (low, level, high)
            done[s.info.id] = KpiForecast(
                series=originals[s.info.id],
                model=model,
                dates=dates[:length],
                mean=mean[:length].tolist(),
                lo80=lo_80[:length].tolist(),
                hi80=hi_80[:length].tolist(),
                lo95=lo_95[:length].tolist(),
                hi95=hi_95[:length].tolist(),
                sigma=float(fc.sigma[i]),
                deadline_h=h,
                p_hit=p_hit,
                at_deadline=at_deadline,
                paths=PathModel(
                    log=bool(fc.log[i]),
                    loc=fc.loc[i, :length].tolist(),
                    scale=fc.scale[i, :length].tolist(),
                    season=fc.season[i, :length].tolist(),
                    extra=np.asarray(extra, dtype=float)[:length].tolist(),
                    extra_log=bool(cal.log) if cal is not None else False,
                ),
            )
    return done, skipped


def _calendar(s: Series) -> Calendar | None:
    """The calendar of a daily or weekly KPI, where it has a time of year or holidays to
    put back on the forecast."""
    if not has_calendar(s.cadence):
        return None
    cal = calendar_decompose(s.values, s.dates, s.cadence, s.country)
    if not cal.yearly_modelled and not np.any(cal.holiday):
        return None
    return cal


def _calendar_words(cal: Calendar) -> str:
    parts = ["the time of year"] if cal.yearly_modelled else []
    if np.any(cal.holiday):
        parts.append("public holidays")
    return " and ".join(parts)
