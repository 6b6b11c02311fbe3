"""Monthly customer metrics from purchases: cohorts, retention, churn, acquisition, CLV.

Definitions (docs/kpi.md explains them for owners):

- A customer's *cohort* is the month of their first purchase.
- Cohort retention at month k: the share of the cohort that bought in month cohort+k.
- A customer is *active* at the end of month t when they bought within the last ``W``
  months; ``W`` (the activity window) is the 90th percentile of the gaps between a
  customer's consecutive purchases, in whole months, between 1 and 12, so that a
  monthly subscription has W=1 and an occasional shop a longer window.
- *Churn* in month t: the share of customers active at the end of t-1 who are no
  longer active at the end of t; *retention* = 1 - churn.
- *Acquisition*: customers whose first purchase falls in the month.
- *Simple CLV*: average monthly revenue per active customer divided by the monthly
  churn (the expected revenue over an expected lifetime of 1/churn months, capped at
  ten years), both averaged over the trailing three months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from coxswain.timeseries.series import Cadence, period_end, period_index

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CustomerMetrics:
    months: list[dt.date]  # month ends
    customers: int
    window: int  # activity window in months
    active: list[int]
    acquisition: list[int]
    churn: list[float | None]  # None while the window is not yet full
    retention: list[float | None]
    revenue: list[float]
    clv: list[float | None]
    cohorts: list[dict[str, object]]  # {cohort, size, retention: [share at k=0..]}


def monthly_metrics(transactions: pl.DataFrame, *, as_of: dt.date) -> CustomerMetrics | None:
    """Customer metrics per complete month up to ``as_of``; None without purchases."""
    tx = transactions.filter(pl.col("date") <= as_of).drop_nulls(["customer", "date"])
    if tx.height == 0:
        return None
    last_complete = period_index(as_of, Cadence.monthly)
    if period_end(last_complete, Cadence.monthly) > as_of:
        last_complete -= 1
    tx = tx.with_columns(
        (pl.col("date").dt.year() * 12 + pl.col("date").dt.month() - 1).alias("m"),
        pl.col("amount").fill_null(0.0),
    ).filter(pl.col("m") <= last_complete)
    if tx.height == 0:
        return None
    codes = tx.get_column("customer").cast(pl.Categorical).to_physical().to_numpy()
    month = tx.get_column("m").to_numpy().astype(np.int64)
    amount = tx.get_column("amount").to_numpy().astype(float)
    first_m, last_m = int(month.min()), last_complete
    n_months = last_m - first_m + 1
    n_cust = int(codes.max()) + 1
    rel = month - first_m
    bought = np.zeros((n_cust, n_months), dtype=bool)
    bought[codes, rel] = True
    revenue = np.bincount(rel, weights=amount, minlength=n_months)

    window = _activity_window(tx)
    # active at the end of month t: a purchase in months t-W+1 .. t
    cum = np.concatenate([np.zeros((n_cust, 1), dtype=np.int32), bought.cumsum(axis=1)], axis=1)
    t_idx = np.arange(n_months)
    lo = np.maximum(t_idx - window + 1, 0)
    active = (cum[:, t_idx + 1] - cum[:, lo]) > 0
    first_purchase = bought.argmax(axis=1)
    acquisition = np.bincount(first_purchase, minlength=n_months)

    churn: list[float | None] = [None] * n_months
    for t in range(window, n_months):
        base = active[:, t - 1]
        denom = int(base.sum())
        if denom > 0:
            churn[t] = float((base & ~active[:, t]).sum() / denom)
    retention = [None if c is None else 1 - c for c in churn]
    n_active = active.sum(axis=0)
    arpu = np.where(n_active > 0, revenue / np.maximum(n_active, 1), np.nan)
    clv: list[float | None] = [None] * n_months
    for t in range(n_months):
        recent = [c for c in churn[max(0, t - 2) : t + 1] if c is not None]
        if len(recent) == 3:
            rate = max(float(np.mean(recent)), 1 / 120)
            clv[t] = float(np.nanmean(arpu[t - 2 : t + 1]) / rate)

    cohorts = []
    for c in range(n_months):
        members = first_purchase == c
        size = int(members.sum())
        if size == 0:
            continue
        shares = bought[members, c:].mean(axis=0)
        cohorts.append(
            {
                "cohort": period_end(first_m + c, Cadence.monthly).isoformat()[:7],
                "size": size,
                "retention": [round(float(x), 3) for x in shares],
            }
        )
    return CustomerMetrics(
        months=[period_end(first_m + t, Cadence.monthly) for t in range(n_months)],
        customers=n_cust,
        window=window,
        active=[int(x) for x in n_active],
        acquisition=[int(x) for x in acquisition],
        churn=churn,
        retention=retention,
        revenue=[float(x) for x in revenue],
        clv=clv,
        cohorts=cohorts,
    )


def _activity_window(tx: pl.DataFrame) -> int:
    gaps = (
        tx.select("customer", "m")
        .unique()
        .sort("customer", "m")
        .with_columns(pl.col("m").diff().over("customer").alias("gap"))
        .get_column("gap")
        .drop_nulls()
    )
    if gaps.len() == 0:
        return 3
    p90 = float(np.quantile(gaps.to_numpy(), 0.9))
    return int(min(max(np.ceil(p90), 1), 12))
