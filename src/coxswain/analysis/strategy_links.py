"""Testing the strategy map: do the data bear out each driver → objective link?

For each link, every pair of a driver KPI and an objective KPI of the same cadence is
compared at the declared lag (``lag_months`` of the objective), on the series without
their seasonal swing and oriented so that "better" is up for both:

- the correlation of the levels and of the period-to-period changes, with 95% Fisher-z
  intervals (levels alone are fooled by two unrelated trends; changes are not);
- Granger causality (statsmodels, F-test on the changes) where the history is long
  enough (20 + 3·lag changes).

A pair *supports* the link when the changes correlate positively (interval above zero),
or Granger's p < 0.05 with a positive change correlation; it *contradicts* it when the
changes correlate negatively (interval below zero). The correlation of the levels is
reported but decides nothing: two KPIs that merely trend together (or apart) correlate
in level whether or not one drives the other. Otherwise it is *unsupported* when there
are 24 or more paired changes (enough to see a moderate link) and *insufficient_data*
below that. A link takes the strongest verdict of its pairs (supported > contradicted >
unsupported > insufficient), the decision levels Bonferroni-corrected for the number of
pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.changes import decompose, has_season
from coxswain.timeseries.series import Cadence, Series, to_cadence
from coxswain.timeseries.stats import correlation, granger_p
from coxswain.workbook import Workbook

MIN_PAIRS = 12
ENOUGH_PAIRS = 24
ORDER = {"supported": 0, "contradicted": 1, "unsupported": 2, "insufficient_data": 3}


def _lag_periods(lag_months: int, cadence: Cadence) -> int:
    return round(lag_months * cadence.per_year / 12)


def _adjusted(s: Series) -> np.ndarray:
    y = decompose(s.values, s.season).adjusted if has_season(s.values, s.season) else s.values
    out: np.ndarray = y * s.info.sign
    return out


def test_pair(
    driver: Series, objective: Series, lag_months: int, *, tests: int = 1
) -> dict[str, Any]:
    """The evidence for one pair of KPIs; ``tests`` pairs are judged for the same link,
    so the decision levels are Bonferroni-corrected (intervals at 1 - 0.05/tests, Granger
    at p < 0.05/tests) and one lucky pair of many cannot carry a link alone."""
    row: dict[str, Any] = {
        "driver_kpi": driver.info.id,
        "objective_kpi": objective.info.id,
        "lag": lag_months,
        "r_levels": None,
        "ci_levels": None,
        "r_changes": None,
        "ci_changes": None,
        "granger_p": None,
        "pairs": 0,
    }
    if driver.cadence is not objective.cadence:
        # compare at the coarser cadence: weekly visitors against monthly revenue by month
        coarse = min(driver.cadence, objective.cadence, key=lambda c: c.per_year)
        d2, o2 = to_cadence(driver, coarse), to_cadence(objective, coarse)
        if d2 is None or o2 is None:
            row["verdict"] = "insufficient_data"
            row["note"] = "the two KPIs' cadences cannot be matched"
            return row
        driver, objective = d2, o2
        row["cadence"] = coarse.value
    lag = _lag_periods(lag_months, driver.cadence)
    x, y = _adjusted(driver), _adjusted(objective)
    # align: x at period t, y at period t + lag
    lo = max(driver.start, objective.start - lag)
    hi = min(driver.end, objective.end - lag)
    if hi - lo + 1 < MIN_PAIRS + 1:
        row["verdict"] = "insufficient_data"
        row["pairs"] = max(hi - lo + 1, 0)
        return row
    xs = x[lo - driver.start : hi - driver.start + 1]
    ys = y[lo + lag - objective.start : hi + lag - objective.start + 1]
    level = 1 - 0.05 / max(tests, 1)
    levels = correlation(xs, ys, level=level)
    dx, dy = np.diff(xs), np.diff(ys)
    changes = correlation(dx, dy, level=level)
    # Granger on the unshifted changes: does past x help predict y, up to the lag?
    gx = np.diff(x[max(driver.start, objective.start) - driver.start :])
    gy = np.diff(y[max(driver.start, objective.start) - objective.start :])
    k = min(gx.shape[0], gy.shape[0])
    gx, gy = gx[:k], gy[:k]
    gp = granger_p(gx, gy, max(lag, 1))
    row.update(
        {
            "pairs": int(dx.shape[0]),
            "r_levels": round(levels.r, 3) if levels else None,
            "ci_levels": [round(levels.lo, 3), round(levels.hi, 3)] if levels else None,
            "r_changes": round(changes.r, 3) if changes else None,
            "ci_changes": [round(changes.lo, 3), round(changes.hi, 3)] if changes else None,
            "granger_p": round(gp, 4) if gp is not None else None,
        }
    )
    rc = changes.r if changes else 0.0
    if (changes and changes.lo > 0) or (gp is not None and gp < 0.05 / max(tests, 1) and rc > 0):
        verdict = "supported"
    elif changes and changes.hi < 0:
        verdict = "contradicted"
    elif dx.shape[0] >= ENOUGH_PAIRS:
        verdict = "unsupported"
    else:
        verdict = "insufficient_data"
    row["verdict"] = verdict
    return row


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="strategy_links")
    series = [s for s in kpi_series(workbook, context).values() if not s.info.derived]
    by_objective: dict[str, list[Series]] = {}
    for s in series:
        if s.info.objective:
            by_objective.setdefault(s.info.objective, []).append(s)
    links: list[dict[str, Any]] = []
    for objective in workbook.company.objectives:
        for driver in objective.drivers:
            combos = [
                (d, o)
                for d in by_objective.get(driver, [])
                for o in by_objective.get(objective.id, [])
            ]
            pairs = [test_pair(d, o, objective.lag_months, tests=len(combos)) for d, o in combos]
            best = min(pairs, key=lambda p: (ORDER[p["verdict"]], -(p["pairs"] or 0)), default=None)
            link: dict[str, Any] = {
                "driver": driver,
                "objective": objective.id,
                "lag": objective.lag_months,
                "r_levels": best["r_levels"] if best else None,
                "ci_levels": best["ci_levels"] if best else None,
                "r_changes": best["r_changes"] if best else None,
                "ci_changes": best["ci_changes"] if best else None,
                "granger_p": best["granger_p"] if best else None,
                "verdict": best["verdict"] if best else "insufficient_data",
                "kpi_pairs": pairs,
            }
            if not pairs:
                link["note"] = "one side of the link has no KPI with observations"
            links.append(link)
            if link["verdict"] in ("contradicted", "unsupported"):
                assert best is not None
                contradicted = link["verdict"] == "contradicted"
                section.findings.append(
                    Finding(
                        kind="strategy_link_unsupported",
                        severity=Severity.medium if contradicted else Severity.low,
                        subjects=(driver, objective.id),
                        title=(
                            f"The data contradict the strategy map's link {driver} → "
                            f"{objective.id}: when one improves the other worsens"
                            if contradicted
                            else f"The data do not bear out the link {driver} → {objective.id}"
                        ),
                        evidence={
                            k: link[k]
                            for k in (
                                "lag",
                                "r_levels",
                                "ci_levels",
                                "r_changes",
                                "ci_changes",
                                "granger_p",
                                "verdict",
                            )
                        }
                        | {
                            "driver_kpi": best["driver_kpi"],
                            "objective_kpi": best["objective_kpi"],
                            "pairs": best["pairs"],
                        },
                    )
                )
    section.tables["links"] = links
    if not links:
        section.tables["note"] = "the strategy map declares no driver links"
    return section
