"""Slack export importer on a realistic export and on broken ones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from conftest import slack_files, write_zip

from coxswain.importers.slack import import_slack
from coxswain.workbook.problems import WorkbookError


def _rows(frame: pl.DataFrame) -> list[tuple[str, str, str | None, str]]:
    return [
        (r["timestamp"].strftime("%m-%d %H:%M"), r["sender"], r["recipients"], r["channel"])
        for r in frame.iter_rows(named=True)
    ]


def test_realistic_export(slack_zip: Path, people: pl.DataFrame) -> None:
    result = import_slack(slack_zip, people=people)
    frame = result.messages
    assert frame.columns == ["timestamp", "sender", "recipients", "channel", "thread_ts"]
    assert frame.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert _rows(frame) == [
        # before ben joined: general had anna, carl (left later) and dora (unresolved)
        ("03-01 09:00", "anna", "carl", "general"),
        ("03-01 09:10", "ben", "anna;carl", "general"),
        ("03-01 09:12", "carl", "anna;ben", "general"),  # thread reply, kept
        ("03-01 10:00", "carl", "anna", "eng"),
        ("03-01 10:05", "anna", "carl", "eng"),
        ("03-02 08:00", "carl", "anna;ben", "general"),
        ("03-02 08:30", "anna", "ben", "general"),  # carl has left
    ]
    assert frame["thread_ts"].to_list()[:3] == [frame["thread_ts"][0], None, frame["thread_ts"][0]]
    assert frame["thread_ts"][0] is not None
    assert frame["timestamp"][2].microsecond == 250
    report = result.report
    assert report.messages == 7
    assert report.skipped["bot message"] == 2
    assert report.skipped["event channel_join"] == 1
    assert report.skipped["event channel_leave"] == 1
    assert report.skipped["event channel_topic"] == 1
    assert report.unresolved_senders == {"dora <dora@elsewhere.test>": 1}
    assert report.unresolved_recipients["dora <dora@elsewhere.test>"] == 5
    assert "text" not in frame.columns  # bodies only with with_text


def test_with_text_and_unpacked_folder(tmp_path: Path, people: pl.DataFrame) -> None:
    folder = tmp_path / "unpacked"
    for name, content in slack_files().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(content), encoding="utf-8")
    result = import_slack(folder, people=people, with_text=True)
    assert result.messages["text"].to_list()[:2] == ["Morning all", "Hi, new here"]


def test_export_inside_a_top_folder(tmp_path: Path, people: pl.DataFrame) -> None:
    path = write_zip(tmp_path / "wrapped.zip", slack_files(), top="Loop Slack export")
    assert import_slack(path, people=people).report.messages == 7


def test_all_broken_files_reported_at_once(tmp_path: Path, people: pl.DataFrame) -> None:
    files = slack_files()
    files["general/2026-03-01.json"] = b'[\n  {"user": "U01",\n    "ts": }\n]'
    files["eng/2026-03-01.json"] = b'{"not": "a list"}'
    files["general/2026-03-02.json"] = b'[{"user": "U01", "text": "caf\xe9", "ts": "1"}]'
    path = write_zip(tmp_path / "export.zip", files)
    with pytest.raises(WorkbookError) as info:
        import_slack(path, people=people)
    text = str(info.value)
    assert "export.zip:general/2026-03-01.json:3:11: not valid JSON" in text
    assert "export.zip:eng/2026-03-01.json: should be a list of messages" in text
    assert "export.zip:general/2026-03-02.json:1:30: not valid UTF-8 (byte 0xe9)" in text
    assert len(info.value.problems) == 3


def test_missing_users_json(tmp_path: Path, people: pl.DataFrame) -> None:
    files = slack_files()
    del files["users.json"]
    path = write_zip(tmp_path / "export.zip", files)
    with pytest.raises(WorkbookError, match=r"export.zip: users.json is missing"):
        import_slack(path, people=people)


def test_zip_entries_escaping_the_folder(tmp_path: Path, people: pl.DataFrame) -> None:
    files = slack_files()
    files["../../etc/evil.json"] = []
    files["/abs.json"] = []
    path = write_zip(tmp_path / "export.zip", files)
    with pytest.raises(WorkbookError) as info:
        import_slack(path, people=people)
    messages = [p.message for p in info.value.problems]
    assert "entry '../../etc/evil.json' escapes the export folder" in messages
    assert "entry '/abs.json' escapes the export folder" in messages


def test_not_a_zip_and_too_big(tmp_path: Path, people: pl.DataFrame, slack_zip: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK not really")
    with pytest.raises(WorkbookError, match="not a readable zip file"):
        import_slack(bad, people=people)
    with pytest.raises(WorkbookError, match="more than the limit"):
        import_slack(slack_zip, people=people, max_bytes=100)


def test_bad_ts_is_reported(tmp_path: Path, people: pl.DataFrame) -> None:
    files = slack_files()
    files["eng/2026-03-01.json"] = [{"user": "U01", "text": "x", "ts": "yesterday"}]
    with pytest.raises(WorkbookError, match=r"eng/2026-03-01.json: message 0 has no valid ts"):
        import_slack(write_zip(tmp_path / "e.zip", files), people=people)


def test_timestamps_are_utc(slack_zip: Path, people: pl.DataFrame) -> None:
    first = import_slack(slack_zip, people=people).messages["timestamp"][0]
    assert first == dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_direct_and_group_messages(tmp_path: Path, people: pl.DataFrame) -> None:
    from conftest import ts

    files = slack_files()
    files["dms.json"] = [{"id": "D01", "members": ["U01", "U02"]}]
    files["mpims.json"] = [
        {"id": "G01", "name": "mpdm-anna--ben--carl-1", "members": ["U01", "U02", "U03"]}
    ]
    files["D01/2026-03-03.json"] = [
        {"user": "U02", "text": "quick q", "ts": ts("2026-03-03", 9, 0)}
    ]
    files["mpdm-anna--ben--carl-1/2026-03-03.json"] = [
        {"user": "U03", "text": "lunch?", "ts": ts("2026-03-03", 12, 0)}
    ]
    frame = import_slack(write_zip(tmp_path / "e.zip", files), people=people).messages
    tail = frame.filter(pl.col("timestamp").dt.day() == 3)
    assert tail.select("sender", "recipients", "channel").rows() == [
        ("ben", "anna", "dm"),
        ("carl", "anna;ben", "mpdm-anna--ben--carl-1"),
    ]
