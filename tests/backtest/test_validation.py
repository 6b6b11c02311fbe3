"""The chance of hitting a target, calibrated on real series the same way as a workbook's
backtest (docs/kpi.md reports the figures for every series)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coxswain.backtest.core import calibration
from coxswain.backtest.validation import _read, series_chances


def _folder() -> Path:
    path = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "kpi-timeseries"
    if not path.is_dir() and os.environ.get("COXSWAIN_SHARED_DATA"):
        path = Path(os.environ["COXSWAIN_SHARED_DATA"]) / "kpi-timeseries"
    return path


@pytest.mark.shared_data
def test_airline_chances_beat_both_naive_baselines() -> None:
    folder = _folder()
    if not (folder / "sktime_Airline.csv").is_file():
        pytest.skip(f"shared data absent: {folder} (the ../shared/data folder beside the repo)")
    dates, values = _read(folder)["airline"]
    cal = calibration(series_chances("airline", dates, values))
    assert cal["n"] == 16 * 3 * 3  # origins x targets x horizons
    assert 0.3 < cal["hit_rate"] < 0.9  # the targets make both outcomes common
    assert cal["brier"] < cal["baseline_brier"]["last_value"]
    assert cal["brier"] < cal["baseline_brier"]["base_rate"]
    assert sum(b["n"] for b in cal["bins"]) == cal["n"]
