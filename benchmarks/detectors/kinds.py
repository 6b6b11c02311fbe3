"""The detector benchmark for a few finding kinds only: cheap, for working on their detectors.

    python -m benchmarks.detectors.kinds --set tune --kinds kpi_shift,kpi_anomaly

Runs, in one process, only the analyses that make those kinds (``ANALYSES_OF``; the stage
always runs) on the set's clean companies and on the companies with a plant of one of
those kinds (``--all``: every company of the set), and prints per kind the recall and the
false alarms in clean and in drifted companies, matched as ``score.match`` matches them, then
every miss and every false alarm (seed, cadence, months of history, KPI and what the finding
says) for diagnosis. ``--n`` (default 220) and ``--set`` (tune, report, holdout) as in
``run.py``; ``--seeds 1021,1140`` runs those companies only. The figures are those of the
whole benchmark for these kinds, where every analysis runs: the kinds here read no other
analysis's section.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from benchmarks.detectors.generate import AS_OF, generate, plan_set
from benchmarks.detectors.run import DEFAULT_N, SETS
from benchmarks.detectors.score import Found, match

ANALYSES_OF = {
    "kpi_shift": ("shifts",),
    "kpi_anomaly": ("shifts",),
    "initiative_harm": ("impact",),
    "initiative_win": ("impact",),
    "kpi_off_track": ("kpi_status",),
    "kpi_at_risk": ("forecast",),
}


def _brief(evidence: dict[str, Any]) -> str:
    keys = ("date", "dates", "jump", "sigmas", "p", "p_adjusted", "t", "threshold_z", "difference")
    parts = [f"{k}={evidence[k]}" for k in keys if k in evidence]
    obs = evidence.get("observations")
    if obs:
        parts.append("z=" + ",".join(str(o.get("z")) for o in obs))
    return " ".join(parts)


def run(set_name: str, n: int, kinds: Sequence[str], *, every: bool, seeds: set[int] | None) -> str:
    from coxswain.analysis.runner import analyze

    only = sorted({a for k in kinds for a in ANALYSES_OF[k]})
    jobs = [
        (seed, planted)
        for seed, planted in plan_set(SETS[set_name], n)
        if (seeds is None or seed in seeds) and (every or not planted or set(planted) & set(kinds))
    ]
    planted_n: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    fa_clean: Counter[str] = Counter()
    fa_drift: Counter[str] = Counter()
    clean = drifted = 0
    notes: list[str] = []
    start = time.perf_counter()
    for seed, planted in jobs:
        company = generate(seed, planted)
        result = analyze(company.workbook(), as_of=AS_OF, only=only)
        kpis = {k["id"]: k for k in company.company["kpis"]}
        found = [Found(f.kind, tuple(f.subjects), f.severity.value) for f in result.findings]
        detected, false = match(company.plants, found, kpis)
        evidence = {(f.kind, tuple(f.subjects)): f.evidence for f in result.findings}
        where = f"{seed} {company.cadence} {company.months}m"
        if planted:
            drifted += 1
        else:
            clean += 1
        for p, d in zip(company.plants, detected, strict=True):
            if p.kind in kinds:
                planted_n[p.kind] += 1
                hit[p.kind] += d
                if not d:
                    notes.append(f"miss  {p.kind:16} {where} {p.subjects} {p.size}")
        for f in false:
            if f.kind not in kinds:
                continue
            (fa_drift if planted else fa_clean)[f.kind] += 1
            ev = _brief(evidence[(f.kind, f.subjects)])
            notes.append(
                f"FA {'drift' if planted else 'clean'} {f.kind:16} {where} {f.subjects} {ev}"
            )
    seconds = time.perf_counter() - start
    lines = [
        f"{set_name.upper()}: {clean} clean and {drifted} drifted companies of plan_set"
        f"({SETS[set_name]}, {n}); analyses {', '.join(only)}; {seconds:.0f} s",
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
            opt("--set", "tune"),
            int(opt("--n", str(DEFAULT_N))),
            kinds,
            every="--all" in args,
            seeds={int(s) for s in seeds.split(",")} if seeds else None,
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
