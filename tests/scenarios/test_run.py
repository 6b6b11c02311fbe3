"""A scenario on the whole analysis: the findings it resolves and creates come from the
structural analyses rerun on the workbook as it leaves it, and the index is projected."""

from __future__ import annotations

import pytest

from coxswain.scenarios.engine import Setup, simulate
from coxswain.scenarios.model import (
    AutomationChange,
    BudgetMove,
    Scenario,
    ScenarioFile,
    StopInitiative,
    TargetChange,
)
from coxswain.scenarios.run import changed_workbook, finding_changes, setup_from_analysis
from coxswain.workbook import Workbook


@pytest.fixture(scope="module")
def setup(workbook: Workbook) -> Setup:
    return setup_from_analysis(workbook)


def test_the_changed_workbook_carries_every_structural_change(workbook: Workbook) -> None:
    scenario = Scenario(
        name="x",
        changes=(
            StopInitiative("promo"),
            AutomationChange("bot", human_fallback=True),
            TargetChange("rating", target=4.5),
            BudgetMove("promo", "course", 3000),
        ),
    )
    changed = changed_workbook(workbook, scenario, {"promo": 7000.0, "course": 5000.0})
    company = changed.company
    promo = next(i for i in company.initiatives if i.id == "promo")
    assert promo.status.value == "stopped" and promo.budget == 7000
    assert next(a for a in company.automations if a.id == "bot").human_fallback
    assert company.kpi("rating") is not None and company.kpi("rating").target == 4.5
    assert workbook.company.kpi("rating").target == 3.9


def test_stopping_the_only_work_on_an_objective_creates_that_finding(setup: Setup) -> None:
    file = ScenarioFile(scenarios=(Scenario(name="stop", changes=(StopInitiative("promo"),)),))
    report = simulate(
        setup, file, paths=2000, seed=1, stress=False, findings=finding_changes(setup)
    )
    found = report.findings["stop"]
    assert any(
        f["kind"] == "uncovered_objective" and f["subject"] == "sales" for f in found["created"]
    ), found


def test_the_index_is_projected_from_todays(setup: Setup) -> None:
    assert setup.index is not None and setup.index.today is not None
    report = simulate(setup, ScenarioFile(), paths=2000, seed=1, stress=False)
    index = report.baseline.index
    assert index is not None
    low, mid, high = index
    assert 0 <= low <= mid <= high <= 100
    assert report.today_index == setup.index.today
