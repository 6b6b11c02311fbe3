"""Odd KPI histories must not break a run: constant, zero, negative, one point, gaps,
weekly and quarterly cadences, duplicates of a period."""

import datetime as dt
import json

import numpy as np
import pytest

from coxswain.analysis import customers, diagnostics, forecast, impact, shifts, strategy_links
from coxswain.analysis.base import Context
from coxswain.timeseries.synthetic import month_ends, workbook

AS_OF = dt.date(2026, 9, 30)
MONTHS = month_ends(AS_OF, 30)
SUNDAYS = [dt.date(2024, 10, 6) + dt.timedelta(days=7 * i) for i in range(104)]
QUARTERS = [d for d in month_ends(AS_OF, 36) if d.month in (3, 6, 9, 12)]

CASES = {
    "constant": (MONTHS, [5.0] * 30),
    "zeros": (MONTHS, [0.0] * 30),
    "negative": (MONTHS, list(-50 + np.random.default_rng(1).normal(0, 3, 30))),
    "one_point": ([AS_OF], [1.0]),
    "gappy": (MONTHS[::3], list(np.arange(10.0))),
    "weekly": (SUNDAYS, list(1000 + np.random.default_rng(2).normal(0, 20, 104))),
    "quarterly": (QUARTERS, list(np.linspace(10, 20, len(QUARTERS)))),
    "huge": (MONTHS, list(1e12 * (1 + np.arange(30) / 100))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_analysis_survives(case):
    dates, values = CASES[case]
    wb = workbook(
        {
            "objectives": [
                {"id": "a", "name": "A"},
                {"id": "b", "name": "B", "drivers": ["a"], "lag_months": 2},
            ],
            "kpis": [
                {
                    "id": "k",
                    "name": "K",
                    "objective": "a",
                    "direction": "up",
                    "target": 10,
                    "deadline": "2027-06-30",
                    "kind": "revenue",
                },
                {"id": "m", "name": "M", "objective": "b", "direction": "down", "kind": "margin"},
            ],
            "initiatives": [{"id": "i", "name": "I", "start": "2025-10-01"}],
        },
        kpi_values={"k": (dates, values), "m": (MONTHS, list(np.linspace(1, 2, 30)))},
    )
    context = Context(as_of=AS_OF)
    for module in (customers, forecast, shifts, diagnostics, impact, strategy_links):
        section = module.analyze(wb, context)
        context.sections[section.name] = section
        # valid JSON: no NaN or infinity anywhere
        json.dumps(section.tables, allow_nan=False)
        for f in section.findings:
            json.dumps(f.to_json(), allow_nan=False)
    charts = {c["kpi"]: c for c in context.sections["forecast"].tables["kpis"]}
    if case == "one_point":
        assert charts["k"]["forecast"] is None
    if case == "constant":
        assert charts["k"]["p_hit"] == 0.0  # flat at 5, target 10
