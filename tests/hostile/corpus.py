"""The hostile-input corpus: workbooks built at test time to attack each parser's bounds.

Each case writes its file (a folder, a ``.zip`` or an ``.xlsx``) under a given folder and
says what the refusal must mention. The tests (``tests/hostile``) run every case through
``coxswain validate`` and the web upload; ``benchmarks/bench_hostile.py`` runs each in a
process of its own and measures time and peak memory. ``big=True`` builds the full-size
attacks of issue 9 (a 2.6 MB zip expanding to 900 MB); the tests use smaller ones that
break the same caps.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

COMPANY = (
    "format: 1\nname: Hostile Ltd\nobjectives:\n  - id: grow\n    name: Grow\n"
    "kpis:\n  - id: sales\n    name: Sales\n    objective: grow\n    direction: up\n"
)
PEOPLE_HEADER = "id,name,team,role,manager,hired,skills,training_hours\n"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path, bool], Path]  # (folder to write in, big) -> the workbook's path
    expect: str  # a piece of the placed problem the refusal must show
    attack: str  # what it tries, for the bench and the security table


def _folder(root: Path, name: str, files: dict[str, str | bytes]) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for file, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / file).write_bytes(data)
    return folder


def billion_laughs_yaml() -> str:
    """Ten levels of ten aliases: 10^10 strings once expanded."""
    lines = ["format: 1", "name: Laughs", 'lol0: &a0 ["lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("mission: *a9")
    return "\n".join(lines) + "\n"


def deep_yaml(depth: int = 50_000) -> str:
    return "format: 1\nname: Deep\nmission: " + "[" * depth + "]" * depth + "\n"


def deep_aliases_yaml(levels: int = 60, each: int = 25) -> str:
    """Each anchor nests the one before inside ``each`` lists: every piece is shallow, but
    the graph is ``levels * each`` deep (1,500) with only about 1,600 nodes."""
    lines = ["format: 1", "name: Deep aliases", "l0: &a0 " + "[" * each + "]" * each]
    for i in range(1, levels):
        lines.append(f"l{i}: &a{i} " + "[" * each + f"*a{i - 1}" + "]" * each)
    lines.append(f"mission: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def _deep_aliases(root: Path, big: bool) -> Path:
    return _folder(root, "deep_aliases", {"company.yaml": deep_aliases_yaml()})


def _zip_deep_aliases(root: Path, big: bool) -> Path:
    path = root / "deep_aliases.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("company.yaml", deep_aliases_yaml())
    return path


def _billion_laughs(root: Path, big: bool) -> Path:
    return _folder(root, "laughs", {"company.yaml": billion_laughs_yaml()})


def _deep(root: Path, big: bool) -> Path:
    return _folder(root, "deep", {"company.yaml": deep_yaml()})


def _recursive_alias(root: Path, big: bool) -> Path:
    return _folder(root, "cycle", {"company.yaml": "format: 1\nname: X\nmission: &a [*a]\n"})


def _huge_company(root: Path, big: bool) -> Path:
    padding = "# " + "x" * 98 + "\n"
    return _folder(root, "huge_yaml", {"company.yaml": COMPANY + padding * 50_000})


def _long_integer(root: Path, big: bool) -> Path:
    return _folder(root, "long_int", {"company.yaml": COMPANY + "employees: " + "9" * 5000})


def _year_9999_yaml(root: Path, big: bool) -> Path:
    text = COMPANY + "    deadline: 9999-12-31\n"
    return _folder(root, "year_9999_yaml", {"company.yaml": text})


def _nul_in_name(root: Path, big: bool) -> Path:
    return _folder(root, "nul_yaml", {"company.yaml": 'format: 1\nname: "Hostile\\0Ltd"\n'})


def _wide_header(root: Path, big: bool) -> Path:
    header = "date,kpi,value," + ",".join(f"x{i}" for i in range(100_000)) + "\n"
    return _folder(
        root,
        "wide_header",
        {"company.yaml": COMPANY, "kpi_values.csv": header + "2026-01-31,sales,1\n"},
    )


def _wide_row(root: Path, big: bool) -> Path:
    row = "2026-01-31,sales,1" + ",x" * 100_000 + "\n"
    return _folder(
        root, "wide_row", {"company.yaml": COMPANY, "kpi_values.csv": "date,kpi,value\n" + row}
    )


def _quoted_breaks(root: Path, big: bool) -> Path:
    """One row of 100,000 cells, each a quoted line break: no physical line has many
    commas (400 KB; the CSV parser took 66 s and 1.2 GB on it)."""
    row = '2024-01-01,k,"\n"' + ',"\n"' * 100_000 + "\n"
    return _folder(
        root,
        "quoted_breaks",
        {"company.yaml": COMPANY, "kpi_values.csv": "date,kpi,value\n2026-01-31,sales,1\n" + row},
    )


def _long_row(root: Path, big: bool) -> Path:
    row = '2026-01-31,sales,"' + "1" * (3 << 20) + '"\n'
    return _folder(
        root, "long_row", {"company.yaml": COMPANY, "kpi_values.csv": "date,kpi,value\n" + row}
    )


def _year_9999_csv(root: Path, big: bool) -> Path:
    return _folder(
        root,
        "year_9999_csv",
        {"company.yaml": COMPANY, "kpi_values.csv": "date,kpi,value\n9999-12-31,sales,1\n"},
    )


def _nul_in_csv(root: Path, big: bool) -> Path:
    people = PEOPLE_HEADER + "ann,Ann\x00Smith,,,,,,\n"
    return _folder(root, "nul_csv", {"company.yaml": COMPANY, "people.csv": people})


def bomb_csv_chunks(size: int) -> Callable[[io.BufferedIOBase], None]:
    """A writer of ``size`` bytes of a kpi_values.csv that packs about 300 times."""

    def write(out: io.BufferedIOBase) -> None:
        out.write(b"date,kpi,value\n")
        block = b"2026-01-31,sales,11111111111111111111\n" * 50_000
        for _ in range(max(1, size // len(block))):
            out.write(block)

    return write


def _zip_bomb(root: Path, big: bool) -> Path:
    """2.6 MB expanding to 900 MB (big), or 2 MB to 60 MB: refused by the ratio the zip
    declares."""
    path = root / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("company.yaml", COMPANY)
        with zf.open("kpi_values.csv", "w", force_zip64=True) as out:
            bomb_csv_chunks(900_000_000 if big else 40_000_000)(out)  # type: ignore[arg-type]
    return path


def _zip_bomb_lying(root: Path, big: bool) -> Path:
    """The same bomb with its headers claiming a small size: refused while inflating."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("company.yaml", COMPANY)
        size = 200_000_000 if big else 40_000_000
        data = io.BytesIO()
        bomb_csv_chunks(size)(data)
        zf.writestr("kpi_values.csv", data.getvalue())
    raw = bytearray(buffer.getvalue())
    # rewrite the uncompressed size in the local header and the central directory
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := raw.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            name_length = struct.unpack("<H", raw[at + offset + 4 : at + offset + 6])[0]
            if signature == b"PK\x01\x02":
                name_length = struct.unpack("<H", raw[at + 28 : at + 30])[0]
            if raw[name_at : name_at + name_length] == b"kpi_values.csv":
                raw[at + offset : at + offset + 4] = struct.pack("<I", 1000)
            start = at + 4
    path = root / "lying.zip"
    path.write_bytes(bytes(raw))
    return path


def _zip_many_members(root: Path, big: bool) -> Path:
    path = root / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("company.yaml", COMPANY)
        for i in range(2_000):
            zf.writestr(f"junk/{i}.txt", "")
    return path


def _zip_laughs(root: Path, big: bool) -> Path:
    path = root / "laughs.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("company.yaml", billion_laughs_yaml())
    return path


def _zip_deep(root: Path, big: bool) -> Path:
    path = root / "deep.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("company.yaml", deep_yaml())
    return path


def _zip_wide(root: Path, big: bool) -> Path:
    path = root / "wide.zip"
    header = "date,kpi,value," + ",".join(f"x{i}" for i in range(100_000)) + "\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("company.yaml", COMPANY)
        zf.writestr("kpi_values.csv", header)
    return path


def _xlsx_span(root: Path, big: bool) -> Path:
    """Two cells, A1 and XFD1048576: an Excel reader holding the sheet whole would need
    17 billion cells."""
    import openpyxl

    book = openpyxl.Workbook()
    company = book.active
    assert company is not None
    company.title = "company"
    company["A1"] = COMPANY
    sheet = book.create_sheet("kpi_values")
    sheet.append(["date", "kpi", "value"])
    sheet["XFD1048576"] = "x"
    path = root / "span.xlsx"
    book.save(path)
    return path


def _xlsx_bomb(root: Path, big: bool) -> Path:
    """A real Excel file whose kpi_values sheet is 900 MB (big) or 60 MB of rows packed
    about 1,000 times."""
    import openpyxl

    book = openpyxl.Workbook()
    company = book.active
    assert company is not None
    company.title = "company"
    company["A1"] = COMPANY
    book.create_sheet("kpi_values").append(["date", "kpi", "value"])
    plain = io.BytesIO()
    book.save(plain)
    path = root / "bomb.xlsx"
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                zf.writestr(info, source.read(info))
                continue
            with zf.open(info.filename, "w", force_zip64=True) as out:
                out.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                block = b'<row r="2"><c r="A2"><v>1</v></c></row>' * 100_000
                for _ in range((900_000_000 if big else 40_000_000) // len(block)):
                    out.write(block)
                out.write(b"</sheetData></worksheet>")
    return path


def _xlsx_with_sheet(root: Path, name: str, sheet_data: bytes, prefix: bytes = b"") -> Path:
    """A real Excel file whose kpi_values sheet is the given hand-written XML rows."""
    import openpyxl

    book = openpyxl.Workbook()
    company = book.active
    assert company is not None
    company.title = "company"
    company["A1"] = COMPANY
    book.create_sheet("kpi_values").append(["date", "kpi", "value"])
    plain = io.BytesIO()
    book.save(plain)
    path = root / name
    ns = b"xmlns" + (b":" + prefix[:-1] if prefix else b"")
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                zf.writestr(info, source.read(info))
                continue
            zf.writestr(
                info.filename,
                b'<?xml version="1.0" encoding="UTF-8"?><'
                + prefix
                + b"worksheet "
                + ns
                + b'="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><'
                + prefix
                + b"sheetData>"
                + sheet_data
                + b"</"
                + prefix
                + b"sheetData></"
                + prefix
                + b"worksheet>",
            )
    return path


def _xlsx_cells_without_ref(root: Path, big: bool) -> Path:
    """A row of 3,000 cells without ``r`` (it is optional): the reader places them one
    after another, and the sheet ends at ``<row r="5000">``: 5,000 × 3,000 cells."""
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 3_000
    data = b"<row>" + cells + b'</row><row r="5000"><c><v>1</v></c></row>'
    return _xlsx_with_sheet(root, "no_ref.xlsx", data)


def _xlsx_rows_far_down(root: Path, big: bool) -> Path:
    """Rows of 900 cells without ``r`` (each under the column cap), the last at row
    30,000 by its ``<row r>``: 27 million cells; tags with a namespace prefix."""
    row = b"<x:c><x:v>1</x:v></x:c>" * 900
    data = b"<x:row>" + row + b'</x:row><x:row r="30000">' + row + b"</x:row>"
    return _xlsx_with_sheet(root, "far_down.xlsx", data, b"x:")


CASES: tuple[Case, ...] = (
    Case(
        "yaml billion laughs",
        _billion_laughs,
        "refused: expands to more than",
        "YAML alias expansion",
    ),
    Case("yaml 50,000-deep nesting", _deep, "company.yaml:3:", "YAML nesting depth"),
    Case(
        "yaml aliases nested deep",
        _deep_aliases,
        "company.yaml:4:",
        "YAML nesting depth through aliases",
    ),
    Case(
        "yaml recursive alias",
        _recursive_alias,
        "refers to the list or mapping that holds it",
        "YAML self-referencing alias",
    ),
    Case("yaml 5 MB company.yaml", _huge_company, "over the limit of 4.0 MB", "YAML file size"),
    Case("yaml 5,000-digit number", _long_integer, "more than 4,300 digits", "YAML integer size"),
    Case(
        "yaml year 9999",
        _year_9999_yaml,
        "9999-12-31 is outside the years 1900–2100",
        "date out of range",
    ),
    Case(
        "yaml NUL in name", _nul_in_name, "control character (U+0000)", "control character in text"
    ),
    Case(
        "csv 100,000-column header",
        _wide_header,
        "kpi_values.csv:1: the header has more than 1,000 columns",
        "CSV header width",
    ),
    Case(
        "csv row of 100,000 cells",
        _wide_row,
        "kpi_values.csv:2: the line has more than 10,000 cells",
        "CSV cells per row",
    ),
    Case(
        "csv row of 100,000 quoted line breaks",
        _quoted_breaks,
        "kpi_values.csv:3: the line has more than 10,000 cells",
        "CSV cells per row (quoted line breaks)",
    ),
    Case(
        "csv 3 MB row",
        _long_row,
        "kpi_values.csv:2: the row is over the limit of 1.0 MB",
        "CSV row/cell bytes",
    ),
    Case(
        "csv year 9999",
        _year_9999_csv,
        "kpi_values.csv:2:date: '9999-12-31' is outside",
        "date out of range",
    ),
    Case("csv NUL in name", _nul_in_csv, "people.csv:2:name:", "control character in text"),
    Case("zip bomb", _zip_bomb, "a zip bomb is refused", "zip expansion ratio (declared)"),
    Case(
        "zip bomb, lying header",
        _zip_bomb_lying,
        "a zip bomb is refused",
        "zip expansion ratio (while inflating)",
    ),
    Case("zip of 2,000 files", _zip_many_members, "more than 1,000 files", "zip member count"),
    Case(
        "zip billion laughs",
        _zip_laughs,
        "laughs.zip:company.yaml",
        "YAML alias expansion in an upload",
    ),
    Case("zip deep nesting", _zip_deep, "deep.zip:company.yaml:3:", "YAML depth in an upload"),
    Case(
        "zip aliases nested deep",
        _zip_deep_aliases,
        "deep_aliases.zip:company.yaml:4:",
        "YAML depth through aliases in an upload",
    ),
    Case("zip wide csv", _zip_wide, "wide.zip:kpi_values.csv:1:", "CSV header width in an upload"),
    Case(
        "xlsx spanning XFD1048576",
        _xlsx_span,
        "span.xlsx[kpi_values]: spans 1,048,576 rows and 16,384 columns",
        "xlsx sheet dimensions",
    ),
    Case(
        "xlsx cells without references",
        _xlsx_cells_without_ref,
        "no_ref.xlsx[kpi_values]: spans 1 rows and",  # counting stops once over
        "xlsx sheet dimensions (cells without r)",
    ),
    Case(
        "xlsx rows far down, cells without references",
        _xlsx_rows_far_down,
        "far_down.xlsx[kpi_values]: spans 30,000 rows and 900 columns",
        "xlsx sheet dimensions (row r, prefixed tags)",
    ),
    Case(
        "xlsx bomb",
        _xlsx_bomb,
        "bomb.xlsx[kpi_values]: expands more than 100 times",
        "xlsx (zip) expansion ratio",
    ),
)
