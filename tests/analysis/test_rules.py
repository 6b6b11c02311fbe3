"""The one source of every rule the faces share (coxswain.analysis.rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from coxswain.analysis import rules
from coxswain.analysis.rules import Colour, KpiState, ObjectiveStatus, TrendVerdict
from coxswain.timeseries.stats import Trend
from coxswain.workbook.model import Company, KeyResult, Kpi

AS_OF = dt.date(2026, 9, 30)


def _company(goals: list[dict[str, object]], **extra: object) -> Company:
    return Company.model_validate(
        {
            "format": 1,
            "name": "Co",
            "objectives": [
                {"id": "a", "name": "A", "weight": 3},
                {"id": "b", "name": "B", "weight": 1},
            ],
            "goals": goals,
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("start", "target", "current", "expected"),
    [
        (0, 10, 5, 0.5),
        (10, 0, 5, 0.5),  # a falling target
        (0, 10, 12, 1.0),
        (0, 10, -3, 0.0),
        (0, 10, None, None),
        (3, 3, 3, 1.0),  # a level held
        (3, 3, 4, None),  # a level to hold, not held: which side is better is unknown
    ],
)
def test_key_result_progress(
    start: float, target: float, current: float | None, expected: float | None
) -> None:
    kr = KeyResult(title="x", start=start, target=target, current=current)
    assert rules.kr_progress(kr) == expected


def test_an_unmet_hold_is_left_out_not_counted_as_zero() -> None:
    """The web used to count an unmet "hold" key result as 0, the analysis left it out."""
    company = _company(
        [
            {
                "id": "g",
                "owner": "t",
                "parent": "a",
                "title": "G",
                "key_results": [
                    {"title": "grow", "start": 0, "target": 10, "current": 8},
                    {"title": "hold", "start": 3, "target": 3, "current": 4},
                ],
            }
        ],
        teams=[{"id": "t", "name": "T"}],
    )
    tree = rules.cascade_tree(company)
    assert tree.by_goal["g"].progress == pytest.approx(0.8)
    assert rules.goal_progress(company) == {"g": pytest.approx(0.8)}


def test_roll_up_goal_objective_company() -> None:
    company = _company(
        [
            {
                "id": "g1",
                "owner": "t",
                "parent": "a",
                "title": "G1",
                "weight": 3,
                "key_results": [{"title": "k", "target": 10, "current": 10}],
            },
            {
                "id": "g2",
                "owner": "t",
                "parent": "a",
                "title": "G2",
                "key_results": [{"title": "k", "target": 10, "current": 0, "weight": 2}],
            },
            {
                "id": "g3",
                "owner": "t",
                "parent": "g2",
                "title": "G3",
                "key_results": [{"title": "k", "target": 4, "current": 2}],
            },
            {
                "id": "lone",
                "owner": "t",
                "parent": "b",
                "title": "B's",
                "key_results": [{"title": "k", "target": 4}],
            },
        ],
        teams=[{"id": "t", "name": "T"}],
    )
    goals = rules.goal_progress(company)
    # g2: key result 0 (weight 2) and child g3 0.5 (weight 1)
    assert goals == {"g1": 1.0, "g2": pytest.approx(1 / 6), "g3": 0.5}
    objectives = rules.objective_progress(company, goals)
    assert objectives == {"a": pytest.approx((3 * 1.0 + 1 / 6) / 4)}  # b: nothing measurable
    assert rules.company_progress(company, objectives) == pytest.approx(objectives["a"])
    tree = rules.cascade_tree(company)
    assert [o.progress for o in tree.objectives] == [pytest.approx(objectives["a"]), None]
    assert tree.progress == pytest.approx(objectives["a"])


def _kpi(**kw: object) -> Kpi:
    base: dict[str, object] = {"id": "k", "name": "K", "objective": "a", "direction": "up"}
    return Kpi.model_validate(base | kw)


def _monthly(*values: float, end: dt.date = AS_OF) -> list[tuple[dt.date, float]]:
    n = len(values)
    out = []
    for i, v in enumerate(values):
        months = n - 1 - i
        y, m = divmod(end.year * 12 + end.month - 1 - months, 12)
        out.append((dt.date(y, m + 1, 28), v))
    return out


def test_kpi_status_levels() -> None:
    kpi = _kpi(target=10, warning=5)
    for value, state in ((10, KpiState.on_target), (7, KpiState.amber), (4, KpiState.off_track)):
        st = rules.kpi_status(kpi, observations=_monthly(1, 2, value), as_of=AS_OF)
        assert st.state == state and st.latest == value
    assert rules.kpi_status(kpi, observations=[], as_of=AS_OF).state == KpiState.no_data
    assert (
        rules.kpi_status(_kpi(), observations=_monthly(1, 2), as_of=AS_OF).state
        == KpiState.no_target
    )


def test_kpi_status_knows_the_deadline() -> None:
    """The web's tiles used to ignore the deadline: short of target after it is off track."""
    kpi = _kpi(target=10, warning=5, deadline="2026-06-30")
    st = rules.kpi_status(kpi, observations=_monthly(6, 7), as_of=AS_OF)
    assert st.state == KpiState.off_track and st.deadline_missed
    early = rules.kpi_status(
        kpi, observations=_monthly(6, 7, end=dt.date(2026, 5, 31)), as_of=dt.date(2026, 5, 31)
    )
    assert early.state == KpiState.amber


def test_kpi_status_knows_stale_data() -> None:
    """A value older than three periods is stale (where the KPI stands now is unknown), unless
    the deadline has passed unmet; values after as_of are not seen."""
    kpi = _kpi(target=10, warning=5)
    old = _monthly(1, 2, 3, end=dt.date(2026, 3, 31))
    st = rules.kpi_status(kpi, observations=old, as_of=AS_OF)
    assert st.state == KpiState.stale and st.stale and st.stale_after_days == 91
    missed = rules.kpi_status(
        _kpi(target=10, warning=5, deadline="2026-06-30"), observations=old, as_of=AS_OF
    )
    assert missed.state == KpiState.off_track and missed.stale
    later = [*_monthly(1, 2, 3), (dt.date(2026, 10, 31), 20.0)]
    assert rules.kpi_status(kpi, observations=later, as_of=AS_OF).latest == 3


def test_objective_status_one_vocabulary_worst_wins() -> None:
    status = rules.objective_statuses(
        objectives=["a", "b", "c", "d", "e"],
        kpis=[
            ("ka", "a", KpiState.on_target),
            ("kb", "b", KpiState.on_target),
            ("kb2", "b", KpiState.amber),
            ("kc", "c", KpiState.stale),
            ("kd", "d", KpiState.on_target),
            ("ke", "e", KpiState.on_target),
        ],
        findings=[
            ("high", ("kd",)),  # a finding about one of d's KPIs
            ("info", ("e",)),  # good news never worsens a status
            ("low", ("unknown", "x")),
        ],
    )
    assert status == {
        "a": ObjectiveStatus.on_track,
        "b": ObjectiveStatus.amber,
        "c": ObjectiveStatus.no_data,
        "d": ObjectiveStatus.off_track,
        "e": ObjectiveStatus.on_track,
    }
    assert [s.colour for s in ObjectiveStatus] == [
        Colour.green,
        Colour.amber,
        Colour.red,
        Colour.grey,
    ]


@pytest.mark.parametrize(
    ("score", "colour"),
    [(100, Colour.green), (85, Colour.green), (84.9, Colour.amber), (65, Colour.amber),
     (64.9, Colour.red), (0, Colour.red), (None, Colour.grey)],
)  # fmt: skip
def test_score_band(score: float | None, colour: Colour) -> None:
    assert rules.score_band(score) == colour


def test_the_index_colour_changes_where_its_band_does() -> None:
    """The report's ring switched colour at 60 while the band switched at 65."""
    from coxswain.analysis.index import BANDS

    colour = {"aligned": Colour.green, "drifting": Colour.amber, "off_course": Colour.red}
    for band, lowest in BANDS:
        assert rules.score_band(lowest) == colour[band]


def test_trend_verdict_of_a_trend_and_of_its_json() -> None:
    rising = Trend(slope=1, lo=0.5, hi=1.5, p=0.01, n=12, p_corrected=0.2)
    falling = Trend(slope=-1, lo=-1.5, hi=-0.5, p=0.01, n=12, p_corrected=0.01)
    flat = Trend(slope=0.1, lo=-0.2, hi=0.4, p=0.3, n=12)
    for trend, verdict, weak in (
        (rising, TrendVerdict.rising, True),
        (falling, TrendVerdict.falling, False),
        (flat, TrendVerdict.no_clear_trend, False),
    ):
        for form in (trend, trend.to_json()):
            judged = rules.trend_verdict(form)
            assert (judged.verdict, judged.weak) == (verdict, weak)
    assert rules.trend_verdict(rising).words == "rising (weak)"


def test_an_objective_is_not_behind_for_getting_more_than_its_share() -> None:
    """Crust & Crumb's "More people through the door" was off track on every face although
    its only KPI is on target and its goal done: the money-and-time finding that names it as
    the objective that gets too much coloured it red (a walk-through, 2026-12-06). Each
    status now says what decided it."""
    from pathlib import Path

    from coxswain.analysis.runner import analyze
    from coxswain.workbook import read_workbook

    wb = read_workbook(Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb")
    result = analyze(wb)
    over = next(f for f in result.findings if f.kind == "resource_misallocation")
    assert over.severity.value == "high" and over.subjects[:2] == ("foot_traffic", "bread_quality")
    status = rules.objective_statuses_of(result)
    why = rules.objective_status_reasons_of(result, names={k.id: k.name for k in wb.company.kpis})
    assert status["foot_traffic"] == ObjectiveStatus.on_track
    assert why["foot_traffic"] == "“Visitors per week (door counter)” is on target"
    # the objective it starves is still off track, for the most severe finding about it
    assert status["bread_quality"] == ObjectiveStatus.off_track
    decided = next(f for f in result.findings if f.title == why["bread_quality"])
    assert decided.severity.value == "high"
    # a KPI short of target but on course to miss it: off track, and the page says why
    assert status["bread_sales"] == ObjectiveStatus.off_track
    assert why["bread_sales"].startswith("Bread revenue per month is on course to miss")
    assert set(why) == {o for o, s in status.items() if s != ObjectiveStatus.no_data}
