"""Innovation velocity: how long ideas take to be decided and launched (ideas.csv).

Three lead times, each estimated with the Kaplan–Meier estimator
(:func:`scipy.stats.ecdf` on right-censored data), so that ideas still waiting count
for the time they have waited instead of being dropped or counted as done:

* **decision**: ``created`` → ``decided`` (a launched idea without a decision date was
  decided by its launch); ideas still open are censored at ``as_of``; dropped ideas
  without a decision date are left out;
* **launch**: ``decided`` → ``launched`` for decided ideas not dropped; censored at ``as_of``;
* **idea to launch**: ``created`` → ``launched``, likewise.

The median and its 95 % interval come from the survival curve and its pointwise
interval. The trend compares ideas created recently (the last 12 months where the history
leaves at least 6 months before them and enough earlier ideas; otherwise the last 6) with
those before: the log-rank test (:func:`scipy.stats.logrank`) and the two medians.

``slow_innovation`` when, with 95 % confidence, ideas take longer than healthy or recent ideas
move slower than before (judgements for a small business: decide on an idea within
:data:`DECISION_NORM_DAYS`, ship a decided one within :data:`LAUNCH_NORM_DAYS`):

* **too slow**: the median's lower 95 % bound exceeds the norm (a median not reached counts
  only when the survival curve's lower band is still above one half at the norm, within
  the time the ideas have been followed). A point median just over the norm from a few
  dozen ideas, or "more than half still wait" when the waiting ones are recent, is not
  evidence that half the ideas take longer than the norm.
* **too slow lately**: the same for the ideas of the recent period alone.
* **slower than before**: recent ideas reach the event significantly more slowly than
  earlier ones (log-rank p < 0.05) and confidently much slower: the hazard ratio of recent
  to earlier ideas (Cox proportional hazards,
  :class:`statsmodels.duration.hazard_regression.PHReg`, one indicator) has its upper 95 %
  bound at most ``1 /`` :data:`SLOWER_RATIO` (at most two thirds as fast). Where the ratio
  cannot be estimated (no recent event, or separated samples: every recent idea slower than
  every earlier one) the recent median must be :data:`SLOWER_RATIO` times the earlier one.
  The rule of round 2 (p < 0.05 and a ratio of point medians of 1.5) took a change from 13
  to 25 days, well within the norm, for a problem; round 3 also accepted a recent *point*
  median past the norm, which near the end of the follow-up rests on a handful of ideas.

Each needs :data:`MIN_IDEAS` ideas with at least :data:`MIN_EVENTS` observed events.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.workbook import Workbook

DECISION_NORM_DAYS = 60
LAUNCH_NORM_DAYS = 120
SLOWER_RATIO = 1.5
MIN_IDEAS = 5
MIN_EVENTS = 3
RECENT_MONTHS = 12  # "recent" ideas: those of the last year ...
SHORT_RECENT_MONTHS = 6  # ... or half year, where the year leaves too few ideas before it


@dataclass(frozen=True)
class LeadTime:
    n: int
    events: int
    median: float | None  # None: fewer than half have reached the event
    low: float | None
    high: float | None
    longest: float = 0.0  # the longest time followed (event or censoring)

    @property
    def usable(self) -> bool:
        return self.n >= MIN_IDEAS and self.events >= MIN_EVENTS

    def to_json(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 1)

        return {
            "ideas": self.n,
            "reached": self.events,
            "still_waiting": self.n - self.events,
            "median_days": r(self.median),
            "ci95_days": [r(self.low), r(self.high)],
        }


def _first_at_or_below_half(times: np.ndarray, probabilities: np.ndarray) -> float | None:
    below = np.flatnonzero(probabilities <= 0.5)
    return float(times[below[0]]) if below.size else None


def kaplan_meier(durations: np.ndarray, observed: np.ndarray) -> LeadTime:
    """Median time to the event with its 95 % interval; ``observed`` False = censored."""
    from scipy.stats import CensoredData, ecdf

    durations = np.maximum(durations.astype(float), 0.0)
    n, events = int(durations.size), int(observed.sum())
    longest = float(durations.max()) if n else 0.0
    if events == 0:
        return LeadTime(n, 0, None, None, None, longest)
    data = CensoredData(uncensored=durations[observed], right=durations[~observed])
    sf = ecdf(data).sf
    times = sf.quantiles
    median = _first_at_or_below_half(times, sf.probabilities)
    with warnings.catch_warnings():
        # undefined where the curve reaches 0 (no one left at risk); harmless for the median
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = sf.confidence_interval(0.95, method="log-log")
    # the median's interval: where the interval's bands cross one half
    low = _first_at_or_below_half(times, ci.low.probabilities)
    high = _first_at_or_below_half(times, ci.high.probabilities)
    return LeadTime(n, events, median, low, high, longest)


def confidently_beyond(lt: LeadTime, days: float) -> bool:
    """Whether more than half the ideas take longer than ``days``, at 95 % confidence:
    the median's lower bound is past ``days`` (no lower bound: the curve's lower band never
    came down to one half, which counts only when the ideas were followed past ``days``)."""
    if not lt.usable:
        return False
    if lt.low is None:
        return lt.longest > days
    return lt.low > days


def _durations(ideas: pl.DataFrame, as_of: dt.date) -> dict[str, pl.DataFrame]:
    """Per stage: ``id, objective, created, days, observed``."""
    # a decision or launch dated after as_of has not happened yet as of that date
    ideas = ideas.with_columns(
        pl.when(pl.col(c) <= as_of).then(pl.col(c)).otherwise(None).alias(c)
        for c in ("decided", "launched")
    ).with_columns(
        pl.when(pl.col("decided").is_null() & pl.col("launched").is_not_null())
        .then(pl.col("launched"))
        .otherwise(pl.col("decided"))
        .alias("decided")
    )
    end = pl.lit(as_of)
    dropped = pl.col("status") == "dropped"

    def stage(frame: pl.DataFrame, start: str, stop: str) -> pl.DataFrame:
        return frame.select(
            "id",
            "objective",
            "created",
            ((pl.coalesce(pl.col(stop), end) - pl.col(start)).dt.total_days()).alias("days"),
            pl.col(stop).is_not_null().alias("observed"),
        )

    decision = ideas.filter(~(dropped & pl.col("decided").is_null()))
    launch = ideas.filter(
        pl.col("decided").is_not_null() & ~(dropped & pl.col("launched").is_null())
    )
    total = ideas.filter(~(dropped & pl.col("launched").is_null()))
    return {
        "decision": stage(decision, "created", "decided"),
        "launch": stage(launch, "decided", "launched"),
        "idea_to_launch": stage(total, "created", "launched"),
    }


def _lead_time(frame: pl.DataFrame) -> LeadTime:
    return kaplan_meier(
        frame.get_column("days").to_numpy().astype(float),
        frame.get_column("observed").to_numpy().astype(bool),
    )


NORMS = {"decision": DECISION_NORM_DAYS, "launch": LAUNCH_NORM_DAYS}


def _trend(frame: pl.DataFrame, cut: dt.date) -> dict[str, Any] | None:
    from scipy.stats import CensoredData, logrank

    before = frame.filter(pl.col("created") < cut)
    recent = frame.filter(pl.col("created") >= cut)
    if before.height < MIN_IDEAS or recent.height < MIN_IDEAS:
        return None
    if before.get_column("observed").sum() < MIN_EVENTS:
        return None

    def censored(f: pl.DataFrame) -> Any:
        days = np.maximum(f.get_column("days").to_numpy().astype(float), 0.0)
        obs = f.get_column("observed").to_numpy().astype(bool)
        return CensoredData(uncensored=days[obs], right=days[~obs])

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # identical samples: p is NaN
        result = logrank(censored(recent), censored(before))
    p = float(result.pvalue)
    lt_before, lt_recent = _lead_time(before), _lead_time(recent)
    ratio = _hazard_ratio(before, recent)
    return {
        "since": cut.isoformat(),
        "before": lt_before.to_json(),
        "recent": lt_recent.to_json(),
        "logrank_p": round(p, 4) if np.isfinite(p) else None,
        "hazard_ratio": None if ratio is None else round(ratio[0], 3),
        "hazard_ratio_ci95": None if ratio is None else [round(ratio[1], 3), round(ratio[2], 3)],
        "_before": lt_before,
        "_recent": lt_recent,
        "_ratio": ratio,
    }


def _recent_trend(frame: pl.DataFrame, as_of: dt.date, span_months: float) -> dict[str, Any] | None:
    """The trend of the ideas of the last :data:`RECENT_MONTHS` against those before, where
    the history leaves at least :data:`SHORT_RECENT_MONTHS` before them and they hold
    :data:`MIN_IDEAS` ideas (:data:`MIN_EVENTS` of them reached); otherwise the last
    :data:`SHORT_RECENT_MONTHS` against those before."""
    windows: tuple[int, ...] = (RECENT_MONTHS, SHORT_RECENT_MONTHS)
    if span_months < RECENT_MONTHS + SHORT_RECENT_MONTHS:
        windows = (SHORT_RECENT_MONTHS,)
    for months in windows:
        cut = as_of - dt.timedelta(days=round(months * 30.44))
        found = _trend(frame, cut)
        if found is not None:
            return found
    return None


def _hazard_ratio(before: pl.DataFrame, recent: pl.DataFrame) -> tuple[float, float, float] | None:
    """Recent ideas' rate of reaching the event against earlier ones' (Cox model, one
    indicator): the ratio and its 95 % interval; None when it cannot be estimated."""
    from statsmodels.duration.hazard_regression import PHReg

    days = np.maximum(
        np.concatenate([f.get_column("days").to_numpy().astype(float) for f in (before, recent)]),
        0.0,
    )
    status = np.concatenate(
        [f.get_column("observed").to_numpy().astype(float) for f in (before, recent)]
    )
    is_recent = np.r_[np.zeros(before.height), np.ones(recent.height)][:, None]
    if status[before.height :].sum() == 0:
        # no recent idea has reached the event: the estimate runs off to zero
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on degenerate samples
        try:
            fit = PHReg(days, is_recent, status=status).fit()
        except (np.linalg.LinAlgError, ValueError):
            return None
    beta = float(np.asarray(fit.params)[0])
    low, high = (float(v) for v in np.asarray(fit.conf_int())[0])
    if not all(np.isfinite(v) and abs(v) < 50 for v in (beta, low, high)):
        return None  # separated samples: the estimate runs off (the medians then decide)
    return float(np.exp(beta)), float(np.exp(low)), float(np.exp(high))


def _slower(trend: dict[str, Any] | None) -> bool:
    """Recent ideas are significantly slower than earlier ones (log-rank p < 0.05) and
    confidently much slower (the hazard ratio's upper 95 % bound at most ``1 /
    SLOWER_RATIO``): a significant slowdown from 13 to 25 days is not a problem. (Recent ideas
    confidently slower than healthy are "too slow lately", judged apart; a recent median past
    the norm as a point estimate, the rule of round 3, is not evidence: near the end of the
    follow-up it rests on a handful of ideas.)"""
    if trend is None or trend["logrank_p"] is None or not trend["logrank_p"] < 0.05:
        return False
    recent: LeadTime = trend["_recent"]
    before: LeadTime = trend["_before"]
    recent_median = recent.median if recent.median is not None else recent.low
    if recent_median is None:
        return False
    ratio = trend["_ratio"]
    if ratio is None:
        # no estimable ratio: no recent idea reached the event, or the samples are
        # separated (every recent idea slower than every earlier one), where the data are
        # as extreme as they get: the point medians' ratio decides
        return before.median is not None and recent_median >= SLOWER_RATIO * max(before.median, 1.0)
    estimate, _, high = ratio
    return bool(estimate < 1 and high <= 1 / SLOWER_RATIO)


def _public(trend: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if trend is None else {k: v for k, v in trend.items() if not k.startswith("_")}


def analyze(workbook: Workbook, context: Context) -> Section:
    section = Section(name="innovation")
    if not workbook.has("ideas"):
        section.missing.append("ideas.csv")
        section.score_note = "no innovation pipeline (ideas.csv)"
        return section
    ideas = workbook.ideas
    as_of = context.as_of
    stages = _durations(ideas, as_of)
    overall = {name: _lead_time(frame) for name, frame in stages.items()}
    first: dt.date | None = ideas.get_column("created").min()  # type: ignore[assignment]
    span_months = 0.0 if first is None else (as_of - first).days / 30.44
    trends = {name: _recent_trend(stages[name], as_of, span_months) for name in NORMS}

    by_objective = []
    objective_lt: dict[str, dict[str, LeadTime]] = {}
    for (objective,), part in stages["decision"].group_by(["objective"], maintain_order=True):
        if objective is None or part.height < MIN_IDEAS:
            continue
        lts = {
            "decision": _lead_time(part),
            "launch": _lead_time(stages["launch"].filter(pl.col("objective") == objective)),
        }
        objective_lt[str(objective)] = lts
        by_objective.append({"objective": objective, **{k: v.to_json() for k, v in lts.items()}})

    statuses = ideas.group_by("status").len().sort("status")
    section.tables = {
        "norms_days": NORMS,
        "statuses": dict(
            zip(
                statuses.get_column("status").to_list(),
                statuses.get_column("len").to_list(),
                strict=True,
            )
        ),
        "lead_times": {name: lt.to_json() for name, lt in overall.items()},
        "trend": {name: _public(t) for name, t in trends.items()},
        "by_objective": by_objective,
    }

    reasons: list[str] = []
    evidence: dict[str, Any] = {}
    worst_ratio = 0.0
    for name, norm in NORMS.items():
        lt = overall[name]
        if not confidently_beyond(lt, norm):
            continue
        if lt.median is not None:
            reasons.append(
                f"the median {name.replace('_', ' ')} takes {lt.median:.0f} days "
                f"(healthy: {norm} or fewer)"
            )
            worst_ratio = max(worst_ratio, lt.median / norm)
        else:
            reasons.append(f"more than half the ideas still wait for a {name}")
            worst_ratio = max(worst_ratio, 2.0)
        evidence[name] = lt.to_json() | {"norm_days": norm}
    for name, trend in trends.items():
        recent_lt: LeadTime | None = None if trend is None else trend["_recent"]
        if (
            name not in evidence
            and recent_lt is not None
            and confidently_beyond(recent_lt, NORMS[name])
        ):
            reasons.append(
                f"recent ideas take longer than healthy for a {name} ({NORMS[name]} days or fewer)"
            )
            evidence[f"{name}_trend"] = _public(trend)
            worst_ratio = max(worst_ratio, 2.0)
        elif _slower(trend):
            reasons.append(f"recent ideas wait longer for a {name} than before")
            evidence[f"{name}_trend"] = _public(trend)
            worst_ratio = max(worst_ratio, 1.5)
    if reasons:
        for name, trend in trends.items():
            evidence.setdefault(f"{name}_trend", _public(trend))
        section.findings.append(
            Finding(
                kind="slow_innovation",
                severity=Severity.high if worst_ratio >= 2 else Severity.medium,
                subjects=(),
                title="Ideas move slowly: " + "; ".join(reasons),
                evidence=evidence,
            )
        )
        return section
    for objective, lts in objective_lt.items():
        slow = {
            name: lt.to_json() | {"norm_days": NORMS[name]}
            for name, lt in lts.items()
            if lt.median is not None
            and lt.median > 2 * NORMS[name]
            and confidently_beyond(lt, NORMS[name])
        }
        if slow:
            section.findings.append(
                Finding(
                    kind="slow_innovation",
                    severity=Severity.medium,
                    subjects=(objective,),
                    title=f"Ideas for {objective} take more than twice the norm to move",
                    evidence=slow,
                )
            )
    return section
