"""Files that hold secrets or copies of people's data: readable by their owner only.

The score cache (its salt and its keyed hashes), the web app's SQLite database (password
hashes, tokens, everyone's data) and its backups are created 0600 in folders created 0700,
and an existing one found readable by others is narrowed to that. Creation goes through
``os.open(..., 0o600)``, so the file is never readable by others, not even for an instant.
(``.coxswain/salt`` is written by :mod:`coxswain.privacy` in the same way.)
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents of it) 0700; narrow it if it was wider."""
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=DIR_MODE)
    narrow(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and 0600 if missing (its folder 0700 if missing); narrow an
    existing one, and its SQLite companions (``-wal``, ``-shm``, ``-journal``), to 0600."""
    if not path.parent.is_dir():
        private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    for candidate in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        if candidate.exists():
            narrow(candidate, FILE_MODE)
    return path


def narrow(path: Path, mode: int = FILE_MODE) -> None:
    """Take away any permission beyond ``mode`` (a file another user owns is left alone)."""
    with contextlib.suppress(OSError):  # not ours to change (another owner): leave it
        if path.stat().st_mode & 0o777 & ~mode:
            path.chmod(mode)
