"""The power of the lasting-step test of ``kpi_shift`` on monthly KPIs, by simulation: the
share of series with a fall of a given size, six to twelve months before the end (as the
benchmark plants it), found at p ≤ 0.05 (one KPI) and at p ≤ 0.05/12 (the Holm bar of a
company's dozen KPIs). The benchmark's detectable step sizes (``generate.detectable_step``)
are the smallest sizes found at least 90% of the time at the Holm bar (docs/analyses.md,
rounds 5 and 7).

    python -m benchmarks.detectors.power [--reps 150]
"""

from __future__ import annotations

import sys

import numpy as np

from benchmarks.detectors.generate import core
from coxswain.timeseries.changes import step_test

MONTHS = (24, 30, 36, 48)
# in noise SDs; 0: no change (the false-alarm rate)
SIZES = (0.0, 3.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0)
PHI = 0.3  # the benchmark's month-to-month noise (``core.ar_noise``, as the generator's)
AGES = (6, 12)  # months since the step, drawn uniformly (the generator's 185–365 days)


def table(reps: int = 150, seed: int = 1) -> str:
    rng = np.random.default_rng(seed)
    lines = [
        "| months | " + " | ".join(f"{s:g}σ" if s else "none (false)" for s in SIZES) + " |",
        "|---|" + "---|" * len(SIZES),
    ]
    for n in MONTHS:
        cells = []
        for size in SIZES:
            one = holm = 0
            for _ in range(reps):
                y = 100 + core.ar_noise(rng, n, 1.0, PHI)
                y[n - int(rng.integers(AGES[0], AGES[1] + 1)) :] -= size
                test = step_test(y, first=max(12, n - 24), worse=-1.0, per_year=12.0)
                if test is not None:
                    one += test.p <= 0.05
                    holm += test.p <= 0.05 / 12
            cells.append(f"{one / reps:.0%} / {holm / reps:.0%}")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    args = sys.argv[1:]
    reps = int(args[args.index("--reps") + 1]) if "--reps" in args else 150
    print(table(reps), flush=True)


if __name__ == "__main__":
    main()
