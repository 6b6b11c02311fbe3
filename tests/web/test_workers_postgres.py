"""Scale-out on PostgreSQL: two `coxswain worker` processes (django-tasks-db's worker) drain
one queue without running anything twice, and a worker killed mid-run leaves its run failed
with the reason within a minute. Needs PostgreSQL at 127.0.0.1:5432 (user postgres), or the
server of DATABASE_URL; each test makes its own database and drops it."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web import workers

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


@pytest.fixture
def database() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    server = _server()
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {server} ({exc}); these tests need it")
    name = f"coxswain_workers_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _executions(database: str) -> dict[str, int]:
    """How many workers took each queue entry (django-tasks-db records each one)."""
    import psycopg

    sql = "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult"
    with psycopg.connect(database) as conn:
        rows = conn.execute(sql).fetchall()
    return {str(pk): len(ids) for pk, ids in rows}


def test_two_workers_drain_fifty_analyses_and_none_runs_twice(
    database: str, tmp_path: Path
) -> None:
    env = workers.child_env(database)
    workers.queue_analyses(env, runs=50)
    logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
    procs = [workers.start_worker(env, f"w{i + 1}", log) for i, log in enumerate(logs)]
    try:
        workers.wait_for(
            lambda: all(r["status"] == "done" for r in workers.runs(database)),
            seconds=240,
            what="two workers finishing 50 analyses",
            logs=logs,
        )
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(30)
    runs = workers.runs(database)
    assert len(runs) == 50
    assert [r["attempts"] for r in runs] == [1] * 50  # each run started once
    assert {r["worker"] for r in runs} <= {"w1", "w2"}
    executions = _executions(database)
    assert len(executions) == 50 and set(executions.values()) == {1}  # each entry taken once


def test_a_worker_killed_mid_run_leaves_its_run_failed_within_a_minute(
    database: str, tmp_path: Path
) -> None:
    # Heartbeats every second, stale after six: the defaults (10 and 45, sweep every 10 s)
    # also stay within the minute, more slowly.
    fast = {
        "COXSWAIN_RUN_HEARTBEAT_SECONDS": "1",
        "COXSWAIN_RUN_STALE_SECONDS": "6",
        "COXSWAIN_RUN_SWEEP_SECONDS": "1",
    }
    env = workers.child_env(database, **fast)
    workers.queue_analyses(env, runs=2)
    logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
    slow = workers.start_worker(env | {"COXSWAIN_TEST_ANALYSIS_DELAY": "120"}, "w1", logs[0])
    other = None
    try:
        first = workers.wait_for(
            lambda: [r for r in workers.runs(database) if r["stage"] == "analysing"],
            seconds=60,
            what="worker w1 taking a run",
            logs=logs,
        )[0]
        slow.send_signal(signal.SIGKILL)
        slow.wait(10)
        killed = time.monotonic()
        other = workers.start_worker(env, "w2", logs[1])

        def settled() -> list[dict[str, object]] | None:
            rs = workers.runs(database)
            return rs if {r["status"] for r in rs} == {"failed", "done"} else None

        runs = workers.wait_for(
            settled,
            seconds=60,
            what="the other worker failing the killed worker's run",
            logs=logs,
        )
        assert time.monotonic() - killed < 60
    finally:
        for p in (slow, other):
            if p is not None:
                p.kill()
                p.wait(10)
    by_id = {r["id"]: r for r in runs}
    failed = by_id[first["id"]]
    assert failed["status"] == "failed" and failed["worker"] == "w1"
    assert failed["stage"] == "the analysis was interrupted (server stopped); analyse again"
    (done,) = (r for r in runs if r["id"] != first["id"])
    assert done["status"] == "done" and done["worker"] == "w2"
