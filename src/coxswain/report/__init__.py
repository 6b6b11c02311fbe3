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
SEVERITY_ORDER = ("high", "medium", "low", "info")
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


# Evidence keys whose values are fractions of a whole (shares, weights, progress): shown
# as percentages. ``relative_weight`` is a ratio to the average objective and is not here.
PERCENT_KEYS = frozenset(
    {
        "progress",
        "elapsed",
        "share",
        "weight",
        "objective_weight",
        "open_share",
        "money_share",
        "hours_share",
        "share_of_hours",
        "share_of_budget",
        "tvd",
        "tvd_money",
        "tvd_hours",
        "p_hit",
        "coverage",
        "stating_a_top_objective",
    }
)


def _is_share(key: str) -> bool:
    return key in PERCENT_KEYS or key.endswith("_share") or key.startswith("share_of_")


def evidence_items(
    evidence: dict[str, Any], labels: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """Evidence as readable (key, value) pairs for reports; workbook ids become the
    names in ``labels`` (people by pseudonym); shares and progress read as percentages."""
    names = labels or {}
    return [
        (key.replace("_", " "), _plain(value, names, key=key)) for key, value in evidence.items()
    ]


def number(value: float | int | None, unit: str | None = None) -> str:
    """A number as reports write it: thousands separated, at most two decimals, no
    trailing zeros (``36,000``, ``4.3``), followed by its unit (``68%``, ``3.9 stars``);
    the same form as in the findings' titles."""
    return "—" if value is None else format_value(value, unit)


def _is_interval(key: str) -> bool:
    """Evidence keys holding a (low, high) pair: ``interval_80``, ``ci95``, ``slope_ci95``."""
    return key.startswith("interval") or key.startswith("ci") or "_ci" in key


def _plain(value: Any, names: dict[str, str], depth: int = 0, key: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and _is_share(key) and 0 <= value <= 1:
        return f"{100 * value:.0f}%"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        if _is_interval(key) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
            return f"{_plain(value[0], names, depth + 1)} to {_plain(value[1], names, depth + 1)}"
        if value and all(isinstance(v, dict) for v in value):
            return "; ".join(_plain(v, names, depth + 1) for v in value)
        return ", ".join(_plain(v, names, depth + 1, key) for v in value) if value else "none"
    if isinstance(value, dict):
        if not value:
            return "none"
        title = value.get("title") if depth >= 1 else None
        items = {k: v for k, v in value.items() if not (title and k == "title")}
        shares = _is_share(key)  # a share per objective: every value is a share
        text = ("; " if depth == 0 else ", ").join(
            f"{names.get(str(k), k)}: {_plain(v, names, depth + 1, key if shares else str(k))}"
            for k, v in items.items()
        )
        if isinstance(title, str):
            return f"{title} ({text})" if text else title
        return f"({text})" if depth >= 1 else text
    return str(value)
