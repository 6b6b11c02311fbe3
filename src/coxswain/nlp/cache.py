"""A cache of values computed from text, keyed by a salted hash of the text.

The text itself is never stored: a key is ``blake2b(text, key=salt, person=namespace)``,
and the salt is a random secret made once per cache folder (file ``salt``). The folder is
made 0700 and its files 0600 (:mod:`coxswain.fileperms`): readable by their owner only.
Without the salt a key cannot be checked against a guessed text, so the cache reveals
neither the messages nor which messages were scored.

Values are bytes (a float32 vector, a packed score) in one SQLite file per folder,
``cache.sqlite3``; SQLite handles concurrent readers and writers. The folder is
``$COXSWAIN_CACHE_DIR``, else ``$XDG_CACHE_HOME/coxswain``, else ``~/.cache/coxswain``;
``COXSWAIN_CACHE=off`` turns the disk cache off (values then live in memory for the
life of the process only).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from coxswain.fileperms import narrow, private_dir, private_file

SALT_BYTES = 32
KEY_BYTES = 20


def default_cache_dir() -> Path | None:
    """The cache folder to use, or ``None`` when the disk cache is turned off."""
    if os.environ.get("COXSWAIN_CACHE", "").lower() in {"off", "0", "no", "false"}:
        return None
    if explicit := os.environ.get("COXSWAIN_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coxswain"


def _load_salt(folder: Path) -> bytes:
    private_dir(folder)
    path = folder / "salt"
    try:
        salt = path.read_bytes()
        if len(salt) == SALT_BYTES:
            narrow(path)  # one written by an older version may be readable by others
            return salt
    except FileNotFoundError:
        pass
    salt = secrets.token_bytes(SALT_BYTES)
    # Create it readable by the owner only; if another process won the race, use theirs.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        existing = path.read_bytes()
        if len(existing) == SALT_BYTES:
            return existing
        raise
    with os.fdopen(fd, "wb") as f:
        f.write(salt)
    return salt


class TextCache:
    """Bytes values under salted hashes of text, in memory and (optionally) on disk.

    ``namespace`` separates uses (``vader-3.3.2``, ``minilm-int8``), so that a model
    change never serves stale values: put the model version in it.
    """

    def __init__(self, *, namespace: str, folder: Path | str | None = "default") -> None:
        if folder == "default":
            folder = default_cache_dir()
        self.namespace = namespace
        self.folder = Path(folder) if folder is not None else None
        self._person = hashlib.blake2b(namespace.encode(), digest_size=16).digest()
        self._memory: dict[bytes, bytes] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._salt = secrets.token_bytes(SALT_BYTES)
        if self.folder is not None:
            try:
                self._salt = _load_salt(self.folder)
                # 0600 before SQLite opens it; its -wal and -shm files take the same mode
                database = private_file(self.folder / "cache.sqlite3")
                self._db = sqlite3.connect(database, timeout=30, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
                )
                self._db.commit()
            except (OSError, sqlite3.Error) as error:
                # an unwritable cache must not stop an analysis: keep values in memory
                warnings.warn(
                    f"coxswain: cache folder {self.folder} unusable ({error}); caching in memory",
                    RuntimeWarning,
                    stacklevel=2,
                )
                self._salt = secrets.token_bytes(SALT_BYTES)
                self.folder, self._db = None, None

    def key(self, text: str) -> bytes:
        return hashlib.blake2b(
            text.encode("utf-8", "surrogatepass"),
            key=self._salt,
            person=self._person,
            digest_size=KEY_BYTES,
        ).digest()

    def keys(self, texts: Iterable[str]) -> list[bytes]:
        return [self.key(t) for t in texts]

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The cached values of those ``keys`` that have one."""
        found = {k: self._memory[k] for k in keys if k in self._memory}
        missing = [k for k in keys if k not in found]
        if self._db is not None and missing:
            with self._lock:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk
                    ).fetchall()
                    for key, value in rows:
                        found[bytes(key)] = bytes(value)
                        self._memory[bytes(key)] = bytes(value)
        return found

    def put_many(self, items: Mapping[bytes, bytes]) -> None:
        self._memory.update(items)
        if self._db is not None and items:
            with self._lock:
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", items.items()
                )
                self._db.commit()

    def __len__(self) -> int:
        if self._db is not None:
            with self._lock:
                (n,) = self._db.execute("SELECT COUNT(*) FROM entries").fetchone()
            return int(n)
        return len(self._memory)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
