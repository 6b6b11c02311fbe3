"""Scoring of the detector benchmark: matching findings to plants, recall, false alarms, AUC.

**Matching rule.** A finding *detects* a plant when it has the plant's kind and names every
key subject of the plant (``Plant.key``): for ``kpi_*`` the KPI; for ``initiative_harm`` and
``initiative_win`` the initiative and the KPI; for ``kpi_tension`` the falling and the rising
KPI; for ``expectation_gap`` the falling retention (or rising churn) KPI; for
``strategy_link_unsupported`` the driver and the driven objective; for ``silo`` the team; for
``bottleneck`` the person; for ``value_conflict`` and ``orphan_work`` the initiative; for
``automation_risk`` the automation; for ``uncovered_objective`` the objective; for
``resource_misallocation`` the over-fed objective; for ``talent_gap`` the capability; for
``goal_behind`` the goal. Company-wide plants (``low_understanding``, ``sentiment_decline``,
``slow_innovation``, ``review_lapsed``) are detected by any finding of their kind.

A finding that detects no plant is a **false alarm**, except a finding of a KPI kind
(``KPI_KINDS``) that names a KPI on which a KPI problem was planted: a KPI planted to fall
may also be off track, at risk, shifted or blamed on an initiative; those are consequences,
counted neither as detections nor as false alarms ("explained").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from benchmarks.detectors.generate import KPI_KINDS, Plant


@dataclass(frozen=True)
class Found:
    kind: str
    subjects: tuple[str, ...]
    severity: str


def detects(finding: Found, plant: Plant) -> bool:
    return finding.kind == plant.kind and set(plant.key) <= set(finding.subjects)


def match(
    plants: Sequence[Plant], findings: Sequence[Found], kpi_ids: Iterable[str]
) -> tuple[list[bool], list[Found]]:
    """Per plant whether some finding detects it, and the false alarms."""
    detected = [any(detects(f, p) for f in findings) for p in plants]
    kpis = set(kpi_ids)
    planted_kpis = {s for p in plants if p.kind in KPI_KINDS for s in p.subjects if s in kpis}
    false = [
        f
        for f in findings
        if not any(detects(f, p) for p in plants)
        and not (f.kind in KPI_KINDS and set(f.subjects) & planted_kpis)
    ]
    return detected, false


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n (Wilson 1927); (0, 1) when n is 0."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def poisson_rate(count: int, exposure: int) -> tuple[float, float, float]:
    """Rate per unit (false alarms per company) with the exact (Garwood) 95% interval."""
    from scipy.stats import chi2

    if exposure == 0:
        return (math.nan, math.nan, math.nan)
    lo = 0.0 if count == 0 else float(chi2.ppf(0.025, 2 * count)) / 2
    hi = float(chi2.ppf(0.975, 2 * count + 2)) / 2
    return (count / exposure, lo / exposure, hi / exposure)


def auc(higher: Sequence[float], lower: Sequence[float]) -> float:
    """P(a value of ``higher`` exceeds one of ``lower``), ties counting one half (the
    Mann-Whitney form of the area under the ROC curve)."""
    if not higher or not lower:
        return math.nan
    wins = 0.0
    for h in higher:
        for low in lower:
            wins += 1.0 if h > low else 0.5 if h == low else 0.0
    return wins / (len(higher) * len(lower))


def hanley_mcneil(a: float, n_pos: int, n_neg: int, z: float = 1.959964) -> tuple[float, float]:
    """95% interval of an AUC from Hanley & McNeil's (1982) standard error."""
    if n_pos == 0 or n_neg == 0 or math.isnan(a):
        return (math.nan, math.nan)
    q1 = a / (2 - a)
    q2 = 2 * a * a / (1 + a)
    var = (a * (1 - a) + (n_pos - 1) * (q1 - a * a) + (n_neg - 1) * (q2 - a * a)) / (n_pos * n_neg)
    se = math.sqrt(max(0.0, var))
    return (max(0.0, a - z * se), min(1.0, a + z * se))
