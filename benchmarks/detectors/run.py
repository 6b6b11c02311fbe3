"""Run the detector benchmark on a set of companies and print its tables.

The TUNE set uses seeds from 1000, the REPORT set seeds from 2000 (``plan_set``): tune the
detectors on the first, quote the second. The HOLDOUT set (seeds from 3000) is for a check
that nobody has looked at while working on the detectors; once looked at, use the next
thousand. Each company is generated, analysed with
``coxswain.analysis.runner.analyze`` as of ``AS_OF`` and scored (``score.match``), in two
worker processes.
"""

from __future__ import annotations

import json
import math
import multiprocessing as mp
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.detectors.generate import AS_OF, KINDS, Plant, generate, plan_set
from benchmarks.detectors.score import Found, hanley_mcneil, match, poisson_rate, wilson
from benchmarks.detectors.score import auc as auc_of

SETS = {"tune": 1000, "report": 2000, "holdout": 3000}
DEFAULT_N = 220  # the least that gives ≥ 30 plants of every kind and ≥ 25 clean companies

SIZES = {
    "value_conflict": "−2 on a valued objective, r ≥ 1",
    "resource_misallocation": "TVD ≥ 0.40",
    "orphan_work": "≥ 10% of hours, no objective",
    "uncovered_objective": "r ≥ 1, no KPI",
    "kpi_off_track": "≥ 3σ past warning",
    "kpi_at_risk": "≥ 5σ short, 3 months left",
    "kpi_shift": "≥ 6σ a month (30 months: 5.5σ; 48: 4.5σ), 6–12 months old",
    "kpi_anomaly": "one value ×10 or 0",
    "expectation_gap": "±5σ ramps over 12 months",
    "kpi_tension": "±5σ ramps over 12 months",
    "initiative_harm": "≥ 3σ step at start (monthly KPI: 5σ), 2 years",
    "strategy_link_unsupported": "change r −0.7…−0.9, ≥ 36 months",
    "initiative_win": "≥ 3σ step at start (monthly KPI: 5σ), 2 years",
    "silo": "≥ 95% inside, others 55–75%",
    "bottleneck": "≥ 90% of a team pair",
    "low_understanding": "≤ 20% state, LoS ≤ 2.5",
    "sentiment_decline": "compound −0.25, 4 months",
    "slow_innovation": "≥ 150 days to decide",
    "talent_gap": "nobody at level 3+",
    "automation_risk": "no fallback, valued touchpoint",
    "review_lapsed": "≥ 300 days since review",
    "goal_behind": "≤ 30% at 75% of the year",
}


@dataclass
class Outcome:
    seed: int
    sector: str
    people: int
    cadence: str
    months: int
    plants: list[Plant]
    detected: list[bool]
    findings: list[Found]
    false: list[Found]
    index: float | None
    seconds: float


def run_one(job: tuple[int, tuple[str, ...]]) -> Outcome:
    from coxswain.analysis.runner import analyze

    seed, kinds = job
    start = time.perf_counter()
    company = generate(seed, kinds)
    workbook = company.workbook()
    result = analyze(workbook, as_of=AS_OF)
    found = [Found(f.kind, tuple(f.subjects), f.severity.value) for f in result.findings]
    detected, false = match(company.plants, found, [k["id"] for k in company.company["kpis"]])
    return Outcome(
        seed=seed,
        sector=company.sector,
        people=company.people,
        cadence=company.cadence,
        months=company.months,
        plants=company.plants,
        detected=detected,
        findings=found,
        false=false,
        index=result.alignment_index,
        seconds=time.perf_counter() - start,
    )


def run_set(name: str, n: int, processes: int = 2) -> tuple[list[Outcome], float]:
    jobs = plan_set(SETS[name], n)
    start = time.perf_counter()
    if processes <= 1:
        outcomes = [run_one(j) for j in jobs]
    else:
        with mp.get_context("spawn").Pool(processes) as pool:
            outcomes = list(pool.imap_unordered(run_one, jobs, chunksize=1))
    outcomes.sort(key=lambda o: o.seed)
    return outcomes, time.perf_counter() - start


def _pct(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:.0f}%"


def report(name: str, outcomes: Sequence[Outcome], seconds: float) -> str:
    clean = [o for o in outcomes if not o.plants]
    drifted = [o for o in outcomes if o.plants]
    planted: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for o in outcomes:
        for p, d in zip(o.plants, o.detected, strict=True):
            planted[p.kind] += 1
            hit[p.kind] += d
    fa_clean: Counter[str] = Counter(f.kind for o in clean for f in o.false)
    fa_drift: Counter[str] = Counter(f.kind for o in drifted for f in o.false)
    lines = [
        f"{name.upper()} set: {len(outcomes)} companies ({len(clean)} clean, {len(drifted)} "
        f"with 1–5 plants), seeds {SETS[name]}–{SETS[name] + len(outcomes) - 1}, as of {AS_OF}; "
        f"{seconds:.0f} s wall, {statistics.mean(o.seconds for o in outcomes):.1f} s a company",
        "",
        "| kind | detectable size | planted | detected | recall [95% CI] "
        "| false alarms in clean (per clean co. [95% CI]) | false alarms in drifted (per co.) |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        n_p, k = planted[kind], hit[kind]
        lo, hi = wilson(k, n_p)
        rate, rlo, rhi = poisson_rate(fa_clean[kind], len(clean))
        drift_rate = fa_drift[kind] / len(drifted) if drifted else math.nan
        lines.append(
            f"| {kind} | {SIZES[kind]} | {n_p} | {k} | "
            f"{_pct(k / n_p if n_p else math.nan)} [{_pct(lo)}, {_pct(hi)}] | "
            f"{fa_clean[kind]} ({rate:.2f} [{rlo:.2f}, {rhi:.2f}]) | "
            f"{fa_drift[kind]} ({drift_rate:.2f}) |"
        )
    total_p, total_k = sum(planted.values()), sum(hit.values())
    lo, hi = wilson(total_k, total_p)
    n_fa = sum(fa_clean.values())
    rate, rlo, rhi = poisson_rate(n_fa, len(clean))
    with_fa = sum(1 for o in clean if o.false)
    wlo, whi = wilson(with_fa, len(clean))
    lines += [
        f"| all kinds | | {total_p} | {total_k} | {_pct(total_k / max(1, total_p))} "
        f"[{_pct(lo)}, {_pct(hi)}] | {n_fa} ({rate:.2f} [{rlo:.2f}, {rhi:.2f}]) | "
        f"{sum(fa_drift.values())} ({sum(fa_drift.values()) / max(1, len(drifted)):.2f}) |",
        "",
        f"False alarms per clean company: {rate:.2f} [{rlo:.2f}, {rhi:.2f}] (aim ≤ 0.20); "
        f"clean companies with any false alarm: {with_fa}/{len(clean)} "
        f"({_pct(with_fa / max(1, len(clean)))} [{_pct(wlo)}, {_pct(whi)}]).",
    ]
    idx_clean = [o.index for o in clean if o.index is not None]
    idx_drift = [o.index for o in drifted if o.index is not None]
    a = auc_of(idx_clean, idx_drift)
    alo, ahi = hanley_mcneil(a, len(idx_clean), len(idx_drift))
    lines += [
        f"Index separation: AUC (clean above drifted) {a:.3f} [{alo:.3f}, {ahi:.3f}] "
        "(Hanley–McNeil 95% CI; aim ≥ 0.9).",
        "",
        "| planted problems | companies | mean index | SD | min–max |",
        "|---|---|---|---|---|",
    ]
    by_count: dict[int, list[float]] = defaultdict(list)
    for o in outcomes:
        if o.index is not None:
            by_count[len(o.plants)].append(o.index)
    for c in sorted(by_count):
        xs = by_count[c]
        sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
        mean = statistics.mean(xs)
        lines.append(f"| {c} | {len(xs)} | {mean:.1f} | {sd:.1f} | {min(xs):.1f}–{max(xs):.1f} |")
    by_cadence: dict[str, list[float]] = defaultdict(list)
    for o in outcomes:
        by_cadence[o.cadence].append(o.seconds)
    lines += [
        "",
        "Seconds a company by KPI cadence: "
        + ", ".join(
            f"{c} {statistics.mean(v):.1f} (n={len(v)})" for c, v in sorted(by_cadence.items())
        ),
    ]
    return "\n".join(lines)


def dump(path: Path, outcomes: Sequence[Outcome]) -> None:
    """Every company's plants, findings and false alarms, for diagnosis."""
    rows: list[dict[str, Any]] = []
    for o in outcomes:
        row = asdict(o)
        rows.append(row)
    path.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")


def parse(argv: Sequence[str]) -> dict[str, Any]:
    """``--set tune|report|holdout|both`` (env ``COXSWAIN_BENCH_SET``), ``--n N``
    (``COXSWAIN_BENCH_N``), ``--processes P``, ``--dump DIR`` (JSON of every company)."""
    import os

    opts: dict[str, Any] = {
        "set": os.environ.get("COXSWAIN_BENCH_SET", "both"),
        "n": int(os.environ.get("COXSWAIN_BENCH_N", DEFAULT_N)),
        "processes": int(os.environ.get("COXSWAIN_BENCH_PROCESSES", 2)),
        "dump": os.environ.get("COXSWAIN_BENCH_DUMP"),
    }
    args = list(argv)
    for i, a in enumerate(args):
        if a in ("--set", "--n", "--processes", "--dump") and i + 1 < len(args):
            key = a[2:]
            opts[key] = args[i + 1] if key in ("set", "dump") else int(args[i + 1])
    return opts


def main(argv: Sequence[str] | None = None) -> None:
    opts = parse(sys.argv[1:] if argv is None else argv)
    names = ["tune", "report"] if opts["set"] == "both" else [opts["set"]]
    for name in names:
        outcomes, seconds = run_set(name, opts["n"], opts["processes"])
        print(report(name, outcomes, seconds), flush=True)
        print(flush=True)
        if opts["dump"]:
            Path(opts["dump"]).mkdir(parents=True, exist_ok=True)
            dump(Path(opts["dump"]) / f"detectors-{name}.json", outcomes)
