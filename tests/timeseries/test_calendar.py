"""Calendar effects of daily KPIs: holidays, the time of year, robust scales."""

from __future__ import annotations

import datetime as dt

import numpy as np

from coxswain.timeseries.calendar import (
    calendar_decompose,
    holiday_names,
    monthly_means,
    resolution,
    robust_scale,
)
from coxswain.timeseries.forecasting import forecast_all
from coxswain.timeseries.series import Cadence, KpiInfo, make_series
from coxswain.timeseries.synthetic import daily_takings

FIRST = dt.date(2024, 3, 1)


def test_holiday_names_come_from_the_countrys_calendar() -> None:
    days = [dt.date(2025, 12, 25), dt.date(2025, 12, 27), dt.date(2025, 7, 4)]
    assert holiday_names(days, "GB")[:2] == ["Christmas Day", None]
    assert holiday_names(days, "US")[2] == "Independence Day"
    assert holiday_names(days, None) == [None, None, None]
    england = [dt.date(2026, 4, 6), dt.date(2026, 8, 31)]  # Easter Monday, summer bank holiday
    assert holiday_names(england, "GB") == [None, None]  # not UK-wide
    assert all(holiday_names(england, "GB-ENG"))


def test_holiday_effect_is_learnt_per_holiday_and_the_yearly_pattern_needs_two_years() -> None:
    dates, values = daily_takings(FIRST, 730, country="GB", holiday_factor=0.4, seed=1)
    cal = calendar_decompose(values, dates, Cadence.daily, "GB")
    assert cal.log and cal.weekday_modelled and cal.yearly_modelled and cal.two_years
    christmas = [i for i, d in enumerate(dates) if (d.month, d.day) == (12, 25)]
    assert np.allclose(cal.holiday[christmas], np.log(0.4), atol=0.15)
    short = calendar_decompose(values[:365], dates[:365], Cadence.daily, "GB")
    assert not short.two_years and not short.yearly_modelled


def test_robust_scale_has_floors() -> None:
    steps = np.repeat([92.0, 95.0, 93.0], 10)
    assert resolution(steps) == 1.0
    assert robust_scale(np.zeros(30), steps) >= 0.5
    assert robust_scale(np.zeros(30), np.full(30, 200.0)) == 1.0  # 0.5% of the level


def test_daily_forecast_puts_the_summer_back() -> None:
    """Two years of takings ending in February: the forecast for June is well above the
    forecast for March, as the history was (the weekday-only model stays flat)."""
    dates, values = daily_takings(FIRST, 730, country="GB", seed=2)
    deadline = dates[-1] + dt.timedelta(days=120)
    info = KpiInfo(
        id="takings", name="Takings", objective=None, direction="up", target=900.0,
        deadline=deadline,
    )  # fmt: skip
    s = make_series(info, dates, values.tolist(), country="GB")
    assert s is not None
    done, _ = forecast_all([s], as_of=dates[-1])
    fc = done["takings"]
    assert "time of year" in fc.model and "public holidays" in fc.model
    mean = np.array(fc.mean)
    march, june = mean[:28].mean(), mean[-28:].mean()
    assert june > 1.3 * march
    last_june = values[-365 + 92 : -365 + 120].mean()
    assert abs(june / last_june - 1) < 0.2
    assert fc.series.values[-1] == values[-1]  # the history is the KPI's own


def test_monthly_means_are_calendar_months_without_the_partial_ends() -> None:
    days = [dt.date(2025, 1, 20) + dt.timedelta(days=i) for i in range(60)]  # to 20 March
    values = np.array([float(d.month) for d in days])
    means, starts = monthly_means(values, days)
    # January has 12 days (under half of February's 28), March 20: kept
    assert means.tolist() == [2.0, 3.0]
    assert [days[i] for i in starts] == [dt.date(2025, 2, 1), dt.date(2025, 3, 1)]
    weeks = [dt.date(2025, 1, 5) + dt.timedelta(weeks=i) for i in range(9)]  # Sundays
    means, starts = monthly_means(np.arange(9.0), weeks)
    assert means.tolist() == [
        1.5,
        5.5,
    ]  # January's four weeks, February's four; March's one dropped
    assert starts == [0, 4]
