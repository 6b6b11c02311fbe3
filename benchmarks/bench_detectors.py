"""The labelled detector benchmark: synthetic companies with planted problems of every finding
kind (``benchmarks/detectors/generate.py``), analysed and scored per kind (recall with Wilson
intervals, false alarms per clean company, the index's AUC of clean against drifted).

python -m benchmarks detectors                      # both sets, 220 companies each
python -m benchmarks detectors --set report --n 40  # a quick look
Env: COXSWAIN_BENCH_SET, COXSWAIN_BENCH_N, COXSWAIN_BENCH_PROCESSES, COXSWAIN_BENCH_DUMP.
See docs/analyses.md, "The labelled detector benchmark".
"""

from __future__ import annotations

from benchmarks.detectors.run import main


def run() -> None:
    main()


if __name__ == "__main__":
    run()
