"""Diagnostics across KPIs: patterns between KPI kinds that a single KPI cannot show.

Every trend is judged with a test, not by eye: the Theil-Sen slope with its 95%
interval and the Mann-Kendall p-value over the last twelve months (at least six points),
on the series without its seasonal swing. A KPI "rises" or "falls" only when p < 0.05
and the interval is clear of zero. The same test with its variance widened for the
series' own autocorrelation (Hamed & Rao 1998) is in the evidence; where it does not
confirm a trend that defines a finding, the finding is one severity lower and says why.
The rules and their reasoning are in docs/kpi.md:

- ``expectation_gap``: churn rises (or retention falls) while acquisition or marketing
  spend rises and new customers do not fall (nor marketing spend, unless acquisition rises):
  customers are won and then lost. Falling feature
  adoption, satisfaction or NPS join the evidence as the likely place where delivery
  falls short. Subjects (and so the id) are only the worsening churn/retention KPIs.
- ``kpi_tension`` revenue_vs_margin: revenue rises while margin falls.
- ``kpi_tension`` acquisition_vs_satisfaction: acquisition rises while customer
  satisfaction or NPS falls.
- ``kpi_tension`` staff_vs_customer_satisfaction: employee satisfaction falls, and
  customer satisfaction or NPS falls too, the employees' fall starting first.
- ``kpi_tension`` speed_vs_quality: lead time rises (slower) while quality falls.
  One ``kpi_tension`` finding per (falling KPI, rising-or-first KPI) pair; subjects are
  that pair (less a KPI derived from transactions) and the rule is in the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.changes import decompose, has_season
from coxswain.timeseries.series import Cadence, KpiInfo, Series, make_series
from coxswain.timeseries.stats import Trend, trend
from coxswain.workbook import Workbook

WINDOW_YEARS = 1.0
MIN_WINDOW = 6
TEST = "Theil-Sen slope 95% CI and Mann-Kendall p < 0.05, last 12 months"
PERSISTENCE_CAVEAT = (
    "Allowing for the series' own autocorrelation (Hamed & Rao), {kpis} {verb} no longer "
    "significant: the change may be a step or a wandering level rather than a "
    "steady trend, so the severity is one step lower. Look at the chart before acting."
)


def _tempered(severity: Severity, judged: list[Judged]) -> tuple[Severity, dict[str, str]]:
    """One step lower severity, and the caveat that says why, when a trend that defines
    the finding is not confirmed by the autocorrelation-corrected test."""
    doubtful = [f"the trend in {j.info.name}" for j in judged if j.trend.may_be_persistence]
    if not doubtful:
        return severity, {}
    lower = {Severity.high: Severity.medium, Severity.medium: Severity.low}
    verb = "is" if len(doubtful) == 1 else "are"  # "the trend in X is", "in X and Y are"
    caveat = PERSISTENCE_CAVEAT.format(kpis=" and ".join(doubtful), verb=verb)
    return lower.get(severity, severity), {"caveat": caveat}


@dataclass(frozen=True)
class Judged:
    series: Series
    trend: Trend
    start: str  # first date of the window
    # trend over the window before the latest one, for "which fell first"
    earlier: Trend | None

    @property
    def info(self) -> KpiInfo:
        return self.series.info

    def evidence(self) -> dict[str, Any]:
        return {
            "kpi": self.info.id,
            "name": self.info.name,
            "kind": self.info.kind,
            "derived": self.info.derived,
            "window_from": self.start,
            "window_to": self.series.date_of(self.series.n - 1).isoformat(),
            "trend": self.trend.to_json(),
        }


def judge(s: Series) -> Judged | None:
    window = max(round(WINDOW_YEARS * s.cadence.per_year), MIN_WINDOW)
    if s.n < MIN_WINDOW:
        return None
    y = decompose(s.values, s.season).adjusted if has_season(s.values, s.season) else s.values
    recent = y[-window:]
    tr = trend(recent)
    if tr is None:
        return None
    earlier = trend(y[-2 * window : -window // 2]) if s.n >= 2 * window else None
    return Judged(s, tr, s.date_of(max(s.n - window, 0)).isoformat(), earlier)


def marketing_spend_series(workbook: Workbook) -> Series | None:
    """Monthly spend of category 'marketing' (spend.csv), when no KPI has that kind."""
    spend = workbook.spend
    if spend.height == 0:
        return None
    rows = (
        spend.filter(pl.col("category").str.to_lowercase().str.contains("marketing"))
        .with_columns(pl.col("date").dt.month_end().alias("month"))
        .group_by("month")
        .agg(pl.col("amount").sum())
        .sort("month")
    )
    if rows.height < MIN_WINDOW:
        return None
    info = KpiInfo(
        id="derived-marketing_spend",
        name="Marketing spend per month (spend.csv)",
        objective=None,
        direction="up",
        kind="marketing_spend",
        derived=True,
        source="spend.csv",
    )
    s = make_series(info, rows.get_column("month").to_list(), rows.get_column("amount").to_list())
    if s is None or s.cadence is not Cadence.monthly:
        return None
    # months without marketing spend were spent at zero, not missing
    return s


def _by_kind(judged: list[Judged], *kinds: str) -> list[Judged]:
    return [j for j in judged if j.info.kind in kinds]


def gap_subjects(*, leaving: list[Judged], winning: list[Judged]) -> tuple[str, ...]:
    """Stable subjects of an expectation gap: the worsening churn/retention KPIs, sorted.

    Only the KPIs that define the problem are subjects, so the id stays the same while
    the supporting trends (acquisition, adoption, satisfaction) move in and out of
    significance. Derived customer KPIs are no workbook ids: when only they show the
    customers leaving, the workbook's acquisition KPIs name the finding instead; with no
    workbook KPI at all the subjects are empty and the id is the bare kind.
    """
    own = sorted({j.info.id for j in leaving if not j.info.derived})
    if own:
        return tuple(own)
    return tuple(sorted({j.info.id for j in winning if not j.info.derived}))


def _winning_words(winning: list[Judged]) -> str:
    """What rises in an expectation gap, in the owner's words."""
    kinds = {j.info.kind for j in winning}
    if kinds >= {"acquisition", "marketing_spend"}:
        return "acquisition and marketing are rising"
    return "acquisition is rising" if "acquisition" in kinds else "marketing is rising"


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="diagnostics")
    series = dict(kpi_series(workbook, context))
    if not any(s.info.kind == "marketing_spend" for s in series.values()):
        ms = marketing_spend_series(workbook)
        if ms is not None:
            series[ms.info.id] = ms
    judged = [j for s in series.values() if s.info.kind and (j := judge(s)) is not None]
    section.tables["trends"] = [j.evidence() for j in judged]
    if not judged:
        section.tables["note"] = "no KPI with a kind and six observations: no diagnostics"
        return section

    def rising(*kinds: str) -> list[Judged]:
        return [j for j in _by_kind(judged, *kinds) if j.trend.direction > 0]

    def falling(*kinds: str) -> list[Judged]:
        return [j for j in _by_kind(judged, *kinds) if j.trend.direction < 0]

    # expectation gap
    leaving = rising("churn") + falling("retention")
    winning = rising("acquisition", "marketing_spend")
    # customers must still be won: new customers falling undo the gap; marketing spend
    # falling does not where acquisition rises (more customers for less spend)
    slipping = falling("acquisition") or (falling("marketing_spend") and not rising("acquisition"))
    if leaving and winning and not slipping:
        # what customers get: falling adoption or satisfaction says where delivery fails
        delivered = falling("feature_adoption", "satisfaction", "nps")
        subjects = gap_subjects(leaving=leaving, winning=winning)
        # the finding stands on the customers leaving; acquisition only needs to rise
        severity, caveat = _tempered(Severity.high, leaving)
        section.findings.append(
            Finding(
                kind="expectation_gap",
                severity=severity,
                subjects=subjects,
                title=(
                    f"Customers leave faster although {_winning_words(winning)}: "
                    "what is sold and what is delivered differ"
                ),
                evidence={
                    "leaving": [j.evidence() for j in leaving],
                    "acquiring": [j.evidence() for j in winning],
                    "delivery_falling": [j.evidence() for j in delivered],
                    "test": TEST,
                    **caveat,
                },
            )
        )

    rules: list[tuple[str, list[Judged], list[Judged], str]] = [
        (
            "revenue_vs_margin",
            rising("revenue"),
            falling("margin"),
            "Revenue grows while margin falls: growth is being bought",
        ),
        (
            "acquisition_vs_satisfaction",
            rising("acquisition"),
            falling("satisfaction", "nps"),
            "More customers are won while their satisfaction falls",
        ),
        (
            "speed_vs_quality",
            rising("lead_time"),
            falling("quality"),
            "Work takes longer and its quality falls at the same time",
        ),
    ]
    staff = falling("employee_satisfaction")
    customers = falling("satisfaction", "nps")
    # staff satisfaction first: it was already falling in the earlier window, or the
    # customers' fall shows no earlier decline
    staff_first = [j for j in staff if j.earlier is not None and j.earlier.slope < 0]
    if staff_first and customers:
        rules.append(
            (
                "staff_vs_customer_satisfaction",
                staff_first,
                customers,
                "Employee satisfaction fell first and customer satisfaction is following",
            )
        )
    # one finding per (falling KPI, rising-or-first KPI) pair: its id names exactly the
    # two KPIs in tension, so it survives other KPIs of the same kinds flickering
    seen: set[tuple[str, ...]] = set()
    for rule, first, second, title in rules:
        for down in sorted(second, key=lambda j: j.info.id):
            for other in sorted(first, key=lambda j: j.info.id):
                # a derived KPI (from transactions) is no workbook id: it stays in the
                # evidence; there is one derived KPI per kind, so the ids stay distinct
                pair = tuple(j.info.id for j in (down, other) if not j.info.derived)
                if not pair or pair in seen or down.info.id == other.info.id:
                    continue
                seen.add(pair)
                severity, caveat = _tempered(Severity.medium, [down, other])
                section.findings.append(
                    Finding(
                        kind="kpi_tension",
                        severity=severity,
                        subjects=pair,
                        title=f"{title}: {down.info.name} and {other.info.name}",
                        evidence={
                            "rule": rule,
                            "rising_or_first": [other.evidence()],
                            "falling": [down.evidence()],
                            "test": TEST,
                            **caveat,
                        },
                    )
                )
    section.tables["rules_checked"] = [
        "expectation_gap",
        *(r[0] for r in rules),
        *([] if staff_first and customers else ["staff_vs_customer_satisfaction"]),
    ]
    return section
