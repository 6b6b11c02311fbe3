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
rescaled per series so that the 80% interval is the split-conformal one of the chosen
form's out-of-sample errors from the latest origins in the history, its parameters chosen
afresh on the history up to each origin (:func:`conformal_factor`; the same pass over the
data gives those fits, see :func:`run`; measured in benchmarks/bench_forecast.py,
docs/kpi.md).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import NamedTuple

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


class Track(NamedTuple):
    """Per series and tracked origin, the parameter row with the least one-step squared
    error on the history up to and including that origin, and the state it had reached
    there: what a fit on that shorter history would have chosen."""

    row: npt.NDArray[np.intp]  # (S, K) index in the parameter grid
    level: FloatArray  # (S, K)
    trend: FloatArray  # (S, K)
    season: FloatArray  # (S, K, m)

    def rows(self, mask: npt.NDArray[np.bool_]) -> Track:
        return Track(self.row[mask], self.level[mask], self.trend[mask], self.season[mask])


class Run(NamedTuple):
    sse: FloatArray  # (S, G) sum of squared one-step errors from ``start`` on
    level: FloatArray  # (S, G) final states
    trend: FloatArray  # (S, G)
    season: FloatArray  # (S, G, m)
    fitted: FloatArray | None  # (S, G, n) one-step predictions, if asked
    track: Track | None  # the best row at each tracked origin, if asked


def run(
    y: FloatArray,
    m: int,
    params: FloatArray,
    init: Init,
    *,
    form: Form,
    start: int,
    keep_fitted: bool = False,
    origins: npt.NDArray[np.intp] | None = None,
) -> Run:
    """Run the recursions for every series (rows of ``y``) and parameter row.

    ``params`` is (G, 4) shared by all series, or (S, G, 4) per series. With ``origins``
    (increasing time indices, each at least ``start``), the parameter row a fit on the
    history up to and including each origin would choose is kept with its state there:
    the recursions are causal and the sum of squared errors accumulates, so one pass
    gives the fit of every prefix.
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
    slot = np.full(n, -1)
    track = None
    if origins is not None:
        slot[origins] = np.arange(len(origins))
        k_count = len(origins)
        track = Track(
            row=np.zeros((s_count, k_count), dtype=np.intp),
            level=np.zeros((s_count, k_count)),
            trend=np.zeros((s_count, k_count)),
            season=np.zeros((s_count, k_count, mm)),
        )
    series = np.arange(s_count)
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
        if track is not None and slot[t] >= 0:
            k, best = slot[t], np.argmin(sse, axis=1)
            track.row[:, k] = best
            track.level[:, k] = level[series, best]
            track.trend[:, k] = trend[series, best]
            track.season[:, k] = season[series, best]
    return Run(sse, level, trend, season, fitted, track)


def point_forecasts(
    params: FloatArray,
    level: FloatArray,
    trend: FloatArray,
    season: FloatArray,
    t: FloatArray,
    m: int,
    horizon: int,
) -> FloatArray:
    """Forecasts 1..H steps ahead from states reached after observation ``t``.

    ``params`` (..., 4); ``level``, ``trend``, ``t`` (...); ``season`` (..., m). Forms
    without trend have ``trend`` 0, without season ``season`` 0. Returns (..., H).
    """
    hs = np.arange(1, horizon + 1)
    phi_h = np.cumsum(params[..., 3, None] ** hs, axis=-1)
    idx = ((t[..., None] + hs) % max(m, 1)).astype(np.intp)
    out: FloatArray = (
        level[..., None] + phi_h * trend[..., None] + np.take_along_axis(season, idx, axis=-1)
    )
    return out


def variance_multipliers(params: FloatArray, m: int, horizon: int) -> FloatArray:
    """``1 + sum_{1<=j<h} c_j^2`` for h = 1..H with ``c_j = alpha*(1 + beta*phi_j) +
    gamma*[j % m == 0]`` and ``phi_j = phi + ... + phi^j`` (Hyndman et al. 2008, Table 6.1);
    ``params`` (..., 4), returns (..., H). Forms without trend or season have beta or
    gamma 0 in their grids."""
    a, b, g, ph = (params[..., i, None] for i in range(4))
    j = np.arange(1, horizon)
    phi_j = np.cumsum(ph**j, axis=-1)
    c = a + a * b * phi_j + g * (j % max(m, 1) == 0)
    zero = np.zeros((*c.shape[:-1], 1))
    out: FloatArray = 1 + np.concatenate([zero, np.cumsum(c**2, axis=-1)], axis=-1)
    return out


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
    calibration: FloatArray  # (S,) factor on the analytic sd (1: not calibrated)

    def quantile(self, q: float, *, adjusted: bool = False) -> FloatArray:
        """The ``q`` quantile of every series at every horizon; with ``adjusted``, of the
        seasonally adjusted level (as :meth:`prob_at_least` judges it)."""
        from scipy.stats import norm

        loc = self.loc - self.season if adjusted else self.loc
        z = loc + norm.ppf(q) * self.scale
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


CALIBRATION_ORIGINS = 36  # latest forecast origins in the history whose errors calibrate
CALIBRATION_MIN_JUDGED = 6  # one-step errors after the initialisation a fit at an origin needs
CALIBRATION_MIN_ERRORS = 10  # errors needed before they rescale the analytic intervals
# The calibrated interval is at least this share of the analytic one: a quiet stretch at the
# end of a noisy history must not shrink the bands to a point and p_hit to 0 or 1.
CALIBRATION_MIN_FACTOR = 0.25  # the nine real benchmark series need 0.33 at the least (PBS)
Z80 = 1.2815515655446004  # standard normal 90% quantile: half-width of an 80% interval


def origin_errors(
    z: FloatArray,
    m: int,
    grid: FloatArray,
    track: Track,
    origins: npt.NDArray[np.intp],
    horizon: int,
) -> FloatArray:
    """Errors (S, K, H) of the forecasts 1..H steps ahead from each tracked origin, each
    made with the parameters a fit on the history up to that origin chose (``track``);
    NaN where the history ends."""
    n = z.shape[1]
    point = point_forecasts(
        grid[track.row],
        track.level,
        track.trend,
        track.season,
        np.broadcast_to(origins, track.row.shape),
        m,
        horizon,
    )
    target = origins[:, None] + np.arange(1, horizon + 1)[None, :]  # (K, H)
    actual = np.where(target <= n - 1, z[:, np.minimum(target, n - 1)], np.nan)
    out: FloatArray = actual - point
    return out


def conformal_factor(errors: FloatArray, scale: FloatArray, level: float = 0.8) -> FloatArray:
    """Per series, the factor on the analytic standard deviations ``scale`` (S, H) that
    makes the central ``level`` interval the split-conformal one of the ``errors``
    (S, K, H; NaN where there are none).

    The conformity score of an error is its absolute value over the analytic standard
    deviation of its horizon, so that errors of all horizons are pooled; the interval's
    half-width in standard deviations is the ceil(level*(k+1))-th smallest of the k scores
    (Vovk et al. 2005; Lei et al. 2018, split conformal), over the standard normal
    quantile, and never under :data:`CALIBRATION_MIN_FACTOR`. 1 (the analytic interval)
    with fewer than :data:`CALIBRATION_MIN_ERRORS`.
    """
    from scipy.stats import norm

    s_count = errors.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(scale[:, None, :] > 0, np.abs(errors) / scale[:, None, :], np.nan)
    scores = scores.reshape(s_count, -1)
    count = np.isfinite(scores).sum(axis=1)
    rank = np.ceil(level * (count + 1)).astype(np.intp)  # 1-based
    ok = (count >= CALIBRATION_MIN_ERRORS) & (rank <= count)
    if scores.shape[1] == 0:
        return np.ones(s_count)
    ordered = np.sort(scores, axis=1)  # NaN last
    q = ordered[np.arange(s_count), np.clip(rank - 1, 0, scores.shape[1] - 1)]
    factor = np.maximum(q / norm.ppf(0.5 + level / 2), CALIBRATION_MIN_FACTOR)
    out: FloatArray = np.where(ok, factor, 1.0)
    return out


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
    With ``calibrate``, the analytic standard deviations are rescaled so that the 80%
    interval is the split-conformal one of the chosen model's out-of-sample errors from
    each of the last :data:`CALIBRATION_ORIGINS` observations, its parameters chosen
    afresh on the history up to each (rolling origin; :func:`conformal_factor`).
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
    # Forecast origins for the calibration: the latest observations that have a later one
    # and leave a fit on the history up to them at least CALIBRATION_MIN_JUDGED errors.
    first = max(start + CALIBRATION_MIN_JUDGED - 1, n - 1 - CALIBRATION_ORIGINS)
    origins = np.arange(first, n - 1) if calibrate else np.arange(0)
    lead = min(horizon, max(n - 1 - first, 0))  # the longest horizon with an error to judge

    best_score = np.full(s_count, np.inf)
    chosen_form = np.zeros(s_count, dtype=int)
    chosen_log = np.zeros(s_count, dtype=bool)
    chosen_params = np.zeros((s_count, 4))
    chosen_sse = np.zeros(s_count)
    factor = np.ones(s_count)
    for log in scales:
        z = np.log(np.where(positive[:, None], y, 1.0)) if log else y
        jacobian = 2 * np.log(np.where(positive[:, None], y, 1.0))[:, start:].sum(axis=1)
        for fi, form in enumerate(forms):
            grid = _grid(form)
            init = initial_states(z, m, seasonal=form.seasonal, k=start)
            res = run(
                z,
                m,
                grid,
                init,
                form=form,
                start=start,
                origins=origins if calibrate and lead else None,
            )
            g = np.argmin(res.sse, axis=1)
            sse_best = res.sse[np.arange(s_count), g]
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
            if res.track is not None and better.any():
                # this form's analytic sd (as below) and its out-of-sample errors
                sd = np.sqrt(
                    sse_best[better, None]
                    / max(n_eff - (k - 1), 1)
                    * variance_multipliers(grid[g[better]], m, lead)
                )
                track = res.track.rows(better)
                errors = origin_errors(z[better], m, grid, track, origins, lead)
                factor[better] = conformal_factor(errors, sd)

    mean = np.empty((s_count, horizon))
    loc = np.empty((s_count, horizon))
    scale = np.empty((s_count, horizon))
    fitted_all = np.empty((s_count, n))
    sigma = np.empty(s_count)
    season_h = np.zeros((s_count, horizon))
    names: list[str] = [""] * s_count
    hs = np.arange(1, horizon + 1)
    last = np.full(s_count, n - 1)
    for fi, form in enumerate(forms):
        for log in scales:
            rows = np.flatnonzero((chosen_form == fi) & (chosen_log == log))
            if rows.size == 0:
                continue
            z = np.log(y[rows]) if log else y[rows]
            init = initial_states(z, m, seasonal=form.seasonal, k=start)
            params = chosen_params[rows]
            res = run(z, m, params[:, None, :], init, form=form, start=start, keep_fitted=True)
            assert res.fitted is not None
            level, trend, season = res.level[:, 0], res.trend[:, 0], res.season[:, 0]
            point = point_forecasts(params, level, trend, season, last[rows], m, horizon)
            if form.seasonal:
                season_h[rows] = season[:, (n - 1 + hs) % max(m, 1)]
            k_smooth = 1 + (2 if form.trend else 0) + (1 if form.seasonal else 0)
            sig2 = chosen_sse[rows] / max(n_eff - k_smooth, 1)
            sigma[rows] = np.sqrt(sig2)
            loc[rows] = point
            analytic = np.sqrt(sig2[:, None] * variance_multipliers(params, m, horizon))
            scale[rows] = analytic * factor[rows, None]
            mean[rows] = np.exp(np.minimum(point, 700.0)) if log else point
            fitted_all[rows] = np.exp(res.fitted[:, 0, :]) if log else res.fitted[:, 0, :]
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
        calibration=factor,
    )
