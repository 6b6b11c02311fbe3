"""The alignment index: 0–100 from eight components, each explained by findings.

Every point the index loses is lost to a finding, so every point can be won back by
fixing one (this is what makes the 90-day plan's expected gain computable):

* A finding of severity *s* carries a penalty ``p(s)``: high 0.25, medium 0.12, low
  0.05, info 0 (good news never lowers anything). :data:`KIND_COMPONENT` maps each
  finding kind (the registry :mod:`coxswain.analysis.kinds`) to the one component it
  penalises.
* Its **stake** ``r`` is the weight of the objectives it concerns (the largest, through
  its subjects: the objective itself, a KPI's, a goal's, a capability's, a value's; only
  failing those an initiative's or automation's) relative to the average objective,
  between 0.5 and 2; 1 for a finding that concerns no objective (a silo, a lapsed review).
* A component has evidence when at least one analysis section names it as its
  ``component`` and gives a (non-null) score; otherwise it is null.
* A component's score is ``100 × Π (1 − p(f))^r(f)`` over the findings of its kinds.
* The index is ``100 × Π (1 − κ·(1 − score(c)/100))`` over the components that have
  evidence, with κ = :data:`REACH` = 0.35 (a component can take away at most 35% of
  the index), and null unless at least one of them is *measured* (not in :data:`DECLARED`).
  Unlike a mean, a healthy component does not dilute a broken one.
* The **band** (:data:`BANDS`): aligned from 85, drifting from 65, off course below; a
  high finding on an objective carrying at least a fifth of the weight caps the band at
  drifting. The **range** is the index with what could not be seen at its plausible
  worst (:func:`plausible_range`).

The gain of fixing a finding is the index recomputed without it, minus the index;
the 90-day plan takes the three open findings with the largest gains. docs/index.md
gives the numbers behind these choices.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coxswain.analysis.base import COMPONENTS, Context, Finding, Section, Severity
from coxswain.analysis.kinds import KINDS
from coxswain.analysis.rules import BAND_AMBER_FROM, BAND_GREEN_FROM
from coxswain.workbook import Workbook

DECLARED = frozenset({"cascade", "values"})
"""Components judged from the declared strategy alone; an index needs at least one other
(measured from records: KPI values, money and hours, survey, messages, staff, reviews)."""

PENALTY: dict[Severity, float] = {
    Severity.high: 0.25,
    Severity.medium: 0.12,
    Severity.low: 0.05,
    Severity.info: 0.0,
}

REACH = 0.35
"""κ: the share of the index a component takes away when its score is 0 (docs/index.md)."""

STAKE_BOUNDS = (0.5, 2.0)
"""A finding's stake (objective weight relative to the average objective) is clipped here."""

HEAVY_OBJECTIVE = 0.2
"""A high finding on an objective carrying at least this share of the weight caps the band."""

BANDS: tuple[tuple[str, float], ...] = (
    ("aligned", BAND_GREEN_FROM),
    ("drifting", BAND_AMBER_FROM),
    ("off_course", 0.0),
)
"""Each band and the lowest index in it, best first."""

BAND_WORDS = {"aligned": "aligned", "drifting": "drifting", "off_course": "off course"}

BAND_MEANING = {
    "aligned": "The work pulls with the strategy. What findings there are are worth a look; "
    "none is a serious problem on an objective that matters.",
    "drifting": "Serious problems in one or two places, or one on an objective that carries "
    "real weight. Start with the plan's three steps this quarter.",
    "off_course": "Problems in several parts of the business at once: what the business does "
    "is no longer what the strategy says. Go through the plan with your team now.",
}

UNSEEN_WORST = Severity.high
"""What a component without evidence could plausibly hide: one such finding (stake 1)."""

PARTLY_SEEN_WORST = Severity.medium
"""What a component with partial evidence could plausibly hide besides its findings."""

KIND_COMPONENT: dict[str, str] = {k: spec.component for k, spec in KINDS.items()}
"""The component each finding kind penalises (the registry :mod:`coxswain.analysis.kinds`)."""

FORMULA = (
    "Each finding takes a share off its component: high 25%, medium 12%, low 5%, good news "
    "nothing, raised to its stake (the weight of the objective it concerns against the "
    "average objective, 0.5 to 2). The alignment index is 100 × Π(1 − 0.35 × (1 − component/100)) "
    "over the components that have evidence, once at least one of them is measured from records "
    "rather than only the declared strategy (cascade, values): a component can take away at "
    "most 35% of the index, and a healthy one never hides a broken one. Aligned from 85, "
    "drifting from 65, off course below; a high finding on an objective with a fifth or more "
    "of the weight means drifting at best."
)


@dataclass(frozen=True)
class Stake:
    """What a finding puts at stake: its component, the largest normalised weight of the
    objectives it concerns (None: it concerns none), and its stake relative to the average
    objective (the exponent of its penalty)."""

    component: str | None
    weight: float | None = None
    relative: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {"component": self.component, "weight": self.weight, "relative": self.relative}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Stake:
        return cls(
            component=data.get("component"),
            weight=data.get("weight"),
            relative=float(data.get("relative", 1.0)),
        )


def component_of(finding: Finding, default: str | None = None) -> str | None:
    return KIND_COMPONENT.get(finding.kind, default)


def _objectives_of(workbook: Workbook) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Workbook id → the objectives it concerns: (direct ones, through work)."""
    company = workbook.company
    objective_ids = {o.id for o in company.objectives}
    direct: dict[str, set[str]] = {o: {o} for o in objective_ids}
    for kpi in company.kpis:
        direct[kpi.id] = {kpi.objective} & objective_ids
    parents = {g.id: g.parent for g in company.goals}
    for goal in company.goals:
        seen: set[str] = set()
        node: str | None = goal.id
        while node is not None and node in parents and node not in seen:
            seen.add(node)
            node = parents[node]
        direct[goal.id] = {node} & objective_ids if node else set()
    for capability in company.capabilities:
        direct[capability.id] = set(capability.objectives) & objective_ids
    for value in company.values:
        direct[value.id] = {o.id for o in company.objectives if value.id in o.values}
    work: dict[str, set[str]] = {}
    for initiative in company.initiatives:
        work[initiative.id] = (set(initiative.objectives) | set(initiative.effects)) & objective_ids
    for automation in company.automations:
        work[automation.id] = (set(automation.objectives) | set(automation.effects)) & objective_ids
    return direct, work


def objectives_of(workbook: Workbook) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Workbook id → the objectives it concerns: (directly: an objective, a KPI's, a goal's,
    a capability's, a value's; through work: an initiative's or automation's)."""
    return _objectives_of(workbook)


def stakes(
    findings: Iterable[Finding],
    *,
    workbook: Workbook,
    fallback: Mapping[str, str] | None = None,
) -> dict[str, Stake]:
    """Each finding's :class:`Stake` from the workbook's objective weights."""
    fallback = fallback or {}
    objectives = workbook.company.objectives
    total = sum(o.weight for o in objectives)
    weights = {o.id: (o.weight / total if total > 0 else 0.0) for o in objectives}
    direct, work = _objectives_of(workbook)
    low, high = STAKE_BOUNDS
    out: dict[str, Stake] = {}
    for finding in findings:
        touched = set().union(*(direct.get(s, set()) for s in finding.subjects))
        if not touched:
            touched = set().union(*(work.get(s, set()) for s in finding.subjects))
        component = component_of(finding, fallback.get(finding.id))
        if not touched or not weights:
            out[finding.id] = Stake(component=component)
            continue
        weight = round(max(weights[o] for o in touched), 9)
        relative = round(min(high, max(low, weight * len(weights))), 6)
        out[finding.id] = Stake(component=component, weight=weight, relative=relative)
    return out


def _stake(finding: Finding, stakes: Mapping[str, Stake], fallback: Mapping[str, str]) -> Stake:
    known = stakes.get(finding.id)
    if known is not None:
        return known
    return Stake(component=component_of(finding, fallback.get(finding.id)))


def findings_score(findings: Iterable[Finding], stakes: Mapping[str, Stake] | None = None) -> float:
    """``100 × Π (1 − p(f))^r(f)`` over ``findings``."""
    score = 100.0
    for finding in findings:
        relative = (stakes or {}).get(finding.id, Stake(component=None)).relative
        score *= (1.0 - PENALTY[finding.severity]) ** relative
    return score


@dataclass(frozen=True)
class Scored:
    index: float | None
    components: dict[str, float | None]
    band: str | None = None
    range: tuple[float, float] | None = None


def evidenced(sections: Mapping[str, Section]) -> set[str]:
    """Components that at least one section has evidence for."""
    return {
        s.component for s in sections.values() if s.component in COMPONENTS and s.score is not None
    }


def partly_evidenced(sections: Mapping[str, Section]) -> set[str]:
    """Components with evidence of which a section says evidence was missing (a file, a
    workbook part, a KPI without recent values): the thin ones besides those without any."""
    have = evidenced(sections)
    return {
        s.component
        for s in sections.values()
        if s.component in have and s.score is not None and s.missing
    }


def _components(
    evidence: Collection[str],
    findings: Iterable[Finding],
    stakes: Mapping[str, Stake],
    fallback: Mapping[str, str],
) -> dict[str, float | None]:
    by_component: dict[str, list[Finding]] = {c: [] for c in COMPONENTS}
    for finding in findings:
        component = _stake(finding, stakes, fallback).component
        if component in by_component:
            by_component[component].append(finding)
    return {
        c: findings_score(by_component[c], stakes) if c in evidence else None for c in COMPONENTS
    }


def combine(components: Mapping[str, float | None]) -> float | None:
    """The index from component scores: ``100 × Π (1 − κ·(1 − score/100))`` over those with
    evidence, or None unless one of them is measured (not only declared)."""
    values = [v for v in components.values() if v is not None]
    measured = any(v is not None for c, v in components.items() if c not in DECLARED)
    if not measured:
        return None
    return 100.0 * math.prod(1.0 - REACH * (1.0 - v / 100.0) for v in values)


def band(index: float | None, *, capped: bool = False) -> str | None:
    """The band of ``index``; ``capped``: a high finding on a heavy objective (at best
    drifting)."""
    if index is None:
        return None
    name = next(name for name, lowest in BANDS if index >= lowest)
    return "drifting" if capped and name == "aligned" else name


def caps_band(finding: Finding, stake: Stake) -> bool:
    """Whether ``finding`` keeps the company out of the top band: high severity on an
    objective that carries at least a fifth of the weight."""
    return (
        finding.severity is Severity.high
        and stake.weight is not None
        and round(stake.weight, 9) >= HEAVY_OBJECTIVE
    )


def plausible_range(
    components: Mapping[str, float | None], *, partly: Collection[str] = ()
) -> tuple[float, float] | None:
    """The index's plausible range: its upper end is the index (what could not be seen can
    only hide problems: every point is lost to a finding); its lower end puts each component
    without evidence at one high finding (75) and each partly evidenced one at one medium
    finding more. Equal ends where every component is fully evidenced."""
    index = combine(components)
    if index is None:
        return None
    top = round(index, 1)
    worst = dict(components)
    thin = False
    for c in COMPONENTS:
        value = components.get(c)
        if value is None:
            worst[c], thin = 100.0 * (1.0 - PENALTY[UNSEEN_WORST]), True
        elif c in partly:
            worst[c], thin = value * (1.0 - PENALTY[PARTLY_SEEN_WORST]), True
    low = combine(worst)
    if not thin or low is None:
        return (top, top)
    return (min(top, round(low, 1)), top)


def score(
    *,
    evidence: Collection[str],
    findings: Iterable[Finding],
    fallback: Mapping[str, str] | None = None,
    stakes: Mapping[str, Stake] | None = None,
    partly: Collection[str] = (),
) -> Scored:
    """Components, index, band and range from the components with evidence and all findings.

    ``stakes`` (from :func:`stakes`) weigh each finding by its objectives (stake 1 where
    absent); ``fallback`` maps a finding id to the component of the section that made it, used
    for kinds outside :data:`KIND_COMPONENT`; ``partly`` names the partly evidenced
    components (:func:`partly_evidenced`)."""
    findings = list(findings)
    stakes = stakes or {}
    fallback = fallback or {}
    components = _components(evidence, findings, stakes, fallback)
    index = combine(components)
    capped = any(
        caps_band(f, _stake(f, stakes, fallback))
        for f in findings
        if _stake(f, stakes, fallback).component in evidence
    )
    rounded = None if index is None else round(index, 1)
    return Scored(
        index=rounded,
        components={c: None if v is None else round(v, 1) for c, v in components.items()},
        band=band(rounded, capped=capped),
        range=plausible_range(components, partly=partly),
    )


def gains(
    *,
    evidence: Collection[str],
    findings: list[Finding],
    fallback: Mapping[str, str] | None = None,
    stakes: Mapping[str, Stake] | None = None,
    steps: int | None = 3,
    exclude: Collection[str] = (),
) -> list[tuple[Finding, float]]:
    """The findings whose fixing alone lifts the index most (the first ``steps``, or
    all with a gain when ``steps`` is None), each with that lift in index points: the
    index recomputed without the finding, minus the index. Findings whose id is in
    ``exclude`` (dismissed ones) stay in the index but are no candidates. Ties go to the
    more severe finding, then the smaller id."""
    fallback = fallback or {}
    stakes = stakes or {}
    current = combine(_components(evidence, findings, stakes, fallback))
    if current is None:
        return []
    candidates: list[tuple[float, int, str, int]] = []
    for n, finding in enumerate(findings):
        if finding.id in exclude:
            continue
        rest = findings[:n] + findings[n + 1 :]
        after = combine(_components(evidence, rest, stakes, fallback)) or 0.0
        gain = round(after - current, 1)
        if gain > 0:
            candidates.append((-gain, finding.severity.rank, finding.id, n))
    ranked = sorted(candidates)
    if steps is not None:
        ranked = ranked[:steps]
    return [(findings[n], -neg) for neg, _, _, n in ranked]


def joint_gain(
    *,
    evidence: Collection[str],
    findings: Sequence[Finding],
    ids: Collection[str],
    stakes: Mapping[str, Stake] | None = None,
) -> float:
    """The index points that the findings whose id is in ``ids`` take off together: the
    index recomputed without them, minus the index (0 without an index). A story's stake
    (:mod:`coxswain.analysis.stories`)."""
    stakes = stakes or {}
    current = combine(_components(evidence, findings, stakes, {}))
    if current is None:
        return 0.0
    rest = [f for f in findings if f.id not in ids]
    after = combine(_components(evidence, rest, stakes, {})) or 0.0
    return max(0.0, round(after - current, 1))


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


def section(
    *,
    evidence: Collection[str],
    findings: list[Finding],
    fallback: Mapping[str, str] | None = None,
    stakes: Mapping[str, Stake] | None = None,
    partly: Collection[str] = (),
) -> Section:
    """The index as a section for reports and the JSON: the formula, the penalties, the
    bands, the stake of each finding (what the plan is recomputed from once findings are
    dismissed), and the expected gain of fixing each finding."""
    stakes = stakes or {}
    fallback = fallback or {}
    return Section(
        name="index",
        tables={
            "formula": FORMULA,
            "penalties": {s.value: p for s, p in PENALTY.items()},
            "reach": REACH,
            "bands": {
                name: {"from": lowest, "meaning": BAND_MEANING[name]} for name, lowest in BANDS
            },
            "heavy_objective": HEAVY_OBJECTIVE,
            "kind_component": dict(KIND_COMPONENT),
            "components_with_evidence": sorted(evidence),
            "components_partly_evidenced": sorted(partly),
            "declared_only": sorted(DECLARED),
            "too_little_evidence": None
            if combine(_components(evidence, findings, stakes, fallback)) is not None
            else too_little_evidence(evidence),
            "stakes": {f.id: _stake(f, stakes, fallback).to_json() for f in findings},
            "gains": {
                f.id: g
                for f, g in gains(
                    evidence=evidence,
                    findings=findings,
                    fallback=fallback,
                    stakes=stakes,
                    steps=None,
                )
            },
        },
    )


def stored_stakes(section: Section | None) -> dict[str, Stake]:
    """The stakes an index section stored (empty for results from before they were kept)."""
    table = section.tables.get("stakes") if section else None
    if not isinstance(table, dict):
        return {}
    return {k: Stake.from_json(v) for k, v in table.items() if isinstance(v, dict)}


def analyze(workbook: Workbook, context: Context) -> Section:
    """The index as an analysis entry point: it explains the formula; the runner fills
    in the numbers (:func:`section`) after every other analysis has run."""
    return section(evidence=set(), findings=[])
