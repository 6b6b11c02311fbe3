"""Daily KPIs and initiative impact on simulated series: false alarms on ordinary takings
(busy weekends, a summer peak, bank holidays), planted anomalies and shifts found, and
impact on steady trends and lasting improvements (the tables in docs/kpi.md).

python -m benchmarks calendar       # 20 series per case

Takings of 1,000 a day, weekends up to +60%, a summer peak of ±35%, GB bank holidays at 55%
of an ordinary day, 6% daily noise (``coxswain.timeseries.synthetic.daily_takings``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from coxswain.analysis import impact, shifts
from coxswain.analysis.base import Context, Section
from coxswain.timeseries.synthetic import daily_takings, month_ends, seasonal_series, workbook

FIRST = dt.date(2024, 3, 1)
AS_OF = dt.date(2026, 9, 30)
N = 20


def _takings(dates: list[dt.date], values: Any) -> Section:
    company = {
        "country": "GB",
        "objectives": [{"id": "o", "name": "O"}],
        "kpis": [{"id": "takings", "name": "Takings", "objective": "o", "direction": "up"}],
    }
    wb = workbook(company, kpi_values={"takings": (dates, values)})
    return shifts.analyze(wb, Context(as_of=dates[-1]))


def _cost(dates: list[dt.date], cost: Any, start: dt.date) -> Section:
    company = {
        "objectives": [
            {"id": "costs", "name": "Costs", "weight": 2},
            {"id": "other", "name": "Other", "weight": 1},
        ],
        "kpis": [{"id": "cost", "name": "Cost", "objective": "costs", "direction": "down"}],
        "initiatives": [
            {"id": "w", "name": "W", "objectives": ["other"], "start": start.isoformat()}
        ],
    }
    return impact.analyze(
        workbook(company, kpi_values={"cost": (dates, cost)}), Context(as_of=AS_OF)
    )


def _count(section: Section) -> tuple[int, bool, bool]:
    row = section.tables["kpis"][0]
    kinds = {f.kind for f in section.findings}
    return len(row.get("anomalies", [])), "kpi_shift" in kinds, "kpi_anomaly" in kinds


def run() -> None:
    for days in (365, 730):
        counts = np.array(
            [
                _count(_takings(*daily_takings(FIRST, days, country="GB", seed=100 + s)))
                for s in range(N)
            ],
            dtype=float,
        )
        print(
            f"{days} days of ordinary takings: anomalies per series {counts[:, 0].mean():.2f}; "
            f"series with kpi_shift {counts[:, 1].mean():.0%}, with kpi_anomaly "
            f"{counts[:, 2].mean():.0%}"
        )
    hits = extra = 0
    for s in range(N):
        d, v = daily_takings(FIRST, 730, country="GB", seed=200 + s)
        v = v.copy()
        v[600] *= 10
        v[650] = 0.0
        found = {m["date"] for m in _takings(d, v).tables["kpis"][0]["anomalies"]}
        planted = {d[600].isoformat(), d[650].isoformat()}
        hits += len(found & planted)
        extra += len(found - planted)
    print(f"x10 typo and zero day planted: found {hits} of {2 * N}, other anomalies {extra}")
    shifted = 0
    for s in range(N):
        d, v = daily_takings(FIRST, 730, country="GB", seed=300 + s)
        v = v.copy()
        v[600:] *= 0.8
        shift = [f for f in _takings(d, v).findings if f.kind == "kpi_shift"]
        when = dt.date.fromisoformat(shift[0].evidence["date"]) if shift else None
        shifted += when is not None and abs((when - d[600]).days) <= 14
    print(f"lasting -20% from day 600 of 730: kpi_shift within two weeks in {shifted} of {N}")
    months = month_ends(AS_OF, 24)
    compounding = linear = 0
    for s in range(N):
        rng = np.random.default_rng(400 + s)
        rate = 1000 * 1.03 ** np.arange(24) * np.exp(rng.normal(0, 0.01, 24))
        steady = 1000 + 30 * np.arange(24) + rng.normal(0, 10, 24)
        compounding += bool(_cost(months, rate, months[12]).findings)
        linear += bool(_cost(months, steady, months[12]).findings)
    print(
        f"steady trend through a launch (24 months, launch at 13): any finding in "
        f"{compounding} of {N} (3% a month), {linear} of {N} (a steady amount)"
    )
    months = month_ends(AS_OF, 36)
    wins = harms = 0
    for s in range(N):
        q = seasonal_series(36, level=4.0, amplitude=0.2, noise=0.08, seed=500 + s)
        q[24:] *= 1.25
        company = {
            "objectives": [
                {"id": "o", "name": "O", "weight": 2},
                {"id": "p", "name": "P", "weight": 1},
            ],
            "kpis": [{"id": "k", "name": "K", "objective": "o", "direction": "up"}],
            "initiatives": [
                {"id": "w", "name": "W", "objectives": ["o"], "start": months[24].isoformat()}
            ],
        }
        wb = workbook(company, kpi_values={"k": (months, q)})
        kinds = {f.kind for f in impact.analyze(wb, Context(as_of=AS_OF)).findings}
        wins += "initiative_win" in kinds
        harms += "initiative_harm" in kinds
    print(f"+25% lasting after a launch (36 months): initiative_win {wins} of {N}, harm {harms}")
