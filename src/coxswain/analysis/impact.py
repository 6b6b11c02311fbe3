"""Initiative impact: did a KPI worsen after an initiative or automation started?

For every initiative or automation with a start date, the KPIs of the objectives it
touches (its ``objectives``, its ``effects`` keys, and every objective weighted at least
the average, declared or not) are compared before and after the start: an interrupted
time series that fits level, trend and (where the pre-period shows one) season on up to
three years before the start, and compares the mean of up to twelve periods after it
with the model's prediction (:func:`coxswain.timeseries.stats.interrupted`).

Guards against false alarms: at least 12 periods before (two cycles for a seasonal
fit) and 3 after; an allowance for autocorrelated noise; Holm's correction over every
comparison of the run; and a practical size of at least one residual standard
deviation. ``initiative_harm`` names the initiative (or automation) and the KPI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.changes import has_season
from coxswain.timeseries.series import Series
from coxswain.timeseries.stats import Interruption, holm, interrupted
from coxswain.workbook import Workbook

MIN_PRE = 12
MIN_POST = 3
MAX_PRE_YEARS = 3
MAX_POST_YEARS = 1
ALPHA = 0.05


@dataclass(frozen=True)
class Work:
    id: str
    kind: str  # initiative | automation
    name: str
    start: dt.date
    objectives: tuple[str, ...]
    effects: dict[str, int]


def _work(workbook: Workbook, as_of: dt.date) -> list[Work]:
    company = workbook.company
    out = [
        Work(i.id, "initiative", i.name, i.start, i.objectives, dict(i.effects))
        for i in company.initiatives
        if i.start is not None and i.start <= as_of
    ]
    out += [
        Work(a.id, "automation", a.name, a.start, a.objectives, dict(a.effects))
        for a in company.automations
        if a.start is not None and a.start <= as_of
    ]
    return out


def _test(s: Series, start: dt.date) -> tuple[Interruption | None, str]:
    cut = s.index_of(start)  # first period at or after the start
    if s.date_of(cut) < start:
        cut += 1
    pre_max = int(MAX_PRE_YEARS * s.cadence.per_year)
    post_max = max(int(MAX_POST_YEARS * s.cadence.per_year), MIN_POST)
    pre = s.values[max(0, cut - pre_max) : max(cut, 0)]
    post = s.values[max(cut, 0) : max(cut, 0) + post_max]
    if pre.shape[0] < MIN_PRE:
        return None, f"{pre.shape[0]} periods before the start; needs {MIN_PRE}"
    if post.shape[0] < MIN_POST:
        return None, f"{post.shape[0]} periods after the start; needs {MIN_POST}"
    seasonal = has_season(pre, s.season)
    return interrupted(pre, post, period=s.season, sign=s.info.sign, seasonal=seasonal), ""


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="impact")
    works = _work(workbook, context.as_of)
    if not works:
        section.tables["note"] = "no initiative or automation with a start date"
        return section
    series = {k: s for k, s in kpi_series(workbook, context).items() if not s.info.derived}
    weights = workbook.company.normalised_weights()
    average = 1 / len(weights) if weights else 0.0
    weighted = {o for o, w in weights.items() if w >= average - 1e-12 and w > 0}
    by_objective: dict[str, list[Series]] = {}
    for s in series.values():
        if s.info.objective:
            by_objective.setdefault(s.info.objective, []).append(s)

    rows: list[dict[str, Any]] = []
    tests: list[tuple[Work, Series, Interruption, str]] = []
    for w in works:
        touched = dict.fromkeys([*w.objectives, *w.effects, *sorted(weighted)])
        for objective in touched:
            for s in by_objective.get(objective, []):
                result, why = _test(s, w.start)
                reason = (
                    "declared effect"
                    if objective in w.effects
                    else ("serves" if objective in w.objectives else "weighted objective")
                )
                if result is None:
                    rows.append(
                        {"work": w.id, "kpi": s.info.id, "objective": objective, "note": why}
                    )
                    continue
                tests.append((w, s, result, reason))
    adjusted = holm([t[2].p_worse for t in tests])
    for (w, s, res, reason), p_adj in zip(tests, adjusted, strict=True):
        row = {
            "work": w.id,
            "kind": w.kind,
            "start": w.start.isoformat(),
            "kpi": s.info.id,
            "objective": s.info.objective,
            "why_checked": reason,
            "declared_effect": w.effects.get(s.info.objective or ""),
            "pre_periods": res.pre,
            "post_periods": res.post,
            "expected_mean": round(res.expected, 4),
            "actual_mean": round(res.actual, 4),
            "difference": round(res.diff, 4),
            "difference_sigmas": round(res.diff / res.sigma, 2) if res.sigma > 0 else None,
            "p_worse": round(res.p_worse, 5),
            "p_adjusted": round(p_adj, 5),
            "seasonal_model": res.seasonal,
        }
        rows.append(row)
        harmful = p_adj < ALPHA and res.sigma > 0 and abs(res.diff) >= res.sigma
        if not harmful:
            continue
        declared = w.effects.get(s.info.objective or "")
        undeclared = declared is None or declared >= 0
        weight = weights.get(s.info.objective or "", 0.0)
        section.findings.append(
            Finding(
                kind="initiative_harm",
                severity=Severity.high if undeclared and weight >= average else Severity.medium,
                subjects=(w.id, s.info.id),
                title=(
                    f"{s.info.name} worsened after '{w.name}' started ({w.start.isoformat()}), "
                    f"beyond what its history predicts"
                    + (" — an effect nobody declared" if undeclared else "")
                ),
                evidence={
                    **row,
                    "objective_weight": round(weight, 3),
                    "method": "interrupted time series: level + trend (+ season) fitted before "
                    "the start; Holm-adjusted one-sided p",
                },
            )
        )
    section.tables["comparisons"] = rows
    section.tables["tests"] = len(tests)
    return section
