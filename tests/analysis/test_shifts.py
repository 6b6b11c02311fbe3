import datetime as dt

import numpy as np

from coxswain.analysis import shifts
from coxswain.analysis.base import Context
from coxswain.timeseries.synthetic import month_ends, seasonal_series, workbook

AS_OF = dt.date(2026, 9, 30)


def company(*kpis):
    return {
        "objectives": [{"id": "o", "name": "O"}],
        "kpis": [{"id": k, "name": k.title(), "objective": "o", "direction": "up"} for k in kpis],
    }


def test_seasonal_control_gets_no_shift_or_anomaly():
    """Like harbour_dental: strong ordinary seasonality and a steady trend."""
    dates = month_ends(AS_OF, 48)
    values = {
        f"k{i}": (
            dates,
            seasonal_series(48, level=300, slope=0.8 * i - 1, amplitude=40, noise=4, seed=i),
        )
        for i in range(4)
    }
    section = shifts.analyze(workbook(company(*values), kpi_values=values), Context(as_of=AS_OF))
    assert section.findings == []
    assert all(row["seasonal"] for row in section.tables["kpis"])


def test_recent_drop_is_a_shift_with_date_and_size():
    dates = month_ends(AS_OF, 36)
    y = seasonal_series(36, level=100, amplitude=10, noise=1, seed=4)
    y[28:] -= 10
    section = shifts.analyze(
        workbook(company("sales"), kpi_values={"sales": (dates, y)}), Context(as_of=AS_OF)
    )
    [finding] = [f for f in section.findings if f.kind == "kpi_shift"]
    assert finding.subjects == ("sales", "o")
    assert finding.evidence["date"] == dates[28].isoformat()
    assert finding.evidence["jump"] < -7


def test_improvement_is_recorded_but_not_a_finding():
    dates = month_ends(AS_OF, 36)
    y = seasonal_series(36, level=100, noise=1, seed=6)
    y[24:] += 10
    section = shifts.analyze(
        workbook(company("sales"), kpi_values={"sales": (dates, y)}), Context(as_of=AS_OF)
    )
    assert section.findings == []
    assert section.tables["kpis"][0]["shifts"][0]["worse"] is False


def test_recent_spike_is_an_anomaly_with_its_date():
    dates = month_ends(AS_OF, 36)
    y = seasonal_series(36, level=100, amplitude=10, noise=1, seed=5)
    y[32] -= 15
    section = shifts.analyze(
        workbook(company("sales"), kpi_values={"sales": (dates, y)}), Context(as_of=AS_OF)
    )
    [finding] = section.findings
    assert finding.kind == "kpi_anomaly"
    assert finding.evidence["dates"] == [dates[32].isoformat()]
    assert finding.severity.value == "medium"


def test_short_history_is_noted():
    dates = month_ends(AS_OF, 8)
    section = shifts.analyze(
        workbook(company("sales"), kpi_values={"sales": (dates, np.arange(8.0))}),
        Context(as_of=AS_OF),
    )
    assert section.findings == []
    assert "too little history" in section.tables["kpis"][0]["note"]
