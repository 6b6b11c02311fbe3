"""A key result measured by a KPI (``kpi:`` on the key result, an optional extension of the
workbook contract): its level is the KPI's latest value as of the analysis date, so a goal
and the KPI's tile never disagree; an unknown KPI is refused at its place."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from coxswain.analysis.rules import goal_progress
from coxswain.workbook import WorkbookError
from coxswain.workbook.read import build_workbook
from tests.strategies import typed, workbook_of


def _company(kpi: str = "rating") -> dict[str, Any]:
    return {
        "objectives": [{"id": "o", "name": "Loved bread"}],
        "kpis": [{"id": "rating", "name": "Rating", "objective": "o", "direction": "up"}],
        "goals": [
            {
                "id": "g",
                "owner": "o",
                "parent": "o",
                "title": "Win back our reputation",
                "period": "2026",
                "key_results": [
                    {"title": "Rating", "start": 4.0, "target": 5.0, "current": 4.9, "kpi": kpi}
                ],
            }
        ],
    }


VALUES = [
    {"date": dt.date(2026, 6, 30), "kpi": "rating", "value": 4.2},
    {"date": dt.date(2026, 7, 31), "kpi": "rating", "value": 4.5},
    {"date": dt.date(2026, 8, 31), "kpi": "rating", "value": 4.8},
]


def test_the_kpi_measures_the_key_result_as_of_each_date() -> None:
    wb = workbook_of(_company(), kpi_values=VALUES)
    july = wb.until(dt.date(2026, 7, 31))
    assert july.company.goals[0].key_results[0].current == 4.5
    assert goal_progress(july.company)["g"] == pytest.approx(0.5)
    august = wb.until(dt.date(2026, 9, 30))
    assert august.company.goals[0].key_results[0].current == 4.8
    # before the KPI's first value, the key result keeps what the workbook says
    early = wb.until(dt.date(2026, 5, 31))
    assert early.company.goals[0].key_results[0].current == 4.9


def test_an_unknown_kpi_on_a_key_result_is_refused_at_its_place() -> None:
    with pytest.raises(WorkbookError) as refused:
        build_workbook(
            {"format": 1, "name": "Test Co", **_company(kpi="ratnig")},
            {"kpi_values": typed("kpi_values", VALUES)},
        )
    text = "\n".join(str(p) for p in refused.value.problems)
    assert (
        "goals[0].key_results[0].kpi: 'ratnig' is not a known KPI; did you mean 'rating'?" in text
    )
