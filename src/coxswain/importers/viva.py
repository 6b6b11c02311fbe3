"""Microsoft Viva Insights person-to-person export → ``messages.csv`` rows.

A person-to-person query exports one row per pair of collaborators and period:
``PrimaryCollaborator_PersonId``, ``SecondaryCollaborator_PersonId``, ``MetricDate``
and metrics (tie scores; in some queries counts of e-mails, chats or meetings).
Each row becomes one aggregated row from the primary to the secondary collaborator
dated ``MetricDate``; its ``count`` is the row's count metric (``count_column``, or
the first present of :data:`COUNT_COLUMNS`), or 1 per pair where the export has no
count (then the network measures ties, not volume; the report says so).

Person ids in such exports are pseudonymous (hashed); they resolve to people through
``people.csv`` ``handles`` (or ``email`` where the export carries e-mail addresses).
``MetricDate`` is read as ISO (``2023-01-04``) or, as Viva writes it, ``M/D/YYYY``;
pass ``date_format`` (a strftime pattern) for anything else.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl

from coxswain.importers.common import (
    ImportReport,
    ImportResult,
    PeopleIndex,
    Row,
    date_problem,
    messages_frame,
    raise_problems,
    utf8_problem,
)
from coxswain.workbook.problems import Problem

PRIMARY = "PrimaryCollaborator_PersonId"
SECONDARY = "SecondaryCollaborator_PersonId"
DATE = "MetricDate"
COUNT_COLUMNS = (
    "Collaboration_count",
    "Interaction_count",
    "Emails_sent",
    "Email_count",
    "Chats_sent",
    "Messages_sent",
    "Meeting_count",
)


def _parse_date(text: str, date_format: str | None) -> dt.date | None:
    text = text.strip()
    formats = [date_format] if date_format else ["%Y-%m-%d", "%m/%d/%Y"]
    for f in formats:
        try:
            return dt.datetime.strptime(text, f).date()
        except ValueError:
            continue
    return None


def import_viva(
    source: str | Path,
    *,
    people: pl.DataFrame | None,
    count_column: str | None = None,
    date_format: str | None = None,
) -> ImportResult:
    """Read a Viva Insights person-to-person CSV. Raises WorkbookError with every
    problem (missing columns, bad dates, bad counts) at once."""
    path = Path(source)
    if not path.is_file():
        raise_problems([Problem(str(source), None, None, "no such file")])
    file = path.name
    from coxswain.workbook.read import csv_over_limits

    if (refused := csv_over_limits(path, file)) is not None:
        raise_problems([refused])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise_problems([utf8_problem(file, data, exc)])
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise_problems([Problem(file, None, None, f"not a readable CSV ({exc})")])
    problems = [
        Problem(file, 1, None, f"missing column {name}")
        for name in (PRIMARY, SECONDARY, DATE)
        if name not in frame.columns
    ]
    if count_column and count_column not in frame.columns:
        problems.append(Problem(file, 1, None, f"missing column {count_column} (the count)"))
    raise_problems(problems)
    report = ImportReport(source=file, kind="viva")
    counter = count_column or next((c for c in COUNT_COLUMNS if c in frame.columns), None)
    if counter is None:
        report.notes.append(
            "no count column: each collaborator pair counts as one message (ties, not volume)"
        )
    else:
        report.notes.append(f"counts taken from column {counter}")
    index = PeopleIndex(people)
    rows: list[Row] = []
    columns = frame.columns
    for n, values in enumerate(frame.iter_rows(), start=2):  # line 1 is the header
        rec = dict(zip(columns, values, strict=True))
        day = _parse_date(rec[DATE] or "", date_format)
        if day is None:
            problems.append(Problem(file, n, DATE, f"not a date: {rec[DATE]!r}"))
            continue
        if problem := date_problem(dt.datetime.combine(day, dt.time()), file, line=n):
            problems.append(problem)
            continue
        count = 1
        if counter is not None:
            raw = (rec[counter] or "").strip()
            try:
                value = float(raw) if raw else 0.0
            except ValueError:
                problems.append(Problem(file, n, counter, f"not a number: {raw!r}"))
                continue
            if value < 0 or value != int(value):
                problems.append(Problem(file, n, counter, f"not a whole count: {raw!r}"))
                continue
            count = int(value)
            if count == 0:
                report.skipped["pairs with a count of 0"] += 1
                continue
        a, b = (rec[PRIMARY] or "").strip(), (rec[SECONDARY] or "").strip()
        if not a or not b:
            problems.append(Problem(file, n, PRIMARY if not a else SECONDARY, "empty person id"))
            continue
        sender = index.resolve(a)
        if sender is None:
            report.unresolved_senders[a] += count
            continue
        recipient = index.resolve(b)
        if recipient is None:
            report.unresolved_recipients[b] += count
            report.skipped["pairs whose second collaborator is not in people.csv"] += 1
            continue
        if recipient == sender:
            report.skipped["pairs of a person with themselves"] += 1
            continue
        rows.append(
            Row(
                timestamp=dt.datetime.combine(day, dt.time(), dt.UTC),
                sender=sender,
                recipients=[recipient],
                channel="viva",
                count=count,
            )
        )
    raise_problems(problems)
    report.messages = sum(r.count or 1 for r in rows)
    return ImportResult(
        messages=messages_frame(rows, with_text=False, with_count=True), report=report
    )
