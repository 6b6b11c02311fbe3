"""The KPI analyses on the example companies (skipped until the examples are present)."""

import re
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
    assert gap.subjects == ("monthly_churn",)
    assert {j["kpi"] for j in gap.evidence["acquiring"]} & {"new_signups", "marketing_spend"}
    # Churn stepped up within four months and then stayed: allowing for autocorrelation the
    # trend is not confirmed, so the finding is one step lower and says so.
    assert gap.severity.value == "medium"
    assert "autocorrelation" in gap.evidence["caveat"]


@pytest.mark.slow
def test_crust_and_crumb_falling_reviews_and_false_belief():
    findings, sections = run("crust_and_crumb")
    [risk] = [f for f in findings if f.kind == "kpi_at_risk" and f.subjects[0] == "review_rating"]
    assert risk.evidence["p_hit"] < 0.1
    assert "initiative_harm:cheap_flour:review_rating" in ids(findings)
    links = {
        (l["driver"], l["objective"]): l["verdict"]
        for l in sections["strategy_links"].tables["links"]
    }
    assert links[("baker_skill", "bread_quality")] == "supported"
    # the owner's belief (foot traffic → bread sales) is absent from the data, but 34
    # monthly changes cannot rule out a moderate link once the season is taken out and
    # the map's three tests are corrected for: not testable yet, with the months needed
    assert links[("foot_traffic", "bread_sales")] == "insufficient_data"
    assert "strategy_link_unsupported:foot_traffic:bread_sales" not in ids(findings)
    [missing] = [
        m
        for m in sections["strategy_links"].missing
        if "“More people through the door” really moves “Grow bread sales”" in m
    ]
    assert re.search(r"\d more (months|years)", missing)


def test_harbour_dental_seasonal_control_stays_quiet():
    findings, _ = run("harbour_dental")
    kinds = {f.kind for f in findings}
    assert not kinds & {"kpi_shift", "kpi_anomaly", "kpi_at_risk", "initiative_harm", "kpi_tension"}


def test_lantern_training_link_supported():
    _, sections = run("lantern_roasters")
    links = {(l["driver"], l["objective"]): l for l in sections["strategy_links"].tables["links"]}
    assert links[("barista_mastery", "customer_delight")]["verdict"] == "supported"


KPI_KINDS = {
    "kpi_at_risk",
    "kpi_shift",
    "kpi_anomaly",
    "expectation_gap",
    "kpi_tension",
    "initiative_harm",
    "strategy_link_unsupported",
}
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "company.yaml").is_file()) or [
    "loop_analytics"
]


def run_at(name: str, months_back: int) -> list[Finding]:
    import datetime as dt

    folder = EXAMPLES / name
    if not (folder / "company.yaml").is_file():
        pytest.skip(f"example {name} is absent ({folder})")
    from coxswain.workbook.read import read_workbook

    wb = read_workbook(folder)
    latest = wb.latest_date()
    assert latest is not None
    # the last day of the month `months_back` before the latest date
    as_of = latest
    for _ in range(months_back):
        as_of = as_of.replace(day=1) - dt.timedelta(days=1)
    visible = wb.until(as_of)
    context = Context(as_of=as_of)
    findings: list[Finding] = []
    for module in KPI_ANALYSES:
        section = module.analyze(visible, context)
        context.sections[section.name] = section
        findings += section.findings
    return [f for f in findings if f.kind in KPI_KINDS]


@pytest.mark.slow
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_kpi_finding_ids_are_stable_from_one_as_of_to_the_next(name):
    now, before = run_at(name, 0), run_at(name, 1)
    for findings in (now, before):
        # no two findings share an id, and no id carries a date or a figure
        assert len({f.id for f in findings}) == len(findings)
        assert not [f.id for f in findings if re.search(r"\d{4}-\d{2}|\d\.\d", f.id)]
        # the id is the kind and the subjects, nothing else
        assert all(f.id == ":".join((f.kind, *f.subjects)) for f in findings)
    # a finding about the same KPI (its first subject) and of the same kind keeps its id:
    # kinds where one KPI can have several findings (tension pairs, harm by several
    # initiatives, links of several objectives) are keyed on all their subjects already
    single = {"kpi_at_risk", "kpi_shift", "kpi_anomaly", "expectation_gap"}
    key_now = {(f.kind, f.subjects[:1]): f.id for f in now if f.kind in single}
    key_before = {(f.kind, f.subjects[:1]): f.id for f in before if f.kind in single}
    for key in key_now.keys() & key_before.keys():
        assert key_now[key] == key_before[key], key
    if name == "loop_analytics":
        gaps = [{f.id for f in fs if f.kind == "expectation_gap"} for fs in (now, before)]
        assert gaps[0] == gaps[1] == {"expectation_gap:monthly_churn"}
