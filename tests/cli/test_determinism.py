"""The same workbook gives the same result in every process (set and dict orders, thread
scheduling and float summation order must not leak into it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["loop_analytics", "thimble_and_thread"])
def test_two_processes_give_byte_identical_json(name: str, tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed, "COXSWAIN_CACHE": "off"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "coxswain",
                "analyze",
                str(EXAMPLES / name),
                "-f",
                "json",
                "-o",
                str(out),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]
