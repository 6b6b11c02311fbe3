"""BG/NBD and Gamma-Gamma customer-base models, fitted by maximum likelihood with scipy.

Why hand-written: ``lifetimes`` is unmaintained and fails under pandas 3, ``btyd`` is an
unmaintained alpha, and ``pymc-marketing`` brings PyMC/PyTensor (a compiler tool chain
and hundreds of MB) for what is a four-parameter likelihood. The formulas are those of
Fader, Hardie & Lee (2005a), "Counting your customers the easy way: an alternative to
the Pareto/NBD model", Marketing Science 24(2) (BG/NBD), and Fader, Hardie & Lee
(2005b), "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4),
with the Gamma-Gamma spend model of Fader & Hardie's note "The Gamma-Gamma model of
monetary value" (2013). Tests reproduce the published CDNOW parameters.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Rfm:
    """Per customer: repeat purchases ``x``, recency ``t_x`` and age (the papers' ``T``),
    in units of ``unit_days``, and the mean value of the repeat purchases (0 without)."""

    customer: list[str]
    x: FloatArray
    t_x: FloatArray
    age: FloatArray
    monetary: FloatArray


def rfm(transactions: pl.DataFrame, *, end: dt.date, unit_days: float = 7.0) -> Rfm:
    """Frequency, recency and age per customer, from purchases up to ``end``.

    Purchases on the same day count as one (as in the CDNOW studies); frequency is the
    number of purchase days after the first.
    """
    daily = (
        transactions.filter(pl.col("date") <= end)
        .group_by("customer", "date")
        .agg(pl.col("amount").fill_null(0.0).sum())
        .sort("customer", "date")
    )
    end_ord = end.toordinal()
    per = daily.group_by("customer", maintain_order=True).agg(
        pl.col("date").min().alias("first"),
        pl.col("date").max().alias("last"),
        (pl.len() - 1).alias("x"),
        pl.col("amount").slice(1).mean().fill_null(0.0).alias("monetary"),
    )
    first = np.array([d.toordinal() for d in per.get_column("first").to_list()], dtype=float)
    last = np.array([d.toordinal() for d in per.get_column("last").to_list()], dtype=float)
    return Rfm(
        customer=per.get_column("customer").to_list(),
        x=per.get_column("x").to_numpy().astype(float),
        t_x=(last - first) / unit_days,
        age=(end_ord - first) / unit_days,
        monetary=per.get_column("monetary").to_numpy().astype(float),
    )


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float

    def p_alive(self, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        ratio = np.where(
            x > 0,
            a / np.maximum(b + x - 1, 1e-12) * ((alpha + age) / (alpha + t_x)) ** (r + x),
            0.0,
        )
        out: FloatArray = 1.0 / (1.0 + ratio)
        return out

    def expected_purchases(
        self, t: float, x: FloatArray, t_x: FloatArray, age: FloatArray
    ) -> FloatArray:
        """Expected purchases in the next ``t`` periods, given each customer's history
        (FHL 2005a, eq. 10)."""
        from scipy.special import hyp2f1

        r, alpha, a, b = self.r, self.alpha, self.a, self.b
        z = t / (alpha + age + t)
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
        num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hyp)
        den = 1 + np.where(
            x > 0,
            a / np.maximum(b + x - 1, 1e-12) * ((alpha + age) / (alpha + t_x)) ** (r + x),
            0.0,
        )
        out: FloatArray = num / den
        return out


def bgnbd_neg_ll(log_params: FloatArray, x: FloatArray, t_x: FloatArray, age: FloatArray) -> float:
    """Negative BG/NBD log-likelihood of the customers (x, t_x, age)."""
    return _bgnbd_summary_neg_ll(log_params, _BgNbdSummary.of(x, t_x, age))


@dataclass(frozen=True)
class _BgNbdSummary:
    """The distinct (x, t_x, age) histories and the distinct x of the customers: each
    customer's likelihood term is computed once per distinct history (its gamma-function
    parts once per distinct x) and then spread back to every customer. Each term is the
    same float as before and the sum runs in the same order, so fits are unchanged to
    the bit (the likelihood can be flat along a ridge, where any rounding difference
    moves the optimiser's answer)."""

    x: FloatArray
    t_x: FloatArray
    age: FloatArray
    row_index: npt.NDArray[np.intp]  # customer -> distinct history
    x_values: FloatArray
    x_index: npt.NDArray[np.intp]  # distinct history -> distinct x

    @classmethod
    def of(cls, x: FloatArray, t_x: FloatArray, age: FloatArray) -> _BgNbdSummary:
        rows, row_index = np.unique(np.column_stack([x, t_x, age]), axis=0, return_inverse=True)
        x_values, x_index = np.unique(rows[:, 0], return_inverse=True)
        return cls(
            x=rows[:, 0],
            t_x=rows[:, 1],
            age=rows[:, 2],
            row_index=row_index.reshape(-1),
            x_values=x_values,
            x_index=x_index.reshape(-1),
        )


def _bgnbd_summary_neg_ll(log_params: FloatArray, d: _BgNbdSummary) -> float:
    from scipy.special import gammaln

    r, alpha, a, b = np.exp(log_params)
    x, ux, i = d.x, d.x_values, d.x_index
    a1 = gammaln(r + ux)[i] - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + ux)[i] - gammaln(b) - gammaln(a + b + ux)[i]
    a3 = -(r + x) * np.log(alpha + d.age)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + d.t_x),
            -np.inf,
        )
    ll = a1 + a2 + np.logaddexp(a3, a4)
    return float(-ll[d.row_index].sum())


def _one_blas_thread() -> AbstractContextManager[object]:
    """L-BFGS-B calls BLAS on 4x4 matrices; with a multi-threaded OpenBLAS its threads
    spin on every call and cost several times the likelihood itself on a busy machine.
    One thread gives the same numbers."""
    from threadpoolctl import threadpool_limits

    limits: AbstractContextManager[object] = threadpool_limits(limits=1, user_api="blas")
    return limits


def fit_bgnbd(x: FloatArray, t_x: FloatArray, age: FloatArray) -> BgNbd:
    """Maximum-likelihood BG/NBD parameters (r, alpha, a, b)."""
    from scipy.optimize import minimize

    summary = _BgNbdSummary.of(x, t_x, age)
    scale = float(np.mean(age)) or 1.0
    best = None
    for start in ([0.0, np.log(scale / 10), 0.0, 0.0], [0.0, np.log(scale), -1.0, 1.0]):
        with _one_blas_thread():
            res = minimize(
                _bgnbd_summary_neg_ll,
                np.array(start, dtype=float),
                args=(summary,),
                method="L-BFGS-B",
                bounds=[(-10, 10)] * 4,
            )
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None
    r, alpha, a, b = (float(v) for v in np.exp(best.x))
    return BgNbd(r=r, alpha=alpha, a=a, b=b, log_likelihood=-float(best.fun))


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    gamma: float
    log_likelihood: float

    def expected_spend(self, x: FloatArray, m: FloatArray) -> FloatArray:
        """Expected mean transaction value given x repeat purchases of mean value m."""
        p, q, g = self.p, self.q, self.gamma
        pop = p * g / (q - 1)
        w = (q - 1) / (p * x + q - 1)
        out: FloatArray = np.where(x > 0, w * pop + (1 - w) * m, pop)
        return out


def gg_neg_ll(
    log_params: FloatArray,
    x: FloatArray,
    m: FloatArray,
    index: npt.NDArray[np.intp] | None = None,
) -> float:
    """Negative Gamma-Gamma log-likelihood. With ``index``, ``x`` and ``m`` are the
    distinct (x, m) pairs and ``index`` maps each customer to its pair: the terms are
    computed once per pair and summed per customer, the same sum as without."""
    from scipy.special import gammaln

    p, q, g = np.exp(log_params)
    ll = (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(g)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(g + x * m)
    )
    return float(-(ll if index is None else ll[index]).sum())


def fit_gamma_gamma(x: FloatArray, m: FloatArray) -> GammaGamma:
    """Gamma-Gamma spend model on customers with repeat purchases (x > 0, m > 0)."""
    from scipy.optimize import minimize

    keep = (x > 0) & (m > 0)
    xs, ms = x[keep], m[keep]
    pairs, index = np.unique(np.column_stack([xs, ms]), axis=0, return_inverse=True)
    with _one_blas_thread():
        res = minimize(
            gg_neg_ll,
            np.array([0.0, 0.0, np.log(max(float(np.mean(ms)), 1e-6))]),
            args=(pairs[:, 0], pairs[:, 1], index.reshape(-1)),
            method="L-BFGS-B",
            bounds=[(-10, 10)] * 3,
        )
    p, q, g = (float(v) for v in np.exp(res.x))
    return GammaGamma(p=p, q=q, gamma=g, log_likelihood=-float(res.fun))
