import datetime as dt

import numpy as np

from coxswain.analysis import forecast
from coxswain.analysis.base import Context
from coxswain.timeseries.synthetic import month_ends, seasonal_series, workbook

AS_OF = dt.date(2026, 9, 30)


def bakery(n=30, *, slope=-0.012, target=4.6, deadline="2026-12-31", unit=None):
    dates = month_ends(AS_OF, n)
    rating = 4.55 + slope * np.arange(n) + np.random.default_rng(1).normal(0, 0.03, n)
    return workbook(
        {
            "objectives": [{"id": "bread_quality", "name": "Best bread"}],
            "kpis": [
                {
                    "id": "review_rating",
                    "name": "Average online review rating",
                    "objective": "bread_quality",
                    "direction": "up",
                    "target": target,
                    "deadline": deadline,
                    "kind": "satisfaction",
                    **({"unit": unit} if unit else {}),
                }
            ],
        },
        kpi_values={"review_rating": (dates, rating)},
    )


def test_falling_reviews_are_at_risk_with_a_probability():
    section = forecast.analyze(bakery(), Context(as_of=AS_OF))
    [finding] = section.findings
    assert finding.kind == "kpi_at_risk"
    assert finding.subjects == ("review_rating", "bread_quality")
    assert 0.0 <= finding.evidence["p_hit"] < 0.05
    assert finding.evidence["interval_80"][1] < 4.6
    assert finding.severity.value == "high"


def test_the_title_says_the_target_in_the_kpis_unit_and_the_chance_as_the_summary_does():
    from coxswain.wording.numbers import Words

    section = forecast.analyze(bakery(unit="1-5"), Context(as_of=AS_OF))
    [finding] = section.findings
    assert "its target of 4.6 out of 5 by" in finding.title
    assert Words().chance(finding.evidence["p_hit"]) in finding.title


def test_kpi_on_course_has_no_finding_but_a_chart():
    wb = bakery(slope=0.0, target=4.4)
    section = forecast.analyze(wb, Context(as_of=AS_OF))
    assert section.findings == []
    [chart] = section.tables["kpis"]
    assert chart["p_hit"] > 0.9
    assert len(chart["history"]["values"]) == 30
    fc = chart["forecast"]
    assert fc["dates"][2] == "2026-12-31"
    assert all(lo <= m <= hi for lo, m, hi in zip(fc["lo80"], fc["mean"], fc["hi80"], strict=True))


def test_too_little_history_is_said_not_guessed():
    section = forecast.analyze(bakery(n=5), Context(as_of=AS_OF))
    assert section.findings == []
    assert "too little history" in section.tables["notes"][0]["note"]


def test_deadline_passed_is_not_forecast():
    section = forecast.analyze(bakery(deadline="2026-06-30"), Context(as_of=AS_OF))
    assert section.findings == []
    assert section.tables["kpis"][0]["p_hit"] is None


def test_forecasts_are_computed_once_and_shared():
    wb = bakery()
    context = Context(as_of=AS_OF)
    forecast.analyze(wb, context)
    done, _ = context.shared("forecasts", lambda: (_ for _ in ()).throw(AssertionError("again")))
    assert "review_rating" in done


def test_seasonal_kpi_target_inside_its_swing_is_not_at_risk():
    dates = month_ends(AS_OF, 48)
    y = seasonal_series(48, level=100, amplitude=20, noise=2, seed=3)
    wb = workbook(
        {
            "objectives": [{"id": "o", "name": "O"}],
            "kpis": [
                {
                    "id": "visits",
                    "name": "Visits",
                    "objective": "o",
                    "direction": "up",
                    "target": 85,  # the deadline month is ~90 in an ordinary year
                    "deadline": "2027-09-30",
                }
            ],
        },
        kpi_values={"visits": (dates, y)},
    )
    section = forecast.analyze(wb, Context(as_of=AS_OF))
    assert section.findings == []
    assert "A)" in section.tables["kpis"][0]["model"]


def test_seasonal_dip_in_the_deadline_month_is_not_a_miss():
    """Like harbour_dental's chair utilisation: ~84% most months, ~75% every December,
    target 80 with the deadline at the end of December. The target is judged on the
    seasonally adjusted level."""
    dates = month_ends(AS_OF, 36)
    rng = np.random.default_rng(8)
    y = np.array([75.5 if d.month == 12 else 84.0 for d in dates]) + rng.normal(0, 0.7, 36)
    wb = workbook(
        {
            "objectives": [{"id": "o", "name": "O"}],
            "kpis": [
                {
                    "id": "chairs",
                    "name": "Chair utilisation",
                    "objective": "o",
                    "direction": "up",
                    "target": 80,
                    "deadline": "2026-12-31",
                }
            ],
        },
        kpi_values={"chairs": (dates, y)},
    )
    section = forecast.analyze(wb, Context(as_of=AS_OF))
    assert section.findings == []
    chart = section.tables["kpis"][0]
    assert chart["forecast"]["mean"][2] < 78  # the December forecast itself dips
    assert chart["p_hit"] > 0.9


def test_the_interval_at_the_deadline_is_of_what_the_chance_judges() -> None:
    """Harbour Dental's chair utilisation: an 86% chance of its 80% target beside "between
    73.1% and 78.1%" at the deadline, December's dip included (a walk-through). The
    interval at the deadline is now of the seasonally adjusted level, as the chance."""
    from pathlib import Path

    import pytest

    from coxswain.workbook import read_workbook

    harbour = Path(__file__).resolve().parents[2] / "examples" / "harbour_dental"
    if not harbour.is_dir():
        pytest.skip("needs examples/harbour_dental")
    workbook = read_workbook(harbour)
    as_of = max(workbook.kpi_values["date"].to_list())
    done, _ = forecast.forecasts(workbook, Context(as_of=as_of))
    chair = done["chair_utilisation"]
    assert chair.p_hit is not None and chair.p_hit > 0.6 and chair.at_deadline is not None
    low, mid, high = chair.at_deadline
    assert mid >= 80 and low < high
