"""Reading and validating a 1,000,000-row messages.csv, against a plain csv-module loop.

The plain approach is what a careful hand-written validator does: csv.DictReader,
parse each timestamp, check sender and recipients against the people ids.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import time
from pathlib import Path

ROWS = 1_000_000


def plain_validate(folder: Path) -> int:
    with (folder / "people.csv").open(encoding="utf-8") as fh:
        people = {row["id"] for row in csv.DictReader(fh)}
    problems = 0
    with (folder / "messages.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                dt.datetime.fromisoformat(row["timestamp"])
            except ValueError:
                problems += 1
            if row["sender"] not in people:
                problems += 1
            for r in row["recipients"].split(";"):
                if r and r not in people:
                    problems += 1
    return problems


def run() -> None:
    from benchmarks.generate_messages import write_messages_workbook
    from coxswain.workbook import read_workbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        start = time.perf_counter()
        write_messages_workbook(folder, rows=ROWS, people=2_000, seed=0)
        print(f"generated {ROWS:,} messages in {time.perf_counter() - start:.1f} s")
        size = (folder / "messages.csv").stat().st_size
        start = time.perf_counter()
        workbook = read_workbook(folder)
        ours = time.perf_counter() - start
        assert workbook.messages.height == ROWS
        start = time.perf_counter()
        plain_validate(folder)
        plain = time.perf_counter() - start
    print(f"messages.csv: {size / 1e6:.0f} MB, {ROWS:,} rows")
    print(f"coxswain read_workbook (typed, validated): {ours:.2f} s")
    print(f"plain csv.DictReader loop (fewer checks):  {plain:.2f} s")
    print(f"ratio plain / coxswain: {plain / ours:.1f}x")
