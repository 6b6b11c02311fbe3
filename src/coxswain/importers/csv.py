"""Any CSV of messages → ``messages.csv`` rows, with a column mapping.

``mapping`` names, for each field of ``messages.csv`` (``timestamp``, ``sender``,
``recipients``, ``channel``, ``text``, ``count``), the source column that holds it;
fields not mapped are looked up under their own name, and only ``timestamp`` and
``sender`` are required. Recipients are split on ``separator`` (default ``;``; a
``,`` inside a quoted cell works too). Senders and recipients may be person ids,
e-mail addresses or handles (resolved through ``people.csv``). Timestamps are ISO
8601 (no zone means UTC) unless ``timestamp_format`` (strftime) says otherwise.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
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

FIELDS = ("timestamp", "sender", "recipients", "channel", "text", "count")
REQUIRED = ("timestamp", "sender")


def _timestamp(text: str, fmt: str | None) -> dt.datetime | None:
    text = text.strip()
    try:
        value = (
            dt.datetime.strptime(text, fmt)
            if fmt
            else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        )
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def import_csv(
    source: str | Path,
    *,
    people: pl.DataFrame | None,
    mapping: Mapping[str, str] | None = None,
    separator: str = ";",
    timestamp_format: str | None = None,
    with_text: bool = False,
    delimiter: str = ",",
) -> ImportResult:
    """Read a CSV of messages. Raises WorkbookError with every problem at once."""
    path = Path(source)
    if not path.is_file():
        raise_problems([Problem(str(source), None, None, "no such file")])
    file = path.name
    from coxswain.workbook.read import csv_over_limits

    if (refused := csv_over_limits(path, file)) is not None:
        raise_problems([refused])
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise_problems(
            [
                Problem(file, None, None, f"cannot map {u!r}: fields are {', '.join(FIELDS)}")
                for u in unknown
            ]
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise_problems([utf8_problem(file, data, exc)])
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False, separator=delimiter)
    except pl.exceptions.PolarsError as exc:
        raise_problems([Problem(file, None, None, f"not a readable CSV ({exc})")])
    column = {f: mapping.get(f, f) for f in FIELDS}
    problems = [
        Problem(file, 1, column[f], f"missing column {column[f]!r} (for {f})")
        for f in FIELDS
        if (f in REQUIRED or f in mapping) and column[f] not in frame.columns
    ]
    raise_problems(problems)
    present = {f: column[f] for f in FIELDS if column[f] in frame.columns}
    report = ImportReport(source=file, kind="csv")
    index = PeopleIndex(people)
    rows: list[Row] = []
    has_count = "count" in present
    names = frame.columns
    for n, values in enumerate(frame.iter_rows(), start=2):
        rec = dict(zip(names, values, strict=True))
        raw_ts = rec[present["timestamp"]] or ""
        when = _timestamp(raw_ts, timestamp_format)
        if when is None:
            problems.append(Problem(file, n, present["timestamp"], f"not a timestamp: {raw_ts!r}"))
            continue
        if problem := date_problem(when, file, line=n):
            problems.append(problem)
            continue
        count: int | None = None
        if has_count:
            raw = (rec[present["count"]] or "").strip()
            if raw:
                try:
                    count = int(raw)
                except ValueError:
                    problems.append(Problem(file, n, present["count"], f"not a count: {raw!r}"))
                    continue
                if count < 0:
                    problems.append(Problem(file, n, present["count"], f"negative count: {raw}"))
                    continue
        raw_sender = (rec[present["sender"]] or "").strip()
        if not raw_sender:
            problems.append(Problem(file, n, present["sender"], "empty sender"))
            continue
        sender = index.resolve(raw_sender)
        if sender is None:
            report.unresolved_senders[raw_sender] += 1
            continue
        recipients: list[str] = []
        if "recipients" in present:
            recipients = index.resolve_recipients(
                (rec[present["recipients"]] or "").split(separator),
                sender=sender,
                unresolved=report.unresolved_recipients,
            )
        rows.append(
            Row(
                timestamp=when,
                sender=sender,
                recipients=recipients,
                channel=rec[present["channel"]] if "channel" in present else None,
                text=rec[present["text"]] if with_text and "text" in present else None,
                count=count,
            )
        )
    raise_problems(problems)
    report.messages = len(rows)
    return ImportResult(
        messages=messages_frame(rows, with_text=with_text, with_count=has_count), report=report
    )
