"""Writing a workbook back out: the folder form, a zip of it, or one Excel file.

Reading what these write gives an equal workbook (tested as a property over
generated workbooks). Writes are atomic: the target appears whole or not at all, and a
target that is not a workbook is refused rather than overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl
import yaml

from coxswain.tempfiles import (
    SIBLING_PREFIX,
    clean_stale_siblings,
    fsync_dir,
    fsync_file,
    sibling,
)
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


WORKBOOK_FILES = frozenset({"company.yaml", *(spec.file for spec in TABLES.values())})
"""The files an export writes into a folder; nothing else there is touched."""


class TargetRefused(Exception):
    """The target holds something that is not a workbook; writing would destroy it."""


def write_folder(workbook: Workbook, directory: str | Path, *, force: bool = False) -> Path:
    """Write the folder form (company.yaml and one CSV per table) to ``directory``.

    An existing workbook folder gets the workbook's files (``company.yaml``, the table CSVs;
    a table file the workbook no longer has is removed) and keeps everything else:
    ``.coxswain/`` (the pseudonym salt), notes, unknown files. The new folder is built next to
    the target (every file fsync'ed) and swapped in by one rename, so the target is the old
    folder or the new one, never half of each. An existing folder that is not a workbook (no
    ``company.yaml``) and not empty is refused with :class:`TargetRefused` unless ``force``;
    with ``force`` its files named like the workbook's are overwritten and the others kept."""
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_siblings(target.parent)
    keep = _entries_to_keep(target, force=force)
    staging = sibling(target, "new")
    staging.mkdir()
    try:
        _fill_folder(workbook, staging)
        for name in keep:
            _link_tree(target / name, staging / name)
        fsync_dir(staging)
        _swap_into_place(staging, target)
    finally:
        _remove_quietly(staging)
    return target


def _entries_to_keep(target: Path, *, force: bool) -> list[str]:
    """The entries of an existing target that the new folder carries over."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        if force:
            return []
        raise TargetRefused(
            f"{target} exists and is not a folder; refusing to replace it (--force replaces it)."
        )
    if not target.exists():
        return []
    entries = sorted(e.name for e in target.iterdir() if not e.name.startswith(SIBLING_PREFIX))
    is_workbook = "company.yaml" in entries or set(entries) <= {".coxswain"}
    if not is_workbook and not force:
        shown = ", ".join(entries[:5]) + (", …" if len(entries) > 5 else "")
        raise TargetRefused(
            f"{target} is a folder that is not a workbook (no company.yaml) and holds "
            f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} ({shown}); refusing to "
            "write into it. Give a new or empty folder, or --force to write the workbook's "
            "files into it (files there with the same names are overwritten)."
        )
    return [name for name in entries if name not in WORKBOOK_FILES]


def _link_tree(src: Path, dst: Path) -> None:
    """Carry ``src`` into the new folder: hard links where possible (no copy of the data)."""
    if src.is_symlink():
        dst.symlink_to(src.readlink())
    elif src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(src, dst)


def _link_or_copy(src: str | Path, dst: str | Path) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)
        fsync_file(Path(dst))


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; an old target ends up at ``staging`` (to be removed)."""
    if not (target.exists() or target.is_symlink()):
        staging.rename(target)
    elif not _exchange(staging, target):
        old = sibling(target, "old")
        target.rename(old)  # a kill between these two renames: the next export puts it back
        staging.rename(target)
        old.rename(staging)
    fsync_dir(target.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _remove_quietly(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _fill_folder(workbook: Workbook, folder: Path) -> None:
    _write_durably(folder / "company.yaml", company_yaml(workbook.company).encode("utf-8"))
    for name, frame in workbook.tables.items():
        _write_durably(folder / TABLES[name].file, table_csv(frame))


def _check_file_target(target: Path, *, force: bool, looks_right: Callable[[Path], bool]) -> None:
    if target.is_dir() and not target.is_symlink():
        raise TargetRefused(f"{target} is a folder; give another file name (or remove it first).")
    if target.exists() and not force and not looks_right(target):
        raise TargetRefused(
            f"{target} exists and is not a Coxswain workbook; refusing to replace it "
            "(--force replaces it)."
        )


def _zip_is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(PurePosixPath(n).name == "company.yaml" for n in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _xlsx_is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as book:
            return b'name="company"' in book.read(1 << 20).lower()
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _replace_file(target: Path, fill: Callable[[Path], None]) -> None:
    """Write a new file next to ``target`` with ``fill``, fsync it, rename it into place."""
    clean_stale_siblings(target.parent)
    tmp = sibling(target, "new")
    try:
        fill(tmp)
        fsync_file(tmp)
        tmp.replace(target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def write_zip(workbook: Workbook, path: str | Path, *, force: bool = False) -> Path:
    """Write the folder form into a zip (files at its top level), atomically.

    An existing file that is not a workbook zip is refused (:class:`TargetRefused`) unless
    ``force``."""
    target = Path(path)
    _check_file_target(target, force=force, looks_right=_zip_is_workbook)

    def fill(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("company.yaml", company_yaml(workbook.company))
            for name, frame in workbook.tables.items():
                archive.writestr(TABLES[name].file, table_csv(frame))

    _replace_file(target, fill)
    return target


def write_xlsx(workbook: Workbook, path: str | Path, *, force: bool = False) -> Path:
    """Write one Excel file: a ``company`` sheet with the YAML text, one line per row in
    column A (Excel holds at most 32,767 characters in a cell), and one sheet per table.

    Atomic like :func:`write_zip`; an existing file that is not a workbook is refused unless
    ``force``."""
    import xlsxwriter

    target = Path(path)
    _check_file_target(target, force=force, looks_right=_xlsx_is_workbook)

    def fill(tmp: Path) -> None:
        book = xlsxwriter.Workbook(
            str(tmp),
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

    _replace_file(target, fill)
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
