"""The runner: order, sorting, recommendations, plan and missing evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from coxswain.analysis.runner import ANALYSES, analyze
from tests.strategies import bakery, companies, full_workbooks, workbook_of


def test_stage_runs_first() -> None:
    assert ANALYSES[0][0] == "stage"


def test_bakery_end_to_end() -> None:
    result = analyze(bakery(), strict=True)
    ids = [f.id for f in result.findings]
    assert "value_conflict:cheap_flour:bread_quality:craft" in ids
    assert "resource_misallocation:donut_sales:bread_quality" in ids
    assert "automation_risk:canned_replies:warmth" in ids
    assert result.stage.assessed == "early"
    assert len(result.plan) == 3
    assert all(step.finding in ids for step in result.plan)
    gains = [step.expected_gain for step in result.plan]
    assert gains == sorted(gains, reverse=True)
    flour = result.finding("value_conflict:cheap_flour:bread_quality:craft")
    assert flour is not None
    # recommendations name subjects by name and fit an early bakery
    assert "Switch to the cheapest bulk flour supplier" in flour.recommendation
    assert "innovation lab" not in " ".join(f.recommendation for f in result.findings)
    data = result.to_json()
    assert set(data) == {
        "format",
        "company",
        "as_of",
        "alignment_index",
        "alignment_band",
        "alignment_range",
        "components",
        "stage",
        "findings",
        "missing_evidence",
        "plan",
        "stories",
        "locale",
        "currency",
        "sections",
    }
    assert data["as_of"] == "2026-09-30"
    # without a measured harm the declared flour conflict alone is a low-confidence story
    told = {s.id: s for s in result.stories}
    assert told["story:cheap_flour"].confidence == "low"
    assert "people.csv" in data["missing_evidence"]


def test_only_company_yaml_gives_a_short_result_naming_what_is_missing() -> None:
    result = analyze(workbook_of({"name": "Bare Co"}), strict=True)
    assert result.findings == []
    assert result.alignment_index is None
    assert result.stage.assessed is None
    for part in (
        "kpi_values.csv",
        "spend.csv",
        "company.yaml: objectives",
        "company.yaml: reviews",
    ):
        assert part in result.missing_evidence


def test_objectives_only_is_no_evidence_for_the_cascade() -> None:
    wb = workbook_of(
        {
            "objectives": [
                {"id": "o", "name": "Grow", "weight": 1},
                {"id": "p", "name": "Keep", "weight": 1},
            ]
        }
    )
    result = analyze(wb, strict=True)
    # nothing is declared below the objectives: nothing observed, nothing to blame
    assert result.findings == []
    assert result.components["cascade"] is None
    assert result.components["values"] is None
    assert result.alignment_index is None
    assert "company.yaml: kpis" in result.missing_evidence
    assert "below the objectives" in result.sections["cascade"].score_note


@pytest.mark.parametrize("template", ["cafe", "saas"])
def test_a_fresh_starter_has_too_little_evidence_for_an_index(
    template: str, tmp_path: Path
) -> None:
    """`coxswain init` writes a strategy and empty evidence files: no index from that."""
    import datetime as dt

    from coxswain.init import starter_workbook, write_folder
    from coxswain.workbook import read_workbook

    today = dt.date(2026, 11, 26)
    write_folder(starter_workbook(template=template, today=today), tmp_path / "wb")
    result = analyze(read_workbook(tmp_path / "wb"), as_of=today, strict=True)
    assert result.alignment_index is None
    evidenced = [c for c, v in result.components.items() if v is not None]
    assert set(evidenced) <= {"cascade"}, evidenced  # at most the declared strategy map
    for component in ("values", "talent", "kpis", "resources", "review", "network"):
        assert result.components[component] is None, component
        note = next(s.score_note for s in result.sections.values() if s.component == component)
        assert note, f"{component} is null without saying why"
    # no finding blames the owner for evidence not written yet (the template's own goals
    # may still leave an objective without one: that is declared, so it may be said)
    assert not [f for f in result.findings if f.kind == "talent_gap"]
    lacking = [f.evidence["lacking"] for f in result.findings if f.kind == "uncovered_objective"]
    assert all(part == ["goals"] for part in lacking), lacking
    assert result.plan == []


def test_a_failing_analysis_is_reported_not_fatal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coxswain.analysis import runner

    def broken(workbook, context):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "ANALYSES", [*runner.ANALYSES, ("broken", broken)])
    result = runner.analyze(bakery())
    assert "boom" in result.sections["broken"].score_note


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example(name: str):  # type: ignore[no-untyped-def]
    folder = EXAMPLES / name
    if not (folder / "company.yaml").exists():
        pytest.skip(f"example {name} not present (examples/ lands from the examples branch)")
    from coxswain.workbook import read_workbook

    return analyze(read_workbook(folder), strict=True)


@pytest.mark.slow
def test_examples_give_the_findings_their_readmes_name() -> None:
    bakery_result = _example("crust_and_crumb")
    ids = {f.id for f in bakery_result.findings}
    assert "value_conflict:cheap_flour:bread_quality:craft" in ids
    (misallocation,) = [f for f in bakery_result.findings if f.kind == "resource_misallocation"]
    assert misallocation.subjects[0] == "foot_traffic"  # where donut_promo's money goes
    assert misallocation.evidence["top_initiatives"][0] == "donut_promo"
    assert bakery_result.stage.assessed == "early"

    thimble = _example("thimble_and_thread")
    assert "automation_risk:auto_replies:personal_touch" in {f.id for f in thimble.findings}

    lantern, driftwood = _example("lantern_roasters"), _example("driftwood_roasters")
    assert lantern.alignment_index is not None and driftwood.alignment_index is not None
    assert lantern.alignment_index >= driftwood.alignment_index + 20
    assert not [f for f in lantern.findings if f.kind in ("value_conflict", "review_lapsed")]
    drift_kinds = {f.kind for f in driftwood.findings}
    assert {"value_conflict", "resource_misallocation", "review_lapsed", "goal_behind"} <= (
        drift_kinds
    )

    loop = _example("loop_analytics")
    (loop_money,) = [f for f in loop.findings if f.kind == "resource_misallocation"]
    assert loop_money.subjects[0] == "brand_reach"
    assert {"g_2026_retention", "g_product_q3", "g_support_q3"} <= {
        f.subjects[0] for f in loop.findings if f.kind == "goal_behind"
    }

    harbour = _example("harbour_dental")  # the healthy control stays quiet
    assert not [f for f in harbour.findings if f.severity.value != "low"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(companies())
def test_generated_companies_pass_the_full_validation(data: dict) -> None:  # type: ignore[type-arg]
    from coxswain.workbook.read import build_workbook

    build_workbook(data)  # raises WorkbookError with every problem if the strategy is wrong


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full_workbooks())
def test_full_generated_workbooks_never_crash(workbook) -> None:  # type: ignore[no-untyped-def]
    from coxswain.workbook.read import build_workbook

    checked = build_workbook(
        workbook.company.model_dump(mode="json", exclude_none=True), dict(workbook.tables)
    )
    result = analyze(checked, strict=True)
    assert result.alignment_index is None or 0 <= result.alignment_index <= 100


def test_a_sections_tables_cannot_overwrite_its_score_in_the_json() -> None:
    # findings.md: sections are free-form, but component/score/score_note/missing are the
    # section's own; a table that happens to be called "score" must not replace them.
    from coxswain.analysis.base import Section

    result = analyze(bakery(), strict=True)
    result.sections["extra"] = Section(
        name="extra", component="talent", score=80.0, tables={"score": {"parts": [1]}, "n": 3}
    )
    extra = result.to_json()["sections"]["extra"]
    assert extra["score"] == 80.0 and extra["component"] == "talent" and extra["n"] == 3
