"""The backtest: how often Coxswain's warnings were right, and how early.

:func:`backtest` replays the full analysis at each past period end
(:mod:`coxswain.backtest.replay`) and scores what it said against what happened after,
with the whole workbook as the record of what happened:

* **kpi_at_risk** came true when the KPI missed its target at its declared deadline (the
  mean of its observations in the deadline's month); a KPI that missed a deadline with no
  such warning on any replay date before it is a miss without warning.
* **Pseudo-deadlines**: declared deadlines rarely fall inside the history, so the chance of
  reaching each KPI's target is also forecast for 3, 6 and 12 months after every as-of date
  and scored against the KPI's level then. This is the backtest's only look-ahead, and it
  is deliberate: the target and the direction are today's (a target the owner later
  changed is scored as it is now), the outcome is read from data the replay did not see.
  These chances give the calibration (Brier score against the naive baselines, the
  reliability bins) and the row ``kpi_at_risk (pseudo-deadlines)`` of the table by kind
  (a warning: a chance under 50%).
* **kpi_off_track** came true when the KPI still missed its target three months later;
  **kpi_shift** when the KPI's mean over the next three months stayed nearer the level
  after the change than the level before it; **goal_behind** when the goal was unfinished
  at the end of its period (progress from ``checkins.csv``; goals without check-ins are
  left unscored, since nothing dates their progress).
* Every other kind is judged by **persistence**: it came true when the same finding still
  stood at the first replay three or more months later (the problem was real, not a blip).

Lead time: months from the first warning to the miss it foretold. The index's worth: its
Spearman rank correlation with the next quarter's target attainment (the share of KPIs with
a target that met it three months on).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from coxswain.backtest.replay import (
    HORIZONS,
    Chance,
    Seen,
    Snapshot,
    meets,
    month_end,
    replay_all,
)
from coxswain.workbook import Workbook

if TYPE_CHECKING:
    from coxswain.backtest.efficacy import ActionTaken, Dismissed

Every = Literal["month", "quarter"]
EVERY: tuple[Every, ...] = ("month", "quarter")
MIN_HISTORY_MONTHS = 12
"""Default first as-of date: this many months into the KPI history (a forecast needs 8)."""
AFTER_MONTHS = 3
"""How far on a state warning (off track, shift, persistence) is judged."""
AT_RISK_BELOW = 0.5
BINS = 10
MIN_PAIRS = 4
PSEUDO = "kpi_at_risk (pseudo-deadlines)"
KPI_KINDS = ("kpi_at_risk", "kpi_off_track", "kpi_shift")


def as_of_dates(
    workbook: Workbook, *, start: dt.date | None = None, every: Every = "quarter"
) -> list[dt.date]:
    """Period ends (months or quarters) from ``start`` (default: twelve months into the KPI
    history, else into the workbook's dated rows) to the workbook's latest date."""
    latest = workbook.latest_date()
    if latest is None:
        return []
    if start is None:
        ranges = [r for n in ("kpi_values",) if (r := workbook.date_range(n))] or [
            r for n in workbook.tables if (r := workbook.date_range(n))
        ]
        if not ranges:
            return []
        start = month_end(min(r[0] for r in ranges), MIN_HISTORY_MONTHS - 1)
    step = 1 if every == "month" else 3
    day = month_end(start)
    if every == "quarter":
        day = month_end(day, (3 - day.month % 3) % 3)
    out: list[dt.date] = []
    while day <= latest:
        out.append(day)
        day = month_end(day, step)
    return out


# ------------------------------------------------------------------------- what happened


@dataclass(frozen=True)
class Record:
    """What happened, from the whole workbook."""

    levels: dict[str, dict[tuple[int, int], float]]  # KPI -> (year, month) -> mean value
    last: dt.date | None  # the workbook's latest date
    goal_progress: Callable[[str, dt.date], float | None]
    goals_dated: frozenset[str]  # goals with check-ins
    targets: dict[str, tuple[float, str]]  # KPI -> (target, direction), as today

    def level(self, kpi: str, day: dt.date) -> float | None:
        return self.levels.get(kpi, {}).get((day.year, day.month))

    def known(self, day: dt.date) -> bool:
        return self.last is not None and day <= self.last


def record_of(workbook: Workbook) -> Record:
    values = workbook.kpi_values.drop_nulls(["date", "kpi", "value"])
    levels: dict[str, dict[tuple[int, int], float]] = defaultdict(dict)
    if values.height:
        monthly = values.group_by(
            "kpi", pl.col("date").dt.year().alias("y"), pl.col("date").dt.month().alias("m")
        ).agg(pl.col("value").mean())
        for kpi, y, m, v in monthly.iter_rows():
            levels[kpi][(y, m)] = float(v)
    from coxswain.analysis.rules import goal_progress
    from coxswain.workbook.workbook import checkin_history

    dated = frozenset(g for g, _ in checkin_history(workbook.company, workbook.checkins))
    cache: dict[dt.date, dict[str, float]] = {}

    def progress(goal: str, day: dt.date) -> float | None:
        if day not in cache:
            cache[day] = goal_progress(workbook.until(day).company)
        return cache[day].get(goal)

    return Record(
        levels=dict(levels),
        last=workbook.latest_date(),
        goal_progress=progress,
        goals_dated=dated,
        targets={
            k.id: (k.target, k.direction.value)
            for k in workbook.company.kpis
            if k.target is not None
        },
    )


# ------------------------------------------------------------------------- judging warnings


@dataclass(frozen=True)
class Judged:
    seen: Seen
    as_of: dt.date
    came_true: bool | None  # None: not known yet, or cannot be judged
    judged_by: str
    outcome_date: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.seen.id,
            "kind": self.seen.kind,
            "as_of": self.as_of.isoformat(),
            "severity": self.seen.severity,
            "subjects": list(self.seen.subjects),
            "came_true": self.came_true,
            "judged_by": self.judged_by,
            "outcome_date": self.outcome_date.isoformat() if self.outcome_date else None,
        }


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _mean_level(record: Record, kpi: str, as_of: dt.date, months: int) -> float | None:
    found = [
        v for i in range(1, months + 1) if (v := record.level(kpi, month_end(as_of, i))) is not None
    ]
    return sum(found) / len(found) if found else None


def judge(
    seen: Seen, as_of: dt.date, record: Record, later: Sequence[Snapshot], company_kpis: set[str]
) -> Judged:
    """Whether one warning raised on ``as_of`` came true (see the module's rules);
    ``later`` are the replays after ``as_of``, in date order."""
    ev = seen.evidence
    kpi = seen.subjects[0] if seen.subjects else ""
    if seen.kind == "kpi_at_risk":
        deadline = _date(ev.get("deadline"))
        target = ev.get("target")
        if deadline is None or target is None:
            return Judged(seen, as_of, None, "declared deadline", deadline)
        level = record.level(kpi, deadline) if record.known(deadline) else None
        missed = None if level is None else not meets(level, target, str(ev.get("direction")))
        return Judged(seen, as_of, missed, "declared deadline", deadline)
    if seen.kind == "kpi_off_track" and ev.get("target") is not None and kpi in company_kpis:
        day = month_end(as_of, AFTER_MONTHS)
        level = record.level(kpi, day) if record.known(day) else None
        still = None if level is None else not meets(level, ev["target"], str(ev.get("direction")))
        return Judged(seen, as_of, still, f"off target {AFTER_MONTHS} months later", day)
    if seen.kind == "kpi_shift" and "mean_after" in ev and "level_before" in ev:
        day = month_end(as_of, AFTER_MONTHS)
        mean = _mean_level(record, kpi, as_of, AFTER_MONTHS) if record.known(day) else None
        lasted = (
            None
            if mean is None or ev["mean_after"] is None or ev["level_before"] is None
            else abs(mean - ev["mean_after"]) < abs(mean - ev["level_before"])
        )
        return Judged(seen, as_of, lasted, f"lasted {AFTER_MONTHS} months", day)
    if seen.kind == "goal_behind":
        end = _date(ev.get("period_end"))
        goal = seen.subjects[0]
        if end is None or goal not in record.goals_dated:
            return Judged(seen, as_of, None, "goal unfinished at period end (no check-ins)", end)
        if not record.known(end):
            return Judged(seen, as_of, None, "goal unfinished at period end", end)
        done = record.goal_progress(goal, end)
        unfinished = None if done is None else done < 1.0
        return Judged(seen, as_of, unfinished, "goal unfinished at period end", end)
    # persistence: the same finding at the first replay AFTER_MONTHS or more later
    due = month_end(as_of, AFTER_MONTHS)
    nxt = next((s for s in later if s.as_of >= due), None)
    return Judged(
        seen,
        as_of,
        None if nxt is None else seen.id in nxt.ids(),
        f"still found {AFTER_MONTHS} months later",
        nxt.as_of if nxt else None,
    )


# ------------------------------------------------------------------------- the table by kind


@dataclass(frozen=True)
class KindRow:
    kind: str
    judged_by: str
    raised: int  # warnings over all replay dates (one finding raised on 4 dates: 4)
    fired: int  # distinct warnings (one finding raised on 4 dates: 1)
    came_true: int
    not_yet_known: int
    missed: int | None  # misses that came without a warning (None: not defined for the kind)
    lead_time_months: float | None  # median, first warning to the miss

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "judged_by": self.judged_by,
            "raised": self.raised,
            "fired": self.fired,
            "came_true": self.came_true,
            "not_yet_known": self.not_yet_known,
            "missed": self.missed,
            "lead_time_months": self.lead_time_months,
        }


def _months(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def _med(values: Iterable[int]) -> float | None:
    got = list(values)
    return float(median(got)) if got else None


def _episode(j: Judged) -> str:
    """One warning raised on several dates is one episode; a KPI's deadline warning is one
    per deadline."""
    return f"{j.seen.id}@{j.outcome_date}" if j.seen.kind == "kpi_at_risk" else j.seen.id


def by_kind(
    judged: Sequence[Judged],
    snapshots: Sequence[Snapshot],
    record: Record,
    workbook: Workbook,
) -> list[KindRow]:
    rows: list[KindRow] = []
    kinds: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        kinds[j.seen.kind].append(j)
    first = snapshots[0].as_of if snapshots else None
    for kind in sorted(kinds):
        items = kinds[kind]
        episodes: dict[str, list[Judged]] = defaultdict(list)
        for j in items:
            episodes[_episode(j)].append(j)
        # an episode counts as its first warning's outcome
        heads = [min(group, key=lambda j: j.as_of) for group in episodes.values()]
        true = [j for j in heads if j.came_true]
        missed: int | None = None
        lead: float | None = None
        if kind == "kpi_at_risk":
            missed = _deadline_misses(items, snapshots, record, workbook)
            lead = _med(_months(j.as_of, j.outcome_date) for j in true if j.outcome_date)
        elif kind == "goal_behind":
            missed = _goal_misses(items, snapshots, record, workbook)
            lead = _med(_months(j.as_of, j.outcome_date) for j in true if j.outcome_date)
        rows.append(
            KindRow(
                kind=kind,
                judged_by=items[0].judged_by,
                raised=len(items),
                fired=len(heads),
                came_true=len(true),
                not_yet_known=sum(1 for j in heads if j.came_true is None),
                missed=missed,
                lead_time_months=lead,
            )
        )
    if first is not None and "kpi_at_risk" not in kinds:
        misses = _deadline_misses([], snapshots, record, workbook)
        if misses:
            rows.append(KindRow("kpi_at_risk", "declared deadline", 0, 0, 0, 0, misses, None))
    return rows


def _deadline_misses(
    items: Sequence[Judged], snapshots: Sequence[Snapshot], record: Record, workbook: Workbook
) -> int:
    warned = {(j.seen.subjects[0], j.outcome_date) for j in items if j.seen.subjects}
    count = 0
    for kpi in workbook.company.kpis:
        if kpi.target is None or kpi.deadline is None or not record.known(kpi.deadline):
            continue
        if not any(s.as_of < kpi.deadline for s in snapshots):
            continue
        level = record.level(kpi.id, kpi.deadline)
        if level is None or meets(level, kpi.target, kpi.direction.value):
            continue
        if (kpi.id, kpi.deadline) not in warned:
            count += 1
    return count


def _goal_misses(
    items: Sequence[Judged], snapshots: Sequence[Snapshot], record: Record, workbook: Workbook
) -> int:
    warned = {j.seen.subjects[0] for j in items if j.seen.subjects}
    count = 0
    for goal in workbook.company.goals:
        dates = goal.dates
        if dates is None or goal.id not in record.goals_dated or not record.known(dates[1]):
            continue
        if not any(dates[0] <= s.as_of < dates[1] for s in snapshots):
            continue
        done = record.goal_progress(goal.id, dates[1])
        if done is not None and done < 1.0 and goal.id not in warned:
            count += 1
    return count


# ------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class Scored:
    chance: Chance
    hit: bool


def scored_chances(snapshots: Sequence[Snapshot], record: Record) -> list[Scored]:
    out: list[Scored] = []
    for s in snapshots:
        for c in s.chances:
            if c.kpi not in record.targets or not record.known(c.target_date):
                continue
            target, direction = record.targets[c.kpi]
            level = record.level(c.kpi, c.target_date)
            if level is not None:
                out.append(Scored(c, meets(level, target, direction)))
    return out


def _brier(pairs: Iterable[tuple[float, bool]]) -> float | None:
    got = [(p - (1.0 if y else 0.0)) ** 2 for p, y in pairs]
    return round(sum(got) / len(got), 4) if got else None


def calibration(scored: Sequence[Scored]) -> dict[str, Any]:
    """Brier scores of the forecast chances and of the naive baselines, and the reliability
    bins (predicted against observed) of the forecast."""
    bins: list[dict[str, Any]] = []
    for b in range(BINS):
        lo, hi = b / BINS, (b + 1) / BINS
        inside = [
            s
            for s in scored
            if lo <= s.chance.p_hit < hi or (b == BINS - 1 and s.chance.p_hit == 1)
        ]
        if inside:
            bins.append(
                {
                    "lo": lo,
                    "hi": hi,
                    "n": len(inside),
                    "predicted": round(sum(s.chance.p_hit for s in inside) / len(inside), 3),
                    "observed": round(sum(s.hit for s in inside) / len(inside), 3),
                }
            )
    horizons = [
        {
            "months": h,
            "n": len(group),
            "brier": _brier((s.chance.p_hit, s.hit) for s in group),
            "baseline_brier": {
                "last_value": _brier((s.chance.last_value, s.hit) for s in group),
                "base_rate": _brier((s.chance.base_rate, s.hit) for s in group),
            },
        }
        for h in HORIZONS
        if (group := [s for s in scored if s.chance.months == h])
    ]
    return {
        "n": len(scored),
        "hit_rate": round(sum(s.hit for s in scored) / len(scored), 3) if scored else None,
        "brier": _brier((s.chance.p_hit, s.hit) for s in scored),
        "baseline_brier": {
            "last_value": _brier((s.chance.last_value, s.hit) for s in scored),
            "base_rate": _brier((s.chance.base_rate, s.hit) for s in scored),
        },
        "bins": bins,
        "by_horizon": horizons,
    }


def pseudo_row(scored: Sequence[Scored]) -> KindRow | None:
    """The chance under 50% as a warning, scored at the pseudo-deadlines: one episode per
    KPI and target date (several as-of dates can aim at the same month)."""
    if not scored:
        return None
    events: dict[tuple[str, dt.date], list[Scored]] = defaultdict(list)
    for s in scored:
        events[(s.chance.kpi, s.chance.target_date)].append(s)
    fired = came = missed = 0
    leads: list[int] = []
    raised = 0
    for (_, target_date), group in events.items():
        warned = [s for s in group if s.chance.p_hit < AT_RISK_BELOW]
        raised += len(warned)
        miss = not group[0].hit
        if warned:
            fired += 1
            if miss:
                came += 1
                leads.append(_months(min(s.chance.as_of for s in warned), target_date))
        elif miss:
            missed += 1
    return KindRow(
        kind=PSEUDO,
        judged_by="target missed at the pseudo-deadline",
        raised=raised,
        fired=fired,
        came_true=came,
        not_yet_known=0,
        missed=missed,
        lead_time_months=_med(leads),
    )


# ------------------------------------------------------------------------- the index


def index_foresight(
    snapshots: Sequence[Snapshot], record: Record, workbook: Workbook
) -> dict[str, Any]:
    """Spearman's rank correlation of the alignment index on each as-of date with the next
    quarter's target attainment (share of KPIs with a target that met it 3 months on)."""
    pairs: list[dict[str, Any]] = []
    kpis = [k for k in workbook.company.kpis if k.target is not None]
    for s in snapshots:
        day = month_end(s.as_of, AFTER_MONTHS)
        if s.index is None or not record.known(day):
            continue
        judged = [
            meets(level, k.target, k.direction.value)
            for k in kpis
            if k.target is not None and (level := record.level(k.id, day)) is not None
        ]
        if judged:
            pairs.append(
                {
                    "as_of": s.as_of.isoformat(),
                    "index": s.index,
                    "attainment": round(sum(judged) / len(judged), 3),
                    "kpis": len(judged),
                }
            )
    out: dict[str, Any] = {"pairs": pairs, "spearman": None, "p_value": None}
    if len(pairs) < MIN_PAIRS:
        out["note"] = (
            f"{len(pairs)} dates with an index and a known next quarter; needs {MIN_PAIRS}"
        )
        return out
    x = [p["index"] for p in pairs]
    y = [p["attainment"] for p in pairs]
    if len(set(x)) < 2 or len(set(y)) < 2:
        out["note"] = "the index or the attainment did not vary: no rank correlation"
        return out
    from scipy.stats import spearmanr

    rho, p = spearmanr(x, y)
    out["spearman"] = round(float(rho), 3)
    out["p_value"] = round(float(p), 4)
    return out


# ------------------------------------------------------------------------- the report


@dataclass
class Backtest:
    company: str
    every: Every
    as_of_dates: list[dt.date]
    warnings: list[Judged]
    calibration: dict[str, Any]
    by_kind: list[KindRow]
    index: dict[str, Any]
    efficacy: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "every": self.every,
            "as_of_dates": [d.isoformat() for d in self.as_of_dates],
            "horizons_months": list(HORIZONS),
            "warnings": [w.to_json() for w in self.warnings],
            "calibration": self.calibration,
            "by_kind": [r.to_json() for r in self.by_kind],
            "index": self.index,
            "efficacy": self.efficacy,
            "notes": self.notes,
        }


def backtest(
    workbook: Workbook,
    *,
    start: dt.date | None = None,
    every: Every = "quarter",
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    dismissals: Sequence[Dismissed | tuple[str, str]] | None = None,
    actions: Sequence[ActionTaken] | None = None,
) -> Backtest:
    """Replay the analysis at each period end from ``start`` and score it (module doc).
    ``dismissals`` (the owner's dismissals: kind and reason) and ``actions`` come from a face that
    keeps them (the web app); a workbook holds neither."""
    from coxswain.backtest.efficacy import efficacy

    dates = as_of_dates(workbook, start=start, every=every)
    snapshots = replay_all(workbook, dates, workers=workers, progress=progress)
    record = record_of(workbook)
    kpis = {k.id for k in workbook.company.kpis}
    judged = [
        judge(seen, s.as_of, record, snapshots[i + 1 :], kpis)
        for i, s in enumerate(snapshots)
        for seen in s.findings
        if not seen.kind.startswith("initiative_")  # measured effects: see efficacy
    ]
    scored = scored_chances(snapshots, record)
    rows = by_kind(judged, snapshots, record, workbook)
    pseudo = pseudo_row(scored)
    if pseudo is not None:
        rows.append(pseudo)
    notes: list[str] = []
    if not dates:
        notes.append("the workbook has no dated rows to replay")
    elif not scored:
        notes.append(
            "no KPI with a target has both a forecast on an as-of date and a value "
            f"{', '.join(map(str, HORIZONS))} months later: no calibration"
        )
    if workbook.company.goals and not workbook.has("checkins"):
        notes.append(
            "checkins.csv is missing: goal warnings cannot be checked against how far the "
            "goals had got on each date"
        )
    return Backtest(
        company=workbook.company.name,
        every=every,
        as_of_dates=dates,
        warnings=judged,
        calibration=calibration(scored),
        by_kind=rows,
        index=index_foresight(snapshots, record, workbook),
        efficacy=efficacy(snapshots, workbook, dismissals=dismissals, taken=actions),
        notes=notes,
    )


def tally(items: Iterable[str]) -> list[dict[str, Any]]:
    return [{"value": k, "count": n} for k, n in Counter(items).most_common()]


@dataclass(frozen=True)
class Summary:
    """The headline numbers of a backtest (what the faces lead with)."""

    judged: int  # distinct warnings whose outcome is known
    came_true: int
    not_yet_known: int
    lead_time_months: float | None  # median over the warnings of a miss that came true
    brier: float | None
    best_baseline: tuple[str, float] | None  # the better naive baseline and its Brier score

    @property
    def beats_baselines(self) -> bool | None:
        if self.brier is None or self.best_baseline is None:
            return None
        return self.brier < self.best_baseline[1]


def summary(report: Backtest) -> Summary:
    """Distinct warnings (pseudo-deadline chances left out: they are the calibration's) and
    the lead time of every warning of a miss that came true (declared deadlines, goals)."""
    rows = [r for r in report.by_kind if r.kind != PSEUDO]
    leads: list[int] = []
    heads: dict[str, Judged] = {}
    for j in report.warnings:
        key = _episode(j)
        if key not in heads or j.as_of < heads[key].as_of:
            heads[key] = j
    for j in heads.values():
        if j.came_true and j.seen.kind in ("kpi_at_risk", "goal_behind") and j.outcome_date:
            leads.append(_months(j.as_of, j.outcome_date))
    lead = _med(leads)
    baselines = report.calibration.get("baseline_brier") or {}
    known = [(k, v) for k, v in baselines.items() if v is not None]
    return Summary(
        judged=sum(r.fired - r.not_yet_known for r in rows),
        came_true=sum(r.came_true for r in rows),
        not_yet_known=sum(r.not_yet_known for r in rows),
        lead_time_months=lead,
        brier=report.calibration.get("brier"),
        best_baseline=min(known, key=lambda kv: kv[1]) if known else None,
    )
