"""KPI status: where each KPI stands against its warning level and target.

The latest observation (on or before ``as_of``) of each KPI is compared, in the KPI's
``direction``, with its ``target`` and ``warning``:

* ``on_target``: at or beyond the target;
* ``amber``: short of the target but not past the warning level (or no warning given);
* ``off_track``: past (strictly beyond) the warning level, or the ``deadline`` has passed with the
  target unmet;
* ``no_data``: no observation; ``no_target``: neither target nor warning;
* ``stale``: the latest observation is older than three periods of the KPI's cadence
  (inferred from its dates; monthly: 91 days, never under 14 days) before ``as_of``. It
  says nothing about where the KPI stands now, so it is neither on nor off track, makes
  no finding, and is listed in the section's ``missing``, except when the ``deadline``
  has passed with the target unmet: that stays ``off_track`` (flagged ``stale``).

**kpi_off_track** for each KPI off track. Severity: high when its objective weighs at
least the average objective and (the deadline passed, or the value is past the
warning by at least half the warning-to-target distance); low when the objective
weighs under half the average and the miss is small; medium otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.cascade import relative_weights
from coxswain.workbook import Workbook
from coxswain.workbook.model import Direction, Kpi


def status_of(kpi: Kpi, value: float, as_of: dt.date) -> tuple[str, float | None]:
    """The KPI's status and how far past its warning it is (in warning-to-target widths)."""
    sign = 1.0 if kpi.direction == Direction.up else -1.0
    if kpi.target is not None and sign * (value - kpi.target) >= 0:
        return "on_target", None
    if kpi.warning is not None and sign * (value - kpi.warning) < 0:
        depth = None
        if kpi.target is not None and kpi.target != kpi.warning:
            depth = abs(kpi.warning - value) / abs(kpi.target - kpi.warning)
        return "off_track", depth
    if kpi.target is not None and kpi.deadline is not None and kpi.deadline < as_of:
        return "off_track", None
    if kpi.target is None and kpi.warning is None:
        return "no_target", None
    return "amber", None


STALE_PERIODS = 3
STALE_MIN_DAYS = 14


def stale_after_days(dates: list[dt.date]) -> int:
    """Days after which a KPI's latest value is stale: three periods of its cadence."""
    from coxswain.timeseries.series import infer_cadence

    period = 365.25 / infer_cadence(dates).per_year
    return max(STALE_MIN_DAYS, round(STALE_PERIODS * period))


def kpi_dates(workbook: Workbook) -> dict[str, list[dt.date]]:
    """KPI id → the dates of its observations."""
    frame = workbook.kpi_values
    if frame.height == 0:
        return {}
    grouped = frame.group_by("kpi").agg(pl.col("date").drop_nulls().unique().sort())
    return {row["kpi"]: list(row["date"]) for row in grouped.iter_rows(named=True)}


def latest_values(workbook: Workbook) -> dict[str, tuple[dt.date, float, int]]:
    """KPI id → (date, value, number of observations) of its latest observation."""
    frame = workbook.kpi_values
    if frame.height == 0:
        return {}
    latest = (
        frame.sort("date")
        .group_by("kpi", maintain_order=True)
        .agg(pl.col("date").last(), pl.col("value").last(), pl.len().alias("n"))
    )
    return {
        row["kpi"]: (row["date"], float(row["value"]), int(row["n"]))
        for row in latest.iter_rows(named=True)
    }


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    section = Section(name="kpi_status", component="kpis")
    if not company.kpis:
        section.missing.append("company.yaml: kpis")
        section.score_note = "The workbook defines no KPIs."
        return section
    if not workbook.has("kpi_values"):
        section.missing.append("kpi_values.csv")
    latest = latest_values(workbook)
    dates = kpi_dates(workbook)
    rel = relative_weights(company)
    weights = company.normalised_weights()
    objective_names = {o.id: o.name for o in company.objectives}
    rows: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for kpi in company.kpis:
        row: dict[str, Any] = {
            "kpi": kpi.id,
            "objective": kpi.objective,
            "direction": kpi.direction.value,
            "target": kpi.target,
            "warning": kpi.warning,
            "deadline": kpi.deadline.isoformat() if kpi.deadline else None,
            "unit": kpi.unit,
        }
        if kpi.id not in latest:
            rows.append({**row, "status": "no_data", "latest": None, "date": None, "stale": False})
            continue
        date, value, n = latest[kpi.id]
        status, depth = status_of(kpi, value, context.as_of)
        deadline_missed = (
            status == "off_track"
            and kpi.target is not None
            and kpi.deadline is not None
            and kpi.deadline < context.as_of
        )
        limit = stale_after_days(dates.get(kpi.id, [date]))
        stale = (context.as_of - date).days > limit
        if stale:
            section.missing.append(f"kpi_values.csv: {kpi.id} (no value since {date.isoformat()})")
            if not deadline_missed and status != "no_target":
                status, depth = "stale", None
        rows.append(
            {
                **row,
                "status": status,
                "latest": value,
                "date": date.isoformat(),
                "observations": n,
                "stale": stale,
                "stale_after_days": limit,
            }
        )
        if status != "off_track":
            continue
        r = rel.get(kpi.objective, 0.0)
        big = deadline_missed or (depth is not None and depth >= 0.5)
        if r >= 1 and big:
            severity = Severity.high
        elif r < 0.5 and not big:
            severity = Severity.low
        else:
            severity = Severity.medium
        why = (
            f"missed its {kpi.deadline.isoformat()} target of {format_value(kpi.target, kpi.unit)}"
            if deadline_missed and kpi.deadline is not None
            else f"is past its warning level of {format_value(kpi.warning, kpi.unit)}"
        )
        findings.append(
            Finding(
                kind="kpi_off_track",
                severity=severity,
                subjects=(kpi.id, kpi.objective),
                title=f"“{kpi.name}” at {format_value(value, kpi.unit)} {why}",
                evidence={
                    "latest": value,
                    "date": date.isoformat(),
                    "target": kpi.target,
                    "warning": kpi.warning,
                    "deadline": kpi.deadline.isoformat() if kpi.deadline else None,
                    "direction": kpi.direction.value,
                    "deadline_missed": deadline_missed,
                    **({"stale": True} if stale else {}),
                    "objective": objective_names.get(kpi.objective, kpi.objective),
                    "objective_weight": round(weights.get(kpi.objective, 0.0), 4),
                },
            )
        )
    section.findings = findings
    section.tables = {"kpis": rows}
    judged = [r for r in rows if r["status"] not in ("no_data", "no_target", "stale")]
    if judged:
        from coxswain.analysis.index import findings_score

        section.score = findings_score(findings)
        counts: dict[str, int] = {}
        for item in rows:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        section.tables["counts"] = counts
    elif any(r["status"] == "stale" for r in rows):
        section.score_note = (
            "Every KPI with a target or warning level has only stale values (none in the "
            "last three periods of its cadence): where they stand now is unknown."
        )
    else:
        section.score_note = "No KPI has both observations and a target or warning level."
    return section


def format_value(value: float | None, unit: str | None) -> str:
    """``36000, "USD"`` → ``36,000 USD``; ``68, "%"`` → ``68%``; at most two decimals."""
    if value is None:
        return "?"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("%", "percent"):
        return f"{text}%"
    return f"{text} {unit}" if unit else text
