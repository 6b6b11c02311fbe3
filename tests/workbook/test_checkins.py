"""checkins.csv: dated check-ins on key results, read, refused where wrong (every problem,
placed), and the past as it was known: ``Workbook.until`` gives a key result the value of its
last check-in by then."""

from __future__ import annotations

import datetime as dt

import pytest

from coxswain.workbook import WorkbookError, read_workbook
from coxswain.workbook.write import write_folder

from .conftest import WriteWorkbook

HEADER = "date,person,goal,key_result,value,confidence\n"


def test_checkins_are_read_typed(write_workbook: WriteWorkbook) -> None:
    wb = read_workbook(
        write_workbook(
            checkins__csv=HEADER + "2026-07-31,ann,g_bakers,0,75,3\n2026-08-31,,g_bakers,0,80,\n"
        )
    )
    frame = wb.checkins
    assert frame.get_column("value").to_list() == [75.0, 80.0]
    assert frame.get_column("confidence").to_list() == [3, None]
    assert frame.get_column("date").to_list() == [dt.date(2026, 7, 31), dt.date(2026, 8, 31)]
    assert "checkins.csv" not in wb.missing_files()  # only the backtest reads it


def test_every_broken_checkin_is_named_at_its_place(write_workbook: WriteWorkbook) -> None:
    body = (
        HEADER
        + "2026-07-31,ann,g_bakers,0,75,3\n"  # fine
        + "2026-07-31,zed,g_bakers,0,75,3\n"  # line 3: unknown person
        + "2026-07-31,ann,g_nope,0,75,3\n"  # line 4: unknown goal
        + "2026-07-31,ann,g_bakers,3,75,3\n"  # line 5: no key result 3
        + "2026-07-31,ann,g_bakers,0,75,9\n"  # line 6: confidence out of range
        + "2026-07-31,ann,g_bakers,0,,2\n"  # line 7: no value
    )
    with pytest.raises(WorkbookError) as caught:
        read_workbook(write_workbook(checkins__csv=body))
    found = sorted(str(p) for p in caught.value.problems)
    assert len(found) == 5, found
    assert any(p.startswith("checkins.csv:3:person:") and "'zed'" in p for p in found)
    assert any(p.startswith("checkins.csv:4:goal:") and "'g_nope'" in p for p in found)
    assert any(
        p.startswith("checkins.csv:5:key_result:") and "not a key result of that goal" in p
        for p in found
    )
    assert any(p.startswith("checkins.csv:6:confidence:") and "1 to 5" in p for p in found)
    assert any(p.startswith("checkins.csv:7:value:") for p in found)


def test_key_result_by_id(write_workbook: WriteWorkbook) -> None:
    company = (
        (write_workbook() / "company.yaml")
        .read_text()
        .replace(
            "      - title: Loaves passing the check",
            "      - id: check\n        title: Loaves passing the check",
        )
    )
    wb = read_workbook(
        write_workbook(
            company__yaml=company, checkins__csv=HEADER + "2026-07-31,ann,g_bakers,check,75,\n"
        )
    )
    assert wb.checkins.height == 1
    with pytest.raises(WorkbookError) as caught:
        read_workbook(
            write_workbook(
                company__yaml=company, checkins__csv=HEADER + "2026-07-31,ann,g_bakers,chek,75,\n"
            )
        )
    assert [str(p).split(": ")[0] for p in caught.value.problems] == ["checkins.csv:2:key_result"]


def test_until_takes_the_key_result_as_it_stood(write_workbook: WriteWorkbook) -> None:
    body = HEADER + "2026-07-31,ann,g_bakers,0,72,\n2026-08-31,ann,g_bakers,0,78,\n"
    wb = read_workbook(write_workbook(checkins__csv=body))
    current = lambda w: w.company.goals[0].key_results[0].current  # noqa: E731
    assert current(wb) == 81  # company.yaml: today's value
    assert current(wb.until(dt.date(2026, 9, 30))) == 81  # after the last check-in: as written
    assert current(wb.until(dt.date(2026, 8, 15))) == 72
    assert current(wb.until(dt.date(2026, 7, 1))) is None  # nothing known yet
    assert wb.until(dt.date(2026, 8, 15)).checkins.height == 1


def test_until_undoes_later_idea_decisions(write_workbook: WriteWorkbook) -> None:
    ideas = (
        "id,title,objective,created,decided,launched,status\n"
        "i1,Rye,bread_quality,2026-01-10,2026-03-01,2026-05-01,launched\n"
    )
    wb = read_workbook(write_workbook(ideas__csv=ideas))
    row = lambda w: w.ideas.row(0, named=True)  # noqa: E731
    assert row(wb.until(dt.date(2026, 2, 1)))["status"] == "open"
    assert row(wb.until(dt.date(2026, 2, 1)))["decided"] is None
    assert row(wb.until(dt.date(2026, 4, 1)))["status"] == "decided"
    assert row(wb.until(dt.date(2026, 6, 1)))["status"] == "launched"


def test_checkins_round_trip_and_forget(write_workbook: WriteWorkbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coxswain.privacy import forget_person

    body = HEADER + "2026-07-31,ann,g_bakers,0,72,4\n2026-08-31,bob,g_bakers,0,78,\n"
    wb = read_workbook(write_workbook(checkins__csv=body))
    write_folder(wb, tmp_path / "out")
    assert read_workbook(tmp_path / "out") == wb
    forgotten, report = forget_person(workbook=wb, person_id="bob")
    assert report.checkins == 1
    assert forgotten.checkins.get_column("person").to_list() == ["ann"]
