# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Charts as inline SVG, rendered on the server (no JavaScript, no build step)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coxswain.analysis.rules import score_band
from coxswain.wording.numbers import Words


def line_chart(
    points: Sequence[tuple[dt.date, float]],
    *,
    title: str,
    target: float | None = None,
    forecast: Sequence[tuple[dt.date, float]] = (),
    band: Sequence[tuple[dt.date, float, float]] = (),
    y_range: tuple[float, float] | None = None,
    floor: float | None = None,
    unit: str | None = None,
    axis_label: str | None = None,
    words: Words | None = None,
    width: int = 320,
    height: int = 120,
) -> SafeString:
    """A line over time, with an optional dashed target line, dotted forecast and shaded
    forecast band (low, high). ``floor`` is the lowest value the series can take (0 for a
    count, :func:`coxswain.wording.numbers.lowest_possible`): neither the band nor the axis
    goes below it. ``unit`` is the KPI's unit: the axis's values are written in it and its
    name stands above the axis (``axis_label`` says it instead, as "index, 0 to 100").
    ``words`` writes the numbers and dates (the workbook's locale; English without)."""
    say = words or Words()
    caption = axis_label if axis_label is not None else say.axis_unit(unit)
    if floor is not None:
        band = [(d, max(lo, floor), max(hi, floor)) for d, lo, hi in band]
        forecast = [(d, max(v, floor)) for d, v in forecast]
    pad_l, pad_r, pad_t, pad_b = 40, 8, 18 if caption else 8, 18
    if not points:
        return mark_safe(
            f'<svg class="chart" viewBox="0 0 {width} {height}"'
            f' role="img" aria-label="{escape(title)}: no data">'
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle"'
            f' class="muted">no data yet</text></svg>'
        )
    every = (
        list(points)
        + list(forecast)
        + [(d, lo) for d, lo, _ in band]
        + [(d, hi) for d, _, hi in band]
    )
    every.sort(key=lambda p: p[0])
    xs = [p[0].toordinal() for p in every]
    ys = [p[1] for p in every] + ([target] if target is not None else [])
    x0, x1 = min(xs), max(xs)
    one_date = x1 == x0
    y0, y1 = y_range if y_range else (min(ys), max(ys))
    if one_date:  # put it in the middle
        x0, x1 = x0 - 15, x1 + 15
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    span = y1 - y0
    if not y_range:
        y0, y1 = y0 - span * 0.08, y1 + span * 0.08
        if floor is not None:
            y0 = max(y0, floor)

    def sx(d: dt.date) -> float:
        return pad_l + (d.toordinal() - x0) / (x1 - x0) * (width - pad_l - pad_r)

    def sy(v: float) -> float:
        return height - pad_b - (v - y0) / (y1 - y0) * (height - pad_t - pad_b)

    def path(series: Sequence[tuple[dt.date, float]]) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{sx(d):.1f},{sy(v):.1f}" for i, (d, v) in enumerate(series)
        )

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}"'
        f' role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line class="axis" x1="{pad_l}" y1="{height - pad_b}"'
        f' x2="{width - pad_r}" y2="{height - pad_b}"/>',
        f'<text class="tick" x="{pad_l - 4}" y="{sy(y1) + 4:.1f}"'
        f' text-anchor="end">{escape(say.tick(y1, unit))}</text>',
        f'<text class="tick" x="{pad_l - 4}" y="{sy(y0):.1f}" text-anchor="end">'
        f"{escape(say.tick(y0, unit))}</text>",
        *(
            # one date is written once, under its point ("December 6, 2026 … December 6,
            # 2026" said there was a span)
            [
                f'<text class="tick" x="{(pad_l + width - pad_r) / 2:.1f}" y="{height - 4}"'
                f' text-anchor="middle">{escape(say.date(points[0][0]))}</text>'
            ]
            if one_date
            else [
                f'<text class="tick" x="{pad_l}" y="{height - 4}">'
                f"{escape(say.date(points[0][0]))}</text>",
                f'<text class="tick" x="{width - pad_r}" y="{height - 4}" text-anchor="end">'
                f"{escape(say.date(every[-1][0]))}</text>",
            ]
        ),
    ]
    if caption:
        parts.append(f'<text class="tick unit" x="2" y="10">{escape(caption)}</text>')
    if target is not None:
        parts.append(
            f'<line class="target" x1="{pad_l}" y1="{sy(target):.1f}"'
            f' x2="{width - pad_r}" y2="{sy(target):.1f}">'
            f"<title>target {escape(say.amount(target, unit))}</title></line>"
        )
    parts.append(f'<path class="series" d="{path(points)}"/>')
    if band:
        upper = " ".join(f"L{sx(d):.1f},{sy(hi):.1f}" for d, _, hi in band)
        lower = " ".join(f"L{sx(d):.1f},{sy(lo):.1f}" for d, lo, _ in reversed(band))
        start = f"M{sx(points[-1][0]):.1f},{sy(points[-1][1]):.1f}"
        parts.append(
            f'<path class="band" d="{start} {upper} {lower} Z">'
            "<title>80% forecast band</title></path>"
        )
    if forecast:
        parts.append(f'<path class="forecast" d="{path([points[-1], *forecast])}"/>')
    last_d, last_v = points[-1]
    parts.append(
        f'<circle class="dot" cx="{sx(last_d):.1f}" cy="{sy(last_v):.1f}" r="3">'
        f"<title>{escape(say.date(last_d))}: {escape(say.amount(last_v, unit))}</title></circle>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    values: Sequence[tuple[str, float | None]], *, title: str, width: int = 320
) -> SafeString:
    """Horizontal bars on a 0–100 scale; a missing value is shown as 'no evidence'."""
    row, label_w = 22, 110
    height = row * len(values) + 4
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width}'
        f' {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(values):
        y = i * row + 2
        parts.append(f'<text class="label" x="0" y="{y + 14}">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text class="muted" x="{label_w}" y="{y + 14}">no evidence</text>')
            continue
        w = max(0.0, min(100.0, value)) / 100 * (width - label_w - 40)
        level = score_band(value).value  # the colour band of every face
        parts.append(
            f'<rect class="bar colour-{level}" x="{label_w}"'
            f' y="{y + 3}" width="{w:.1f}" height="14" rx="2"/>'
        )
        parts.append(
            f'<text class="value" x="{label_w + w + 4:.1f}" y="{y + 14}">{value:.0f}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def reliability_chart(
    bins: Sequence[dict[str, float]], *, title: str, width: int = 280, height: int = 240
) -> SafeString:
    """The chance given (across) against how often it happened (up), one dot per bin sized by
    its number of forecasts; the dashed diagonal is a perfect calibration. ``bins``: the
    backtest's reliability bins (``predicted``, ``observed``, ``n``)."""
    pad_l, pad_r, pad_t, pad_b = 34, 8, 8, 30
    w, h = width - pad_l - pad_r, height - pad_t - pad_b

    def sx(p: float) -> float:
        return pad_l + w * p

    def sy(p: float) -> float:
        return pad_t + h * (1 - p)

    parts = [
        f'<svg class="chart reliability" viewBox="0 0 {width} {height}" role="img"'
        f' aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect class="axis" x="{pad_l}" y="{pad_t}" width="{w}" height="{h}" fill="none"/>',
        f'<line class="target" x1="{sx(0)}" y1="{sy(0)}" x2="{sx(1)}" y2="{sy(1)}"/>',
    ]
    for tick in (0.0, 0.5, 1.0):
        parts.append(
            f'<text class="tick" x="{pad_l - 4}" y="{sy(tick) + 3:.1f}"'
            f' text-anchor="end">{tick:.0%}</text>'
            f'<text class="tick" x="{sx(tick):.1f}" y="{pad_t + h + 12}"'
            f' text-anchor="middle">{tick:.0%}</text>'
        )
    for b in bins:
        r = 2.5 + min(float(b["n"]), 100.0) ** 0.5
        said, seen = float(b["predicted"]), float(b["observed"])
        parts.append(
            f'<circle class="dot" cx="{sx(said):.1f}" cy="{sy(seen):.1f}" r="{r:.1f}"'
            f' fill-opacity=".7"><title>we said {said:.0%}, it happened {seen:.0%} of'
            f" {int(b['n'])} times</title></circle>"
        )
    parts.append(
        f'<text x="{pad_l + w / 2}" y="{height - 4}" text-anchor="middle">the chance we gave'
        f"</text></svg>"
    )
    return mark_safe("".join(parts))


SCENARIO_COLOURS = ("#1f4e79", "#b35900", "#2e7d32", "#6a1b9a", "#8b0000")
"""The baseline's and each scenario's line, in the order compared (the scenario report's)."""


def scenario_fan_chart(chart: dict[str, object]) -> SafeString:
    """A small fan chart of one KPI from a scenario comparison (one item of
    :func:`coxswain.scenarios.render.charts`, already in its 320×120 frame): the baseline's
    P10–P90 band, the target dashed, and each scenario's middle path."""
    width, height = chart["width"], chart["height"]
    name = escape(str(chart["name"]))
    parts = [
        f'<svg class="chart fan" viewBox="0 0 {width} {height}" role="img"'
        f" aria-label=\"{name}: the baseline's likely range and each scenario's middle path\">",
        f'<polygon class="band" points="{escape(str(chart["band"]))}"/>',
    ]
    if chart.get("target_y") is not None:
        y = escape(str(chart["target_y"]))
        parts.append(f'<line class="target" x1="0" x2="{width}" y1="{y}" y2="{y}"/>')
    medians = chart["medians"]
    assert isinstance(medians, list)
    for i, m in enumerate(medians):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="{2 if i == 0 else 1.5}"'
            f' points="{escape(str(m["points"]))}"><title>{escape(str(m["name"]))}</title>'
            "</polyline>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
