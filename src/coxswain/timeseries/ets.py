"""Exponential smoothing for many series at once, in numpy.

Why hand-written: statsmodels' ``ExponentialSmoothing``/``ETSModel`` fit one series
at a time with a numerical optimiser (~50-100 ms each), too slow for the early
warning on a thousand KPIs; statsforecast (which is vectorised) pins pandas<3. This
module runs the additive error-correction recursions of Hyndman et al. (2008),
*Forecasting with Exponential Smoothing*, ch. 2 and 6, for all series and a grid of
smoothing parameters in one array operation per time step:

    yhat_t = l + phi*b + s_{t-m}            e_t = y_t - yhat_t
    l_t = l + phi*b + alpha*e_t             b_t = phi*b + alpha*beta*e_t
    s_t = s_{t-m} + gamma*e_t

(``beta`` is statsmodels' ``smoothing_trend``, so that the recursions match
``statsmodels.tsa.holtwinters.ExponentialSmoothing`` exactly; tests check this.)
Model forms: level only (A,N,N), damped trend (A,Ad,N), seasonal (A,N,A), and damped
trend with season (A,Ad,A); each also on the log scale for positive series (a
multiplicative model in effect). Per series, the parameters with the least in-sample
one-step squared error are chosen within each form, and the form with the least AICc
(log-scale fits compared through the Jacobian of the log). Forecast variances are
the analytic ones of class-1 models (Hyndman et al. 2008, Table 6.1):
``var_h = sigma^2 * (1 + sum_{j<h} c_j^2)``, ``c_j = alpha*(1 + beta*phi_j) + gamma*[j % m == 0]``,
widened per horizon where the model's own in-sample h-step errors are larger
(:func:`calibration_factors`; measured in benchmarks/bench_forecast.py, docs/kpi.md).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

ALPHAS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9)
BETAS = (0.02, 0.1, 0.2, 0.4)
GAMMAS = (0.02, 0.1, 0.2, 0.3, 0.5)
PHIS = (0.8, 0.9, 0.98)


@dataclass(frozen=True)
class Form:
    trend: bool
    seasonal: bool

    @property
    def name(self) -> str:
        return f"A,{'Ad' if self.trend else 'N'},{'A' if self.seasonal else 'N'}"


FORMS = (Form(False, False), Form(True, False), Form(False, True), Form(True, True))


def _grid(form: Form) -> FloatArray:
    """Rows of (alpha, beta, gamma, phi) to try for a form."""
    betas = BETAS if form.trend else (0.0,)
    phis = PHIS if form.trend else (1.0,)
    gammas = GAMMAS if form.seasonal else (0.0,)
    rows = [
        (a, b, g, p)
        for a, b, g, p in itertools.product(ALPHAS, betas, gammas, phis)
        if g <= 1 - a  # the usual admissible region for gamma
    ]
    return np.array(rows, dtype=float)


@dataclass(frozen=True)
class Init:
    level: FloatArray  # (S,)  state before the first observation (trend models)
    trend: FloatArray  # (S,)
    mean_level: FloatArray  # (S,) level of models without trend: mean of the first points
    season: FloatArray  # (S, m) seasonal state for positions t % m


def initial_states(y: FloatArray, m: int, *, seasonal: bool, k: int) -> Init:
    """Heuristic initial states from the first ``k`` points of each series (rows of ``y``).

    A least-squares line through them gives level and slope; the average detrended
    value of each season position (``k`` is then two cycles), centred, gives the
    seasonal states.
    """
    s_count, n = y.shape
    k = max(2, min(n, k))
    t = np.arange(k, dtype=float)
    head = y[:, :k]
    tc = t - t.mean()
    slope = (head - head.mean(axis=1, keepdims=True)) @ tc / float(tc @ tc)
    intercept = head.mean(axis=1) - slope * t.mean()
    season = np.zeros((s_count, max(m, 1)))
    if seasonal:
        detr = head - (intercept[:, None] + slope[:, None] * t[None, :])
        for j in range(m):
            season[:, j] = detr[:, j::m].mean(axis=1)
        season -= season.mean(axis=1, keepdims=True)
    return Init(level=intercept - slope, trend=slope, season=season, mean_level=head.mean(axis=1))


def run(
    y: FloatArray,
    m: int,
    params: FloatArray,
    init: Init,
    *,
    form: Form,
    start: int,
    keep_fitted: bool = False,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray | None]:
    """Run the recursions for every series (rows of ``y``) and parameter row.

    ``params`` is (G, 4) shared by all series, or (S, G, 4) per series. Returns the
    sum of squared one-step errors from ``start`` on (S, G), final level, trend (S, G)
    and season (S, G, m), and the one-step predictions (S, G, n) if asked.
    """
    s_count, n = y.shape
    p = params if params.ndim == 3 else params[None, :, :]
    alpha, beta, gamma, phi = (p[..., i] for i in range(4))
    g_count = p.shape[1]
    start_level = init.level if form.trend else init.mean_level
    level = np.broadcast_to(start_level[:, None], (s_count, g_count)).copy()
    trend = np.zeros((s_count, g_count))
    if form.trend:
        trend += init.trend[:, None]
    mm = max(m, 1)
    season = np.zeros((s_count, g_count, mm))
    if form.seasonal:
        season += init.season[:, None, :]
    sse = np.zeros((s_count, g_count))
    fitted = np.empty((s_count, g_count, n)) if keep_fitted else None
    ab = alpha * beta
    for t in range(n):
        pos = t % mm
        damped = phi * trend if form.trend else 0.0
        base = level + damped
        yhat = base + season[:, :, pos] if form.seasonal else base
        err = y[:, t : t + 1] - yhat
        if fitted is not None:
            fitted[:, :, t] = yhat
        if t >= start:
            sse += err * err
        level = base + alpha * err
        if form.trend:
            trend = damped + ab * err
        if form.seasonal:
            season[:, :, pos] += gamma * err
    return sse, level, trend, season, fitted


@dataclass(frozen=True)
class Forecasts:
    """Forecasts of S series for horizons 1..H (NaN beyond a series' own horizon)."""

    mean: FloatArray  # (S, H) point forecast (the median, on the original scale)
    loc: FloatArray  # (S, H) mean on the model scale
    season: FloatArray  # (S, H) seasonal component of loc (zero without season)
    scale: FloatArray  # (S, H) standard deviation on the model scale
    log: npt.NDArray[np.bool_]  # (S,) model on the log scale
    form: list[str]
    params: FloatArray  # (S, 4) alpha, beta, gamma, phi
    sigma: FloatArray  # (S,) residual standard deviation (model scale)
    fitted: FloatArray  # (S, n) one-step predictions, original scale

    def quantile(self, q: float) -> FloatArray:
        from scipy.stats import norm

        z = self.loc + norm.ppf(q) * self.scale
        out: FloatArray = np.where(self.log[:, None], np.exp(np.minimum(z, 700.0)), z)
        return out

    def prob_at_least(
        self, threshold: FloatArray, h: npt.NDArray[np.int64], *, adjusted: bool = False
    ) -> FloatArray:
        """P(Y at horizon h[i] >= threshold[i]) for every series i; with ``adjusted``,
        of the seasonally adjusted level (the forecast without its seasonal swing)."""
        from scipy.stats import norm

        rows = np.arange(self.loc.shape[0])
        loc, scale = self.loc[rows, h - 1], self.scale[rows, h - 1]
        if adjusted:
            loc = loc - self.season[rows, h - 1]
        thr = np.where(self.log, np.log(np.maximum(threshold, 1e-300)), threshold)
        out: FloatArray = norm.sf((thr - loc) / np.maximum(scale, 1e-12))
        return out


CALIBRATION_ORIGINS = 36  # latest in-sample forecast origins judged for the intervals
CALIBRATION_MIN_ERRORS = 8  # errors of a horizon needed before they widen its interval
Z80 = 1.2815515655446004  # standard normal 90% quantile: half-width of an 80% interval


def in_sample_errors(
    z: FloatArray, m: int, params: FloatArray, init: Init, *, form: Form, start: int, horizon: int
) -> FloatArray:
    """h-step errors of the model's own forecasts from in-sample origins, (S, O, H).

    The recursions run once with each series' chosen parameters; from the state after
    each of the last :data:`CALIBRATION_ORIGINS` observations (from ``start`` on) the
    forecast for 1..H steps is compared with what followed; NaN where the history ends.
    """
    s_count, n = z.shape
    alpha, beta, gamma, phi = (params[:, i] for i in range(4))
    level = (init.level if form.trend else init.mean_level).astype(float).copy()
    trend = init.trend.astype(float).copy() if form.trend else np.zeros(s_count)
    mm = max(m, 1)
    season = init.season.astype(float).copy() if form.seasonal else np.zeros((s_count, mm))
    first = max(start, n - 1 - CALIBRATION_ORIGINS)
    hs = np.arange(1, horizon + 1)
    phi_h = np.cumsum(phi[:, None] ** hs[None, :], axis=1) if form.trend else None
    out = np.full((s_count, max(n - 1 - first, 0), horizon), np.nan)
    for t in range(n):
        pos = t % mm
        damped = phi * trend if form.trend else 0.0
        base = level + damped
        yhat = base + season[:, pos] if form.seasonal else base
        err = z[:, t] - yhat
        level = base + alpha * err
        if form.trend:
            trend = damped + alpha * beta * err
        if form.seasonal:
            season[:, pos] += gamma * err
        o = t - first
        if 0 <= o < out.shape[1]:
            steps = min(horizon, n - 1 - t)
            point = level[:, None] + (phi_h[:, :steps] * trend[:, None] if phi_h is not None else 0)
            if form.seasonal:
                point = point + season[:, (t + hs[:steps]) % mm]
            out[:, o, :steps] = z[:, t + 1 : t + 1 + steps] - point
    return out


def calibration_factors(errors: FloatArray, scale: FloatArray) -> FloatArray:
    """Per series and horizon, how much wider than the analytic interval the model's
    own in-sample h-step errors say the 80% interval must be (at least 1).

    Conformal-style: the 80% quantile of the absolute h-step errors is the empirical
    half-width; divided by the analytic half-width ``Z80 * scale`` it gives the factor.
    Horizons with fewer than :data:`CALIBRATION_MIN_ERRORS` errors take the factor of
    the last horizon that had enough. The analytic variance is the floor: the errors
    come from parameters fitted on the same history, so they can only be optimistic.
    """
    s_count, _, horizon = errors.shape
    factors = np.ones((s_count, horizon))
    q = np.full((s_count, horizon), np.nan)
    enough = np.zeros(horizon, dtype=bool)
    for h in range(horizon):
        # the errors of horizon h are those of the earliest origins (later ones run past
        # the end of the history); per horizon they are all finite, so no nanquantile
        column = errors[:, :, h]
        valid = np.isfinite(column).all(axis=0)
        if valid.sum() >= CALIBRATION_MIN_ERRORS:
            enough[h] = True
            q[:, h] = np.quantile(np.abs(column[:, valid]), 0.8, axis=1)
    ratio = np.where(enough[None, :], q / np.maximum(Z80 * scale, 1e-300), np.nan)
    for h in range(horizon):
        col = ratio[:, h]
        prev = factors[:, h - 1] if h else np.ones(s_count)
        factors[:, h] = np.where(np.isfinite(col), np.maximum(col, 1.0), prev)
    return factors


def _aicc(sse: FloatArray, n: int, k: int) -> FloatArray:
    safe = np.maximum(sse / n, 1e-300)
    corr = 2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else math.inf
    out: FloatArray = n * np.log(safe) + 2 * k + corr
    return out


def fit_forecast(
    y: FloatArray,
    m: int,
    horizon: int,
    *,
    allow_seasonal: bool = True,
    allow_log: bool = True,
    seasonal: npt.NDArray[np.bool_] | None = None,
    calibrate: bool = True,
) -> Forecasts:
    """Fit every row of ``y`` (S, n; no NaN) and forecast ``horizon`` periods ahead.

    All rows share length and season length ``m``; group series by (n, m) to call this.
    ``seasonal`` (S,), when given, restricts each series to seasonal forms (True) or
    to non-seasonal ones (False), e.g. from a test for seasonality on the whole series.
    With ``calibrate``, the analytic interval of a horizon is widened where the model's
    own in-sample errors at that horizon are larger (:func:`calibration_factors`).
    """
    s_count, n = y.shape
    # Two full cycles initialise the season, and at least six more points judge it.
    seasonal_ok = allow_seasonal and m > 1 and n >= 2 * m + 6
    # The one-step errors that judge a model start after the stretch that set its
    # initial states, so that all forms are compared on honest errors.
    start = 2 * m if seasonal_ok else min(6, max(2, n // 3))
    n_eff = n - start
    forms = [f for f in FORMS if seasonal_ok or not f.seasonal]
    if n < 8:
        forms = [f for f in forms if not f.trend]
    positive = np.all(y > 0, axis=1) if allow_log else np.zeros(s_count, dtype=bool)
    scales = [False, True] if positive.any() else [False]

    if seasonal is not None and not seasonal_ok:
        seasonal = None
    best_score = np.full(s_count, np.inf)
    chosen_form = np.zeros(s_count, dtype=int)
    chosen_log = np.zeros(s_count, dtype=bool)
    chosen_params = np.zeros((s_count, 4))
    chosen_sse = np.zeros(s_count)
    for log in scales:
        z = np.log(np.where(positive[:, None], y, 1.0)) if log else y
        jacobian = 2 * np.log(np.where(positive[:, None], y, 1.0))[:, start:].sum(axis=1)
        for fi, form in enumerate(forms):
            grid = _grid(form)
            init = initial_states(z, m, seasonal=form.seasonal, k=start)
            sse, *_ = run(z, m, grid, init, form=form, start=start)
            g = np.argmin(sse, axis=1)
            sse_best = sse[np.arange(s_count), g]
            # smoothing parameters and sigma (initial states are heuristic, not fitted)
            k = 2 + (2 if form.trend else 0) + (1 if form.seasonal else 0)
            score = _aicc(sse_best, n_eff, k) + (jacobian if log else 0.0)
            if seasonal is not None:
                score = np.where(seasonal == form.seasonal, score, np.inf)
            if log:
                score = np.where(positive, score, np.inf)
            better = score < best_score
            best_score = np.where(better, score, best_score)
            chosen_form = np.where(better, fi, chosen_form)
            chosen_log = np.where(better, log, chosen_log)
            chosen_params[better] = grid[g[better]]
            chosen_sse = np.where(better, sse_best, chosen_sse)

    mean = np.empty((s_count, horizon))
    loc = np.empty((s_count, horizon))
    scale = np.empty((s_count, horizon))
    fitted_all = np.empty((s_count, n))
    sigma = np.empty(s_count)
    season_h = np.zeros((s_count, horizon))
    names: list[str] = [""] * s_count
    hs = np.arange(1, horizon + 1)
    for fi, form in enumerate(forms):
        for log in scales:
            rows = np.flatnonzero((chosen_form == fi) & (chosen_log == log))
            if rows.size == 0:
                continue
            z = np.log(y[rows]) if log else y[rows]
            init = initial_states(z, m, seasonal=form.seasonal, k=start)
            params = chosen_params[rows][:, None, :]
            _, level, trend, season, fitted = run(
                z, m, params, init, form=form, start=start, keep_fitted=True
            )
            assert fitted is not None
            a, b, g, ph = (chosen_params[rows, i][:, None] for i in range(4))
            phi_h = (
                np.cumsum(ph ** hs[None, :], axis=1)
                if form.trend
                else np.zeros((len(rows), horizon))
            )
            point = level[:, 0:1] + (phi_h * trend[:, 0:1] if form.trend else 0.0)
            if form.seasonal:
                mm = max(m, 1)
                season_h[rows] = season[:, 0, (n - 1 + hs) % mm]
                point = point + season_h[rows]
            # analytic variance multipliers; c_j for j = 1..h-1
            c = a + a * b * np.concatenate([np.zeros((len(rows), 1)), phi_h[:, :-1]], axis=1)
            c = np.broadcast_to(c, (len(rows), horizon)).copy()
            if form.seasonal:
                c = c + g * ((hs - 1) % max(m, 1) == 0)[None, :]
            c[:, 0] = 0.0  # horizon 1 has no c term
            mult = 1 + np.cumsum(c**2, axis=1)
            k_smooth = 1 + (2 if form.trend else 0) + (1 if form.seasonal else 0)
            sig2 = chosen_sse[rows] / max(n_eff - k_smooth, 1)
            sigma[rows] = np.sqrt(sig2)
            loc[rows] = point
            scale[rows] = np.sqrt(sig2[:, None] * mult)
            if calibrate:
                errors = in_sample_errors(
                    z, m, chosen_params[rows], init, form=form, start=start, horizon=horizon
                )
                scale[rows] *= calibration_factors(errors, scale[rows])
            mean[rows] = np.exp(np.minimum(point, 700.0)) if log else point
            fitted_all[rows] = np.exp(fitted[:, 0, :]) if log else fitted[:, 0, :]
            for r in rows:
                names[r] = f"ETS({form.name}){' on log scale' if log else ''}"
    return Forecasts(
        mean=mean,
        loc=loc,
        season=season_h,
        scale=scale,
        log=chosen_log,
        form=names,
        params=chosen_params,
        sigma=sigma,
        fitted=fitted_all,
    )
