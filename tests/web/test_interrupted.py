"""Interrupted analyses: a run whose worker is gone (killed, machine stopped) is marked failed
with the reason, at start-up and by the periodic sweep, and the dashboard never waits on it."""

from __future__ import annotations

import datetime as dt
import signal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from coxswain.web.insights import services
from coxswain.web.insights.models import AnalysisRun, RunStatus
from tests.web import workers

STALE = dt.timedelta(minutes=5)


def _running(org, *, heartbeat, worker="host-1") -> AnalysisRun:  # type: ignore[no-untyped-def]
    return AnalysisRun.objects.create(
        org=org,
        status=RunStatus.running,
        progress=30,
        stage="analysing",
        worker=worker,
        heartbeat=heartbeat,
    )


@pytest.mark.django_db
def test_the_sweep_fails_a_run_whose_heartbeat_is_stale_and_keeps_a_live_one(tenant) -> None:
    dead = _running(tenant.org, heartbeat=timezone.now() - STALE)
    alive = _running(tenant.org, heartbeat=timezone.now())
    assert services.sweep_interrupted_runs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == RunStatus.failed
    assert dead.stage == "the analysis was interrupted (server stopped); analyse again"
    assert dead.finished is not None
    assert alive.status == RunStatus.running
    assert services.sweep_interrupted_runs() == 0  # done once


@pytest.mark.django_db
def test_a_restarted_worker_fails_the_runs_it_had_taken_at_once(tenant) -> None:
    mine = _running(tenant.org, heartbeat=timezone.now(), worker="serve-box")
    other = _running(tenant.org, heartbeat=timezone.now(), worker="host-2")
    assert services.sweep_interrupted_runs(dead_workers=("serve-box",)) == 1
    assert AnalysisRun.objects.for_org(tenant.org).get(pk=mine.pk).status == RunStatus.failed
    assert AnalysisRun.objects.for_org(tenant.org).get(pk=other.pk).status == RunStatus.running


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_a_queued_run_whose_queue_entry_is_lost_or_dead_is_failed(tenant) -> None:
    """With the database queue of production: a run queued long ago whose entry is missing,
    or was taken long ago by a worker that never started the run, is failed; one whose entry
    still waits for a worker stays queued."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from coxswain.web.insights.tasks import run_analysis

    long_ago = timezone.now() - STALE
    with override_settings(TASKS=DB_TASKS):
        lost = AnalysisRun.objects.create(org=tenant.org, task_id="")
        waiting = AnalysisRun.objects.create(
            org=tenant.org, task_id=str(run_analysis.enqueue(0).id)
        )
        taken = AnalysisRun.objects.create(org=tenant.org, task_id=str(run_analysis.enqueue(0).id))
        DBTaskResult.objects.filter(id=taken.task_id).update(status="RUNNING", started_at=long_ago)
        AnalysisRun.objects.for_org(tenant.org).update(created=long_ago)
        assert services.sweep_interrupted_runs() == 2
        status = dict(AnalysisRun.objects.for_org(tenant.org).values_list("pk", "status"))
        assert status == {lost.pk: "failed", waiting.pk: "queued", taken.pk: "failed"}
        assert AnalysisRun.objects.for_org(tenant.org).get(pk=lost.pk).stage == (
            "the analysis was never started (its queue entry was lost); analyse again"
        )
        # the dead worker's queue entry is closed too
        assert DBTaskResult.objects.get(id=taken.task_id).status == "FAILED"


@pytest.mark.django_db
def test_the_dashboard_shows_why_instead_of_spinning(tenant, login) -> None:
    run = _running(tenant.org, heartbeat=timezone.now() - STALE)
    c = login(tenant.manager)
    page = c.get(reverse("insights:dashboard")).content.decode()
    assert "interrupted (server stopped); analyse again" in page
    assert 'hx-trigger="every 1s"' not in page  # no more polling
    status = c.get(reverse("insights:run_status", args=[run.pk])).content.decode()
    assert "interrupted (server stopped)" in status


@pytest.mark.django_db
def test_the_status_poll_itself_notices_a_dead_worker(tenant, login) -> None:
    """The polled partial sweeps too: the page stops polling even with no sweeper running."""
    run = _running(tenant.org, heartbeat=timezone.now() - STALE)
    c = login(tenant.manager)
    status = c.get(reverse("insights:run_status", args=[run.pk])).content.decode()
    assert "The analysis failed" in status and "hx-get" not in status


@pytest.mark.django_db
def test_a_run_delivered_twice_runs_once(tenant) -> None:
    run = services.start_analysis(org=tenant.org, user=tenant.manager.user)
    run = AnalysisRun.objects.for_org(tenant.org).get(pk=run.pk)
    assert run.status == RunStatus.done and run.attempts == 1
    finished = run.finished
    services.execute_run(run_id=run.pk, worker="late")  # the queue hands it out again
    run.refresh_from_db()
    assert run.attempts == 2 and run.finished == finished and run.worker != "late"


@pytest.mark.slow
def test_a_worker_killed_mid_run_leaves_the_run_failed_with_the_reason(tmp_path: Path) -> None:
    """A real worker process, slowed in the analysing stage, is killed with SIGKILL; started
    again under its id, it marks the run it had taken failed, and takes the next one."""
    database = str(tmp_path / "db.sqlite3")
    env = workers.child_env(database, COXSWAIN_TEST_ANALYSIS_DELAY="60")
    workers.queue_analyses(env, runs=1)
    log = tmp_path / "worker.log"
    worker = workers.start_worker(env, "box-1", log)
    try:
        workers.wait_for(
            lambda: workers.runs(database)[0]["stage"] == "analysing",
            seconds=60,
            what="the worker taking the run",
            logs=[log],
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        assert workers.runs(database)[0]["status"] == "running"  # what the user saw, forever
        worker = workers.start_worker(env | {"COXSWAIN_TEST_ANALYSIS_DELAY": "0"}, "box-1", log)
        run = workers.wait_for(
            lambda: [r for r in workers.runs(database) if r["status"] == "failed"],
            seconds=60,
            what="the restarted worker failing the interrupted run",
            logs=[log],
        )[0]
        assert run["stage"] == "the analysis was interrupted (server stopped); analyse again"
        assert run["attempts"] == 1
    finally:
        worker.kill()
        worker.wait(10)
    assert Path(database).stat().st_mode & 0o777 == 0o600  # the worker keeps the file private


@pytest.mark.slow
def test_serve_killed_mid_run_shows_the_run_failed_after_restart(tmp_path: Path) -> None:
    """The issue's case: kill -9 of `coxswain serve` during an analysis; after the restart
    the run is failed with the reason at once, not "analysing 30%" forever."""
    import socket
    import subprocess

    database = str(tmp_path / "db.sqlite3")
    env = workers.child_env(database, COXSWAIN_TEST_ANALYSIS_DELAY="60")
    workers.queue_analyses(env, runs=1)
    log = tmp_path / "serve.log"

    def serve(env: dict[str, str]) -> subprocess.Popen[bytes]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with log.open("ab") as out:
            return subprocess.Popen(
                [*workers.CLI, "serve", "--port", str(port), "--database", database],
                env=env | {"COXSWAIN_RUN_STALE_SECONDS": "3600"},  # no help from heartbeats
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    server = serve(env)
    try:
        workers.wait_for(
            lambda: workers.runs(database)[0]["stage"] == "analysing",
            seconds=60,
            what="serve's worker taking the run",
            logs=[log],
        )
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        server = serve(env)
        run = workers.wait_for(
            lambda: workers.runs(database)[0]["status"] == "failed" and workers.runs(database)[0],
            seconds=60,
            what="the restarted server failing the interrupted run",
            logs=[log],
        )
        assert run["stage"] == "the analysis was interrupted (server stopped); analyse again"
    finally:
        server.kill()
        server.wait(10)
