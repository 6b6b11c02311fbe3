"""Mistakes an owner makes when editing the CSV files in Excel or a text editor: each is
either read as meant or named once, precisely, with what to do about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxswain.workbook import WorkbookError, read_workbook

from .conftest import WriteWorkbook


def problems(write_workbook: WriteWorkbook, **files: str | bytes) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(write_workbook(**files))
    return [str(p) for p in caught.value.problems]


def test_trailing_comma_in_the_header_is_read_as_meant(write_workbook: WriteWorkbook) -> None:
    # Excel writes a trailing separator when a column beyond the data was once touched.
    kpis = "date,kpi,value,\n2026-01-31,review_rating,4.5,\n2026-02-28,review_rating,4.4,\n"
    wb = read_workbook(write_workbook(kpi_values__csv=kpis))
    assert wb.kpi_values.columns == ["date", "kpi", "value"]
    assert wb.kpi_values.get_column("value").to_list() == [4.5, 4.4]


def test_a_value_under_the_trailing_empty_header_is_still_refused(
    write_workbook: WriteWorkbook,
) -> None:
    kpis = "date,kpi,value,\n2026-01-31,review_rating,4.5,\n2026-02-28,review_rating,4.4,x\n"
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert len(found) == 1 and found[0].startswith("kpi_values.csv:3: too many cells")


def test_crlf_and_byte_order_mark_as_excel_writes_them(write_workbook: WriteWorkbook) -> None:
    kpis = (
        "\ufeffdate,kpi,value\r\n2026-01-31,review_rating,4.5\r\n2026-02-28,review_rating,4.4\r\n"
    )
    wb = read_workbook(write_workbook(kpi_values__csv=kpis.encode("utf-8")))
    assert wb.kpi_values.get_column("value").to_list() == [4.5, 4.4]


def test_semicolon_separated_file_is_named_once(write_workbook: WriteWorkbook) -> None:
    # European Excel saves "CSV" with semicolons and decimal commas.
    kpis = "date;kpi;value\r\n2026-01-31;review_rating;4,5\r\n2026-02-28;review_rating;4,4\r\n"
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert found == [
        "kpi_values.csv:1: the columns are separated by ';', not by commas: save it as "
        "CSV UTF-8 (comma delimited), with a point as decimal separator; the header needs "
        "date,kpi,value"
    ]


def test_missing_header_row_is_named_once(write_workbook: WriteWorkbook) -> None:
    kpis = "2026-01-31,review_rating,4.5\n2026-02-28,review_rating,4.4\n"
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert found == [
        "kpi_values.csv:1: the first line must be the header date,kpi,value; "
        "it holds data ('2026-01-31,review_rating,4.5'): insert the header line above it"
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("31/01/2026", "write 2026-01-31"),
        ("31.01.2026", "write 2026-01-31"),
        ("1/31/2026", "write 2026-01-31"),
        ("02/03/2026", "write 2026-03-02 or 2026-02-03, whichever is meant"),
    ],
)
def test_dates_in_local_forms_get_the_iso_form_to_write(
    write_workbook: WriteWorkbook, written: str, hint: str
) -> None:
    kpis = f"date,kpi,value\n{written},review_rating,4.5\n"
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert found == [
        f"kpi_values.csv:2:date: '{written}' is not a date in the form YYYY-MM-DD ({hint})"
    ]


@pytest.mark.parametrize(
    ("bad_line", "complaint"),
    [
        ("privacy: {show_names: no way}\n", "company.yaml:49:23: privacy.show_names:"),
        ("employees: a dozen\n", "company.yaml:49:12: employees:"),
        ("stage: growing\n", "company.yaml:49:8: stage:"),
        ("format: 2\n", "company.yaml:49:9: format:"),
    ],
)
def test_a_bad_top_level_key_does_not_hide_the_reference_problems(
    write_workbook: WriteWorkbook, bad_line: str, complaint: str
) -> None:
    from .conftest import GOOD_COMPANY

    company = GOOD_COMPANY.replace("employees: 14\n", "").replace(
        "    objective: bread_quality\n", "    objective: bread_qualty\n"
    )
    found = problems(write_workbook, company__yaml=company + bad_line)
    assert any(p.startswith(complaint) for p in found), found
    assert any("'bread_qualty' is not a known objective" in p for p in found), found


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("62,000", "write 62000: no thousands separators"),
        ("1,234,567.5", "write 1234567.5: no thousands separators"),
        ("4,5", "write 4.5: a point as decimal separator"),
        ("$1200", "write 1200: the number alone, without the currency sign"),
        ("1 200 €", "write 1200: the number alone, without the currency sign"),
        ("68%", "write 68: the number alone, without %"),
    ],
)
def test_numbers_in_local_forms_get_the_form_to_write(
    write_workbook: WriteWorkbook, written: str, hint: str
) -> None:
    kpis = f'date,kpi,value\n2026-01-31,review_rating,"{written}"\n'
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert found == [f"kpi_values.csv:2:value: '{written}' is not a number ({hint})"]


def test_rows_left_empty_after_deleting_in_excel_are_not_rows(
    write_workbook: WriteWorkbook,
) -> None:
    # Excel keeps ",," for rows whose cells were cleared; the xlsx reader skips them too.
    kpis = "date,kpi,value\n2026-01-31,review_rating,4.5\n,,\n2026-02-28,review_rating,4.4\n,,\n"
    wb = read_workbook(write_workbook(kpi_values__csv=kpis))
    assert wb.kpi_values.get_column("value").to_list() == [4.5, 4.4]


def test_blank_lines_do_not_shift_line_numbers(write_workbook: WriteWorkbook) -> None:
    kpis = (
        "date,kpi,value\n2026-01-31,review_rating,4.5\n\n"
        '2026-02-28,review_rating,"4,4"\n\n2026-03-31,review_rating,x\n'
    )
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert [p.split(": ")[0] for p in found] == ["kpi_values.csv:4:value", "kpi_values.csv:6:value"]


def test_mixed_line_endings_are_read(write_workbook: WriteWorkbook) -> None:
    # A file saved by Excel (CRLF) with a row added in another editor (LF).
    kpis = (
        "date,kpi,value\r\n2026-01-31,review_rating,4.5\r\n2026-02-28,review_rating,4.4\n"
        "2026-03-31,review_rating,x\n"
    )
    found = problems(write_workbook, kpi_values__csv=kpis)
    assert found == ["kpi_values.csv:4:value: 'x' is not a number"]


def test_capitalised_header_names_say_which_to_rename(write_workbook: WriteWorkbook) -> None:
    found = problems(write_workbook, kpi_values__csv="Date,KPI,Value\n2026-01-31,review_rating,4\n")
    assert found == [
        "kpi_values.csv:1: missing column 'date' (rename 'Date' to 'date'); the header needs "
        "date,kpi,value",
        "kpi_values.csv:1: missing column 'kpi' (rename 'KPI' to 'kpi'); the header needs "
        "date,kpi,value",
        "kpi_values.csv:1: missing column 'value' (rename 'Value' to 'value'); the header needs "
        "date,kpi,value",
    ]


@pytest.mark.parametrize(
    ("edit", "where", "hint"),
    [
        (("    name: Craftsmanship\n", "\tname: Craftsmanship\n"), "company.yaml:8:1:", "tabs"),
        (
            ("    name: Skilled bakers\n", "    name: Skilled: trained bakers\n"),
            "company.yaml:17:18:",
            "put the text in quotes",
        ),
    ],
)
def test_yaml_syntax_errors_say_what_to_do(
    write_workbook: WriteWorkbook, edit: tuple[str, str], where: str, hint: str
) -> None:
    from .conftest import GOOD_COMPANY

    assert edit[0] in GOOD_COMPANY
    found = problems(write_workbook, company__yaml=GOOD_COMPANY.replace(edit[0], edit[1]))
    assert len(found) == 1 and found[0].startswith(where), found
    assert hint in found[0]


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".numbers", ".csv"])
def test_other_spreadsheet_files_say_how_to_save_them(tmp_path: Path, suffix: str) -> None:
    book = tmp_path / f"strategy{suffix}"
    book.write_bytes(b"not read")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(book)
    (problem,) = caught.value.problems
    if suffix == ".csv":
        assert "give the folder that holds it" in str(problem)
    else:
        assert "save it as .xlsx (Excel Workbook)" in str(problem)


def test_weights_near_the_float_limit_still_share_the_whole() -> None:
    """Weights are relative (the contract normalises them). Two objectives of weight 1e308
    summed to infinity and each got nothing; the map then read "weight inf%" beside one."""
    from coxswain.workbook.model import Company

    company = Company.model_validate(
        {
            "format": 1,
            "name": "Huge weights",
            "objectives": [
                {"id": "a", "name": "A", "weight": 1e308},
                {"id": "b", "name": "B", "weight": 1e308},
                {"id": "c", "name": "C", "weight": 1.0},
            ],
        }
    )
    weights = company.normalised_weights()
    assert weights["a"] == pytest.approx(0.5) and weights["b"] == pytest.approx(0.5)
    assert 0 <= weights["c"] < 1e-300 and sum(weights.values()) == pytest.approx(1.0)
