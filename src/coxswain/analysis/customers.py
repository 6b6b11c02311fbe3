"""Customers: retention and churn by monthly cohort, and customer lifetime value.

From ``transactions.csv``: cohort retention, monthly churn, retention, acquisition and a
simple CLV per month (:mod:`coxswain.clv.cohorts`), which become derived KPIs where the
workbook has no KPI of that kind (see :func:`coxswain.analysis.forecast.derived_series`);
and the BG/NBD + Gamma-Gamma model of each customer's expected purchases and spend over
the next twelve months (:mod:`coxswain.clv.models`). Customers are not staff: only
aggregates are reported, never customer ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from coxswain.analysis.base import Context, Section
from coxswain.clv.cohorts import CustomerMetrics, monthly_metrics
from coxswain.workbook import Workbook

MIN_CUSTOMERS = 50  # for the BG/NBD model
MIN_REPEATERS = 20  # customers with repeat purchases, for the Gamma-Gamma model
MIN_WEEKS = 8  # of purchase history


def customer_metrics(workbook: Workbook, context: Context) -> CustomerMetrics | None:
    """Monthly customer metrics of the run, computed once."""
    return context.shared(
        "customer_metrics", lambda: monthly_metrics(workbook.transactions, as_of=context.as_of)
    )


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else float(round(x, digits))


def clv_model(workbook: Workbook, as_of: dt.date) -> dict[str, Any]:
    """BG/NBD + Gamma-Gamma fitted to all purchases up to ``as_of`` (weeks as the unit)."""
    from coxswain.clv.models import fit_bgnbd, fit_gamma_gamma, rfm

    data = rfm(workbook.transactions, end=as_of)
    n = len(data.customer)
    span = float(data.age.max()) if n else 0.0
    if n < MIN_CUSTOMERS or span < MIN_WEEKS:
        return {
            "note": f"too little purchase history for a customer-base model: {n} customers over "
            f"{span:.0f} weeks (needs {MIN_CUSTOMERS} customers and {MIN_WEEKS} weeks)"
        }
    repeaters = int((data.x > 0).sum())
    if repeaters < 10:
        return {
            "note": f"only {repeaters} customers bought more than once: too few for a "
            "customer-base model"
        }
    bg = fit_bgnbd(data.x, data.t_x, data.age)
    out: dict[str, Any] = {
        "model": "BG/NBD (Fader, Hardie & Lee 2005), time unit: weeks",
        "customers": n,
        "repeat_customers": int((data.x > 0).sum()),
        "bgnbd": {"r": _r(bg.r), "alpha": _r(bg.alpha), "a": _r(bg.a), "b": _r(bg.b)},
    }
    if bg.a <= 1:
        out["note"] = (
            "the BG/NBD fit has a <= 1, so expected purchases are not defined; typical of a "
            "subscription, where payments are regular rather than random: the churn-based "
            "CLV in the monthly table applies instead"
        )
        return out
    p_alive = bg.p_alive(data.x, data.t_x, data.age)
    purchases = bg.expected_purchases(52.0, data.x, data.t_x, data.age)
    out["p_alive"] = {
        "mean": _r(float(p_alive.mean()), 3),
        "share_below_half": _r(float((p_alive < 0.5).mean()), 3),
    }
    out["expected_purchases_52w"] = {
        "total": _r(float(purchases.sum()), 1),
        "mean": _r(float(purchases.mean()), 3),
    }
    if int(((data.x > 0) & (data.monetary > 0)).sum()) >= MIN_REPEATERS:
        gg = fit_gamma_gamma(data.x, data.monetary)
        if gg.q > 1:
            spend = gg.expected_spend(data.x, data.monetary)
            clv = purchases * spend
            out["gamma_gamma"] = {"p": _r(gg.p), "q": _r(gg.q), "gamma": _r(gg.gamma)}
            out["clv_12m"] = {
                "total": _r(float(clv.sum()), 0),
                "mean": _r(float(clv.mean()), 2),
                "quantiles": {
                    str(q): _r(float(np.quantile(clv, q)), 2) for q in (0.1, 0.25, 0.5, 0.75, 0.9)
                },
                "top_decile_share": _r(
                    float(np.sort(clv)[::-1][: max(1, n // 10)].sum() / max(clv.sum(), 1e-9)), 3
                ),
                "currency": workbook.company.currency,
                "note": "expected spend over the next 52 weeks, undiscounted",
            }
    else:
        out["gamma_gamma_note"] = f"fewer than {MIN_REPEATERS} repeat customers: no spend model"
    return out


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="customers")
    if not workbook.has("transactions"):
        section.missing.append("transactions.csv")
        return section
    metrics = customer_metrics(workbook, context)
    if metrics is None:
        section.tables["note"] = "no purchases up to the analysis date"
        return section
    section.tables["activity_window_months"] = metrics.window
    section.tables["customers"] = metrics.customers
    section.tables["monthly"] = [
        {
            "month": m.isoformat()[:7],
            "active": a,
            "new": n,
            "churn": _r(c, 4),
            "retention": _r(r, 4),
            "revenue": _r(v, 2),
            "clv": _r(clv, 2),
        }
        for m, a, n, c, r, v, clv in zip(
            metrics.months,
            metrics.active,
            metrics.acquisition,
            metrics.churn,
            metrics.retention,
            metrics.revenue,
            metrics.clv,
            strict=True,
        )
    ]
    section.tables["cohorts"] = metrics.cohorts[-24:]
    section.tables["clv_model"] = clv_model(workbook, context.as_of)
    kinds = {k.kind.value for k in workbook.company.kpis if k.kind}
    section.tables["derived_kpis"] = [
        f"derived-{k}" for k in ("churn", "retention", "acquisition", "clv") if k not in kinds
    ]
    return section
