"""The PDF's page 1: the header and the drift stories where there are findings, else the plan
and every component (and the strategy map where there is room), not a page left a quarter
empty because one block could not break."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxswain.analysis.base import COMPONENTS
from coxswain.analysis.runner import analyze
from coxswain.report.html import render_html
from coxswain.workbook import read_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ROWS = [f"component-{name}" for name in COMPONENTS]


def _page_of_anchor(name: str) -> dict[str, int]:
    """Each anchor (element id) of the example's PDF → the page it starts on (1-based)."""
    from weasyprint import HTML

    result = analyze(read_workbook(EXAMPLES / name), strict=True)
    document = HTML(string=render_html(result, for_pdf=True)).render()
    return {a: n for n, page in enumerate(document.pages, 1) for a in page.anchors}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "on_page_one"),
    [
        # drift: the report opens with the stories, the first ones on page one
        ("crust_and_crumb", ["stories", "story-1", "story-2"]),
        ("loop_analytics", ["stories", "story-1", "story-2"]),
        # no plan (a healthy business): the components and the strategy map, legend and all
        ("harbour_dental", ["components", *ROWS, "strategy-map", "strategy-map-legend"]),
    ],
)
def test_page_one_is_filled(name: str, on_page_one: list[str]) -> None:
    pages = _page_of_anchor(name)
    assert {a: pages[a] for a in on_page_one} == dict.fromkeys(on_page_one, 1)
    # the plan follows the stories on page two at the latest, the findings soon after
    assert pages["plan"] <= 2
    assert pages["findings"] <= (3 if "stories" in pages else 2)


@pytest.mark.slow
def test_the_same_result_prints_to_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """fontTools stamps each font subset with the clock: two prints a minute apart once
    differed, so a stored report's PDF could not be compared or cached."""
    import time

    from coxswain.report.pdf import render_pdf

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = analyze(read_workbook(EXAMPLES / "harbour_dental"), strict=True)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    first = render_pdf(result)
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert render_pdf(result) == first
