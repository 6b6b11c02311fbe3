"""The strategy map's layout (Graphviz ``dot`` in WebAssembly, coxswain.report.strategy_map):
the first map of a process (which compiles the module), then a six-objective example map and
a crowded one of 60 objectives and about 120 arrows.

python -m benchmarks map
"""

from __future__ import annotations

import time
from pathlib import Path

from coxswain.report.strategy_map import MapObjective, layout
from coxswain.workbook.read import read_workbook

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "driftwood_roasters"
ROWS = ("financial", "customer", "internal", "learning")


def _example() -> list[MapObjective]:
    return [
        MapObjective(
            id=o.id,
            name=o.name,
            perspective=o.perspective.value if o.perspective else None,
            drivers=tuple(o.drivers),
            weight=o.weight,
        )
        for o in read_workbook(EXAMPLE).company.objectives
    ]


def _crowded(n: int = 60) -> list[MapObjective]:
    """``n`` objectives over the four rows, each driven by two of the row below."""
    per_row = n // len(ROWS)
    out = []
    for r, row in enumerate(ROWS):
        below = ROWS[r + 1] if r + 1 < len(ROWS) else None
        for k in range(per_row):
            drivers = (f"{below}{k}", f"{below}{(k * 7 + 3) % per_row}") if below else ()
            out.append(
                MapObjective(
                    id=f"{row}{k}",
                    name=f"Objective {k} of the {row} row",
                    perspective=row,
                    drivers=drivers,
                    weight=1 / n,
                )
            )
    return out


def _time(objectives: list[MapObjective], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        layout(objectives, {})
    return (time.perf_counter() - start) / repeat


def run() -> None:
    example, crowded = _example(), _crowded()
    print(f"first map of the process (compiles Graphviz): {_time(example, 1) * 1000:8.1f} ms")
    print(f"example map ({len(example)} objectives):          {_time(example, 20) * 1000:8.1f} ms")
    arrows = sum(len(o.drivers) for o in crowded)
    print(
        f"crowded map ({len(crowded)} objectives, {arrows} arrows): "
        f"{_time(crowded, 3) * 1000:8.1f} ms"
    )
