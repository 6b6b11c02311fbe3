"""Every temporary file and folder Coxswain makes, in one place, under one recognisable name.

Temporary copies of a workbook hold names, e-mail addresses and survey text, so none may
outlive the work that made it, even when that work is killed (``kill -9``, a power cut).

Two kinds:

* **Private work folders** (an upload being read, a zip being extracted, a download being
  built): :func:`temp_dir`, :func:`temp_file` and :func:`built_file`, under
  :func:`temp_root`, i.e. ``<$COXSWAIN_TMPDIR or system temp>/coxswain-<uid>`` (mode
  0700, a real folder of ours, never a symbolic link), each named
  ``coxswain-tmp-<pid>-<kind>-<random>``. They are removed when the work ends, failed or
  not; :func:`clean_stale` removes those left by a killed process (its pid no longer runs,
  or the entry is older than a day) at the start of ``coxswain serve`` and of every CLI
  command. The web app's settings point Django's upload spool files
  (``FILE_UPLOAD_TEMP_DIR``) at its subfolder ``upload-spool``; those are removed once older
  than 30 minutes. Nothing else is ever removed.
* **Siblings of a target** (``coxswain export`` writes the new folder, zip or xlsx next to its
  target and renames it into place, so the target is always whole): :func:`sibling` names them
  ``.coxswain-tmp-<pid>-<role>-<random>-<target name>``; :func:`clean_stale_siblings` removes
  those of dead processes at the start of the next export or read, and puts back a target that
  a kill left moved aside (role ``old``) in the instant between two renames.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

PREFIX = "coxswain-tmp-"
SIBLING_PREFIX = f".{PREFIX}"
STALE_AFTER_SECONDS = 24 * 3600  # an entry this old is stale even if its pid is running again
OTHER_STALE_AFTER_SECONDS = 30 * 60  # Django's upload spool files, in upload_spool()
SPOOL = "upload-spool"


def _private_folder(path: Path) -> Path:
    """Create ``path`` (0700) if need be and make sure it is a real folder of ours, never a
    symbolic link (checked with ``lstat``) nor someone else's folder."""
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise PermissionError(
            f"{path} is a symbolic link: Coxswain keeps its temporary files only in a real "
            "folder of its own; remove the link or set COXSWAIN_TMPDIR elsewhere"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise PermissionError(f"{path} is not a folder; remove it or set COXSWAIN_TMPDIR elsewhere")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise PermissionError(
            f"{path} belongs to another user; set COXSWAIN_TMPDIR to a folder of yours"
        )
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path


def temp_root() -> Path:
    """The folder that holds Coxswain's private temporary work: always its own subfolder
    ``coxswain-<uid>`` (0700, owned by us) of ``$COXSWAIN_TMPDIR`` or the system's temp
    folder, which Coxswain neither changes nor sweeps."""
    explicit = os.environ.get("COXSWAIN_TMPDIR")
    base = Path(explicit) if explicit else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return _private_folder(base / f"coxswain-{uid}")


def upload_spool() -> Path:
    """The folder of Django's spool files of large uploads (``FILE_UPLOAD_TEMP_DIR``), inside
    :func:`temp_root`; its entries are removed once older than 30 minutes."""
    return _private_folder(temp_root() / SPOOL)


def _name(kind: str) -> str:
    return f"{PREFIX}{os.getpid()}-{kind}-{secrets.token_hex(6)}"


@contextlib.contextmanager
def temp_dir(kind: str) -> Iterator[Path]:
    """A private folder (0700) for ``kind`` of work, removed with its content afterwards."""
    path = temp_root() / _name(kind)
    path.mkdir(mode=0o700)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def temp_file(kind: str, *, suffix: str = "") -> Iterator[Path]:
    """A private file path (the file created empty, 0600), removed afterwards."""
    path = temp_root() / f"{_name(kind)}{suffix}"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def built_file(kind: str, *, suffix: str, build: Callable[[Path], object]) -> BinaryIO:
    """A file that ``build(path)`` writes, opened for reading and already gone from disk.

    For downloads: the response streams from the open handle and nothing is left behind, even
    if the process is killed (the system frees an unlinked file with its last handle). Where an
    open file cannot be unlinked (Windows) its bytes are read into memory instead."""
    with temp_dir(kind) as folder:
        path = folder / f"file{suffix}"
        build(path)
        handle: BinaryIO = path.open("rb")
        try:
            path.unlink()
        except OSError:
            with handle:
                handle = io.BytesIO(handle.read())
    return handle


def _pid_running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    except OSError as error:
        return error.errno != errno.ESRCH
    return True


def _owner_pid(name: str, prefix: str) -> int | None:
    head = name[len(prefix) :].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _is_stale(entry: Path, prefix: str, now: float) -> bool:
    pid = _owner_pid(entry.name, prefix)
    try:
        age = now - entry.lstat().st_mtime
    except FileNotFoundError:
        return False
    if age > STALE_AFTER_SECONDS:
        return True
    return pid is None or not _pid_running(pid)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink()


def clean_stale() -> list[Path]:
    """Remove private work left by killed processes; return what was removed.

    Only ``coxswain-tmp-`` entries of :func:`temp_root` and entries of :func:`upload_spool`
    are ever removed: anything else there is left alone."""
    try:
        root = temp_root()
    except OSError:
        return []
    now = time.time()
    removed: list[Path] = []
    for entry in root.iterdir():
        if entry.name.startswith(PREFIX) and _is_stale(entry, PREFIX, now):
            _remove(entry)
            removed.append(entry)
    spool = root / SPOOL
    try:
        spooled = list(upload_spool().iterdir()) if spool.exists() else []
    except OSError:
        spooled = []
    for entry in spooled:  # no pid in the name: stale once older than any request lasts
        try:
            stale = now - entry.lstat().st_mtime > OTHER_STALE_AFTER_SECONDS
        except FileNotFoundError:
            stale = False
        if stale:
            _remove(entry)
            removed.append(entry)
    return removed


def sibling(target: Path, role: str) -> Path:
    """A path next to ``target`` for a temporary ``role`` (``new``, ``old``) of it."""
    token = secrets.token_hex(4)
    return target.with_name(f"{SIBLING_PREFIX}{os.getpid()}-{role}-{token}-{target.name}")


def _sibling_parts(name: str) -> tuple[str, str] | None:
    """(role, target name) of a sibling's file name, or None."""
    parts = name[len(SIBLING_PREFIX) :].split("-", 3)
    if len(parts) != 4 or not parts[0].isdigit():
        return None
    return parts[1], parts[3]


def clean_stale_siblings(folder: Path) -> list[Path]:
    """Remove the temporary siblings that killed exports left in ``folder``.

    A target moved aside (``old``) whose place is empty is put back first, so a kill between
    the two renames of a replacement leaves the previous target, never nothing."""
    try:
        entries = [e for e in folder.iterdir() if e.name.startswith(SIBLING_PREFIX)]
    except OSError:
        return []
    now = time.time()
    removed: list[Path] = []
    for entry in sorted(entries):
        parts = _sibling_parts(entry.name)
        if not _is_stale(entry, SIBLING_PREFIX, now):
            continue
        if parts is not None and parts[0] == "old":
            target = folder / parts[1]
            if not target.exists() and not target.is_symlink():
                with contextlib.suppress(OSError):
                    entry.rename(target)
                    continue
        _remove(entry)
        removed.append(entry)
    return removed


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or creation in ``path`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
