import datetime as dt

import numpy as np
import polars as pl

from coxswain.analysis import customers, diagnostics, forecast
from coxswain.analysis.base import Context
from coxswain.timeseries.series import Cadence, period_end
from coxswain.timeseries.synthetic import workbook

AS_OF = dt.date(2026, 6, 30)
FIRST = 2024 * 12  # January 2024 as a month index


def saas_transactions(
    months=30, *, churn_start=0.02, churn_step=0.0, new_start=20, new_step=0, seed=0
):
    """Monthly subscribers: each month some new ones join and a share of the others leave."""
    rng = np.random.default_rng(seed)
    rows, alive, next_id = [], [], 0
    for m in range(months):
        p_leave = churn_start + churn_step * m
        alive = [c for c in alive if rng.random() > p_leave]
        for _ in range(new_start + new_step * m):
            alive.append(next_id)
            next_id += 1
        day = period_end(FIRST + m, Cadence.monthly).replace(day=10)
        rows += [(f"c{c}", day, 30.0 + (c % 3) * 10) for c in alive]
    return pl.DataFrame(
        {
            "customer": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "amount": [r[2] for r in rows],
        },
        schema={"customer": pl.String, "date": pl.Date, "amount": pl.Float64},
    )


def book(tx, kpis=()):
    return workbook(
        {"objectives": [{"id": "o", "name": "O"}], "kpis": list(kpis)}, tables={"transactions": tx}
    )


def test_cohorts_churn_and_clv_tables():
    section = customers.analyze(book(saas_transactions()), Context(as_of=AS_OF))
    tables = section.tables
    assert tables["activity_window_months"] == 1
    assert len(tables["monthly"]) == 30
    churn = [m["churn"] for m in tables["monthly"] if m["churn"] is not None]
    assert 0.0 < np.mean(churn) < 0.05
    assert tables["cohorts"][-1]["retention"][0] == 1.0
    # regular monthly payments are not the random purchases BG/NBD describes: it says so
    assert "subscription" in tables["clv_model"]["note"]
    assert set(tables["derived_kpis"]) == {
        "derived-churn",
        "derived-retention",
        "derived-acquisition",
        "derived-clv",
    }


def random_purchases(n=300, seed=2):
    """Non-contractual buying: Poisson purchases until a customer silently drops out."""
    rng = np.random.default_rng(seed)
    rows = []
    start = dt.date(2024, 1, 1).toordinal()
    end = AS_OF.toordinal()
    for c in range(n):
        t = start + int(rng.integers(0, 180))
        rate = rng.gamma(1.0, 1 / 30)  # purchases per day
        while t <= end:
            rows.append((f"c{c}", dt.date.fromordinal(t), float(rng.gamma(4, 10))))
            if rng.random() < 0.1:
                break
            t += 1 + int(rng.exponential(1 / rate))
    return pl.DataFrame(
        {
            "customer": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "amount": [r[2] for r in rows],
        },
        schema={"customer": pl.String, "date": pl.Date, "amount": pl.Float64},
    )


def test_bgnbd_and_gamma_gamma_clv_for_random_buyers():
    model = customers.analyze(book(random_purchases()), Context(as_of=AS_OF)).tables["clv_model"]
    assert model["customers"] == 300
    assert model["bgnbd"]["a"] > 1
    clv = model["clv_12m"]
    assert clv["mean"] > 0 and clv["quantiles"]["0.9"] >= clv["quantiles"]["0.5"]
    assert 0 < model["p_alive"]["mean"] < 1


def test_derived_kpis_feed_the_diagnostics_without_changing_the_workbook():
    tx = saas_transactions(churn_start=0.01, churn_step=0.004, new_start=30, new_step=3, seed=1)
    wb = book(tx)
    context = Context(as_of=AS_OF)
    series = forecast.kpi_series(wb, context)
    assert {"derived-churn", "derived-acquisition"} <= set(series)
    assert wb.company.kpis == ()
    section = diagnostics.analyze(wb, context)
    [gap] = [f for f in section.findings if f.kind == "expectation_gap"]
    assert gap.evidence["leaving"][0]["kpi"] == "derived-churn"


def test_owner_kpi_of_a_kind_is_not_replaced():
    kpi = {"id": "churn", "name": "Churn", "objective": "o", "direction": "down", "kind": "churn"}
    wb = book(saas_transactions(), kpis=[kpi])
    series = forecast.kpi_series(wb, Context(as_of=AS_OF))
    assert "derived-churn" not in series and "derived-retention" in series


def test_without_transactions_the_section_says_so():
    section = customers.analyze(
        book(saas_transactions()).until(dt.date(2000, 1, 1)), Context(as_of=AS_OF)
    )
    assert "note" in section.tables
    empty = workbook({"objectives": [{"id": "o", "name": "O"}]})
    assert customers.analyze(empty, Context(as_of=AS_OF)).missing == ["transactions.csv"]


def test_tension_with_derived_acquisition_names_only_the_workbook_kpi():
    tx = saas_transactions(new_start=20, new_step=3, seed=4)
    months = [period_end(FIRST + m, Cadence.monthly) for m in range(30)]
    csat = 4.6 - 0.02 * np.arange(30) + np.random.default_rng(5).normal(0, 0.02, 30)
    kpi = {"id": "csat", "name": "CSAT", "objective": "o", "direction": "up"}
    wb = workbook(
        {"objectives": [{"id": "o", "name": "O"}], "kpis": [{**kpi, "kind": "satisfaction"}]},
        kpi_values={"csat": (months, csat)},
        tables={"transactions": tx},
    )
    section = diagnostics.analyze(wb, Context(as_of=AS_OF))
    [tension] = [f for f in section.findings if f.kind == "kpi_tension"]
    assert tension.id == "kpi_tension:csat"
    assert tension.evidence["rising_or_first"][0]["kpi"] == "derived-acquisition"
