"""Did the alignment work work? The efficacy part of the backtest.

* **Initiatives and automations**: the effect the owner declared on the map against the effect
  the impact analysis measured (``initiative_win`` / ``initiative_harm``, its comparison of
  the KPI with what its history predicts), on every replay date, so that an effect that
  appeared, held or faded shows.
* **Links of the strategy map**: the verdict of the strategy-links analysis on each replay
  date (supported, contradicted, unsupported, not enough data yet).
* **Actions** (findings the owner turned into work, kept by the web app): whether the finding
  was gone at the first replay on or after the action's due date, and how the finding's KPI
  moved from the day the action was taken on, by the impact analysis's own comparison (the KPI
  after that day against what its history before predicts, :func:`coxswain.analysis.impact.
  _test`; one method, so "better" here means what ``initiative_win`` means there).
* **Dismissals**: the owner's dismissals tallied by kind and by reason, shown back to the
  owner (which detectors this owner finds noisy); nothing is retuned from them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coxswain.backtest.replay import Snapshot, month_end
from coxswain.timeseries.series import Series
from coxswain.workbook import Workbook


def _measured(snapshot: Snapshot, work: str, kpi: str) -> str:
    ids = snapshot.ids()
    if f"initiative_win:{work}:{kpi}" in ids:
        return "better"
    if f"initiative_harm:{work}:{kpi}" in ids:
        return "worse"
    return "no clear change"


def _agrees(declared: int | None, measured: str) -> bool | None:
    """A declared positive effect agrees with a measured improvement, a negative one with a
    worsening, no effect (or none declared) with no clear change."""
    if measured == "no clear change":
        return None if declared else True
    if declared is None or declared == 0:
        return False
    return (declared > 0) == (measured == "better")


def initiatives(snapshots: Sequence[Snapshot]) -> list[dict[str, Any]]:
    """Declared against measured effect for each (initiative or automation, KPI) the impact
    analysis could test, with the verdict on each replay date where it was tested."""
    history: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for s in snapshots:
        for row in s.impact:
            if row.get("difference") is None:
                continue
            key = (str(row["work"]), str(row["kpi"]))
            history[key].append({"as_of": s.as_of.isoformat(), "measured": _measured(s, *key)})
            latest[key] = {**row, "as_of": s.as_of}
    out: list[dict[str, Any]] = []
    last = {s.as_of: s for s in snapshots}
    for key, row in sorted(latest.items()):
        measured = _measured(last[row["as_of"]], *key)
        declared = row.get("declared_effect")
        out.append(
            {
                "work": key[0],
                "kind": row.get("kind"),
                "kpi": key[1],
                "objective": row.get("objective"),
                "declared_effect": declared,
                "measured": measured,
                "difference": row.get("difference"),
                "agrees": _agrees(declared, measured),
                "over_time": history[key],
            }
        )
    return out


def links(snapshots: Sequence[Snapshot]) -> list[dict[str, Any]]:
    """Each driver link of the strategy map with its verdict on every replay date."""
    verdicts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for s in snapshots:
        for link in s.links:
            key = (str(link["driver"]), str(link["objective"]))
            verdicts[key].append({"as_of": s.as_of.isoformat(), "verdict": link["verdict"]})
    return [
        {
            "driver": driver,
            "objective": objective,
            "latest": seen[-1]["verdict"],
            "dates": dict(Counter(v["verdict"] for v in seen)),
            "over_time": seen,
        }
        for (driver, objective), seen in sorted(verdicts.items())
    ]


@dataclass(frozen=True)
class ActionTaken:
    """A finding turned into work: taken on ``taken`` (the day it was created), due ``due``."""

    finding_id: str
    taken: dt.date
    due: dt.date
    done: bool = False
    title: str = ""


@dataclass(frozen=True)
class Dismissed:
    """A finding the owner dismissed: its kind and the reason they gave."""

    kind: str
    reason: str


def _comparison_period(series: Series, since: dt.date, pre: int, post: int) -> dict[str, Any]:
    """The dates the comparison covered: ``pre`` periods before ``since`` and ``post`` from it
    (calendar months where the impact analysis compared monthly means)."""
    from coxswain.analysis.impact import _cut
    from coxswain.timeseries.calendar import has_calendar

    if has_calendar(series.cadence):
        first_after = since if since.day == 1 else month_end(since, 1).replace(day=1)
        before_end = month_end(first_after, -1)
        return {
            "unit": "months",
            "before": [
                month_end(before_end, -(pre - 1)).replace(day=1).isoformat(),
                before_end.isoformat(),
            ],
            "after": [first_after.isoformat(), month_end(first_after, post - 1).isoformat()],
        }
    cut = _cut(series, since)
    dates = list(series.dates)
    last = min(cut + post, len(dates)) - 1
    return {
        "unit": series.cadence.value,
        "before": [dates[max(cut - pre, 0)].isoformat(), dates[cut - 1].isoformat()],
        "after": [dates[cut].isoformat(), dates[last].isoformat()],
    }


def kpi_moved(workbook: Workbook, kpi: str, since: dt.date) -> dict[str, Any]:
    """How ``kpi`` moved after ``since`` against what its history predicts (the impact
    analysis's comparison, with its thresholds: a p-value under ALPHA and a change of at least
    one residual sd)."""
    from coxswain.analysis.forecast import workbook_series
    from coxswain.analysis.impact import ALPHA, _test  # one comparison for both

    series = workbook_series(workbook).get(kpi)
    if series is None:
        return {"kpi": kpi, "moved": None, "note": "no observations"}
    comparison, why = _test(series, since)
    if comparison is None:
        return {"kpi": kpi, "moved": None, "note": why}
    level = comparison.level
    period = _comparison_period(series, since, level.pre, level.post)
    if comparison.p_better < ALPHA and comparison.large():
        moved = "better"
    elif comparison.p_worse < ALPHA and comparison.large():
        moved = "worse"
    else:
        moved = "no clear change"
    return {
        "kpi": kpi,
        "moved": moved,
        "expected_mean": round(level.expected, 4),
        "actual_mean": round(level.actual, 4),
        "periods_before": level.pre,
        "periods_after": level.post,
        "compared": comparison.basis,
        "comparison_period": period,
        "p_better": round(comparison.p_better, 5),
        "p_worse": round(comparison.p_worse, 5),
    }


def actions(
    snapshots: Sequence[Snapshot], workbook: Workbook, taken: Sequence[ActionTaken]
) -> list[dict[str, Any]]:
    """For each action: was its finding gone by the due date (at the first replay on or after
    it; unknown while the due date is after the data), and how did its KPI move from the day
    it was taken on (:func:`kpi_moved`; None for a finding about no KPI)."""
    kpis = {k.id for k in workbook.company.kpis}
    out: list[dict[str, Any]] = []
    for action in taken:
        after = next((s for s in snapshots if s.as_of >= action.due), None)
        before = [s.as_of for s in snapshots if s.as_of <= action.taken]
        raised = [s.as_of for s in snapshots if action.finding_id in s.ids()]
        subjects = action.finding_id.split(":")[1:]
        kpi = next((x for x in subjects if x in kpis), None)
        gone = None if after is None else action.finding_id not in after.ids()
        out.append(
            {
                "finding": action.finding_id,
                "kind": action.finding_id.split(":")[0],
                "title": action.title,
                "taken": action.taken.isoformat(),
                "due": action.due.isoformat(),
                "done": action.done,
                "raised_before": bool(before) and before[-1] in raised,
                "checked_on": after.as_of.isoformat() if after else None,
                "gone_by_due": gone,
                "outcome": (
                    "not known yet" if gone is None else ("gone" if gone else "still there")
                ),
                "kpi": None if kpi is None else kpi_moved(workbook, kpi, action.taken),
            }
        )
    return out


def dismissal_tally(
    dismissals: Sequence[Dismissed | tuple[str, str]],
    snapshots: Sequence[Snapshot] = (),
) -> dict[str, Any]:
    """Dismissals by kind, and by kind and reason (reasons compared without case and
    surrounding blanks). With the replays, each kind also gets ``raised``: how many distinct
    findings of that kind the replays raised (so the owner sees the share they dismiss)."""
    pairs = [(d.kind, d.reason) if isinstance(d, Dismissed) else d for d in dismissals]
    by_kind = Counter(kind for kind, _ in pairs)
    reasons = Counter((kind, " ".join(reason.split()).lower()) for kind, reason in pairs)
    raised = Counter(kind for _, kind in {(f.id, f.kind) for s in snapshots for f in s.findings})
    return {
        "total": len(pairs),
        "by_kind": [
            {"kind": k, "count": n, **({"raised": raised[k]} if snapshots else {})}
            for k, n in by_kind.most_common()
        ],
        "by_reason": [{"kind": k, "reason": r, "count": n} for (k, r), n in reasons.most_common()],
    }


def efficacy(
    snapshots: Sequence[Snapshot],
    workbook: Workbook,
    *,
    dismissals: Sequence[Dismissed | tuple[str, str]] | None = None,
    taken: Sequence[ActionTaken] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "initiatives": initiatives(snapshots),
        "links": links(snapshots),
        "actions": None if taken is None else actions(snapshots, workbook, taken),
        "dismissals": None if dismissals is None else dismissal_tally(dismissals, snapshots),
        "notes": [],
    }
    if dismissals is None and taken is None:
        out["notes"].append(
            "dismissals and the actions taken on findings are kept by the web app; "
            "a workbook holds neither"
        )
    if not any(i.start for i in workbook.company.initiatives) and not any(
        a.start for a in workbook.company.automations
    ):
        out["notes"].append("no initiative or automation has a start date: no effect to measure")
    return out
