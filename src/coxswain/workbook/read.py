"""Reading a workbook from a folder, a zip or an xlsx file, or from data in memory.

Every file is read once. CSV files are parsed by DuckDB (all cells as text, with
ragged rows and bad encodings recorded with their line numbers) and typed with
polars expressions, so a million rows cost about a second. All problems of all
files are collected and raised together as one :class:`WorkbookError`; nothing of
a refused workbook is returned.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl
import yaml
from pydantic import ValidationError

from coxswain.tempfiles import clean_stale_siblings, temp_dir
from coxswain.workbook import limits
from coxswain.workbook.model import ID_PATTERN, ID_RULE, Company
from coxswain.workbook.problems import Problem, WorkbookError
from coxswain.workbook.tables import TABLES, ColumnType, TableSpec
from coxswain.workbook.validate import check_references, check_tables
from coxswain.workbook.workbook import Workbook
from coxswain.workbook.yaml_positions import (
    Positions,
    YamlLimitError,
    format_path,
    load_with_positions,
)

DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB per file, configurable
MAX_PROBLEMS_PER_KIND = 20  # per file, column and kind of problem; the rest are counted
COMPANY_FILES = ("company.yaml", "company.yml")
LINE = "__line__"  # the row's line in its file, carried while validating

Locate = Callable[[tuple[str | int, ...]], tuple[int | None, int | None]]


# ----------------------------------------------------------------------------- entry points


def read_workbook(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Workbook:
    """Read and validate a workbook folder, ``.zip`` or ``.xlsx``.

    Raises :class:`WorkbookError` listing every problem (``file:line:column: what``).
    """
    path = Path(path)
    clean_stale_siblings(path.parent)  # what a killed export left next to it
    if path.is_dir():
        return _read_folder(path, max_bytes=max_bytes)
    if not path.exists():
        raise WorkbookError([Problem(str(path), None, None, "no such file or folder")])
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _read_zip(path, max_bytes=max_bytes)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, max_bytes=max_bytes)
    if path.name in COMPANY_FILES:
        return _read_folder(path.parent, max_bytes=max_bytes)
    if suffix in (".xls", ".ods", ".numbers"):
        message = "is not read: save it as .xlsx (Excel Workbook) and give that file"
        raise WorkbookError([Problem(path.name, None, None, message)])
    if suffix == ".csv":
        message = "is one file of a workbook: give the folder that holds it and company.yaml"
        raise WorkbookError([Problem(path.name, None, None, message)])
    raise WorkbookError(
        [
            Problem(
                path.name, None, None, "is not a workbook: give a folder, a .zip or an .xlsx file"
            )
        ]
    )


def build_workbook(
    company: Mapping[str, Any], tables: Mapping[str, pl.DataFrame] | None = None
) -> Workbook:
    """Validate a workbook given in memory (the web app's path to the analysis core).

    ``company`` is the parsed ``company.yaml`` mapping; ``tables`` maps table names
    (``kpi_values``, ``people``, …) to frames whose columns are text (as read from a
    CSV) or already of the table's types. Problems carry the key path in
    ``Problem.path`` and, for tables, the row's line as if it were a CSV file.
    """
    problems: list[Problem] = []
    raw_tables: dict[str, RawTable] = {}
    for name, frame in (tables or {}).items():
        label = f"{name}.csv"
        if name not in TABLES:
            problems.append(Problem(label, None, None, f"unknown table {name!r}"))
            continue
        text = frame.with_columns(
            _as_text(pl.col(c), frame.schema[c]).alias(c) for c in frame.columns
        )
        lines = pl.Series("line", range(2, frame.height + 2), dtype=pl.Int64)
        raw_tables[name] = RawTable(name, label, text, lines, list(frame.columns))
    return _assemble(
        raw_company=dict(company),
        positions=None,
        company_label="company.yaml",
        raw_tables=raw_tables,
        problems=problems,
    )


# ----------------------------------------------------------------------------- sources


@dataclass
class RawTable:
    """A table as read: every cell as text, with each row's line in the file."""

    name: str
    label: str  # how the owner knows the file: kpi_values.csv or book.xlsx[kpi_values]
    frame: pl.DataFrame
    lines: pl.Series
    header: list[str]
    problems: list[Problem] = field(default_factory=list)


def _read_folder(folder: Path, *, max_bytes: int, prefix: str = "") -> Workbook:
    problems: list[Problem] = []
    raw_company: Any = None
    positions: Positions | None = None
    company_path = next((folder / n for n in COMPANY_FILES if (folder / n).is_file()), None)
    company_label = prefix + (company_path.name if company_path else "company.yaml")
    if company_path is None:
        problems.append(Problem(company_label, None, None, "missing: every workbook needs one"))
    elif (size := company_path.stat().st_size) > min(max_bytes, limits.MAX_COMPANY_BYTES):
        problems.append(_too_large(company_label, size, min(max_bytes, limits.MAX_COMPANY_BYTES)))
    else:
        raw_company, positions = _parse_yaml(company_path.read_bytes(), company_label, problems)

    raw_tables: dict[str, RawTable] = {}
    for file in sorted(folder.iterdir()):
        if not file.is_file() or file.suffix.lower() != ".csv":
            continue
        label = prefix + file.name
        name = file.stem
        if name not in TABLES:
            problems.extend(_unknown_file(label, name, ".csv"))
            continue
        if (size := file.stat().st_size) > max_bytes:
            problems.append(_too_large(label, size, max_bytes))
            continue
        raw = _read_csv(file, TABLES[name], label)
        if raw is not None:
            raw_tables[name] = raw
        problems.extend(raw.problems if raw else [])
        if raw is None:
            problems.append(
                Problem(
                    label,
                    None,
                    None,
                    f"is empty: expected a header row ({','.join(TABLES[name].column_names)})",
                )
            )
    return _assemble(
        raw_company=raw_company,
        positions=positions,
        company_label=company_label,
        raw_tables=raw_tables,
        problems=problems,
    )


def _read_zip(path: Path, *, max_bytes: int) -> Workbook:
    from coxswain.workbook.archive import ArchiveLimitError, Budget, inflate, open_zip

    label = path.name
    try:
        archive = open_zip(path)
    except ArchiveLimitError as exc:
        raise WorkbookError([Problem(label, None, None, str(exc))]) from None
    except (zipfile.BadZipFile, OSError) as exc:
        problem = Problem(label, None, None, f"is not a readable zip file ({exc})")
        raise WorkbookError([problem]) from None
    budget = Budget(max_bytes)
    with archive, temp_dir("zip") as tmp:
        problems: list[Problem] = []
        members = [m for m in archive.infolist() if not m.is_dir()]
        safe: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        for member in members:
            name = PurePosixPath(member.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or member.filename.startswith("/"):
                problems.append(
                    Problem(
                        f"{label}[{member.filename}]",
                        None,
                        None,
                        "entry escapes the zip's folder; refused",
                    )
                )
                continue
            if name.parts[0] in ("__MACOSX",) or name.name.startswith("."):
                continue
            safe.append((member, name))
        tops = {n.parts[0] for _, n in safe if len(n.parts) > 1}
        at_top = [n for _, n in safe if len(n.parts) == 1]
        root: PurePosixPath | None = None
        if not at_top and len(tops) == 1:
            root = PurePosixPath(next(iter(tops)))
        bombed = False
        for member, name in safe:
            relative = name.relative_to(root) if root else name
            if len(relative.parts) != 1:
                continue  # the workbook's files are at the top level (or in one top folder)
            if relative.suffix.lower() != ".csv" and relative.name not in COMPANY_FILES:
                continue  # not a file of the workbook: not extracted
            if member.file_size > max_bytes:
                problems.append(
                    _too_large(f"{label}[{member.filename}]", member.file_size, max_bytes)
                )
                continue
            target = Path(tmp) / relative.name
            try:
                with target.open("wb") as dst:
                    for chunk in inflate(archive, member, budget=budget, limit=max_bytes):
                        dst.write(chunk)
            except ArchiveLimitError as exc:
                problems.append(Problem(f"{label}[{member.filename}]", None, None, str(exc)))
                target.unlink(missing_ok=True)
                bombed = True
                if budget.left < 0:
                    break
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                problems.append(
                    Problem(
                        f"{label}[{member.filename}]", None, None, f"cannot be extracted ({exc})"
                    )
                )
                target.unlink(missing_ok=True)
        if bombed:  # the rest is not worth reading
            raise WorkbookError(problems)
        try:
            workbook = _read_folder(Path(tmp), max_bytes=max_bytes, prefix=f"{label}:")
        except WorkbookError as exc:
            raise WorkbookError(problems + exc.problems) from None
        if problems:
            raise WorkbookError(problems)
        return workbook


def _read_xlsx(path: Path, *, max_bytes: int) -> Workbook:
    import logging

    import fastexcel

    # fastexcel logs a warning for every all-empty column it cannot type; they are text to us.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    label = path.name
    if (size := path.stat().st_size) > max_bytes:
        raise WorkbookError([_too_large(label, size, max_bytes)])
    if refused := _xlsx_over_limits(path, label, max_bytes=max_bytes):
        raise WorkbookError(refused)
    try:
        reader = fastexcel.read_excel(path)
    except Exception as exc:  # fastexcel raises its own error types for broken files
        problem = Problem(label, None, None, f"is not a readable xlsx file ({exc})")
        raise WorkbookError([problem]) from None
    problems: list[Problem] = []
    sheets = list(reader.sheet_names)
    raw_company: Any = None
    positions: Positions | None = None
    company_label = f"{label}[company]"
    if "company" not in sheets:
        near = difflib.get_close_matches("company", [s.lower() for s in sheets], n=1, cutoff=0.6)
        hint = f"; is {sheets[[s.lower() for s in sheets].index(near[0])]!r} it?" if near else ""
        problems.append(
            Problem(
                label,
                None,
                None,
                f"has no sheet named 'company' (sheets: {', '.join(sheets)}){hint}",
            )
        )
    else:
        raw_company, positions = _company_from_sheet(reader, company_label, problems)
    raw_tables: dict[str, RawTable] = {}
    for sheet in sheets:
        if sheet == "company":
            continue
        sheet_label = f"{label}[{sheet}]"
        if sheet not in TABLES:
            problems.extend(_unknown_file(sheet_label, sheet, " sheet"))
            continue
        raw = _read_sheet(reader, sheet, sheet_label)
        raw_tables[sheet] = raw
        problems.extend(raw.problems)
    return _assemble(
        raw_company=raw_company,
        positions=positions,
        company_label=company_label,
        raw_tables=raw_tables,
        problems=problems,
    )


_SHEET_TAG = re.compile(rb"<(?:\w+:)?(row|c|dimension)(?=[\s>/])([^<>]{0,4096})")
_REF = re.compile(rb'(?:^|\s)r(?:ef)?="(?:[A-Za-z]{1,3}\d+:)?([A-Za-z]{0,3})(\d{1,9})"')


class _SheetSpan:
    """Rows and columns a sheet spans, as an Excel reader places its cells: by the
    ``r`` of a ``<row>`` or ``<c>`` where given, else one after the previous (``r`` is
    optional), and by the ``<dimension>`` it declares; the larger of each."""

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self.row = 0  # the current row
        self.column = 0  # the last cell's column in the current row

    def scan(self, text: bytes, stop: int) -> bool:
        """Count the tags starting before ``stop``; False for a tag too long to read."""
        for match in _SHEET_TAG.finditer(text):
            if match.start() >= stop:
                break
            tag, attributes = match[1], match[2]
            if len(attributes) == 4096:
                return False
            ref = _REF.search(attributes.split(b">", 1)[0])
            if tag == b"row":
                self.row = int(ref[2]) if ref else self.row + 1
                self.column = 0
            elif tag == b"c":
                self.row = max(self.row, 1)
                self.column = _column_number(ref[1].upper()) if ref and ref[1] else self.column + 1
                if ref:
                    self.rows = max(self.rows, int(ref[2]))
            elif ref and ref[1]:
                self.columns = max(self.columns, _column_number(ref[1].upper()))
                self.rows = max(self.rows, int(ref[2]))
            self.rows = max(self.rows, self.row)
            self.columns = max(self.columns, self.column)
        return True

    def over(self) -> bool:
        return (
            self.columns > limits.MAX_COLUMNS or self.rows * self.columns > limits.MAX_SHEET_CELLS
        )


def _xlsx_over_limits(path: Path, label: str, *, max_bytes: int) -> list[Problem]:
    """An Excel file is a zip of XML: every member is inflated once here, within the zip
    caps, and each sheet's cell references are scanned for how many rows and columns it
    spans, before the Excel reader (which holds a sheet whole, rows × columns) sees it."""
    from coxswain.workbook.archive import ArchiveLimitError, Budget, inflate, open_zip

    try:
        archive = open_zip(path)
    except ArchiveLimitError as exc:
        return [Problem(label, None, None, str(exc))]
    except (zipfile.BadZipFile, OSError) as exc:
        return [Problem(label, None, None, f"is not a readable xlsx file ({exc})")]
    budget = Budget(max_bytes)
    with archive:
        names = _sheet_names(archive, budget)
        for info in archive.infolist():
            if info.is_dir():
                continue
            where = f"{label}[{names.get(info.filename, info.filename)}]"
            sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            span = _SheetSpan()
            tail = b""
            readable = True
            try:
                for chunk in inflate(archive, info, budget=budget):
                    if not sheet or not readable or span.over():
                        continue  # inflated to the end all the same: the zip caps hold
                    text = tail + chunk
                    stop = max(0, len(text) - 4200)  # a tag starting later is cut: next time
                    readable = span.scan(text, stop)
                    tail = text[stop:]
                if sheet and readable and not span.over():
                    readable = span.scan(tail, len(tail))
            except ArchiveLimitError as exc:
                return [Problem(where, None, None, str(exc))]
            except (zipfile.BadZipFile, OSError, zlib.error) as exc:
                return [Problem(label, None, None, f"is not a readable xlsx file ({exc})")]
            if not readable:
                message = "has a cell or row tag longer than 4 KB; refused before reading"
                return [Problem(where, None, None, message)]
            if span.over():
                rows, columns = span.rows, span.columns
                return [
                    Problem(
                        where,
                        None,
                        None,
                        f"spans {rows:,} rows and {columns:,} columns, over the limit of "
                        f"{limits.MAX_COLUMNS:,} columns and {limits.MAX_SHEET_CELLS:,} cells; "
                        "refused before reading",
                    )
                ]
    return []


_TAG = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\s([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def _sheet_names(archive: zipfile.ZipFile, budget: Any) -> dict[str, str]:
    """``xl/worksheets/sheet2.xml`` → ``kpi_values``: the names the owner knows, read from
    the workbook's own index with regular expressions (no XML parser sees hostile XML)."""
    from coxswain.workbook.archive import ArchiveLimitError, read_member

    try:
        book = read_member(
            archive, archive.getinfo("xl/workbook.xml"), budget=budget, limit=1 << 20
        )
        rels = read_member(
            archive, archive.getinfo("xl/_rels/workbook.xml.rels"), budget=budget, limit=1 << 20
        )
    except (KeyError, ArchiveLimitError, zipfile.BadZipFile, OSError, zlib.error):
        return {}
    targets: dict[bytes, bytes] = {}
    sheets: list[tuple[bytes, bytes]] = []
    for data in (book, rels):
        for tag, attributes in _TAG.findall(data):
            values = dict(_ATTRIBUTE.findall(attributes))
            if tag == b"Relationship" and b"Id" in values and b"Target" in values:
                targets[values[b"Id"]] = values[b"Target"]
            elif tag == b"sheet" and b"name" in values and b"r:id" in values:
                sheets.append((values[b"name"], values[b"r:id"]))
    names: dict[str, str] = {}
    for name, rid in sheets:
        if (target := targets.get(rid)) is not None:
            path = target.decode(errors="replace").lstrip("/")
            path = path if path.startswith("xl/") else f"xl/{path}"
            names[path] = name.decode(errors="replace")
    return names


def _column_number(letters: bytes) -> int:
    n = 0
    for letter in letters:
        n = n * 26 + letter - 64
    return n


def _company_from_sheet(
    reader: Any, label: str, problems: list[Problem]
) -> tuple[Any, Positions | None]:
    """The ``company`` sheet: YAML text in column A (one cell or one line per row), or the
    top-level keys as two columns ``key,value`` (values are YAML)."""
    sheet = reader.load_sheet_by_name("company", header_row=None, dtypes="string")
    frame = sheet.to_polars()
    if frame.width == 0 or frame.height == 0:
        problems.append(Problem(label, None, None, "is empty: put the company.yaml text in A1"))
        return None, None
    first = frame.get_column(frame.columns[0]).to_list()
    second = frame.get_column(frame.columns[1]).to_list() if frame.width > 1 else []
    if not any(v not in (None, "") for v in second):
        text = "\n".join("" if v is None else str(v) for v in first)
        return _parse_yaml(text.encode(), label, problems)
    data: dict[str, Any] = {}
    positions = Positions()
    start = 1 if str(first[0]).strip().lower() == "key" else 0
    for row in range(start, frame.height):
        key = first[row]
        if key in (None, ""):
            continue
        value = second[row] if row < len(second) else None
        try:
            data[str(key).strip()] = (
                load_with_positions(value)[0] if isinstance(value, str) else value
            )
        except YamlLimitError as exc:
            problems.append(Problem(label, row + 1, 2, f"{key}: refused: {exc.problem}"))
        except yaml.YAMLError as exc:
            problems.append(Problem(label, row + 1, 2, f"{key}: not valid YAML ({exc})"))
        positions.values[(str(key).strip(),)] = (row + 1, 2)
        positions.keys[(str(key).strip(),)] = (row + 1, 1)
    return data, positions


def _read_sheet(reader: Any, sheet: str, label: str) -> RawTable:
    """A sheet as text cells. Cells are taken with the types Excel holds (numbers exactly);
    where a number or date column also holds text (``n/a``), that column is read once more
    as text so the bad cells can be named rather than silently emptied."""
    spec = TABLES[sheet]
    frame = reader.load_sheet_by_name(sheet, header_row=0, schema_sample_rows=None).to_polars()
    frame = frame.select(c for c in frame.columns if not c.startswith("__UNNAMED__"))
    header = [str(c).strip() for c in frame.columns]
    if len(set(header)) != len(header):
        return RawTable(
            sheet,
            label,
            pl.DataFrame(),
            pl.Series("line", [], pl.Int64),
            header,
            _header_problems(spec, header, label),
        )
    columns = []
    for name, clean in zip(frame.columns, header, strict=True):
        dtype = frame.schema[name]
        text = frame.select(_excel_text(pl.col(name), dtype)).to_series()
        if dtype != pl.String and text.null_count():
            as_text = (
                reader.load_sheet_by_name(sheet, header_row=0, use_columns=[name], dtypes="string")
                .to_polars()
                .to_series()
            )
            text = text.fill_null(as_text.replace("", None))
        columns.append(text.alias(clean))
    frame = pl.DataFrame(columns)
    lines = pl.Series("line", range(2, frame.height + 2), dtype=pl.Int64)
    if frame.width:  # rows left entirely empty (after deletions in Excel) are not rows
        mask = frame.select(~pl.all_horizontal(pl.all().is_null())).to_series()
        frame, lines = frame.filter(mask), lines.filter(mask)
    raw = RawTable(sheet, label, frame, lines, header)
    raw.problems.extend(_header_problems(spec, header, label))
    return raw


def _excel_text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A cell as the text a CSV would hold: text cells exactly; numbers in their shortest
    form (whole numbers without ``.0``); dates as YYYY-MM-DD; date-times in ISO 8601."""
    if dtype == pl.String:
        return pl.when(expr == "").then(None).otherwise(expr)
    if dtype == pl.Float64:
        whole = (expr == expr.round(0)) & (expr.abs() < 1e15)
        return (
            pl.when(whole).then(expr.cast(pl.Int64).cast(pl.String)).otherwise(expr.cast(pl.String))
        )
    if dtype == pl.Datetime:
        midnight = expr.dt.time() == pl.time(0, 0, 0)
        return (
            pl.when(midnight)
            .then(expr.dt.strftime("%Y-%m-%d"))
            .otherwise(expr.dt.strftime("%Y-%m-%dT%H:%M:%S%.f"))
        )
    if dtype == pl.Date:
        return expr.dt.strftime("%Y-%m-%d")
    if dtype == pl.Boolean:
        return expr.cast(pl.String).str.to_lowercase()
    return expr.cast(pl.String)


# ----------------------------------------------------------------------------- CSV


def _read_csv(file: Path, spec: TableSpec, label: str) -> RawTable | None:
    import duckdb

    with file.open("rb") as fh:
        first = fh.readline(limits.MAX_ROW_BYTES + 1)
    if not first.strip():
        return None
    problems: list[Problem] = []
    if (refused := csv_over_limits(file, label)) is not None:
        return RawTable(
            spec.name, label, pl.DataFrame(), pl.Series("line", [], pl.Int64), [], [refused]
        )
    try:
        header_text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return RawTable(
            spec.name,
            label,
            pl.DataFrame(),
            pl.Series("line", [], pl.Int64),
            [],
            [Problem(label, 1, exc.start + 1, "is not UTF-8 text; save it as CSV UTF-8")],
        )
    first_line = header_text.rstrip("\r\n")
    header = [h.strip() for h in next(csv.reader([first_line]))]
    while len(header) > 1 and not header[-1]:
        header.pop()  # a trailing separator (Excel writes one); its cells must stay empty
    if (misread := _misread_header(spec, header, first_line, label)) is not None:
        return RawTable(
            spec.name, label, pl.DataFrame(), pl.Series("line", [], pl.Int64), header, [misread]
        )
    problems.extend(_header_problems(spec, header, label))
    if len(set(header)) != len(header) or any(not h for h in header):
        return RawTable(
            spec.name, label, pl.DataFrame(), pl.Series("line", [], pl.Int64), header, problems
        )
    columns = {f"c{i}": "VARCHAR" for i in range(len(header))}
    try:
        frame, rejects = _parse_csv(file, columns)
    except duckdb.Error as exc:
        data = file.read_bytes()
        if b"\r\n" not in data or data.count(b"\n") == data.count(b"\r\n"):
            problems.append(Problem(label, None, None, f"cannot be read as CSV ({exc})"))
            return RawTable(
                spec.name, label, pl.DataFrame(), pl.Series("line", [], pl.Int64), header, problems
            )
        # Line endings of two kinds (CRLF from Excel, LF from another editor): the parser
        # wants one. Each line stays one line, so the line numbers hold.
        with temp_dir("csv") as tmp:
            same = Path(tmp) / file.name
            same.write_bytes(data.replace(b"\r\n", b"\n"))
            del data
            return _read_csv(same, spec, label)
    frame = frame.rename(dict(zip(frame.columns, header, strict=True)))
    reject_lines = sorted({int(r[0]) for r in rejects})
    for line, column_name, error_type, message in rejects:
        what = {
            "MISSING COLUMNS": f"too few cells ({message.split('Found: ')[-1]}; the header has "
            f"{len(header)}); row skipped",
            "TOO MANY COLUMNS": f"too many cells ({message.split('Found: ')[-1]}; the header has "
            f"{len(header)}); row skipped",
            "INVALID ENCODING": "is not UTF-8 text; save the file as CSV UTF-8",
            "INVALID UNICODE": "is not UTF-8 text; save the file as CSV UTF-8",
            "LINE SIZE OVER MAXIMUM": f"the row is over the limit of "
            f"{limits.size(limits.MAX_ROW_BYTES)}; row skipped",
        }.get(str(error_type), f"cannot be read ({message})")
        column: int | str | None = None
        if isinstance(column_name, str) and column_name[1:].isdigit():
            column = header[int(column_name[1:])]
        problems.append(Problem(label, int(line), column, what))
    if len(rejects) >= 1000:
        problems.append(
            Problem(label, None, None, "has more than 1,000 unreadable rows; stopped listing them")
        )
    lines = _line_numbers(frame, reject_lines)
    if _has_blank_lines(file):
        lines = _line_numbers_by_reading(file, reject_lines, lines)
    if frame.width:  # rows of empty cells only (",,", left by Excel after clearing) are not rows
        mask = frame.select(
            ~pl.all_horizontal((pl.all().is_null()) | (pl.all().str.strip_chars() == ""))
        ).to_series()
        frame, lines = frame.filter(mask), lines.filter(mask)
    return RawTable(spec.name, label, frame, lines, header, problems)


def csv_over_limits(file: Path, label: str) -> Problem | None:
    """A problem for a file whose header has more than :data:`limits.MAX_COLUMNS` columns
    or :data:`limits.MAX_ROW_BYTES` bytes, or with a row of more than
    :data:`limits.MAX_CELLS_PER_ROW` separators: found by counting commas outside quotes
    before the CSV parser sees the file (it spends minutes on such rows), placed at the
    line where the row starts. Blocks of 64 KB with fewer commas than the bound are
    counted whole."""
    with file.open("rb") as fh:
        first = fh.readline(limits.MAX_ROW_BYTES + 1)
        if first.count(b",") >= limits.MAX_COLUMNS:
            return Problem(
                label,
                1,
                None,
                f"the header has more than {limits.MAX_COLUMNS:,} columns; refused before reading",
            )
        if len(first) > limits.MAX_ROW_BYTES:
            return Problem(
                label,
                1,
                None,
                f"the header is longer than {limits.size(limits.MAX_ROW_BYTES)}; "
                "refused before reading",
            )
        # Rows end only at line breaks outside quotes: a quoted cell may hold line breaks
        # (and commas), so one row can span many lines. Quoted text is cut out of each
        # block by a regular expression ("" inside quotes toggles twice, so it stays cut).
        quoted = first.count(b'"') % 2 == 1
        commas = first.count(b",") if quoted else 0  # outside quotes, on the current row
        while chunk := fh.read(64 << 10):
            if quoted:
                at = chunk.find(b'"')
                if at < 0:
                    continue
                chunk, quoted = chunk[at + 1 :], False
            outside = _QUOTED.sub(b"", chunk)
            quoted = chunk.count(b'"') % 2 == 1
            total = outside.count(b",")
            if commas + total < limits.MAX_CELLS_PER_ROW:
                end = outside.rfind(b"\n")
                commas = commas + total if end < 0 else outside.count(b",", end + 1)
                continue
            for i, piece in enumerate(outside.split(b"\n")):
                commas = (commas if i == 0 else 0) + piece.count(b",")
                if commas >= limits.MAX_CELLS_PER_ROW:
                    return Problem(
                        label,
                        _wide_row_line(file, first),
                        None,
                        f"the line has more than {limits.MAX_CELLS_PER_ROW:,} cells (commas); "
                        "refused before reading",
                    )
    return None


_QUOTED = re.compile(rb'"[^"]*(?:"|\Z)')


def _wide_row_line(file: Path, first: bytes) -> int:
    """The line where the first row of too many cells starts (only on refusal: a scan
    quote by quote)."""
    quoted = first.count(b'"') % 2 == 1
    line, row = 2, 1 if quoted else 2
    commas = first.count(b",") if quoted else 0
    with file.open("rb") as fh:
        fh.seek(len(first))
        while chunk := fh.read(64 << 10):
            for j, piece in enumerate(chunk.split(b'"')):
                if j:
                    quoted = not quoted
                if quoted:
                    line += piece.count(b"\n")
                    continue
                for i, part in enumerate(piece.split(b"\n")):
                    if i:
                        line += 1
                        row, commas = line, 0
                    commas += part.count(b",")
                    if commas >= limits.MAX_CELLS_PER_ROW:
                        return row
    return row


def _parse_csv(file: Path, columns: dict[str, str]) -> tuple[pl.DataFrame, list[Any]]:
    """Every cell as text, and the rows the parser refused (line, column, error)."""
    import duckdb

    con = duckdb.connect()
    try:
        frame = con.sql(
            "SELECT * FROM read_csv(?, header=true, all_varchar=true, auto_detect=false, "
            "columns=?, delim=',', quote='\"', escape='\"', strict_mode=true, "
            "store_rejects=true, null_padding=false, rejects_limit=1000, max_line_size=?)",
            params=[str(file), columns, limits.MAX_ROW_BYTES],
        ).pl()
        rejects = con.sql(
            "SELECT line, column_name, error_type, error_message FROM reject_errors ORDER BY line"
        ).fetchall()
    finally:
        con.close()
    return frame, rejects


def _has_blank_lines(file: Path) -> bool:
    import mmap

    with file.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return re.search(rb"\n\r?\n", data) is not None


def _line_numbers_by_reading(file: Path, reject_lines: list[int], fallback: pl.Series) -> pl.Series:
    """Line numbers of the good rows of a file with blank lines (which the CSV parser skips
    without a trace), by reading it once more with Python's csv module."""
    starts: list[int] = []
    with file.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
        reader = csv.reader(fh)
        previous = 0
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if record:
                starts.append(start)
    rejected = set(reject_lines)
    good = [line for line in starts[1:] if line not in rejected]
    if len(good) != fallback.len():
        return fallback  # the two readers disagree; keep the parser's count
    return pl.Series("line", good, dtype=pl.Int64)


def _line_numbers(frame: pl.DataFrame, reject_lines: list[int]) -> pl.Series:
    """The line in the file of each good row: header is line 1; quoted newlines and
    skipped rows move the rest down."""
    import numpy as np

    n = frame.height
    base = np.arange(2, n + 2, dtype=np.int64)
    text_columns = [c for c, t in frame.schema.items() if t == pl.String]
    has_newline = (
        n
        and text_columns
        and frame.select(
            pl.any_horizontal(
                pl.col(c).str.contains("\n", literal=True) for c in text_columns
            ).any()
        ).item()
    )
    if has_newline:
        newlines = (
            frame.select(
                pl.sum_horizontal(
                    pl.col(c).str.count_matches("\n").fill_null(0) for c in text_columns
                )
            )
            .to_series()
            .to_numpy()
        )
        if newlines.any():
            base = base + np.concatenate(([0], np.cumsum(newlines)[:-1]))
    for line in reject_lines:
        base[base >= line] += 1
    return pl.Series("line", base, dtype=pl.Int64)


SEPARATORS = {";": "';'", "\t": "tabs", "|": "'|'"}


def _misread_header(
    spec: TableSpec, header: list[str], first_line: str, label: str
) -> Problem | None:
    """One problem for a first line that is not a comma-separated header at all: a file
    saved with another separator (European Excel uses ';'), or one without a header row."""
    expected = ",".join(c.name for c in spec.columns if c.required)
    if len(header) == 1:
        for separator, name in SEPARATORS.items():
            if separator in header[0]:
                return Problem(
                    label,
                    1,
                    None,
                    f"the columns are separated by {name}, not by commas: save it as CSV UTF-8 "
                    f"(comma delimited), with a point as decimal separator; the header needs "
                    f"{expected}",
                )
    names = {c.name for c in spec.columns}
    if not names & {h.lower() for h in header} and any(_DATA_CELL.match(h) for h in header):
        shown = first_line if len(first_line) <= 60 else first_line[:57] + "..."
        return Problem(
            label,
            1,
            None,
            f"the first line must be the header {expected}; it holds data ({shown!r}): "
            "insert the header line above it",
        )
    return None


_DATA_CELL = re.compile(r"^(?:\d{4}-\d{2}-\d{2}.*|[-+]?\d+(?:[.,]\d+)?)$")


def _header_problems(spec: TableSpec, header: list[str], label: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(label, 1, i, "empty column name in the header"))
        elif name in seen:
            problems.append(Problem(label, 1, i, f"column {name!r} appears twice in the header"))
        seen.add(name)
    expected = ",".join(c.name for c in spec.columns if c.required)
    for column in spec.columns:
        if column.required and column.name not in seen:
            named = {h.strip().lower(): h for h in header if h and h not in spec.column_names}
            near = difflib.get_close_matches(column.name, list(named), n=1)
            hint = f" (rename {named[near[0]]!r} to {column.name!r})" if near else ""
            problems.append(
                Problem(
                    label,
                    1,
                    None,
                    f"missing column {column.name!r}{hint}; the header needs {expected}",
                )
            )
    return problems


# ----------------------------------------------------------------------------- YAML


def _parse_yaml(data: bytes, label: str, problems: list[Problem]) -> tuple[Any, Positions | None]:
    if not data.strip():
        problems.append(Problem(label, None, None, "is empty: it needs at least format and name"))
        return None, None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(label, line, column, "is not UTF-8 text; save it as UTF-8"))
        return None, None
    if len(data) > limits.MAX_COMPANY_BYTES:
        problems.append(_too_large(label, len(data), limits.MAX_COMPANY_BYTES))
        return None, None
    try:
        raw, positions = load_with_positions(text)
    except YamlLimitError as exc:
        mark = exc.problem_mark
        problems.append(
            Problem(
                label,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                f"refused: {exc.problem}",
            )
        )
        return None, None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.problem, exc.context) if x) or "YAML syntax error"
        what += next((hint for key, hint in _YAML_HINTS.items() if key in what), "")
        problems.append(
            Problem(
                label,
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                f"YAML syntax error: {what}",
            )
        )
        return None, None
    except yaml.YAMLError as exc:
        problems.append(Problem(label, None, None, f"YAML syntax error: {exc}"))
        return None, None
    except RecursionError:  # a backstop: the caps above should refuse such nesting first
        problems.append(Problem(label, 1, 1, "refused: nested too deeply to read"))
        return None, None
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                label,
                1,
                1,
                f"must be a mapping of keys (format, name, …), not {type(raw).__name__}",
            )
        )
        return None, None
    return raw, positions


# What the parser's words usually mean in a hand-edited company.yaml.
_YAML_HINTS = {
    "'\\t'": " (a tab: indent with spaces, not tabs)",
    "mapping values are not allowed here": (
        " (a second ': ' on the line: put the text in quotes, like name: \"Warmth: the heart\")"
    ),
    "could not find expected ':'": (
        " (a line without 'key: value', or indented differently from the lines around it)"
    ),
    "did not find expected key": (
        " (a line indented differently from the lines around it, or a '- ' out of place)"
    ),
    "found undefined alias": (" (text starting with '*': put it in quotes)"),
}


# ----------------------------------------------------------------------------- assembling


def _assemble(
    *,
    raw_company: Any,
    positions: Positions | None,
    company_label: str,
    raw_tables: Mapping[str, RawTable],
    problems: list[Problem],
) -> Workbook:
    def locate(path: tuple[str | int, ...], *, key: bool = False) -> tuple[int | None, int | None]:
        if positions is None:
            return None, None
        pos = positions.of_key(path) if key else positions.of_value(path)
        return pos if pos else (None, None)

    company: Company | None = None
    tolerated: set[str] = set()
    if raw_company is not None:
        company, tolerated = _validate_company(raw_company, company_label, locate, problems)
    typed: dict[str, pl.DataFrame] = {}
    incomplete: set[str] = set()  # a required column missing: checked as far as it goes
    for name, raw in raw_tables.items():
        frame = _type_table(TABLES[name], raw, problems)
        if frame is not None:
            typed[name] = frame
            if any(c.required and c.name not in raw.header for c in TABLES[name].columns):
                incomplete.add(name)
    if company is not None:
        problems.extend(
            check_references(company, typed, label=company_label, locate=locate, tolerate=tolerated)
        )
        problems.extend(check_tables(company, typed, _labels(raw_tables), tolerate=tolerated))
    if problems or company is None:
        raise WorkbookError(problems)
    return Workbook(
        company=company,
        tables={n: f.drop(LINE) for n, f in typed.items() if n not in incomplete},
    )


def _validate_company(
    raw: dict[str, Any],
    label: str,
    locate: Callable[..., tuple[int | None, int | None]],
    problems: list[Problem],
) -> tuple[Company | None, set[str]]:
    """Validate company.yaml item by item, so that one bad objective does not hide the
    reference problems elsewhere. Returns the company built from the valid items (for the
    cross-reference checks; ``None`` if the top level itself is invalid) and the ids of
    invalid items, which references may still name without a second complaint."""
    from coxswain.workbook import model

    tolerated: set[str] = set()
    kept: dict[str, Any] = dict(raw)
    for section, class_name in _SECTION_MODELS.items():
        items = raw.get(section)
        if section == "privacy" or not isinstance(items, list):
            continue
        cls = getattr(model, class_name)
        good = []
        for i, item in enumerate(items):
            try:
                good.append(cls.model_validate(item))
            except ValidationError as exc:
                problems.extend(_pydantic_problems(exc, item, label, locate, prefix=(section, i)))
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    tolerated.add(item["id"])
        kept[section] = good
    try:
        company = Company.model_validate(kept)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(exc, raw, label, locate))
        # Set the bad top-level keys aside (a placeholder for the required ones) so that
        # the references can still be checked: one bad key must not hide other problems.
        for key in {str(e["loc"][0]) for e in exc.errors() if e["loc"]}:
            if key in _PLACEHOLDERS:
                kept[key] = _PLACEHOLDERS[key]
            else:
                kept.pop(key, None)
        try:
            company = Company.model_validate(kept)
        except ValidationError:
            return None, tolerated
    return company, tolerated


_PLACEHOLDERS: dict[str, Any] = {"format": 1, "name": "?"}


def _labels(raw_tables: Mapping[str, RawTable]) -> dict[str, str]:
    return {n: r.label for n, r in raw_tables.items()}


def _pydantic_problems(
    exc: ValidationError,
    raw: Any,
    label: str,
    locate: Callable[..., tuple[int | None, int | None]],
    prefix: tuple[str | int, ...] = (),
) -> Iterable[Problem]:
    for error in exc.errors():
        loc = prefix + tuple(p for p in error["loc"] if p != "[key]")
        # pydantic reports nested model paths with class names for unions; keep data keys.
        path = tuple(p for p in loc if isinstance(p, int) or not str(p)[:1].isupper())
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(path[-1])
            allowed = _allowed_keys(path[:-1])
            near = difflib.get_close_matches(key, allowed, n=1)
            message = f"unknown key {key!r}" + (f"; did you mean {near[0]!r}?" if near else "")
            line, column = locate(path, key=True)
        elif kind == "missing":
            message = f"missing required key {str(path[-1])!r}"
            line, column = locate(path[:-1])
        elif (
            kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN
        ):
            message = f"{_short(error.get('input'))} is not a valid id: {ID_RULE}"
            line, column = locate(path)
        else:
            value = error.get("input")
            shown = _short(value) if not isinstance(value, dict | list) else type(value).__name__
            if isinstance(value, dt.date):
                shown = value.isoformat()
            message = f"{_plain(error['msg'])} (got {shown})"
            line, column = locate(path)
        yield Problem(label, line, column, message, path=format_path(path))


def _plain(msg: str) -> str:
    msg = msg.replace("Input should be", "should be").replace("Value error, ", "")
    return msg[:1].lower() + msg[1:]


_SECTION_MODELS: dict[str, str] = {
    "values": "Value",
    "objectives": "Objective",
    "kpis": "Kpi",
    "teams": "Team",
    "initiatives": "Initiative",
    "goals": "Goal",
    "automations": "Automation",
    "capabilities": "Capability",
    "reviews": "Review",
    "privacy": "Privacy",
}


def _allowed_keys(parent: tuple[str | int, ...]) -> list[str]:
    from coxswain.workbook import model

    names = [p for p in parent if isinstance(p, str)]
    if not names:
        return list(Company.model_fields)
    if names[-1] == "key_results":
        return list(model.KeyResult.model_fields)
    cls = getattr(model, _SECTION_MODELS.get(names[0], "Company"))
    return list(cls.model_fields)


# ----------------------------------------------------------------------------- typing tables


def _as_text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.String:
        return expr
    if dtype == pl.Datetime:
        return expr.dt.to_string("%Y-%m-%dT%H:%M:%S%.f%:z")
    return expr.cast(pl.String)


def _type_table(spec: TableSpec, raw: RawTable, problems: list[Problem]) -> pl.DataFrame | None:
    """Cast the text cells to the table's types; every bad cell is a problem.

    Text cells are kept verbatim (an empty cell is missing); typed cells are trimmed.
    One pass computes the typed columns and a flag per column for bad cells; only the
    flagged rows are looked at again, to report them.
    """
    # A required column the header lacks is reported by the header check; the columns it
    # has are still typed, so that their cells and references are checked in the same run
    # (the caller keeps such a table out of the workbook).
    if raw.frame.width == 0 and raw.header:
        return None
    frame = raw.frame.with_columns(raw.lines.alias(LINE))
    typed_exprs: list[pl.Expr] = []
    flag_exprs: list[pl.Expr] = []
    checked: list[tuple[str, ColumnType, bool]] = []
    for column in spec.columns:
        name = column.name
        if name not in frame.columns:
            continue  # an optional column the file lacks; Workbook.table() fills it in
        if column.type == ColumnType.text:
            cell = pl.col(name)
            cell = pl.when(cell == "").then(None).otherwise(cell)
            typed_exprs.append(cell.alias(name))
            present = cell.is_not_null()
            bad = cell.str.contains(limits.CONTROL_CHARACTERS).fill_null(False)
            bad = bad | (cell.str.len_bytes() > limits.MAX_CELL_BYTES).fill_null(False)
        else:
            cell = pl.col(name).str.strip_chars()
            cell = pl.when(cell == "").then(None).otherwise(cell)
            value = _cast(cell, column.type)
            typed_exprs.append(value.alias(name))
            present = cell.is_not_null()
            bad = present & value.is_null()
            if column.type == ColumnType.number:
                bad = bad | (present & ~value.is_finite().fill_null(True))
        flag_exprs.append(bad.alias(f"__bad_{name}"))
        flag_exprs.append((~present).alias(f"__missing_{name}"))
        checked.append((name, column.type, column.nullable))
    known = set(spec.column_names)
    extra = [pl.col(c) for c in frame.columns if c not in known and c != LINE]
    typed = frame.select(*typed_exprs, *extra, pl.col(LINE), *flag_exprs)
    # dates outside the years allowed are bad cells too (from the typed column: the parse
    # expression is not computed twice)
    typed = typed.with_columns(
        (
            pl.col(f"__bad_{name}")
            | ~pl.col(name).dt.year().is_between(limits.MIN_YEAR, limits.MAX_YEAR).fill_null(True)
        ).alias(f"__bad_{name}")
        for name, kind, _ in checked
        if kind in (ColumnType.date, ColumnType.timestamp)
    )
    for name, kind, _ in checked:
        if kind == ColumnType.timestamp and typed.get_column(f"__bad_{name}").any():
            typed = _other_timestamp_forms(frame, typed, name)
    for name in (c for c in frame.columns if c not in known and c != LINE):
        # the columns Coxswain does not know are kept as text: they hold plain text too
        bad = pl.col(name).str.contains(limits.CONTROL_CHARACTERS).fill_null(False)
        bad = bad | (pl.col(name).str.len_bytes() > limits.MAX_CELL_BYTES).fill_null(False)
        flagged = frame.filter(bad)
        if flagged.height:
            report_rows(
                problems,
                raw.label,
                name,
                flagged.get_column(LINE),
                flagged.get_column(name),
                _type_message(ColumnType.text),
            )
    for name, kind, nullable in checked:
        bad_rows = typed.get_column(f"__bad_{name}")
        if bad_rows.any():
            flagged = frame.filter(bad_rows)
            report_rows(
                problems,
                raw.label,
                name,
                flagged.get_column(LINE),
                flagged.get_column(name).str.strip_chars(),
                _type_message(kind),
            )
        missing_rows = typed.get_column(f"__missing_{name}")
        if not nullable and missing_rows.any():
            report_rows(
                problems,
                raw.label,
                name,
                frame.get_column(LINE).filter(missing_rows),
                None,
                lambda _: "empty cell; a value is required",
            )
    return typed.select(pl.exclude("^__bad_.*$", "^__missing_.*$"))


def _cast(text: pl.Expr, kind: ColumnType) -> pl.Expr:
    if kind == ColumnType.text:
        return text
    if kind == ColumnType.number:
        return text.cast(pl.Float64, strict=False)
    if kind == ColumnType.integer:
        return text.cast(pl.Int64, strict=False)
    if kind == ColumnType.date:
        # An Excel column mixing real dates and text gives the dates as "2026-04-30 00:00:00".
        day = text.str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(?:\.0+)?$", "$1")
        return day.str.to_date("%Y-%m-%d", strict=False)
    # timestamp: the common form only (2026-03-01T09:15:00+01:00), read as a local time and
    # an offset (twice as fast as a %:z format); the other ISO forms are tried by
    # _other_timestamp_forms on the rows where this one failed.
    offset = text.str.slice(19)
    sign = pl.when(offset.str.starts_with("+")).then(1).when(offset.str.starts_with("-")).then(-1)
    minutes = sign * (
        offset.str.slice(1, 2).cast(pl.Int64, strict=False) * 60
        + offset.str.slice(4, 2).cast(pl.Int64, strict=False)
    )
    local = text.str.slice(0, 19).str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us")
    common_form = (text.str.len_bytes() == 25) & (offset.str.slice(3, 1) == ":")
    return (
        pl.when(common_form).then(local - pl.duration(minutes=minutes)).dt.replace_time_zone("UTC")
    )


def _other_timestamp_forms(frame: pl.DataFrame, typed: pl.DataFrame, name: str) -> pl.DataFrame:
    """Retry the cells of a timestamp column that the common form missed, with the other
    ISO 8601 forms: a space for the T, ``Z``, fractions of a second, no seconds, no zone
    (UTC). Parsing every form for every row would cost four times as much."""
    text = pl.col(name).str.strip_chars().str.replace(" ", "T", literal=True)
    text = text.str.replace(r"Z$", "+00:00")
    others = pl.coalesce(
        text.str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_unit="us", time_zone="UTC"
        ),
        text.str.to_datetime("%Y-%m-%dT%H:%M%:z", strict=False, time_unit="us", time_zone="UTC"),
        text.str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%.f", strict=False, time_unit="us"
        ).dt.replace_time_zone("UTC"),
        text.str.to_datetime("%Y-%m-%dT%H:%M", strict=False, time_unit="us").dt.replace_time_zone(
            "UTC"
        ),
    )
    retried = frame.select(others.alias(name)).get_column(name)
    bad = typed.get_column(f"__bad_{name}")
    merged = typed.get_column(name).zip_with(~bad, retried)
    years = retried.dt.year()
    out_of_range = ~years.is_between(limits.MIN_YEAR, limits.MAX_YEAR).fill_null(True)
    still_bad = bad & (retried.is_null() | out_of_range)
    return typed.with_columns(merged.alias(name), still_bad.alias(f"__bad_{name}"))


def _type_message(kind: ColumnType) -> Callable[[str], str]:
    return {
        ColumnType.number: lambda v: f"{_short(v)} is not a number{_number_hint(v)}",
        ColumnType.integer: lambda v: f"{_short(v)} is not a whole number",
        ColumnType.date: lambda v: (
            _out_of_range(v) or f"{_short(v)} is not a date in the form YYYY-MM-DD{_date_hint(v)}"
        ),
        ColumnType.timestamp: lambda v: (
            _out_of_range(v)
            or f"{_short(v)} is not an ISO 8601 timestamp (2026-03-01T09:15:00+01:00)"
        ),
        ColumnType.text: _text_message,
    }[kind]


def _short(value: Any) -> str:
    """A value as a problem quotes it: whole when short, else its start (a hostile cell may
    hold a megabyte)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _out_of_range(text: str | None) -> str:
    """For a well-formed date or timestamp outside the years allowed, say so."""
    m = re.match(r"^\s*(\d{4})-\d{2}-\d{2}", text or "")
    if m and not limits.MIN_YEAR <= int(m[1]) <= limits.MAX_YEAR:
        return f"{text!r} is outside the years {limits.MIN_YEAR}–{limits.MAX_YEAR}; check the year"
    return ""


def _text_message(text: str | None) -> str:
    text = text or ""
    if len(text.encode()) > limits.MAX_CELL_BYTES:
        return (
            f"the cell holds {limits.size(len(text.encode()))}, over the limit of "
            f"{limits.size(limits.MAX_CELL_BYTES)} for one cell"
        )
    index = limits.control_character(text)
    if index is not None:
        return f"{_short(text)} {limits.control_message(text, index)}"
    return f"{_short(text)} is not valid text"


_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_MONEY = re.compile(r"^(?:[$€£¥]|[A-Z]{3}\s)?\s*([-+]?[\d ,.]*\d)\s*(?:[$€£¥]|\s[A-Z]{3})?$")


def _number_hint(text: str | None) -> str:
    """For a number written the way a spreadsheet shows it (62,000 · 4,5 · $1200 · 68%),
    the plain form to write instead."""
    text = (text or "").strip()
    if text.endswith("%") and _plain_number(text[:-1].strip()):
        return f" (write {text[:-1].strip()}: the number alone, without %)"
    if _THOUSANDS.match(text):
        return f" (write {text.replace(',', '')}: no thousands separators)"
    if _DECIMAL_COMMA.match(text):
        return f" (write {text.replace(',', '.')}: a point as decimal separator)"
    m = _MONEY.match(text)
    if m and m[0] != m[1]:
        digits = m[1].replace(" ", "")
        digits = digits.replace(",", "") if _THOUSANDS.match(digits) else digits
        if _plain_number(digits):
            return f" (write {digits}: the number alone, without the currency sign)"
    return ""


def _plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_LOCAL_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _date_hint(text: str | None) -> str:
    """For a date written the local way (31/01/2026, 1/31/2026, 31.01.2026), the ISO
    form to write instead; both readings when day and month cannot be told apart."""
    m = _LOCAL_DATE.match(text or "")
    if not m:
        return ""
    a, b, year = int(m[1]), int(m[2]), int(m[3])
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(dt.date(year, month, day).isoformat())
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if not readings:
        return ""
    if len(readings) == 1:
        return f" (write {readings[0]})"
    return f" (write {readings[0]} or {readings[1]}, whichever is meant)"


def report_rows(
    problems: list[Problem],
    label: str,
    column: str | None,
    lines: pl.Series,
    values: pl.Series | None,
    message: Callable[[str], str],
) -> None:
    """One problem per bad row, up to :data:`MAX_PROBLEMS_PER_KIND`, then one for the rest."""
    n = lines.len()
    if n == 0:
        return
    shown = min(n, MAX_PROBLEMS_PER_KIND)
    line_list = lines.head(shown).to_list()
    value_list = values.head(shown).to_list() if values is not None else [None] * shown
    for line, value in zip(line_list, value_list, strict=True):
        problems.append(Problem(label, int(line), column, message(value)))
    if n > shown:
        first_hidden = int(lines[shown])
        example = message(values[shown]) if values is not None else message("")
        problems.append(
            Problem(
                label, first_hidden, column, f"and {n - shown:,} more rows like this ({example})"
            )
        )


# ----------------------------------------------------------------------------- small helpers


def _too_large(label: str, size: int, limit: int) -> Problem:
    return Problem(
        label,
        None,
        None,
        f"is {_size(size)}, over the limit of {_size(limit)}; refused before reading",
    )


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return f"{n} bytes"


def _unknown_file(label: str, name: str, kind: str) -> list[Problem]:
    """A file or sheet named almost like a workbook table is a mistake; others are ignored."""
    normalised = name.lower().replace("-", "_").replace(" ", "_")
    near = difflib.get_close_matches(normalised, list(TABLES), n=1, cutoff=0.75)
    if normalised in TABLES:
        near = [normalised]
    if not near:
        return []
    what = "file" if kind == ".csv" else "sheet"
    return [
        Problem(
            label, None, None, f"is not a workbook {what}; did you mean {near[0]!r}? (rename it)"
        )
    ]
