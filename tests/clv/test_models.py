"""BG/NBD and Gamma-Gamma against the published CDNOW results."""

import datetime as dt
import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from coxswain.clv.models import BgNbd, fit_bgnbd, fit_gamma_gamma, rfm


def cdnow() -> Path:
    path = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    if not path.is_dir() and os.environ.get("COXSWAIN_SHARED_DATA"):
        path = Path(os.environ["COXSWAIN_SHARED_DATA"])
    path = path / "cdnow"
    if not (path / "CDNOW_sample.txt").is_file():
        pytest.skip(f"shared data absent: {path} (the ../shared/data folder beside the repo)")
    return path


def sample_transactions(path: Path) -> pl.DataFrame:
    """CDNOW_sample.txt: master_id sample_id YYYYMMDD number_of_cds dollar_value."""
    rows = [line.split() for line in (path / "CDNOW_sample.txt").read_text().splitlines() if line]
    return pl.DataFrame(
        {
            "customer": [r[1] for r in rows],
            "date": [dt.datetime.strptime(r[2], "%Y%m%d").date() for r in rows],
            "amount": [float(r[4]) for r in rows],
        }
    )


CALIBRATION_END = dt.date(1997, 9, 30)  # 39 weeks after 1997-01-01 (T = 38.86 weeks)


@pytest.mark.shared_data
def test_rfm_matches_published_summary():
    path = cdnow()
    data = rfm(sample_transactions(path), end=CALIBRATION_END)
    summary = pl.read_csv(path / "cdnow_customers_summary.csv")
    assert len(data.customer) == 2357
    assert data.x.sum() == summary.get_column("frequency").sum()
    np.testing.assert_allclose(
        np.sort(data.age), np.sort(summary.get_column("T").to_numpy()), atol=0.01
    )


@pytest.mark.shared_data
def test_bgnbd_reproduces_fader_hardie_lee_2005():
    """FHL (2005) Marketing Science 24(2), CDNOW 1/10 sample, 39-week calibration:
    r = 0.243, alpha = 4.414, a = 0.793, b = 2.426."""
    summary = pl.read_csv(cdnow() / "cdnow_customers_summary.csv")
    fit = fit_bgnbd(
        summary.get_column("frequency").cast(pl.Float64).to_numpy(),
        summary.get_column("recency").to_numpy(),
        summary.get_column("T").to_numpy(),
    )
    for got, published in ((fit.r, 0.243), (fit.alpha, 4.414), (fit.a, 0.793), (fit.b, 2.426)):
        assert got == pytest.approx(published, rel=0.02)
    # published log-likelihood -9582.4
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.5)


@pytest.mark.shared_data
def test_gamma_gamma_reproduces_fader_hardie_lee_2005_rfm_clv():
    """FHL (2005) "RFM and CLV", JMR 42(4): Gamma-Gamma on the mean spend of the 946
    CDNOW sample customers with repeat purchases in the calibration period:
    p = 6.25, q = 3.74, gamma = 15.44."""
    data = rfm(sample_transactions(cdnow()), end=CALIBRATION_END)
    assert int((data.x > 0).sum()) == 946
    fit = fit_gamma_gamma(data.x, data.monetary)
    for got, published in ((fit.p, 6.25), (fit.q, 3.74), (fit.gamma, 15.44)):
        assert got == pytest.approx(published, rel=0.02)


def test_bgnbd_conditional_expectations_behave():
    model = BgNbd(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0)
    x, t_x, T = np.array([0.0, 5, 5]), np.array([0.0, 38, 5]), np.array([39.0, 39, 39])
    alive = model.p_alive(x, t_x, T)
    assert alive[0] == 1.0  # never repeated: cannot have dropped out under BG/NBD
    assert alive[1] > alive[2]  # recent buyer more likely alive than one gone quiet
    e = model.expected_purchases(52.0, x, t_x, T)
    assert e[1] > e[2] and e[1] > e[0]


def test_bgnbd_recovers_simulated_parameters():
    rng = np.random.default_rng(0)
    n, T = 3000, 52.0
    lam = rng.gamma(0.5, 1 / 5.0, n)  # r = 0.5, alpha = 5
    p = rng.beta(1.0, 4.0, n)  # a = 1, b = 4
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T:
                break
            x[i], t_x[i] = x[i] + 1, t
            if rng.random() < p[i]:
                break
    fit = fit_bgnbd(x, t_x, np.full(n, T))
    assert fit.r == pytest.approx(0.5, rel=0.2)
    assert fit.alpha == pytest.approx(5.0, rel=0.3)
    assert fit.a / (fit.a + fit.b) == pytest.approx(0.2, abs=0.05)


def _plain_bgnbd_neg_ll(log_params, x, t_x, age):
    """The per-customer BG/NBD likelihood as first written (FHL 2005a, eq. 6)."""
    from scipy.special import gammaln

    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + age)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return float(-(a1 + a2 + np.logaddexp(a3, a4)).sum())


def test_summary_likelihoods_equal_the_per_customer_sums_to_the_bit():
    from coxswain.clv.models import bgnbd_neg_ll, gg_neg_ll

    rng = np.random.default_rng(3)
    n = 500
    x = rng.integers(0, 6, n).astype(float)
    age = rng.integers(10, 40, n).astype(float)
    t_x = np.where(x > 0, np.minimum(age, rng.integers(1, 40, n)), 0).astype(float)
    m = np.round(rng.gamma(2, 10, n), 0) + 1
    for params in ([0.1, 1.0, -0.5, 0.7], [-1.0, 2.5, 0.3, 1.2]):
        p = np.array(params)
        assert bgnbd_neg_ll(p, x, t_x, age) == _plain_bgnbd_neg_ll(p, x, t_x, age)
        keep = x > 0
        pairs, index = np.unique(np.column_stack([x[keep], m[keep]]), axis=0, return_inverse=True)
        gp = p[:3]
        assert gg_neg_ll(gp, pairs[:, 0], pairs[:, 1], index.reshape(-1)) == gg_neg_ll(
            gp, x[keep], m[keep]
        )
