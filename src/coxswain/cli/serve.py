"""``coxswain serve``: the web app (migrates the database first, runs the analysis worker and
the weekly nudges in threads of the same process) under waitress, a production WSGI server
that also runs on Windows; WhiteNoise serves the static files. The same command serves a
laptop and, behind an HTTPS proxy with ``--trusted-proxy``, a company server."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from coxswain.cli.app import app
from coxswain.fileperms import private_file


def private_database() -> None:
    """The SQLite database (password hashes, tokens, everyone's data) and its folder: created,
    or narrowed, to be readable by their owner only (0600, 0700)."""
    if not os.environ.get("DATABASE_URL"):
        private_file(Path(os.environ["COXSWAIN_DB"]))


def _django(settings: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings or "coxswain.web.settings")
    import django

    django.setup()


def _private_files() -> None:
    """Everything this process writes (the SQLite database and its journal, uploads' temporary
    files) is readable by its own user only."""
    os.umask(0o077)


def _serve_worker_id() -> str:
    """The worker id of ``coxswain serve``: the same after a restart on this machine, so that
    the start-up sweep knows the runs it had taken died with it."""
    import socket

    return f"serve-{socket.gethostname()}"[:64]


def _start_worker(worker_id: str) -> None:
    """The django-tasks database worker, in a daemon thread of this process."""
    import threading

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    threading.Thread(target=worker.run, name="coxswain-task-worker", daemon=True).start()


def _start_sweeper(worker_id: str) -> None:
    """Interrupted analyses: at start-up, the runs this worker id had taken are marked failed
    (they died with the previous process); then, every COXSWAIN_RUN_SWEEP_SECONDS, every run
    whose worker stopped sending heartbeats (docs/web.md, "Interrupted analyses")."""
    import logging
    import threading
    import time

    from django.conf import settings
    from django.db import close_old_connections

    from coxswain.web.backtests.services import sweep_interrupted_backtests
    from coxswain.web.insights.services import sweep_interrupted_runs

    sweep_interrupted_runs(dead_workers=(worker_id,))
    sweep_interrupted_backtests(dead_workers=(worker_id,))
    close_old_connections()

    def loop() -> None:
        while True:
            time.sleep(settings.COXSWAIN_RUN_SWEEP_SECONDS)
            try:
                sweep_interrupted_runs()
                sweep_interrupted_backtests()
            except Exception:  # keep the server up; the log says what failed
                logging.getLogger("coxswain.sweep").exception("the sweep failed")
            finally:
                close_old_connections()

    threading.Thread(target=loop, name="coxswain-sweeper", daemon=True).start()


def _start_nudges() -> None:
    """Weekly digests and check-in reminders: a daemon thread that checks every hour whether
    a week has passed since the last round (the rounds are recorded in the database, so a
    restart neither repeats nor skips a week)."""
    import logging
    import threading
    import time

    def loop() -> None:
        from django.db import close_old_connections

        from coxswain.web.insights.services import send_nudges_if_due

        while True:
            try:
                send_nudges_if_due()
                from coxswain.web.collab.services import retry_due_deliveries

                retry_due_deliveries()  # chat messages and webhook events waiting to be tried again
            except Exception:  # keep the server up; the log says what failed
                logging.getLogger("coxswain.nudges").exception("sending the nudges failed")
            finally:
                close_old_connections()
            time.sleep(3600)

    threading.Thread(target=loop, name="coxswain-nudges", daemon=True).start()


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    database: Path = typer.Option(
        Path("var/coxswain.sqlite3"), "--database", help="SQLite file (DATABASE_URL overrides)."
    ),
    demo: Path | None = typer.Option(
        None,
        "--demo",
        help="Load the example workbooks in this folder as demo organisations first.",
    ),
    nudges: bool = typer.Option(
        True,
        "--nudges/--no-nudges",
        help="Send the weekly digests and check-in reminders (e-mail settings in docs/web.md).",
    ),
    threads: int = typer.Option(8, "--threads", min=1, help="Threads answering requests."),
    trusted_proxy: str | None = typer.Option(
        None,
        "--trusted-proxy",
        help="Address of the HTTPS proxy in front (e.g. 127.0.0.1): its X-Forwarded-Proto, "
        "-For and -Host headers are believed; from anyone else they are dropped.",
    ),
    worker: bool = typer.Option(
        True,
        "--worker/--no-worker",
        help="Run analyses in this process; --no-worker when `coxswain worker` processes "
        "run them (PostgreSQL, docs/web.md).",
    ),
) -> None:
    """Start the web app: migrate the database, run the analysis worker and the weekly
    nudges, serve.

    Examples:

      coxswain serve --demo examples            # try it with the example companies

      COXSWAIN_PRODUCTION=1 COXSWAIN_SECRET_KEY=... COXSWAIN_ALLOWED_HOSTS=okr.example.com \
      coxswain serve --database /srv/coxswain/db.sqlite3 --trusted-proxy 127.0.0.1
    """
    os.environ.setdefault("COXSWAIN_DB", str(database))
    os.environ.setdefault("COXSWAIN_DEBUG", "0")  # no tracebacks in pages
    os.environ.setdefault("COXSWAIN_ALLOWED_HOSTS", f"127.0.0.1,localhost,{host}")
    _private_files()
    private_database()
    _django(None)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if demo is not None:
        call_command("demo_setup", str(demo))
    worker_id = _serve_worker_id()
    _start_sweeper(worker_id)
    if worker:
        _start_worker(worker_id)
    if nudges and demo is None:  # demo organisations have no real addresses to write to
        _start_nudges()
    _warm_strategy_map()
    from waitress import serve as waitress_serve

    from coxswain.web.wsgi import application

    proxy: dict[str, object] = {}
    if trusted_proxy:
        proxy = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for x-forwarded-host",
        }
    typer.echo(f"Coxswain is at http://{host}:{port}/  (Ctrl+C stops it)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="coxswain", **proxy)


def _warm_strategy_map() -> None:
    """Compile the map's Graphviz (WebAssembly, about 2 s) in the background at start, so that
    the first strategy map or report a visitor asks for is not the one that waits for it."""
    import threading

    from coxswain.report.strategy_map import warm

    threading.Thread(target=warm, name="coxswain-map-warm", daemon=True).start()


@app.command("demo-setup")
def demo_setup(
    examples: Path = typer.Argument(Path("examples"), help="Folder of example workbooks."),
    database: Path = typer.Option(
        Path("var/coxswain.sqlite3"), "--database", help="SQLite file (DATABASE_URL overrides)."
    ),
) -> None:
    """Create the database and load each example company as a demo organisation with demo logins."""
    os.environ.setdefault("COXSWAIN_DB", str(database))
    private_database()
    _django(None)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_setup", str(examples))


@app.command()
def worker(
    database: Path = typer.Option(
        Path("var/coxswain.sqlite3"), "--database", help="SQLite file (DATABASE_URL overrides)."
    ),
    worker_id: str | None = typer.Option(
        None,
        "--worker-id",
        help="This worker's id, unique among the workers and the same after a restart (e.g. "
        "host-1), so that at start it marks failed the runs it had taken. Default: host-pid.",
    ),
    interval: float = typer.Option(
        1.0, "--interval", min=0.1, help="Seconds between looks at the queue when it is empty."
    ),
) -> None:
    """Run analyses from the queue: the worker of `serve --no-worker`, as many processes as
    cores (django-tasks-db's db_worker, plus the sweep of interrupted analyses).

    Examples:

      DATABASE_URL=postgres://coxswain@db/coxswain coxswain worker --worker-id host-1
    """
    import signal
    import socket

    os.environ.setdefault("COXSWAIN_DB", str(database))
    os.environ.setdefault("COXSWAIN_DEBUG", "0")
    _private_files()
    private_database()
    _django(None)
    from django_tasks_db.management.commands.db_worker import Worker

    wid = (worker_id or f"{socket.gethostname()}-{os.getpid()}")[:64]
    _start_sweeper(wid)
    runner = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=True,
        max_tasks=None,
        worker_id=wid,
        excluded_queue_names=[],
    )
    runner.configure_signals()
    signal.signal(signal.SIGHUP, runner.shutdown)
    typer.echo(f"Coxswain worker {wid} is waiting for analyses (Ctrl+C stops it)")
    runner.run()
