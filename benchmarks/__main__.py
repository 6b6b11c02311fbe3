"""`make bench`: run every benchmarks/bench_*.py module's ``run()``, or those named.

python -m benchmarks                # all
python -m benchmarks workbook kpi   # bench_workbook.py and bench_kpi.py only
python -m benchmarks warnings       # OPT_IN modules run only when named
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

OPT_IN = frozenset({"bench_warnings"})  # minutes long: run only when named


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    if argv:
        names = [n for n in names if n.removeprefix("bench_") in argv or n in argv]
    else:
        names = [n for n in names if n not in OPT_IN]
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").run()
        except Exception as exc:  # report and go on: one broken benchmark must not hide others
            failed.append(name)
            print(f"FAILED: {type(exc).__name__}: {exc}", flush=True)
        print(f"({name} took {time.perf_counter() - start:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
