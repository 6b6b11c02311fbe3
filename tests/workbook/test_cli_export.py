"""``coxswain export`` as an owner types it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.workbook import read_workbook

from .conftest import WriteWorkbook


def test_export_to_xlsx_reads_back(write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    folder = write_workbook()
    target = tmp_path / "book.xlsx"
    out = CliRunner().invoke(app, ["export", str(folder), "--to", str(target)])
    assert out.exit_code == 0, out.output
    assert read_workbook(target) == read_workbook(folder)


def test_export_into_a_folder_that_does_not_exist_is_said_plainly(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "book.xlsx"
    out = CliRunner().invoke(app, ["export", str(write_workbook()), "--to", str(target)])
    assert out.exit_code == 2
    assert "Traceback" not in out.output
    assert f"cannot write {target}" in out.output.replace("\n", "")


@pytest.mark.parametrize("name", ["book.csv", "book.xls", "book.json"])
def test_a_file_kind_export_cannot_write_is_refused(
    write_workbook: WriteWorkbook, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    out = CliRunner().invoke(app, ["export", str(write_workbook()), "--to", str(target)])
    assert out.exit_code == 2
    assert "a folder, or a file ending in .xlsx or .zip" in out.output.replace("\n", " ")
    assert not target.exists()
