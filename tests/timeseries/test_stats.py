import numpy as np
import pytest

from coxswain.timeseries.stats import (
    correlation,
    granger_p,
    holm,
    interrupted,
    lag1_autocorrelation,
    mann_kendall_p,
    trend,
)


def ar1(rng: np.random.Generator, n: int, phi: float, size: int) -> np.ndarray:
    """``size`` AR(1) series of length ``n`` (unit innovations, 50 burn-in steps)."""
    from scipy.signal import lfilter

    return lfilter([1.0], [1.0, -phi], rng.normal(size=(size, n + 50)), axis=1)[:, 50:]


def test_trend_direction():
    rng = np.random.default_rng(0)
    t = np.arange(12)
    assert trend(10 + 0.5 * t + rng.normal(0, 0.3, 12)).direction == 1
    assert trend(10 - 0.5 * t + rng.normal(0, 0.3, 12)).direction == -1
    assert trend(10 + rng.normal(0, 1, 12)).direction == 0
    assert trend(np.arange(4.0)) is None


def test_trend_allows_for_autocorrelation():
    """400 AR(1) series (phi 0.6) without a trend. Measured with this seed: 36 points,
    plain Mann-Kendall 28.0% significant at 5%, trend().p_corrected 9.2%; 12 points (the
    diagnostics' window) 23.7% and 14.5% (``python -m benchmarks trend`` has the full table: the
    correction cuts the false trends by half to two thirds, it does not reach 5%)."""
    rng = np.random.default_rng(0)
    for n, plain_min, corrected in ((36, 0.20, (0.03, 0.15)), (12, 0.15, (0.03, 0.20))):
        ys = ar1(rng, n, 0.6, 400)
        plain = np.mean([mann_kendall_p(y) < 0.05 for y in ys])
        fixed = np.mean([trend(y).p_corrected < 0.05 for y in ys])
        assert plain > plain_min, (n, plain)
        assert corrected[0] < fixed < corrected[1], (n, fixed)
        assert fixed < 0.7 * plain, (n, plain, fixed)
    # without autocorrelation it stays at or under the nominal 5% (measured 4.0%, 3.7%)
    for n in (36, 12):
        white = rng.normal(size=(400, n))
        assert np.mean([trend(y).p_corrected < 0.05 for y in white]) < 0.075


def test_trend_still_finds_a_strong_trend():
    """A line that moves 4 standard deviations over the window: 12 points with white noise
    (measured 84% rising), 36 points with AR(1) noise, phi 0.6 (87%)."""
    rng = np.random.default_rng(1)
    t12, t36 = np.arange(12), np.arange(36)
    white = rng.normal(size=(200, 12)) + 4 / 11 * t12
    sd = 1 / np.sqrt(1 - 0.6**2)
    wandering = ar1(rng, 36, 0.6, 200) + 4 * sd / 35 * t36
    assert np.mean([trend(y).direction == 1 for y in white]) > 0.75
    assert np.mean([trend(-y).direction == -1 for y in wandering]) > 0.75


def test_mann_kendall_equals_pymannkendall():
    """The hand-written statistic is pymannkendall's: with no autocorrelation its
    original_test, and with the rank autocorrelations that its hamed_rao_modification_test
    uses (those of the Sen-detrended ranks at every lag, non-significant ones set to 0)
    Hamed & Rao's corrected p-value. (trend() gives the factor an AR(1) of the bias-corrected
    lag-1 autocorrelation instead: pymannkendall's screened estimate corrects almost
    nothing on twelve points, see docs/kpi.md.)"""
    import warnings

    import pymannkendall as pymk
    from scipy.stats import norm, rankdata, theilslopes

    rng = np.random.default_rng(5)
    compared = 0
    for i in range(60):
        n = int(rng.integers(8, 60))
        y = ar1(rng, n, float(rng.uniform(0, 0.8)), 1)[0] + rng.uniform(-0.1, 0.1) * np.arange(n)
        if i % 3 == 0:
            y = np.round(y)  # ties
        assert mann_kendall_p(y) == pytest.approx(pymk.original_test(y).p, abs=1e-12)
        # detrended as pymannkendall does: the Sen line passes through one pair exactly,
        # and whether that pair ties after rounding depends on the arithmetic
        ranks = rankdata(y - np.arange(1, n + 1) * theilslopes(y, np.arange(n))[0])
        ranks -= ranks.mean()
        acf = np.array([ranks[: n - k] @ ranks[k:] for k in range(1, n)]) / (ranks @ ranks)
        bound = norm.ppf(0.975) / np.sqrt(n)
        rho = np.where(np.abs(acf) > bound, acf, 0.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its negative variances (NaN) are skipped
            expected = pymk.hamed_rao_modification_test(y).p
        if np.isfinite(expected):
            assert mann_kendall_p(y, rho) == pytest.approx(expected, abs=1e-12)
            compared += 1
    assert compared > 50


def test_lag1_autocorrelation_is_kendalls_bias_corrected_rank_acf():
    from scipy.stats import rankdata
    from statsmodels.tsa.stattools import acf

    rng = np.random.default_rng(6)
    for n in (6, 12, 36):
        for phi in (0.0, 0.5, 0.9):
            x = ar1(rng, n, phi, 1)[0]
            r1 = float(acf(rankdata(x), nlags=1)[1])
            expected = min(max((n * r1 + 1) / (n - 4), 0.0), 0.95)
            assert lag1_autocorrelation(x) == pytest.approx(expected, abs=1e-12)


def test_holm_matches_definition():
    # p sorted: 0.01*3=0.03, 0.02*2=0.04, 0.04*1=0.04 (monotone)
    assert holm([0.04, 0.01, 0.02]) == [0.04, 0.03, 0.04]


def test_fisher_interval_contains_r_and_narrows_with_n():
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    y = 0.5 * x + rng.normal(size=200)
    big = correlation(x, y)
    small = correlation(x[:30], y[:30])
    assert big.lo < big.r < big.hi and big.lo > 0
    assert big.hi - big.lo < small.hi - small.lo


def test_interrupted_time_series_sees_a_drop_not_a_trend():
    rng = np.random.default_rng(2)
    t = np.arange(36)
    y = 50 + 0.5 * t + rng.normal(0, 1, 36)
    steady = interrupted(y[:24], y[24:], period=12, sign=1.0, seasonal=False)
    assert steady.p_worse > 0.05
    dropped = y.copy()
    dropped[24:] -= 5
    hit = interrupted(dropped[:24], dropped[24:], period=12, sign=1.0, seasonal=False)
    assert hit.p_worse < 0.001 and hit.diff < -3


def test_granger_finds_a_lagged_driver():
    rng = np.random.default_rng(3)
    x = rng.normal(size=60)
    y = np.r_[0.0, 0.8 * x[:-1]] + rng.normal(0, 0.3, 60)
    assert granger_p(x, y, 1) < 0.001
    assert granger_p(y, rng.normal(size=60), 1) > 0.01
    assert granger_p(x[:10], y[:10], 1) is None


def test_granger_equals_statsmodels_ssr_ftest():
    """The numpy F-test is statsmodels' grangercausalitytests ssr_ftest p-value."""
    import warnings

    from statsmodels.tsa.stattools import grangercausalitytests

    rng = np.random.default_rng(7)
    for i in range(30):
        n, lag = int(rng.integers(30, 70)), int(rng.integers(1, 4))
        cause = rng.normal(size=n).cumsum() if i % 2 else rng.normal(size=n)
        effect = 0.4 * np.r_[np.zeros(lag), cause[:-lag]] + rng.normal(size=n)
        p = granger_p(cause, effect, lag)
        assert p is not None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = grangercausalitytests(np.column_stack([effect, cause]), maxlag=[lag])
        assert p == pytest.approx(res[lag][0]["ssr_ftest"][1], abs=1e-10)


def test_a_step_is_a_trend_the_corrected_test_doubts():
    """A level that steps up a third of the way in and stays (noise sd 0.25 on a step of
    2.3, twelve points): when the plain test calls it a rising trend (measured 61% of 200),
    the autocorrelation-corrected test mostly does not confirm it (measured 93% of those):
    may_be_persistence. A steady line in the same noise is rising every time and doubted
    in 1%."""
    rng = np.random.default_rng(3)
    t = np.arange(12)
    stepped = [trend(np.where(t < 4, 3.0, 5.3) + rng.normal(0, 0.25, 12)) for _ in range(200)]
    steady = [trend(3.0 + 0.25 * t + rng.normal(0, 0.25, 12)) for _ in range(200)]
    detected = [tr for tr in stepped if tr.direction == 1]
    assert len(detected) > 80
    assert np.mean([tr.may_be_persistence for tr in detected]) > 0.75
    assert np.mean([tr.direction == 1 for tr in steady]) > 0.95
    assert np.mean([tr.may_be_persistence for tr in steady]) < 0.05


def test_without_autocorrelation_the_corrected_p_is_the_plain_one():
    """Where no autocorrelation is estimated, the corrected p is the plain p, so that the
    two tests' different approximations alone never lower a finding; and mann_kendall_p
    answers 1.0 below three points."""
    rng = np.random.default_rng(7)
    seen = 0
    for _ in range(200):
        tr = trend(rng.normal(size=12) + 0.2 * np.arange(12))
        if tr is not None and tr.autocorrelation == 0:
            seen += 1
            assert tr.p_corrected == tr.p and not tr.may_be_persistence
    assert seen > 20
    assert mann_kendall_p(np.array([1.0, 2.0])) == 1.0


# ---------------------------------------------------------------- intervention models


def _trend_with_noise(seed: int, n: int = 22, phi: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return 100 + 0.8 * np.arange(n) + ar1(rng, n, phi, 1)[0]


def test_intervention_finds_a_step_against_a_trend():
    """3.5 sd down from month 13 of 22, with a trend and AR(1) noise: the model fits the
    trend from both sides of the start and estimates the step."""
    from coxswain.timeseries.stats import intervention

    found = 0
    for seed in range(20):
        y = _trend_with_noise(seed)
        y[13:] -= 3.5
        r = intervention(y, 13, period=12, sign=1.0, seasonal=False)
        found += r.p_worse < 0.005 and r.p_better > 0.5
        assert r.step is not None and abs(r.step + 3.5) < 2.5
    assert found >= 15


def test_intervention_sees_no_step_in_a_trend_that_continues():
    from coxswain.timeseries.stats import intervention

    ps = [
        intervention(_trend_with_noise(seed, 30), 15, period=12, sign=1.0, seasonal=False).p_worse
        for seed in range(40)
    ]
    assert sum(p < 0.05 for p in ps) <= 5  # about 5% by chance


def test_intervention_late_difference_sees_a_change_fade():
    from coxswain.timeseries.stats import intervention

    y = _trend_with_noise(3, 36) * 0 + 100 + np.random.default_rng(3).normal(0, 0.3, 36)
    lasting, fading = y.copy(), y.copy()
    lasting[24:] += 5
    fading[24:29] += 5  # five good months of twelve, then back
    a = intervention(lasting, 24, period=12, sign=1.0, seasonal=False)
    b = intervention(fading, 24, period=12, sign=1.0, seasonal=False)
    assert a.late_diff > 4 and abs(b.late_diff) < 1


def test_fdr_is_benjamini_hochberg():
    from coxswain.timeseries.stats import fdr

    assert fdr([]) == []
    got = fdr([0.01, 0.04, 0.03, 0.2])
    assert got == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.2])


def test_weighted_fdr_divides_by_weights_averaging_one_then_benjamini_hochberg():
    """Genovese, Roeder & Wasserman (2006): weights 3 and 1 scale to 1.5 and 0.5, so
    p = 0.01, 0.04 become 0.00667, 0.08, and Benjamini-Hochberg over two gives 0.0133, 0.08."""
    from coxswain.timeseries.stats import fdr, weighted_fdr

    assert weighted_fdr([0.01, 0.04], [3, 1]) == pytest.approx([0.02 / 1.5, 0.08])
    assert weighted_fdr([0.01, 0.04, 0.03, 0.2], [2, 2, 2, 2]) == pytest.approx(
        fdr([0.01, 0.04, 0.03, 0.2])
    )
    assert weighted_fdr([0.9], [0.1]) == [0.9] and weighted_fdr([], []) == []  # one: weight 1
    assert weighted_fdr([0.3, 0.5], [0.1, 1.9])[0] == 1.0  # 0.3 / 0.1, capped
    # where nothing changed, the chance of any rejection stays at most the level
    rng = np.random.default_rng(4)
    weights = [4.0] * 5 + [1.0] * 25
    any_rejected = sum(
        min(weighted_fdr(list(rng.uniform(size=30)), weights)) < 0.05 for _ in range(2000)
    )
    assert any_rejected / 2000 < 0.06


def test_intervention_holds_its_level_under_autocorrelated_noise():
    """Two and a half years of monthly AR(1) noise (φ = 0.5), no change: the residuals'
    autocorrelation underestimates φ by about k·(1 + 2.4·φ)/n, which let 11–13% of such series
    be called worse at 5% before it was corrected."""
    from coxswain.timeseries.stats import ar1_unbiased, intervention

    assert ar1_unbiased(0.1, n=24, k=3) == pytest.approx(0.225)
    assert ar1_unbiased(-0.5, n=24, k=3) == 0.0 and ar1_unbiased(0.95, n=24, k=3) == 0.9
    rng = np.random.default_rng(11)
    series = ar1(rng, 30, 0.5, 400)
    worse = sum(
        intervention(100 + y, 15, period=12, sign=1.0, seasonal=False).p_worse < 0.05
        for y in series
    )
    assert worse <= 0.08 * 400


def test_the_batched_null_fit_gives_each_series_its_own_t():
    """The Prais-Winsten fit of many series at once (the null simulation's) against the
    one-series fit of ``intervention`` (the same t statistic, step and bend, season or not),
    and its coefficients, at the rho it settled on, against a least-squares fit of the
    transformed series (the normal equations it solves as quadratics in rho)."""
    from coxswain.timeseries.stats import _intervention_design, _prais_winsten, intervention

    rng = np.random.default_rng(4)
    ys = 10 + ar1(rng, 30, 0.4, 6) + 0.05 * np.arange(30)
    for seasonal in (False, True):
        for slope_change in (False, True):
            design, weights = _intervention_design(
                30, 18, period=12, seasonal=seasonal, slope_change=slope_change
            )
            fits = _prais_winsten(ys, design, weights)
            for row, (y, t) in enumerate(zip(ys, fits.t(weights), strict=True)):
                one = intervention(
                    y, 18, period=12, sign=1.0, seasonal=seasonal, slope_change=slope_change
                )
                assert t == pytest.approx(one.step / one.se, rel=1e-6)
                rho = fits.rho[row]
                scale = np.sqrt(1 - rho * rho)
                xs = np.vstack([design[:1] * scale, design[1:] - rho * design[:-1]])
                zs = np.concatenate([y[:1] * scale, y[1:] - rho * y[:-1]])
                beta, *_ = np.linalg.lstsq(xs, zs, rcond=None)
                assert fits.beta[row] == pytest.approx(beta, rel=1e-6, abs=1e-9)


def test_the_impact_comparison_is_closer_to_calibrated_than_the_t_tests():
    """Three years of AR(1) noise (φ 0.6) without a change, the start after the second: the
    t-tests' smaller p, doubled, is at or under 0.01 for 3.2% of these 600 windows (three
    times nominal, as in benchmarks.detectors.calibration); the simulated null brings it to
    1.7%. Not to 1%: the noise's coefficient is estimated from the window too."""
    from coxswain.timeseries.stats import intervention_either

    rng = np.random.default_rng(12)
    ys = 100 + ar1(rng, 36, 0.6, 600)
    p = np.array(
        [intervention_either(y, 24, period=12, sign=1.0, seasonal=False).p_worse for y in ys]
    )
    assert (p <= 0.01).mean() <= 0.024
    assert 0.03 <= (p <= 0.05).mean() <= 0.1  # not made conservative either
