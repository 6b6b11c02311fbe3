"""The report's optional section "Scenarios": the words of a scenario comparison
(coxswain.scenarios.render.context), in the HTML and the PDF; absent without one."""

from __future__ import annotations

from typing import Any

import pytest

from coxswain.analysis.runner import analyze
from coxswain.report.html import render_html
from coxswain.scenarios import EffectRange, Scenario, ScenarioFile, StartInitiative, render
from coxswain.scenarios.run import run_scenarios
from coxswain.workbook import Workbook
from coxswain.workbook.read import build_workbook
from tests.scenarios.conftest import company, values


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    """The scenario tests' small company: one driver link, three years of history."""
    return build_workbook(company(), {"kpi_values": values()})


@pytest.fixture(scope="module")
def words(workbook: Workbook) -> dict[str, Any]:
    first = workbook.company.initiatives[0].id
    kpi = next(k for k in workbook.company.kpis if k.target is not None)
    file = ScenarioFile(
        scenarios=(
            Scenario(
                name="Push the first initiative",
                changes=(
                    StartInitiative(
                        initiative=first, effects={kpi.id: EffectRange(low=5, high=10)}
                    ),
                ),
            ),
        )
    )
    return render.context(run_scenarios(workbook, file, paths=1000, seed=1, stress=False))


def test_the_report_has_the_section_when_given_a_comparison(workbook: Workbook, words: Any) -> None:
    result = analyze(workbook)
    plain = render_html(result)
    assert 'id="scenario-comparison"' not in plain
    html = render_html(result, scenarios=words)
    assert 'id="scenario-comparison"' in html and 'class="scenarios"' in html
    assert "Chance of hitting each target by its deadline" in html
    assert "Push the first initiative" in html and "baseline" in html
    assert words["rows"][0]["name"] in html
    assert "<polygon" in html  # the fan charts


def test_the_pdf_prints_the_section(workbook: Workbook, words: Any) -> None:
    from coxswain.report.pdf import render_pdf

    result = analyze(workbook)
    without, with_section = render_pdf(result), render_pdf(result, scenarios=words)
    assert with_section.startswith(b"%PDF") and len(with_section) > len(without)
