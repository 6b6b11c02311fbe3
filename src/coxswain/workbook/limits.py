"""The bounds every parser of outside input keeps, in one place.

A workbook, an export or an API body that breaks one of these is refused with a placed
problem before it can cost much time or memory. The caps are far above what a real
business writes (documented, with the reasons, in ``docs/workbook.md``, "Limits") and far
below what would hurt a server: each refusal happens within seconds and well under 1 GB.
"""

from __future__ import annotations

import datetime as dt
import re

# company.yaml ---------------------------------------------------------------------------
MAX_COMPANY_BYTES = 4 * 1024 * 1024
"""company.yaml (or the ``company`` sheet's text): a large company's is under 200 KB."""
MAX_YAML_ALIASES = 1_000
"""YAML aliases (``*name``) in company.yaml."""
MAX_YAML_NODES = 200_000
"""Keys, values and items of company.yaml with every alias expanded ("billion laughs")."""
MAX_YAML_DEPTH = 32
"""Levels of nesting in company.yaml (the format itself needs six)."""

# CSV files and sheets -------------------------------------------------------------------
MAX_COLUMNS = 1_000
"""Columns in a table's header (the format's widest table has 12)."""
MAX_CELLS_PER_ROW = 10_000
"""Separators on one row of a CSV, counted before parsing (commas outside quotes; a row
may span lines through quoted line breaks)."""
MAX_ROW_BYTES = 1024 * 1024
"""Bytes of one row of a CSV file."""
MAX_CELL_BYTES = 256 * 1024
"""Bytes of one cell (a long e-mail body fits; Excel itself stops at 32,767 characters)."""
MAX_SHEET_CELLS = 20_000_000
"""Rows × columns of one sheet of an Excel file, as its references (or its counted cells
and rows, where a cell or row has no reference) span them."""

# zip archives (a workbook .zip, an .xlsx, a Slack export) -------------------------------
MAX_ZIP_MEMBERS = 1_000
"""Files in one archive."""
MAX_ZIP_RATIO = 100
"""Expanded bytes per compressed byte of a member (CSV text packs 5 to 20 times)."""
ZIP_RATIO_FROM_BYTES = 8 * 1024 * 1024
"""The ratio is checked once a member has expanded past this many bytes."""

# JSON (importers and API bodies) --------------------------------------------------------
MAX_JSON_DEPTH = 32
"""Levels of nesting in a JSON document (a Slack export needs five)."""
MAX_JSON_BYTES = 64 * 1024 * 1024
"""One JSON file of an export (a Slack day file is a few hundred KB)."""
MAX_API_BODY_BYTES = 10 * 1024 * 1024
"""One API request body."""

# dates and text -------------------------------------------------------------------------
MIN_YEAR = 1900
MAX_YEAR = 2100
"""Dates and timestamps outside these years are refused: they are typing mistakes, and
date arithmetic past year 9999 fails."""
FIRST_DATE = dt.date(MIN_YEAR, 1, 1)
LAST_DATE = dt.date(MAX_YEAR, 12, 31)

CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
"""Control characters other than tab, line feed and carriage return (C0, DEL and C1),
as a regular-expression class; refused in every text."""
_CONTROL = re.compile(CONTROL_CHARACTERS)


def date_in_range(value: dt.date) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def date_range_message(value: dt.date | str) -> str:
    return f"{value} is outside the years {MIN_YEAR}–{MAX_YEAR}; check the year"


def control_character(text: str) -> int | None:
    """The index of the first control character of ``text`` that is not allowed, if any."""
    match = _CONTROL.search(text)
    return match.start() if match else None


def control_message(text: str, index: int) -> str:
    return (
        f"holds a control character (U+{ord(text[index]):04X}) at character {index + 1}: "
        "text may hold tabs and line breaks but no other control characters"
    )


def json_depth(value: object) -> int:
    """How deeply ``value`` (parsed JSON) nests lists and objects, without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item)
    return deepest


def size(n: float) -> str:
    """``1536`` → ``1.5 KB``: a byte count as the owner reads it."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{int(n):,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n = n / 1024
    return f"{n} bytes"


class JsonLimitError(ValueError):
    """A JSON document over one of the caps, or not JSON; ``line`` and ``column`` when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def load_json(data: bytes, *, max_bytes: int = MAX_JSON_BYTES) -> object:
    """Parse JSON within :data:`MAX_JSON_DEPTH` levels and ``max_bytes`` bytes.

    Raises :class:`JsonLimitError` with a plain message (and the place, for bad syntax)."""
    import json

    if len(data) > max_bytes:
        raise JsonLimitError(f"is {size(len(data))}, over the limit of {size(max_bytes)}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise JsonLimitError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line, column
        ) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonLimitError(f"not valid JSON ({exc.msg})", exc.lineno, exc.colno) from None
    except ValueError as exc:  # a number of more than 4,300 digits
        raise JsonLimitError(f"not valid JSON ({exc})") from None
    except RecursionError:  # the parser's own stack bound, far past ours
        value = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = json_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise JsonLimitError(f"nests lists and objects deeper than {MAX_JSON_DEPTH} levels")
    return value
