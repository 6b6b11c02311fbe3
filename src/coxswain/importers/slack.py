"""Slack workspace export (the ``.zip`` Slack's admin export gives, or its unpacked
folder) → ``messages.csv`` rows.

The export holds ``users.json``, ``channels.json`` (and, in exports that include them,
``groups.json`` for private channels, ``mpims.json`` and ``dms.json``), and one folder
per conversation with a JSON file per day (``general/2026-03-01.json``), each a list
of message objects (``user``, ``ts``, ``text``, optional ``subtype``, ``bot_id``,
``thread_ts``).

- Every human message counts, thread replies included (``thread_ts`` is kept as an
  extra column, so a thread can be followed).
- Bots (``bot_id``, subtype ``bot_message``, users marked ``is_bot``) and events
  (joins, leaves, topic changes, pins, …) are skipped and counted.
- Recipients are the conversation's members *at the time of the message*: the
  export's member list is the final one, and the join/leave events in the history
  are replayed backwards to know who was there before.
- Senders and recipients resolve to people by the Slack user's e-mail, id, user
  name or display name (``people.csv`` ``email`` and ``handles``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl

from coxswain.importers.common import (
    ImportReport,
    ImportResult,
    PeopleIndex,
    Row,
    messages_frame,
    raise_problems,
    utf8_problem,
)
from coxswain.workbook.problems import Problem

DEFAULT_MAX_BYTES = 1 << 30
KEEP_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message", "reply_broadcast"}
JOIN = {"channel_join", "group_join"}
LEAVE = {"channel_leave", "group_leave"}
DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")


class _Export:
    """The files of an export, from a zip or a folder, by path relative to its root."""

    def __init__(self, path: Path, problems: list[Problem], max_bytes: int) -> None:
        self.path = path
        self.label = path.name
        self.files: dict[str, Any] = {}
        self._zip: zipfile.ZipFile | None = None
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file():
                    self.files[f.relative_to(path).as_posix()] = f
            return
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            problems.append(Problem(self.label, None, None, f"not a readable zip file ({exc})"))
            return
        total = 0
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            name = info.filename
            pure = PurePosixPath(name.replace("\\", "/"))
            if name.startswith(("/", "\\")) or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
                problems.append(
                    Problem(self.label, None, None, f"entry {name!r} escapes the export folder")
                )
                continue
            total += info.file_size
            self.files[pure.as_posix()] = info
        if total > max_bytes:
            problems.append(
                Problem(
                    self.label,
                    None,
                    None,
                    f"unpacks to {total} bytes, more than the limit of {max_bytes}",
                )
            )
            self.files = {}
            return
        # a zip may hold the export inside one top folder
        if "users.json" not in self.files:
            tops = {p.split("/", 1)[0] for p in self.files if "/" in p}
            if len(tops) == 1 and all("/" in p for p in self.files):
                top = tops.pop()
                self.files = {p[len(top) + 1 :]: v for p, v in self.files.items()}

    def where(self, name: str) -> str:
        return f"{self.label}:{name}"

    def read(self, name: str) -> bytes:
        item = self.files[name]
        if self._zip is not None:
            return self._zip.read(item)
        data: bytes = Path(item).read_bytes()
        return data

    def json(self, name: str, problems: list[Problem]) -> Any:
        data = self.read(name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(utf8_problem(self.where(name), data, exc))
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(self.where(name), exc.lineno, exc.colno, f"not valid JSON ({exc.msg})")
            )
            return None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


@dataclass
class _User:
    id: str
    name: str | None
    display_name: str | None
    real_name: str | None
    email: str | None
    is_bot: bool


def _ts(value: Any) -> dt.datetime | None:
    """Slack's ``ts`` (``"1614556800.000200"``: seconds since 1970, UTC) as a datetime."""
    try:
        text = str(value)
        seconds, _, fraction = text.partition(".")
        micros = int((fraction + "000000")[:6]) if fraction else 0
        return dt.datetime.fromtimestamp(int(seconds), dt.UTC) + dt.timedelta(microseconds=micros)
    except (ValueError, OverflowError, OSError):
        return None


def import_slack(
    source: str | Path,
    *,
    people: pl.DataFrame | None,
    with_text: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportResult:
    """Read a Slack export (zip or folder). Raises WorkbookError naming every broken
    file (``export.zip:general/2026-03-01.json:3:5: not valid JSON (…)``) at once."""
    path = Path(source)
    problems: list[Problem] = []
    if not path.exists():
        raise_problems([Problem(str(source), None, None, "no such file or folder")])
    export = _Export(path, problems, max_bytes)
    try:
        return _import(export, people=people, with_text=with_text, problems=problems)
    finally:
        export.close()


def _import(
    export: _Export, *, people: pl.DataFrame | None, with_text: bool, problems: list[Problem]
) -> ImportResult:
    report = ImportReport(source=export.label, kind="slack")
    index = PeopleIndex(people)
    if not export.files and not problems:
        problems.append(Problem(export.label, None, None, "the export is empty"))
    for required in ("users.json", "channels.json"):
        if required not in export.files and export.files:
            problems.append(
                Problem(
                    export.label,
                    None,
                    None,
                    f"{required} is missing: is this a Slack workspace export?",
                )
            )
    if problems:
        raise_problems(problems)

    users: dict[str, _User] = {}
    raw_users = export.json("users.json", problems)
    if raw_users is not None and not isinstance(raw_users, list):
        problems.append(Problem(export.where("users.json"), None, None, "should be a list"))
    for i, u in enumerate(raw_users if isinstance(raw_users, list) else []):
        if not isinstance(u, dict) or "id" not in u:
            problems.append(Problem(export.where("users.json"), None, None, f"user {i} has no id"))
            continue
        profile = u.get("profile") or {}
        users[u["id"]] = _User(
            id=u["id"],
            name=u.get("name"),
            display_name=profile.get("display_name") or None,
            real_name=u.get("real_name") or profile.get("real_name"),
            email=profile.get("email"),
            is_bot=bool(u.get("is_bot")) or u.get("id") == "USLACKBOT",
        )

    # conversations: folder name -> (channel label, final members)
    conversations: dict[str, tuple[str, list[str]]] = {}
    for listing, kind in (
        ("channels.json", "channel"),
        ("groups.json", "private"),
        ("mpims.json", "group-dm"),
        ("dms.json", "dm"),
    ):
        if listing not in export.files:
            continue
        data = export.json(listing, problems)
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(export.where(listing), None, None, "should be a list"))
            continue
        for i, c in enumerate(data):
            if not isinstance(c, dict) or not (c.get("name") or c.get("id")):
                problems.append(
                    Problem(export.where(listing), None, None, f"entry {i} has no name or id")
                )
                continue
            folder = c.get("name") or c["id"]
            shown = "dm" if kind == "dm" else folder
            listed = [m for m in c.get("members") or [] if isinstance(m, str)]
            if "members" not in c:
                report.notes.append(
                    f"{listing}: {folder} has no member list: its recipients are only those "
                    "who joined during the export's period"
                )
            conversations[folder] = (shown, listed)

    resolved: dict[str, str | None] = {}

    def person(uid: str) -> str | None:
        if uid not in resolved:
            u = users.get(uid)
            cands = [u.email, uid, u.name, u.display_name, u.real_name] if u else [uid]
            resolved[uid] = index.resolve(*cands)
        return resolved[uid]

    def label(uid: str) -> str:
        u = users.get(uid)
        if u is None:
            return f"{uid} (not in users.json)"
        return f"{u.name or uid}" + (f" <{u.email}>" if u.email else "")

    rows: list[Row] = []
    folders = sorted({p.split("/", 1)[0] for p in export.files if "/" in p})
    for folder in folders:
        days = sorted(
            p
            for p in export.files
            if p.startswith(folder + "/") and DAY_FILE.match(p.split("/")[-1])
        )
        if not days:
            continue
        if folder not in conversations:
            report.notes.append(
                f"{folder}/ is not listed in channels.json: its recipients are unknown"
            )
        channel, final_members = conversations.get(folder, (folder, []))
        events: list[tuple[dt.datetime, int, dict[str, Any], str]] = []
        for day in days:
            data = export.json(day, problems)
            if data is None:
                continue
            if not isinstance(data, list):
                problems.append(
                    Problem(export.where(day), None, None, "should be a list of messages")
                )
                continue
            for n, msg in enumerate(data):
                if not isinstance(msg, dict):
                    problems.append(
                        Problem(export.where(day), None, None, f"message {n} is not an object")
                    )
                    continue
                when = _ts(msg.get("ts"))
                if when is None:
                    problems.append(
                        Problem(
                            export.where(day),
                            None,
                            None,
                            f"message {n} has no valid ts ({msg.get('ts')!r})",
                        )
                    )
                    continue
                events.append((when, len(events), msg, day))
        # replay membership backwards from the final member list
        members = set(final_members)
        kept: list[Row] = []
        for when, _, msg, _day in sorted(events, key=lambda e: (e[0], e[1]), reverse=True):
            subtype = msg.get("subtype")
            uid = msg.get("user")
            if subtype in JOIN and uid:
                members.discard(uid)
                report.skipped[f"event {subtype}"] += 1
                continue
            if subtype in LEAVE and uid:
                members.add(uid)
                report.skipped[f"event {subtype}"] += 1
                continue
            if (
                msg.get("bot_id")
                or subtype == "bot_message"
                or (uid in users and users[uid].is_bot)
            ):
                report.skipped["bot message"] += 1
                continue
            if subtype not in KEEP_SUBTYPES:
                report.skipped[f"event {subtype}"] += 1
                continue
            if not uid:
                report.skipped["message without a user"] += 1
                continue
            sender = person(uid)
            if sender is None:
                report.unresolved_senders[label(uid)] += 1
                continue
            recipients: list[str] = []
            for m in sorted(members):
                if m == uid or (m in users and users[m].is_bot):
                    continue
                pid = person(m)
                if pid is None:
                    report.unresolved_recipients[label(m)] += 1
                elif pid != sender and pid not in recipients:
                    recipients.append(pid)
            thread = msg.get("thread_ts")
            kept.append(
                Row(
                    timestamp=when,
                    sender=sender,
                    recipients=recipients,
                    channel=channel,
                    text=msg.get("text") if with_text else None,
                    extra={"thread_ts": str(thread) if thread else None},
                )
            )
        rows.extend(reversed(kept))
    raise_problems(problems)
    rows.sort(key=lambda r: r.timestamp)
    report.messages = len(rows)
    frame = messages_frame(rows, with_text=with_text, extra=["thread_ts"])
    return ImportResult(messages=frame, report=report)
