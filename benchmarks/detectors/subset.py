"""A cheap run of the detector benchmark for a few finding kinds: only the analyses that raise
them, only the companies that matter (the clean ones and those with a plant of the kinds,
plus, for ``silo``, those with a ``bottleneck`` plant, whose team may look like a silo).

    uv run --frozen python -m benchmarks.detectors.subset --kinds slow_innovation,silo \
        --base 1000 --n 220 [--processes 2] [--all] [--detail]

Prints, per kind, recall and the false alarms in clean and in drifted companies (matched as
``score.match`` does, against all the company's plants), and with ``--detail`` every miss and
false alarm with the finding's evidence summary. ``--all`` runs every drifted company, not
only those with a plant of the kinds. Sets: TUNE is base 1000, REPORT 2000; EXTRA (base 5000)
is a third set for diagnosis only (docs/analyses.md, round 4).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
from dataclasses import dataclass, field

from benchmarks.detectors.generate import AS_OF, Plant, generate, plan_set
from benchmarks.detectors.score import Found, match

ANALYSES = {
    "slow_innovation": ("innovation",),
    "strategy_link_unsupported": ("strategy_links",),
    "expectation_gap": ("diagnostics",),
    "kpi_tension": ("diagnostics",),
    "silo": ("network",),
    "bottleneck": ("network",),
}


@dataclass
class Row:
    seed: int
    plants: list[Plant]
    detected: list[bool]
    false: list[Found]
    notes: list[str] = field(default_factory=list)


def run_one(job: tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]]) -> Row:
    from coxswain.analysis.runner import analyze

    seed, plants, kinds, only = job
    company = generate(seed, plants)
    result = analyze(company.workbook(), as_of=AS_OF, only=only)
    found = [
        Found(f.kind, tuple(f.subjects), f.severity.value)
        for f in result.findings
        if f.kind in kinds
    ]
    detected, false = match(company.plants, found, [k["id"] for k in company.company["kpis"]])
    notes = [
        f"{f.kind} {f.severity.value} {list(f.subjects)}: {f.title}"
        for f in result.findings
        if f.kind in kinds
    ]
    return Row(seed, company.plants, detected, false, notes)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinds", required=True)
    ap.add_argument("--base", type=int, default=1000)
    ap.add_argument("--n", type=int, default=220)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args(argv)
    kinds = tuple(args.kinds.split(","))
    only = tuple(sorted({a for k in kinds for a in ANALYSES[k]}))
    wanted = set(kinds) | ({"bottleneck"} if "silo" in kinds else set())
    jobs = [
        (seed, plants, kinds, only)
        for seed, plants in plan_set(args.base, args.n)
        if not plants or args.all or set(plants) & wanted
    ]
    if args.processes <= 1:
        rows = [run_one(j) for j in jobs]
    else:
        with mp.get_context("spawn").Pool(args.processes) as pool:
            rows = list(pool.imap_unordered(run_one, jobs, chunksize=1))
    rows.sort(key=lambda r: r.seed)
    clean = [r for r in rows if not r.plants]
    drifted = [r for r in rows if r.plants]
    print(
        f"base {args.base}, n {args.n}: {len(clean)} clean, {len(drifted)} drifted run; "
        f"analyses {', '.join(only)}"
    )
    print("| kind | recall | FA in clean | FA in drifted |")
    print("|---|---|---|---|")
    for kind in kinds:
        planted = [(p, d) for r in rows for p, d in zip(r.plants, r.detected, strict=True)]
        n_p = sum(1 for p, _ in planted if p.kind == kind)
        hit = sum(1 for p, d in planted if p.kind == kind and d)
        fa_c = sum(1 for r in clean for f in r.false if f.kind == kind)
        fa_d = sum(1 for r in drifted for f in r.false if f.kind == kind)
        print(f"| {kind} | {hit}/{n_p} | {fa_c} | {fa_d} |")
    if args.detail:
        for r in rows:
            misses = [
                p for p, d in zip(r.plants, r.detected, strict=True) if not d and p.kind in kinds
            ]
            if not misses and not r.false:
                continue
            print(f"\nseed {r.seed} plants {[p.kind for p in r.plants]}")
            for p in misses:
                print(f"  MISS {p.kind} {p.key} size {p.size}")
            for f in r.false:
                print(f"  FALSE {f.kind} {f.severity} {f.subjects}")
            for n in r.notes:
                print(f"  found: {n}")


if __name__ == "__main__":
    main()
