"""Scenarios on a workbook end to end: the analysis the engine stands on, the findings a
scenario would resolve or create, and the one entry point the faces call
(:func:`run_scenarios`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from coxswain.analysis.base import Context, Finding, Settings, Severity
from coxswain.analysis.result import Result
from coxswain.scenarios.engine import (
    DEFAULT_PATHS,
    IndexModel,
    Outcome,
    Report,
    Setup,
    at_risk_changes,
    prepare,
    simulate,
)
from coxswain.scenarios.model import (
    AutomationChange,
    Scenario,
    ScenarioFile,
    StartInitiative,
    StopInitiative,
    TargetChange,
)
from coxswain.workbook import Workbook

STRUCTURAL = ("cascade", "resources", "values")
"""The analyses whose findings follow from the declared strategy, money and automations:
rerun on the workbook as a scenario changes it."""


def index_model(result: Result, workbook: Workbook) -> IndexModel | None:
    """The index of ``result`` with its KPI component open to each path's misses."""
    from coxswain.analysis import index as ix

    if result.alignment_index is None:
        return None
    stakes = ix.stored_stakes(result.sections.get("index"))
    component = ix.KIND_COMPONENT["kpi_at_risk"]
    others = math.prod(
        1 - ix.REACH * (1 - v / 100)
        for c, v in result.components.items()
        if c != component and v is not None
    )
    if result.components.get(component) is None:
        return IndexModel(others, 1.0, {}, 0.0, result.alignment_index)
    kept = [
        f
        for f in result.findings
        if f.kind != "kpi_at_risk"
        and (stakes[f.id].component if f.id in stakes else ix.component_of(f)) == component
    ]
    base = ix.findings_score(kept, stakes) / 100
    visible = workbook.until(result.as_of)
    missed: dict[str, float] = {}
    for k in workbook.company.kpis:
        if k.target is None:
            continue
        f = Finding(
            kind="kpi_at_risk",
            severity=Severity.medium,
            subjects=(k.id, k.objective),
            title="",
            evidence={},
        )
        missed[k.id] = ix.findings_score([f], ix.stakes([f], workbook=visible)) / 100
    return IndexModel(others, base, missed, ix.REACH, result.alignment_index)


def setup_from_analysis(
    workbook: Workbook, *, as_of: dt.date | None = None, settings: Settings | None = None
) -> Setup:
    """Run the analysis once (as ``coxswain analyze`` does) and set the engine up on it:
    the forecasts, the measured effects of initiatives, the tested links and the index.
    ``settings``: the analysis's (the web passes the organisation's own pseudonym salt)."""
    from coxswain.analysis import forecast
    from coxswain.analysis.runner import analyze

    settings = settings or Settings()
    result = analyze(workbook, as_of=as_of, settings=settings)
    visible = workbook.until(result.as_of)
    done, left = forecast.forecasts(visible, Context(as_of=result.as_of, settings=settings))
    impact = result.sections.get("impact")
    links = result.sections.get("strategy_links")
    return prepare(
        workbook,
        as_of=result.as_of,
        forecasts=done,
        skipped={k: v.reason for k, v in left.items()},
        impact_rows=list(impact.tables.get("comparisons", [])) if impact else [],
        link_rows=list(links.tables.get("links", [])) if links else [],
        index=index_model(result, workbook),
    )


def changed_workbook(workbook: Workbook, scenario: Scenario, budgets: dict[str, float]) -> Workbook:
    """The workbook as the scenario leaves it: budgets, initiatives started or stopped,
    automations changed, targets and deadlines moved."""
    company = workbook.company
    started = {c.initiative for c in scenario.changes if isinstance(c, StartInitiative)}
    stopped = {c.initiative for c in scenario.changes if isinstance(c, StopInitiative)}
    initiatives = []
    for ini in company.initiatives:
        update: dict[str, Any] = {"budget": max(budgets.get(ini.id, ini.budget), 0.0)}
        if ini.id in started:
            update["status"] = type(ini.status)("active")
        if ini.id in stopped:
            update["status"] = type(ini.status)("stopped")
        initiatives.append(ini.model_copy(update=update))
    automations = []
    for auto in company.automations:
        update = {}
        for c in scenario.changes:
            if isinstance(c, AutomationChange) and c.automation == auto.id:
                if c.human_fallback is not None:
                    update["human_fallback"] = c.human_fallback
                if c.replaces_human is not None:
                    update["replaces_human"] = c.replaces_human
        automations.append(auto.model_copy(update=update))
    stopped_autos = {
        c.automation for c in scenario.changes if isinstance(c, AutomationChange) and c.stop
    }
    automations = [a for a in automations if a.id not in stopped_autos]
    kpis = []
    for k in company.kpis:
        update = {}
        for c in scenario.changes:
            if isinstance(c, TargetChange) and c.kpi == k.id:
                if c.target is not None:
                    update["target"] = c.target
                if c.deadline is not None:
                    update["deadline"] = c.deadline
        kpis.append(k.model_copy(update=update))
    new_company = company.model_copy(
        update={
            "initiatives": tuple(initiatives),
            "automations": tuple(automations),
            "kpis": tuple(kpis),
        }
    )
    return dataclasses.replace(workbook, company=new_company)


def _structural(
    workbook: Workbook, as_of: dt.date, settings: Settings | None = None
) -> dict[str, Finding]:
    from coxswain.analysis.runner import analyze

    result = analyze(workbook, as_of=as_of, only=STRUCTURAL, settings=settings or Settings())
    return {f.id: f for f in result.findings if f.kind != "stage_mismatch"}


def finding_changes(setup: Setup, *, settings: Settings | None = None) -> Any:
    """A function giving, per scenario, the findings it resolves and creates: the
    structural analyses rerun on the changed workbook, and the KPIs whose chance of a hit
    crosses one half."""
    before = _structural(setup.workbook, setup.as_of, settings)

    def diff(
        scenario: Scenario, outcome: Outcome, baseline: Outcome
    ) -> dict[str, list[dict[str, str]]]:
        after = _structural(
            changed_workbook(setup.workbook, scenario, outcome.plan.budgets),
            setup.as_of,
            settings,
        )
        out = at_risk_changes(outcome, baseline)
        for fid in sorted(set(before) - set(after)):
            f = before[fid]
            out["resolved"].append({"kind": f.kind, "subject": f.subjects[0], "title": f.title})
        for fid in sorted(set(after) - set(before)):
            f = after[fid]
            out["created"].append({"kind": f.kind, "subject": f.subjects[0], "title": f.title})
        return out

    return diff


def run_scenarios(
    workbook: Workbook,
    file: ScenarioFile | None = None,
    *,
    paths: int = DEFAULT_PATHS,
    seed: int = 0,
    as_of: dt.date | None = None,
    stress: bool = True,
) -> Report:
    """The baseline and every scenario of ``file`` (None: the baseline alone)."""
    setup = setup_from_analysis(workbook, as_of=as_of)
    return simulate(
        setup,
        file or ScenarioFile(),
        paths=paths,
        seed=seed,
        stress=stress,
        findings=finding_changes(setup),
    )
