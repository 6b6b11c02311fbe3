"""The web app's SQLite database is readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coxswain.cli.serve import private_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_created_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "var" / "coxswain.sqlite3"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("COXSWAIN_DB", str(database))
    private_database()
    assert mode(database.parent) == 0o700 and mode(database) == 0o600


def test_an_existing_readable_database_is_narrowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "coxswain.sqlite3"
    for name in ("coxswain.sqlite3", "coxswain.sqlite3-wal", "coxswain.sqlite3-shm"):
        (tmp_path / name).write_bytes(b"")
        (tmp_path / name).chmod(0o644)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("COXSWAIN_DB", str(database))
    private_database()
    assert [mode(p) for p in sorted(tmp_path.iterdir())] == [0o600, 0o600, 0o600]
