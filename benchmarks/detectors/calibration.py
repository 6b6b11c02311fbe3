"""How often the impact comparison (``stats.intervention_either``) calls a change where there
is none: the share of simulated KPI windows without a change (AR(1) noise) whose p for "worse"
is at or under 0.05, 0.01 and 0.005, with the p as the t-tests give it (the smaller of the two
forms' p, doubled) and as the null simulation calibrates it. A calibrated test sits at the
nominal shares; a weighted Benjamini-Hochberg over a company's few dozen comparisons decides at
the far end, where the t-tests' p was three to seven times too small (docs/kpi.md).

    python -m benchmarks.detectors.calibration [--reps 1000]
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np

from benchmarks.detectors.generate import core
from coxswain.timeseries import stats

# (months in the window, months before the start, yearly terms fitted)
WINDOWS = ((24, 12, False), (36, 24, False), (48, 36, False), (24, 12, True), (36, 24, True))
PHIS = (0.0, 0.3, 0.6)
LEVELS = (0.05, 0.01, 0.005)


def _raw(values: np.ndarray, cut: int, seasonal: bool) -> float:
    step = stats.intervention(values, cut, period=12, sign=1.0, seasonal=seasonal)
    bend = stats.intervention(
        values, cut, period=12, sign=1.0, seasonal=seasonal, slope_change=True
    )
    return min(1.0, 2 * min(step.p_worse, bend.p_worse))


def _calibrated(values: np.ndarray, cut: int, seasonal: bool) -> float:
    return stats.intervention_either(values, cut, period=12, sign=1.0, seasonal=seasonal).p_worse


def table(reps: int = 1000, seed: int = 1) -> str:
    rng = np.random.default_rng(seed)
    lines = [
        "| window (before) | yearly terms | φ | t-tests: "
        + " / ".join(f"{a:g}" for a in LEVELS)
        + " | calibrated: "
        + " / ".join(f"{a:g}" for a in LEVELS)
        + " |",
        "|---|---|---|---|---|",
    ]
    for n, cut, seasonal in WINDOWS:
        for phi in PHIS:
            series = [100 + core.ar_noise(rng, n, 1.0, phi) for _ in range(reps)]
            cells = []
            p_of: Callable[[np.ndarray, int, bool], float]
            for p_of in (_raw, _calibrated):
                ps = np.array([p_of(y, cut, seasonal) for y in series])
                cells.append(" / ".join(f"{(ps <= a).mean():.1%}" for a in LEVELS))
            lines.append(
                f"| {n} ({cut}) | {'yes' if seasonal else 'no'} | {phi:g} | "
                + " | ".join(cells)
                + " |"
            )
            print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines)


def main() -> None:
    args = sys.argv[1:]
    reps = int(args[args.index("--reps") + 1]) if "--reps" in args else 1000
    print(table(reps), flush=True)


if __name__ == "__main__":
    main()
