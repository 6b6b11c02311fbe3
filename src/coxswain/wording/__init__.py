"""Plain words for everything an owner reads: numbers and dates in the workbook's locale
(:mod:`.numbers`, Babel), the meaning of components and stages (:mod:`.glossary`), every
evidence field of every finding kind and a finding's summary (:mod:`.evidence`), and how
a result's findings are worded (:func:`context_of`).

Plain typed Python with no web framework: the CLI, the reports, the web pages, the API and
the e-mail digest all word findings from here (``shared/design/writing.md``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coxswain.wording.evidence import Context, Explained, Fact, KpiInfo, explain, summary
from coxswain.wording.numbers import Words, known_locale

if TYPE_CHECKING:
    from coxswain.analysis.base import Finding
    from coxswain.analysis.result import Result


def kpis_of(result: Result) -> dict[str, KpiInfo]:
    """Each KPI's name and unit, as the result's sections hold them."""
    out: dict[str, KpiInfo] = {}
    for section_name in ("forecast", "kpi_status"):
        section = result.sections.get(section_name)
        rows: Any = section.tables.get("kpis") if section is not None else None
        for row in rows or ():
            if isinstance(row, dict) and isinstance(row.get("kpi"), str):
                kid: str = row["kpi"]
                known = out.get(kid)
                shown: Any = row.get("name")
                unit: Any = row.get("unit")
                fallback = known.name if known else result.labels.get(kid, kid)
                out[kid] = KpiInfo(
                    name=str(shown) if shown else fallback,
                    unit=str(unit) if unit is not None else (known.unit if known else None),
                )
    return out


def context_of(result: Result, *, labels: dict[str, str] | None = None) -> Context:
    """How ``result``'s findings are worded: its locale and currency, the names of its ids
    (``labels`` over the result's own: a page passes the organisation's way of naming
    people) and its KPIs' units."""
    return Context(
        words=Words(locale=result.locale, currency=result.currency),
        labels={**result.labels, **(labels or {})},
        kpis=kpis_of(result),
    )


def explain_finding(finding: Finding, context: Context) -> Explained:
    return explain(
        kind=finding.kind,
        subjects=finding.subjects,
        evidence=finding.evidence,
        context=context,
    )


__all__ = [
    "Context",
    "Explained",
    "Fact",
    "KpiInfo",
    "Words",
    "context_of",
    "explain",
    "explain_finding",
    "known_locale",
    "kpis_of",
    "summary",
]
