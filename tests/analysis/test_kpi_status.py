"""KPI status against warning and target, by direction."""

from __future__ import annotations

import datetime as dt

import pytest

from coxswain.analysis import kpi_status
from coxswain.analysis.base import Severity
from coxswain.workbook.model import Kpi
from tests.strategies import context, workbook_of

AS_OF = dt.date(2026, 9, 30)


@pytest.mark.parametrize(
    ("direction", "value", "status"),
    [
        ("up", 4.7, "on_target"),
        ("up", 4.4, "amber"),
        ("up", 4.3, "amber"),  # at the warning level is not past it
        ("up", 4.29, "off_track"),
        ("down", 2.0, "on_target"),
        ("down", 4.0, "amber"),
        ("down", 6.0, "off_track"),
    ],
)
def test_status_by_direction(direction: str, value: float, status: str) -> None:
    target, warning = (4.6, 4.3) if direction == "up" else (3.0, 5.0)
    kpi = Kpi(id="k", name="K", objective="o", direction=direction, target=target, warning=warning)
    assert kpi_status.status_of(kpi, value, AS_OF)[0] == status


def test_deadline_passed_unmet_is_off_track() -> None:
    kpi = Kpi(
        id="k", name="K", objective="o", direction="up", target=10, deadline=dt.date(2026, 6, 30)
    )
    assert kpi_status.status_of(kpi, 9, AS_OF)[0] == "off_track"
    assert kpi_status.status_of(kpi, 10, AS_OF)[0] == "on_target"
    assert kpi_status.status_of(kpi, 9, dt.date(2026, 6, 1))[0] == "amber"


def test_latest_value_decides_and_finding_cites_it() -> None:
    wb = workbook_of(
        {
            "objectives": [{"id": "o", "name": "O"}],
            "kpis": [
                {
                    "id": "k",
                    "name": "Rating",
                    "objective": "o",
                    "direction": "up",
                    "target": 4.6,
                    "warning": 4.3,
                    "unit": "stars",
                },
                {"id": "quiet", "name": "Quiet", "objective": "o", "direction": "up", "target": 1},
            ],
        },
        kpi_values=[
            {"date": dt.date(2026, 7, 31), "kpi": "k", "value": 4.8},
            {"date": dt.date(2026, 9, 30), "kpi": "k", "value": 3.9},
            {"date": dt.date(2026, 8, 31), "kpi": "k", "value": 4.5},
        ],
    )
    section = kpi_status.analyze(wb, context())
    (finding,) = section.findings
    assert finding.id == "kpi_off_track:k:o"
    assert finding.evidence["latest"] == 3.9 and finding.evidence["date"] == "2026-09-30"
    # 0.4 past the warning over a 0.3 warning-to-target width; the only objective
    assert finding.severity == Severity.high
    statuses = {r["kpi"]: r["status"] for r in section.tables["kpis"]}
    assert statuses == {"k": "off_track", "quiet": "no_data"}


def test_without_kpis_no_evidence() -> None:
    section = kpi_status.analyze(workbook_of({}), context())
    assert section.score is None and "company.yaml: kpis" in section.missing
