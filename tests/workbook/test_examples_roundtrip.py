"""Every example company survives export → read, as a folder, a zip and one Excel file."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxswain.workbook import read_workbook
from coxswain.workbook.write import write_folder, write_xlsx, write_zip

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "company.yaml").is_file())


def test_there_are_six_examples() -> None:
    assert len(NAMES) == 6


@pytest.mark.parametrize("name", NAMES)
def test_example_round_trips_in_every_form(name: str, tmp_path: Path) -> None:
    original = read_workbook(EXAMPLES / name)
    assert read_workbook(write_folder(original, tmp_path / name)) == original
    assert read_workbook(write_zip(original, tmp_path / f"{name}.zip")) == original
    assert read_workbook(write_xlsx(original, tmp_path / f"{name}.xlsx")) == original


@pytest.mark.parametrize("name", NAMES)
def test_folder_export_gives_the_csv_files_back_unchanged(name: str, tmp_path: Path) -> None:
    original = read_workbook(EXAMPLES / name)
    out = write_folder(original, tmp_path / name)
    # Numbers are written in their shortest form (4.8, not 4.80) and timestamps in UTC, so
    # only the files of text and dates come back byte for byte.
    for file in ("people.csv", "survey.csv", "ideas.csv"):
        assert (out / file).read_bytes() == (EXAMPLES / name / file).read_bytes(), file
