"""``coxswain backup`` / ``coxswain restore``: a restored database gives the same analysis.

Each step runs in its own process on a database file (or PostgreSQL database) of its own, as an
owner would run them; the test database of the other web tests is not involved. The SQLite
case always runs; the PostgreSQL case when ``DATABASE_URL`` names PostgreSQL or a server
answers on 127.0.0.1:5432 (user postgres) and pg_dump is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import workbook_zip

AS_OF = "2026-04-30"

SEED = """
import datetime as dt, json, sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from coxswain.web.accounts.services import sign_up
from coxswain.web.insights.models import AnalysisRun
from coxswain.web.insights.services import start_analysis
from coxswain.web.workbook_io import store_workbook
from coxswain.workbook.read import read_workbook
owner = sign_up(username="owner", email="o@example.com", password="correct horse 42 battery",
                company="Crust & Crumb Bakery")
store_workbook(owner.org, read_workbook(Path(sys.argv[1])))
start_analysis(org=owner.org, user=owner.user, as_of=dt.date.fromisoformat(sys.argv[2]))
"""

ANALYSE = """
import datetime as dt, json, sys
import django
django.setup()
from coxswain.web.accounts.models import Organisation
from coxswain.web.insights.models import AnalysisRun
from coxswain.web.insights.services import _json_roundtrip, analyze_org
org = Organisation.objects.get()
stored = AnalysisRun.objects.for_org(org).get()
fresh = _json_roundtrip(analyze_org(org=org, as_of=dt.date.fromisoformat(sys.argv[1])))
print(json.dumps({"status": stored.status, "stored": stored.result, "fresh": fresh,
                  "salt": org.privacy_salt}))
"""


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def python(script: str, *args: str, env: dict[str, str], cwd: Path) -> str:
    done = run([sys.executable, "-c", textwrap.dedent(script), *args], env, cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def coxswain(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "coxswain", *args], env, cwd)


def base_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "COXSWAIN_DB", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="coxswain.web.settings",
        COXSWAIN_TESTING="1",  # the analysis task runs at once, in the seeding process
        COXSWAIN_CACHE="off",
    )
    return env


def check_round_trip(
    tmp_path: Path, source_env: dict[str, str], fresh_env: dict[str, str], extra: list[str]
) -> None:
    """Seed, back up, restore into an empty database, analyse: the same result."""
    if "COXSWAIN_DB" in source_env:
        Path(source_env["COXSWAIN_DB"]).parent.mkdir(exist_ok=True)
    wb = tmp_path / "bakery.zip"
    wb.write_bytes(workbook_zip())
    python(SEED, str(wb), AS_OF, env=source_env, cwd=tmp_path)
    before = json.loads(python(ANALYSE, AS_OF, env=source_env, cwd=tmp_path))
    assert before["status"] == "done" and before["stored"]["findings"]

    backup = tmp_path / "nightly.backup"
    done = coxswain("backup", str(backup), *extra[:2], env=source_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".coxswain-tmp-")] == []

    done = coxswain("restore", str(backup), *extra[2:], env=fresh_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = json.loads(python(ANALYSE, AS_OF, env=fresh_env, cwd=tmp_path))
    assert after == before  # the stored run, a new analysis, and the pseudonym salt
    assert after["fresh"]["alignment_index"] == before["stored"]["alignment_index"]
    ids = [f["id"] for f in after["fresh"]["findings"]]
    assert ids == [f["id"] for f in before["stored"]["findings"]] and ids

    # now the fresh database holds data: a second restore must be forced
    done = coxswain("restore", str(backup), *extra[2:], env=fresh_env, cwd=tmp_path)
    assert done.returncode == 1
    assert "already holds organisations and users" in done.stderr and "--force" in done.stderr
    done = coxswain("restore", str(backup), *extra[2:], "--force", env=fresh_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(python(ANALYSE, AS_OF, env=fresh_env, cwd=tmp_path)) == before


def test_sqlite_backup_restore_gives_the_same_analysis(tmp_path: Path) -> None:
    env = base_env()
    source, fresh = tmp_path / "var" / "live.sqlite3", tmp_path / "restored" / "db.sqlite3"
    check_round_trip(
        tmp_path,
        {**env, "COXSWAIN_DB": str(source)},
        {**env, "COXSWAIN_DB": str(fresh)},
        ["--database", str(source), "--database", str(fresh)],
    )
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    env = {**base_env(), "COXSWAIN_DB": str(tmp_path / "db.sqlite3")}
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")
    other = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    for path in (notes, other, tmp_path / "missing.backup"):
        done = coxswain("restore", str(path), env=env, cwd=tmp_path)
        assert done.returncode == 1, done.stdout
        assert "not a Coxswain backup" in done.stderr or "no such backup" in done.stderr
        assert "Traceback" not in done.stderr
    # nor does backup overwrite a file that is there
    done = coxswain("backup", str(notes), env=env, cwd=tmp_path)
    assert done.returncode == 1 and "--force" in done.stderr
    assert notes.read_text() == "not a backup"


# ----------------------------------------------------------------------------- PostgreSQL


def _postgres_server() -> str | None:
    """The server URL (without database) to make scratch databases on, or None."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0]
    if shutil.which("pg_dump") is None or shutil.which("pg_isready") is None:
        return None
    ready = subprocess.run(
        ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False, timeout=10
    )
    return "postgres://postgres@127.0.0.1:5432" if ready.returncode == 0 else None


@pytest.fixture
def scratch_postgres() -> Iterator[tuple[str, str]]:
    server = _postgres_server()
    if server is None:
        pytest.skip(
            "no PostgreSQL here (DATABASE_URL not postgres, nor a server on 127.0.0.1:5432)"
        )
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    import psycopg

    names = [f"coxswain_backup_{uuid.uuid4().hex[:10]}_{n}" for n in ("src", "dst")]
    admin: Any = psycopg.connect(f"{server}/postgres", autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{server}/{names[0]}", f"{server}/{names[1]}"
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_postgres_backup_restore_gives_the_same_analysis(
    tmp_path: Path, scratch_postgres: tuple[str, str]
) -> None:
    source, fresh = scratch_postgres
    env = base_env()
    check_round_trip(tmp_path, {**env, "DATABASE_URL": source}, {**env, "DATABASE_URL": fresh}, [])
    # a SQLite backup is not restored into PostgreSQL
    sqlite_env = {**env, "COXSWAIN_DB": str(tmp_path / "db.sqlite3")}
    python(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)",
        env=sqlite_env,
        cwd=tmp_path,
    )
    assert (
        coxswain("backup", str(tmp_path / "lite.backup"), env=sqlite_env, cwd=tmp_path).returncode
        == 0
    )
    done = coxswain(
        "restore",
        str(tmp_path / "lite.backup"),
        "--force",
        env={**env, "DATABASE_URL": fresh},
        cwd=tmp_path,
    )
    assert done.returncode == 1 and "is a backup of a SQLite database" in done.stderr
