"""Efficacy on a synthetic workbook whose truth is known: sales jump lastingly when an
initiative declared to lift them starts; the action taken on the off-track finding sees the
finding gone by its due date and the KPI better; dismissals are tallied, not acted on."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl
import pytest

from coxswain.backtest import backtest, render
from coxswain.backtest.efficacy import ActionTaken, Dismissed
from coxswain.backtest.replay import month_end
from coxswain.workbook.read import build_workbook

START = dt.date(2023, 1, 31)
JUMP = 24  # January 2025


@pytest.fixture(scope="module")
def report() -> Any:
    rng = random.Random(3)
    dates = [month_end(START, i) for i in range(36)]
    sales = [(100.0 if i < JUMP else 160.0) + rng.gauss(0, 3) for i in range(36)]
    company = {
        "format": 1,
        "name": "Jump Co",
        "objectives": [{"id": "growth", "name": "Growth"}],
        "kpis": [
            {
                "id": "sales",
                "name": "Sales",
                "objective": "growth",
                "direction": "up",
                "target": 150.0,
                "warning": 120.0,
                "deadline": "2027-12-31",
            }
        ],
        "initiatives": [
            {
                "id": "push",
                "name": "Sales push",
                "objectives": ["growth"],
                "effects": {"growth": 2},
                "start": "2025-01-01",
            }
        ],
    }
    wb = build_workbook(
        company, {"kpi_values": pl.DataFrame({"date": dates, "kpi": "sales", "value": sales})}
    )
    return backtest(
        wb,
        start=dt.date(2024, 12, 31),
        workers=1,
        actions=[
            ActionTaken(
                finding_id="kpi_off_track:sales:growth",
                taken=dt.date(2025, 1, 1),
                due=dt.date(2025, 3, 31),
                title="Call the lapsed wholesale buyers",
            ),
            ActionTaken(
                finding_id="kpi_off_track:sales:growth",
                taken=dt.date(2025, 12, 1),
                due=dt.date(2026, 6, 30),  # after the data
            ),
        ],
        dismissals=[
            Dismissed("kpi_anomaly", "Known: "),
            ("kpi_anomaly", "known:"),
            Dismissed("silo", "small team"),
        ],
    )


def test_the_declared_effect_is_measured_and_agrees(report: Any) -> None:
    push = next(i for i in report.efficacy["initiatives"] if i["work"] == "push")
    assert push["declared_effect"] == 2
    assert push["measured"] == "better" and push["agrees"] is True
    assert push["over_time"][-1]["measured"] == "better"


def test_the_action_worked(report: Any) -> None:
    action, _ = report.efficacy["actions"]
    assert report.warnings[0].as_of == dt.date(2024, 12, 31)
    assert any(w.seen.id == "kpi_off_track:sales:growth" for w in report.warnings)
    assert action["checked_on"] == "2025-03-31" and action["gone_by_due"] is True
    assert action["kpi"]["moved"] == "better"


def test_dismissals_are_tallied_by_kind_and_reason(report: Any) -> None:
    d = report.efficacy["dismissals"]
    assert d["total"] == 3
    assert d["by_kind"][0]["kind"] == "kpi_anomaly" and d["by_kind"][0]["count"] == 2
    assert {"kind": "kpi_anomaly", "reason": "known:", "count": 2} in d["by_reason"]


def test_the_action_says_what_it_compared(report: Any) -> None:
    action, _ = report.efficacy["actions"]
    kpi = action["kpi"]
    assert action["outcome"] == "gone" and action["raised_before"] is True
    # the months from the day it was taken on against the twelve or more before it
    assert kpi["comparison_period"]["after"][0] == "2025-01-31"
    assert kpi["comparison_period"]["before"][1] == "2024-12-31"
    assert kpi["periods_before"] >= 12 and kpi["periods_after"] == 12  # January to December 2025
    assert kpi["actual_mean"] > kpi["expected_mean"]


def test_an_action_due_after_the_data_is_not_judged(report: Any) -> None:
    _, later = report.efficacy["actions"]
    assert later["checked_on"] is None and later["gone_by_due"] is None
    assert later["outcome"] == "not known yet"


def test_dismissals_show_how_many_of_the_kind_were_raised(report: Any) -> None:
    silo = next(k for k in report.efficacy["dismissals"]["by_kind"] if k["kind"] == "silo")
    assert silo == {"kind": "silo", "count": 1, "raised": 0}


def test_the_owner_reads_the_actions_and_dismissals(report: Any) -> None:
    text = " ".join(render.text(report).replace("│", " ").split())
    assert "Did what we did about the warnings work?" in text
    assert "Call the" in text  # the table wraps long cells
    assert "better than its" in text
    assert "not known yet" in text
    assert "nothing is retuned" in text and "known: (2)" in text
    page = render.html(report)
    assert "Call the lapsed wholesale buyers" in page and "Warnings you dismissed" in page
