"""The warnings benchmark (benchmarks/warnbench): the backtest on labelled companies.

Two tiny runs only (a company with plants and a clean one, each at its last quarter end
only): the benchmark itself runs with ``python -m benchmarks warnings``.
"""

from __future__ import annotations

import pytest

from benchmarks.detectors.generate import AS_OF
from benchmarks.warnbench.run import (
    CompanyResult,
    compare,
    median_ci,
    report,
    run_company,
    table,
)

PLANTED = (2005, ("kpi_shift", "sentiment_decline", "kpi_off_track"))


@pytest.fixture(scope="module")
def results() -> list[CompanyResult]:
    return [
        run_company(PLANTED, min_months=0, max_dates=1),
        run_company((2000, ()), min_months=0, max_dates=1),
        run_company((2000, ()), min_months=10_000),  # too short: skipped, not replayed
    ]


def test_each_company_is_backtested_and_its_warnings_labelled(
    results: list[CompanyResult],
) -> None:
    planted, clean, short = results
    assert len(planted.dates) == 1 and len(clean.dates) == 1
    assert planted.dates[-1] <= AS_OF.isoformat()
    assert short.skipped and not short.dates and not short.warnings
    assert len(planted.plants_warned) == len(planted.plants) == 3
    assert {w.label for w in planted.warnings} <= {"plant", "explained", "false"}
    assert all(w.label != "plant" for w in clean.warnings)  # nothing planted, nothing to hit
    # a plant counts as warned exactly when some warning on it was labelled "plant"
    on_plant = {w.kind for w in planted.warnings if w.label == "plant"}
    for plant, warned in zip(planted.plants, planted.plants_warned, strict=True):
        assert warned == (plant.kind in on_plant)


def test_the_table_has_a_row_per_kind_with_precision_misses_and_lead_time(
    results: list[CompanyResult],
) -> None:
    rows = table(results)
    kinds = [r["kind"] for r in rows]
    assert kinds[-1] == "kpi_at_risk (pseudo-deadlines)"
    assert {p.kind for p in results[0].plants} <= set(kinds)
    for r in rows:
        assert set(r) >= {"kind", "fired", "came_true", "precision", "missed", "lead_time_months"}
        assert r["came_true"] <= r["judged"] <= r["fired"]
        p = r["precision"]
        assert 0.0 <= p["lo"] <= p["hi"] <= 1.0
        if p["n"]:
            assert p["lo"] <= p["p"] <= p["hi"]
        if r["planted"] is not None:
            assert r["plants_missed"] <= r["planted"]
            assert r["on_plant"] + r["explained"] + r["false_alarms"] == r["fired"]
    groups = compare(results)
    assert [g["group"].split(":")[0] for g in groups] == [
        "clean companies",
        "companies with plants",
        "companies with plants",
        "companies with plants",
    ]
    assert groups[0]["companies"] == 1  # the skipped company is left out
    text = report("report", results, 1.0)
    assert "| kind | fired |" in text and "label precision" in text


def test_median_interval_from_order_statistics() -> None:
    assert median_ci([]) == (None, None, None)
    assert median_ci([3, 1, 2]) == (2.0, None, None)
    med, lo, hi = median_ci(list(range(1, 21)))
    assert med == 10.5
    assert lo is not None and hi is not None
    assert (lo, hi) == (6.0, 15.0)  # the 6th and 15th of 20 (binomial(20, ½), 95%)
