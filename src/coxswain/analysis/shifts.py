"""Shifts and anomalies: where a KPI changed level or trend (``kpi_shift``) and single
observations far outside its pattern (``kpi_anomaly``), both judged on the series
without its seasonal swing (methods in :mod:`coxswain.timeseries.changes`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.calendar import has_calendar
from coxswain.timeseries.changes import (
    MIN_POINTS_SHIFTS,
    STEP_ALPHA,
    LastingStep,
    StepTest,
    anomaly_threshold,
    detect_series,
    lasting_step,
)
from coxswain.timeseries.series import Cadence, Series
from coxswain.wording.numbers import Words
from coxswain.workbook import Workbook

RECENT_YEARS_SHIFT = 2.0  # a change point older than this is history, not a finding
RECENT_YEARS_ANOMALY = 1.0


def _recent_start(s: Series, years: float) -> int:
    """The first position of the last ``years`` of the series (three periods at least)."""
    return s.n - max(round(years * s.cadence.per_year), 3)


def _recent(s: Series, index: int, years: float) -> bool:
    return index >= _recent_start(s, years)


def _r(x: float, digits: int = 3) -> float:
    return float(round(x, digits))


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="shifts")
    if not workbook.has("kpi_values"):
        section.missing.append("kpi_values.csv")
    rows: list[dict[str, Any]] = []
    # the shift candidates of every KPI: judged together at the end (Holm), so that a
    # company with many KPIs does not collect chance steps
    candidates: list[tuple[str, Series, LastingStep, dict[str, Any], float]] = []
    tested = 0
    judged = {k: s for k, s in kpi_series(workbook, context).items() if not s.info.derived}
    found_of = {k: detect_series(s) for k, s in judged.items() if s.n >= MIN_POINTS_SHIFTS}
    # every recent observation of every KPI examined could look far out by chance: the
    # family the anomaly threshold holds the run's chance of a false anomaly over
    family = sum(
        sum(_recent(s, i, RECENT_YEARS_ANOMALY) for i in range(s.n))
        for k, s in judged.items()
        if k in found_of
    )
    for kpi_id, s in judged.items():
        info = s.info
        if kpi_id not in found_of:
            rows.append(
                {
                    "kpi": kpi_id,
                    "note": f"too little history: {s.n} observations, needs {MIN_POINTS_SHIFTS}",
                }
            )
            continue
        found = found_of[kpi_id]
        threshold = anomaly_threshold(s.n, family, found.tail)
        seasonal, cps = found.seasonal, found.changes
        outliers = [o for o in found.anomalies if abs(o[2]) >= threshold]
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
        # a monthly or quarterly KPI with under two cycles has a season nobody can test
        # for: a seasonal turn cannot be told from a change of level, as for daily KPIs
        short = not has_calendar(s.cadence) and s.season > 1 and s.n < 2 * s.season
        undecided = found.undecided_season or short
        if undecided:
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
        step = None
        if found.adjusted is not None and found.positions is not None and not undecided:
            # a step is judged against the same time of year before it: a full year of
            # history must precede it (with exactly two years of a daily KPI, a "step" in
            # the first summer was the summer itself; docs/kpi.md)
            year = round(s.cadence.per_year) if s.cadence.per_year > 1 else 0
            start = max(_recent_start(s, RECENT_YEARS_SHIFT), year)
            # a monthly KPI's season is out of ``adjusted`` only where the F-test found
            # one: what is left of a weaker one is fitted beside the step (two yearly
            # harmonics, with two years of history) instead of passing for autocorrelated
            # noise (docs/kpi.md). Daily and weekly KPIs have lost their time of year.
            per_year = s.cadence.per_year if s.cadence is Cadence.monthly else 0.0
            step = lasting_step(found, start=start, worse=-info.sign, per_year=per_year)
            tested += 1
        if step is not None:
            test = step.test
            row = _step_row(s, found, test, shifts)
            rows[-1]["step_test"] = {
                "date": row["date"],
                "step": row["jump"],
                "t": _r(test.t, 2),
                "p": _r(step.p, 4),
                **_p_parts(step),
                "autocorrelation": test.phi,
                "positions_tried": test.candidates,
            }
            noise = found.changes[0].noise if found.changes else _noise(found.adjusted)
            if row["worse"]:
                candidates.append((kpi_id, s, step, {**row, "deseasonalised": seasonal}, noise))
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
                        "threshold_z": _r(threshold, 2),
                        "method": "robust residual z-score after seasonal decomposition"
                        + (
                            " (weekday, public holidays; scale floored by resolution and level)"
                            if cal is not None
                            else " (scale floored by resolution and level)"
                        ),
                    },
                )
            )
    _judge(section, candidates, tested, words=Words(locale=workbook.company.locale))
    section.tables["kpis"] = rows
    return section


def _noise(y: Any) -> float:
    from coxswain.timeseries.changes import robust_sigma

    return robust_sigma(y) or 1e-9


def _p_parts(step: LastingStep) -> dict[str, Any]:
    """The two p-values of a daily or weekly KPI's step (weeks, calendar months) and the
    monthly test's t; nothing for a monthly KPI (one test, ``p``)."""
    if step.monthly is None:
        return {}
    return {
        "p_weekly": _r(step.test.p, 4),
        "p_monthly": _r(step.monthly.p, 4),
        "t_monthly": _r(step.monthly.t, 2),
    }


def _step_row(
    s: Series, found: Any, test: StepTest, shifts: list[dict[str, Any]]
) -> dict[str, Any]:
    """The change a step test found, as a row of the shifts table: the change point found
    there (within two periods) where there is one, else the step itself."""
    y = found.adjusted
    positions = found.positions
    at = positions[test.index]
    unit = 1 if found.change_unit == "period" else 7
    for c, row in zip(found.changes, shifts, strict=True):
        if abs(c.index - at) <= 2 * unit:
            return {**row, "worse": row["worse"] and test.t > 0}
    b = test.index
    noise = _noise(y)
    before = float(y[max(0, b - 4) : b].mean())
    after = float(y[b:].mean())
    return {
        "date": s.date_of(at).isoformat(),
        "last_before": s.date_of(positions[b - 1]).isoformat(),
        "jump": _r(test.step),
        "slope_before": _r(test.slope, 4),
        "slope_after": _r(test.slope, 4),
        "mean_before": _r(float(y[:b].mean())),
        "mean_after": _r(after),
        "sigmas": _r(abs(test.step) / noise, 1),
        "level_before": _r(before),
        "worse": test.t > 0 and s.info.sign * (after - before) < -1.5 * noise,
    }


def _judge(
    section: Section,
    candidates: list[tuple[str, Series, LastingStep, dict[str, Any], float]],
    tested: int,
    *,
    words: Words,
) -> None:
    """``kpi_shift`` for the candidates whose step stands out after Holm's adjustment over
    every KPI tested in the run."""
    if not candidates:
        return
    from coxswain.timeseries.stats import holm

    # every KPI tested could have shown a step: the family. (statsmodels' multipletests
    # gives the same numbers but runs a full garbage collection on every call.)
    pvals = [c[2].p for c in candidates] + [1.0] * max(0, tested - len(candidates))
    adjusted = holm(pvals)
    reject = [p <= STEP_ALPHA for p in adjusted]
    for (kpi_id, s, step, row, noise), keep, p_adj in zip(
        candidates, reject, adjusted, strict=False
    ):
        if not keep:
            continue
        info = s.info
        now_below = abs(row["mean_after"] - row["level_before"])
        section.findings.append(
            Finding(
                kind="kpi_shift",
                # high when the KPI now sits four noise sigmas below where it stood
                severity=Severity.high if now_below >= 4 * noise else Severity.medium,
                subjects=(kpi_id, *((info.objective,) if info.objective else ())),
                title=(
                    f"{info.name} changed for the worse from "
                    f"{words.date(dt.date.fromisoformat(str(row['date'])[:10]))}"
                ),
                evidence={
                    **row,
                    "kpi": kpi_id,
                    "direction": info.direction,
                    "p": _r(step.p, 4),
                    **_p_parts(step),
                    "p_adjusted": _r(float(p_adj), 4),
                    "t": _r(step.test.t, 2),
                    "autocorrelation": step.test.phi,
                    "method": (
                        "a lasting step against the trend already there (GLS with AR(1) "
                        "errors, the strongest step of the last two years, p-value "
                        "simulated, Holm over the run's KPIs), located with PELT"
                        + (
                            "; tested on weekly and on calendar-month means, p the larger "
                            "of the two (p_weekly, p_monthly)"
                            if step.monthly is not None
                            else ""
                        )
                    ),
                },
            )
        )
