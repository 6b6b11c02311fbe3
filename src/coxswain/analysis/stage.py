"""Growth stage: early, intermediate or advanced, assessed from evidence.

The dimensions follow the growth-stage table of docs/analyses.md (alignment focus,
key metrics, automation role, talent strategy, market agility: early = operational
coherence, basic financials, selective automation for efficiency, generalists,
reactive; intermediate = differentiation, KPIs for customers, employees and product,
automation enhancing the brand, specialists, proactive; advanced = leadership and
innovation, comprehensive and innovation metrics, intelligent automation,
leadership development, anticipatory).

Each dimension with evidence gets a level (0 early, 1 intermediate, 2 advanced):

* head count: under 25 → 0, under 100 → 1, else 2;
* teams and functions: distinct team functions (or teams): up to 3 → 0, up to 6 → 1, more → 2;
* KPIs: their kinds grouped in financial/acquisition, customer, employee and product
  families: customers + employees + product + innovation evidence (ideas.csv or KPIs
  of learning objectives) and at least 10 KPIs → 2; two of customer, employee and
  product → 1; else (basic financials, acquisition) → 0;
* automations: at least 5 spanning 3 or more perspectives → 2; two or more, some
  serving a customer objective or tied to a value (brand) → 1; else (none, a single
  one, or efficiency only) → 0;
* skills and training (people.csv): mean training of 40 h a year or more → 2; half
  the staff specialists (a skill at level 4+) and 16 h → 1; else → 0;
* review rhythm: 10 or more reviews in the last 12 months → 2; 3 or more → 1;
  else → 0.

The assessed stage is the rounded mean level, given at least three dimensions.
The runner runs this analysis first; later analyses read ``context.sections["stage"]``
(``tables["assessed"]``) or call :func:`stage_for`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from coxswain.analysis.base import Context, Section
from coxswain.privacy import allowed_group, min_group
from coxswain.workbook import Workbook
from coxswain.workbook.model import Perspective
from coxswain.workbook.tables import parse_skills

STAGES = ("early", "intermediate", "advanced")
FAMILIES = {
    "financial": {"revenue", "margin", "cost"},
    "acquisition": {"acquisition", "marketing_spend"},
    "customer": {"satisfaction", "nps", "churn", "retention", "clv"},
    "employee": {"employee_satisfaction"},
    "product": {"feature_adoption", "quality", "lead_time"},
}


def stage_for(workbook: Workbook, context: Context) -> str:
    """The stage recommendations and cadences should fit: assessed, else declared, else early."""
    section = context.sections.get("stage")
    assessed = section.tables.get("assessed") if section else None
    if isinstance(assessed, str):
        return assessed
    declared = workbook.company.stage
    return declared.value if declared else "early"


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    dims: list[tuple[str, int, str]] = []

    heads = company.employees
    source = "employees in company.yaml"
    if heads is None and workbook.people.height:
        heads, source = workbook.people.height, "people in people.csv"
    if heads is not None:
        level = 0 if heads < 25 else 1 if heads < 100 else 2
        dims.append(("head count", level, f"{heads} {source}"))

    functions = {t.function.strip().lower() for t in company.teams if t.function}
    teams = len(company.teams)
    if not teams and workbook.people.height:
        teams = workbook.people["team"].drop_nulls().n_unique()
    breadth = len(functions) or teams
    if breadth:
        level = 0 if breadth <= 3 else 1 if breadth <= 6 else 2
        what = f"{len(functions)} functions" if functions else f"{teams} teams"
        dims.append(("teams and functions", level, f"{teams} teams, {what}"))

    if company.kpis:
        kinds = {k.kind.value for k in company.kpis if k.kind}
        families = {f for f, members in FAMILIES.items() if kinds & members}
        learning = {o.id for o in company.objectives if o.perspective == Perspective.learning}
        innovation = workbook.ideas.height > 0 or any(k.objective in learning for k in company.kpis)
        rich = {"customer", "employee", "product"} & families
        if len(rich) == 3 and innovation and len(company.kpis) >= 10:
            level = 2
        elif len(rich) >= 2:
            level = 1
        else:
            level = 0
        named = ", ".join(sorted(families)) or "no declared kinds"
        extra = "; innovation evidence" if innovation else ""
        dims.append(("KPIs", level, f"{len(company.kpis)} KPIs covering {named}{extra}"))

    perspectives = {o.id: o.perspective for o in company.objectives}
    autos = company.automations
    served = {perspectives.get(o) for a in autos for o in a.objectives} - {None}
    brand = any(a.values for a in autos) or Perspective.customer in served
    if len(autos) >= 5 and len(served) >= 3:
        level, why = 2, f"{len(autos)} automations across {len(served)} perspectives"
    elif len(autos) >= 2 and brand:
        level, why = 1, f"{len(autos)} automations, some at customer or value touchpoints"
    else:
        level, why = (
            0,
            f"{_n(len(autos), 'automation')}, for efficiency" if autos else "no automations",
        )
    dims.append(("automations", level, why))

    people = workbook.people
    if people.height:
        hours = people["training_hours"].drop_nulls()
        mean_training = float(hours.mean()) if hours.len() else 0.0  # type: ignore[arg-type]
        skills = [parse_skills(s) for s in people["skills"].to_list()]
        specialists = sum(1 for s in skills if s and max(s.values()) >= 4) / people.height
        if mean_training >= 40:
            level = 2
        elif specialists >= 0.5 and mean_training >= 16:
            level = 1
        else:
            level = 0
        # the figures are aggregates of people: shown only for groups privacy allows
        why = (
            f"{specialists:.0%} specialists, {_n(round(mean_training), 'training hour')} a head"
            if allowed_group(people.height, workbook) and allowed_group(hours.len(), workbook)
            else f"figures of fewer than {min_group(workbook)} people not shown (privacy.min_group)"
        )
        dims.append(("skills and training", level, why))

    year_ago = context.as_of - dt.timedelta(days=365)
    recent = [r for r in company.reviews if r.date > year_ago]
    if len(recent) >= 10:
        level = 2
    elif len(recent) >= 3:
        level = 1
    else:
        level = 0
    dims.append(
        ("review rhythm", level, f"{_n(len(recent), 'strategic review')} in the last 12 months")
    )

    declared = company.stage.value if company.stage else None
    assessed: str | None = None
    if len(dims) >= 3:
        mean = sum(level for _, level, _ in dims) / len(dims)
        assessed = STAGES[min(2, int(mean + 0.5))]
    evidence = [f"{name}: {text} → {STAGES[level]}" for name, level, text in dims]
    if assessed and declared and assessed != declared:
        evidence.append(f"declared {declared}, the evidence points to {assessed}")
    tables: dict[str, Any] = {
        "assessed": assessed,
        "declared": declared,
        "evidence": evidence,
        "dimensions": [{"dimension": n, "level": STAGES[lv], "evidence": t} for n, lv, t in dims],
    }
    section = Section(name="stage", tables=tables)
    if assessed is None:
        section.score_note = "Too little evidence to assess the stage."
    return section


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
