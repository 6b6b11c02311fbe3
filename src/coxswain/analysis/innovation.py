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
interval. The trend compares ideas created recently (the last 12 months, or 6 when the
history is shorter than two years) with those before: the log-rank test
(:func:`scipy.stats.logrank`) and the two medians.

``slow_innovation`` when the median decision time exceeds :data:`DECISION_NORM_DAYS`
or the median decision-to-launch time exceeds :data:`LAUNCH_NORM_DAYS` (judgements for
a small business: decide on an idea within two months, ship a decided one within four),
or when recent ideas move significantly slower (log-rank p < 0.05 and a median at least
:data:`SLOWER_RATIO` times the earlier one). Each needs :data:`MIN_IDEAS` ideas with at
least :data:`MIN_EVENTS` observed events.
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


@dataclass(frozen=True)
class LeadTime:
    n: int
    events: int
    median: float | None  # None: fewer than half have reached the event
    low: float | None
    high: float | None

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
    if events == 0:
        return LeadTime(n, 0, None, None, None)
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
    return LeadTime(n, events, median, low, high)


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
    return {
        "since": cut.isoformat(),
        "before": lt_before.to_json(),
        "recent": lt_recent.to_json(),
        "logrank_p": round(p, 4) if np.isfinite(p) else None,
        "_before": lt_before,
        "_recent": lt_recent,
    }


def _slower(trend: dict[str, Any] | None) -> bool:
    if trend is None or trend["logrank_p"] is None or not trend["logrank_p"] < 0.05:
        return False
    before: LeadTime = trend["_before"]
    recent: LeadTime = trend["_recent"]
    if before.median is None:
        return False
    # a recent median not yet reached counts only when its interval's lower end is slower
    recent_median = recent.median if recent.median is not None else recent.low
    return recent_median is not None and recent_median >= SLOWER_RATIO * max(before.median, 1.0)


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
    span_months = 0 if first is None else (as_of - first).days / 30.44
    recent_months = 12 if span_months >= 24 else 6
    cut = as_of - dt.timedelta(days=round(recent_months * 30.44))
    trends = {name: _trend(stages[name], cut) for name in ("decision", "launch")}

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
        if lt.usable and lt.median is not None and lt.median > norm:
            reasons.append(
                f"the median {name.replace('_', ' ')} takes {lt.median:.0f} days "
                f"(healthy: {norm} or fewer)"
            )
            evidence[name] = lt.to_json() | {"norm_days": norm}
            worst_ratio = max(worst_ratio, lt.median / norm)
        elif lt.usable and lt.median is None and lt.n - lt.events > lt.n / 2:
            reasons.append(f"more than half the ideas still wait for a {name}")
            evidence[name] = lt.to_json() | {"norm_days": norm}
            worst_ratio = max(worst_ratio, 2.0)
    for name, trend in trends.items():
        if _slower(trend):
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
            if lt.usable and lt.median is not None and lt.median > 2 * NORMS[name]
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
