"""Did the alignment work work? The efficacy part of the backtest.

* **Initiatives and automations**: the effect the owner declared on the map against the effect
  the impact analysis measured (``initiative_win`` / ``initiative_harm``, its comparison of
  the KPI with what its history predicts), on every replay date, so that an effect that
  appeared, held or faded shows.
* **Links of the strategy map**: the verdict of the strategy-links analysis on each replay
  date (supported, contradicted, unsupported, not enough data yet).
* **Dismissals**: the owner's dismissals tallied by kind and by reason, shown back to the
  owner (which detectors this owner finds noisy); nothing is retuned from them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from coxswain.backtest.replay import Snapshot
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


def dismissal_tally(dismissals: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Dismissals by kind, and by kind and reason (reasons compared without case and
    surrounding blanks)."""
    by_kind = Counter(kind for kind, _ in dismissals)
    reasons = Counter((kind, " ".join(reason.split()).lower()) for kind, reason in dismissals)
    return {
        "total": len(dismissals),
        "by_kind": [{"kind": k, "count": n} for k, n in by_kind.most_common()],
        "by_reason": [{"kind": k, "reason": r, "count": n} for (k, r), n in reasons.most_common()],
    }


def efficacy(
    snapshots: Sequence[Snapshot],
    workbook: Workbook,
    *,
    dismissals: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "initiatives": initiatives(snapshots),
        "links": links(snapshots),
        "dismissals": None if dismissals is None else dismissal_tally(dismissals),
        "notes": [],
    }
    if dismissals is None:
        out["notes"].append(
            "dismissals and the actions taken on findings are kept by the web app; "
            "a workbook holds neither"
        )
    if not any(i.start for i in workbook.company.initiatives) and not any(
        a.start for a in workbook.company.automations
    ):
        out["notes"].append("no initiative or automation has a start date: no effect to measure")
    return out
