"""Reading good workbooks in all three forms, and refusing broken ones precisely."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest

from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.write import write_xlsx, write_zip

from .conftest import GOOD_COMPANY, WriteWorkbook


def problems_of(path: Path, **kwargs: int) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_good_folder_is_typed(write_workbook: WriteWorkbook) -> None:
    wb = read_workbook(write_workbook())
    assert wb.company.name == "Crust & Crumb Bakery"
    assert wb.kpi_values.schema == {"date": pl.Date, "kpi": pl.String, "value": pl.Float64}
    assert wb.messages.get_column("timestamp").dtype == pl.Datetime("us", "UTC")
    # 09:15 at +01:00 is 08:15 UTC; "Z" is UTC.
    assert [t.hour for t in wb.messages.get_column("timestamp").to_list()] == [8, 9]
    assert wb.messages.get_column("text").to_list()[1] == "Thanks, on it"
    assert wb.has("spend") and not wb.has("survey")
    assert wb.survey.height == 0 and "survey.csv" in wb.missing_files()


def test_good_workbook_reads_the_same_from_zip_and_xlsx(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    wb = read_workbook(write_workbook())
    assert read_workbook(write_zip(wb, tmp_path / "wb.zip")) == wb
    assert read_workbook(write_xlsx(wb, tmp_path / "wb.xlsx")) == wb


def test_zip_with_one_top_folder(write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    folder = write_workbook()
    archive = tmp_path / "nested.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in folder.iterdir():
            z.write(file, f"bakery/{file.name}")
    assert read_workbook(archive) == read_workbook(folder)


def test_yaml_syntax_error_has_the_parsers_line_and_column(write_workbook: WriteWorkbook) -> None:
    broken = GOOD_COMPANY.replace("    weight: 0.35\n", "    weight: [0.35\n")
    found = problems_of(write_workbook(company__yaml=broken))
    assert len(found) == 1
    assert found[0].startswith("company.yaml:14:11: YAML syntax error: expected ',' or ']'")
    assert "YAML syntax error" in found[0]


def test_wrong_types_unknown_keys_and_ranges_all_reported(write_workbook: WriteWorkbook) -> None:
    broken = (
        GOOD_COMPANY.replace("weight: 0.35", "weight: lots")
        .replace("    perspective: learning\n", "    perspective: learnings\n    wieght: 2\n")
        .replace("margin: 1}", "margin: 3}")
    )
    found = problems_of(write_workbook(company__yaml=broken))
    assert (
        "company.yaml:13:13: objectives[0].weight: should be a valid number, unable to parse "
        "string as a number (got 'lots')"
    ) in found
    assert any(p.startswith("company.yaml:18:18: objectives[1].perspective:") for p in found)
    assert any(
        p.startswith("company.yaml:19:5: objectives[1].wieght: unknown key 'wieght'; did you mean")
        for p in found
    )
    assert any(p.startswith("company.yaml:39:42: initiatives[0].effects.margin:") for p in found)


def test_unknown_and_duplicate_ids_and_cycles(write_workbook: WriteWorkbook) -> None:
    broken = (
        GOOD_COMPANY.replace("values: [craft]", "values: [crafts]")
        .replace("  - id: margin\n", "  - id: bakers\n")
        .replace("    weight: 0.2\n", "    weight: 0.2\n    drivers: [bread_quality]\n")
        .replace("parent: bread_quality", "parent: bread_qualty")
    )
    found = problems_of(write_workbook(company__yaml=broken))
    text = "\n".join(found)
    assert (
        "company.yaml:14:14: objectives[0].values[0]: 'crafts' is not a known value; did you "
        "mean 'craft'?"
    ) in text
    assert "cycle of drivers: bread_quality → baker_skill → bread_quality" in text or (
        "cycle of drivers: baker_skill → bread_quality → baker_skill" in text
    )
    assert "'bakers' is already used by a objective" in text.replace("an objective", "a objective")
    assert "'bread_qualty' is not a known objective or goal; did you mean 'bread_quality'?" in text


def test_bad_dates_and_non_numeric_values(write_workbook: WriteWorkbook) -> None:
    kpis = "date,kpi,value\n2026-01-31,review_rating,4.5\n2026-02-30,review_rating,x\n"
    found = problems_of(write_workbook(kpi_values__csv=kpis))
    assert found == [
        "kpi_values.csv:3:date: '2026-02-30' is not a date in the form YYYY-MM-DD",
        "kpi_values.csv:3:value: 'x' is not a number",
    ]


def test_wrong_and_missing_headers(write_workbook: WriteWorkbook) -> None:
    found = problems_of(
        write_workbook(kpi_values__csv="day,kpi,valu\n2026-01-31,review_rating,4\n")
    )
    assert any("kpi_values.csv:1: missing column 'date'" in p for p in found)
    assert any("missing column 'value' (rename 'valu' to 'value')" in p for p in found)


def test_a_missing_column_does_not_hide_the_other_problems_of_the_file(
    write_workbook: WriteWorkbook,
) -> None:
    """One run lists everything that can be checked: a header missing 'value' still has its
    'kpi' and 'date' cells checked (a bad date, an unknown KPI), and a people.csv missing a
    column still has its references checked."""
    found = problems_of(
        write_workbook(
            kpi_values__csv="date,kpi,valu\n2026-01-31,review_rating,4\n2026-13-01,no_such,1\n",
            people__csv="id,name,team\nann,Ann,bakerz\n",
        )
    )
    assert any("missing column 'value'" in p for p in found)
    assert "kpi_values.csv:3:kpi: 'no_such' is not a known KPI id of company.yaml" in found
    assert any(p.startswith("kpi_values.csv:3:date: '2026-13-01'") for p in found)
    assert any(p.startswith("people.csv:2:team: 'bakerz' is not a known team") for p in found)


def test_ragged_rows_name_their_lines(write_workbook: WriteWorkbook) -> None:
    kpis = (
        "date,kpi,value\n2026-01-31,review_rating,4.5\n2026-02-28,review_rating\n"
        "2026-03-31,review_rating,4.4,extra\n2026-04-30,review_rating,oops\n"
    )
    found = problems_of(write_workbook(kpi_values__csv=kpis))
    assert found[0].startswith("kpi_values.csv:3:value: too few cells")
    assert found[1].startswith("kpi_values.csv:4: too many cells")
    assert found[2] == "kpi_values.csv:5:value: 'oops' is not a number"


def test_quoted_newlines_keep_line_numbers(write_workbook: WriteWorkbook) -> None:
    messages = (
        "timestamp,sender,recipients,channel,text\n"
        '2026-01-05T09:15:00Z,ann,bob,shop,"two\nlines"\n'
        "2026-01-05T09:20:00Z,nobody,ann,shop,hi\n"
    )
    found = problems_of(write_workbook(messages__csv=messages))
    assert found == ["messages.csv:4:sender: 'nobody' is not a known person"]


def test_non_utf8_text(write_workbook: WriteWorkbook) -> None:
    latin1 = "date,kpi,value\n2026-01-31,review_rating,4.5\n2026-02-28,caf\xe9,4\n".encode(
        "latin-1"
    )
    found = problems_of(write_workbook(kpi_values__csv=latin1))
    assert any(p.startswith("kpi_values.csv:3") and "UTF-8" in p for p in found)
    yaml_latin1 = GOOD_COMPANY.replace("Bakery", "Boulangerie \xe9").encode("latin-1")
    found = problems_of(write_workbook(company__yaml=yaml_latin1))
    assert found == ["company.yaml:2:33: is not UTF-8 text; save it as UTF-8"]


def test_empty_files(write_workbook: WriteWorkbook) -> None:
    found = problems_of(write_workbook(company__yaml="", kpi_values__csv=""))
    assert "company.yaml: is empty: it needs at least format and name" in found
    assert any(p.startswith("kpi_values.csv: is empty: expected a header row") for p in found)


def test_missing_company_yaml(write_workbook: WriteWorkbook) -> None:
    found = problems_of(write_workbook(company__yaml=None))
    assert found == ["company.yaml: missing: every workbook needs one"]


def test_misnamed_csv_file(write_workbook: WriteWorkbook) -> None:
    found = problems_of(write_workbook(**{"kpi-values__csv": "date,kpi,value\n"}))
    assert found == [
        "kpi-values.csv: is not a workbook file; did you mean 'kpi_values'? (rename it)"
    ]


def test_file_over_the_size_limit_is_refused_before_reading(write_workbook: WriteWorkbook) -> None:
    big = "date,kpi,value\n" + "2026-01-31,review_rating,4.5\n" * 100
    found = problems_of(write_workbook(kpi_values__csv=big), max_bytes=1000)
    assert len(found) == 1
    assert found[0].startswith("kpi_values.csv: is 2.8 KB, over the limit of 1,000 bytes")


def test_zip_entries_escaping_the_folder(write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    folder = write_workbook()
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in folder.iterdir():
            z.write(file, file.name)
        z.writestr("../../etc/evil.csv", "x")
    found = problems_of(archive)
    assert found == ["evil.zip[../../etc/evil.csv]: entry escapes the zip's folder; refused"]
    assert not (tmp_path.parent / "etc" / "evil.csv").exists()


def test_zip_member_over_the_limit(write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    folder = write_workbook()
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for file in folder.iterdir():
            z.write(file, file.name)
        z.writestr("transactions.csv", "customer,date,amount\n" + "c1,2026-01-01,1\n" * 50_000)
    found = problems_of(archive, max_bytes=100_000)
    assert len(found) == 1 and "over the limit" in found[0]


def test_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.zip"
    fake.write_text("hello")
    assert problems_of(fake)[0].startswith("fake.zip: is not a readable zip file")


def test_xlsx_without_company_sheet(write_workbook: WriteWorkbook, tmp_path: Path) -> None:
    import xlsxwriter

    book_path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(book_path)
    book.add_worksheet("Company Info").write(0, 0, "format: 1")
    sheet = book.add_worksheet("KPI values")
    for col, name in enumerate(("date", "kpi", "value")):
        sheet.write(0, col, name)
    book.close()
    found = problems_of(book_path)
    assert "book.xlsx: has no sheet named 'company' (sheets: Company Info, KPI values)" in found[0]
    assert (
        "book.xlsx[KPI values]: is not a workbook sheet; did you mean 'kpi_values'? (rename it)"
        in (found)
    )


def test_xlsx_cell_errors_name_sheet_row_and_column(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    import xlsxwriter

    book_path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(book_path)
    company = book.add_worksheet("company")
    for row, line in enumerate(GOOD_COMPANY.splitlines()):
        company.write_string(row, 0, line)
    sheet = book.add_worksheet("kpi_values")
    rows = [
        ("date", "kpi", "value"),
        ("2026-01-31", "review_rating", 4.5),
        ("2026-02-28", "review_rating", "n/a"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    book.close()
    assert problems_of(book_path) == ["book.xlsx[kpi_values]:3:value: 'n/a' is not a number"]


def test_refused_workbook_leaves_nothing_behind(
    write_workbook: WriteWorkbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # other tests unzip in parallel
    folder = write_workbook(kpi_values__csv="date,kpi,value\nbad,review_rating,1\n")
    archive = tmp_path / "wb.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in folder.iterdir():
            z.write(file, file.name)
    problems_of(archive)
    from coxswain.tempfiles import temp_root

    assert [p for p in private.rglob("*") if p != temp_root()] == []  # its (empty) root stays


def test_many_bad_rows_are_counted_not_listed(write_workbook: WriteWorkbook) -> None:
    rows = "".join(f"2026-01-{d:02d},review_rating,bad\n" for d in range(1, 29))
    found = problems_of(write_workbook(kpi_values__csv="date,kpi,value\n" + rows))
    assert len(found) == 21
    assert found[-1] == (
        "kpi_values.csv:22:value: and 8 more rows like this ('bad' is not a number)"
    )


def test_table_rules(write_workbook: WriteWorkbook) -> None:
    people = (
        "id,name,team,role,manager,hired,skills,training_hours\n"
        "ann,Ann,bakers,head baker,bob,2020-01-01,sourdough:9,10\n"
        "bob,Bob,cooks,baker,ann,2022-03-01,sourdough:2,-1\n"
        "ann,Ann again,bakers,baker,,,,\n"
    )
    survey = (
        "respondent,date,question,answer\n"
        "ann,2026-03-01,line_of_sight,6\nstranger,2026-03-01,enps,7\nanon-1,2026-03-01,enps,10\n"
    )
    found = problems_of(write_workbook(people__csv=people, survey__csv=survey))
    text = "\n".join(found)
    assert "people.csv:2:skills: 'sourdough:9' is not a skill list" in text
    assert "people.csv:3:team: 'cooks' is not a known team" in text
    assert "people.csv:3:training_hours: -1.0 training hours cannot be negative" in text
    assert "people.csv:4:id: person id 'ann' appears twice" in text
    assert "managers form a cycle" in text
    assert (
        "survey.csv:2:answer: '6' is not a whole number from 1 to 5, the answers to "
        "“I understand how my work contributes to our goals”" in text
    )
    assert (
        "survey.csv:3:respondent: 'stranger' is neither a person id nor an anonymous token" in text
    )


def test_owner_must_exist_when_people_csv_is_present(write_workbook: WriteWorkbook) -> None:
    company = GOOD_COMPANY.replace("owner: ann", "owner: zed")
    found = problems_of(write_workbook(company__yaml=company))
    assert found == [
        "company.yaml:41:12: goals[0].owner: owner 'zed' is neither a team nor a person in "
        "people.csv"
    ]
    # Without people.csv a non-team owner is taken as a person id.
    assert read_workbook(
        write_workbook(company__yaml=company, people__csv=None, messages__csv=None)
    )


def test_xlsx_date_column_mixing_dates_and_text(tmp_path: Path) -> None:
    import datetime as dt

    import xlsxwriter

    book_path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(book_path)
    company = book.add_worksheet("company")
    for row, line in enumerate(GOOD_COMPANY.splitlines()):
        company.write_string(row, 0, line)
    sheet = book.add_worksheet("kpi_values")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, name in enumerate(("date", "kpi", "value")):
        sheet.write(0, col, name)
    sheet.write_datetime(1, 0, dt.datetime(2026, 3, 31), date_format)
    sheet.write_string(2, 0, "2026-04-30")
    for row in (1, 2):
        sheet.write(row, 1, "review_rating")
        sheet.write(row, 2, 4.5)
    book.close()
    wb = read_workbook(book_path)
    assert wb.kpi_values.get_column("date").to_list() == [
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
    ]


def test_rows_naming_a_refused_item_are_not_blamed_twice(write_workbook: WriteWorkbook) -> None:
    broken = GOOD_COMPANY.replace("    direction: up\n", "    direction: upward\n")
    found = problems_of(write_workbook(company__yaml=broken))
    assert len(found) == 1 and "kpis[0].direction" in found[0]


def test_header_only_file_is_missing_evidence(write_workbook: WriteWorkbook) -> None:
    wb = read_workbook(write_workbook(spend__csv="date,initiative,category,amount\n"))
    assert wb.has("spend") and "spend.csv" in wb.missing_files()


def test_every_iso_timestamp_form_is_read_as_utc(write_workbook: WriteWorkbook) -> None:
    import datetime as dt

    forms = [
        "2026-01-05T09:15:00+01:00",
        "2026-01-05T09:15:00-04:30",
        "2026-01-05T09:15:00Z",
        "2026-01-05 09:15:00+0100",
        "2026-01-05T09:15:00.250+01:00",
        "2026-01-05T09:15",
        "2026-01-05 09:15:00",
    ]
    messages = "timestamp,sender,recipients,channel,text\n" + "".join(
        f"{f},ann,bob,shop,hi\n" for f in forms
    )
    wb = read_workbook(write_workbook(messages__csv=messages))
    utc = dt.UTC
    assert wb.messages.get_column("timestamp").to_list() == [
        dt.datetime(2026, 1, 5, 8, 15, tzinfo=utc),
        dt.datetime(2026, 1, 5, 13, 45, tzinfo=utc),
        dt.datetime(2026, 1, 5, 9, 15, tzinfo=utc),
        dt.datetime(2026, 1, 5, 8, 15, tzinfo=utc),
        dt.datetime(2026, 1, 5, 8, 15, 0, 250_000, tzinfo=utc),
        dt.datetime(2026, 1, 5, 9, 15, tzinfo=utc),
        dt.datetime(2026, 1, 5, 9, 15, tzinfo=utc),
    ]


def test_country_is_a_holiday_calendar_the_holidays_package_knows(
    write_workbook: WriteWorkbook,
) -> None:
    good = GOOD_COMPANY.replace("currency: USD\n", "currency: USD\ncountry: gb\n")
    assert read_workbook(write_workbook(company__yaml=good)).company.country == "GB"
    bad = GOOD_COMPANY.replace("currency: USD\n", "currency: USD\ncountry: Narnia\n")
    found = problems_of(write_workbook(company__yaml=bad))
    assert any(
        p.startswith("company.yaml:4:10: country: ") and "unknown country 'Narnia'" in p
        for p in found
    ), found


def test_country_may_name_a_subdivision(write_workbook: WriteWorkbook) -> None:
    good = GOOD_COMPANY.replace("currency: USD\n", "currency: USD\ncountry: GB-ENG\n")
    assert read_workbook(write_workbook(company__yaml=good)).company.country == "GB-ENG"
    bad = GOOD_COMPANY.replace("currency: USD\n", "currency: USD\ncountry: GB-XYZ\n")
    found = problems_of(write_workbook(company__yaml=bad))
    assert any("unknown subdivision 'XYZ' of GB: one of ENG, NIR, SCT, WLS" in p for p in found)


def test_locale_is_one_babel_knows_and_defaults_to_en(write_workbook: WriteWorkbook) -> None:
    assert read_workbook(write_workbook(company__yaml=GOOD_COMPANY)).company.locale == "en"
    good = GOOD_COMPANY.replace("currency: USD\n", "currency: USD\nlocale: en-gb\n")
    assert read_workbook(write_workbook(company__yaml=good)).company.locale == "en_GB"
    bad = GOOD_COMPANY.replace("currency: USD\n", "currency: USD\nlocale: Klingon\n")
    found = problems_of(write_workbook(company__yaml=bad))
    assert any(
        p.startswith("company.yaml:4:9: locale: ")
        and "unknown locale 'Klingon'" in p
        and "en_GB" in p
        for p in found
    ), found
