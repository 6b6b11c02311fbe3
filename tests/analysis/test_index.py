"""The alignment index: formula, plan gains and its properties over generated workbooks."""

from __future__ import annotations

import math
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

FINDINGS_SPEC = Path(__file__).resolve().parents[2] / ".." / "shared" / "spec" / "findings.md"
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
    if FINDINGS_SPEC.exists():  # the contract lists the same kinds
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
    # issue 10: no longer the mean (87.0) but 100 × Π(1 − 0.35 × (1 − c/100))
    assert scored.index == pytest.approx(100 * (1 - 0.35 * 0.34) * (1 - 0.35 * 0.05), abs=0.05)


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
    assert measured.index == pytest.approx(100 * (1 - 0.35 * 0.25), abs=0.05)
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
        # components and the index are each rounded to 0.1: they may differ by up to 0.2
        assert raw is not None and result.alignment_index == pytest.approx(raw, abs=0.2)
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
    """The index's formula over the components with evidence, before the rule that one must
    be measured applies (so the properties hold for workbooks too thin for an index)."""
    values = [v for v in result.components.values() if v is not None]
    if not values:
        return None
    return 100 * math.prod(1 - index.REACH * (1 - v / 100) for v in values)


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


# --- issue 10: bands, range and stakes ---------------------------------------------------

SEVERITIES = list(Severity)


@st.composite
def scored_findings(draw: st.DrawFn) -> tuple[set[str], list[Finding], dict[str, index.Stake]]:
    """Components with evidence, findings on them, and each finding's stake."""
    evidence = set(draw(st.sets(st.sampled_from(COMPONENTS), min_size=1)))
    evidence.add(draw(st.sampled_from(sorted(set(COMPONENTS) - index.DECLARED))))
    kinds = sorted(index.KIND_COMPONENT)
    findings: list[Finding] = []
    stakes: dict[str, index.Stake] = {}
    for n in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(kinds))
        severity = draw(st.sampled_from(SEVERITIES))
        finding = f(kind, severity, f"s{n}")
        weight = draw(st.none() | st.sampled_from([0.0, 0.05, 0.1, 0.19, 0.2, 0.35, 0.6, 1.0]))
        objectives = draw(st.integers(1, 10))
        relative = 1.0 if weight is None else min(2.0, max(0.5, weight * objectives))
        findings.append(finding)
        stakes[finding.id] = index.Stake(
            component=index.KIND_COMPONENT[kind], weight=weight, relative=relative
        )
    return evidence, findings, stakes


def _score(evidence: set[str], findings: list[Finding], stakes: dict[str, index.Stake]) -> Any:
    return index.score(evidence=evidence, findings=findings, stakes=stakes)


MANY = settings(max_examples=300, deadline=None)


@MANY
@given(scored_findings())
def test_index_in_range_with_a_band_and_a_range_around_it(case: Any) -> None:
    evidence, findings, stakes = case
    scored = _score(evidence, findings, stakes)
    assert scored.index is not None and 0 <= scored.index <= 100
    assert scored.band in {"aligned", "drifting", "off_course"}
    assert scored.range is not None and scored.range[0] <= scored.index <= scored.range[1]
    if set(COMPONENTS) <= evidence:  # nothing unseen: equal ends
        assert scored.range == (scored.index, scored.index)


@MANY
@given(scored_findings(), st.data())
def test_adding_a_finding_never_raises_the_index_and_info_never_lowers_it(
    case: Any, data: st.DataObject
) -> None:
    evidence, findings, stakes = case
    before = _score(evidence, findings, stakes)
    kind = data.draw(st.sampled_from(sorted(index.KIND_COMPONENT)))
    severity = data.draw(st.sampled_from(SEVERITIES))
    extra = f(kind, severity, "extra")
    relative = data.draw(st.sampled_from([0.5, 1.0, 2.0]))
    more = {
        **stakes,
        extra.id: index.Stake(component=index.KIND_COMPONENT[kind], relative=relative),
    }
    after = _score(evidence, [*findings, extra], more)
    assert after.index is not None and before.index is not None
    assert after.index <= before.index
    order = ["off_course", "drifting", "aligned"]
    assert order.index(str(after.band)) <= order.index(str(before.band))
    if severity is Severity.info:
        assert after == before


@MANY
@given(scored_findings(), st.data())
def test_removing_a_high_finding_on_a_heavy_objective_raises_the_index(
    case: Any, data: st.DataObject
) -> None:
    evidence, findings, stakes = case
    kind = data.draw(st.sampled_from(sorted(index.KIND_COMPONENT)))
    component = index.KIND_COMPONENT[kind]
    evidence = {*evidence, component}
    heavy = f(kind, Severity.high, "heavy")
    weight = data.draw(st.sampled_from([0.2, 0.25, 0.5, 1.0]))
    stakes = {**stakes, heavy.id: index.Stake(component=component, weight=weight, relative=1.0)}
    with_it = _score(evidence, [*findings, heavy], stakes)
    without = _score(evidence, findings, stakes)
    assert with_it.index is not None and without.index is not None
    assert without.index >= with_it.index
    if not [x for x in findings if stakes[x.id].component == component]:
        # alone in its component, it takes REACH × 25% of what is left of the index
        assert without.index - with_it.index == pytest.approx(
            index.REACH * 0.25 * without.index, abs=0.11
        )
    assert with_it.band != "aligned"  # one such finding: out of the top band


@MANY
@given(scored_findings())
def test_band_rule(case: Any) -> None:
    evidence, findings, stakes = case
    scored = _score(evidence, findings, stakes)
    assert scored.index is not None
    heavy = any(
        x.severity is Severity.high
        and (stakes[x.id].weight or 0) >= 0.2
        and stakes[x.id].component in evidence
        for x in findings
    )
    expected = (
        "aligned" if scored.index >= 85 else "drifting" if scored.index >= 65 else "off_course"
    )
    if heavy and expected == "aligned":
        expected = "drifting"
    assert scored.band == expected


def test_bands_by_hand() -> None:
    """The numbers docs/index.md gives: one serious problem on an average objective leaves
    the company aligned (91.2); two serious problems make it drift (84.7), five put it off
    course (64.3); a 20% objective with one high finding is drifting even at 91.2."""
    evidence = {"kpis", "values", "cascade", "network", "review", "talent"}
    one = [f("kpi_off_track", Severity.high, "k")]
    assert index.score(evidence=evidence, findings=one).index == 91.2
    assert index.score(evidence=evidence, findings=one).band == "aligned"
    heavy = {"kpi_off_track:k": index.Stake(component="kpis", weight=0.2, relative=1.0)}
    assert index.score(evidence=evidence, findings=one, stakes=heavy).band == "drifting"
    two = [*one, f("kpi_at_risk", Severity.high, "k")]
    assert index.score(evidence=evidence, findings=two).index == 84.7
    assert index.score(evidence=evidence, findings=two).band == "drifting"
    five = [
        *two,
        f("silo", Severity.high, "t"),
        f("value_conflict", Severity.high, "i"),
        f("goal_behind", Severity.high, "g"),
    ]
    assert index.score(evidence=evidence, findings=five).index == 64.3
    assert index.score(evidence=evidence, findings=five).band == "off_course"


def test_range_of_thin_evidence() -> None:
    """A component without evidence could hide a high finding (75); one with partial
    evidence one medium finding more."""
    scored = index.score(evidence={"kpis"}, findings=[])
    unseen = len(COMPONENTS) - 1
    assert scored.index == 100.0
    assert scored.range == (round(100 * (1 - 0.35 * 0.25) ** unseen, 1), 100.0)
    partly = index.score(evidence=set(COMPONENTS), findings=[], partly={"kpis"})
    assert partly.range == (round(100 * (1 - 0.35 * 0.12), 1), 100.0)
    full = index.score(evidence=set(COMPONENTS), findings=[f("silo", Severity.low, "t")])
    assert full.range == (full.index, full.index)


def test_stakes_from_the_workbook() -> None:
    company = Company.model_validate(
        {
            "format": 1,
            "name": "Stakes",
            "values": [{"id": "craft", "name": "Craft"}],
            "objectives": [
                {"id": "quality", "name": "Q", "weight": 3, "values": ["craft"]},
                {"id": "growth", "name": "G", "weight": 1},
                {"id": "margin", "name": "M", "weight": 1},
                {"id": "reach", "name": "R", "weight": 0},
            ],
            "kpis": [{"id": "rating", "name": "R", "objective": "quality", "direction": "up"}],
            "initiatives": [{"id": "promo", "name": "P", "objectives": ["growth"]}],
        }
    )
    workbook = Workbook(company=company)
    found = index.stakes(
        [
            f("kpi_off_track", Severity.high, "rating", "quality"),
            f("initiative_harm", Severity.high, "promo", "rating"),
            f("orphan_work", Severity.low, "promo"),
            f("automation_risk", Severity.high, "bot", "craft"),
            f("silo", Severity.medium, "team"),
            f("uncovered_objective", Severity.low, "reach"),
        ],
        workbook=workbook,
    )
    assert found["kpi_off_track:rating:quality"] == index.Stake("kpis", 0.6, 2.0)
    # a KPI names the objective that suffers; the initiative's own objective does not count
    assert found["initiative_harm:promo:rating"] == index.Stake("values", 0.6, 2.0)
    assert found["orphan_work:promo"] == index.Stake("cascade", 0.2, 0.8)  # only through work
    assert found["automation_risk:bot:craft"].weight == 0.6  # through the value
    assert found["silo:team"] == index.Stake("network", None, 1.0)
    assert found["uncovered_objective:reach"] == index.Stake("cascade", 0.0, 0.5)


def test_plan_leaves_out_excluded_findings() -> None:
    findings = [f("value_conflict", Severity.high, "a"), f("review_lapsed", Severity.medium)]
    evidence = {"values", "review"}
    first = index.gains(evidence=evidence, findings=findings)
    assert [x.id for x, _ in first] == ["value_conflict:a", "review_lapsed"]
    rest = index.gains(evidence=evidence, findings=findings, exclude={"value_conflict:a"})
    assert [(x.id, g) for x, g in rest] == [(x.id, g) for x, g in first if x.id == "review_lapsed"]


def test_good_news_never_lowers_a_component_nor_enters_the_plan() -> None:
    win = f("initiative_win", Severity.info, "new_oven", "rating")
    assert index.findings_score([win]) == 100.0
    harm = f("initiative_harm", Severity.high, "cheap_flour", "rating")
    assert index.findings_score([win, harm]) == index.findings_score([harm])
    plan = index.gains(evidence={"values", "kpis"}, findings=[win, harm], steps=None)
    assert [found.kind for found, _ in plan] == ["initiative_harm"]
