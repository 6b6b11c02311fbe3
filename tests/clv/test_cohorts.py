import datetime as dt

import polars as pl

from coxswain.clv.cohorts import monthly_metrics


def tx(rows):
    return pl.DataFrame(
        {
            "customer": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "amount": [r[2] for r in rows],
        },
        schema={"customer": pl.String, "date": pl.Date, "amount": pl.Float64},
    )


def test_monthly_subscription_churn_and_cohorts():
    d = dt.date
    rows = []
    # a, b, c pay monthly from January; b stops after March; c after April; d joins in March
    for m in range(1, 7):
        rows.append(("a", d(2026, m, 5), 10.0))
    for m in range(1, 4):
        rows.append(("b", d(2026, m, 5), 10.0))
    for m in range(1, 5):
        rows.append(("c", d(2026, m, 5), 10.0))
    for m in range(3, 7):
        rows.append(("d", d(2026, m, 5), 20.0))
    metrics = monthly_metrics(tx(rows), as_of=d(2026, 6, 30))
    assert metrics is not None
    assert metrics.window == 1  # monthly buyers
    assert [m.month for m in metrics.months] == [1, 2, 3, 4, 5, 6]
    assert metrics.acquisition == [3, 0, 1, 0, 0, 0]
    assert metrics.active == [3, 3, 4, 3, 2, 2]
    # April: b (active in March) left: 1 of 4; May: c left: 1 of 3
    assert metrics.churn[3] == 0.25 and abs(metrics.churn[4] - 1 / 3) < 1e-12
    assert metrics.churn[0] is None and metrics.churn[5] == 0.0
    jan = metrics.cohorts[0]
    assert jan["cohort"] == "2026-01" and jan["size"] == 3
    assert jan["retention"][:5] == [1.0, 1.0, 1.0, round(2 / 3, 3), round(1 / 3, 3)]


def test_incomplete_month_is_left_out():
    rows = [("a", dt.date(2026, 5, 3), 1.0), ("a", dt.date(2026, 6, 3), 1.0)]
    metrics = monthly_metrics(tx(rows), as_of=dt.date(2026, 6, 15))
    assert metrics is not None
    assert [m.month for m in metrics.months] == [5]


def test_no_purchases():
    assert monthly_metrics(tx([]), as_of=dt.date(2026, 6, 30)) is None
