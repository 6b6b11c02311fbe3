"""The warnings benchmark: the backtest run on the labelled companies of the detector
benchmark, its warnings' precision, misses and lead time per kind, by its own judgement and
against the planted problems (``benchmarks/warnbench/run.py``).

Not in ``make bench``'s default run (it takes several minutes): name it.

python -m benchmarks warnings                                  # report set, 40 planned
python -m benchmarks warnings --set report --n 40 --processes 2
See docs/backtest.md, "Validation on the labelled benchmark".
"""

from __future__ import annotations

from benchmarks.warnbench.run import main


def run() -> None:
    main()


if __name__ == "__main__":
    run()
