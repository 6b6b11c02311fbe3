"""``coxswain analyze`` as an owner types it: the output file decides the format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.workbook.write import write_folder
from tests.strategies import bakery


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_folder(bakery(), tmp_path_factory.mktemp("wb") / "bakery")


@pytest.mark.parametrize(
    ("name", "starts"),
    [("report.html", "<!DOCTYPE html>"), ("report.json", "{"), ("report.txt", "╭")],
)
def test_format_follows_the_output_files_extension(
    folder: Path, tmp_path: Path, name: str, starts: str
) -> None:
    target = tmp_path / name
    out = CliRunner().invoke(app, ["analyze", str(folder), "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_text(encoding="utf-8").startswith(starts)
    if name.endswith(".json"):
        assert json.loads(target.read_text(encoding="utf-8"))["format"] == 1


def test_an_explicit_format_wins_and_is_case_blind(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    out = CliRunner().invoke(app, ["analyze", str(folder), "-f", "JSON", "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert json.loads(target.read_text(encoding="utf-8"))["company"] == "Crust & Crumb Bakery"


def test_an_output_folder_that_does_not_exist_is_said_plainly(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.html"
    out = CliRunner().invoke(app, ["analyze", str(folder), "-o", str(target)])
    assert out.exit_code == 2
    assert "Traceback" not in out.output
    assert f"cannot write {target}" in out.output.replace("\n", "")
