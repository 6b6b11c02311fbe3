"""A hostile corpus of broken exports, one per importer: wrong shapes, deep or huge JSON,
zip bombs, wide CSVs and dates out of range give placed problems, never a traceback."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import slack_files, write_zip
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.cli.import_messages import run_import
from coxswain.workbook import WorkbookError

YEAR_9999 = "253402214400.000000"  # 9999-12-31T00:00:00Z


def _slack_with(change: Any) -> dict[str, Any]:
    files = copy.deepcopy(slack_files())
    change(files)
    return files


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(files: dict[str, Any]) -> None:
        target = files
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


DAY = "general/2026-03-01.json"
SLACK_CASES: dict[str, tuple[Any, str]] = {
    "channel name is an object": (
        _set(("channels.json", 0, "name"), {"x": 1}),
        "export.zip:channels.json: [0].name: should be text, not an object",
    ),
    "channel members is an object": (
        _set(("channels.json", 1, "members"), {"U01": True}),
        "export.zip:channels.json: [1].members: should be a list, not an object",
    ),
    "message list is an object": (
        _set((DAY,), {"messages": []}),
        f"export.zip:{DAY}: should be a list of messages",
    ),
    "users.json is text": (_set(("users.json",), "everyone"), "users.json: should be a list"),
    "user id is a list": (_set(("users.json", 0, "id"), ["U01"]), "users.json: [0]: has no id"),
    "user profile is a list": (
        _set(("users.json", 1, "profile"), ["ben@loop.test"]),
        "users.json: [1].profile: should be an object, not a list",
    ),
    "user e-mail is a number": (
        _set(("users.json", 1, "profile", "email"), 42),
        "users.json: [1].profile.email: should be text, not a number",
    ),
    "message user is an object": (
        _set((DAY, 0, "user"), {"id": "U01"}),
        f"{DAY}: [0].user: should be text, not an object",
    ),
    "message subtype is a list": (
        _set((DAY, 1, "subtype"), ["channel_join"]),
        f"{DAY}: [1].subtype: should be text, not a list",
    ),
    "message text is an object": (
        _set((DAY, 4, "text"), {"rich": "text"}),
        f"{DAY}: [4].text: should be text, not an object",
    ),
    "message in year 9999": (
        _set((DAY, 4, "ts"), YEAR_9999),
        f"{DAY}: [4].ts: 9999-12-31 is outside the years 1900–2100",
    ),
    "day file 50,000 levels deep": (
        lambda files: None,  # the file is written as raw bytes in the test
        f"{DAY}: nests lists and objects deeper than 32 levels",
    ),
}


@pytest.mark.parametrize("name", list(SLACK_CASES))
def test_broken_slack_exports(name: str, tmp_path: Path, people: pl.DataFrame) -> None:
    change, expected = SLACK_CASES[name]
    files = _slack_with(change)
    if name.startswith("day file"):
        files[DAY] = ("[" * 50_000 + "]" * 50_000).encode()
    export = write_zip(tmp_path / "export.zip", files)
    with pytest.raises(WorkbookError) as refused:
        run_import("slack", export, people=people, with_text=True)
    shown = [str(p) for p in refused.value.problems]
    assert any(expected in p for p in shown), shown


def test_slack_day_file_over_the_json_limit(
    tmp_path: Path, people: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coxswain.importers.slack.MAX_JSON_BYTES", 1000)
    files = slack_files()
    files[DAY] = files[DAY] * 20
    export = write_zip(tmp_path / "export.zip", files)
    with pytest.raises(WorkbookError) as refused:
        run_import("slack", export, people=people)
    assert any(
        f"export.zip:{DAY}: refused: expands past the limit of 1,000 bytes" in str(p)
        for p in refused.value.problems
    ), refused.value.problems


def test_slack_zip_bomb_is_refused_while_inflating(tmp_path: Path, people: pl.DataFrame) -> None:
    files = slack_files()
    export = write_zip(tmp_path / "export.zip", files)
    with zipfile.ZipFile(export, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("random/2026-03-03.json", b"[" + b" " * 40_000_000 + b"]")
    with pytest.raises(WorkbookError) as refused:
        run_import("slack", export, people=people)
    assert any("a zip bomb is refused" in str(p) for p in refused.value.problems)


def test_slack_export_of_too_many_files(tmp_path: Path, people: pl.DataFrame) -> None:
    files = slack_files()
    for i in range(1_001):  # one more than limits.MAX_ZIP_MEMBERS
        files[f"junk/{i}.json"] = []
    export = write_zip(tmp_path / "export.zip", files)
    with pytest.raises(WorkbookError) as refused:
        run_import("slack", export, people=people)
    assert "more than 1,000 files" in str(refused.value)


def test_viva_wide_header_and_year_9999(tmp_path: Path, people: pl.DataFrame) -> None:
    wide = tmp_path / "wide.csv"
    columns = ",".join(f"x{i}" for i in range(100_000))
    wide.write_text(
        "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate," + columns + "\n"
    )
    with pytest.raises(WorkbookError) as refused:
        run_import("viva", wide, people=people)
    assert "wide.csv:1: the header has more than 1,000 columns" in str(refused.value)
    late = tmp_path / "late.csv"
    late.write_text(
        "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate\n"
        "anna,ben,12/31/9999\n"
    )
    with pytest.raises(WorkbookError) as refused:
        run_import("viva", late, people=people)
    assert "late.csv:2: 9999-12-31 is outside the years 1900–2100" in str(refused.value)


def test_csv_row_of_100000_cells_and_year_9999(tmp_path: Path, people: pl.DataFrame) -> None:
    wide = tmp_path / "chat.csv"
    wide.write_text("timestamp,sender\n2026-03-01T09:00:00Z,anna" + ",x" * 100_000 + "\n")
    with pytest.raises(WorkbookError) as refused:
        run_import("csv", wide, people=people)
    assert "chat.csv:2: the line has more than 10,000 cells" in str(refused.value)
    late = tmp_path / "late.csv"
    late.write_text("timestamp,sender\n9999-12-31T09:00:00Z,anna\n")
    with pytest.raises(WorkbookError) as refused:
        run_import("csv", late, people=people)
    assert "late.csv:2: 9999-12-31 is outside the years 1900–2100" in str(refused.value)


def test_mail_dated_year_9999(tmp_path: Path, people: pl.DataFrame) -> None:
    box = tmp_path / "archive.mbox"
    box.write_text(
        "From anna@loop.test Thu Jan  1 00:00:00 2026\n"
        "From: anna@loop.test\nTo: ben@loop.test\nDate: Fri, 31 Dec 9999 10:00:00 +0000\n"
        "Message-ID: <1@loop>\nSubject: hi\n\nhello\n"
    )
    with pytest.raises(WorkbookError) as refused:
        run_import("mail", box, people=people)
    assert "archive.mbox:1: 9999-12-31 is outside the years 1900–2100" in str(refused.value)


def test_cli_import_of_a_broken_export_has_no_traceback(tmp_path: Path) -> None:
    from test_import_cli import _workbook

    folder = _workbook(tmp_path)
    files = _slack_with(_set(("channels.json", 0, "name"), {"x": 1}))
    export = write_zip(tmp_path / "export.zip", files)
    result = CliRunner().invoke(
        app, ["import-messages", "slack", str(export), "--workbook", str(folder)]
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "channels.json: [0].name: should be text, not an object" in result.output
    assert "Nothing was written." in result.output
    assert not (folder / "messages.csv").exists()


def test_control_characters_in_message_text_are_replaced_and_counted(
    tmp_path: Path, people: pl.DataFrame
) -> None:
    files = _slack_with(_set((DAY, 4, "text"), "ring\x07ring\x00"))
    export = write_zip(tmp_path / "export.zip", files)
    result = run_import("slack", export, people=people, with_text=True)
    assert "ring\ufffdring\ufffd" in result.messages["text"].to_list()
    assert "1 cell held control characters" in " ".join(result.report.notes)
