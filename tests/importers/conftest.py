"""Realistic exports built on the fly for the importer tests."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest


def ts(day: str, hh: int, mm: int, micro: int = 0) -> str:
    moment = dt.datetime.fromisoformat(f"{day}T{hh:02d}:{mm:02d}:00+00:00")
    return f"{int(moment.timestamp())}.{micro:06d}"


def people_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    cols = ["id", "name", "team", "role", "manager", "email", "handles"]
    return pl.DataFrame(
        [{c: r.get(c) for c in cols} for r in rows], schema=dict.fromkeys(cols, pl.String)
    )


@pytest.fixture
def people() -> pl.DataFrame:
    return people_frame(
        [
            {"id": "anna", "name": "Anna", "team": "eng", "email": "Anna@Loop.test"},
            {"id": "ben", "name": "Ben", "team": "sales", "email": "ben@loop.test"},
            {"id": "carl", "name": "Carl", "team": "eng", "handles": "@carl;U03"},
            {"id": "erik", "name": "Erik", "team": "support", "email": "erik@loop.test"},
        ]
    )


GENERAL_1 = "2026-03-01"
GENERAL_2 = "2026-03-02"

SLACK_USERS = [
    {
        "id": "U01",
        "name": "anna.k",
        "real_name": "Anna K",
        "profile": {"email": "anna@loop.test", "display_name": "anna"},
    },
    {"id": "U02", "name": "ben", "profile": {"email": "ben@loop.test"}},
    {"id": "U03", "name": "carl", "profile": {"display_name": "Carl"}},
    {"id": "U04", "name": "dora", "profile": {"email": "dora@elsewhere.test"}},
    {"id": "B01", "name": "deploybot", "is_bot": True, "profile": {}},
]
SLACK_CHANNELS = [
    # final membership at export time: carl has left #general
    {"id": "C01", "name": "general", "members": ["U01", "U02", "U04"]},
    {"id": "C02", "name": "eng", "members": ["U01", "U03"]},
]


def slack_files() -> dict[str, Any]:
    anna_first = ts(GENERAL_1, 9, 0)
    return {
        "users.json": SLACK_USERS,
        "channels.json": SLACK_CHANNELS,
        f"general/{GENERAL_1}.json": [
            {
                "type": "message",
                "user": "U01",
                "text": "Morning all",
                "ts": anna_first,
                "thread_ts": anna_first,
                "reply_count": 1,
            },
            {
                "type": "message",
                "subtype": "channel_join",
                "user": "U02",
                "text": "<@U02> has joined the channel",
                "ts": ts(GENERAL_1, 9, 5),
            },
            {
                "type": "message",
                "subtype": "bot_message",
                "bot_id": "B01",
                "text": "Deployed v2",
                "ts": ts(GENERAL_1, 9, 6),
            },
            {
                "type": "message",
                "user": "B01",
                "bot_id": "B01",
                "text": "Deploy done",
                "ts": ts(GENERAL_1, 9, 7),
            },
            {"type": "message", "user": "U02", "text": "Hi, new here", "ts": ts(GENERAL_1, 9, 10)},
            {
                "type": "message",
                "user": "U03",
                "text": "Welcome",
                "ts": ts(GENERAL_1, 9, 12, 250),
                "thread_ts": anna_first,
                "parent_user_id": "U01",
            },
            {
                "type": "message",
                "user": "U04",
                "text": "Hello from dora",
                "ts": ts(GENERAL_1, 9, 20),
            },
        ],
        f"general/{GENERAL_2}.json": [
            {"type": "message", "user": "U03", "text": "Bye", "ts": ts(GENERAL_2, 8, 0)},
            {
                "type": "message",
                "subtype": "channel_leave",
                "user": "U03",
                "text": "<@U03> has left the channel",
                "ts": ts(GENERAL_2, 8, 1),
            },
            {"type": "message", "user": "U01", "text": "See you", "ts": ts(GENERAL_2, 8, 30)},
            {
                "type": "message",
                "subtype": "channel_topic",
                "user": "U01",
                "text": "set the topic",
                "ts": ts(GENERAL_2, 8, 31),
            },
        ],
        f"eng/{GENERAL_1}.json": [
            {"type": "message", "user": "U03", "text": "PR ready", "ts": ts(GENERAL_1, 10, 0)},
            {"type": "message", "user": "U01", "text": "Reviewing", "ts": ts(GENERAL_1, 10, 5)},
        ],
    }


def write_zip(path: Path, files: dict[str, Any], *, top: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in files.items():
            data = content if isinstance(content, bytes) else json.dumps(content, indent=1)
            zf.writestr(f"{top}/{name}" if top else name, data)
    return path


@pytest.fixture
def slack_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "export.zip", slack_files())
