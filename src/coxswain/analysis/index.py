"""The alignment index: 0–100 from eight components, each explained by findings.

Every point a component loses is lost to a finding, so every point can be won back
by fixing one (this is what makes the 90-day plan's expected gain computable):

* A finding of severity *s* carries a penalty ``p(s)``: high 0.25, medium 0.12,
  low 0.05, info 0 (good news). :data:`KIND_COMPONENT` maps each of the 22 finding
  kinds to the one component it penalises.
* A component has evidence when at least one analysis section names it as its
  ``component`` and gives a (non-null) score; otherwise it is null.
* A component's score is ``100 × Π (1 − p(f))`` over the findings ``f`` of its
  kinds: 100 with no findings, one high finding gives 75, two give 56.25, never
  below 0.
* The index is the plain mean of the components that have evidence, and null unless
  at least one of them is *measured* (not in :data:`DECLARED`): ``cascade`` and
  ``values`` judge only the strategy the owner wrote down, which says nothing yet about
  how the business runs (a fresh ``coxswain init`` starter has at most its declared
  map). A section's own ``score`` only tells that its evidence exists; its value is
  shown in the section but does not enter the index.

The gain of fixing a finding is the index recomputed without it, minus the index;
the 90-day plan takes the three findings with the largest gains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coxswain.analysis.base import COMPONENTS, Context, Finding, Section, Severity
from coxswain.workbook import Workbook

DECLARED = frozenset({"cascade", "values"})
"""Components judged from the declared strategy alone; an index needs at least one other
(measured from records: KPI values, money and hours, survey, messages, staff, reviews)."""

PENALTY: dict[Severity, float] = {
    Severity.high: 0.25,
    Severity.medium: 0.12,
    Severity.low: 0.05,
    Severity.info: 0.0,  # good news (initiative_win): never lowers a component
}

KIND_COMPONENT: dict[str, str] = {
    "value_conflict": "values",
    "resource_misallocation": "resources",
    "orphan_work": "cascade",
    "uncovered_objective": "cascade",
    "kpi_off_track": "kpis",
    "kpi_at_risk": "kpis",
    "kpi_shift": "kpis",
    "kpi_anomaly": "kpis",
    "expectation_gap": "kpis",
    "kpi_tension": "kpis",
    "initiative_harm": "values",
    "initiative_win": "values",
    "strategy_link_unsupported": "cascade",
    "silo": "network",
    "bottleneck": "network",
    "low_understanding": "understanding",
    "sentiment_decline": "understanding",
    "slow_innovation": "talent",
    "talent_gap": "talent",
    "automation_risk": "values",
    "review_lapsed": "review",
    "goal_behind": "cascade",
}
"""The component each finding kind penalises (all 22 kinds of findings.md; ``initiative_win``
is of severity info and penalises nothing)."""

FORMULA = (
    "Each component is 100 × Π(1 − penalty) over its findings (penalty: high 0.25, "
    "medium 0.12, low 0.05), or null without evidence; the alignment index is the mean "
    "of the components that have evidence, once at least one of them is measured from "
    "records rather than only the declared strategy (cascade, values)."
)


def component_of(finding: Finding, default: str | None = None) -> str | None:
    return KIND_COMPONENT.get(finding.kind, default)


def findings_score(findings: Iterable[Finding]) -> float:
    """``100 × Π (1 − p(f))`` over ``findings``."""
    score = 100.0
    for finding in findings:
        score *= 1.0 - PENALTY[finding.severity]
    return score


@dataclass(frozen=True)
class Scored:
    index: float | None
    components: dict[str, float | None]


def evidenced(sections: Mapping[str, Section]) -> set[str]:
    """Components that at least one section has evidence for."""
    return {
        s.component for s in sections.values() if s.component in COMPONENTS and s.score is not None
    }


def _components(
    evidence: set[str], findings: Iterable[Finding], fallback: Mapping[str, str]
) -> dict[str, float | None]:
    by_component: dict[str, list[Finding]] = {c: [] for c in COMPONENTS}
    for finding in findings:
        component = component_of(finding, fallback.get(finding.id))
        if component in by_component:
            by_component[component].append(finding)
    return {c: findings_score(by_component[c]) if c in evidence else None for c in COMPONENTS}


def _mean(components: Mapping[str, float | None]) -> float | None:
    values = [v for v in components.values() if v is not None]
    measured = any(v is not None for c, v in components.items() if c not in DECLARED)
    return sum(values) / len(values) if measured else None


def too_little_evidence(evidence: Iterable[str]) -> str:
    """Why there is no index: what can be judged, and what the index still needs."""
    have = [c for c in COMPONENTS if c in set(evidence)]
    judged = (
        f"only the declared strategy ({', '.join(have)}) can be judged so far"
        if have
        else "nothing in the workbook can be judged yet"
    )
    return (
        f"Too little evidence for an alignment index: {judged}. The index needs at least "
        "one measured part too: KPI values, money or hours, a staff survey, messages, a "
        "staff list or strategy reviews. Add the evidence listed as missing."
    )


def score(
    *,
    evidence: set[str],
    findings: Iterable[Finding],
    fallback: Mapping[str, str] | None = None,
) -> Scored:
    """Components and index from the components with evidence and all findings.

    ``fallback`` maps a finding id to the component of the section that made it, used
    for kinds outside :data:`KIND_COMPONENT`."""
    components = _components(evidence, findings, fallback or {})
    index = _mean(components)
    return Scored(
        index=None if index is None else round(index, 1),
        components={c: None if v is None else round(v, 1) for c, v in components.items()},
    )


def gains(
    *,
    evidence: set[str],
    findings: list[Finding],
    fallback: Mapping[str, str] | None = None,
    steps: int | None = 3,
) -> list[tuple[Finding, float]]:
    """The findings whose fixing alone lifts the index most (the first ``steps``, or
    all with a gain when ``steps`` is None), each with that lift in index points: the
    index recomputed without the finding, minus the index. Ties go to the more severe
    finding, then the smaller id."""
    fallback = fallback or {}
    current = _mean(_components(evidence, findings, fallback))
    if current is None:
        return []
    candidates: list[tuple[float, int, str, int]] = []
    for n, finding in enumerate(findings):
        rest = findings[:n] + findings[n + 1 :]
        after = _mean(_components(evidence, rest, fallback)) or 0.0
        gain = round(after - current, 1)
        if gain > 0:
            candidates.append((-gain, finding.severity.rank, finding.id, n))
    ranked = sorted(candidates)
    if steps is not None:
        ranked = ranked[:steps]
    return [(findings[n], -neg) for neg, _, _, n in ranked]


def section(
    *, evidence: set[str], findings: list[Finding], fallback: Mapping[str, str] | None = None
) -> Section:
    """The index as a section for reports and the JSON: the formula, the penalties, the
    component of each finding kind, and the expected gain of fixing each finding."""
    return Section(
        name="index",
        tables={
            "formula": FORMULA,
            "penalties": {s.value: p for s, p in PENALTY.items()},
            "kind_component": dict(KIND_COMPONENT),
            "components_with_evidence": sorted(evidence),
            "declared_only": sorted(DECLARED),
            "too_little_evidence": None
            if _mean(_components(evidence, findings, fallback or {})) is not None
            else too_little_evidence(evidence),
            "gains": {
                f.id: g
                for f, g in gains(
                    evidence=evidence, findings=findings, fallback=fallback, steps=None
                )
            },
        },
    )


def analyze(workbook: Workbook, context: Context) -> Section:
    """The index as an analysis entry point: it explains the formula; the runner fills
    in the numbers (:func:`section`) after every other analysis has run."""
    return section(evidence=set(), findings=[])
