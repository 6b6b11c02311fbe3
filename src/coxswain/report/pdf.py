"""The PDF report: the HTML report printed by WeasyPrint (imported only when needed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coxswain.analysis.result import Result
from coxswain.report.html import render_html

# fontTools stamps each embedded font subset with the time it was made, so the same result
# printed twice differed in a few bytes; a fixed stamp (reproducible-builds' SOURCE_DATE_EPOCH,
# which fontTools reads) makes the PDF a function of the result alone.
FONT_TIMESTAMP_EPOCH = "1577836800"  # 2020-01-01


def render_pdf(
    result: Result,
    *,
    backtest: Mapping[str, Any] | None = None,
    scenarios: Mapping[str, Any] | None = None,
) -> bytes:
    """The PDF report; ``backtest``, ``scenarios``: its optional sections
    (:func:`render_html`)."""
    import logging
    import os

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", FONT_TIMESTAMP_EPOCH)
    pdf: bytes = HTML(
        string=render_html(result, for_pdf=True, backtest=backtest, scenarios=scenarios)
    ).write_pdf()
    return pdf
