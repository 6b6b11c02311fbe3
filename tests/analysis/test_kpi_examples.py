"""The KPI analyses on the example companies (skipped until the examples are present)."""

from pathlib import Path

import pytest

from coxswain.analysis import customers, diagnostics, forecast, impact, shifts, strategy_links
from coxswain.analysis.base import Context, Finding

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KPI_ANALYSES = (customers, forecast, shifts, diagnostics, impact, strategy_links)


def run(name: str) -> tuple[list[Finding], dict]:
    folder = EXAMPLES / name
    if not (folder / "company.yaml").is_file():
        pytest.skip(f"example {name} is absent ({folder})")
    from coxswain.workbook.read import read_workbook

    wb = read_workbook(folder)
    as_of = wb.latest_date()
    visible = wb.until(as_of)
    context = Context(as_of=as_of)
    sections = {}
    for module in KPI_ANALYSES:
        section = module.analyze(visible, context)
        context.sections[section.name] = section
        sections[section.name] = section
    return [f for s in sections.values() for f in s.findings], sections


def ids(findings: list[Finding]) -> set[str]:
    return {f.id for f in findings}


def test_loop_analytics_expectation_gap():
    findings, _ = run("loop_analytics")
    [gap] = [f for f in findings if f.kind == "expectation_gap"]
    assert "monthly_churn" in gap.subjects
    assert {"new_signups", "marketing_spend"} & set(gap.subjects)


@pytest.mark.slow
def test_crust_and_crumb_falling_reviews_and_false_belief():
    findings, sections = run("crust_and_crumb")
    [risk] = [f for f in findings if f.kind == "kpi_at_risk" and f.subjects[0] == "review_rating"]
    assert risk.evidence["p_hit"] < 0.1
    assert "initiative_harm:cheap_flour:review_rating" in ids(findings)
    assert "strategy_link_unsupported:foot_traffic:bread_sales" in ids(findings)
    links = {
        (l["driver"], l["objective"]): l["verdict"]
        for l in sections["strategy_links"].tables["links"]
    }
    assert links[("baker_skill", "bread_quality")] == "supported"


def test_harbour_dental_seasonal_control_stays_quiet():
    findings, _ = run("harbour_dental")
    kinds = {f.kind for f in findings}
    assert not kinds & {"kpi_shift", "kpi_anomaly", "kpi_at_risk", "initiative_harm", "kpi_tension"}


def test_lantern_training_link_supported():
    _, sections = run("lantern_roasters")
    links = {(l["driver"], l["objective"]): l for l in sections["strategy_links"].tables["links"]}
    assert links[("barista_mastery", "customer_delight")]["verdict"] == "supported"
