# mypy: disable-error-code="misc,no-any-return"
"""Backing up and restoring the web app's database (``coxswain backup`` / ``coxswain restore``).

* **SQLite**: SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot while the app runs, into a single SQLite file that also holds a small table
  ``coxswain_backup`` (format, Coxswain version, date, engine) by which a restore knows it.
  A restore copies the backup into the database with the same API, in one transaction, then
  drops that table.
* **PostgreSQL**: ``pg_dump --format=custom`` to a file, ``pg_restore --clean --if-exists
  --single-transaction`` from it. A file is taken as a backup when ``pg_restore --list`` shows
  Coxswain's tables. The connection settings reach the tools through ``PG*`` environment
  variables, never the command line (where other users could read a password).

A backup holds everyone's data and every password hash: it is written 0600, next to its
target and renamed into place when complete. A restore refuses a file that is not a backup of
this kind of database, and a database that already holds organisations or users unless
``force``; nothing is changed then.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coxswain import __version__
from coxswain.fileperms import private_file
from coxswain.tempfiles import clean_stale_siblings, fsync_dir, fsync_file, sibling

FORMAT = 1
MARKER_TABLE = "coxswain_backup"
SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"
# Tables that every Coxswain database has; a backup without them is someone else's.
REQUIRED_TABLES = ("django_migrations", "accounts_organisation")


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why, plainly."""


@dataclass(frozen=True)
class Database:
    engine: str  # "sqlite" or "postgresql"
    settings: dict[str, Any]

    @property
    def label(self) -> str:
        if self.engine == "sqlite":
            return f"SQLite database {self.settings['NAME']}"
        host = self.settings.get("HOST") or "localhost"
        port = self.settings.get("PORT") or 5432
        return f"PostgreSQL database {self.settings['NAME']} on {host}:{port}"


def current_database() -> Database:
    """The app's default database (Django must be set up)."""
    from django.conf import settings

    config = dict(settings.DATABASES["default"])
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return Database("sqlite", config)
    if engine.startswith("django.db.backends.postgresql"):
        return Database("postgresql", config)
    raise BackupError(f"cannot back up a database of engine {engine}: SQLite or PostgreSQL only")


def backup_database(*, to: Path, force: bool = False) -> Database:
    """Write a backup of the app's database to ``to`` (0600, complete or not at all)."""
    database = current_database()
    target = Path(to)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name for the backup")
    if target.exists() and not force:
        raise BackupError(f"{target} exists; refusing to replace it (--force replaces it)")
    if not target.parent.is_dir():
        raise BackupError(f"cannot write {target}: the folder {target.parent} does not exist")
    clean_stale_siblings(target.parent)
    tmp = sibling(target, "new")
    try:
        private_file(tmp)
        if database.engine == "sqlite":
            _sqlite_backup(database, tmp)
        else:
            _pg_dump(database, tmp)
        fsync_file(tmp)
        tmp.replace(target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
        for companion in ("-journal", "-wal", "-shm"):
            tmp.with_name(tmp.name + companion).unlink(missing_ok=True)
    return database


def restore_database(*, source: Path, force: bool = False) -> Database:
    """Replace the app's database with the backup at ``source``."""
    database = current_database()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    kind = _backup_kind(source)
    if kind is None:
        raise BackupError(f"{source} is not a Coxswain backup; nothing was restored")
    if kind != database.engine:
        raise BackupError(
            f"{source} is a backup of a {_NAMES[kind]} database and the app's database is "
            f"{_NAMES[database.engine]}; nothing was restored"
        )
    if kind == "sqlite":
        _check_sqlite_backup(source)
    else:
        _check_pg_backup(source, database)
    holds = _holds_data()
    if holds and not force:
        raise BackupError(
            f"the {database.label} already holds {holds}; refusing to overwrite it "
            "(--force replaces everything in it with the backup)"
        )
    from django.db import connections

    connections.close_all()
    if kind == "sqlite":
        _sqlite_restore(source, database)
    else:
        _pg_restore(source, database)
    return database


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _backup_kind(path: Path) -> str | None:
    with path.open("rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head == SQLITE_HEADER:
        return "sqlite"
    if head.startswith(PG_HEADER):
        return "postgresql"
    return None


def _holds_data() -> str | None:
    """What the app's database holds that a restore would destroy (None when nothing)."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError, connection

    from coxswain.web.accounts.models import Organisation

    try:
        tables = set(connection.introspection.table_names())
        found = []
        for model, what in ((Organisation, "organisations"), (get_user_model(), "users")):
            if model._meta.db_table in tables and model._default_manager.exists():
                found.append(what)
    except DatabaseError as exc:
        raise BackupError(f"cannot read the database: {exc}") from None
    return " and ".join(found) or None


# ----------------------------------------------------------------------------- SQLite


def _connect_existing(name: str) -> sqlite3.Connection:
    if not Path(name).is_file():
        raise BackupError(f"no SQLite database at {name}")
    return sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=rw", uri=True, timeout=30)


def _sqlite_backup(database: Database, tmp: Path) -> None:
    source = _connect_existing(str(database.settings["NAME"]))
    copy = sqlite3.connect(tmp)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        columns = "format INTEGER, coxswain TEXT, created TEXT, engine TEXT"
        copy.execute(f"CREATE TABLE {MARKER_TABLE} ({columns})")
        copy.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (?, ?, ?, ?)",
            (FORMAT, __version__, dt.datetime.now(dt.UTC).isoformat(), "sqlite"),
        )
        copy.commit()
    except sqlite3.Error as exc:
        raise BackupError(f"the backup of {database.label} failed: {exc}") from None
    finally:
        copy.close()
        source.close()


def _check_sqlite_backup(path: Path) -> None:
    try:
        backup = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master")}
            marker = (
                backup.execute(f"SELECT format FROM {MARKER_TABLE}").fetchone()
                if MARKER_TABLE in tables
                else None
            )
        finally:
            backup.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"{path} cannot be read as a backup ({exc}); nothing was restored"
        ) from None
    if marker is None or not all(t in tables for t in REQUIRED_TABLES):
        raise BackupError(f"{path} is not a Coxswain backup; nothing was restored")
    if marker[0] != FORMAT:
        raise BackupError(f"{path} is a backup of format {marker[0]}; this version reads {FORMAT}")


def _sqlite_restore(source: Path, database: Database) -> None:
    name = str(database.settings["NAME"])
    private_file(Path(name))
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(name, timeout=30)
    try:
        backup.backup(target)  # one transaction: the whole backup or the database as it was
        target.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        target.commit()
        target.execute("PRAGMA journal_mode=WAL")  # as the app runs it
    except sqlite3.Error as exc:
        raise BackupError(f"the restore into {database.label} failed: {exc}") from None
    finally:
        target.close()
        backup.close()
    private_file(Path(name))


# ----------------------------------------------------------------------------- PostgreSQL


def _pg_env(database: Database) -> dict[str, str]:
    s = database.settings
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if s.get(key):
            env[var] = str(s[key])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    env["PGDATABASE"] = str(s["NAME"])
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if (s.get("OPTIONS") or {}).get(option):
            env[var] = str(s["OPTIONS"][option])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) of the server's version or newer"
        )
    return path


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout


def _pg_dump(database: Database, tmp: Path) -> None:
    args = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*args, f"--file={tmp}"], _pg_env(database), f"pg_dump of {database.label}")


def _check_pg_backup(path: Path, database: Database) -> None:
    listing = _run(
        [_pg_tool("pg_restore"), "--list", str(path)],
        _pg_env(database),
        f"reading {path} as a backup",
    )
    if not all(f" TABLE public {t} " in listing for t in REQUIRED_TABLES):
        raise BackupError(f"{path} is not a Coxswain backup; nothing was restored")


def _pg_restore(source: Path, database: Database) -> None:
    args = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # the whole backup or the database as it was
        "--exit-on-error",
        f"--dbname={database.settings['NAME']}",
        str(source),
    ]
    _run(args, _pg_env(database), f"pg_restore into {database.label}")
