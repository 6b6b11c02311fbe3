"""Helpers for tests that run real `coxswain worker` processes against a database file or a
PostgreSQL database: set the database up and queue analyses in a child process (the test
process keeps its own test database), start and kill workers, read the runs back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CLI = [sys.executable, "-c", "from coxswain.cli import app; app()"]

TINY_COMPANY = """\
format: 1
name: Tiny
objectives:
  - id: grow
    name: Grow
    perspective: financial
kpis:
  - id: sales
    name: Sales
    objective: grow
    direction: up
    target: 10
"""
TINY_KPIS = "date,kpi,value\n2026-01-31,sales,5\n2026-02-28,sales,6\n2026-03-31,sales,7\n"


def child_env(database: str, **extra: str) -> dict[str, str]:
    """The environment of a child process on ``database`` (a SQLite path or a postgres URL),
    without the test settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COXSWAIN_TESTING", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    if database.startswith("postgres"):
        env["DATABASE_URL"] = database
    else:
        env["COXSWAIN_DB"] = database
    return env | extra


def queue_analyses(env: dict[str, str], *, runs: int) -> None:
    """Migrate the database, create one organisation with a tiny workbook and queue ``runs``
    analyses of it (the limit of concurrent analyses lifted for this)."""
    script = textwrap.dedent(
        f"""
        import io, zipfile, tempfile, pathlib
        import django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", interactive=False, verbosity=0)
        from coxswain.web.accounts import services as accounts
        from coxswain.web.insights import services
        from coxswain.web.workbook_io import store_workbook
        from coxswain.workbook.read import read_workbook
        owner = accounts.sign_up(username="o", email="", password="x" * 20, company="Tiny")
        with tempfile.TemporaryDirectory() as tmp:
            folder = pathlib.Path(tmp)
            (folder / "company.yaml").write_text({TINY_COMPANY!r})
            (folder / "kpi_values.csv").write_text({TINY_KPIS!r})
            store_workbook(owner.org, read_workbook(folder))
        for _ in range({runs}):
            services.start_analysis(org=owner.org, user=owner.user)
        """
    )
    subprocess.run(
        [sys.executable, "-c", script],
        env=env
        | {"DJANGO_SETTINGS_MODULE": "coxswain.web.settings"}
        | {"COXSWAIN_MAX_CONCURRENT_ANALYSES": str(runs + 1)},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_worker(env: dict[str, str], worker_id: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [*CLI, "worker", "--worker-id", worker_id, "--interval", "0.2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def runs(database: str) -> list[dict[str, Any]]:
    """Every analysis run: id, status, stage, worker, attempts."""
    sql = "SELECT id, status, stage, worker, attempts FROM insights_analysisrun ORDER BY id"
    keys = ("id", "status", "stage", "worker", "attempts")
    if database.startswith("postgres"):
        import psycopg

        with psycopg.connect(database) as conn:
            rows = conn.execute(sql).fetchall()
    else:
        conn = sqlite3.connect(database, timeout=20)
        try:
            rows = conn.execute(sql).fetchall()
        finally:
            conn.close()
    return [dict(zip(keys, row, strict=True)) for row in rows]


def wait_for(check: Callable[[], Any], *, seconds: float, what: str, logs: list[Path] = ()) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    text = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    raise AssertionError(f"{what} did not happen within {seconds} s\n{text}")
