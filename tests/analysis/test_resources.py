"""Resources: money and hours per objective against the weights."""

from __future__ import annotations

import datetime as dt

import pytest

from coxswain.analysis import resources
from coxswain.analysis.base import Severity
from tests.strategies import bakery, context, workbook_of

OBJECTIVES = [
    {"id": "a", "name": "A", "weight": 1},
    {"id": "b", "name": "B", "weight": 1},
]


def test_tvd_by_hand() -> None:
    # weights 0.5 / 0.5, shares 0.9 / 0.1 → TVD = ½ (0.4 + 0.4) = 0.4
    assert resources.tvd({"a": 0.9, "b": 0.1}, {"a": 0.5, "b": 0.5}) == pytest.approx(0.4)


def test_spend_rows_beat_budget_and_budget_is_prorated() -> None:
    wb = workbook_of(
        {
            "objectives": OBJECTIVES,
            "initiatives": [
                # has spend rows: those count (1000 in the window), not its budget
                {"id": "ia", "name": "IA", "objectives": ["a"], "budget": 99999},
                # no spend rows: a yearly 3652.5 prorated to the 6 months it ran
                {
                    "id": "ib",
                    "name": "IB",
                    "objectives": ["b"],
                    "budget": 3652.5,
                    "start": "2026-04-01",
                },
            ],
        },
        spend=[
            {"date": dt.date(2026, 5, 1), "initiative": "ia", "amount": 1000.0},
            {"date": dt.date(2024, 5, 1), "initiative": "ia", "amount": 5000.0},  # outside
            {"date": dt.date(2026, 6, 1), "initiative": None, "category": "rent", "amount": 700.0},
        ],
    )
    section = resources.analyze(wb, context("2026-09-30"))
    per = {p["initiative"]: p for p in section.tables["initiatives"]}
    assert per["ia"]["money"] == 1000.0 and per["ia"]["money_source"] == "spend.csv"
    # 2026-04-01..2026-09-30 is 183 days: 3652.5 × 183 / 365.25 = 1830
    assert per["ib"]["money"] == pytest.approx(1830.0)
    assert section.tables["unattributed"] == {"money": 700.0, "by_category": {"rent": 700.0}}


def test_several_objectives_split_by_positive_effects_else_equally() -> None:
    wb = workbook_of({"objectives": [*OBJECTIVES, {"id": "c", "name": "C"}]})
    from coxswain.workbook.model import Initiative

    by_effect = Initiative(id="x", name="X", objectives=("a", "b"), effects={"a": 2, "b": 1})
    assert resources.split(by_effect) == pytest.approx({"a": 2 / 3, "b": 1 / 3})
    equal = Initiative(id="y", name="Y", objectives=("a", "b", "c"), effects={"a": -1})
    assert resources.split(equal) == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert wb.company.objectives


def test_bakery_money_flows_to_donut_marketing() -> None:
    section = resources.analyze(bakery(), context("2026-09-30"))
    (finding,) = section.findings
    assert finding.kind == "resource_misallocation"
    assert finding.subjects == ("donut_sales", "bread_quality")
    assert finding.severity == Severity.high
    assert finding.evidence["top_initiatives"][0] == "donut_marketing"
    # rent rows are reported, never dropped
    assert finding.evidence["unattributed_money"] == 27000.0


def test_balanced_spending_gives_no_finding() -> None:
    wb = workbook_of(
        {
            "objectives": OBJECTIVES,
            "initiatives": [
                {
                    "id": "ia",
                    "name": "IA",
                    "objectives": ["a"],
                    "budget": 1000,
                    "hours_per_month": 10,
                },
                {
                    "id": "ib",
                    "name": "IB",
                    "objectives": ["b"],
                    "budget": 1100,
                    "hours_per_month": 9,
                },
            ],
        }
    )
    section = resources.analyze(wb, context())
    assert not section.findings
    assert section.score == 100
    assert "spend.csv" in section.missing


def test_nothing_to_allocate_is_no_evidence() -> None:
    section = resources.analyze(workbook_of({"objectives": OBJECTIVES}), context())
    assert section.score is None
    assert "company.yaml: initiatives" in section.missing


def test_a_programme_started_lately_is_not_under_fed() -> None:
    """Two objectives of equal weight, a programme each with the same budget and hours;
    one began two months ago. Over the year its objective got a sixth of the money, but what
    runs now is balanced: no finding (the window alone would say medium)."""
    programmes = [
        {"id": "ia", "name": "IA", "objectives": ["a"], "budget": 1200, "hours_per_month": 10},
        {
            "id": "ib",
            "name": "IB",
            "objectives": ["b"],
            "budget": 1200,
            "hours_per_month": 10,
            "start": "2026-08-01",
        },
    ]
    section = resources.analyze(
        workbook_of({"objectives": OBJECTIVES, "initiatives": programmes}), context("2026-09-30")
    )
    assert section.tables["tvd"] >= 0.25
    assert section.tables["tvd_current"] == pytest.approx(0.0, abs=0.01)
    assert not section.findings

    # running all year at four times the budget and hours of the other: out of line over
    # the year and now
    programmes[1] = {k: v for k, v in programmes[1].items() if k != "start"}
    programmes[1] |= {"budget": 4800, "hours_per_month": 40}
    section = resources.analyze(
        workbook_of({"objectives": OBJECTIVES, "initiatives": programmes}), context("2026-09-30")
    )
    (finding,) = section.findings
    assert finding.subjects == ("b", "a")
    assert finding.evidence["tvd_current"] >= 0.25
