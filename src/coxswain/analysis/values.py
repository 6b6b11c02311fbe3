"""Values: does the work pull with the company's values and weighted objectives?

* **value_conflict**: an initiative (planned, active or done) or an automation that
  declares a negative effect on an objective. Subjects: the initiative or
  automation, the objective, then the values the objective expresses
  (``value_conflict:cheap_flour:bread_quality:craft``). Severity comes from the
  *stake* ``r × |effect|``, where ``r`` is the objective's weight relative to the
  average objective (1 = average): high from 1.5, medium from 1, low below (so a
  mild effect, −1, on a below-average objective is at most low). An objective that
  expresses a value adds a half to ``r``: working against a value weighs more; but a
  mild effect (−1) on a below-average objective stays low. A *deliberate trade-off*
  is not a conflict: a mild cost (−1) to an objective that expresses no value, paid
  for a positive effect on an objective of at least the same weight (it is listed
  in the section's ``trade_offs``). An effect declared on a value itself
  (``effects: {craft: -1}``) is a conflict with that value (``value_conflict:i:craft``)
  unless the same work's conflict with an objective already names it; the value weighs
  as the heaviest objective that expresses it (plus the half), or as an average
  objective when none does.
* **automation_risk**: an automation that replaces people (``replaces_human``)
  without a ``human_fallback`` at a touchpoint tied to values. High when one of
  those values is expressed by an objective of at least average weight, or the
  automation itself works against an objective; medium otherwise.

The values component has evidence when the workbook has objectives and at least one
counted initiative or automation declares an effect (on an objective or a value, even a
neutral 0) or, for an automation, the values its touchpoint expresses. Work that declares
neither says nothing about values, so a strategy without such work is null, not 100.
"""

from __future__ import annotations

from typing import Any

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.cascade import relative_weights
from coxswain.workbook import Workbook
from coxswain.workbook.model import InitiativeStatus

COUNTED = (InitiativeStatus.planned, InitiativeStatus.active, InitiativeStatus.done)
VALUE_BONUS = 0.5


def severity_of(*, relative_weight: float, effect: int, expresses_value: bool) -> Severity:
    if abs(effect) <= 1 and relative_weight < 1:
        return Severity.low  # a mild effect on a minor objective
    stake = round((relative_weight + (VALUE_BONUS if expresses_value else 0.0)) * abs(effect), 9)
    if stake >= 1.5:
        return Severity.high
    if stake >= 1.0:
        return Severity.medium
    return Severity.low


def _trade_off(
    effect: int,
    objective: str,
    values: tuple[str, ...],
    effects: dict[str, int],
    weights: dict[str, float],
) -> bool:
    """A deliberate trade-off: a mild cost (−1) to an objective that expresses no value,
    paid for a positive effect on an objective that weighs at least as much."""
    if effect != -1 or values:
        return False
    harmed = round(weights.get(objective, 0.0), 9)
    return any(e > 0 and round(weights.get(o, 0.0), 9) >= harmed for o, e in effects.items())


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    section = Section(name="values", component="values")
    objectives = {o.id: o for o in company.objectives}
    values = {v.id: v for v in company.values}
    rel = relative_weights(company)
    weights = company.normalised_weights()

    actors: list[tuple[str, str, str, dict[str, int], tuple[str, ...]]] = []
    for i in company.initiatives:
        if i.status in COUNTED:
            actors.append(("initiative", i.id, i.name, dict(i.effects), i.objectives))
    for a in company.automations:
        actors.append(("automation", a.id, a.name, dict(a.effects), a.objectives))

    findings: list[Finding] = []
    trade_offs: list[dict[str, Any]] = []
    effects_table: list[dict[str, Any]] = []
    for kind, actor_id, actor_name, effects, serves in actors:
        for objective_id, effect in sorted(effects.items()):
            objective = objectives.get(objective_id)
            if objective is None:
                continue
            effects_table.append(
                {"actor": actor_id, "kind": kind, "objective": objective_id, "effect": effect}
            )
            if effect >= 0 or weights.get(objective_id, 0) == 0:
                continue
            linked = tuple(v for v in objective.values if v in values)
            if _trade_off(effect, objective_id, linked, effects, weights):
                trade_offs.append({"actor": actor_id, "objective": objective_id, "effect": effect})
                continue
            severity = severity_of(
                relative_weight=rel[objective_id], effect=effect, expresses_value=bool(linked)
            )
            against = f"“{objective.name}”"
            if linked:
                against += " and the value " + " and ".join(f"“{values[v].name}”" for v in linked)
            findings.append(
                Finding(
                    kind="value_conflict",
                    severity=severity,
                    subjects=(actor_id, objective_id, *linked),
                    title=f"{kind.capitalize()} “{actor_name}” works against {against}",
                    evidence={
                        "effect": effect,
                        "objective_weight": round(weights[objective_id], 4),
                        "relative_weight": round(rel[objective_id], 3),
                        "values": list(linked),
                        "serves": list(serves),
                        "serves_effects": {o: e for o, e in sorted(effects.items()) if e > 0},
                        "source": f"company.yaml: {kind}s[{actor_id}].effects",
                    },
                )
            )

    value_weight: dict[str, float] = {}
    for objective in company.objectives:
        for v in objective.values:
            value_weight[v] = max(value_weight.get(v, 0.0), rel.get(objective.id, 0.0))
    named = {(f.subjects[0], v) for f in findings for v in f.subjects[2:]}
    for kind, actor_id, actor_name, effects, serves in actors:
        for value_id, effect in sorted(effects.items()):
            if value_id not in values or effect >= 0 or (actor_id, value_id) in named:
                continue
            effects_table.append(
                {"actor": actor_id, "kind": kind, "value": value_id, "effect": effect}
            )
            expressed_by = sorted(o.id for o in company.objectives if value_id in o.values)
            findings.append(
                Finding(
                    kind="value_conflict",
                    severity=severity_of(
                        relative_weight=value_weight.get(value_id, 1.0),
                        effect=effect,
                        expresses_value=bool(expressed_by),
                    ),
                    subjects=(actor_id, value_id),
                    title=(
                        f"{kind.capitalize()} “{actor_name}” works against the value "
                        f"“{values[value_id].name}”"
                    ),
                    evidence={
                        "effect": effect,
                        "value": value_id,
                        "expressed_by": expressed_by,
                        "relative_weight": round(value_weight.get(value_id, 1.0), 3),
                        "serves": list(serves),
                        "serves_effects": {o: e for o, e in sorted(effects.items()) if e > 0},
                        "source": f"company.yaml: {kind}s[{actor_id}].effects",
                    },
                )
            )
    for a in company.automations:
        if not (a.replaces_human and not a.human_fallback and a.values):
            continue
        tied = tuple(v for v in a.values if v in values)
        if not tied:
            continue
        harms = {o: e for o, e in a.effects.items() if e < 0 and o in objectives}
        weighty = any(value_weight.get(v, 0.0) >= 1 for v in tied)
        severity = Severity.high if weighty or harms else Severity.medium
        names = " and ".join(f"“{values[v].name}”" for v in tied)
        findings.append(
            Finding(
                kind="automation_risk",
                severity=severity,
                subjects=(a.id, *tied),
                title=(
                    f"“{a.name}” replaces people at {a.touchpoint or 'a touchpoint'} "
                    f"meant to express {names}, with no way to reach a person"
                ),
                evidence={
                    "touchpoint": a.touchpoint,
                    "replaces_human": a.replaces_human,
                    "human_fallback": a.human_fallback,
                    "values": list(tied),
                    "negative_effects": harms,
                    "start": a.start.isoformat() if a.start else None,
                },
            )
        )

    section.findings = findings
    section.tables = {"effects": effects_table, "trade_offs": trade_offs}
    # Evidence only where declared work says how it bears on objectives or values: a
    # strategy with no such work has nothing observed to score.
    telling = [actor_id for _, actor_id, _, effects, _ in actors if effects]
    telling += [a.id for a in company.automations if a.values and a.id not in telling]
    if not company.objectives:
        section.score_note = "The workbook has no objectives to weigh the work against."
    elif not telling:
        section.score_note = (
            "No initiatives or automations declare effects or values yet: there is no "
            "declared work to weigh against the values."
        )
        section.missing.append("company.yaml: effects" if actors else "company.yaml: initiatives")
    else:
        from coxswain.analysis.index import findings_score

        section.score = findings_score(findings)
    return section
