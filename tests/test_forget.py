"""Forgetting a person: the pure function and the `coxswain forget` command."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coxswain.cli import app
from coxswain.privacy import forget_person
from coxswain.workbook import read_workbook

COMPANY = """\
format: 1
name: Loop Analytics
objectives:
  - {id: growth, name: Grow}
teams:
  - {id: eng, name: Engineering}
  - {id: support, name: Support}
initiatives:
  - {id: faster_ci, name: Faster CI, owner: anna, objectives: [growth]}
  - {id: help_center, name: Help center, owner: sam, objectives: [growth]}
goals:
  - {id: g_anna, owner: anna, parent: growth, title: Ship the API}
  - {id: g_anna_kr, owner: ben, parent: g_anna, title: Write the docs}
  - {id: g_sam, owner: sam, parent: growth, title: Answer in a day}
"""
PEOPLE = """\
id,name,team,role,manager,hired,skills,training_hours
anna,Anna,eng,Engineer,,2024-01-01,,
ben,Ben,eng,Engineer,anna,2024-02-01,,
carl,Carl,eng,Engineer,anna,2024-03-01,,
sam,Sam,,Support,,2024-03-01,,
"""
MESSAGES = """\
timestamp,sender,recipients,channel
2026-03-01T09:00:00Z,anna,ben;carl,dm
2026-03-01T10:00:00Z,ben,anna,dm
2026-03-01T11:00:00Z,carl,anna;ben,dm
2026-03-01T12:00:00Z,ben,carl,dm
"""
SURVEY = """\
respondent,date,question,answer,team
anna,2026-03-01,enps,9,
ben,2026-03-01,enps,7,
anon-1,2026-03-01,enps,3,eng
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "loop"
    folder.mkdir()
    for name, text in {
        "company.yaml": COMPANY,
        "people.csv": PEOPLE,
        "messages.csv": MESSAGES,
        "survey.csv": SURVEY,
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_forget_person_pure(tmp_path: Path) -> None:
    book = read_workbook(_folder(tmp_path))
    after, report = forget_person(workbook=book, person_id="anna")
    assert "anna" not in after.people["id"].to_list()
    assert after.people["manager"].to_list() == [None, None, None]
    assert after.messages.select("sender", "recipients").rows() == [
        ("carl", "ben"),
        ("ben", "carl"),
    ]
    assert after.survey["respondent"].to_list() == ["ben", "anon-1"]
    goals = {g.id: g for g in after.company.goals}
    assert goals["g_anna"].owner == "eng"  # passed to her team
    assert goals["g_anna_kr"].owner == "ben"
    initiatives = {i.id: i for i in after.company.initiatives}
    assert initiatives["faster_ci"].owner == "eng"
    assert report.people_rows == 1
    assert report.messages_sent == 1
    assert report.messages_only_to_them == 1  # ben -> anna
    assert report.recipient_mentions == 1  # carl -> anna;ben keeps ben
    assert report.survey_answers == 1
    assert report.manager_references == 2
    assert report.goals == ["g_anna"] and report.initiatives == ["faster_ci"]
    # the original is untouched (a pure function)
    assert "anna" in book.people["id"].to_list()


def test_forget_someone_without_team(tmp_path: Path) -> None:
    book = read_workbook(_folder(tmp_path))
    after, report = forget_person(workbook=book, person_id="sam")
    assert "g_sam" not in {g.id for g in after.company.goals}
    assert report.goals_removed == ["g_sam"]
    assert {i.id: i.owner for i in after.company.initiatives}["help_center"] is None


def test_forget_command_rewrites_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / ".coxswain").mkdir()
    (folder / ".coxswain" / "salt").write_text("abc\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["forget", "anna", "--workbook", str(folder)])
    assert result.exit_code == 0, result.output
    assert "people.csv: 1 row removed" in result.output
    assert "messages.csv: 1 messages they sent removed" in result.output
    assert "survey.csv: 1 answers removed" in result.output
    assert "goals given to their team: g_anna" in result.output
    book = read_workbook(folder)  # still a valid workbook
    assert "anna" not in book.people["id"].to_list()
    assert "anna" not in "".join(book.messages["recipients"].drop_nulls().to_list())
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.csv"))
    assert "anna" not in text
    assert (folder / ".coxswain" / "salt").read_text(encoding="utf-8") == "abc\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]  # no leftovers


def test_forget_unknown_person(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = CliRunner().invoke(app, ["forget", "nobody", "--workbook", str(folder)])
    assert result.exit_code == 1
    assert "nothing changed" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
