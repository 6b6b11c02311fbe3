"""Runs every analysis on a workbook and assembles the result.

A new analysis is a new module with an ``analyze(workbook, context)`` entry point
plus one line in :data:`ANALYSES`. Analyses run in this order; a later one can
read an earlier one's section through ``context.sections``. The stage runs first so
that every later analysis (and the recommendations) can fit the assessed stage.

After the analyses the runner sorts the findings (severity, then id), drops
duplicate ids, fills in recommendations, scores the components and the index
(:mod:`coxswain.analysis.index`), picks the 90-day plan, and groups the findings into
drift stories by cause (:mod:`coxswain.analysis.stories`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Collection

from coxswain.analysis import (
    cascade,
    customers,
    diagnostics,
    forecast,
    impact,
    index,
    innovation,
    kpi_status,
    network,
    resources,
    reviews,
    sentiment,
    shifts,
    stage,
    stories,
    strategy_links,
    talent,
    understanding,
    values,
)
from coxswain.analysis.base import Analysis, Context, Finding, Section, Settings
from coxswain.analysis.result import PlanStep, Result, StageAssessment
from coxswain.workbook import Workbook

ANALYSES: list[tuple[str, Analysis]] = [
    ("stage", stage.analyze),
    ("cascade", cascade.analyze),
    ("resources", resources.analyze),
    ("values", values.analyze),
    ("kpi_status", kpi_status.analyze),
    ("reviews", reviews.analyze),
    ("network", network.analyze),
    ("sentiment", sentiment.analyze),
    ("understanding", understanding.analyze),
    ("innovation", innovation.analyze),
    ("talent", talent.analyze),
    ("customers", customers.analyze),
    ("forecast", forecast.analyze),
    ("shifts", shifts.analyze),
    ("diagnostics", diagnostics.analyze),
    ("impact", impact.analyze),
    ("strategy_links", strategy_links.analyze),
]


def analyze(
    workbook: Workbook,
    *,
    as_of: dt.date | None = None,
    settings: Settings | None = None,
    strict: bool = False,
    only: Collection[str] | None = None,
) -> Result:
    """Analyse ``workbook`` as of ``as_of`` (default: its latest dated row, else today).

    ``only`` names the analyses to run (the stage always runs: recommendations fit it);
    the index then stands on the components those analyses evidence.
    An analysis that raises is reported (its section says so, on stderr too) and the
    others still run; ``strict=True`` lets the exception through (for tests).
    Raises ``ValueError`` for an ``as_of`` outside the years a workbook holds (1900–2100)."""
    from coxswain.workbook.limits import date_in_range, date_range_message

    if as_of is not None and not date_in_range(as_of):
        raise ValueError(f"as of {date_range_message(as_of)}")
    chosen = _chosen(only)
    as_of = as_of or workbook.latest_date() or dt.date.today()
    visible = workbook.until(as_of)
    context = Context(as_of=as_of, settings=settings or Settings())
    for name, run in chosen:
        try:
            context.sections[name] = run(visible, context)
        except Exception as error:
            if strict:
                raise
            print(f"coxswain: analysis {name!r} failed: {error!r}", file=sys.stderr)
            context.sections[name] = Section(
                name=name,
                score_note=f"This analysis failed ({type(error).__name__}: {error}).",
                tables={"error": repr(error)},
            )
    sections: dict[str, Section] = context.sections

    seen: set[str] = set()
    findings: list[Finding] = []
    fallback: dict[str, str] = {}
    for section in sections.values():
        for finding in section.findings:
            if finding.id in seen:
                continue
            seen.add(finding.id)
            findings.append(finding)
            if section.component:
                fallback[finding.id] = section.component
    findings.sort(key=lambda f: (f.severity.rank, f.id))

    assessed = _assessed(sections)
    fit_stage = assessed or _declared(workbook) or "early"
    from coxswain.recommend import names, recommend

    labels = names(visible, salt=context.salt(visible))
    findings = [
        f
        if f.recommendation
        else dataclasses.replace(
            f, recommendation=recommend(f, workbook=visible, stage=fit_stage, labels=labels)
        )
        for f in findings
    ]

    evidence = index.evidenced(sections)
    partly = index.partly_evidenced(sections)
    stakes = index.stakes(findings, workbook=visible, fallback=fallback)
    scored = index.score(evidence=evidence, findings=findings, stakes=stakes, partly=partly)
    plan = [
        PlanStep(action=f.recommendation, finding=f.id, expected_gain=gain)
        for f, gain in index.gains(evidence=evidence, findings=findings, stakes=stakes)
    ]
    sections = {
        **sections,
        "index": index.section(evidence=evidence, findings=findings, stakes=stakes, partly=partly),
    }
    told = stories.build_stories(
        workbook=visible,
        findings=findings,
        sections=sections,
        evidence=evidence,
        stakes=stakes,
        labels=labels,
    )
    missing = sorted(
        {m for s in sections.values() for m in s.missing} | set(visible.missing_files())
    )
    stage_section = sections.get("stage")
    stage_evidence = stage_section.tables.get("evidence", []) if stage_section else []
    return Result(
        company=workbook.company.name,
        as_of=as_of,
        alignment_index=scored.index,
        alignment_band=scored.band,
        alignment_range=scored.range,
        components=scored.components,
        stage=StageAssessment(
            assessed=assessed, declared=_declared(workbook), evidence=tuple(stage_evidence)
        ),
        findings=findings,
        missing_evidence=missing,
        plan=plan,
        stories=told,
        sections=sections,
        labels=labels,
        locale=workbook.company.locale,
        currency=workbook.company.currency,
        people=frozenset()
        if workbook.company.privacy.show_names
        else frozenset(visible.people["id"].drop_nulls().to_list()),
    )


def names_of_analyses() -> list[str]:
    return [name for name, _ in ANALYSES]


def _chosen(only: Collection[str] | None) -> list[tuple[str, Analysis]]:
    if only is None:
        return ANALYSES
    unknown = sorted(set(only) - set(names_of_analyses()))
    if unknown:
        raise ValueError(
            f"unknown analyses: {', '.join(unknown)}; known: {', '.join(names_of_analyses())}"
        )
    return [(name, run) for name, run in ANALYSES if name in only or name == "stage"]


def _assessed(sections: dict[str, Section]) -> str | None:
    section = sections.get("stage")
    value = section.tables.get("assessed") if section else None
    return value if isinstance(value, str) else None


def _declared(workbook: Workbook) -> str | None:
    stage = workbook.company.stage
    return stage.value if stage else None
