"""Replays: the full analysis run as of a past date, with only the data known then.

:func:`replay` runs :func:`coxswain.analysis.runner.analyze` at one date (the runner hands
the analyses ``workbook.until(as_of)``: no row dated later, key results as their check-ins
stood, ideas as decided then) and keeps what the backtest scores: every finding, the
alignment index, the impact comparisons and the strategy-map links, and the chance of
reaching each KPI's target at the pseudo-deadlines ``as_of`` + 3, 6 and 12 months,
forecast the same way as the declared deadline (:func:`coxswain.timeseries.forecasting.
forecast_all`). :func:`replay_all` runs many dates in a process pool.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from dateutil.relativedelta import relativedelta

from coxswain.workbook import Workbook

HORIZONS = (3, 6, 12)
"""Months ahead of each as-of date at which the chance of a hit is scored (pseudo-deadlines)."""


def month_end(day: dt.date, months: int = 0) -> dt.date:
    """The last day of the month ``months`` after ``day``'s month."""
    out: dt.date = day + relativedelta(months=months, day=31)
    return out


def meets(value: float, target: float, direction: str) -> bool:
    """Whether ``value`` reaches ``target`` for a KPI going ``direction`` (the same test as
    the forecast's chance of a hit: at least the target going up, at most going down)."""
    return value >= target if direction == "up" else value <= target


@dataclass(frozen=True)
class Seen:
    """A finding as one replay raised it."""

    id: str
    kind: str
    severity: str
    subjects: tuple[str, ...]
    evidence: dict[str, Any]


@dataclass(frozen=True)
class Chance:
    """The forecast chance, on ``as_of``, that a KPI meets its target at ``target_date``,
    with the two naive forecasts of the same event known on ``as_of``."""

    kpi: str
    as_of: dt.date
    target_date: dt.date
    months: int
    p_hit: float
    last_value: float  # 1.0 when the latest value already meets the target, else 0.0
    base_rate: float  # share of the KPI's observations so far that met the target


@dataclass(frozen=True)
class Snapshot:
    """What the analysis said on one past date."""

    as_of: dt.date
    index: float | None
    findings: tuple[Seen, ...]
    chances: tuple[Chance, ...]
    impact: tuple[dict[str, Any], ...]
    links: tuple[dict[str, Any], ...]

    def ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.findings)


def pseudo_chances(visible: Workbook, as_of: dt.date) -> tuple[Chance, ...]:
    """The chance of each KPI with a target meeting it ``HORIZONS`` months after ``as_of``
    (``visible`` holds only what was known on ``as_of``)."""
    from coxswain.analysis.forecast import workbook_series
    from coxswain.timeseries.forecasting import forecast_all

    series = [s for s in workbook_series(visible).values() if s.info.target is not None]
    copies = [
        replace(s, info=replace(s.info, id=f"{s.info.id}@{h}", deadline=month_end(as_of, h)))
        for s in series
        for h in HORIZONS
    ]
    done, _ = forecast_all(copies, as_of=as_of)
    out: list[Chance] = []
    for s in series:
        target = s.info.target
        assert target is not None
        observed = s.values[s.observed]
        if observed.shape[0] == 0:
            continue
        up = s.info.direction == "up"
        hits = observed >= target if up else observed <= target
        last = float(observed[-1])
        for h in HORIZONS:
            fc = done.get(f"{s.info.id}@{h}")
            if fc is None or fc.p_hit is None:
                continue
            out.append(
                Chance(
                    kpi=s.info.id,
                    as_of=as_of,
                    target_date=month_end(as_of, h),
                    months=h,
                    p_hit=fc.p_hit,
                    last_value=1.0 if meets(last, target, s.info.direction) else 0.0,
                    base_rate=float(np.mean(hits)),
                )
            )
    return tuple(out)


def replay(workbook: Workbook, as_of: dt.date) -> Snapshot:
    """The full analysis as of ``as_of``, kept as the backtest needs it."""
    from coxswain.analysis.runner import analyze

    result = analyze(workbook, as_of=as_of)
    impact = result.sections.get("impact")
    links = result.sections.get("strategy_links")
    return Snapshot(
        as_of=as_of,
        index=result.alignment_index,
        findings=tuple(
            Seen(
                id=f.id,
                kind=f.kind,
                severity=f.severity.value,
                subjects=f.subjects,
                evidence=dict(f.evidence),
            )
            for f in result.findings
        ),
        chances=pseudo_chances(workbook.until(as_of), as_of),
        impact=tuple(
            r for r in (impact.tables.get("comparisons", []) if impact else []) if "kpi" in r
        ),
        links=tuple(links.tables.get("links", []) if links else []),
    )


_WORKBOOK: Workbook | None = None


def _init(workbook: Workbook) -> None:
    """A pool worker: the workbook, and one BLAS thread (the pool already fills the cores;
    OpenBLAS's own threads beside it only wait for each other)."""
    from threadpoolctl import threadpool_limits

    global _WORKBOOK
    _WORKBOOK = workbook
    threadpool_limits(limits=1, user_api="blas")


def _replay_here(as_of: dt.date) -> Snapshot:
    assert _WORKBOOK is not None
    return replay(_WORKBOOK, as_of)


def default_workers(dates: int) -> int:
    """Processes for ``dates`` replays: one per core, never more than the dates, one for
    fewer than four dates (starting a process costs about as much as two replays)."""
    return 1 if dates < 4 else max(1, min(os.cpu_count() or 1, dates))


def replay_all(
    workbook: Workbook,
    dates: Sequence[dt.date],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Snapshot]:
    """A replay at each of ``dates``, in date order; ``workers`` processes (default: one
    per core, see :func:`default_workers`). ``progress(done, total)`` after each."""
    n = len(dates)
    workers = default_workers(n) if workers is None else workers
    out: list[Snapshot] = []
    if workers <= 1:
        for date in dates:
            out.append(replay(workbook, date))
            if progress:
                progress(len(out), n)
        return out
    # spawn, not fork: polars' thread pool does not survive a fork
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init, initargs=(workbook,)
    ) as pool:
        for snapshot in pool.map(_replay_here, dates):
            out.append(snapshot)
            if progress:
                progress(len(out), n)
    return out
