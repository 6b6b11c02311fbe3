"""docs/workbook.md tells the truth: its worked example is a valid workbook, its error
messages are the reader's, and it documents every key and column of the format."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from coxswain.workbook import WorkbookError, model, read_workbook
from coxswain.workbook.tables import TABLES
from coxswain.workbook.write import write_xlsx

DOC = Path(__file__).resolve().parents[1] / "docs" / "workbook.md"
BLOCK = re.compile(r'```(?:yaml|csv) title="([^"]+)"\n(.*?)```', re.S)


def _example() -> dict[str, str]:
    return dict(BLOCK.findall(DOC.read_text(encoding="utf-8")))


def _write(files: dict[str, str], folder: Path) -> Path:
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def _text_blocks() -> list[str]:
    return re.findall(r"```text\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_worked_example_is_a_complete_valid_workbook(tmp_path: Path) -> None:
    files = _example()
    assert set(files) == {"company.yaml", *(spec.file for spec in TABLES.values())}
    workbook = read_workbook(_write(files, tmp_path / "crust-and-crumb"))
    assert workbook.company.name == "Crust & Crumb Bakery"
    assert all(workbook.table(name).height > 0 for name in TABLES)


def _broken(files: dict[str, str]) -> dict[str, str]:
    """The mistakes the "When something is wrong" section describes."""
    out = dict(files)

    def sub(name: str, old: str, new: str) -> None:
        assert out[name].count(old) >= 1, (name, old)
        out[name] = out[name].replace(old, new, 1)

    sub(
        "company.yaml",
        "    weight: 0.2\n    values: [craft]\n",
        "    weight: high\n    values: [craft]\n",
    )
    sub("company.yaml", "    objective: bread_quality\n", "    objective: bred_quality\n")
    sub("company.yaml", "human_fallback: false", "human_fallbak: false")
    sub("kpi_values.csv", "2026-05-31,gross_margin_pct", "31/05/2026,gross_margin_pct")
    sub("kpi_values.csv", "monthly_revenue,74900", 'monthly_revenue,"74,900"')
    sub(
        "kpi_values.csv",
        "returning_share,54\n",
        "returning_share,54\n2026-06-30,review_rating,4.4\n2026-06-30,gross_margin,64\n",
    )
    sub("people.csv", "sourdough:2,", "sourdough:high,")
    return out


def test_documented_errors_are_the_readers(tmp_path: Path) -> None:
    folder = _write(_broken(_example()), tmp_path / "broken")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(folder)
    documented = next(b for b in _text_blocks() if b.startswith("The workbook has"))
    lines = documented.strip().splitlines()
    assert lines[0] == f"The workbook has {len(caught.value.problems)} problems:"
    assert lines[1:] == [str(p) for p in caught.value.problems]


def test_documented_xlsx_error_is_the_readers(tmp_path: Path) -> None:
    workbook = read_workbook(_write(_example(), tmp_path / "ok"))
    path = write_xlsx(workbook, tmp_path / "crust.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["kpi_values"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("kpi") + 1, value="gross_margin")
    book.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    documented = next(b for b in _text_blocks() if b.startswith("crust.xlsx["))
    assert documented.strip().splitlines() == [str(p) for p in caught.value.problems]


def test_every_key_and_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for cls in (
        model.Company,
        model.Value,
        model.Objective,
        model.Kpi,
        model.Team,
        model.Initiative,
        model.Goal,
        model.KeyResult,
        model.Automation,
        model.Capability,
        model.Privacy,
        model.Review,
    ):
        for key in cls.model_fields:
            documented = f"`{key}`" in text or f"\n### {key}\n" in text
            assert documented, f"{cls.__name__}.{key} is not documented"
    for spec in TABLES.values():
        section = text[text.index(f"### {spec.file}") :]
        section = section[: section.index("\n### ", 1) if "\n### " in section[1:] else None]
        for column in spec.column_names:
            assert f"| `{column}` |" in section, f"{spec.file} column {column} is not documented"
    for kind in model.KpiKind:
        assert f"| `{kind.value}` |" in text
