"""Growth stage: early, intermediate or advanced, assessed from evidence.

The dimensions follow the growth-stage table of docs/analyses.md (alignment focus,
key metrics, automation role, talent strategy, market agility: early = operational
coherence, basic financials, selective automation for efficiency, generalists and a
founder-led culture, reactive; intermediate = differentiation, KPIs for customers,
employees and product, automation enhancing the brand, specialists, proactive;
advanced = leadership and innovation, comprehensive and innovation metrics, intelligent
automation, leadership development, anticipatory).

Each dimension with evidence gets a level (0 early, 1 intermediate, 2 advanced) and a
weight (``WEIGHTS``): what a company *is* (its size, who leads it, how often it steers)
weighs more than what it has declared (teams, KPIs, automations, training), which a
small company can write down in an afternoon.

* head count (weight 3): under 25 → 0, under 100 → 1, else 2;
* leadership and culture (talent strategy, weight 2): a founder or owner at the top with
  no executive layer (director, VP, chief, head of) → 0, founder-led; two or more people
  in executive roles → 1, a leadership team; else no evidence;
* review rhythm (market agility, weight 2): 10 or more strategic reviews in the last 12
  months → 2; 5 or more → 1; up to 4 (quarterly or less) → 0;
* teams and functions (alignment focus, weight 1): distinct team functions (or teams):
  up to 3 → 0, up to 6 → 1, more → 2;
* KPIs (key metrics, weight 1): their kinds grouped in financial/acquisition, customer,
  employee and product families: customers + employees + product + innovation evidence
  (ideas.csv or KPIs of learning objectives) and at least 10 KPIs → 2; two of customer,
  employee and product → 1; else (basic financials, acquisition) → 0;
* automations (automation role, weight 1): at least 5 spanning 3 or more perspectives
  → 2; two or more, some serving a customer objective or tied to a value (brand) → 1;
  else (none, a single one, or efficiency only) → 0;
* skills and training (talent strategy, weight 1, people.csv): mean training of 40 h a
  year or more → 2; half the staff specialists (a skill at level 4+) and 16 h → 1;
  else → 0.

The assessed stage is the weighted mean level rounded to the nearest stage, a tie
(exactly halfway) going to the *earlier* stage, given at least three dimensions. The
evidence names the dimensions that decided it (those at the assessed level, heaviest
first) and compares it with the declared stage.
The runner runs this analysis first; later analyses read ``context.sections["stage"]``
(``tables["assessed"]``) or call :func:`stage_for`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from coxswain.analysis.base import Context, Section
from coxswain.privacy import allowed_group, min_group
from coxswain.workbook import Workbook
from coxswain.workbook.model import Perspective
from coxswain.workbook.tables import parse_skills

STAGES = ("early", "intermediate", "advanced")
WEIGHTS = {
    "head count": 3.0,
    "leadership and culture": 2.0,
    "review rhythm": 2.0,
    "teams and functions": 1.0,
    "KPIs": 1.0,
    "automations": 1.0,
    "skills and training": 1.0,
}
# the column of the stage table each dimension reads (docs/analyses.md)
COLUMNS = {
    "head count": "size",
    "leadership and culture": "talent strategy (culture)",
    "review rhythm": "market agility",
    "teams and functions": "alignment focus",
    "KPIs": "key metrics",
    "automations": "automation role",
    "skills and training": "talent strategy (skills)",
}
FOUNDER = re.compile(r"\b(co-?founder|founder|owner|proprietor)\b", re.IGNORECASE)
EXECUTIVE = re.compile(
    r"\b(director|vp|vice[- ]president|chief|ceo|coo|cfo|cto|cmo|head of)\b", re.IGNORECASE
)
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

    culture = _leadership(workbook)
    if culture is not None:
        dims.append(("leadership and culture", *culture))

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
    elif len(recent) >= 5:
        level = 1
    else:
        level = 0
    dims.append(
        ("review rhythm", level, f"{_n(len(recent), 'strategic review')} in the last 12 months")
    )

    declared = company.stage.value if company.stage else None
    assessed: str | None = None
    mean: float | None = None
    deciding: list[str] = []
    if len(dims) >= 3:
        total = sum(WEIGHTS[name] for name, _, _ in dims)
        mean = sum(WEIGHTS[name] * level for name, level, _ in dims) / total
        index = min(2, max(0, math.ceil(mean - 0.5)))  # halfway goes to the earlier stage
        assessed = STAGES[index]
        deciding = [
            name for name, level, _ in sorted(dims, key=lambda d: -WEIGHTS[d[0]]) if level == index
        ]
    evidence = [f"{name}: {text} → {STAGES[level]}" for name, level, text in dims]
    if assessed is not None and mean is not None:
        evidence.append(
            f"assessed {assessed}: weighted mean level {mean:.2f} (early 0, intermediate 1, "
            f"advanced 2; halfway counts as the earlier stage), decided by "
            + (", ".join(deciding) if deciding else "the balance of the dimensions")
        )
    if assessed and declared and assessed != declared:
        evidence.append(f"declared {declared}, the evidence points to {assessed}")
    tables: dict[str, Any] = {
        "assessed": assessed,
        "declared": declared,
        "weighted_level": round(mean, 2) if mean is not None else None,
        "deciding": deciding,
        "evidence": evidence,
        "dimensions": [
            {
                "dimension": n,
                "column": COLUMNS[n],
                "weight": WEIGHTS[n],
                "level": STAGES[lv],
                "evidence": t,
                "deciding": n in deciding,
            }
            for n, lv, t in dims
        ],
    }
    section = Section(name="stage", tables=tables)
    if assessed is None:
        section.score_note = "Too little evidence to assess the stage."
    return section


def _leadership(workbook: Workbook) -> tuple[int, str] | None:
    """Founder-led (0) or led by a leadership team (1) from the roles in people.csv: a
    founder or owner at the top of the reporting line (no manager) with nobody in an
    executive role besides is founder-led; two or more people in executive roles
    (director, VP, chief, head of) are a leadership team; otherwise no evidence."""
    people = workbook.people
    if not people.height or "role" not in people.columns:
        return None
    rows = list(zip(people["role"].to_list(), people["manager"].to_list(), strict=True))
    founders = [r for r, m in rows if r and FOUNDER.search(r) and not m]
    executives = [r for r, _ in rows if r and EXECUTIVE.search(r) and not FOUNDER.search(r)]
    if founders and not executives:
        return 0, f"led by its {founders[0].lower()}, with no executive layer (founder-led)"
    if len(executives) >= 2:
        return 1, f"a leadership team of {len(executives)} in executive roles"
    return None


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
