"""Layout of the strategy map as inline SVG: objectives in perspective rows
(financial on top, learning at the bottom), driver arrows, colour by status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coxswain.analysis.payloads import cascade_payload
from coxswain.analysis.result import Result
from coxswain.report import STATUS_COLOURS, objective_status, wrap_lines

ROWS = ("financial", "customer", "internal", "learning", None)
ROW_NAMES = {
    "financial": "Financial",
    "customer": "Customer",
    "internal": "Internal processes",
    "learning": "Learning & growth",
    None: "Other",
}
WIDTH = 1000
LEFT = 130  # room for the row labels
ROW_H = 120
BOX_H = 70
GAP = 16


@dataclass
class Box:
    id: str
    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    colour: str
    status: str
    weight: float


@dataclass
class StrategyMap:
    width: int
    height: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    arrows: list[str] = field(default_factory=list)  # SVG path data


def layout(result: Result) -> StrategyMap | None:
    objectives = cascade_payload(result.sections.get("cascade")).objectives
    if not objectives:
        return None
    status = objective_status(result)
    rows = [p for p in ROWS if any(o.perspective == p for o in objectives)]
    smap = StrategyMap(width=WIDTH, height=len(rows) * ROW_H + 10)
    boxes: dict[str, Box] = {}
    for r, perspective in enumerate(rows):
        members = [o for o in objectives if o.perspective == perspective]
        y = r * ROW_H + 10
        smap.rows.append({"y": y, "h": ROW_H - 10, "name": ROW_NAMES[perspective]})
        n = len(members)
        w = min(230.0, (WIDTH - LEFT - GAP * (n + 1)) / n)
        total = n * w + (n - 1) * GAP
        x0 = LEFT + (WIDTH - LEFT - total) / 2
        chars = max(8, int(w / 7.2))
        for k, o in enumerate(members):
            lines = wrap_lines(o.name, chars, 3)
            st = status.get(o.objective, "no_data")
            box = Box(
                id=o.objective,
                x=x0 + k * (w + GAP),
                y=y + (ROW_H - 10 - BOX_H) / 2,
                w=w,
                h=BOX_H,
                lines=lines,
                colour=STATUS_COLOURS[st],
                status=st,
                weight=o.weight,
            )
            boxes[box.id] = box
            smap.boxes.append(box)
    edges = [
        (driver, o.objective)
        for o in objectives
        for driver in o.drivers
        if driver in boxes and o.objective in boxes
    ]
    # spread the ends of several arrows along a box's edge, ordered by the other end's x
    outgoing: dict[str, list[tuple[str, str]]] = {}
    incoming: dict[str, list[tuple[str, str]]] = {}
    for edge in edges:
        outgoing.setdefault(edge[0], []).append(edge)
        incoming.setdefault(edge[1], []).append(edge)
    for group, other in ((outgoing, 1), (incoming, 0)):
        for items in group.values():
            items.sort(key=lambda e, o=other: (boxes[e[o]].x, e[o]))  # type: ignore[misc]
    for edge in edges:
        a, b = boxes[edge[0]], boxes[edge[1]]
        out, inn = outgoing[edge[0]], incoming[edge[1]]
        ax = a.x + a.w * (out.index(edge) + 1) / (len(out) + 1)
        bx = b.x + b.w * (inn.index(edge) + 1) / (len(inn) + 1)
        smap.arrows.append(_arrow(a, b, ax, bx, list(boxes.values())))
    return smap


def _lane(lo: float, hi: float, boxes: list[Box], near: float) -> float | None:
    """An x between ``lo`` and ``hi`` (y) that crosses no box, as near to ``near`` as can be."""
    blocking = [b for b in boxes if b.y < hi and b.y + b.h > lo]
    if not blocking:
        return None
    candidates = [
        x
        for x in range(LEFT - 20, WIDTH - 8, 4)
        if all(not (b.x - 10 <= x <= b.x + b.w + 10) for b in blocking)
    ]
    return min(candidates, key=lambda x: (abs(x - near), x)) if candidates else None


def _arrow(a: Box, b: Box, ax: float, bx: float, boxes: list[Box]) -> str:
    if abs(a.y - b.y) < 1:  # same row: arc above the boxes
        y, top = a.y, a.y - 28
        return f"M {ax:.1f} {y:.1f} C {ax:.1f} {top:.1f}, {bx:.1f} {top:.1f}, {bx:.1f} {y:.1f}"
    if a.y > b.y:  # driver below (the usual case): from its top to the target's bottom
        y1, y2, step = a.y, b.y + b.h, -1
    else:
        y1, y2, step = a.y + a.h, b.y, 1
    between = [x for x in boxes if x is not a and x is not b]
    lo, hi = min(y1, y2) + 5, max(y1, y2) - 5
    lane = _lane(lo, hi, between, (ax + bx) / 2)
    if lane is not None:  # skip rows through a gap between the boxes in the way
        t1, t2 = y1 + step * 22, y2 - step * 22
        return (
            f"M {ax:.1f} {y1:.1f} C {ax:.1f} {t1:.1f}, {lane:.1f} {y1:.1f}, {lane:.1f} {t1:.1f} "
            f"L {lane:.1f} {t2:.1f} C {lane:.1f} {y2:.1f}, {bx:.1f} {t2:.1f}, {bx:.1f} {y2:.1f}"
        )
    mid = (y1 + y2) / 2
    return f"M {ax:.1f} {y1:.1f} C {ax:.1f} {mid:.1f}, {bx:.1f} {mid:.1f}, {bx:.1f} {y2:.1f}"
