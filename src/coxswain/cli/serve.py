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


def _start_worker() -> None:
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
        worker_id="coxswain-serve",
        excluded_queue_names=[],
    )
    threading.Thread(target=worker.run, name="coxswain-task-worker", daemon=True).start()


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
    private_database()
    _django(None)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if demo is not None:
        call_command("demo_setup", str(demo))
    _start_worker()
    if nudges and demo is None:  # demo organisations have no real addresses to write to
        _start_nudges()
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
