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
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

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
from coxswain.workbook.archive import ArchiveLimitError, Budget, open_zip, read_member
from coxswain.workbook.limits import MAX_JSON_BYTES, JsonLimitError, load_json, size
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
        self._budget = Budget(max_bytes)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file():
                    self.files[f.relative_to(path).as_posix()] = f
            return
        try:
            self._zip = open_zip(path)
        except ArchiveLimitError as exc:
            problems.append(Problem(self.label, None, None, str(exc)))
            return
        except (zipfile.BadZipFile, OSError) as exc:
            problems.append(Problem(self.label, None, None, f"not a readable zip file ({exc})"))
            return
        self._budget = Budget(max_bytes)
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
        """The file's bytes, within :data:`limits.MAX_JSON_BYTES` (and, in a zip, the zip
        caps); raises ArchiveLimitError past them."""
        item = self.files[name]
        if self._zip is not None:
            return read_member(self._zip, item, budget=self._budget, limit=MAX_JSON_BYTES)
        if Path(item).stat().st_size > MAX_JSON_BYTES:
            raise ArchiveLimitError(f"is over the limit of {size(MAX_JSON_BYTES)}")
        data: bytes = Path(item).read_bytes()
        return data

    def json(self, name: str, problems: list[Problem]) -> Any:
        try:
            return load_json(self.read(name))
        except (ArchiveLimitError, zipfile.BadZipFile, zlib.error, OSError) as exc:
            problems.append(Problem(self.where(name), None, None, f"refused: {exc}"))
        except JsonLimitError as exc:
            problems.append(Problem(self.where(name), exc.line, exc.column, exc.message))
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


def _shape(expected: str, value: Any) -> str:
    got = {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )
    return f"should be {expected}, not {got}"


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
    users_json = export.where("users.json")
    for i, u in enumerate(raw_users if isinstance(raw_users, list) else []):
        uid = u.get("id") if isinstance(u, dict) else None
        if not isinstance(u, dict) or not isinstance(uid, str) or not uid:
            problems.append(Problem(users_json, None, None, "has no id (text)", path=f"[{i}]"))
            continue
        profile = u.get("profile")
        if profile is not None and not isinstance(profile, dict):
            problems.append(
                Problem(users_json, None, None, _shape("an object", profile), path=f"[{i}].profile")
            )
            continue
        profile = profile or {}
        texts = {
            f"[{i}].{key}": value
            for key, value in (
                ("name", u.get("name")),
                ("real_name", u.get("real_name")),
                ("profile.display_name", profile.get("display_name")),
                ("profile.real_name", profile.get("real_name")),
                ("profile.email", profile.get("email")),
            )
        }
        wrong = [k for k, v in texts.items() if v is not None and not isinstance(v, str)]
        for key in wrong:
            problems.append(Problem(users_json, None, None, _shape("text", texts[key]), path=key))
        if wrong:
            continue
        users[uid] = _User(
            id=uid,
            name=u.get("name"),
            display_name=profile.get("display_name") or None,
            real_name=u.get("real_name") or profile.get("real_name"),
            email=profile.get("email"),
            is_bot=bool(u.get("is_bot")) or uid == "USLACKBOT",
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
            where = export.where(listing)
            if not isinstance(c, dict) or not (c.get("name") or c.get("id")):
                problems.append(Problem(where, None, None, "has no name or id", path=f"[{i}]"))
                continue
            folder = c.get("name") or c["id"]
            if not isinstance(folder, str):
                key = "name" if c.get("name") else "id"
                problems.append(
                    Problem(where, None, None, _shape("text", folder), path=f"[{i}].{key}")
                )
                continue
            if not isinstance(c.get("members") or [], list):
                problems.append(
                    Problem(
                        where, None, None, _shape("a list", c["members"]), path=f"[{i}].members"
                    )
                )
                continue
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
                wrong = [
                    key
                    for key in ("user", "subtype", "text", "thread_ts")
                    if msg.get(key) is not None and not isinstance(msg[key], str | int | float)
                ]
                for key in wrong:
                    problems.append(
                        Problem(
                            export.where(day),
                            None,
                            None,
                            _shape("text", msg[key]),
                            path=f"[{n}].{key}",
                        )
                    )
                if wrong:
                    continue
                msg = {
                    k: str(v) if k in ("user", "subtype", "text") and v is not None else v
                    for k, v in msg.items()
                }
                when = _ts(msg.get("ts"))
                if when is not None and (
                    problem := date_problem(when, export.where(day), f"[{n}].ts")
                ):
                    problems.append(problem)
                    continue
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
