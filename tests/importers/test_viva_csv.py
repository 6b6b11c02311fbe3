"""Viva Insights person-to-person and generic CSV importers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest
from conftest import people_frame

from coxswain.importers.csv import import_csv
from coxswain.importers.viva import import_viva
from coxswain.workbook.problems import WorkbookError

SHARED = Path(
    os.environ.get("COXSWAIN_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
)
VIVA_SAMPLE = SHARED / "vivainsights-sample" / "p2p_data.csv"

VIVA_HEADER = (
    "PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,MetricDate,"
    "Emails_sent,Strong_tie_score\n"
)


def _viva_people() -> pl.DataFrame:
    return people_frame(
        [
            {"id": "anna", "handles": "0a1b2c3d-0000-0000-0000-000000000001"},
            {"id": "ben", "handles": "0a1b2c3d-0000-0000-0000-000000000002"},
            {"id": "carl", "handles": "0a1b2c3d-0000-0000-0000-000000000003"},
        ]
    )


def test_viva_fixture_with_counts(tmp_path: Path) -> None:
    path = tmp_path / "p2p.csv"
    path.write_text(
        VIVA_HEADER + "0a1b2c3d-0000-0000-0000-000000000001,0a1b2c3d-0000-0000-0000-000000000002,"
        "01/04/2023,12,0.4\n"
        + "0a1b2c3d-0000-0000-0000-000000000002,0a1b2c3d-0000-0000-0000-000000000003,"
        "2023-01-11,3,0.1\n"
        + "0a1b2c3d-0000-0000-0000-000000000003,ffffffff-0000-0000-0000-00000000dead,"
        "01/11/2023,5,0.2\n"
        + "ffffffff-0000-0000-0000-00000000beef,0a1b2c3d-0000-0000-0000-000000000001,"
        "01/11/2023,7,0.2\n"
        + "0a1b2c3d-0000-0000-0000-000000000001,0a1b2c3d-0000-0000-0000-000000000003,"
        "01/11/2023,0,0.0\n",
        encoding="utf-8",
    )
    result = import_viva(path, people=_viva_people())
    frame = result.messages
    assert frame.columns == ["timestamp", "sender", "recipients", "channel", "count"]
    assert frame.rows() == [
        (dt.datetime(2023, 1, 4, tzinfo=dt.UTC), "anna", "ben", "viva", 12),
        (dt.datetime(2023, 1, 11, tzinfo=dt.UTC), "ben", "carl", "viva", 3),
    ]
    report = result.report
    assert report.messages == 15
    assert report.unresolved_senders == {"ffffffff-0000-0000-0000-00000000beef": 7}
    assert report.unresolved_recipients == {"ffffffff-0000-0000-0000-00000000dead": 5}
    assert report.skipped["pairs with a count of 0"] == 1
    assert "counts taken from column Emails_sent" in report.notes


def test_viva_broken(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    missing.write_text("PersonId,MetricDate\nx,01/04/2023\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        import_viva(missing, people=_viva_people())
    assert [str(p) for p in info.value.problems] == [
        "missing.csv:1: missing column PrimaryCollaborator_PersonId",
        "missing.csv:1: missing column SecondaryCollaborator_PersonId",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        VIVA_HEADER + "0a1b2c3d-0000-0000-0000-000000000001,0a1b2c3d-0000-0000-0000-000000000002,"
        "31/31/2023,1,0\n"
        + "0a1b2c3d-0000-0000-0000-000000000001,0a1b2c3d-0000-0000-0000-000000000002,"
        "01/04/2023,many,0\n",
        encoding="utf-8",
    )
    with pytest.raises(WorkbookError) as info:
        import_viva(bad, people=_viva_people())
    assert [str(p) for p in info.value.problems] == [
        "bad.csv:2:MetricDate: not a date: '31/31/2023'",
        "bad.csv:3:Emails_sent: not a number: 'many'",
    ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(VIVA_HEADER.encode() + b"caf\xe9,x,01/04/2023,1,0\n")
    with pytest.raises(WorkbookError, match=r"latin.csv:2:4: not valid UTF-8"):
        import_viva(latin, people=_viva_people())


@pytest.mark.shared_data
@pytest.mark.skipif(
    not VIVA_SAMPLE.exists(),
    reason=f"Viva Insights sample not found at {VIVA_SAMPLE} (the shared data folder is absent)",
)
def test_viva_published_sample() -> None:
    """The p2p sample shipped with Microsoft's vivainsights package: 2,014 pairs of
    3,783 hashed people, all dated 01/04/2023, with tie scores but no counts."""
    raw = pl.read_csv(VIVA_SAMPLE, infer_schema=False)
    ids = sorted(
        set(raw["PrimaryCollaborator_PersonId"]) | set(raw["SecondaryCollaborator_PersonId"])
    )
    assert len(ids) == 3783
    # map the first 1,000 ids to people; the rest stay unresolved
    people = people_frame([{"id": f"p{i:04d}", "handles": h} for i, h in enumerate(ids[:1000])])
    result = import_viva(VIVA_SAMPLE, people=people)
    known = set(ids[:1000])
    expected = raw.filter(
        pl.col("PrimaryCollaborator_PersonId").is_in(known)
        & pl.col("SecondaryCollaborator_PersonId").is_in(known)
    ).height
    assert result.messages.height == expected > 0
    assert result.messages["count"].to_list() == [1] * expected
    assert set(result.messages["timestamp"].dt.date()) == {dt.date(2023, 1, 4)}
    assert any("no count column" in n for n in result.report.notes)
    assert (
        sum(result.report.unresolved_senders.values())
        == raw.filter(~pl.col("PrimaryCollaborator_PersonId").is_in(known)).height
    )


def test_generic_csv_with_mapping(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text(
        "When,From,To,Room,Body,N\n"
        "2026-03-01T09:00:00+01:00,anna@loop.test,ben@loop.test|@carl,ops,hi,2\n"
        "2026-03-01 10:00:00,ben@loop.test,anna@loop.test|stranger@x.test,ops,yo,\n"
        "2026-03-02T11:00:00Z,who@x.test,anna@loop.test,ops,?,1\n",
        encoding="utf-8",
    )
    people = people_frame(
        [
            {"id": "anna", "email": "anna@loop.test"},
            {"id": "ben", "email": "ben@loop.test"},
            {"id": "carl", "handles": "carl"},
        ]
    )
    mapping = {
        "timestamp": "When",
        "sender": "From",
        "recipients": "To",
        "channel": "Room",
        "text": "Body",
        "count": "N",
    }
    result = import_csv(path, people=people, mapping=mapping, separator="|", with_text=True)
    assert result.messages.rows() == [
        (dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC), "anna", "ben;carl", "ops", "hi", 2),
        (dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), "ben", "anna", "ops", "yo", None),
    ]
    assert result.report.unresolved_senders == {"who@x.test": 1}
    assert result.report.unresolved_recipients == {"stranger@x.test": 1}


def test_generic_csv_broken(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text("timestamp,who\n2026-03-01,anna\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"chat.csv:1:sender: missing column 'sender'"):
        import_csv(path, people=None)
    path.write_text("timestamp,sender,count\nlater,anna,1\n2026-03-01,anna,x\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        import_csv(path, people=people_frame([{"id": "anna"}]))
    assert [str(p) for p in info.value.problems] == [
        "chat.csv:2:timestamp: not a timestamp: 'later'",
        "chat.csv:3:count: not a count: 'x'",
    ]
    with pytest.raises(WorkbookError, match="cannot map 'subject'"):
        import_csv(path, people=None, mapping={"subject": "x"})
    path.write_bytes(b"timestamp,sender\n2026-03-01,\xff\n")
    with pytest.raises(WorkbookError, match=r"chat.csv:2:12: not valid UTF-8 \(byte 0xff\)"):
        import_csv(path, people=None)
