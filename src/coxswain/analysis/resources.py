"""Resources: does the money and the time go where the strategy says it matters?

Over the window (the 12 months up to ``as_of``):

* **Money of an initiative**: where it has rows in ``spend.csv``, the sum of its rows
  in the window; where it has none, its yearly ``budget`` prorated to the days it ran
  within the window (from ``start``, or the window's start, to ``end``, or ``as_of``).
  Ideas and planned initiatives have not run; done and stopped initiatives without an
  ``end`` are taken as no longer running.
* **Hours of an initiative**: ``hours_per_month`` times the months it ran in the window.
* **To objectives**: an initiative serving several objectives splits its money and
  hours in proportion to its positive ``effects`` on them, or equally when it declares
  none. Initiatives serving no objective are reported as *unlinked*; spend rows
  without an initiative as *unattributed*: both are shown, neither is spread over
  the objectives.
* **Divergence**: for money and for hours, the share each objective receives is
  compared with its normalised weight by the *total variation distance*
  ``TVD = ½ Σ |share − weight|``: the fraction of the resources that would have to
  move to match the weights. The resource share used for the finding is the mean of
  the money share and the hours share (whichever exist).
* **The current allocation**: the same shares from the initiatives still running at
  ``as_of``, each at the yearly rate it ran at in the window (its money and hours divided by
  the days it ran, at least :data:`MIN_RATE_DAYS`, times the window's days), so that a
  programme started two months ago counts at its full rate.
* **resource_misallocation** when the TVD of the combined share is at least 0.15
  (low), 0.25 (medium) or 0.40 (high) over the window *and* in the current allocation (the
  smaller of the two decides the severity), naming the most over-fed objective and the
  most under-fed one (all of them are listed in the evidence). Over the window alone,
  programmes that began during it looked under-fed by the months before they began: with
  money in proportion to the weights, starts within the year gave TVDs of 0.16–0.20.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from dateutil.relativedelta import relativedelta

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.workbook import Workbook
from coxswain.workbook.model import Initiative, InitiativeStatus

THRESHOLDS = ((0.40, Severity.high), (0.25, Severity.medium), (0.15, Severity.low))
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
NOTABLE = 0.05  # an objective is over- or under-fed when its share is this far off
MIN_RATE_DAYS = 30  # a rate is never taken from fewer days than this (one early payment)


def window(as_of: dt.date, months: int) -> tuple[dt.date, dt.date]:
    return as_of - relativedelta(months=months) + dt.timedelta(days=1), as_of


def running_days(initiative: Initiative, start: dt.date, end: dt.date) -> int:
    """Days of ``start..end`` during which the initiative ran (for its budget and hours)."""
    status = initiative.status
    if status in (InitiativeStatus.idea, InitiativeStatus.planned):
        return 0
    if status in (InitiativeStatus.done, InitiativeStatus.stopped) and initiative.end is None:
        return 0
    lo = max(start, initiative.start or start)
    hi = min(end, initiative.end or end)
    return max(0, (hi - lo).days + 1)


def split(initiative: Initiative) -> dict[str, float]:
    """How an initiative's resources divide over the objectives it serves."""
    served = list(dict.fromkeys(initiative.objectives))
    if not served:
        return {}
    positive = {o: max(0, initiative.effects.get(o, 0)) for o in served}
    total = sum(positive.values())
    if total > 0:
        return {o: p / total for o, p in positive.items() if p > 0}
    return {o: 1 / len(served) for o in served}


def spent_by_initiative(spend: pl.DataFrame) -> dict[str, float]:
    """Money per initiative in ``spend`` (one pass)."""
    sums = (
        spend.filter(pl.col("initiative").is_not_null())
        .group_by("initiative")
        .agg(pl.col("amount").sum())
    )
    return dict(zip(sums["initiative"].to_list(), sums["amount"].to_list(), strict=True))


def tvd(shares: dict[str, float], weights: dict[str, float]) -> float:
    keys = set(shares) | set(weights)
    return 0.5 * sum(abs(shares.get(k, 0.0) - weights.get(k, 0.0)) for k in keys)


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    section = Section(name="resources", component="resources")
    months = context.settings.resource_window_months
    start, end = window(context.as_of, months)
    weights = {k: round(v, 12) for k, v in company.normalised_weights().items()}
    if not workbook.has("spend"):
        section.missing.append("spend.csv")

    spend = workbook.spend
    in_window = spend.filter((spend["date"] >= start) & (spend["date"] <= end))
    with_rows = set(spend["initiative"].drop_nulls().unique().to_list())
    known = {i.id for i in company.initiatives}
    spent = spent_by_initiative(in_window)

    money: dict[str, float] = dict.fromkeys(weights, 0.0)
    hours: dict[str, float] = dict.fromkeys(weights, 0.0)
    money_now: dict[str, float] = dict.fromkeys(weights, 0.0)
    hours_now: dict[str, float] = dict.fromkeys(weights, 0.0)
    window_days = (end - start).days + 1
    per_initiative: list[dict[str, Any]] = []
    unlinked_money = unlinked_hours = 0.0
    for initiative in company.initiatives:
        days = running_days(initiative, start, end)
        if initiative.id in with_rows:
            m = spent.get(initiative.id, 0.0)
            source = "spend.csv"
        else:
            m = initiative.budget * days / DAYS_PER_YEAR
            source = "budget"
        h = initiative.hours_per_month * days / DAYS_PER_MONTH
        shares = split(initiative)
        running_now = days > 0 and (initiative.end is None or initiative.end >= end)
        scale = window_days / max(days, MIN_RATE_DAYS) if running_now else 0.0
        for objective, share in shares.items():
            if objective in money:
                money[objective] += m * share
                hours[objective] += h * share
                money_now[objective] += m * share * scale
                hours_now[objective] += h * share * scale
        if not shares:
            unlinked_money += m
            unlinked_hours += h
        per_initiative.append(
            {
                "initiative": initiative.id,
                "money": round(m, 2),
                "money_source": source,
                "hours": round(h, 1),
                "objectives": {o: round(s, 3) for o, s in shares.items()},
            }
        )

    unattributed_rows = in_window.filter(
        in_window["initiative"].is_null() | ~in_window["initiative"].is_in(list(known))
    )
    unattributed = float(unattributed_rows["amount"].sum() or 0.0)
    by_category: dict[str, float] = {}
    for row in unattributed_rows.iter_rows(named=True):
        key = row["category"] or "(no category)"
        by_category[key] = by_category.get(key, 0.0) + float(row["amount"])

    money_share, hours_share, combined = _shares(money, hours, weights)
    _, _, combined_now = _shares(money_now, hours_now, weights)

    section.tables = {
        "window": {"start": start.isoformat(), "end": end.isoformat(), "months": months},
        "currency": company.currency,
        "objectives": [
            {
                "objective": o,
                "weight": round(w, 4),
                "money": round(money[o], 2),
                "money_share": _r(money_share, o),
                "hours": round(hours[o], 1),
                "hours_share": _r(hours_share, o),
                "share": _r(combined, o),
            }
            for o, w in weights.items()
        ],
        "initiatives": per_initiative,
        "unlinked": {"money": round(unlinked_money, 2), "hours": round(unlinked_hours, 1)},
        "unattributed": {
            "money": round(unattributed, 2),
            "by_category": {k: round(v, 2) for k, v in sorted(by_category.items())},
        },
        "tvd_money": None if money_share is None else round(tvd(money_share, weights), 3),
        "tvd_hours": None if hours_share is None else round(tvd(hours_share, weights), 3),
        "method": (
            "total variation distance: half the sum over objectives of |share − weight|, "
            "the fraction of resources that would have to move to match the weights"
        ),
    }

    positive = [o for o, w in weights.items() if w > 0]
    if combined is None or len(positive) < 2:
        section.score_note = (
            "No money or hours are linked to objectives in the window."
            if combined is None
            else "With fewer than two weighted objectives there is nothing to balance."
        )
        if not company.initiatives:
            section.missing.append("company.yaml: initiatives")
        return section

    divergence = tvd(combined, weights)
    divergence_now = None if combined_now is None else tvd(combined_now, weights)
    section.tables["tvd"] = round(divergence, 3)
    section.tables["tvd_current"] = None if divergence_now is None else round(divergence_now, 3)
    # both over the window and now: the smaller decides (nothing running now: nothing to move)
    decisive = min(divergence, divergence_now if divergence_now is not None else 0.0)
    severity = next((s for t, s in THRESHOLDS if round(decisive, 9) >= t), None)
    if severity is not None:
        diffs = {o: combined[o] - weights[o] for o in weights}
        over = sorted((o for o in diffs if diffs[o] >= NOTABLE), key=lambda o: (-diffs[o], o))
        under = sorted((o for o in diffs if diffs[o] <= -NOTABLE), key=lambda o: (diffs[o], o))
        if over and under:
            top = over[0]
            feeders = sorted(
                (
                    (p["objectives"].get(top, 0) * p["money"], p["initiative"])
                    for p in per_initiative
                    if top in p["objectives"]
                ),
                reverse=True,
            )
            name = {o.id: o.name for o in company.objectives}
            section.findings.append(
                Finding(
                    kind="resource_misallocation",
                    severity=severity,
                    subjects=(top, under[0]),
                    title=(
                        f"“{name[top]}” gets {combined[top]:.0%} of money and time for "
                        f"{weights[top]:.0%} of the weight; “{name[under[0]]}” gets "
                        f"{combined[under[0]]:.0%} for {weights[under[0]]:.0%}"
                    ),
                    evidence={
                        "tvd": round(divergence, 3),
                        "tvd_current": section.tables["tvd_current"],
                        "tvd_money": section.tables["tvd_money"],
                        "tvd_hours": section.tables["tvd_hours"],
                        "over_fed": {o: _pair(combined, weights, o) for o in over},
                        "under_fed": {o: _pair(combined, weights, o) for o in under},
                        "top_initiatives": [i for _, i in feeders[:3]],
                        "window": section.tables["window"],
                        "unattributed_money": round(unattributed, 2),
                    },
                )
            )
    from coxswain.analysis.index import findings_score

    section.score = findings_score(section.findings)
    return section


def _shares(
    money: dict[str, float], hours: dict[str, float], weights: dict[str, float]
) -> tuple[dict[str, float] | None, dict[str, float] | None, dict[str, float] | None]:
    """Money share, hours share and their mean per objective (None where nothing)."""
    total_money = sum(money.values())
    total_hours = sum(hours.values())
    money_share = {o: v / total_money for o, v in money.items()} if total_money > 0 else None
    hours_share = {o: v / total_hours for o, v in hours.items()} if total_hours > 0 else None
    available = [s for s in (money_share, hours_share) if s is not None]
    combined = (
        {o: sum(s[o] for s in available) / len(available) for o in weights} if available else None
    )
    return money_share, hours_share, combined


def _r(shares: dict[str, float] | None, key: str) -> float | None:
    return None if shares is None else round(shares[key], 4)


def _pair(shares: dict[str, float], weights: dict[str, float], key: str) -> dict[str, float]:
    return {"share": round(shares[key], 3), "weight": round(weights[key], 3)}
