"""Testing the strategy map: do the data bear out each driver → objective link?

For each link, every pair of a driver KPI and an objective KPI of the same cadence is
compared at the declared lag (``lag_months`` of the objective), on the series without
their seasonal swing and oriented so that "better" is up for both, month by month at the
finest (daily and weekly KPIs are averaged into months: day-to-day changes are mostly
noise, and their correlation near zero would "rule out" any link).

The evidence is the **period-to-period changes**: the correlation of the driver's change
at *t* with the objective's change at *t + lag*, with Fisher-z intervals. Levels that
merely trend together (or apart) correlate whether or not one drives the other, so the
correlation of the levels is reported but decides nothing, either way. Granger causality
(statsmodels' F-test, on the changes) is added where the history is long enough
(20 + 3·lag changes).

A pair's verdict, at α = 0.05 (Bonferroni-corrected for the number of KPI pairs judged
for the same link):

- *supported*: the changes correlate positively (two-sided interval above zero), or
  Granger's p < α with a positive change correlation;
- *contradicted*: the changes correlate negatively (interval below zero): the data go
  against the direction the map declares;
- *unsupported* ("not borne out"): an equivalence test (TOST, the 1 − 2α interval)
  puts the correlation of the changes inside ±``SESOI``: the data rule out an effect
  worth acting on;
- *insufficient_data* ("not testable yet"): none of these. The link goes to
  ``missing_evidence`` with how many more months would settle it: the number of paired
  changes that gives 80% power both to detect a correlation of ``SESOI`` and to rule it
  out when there is none (Fisher-z), less the pairs there are.

``SESOI`` (the smallest effect of interest) is a correlation of 0.3 between the lagged
changes: a driver whose month-to-month movements account for less than a tenth of the
objective's is not a lever an owner can steer by (and 0.3 is the usual lower bound of a
"moderate" effect). ``power`` in each row is the chance that the pairs there are detect
a correlation of ``SESOI`` at α.

A link takes the strongest verdict of its pairs (supported by the changes' correlation >
contradicted > supported by Granger's test alone > unsupported > insufficient, :func:`_rank`;
a support the map-wide correction would not keep does not outweigh a contradiction it keeps).

The two verdicts that raise a finding are corrected across the whole map (Holm,
:func:`_holm_across_the_map`). A season is taken out of each series (a weak season both KPIs
share would otherwise pass for a link): with two to six cycles always, as yearly harmonics
(:func:`harmonic_season`); with more wherever it shows at the lenient level
``SEASON_SCREEN``. Under two years of paired changes a pair is not testable yet.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.changes import decompose, has_season
from coxswain.timeseries.series import Cadence, Series, to_cadence
from coxswain.timeseries.stats import Correlation, correlation, granger_p, holm
from coxswain.wording.numbers import Words
from coxswain.workbook import Workbook

MIN_PAIRS = 12
ALPHA = 0.05
SESOI = 0.3  # smallest correlation of the lagged changes worth acting on
POWER = 0.8  # wanted of a test that settles a link
SEASON_SCREEN = 0.2  # a lenient test: a weak season two KPIs share passes for a link
HARMONICS = 2  # yearly harmonics of a short series' season (under six cycles)
ORDER = {"supported": 0, "contradicted": 1, "unsupported": 2, "insufficient_data": 3}
METHOD = (
    "correlation of the period-to-period changes (driver at t, objective at t + lag), "
    "seasonal swing removed; levels that trend together are evidence neither way. "
    "seasons taken out (two to six years: yearly harmonics; longer: where they show at "
    f"α = {SEASON_SCREEN}); "
    f"not borne out only where a TOST equivalence test puts it inside ±{SESOI}; "
    "contradicted and not borne out Holm-corrected across the map; "
    f"power is the chance of detecting a correlation of {SESOI} at α = {ALPHA}"
)


def _lag_periods(lag_months: int, cadence: Cadence) -> int:
    return round(lag_months * cadence.per_year / 12)


def _adjusted(s: Series) -> np.ndarray:
    """Oriented (better is up), without the seasonal swing. With two to six cycles the
    season is always taken out, as yearly harmonics (:func:`harmonic_season`: four terms cost
    little where there is none); with more, by STL wherever it shows at the lenient level
    ``SEASON_SCREEN``: the shifts analysis asks α = 0.01 before it removes a season
    (removing one that is only noise would make wiggles look like changes), but here a weak
    season left in both series would make their changes move together or apart."""
    n = s.values.shape[0]
    if s.season > 1 and 2 * s.season <= n < 6 * s.season:
        y = s.values - harmonic_season(s.values, s.season)
    elif has_season(s.values, s.season, alpha=SEASON_SCREEN):
        y = decompose(s.values, s.season).adjusted
    else:
        y = s.values
    out: np.ndarray = y * s.info.sign
    return out


def harmonic_season(y: np.ndarray, period: int, order: int = HARMONICS) -> np.ndarray:
    """The seasonal swing of a short series (two to six cycles) as ``order`` harmonics of
    the year (a cosine and a sine of the year and of the half year) beside a linear trend,
    least squares. Eleven month-of-year dummies fitted from two or three values each (what
    :func:`coxswain.timeseries.changes.decompose` fits there) take in about 40% of every
    month's own movement, the link's included: on the benchmark's TUNE set they cut the
    missed plants' change correlations of −0.42 … −0.78 to −0.21 … −0.51, under what Holm
    across the map can report. Four harmonic terms take a smooth yearly swing (and a second
    peak) out and leave the month-to-month movement. statsmodels' STL is used from six cycles
    on."""
    n = y.shape[0]
    t = np.arange(n, dtype=float)
    columns = [np.ones(n), t]
    for k in range(1, min(order, period // 2) + 1):
        angle = 2 * np.pi * k * t / period
        columns.append(np.cos(angle))
        if 2 * k < period:  # sin(π t) is zero: no column
            columns.append(np.sin(angle))
    design = np.column_stack(columns)
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    out: np.ndarray = design[:, 2:] @ beta[2:]
    return out


def power(pairs: int, *, alpha: float = ALPHA, effect: float = SESOI) -> float:
    """Two-sided power of the Fisher-z test of no correlation to detect ``effect`` with
    ``pairs`` pairs at level ``alpha``."""
    from scipy.stats import norm

    if pairs <= 3:
        return 0.0
    shift = math.atanh(effect) * math.sqrt(pairs - 3)
    q = float(norm.ppf(1 - alpha / 2))
    return float(norm.cdf(shift - q) + norm.cdf(-shift - q))


def pairs_needed(*, alpha: float = ALPHA, effect: float = SESOI, wanted: float = POWER) -> int:
    """Paired changes that settle a link either way with probability ``wanted``: detect a
    correlation of ``effect`` (two-sided test at ``alpha``) and rule it out by TOST at
    ``alpha`` when the true correlation is zero (Fisher-z approximations)."""
    from scipy.stats import norm

    z = math.atanh(effect)
    detect = ((norm.ppf(1 - alpha / 2) + norm.ppf(wanted)) / z) ** 2 + 3
    equivalent = ((norm.ppf(1 - alpha) + norm.ppf(1 - (1 - wanted) / 2)) / z) ** 2 + 3
    return math.ceil(float(max(detect, equivalent)))


def test_pair(
    driver: Series,
    objective: Series,
    lag_months: int,
    *,
    tests: int = 1,
    map_tests: int | None = None,
) -> dict[str, Any]:
    """The evidence for one pair of KPIs; ``tests`` pairs are judged for the same link,
    so the intervals and "supported" are Bonferroni-corrected (α / tests) and one lucky
    pair of many cannot carry a link alone. ``map_tests`` alarm tests are judged across
    the whole map (Holm, :func:`_holm_across_the_map`): power and the pairs that would
    settle the link are planned at its strictest level, α / ``map_tests``."""
    alpha = ALPHA / max(tests, 1)
    plan_alpha = ALPHA / max(map_tests or tests, 1)
    row: dict[str, Any] = {
        "driver_kpi": driver.info.id,
        "objective_kpi": objective.info.id,
        "lag": lag_months,
        "r_levels": None,
        "ci_levels": None,
        "r_changes": None,
        "ci_changes": None,
        "ci_equivalence": None,
        "granger_p": None,
        "pairs": 0,
        "power": 0.0,
        "pairs_needed": pairs_needed(alpha=plan_alpha),
        "months_to_settle": None,
    }
    cadence = driver.cadence
    # compare at the coarser cadence (weekly visitors against monthly revenue by month),
    # and never finer than monthly: a link declared in months shows from month to month,
    # while day-to-day changes are mostly noise that would "rule out" any link
    coarse = min(driver.cadence, objective.cadence, Cadence.monthly, key=lambda c: c.per_year)
    if driver.cadence is not coarse or objective.cadence is not coarse:
        d2, o2 = to_cadence(driver, coarse), to_cadence(objective, coarse)
        if d2 is None or o2 is None:
            row["verdict"] = "insufficient_data"
            row["note"] = "the two KPIs' cadences cannot be matched"
            return row
        driver, objective, cadence = d2, o2, coarse
    row["cadence"] = cadence.value

    def months(periods: int) -> int:
        return max(0, math.ceil(periods * 12 / cadence.per_year))

    lag = _lag_periods(lag_months, cadence)
    x, y = _adjusted(driver), _adjusted(objective)
    # align: x at period t, y at period t + lag
    lo = max(driver.start, objective.start - lag)
    hi = min(driver.end, objective.end - lag)
    if hi - lo + 1 < MIN_PAIRS + 1:
        row["verdict"] = "insufficient_data"
        row["pairs"] = max(hi - lo, 0)
        row["power"] = round(power(row["pairs"], alpha=plan_alpha), 3)
        row["months_to_settle"] = months(row["pairs_needed"] - row["pairs"])
        return row
    xs = x[lo - driver.start : hi - driver.start + 1]
    ys = y[lo + lag - objective.start : hi + lag - objective.start + 1]
    levels = correlation(xs, ys, level=1 - alpha)
    dx, dy = np.diff(xs), np.diff(ys)
    n = int(dx.shape[0])
    period = cadence.season
    if period > 1 and n < 2 * period:
        # a season both KPIs share (a busy summer raises sales and lengthens delivery)
        # makes their changes move together or apart whether or not one drives the other,
        # and under two years of changes it cannot be told apart from a link
        row.update(
            {
                "verdict": "insufficient_data",
                "pairs": n,
                "power": round(power(n, alpha=plan_alpha), 3),
                "r_levels": round(levels.r, 3) if levels else None,
                "note": "fewer than two years of paired changes: a season both KPIs share "
                "cannot be told apart from a link",
            }
        )
        row["months_to_settle"] = months(max(2 * period - n, row["pairs_needed"] - n, 1))
        return row
    effective = n
    changes = correlation(dx, dy, level=1 - alpha)
    equivalence = correlation(dx, dy, level=1 - 2 * alpha)  # the TOST interval
    # Granger on the unshifted changes: does past x help predict y, up to the lag?
    gx = np.diff(x[max(driver.start, objective.start) - driver.start :])
    gy = np.diff(y[max(driver.start, objective.start) - objective.start :])
    k = min(gx.shape[0], gy.shape[0])
    gx, gy = gx[:k], gy[:k]
    gp = granger_p(gx, gy, max(lag, 1))
    row.update(
        {
            "pairs": n,
            "power": round(power(effective, alpha=plan_alpha), 3),
            "r_levels": round(levels.r, 3) if levels else None,
            "ci_levels": [round(levels.lo, 3), round(levels.hi, 3)] if levels else None,
            "r_changes": round(changes.r, 3) if changes else None,
            "ci_changes": [round(changes.lo, 3), round(changes.hi, 3)] if changes else None,
            "ci_equivalence": [round(equivalence.lo, 3), round(equivalence.hi, 3)]
            if equivalence
            else None,
            "granger_p": round(gp, 4) if gp is not None else None,
        }
    )
    rc = changes.r if changes else 0.0
    row["p_contradicted"], row["p_equivalence"] = _alarm_p(changes)
    if (changes and changes.lo > 0) or (gp is not None and gp < alpha and rc > 0):
        verdict = "supported"
        row["_by_changes"] = bool(changes and changes.lo > 0)
        row["_support_p"] = _support_p(changes)
    elif changes and changes.hi < 0:
        verdict = "contradicted"
    elif equivalence and equivalence.lo > -SESOI and equivalence.hi < SESOI:
        verdict = "unsupported"
    else:
        verdict = "insufficient_data"
    row["verdict"] = verdict
    row["_months_to_settle"] = months(max(row["pairs_needed"] - effective, 1))
    if verdict == "insufficient_data":
        row["months_to_settle"] = row["_months_to_settle"]
    return row


def _rank(row: dict[str, Any]) -> float:
    """A pair's weight in its link's verdict, strongest first: supported by the changes'
    correlation, contradicted, supported by Granger's test alone, not borne out, not
    testable. A contradiction that survives Holm across the map is not outweighed by a
    Granger p-value under α/pairs beside a change correlation whose interval takes in zero
    (TUNE seed 1185: certified crew against safety incidents r −0.78, Holm-adjusted p
    0.000002, "supported" by another KPI pair's Granger p 0.014 at r +0.18), nor by a
    change correlation that would not survive the same map-wide correction (its p-value
    times the map's tests at α or more: seed 5040, certified crew against on-time arrival
    r −0.74, Holm-adjusted p 0.000003, "supported" by staff eNPS against on-time arrival
    at r +0.42, p 0.014 among 28 tests)."""
    if row["verdict"] == "supported" and (
        not row.get("_by_changes", True)
        or row.get("_support_p", 0.0) * row.get("tests_in_map", 1) >= ALPHA
    ):
        return ORDER["contradicted"] + 0.5
    return float(ORDER[row["verdict"]])


def _support_p(changes: Correlation | None) -> float:
    """The two-sided Fisher-z p-value of the changes' correlation where it is positive."""
    from scipy.stats import norm

    if changes is None or changes.n <= 3 or changes.r <= 0:
        return 1.0
    return float(2 * norm.sf(math.atanh(changes.r) * math.sqrt(changes.n - 3)))


def _alarm_p(changes: Correlation | None) -> tuple[float, float]:
    """The p-values of the two tests that raise a finding, for the map-wide Holm
    correction: a contradiction (two-sided Fisher-z test of no correlation, counted only
    when r < 0) and TOST's equivalence (the larger of the two one-sided p-values against
    ±``SESOI``)."""
    from scipy.stats import norm

    if changes is None or changes.n <= 3:
        return 1.0, 1.0
    root = math.sqrt(changes.n - 3)
    z = math.atanh(changes.r)
    contradicted = float(2 * norm.cdf(-abs(z) * root)) if changes.r < 0 else 1.0
    bound = math.atanh(SESOI)
    equivalence = max(float(norm.cdf((z - bound) * root)), float(norm.sf((z + bound) * root)))
    return contradicted, equivalence


def _holm_across_the_map(links: list[list[dict[str, Any]]]) -> None:
    """Family-wise error control across the whole map (Holm): every KPI pair of every link
    is one hypothesis, judged by the smaller of its two alarm p-values (a contradiction,
    an equivalence). At most one of the two can be a false alarm for any true correlation
    (ρ ≥ 0 makes a contradiction false, |ρ| ≥ ``SESOI`` makes "not borne out" false, and
    a correlation of ``SESOI`` or more is almost never contradicted), so the smaller
    p-value keeps the pair's error at α. A pair keeps "contradicted" or "unsupported"
    only where its Holm-adjusted p-value is under α, and is otherwise "not testable yet":
    a map of ten links judged at α each would, with no link there, raise a chance
    contradiction or "not borne out" about every other run."""
    rows = [row for pairs in links for row in pairs if "p_contradicted" in row]
    adjusted = holm([min(row["p_contradicted"], row["p_equivalence"]) for row in rows])
    for row, p in zip(rows, adjusted, strict=True):
        row["p_adjusted"] = round(p, 6)
        row["tests_in_map"] = len(rows)
        if row["verdict"] in ("contradicted", "unsupported") and p >= ALPHA:
            row["verdict"] = "insufficient_data"
        if row["verdict"] == "insufficient_data":
            row["months_to_settle"] = row["_months_to_settle"]
    for pairs in links:
        for row in pairs:
            row.pop("_months_to_settle", None)


def _missing_words(
    *,
    more: int,
    months: int,
    driver_kpi: str,
    objective_kpi: str,
    driver: str,
    objective: str,
    words: Words,
) -> str:
    """What would settle a link that cannot be tested yet, in the owner's words: the names,
    the months of data still needed, no statistics (``shared/design/writing.md``)."""
    return (
        f"kpi_values.csv: about {words.more_months(more)} of “{driver_kpi}” and “{objective_kpi}” "
        f"would show whether “{driver}” really moves “{objective}”; {months} months of "
        "changes are too few to tell yet"
    )


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="strategy_links")
    names = {o.id: o.name for o in workbook.company.objectives}  # titles name, never ids
    series = [s for s in kpi_series(workbook, context).values() if not s.info.derived]
    by_objective: dict[str, list[Series]] = {}
    for s in series:
        if s.info.objective:
            by_objective.setdefault(s.info.objective, []).append(s)
    links: list[dict[str, Any]] = []
    declared = [
        (objective, driver)
        for objective in workbook.company.objectives
        for driver in objective.drivers
    ]
    combos_of = [
        [(d, o) for d in by_objective.get(driver, []) for o in by_objective.get(objective.id, [])]
        for objective, driver in declared
    ]
    map_tests = sum(len(c) for c in combos_of)  # one alarm hypothesis a KPI pair
    tested = [
        [
            test_pair(d, o, objective.lag_months, tests=len(combos), map_tests=map_tests)
            for d, o in combos
        ]
        for (objective, _), combos in zip(declared, combos_of, strict=True)
    ]
    _holm_across_the_map(tested)
    kpi_names = {s.info.id: s.info.name for s in series}
    for (objective, driver), pairs in zip(declared, tested, strict=True):
        best = min(pairs, key=lambda p: (_rank(p), -(p["pairs"] or 0)), default=None)
        for pair in pairs:
            pair.pop("_by_changes", None)
            pair.pop("_support_p", None)
        link: dict[str, Any] = {
            "driver": driver,
            "objective": objective.id,
            "lag": objective.lag_months,
            "r_levels": best["r_levels"] if best else None,
            "ci_levels": best["ci_levels"] if best else None,
            "r_changes": best["r_changes"] if best else None,
            "ci_changes": best["ci_changes"] if best else None,
            "ci_equivalence": best["ci_equivalence"] if best else None,
            "granger_p": best["granger_p"] if best else None,
            "pairs": best["pairs"] if best else 0,
            "power": best["power"] if best else None,
            "months_to_settle": best["months_to_settle"] if best else None,
            "verdict": best["verdict"] if best else "insufficient_data",
            "kpi_pairs": pairs,
        }
        if not pairs:
            link["note"] = "one side of the link has no KPI with observations"
        links.append(link)
        if best is not None and link["verdict"] == "insufficient_data":
            more = best["months_to_settle"]
            if more:
                section.missing.append(
                    _missing_words(
                        words=Words(locale=workbook.company.locale),
                        more=more,
                        months=best["pairs"],
                        driver_kpi=kpi_names.get(best["driver_kpi"], best["driver_kpi"]),
                        objective_kpi=kpi_names.get(best["objective_kpi"], best["objective_kpi"]),
                        driver=names.get(driver, driver),
                        objective=objective.name,
                    )
                )
        if link["verdict"] in ("contradicted", "unsupported"):
            assert best is not None
            contradicted = link["verdict"] == "contradicted"
            section.findings.append(
                Finding(
                    kind="strategy_link_unsupported",
                    severity=Severity.medium if contradicted else Severity.low,
                    subjects=(driver, objective.id),
                    title=(
                        f"The data contradict the strategy map's link from "
                        f"“{names.get(driver, driver)}” to “{objective.name}”: when one "
                        "improves the other worsens"
                        if contradicted
                        else "The data rule out a link worth acting on from "
                        f"“{names.get(driver, driver)}” to “{objective.name}” "
                        f"({best['pairs']} {best['cadence']} changes move together by "
                        "less than the smallest effect of interest)"
                    ),
                    evidence={
                        k: link[k]
                        for k in (
                            "lag",
                            "r_levels",
                            "ci_levels",
                            "r_changes",
                            "ci_changes",
                            "ci_equivalence",
                            "granger_p",
                            "power",
                            "verdict",
                        )
                    }
                    | {
                        "driver_kpi": best["driver_kpi"],
                        "objective_kpi": best["objective_kpi"],
                        "pairs": best["pairs"],
                        "smallest_effect_of_interest": SESOI,
                    },
                )
            )
    section.tables["links"] = links
    section.tables["method"] = METHOD
    if not links:
        section.tables["note"] = "the strategy map declares no driver links"
    return section
