"""The backtest: a three-year monthly workbook with 50 KPIs replayed at 24 month ends.

Figures: the wall time of ``backtest`` (every replay runs the full analysis; the replays
run in a process pool, one process per core), and the same replays as 24 separate
``coxswain analyze --as-of`` commands (a fresh process each, as a script would run them):
four are timed and the mean is multiplied by 24; the ratio is printed. The pseudo-deadline
forecasts (3 × 50 extra series a date) are part of the backtest's time only. Beside the wall
times, the CPU seconds of both (the process and its children: the pool's workers, the
commands), which a machine busy with other work does not inflate.

Run: ``uv run python -m benchmarks backtest`` (or ``make bench``).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from coxswain.backtest import backtest
from coxswain.backtest.replay import month_end
from coxswain.workbook import Workbook
from coxswain.workbook.read import build_workbook
from coxswain.workbook.write import write_folder

KPIS = 50
MONTHS = 36
DATES = 24
START = dt.date(2023, 1, 31)


def workbook(seed: int = 0) -> Workbook:
    rng = random.Random(seed)
    objectives = [{"id": f"o{i}", "name": f"Objective {i}", "weight": 1 + i % 3} for i in range(8)]
    kpis = []
    rows: dict[str, list[object]] = {"date": [], "kpi": [], "value": []}
    for i in range(KPIS):
        level, slope = rng.uniform(50, 150), rng.uniform(-1.5, 1.5)
        season = rng.uniform(0, 0.1) * level
        noise = rng.uniform(0.02, 0.08) * level
        values = [
            level + slope * t + season * math.sin(2 * math.pi * t / 12) + rng.gauss(0, noise)
            for t in range(MONTHS)
        ]
        up = rng.random() < 0.7
        kpis.append(
            {
                "id": f"k{i}",
                "name": f"KPI {i}",
                "objective": f"o{i % 8}",
                "direction": "up" if up else "down",
                "target": round(values[-1] * rng.uniform(0.9, 1.1), 1),
                "deadline": month_end(START, rng.choice([24, 30, 40])).isoformat(),
            }
        )
        for t, v in enumerate(values):
            rows["date"].append(month_end(START, t))
            rows["kpi"].append(f"k{i}")
            rows["value"].append(round(v, 2))
    company = {"format": 1, "name": "Bench Co", "objectives": objectives, "kpis": kpis}
    return build_workbook(company, {"kpi_values": pl.DataFrame(rows)})


def cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run() -> None:
    wb = workbook()
    first = month_end(START, MONTHS - DATES)
    start, cpu0 = time.perf_counter(), cpu()
    report = backtest(wb, start=first, every="month")
    took, took_cpu = time.perf_counter() - start, cpu() - cpu0
    assert len(report.as_of_dates) == DATES, report.as_of_dates
    print(
        f"backtest: {KPIS} monthly KPIs x {MONTHS} months, {DATES} dates, "
        f"{os.cpu_count()} cores: {took:.1f} s ({took_cpu:.1f} s CPU, load average "
        f"{os.getloadavg()[0]:.1f}); {len(report.warnings)} warnings, "
        f"{report.calibration['n']} scored chances, Brier {report.calibration['brier']} "
        f"(baselines {report.calibration['baseline_brier']})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(wb, Path(tmp) / "book")
        timed = report.as_of_dates[:: DATES // 4][:4]
        t0, cpu0 = time.perf_counter(), cpu()
        for day in timed:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "coxswain",
                    "analyze",
                    str(folder),
                    "--as-of",
                    day.isoformat(),
                    "--format",
                    "json",
                ],
                check=True,
                capture_output=True,
            )
        each = (time.perf_counter() - t0) / len(timed)
        each_cpu = (cpu() - cpu0) / len(timed)
    print(
        f"coxswain analyze --as-of, one process per date: {each:.1f} s each "
        f"({each_cpu:.1f} s CPU), {each * DATES:.1f} s for {DATES} (4 timed); backtest is "
        f"{each * DATES / took:.1f}x faster ({each_cpu * DATES / took_cpu:.1f}x less CPU)"
    )


if __name__ == "__main__":
    run()
