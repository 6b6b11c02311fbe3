"""The report's optional section "How good were our warnings?": the words of a backtest
(coxswain.backtest.render.context), in the HTML and the PDF; absent without a backtest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from coxswain.analysis.runner import analyze
from coxswain.backtest import backtest, render
from coxswain.backtest.efficacy import ActionTaken, Dismissed
from coxswain.backtest.replay import month_end
from coxswain.report.html import render_html
from coxswain.workbook.read import build_workbook


@pytest.fixture(scope="module")
def workbook() -> Any:
    """Sales slide from 150 to 100 over three years against a target of 140."""
    dates = [month_end(dt.date(2023, 1, 31), i) for i in range(36)]
    sales = [150.0 - 50.0 * i / 35 + (2.0 if i % 2 else -2.0) for i in range(36)]
    company = {
        "format": 1,
        "name": "Slide Co",
        "objectives": [{"id": "growth", "name": "Growth"}],
        "kpis": [
            {
                "id": "sales",
                "name": "Sales",
                "objective": "growth",
                "direction": "up",
                "target": 140.0,
                "warning": 125.0,
                "deadline": "2027-12-31",
            }
        ],
    }
    return build_workbook(
        company, {"kpi_values": pl.DataFrame({"date": dates, "kpi": "sales", "value": sales})}
    )


@pytest.fixture(scope="module")
def words(workbook: Any) -> dict[str, Any]:
    report = backtest(
        workbook,
        start=dt.date(2025, 3, 31),
        workers=1,
        actions=[
            ActionTaken(
                finding_id="kpi_off_track:sales:growth",
                taken=dt.date(2025, 4, 1),
                due=dt.date(2025, 9, 30),
                title="Win back the lost stockists",
            )
        ],
        dismissals=[Dismissed("kpi_anomaly", "a one-off")],
    )
    return render.context(report)


def test_the_report_has_the_section_when_given_a_backtest(workbook: Any, words: Any) -> None:
    result = analyze(workbook)
    plain = render_html(result)
    assert "How good were our warnings?" not in plain
    html = render_html(result, backtest=words)
    assert 'id="backtest"' in html and "How good were our warnings?" in html
    assert words["headline"] in html
    assert "KPI off its target" in html  # the table by kind, in words
    assert "Win back the lost stockists" in html  # the action's outcome
    assert "a one-off" in html  # the dismissal's reason, shown back


def test_the_pdf_prints_the_section(workbook: Any, words: Any) -> None:
    from coxswain.report.pdf import render_pdf

    result = analyze(workbook)
    without, with_section = render_pdf(result), render_pdf(result, backtest=words)
    assert with_section.startswith(b"%PDF") and len(with_section) > len(without)
