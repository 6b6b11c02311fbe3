"""Shifts and anomalies: where a KPI changed level or trend (``kpi_shift``) and single
observations far outside its pattern (``kpi_anomaly``), both judged on the series
without its seasonal swing (methods in :mod:`coxswain.timeseries.changes`)."""

from __future__ import annotations

from typing import Any

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.changes import ANOMALY_Z, MIN_POINTS_SHIFTS, detect_series
from coxswain.timeseries.series import Series
from coxswain.workbook import Workbook

RECENT_YEARS_SHIFT = 2.0  # a change point older than this is history, not a finding
RECENT_YEARS_ANOMALY = 1.0


def _recent(s: Series, index: int, years: float) -> bool:
    periods = max(round(years * s.cadence.per_year), 3)
    return index >= s.n - periods


def _r(x: float, digits: int = 3) -> float:
    return float(round(x, digits))


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="shifts")
    if not workbook.has("kpi_values"):
        section.missing.append("kpi_values.csv")
    rows: list[dict[str, Any]] = []
    for kpi_id, s in kpi_series(workbook, context).items():
        info = s.info
        if info.derived:
            continue
        if s.n < MIN_POINTS_SHIFTS:
            rows.append(
                {
                    "kpi": kpi_id,
                    "note": f"too little history: {s.n} observations, needs {MIN_POINTS_SHIFTS}",
                }
            )
            continue
        found = detect_series(s)
        seasonal, cps, outliers = found.seasonal, found.changes, found.anomalies
        cal = found.calendar
        calendar: dict[str, Any] = {}
        if cal is not None:
            calendar = {
                "weekday_pattern": cal.weekday_modelled,
                "yearly_pattern": cal.yearly_modelled,
                "public_holidays": cal.holidays_seen if s.country else None,
                "country": s.country,
                "scale": "log" if cal.log else "level",
                "change_slopes_per": found.change_unit,
            }
        if found.undecided_season:
            years = s.n / s.cadence.per_year
            why = (
                f"{years:.1f} years of {s.cadence.value} history: a seasonal turn (the end "
                "of a busy summer, a quiet January) cannot be told from a change of level "
                "until two years are in, so no change is called"
            )
            calendar["no_changes_called"] = why
            section.missing.append(
                f"kpi_values.csv: {kpi_id} needs two years of history before its changes "
                f"of level can be judged against the time of year (has {years:.1f})"
            )
        shifts = [
            {
                "date": s.date_of(c.index).isoformat(),
                "last_before": s.date_of(c.index - 1).isoformat(),
                "jump": _r(c.jump),
                "slope_before": _r(c.slope_before, 4),
                "slope_after": _r(c.slope_after, 4),
                "mean_before": _r(c.mean_before),
                "mean_after": _r(c.mean_after),
                "sigmas": _r(c.sigmas, 1),
                "level_before": _r(c.level_before),
                # worse: the new segment sits clearly below (for "up" KPIs) where the
                # KPI stood just before the break, not merely below an extrapolated trend
                "worse": info.sign * (c.mean_after - c.level_before) < -1.5 * c.noise,
            }
            for c in cps
        ]
        expected = cal.expected if cal is not None else None
        marks: list[dict[str, Any]] = [
            {
                "date": s.date_of(i).isoformat(),
                "value": _r(float(s.values[i])),
                "expected": _r(float(s.values[i] - r if expected is None else expected[i])),
                "z": _r(z, 1),
            }
            for i, r, z in outliers
            if s.observed[i]
        ]
        rows.append(
            {
                "kpi": kpi_id,
                "seasonal": seasonal,
                "shifts": shifts,
                "anomalies": marks,
                **({"calendar": calendar} if calendar else {}),
            }
        )
        recent_worse = [
            (c, row)
            for c, row in zip(cps, shifts, strict=True)
            if row["worse"] and _recent(s, c.index, RECENT_YEARS_SHIFT)
        ]
        if recent_worse:
            c, row = recent_worse[-1]
            section.findings.append(
                Finding(
                    kind="kpi_shift",
                    # high when the KPI now sits four noise sigmas below where it stood
                    severity=Severity.high
                    if abs(c.mean_after - c.level_before) >= 4 * c.noise
                    else Severity.medium,
                    subjects=(kpi_id, *((info.objective,) if info.objective else ())),
                    title=f"{info.name} changed for the worse from {row['date']}",
                    evidence={
                        **row,
                        "kpi": kpi_id,
                        "direction": info.direction,
                        "deseasonalised": seasonal,
                        "method": "PELT, piecewise-linear cost, penalty 6·σ²·log n"
                        + (
                            ", on weekly means without weekday, holidays and time of year"
                            if found.change_unit == "week"
                            else ""
                        ),
                    },
                )
            )
        recent_marks = [
            m
            for (i, _, _), m in zip([o for o in outliers if s.observed[o[0]]], marks, strict=True)
            if _recent(s, i, RECENT_YEARS_ANOMALY)
        ]
        if recent_marks:
            bad = any(info.sign * (m["value"] - m["expected"]) < 0 for m in recent_marks)
            section.findings.append(
                Finding(
                    kind="kpi_anomaly",
                    severity=Severity.medium if bad else Severity.low,
                    subjects=(kpi_id, *((info.objective,) if info.objective else ())),
                    title=(
                        f"{info.name} had {len(recent_marks)} observation"
                        f"{'s' if len(recent_marks) > 1 else ''} far outside its usual pattern "
                        f"({', '.join(m['date'] for m in recent_marks)})"
                    ),
                    evidence={
                        "dates": [m["date"] for m in recent_marks],
                        "observations": recent_marks,
                        "threshold_z": ANOMALY_Z,
                        "method": "robust residual z-score after seasonal decomposition"
                        + (
                            " (weekday, public holidays; scale floored by resolution and level)"
                            if cal is not None
                            else " (scale floored by resolution and level)"
                        ),
                    },
                )
            )
    section.tables["kpis"] = rows
    return section
