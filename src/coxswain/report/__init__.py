"""Reports of an analysis result: text (rich), HTML (one self-contained file), PDF.

A report never recomputes an analysis: it shows what the :class:`Result` holds.
Other parts of Coxswain can add a section to the HTML report by shipping a template
``report/templates/sections/<section name>.html``; it is included for every section
of that name in the result, with ``section`` and ``result`` in its context.
"""

from __future__ import annotations

from typing import Any

from coxswain.analysis.kpi_status import format_value
from coxswain.analysis.result import Result
from coxswain.analysis.rules import (
    KpiState,
    ObjectiveStatus,
    objective_statuses_of,
    score_band,
    trend_verdict,
)

FORMATS = ("text", "json", "html", "pdf")
STATUS_COLOURS = {s.value: s.colour.hex for s in ObjectiveStatus}
"""Objective status → the colour reports draw it in (that of every face)."""
STATUS_WORDS = {s.value: s.words for s in ObjectiveStatus}


def objective_status(result: Result) -> dict[str, str]:
    """Each objective's status (:func:`coxswain.analysis.rules.objective_statuses_of`, the
    rule every face uses): off track, amber (needs attention), on track or no data."""
    return {k: v.value for k, v in objective_statuses_of(result).items()}


def band_hex(score: float | None) -> str:
    """The colour of a 0–100 score (:func:`coxswain.analysis.rules.score_band`) as hex."""
    return score_band(score).hex


def kpi_hex(state: str) -> str:
    """The colour of a KPI's state (:class:`coxswain.analysis.rules.KpiState`) as hex."""
    return KpiState(state).colour.hex


def kpi_words(state: str) -> str:
    """A KPI's state in the words every face uses ("short of target", not "amber")."""
    return KpiState(state).words


def trend_words(trend: dict[str, Any]) -> str:
    """The verdict on a stored trend (:func:`coxswain.analysis.rules.trend_verdict`)."""
    return trend_verdict(trend).words


NO_EVIDENCE = (
    "No findings, but there is too little in the workbook to judge: add the evidence "
    "listed as missing below."
)


def index_note(result: Result) -> str | None:
    """Why the result has no alignment index (None when it has one): which components
    could be judged and how many the index needs."""
    if result.alignment_index is not None:
        return None
    from coxswain.analysis.index import too_little_evidence

    return too_little_evidence(c for c, v in result.components.items() if v is not None)


INK = "#1d2733"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two hex colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_on(background: str) -> str:
    """White or the body's dark ink, whichever reads better on ``background`` (a status
    colour's chip): white on red and green, dark on amber and grey (WCAG AA needs 4.5:1)."""
    return "#ffffff" if contrast("#ffffff", background) >= contrast(INK, background) else INK


def wrap_lines(text: str, width: int, count: int) -> list[str]:
    """``text`` in at most ``count`` lines of about ``width`` characters, broken between
    words; the last line ends in "…" when the text is longer."""
    from textwrap import wrap

    lines = wrap(text, width) or [""]
    if len(lines) > count:
        lines = lines[:count]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines


def render(result: Result, fmt: str) -> str | bytes:
    """The result as ``fmt``: text, json, html (str) or pdf (bytes)."""
    if fmt == "json":
        return result.dumps() + "\n"
    if fmt == "text":
        from coxswain.report.text import render_text

        return render_text(result)
    if fmt == "html":
        from coxswain.report.html import render_html

        return render_html(result)
    if fmt == "pdf":
        from coxswain.report.pdf import render_pdf

        return render_pdf(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def label(result: Result, subject: str) -> str:
    return result.labels.get(subject, subject)


def explained(result: Result) -> dict[str, Any]:
    """Each finding's id → its plain words (:func:`coxswain.wording.explain_finding`): the
    kind's plain name, the summary, the facts and the "How we know" details."""
    from coxswain.wording import context_of, explain_finding

    context = context_of(result)
    return {f.id: explain_finding(f, context) for f in result.findings}


def number(value: float | int | None, unit: str | None = None) -> str:
    """A number as reports write it (:meth:`coxswain.wording.Words.amount`, English): rounded
    to what matters, the unit once (``$36,000``, ``68%``, ``3.9 out of 5``); the same form
    as in the findings' titles. The HTML report uses the workbook's locale instead."""
    return "—" if value is None else format_value(value, unit)
