from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coxswain.nlp.cache import TextCache


def test_keys_are_salted_hashes_and_the_text_is_never_stored(tmp_path: Path) -> None:
    secret = "Anna is leaving the company next month"
    cache = TextCache(namespace="t", folder=tmp_path)
    cache.put_many({cache.key(secret): b"\x01\x02"})
    cache.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert secret.encode() not in stored
    assert b"Anna" not in stored
    salt = tmp_path / "salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600
    # another folder has another salt, so the same text has another key
    other = TextCache(namespace="t", folder=tmp_path / "other")
    assert other.key(secret) != TextCache(namespace="t", folder=tmp_path).key(secret)


def test_values_survive_a_new_process_and_namespaces_are_separate(tmp_path: Path) -> None:
    first = TextCache(namespace="a", folder=tmp_path)
    first.put_many({first.key("hello"): b"v1"})
    first.close()
    again = TextCache(namespace="a", folder=tmp_path)
    assert again.get_many([again.key("hello")]) == {again.key("hello"): b"v1"}
    assert again.get_many([again.key("other")]) == {}
    other_ns = TextCache(namespace="b", folder=tmp_path)
    assert other_ns.get_many([other_ns.key("hello")]) == {}


def test_memory_only_cache(tmp_path: Path) -> None:
    cache = TextCache(namespace="a", folder=None)
    cache.put_many({cache.key("x"): b"1"})
    assert cache.get_many([cache.key("x")]) == {cache.key("x"): b"1"}
    assert len(cache) == 1


def test_an_unusable_folder_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(RuntimeWarning, match="caching in memory"):
        cache = TextCache(namespace="a", folder=blocker / "cache")
    cache.put_many({cache.key("x"): b"1"})
    assert cache.folder is None and cache.get_many([cache.key("x")]) == {cache.key("x"): b"1"}


def test_the_cache_folder_and_every_file_in_it_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "fresh" / "coxswain"
    cache = TextCache(namespace="a", folder=folder)
    cache.put_many({cache.key("hello"): b"1"})
    files = sorted(p.name for p in folder.iterdir())
    assert {"salt", "cache.sqlite3"} <= set(files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for p in folder.iterdir():  # the database's -wal and -shm too
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    cache.close()


def test_a_cache_left_readable_by_an_older_version_is_narrowed(tmp_path: Path) -> None:
    first = TextCache(namespace="a", folder=tmp_path / "c")
    first.put_many({first.key("x"): b"1"})
    first.close()
    for p in [tmp_path / "c", *(tmp_path / "c").iterdir()]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    again = TextCache(namespace="a", folder=tmp_path / "c")
    assert again.get_many([again.key("x")]) == {again.key("x"): b"1"}
    assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o700
    for p in (tmp_path / "c").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    again.close()
