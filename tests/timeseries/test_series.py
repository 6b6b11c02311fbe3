import datetime as dt

import numpy as np

from coxswain.timeseries.series import (
    Cadence,
    KpiInfo,
    infer_cadence,
    make_series,
    period_end,
    period_index,
)
from coxswain.timeseries.synthetic import month_ends

INFO = KpiInfo(id="k", name="K", objective="o", direction="up")


def test_cadence_from_dates():
    assert infer_cadence(month_ends(dt.date(2026, 6, 30), 12)) is Cadence.monthly
    quarters = [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)]
    assert infer_cadence(quarters) is Cadence.quarterly
    weeks = [dt.date(2026, 1, 4) + dt.timedelta(days=7 * i) for i in range(5)]
    assert infer_cadence(weeks) is Cadence.weekly


def test_period_end_inverts_period_index():
    for cadence in Cadence:
        d = dt.date(2026, 2, 14)
        i = period_index(d, cadence)
        assert period_index(period_end(i, cadence), cadence) == i
        assert period_end(i, cadence) >= d
    assert period_end(
        period_index(dt.date(2026, 2, 14), Cadence.monthly), Cadence.monthly
    ) == dt.date(2026, 2, 28)


def test_gap_is_interpolated_and_marked():
    dates = month_ends(dt.date(2026, 6, 30), 12)
    values = list(range(12))
    del dates[5], values[5]
    s = make_series(INFO, dates, [float(v) for v in values])
    assert s is not None
    assert s.n == 12
    assert s.values[5] == 5.0
    assert not s.observed[5] and s.observed.sum() == 11


def test_long_gap_keeps_latest_stretch():
    dates = month_ends(dt.date(2020, 6, 30), 3) + month_ends(dt.date(2026, 6, 30), 10)
    s = make_series(INFO, dates, [1.0] * 13)
    assert s is not None
    assert s.n == 10
    assert s.dates[0] == dt.date(2025, 9, 30)
    assert np.all(s.observed)


def test_weekly_averaged_into_months():
    from coxswain.timeseries.series import to_cadence

    sundays = [dt.date(2026, 1, 4) + dt.timedelta(days=7 * i) for i in range(26)]
    s = make_series(INFO, sundays, [float(d.month) for d in sundays])
    assert s is not None and s.cadence is Cadence.weekly
    assert s.dates[0] == dt.date(2026, 1, 4)  # weeks end on Sunday
    monthly = to_cadence(s, Cadence.monthly)
    assert monthly is not None and monthly.cadence is Cadence.monthly
    assert monthly.dates[0] == dt.date(2026, 1, 31)
    assert list(monthly.values) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert to_cadence(monthly, Cadence.weekly) is None
