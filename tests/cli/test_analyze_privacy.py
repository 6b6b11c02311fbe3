"""`coxswain analyze` derives pseudonyms from a salt kept beside the workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from coxswain.cli import app

BAKERY = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"


def _text_report(folder: Path) -> str:
    result = CliRunner().invoke(app, ["analyze", str(folder), "--format", "html"])
    assert result.exit_code == 0, result.output
    return result.output


def test_salt_is_kept_beside_the_workbook_and_changes_pseudonyms(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(BAKERY, one, ignore=shutil.ignore_patterns(".coxswain"))
    shutil.copytree(BAKERY, two, ignore=shutil.ignore_patterns(".coxswain"))
    first = _text_report(one)
    salt = (one / ".coxswain" / "salt").read_text().strip()
    assert len(salt) == 32
    assert _text_report(one) == first  # the same salt gives the same pseudonyms
    (two / ".coxswain").mkdir()
    (two / ".coxswain" / "salt").write_text("another-secret\n")
    assert _text_report(two) != first
    rows = (BAKERY / "people.csv").read_text().splitlines()[1:]
    person_names = {line.split(",")[1] for line in rows}
    assert not any(name in first for name in person_names)  # show_names is off
