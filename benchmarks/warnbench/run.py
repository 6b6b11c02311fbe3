"""The warnings benchmark: the backtest (``coxswain backtest``) run on the labelled companies
of the detector benchmark, scored two ways.

Each company of a seed set (``benchmarks.detectors.generate.plan_set``) with at least
``MIN_MONTHS`` months of history is generated, replayed at its last ``MAX_DATES`` quarter
ends (two years) of those from twelve months into its history
(:func:`coxswain.backtest.core.as_of_dates`; one process per company), and judged with the
backtest's own rules (:mod:`coxswain.backtest.core`):

* **By the backtest's own judgement** (per warning kind): distinct warnings fired, how many
  came true (the rule of the kind: declared deadline, still off target or shifted three
  months on, goal unfinished, or the same finding still standing a quarter later), the
  precision (came true / fired and judged) with its Wilson 95% interval, the misses that came
  with no warning, and the median lead time in months (first warning to the miss it
  foretold; defined for ``kpi_at_risk``, ``goal_behind`` and the pseudo-deadline chances)
  with the distribution-free 95% interval of a median (binomial order statistics).
* **Against the labels** (the planted problems): a warning is *on a plant* when it detects
  it by the detector benchmark's matching rule (``benchmarks.detectors.score.detects``),
  *explained* when it is a KPI kind naming a KPI on which a KPI problem was planted (a
  consequence, as in that benchmark), else a *false alarm*. Label precision: on a plant /
  (on a plant + false alarms). A plant of the kind never warned about on any replay date is
  a label miss. "Months ahead" is the months from the first warning on a plant to the end of
  the history (``AS_OF``, the date at which the detector benchmark scores the plant, when it
  is at full size): the plants grow over the last months, so this is how early the warning
  came before the problem was full-grown, not a lead time to a dated event.

Then: are warnings on planted problems earlier or more frequent than warnings on clean
companies? The comparison table gives, for the warnings of clean companies, the false alarms
of companies with plants and the warnings on plants, how many there were per company and per
replay date, the share the backtest judged true, and how many months before the end of the
history they first fired.

python -m benchmarks warnings                        # the report set, 40 planned, ≥ 24 months
python -m benchmarks warnings --set report --n 40 --processes 2
Env: COXSWAIN_BENCH_SET, COXSWAIN_BENCH_N, COXSWAIN_BENCH_PROCESSES. See docs/backtest.md.
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.detectors.generate import AS_OF, KPI_KINDS, Plant, generate, plan_set
from benchmarks.detectors.run import SETS
from benchmarks.detectors.score import Found, detects, wilson

MIN_MONTHS = 24
DEFAULT_N = 40  # planned companies; about half have ≥ 24 months of history
MAX_DATES = 8  # the last eight quarter ends (two years) of each company
LEAD_KINDS = ("kpi_at_risk", "goal_behind")
NOT_WARNINGS = "initiative_"  # measured effects: the backtest leaves them to efficacy


@dataclass(frozen=True)
class Warning:
    """One distinct warning (an episode: the same finding raised on several dates is one)."""

    kind: str
    id: str
    first: str  # ISO date of its first as-of date
    raised: int  # as-of dates it was raised on
    came_true: bool | None  # the backtest's judgement of its first raising
    lead_months: int | None  # first warning to the miss it foretold (LEAD_KINDS, came true)
    label: str  # "plant", "explained" or "false"
    months_before_end: int  # first warning to AS_OF


@dataclass
class CompanyResult:
    seed: int
    kinds: tuple[str, ...]
    months: int
    cadence: str
    dates: list[str]
    plants: list[Plant]
    plants_warned: list[bool]
    warnings: list[Warning]
    missed: dict[str, int]  # the backtest's misses with no warning, by kind
    pseudo: list[tuple[bool, bool, int | None]]  # per KPI and target date: warned, missed, lead
    seconds: float
    skipped: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _months(a: Any, b: Any) -> int:
    return int((b.year - a.year) * 12 + b.month - a.month)


def run_company(
    job: tuple[int, tuple[str, ...]], min_months: int = MIN_MONTHS, max_dates: int | None = None
) -> CompanyResult:
    """Generate one company, backtest it quarterly (``max_dates``: only the last ones, for
    tests) and label its warnings."""
    from coxswain.backtest.core import (
        AT_RISK_BELOW,
        _episode,
        as_of_dates,
        by_kind,
        judge,
        record_of,
        scored_chances,
    )
    from coxswain.backtest.replay import replay_all

    seed, kinds = job
    start = time.perf_counter()
    company = generate(seed, kinds)
    base = CompanyResult(
        seed, kinds, company.months, company.cadence, [], company.plants, [], [], {}, [], 0.0
    )
    if company.months < min_months:
        base.skipped = f"{company.months} months of history"
        return base
    workbook = company.workbook()
    dates = as_of_dates(workbook, every="quarter")
    if max_dates is not None and max_dates > 0:
        dates = dates[-max_dates:]
    snapshots = replay_all(workbook, dates, workers=1)
    record = record_of(workbook)
    kpis = {k.id for k in workbook.company.kpis}
    judged = [
        judge(seen, s.as_of, record, snapshots[i + 1 :], kpis)
        for i, s in enumerate(snapshots)
        for seen in s.findings
        if not seen.kind.startswith("initiative_")  # as the backtest: measured effects
    ]
    episodes: dict[str, list[Any]] = defaultdict(list)
    for j in judged:
        episodes[_episode(j)].append(j)
    planted_kpis = {
        s for p in company.plants if p.kind in KPI_KINDS for s in p.subjects if s in kpis
    }
    warned = [False] * len(company.plants)
    out: list[Warning] = []
    for group in episodes.values():
        head = min(group, key=lambda j: j.as_of)
        found = Found(head.seen.kind, tuple(head.seen.subjects), head.seen.severity)
        hits = [i for i, p in enumerate(company.plants) if detects(found, p)]
        for i in hits:
            warned[i] = True
        if hits:
            label = "plant"
        elif found.kind in KPI_KINDS and set(found.subjects) & planted_kpis:
            label = "explained"
        else:
            label = "false"
        lead = (
            _months(head.as_of, head.outcome_date)
            if head.seen.kind in LEAD_KINDS and head.came_true and head.outcome_date
            else None
        )
        out.append(
            Warning(
                kind=head.seen.kind,
                id=head.seen.id,
                first=head.as_of.isoformat(),
                raised=len(group),
                came_true=head.came_true,
                lead_months=lead,
                label=label,
                months_before_end=_months(head.as_of, AS_OF),
            )
        )
    rows = by_kind(judged, snapshots, record, workbook)
    missed = {r.kind: r.missed for r in rows if r.missed is not None}
    # the pseudo-deadline chances, one event per KPI and target date (as core.pseudo_row)
    events: dict[tuple[str, Any], list[Any]] = defaultdict(list)
    for sc in scored_chances(snapshots, record):
        events[(sc.chance.kpi, sc.chance.target_date)].append(sc)
    pseudo: list[tuple[bool, bool, int | None]] = []
    for (_, target_date), grp in events.items():
        low = [sc for sc in grp if sc.chance.p_hit < AT_RISK_BELOW]
        miss = not grp[0].hit
        lead = _months(min(sc.chance.as_of for sc in low), target_date) if low and miss else None
        pseudo.append((bool(low), miss, lead))
    base.dates = [d.isoformat() for d in dates]
    base.plants_warned = warned
    base.warnings = out
    base.missed = missed
    base.pseudo = pseudo
    base.seconds = time.perf_counter() - start
    return base


def _run(args: tuple[tuple[int, tuple[str, ...]], int, int | None]) -> CompanyResult:
    return run_company(*args)


def run_set(
    name: str,
    n: int,
    processes: int = 2,
    min_months: int = MIN_MONTHS,
    max_dates: int | None = MAX_DATES,
) -> tuple[list[CompanyResult], float]:
    """Every company of the set, ``processes`` at a time; a line on stderr as each ends."""
    jobs = [(j, min_months, max_dates) for j in plan_set(SETS[name], n)]
    start = time.perf_counter()
    results: list[CompanyResult] = []

    def done(r: CompanyResult) -> None:
        results.append(r)
        what = r.skipped or f"{len(r.dates)} dates, {len(r.warnings)} warnings"
        print(
            f"[{len(results)}/{len(jobs)}] seed {r.seed}: {what} "
            f"({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
            flush=True,
        )

    if processes <= 1:
        for j in jobs:
            done(_run(j))
    else:
        with mp.get_context("spawn").Pool(processes) as pool:
            for r in pool.imap_unordered(_run, jobs, chunksize=1):
                done(r)
    return sorted(results, key=lambda r: r.seed), time.perf_counter() - start


# ------------------------------------------------------------------------- statistics


def median_ci(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    """The median and its distribution-free 95% interval (order statistics, binomial(n, ½));
    the interval is None below six values (it would span more than the data)."""
    xs = sorted(values)
    if not xs:
        return (None, None, None)
    med = float(statistics.median(xs))
    n = len(xs)
    if n < 6:
        return (med, None, None)
    from scipy.stats import binom

    j = int(binom.ppf(0.025, n, 0.5))  # P(X < j) ≤ 2.5%: the j-th smallest value
    j = max(1, j)
    return (med, float(xs[j - 1]), float(xs[n - j]))


def _share(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"k": k, "n": n, "p": k / n if n else None, "lo": lo, "hi": hi}


def table(results: Sequence[CompanyResult]) -> list[dict[str, Any]]:
    """One row per warning kind (and the pseudo-deadline chances), pooled over companies."""
    used = [r for r in results if not r.skipped]
    kinds = sorted(
        {w.kind for r in used for w in r.warnings}
        | {k for r in used for k in r.missed}
        | {p.kind for r in used for p in r.plants}
    )
    kinds = [k for k in kinds if not k.startswith(NOT_WARNINGS)]
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        ws = [w for r in used for w in r.warnings if w.kind == kind]
        judged = [w for w in ws if w.came_true is not None]
        true = sum(1 for w in judged if w.came_true)
        has_missed = any(kind in r.missed for r in used)
        leads = [w.lead_months for w in ws if w.lead_months is not None]
        plants = [(p, hit) for r in used for p, hit in zip(r.plants, r.plants_warned, strict=True)]
        of_kind = [hit for p, hit in plants if p.kind == kind]
        on_plant = [w for w in ws if w.label == "plant"]
        false = [w for w in ws if w.label == "false"]
        rows.append(
            {
                "kind": kind,
                "fired": len(ws),
                "judged": len(judged),
                "came_true": true,
                "precision": _share(true, len(judged)),
                "missed": sum(r.missed.get(kind, 0) for r in used) if has_missed else None,
                "lead_time_months": median_ci(leads) if kind in LEAD_KINDS else None,
                "lead_n": len(leads),
                "on_plant": len(on_plant),
                "explained": sum(1 for w in ws if w.label == "explained"),
                "false_alarms": len(false),
                "label_precision": _share(len(on_plant), len(on_plant) + len(false)),
                "planted": len(of_kind),
                "plants_missed": sum(1 for hit in of_kind if not hit),
                "months_ahead": median_ci([w.months_before_end for w in on_plant]),
            }
        )
    events = [e for r in used for e in r.pseudo]
    fired = [e for e in events if e[0]]
    true = sum(1 for e in fired if e[1])
    leads = [e[2] for e in events if e[2] is not None]
    rows.append(
        {
            "kind": "kpi_at_risk (pseudo-deadlines)",
            "fired": len(fired),
            "judged": len(fired),
            "came_true": true,
            "precision": _share(true, len(fired)),
            "missed": sum(1 for e in events if not e[0] and e[1]),
            "lead_time_months": median_ci(leads),
            "lead_n": len(leads),
            "on_plant": None,
            "explained": None,
            "false_alarms": None,
            "label_precision": None,
            "planted": None,
            "plants_missed": None,
            "months_ahead": None,
            "events": len(events),
            "events_missed": sum(1 for e in events if e[1]),
        }
    )
    return rows


def compare(results: Sequence[CompanyResult]) -> list[dict[str, Any]]:
    """Warnings of clean companies, false alarms of companies with plants, warnings on plants
    (and the explained ones): how many, how often judged true, how early."""
    used = [r for r in results if not r.skipped]
    clean = [r for r in used if not r.plants]
    drifted = [r for r in used if r.plants]
    groups = {
        "clean companies: every warning": (clean, lambda w: True),
        "companies with plants: false alarms": (drifted, lambda w: w.label == "false"),
        "companies with plants: explained": (drifted, lambda w: w.label == "explained"),
        "companies with plants: on a plant": (drifted, lambda w: w.label == "plant"),
    }
    out: list[dict[str, Any]] = []
    for name, (companies, keep) in groups.items():
        ws = [w for r in companies for w in r.warnings if keep(w)]
        dates = sum(len(r.dates) for r in companies)
        judged = [w for w in ws if w.came_true is not None]
        out.append(
            {
                "group": name,
                "companies": len(companies),
                "warnings": len(ws),
                "per_company": len(ws) / len(companies) if companies else None,
                "raised_per_date": sum(w.raised for w in ws) / dates if dates else None,
                "came_true": _share(sum(1 for w in judged if w.came_true), len(judged)),
                "months_before_end": median_ci([w.months_before_end for w in ws]),
            }
        )
    return out


# ------------------------------------------------------------------------- the report


def _pct(s: dict[str, Any] | None) -> str:
    if not s or not s["n"]:
        return "–"
    return f"{100 * s['p']:.0f}% [{100 * s['lo']:.0f}, {100 * s['hi']:.0f}] ({s['k']}/{s['n']})"


def _med(m: tuple[float | None, float | None, float | None] | None, n: int | None = None) -> str:
    if m is None or m[0] is None:
        return "–"
    ci = f" [{m[1]:g}, {m[2]:g}]" if m[1] is not None and m[2] is not None else ""
    return f"{m[0]:g}{ci}" + (f" (n={n})" if n is not None else "")


def _n(x: Any) -> str:
    return "–" if x is None else str(x)


def report(name: str, results: Sequence[CompanyResult], seconds: float) -> str:
    used = [r for r in results if not r.skipped]
    clean = sum(1 for r in used if not r.plants)
    dates = [len(r.dates) for r in used]
    seeds = [r.seed for r in results]
    lines = [
        f"{name.upper()} set, seeds {min(seeds)}–{max(seeds)}: {len(used)} of {len(results)} "
        f"companies have ≥ {MIN_MONTHS} months of history ({clean} clean, {len(used) - clean} "
        f"with plants), backtested quarterly at {min(dates, default=0)}–{max(dates, default=0)} "
        f"dates each ({sum(dates)} replays); {seconds:.0f} s wall",
        "",
        "By the backtest's own judgement (precision: came true / fired and judged, Wilson 95%; "
        "lead time: median months, first warning to the miss, 95% CI of the median):",
        "",
        "| kind | fired | judged | came true | precision [95% CI] | missed, no warning "
        "| lead time, months [95% CI] |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = table(results)
    for row in rows:
        lines.append(
            f"| {row['kind']} | {row['fired']} | {row['judged']} | {row['came_true']} | "
            f"{_pct(row['precision'])} | {_n(row['missed'])} | "
            f"{_med(row['lead_time_months'], row['lead_n']) if row['lead_time_months'] else '–'} |"
        )
    pseudo = rows[-1]
    if pseudo["events"]:
        lines += [
            "",
            f"Pseudo-deadlines: {pseudo['events']} events (a KPI and a target month), "
            f"{pseudo['events_missed']} of them missed "
            f"({_pct(_share(pseudo['events_missed'], pseudo['events']))}): the base rate "
            "that the precision of a chance under 50% is to be read against.",
        ]
    lines += [
        "",
        "Against the planted problems (label precision: on a plant / (on a plant + false "
        "alarms), Wilson 95%; months ahead: median months from the first warning on a plant "
        "to the end of the history):",
        "",
        "| kind | on a plant | explained | false alarms | label precision [95% CI] "
        "| planted | plants never warned | months ahead [95% CI] |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row["on_plant"] is None:
            continue
        lines.append(
            f"| {row['kind']} | {row['on_plant']} | {row['explained']} | "
            f"{row['false_alarms']} | {_pct(row['label_precision'])} | {row['planted']} | "
            f"{row['plants_missed']} | {_med(row['months_ahead'])} |"
        )
    lines += [
        "",
        "Clean companies against planted problems:",
        "",
        "| group | companies | warnings | per company | raised per replay date "
        "| judged true [95% CI] | months before the end, median [95% CI] |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in compare(results):
        per = "–" if c["per_company"] is None else f"{c['per_company']:.2f}"
        per_date = "–" if c["raised_per_date"] is None else f"{c['raised_per_date']:.2f}"
        lines.append(
            f"| {c['group']} | {c['companies']} | {c['warnings']} | {per} | {per_date} | "
            f"{_pct(c['came_true'])} | {_med(c['months_before_end'])} |"
        )
    return "\n".join(lines)


def parse(argv: Sequence[str]) -> dict[str, Any]:
    """``--set tune|report|holdout`` (env ``COXSWAIN_BENCH_SET``, default report), ``--n N``
    planned companies (``COXSWAIN_BENCH_N``), ``--processes P`` (at most 2 here),
    ``--max-dates D`` (the last D quarter ends of each company; 0: all)."""
    import os

    opts: dict[str, Any] = {
        "set": os.environ.get("COXSWAIN_BENCH_SET", "report"),
        "n": int(os.environ.get("COXSWAIN_BENCH_N", DEFAULT_N)),
        "processes": int(os.environ.get("COXSWAIN_BENCH_PROCESSES", 2)),
        "max_dates": MAX_DATES,
    }
    args = list(argv)
    for i, a in enumerate(args):
        if a in ("--set", "--n", "--processes", "--max-dates") and i + 1 < len(args):
            key = a[2:].replace("-", "_")
            opts[key] = args[i + 1] if key == "set" else int(args[i + 1])
    return opts


def main(argv: Sequence[str] | None = None) -> None:
    opts = parse(sys.argv[1:] if argv is None else argv)
    results, seconds = run_set(
        opts["set"], opts["n"], min(2, opts["processes"]), max_dates=opts["max_dates"]
    )
    print(report(opts["set"], results, seconds), flush=True)
