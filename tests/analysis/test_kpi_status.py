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


def test_a_deadline_without_a_target_is_not_a_missed_target() -> None:
    # A KPI with only a warning level and a deadline: past the warning it is off track,
    # but there is no target whose deadline could have been missed.
    wb = workbook_of(
        {
            "objectives": [{"id": "o", "name": "O"}, {"id": "p", "name": "P"}],
            "kpis": [
                {
                    "id": "k",
                    "name": "Waste",
                    "objective": "o",
                    "direction": "down",
                    "warning": 8,
                    "deadline": "2026-06-30",
                    "unit": "%",
                }
            ],
        },
        kpi_values=[{"date": dt.date(2026, 9, 1), "kpi": "k", "value": 9.0}],
    )
    (finding,) = kpi_status.analyze(wb, context()).findings
    assert finding.title == "“Waste” at 9% is past its warning level of 8%"
    assert finding.evidence["deadline_missed"] is False
    assert finding.severity == Severity.medium  # a small miss on an average objective


def _stale_workbook(deadline: str | None = None) -> object:
    kpi = {
        "id": "rating",
        "name": "Rating",
        "objective": "o",
        "direction": "up",
        "target": 4.6,
        "warning": 4.3,
        "unit": "stars",
    }
    fresh = {**kpi, "id": "sales", "name": "Sales", "unit": None, "target": 100, "warning": 90}
    if deadline:
        kpi["deadline"] = deadline
    months = [dt.date(2026, m, 28) for m in (1, 2, 3, 4)]
    return workbook_of(
        {"objectives": [{"id": "o", "name": "O"}], "kpis": [kpi, fresh]},
        kpi_values=[
            # monthly until April, then nothing: far past its warning, but five months old
            *[{"date": d, "kpi": "rating", "value": 3.5} for d in months],
            *[{"date": dt.date(2026, m, 28), "kpi": "sales", "value": 80.0} for m in (7, 8, 9)],
        ],
    )


def test_a_stale_value_is_not_judged_as_current() -> None:
    """Monthly values that stopped in April: as of 30 September (five months, more than
    three periods) the April value says nothing about whether the KPI is on track now."""
    section = kpi_status.analyze(_stale_workbook(), context())  # type: ignore[arg-type]
    rows = {r["kpi"]: r for r in section.tables["kpis"]}
    assert rows["rating"]["status"] == "stale"
    assert rows["rating"]["latest"] == 3.5 and rows["rating"]["date"] == "2026-04-28"
    assert rows["rating"]["stale_after_days"] == 91  # three months of a monthly KPI
    assert {f.id for f in section.findings} == {"kpi_off_track:sales:o"}
    assert "kpi_values.csv: rating (no value since 2026-04-28)" in section.missing
    # with the stale KPI alone there is nothing current to score
    assert section.score is not None
    # the same values as of mid-June are recent enough (49 days after a monthly value)
    june = kpi_status.analyze(_stale_workbook(), context("2026-06-16"))  # type: ignore[arg-type]
    assert {r["kpi"]: r["status"] for r in june.tables["kpis"]}["rating"] == "off_track"


def test_a_stale_value_past_its_deadline_is_still_a_missed_target() -> None:
    section = kpi_status.analyze(_stale_workbook("2026-06-30"), context())  # type: ignore[arg-type]
    rows = {r["kpi"]: r for r in section.tables["kpis"]}
    assert rows["rating"]["status"] == "off_track" and rows["rating"]["stale"] is True
    finding = next(f for f in section.findings if f.subjects[0] == "rating")
    assert finding.evidence["deadline_missed"] is True
    assert finding.evidence["stale"] is True
    assert "missed its 2026-06-30 target" in finding.title


def test_only_stale_kpis_give_no_score() -> None:
    wb = workbook_of(
        {
            "objectives": [{"id": "o", "name": "O"}],
            "kpis": [{"id": "k", "name": "K", "objective": "o", "direction": "up", "target": 5}],
        },
        kpi_values=[{"date": dt.date(2025, 12, 31), "kpi": "k", "value": 1.0}],
    )
    section = kpi_status.analyze(wb, context())
    assert section.score is None and not section.findings
    assert "stale" in section.score_note
