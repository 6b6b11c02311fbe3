"""The PDF report: the HTML report printed by WeasyPrint (imported only when needed)."""

from __future__ import annotations

from coxswain.analysis.result import Result
from coxswain.report.html import render_html


def render_pdf(result: Result) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=render_html(result, for_pdf=True)).write_pdf()
    return pdf
