"""The detector benchmark for a few finding kinds only: cheap, for working on their detectors.

    python -m benchmarks.detectors.kinds --set tune --kinds kpi_shift,kpi_anomaly
    python -m benchmarks.detectors.kinds --base 5000 --kinds slow_innovation --processes 2

Runs only the analyses that make those kinds (``ANALYSES_OF``; the stage always runs) on the
set's clean companies and on the companies with a plant of one of those kinds (for ``silo``,
also those with a ``bottleneck`` plant, whose team may look like a silo; ``--all``: every
company of the set), and prints per kind the recall and the false alarms in clean and in
drifted companies, matched as ``score.match`` matches them, then every miss and every false
alarm (seed, cadence, months of history, subjects and what the finding says) for diagnosis.
``--set`` (tune, report, holdout) or ``--base N`` (another set of seeds, such as EXTRA,
5000, for diagnosis only), ``--n`` (default 220) as in ``run.py``; ``--seeds 1021,1140`` runs
those companies only; ``--processes P`` (default 1). The figures are those of the whole
benchmark for these kinds, where every analysis runs: the kinds here read no other
analysis's section.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.detectors.generate import AS_OF, Plant, generate, plan_set
from benchmarks.detectors.run import DEFAULT_N, SETS
from benchmarks.detectors.score import Found, match

ANALYSES_OF = {
    "kpi_shift": ("shifts",),
    "kpi_anomaly": ("shifts",),
    "initiative_harm": ("impact",),
    "initiative_win": ("impact",),
    "kpi_off_track": ("kpi_status",),
    "kpi_at_risk": ("forecast",),
    "slow_innovation": ("innovation",),
    "strategy_link_unsupported": ("strategy_links",),
    "expectation_gap": ("diagnostics",),
    "kpi_tension": ("diagnostics",),
    "silo": ("network",),
    "bottleneck": ("network",),
}
ALSO_RUN = {"silo": {"bottleneck"}}  # companies with these plants may raise the kind falsely


def _brief(evidence: dict[str, Any]) -> str:
    keys = ("date", "dates", "jump", "sigmas", "p", "p_adjusted", "t", "threshold_z", "difference")
    parts = [f"{k}={evidence[k]}" for k in keys if k in evidence]
    obs = evidence.get("observations")
    if obs:
        parts.append("z=" + ",".join(str(o.get("z")) for o in obs))
    return " ".join(parts)


@dataclass
class Company:
    seed: int
    where: str  # seed, cadence and months of history
    plants: list[Plant]
    detected: list[bool]
    false: list[tuple[Found, str]]  # a false alarm of the kinds, with what it says


def _one(job: tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]]) -> Company:
    from coxswain.analysis.runner import analyze

    seed, planted, kinds, only = job
    company = generate(seed, list(planted))
    result = analyze(company.workbook(), as_of=AS_OF, only=list(only))
    found = [
        Found(f.kind, tuple(f.subjects), f.severity.value)
        for f in result.findings
        if f.kind in kinds
    ]
    detected, false = match(company.plants, found, [k["id"] for k in company.company["kpis"]])
    said = {(f.kind, tuple(f.subjects)): f"{_brief(f.evidence)} {f.title}" for f in result.findings}
    return Company(
        seed,
        f"{seed} {company.cadence} {company.months}m",
        company.plants,
        detected,
        [(f, said[(f.kind, f.subjects)]) for f in false],
    )


def run(
    base: int,
    n: int,
    kinds: Sequence[str],
    *,
    every: bool = False,
    seeds: set[int] | None = None,
    processes: int = 1,
) -> str:
    only = tuple(sorted({a for k in kinds for a in ANALYSES_OF[k]}))
    wanted = set(kinds).union(*(ALSO_RUN.get(k, set()) for k in kinds))
    jobs = [
        (seed, tuple(planted), tuple(kinds), only)
        for seed, planted in plan_set(base, n)
        if (seeds is None or seed in seeds) and (every or not planted or set(planted) & wanted)
    ]
    start = time.perf_counter()
    if processes <= 1:
        companies = [_one(j) for j in jobs]
    else:
        with mp.get_context("spawn").Pool(processes) as pool:
            companies = sorted(pool.imap_unordered(_one, jobs), key=lambda c: c.seed)
    seconds = time.perf_counter() - start
    planted_n: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    fa_clean: Counter[str] = Counter()
    fa_drift: Counter[str] = Counter()
    notes: list[str] = []
    for c in companies:
        for p, d in zip(c.plants, c.detected, strict=True):
            if p.kind in kinds:
                planted_n[p.kind] += 1
                hit[p.kind] += d
                if not d:
                    notes.append(f"miss  {p.kind:16} {c.where} {p.subjects} {p.size}")
        for f, said in c.false:
            (fa_drift if c.plants else fa_clean)[f.kind] += 1
            notes.append(
                f"FA {'drift' if c.plants else 'clean'} {f.kind:16} {c.where} {f.subjects} {said}"
            )
    clean = sum(1 for c in companies if not c.plants)
    lines = [
        f"plan_set({base}, {n}): {clean} clean and {len(companies) - clean} drifted companies; "
        f"analyses {', '.join(only)}; {seconds:.0f} s",
        "",
        "| kind | recall | false alarms in clean | false alarms in drifted |",
        "|---|---|---|---|",
    ]
    for k in kinds:
        lines.append(f"| {k} | {hit[k]}/{planted_n[k]} | {fa_clean[k]} | {fa_drift[k]} |")
    lines.append(
        f"| these kinds | {sum(hit.values())}/{sum(planted_n.values())} | "
        f"{sum(fa_clean.values())} ({sum(fa_clean.values()) / max(clean, 1):.2f} a clean "
        f"company) | {sum(fa_drift.values())} |"
    )
    return "\n".join([*lines, "", *notes])


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)

    def opt(name: str, default: str) -> str:
        return args[args.index(name) + 1] if name in args else default

    kinds = [k for k in opt("--kinds", "kpi_shift,kpi_anomaly").split(",") if k]
    unknown = sorted(set(kinds) - set(ANALYSES_OF))
    if unknown:
        raise SystemExit(f"--kinds: no analysis known for {unknown}; known: {sorted(ANALYSES_OF)}")
    seeds = opt("--seeds", "")
    print(
        run(
            int(opt("--base", str(SETS[opt("--set", "tune")]))),
            int(opt("--n", str(DEFAULT_N))),
            kinds,
            every="--all" in args,
            seeds={int(s) for s in seeds.split(",")} if seeds else None,
            processes=int(opt("--processes", "1")),
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
