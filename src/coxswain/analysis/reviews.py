"""Reviews: is the strategy looked at as often as the company's stage needs, and do
its actions get done?

* **Cadence needed** (longest gap between strategic reviews): early 120 days (a review
  every four months, reacting to what happens), intermediate 92 days (quarterly),
  advanced 35 days (monthly). The stage is the assessed one (see
  :mod:`coxswain.analysis.stage`), else the declared one, else early.
* **Open actions**: actions still open at reviews held more than 30 days before
  ``as_of`` (fresh actions are naturally open), over the last 12 months.
* **review_lapsed** (one finding for the company, id ``review_lapsed``) when the last
  review is older than the cadence allows, or at least 3 such actions are open and
  they are half or more of those decided. Severity: high when the last review is
  twice as old as allowed; medium when overdue or three quarters of actions are open;
  low otherwise.
"""

from __future__ import annotations

import datetime as dt
import itertools
from statistics import median
from typing import Any

from coxswain.analysis.base import Context, Finding, Section, Severity
from coxswain.analysis.stage import stage_for
from coxswain.workbook import Workbook

ALLOWED_DAYS = {"early": 120, "intermediate": 92, "advanced": 35}
FRESH_DAYS = 30


def analyze(workbook: Workbook, context: Context) -> Section:
    company = workbook.company
    section = Section(name="reviews", component="review")
    reviews = sorted(company.reviews, key=lambda r: r.date)
    if not reviews:
        section.missing.append("company.yaml: reviews")
        section.score_note = "No strategic reviews are recorded."
        return section
    stage = stage_for(workbook, context)
    allowed = ALLOWED_DAYS[stage]
    last = reviews[-1]
    since = (context.as_of - last.date).days
    gaps = [(b.date - a.date).days for a, b in itertools.pairwise(reviews)]
    year_ago = context.as_of - dt.timedelta(days=365)
    settled = [
        r for r in reviews if r.date > year_ago and (context.as_of - r.date).days > FRESH_DAYS
    ]
    open_ = sum(r.actions_open for r in settled)
    closed = sum(r.actions_closed for r in settled)
    open_share = open_ / (open_ + closed) if open_ + closed else 0.0

    overdue = since > allowed
    stuck = open_ >= 3 and open_share >= 0.5
    tracked = context.settings.tracked_actions
    # Actions tracked in the app: most of them past their due date is the same signal as
    # review actions left open, and now rather than at the next review.
    late = tracked is not None and tracked.overdue >= 3 and tracked.overdue >= tracked.open / 2
    evidence: dict[str, Any] = {
        "stage": stage,
        "allowed_days": allowed,
        "last_review": last.date.isoformat(),
        "days_since_last": since,
        "median_gap_days": median(gaps) if gaps else None,
        "actions_open": open_,
        "actions_closed": closed,
        "open_share": round(open_share, 3),
    }
    if tracked is not None:
        evidence.update(
            tracked_actions_open=tracked.open,
            tracked_actions_overdue=tracked.overdue,
            tracked_actions_closed=tracked.closed,
        )
    section.tables = {
        **evidence,
        "reviews": [
            {
                "date": r.date.isoformat(),
                "kind": r.kind.value,
                "decisions": r.decisions,
                "actions_open": r.actions_open,
                "actions_closed": r.actions_closed,
            }
            for r in reviews
        ],
    }
    if overdue or stuck or late:
        if since >= 2 * allowed:
            severity = Severity.high
        elif overdue or open_share >= 0.75:
            severity = Severity.medium
        else:
            severity = Severity.low
        parts = []
        if overdue:
            parts.append(
                f"the last strategic review was {since} days ago "
                f"({_article(stage)} {stage} company needs one every {allowed} days)"
            )
        if stuck:
            parts.append(f"{open_} of {open_ + closed} actions from past reviews are still open")
        if late and tracked is not None:
            parts.append(
                f"{tracked.overdue} of {tracked.open} open actions are past their due date"
            )
        title = "; ".join(parts)
        section.findings.append(
            Finding(
                kind="review_lapsed",
                severity=severity,
                subjects=(),
                title=title[0].upper() + title[1:],
                evidence={
                    **evidence,
                    "overdue": overdue,
                    "actions_stuck": stuck,
                    "actions_late": late,
                },
            )
        )
    from coxswain.analysis.index import findings_score

    section.score = findings_score(section.findings)
    return section


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
