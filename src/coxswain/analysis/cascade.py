"""The cascade: does the strategy map reach down to measures, work and goals?

* **Roll-up** (the rules of :mod:`coxswain.analysis.rules`, which every face uses). A key
  result's progress is ``(current - start) / (target - start)`` clipped to 0..1 (so a
  falling target works too); a goal's progress is the weighted mean (key-result
  ``weight``, child-goal ``weight``, default 1) of its key results and its child goals;
  an objective's progress is the weighted mean of the goals whose parent is the
  objective; the company's is the mean of its objectives' progress weighted by their
  normalised weights. Items without a measurable progress (no ``current``, or
  ``target == start`` while ``current`` differs; a held level ``target == start ==
  current`` counts as done) are left out, never counted as 0.
* **Evidence.** The cascade is judged only when something is declared below the
  objectives: a KPI, a goal, an automation, or an initiative that serves an objective.
  Objectives alone (or with only orphan initiatives) are null, not a list of gaps.
* **uncovered_objective**: an objective without KPIs, without active or planned
  initiatives, or without goals. Initiatives are only checked when the workbook declares
  any (of any status), and goals only when it uses them at all and only from the
  intermediate stage on (see :mod:`coxswain.analysis.stage`); a company that writes none
  is told they are missing, once, rather than once per objective.
  Lacking only goals is low severity; lacking KPIs for an objective of at least
  average weight is medium, high when it lacks two of the three.
* **orphan_work**: an initiative (not an idea, not stopped) linked to no objective,
  or a goal whose chain of parents reaches no objective.
* **goal_behind**: a goal whose rolled-up progress lags the elapsed share of its
  period by more than 15 points, once at least a quarter of the period has passed
  (periods that ended more than 90 days before ``as_of`` are history, not findings).
"""

from __future__ import annotations

import datetime as dt

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.payloads import CascadeGoal, CascadeObjective, CascadePayload
from coxswain.analysis.rules import (
    company_progress,
    goal_progress,
    kr_progress,
    objective_progress,
)
from coxswain.wording.numbers import Words
from coxswain.workbook import Company, Workbook
from coxswain.workbook.model import Goal, InitiativeStatus

__all__ = ["analyze", "goal_progress", "goal_root", "kr_progress", "objective_progress"]

WORKING = (InitiativeStatus.planned, InitiativeStatus.active)
GOAL_TOLERANCE = 0.15  # a goal is behind when progress < elapsed - this
GOAL_MIN_ELAPSED = 0.25
GOAL_HISTORY_DAYS = 90


def relative_weights(company: Company) -> dict[str, float]:
    """Each objective's weight relative to the average objective (1.0 = average).

    Rounded to 9 decimals so that scaling every weight by a constant never flips a
    threshold through floating-point noise."""
    weights = company.normalised_weights()
    n = len(weights)
    return {k: round(w * n, 9) for k, w in weights.items()}


def goal_root(company: Company, goal: Goal) -> str | None:
    """The objective a goal's chain of parents reaches, or None."""
    objectives = {o.id for o in company.objectives}
    goals = {g.id: g for g in company.goals}
    seen: set[str] = set()
    parent = goal.parent
    while parent and parent not in seen:
        if parent in objectives:
            return parent
        seen.add(parent)
        nxt = goals.get(parent)
        parent = nxt.parent if nxt else None
    return None


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    section = Section(name="cascade", component="cascade")
    if not company.objectives:
        section.score_note = "The workbook has no objectives: there is no strategy map to cascade."
        section.missing.append("company.yaml: objectives")
        return section

    objective_ids = {o.id for o in company.objectives}
    below = bool(
        company.kpis
        or company.goals
        or company.automations
        or any(set(i.objectives) & objective_ids for i in company.initiatives)
    )
    if not below:
        section.score_note = (
            "Nothing is declared below the objectives yet (no KPIs, goals or initiatives "
            "serving them): the cascade cannot be judged."
        )
        for part in ("kpis", "initiatives", "goals"):
            if not getattr(company, part):
                section.missing.append(f"company.yaml: {part}")
        return section

    rel = relative_weights(company)
    weights = company.normalised_weights()
    goals_p = goal_progress(company)
    objectives_p = objective_progress(company, goals_p)
    company_p = company_progress(company, objectives_p)

    from coxswain.analysis.stage import stage_for

    early = stage_for(workbook, context) == "early"
    uses = {
        "kpis": True,
        # a workbook that lists no work at all has not written it yet: missing, once
        "initiatives": bool(company.initiatives),
        # an early company need not cascade goals to every objective
        "goals": bool(company.goals) and not early,
    }
    for part in uses:
        if not getattr(company, part):
            section.missing.append(f"company.yaml: {part}")

    findings: list[Finding] = []
    coverage: list[CascadeObjective] = []
    roots = {g.id: goal_root(company, g) for g in company.goals}
    for objective in company.objectives:
        kpis = [k.id for k in company.kpis if k.objective == objective.id]
        initiatives = [
            i.id
            for i in company.initiatives
            if objective.id in i.objectives and i.status in WORKING
        ]
        goals = [g for g, root in roots.items() if root == objective.id]
        coverage.append(
            CascadeObjective(
                objective=objective.id,
                name=objective.name,
                perspective=objective.perspective.value if objective.perspective else None,
                drivers=tuple(objective.drivers),
                weight=round(weights[objective.id], 4),
                kpis=tuple(kpis),
                initiatives=tuple(initiatives),
                goals=tuple(goals),
                progress=_r(objectives_p.get(objective.id)),
            )
        )
        lacking = [
            part
            for part, items in (("kpis", kpis), ("initiatives", initiatives), ("goals", goals))
            if uses[part] and not items
        ]
        if not lacking or weights[objective.id] == 0:
            continue
        r = rel[objective.id]
        if lacking == ["goals"]:
            severity = Severity.low
        elif ("kpis" in lacking and r >= 1) or (len(lacking) >= 2 and r >= 1):
            severity = Severity.high if len(lacking) >= 2 else Severity.medium
        elif len(lacking) >= 2 or r >= 1:
            severity = Severity.medium
        else:
            severity = Severity.low
        findings.append(
            Finding(
                kind="uncovered_objective",
                severity=severity,
                subjects=(objective.id,),
                title=f"“{objective.name}” has no {_join(lacking)}",
                evidence={
                    "lacking": lacking,
                    "objective_weight": round(weights[objective.id], 4),
                    "kpis": kpis,
                    "initiatives": initiatives,
                    "goals": goals,
                },
            )
        )

    findings += _orphans(workbook, context, roots)
    findings += _behind(company, context.as_of, goals_p)

    section.findings = findings
    section.tables = CascadePayload(
        formula=(
            "key result progress = (current - start) / (target - start), clipped to 0..1 "
            "(a level to hold counts while held, else is not measured); goal = weighted mean "
            "of its key results and child goals; objective = weighted mean of its goals; "
            "company = mean of objectives weighted by normalised weight"
        ),
        company_progress=_r(company_p),
        objectives=tuple(coverage),
        goals=tuple(
            CascadeGoal(
                goal=g.id,
                owner=g.owner,
                parent=g.parent,
                period=g.period,
                progress=_r(goals_p.get(g.id)),
            )
            for g in company.goals
        ),
    ).to_json()
    section.score = _score(findings)
    if not uses["initiatives"]:
        section.score_note = (
            "No initiatives are declared, so whether work serves each objective is not checked."
        )
    return section


def _orphans(workbook: Workbook, context: Context, roots: dict[str, str | None]) -> list[Finding]:
    company = workbook.company
    findings: list[Finding] = []
    # Shares are of the work that does serve an objective, so that one more orphan never
    # makes the others look smaller (and the index never rises with it).
    linked = [i for i in company.initiatives if i.status in WORKING and i.objectives]
    total_hours = sum(i.hours_per_month for i in linked) or 0.0
    total_budget = sum(i.budget for i in linked) or 0.0
    spend = workbook.spend
    for initiative in company.initiatives:
        if initiative.objectives or initiative.status in (
            InitiativeStatus.idea,
            InitiativeStatus.stopped,
        ):
            continue
        spent = 0.0
        if spend.height:
            rows = spend.filter(spend["initiative"] == initiative.id)
            spent = float(rows["amount"].sum() or 0.0)
        hours_share = _share(initiative.hours_per_month, total_hours)
        budget_share = _share(initiative.budget, total_budget)
        if max(hours_share, budget_share) >= 0.1:
            severity = Severity.high
        elif initiative.hours_per_month or initiative.budget or spent:
            severity = Severity.medium
        else:
            severity = Severity.low
        findings.append(
            Finding(
                kind="orphan_work",
                severity=severity,
                subjects=(initiative.id,),
                title=f"Initiative “{initiative.name}” serves no objective",
                evidence={
                    "status": initiative.status.value,
                    "budget": initiative.budget,
                    "hours_per_month": initiative.hours_per_month,
                    "spent": round(spent, 2),
                    "hours_vs_linked_work": round(hours_share, 3),
                    "budget_vs_linked_work": round(budget_share, 3),
                },
            )
        )
    for goal in company.goals:
        if roots.get(goal.id) is not None:
            continue
        findings.append(
            Finding(
                kind="orphan_work",
                severity=Severity.low,
                subjects=_goal_subjects(company, goal),
                title=f"Goal “{goal.title}” does not lead up to any objective",
                evidence={"parent": goal.parent, "period": goal.period},
            )
        )
    return findings


def _share(part: float, linked_total: float) -> float:
    """An orphan's size against the linked work (1.0 when there is no linked work)."""
    if not part:
        return 0.0
    return part / linked_total if linked_total else 1.0


def _behind_title(
    title: str, progress: float, elapsed: float, end: dt.date, as_of: dt.date, words: Words
) -> str:
    """A goal behind its time in an owner's words: its end as a date of the workbook's
    locale, never the owner's own period label ("2026-Q3")."""
    done = words.share(progress)
    if as_of > end:
        return f"Goal “{title}” was due on {words.date(end)} and is {done} done"
    gone = words.share(elapsed)
    return f"Goal “{title}” is {done} done with {gone} of its time gone (due {words.date(end)})"


def _behind(company: Company, as_of: dt.date, goals_p: dict[str, float]) -> list[Finding]:
    words = Words(locale=company.locale)
    findings: list[Finding] = []
    for goal in company.goals:
        dates = goal.dates
        if dates is None or goal.id not in goals_p:
            continue
        start, end = dates
        if as_of < start or (as_of - end).days > GOAL_HISTORY_DAYS:
            continue
        elapsed = min(1.0, ((as_of - start).days + 1) / ((end - start).days + 1))
        progress = goals_p[goal.id]
        gap = elapsed - progress
        if elapsed < GOAL_MIN_ELAPSED or gap <= GOAL_TOLERANCE:
            continue
        if gap >= 0.4 or (as_of > end and progress < 0.5):
            severity = Severity.high
        elif gap >= 0.25:
            severity = Severity.medium
        else:
            severity = Severity.low
        findings.append(
            Finding(
                kind="goal_behind",
                severity=severity,
                subjects=_goal_subjects(company, goal),
                title=_behind_title(goal.title, progress, elapsed, end, as_of, words),
                evidence={
                    "progress": round(progress, 3),
                    "elapsed": round(elapsed, 3),
                    "period": goal.period,
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "key_results": [
                        {
                            "title": kr.title,
                            "start": kr.start,
                            "target": kr.target,
                            "current": kr.current,
                            "progress": _r(kr_progress(kr)),
                        }
                        for kr in goal.key_results
                    ],
                },
            )
        )
    return findings


def _goal_subjects(company: Company, goal: Goal) -> tuple[str, ...]:
    """A goal, then its owner when that is a team: a person's id stays out of finding
    ids (people appear in reports by pseudonym); the recommendation still names them."""
    teams = {t.id for t in company.teams}
    return (goal.id, goal.owner) if goal.owner in teams else (goal.id,)


def _score(findings: list[Finding]) -> float:
    from coxswain.analysis.index import findings_score

    return findings_score(findings)


def _join(parts: list[str]) -> str:
    names = {"kpis": "KPIs", "initiatives": "active initiatives", "goals": "goals"}
    words = [names[p] for p in parts]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)
