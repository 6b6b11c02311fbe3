"""What every importer shares: resolving senders to people, the import report, and
building a frame in the ``messages.csv`` schema."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from coxswain.workbook.problems import Problem

MESSAGE_SCHEMA: dict[str, pl.DataType] = {
    "timestamp": pl.Datetime("us", "UTC"),
    "sender": pl.String(),
    "recipients": pl.String(),
    "channel": pl.String(),
    "text": pl.String(),
    "count": pl.Int64(),
}


class PeopleIndex:
    """Finds the person id behind an e-mail address, a chat handle or an id.

    Built from ``people.csv``: its ``id`` column, the optional ``email`` column and
    the optional ``handles`` column (``;``-separated). Matching ignores case and a
    leading ``@``.
    """

    def __init__(self, people: pl.DataFrame | None) -> None:
        self._map: dict[str, str] = {}
        self.ids: set[str] = set()
        self.ambiguous: set[str] = set()
        if people is None or people.height == 0:
            return
        ids = people["id"].to_list()
        self.ids = {i for i in ids if i}
        emails = people["email"].to_list() if "email" in people.columns else [None] * len(ids)
        handles = people["handles"].to_list() if "handles" in people.columns else [None] * len(ids)
        for pid, email, hs in zip(ids, emails, handles, strict=True):
            if not pid:
                continue
            keys = [pid]
            if email:
                keys += [e for e in str(email).split(";") if e.strip()]
            if hs:
                keys += [h for h in str(hs).split(";") if h.strip()]
            for key in keys:
                k = self.key(key)
                if k in self._map and self._map[k] != pid:
                    self.ambiguous.add(k)
                self._map[k] = pid

    @staticmethod
    def key(text: str) -> str:
        return text.strip().lstrip("@").casefold()

    def resolve(self, *candidates: str | None) -> str | None:
        """The person id of the first candidate that matches exactly one person."""
        for c in candidates:
            if not c:
                continue
            k = self.key(c)
            if k in self._map and k not in self.ambiguous:
                return self._map[k]
        return None

    def resolve_recipients(
        self, addresses: Iterable[str], *, sender: str, unresolved: Counter[str]
    ) -> list[str]:
        """The distinct person ids behind ``addresses``, without the sender; addresses that
        match nobody are counted in ``unresolved`` (by their case-folded form)."""
        recipients: list[str] = []
        for address in addresses:
            if not address.strip():
                continue
            pid = self.resolve(address)
            if pid is None:
                unresolved[address.strip().casefold()] += 1
            elif pid != sender and pid not in recipients:
                recipients.append(pid)
        return recipients

    def __bool__(self) -> bool:
        return bool(self._map)


@dataclass
class ImportReport:
    """What an import did: messages kept, skipped (by reason), and who could not be
    resolved to a person (by the label the source gives them)."""

    source: str
    kind: str
    messages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unresolved_senders: Counter[str] = field(default_factory=Counter)
    unresolved_recipients: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def lines(self, *, top: int = 10) -> list[str]:
        out = [f"{self.kind} import of {self.source}: {self.messages} messages"]
        for reason, n in sorted(self.skipped.items()):
            out.append(f"  skipped {n}: {reason}")
        if self.unresolved_senders:
            total = sum(self.unresolved_senders.values())
            out.append(
                f"  unresolved senders ({len(self.unresolved_senders)}, {total} messages left "
                "out; add their e-mail or handle to people.csv):"
            )
            out.extend(_most_common(self.unresolved_senders, top))
        if self.unresolved_recipients:
            out.append(
                f"  unresolved recipients ({len(self.unresolved_recipients)}, dropped from "
                "recipient lists):"
            )
            out.extend(_most_common(self.unresolved_recipients, top))
        out.extend(f"  note: {n}" for n in self.notes)
        return out


def _most_common(counts: Counter[str], top: int) -> list[str]:
    """The ``top`` most frequent names with their counts, and how many more there are."""
    out = [f"    {who}: {n}" for who, n in counts.most_common(top)]
    if len(counts) > top:
        out.append(f"    … and {len(counts) - top} more")
    return out

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "messages": self.messages,
            "skipped": dict(self.skipped),
            "unresolved_senders": dict(self.unresolved_senders),
            "unresolved_recipients": dict(self.unresolved_recipients),
            "notes": list(self.notes),
        }


@dataclass
class ImportResult:
    messages: pl.DataFrame  # the messages table schema (+ extra columns, if any)
    report: ImportReport

    def __post_init__(self) -> None:
        """A workbook's text holds no control characters but tab and line breaks; an
        export's text may (a chat message with a bell character). They are replaced by
        U+FFFD here, and counted in the report, so that the import never writes a
        ``messages.csv`` that the workbook then refuses."""
        from coxswain.workbook.limits import CONTROL_CHARACTERS

        text = [c for c, t in self.messages.schema.items() if t == pl.String]
        if not text or self.messages.height == 0:
            return
        found = self.messages.select(
            pl.sum_horizontal(
                pl.col(c).str.contains(CONTROL_CHARACTERS).fill_null(False) for c in text
            ).sum()
        ).item()
        if found:
            self.messages = self.messages.with_columns(
                pl.col(c).str.replace_all(CONTROL_CHARACTERS, "\ufffd") for c in text
            )
            self.report.notes.append(
                f"{found} cell{'s' if found != 1 else ''} held control characters (invisible, "
                "not allowed in a workbook); each was replaced by \ufffd"
            )


@dataclass
class Row:
    timestamp: dt.datetime
    sender: str
    recipients: Sequence[str]
    channel: str | None
    text: str | None = None
    count: int | None = None
    extra: dict[str, str | None] = field(default_factory=dict)


def messages_frame(
    rows: Iterable[Row], *, with_text: bool, with_count: bool = False, extra: Sequence[str] = ()
) -> pl.DataFrame:
    """A frame in the ``messages.csv`` schema (``text`` only when ``with_text``,
    ``count`` only when ``with_count``), then the ``extra`` columns as text."""
    rows = list(rows)
    data: dict[str, list[Any]] = {
        "timestamp": [r.timestamp.astimezone(dt.UTC) for r in rows],
        "sender": [r.sender for r in rows],
        "recipients": [";".join(r.recipients) if r.recipients else None for r in rows],
        "channel": [r.channel for r in rows],
    }
    schema: dict[str, pl.DataType] = {k: MESSAGE_SCHEMA[k] for k in data}
    if with_text:
        data["text"] = [r.text for r in rows]
        schema["text"] = MESSAGE_SCHEMA["text"]
    if with_count:
        data["count"] = [r.count for r in rows]
        schema["count"] = MESSAGE_SCHEMA["count"]
    for name in extra:
        data[name] = [r.extra.get(name) for r in rows]
        schema[name] = pl.String()
    return pl.DataFrame(data, schema=schema)


def date_problem(
    when: dt.datetime, file: str, path: str | None = None, line: int | None = None
) -> Problem | None:
    """A problem for a message dated outside the years a workbook holds (1900–2100)."""
    from coxswain.workbook.limits import date_in_range, date_range_message

    if date_in_range(when):
        return None
    return Problem(file, line, None, date_range_message(when.date()), path=path)


def raise_problems(problems: list[Problem]) -> None:
    from coxswain.workbook.problems import WorkbookError

    if problems:
        raise WorkbookError(problems)


def utf8_problem(file: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    """Where in ``data`` the first byte that is not UTF-8 stands (line, column)."""
    before = data[: error.start]
    line = before.count(b"\n") + 1
    column = error.start - (before.rfind(b"\n") + 1) + 1
    return Problem(file, line, column, f"not valid UTF-8 (byte 0x{data[error.start]:02x})")
