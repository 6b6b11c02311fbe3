"""The alignment index: formula, plan gains and its properties over generated workbooks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coxswain.analysis import index
from coxswain.analysis.base import COMPONENTS, Finding, Severity
from coxswain.analysis.runner import analyze
from coxswain.workbook import Company, Workbook
from tests.strategies import companies, workbooks

FINDINGS_SPEC = Path(__file__).resolve().parents[3] / ".." / "shared" / "spec" / "findings.md"
ALL_KINDS = [
    "value_conflict",
    "resource_misallocation",
    "orphan_work",
    "uncovered_objective",
    "kpi_off_track",
    "kpi_at_risk",
    "kpi_shift",
    "kpi_anomaly",
    "expectation_gap",
    "kpi_tension",
    "initiative_harm",
    "initiative_win",
    "strategy_link_unsupported",
    "silo",
    "bottleneck",
    "low_understanding",
    "sentiment_decline",
    "slow_innovation",
    "talent_gap",
    "automation_risk",
    "review_lapsed",
    "goal_behind",
]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def f(kind: str, severity: Severity, *subjects: str) -> Finding:
    return Finding(kind=kind, severity=severity, subjects=subjects, title="t", evidence={})


def test_every_finding_kind_has_a_component() -> None:
    assert sorted(index.KIND_COMPONENT) == sorted(ALL_KINDS)
    assert set(index.KIND_COMPONENT.values()) <= set(COMPONENTS)
    if FINDINGS_SPEC.exists():  # the contract lists the same 21 kinds
        kinds = re.findall(r"^\| `([a-z_]+)` \|", FINDINGS_SPEC.read_text(), re.M)
        assert sorted(kinds) == sorted(ALL_KINDS)


def test_formula_by_hand() -> None:
    findings = [
        f("value_conflict", Severity.high, "a"),
        f("automation_risk", Severity.medium, "b"),
        f("review_lapsed", Severity.low),
    ]
    scored = index.score(evidence={"values", "review", "kpis"}, findings=findings)
    # values: 100 × 0.75 × 0.88 = 66; review: 100 × 0.95 = 95; kpis: 100
    assert scored.components["values"] == 66.0
    assert scored.components["review"] == 95.0
    assert scored.components["kpis"] == 100.0
    assert scored.components["network"] is None
    assert scored.index == pytest.approx((66 + 95 + 100) / 3, abs=0.05)


def test_findings_of_components_without_evidence_do_not_count() -> None:
    scored = index.score(evidence={"kpis"}, findings=[f("silo", Severity.high, "t")])
    assert scored.components == {c: (100.0 if c == "kpis" else None) for c in COMPONENTS}


def test_the_declared_strategy_alone_gives_no_index() -> None:
    """cascade and values judge only what the owner wrote down: no index from them alone."""
    assert {"cascade", "values"} == index.DECLARED
    findings = [f("value_conflict", Severity.high, "a")]
    declared = index.score(evidence={"cascade", "values"}, findings=findings)
    assert declared.index is None
    assert declared.components["values"] == 75.0 and declared.components["cascade"] == 100.0
    assert index.gains(evidence={"cascade", "values"}, findings=findings) == []
    measured = index.score(evidence={"cascade", "values", "review"}, findings=findings)
    assert measured.index == pytest.approx((100 + 75 + 100) / 3, abs=0.05)
    one = index.score(evidence={"kpis"}, findings=[])
    assert one.index == 100.0  # one measured component is enough
    note = index.too_little_evidence({"cascade"})
    assert "only the declared strategy (cascade)" in note and "KPI values" in note
    assert "nothing in the workbook" in index.too_little_evidence(set())


def test_unknown_kind_falls_back_to_its_section_component() -> None:
    odd = f("new_kind", Severity.high, "x")
    scored = index.score(evidence={"talent"}, findings=[odd], fallback={odd.id: "talent"})
    assert scored.components["talent"] == 75.0


def test_plan_gain_is_the_index_without_the_finding() -> None:
    findings = [
        f("value_conflict", Severity.high, "a"),
        f("value_conflict", Severity.low, "b"),
        f("review_lapsed", Severity.medium),
    ]
    evidence = {"values", "review", "kpis"}
    before = index.score(evidence=evidence, findings=findings).index
    (first, gain), *_ = index.gains(evidence=evidence, findings=findings)
    after = index.score(evidence=evidence, findings=[x for x in findings if x is not first]).index
    assert first.id == "value_conflict:a"
    assert before is not None and after is not None
    assert gain == pytest.approx(after - before, abs=0.11)


@FAST
@given(workbooks())
def test_index_in_range_and_never_crashes(workbook: Workbook) -> None:
    result = analyze(workbook, strict=True)
    assert result.alignment_index is None or 0 <= result.alignment_index <= 100
    raw = _raw(result)
    measured = [c for c, v in result.components.items() if v is not None]
    if set(measured) - index.DECLARED:
        # components and the index are each rounded to 0.1: they may differ by up to 0.1
        assert raw is not None and result.alignment_index == pytest.approx(raw, abs=0.101)
    else:
        assert result.alignment_index is None and result.plan == []
    for value in result.components.values():
        assert value is None or 0 <= value <= 100
    assert all(step.expected_gain > 0 for step in result.plan)
    assert [x.id for x in result.findings] == [
        x.id for x in sorted(result.findings, key=lambda x: (x.severity.rank, x.id))
    ]
    assert all(x.recommendation for x in result.findings)


def _raw(result: Any) -> float | None:
    """The mean of the components with evidence: the index before the minimum number of
    components applies (so the properties hold for workbooks too thin for an index)."""
    values = [v for v in result.components.values() if v is not None]
    return sum(values) / len(values) if values else None


def _with(data: dict[str, Any], **changes: Any) -> Workbook:
    return Workbook(company=Company.model_validate({**data, **changes}))


@FAST
@given(companies(), st.sampled_from([0, 500, 20000]), st.sampled_from([0, 8, 80]))
def test_adding_an_orphan_initiative_never_raises_the_index(
    data: dict[str, Any], budget: int, hours: int
) -> None:
    before = analyze(_with(data), strict=True)
    orphan = {"id": "orphan", "name": "Orphan", "budget": budget, "hours_per_month": hours}
    after = analyze(_with(data, initiatives=[*data["initiatives"], orphan]), strict=True)
    if before.alignment_index is not None:
        assert after.alignment_index is not None
        assert after.alignment_index <= before.alignment_index
    raw_before = _raw(before)
    if raw_before is not None:
        raw_after = _raw(after)
        assert raw_after is not None and raw_after <= raw_before + 1e-9


@FAST
@given(companies())
def test_removing_a_value_conflict_never_lowers_the_index(data: dict[str, Any]) -> None:
    result = analyze(_with(data), strict=True)
    conflicts = [x for x in result.findings if x.kind == "value_conflict"]
    if not conflicts:
        return
    actor, objective = conflicts[0].subjects[:2]
    changed = dict(data)
    # the effect becomes neutral (0): the work still declares it, so the values
    # component keeps its evidence and only the conflict goes
    for part in ("initiatives", "automations"):
        changed[part] = [
            {**item, "effects": {**item["effects"], objective: 0}}
            if item["id"] == actor and objective in item["effects"]
            else item
            for item in data[part]
        ]
    after = analyze(_with(changed), strict=True)
    assert conflicts[0].id not in {x.id for x in after.findings}
    raw_before, raw_after = _raw(result), _raw(after)
    assert raw_before is not None and raw_after is not None
    assert raw_after >= raw_before - 1e-9
    if result.alignment_index is not None:
        assert after.alignment_index is not None
        assert after.alignment_index >= result.alignment_index


@FAST
@given(companies(), st.sampled_from([0.01, 0.37, 3.0, 1000.0]))
def test_scaling_all_weights_changes_nothing(data: dict[str, Any], factor: float) -> None:
    scaled = dict(data)
    scaled["objectives"] = [{**o, "weight": o["weight"] * factor} for o in data["objectives"]]
    a = analyze(_with(data), strict=True)
    b = analyze(_with(scaled), strict=True)
    assert a.alignment_index == b.alignment_index
    assert a.components == b.components
    assert [x.id for x in a.findings] == [x.id for x in b.findings]
    assert [x.severity for x in a.findings] == [x.severity for x in b.findings]


@FAST
@given(workbooks())
def test_same_workbook_same_result(workbook: Workbook) -> None:
    assert analyze(workbook).dumps() == analyze(workbook).dumps()


def test_good_news_never_lowers_a_component_nor_enters_the_plan() -> None:
    win = f("initiative_win", Severity.info, "new_oven", "rating")
    assert index.findings_score([win]) == 100.0
    harm = f("initiative_harm", Severity.high, "cheap_flour", "rating")
    assert index.findings_score([win, harm]) == index.findings_score([harm])
    plan = index.gains(evidence={"values", "kpis"}, findings=[win, harm], steps=None)
    assert [found.kind for found, _ in plan] == ["initiative_harm"]
