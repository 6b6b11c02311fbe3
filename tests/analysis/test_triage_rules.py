"""The core rules the dashboard's triage calls: the severity order, kinds in plain words, the
objectives a finding is about, and which dates an analysis may be as of."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from coxswain.analysis.base import Severity
from coxswain.analysis.kinds import KINDS, kind_words
from coxswain.analysis.rules import (
    goal_objectives,
    objective_statuses,
    objectives_named,
    severity_order,
    severity_rank,
)
from coxswain.wording.numbers import Words
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company

COMPANY = Company.model_validate(
    {
        "format": 1,
        "name": "Co",
        "objectives": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "kpis": [{"id": "k", "name": "K", "objective": "b", "direction": "up"}],
        "goals": [
            {"id": "g1", "owner": "x", "parent": "a", "title": "G1"},
            {"id": "g2", "owner": "x", "parent": "g1", "title": "G2"},
            {"id": "g3", "owner": "x", "title": "G3"},
        ],
    }
)


def test_severity_order_is_one_rule() -> None:
    assert [s.value for s in severity_order()] == ["high", "medium", "low", "info"]
    assert [severity_rank(s) for s in ("high", "medium", "low", "info")] == [0, 1, 2, 3]
    assert severity_rank("critical") == 4  # an unknown one sorts after all
    assert [s.rank for s in Severity] == [severity_rank(s.value) for s in Severity]
    assert sorted(Severity, key=lambda s: s.rank) == list(severity_order())


def test_every_kind_has_plain_words() -> None:
    words = [kind_words(k) for k in KINDS]
    assert all(w and "_" not in w and w[0].isupper() for w in words), words
    assert len(set(words)) == len(words)  # no two kinds read alike in a filter
    assert kind_words("some_new_kind") == "A finding"  # a kind of a newer result


def test_the_objectives_a_finding_is_about() -> None:
    kpis = {"k": "b"}
    goals = goal_objectives(COMPANY)
    assert goals == {"g1": "a", "g2": "a"}  # g3 has no parent
    named = objectives_named(
        ["g2", "k", "a", "zz"], objectives=["a", "b"], kpi_objective=kpis, goal_objective=goals
    )
    assert named == ["a", "b"]
    # the status rule counts objectives and KPIs, not goals
    assert objectives_named(["g2"], objectives=["a", "b"], kpi_objective=kpis) == []
    status = objective_statuses(objectives=["a", "b"], kpis=[], findings=[("high", ["g2"])])
    assert status["a"].value == "no_data"


def _workbook(*dates: str) -> Workbook:
    frame = pl.DataFrame(
        {"date": [dt.date.fromisoformat(d) for d in dates], "kpi": ["k"] * len(dates)}
    ).with_columns(pl.lit(1.0).alias("value"))
    return Workbook(company=COMPANY, tables={"kpi_values": frame} if dates else {})


TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("as_of", "refused"),
    [
        ("2025-12-31", "December 31, 2025 is before the first date in the data (January 31, 2026)"),
        ("2026-01-31", None),
        ("2026-03-31", None),
        # after the data but before today: allowed (it shows what has had no value since);
        # the web keeps such a run as a "then" view, never the current one (as_of_chosen)
        ("2026-04-01", None),
        (TODAY.isoformat(), None),
        ("2031-01-01", f"January 1, 2031 is after today ({Words().date(TODAY)})"),
    ],
)
def test_an_analysis_date_outside_the_data_is_refused(as_of: str, refused: str | None) -> None:
    workbook = _workbook("2026-01-31", "2026-03-31")
    assert workbook.first_date() == dt.date(2026, 1, 31)
    message = workbook.as_of_refusal(dt.date.fromisoformat(as_of), today=TODAY)
    if refused is None:
        assert message is None
    else:
        assert message is not None and refused in message and "choose a date" in message


def test_data_after_today_moves_the_last_date() -> None:
    workbook = _workbook("2026-01-31", "2027-03-31")
    assert workbook.as_of_refusal(dt.date(2027, 3, 31), today=TODAY) is None
    message = workbook.as_of_refusal(dt.date(2027, 4, 1), today=TODAY)
    assert message is not None and "after the latest date in the data (March 31, 2027)" in message


def test_a_workbook_without_dates_refuses_only_the_future() -> None:
    empty = _workbook()
    assert empty.as_of_refusal(dt.date(1999, 1, 1), today=TODAY) is None
    assert empty.as_of_refusal(dt.date(2027, 1, 1), today=TODAY) is not None
