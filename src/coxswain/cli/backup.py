"""``coxswain backup`` and ``coxswain restore``: the web app's database to a file and back."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

from coxswain.cli.app import app

DATABASE_OPTION = typer.Option(
    Path("var/coxswain.sqlite3"), "--database", help="SQLite file (DATABASE_URL overrides)."
)


def _setup(database: Path, *, create: bool = False) -> None:
    os.environ.setdefault("COXSWAIN_DB", str(database))
    from coxswain.cli.serve import _django, private_database

    if create:  # restoring into a new SQLite file: made 0600 in a 0700 folder
        private_database()
    _django(None)


@app.command()
def backup(
    file: Path = typer.Argument(..., help="The backup file to write."),
    database: Path = DATABASE_OPTION,
    force: bool = typer.Option(False, "--force", help="Replace an existing file at FILE."),
) -> None:
    """Back up the web app's database to one file, while the app runs.

    SQLite: SQLite's online backup API; PostgreSQL (DATABASE_URL): pg_dump's custom format.
    The file holds everyone's data and password hashes: it is written readable by you only
    (0600); keep it as safe as the database.

    Examples:

      coxswain backup backups/coxswain-$(date +%F).backup

      DATABASE_URL=postgres://coxswain@127.0.0.1/coxswain coxswain backup nightly.backup
    """
    from coxswain.web.backup import BackupError, backup_database

    _setup(database)
    try:
        db = backup_database(to=file, force=force)
    except BackupError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(str(exc), markup=False)
        raise typer.Exit(1) from None
    Console(highlight=False, soft_wrap=True).print(f"Backed up the {db.label} to {file}")


@app.command()
def restore(
    file: Path = typer.Argument(..., help="A backup written by coxswain backup."),
    database: Path = DATABASE_OPTION,
    force: bool = typer.Option(
        False,
        "--force",
        help="Restore into a database that already holds organisations or users. RISK: "
        "everything in it is replaced by the backup.",
    ),
) -> None:
    """Restore the web app's database from a backup (stop coxswain serve first).

    Refuses a file that is not a backup of this kind of database, and a database that
    already holds data unless --force; nothing is changed then. The restore is one
    transaction: the whole backup, or the database as it was. Start coxswain serve
    afterwards: it brings an older backup's tables up to date.

    Examples:

      coxswain restore backups/coxswain-2026-05-01.backup --database var/coxswain.sqlite3
    """
    from coxswain.web.backup import BackupError, restore_database

    _setup(database, create=True)
    try:
        db = restore_database(source=file, force=force)
    except BackupError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(str(exc), markup=False)
        raise typer.Exit(1) from None
    Console(highlight=False, soft_wrap=True).print(f"Restored the {db.label} from {file}")
