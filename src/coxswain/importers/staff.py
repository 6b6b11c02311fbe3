"""HR exports → ``people.csv``: BambooHR's and Gusto's employee exports.

Each person's id comes from the employee id (or number) of the export, written as a
workbook id (lower case, spaces as ``-``); a person already in ``people.csv`` with the same
work e-mail keeps their id. The department is matched to a team of ``company.yaml`` by its
id or name; departments that match no team are listed for the owner to add (the people are
imported without a team meanwhile). The manager is found by the supervisor's employee id
where the export has it, else by their name. People who have left (an inactive status or a
termination date on or before today) are left out. Columns ``people.csv`` has that the
export does not (skills, training hours, handles) are kept as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from coxswain.importers.common import raise_problems
from coxswain.importers.tabular import (
    MONTH_FIRST,
    Col,
    TableImport,
    TableReport,
    bounded_date,
    date_message,
    parse_date,
    read_export,
)
from coxswain.workbook.model import ID_RE
from coxswain.workbook.problems import Problem

SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "name": pl.String(),
    "team": pl.String(),
    "role": pl.String(),
    "manager": pl.String(),
    "hired": pl.Date(),
    "email": pl.String(),
}

BAMBOOHR = (
    Col("id", ("Employee #", "Employee Number", "Employee ID", "EEID")),
    Col("first", ("First Name",)),
    Col("last", ("Last Name",)),
    Col("preferred", ("Preferred Name",), required=False),
    Col("email", ("Work Email", "Email"), required=False),
    Col("team", ("Department",), required=False),
    Col("role", ("Job Title",), required=False),
    Col("hired", ("Hire Date", "Original Hire Date"), required=False),
    Col(
        "manager_id", ("Supervisor EID", "Supervisor Employee #", "Reports To EID"), required=False
    ),
    Col("manager", ("Reporting to", "Reports To", "Supervisor"), required=False),
    Col("status", ("Status", "Employment Status"), required=False),
    Col("terminated", ("Termination Date",), required=False),
)
GUSTO = (
    Col("id", ("Employee ID", "Gusto employee ID", "Custom ID", "ID")),
    Col("first", ("First name", "Legal first name")),
    Col("last", ("Last name", "Legal last name")),
    Col("preferred", ("Preferred first name", "Preferred name"), required=False),
    Col("email", ("Work email", "Email"), required=False),
    Col("team", ("Department",), required=False),
    Col("role", ("Job title", "Title"), required=False),
    Col("hired", ("Start date", "Hire date"), required=False),
    Col("manager_id", ("Manager ID", "Manager employee ID"), required=False),
    Col("manager", ("Manager", "Manager name"), required=False),
    Col("status", ("Employment status", "Status"), required=False),
    Col("terminated", ("Termination date", "Dismissal date"), required=False),
)
GONE = ("inactive", "terminated", "dismissed", "former")


def person_id(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().casefold())


def _import_people(
    kind: str,
    cols: tuple[Col, ...],
    path: Path,
    *,
    teams: Mapping[str, str],
    existing: pl.DataFrame | None,
    mapping: Mapping[str, str] | None,
    date_format: str | None,
    label: str | None,
    today: dt.date | None,
) -> TableImport:
    export = read_export(path, cols, kind=kind, mapping=mapping, label=label)
    today = today or dt.date.today()
    problems: list[Problem] = []
    report = TableReport(kind=kind, source=export.label, table="people")
    report.read = len(export.rows)
    by_email: dict[str, str] = {}
    if existing is not None and "email" in existing.columns:
        for pid, email in existing.select("id", "email").iter_rows():
            for e in str(email or "").split(";"):
                if e.strip():
                    by_email[e.strip().casefold()] = pid
    team_of = {k.casefold(): v for k, v in teams.items()}
    records: list[dict[str, Any]] = []
    raw_ids: dict[str, str] = {}  # the export's employee id -> person id
    names: dict[str, str | None] = {}  # a full name -> person id (None when two share it)
    seen: dict[str, int] = {}
    for line, row in export.rows:
        raw = export.get(row, "id")
        column = export.header_of("id")
        if not raw:
            problems.append(Problem(export.label, line, column, "the employee id is empty"))
            continue
        email = export.get(row, "email")
        pid = by_email.get(email.casefold()) if email else None
        pid = pid or person_id(raw)
        if not ID_RE.match(pid):
            problems.append(
                Problem(
                    export.label,
                    line,
                    column,
                    f"{raw!r} cannot be a person id (letters, digits, - and _, up to 64); "
                    "map another column with --map id=HEADER",
                )
            )
            continue
        if pid in seen:
            problems.append(
                Problem(export.label, line, column, f"employee {raw!r} again (line {seen[pid]})")
            )
            continue
        seen[pid] = line
        hired: dt.date | None = None
        hired_text = export.get(row, "hired")
        if hired_text:
            hired = parse_date(hired_text, formats=MONTH_FIRST, date_format=date_format)
            hcol = export.header_of("hired")
            if hired is None:
                problems.append(
                    Problem(export.label, line, hcol, date_message(hired_text, date_format))
                )
            elif (p := bounded_date(hired, export.label, line, hcol)) is not None:
                problems.append(p)
        ended_text = export.get(row, "terminated")
        ended = (
            parse_date(ended_text, formats=MONTH_FIRST, date_format=date_format)
            if ended_text
            else None
        )
        if ended_text and ended is None:
            problems.append(
                Problem(
                    export.label,
                    line,
                    export.header_of("terminated"),
                    date_message(ended_text, date_format),
                )
            )
        first, last = export.get(row, "first"), export.get(row, "last")
        shown = export.get(row, "preferred") or first
        full = " ".join(p for p in (shown, last) if p) or None
        for key in {f"{first} {last}", f"{shown} {last}", f"{last}, {first}", f"{last}, {shown}"}:
            k = key.strip(" ,").casefold()
            if k:
                names[k] = None if k in names and names[k] != pid else pid
        raw_ids[raw.casefold()] = pid
        status = export.get(row, "status").casefold()
        if any(word in status for word in GONE) or (ended is not None and ended <= today):
            report.left_out["people who have left"] += 1
            continue
        department = export.get(row, "team")
        team = team_of.get(department.casefold()) if department else None
        if department and team is None:
            report.unknown_teams[department] += 1
        records.append(
            {
                "id": pid,
                "name": full,
                "team": team,
                "role": export.get(row, "role") or None,
                "_manager_id": export.get(row, "manager_id"),
                "_manager": export.get(row, "manager"),
                "hired": hired,
                "email": email or None,
                "_line": line,
            }
        )
    raise_problems(problems)
    unresolved: Counter[str] = Counter()
    present = {r["id"] for r in records}
    if existing is not None:
        present |= set(existing["id"].drop_nulls().to_list())
    for r in records:
        manager: str | None = None
        if r["_manager_id"]:
            manager = raw_ids.get(r["_manager_id"].casefold())
        elif r["_manager"]:
            manager = names.get(r["_manager"].casefold())
        if manager not in present:  # not in the file, or has left
            manager = None
        if (r["_manager_id"] or r["_manager"]) and manager is None:
            unresolved[r["_manager_id"] or r["_manager"]] += 1
        r["manager"] = manager if manager != r["id"] else None
    if unresolved:
        report.notes.append(
            f"{sum(unresolved.values())} people's manager is not among the people imported, "
            f"or has left (left empty): {', '.join(sorted(unresolved))}"
        )
    frame = pl.DataFrame([{k: r[k] for k in SCHEMA} for r in records], schema=SCHEMA, orient="row")
    report.rows = frame.height
    return TableImport("people", frame, report, key="id")


def import_bamboohr(
    path: Path,
    *,
    teams: Mapping[str, str],
    existing: pl.DataFrame | None = None,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
    today: dt.date | None = None,
) -> TableImport:
    """BambooHR's employee report exported as CSV (``Employee #``, ``First Name``, ``Last
    Name``, ``Work Email``, ``Department``, ``Job Title``, ``Hire Date``, ``Reporting to``,
    ``Status``, …; reports are configurable, so any column can be renamed with ``--map``)."""
    return _import_people(
        "bamboohr",
        BAMBOOHR,
        path,
        teams=teams,
        existing=existing,
        mapping=mapping,
        date_format=date_format,
        label=label,
        today=today,
    )


def import_gusto(
    path: Path,
    *,
    teams: Mapping[str, str],
    existing: pl.DataFrame | None = None,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    label: str | None = None,
    today: dt.date | None = None,
) -> TableImport:
    """Gusto's employee export (a report of team members: ``Employee ID``, ``First name``,
    ``Last name``, ``Work email``, ``Department``, ``Job title``, ``Start date``,
    ``Manager``, ``Employment status``, …)."""
    return _import_people(
        "gusto",
        GUSTO,
        path,
        teams=teams,
        existing=existing,
        mapping=mapping,
        date_format=date_format,
        label=label,
        today=today,
    )
