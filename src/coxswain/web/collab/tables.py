"""Tables as CSV or xlsx files (exports). Cells that a spreadsheet would read as a formula
(starting with = + - @) are written as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else _safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel reads it as UTF-8


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]], *, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def render(fmt: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *, sheet: str) -> bytes:
    return to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, sheet=sheet)
