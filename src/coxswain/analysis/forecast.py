"""Forecasts and early warning: every KPI forecast to its deadline, with intervals and
the probability of reaching its target (``kpi_at_risk``).

The forecasts are computed once per run (``context.shared("forecasts")``) and reused
by the other KPI analyses and the reports. Model choice, intervals and validation are
described in docs/kpi.md; the models are in :mod:`coxswain.timeseries`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.timeseries.forecasting import KpiForecast, Skipped, forecast_all
from coxswain.timeseries.series import KpiInfo, Series, make_series
from coxswain.wording.numbers import CHANCE_DECIMALS, Words
from coxswain.workbook import Workbook

AT_RISK_BELOW = 0.5  # p_hit under this is a finding

# KPIs derived from transactions when the workbook lacks a KPI of that kind
DERIVED = {
    "churn": ("Customer churn (derived from transactions)", "down"),
    "retention": ("Customer retention (derived from transactions)", "up"),
    "acquisition": ("New customers per month (derived from transactions)", "up"),
    "clv": ("Simple customer lifetime value (derived from transactions)", "up"),
}


def kpi_info(workbook: Workbook) -> dict[str, KpiInfo]:
    return {
        k.id: KpiInfo(
            id=k.id,
            name=k.name,
            objective=k.objective,
            direction=k.direction.value,
            kind=k.kind.value if k.kind else None,
            unit=k.unit,
            target=k.target,
            deadline=k.deadline,
            warning=k.warning,
        )
        for k in workbook.company.kpis
    }


def workbook_series(workbook: Workbook) -> dict[str, Series]:
    """The workbook's KPIs with observations, as regular series."""
    infos = kpi_info(workbook)
    values = workbook.kpi_values.drop_nulls(["date", "kpi", "value"])
    out: dict[str, Series] = {}
    if values.height == 0:
        return out
    for frame in values.sort("date").partition_by("kpi", maintain_order=True):
        kpi_id = frame.item(0, "kpi")
        info = infos.get(kpi_id)
        if info is None:
            continue
        s = make_series(
            info,
            frame.get_column("date").to_list(),
            frame.get_column("value").to_list(),
            country=workbook.company.country,
        )
        if s is not None:
            out[kpi_id] = s
    return out


def derived_series(workbook: Workbook, context: Context) -> dict[str, Series]:
    """Customer metrics from transactions.csv as KPI series, for the kinds the workbook's
    KPIs lack (never replacing an owner's own KPI)."""
    from coxswain.analysis.customers import customer_metrics

    metrics = customer_metrics(workbook, context)
    if metrics is None:
        return {}
    kinds = {k.kind.value for k in workbook.company.kpis if k.kind}
    out: dict[str, Series] = {}
    for kind, (name, direction) in DERIVED.items():
        if kind in kinds:
            continue
        raw: list[Any] = getattr(metrics, kind)
        pairs = [(d, float(v)) for d, v in zip(metrics.months, raw, strict=True) if v is not None]
        info = KpiInfo(
            id=f"derived-{kind}",
            name=name,
            objective=None,
            direction=direction,
            kind=kind,
            unit="customers" if kind == "acquisition" else ("share" if kind != "clv" else None),
            derived=True,
            source="transactions.csv",
        )
        s = make_series(info, [d for d, _ in pairs], [v for _, v in pairs])
        if s is not None:
            out[info.id] = s
    return out


def kpi_series(workbook: Workbook, context: Context) -> dict[str, Series]:
    """Every KPI series of the run (workbook KPIs and derived customer KPIs), cached."""

    def compute() -> dict[str, Series]:
        return {**workbook_series(workbook), **derived_series(workbook, context)}

    return context.shared("kpi_series", compute)


def forecasts(
    workbook: Workbook, context: Context
) -> tuple[dict[str, KpiForecast], dict[str, Skipped]]:
    """Forecasts of every KPI series, computed once per run."""
    return context.shared(
        "forecasts",
        lambda: forecast_all(list(kpi_series(workbook, context).values()), as_of=context.as_of),
    )


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else float(round(x, digits))


def _iso(dates: list[dt.date]) -> list[str]:
    return [d.isoformat() for d in dates]


def chart_table(series: Series, fc: KpiForecast | None) -> dict[str, Any]:
    """The chart data of one KPI: history, forecast fan, target and deadline."""
    info = series.info
    row: dict[str, Any] = {
        "kpi": info.id,
        "name": info.name,
        "objective": info.objective,
        "kind": info.kind,
        "unit": info.unit,
        "direction": info.direction,
        "target": info.target,
        "warning": info.warning,
        "deadline": info.deadline.isoformat() if info.deadline else None,
        "derived": info.derived,
        "cadence": series.cadence.value,
        "history": {"dates": _iso(series.dates), "values": [_r(v) for v in series.values]},
        "model": None,
        "p_hit": None,
        "forecast": None,
    }
    if fc is not None:
        row["model"] = fc.model
        row["p_hit"] = _r(fc.p_hit, CHANCE_DECIMALS)
        row["forecast"] = {
            "dates": _iso(fc.dates),
            "mean": [_r(v) for v in fc.mean],
            "lo80": [_r(v) for v in fc.lo80],
            "hi80": [_r(v) for v in fc.hi80],
            "lo95": [_r(v) for v in fc.lo95],
            "hi95": [_r(v) for v in fc.hi95],
        }
    return row


def _severity(p_hit: float) -> Severity:
    if p_hit < 0.2:
        return Severity.high
    if p_hit < 0.35:
        return Severity.medium
    return Severity.low


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="forecast")
    series = kpi_series(workbook, context)
    done, skipped = forecasts(workbook, context)
    words = Words(locale=workbook.company.locale, currency=workbook.company.currency)
    if not workbook.has("kpi_values"):
        section.missing.append("kpi_values.csv")
    charts: list[dict[str, Any]] = []
    notes: list[dict[str, str]] = []
    for kpi_id, s in series.items():
        fc = done.get(kpi_id)
        charts.append(chart_table(s, fc))
        if kpi_id in skipped:
            notes.append({"kpi": kpi_id, "note": skipped[kpi_id].reason})
    for k in workbook.company.kpis:
        if k.id not in series:
            notes.append({"kpi": k.id, "note": "no observations in kpi_values.csv"})
    section.tables["kpis"] = charts
    section.tables["notes"] = notes

    for kpi_id, fc in done.items():
        info = fc.series.info
        if info.derived or fc.p_hit is None or fc.at_deadline is None:
            continue
        if fc.p_hit >= AT_RISK_BELOW:
            continue
        assert info.target is not None and info.deadline is not None
        lo, mid, hi = fc.at_deadline
        section.findings.append(
            Finding(
                kind="kpi_at_risk",
                severity=_severity(fc.p_hit),
                subjects=(kpi_id, *((info.objective,) if info.objective else ())),
                title=(
                    f"{info.name} is on course to miss its target of "
                    f"{words.amount(info.target, info.unit)} "
                    f"by {words.date(info.deadline)} ({words.chance(fc.p_hit)} of reaching it)"
                ),
                evidence={
                    "p_hit": round(fc.p_hit, CHANCE_DECIMALS),
                    "target": info.target,
                    "deadline": info.deadline.isoformat(),
                    "direction": info.direction,
                    "latest": {
                        "date": fc.series.date_of(fc.series.n - 1).isoformat(),
                        "value": _r(float(fc.series.values[-1])),
                    },
                    "forecast_at_deadline": _r(mid),
                    "interval_80": [_r(lo), _r(hi)],
                    "periods_ahead": fc.deadline_h,
                    "cadence": fc.series.cadence.value,
                    "history_points": fc.series.n,
                    "model": fc.model,
                },
            )
        )
    section.findings.sort(key=lambda f: f.evidence["p_hit"])
    return section


def series_frame(s: Series) -> pl.DataFrame:
    """A series as a polars frame (date, value, observed) for reports and tests."""
    return pl.DataFrame({"date": s.dates, "value": s.values, "observed": s.observed})
