"""The server-drawn charts (coxswain.web.charts): axes in the KPI's unit."""

from __future__ import annotations

import datetime as dt
import re

from coxswain.web import charts
from coxswain.wording.numbers import Words

VALUES = [3.6, 3.7, 3.9, 3.8, 4.0, 4.1]
POINTS = [(dt.date(2026, m, 28), v) for m, v in enumerate(VALUES, start=1)]


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_kpi_chart_names_its_unit_and_writes_the_axis_in_it() -> None:
    svg = str(charts.line_chart(POINTS, title="Review rating", unit="1-5", target=4.6))
    texts = _texts(svg)
    assert "out of 5" in texts  # the scale said once, above the axis
    assert "<title>target 4.6 out of 5</title>" in svg
    ticks = [t for t in texts if re.fullmatch(r"[\d.]+", t)]
    assert ticks and all(len(t) <= 4 for t in ticks)  # "3.5", never "3.5280000"


def test_money_and_percentages_carry_their_sign_on_the_ticks_and_need_no_caption() -> None:
    money = [(d, v * 10_000) for d, v in POINTS]
    texts = _texts(str(charts.line_chart(money, title="Takings", unit="USD")))
    assert any(t.startswith("$") and t.endswith("K") for t in texts), texts
    texts = _texts(str(charts.line_chart(money, title="Takings", unit="EUR", words=Words("de_DE"))))
    assert any(t.endswith("€") for t in texts), texts
    share = [(d, v * 10) for d, v in POINTS]
    svg = str(charts.line_chart(share, title="Repeat share", unit="%"))
    assert 'class="tick unit"' not in svg
    assert any(t.endswith("%") for t in _texts(svg))


def test_the_index_chart_says_what_its_axis_counts() -> None:
    svg = str(
        charts.line_chart(
            [(d, v * 20) for d, v in POINTS],
            title="Alignment index over time",
            y_range=(0, 100),
            axis_label="index, out of 100",
        )
    )
    assert "index, out of 100" in _texts(svg)
    assert {"0", "100"} <= set(_texts(svg))


def test_one_date_is_written_once_under_its_point() -> None:
    """A goal with one check-in was drawn between "December 6, 2026" and "December 6, 2026",
    as if over a span (a walk-through)."""
    svg = str(charts.line_chart([(dt.date(2026, 12, 6), 55.0)], title="Adoption", unit="%"))
    assert _texts(svg).count("December 6, 2026") == 1
    two = str(charts.line_chart(POINTS[:2], title="Rating", unit="1-5"))
    assert "January 28, 2026" in _texts(two) and "February 28, 2026" in _texts(two)
