"""What the business importers share: reading a vendor's CSV export, finding its columns
by their header names (with ``--map`` overrides), reading its money and dates, and the
import report.

Every problem is collected with its place (file, line, column) and raised together as a
:class:`~coxswain.workbook.problems.WorkbookError`; nothing is returned half-read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from coxswain.importers.common import raise_problems, utf8_problem
from coxswain.workbook.problems import Problem

HEADER_SEARCH_ROWS = 30  # accounting reports put a title above the header


@dataclass(frozen=True)
class Col:
    """One field an importer reads, and the header names the vendor's export gives it
    (the first one present wins; case and spacing are ignored)."""

    name: str
    headers: tuple[str, ...]
    required: bool = True


def _norm(header: str) -> str:
    """A header as it is matched: case, runs of spaces and underscores do not count
    (``Gusto employee ID`` in a report, ``gusto_employee_id`` in Gusto's payroll CSV
    template and API exports)."""
    return re.sub(r"[\s_]+", " ", header.replace("\ufeff", "")).strip().casefold()


@dataclass
class Export:
    """A vendor's CSV export as read: its file label, its header line and its rows (each
    with the line it starts on), and where each field's column is."""

    label: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]
    where: dict[str, int]  # field name -> column index

    def get(self, row: list[str], name: str) -> str:
        """The row's cell of field ``name``, stripped ('' when the field's column is absent
        or the row is short)."""
        i = self.where.get(name)
        if i is None or i >= len(row):
            return ""
        return row[i].strip()

    def has(self, name: str) -> bool:
        return name in self.where

    def header_of(self, name: str) -> str:
        return self.header[self.where[name]] if name in self.where else name


def parse_map(items: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``--map FIELD=HEADER`` options → ``{field: header}``, and the items not so written."""
    mapping: dict[str, str] = {}
    bad: list[str] = []
    for item in items:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            bad.append(item)
        else:
            mapping[name.strip()] = header.strip()
    return mapping, bad


def read_export(
    path: Path,
    cols: Sequence[Col],
    *,
    kind: str,
    mapping: Mapping[str, str] | None = None,
    label: str | None = None,
) -> Export:
    """Read a CSV export and find its columns. Raises WorkbookError with every problem
    (no file, not UTF-8, a mapped field that does not exist, required columns missing)."""
    label = label or path.name
    mapping = dict(mapping or {})
    problems: list[Problem] = []
    known = {c.name for c in cols}
    for name in sorted(set(mapping) - known):
        problems.append(
            Problem(
                label,
                None,
                None,
                f"--map {name}=…: {kind} has no field {name!r}; its fields are "
                f"{', '.join(c.name for c in cols)}",
            )
        )
    if not path.is_file():
        problems.append(Problem(label, None, None, "no such file"))
    raise_problems(problems)
    xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    text = "" if xlsx else _text(path, label)
    wanted = {c.name: ((mapping[c.name],) if c.name in mapping else c.headers) for c in cols}
    required = [c for c in cols if c.required]

    def locate(cells: list[str]) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, cell in enumerate(cells):
            index.setdefault(_norm(cell), i)
        where: dict[str, int] = {}
        for c in cols:
            for h in wanted[c.name]:
                if _norm(h) in index:
                    where[c.name] = index[_norm(h)]
                    break
        return where

    def header_row(
        records: list[tuple[int, list[str]]],
    ) -> tuple[int, int, list[str], dict[str, int]]:
        """(how many required columns it has, index, cells, where) of the best header."""
        best: tuple[int, int, list[str], dict[str, int]] = (-1, 0, [], {})
        for n, (_line, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
            where = locate(cells)
            score = sum(1 for c in required if c.name in where)
            if score > best[0]:
                best = (score, n, cells, where)
            if score == len(required):
                break
        return best

    if xlsx:
        records = _xlsx_records(path, label)
    else:
        # Excel saves "CSV" with semicolons where the comma is the decimal mark, and some
        # tools export tabs: the delimiter is the one whose header has the most columns.
        head = "\n".join(text[:200_000].splitlines()[: HEADER_SEARCH_ROWS + 5])
        delimiter = max(
            (",", ";", "\t"),
            key=lambda d: header_row(_records(head, label, d, strict=False))[0],
        )
        records = _records(text, label, delimiter)
    score, n, header, where = header_row(records)
    if score < len(required):
        if score == 0:
            n, header = 0, records[0][1]
        for c in required:
            if c.name not in where:
                names = " or ".join(repr(h) for h in wanted[c.name])
                problems.append(
                    Problem(
                        label,
                        records[n][0],
                        None,
                        f"no column {names} ({c.name}) in the header; "
                        f"if it has another name, add --map {c.name}=HEADER",
                    )
                )
        problems.append(
            Problem(
                label,
                records[n][0],
                None,
                f"is this a {kind} export? Its header reads: "
                + ", ".join(h for h in header[:12] if h.strip())
                + (" …" if len(header) > 12 else ""),
            )
        )
        raise_problems(problems)
    rows = [(line, cells) for line, cells in records[n + 1 :] if any(c.strip() for c in cells)]
    return Export(label=label, header_line=records[n][0], header=header, rows=rows, where=where)


def _text(path: Path, label: str) -> str:
    """A CSV export's text, within the workbook's CSV limits, as UTF-8."""
    from coxswain.workbook.read import csv_over_limits

    if (refused := csv_over_limits(path, label)) is not None:
        raise_problems([refused])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise_problems(
            [
                utf8_problem(label, data, exc),
                Problem(label, None, None, "save the export as CSV UTF-8 and import it again"),
            ]
        )
        raise AssertionError("unreachable") from exc
    if not text.strip():
        raise_problems([Problem(label, None, None, "the file is empty")])
    return text


def _xlsx_records(path: Path, label: str) -> list[tuple[int, list[str]]]:
    """The first sheet of an Excel export, every cell as text (dates as ISO), each row with
    its row number; within the workbook's limits for Excel files (checked before reading)."""
    import logging

    import fastexcel

    from coxswain.workbook.read import DEFAULT_MAX_BYTES, _xlsx_over_limits

    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    raise_problems(_xlsx_over_limits(path, label, max_bytes=DEFAULT_MAX_BYTES))
    try:
        sheet = fastexcel.read_excel(path).load_sheet(0, header_row=None, dtypes="string")
    except Exception as exc:  # fastexcel raises its own error types for broken files
        raise_problems([Problem(label, None, None, f"is not a readable xlsx file ({exc})")])
        raise AssertionError("unreachable") from exc
    frame = sheet.to_polars()
    rows = frame.fill_null("").rows()
    records = [(i + 1, [str(c) for c in row]) for i, row in enumerate(rows)]
    if not any(any(c.strip() for c in cells) for _, cells in records):
        raise_problems([Problem(label, None, None, "the first sheet is empty")])
    return records


def _records(
    text: str, label: str, delimiter: str = ",", *, strict: bool = True
) -> list[tuple[int, list[str]]]:
    """Every record of the CSV text with the line it starts on (``strict=False``: the
    records before the first unreadable one)."""
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        if strict:
            raise_problems([Problem(label, start, None, f"not a readable CSV row: {exc}")])
    return out


# --------------------------------------------------------------------------- values

# currency signs and ISO codes around an amount ($, €, EUR, US$); anything else is no amount
_SYMBOLS = "$€£¥₹₩₽¢₺₪₫₱₦₴₵₡₭₮₸"
_CURRENCY = re.compile(rf"^[A-Z]{{3}}\s*|\s*[A-Z]{{3}}$|[A-Z]{{0,2}}[{re.escape(_SYMBOLS)}]")


_PLAIN = re.compile(r"-?\d+(\.\d+)?\Z")
_DIGITS = re.compile(r"[\d,.]+")


def parse_money(text: str) -> float | None:
    """``$1,234.56``, ``-€12,50``, ``(5.00)``, ``1 234,5`` → a number; '' → 0; None when
    it is no amount. A lone comma followed by three digits groups thousands; any other
    last comma or point is the decimal mark."""
    raw = text.strip()
    if _PLAIN.match(raw):  # the common case, fast: 1234.56
        return float(raw)
    if not raw or raw in {"-", "—"}:
        return 0.0
    raw = _CURRENCY.sub("", raw.replace("\u00a0", " ").replace("'", "")).strip()
    negative = raw.startswith("(") and raw.endswith(")")
    s = _CURRENCY.sub("", raw.strip("()").strip()).replace(" ", "")
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if s.endswith("-"):  # 12.50- (some ledgers)
        negative, s = not negative, s[:-1]
    if not s or not _DIGITS.fullmatch(s) or not any(ch.isdigit() for ch in s):
        return None
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal_mark = "." if last_dot > last_comma else ","
    elif last_comma >= 0:
        tail = s[last_comma + 1 :]
        decimal_mark = "," if s.count(",") == 1 and len(tail) != 3 else ""
    elif s.count(".") > 1:
        decimal_mark = ""  # 1.234.567 groups thousands
        s = s.replace(".", "")
    else:
        decimal_mark = "."
    s = s.replace(".", "").replace(",", ".") if decimal_mark == "," else s.replace(",", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return -value if negative else value


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MONTH_FIRST = ("%m/%d/%Y", "%m/%d/%y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")
DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%b %d, %Y")


def parse_date(
    text: str, *, formats: Sequence[str], date_format: str | None = None
) -> dt.date | None:
    """A date from the start of ``text``: ISO (``2026-03-01``, with any time and zone after
    it: the date as the export prints it), else ``date_format`` or the vendor's
    ``formats``, tried on the part before any time."""
    s = text.strip()
    if not s:
        return None
    if date_format:
        try:
            return dt.datetime.strptime(s, date_format).date()
        except ValueError:
            pass
    m = _ISO.match(s)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    head = re.split(r"\s+\d{1,2}:\d{2}", s, maxsplit=1)[0].strip().rstrip(",")
    for fmt in (date_format,) if date_format else formats:  # "31.03.2026 09:13 +0100" too
        try:
            return dt.datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


def date_format_problem(pattern: str) -> str | None:
    """What is wrong with a date format an owner gives (``%d.%m.%Y``), or None: it must name
    a day, a month and a year, and read back the date it writes."""
    sample = dt.date(2026, 3, 31)
    day = "%d" in pattern
    month = any(code in pattern for code in ("%m", "%b", "%B"))
    year = any(code in pattern for code in ("%Y", "%y"))
    try:
        readable = dt.datetime.strptime(sample.strftime(pattern), pattern).date() == sample
    except ValueError:
        readable = False
    if day and month and year and readable:
        return None
    return (
        f"{pattern!r} is not a date format; write it with %d, %m and %Y, as %d.%m.%Y for 31.03.2026"
    )


def date_message(text: str, date_format: str | None) -> str:
    hint = f"the pattern {date_format!r}" if date_format else "a date such as 2026-03-31"
    return (
        f"{text!r} is not a date ({hint}; say how the export writes dates: --date-format on "
        "the command line, 'Date format' on the web's import form)"
    )


def customer_code(salt: str, value: str) -> str:
    """A customer's code in ``transactions.csv``: a keyed hash (HMAC-SHA256 with the
    workbook's salt) of their e-mail or the vendor's customer id, so the same customer gets
    the same code on every import and the address itself is never stored."""
    digest = hmac.new(
        salt.encode(), f"customer:{value.strip().casefold()}".encode(), hashlib.sha256
    ).hexdigest()
    return f"c-{digest[:16]}"


def row_ref(kind: str, *parts: str) -> str:
    """A row's ``ref`` when the export gives no id of its own: a digest of its cells."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"{kind}:{digest}"


def bounded_date(when: dt.date, label: str, line: int, column: str) -> Problem | None:
    from coxswain.workbook.limits import date_in_range, date_range_message

    if date_in_range(when):
        return None
    return Problem(label, line, column, date_range_message(when))


# --------------------------------------------------------------------------- report


@dataclass
class TableReport:
    """What a business import did: rows read, the workbook rows it made, what it left out
    (by reason), and what the owner should look at (unmapped accounts, unknown teams)."""

    kind: str
    source: str
    table: str
    read: int = 0
    rows: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    unmapped: dict[str, tuple[int, float]] = field(default_factory=dict)
    unknown_teams: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    removed: int = 0
    total: int = 0

    def lines(self, *, top: int = 15) -> list[str]:
        out = [
            f"{self.kind} import of {self.source}: {self.read} rows read, "
            f"{self.rows} {self.table} rows"
        ]
        for reason, n in sorted(self.left_out.items()):
            out.append(f"  left out {n}: {reason}")
        if self.unmapped:
            n = sum(c for c, _ in self.unmapped.values())
            out.append(
                f"  unmapped ({_n(len(self.unmapped), 'account')}, {_n(n, 'row')} left out; add "
                "a rule for each account you want counted):"
            )
            ranked = sorted(self.unmapped.items(), key=lambda kv: -abs(kv[1][1]))
            for name, (count, total) in ranked[:top]:
                out.append(f"    {name}: {_n(count, 'row')}, {total:,.2f}")
            if len(ranked) > top:
                out.append(f"    … and {len(ranked) - top} more")
        if self.unknown_teams:
            out.append(
                f"  teams not in company.yaml ({len(self.unknown_teams)}; add them under teams: "
                "and import again to place these people):"
            )
            for name, count in self.unknown_teams.most_common():
                out.append(f"    {name}: {count} {'person' if count == 1 else 'people'}")
        out.extend(f"  note: {n}" for n in self.notes)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "table": self.table,
            "read": self.read,
            "rows": self.rows,
            "left_out": dict(self.left_out),
            "unmapped": {k: {"rows": c, "amount": t} for k, (c, t) in self.unmapped.items()},
            "unknown_teams": dict(self.unknown_teams),
            "notes": list(self.notes),
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "total": self.total,
        }


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass
class TableImport:
    """An importer's result: the rows for one workbook table, and its report."""

    table: str
    frame: pl.DataFrame
    report: TableReport
    key: str  # the column that identifies a row across imports (ref, or id for people)
    dropped: frozenset[str] = frozenset()  # keys the export has but leaves out: removed


def iter_groups(export: Export, key: str) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    """The export's rows grouped by field ``key`` (in order of first appearance): an order
    spread over several line-item rows is one group. Rows with an empty key belong to the
    group before them (Shopify leaves order fields empty on later line-item rows)."""
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for line, row in export.rows:
        value = export.get(row, key)
        if value:
            current = value
        if current is None:
            current = ""
        groups.setdefault(current, []).append((line, row))
    yield from groups.items()
