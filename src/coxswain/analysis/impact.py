"""Initiative impact: did a KPI change after an initiative or automation started,
against the trend and season that were already there?

For every initiative or automation with a start date, the KPIs of the objectives it
touches (its ``objectives``, its ``effects`` keys, and every objective weighted at least
the average, declared or not) are judged by an intervention model
(:func:`coxswain.timeseries.stats.intervention`): level, trend and (where there is one)
season, plus a step from the start on, fitted on up to three years before the start and
one after, with AR(1) errors. The step is the lasting change against what was already
there: the trend is estimated from both sides of the start, so a trend that simply
continues through a launch gives no step.

- **Monthly at the finest.** Daily and weekly KPIs lose their calendar first (weekday,
  public holidays, time of year: :mod:`coxswain.timeseries.calendar`) and are compared in
  calendar-month means (the month a mid-month start falls in is left out): the noise
  that hides a change is the month-to-month wandering of a business, which daily or
  weekly values, sharing their month's fortunes, would understate. The time of year is
  fitted beside a step at the start (where the start is at least half a year ago: fitted
  alone on two years, a yearly pattern passes a higher second year off as a season), and
  the comparison's noise is measured on as many fewer degrees of freedom as the yearly
  terms used on its months. With less than two years of a daily or weekly KPI the time of
  year cannot be told from an effect: the comparison is not made (the row says why).
- **Season.** Monthly and quarterly KPIs: seasonal terms in the model (two yearly
  harmonics, or quarter dummies) where the window holds two cycles and the history shows
  a season, or the terms improve the model at 0.01; where the window is shorter but the
  whole history shows one, the series is deseasonalised first.
- **Scales.** On the KPI's own scale and, for a positive KPI, on the log scale (growth
  at a steady *rate*); an effect must stand out on both.
- **Guards against false alarms**: at least 12 periods before and 3 after;
  weighted Benjamini-Hochberg over every comparison of the run (harms and wins each: where
  nothing changed this holds the chance of any false finding at 5%), the owner's own
  questions (a declared effect, an objective the work serves) weighing four times the
  sweep over the other weighted objectives; a practical size of at least one noise
  standard deviation.

``initiative_harm`` names the initiative (or automation) and the KPI that worsened;
``initiative_win`` (severity info: good news, never a penalty) one that improved by that
much and still does over the later half of at least six periods after the start (a
second step where that half starts: the two steps' sum). A KPI without a direction stays
neutral.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.forecast import kpi_series
from coxswain.timeseries.calendar import (
    YEARLY_HARMONICS,
    Calendar,
    calendar_decompose,
    has_calendar,
    monthly_means,
)
from coxswain.timeseries.changes import decompose, has_season
from coxswain.timeseries.series import Series
from coxswain.timeseries.stats import Interruption, intervention_either, weighted_fdr
from coxswain.wording.numbers import Words
from coxswain.workbook import Workbook

MIN_PRE = 12
MIN_POST = 3
MAX_PRE_YEARS = 3
MAX_POST_YEARS = 1
ALPHA = 0.05
METHOD = (
    "intervention model: level + trend (+ season) + a step or a bend at the start, fitted on up to "
    "three years before and one after (monthly at the finest) with AR(1) errors, on the "
    "KPI's scale and on the log scale (the larger p of the two); one-sided p of the step, "
    "where small the share of simulated series without a change that show one as large, "
    "weighted-Benjamini-Hochberg-adjusted over every comparison of the run (declared "
    "effects and served objectives weigh four times the others)"
)
OWN_QUESTION_WEIGHT = 4.0  # the owner's own questions against the sweep (docs/kpi.md)
STEP_WITH_SEASON_DAYS = 182  # a start this long ago is fitted beside the time of year
MIN_POST_WIN = 6  # a win must last: six periods after the start at least

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Work:
    id: str
    kind: str  # initiative | automation
    name: str
    start: dt.date
    objectives: tuple[str, ...]
    effects: dict[str, int]


def _work(workbook: Workbook, as_of: dt.date) -> list[Work]:
    company = workbook.company
    out = [
        Work(i.id, "initiative", i.name, i.start, i.objectives, dict(i.effects))
        for i in company.initiatives
        if i.start is not None and i.start <= as_of
    ]
    out += [
        Work(a.id, "automation", a.name, a.start, a.objectives, dict(a.effects))
        for a in company.automations
        if a.start is not None and a.start <= as_of
    ]
    return out


@dataclass(frozen=True)
class Comparison:
    level: Interruption  # on the KPI's own scale (what the row reports)
    log: Interruption | None  # on the log scale, for a positive KPI
    basis: str  # what was compared
    hypothesis: tuple[str, int, bytes] = ("", 0, b"")  # the KPI, the cut and the window

    @property
    def p_worse(self) -> float:
        return max(self.level.p_worse, self.log.p_worse if self.log else 0.0)

    @property
    def p_better(self) -> float:
        return max(self.level.p_better, self.log.p_better if self.log else 0.0)

    def _forms(self) -> list[Interruption]:
        return [self.level, *([self.log] if self.log else [])]

    def large(self) -> bool:
        """At least one residual sd on both scales."""
        return all(r.sigma > 0 and abs(r.diff) >= r.sigma for r in self._forms())

    def lasting(self, sign: float) -> bool:
        """Better by a residual sd over the later half of at least six periods too."""
        return self.level.post >= MIN_POST_WIN and all(
            sign * r.late_diff >= r.sigma > 0 for r in self._forms()
        )


def _cut(s: Series, start: dt.date) -> int:
    cut = s.index_of(start)  # first period at or after the start
    if s.date_of(cut) < start:
        cut += 1
    return max(cut, 0)


def _months(
    values: FloatArray, dates: list[dt.date], start: dt.date, per_month: float
) -> tuple[FloatArray, int]:
    """Calendar months' means (months with at least half their usual observations; the
    month the start falls in is left out unless it starts on the 1st: it is neither
    before nor after), and the position of the first month after the start."""
    means, firsts = monthly_means(values, dates, min_count=per_month / 2)
    keys = np.array([dates[p].year * 12 + dates[p].month - 1 for p in firsts])
    start_key = start.year * 12 + start.month - 1
    keep = (keys != start_key) | (start.day == 1)
    return means[keep], int((keys[keep] < start_key).sum())


@dataclass(frozen=True)
class Prepared:
    """What one comparison compares: up to three years before the start and one after,
    monthly at the finest; or why it is not made (``why``)."""

    window: FloatArray
    cut: int  # position in ``window`` of the first period after the start
    period: int
    seasonal: bool  # the season is fitted beside the step
    basis: str  # what was compared, in words
    why: str = ""
    # degrees of freedom used on the window before the comparison (the yearly terms taken
    # out of a daily or weekly KPI), which the comparison's noise must not count
    absorbed: float = 0.0


def _prepared(
    s: Series, start: dt.date, calendars: dict[tuple[str, tuple[int, ...]], Calendar]
) -> Prepared:
    empty = np.zeros(0)
    if has_calendar(s.cadence):
        # the time of year is fitted beside a step at the start: fitted alone on two or
        # three years of history, a yearly pattern takes up much of a lasting change (a
        # step in the second of two years passes for a season), which would then be taken
        # out as "time of year" before the step is tested. Not with under half a year
        # after the start: a few months cannot pass for a season.
        at = _cut(s, start)
        later = (s.dates[-1] - start).days if s.n else 0
        steps = (at,) if 0 < at < s.n and later >= STEP_WITH_SEASON_DAYS else ()
        cal = calendars.get((s.info.id, steps))
        if cal is None:
            cal = calendar_decompose(s.values, s.dates, s.cadence, s.country, steps=steps)
            calendars[(s.info.id, steps)] = cal
        if not cal.two_years:
            years = s.n / s.cadence.per_year
            return Prepared(
                empty,
                0,
                1,
                False,
                "",
                f"{years:.1f} years of {s.cadence.value} history: the time of year cannot "
                "be told from an effect until two years are in",
            )
        # A lasting change shows in monthly means as well as in days or weeks, and the
        # noise that hides it (the month-to-month wandering of a business) is only
        # measured honestly from month to month: day-to-day noise averages out and
        # consecutive weeks share their month's fortunes.
        adjusted = cal.original(cal.adjusted_work)
        months, cut = _months(adjusted, list(s.dates), start, s.cadence.per_year / 12)
        basis = f"monthly means of the {s.cadence.value} values without " + (
            "weekday, public holidays and time of year"
            if s.cadence.value == "daily"
            else "public holidays and time of year"
        )
        lo = max(0, cut - MAX_PRE_YEARS * 12)
        window = months[lo : cut + MAX_POST_YEARS * 12]
        # the yearly terms were fitted on the whole history: the window's share of them
        absorbed = 0.0
        if cal.yearly_modelled and months.size:
            absorbed = 2 * YEARLY_HARMONICS * window.shape[0] / months.shape[0]
        return Prepared(window, cut - lo, 1, False, basis, absorbed=absorbed)
    cut = _cut(s, start)
    pre_max = int(MAX_PRE_YEARS * s.cadence.per_year)
    post_max = max(int(MAX_POST_YEARS * s.cadence.per_year), MIN_POST)
    values = s.values
    lo = max(0, cut - pre_max)
    window = values[lo : cut + post_max]
    # the season is fitted with the step wherever the window holds two cycles: a season
    # too weak for a test to show passes otherwise for a bend or a step at the start (a
    # clean company's margin, rising through half a year and flat through the next, read
    # as "worse after the automation started", docs/kpi.md)
    seasonal = s.season > 1 and window.shape[0] >= 2 * s.season
    basis = f"{s.cadence.value} values"
    if not seasonal and has_season(values, s.season):
        # too short a window to fit the season, which the whole history shows
        window = decompose(values, s.season).adjusted[lo : cut + post_max]
        basis = f"{s.cadence.value} values without their season (fitted on the whole history)"
    return Prepared(window, cut - lo, s.season, seasonal, basis)


def _test(
    s: Series,
    start: dt.date,
    calendars: dict[tuple[str, tuple[int, ...]], Calendar] | None = None,
) -> tuple[Comparison | None, str]:
    prep = _prepared(s, start, {} if calendars is None else calendars)
    window, cut = prep.window, prep.cut
    if prep.why:
        return None, prep.why
    if cut < MIN_PRE:
        return None, f"{cut} periods before the start; needs {MIN_PRE}"
    if window.shape[0] - cut < MIN_POST:
        return None, f"{window.shape[0] - cut} periods after the start; needs {MIN_POST}"

    def model(values: FloatArray) -> Interruption:
        return intervention_either(
            values,
            cut,
            period=prep.period,
            sign=s.info.sign,
            seasonal=prep.seasonal,
            absorbed=prep.absorbed,
        )

    level = model(window)
    log = model(np.log(window)) if np.all(window > 0) else None
    hypothesis = (s.info.id, cut, window.tobytes())
    return Comparison(level=level, log=log, basis=prep.basis, hypothesis=hypothesis), ""


def _adjusted(tests: list[tuple[Work, Series, Comparison, str]], *, worse: bool) -> list[float]:
    """Weighted Benjamini-Hochberg over the distinct hypotheses: initiatives that started in
    the same month compare the same KPI on the same window, which is one question asked
    once (counting it twice would let a single chance result vouch for itself). The
    owner's own questions (a declared effect, an objective the work serves) weigh
    :data:`OWN_QUESTION_WEIGHT` times the sweep over the other weighted objectives."""
    distinct: dict[tuple[str, int, bytes], float] = {}
    own: set[tuple[str, int, bytes]] = set()
    for _, _, cmp, reason in tests:
        distinct[cmp.hypothesis] = cmp.p_worse if worse else cmp.p_better
        if reason != "weighted objective":
            own.add(cmp.hypothesis)
    keys = list(distinct)
    weights = [OWN_QUESTION_WEIGHT if k in own else 1.0 for k in keys]
    adjusted = dict(zip(keys, weighted_fdr([distinct[k] for k in keys], weights), strict=True))
    return [adjusted[cmp.hypothesis] for _, _, cmp, _ in tests]


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="impact")
    words = Words(locale=workbook.company.locale)  # the titles' dates, as owners read them
    works = _work(workbook, context.as_of)
    if not works:
        section.tables["note"] = "no initiative or automation with a start date"
        return section
    series = {k: s for k, s in kpi_series(workbook, context).items() if not s.info.derived}
    weights = workbook.company.normalised_weights()
    average = 1 / len(weights) if weights else 0.0
    weighted = {o for o, w in weights.items() if w >= average - 1e-12 and w > 0}
    by_objective: dict[str, list[Series]] = {}
    for s in series.values():
        if s.info.objective:
            by_objective.setdefault(s.info.objective, []).append(s)

    rows: list[dict[str, Any]] = []
    tests: list[tuple[Work, Series, Comparison, str]] = []
    calendars: dict[tuple[str, tuple[int, ...]], Calendar] = {}
    for w in works:
        touched = dict.fromkeys([*w.objectives, *w.effects, *sorted(weighted)])
        for objective in touched:
            for s in by_objective.get(objective, []):
                result, why = _test(s, w.start, calendars)
                reason = (
                    "declared effect"
                    if objective in w.effects
                    else ("serves" if objective in w.objectives else "weighted objective")
                )
                if result is None:
                    rows.append(
                        {"work": w.id, "kpi": s.info.id, "objective": objective, "note": why}
                    )
                    continue
                tests.append((w, s, result, reason))
    worse_adjusted = _adjusted(tests, worse=True)
    better_adjusted = _adjusted(tests, worse=False)
    for (w, s, cmp, reason), p_adj, p_win in zip(
        tests, worse_adjusted, better_adjusted, strict=True
    ):
        res = cmp.level
        row = {
            "work": w.id,
            "kind": w.kind,
            "start": w.start.isoformat(),
            "kpi": s.info.id,
            "objective": s.info.objective,
            "why_checked": reason,
            "declared_effect": w.effects.get(s.info.objective or ""),
            "compared": cmp.basis,
            "pre_periods": res.pre,
            "post_periods": res.post,
            "expected_mean": round(res.expected, 4),
            "actual_mean": round(res.actual, 4),
            "difference": round(res.diff, 4),
            "difference_sigmas": round(res.diff / res.sigma, 2) if res.sigma > 0 else None,
            "p_worse": round(cmp.p_worse, 5),
            "p_adjusted": round(p_adj, 5),
            "p_better": round(cmp.p_better, 5),
            "p_better_adjusted": round(p_win, 5),
            "seasonal_model": res.seasonal,
            "trend_forms": ["level", *(["log"] if cmp.log else [])],
        }
        rows.append(row)
        directed = s.info.direction in ("up", "down")  # neither better nor worse: neutral
        declared = w.effects.get(s.info.objective or "")
        weight = weights.get(s.info.objective or "", 0.0)
        if directed and p_adj < ALPHA and cmp.large():
            undeclared = declared is None or declared >= 0
            section.findings.append(
                Finding(
                    kind="initiative_harm",
                    severity=Severity.high if undeclared and weight >= average else Severity.medium,
                    subjects=(w.id, s.info.id),
                    title=(
                        f"{s.info.name} worsened after “{w.name}” started "
                        f"({words.date(w.start)}), beyond what its history predicts"
                        + (" — an effect nobody declared" if undeclared else "")
                    ),
                    evidence={
                        **row,
                        "objective_weight": round(weight, 3),
                        "method": METHOD,
                    },
                )
            )
        elif (
            directed
            and s.info.objective in weighted
            and p_win < ALPHA
            and cmp.large()
            and cmp.lasting(s.info.sign)
        ):
            section.findings.append(
                Finding(
                    kind="initiative_win",
                    severity=Severity.info,
                    subjects=(w.id, s.info.id),
                    title=(
                        f"{s.info.name} improved lastingly after “{w.name}” started "
                        f"({words.date(w.start)}), beyond what its history predicts"
                    ),
                    evidence={
                        **row,
                        "late_difference": round(res.late_diff, 4),
                        "objective_weight": round(weight, 3),
                        "method": METHOD,
                    },
                )
            )
    section.tables["comparisons"] = rows
    section.tables["tests"] = len(tests)
    return section
