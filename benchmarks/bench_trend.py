"""The KPI trend test on autocorrelated series: how often it finds a trend where there is
none (false positives) and where there is one (power).

python -m benchmarks trend            # 2,000 series per cell

Series: AR(1) noise (phi 0, 0.3, 0.6, 0.8, unit innovations) plus a straight line that
moves 0, 2 or 4 marginal standard deviations over the window, 12 points (the diagnostics'
one-year window of a monthly KPI) and 36 points. Tests at 5%, two-sided:

- plain: Mann-Kendall as before (scipy's kendalltau against time), no allowance for
  autocorrelation;
- pymk HR: pymannkendall's hamed_rao_modification_test (Hamed & Rao 1998 with the sample
  autocorrelations of the detrended ranks, significant lags only), dev dependency only;
- ours: coxswain's trend().p_corrected (Hamed & Rao's variance factor with the bias-corrected lag-1
  autocorrelation of the detrended ranks as an AR(1)); "nan" counts pymk's NaN p-values.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from coxswain.timeseries.stats import trend

PHIS = (0.0, 0.3, 0.6, 0.8)
CHANGES = (0.0, 2.0, 4.0)


def ar1(rng: np.random.Generator, n: int, phi: float, burn: int = 50) -> np.ndarray:
    from scipy.signal import lfilter

    return np.asarray(lfilter([1.0], [1.0, -phi], rng.normal(size=n + burn))[burn:])


def rates(reps: int = 2000, seed: int = 0) -> None:
    from scipy.stats import kendalltau

    try:
        import pymannkendall as pymk
    except ImportError:  # dev dependency only
        pymk = None
    print(f"share of series with p < 0.05 ({reps} series per row, seed {seed})")
    print(f"{'n':>3} {'phi':>4} {'change':>7} {'plain':>7} {'pymk HR':>8} {'nan':>4} {'ours':>7}")
    for n in (12, 36):
        t = np.arange(n, dtype=float)
        for phi in PHIS:
            for change in CHANGES:
                rng = np.random.default_rng(seed)
                beta = change / np.sqrt(1 - phi**2) / (n - 1)
                plain = hr = nan = ours = 0
                for _ in range(reps):
                    y = ar1(rng, n, phi) + beta * t
                    plain += kendalltau(t, y).pvalue < 0.05
                    tr = trend(y)
                    assert tr is not None
                    ours += tr.p_corrected is not None and tr.p_corrected < 0.05
                    if pymk is not None:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            p = pymk.hamed_rao_modification_test(y).p
                        nan += not np.isfinite(p)
                        hr += np.isfinite(p) and p < 0.05
                hr_txt = f"{hr / reps:8.1%}" if pymk is not None else f"{'-':>8}"
                print(
                    f"{n:>3} {phi:>4} {change:>6}σ {plain / reps:7.1%} {hr_txt} {nan:>4} "
                    f"{ours / reps:7.1%}",
                    flush=True,
                )


def run() -> None:
    rates()


if __name__ == "__main__":
    rates(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
