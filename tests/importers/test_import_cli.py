"""`coxswain import-messages` on a workbook folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.cli import import_messages as cli
from coxswain.tempfiles import SIBLING_PREFIX
from coxswain.workbook import read_workbook

COMPANY = "format: 1\nname: Loop Analytics\nteams:\n  - {id: eng, name: Engineering}\n"
PEOPLE = (
    "id,name,team,role,manager,hired,skills,training_hours,email,handles\n"
    "anna,Anna,eng,Engineer,,,,,anna@loop.test,\n"
    "ben,Ben,eng,Engineer,,,,,ben@loop.test,\n"
    "carl,Carl,eng,Engineer,,,,,,@carl;U03\n"
    "erik,Erik,eng,Engineer,,,,,erik@loop.test,\n"
)


def _workbook(tmp_path: Path) -> Path:
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "company.yaml").write_text(COMPANY, encoding="utf-8")
    (folder / "people.csv").write_text(PEOPLE, encoding="utf-8")
    return folder


def test_slack_import_writes_and_merges(tmp_path: Path, slack_zip: Path) -> None:
    folder = _workbook(tmp_path)
    runner = CliRunner()
    result = runner.invoke(
        app, ["import-messages", "slack", str(slack_zip), "--workbook", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "slack import of export.zip: 7 messages" in result.output
    assert "unresolved senders (1, 1 messages left out" in result.output
    assert "dora <dora@elsewhere.test>: 1" in result.output
    assert "messages.csv: 7 rows added, 7 in all" in result.output
    book = read_workbook(folder)  # the written file is a valid workbook table
    assert book.messages.height == 7
    assert "thread_ts" in book.messages.columns
    assert book.messages["text"].null_count() == 7  # no text without --with-text
    again = runner.invoke(app, ["import-messages", "slack", str(slack_zip), "-w", str(folder)])
    assert again.exit_code == 0, again.output
    assert "messages.csv: 0 rows added, 7 in all" in again.output
    assert read_workbook(folder).messages.height == 7
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp files left


def test_broken_export_writes_nothing(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    bad = tmp_path / "chat.csv"
    bad.write_text("timestamp,sender\nnot a time,anna@loop.test\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import-messages", "csv", str(bad), "-w", str(folder)])
    assert result.exit_code == 1
    assert "chat.csv:2:timestamp: not a timestamp: 'not a time'" in result.output
    assert "Nothing was written." in result.output
    assert not (folder / "messages.csv").exists()


def test_csv_mapping_with_text(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    src = tmp_path / "chat.csv"
    src.write_text(
        "When,From,To,Body\n2026-03-01T09:00:00Z,anna@loop.test,ben@loop.test;@carl,hello\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            "import-messages",
            "csv",
            str(src),
            "-w",
            str(folder),
            "--with-text",
            "--map",
            "timestamp=When",
            "--map",
            "sender=From",
            "--map",
            "recipients=To",
            "--map",
            "text=Body",
        ],
    )
    assert result.exit_code == 0, result.output
    messages = read_workbook(folder).messages
    assert messages.select("sender", "recipients", "text").row(0) == ("anna", "ben;carl", "hello")
    assert "keep_message_text is false" in result.output


def test_bad_arguments(tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["import-messages", "teams", "x", "-w", str(folder)]).exit_code == 2
    assert (
        runner.invoke(
            app, ["import-messages", "csv", "x", "-w", str(folder), "--map", "sender"]
        ).exit_code
        == 2
    )
    (folder / "people.csv").unlink()
    result = runner.invoke(app, ["import-messages", "csv", "x", "-w", str(folder)])
    assert result.exit_code == 1 and "people.csv is needed" in result.output


def test_merge_keeps_existing_rows_and_columns(tmp_path: Path) -> None:
    from coxswain.cli.import_messages import merge_messages

    folder = _workbook(tmp_path)
    (folder / "messages.csv").write_text(
        "timestamp,sender,recipients,channel,mood\n2026-01-01T09:00:00Z,anna,ben,dm,ok\n",
        encoding="utf-8",
    )
    old = read_workbook(folder).messages
    new = old.select("timestamp", "sender", "recipients", "channel").vstack(
        old.select("timestamp", "sender", "recipients", "channel").with_columns(
            pl.lit("erik").alias("sender")
        )
    )
    merged, added = merge_messages(old, new)
    assert added == 1
    assert merged["sender"].to_list() == ["anna", "erik"]
    assert merged["mood"].to_list() == ["ok", None]


def test_broadcast_note() -> None:
    from coxswain.cli.import_messages import broadcast_count

    frame = pl.DataFrame({"recipients": ["a;b", ";".join("abcdefghi"), None]})
    assert broadcast_count(frame) == 1


def test_a_killed_import_leaves_no_partial_copy_of_the_messages(tmp_path: Path) -> None:
    """A kill while writing messages.csv leaves its partial copy under a temporary name; the
    next write there removes it, and a failure midway leaves no copy at all."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # the killed process
    left = tmp_path / f"{SIBLING_PREFIX}{proc.pid}-new-0a1b2c3d-messages.csv"
    left.write_text("timestamp,sender\n2026-01-01T00:00:00Z,ann\n")
    frame = pl.DataFrame({"timestamp": ["2026-01-02T00:00:00Z"], "sender": ["bob"]})
    cli.write_table_atomically(frame, tmp_path / "messages.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messages.csv"]

    def boom(_frame: object) -> bytes:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("coxswain.workbook.write.table_csv", boom)
        with pytest.raises(OSError):
            cli.write_table_atomically(frame, tmp_path / "messages.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messages.csv"]
