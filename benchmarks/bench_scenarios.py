"""The scenario engine at the issue's size: 10 scenarios × 10,000 paths × 50 KPIs × 36
months, against a plain per-path Python loop doing the same work (measured on a slice of
the paths in the same run and scaled up).

python -m benchmarks scenarios

The company: ten objectives of five monthly KPIs each, three years of history, every
deadline 36 months ahead, a chain of driver links (each objective drives the next, lag 1–3
months) and five initiatives. Each scenario shocks a different KPI (a range, from a month,
with a probability) and moves budget, so every scenario propagates along the map.
The time counted is the simulation (drawing the futures, the changes, propagation, the
chance of a hit, P10/P50/P90 per month); the forecasts it starts from are fitted once
before, as the forecast analysis does.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time

import numpy as np
import polars as pl

OBJECTIVES = 10
PER_OBJECTIVE = 5
SCENARIOS = 10
PATHS = 10_000
MONTHS = 36
HISTORY = 36
PLAIN_PATHS = 200  # paths the plain loop runs per scenario (scaled to PATHS)


def _month_end(i: int) -> dt.date:
    y, m = divmod(i, 12)
    first = dt.date(2023 + y, m + 1, 1)
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _workbook() -> object:
    from coxswain.workbook.read import build_workbook

    rng = np.random.default_rng(0)
    deadline = _month_end(HISTORY - 1 + MONTHS).isoformat()
    objectives = [
        {
            "id": f"o{i}",
            "name": f"Objective {i}",
            "weight": 1 + i % 3,
            **({"drivers": [f"o{i - 1}"], "lag_months": 1 + i % 3} if i else {}),
        }
        for i in range(OBJECTIVES)
    ]
    kpis, rows = [], []
    for i in range(OBJECTIVES):
        for j in range(PER_OBJECTIVE):
            kid = f"k{i}_{j}"
            level = 100.0 * (1 + j)
            series = level + np.cumsum(rng.normal(0.2, 1.0, HISTORY)) + rng.normal(0, 2, HISTORY)
            kpis.append(
                {
                    "id": kid,
                    "name": f"KPI {i}.{j}",
                    "objective": f"o{i}",
                    "direction": "up",
                    "unit": "units",
                    "target": float(series[-1] + 5),
                    "deadline": deadline,
                }
            )
            rows += [(_month_end(t), kid, float(v)) for t, v in enumerate(series)]
    initiatives = [
        {
            "id": f"w{i}",
            "name": f"Work {i}",
            "objectives": [f"o{2 * i}"],
            "effects": {f"o{2 * i}": 1, f"o{2 * i + 1}": -1},
            "budget": 10_000.0 * (i + 1),
            "status": "active",
        }
        for i in range(5)
    ]
    company = {
        "format": 1,
        "name": "Bench Co",
        "objectives": objectives,
        "kpis": kpis,
        "initiatives": initiatives,
    }
    values = pl.DataFrame(
        {"date": [r[0] for r in rows], "kpi": [r[1] for r in rows], "value": [r[2] for r in rows]}
    )
    return build_workbook(company, {"kpi_values": values})


def _scenarios() -> list[object]:
    from coxswain.scenarios.model import BudgetMove, EffectRange, Scenario, Shock

    out = []
    for s in range(SCENARIOS):
        out.append(
            Scenario(
                name=f"s{s}",
                changes=(
                    Shock(
                        kpis=(f"k{s % OBJECTIVES}_{s % PER_OBJECTIVE}",),
                        change=EffectRange(-12, -2, percent=True),
                        when=dt.date(2026, 3 + s % 6, 1),
                        months=12,
                        probability=0.5,
                    ),
                    BudgetMove(source=f"w{s % 5}", target=f"w{(s + 1) % 5}", amount=5_000.0),
                ),
            )
        )
    return out


def plain_loop(setup: object, effects_by_kpi: dict[str, list[object]], paths: int) -> float:
    """The same simulation one path, one KPI, one month at a time in plain Python:
    random.gauss noise on the forecast's spread, the changes' draws, the propagation
    along the links, the hit at the deadline; percentiles by sorting each month."""
    from coxswain.scenarios.engine import Setup

    assert isinstance(setup, Setup)
    rnd = random.Random(0)
    order = [o.id for o in setup.workbook.company.objectives]  # drivers come first here
    by_objective: dict[str, list[object]] = {}
    for k in setup.kpis.values():
        by_objective.setdefault(k.objective or "", []).append(k)
    finals: dict[str, list[list[float]]] = {k: [] for k in setup.kpis}
    hits = dict.fromkeys(setup.kpis, 0)
    for _ in range(paths):
        moved: dict[str, list[float]] = {}
        for objective in order:
            total = [0.0] * MONTHS
            link = next((li for li in setup.links if li.objective == objective), None)
            beta = link.low + rnd.random() * (link.high - link.low) if link else 0.0
            for k in by_objective[objective]:
                shift = [0.0] * MONTHS
                for e in effects_by_kpi.get(k.id, []):
                    size = e.low + rnd.random() * (e.high - e.low)
                    if rnd.random() < e.probability:
                        end = MONTHS if e.months is None else min(e.start + e.months, MONTHS)
                        for t in range(e.start, end):
                            shift[t] += size
                if link and link.driver in moved:
                    driver = moved[link.driver]
                    for t in range(link.lag, MONTHS):
                        shift[t] += k.sign * k.sd * beta * driver[t - link.lag]
                pm = k.path
                walk = 0.0
                values = []
                for t in range(k.horizon):
                    var_prev = pm.scale[t - 1] ** 2 if t else pm.scale[0] ** 2
                    walk += math.sqrt(max(pm.scale[t] ** 2 - var_prev, 0.0)) * rnd.gauss(0, 1)
                    z = pm.loc[t] + pm.scale[0] * rnd.gauss(0, 1) + walk
                    v = (math.exp(z) if pm.log else z) + shift[min(int(k.month[t]), MONTHS - 1)]
                    values.append(v)
                for t in range(MONTHS):
                    total[t] += shift[t] * k.sign / k.sd
                finals[k.id].append(values)
                if k.target is not None and values[-1] >= k.target:
                    hits[k.id] += 1
            moved[objective] = [x / len(by_objective[objective]) for x in total]
    for rows in finals.values():  # P10/P50/P90 per month
        for t in range(len(rows[0])):
            column = sorted(r[t] for r in rows)
            _ = column[len(column) // 10], column[len(column) // 2], column[9 * len(column) // 10]
    return float(sum(hits.values()))


def run() -> None:
    from coxswain.scenarios.engine import Engine, plan, prepare

    start = time.perf_counter()
    workbook = _workbook()
    setup = prepare(workbook)  # type: ignore[arg-type]
    horizons = {k.horizon for k in setup.kpis.values()}
    print(
        f"setup (forecasts of {len(setup.kpis)} KPIs, horizon {sorted(horizons)}): "
        f"{time.perf_counter() - start:.1f} s"
    )
    scenarios = _scenarios()
    start, cpu = time.perf_counter(), time.process_time()
    engine = Engine(setup, paths=PATHS, seed=0)
    outcomes = [engine.run(s) for s in scenarios]  # type: ignore[arg-type]
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert all(len(o.kpis) == OBJECTIVES * PER_OBJECTIVE for o in outcomes)
    print(
        f"coxswain engine: {SCENARIOS} scenarios x {PATHS:,} paths x {len(setup.kpis)} KPIs x "
        f"{MONTHS} months: {ours:.2f} s wall, {ours_cpu:.2f} s CPU (all threads; float32, "
        "common random numbers)"
    )
    start, cpu = time.perf_counter(), time.process_time()
    for s in scenarios:
        planned = plan(setup, s)  # type: ignore[arg-type]
        effects: dict[str, list[object]] = {}
        for e in planned.effects:
            effects.setdefault(e.kpi, []).append(e)
        plain_loop(setup, effects, PLAIN_PATHS)
    plain = (time.perf_counter() - start) * PATHS / PLAIN_PATHS
    plain_cpu = (time.process_time() - cpu) * PATHS / PLAIN_PATHS
    print(
        f"plain per-path Python loop: {plain:.0f} s wall, {plain_cpu:.0f} s CPU (measured on "
        f"{PLAIN_PATHS} paths per scenario, scaled to {PATHS:,})"
    )
    print(f"ratio plain / coxswain: {plain / ours:.0f}x wall, {plain_cpu / ours_cpu:.0f}x CPU")
    print(
        f"under 10 s: {'yes' if ours < 10 else 'NO'} wall, {'yes' if ours_cpu < 10 else 'NO'} "
        "CPU (wall time counts other work on a shared machine)"
    )
