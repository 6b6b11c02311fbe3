import datetime as dt

import numpy as np
import polars as pl

from coxswain.analysis import diagnostics
from coxswain.analysis.base import Context
from coxswain.timeseries.synthetic import month_ends, workbook

AS_OF = dt.date(2026, 9, 30)
DATES = month_ends(AS_OF, 24)
T = np.arange(24)


def noisy(base, slope, sd, seed):
    return base + slope * T + np.random.default_rng(seed).normal(0, sd, 24)


def wb(kpis: dict[str, tuple[str, str, np.ndarray]], **tables):
    company = {
        "objectives": [{"id": "o", "name": "O"}],
        "kpis": [
            {"id": k, "name": k, "objective": "o", "direction": d, "kind": kind}
            for k, (kind, d, _) in kpis.items()
        ],
    }
    return workbook(
        company, kpi_values={k: (DATES, v) for k, (_, _, v) in kpis.items()}, tables=tables
    )


def test_high_churn_despite_strong_marketing_is_an_expectation_gap():
    book = wb(
        {
            "churn": ("churn", "down", noisy(0.03, 0.001, 0.002, 1)),
            "signups": ("acquisition", "up", noisy(100, 3, 5, 2)),
            "ads": ("marketing_spend", "up", noisy(5000, 100, 200, 3)),
        }
    )
    section = diagnostics.analyze(book, Context(as_of=AS_OF))
    [gap] = [f for f in section.findings if f.kind == "expectation_gap"]
    # the id names the problem (churn), not the supporting trends, so it stays stable
    assert gap.subjects == ("churn",) and gap.id == "expectation_gap:churn"
    assert {j["kpi"] for j in gap.evidence["acquiring"]} == {"signups", "ads"}
    assert gap.evidence["leaving"][0]["trend"]["p"] < 0.05
    assert gap.severity.value == "high"


def test_no_gap_when_churn_is_flat_or_new_customers_fall():
    flat = wb(
        {
            "churn": ("churn", "down", noisy(0.03, 0.0, 0.002, 1)),
            "signups": ("acquisition", "up", noisy(100, 3, 5, 2)),
        }
    )
    assert diagnostics.analyze(flat, Context(as_of=AS_OF)).findings == []
    fewer = wb(
        {
            "churn": ("churn", "down", noisy(0.03, 0.001, 0.002, 1)),
            "signups": ("acquisition", "up", noisy(100, -3, 5, 2)),
            "ads": ("marketing_spend", "up", noisy(5000, 100, 200, 3)),
        }
    )
    assert [
        f
        for f in diagnostics.analyze(fewer, Context(as_of=AS_OF)).findings
        if f.kind == "expectation_gap"
    ] == []


def test_a_gap_stands_when_new_customers_rise_on_less_marketing_spend():
    """Customers are still won (more sign-ups) and still lost; that marketing costs less
    does not undo the gap (TUNE seed 1219: churn rising, new customers rising, marketing spend
    falling with the company's shrinking sales, where the rule before asked that neither
    fall). Spend rising while new customers fall is no gap (above)."""
    cutting = wb(
        {
            "churn": ("churn", "down", noisy(0.03, 0.001, 0.002, 1)),
            "signups": ("acquisition", "up", noisy(100, 3, 5, 2)),
            "ads": ("marketing_spend", "up", noisy(5000, -100, 200, 3)),
        }
    )
    [gap] = [
        f
        for f in diagnostics.analyze(cutting, Context(as_of=AS_OF)).findings
        if f.kind == "expectation_gap"
    ]
    assert gap.subjects == ("churn",)
    assert [j["kpi"] for j in gap.evidence["acquiring"]] == ["signups"]
    assert gap.title.startswith("Customers leave faster although acquisition is rising:")


def test_marketing_spend_from_spend_csv_counts():
    spend = pl.DataFrame(
        {
            "date": DATES,
            "initiative": [None] * 24,
            "category": ["Marketing"] * 24,
            "amount": noisy(5000, 150, 200, 4),
        },
        schema={
            "date": pl.Date,
            "initiative": pl.String,
            "category": pl.String,
            "amount": pl.Float64,
        },
    )
    book = wb({"churn": ("churn", "down", noisy(0.03, 0.001, 0.002, 1))}, spend=spend)
    section = diagnostics.analyze(book, Context(as_of=AS_OF))
    [gap] = [f for f in section.findings if f.kind == "expectation_gap"]
    assert gap.evidence["acquiring"][0]["kpi"] == "derived-marketing_spend"


def test_revenue_up_margin_down_is_a_tension():
    book = wb(
        {
            "revenue": ("revenue", "up", noisy(1000, 20, 10, 5)),
            "margin": ("margin", "up", noisy(0.3, -0.004, 0.004, 6)),
        }
    )
    [f] = diagnostics.analyze(book, Context(as_of=AS_OF)).findings
    assert f.kind == "kpi_tension" and f.evidence["rule"] == "revenue_vs_margin"
    assert f.subjects == ("margin", "revenue")


def test_lead_time_up_quality_down_and_staff_before_customers():
    emp = np.r_[noisy(8, -0.1, 0.1, 7)]
    book = wb(
        {
            "lead": ("lead_time", "down", noisy(5, 0.2, 0.2, 8)),
            "quality": ("quality", "up", noisy(95, -0.3, 0.3, 9)),
            "enps": ("employee_satisfaction", "up", emp),
            "csat": (
                "satisfaction",
                "up",
                np.r_[np.full(12, 4.5), 4.5 - 0.03 * np.arange(12)]
                + np.random.default_rng(10).normal(0, 0.02, 24),
            ),
        }
    )
    rules = {f.evidence["rule"] for f in diagnostics.analyze(book, Context(as_of=AS_OF)).findings}
    assert rules == {"speed_vs_quality", "staff_vs_customer_satisfaction"}


def test_steady_kpis_give_nothing():
    book = wb(
        {
            "revenue": ("revenue", "up", noisy(1000, 20, 10, 5)),
            "margin": ("margin", "up", noisy(0.3, 0.0, 0.004, 6)),
            "signups": ("acquisition", "up", noisy(100, 3, 5, 2)),
            "csat": ("satisfaction", "up", noisy(4.5, 0.0, 0.05, 3)),
        }
    )
    assert diagnostics.analyze(book, Context(as_of=AS_OF)).findings == []


def test_gap_id_ignores_supporting_trends_and_sorts_the_leaving_kpis():
    base = {
        "z_churn": ("churn", "down", noisy(0.03, 0.001, 0.002, 1)),
        "a_retention": ("retention", "up", noisy(0.9, -0.003, 0.002, 11)),
        "signups": ("acquisition", "up", noisy(100, 3, 5, 2)),
    }
    with_csat = {**base, "csat": ("satisfaction", "up", noisy(4.5, -0.03, 0.02, 3))}
    gaps = [
        list(diagnostics.analyze(wb(k), Context(as_of=AS_OF)).findings) for k in (base, with_csat)
    ]
    ids = [{f.id for f in fs if f.kind == "expectation_gap"} for fs in gaps]
    assert ids[0] == ids[1] == {"expectation_gap:a_retention:z_churn"}
    [gap] = [f for f in gaps[1] if f.kind == "expectation_gap"]
    assert gap.evidence["delivery_falling"][0]["kpi"] == "csat"


def test_gap_on_derived_churn_is_named_by_the_acquisition_kpis():
    from coxswain.timeseries.series import KpiInfo, make_series

    def judged(kpi_id: str, kind: str, derived: bool, values: np.ndarray):
        info = KpiInfo(
            id=kpi_id,
            name=kpi_id,
            objective=None,
            direction="up",
            kind=kind,
            derived=derived,
            source="test",
        )
        s = make_series(info, DATES, list(values))
        assert s is not None
        j = diagnostics.judge(s)
        assert j is not None
        return j

    churn = judged("derived-churn", "churn", True, noisy(0.03, 0.001, 0.002, 1))
    ads = judged("ads", "marketing_spend", False, noisy(5000, 100, 200, 3))
    signups = judged("signups", "acquisition", False, noisy(100, 3, 5, 2))
    derived_acq = judged("derived-acquisition", "acquisition", True, noisy(100, 3, 5, 2))
    assert diagnostics.gap_subjects(leaving=[churn], winning=[signups, ads]) == ("ads", "signups")
    assert diagnostics.gap_subjects(leaving=[churn], winning=[derived_acq]) == ()


def test_one_tension_per_pair_with_distinct_ids():
    book = wb(
        {
            "shop_revenue": ("revenue", "up", noisy(1000, 20, 10, 5)),
            "web_revenue": ("revenue", "up", noisy(500, 15, 10, 12)),
            "margin": ("margin", "up", noisy(0.3, -0.004, 0.004, 6)),
        }
    )
    findings = diagnostics.analyze(book, Context(as_of=AS_OF)).findings
    assert sorted(f.subjects for f in findings) == [
        ("margin", "shop_revenue"),
        ("margin", "web_revenue"),
    ]
    assert len({f.id for f in findings}) == len(findings)
    assert all(f.evidence["rule"] == "revenue_vs_margin" for f in findings)
