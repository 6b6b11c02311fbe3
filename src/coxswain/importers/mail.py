"""E-mail headers from an mbox file or a Maildir folder → ``messages.csv`` rows.

Only ``From``, ``To``, ``Cc`` and ``Date`` are read (``Bcc`` is left out: the people
it names were hidden from the others); bodies are ignored unless ``with_text``. A
message that sits in several mailboxes (the sender's sent folder and a recipient's
inbox) is counted once, by its ``Message-ID``. Addresses resolve to people by the
``email`` column of ``people.csv`` (or a handle); outside addresses are reported, a
message from outside is left out, and outside recipients are dropped from the list.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import mailbox
from collections.abc import Iterator
from email.message import EmailMessage, Message
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
)
from coxswain.workbook.problems import Problem


def _is_maildir(path: Path) -> bool:
    return path.is_dir() and any((path / sub).is_dir() for sub in ("cur", "new"))


def _mbox_lines(path: Path) -> list[int]:
    """The line number of each message's ``From `` separator, in file order."""
    lines: list[int] = []
    previous_blank = True
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith(b"From ") and (previous_blank or number == 1):
                lines.append(number)
            previous_blank = line.strip() == b""
    return lines


def _messages(path: Path) -> Iterator[tuple[str, int | None, bytes]]:
    """(place, line, raw bytes) for every message of the mailbox."""
    factory = None  # raw email.message.Message; parsed with the modern policy below
    if _is_maildir(path):
        box = mailbox.Maildir(path, factory=factory, create=False)
        for key in sorted(box.keys()):
            sub = "new" if (path / "new" / key).exists() else "cur"
            files = list((path / sub).glob(f"{key}*")) or list(path.glob(f"*/{key}*"))
            place = f"{path.name}/{files[0].relative_to(path).as_posix()}" if files else key
            with box.get_file(key) as handle:
                data = handle.read()
            yield place, None, data
    else:
        starts = _mbox_lines(path)
        mbox = mailbox.mbox(path, factory=factory, create=False)
        for i, key in enumerate(mbox.keys()):
            data = mbox.get_bytes(key)
            line = starts[i] if i < len(starts) else None
            yield path.name, line, data


def _addresses(msg: Message, *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        for value in msg.get_all(name, []) or []:
            # Outlook and others separate addresses with ";"
            values.append(str(value).replace(";", ","))
    return [addr for _, addr in email.utils.getaddresses(values) if addr]


def _body(data: bytes) -> str | None:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if isinstance(msg, EmailMessage):
        part = msg.get_body(preferencelist=("plain",))
        if part is not None:
            try:
                content = part.get_content()
            except (LookupError, UnicodeDecodeError):
                payload = part.get_payload(decode=True)
                content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            return str(content).strip() or None
    return None


def import_mail(
    source: str | Path, *, people: pl.DataFrame | None, with_text: bool = False
) -> ImportResult:
    """Read an mbox file or a Maildir folder. Raises WorkbookError listing every
    message whose headers cannot be used (``archive.mbox:57: message 3: no Date``)."""
    path = Path(source)
    if not path.exists():
        raise_problems([Problem(str(source), None, None, "no such file or folder")])
    if path.is_dir() and not _is_maildir(path):
        raise_problems(
            [
                Problem(
                    path.name, None, None, "a folder that is not a Maildir (no cur/ or new/ inside)"
                )
            ]
        )
    report = ImportReport(source=path.name, kind="mail")
    index = PeopleIndex(people)
    problems: list[Problem] = []
    rows: list[Row] = []
    seen_ids: set[str] = set()
    count = 0
    try:
        for place, line, data in _messages(path):
            count += 1
            # headers as written (compat32 keeps "a; b" address lists whole)
            msg = email.message_from_bytes(data)
            what = f"message {count}"
            if msg.defects and not msg.keys():
                problems.append(Problem(place, line, None, f"{what}: not an e-mail message"))
                continue
            try:
                senders = _addresses(msg, "From")
                to = _addresses(msg, "To", "Cc")
                date_header = msg.get("Date")
                message_id = str(msg.get("Message-ID") or "").strip()
            except (ValueError, TypeError, IndexError) as exc:
                problems.append(Problem(place, line, None, f"{what}: unreadable headers ({exc})"))
                continue
            if not senders:
                problems.append(Problem(place, line, None, f"{what}: no From address"))
                continue
            when: dt.datetime | None = None
            if date_header:
                try:
                    when = email.utils.parsedate_to_datetime(str(date_header))
                except (TypeError, ValueError, IndexError):
                    when = None
            if when is None:
                problems.append(
                    Problem(place, line, None, f"{what}: no valid Date header ({date_header!r})")
                )
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            if problem := date_problem(when, place, line=line):
                problems.append(problem)
                continue
            if message_id:
                if message_id in seen_ids:
                    report.skipped["copy of a message already read (same Message-ID)"] += 1
                    continue
                seen_ids.add(message_id)
            sender = index.resolve(senders[0])
            if sender is None:
                report.unresolved_senders[senders[0].casefold()] += 1
                continue
            recipients = index.resolve_recipients(
                to, sender=sender, unresolved=report.unresolved_recipients
            )
            rows.append(
                Row(
                    timestamp=when,
                    sender=sender,
                    recipients=recipients,
                    channel="email",
                    text=_body(data) if with_text else None,
                )
            )
    except (OSError, mailbox.Error) as exc:
        problems.append(Problem(path.name, None, None, f"cannot read the mailbox ({exc})"))
    raise_problems(problems)
    if count == 0:
        report.notes.append("the mailbox holds no messages")
    rows.sort(key=lambda r: r.timestamp)
    report.messages = len(rows)
    return ImportResult(messages=messages_frame(rows, with_text=with_text), report=report)
