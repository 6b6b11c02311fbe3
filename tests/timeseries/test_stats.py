import numpy as np
import pytest

from coxswain.timeseries.stats import correlation, granger_p, holm, interrupted, trend


def test_trend_direction():
    rng = np.random.default_rng(0)
    t = np.arange(12)
    assert trend(10 + 0.5 * t + rng.normal(0, 0.3, 12)).direction == 1
    assert trend(10 - 0.5 * t + rng.normal(0, 0.3, 12)).direction == -1
    assert trend(10 + rng.normal(0, 1, 12)).direction == 0
    assert trend(np.arange(4.0)) is None


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
