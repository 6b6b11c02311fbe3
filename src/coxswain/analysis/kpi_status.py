"""KPI status: where each KPI stands against its warning level and target.

The rule is :func:`coxswain.analysis.rules.kpi_status`, which the reports, the web pages
and the API use too. The latest observation (on or before ``as_of``) of each KPI is
compared, in the KPI's ``direction``, with its ``target`` and ``warning``:

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

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.cascade import relative_weights
from coxswain.analysis.payloads import KpiRow, KpiStatusPayload
from coxswain.analysis.rules import KpiState, kpi_status, level_state
from coxswain.workbook import Workbook
from coxswain.workbook.model import Kpi


def status_of(kpi: Kpi, value: float, as_of: dt.date) -> tuple[str, float | None]:
    """The state of one value (staleness aside) and how far past its warning it is (in
    warning-to-target widths): :func:`coxswain.analysis.rules.level_state`."""
    state, depth = level_state(kpi, value, as_of)
    return state.value, depth


def kpi_observations(workbook: Workbook) -> dict[str, list[tuple[dt.date, float]]]:
    """KPI id → its dated observations, by date."""
    frame = workbook.kpi_values
    if frame.height == 0:
        return {}
    out: dict[str, list[tuple[dt.date, float]]] = {}
    rows = frame.select("kpi", "date", "value").drop_nulls().sort("date", maintain_order=True)
    for kpi, date, value in rows.iter_rows():
        out.setdefault(kpi, []).append((date, float(value)))
    return out


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    section = Section(name="kpi_status", component="kpis")
    if not company.kpis:
        section.missing.append("company.yaml: kpis")
        section.score_note = "The workbook defines no KPIs."
        return section
    if not workbook.has("kpi_values"):
        section.missing.append("kpi_values.csv")
    observations = kpi_observations(workbook)
    rel = relative_weights(company)
    weights = company.normalised_weights()
    objective_names = {o.id: o.name for o in company.objectives}
    rows: list[KpiRow] = []
    findings: list[Finding] = []
    for kpi in company.kpis:
        st = kpi_status(kpi, observations=observations.get(kpi.id, ()), as_of=context.as_of)
        rows.append(
            KpiRow(
                kpi=kpi.id,
                objective=kpi.objective,
                direction=kpi.direction.value,
                target=kpi.target,
                warning=kpi.warning,
                deadline=kpi.deadline.isoformat() if kpi.deadline else None,
                unit=kpi.unit,
                status=st.state,
                latest=st.latest,
                date=st.date.isoformat() if st.date else None,
                stale=st.stale,
                observations=st.observations if st.date else None,
                stale_after_days=st.stale_after_days,
            )
        )
        if st.date is None or st.latest is None:
            continue
        date, value, depth, deadline_missed = st.date, st.latest, st.depth, st.deadline_missed
        if st.stale:
            section.missing.append(f"kpi_values.csv: {kpi.id} (no value since {date.isoformat()})")
        if st.state != KpiState.off_track:
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
                    **({"stale": True} if st.stale else {}),
                    "objective": objective_names.get(kpi.objective, kpi.objective),
                    "objective_weight": round(weights.get(kpi.objective, 0.0), 4),
                },
            )
        )
    section.findings = findings
    counts: dict[str, int] | None = None
    if any(r.status.judged for r in rows):
        from coxswain.analysis.index import findings_score

        section.score = findings_score(findings)
        counts = {}
        for item in rows:
            counts[item.status.value] = counts.get(item.status.value, 0) + 1
    section.tables = KpiStatusPayload(kpis=tuple(rows), counts=counts).to_json()
    if counts is None and any(r.status == KpiState.stale for r in rows):
        section.score_note = (
            "Every KPI with a target or warning level has only stale values (none in the "
            "last three periods of its cadence): where they stand now is unknown."
        )
    elif counts is None:
        section.score_note = "No KPI has both observations and a target or warning level."
    return section


def format_value(value: float | None, unit: str | None) -> str:
    """A level in its KPI's unit, the unit once (:meth:`coxswain.wording.Words.amount`):
    ``36000, "USD"`` → ``$36,000``; ``68, "%"`` → ``68%``; ``3.88, "1-5"`` → ``3.9 out of 5``."""
    from coxswain.wording.numbers import Words

    if value is None:
        return "?"
    return Words().amount(value, unit)
