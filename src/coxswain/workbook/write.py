"""Writing a workbook back out: the folder form, a zip of it, or one Excel file.

Reading what these write gives an equal workbook (tested as a property over
generated workbooks). Writes are atomic: the target appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from coxswain.workbook.model import Company
from coxswain.workbook.tables import TABLES
from coxswain.workbook.workbook import Workbook

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%:z"


def company_yaml(company: Company) -> str:
    """company.yaml text: defaults left out, keys in the order of the format."""
    data = company.model_dump(mode="json", exclude_defaults=True)
    data = {"format": 1, **{k: v for k, v in data.items() if k != "format"}}
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Dates unquoted (as an owner writes them), lists of scalars on one line."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    try:
        dt.date.fromisoformat(value)
        if len(value) == 10:
            return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    except ValueError:
        pass
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, str | int | float) for v in value) and len(value) <= 12
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def table_csv(frame: pl.DataFrame) -> bytes:
    out: bytes = frame.write_csv(
        None, datetime_format=TIMESTAMP_FORMAT, date_format="%Y-%m-%d", float_precision=None
    ).encode("utf-8")
    return out


def write_folder(workbook: Workbook, directory: str | Path) -> Path:
    """Write the folder form (company.yaml and one CSV per table) to ``directory``.

    An existing folder is replaced as a whole, never left half-written."""
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _fill_folder(workbook, staging)
        if target.exists():
            backup = target.with_name(f".{target.name}-old-{os.getpid()}")
            target.rename(backup)
            staging.rename(target)
            shutil.rmtree(backup)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _fill_folder(workbook: Workbook, folder: Path) -> None:
    (folder / "company.yaml").write_text(company_yaml(workbook.company), encoding="utf-8")
    for name, frame in workbook.tables.items():
        (folder / TABLES[name].file).write_bytes(table_csv(frame))


def write_zip(workbook: Workbook, path: str | Path) -> Path:
    """Write the folder form into a zip (files at its top level)."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent or None)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("company.yaml", company_yaml(workbook.company))
            for name, frame in workbook.tables.items():
                archive.writestr(TABLES[name].file, table_csv(frame))
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_xlsx(workbook: Workbook, path: str | Path) -> Path:
    """Write one Excel file: a ``company`` sheet with the YAML text, one line per row in
    column A (Excel holds at most 32,767 characters in a cell), and one sheet per table."""
    import xlsxwriter

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        book = xlsxwriter.Workbook(
            tmp,
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        try:
            text_format = book.add_format({"num_format": "@"})
            date_format = book.add_format({"num_format": "yyyy-mm-dd"})
            sheet = book.add_worksheet("company")
            sheet.set_column(0, 0, 100, text_format)
            for row, line in enumerate(company_yaml(workbook.company).splitlines()):
                sheet.write_string(row, 0, line)
            for name, frame in workbook.tables.items():
                _write_sheet(book, name, frame, text_format, date_format)
        finally:
            book.close()
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _write_sheet(
    book: Any, name: str, frame: pl.DataFrame, text_format: Any, date_format: Any
) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    for col, column in enumerate(frame.columns):
        sheet.write_string(0, col, column, bold)
        dtype = frame.schema[column]
        values = frame.get_column(column)
        if dtype == pl.Datetime:
            values = values.dt.to_string(TIMESTAMP_FORMAT)
            dtype = pl.String()
        width = 12
        for row, value in enumerate(values.to_list(), start=1):
            if value is None:
                continue
            if dtype == pl.Date:
                sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date_format)
            elif dtype in (pl.Float64, pl.Int64):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))
                width = max(width, min(60, len(str(value))))
        sheet.set_column(col, col, width, text_format if dtype == pl.String else None)
    sheet.freeze_panes(1, 0)
