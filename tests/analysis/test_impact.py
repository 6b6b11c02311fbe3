import datetime as dt

from coxswain.analysis import impact
from coxswain.analysis.base import Context
from coxswain.timeseries.synthetic import month_ends, seasonal_series, workbook

AS_OF = dt.date(2026, 9, 30)
DATES = month_ends(AS_OF, 36)


def book(quality, *, effects=None, start=DATES[24]):
    return workbook(
        {
            "objectives": [
                {"id": "margin", "name": "Margin", "weight": 1},
                {"id": "bread_quality", "name": "Quality", "weight": 2},
            ],
            "kpis": [
                {"id": "rating", "name": "Rating", "objective": "bread_quality", "direction": "up"},
                {"id": "gross", "name": "Gross margin", "objective": "margin", "direction": "up"},
            ],
            "initiatives": [
                {
                    "id": "cheap_flour",
                    "name": "Cheapest flour",
                    "objectives": ["margin"],
                    "effects": effects or {},
                    "start": start.isoformat(),
                }
            ],
        },
        kpi_values={
            "rating": (DATES, quality),
            "gross": (DATES, seasonal_series(36, level=0.3, noise=0.01, seed=9)),
        },
    )


def test_undeclared_harm_to_weighted_objective_is_found():
    q = seasonal_series(36, level=4.5, amplitude=0.1, noise=0.03, seed=1)
    q[24:] -= 0.2
    section = impact.analyze(book(q), Context(as_of=AS_OF))
    [f] = section.findings
    assert f.kind == "initiative_harm"
    assert f.subjects == ("cheap_flour", "rating")
    assert f.evidence["why_checked"] == "weighted objective"
    assert f.evidence["p_adjusted"] < 0.05 and f.severity.value == "high"


def test_declared_harm_is_medium():
    q = seasonal_series(36, level=4.5, noise=0.03, seed=1)
    q[24:] -= 0.2
    [f] = impact.analyze(book(q, effects={"bread_quality": -1}), Context(as_of=AS_OF)).findings
    assert f.evidence["declared_effect"] == -1 and f.severity.value == "medium"


def test_seasonal_and_trending_kpi_without_change_is_not_harm():
    for seed in range(5):
        q = seasonal_series(36, level=4.0, slope=0.01, amplitude=0.2, noise=0.03, seed=seed)
        assert impact.analyze(book(q), Context(as_of=AS_OF)).findings == []


def test_too_little_pre_history_is_noted():
    q = seasonal_series(36, level=4.5, noise=0.03, seed=1)
    section = impact.analyze(book(q, start=DATES[6]), Context(as_of=AS_OF))
    assert section.findings == []
    assert any("needs 12" in row.get("note", "") for row in section.tables["comparisons"])
