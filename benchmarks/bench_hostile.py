"""The hostile-input corpus through ``coxswain validate``, one process per case, at full size
(a 2.6 MB zip expanding to 900 MB, ten levels of ten YAML aliases, 50,000-deep nesting, a
header of 100,000 columns, a row of 100,000 cells, …).

For each case: whether it was refused (exit 1 with the expected placed problem), the
seconds it took and the command's peak resident memory (``os.wait4``). Target: every case
refused within seconds and far under 1 GB. The plain comparison, in the same run, is the
same command on a valid example workbook: what any ``validate`` costs.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-c", "from coxswain.cli import app; app()", "validate"]
MB = 1024 * 1024
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "crust_and_crumb"


# A small go-between starts the command and reports the command's own peak memory: a child
# forked straight from this process would count this process's memory (the files it built)
# in its peak, as Linux keeps the high-water mark across exec.
WRAPPER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def measure(path: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MB, stderr) of ``coxswain validate path``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *CLI, str(path)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    code, max_rss_kb = (int(x) for x in done.stdout.split())
    return code, seconds, max_rss_kb / 1024, done.stderr


def run() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.hostile.corpus import CASES

    code, seconds, rss, _ = measure(EXAMPLE)
    print(f"plain: validate of a valid example: exit {code}, {seconds:.1f} s, {rss:.0f} MB")
    print(f"{'case':34} {'input':>10} {'refused':>8} {'seconds':>8} {'peak RSS':>9}")
    worst_seconds = worst_rss = 0.0
    failures = []
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix="coxswain-hostile-") as tmp:
            path = case.build(Path(tmp), True)
            size = sum(f.stat().st_size for f in path.rglob("*")) if path.is_dir() else 0
            size = size or path.stat().st_size
            code, seconds, rss, err = measure(path)
        refused = code == 1 and case.expect in err and "Traceback" not in err
        if not refused:
            failures.append(f"{case.name}: exit {code}: {err[-300:]}")
        worst_seconds, worst_rss = max(worst_seconds, seconds), max(worst_rss, rss)
        print(
            f"{case.name:34} {size / MB:>8.1f}MB {'yes' if refused else 'NO':>8} "
            f"{seconds:>7.1f}s {rss:>7.0f}MB"
        )
    print(f"slowest refusal: {worst_seconds:.1f} s; largest peak memory: {worst_rss:.0f} MB")
    if failures:
        raise AssertionError("not refused as expected:\n" + "\n".join(failures))
