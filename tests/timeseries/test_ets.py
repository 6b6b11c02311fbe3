"""The vectorised exponential smoothing against statsmodels, and its forecasts."""

import numpy as np
import pytest

from coxswain.timeseries.ets import FORMS, fit_forecast, initial_states, run
from coxswain.timeseries.synthetic import seasonal_series


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_recursions_match_statsmodels(form):
    """With the same smoothing parameters and initial states, our one-step predictions
    equal statsmodels' Holt-Winters fitted values (to rounding)."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    y = seasonal_series(48, level=50, slope=0.3, amplitude=5, noise=1, seed=1)
    init = initial_states(y[None], 12, seasonal=form.seasonal, k=24)
    alpha, beta, gamma, phi = 0.3, 0.2 if form.trend else 0.0, 0.1 if form.seasonal else 0.0, 0.9
    params = np.array([[alpha, beta, gamma, phi if form.trend else 1.0]])
    *_, fitted = run(y[None], 12, params, init, form=form, start=0, keep_fitted=True)
    level0 = init.level[0] if form.trend else init.mean_level[0]
    kwargs = {"initial_level": level0}
    if form.trend:
        kwargs["initial_trend"] = init.trend[0]
    if form.seasonal:
        kwargs["initial_seasonal"] = init.season[0]
    model = ExponentialSmoothing(
        y,
        trend="add" if form.trend else None,
        damped_trend=form.trend,
        seasonal="add" if form.seasonal else None,
        seasonal_periods=12 if form.seasonal else None,
        initialization_method="known",
        **kwargs,
    )
    fit_kwargs = {"smoothing_level": alpha}
    if form.trend:
        fit_kwargs |= {"smoothing_trend": beta, "damping_trend": phi}
    if form.seasonal:
        fit_kwargs["smoothing_seasonal"] = gamma
    res = model.fit(optimized=False, **fit_kwargs)
    assert fitted is not None
    np.testing.assert_allclose(fitted[0, 0], res.fittedvalues, atol=1e-9)


def test_seasonal_series_gets_a_seasonal_model_and_good_forecast():
    y = seasonal_series(60, level=100, slope=0.2, amplitude=15, noise=1.5, seed=3)
    train, test = y[:48], y[48:]
    fc = fit_forecast(train[None], 12, 12)
    assert ",A)" in fc.form[0]
    naive = train[36:48]
    assert np.mean(np.abs(fc.mean[0] - test)) < 0.6 * np.mean(np.abs(naive - test))


def test_interval_widens_and_probability_follows_target():
    y = seasonal_series(36, level=100, noise=5, seed=4)
    fc = fit_forecast(y[None], 12, 12)
    width = fc.quantile(0.9)[0] - fc.quantile(0.1)[0]
    assert np.all(np.diff(width) >= -1e-9)
    h = np.array([6])
    low = fc.prob_at_least(np.array([50.0]), h)[0]
    mid = fc.prob_at_least(np.array([float(fc.mean[0, 5])]), h)[0]
    high = fc.prob_at_least(np.array([200.0]), h)[0]
    assert low > 0.99 and high < 0.01 and abs(mid - 0.5) < 0.05


def test_many_series_at_once_equal_one_at_a_time():
    ys = np.stack([seasonal_series(36, level=50 + i, noise=2, seed=i) for i in range(5)])
    together = fit_forecast(ys, 12, 6)
    for i in range(5):
        alone = fit_forecast(ys[i : i + 1], 12, 6)
        np.testing.assert_allclose(alone.mean[0], together.mean[i])


def test_in_sample_h1_errors_are_the_one_step_errors_of_the_recursions():
    from coxswain.timeseries.ets import FORMS, in_sample_errors, initial_states, run

    rng = np.random.default_rng(0)
    t = np.arange(60)
    y = (10 + 3 * np.sin(t * 2 * np.pi / 12) + np.cumsum(rng.normal(0, 0.3, 60)))[None, :]
    params = np.array([[0.3, 0.2, 0.1, 0.9]])
    for form in FORMS:
        start = 24 if form.seasonal else 6
        init = initial_states(y, 12, seasonal=form.seasonal, k=start)
        *_, fitted = run(y, 12, params[:, None, :], init, form=form, start=start, keep_fitted=True)
        assert fitted is not None
        errors = in_sample_errors(y, 12, params, init, form=form, start=start, horizon=3)
        k = errors.shape[1]
        assert np.allclose(errors[0, :, 0], y[0, -k:] - fitted[0, 0, -k:])
        assert np.isnan(errors[0, -1, 1:]).all()  # the history ends


def test_calibrated_intervals_cover_an_i2_series_better_and_never_narrow():
    """Doubly integrated noise: a damped trend's analytic intervals are too narrow
    beyond one step (55% of 8-step-ahead points inside the 80% band in this simulation);
    the in-sample multi-step errors widen them (71%). Point forecasts do not change."""
    rng = np.random.default_rng(1)
    y = 100 + np.cumsum(np.cumsum(rng.normal(0, 1, (200, 56)), axis=1), axis=1)
    train, test = y[:, :48], y[:, 48:]
    plain = fit_forecast(train, 1, 8, calibrate=False, allow_log=False)
    calibrated = fit_forecast(train, 1, 8, allow_log=False)
    assert np.array_equal(plain.mean, calibrated.mean)
    assert np.all(calibrated.scale >= plain.scale)

    def coverage(fc):
        return float(((test >= fc.quantile(0.1)) & (test <= fc.quantile(0.9))).mean())

    assert coverage(plain) < 0.6
    assert 0.65 < coverage(calibrated) < 0.9
