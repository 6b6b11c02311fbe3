"""The alignment engine on a large strategy: every engine analysis, the index and the plan.

Figures: the time of the whole engine (stage, cascade, resources, values, KPI status,
reviews, index, recommendations, plan) on a workbook with 60 objectives, 400 initiatives,
200k spend rows and 100 KPIs × 36 months; and the money-per-initiative step of the
resources analysis, one group-by pass against the plain approach (one filter of the
spend table per initiative), as a ratio measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import polars as pl

from coxswain.analysis.resources import spent_by_initiative
from coxswain.analysis.runner import analyze
from coxswain.workbook import Company, Workbook
from coxswain.workbook.tables import TABLES


def _workbook(seed: int = 0) -> Workbook:
    rng = random.Random(seed)
    objectives = [
        {
            "id": f"o{i}",
            "name": f"Objective {i}",
            "weight": rng.choice([0.5, 1, 2, 4]),
            "perspective": rng.choice(["financial", "customer", "internal", "learning"]),
        }
        for i in range(60)
    ]
    initiatives = [
        {
            "id": f"i{i}",
            "name": f"Initiative {i}",
            "objectives": rng.sample([o["id"] for o in objectives], rng.randint(0, 3)),
            "effects": {rng.choice(objectives)["id"]: rng.randint(-2, 2)},
            "budget": rng.choice([0, 5000, 50000]),
            "hours_per_month": rng.choice([0, 10, 80]),
            "start": "2024-01-01",
        }
        for i in range(400)
    ]
    kpis = [
        {
            "id": f"k{i}",
            "name": f"KPI {i}",
            "objective": f"o{i % 60}",
            "direction": "up",
            "target": 100.0,
            "warning": 80.0,
        }
        for i in range(100)
    ]
    company = Company.model_validate(
        {
            "format": 1,
            "name": "Bench Co",
            "employees": 240,
            "objectives": objectives,
            "initiatives": initiatives,
            "kpis": kpis,
            "reviews": [{"date": "2026-06-30", "kind": "quarterly", "actions_open": 3}],
        }
    )
    n = 200_000
    base = dt.date(2024, 1, 1)
    spend = pl.DataFrame(
        {
            "date": [base + dt.timedelta(days=rng.randrange(1000)) for _ in range(n)],
            "initiative": [
                f"i{rng.randrange(450)}" if rng.random() < 0.95 else None for _ in range(n)
            ],
            "category": ["ops"] * n,
            "amount": [rng.uniform(1, 500) for _ in range(n)],
        },
        schema=TABLES["spend"].schema,
    )
    dates = [dt.date(2024 + m // 12, m % 12 + 1, 28) for m in range(33)]
    kpi_values = pl.DataFrame(
        {
            "date": [d for _ in kpis for d in dates],
            "kpi": [k["id"] for k in kpis for _ in dates],
            "value": [rng.uniform(60, 120) for _ in kpis for _ in dates],
        },
        schema=TABLES["kpi_values"].schema,
    )
    return Workbook(company=company, tables={"spend": spend, "kpi_values": kpi_values})


def _best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> None:
    workbook = _workbook()
    result = analyze(workbook)
    engine = _best(lambda: analyze(workbook))
    print(
        f"engine on 60 objectives, 400 initiatives, 200k spend rows, 100 KPIs: "
        f"{engine * 1000:.0f} ms ({len(result.findings)} findings, index "
        f"{result.alignment_index})"
    )

    spend = workbook.spend
    ids = [i.id for i in workbook.company.initiatives]

    def plain() -> dict[str, float]:
        return {i: float(spend.filter(spend["initiative"] == i)["amount"].sum()) for i in ids}

    grouped = spent_by_initiative(spend)
    reference = plain()
    assert all(abs(grouped.get(i, 0.0) - reference[i]) < 1e-6 * max(1.0, reference[i]) for i in ids)
    t_group = _best(lambda: spent_by_initiative(spend))
    t_plain = _best(plain)
    print(
        f"money per initiative: group-by {t_group * 1000:.1f} ms, one filter per "
        f"initiative {t_plain * 1000:.1f} ms: {t_plain / t_group:.0f}x faster"
    )
