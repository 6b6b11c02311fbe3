"""The backtest on small synthetic workbooks whose truth is known: a KPI that will clearly
miss its target is warned of before its deadline and the warning comes true; a KPI far above
its target is neither warned of nor missed; a goal whose check-ins stall is behind, and that
comes true; replays see nothing after their date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl
import pytest

from coxswain.backtest import as_of_dates, backtest
from coxswain.backtest.core import PSEUDO, summary
from coxswain.backtest.replay import month_end, replay
from coxswain.workbook import Workbook
from coxswain.workbook.read import build_workbook

START = dt.date(2023, 1, 31)
MONTHS = 36
DEADLINE = dt.date(2025, 3, 31)  # month 27: inside the history, so it can be scored


def _company(**extra: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "name": "Test Co",
        "objectives": [{"id": "growth", "name": "Growth"}, {"id": "care", "name": "Care"}],
        "kpis": [
            {
                "id": "sales",
                "name": "Sales",
                "objective": "growth",
                "direction": "up",
                "target": 200.0,
                "deadline": DEADLINE.isoformat(),
            },
            {
                "id": "rating",
                "name": "Rating",
                "objective": "care",
                "direction": "up",
                "target": 3.0,
                "deadline": DEADLINE.isoformat(),
            },
        ],
        **extra,
    }


def _values() -> pl.DataFrame:
    dates = [month_end(START, i) for i in range(MONTHS)]
    # sales fall steadily from 150 and never get near 200; the rating sits far above 3
    sales = [150.0 - 2.0 * i + (1.5 if i % 2 else -1.5) for i in range(MONTHS)]
    rating = [4.5 + (0.05 if i % 3 == 0 else -0.05) for i in range(MONTHS)]
    return pl.DataFrame(
        {
            "date": dates * 2,
            "kpi": ["sales"] * MONTHS + ["rating"] * MONTHS,
            "value": sales + rating,
        }
    )


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return build_workbook(_company(), {"kpi_values": _values()})


@pytest.fixture(scope="module")
def report(workbook: Workbook) -> Any:
    # three quarters before the deadline and three after: cheap, and enough to judge
    return backtest(workbook, start=dt.date(2024, 6, 30), every="quarter", workers=1)


def test_as_of_dates_are_period_ends(workbook: Workbook) -> None:
    quarters = as_of_dates(workbook)
    assert quarters[0] == dt.date(2023, 12, 31)  # twelve months into the history
    assert quarters[-1] == dt.date(2025, 12, 31)
    assert all(d.month % 3 == 0 for d in quarters)
    months = as_of_dates(workbook, start=dt.date(2025, 10, 15), every="month")
    assert months == [dt.date(2025, 10, 31), dt.date(2025, 11, 30), dt.date(2025, 12, 31)]


def test_a_clear_miss_is_warned_and_the_warning_comes_true(report: Any) -> None:
    sales = [w for w in report.warnings if w.seen.id.startswith("kpi_at_risk:sales")]
    assert {w.as_of for w in sales} == {
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
    }  # every replay before the deadline warned; none after it
    assert all(w.came_true is True for w in sales)
    row = next(r for r in report.by_kind if r.kind == "kpi_at_risk")
    assert (row.fired, row.came_true, row.missed) == (1, 1, 0)
    assert row.lead_time_months == 9  # June 2024 to March 2025
    s = summary(report)
    assert s.came_true >= 1 and s.lead_time_months == 9


def test_a_kpi_far_above_target_is_neither_warned_nor_missed(report: Any) -> None:
    assert not [w for w in report.warnings if "rating" in w.seen.subjects]
    chances = [b for b in report.calibration["bins"] if b["lo"] >= 0.9]
    assert chances and chances[0]["observed"] == 1.0


def test_calibration_beats_the_naive_baselines_on_a_clear_trend(report: Any) -> None:
    cal = report.calibration
    assert cal["n"] > 0
    assert cal["brier"] < 0.05  # both KPIs are clear: the forecast is sure and right
    assert cal["brier"] <= cal["baseline_brier"]["base_rate"]
    row = next(r for r in report.by_kind if r.kind == PSEUDO)
    assert row.missed == 0 and row.came_true == row.fired > 0


def test_json_has_the_contracted_shape(report: Any) -> None:
    data = json.loads(json.dumps(report.to_json()))
    assert set(data) >= {"as_of_dates", "warnings", "calibration", "by_kind"}
    assert set(data["warnings"][0]) >= {"id", "kind", "as_of", "came_true"}
    assert set(data["calibration"]) >= {"brier", "baseline_brier", "bins"}
    assert set(data["by_kind"][0]) >= {"kind", "fired", "came_true", "missed", "lead_time_months"}


def test_a_miss_without_warning_is_counted() -> None:
    # the replays start after the deadline's forecast would have been made: a deadline missed
    # with a replay before it but no kpi_at_risk (a single replay one month ahead, too little
    # history for a forecast) is a miss without warning
    wb = build_workbook(
        _company(), {"kpi_values": _values().filter(pl.col("date") >= dt.date(2024, 9, 1))}
    )
    report = backtest(wb, start=dt.date(2025, 2, 28), every="month", workers=1)
    row = next(r for r in report.by_kind if r.kind == "kpi_at_risk")
    assert row.fired == 0 and row.missed == 1


def test_a_stalled_goal_is_behind_and_that_comes_true() -> None:
    goals = [
        {
            "id": "g1",
            "owner": "team1",
            "parent": "growth",
            "title": "Sign ten partners",
            "period": "2025-Q1",
            "key_results": [{"id": "partners", "title": "Partners", "target": 10, "current": 9}],
        }
    ]
    checkins = pl.DataFrame(
        {
            "date": [dt.date(2025, 1, 15), dt.date(2025, 2, 15), dt.date(2025, 3, 31)],
            "person": [None, None, None],
            "goal": ["g1"] * 3,
            "key_result": ["partners"] * 3,
            "value": [1.0, 1.0, 2.0],
        },
        schema_overrides={"person": pl.String},
    )
    wb = build_workbook(
        _company(teams=[{"id": "team1", "name": "Team"}], goals=goals),
        {"kpi_values": _values(), "checkins": checkins},
    )
    # as of February the goal stood at 1 of 10 (company.yaml's 9 is later knowledge)
    snap = replay(wb, dt.date(2025, 2, 28))
    behind = [f for f in snap.findings if f.kind == "goal_behind"]
    assert behind and behind[0].evidence["progress"] == pytest.approx(0.1)
    report = backtest(wb, start=dt.date(2025, 2, 28), every="month", workers=1)
    goal = [w for w in report.warnings if w.seen.kind == "goal_behind"]
    assert goal[0].as_of == dt.date(2025, 2, 28) and goal[0].came_true is True


def test_a_replay_sees_nothing_after_its_date(workbook: Workbook) -> None:
    early = replay(workbook, dt.date(2024, 3, 31))
    at_risk = next(f for f in early.findings if f.id.startswith("kpi_at_risk:sales"))
    assert at_risk.evidence["latest"]["date"] == "2024-03-31"
    assert all(c.as_of == dt.date(2024, 3, 31) for c in early.chances)


def test_the_pool_gives_the_same_report(workbook: Workbook, report: Any) -> None:
    pooled = backtest(workbook, start=dt.date(2024, 6, 30), every="quarter", workers=2)
    assert pooled.to_json() == report.to_json()
