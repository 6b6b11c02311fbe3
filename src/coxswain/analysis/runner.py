"""Runs every analysis on a workbook and assembles the result.

A new analysis is a new module with an ``analyze(workbook, context)`` entry point
plus one line in :data:`ANALYSES`. Analyses run in this order; a later one can
read an earlier one's section through ``context.sections``.
"""

from __future__ import annotations

import datetime as dt

from coxswain.analysis import customers, diagnostics, forecast, impact, shifts, strategy_links
from coxswain.analysis.base import COMPONENTS, Analysis, Context, Section, Settings
from coxswain.analysis.result import Result, StageAssessment
from coxswain.workbook import Workbook

ANALYSES: list[tuple[str, Analysis]] = [
    ("customers", customers.analyze),
    ("forecast", forecast.analyze),
    ("shifts", shifts.analyze),
    ("diagnostics", diagnostics.analyze),
    ("impact", impact.analyze),
    ("strategy_links", strategy_links.analyze),
]


def analyze(
    workbook: Workbook, *, as_of: dt.date | None = None, settings: Settings | None = None
) -> Result:
    """Analyse ``workbook`` as of ``as_of`` (default: its latest dated row, else today)."""
    as_of = as_of or workbook.latest_date() or dt.date.today()
    visible = workbook.until(as_of)
    context = Context(as_of=as_of, settings=settings or Settings())
    for name, run in ANALYSES:
        context.sections[name] = run(visible, context)
    sections: dict[str, Section] = context.sections
    components: dict[str, float | None] = dict.fromkeys(COMPONENTS)
    for section in sections.values():
        if section.component and section.score is not None:
            components[section.component] = round(section.score, 1)
    scores = [s for s in components.values() if s is not None]
    index = round(sum(scores) / len(scores), 1) if scores else None
    findings = [f for s in sections.values() for f in s.findings]
    missing = sorted(
        {m for s in sections.values() for m in s.missing} | set(visible.missing_files())
    )
    return Result(
        company=workbook.company.name,
        as_of=as_of,
        alignment_index=index,
        components=components,
        stage=StageAssessment(assessed=None, declared=_declared(workbook)),
        findings=findings,
        missing_evidence=missing,
        sections=sections,
    )


def _declared(workbook: Workbook) -> str | None:
    stage = workbook.company.stage
    return stage.value if stage else None
