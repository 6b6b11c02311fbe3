"""The chance of hitting a target, calibrated on real series (``shared/data/kpi-timeseries``).

Each real monthly or quarterly series becomes a workbook KPI three times over, with targets at
its 25th, 50th and 75th percentile (going up: some targets easy, some hard), and the backtest's
own pseudo-deadline step (:func:`coxswain.backtest.replay.pseudo_chances`, the forecast the
analysis uses) gives the chance of meeting each target 3, 6 and 12 months after origins spread
over the series; :func:`coxswain.backtest.core.calibration` scores them against the naive
baselines, as for a workbook. The targets are chosen knowing the whole series; that only
defines the events, the forecast at each origin sees the series up to the origin.

Run: ``uv run python -m coxswain.backtest.validation [FOLDER]`` (default: ../shared/data/
kpi-timeseries beside the repository).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from coxswain.backtest.core import Scored, calibration, record_of, scored_chances
from coxswain.backtest.replay import HORIZONS, Snapshot, month_end, pseudo_chances
from coxswain.workbook.read import build_workbook

QUANTILES = (0.25, 0.5, 0.75)
MAX_ORIGINS = 16
MIN_ORIGIN_POINTS = 24


def _monthly(text: str) -> dt.date:
    """``1949-01`` or ``1991 Jul`` or ``Jan-1-1995`` → the month's last day."""
    for form in ("%Y-%m", "%Y %b", "%b-%d-%Y"):
        try:
            return month_end(dt.datetime.strptime(text.strip(), form).date())
        except ValueError:
            continue
    raise ValueError(f"not a month: {text!r}")


def _read(folder: Path) -> dict[str, tuple[list[dt.date], list[float]]]:
    """The monthly and quarterly real series (annual ones are left out: a horizon of 3 to 12
    months is less than one of their periods)."""
    out: dict[str, tuple[list[dt.date], list[float]]] = {}
    monthly: dict[str, tuple[str, str | int]] = {
        "airline": ("sktime_Airline.csv", "Passengers"),
        "shampoo": ("sktime_ShampooSales.csv", "Sales"),
        "pbs_scripts": ("sktime_PBS_dataset.csv", "Scripts"),
        "elec_equip": ("statsmodels_elec_equip.csv", 1),
    }
    for name, (file, column) in monthly.items():
        path = folder / file
        if not path.is_file():
            continue
        frame = pl.read_csv(path)
        dates = [_monthly(str(d)) for d in frame.to_series(0).to_list()]
        values = (
            frame.get_column(column) if isinstance(column, str) else frame.to_series(column)
        ).cast(pl.Float64)
        out[name] = (dates, values.to_list())
    macro = folder / "statsmodels_macrodata.csv"
    if macro.is_file():
        frame = pl.read_csv(macro)
        dates = [
            month_end(dt.date(int(y), 3 * int(q), 1))
            for y, q in frame.select("year", "quarter").iter_rows()
        ]
        for column in ("realgdp", "cpi", "unemp", "realinv"):
            out[f"us_{column}"] = (dates, frame.get_column(column).cast(pl.Float64).to_list())
    return out


def series_chances(name: str, dates: list[dt.date], values: list[float]) -> list[Scored]:
    """The scored chances of one real series (three targets, spread origins)."""
    kpis = [
        {
            "id": f"{name.replace('_', '-')}-q{int(q * 100)}",
            "name": f"{name} above its {int(q * 100)}th percentile",
            "objective": "o",
            "direction": "up",
            "target": float(np.quantile(values, q)),
        }
        for q in QUANTILES
    ]
    frame = pl.DataFrame(
        {
            "date": dates * len(kpis),
            "kpi": [k["id"] for k in kpis for _ in dates],
            "value": values * len(kpis),
        }
    )
    company = {"format": 1, "name": name, "objectives": [{"id": "o", "name": "O"}], "kpis": kpis}
    workbook = build_workbook(company, {"kpi_values": frame})
    last = month_end(dates[-1], -max(HORIZONS))
    candidates = [d for d in dates[MIN_ORIGIN_POINTS - 1 :] if d <= last]
    if not candidates:
        return []
    picks = np.unique(np.linspace(0, len(candidates) - 1, MAX_ORIGINS).round().astype(int))
    snapshots = [
        Snapshot(
            as_of=candidates[i],
            index=None,
            findings=(),
            chances=pseudo_chances(workbook.until(candidates[i]), candidates[i]),
            impact=(),
            links=(),
        )
        for i in picks
    ]
    return scored_chances(snapshots, record_of(workbook))


def validate(folder: Path, *, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Calibration over every real series of ``folder``, and per series."""
    every: list[Scored] = []
    per: dict[str, Any] = {}
    for name, (dates, values) in _read(folder).items():
        if progress:
            progress(name)
        scored = series_chances(name, dates, values)
        every.extend(scored)
        cal = calibration(scored)
        per[name] = {k: cal[k] for k in ("n", "hit_rate", "brier", "baseline_brier")}
    return {"all": calibration(every), "series": per}


def main(argv: list[str]) -> int:
    folder = (
        Path(argv[0])
        if argv
        else Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "kpi-timeseries"
    )
    if not folder.is_dir():
        print(f"no folder {folder}", file=sys.stderr)
        return 2
    import json

    print(json.dumps(validate(folder), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
