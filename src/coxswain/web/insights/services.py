# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing insights: data in (workbook upload, KPI paste), analysis runs, dismissals, actions,
reviews, digests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import math
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from coxswain.tempfiles import temp_dir
from coxswain.web.accounts.models import Membership, Organisation
from coxswain.web.insights.models import (
    Action,
    ActionStatus,
    AnalysisRun,
    Dismissal,
    RunStatus,
    StrategicReview,
    evidence_hash,
)
from coxswain.web.strategy.models import KpiValue, Person, StrategyChange
from coxswain.workbook import Problem, WorkbookError

if TYPE_CHECKING:
    from coxswain.analysis.base import Settings
    from coxswain.analysis.result import Result

log = logging.getLogger("coxswain.web")


def import_workbook_file(
    *, org: Organisation, user: AbstractBaseUser | None, name: str, chunks: Any, max_bytes: int
) -> None:
    """Read an uploaded workbook (``.zip`` or ``.xlsx``) and replace the organisation's data.

    Raises WorkbookError with every problem; nothing is stored then.
    """
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    suffix = Path(name).suffix.lower()
    if suffix not in (".zip", ".xlsx"):
        raise WorkbookError(
            [Problem(name, None, None, "upload a .zip of the workbook folder or an .xlsx file")]
        )
    with temp_dir("upload") as tmp:
        # the owner's own file name, so that every problem names the file they chose
        path = tmp / (re.sub(r"[^\w .()+-]", "_", Path(name).stem)[:100] + suffix)
        size = 0
        with path.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise WorkbookError(
                        [Problem(name, None, None, f"the file is larger than {max_bytes} bytes")]
                    )
                out.write(chunk)
        workbook = read_workbook(path, max_bytes=max_bytes)
    with transaction.atomic():
        store_workbook(org, workbook)
        check_stored_bytes(org=org, name=name)  # over the limit: nothing is stored
        StrategyChange.objects.create(org=org, user=user, action="import", after={"file": name})


def _save_upload(tmp: Path, *, name: str, chunks: Any, max_bytes: int) -> Path:
    """An uploaded file written into ``tmp`` under the owner's own file name (so that every
    problem names the file they chose); refused past ``max_bytes``."""
    path = tmp / re.sub(r"[^\w .()+-]", "_", Path(name).name)[:120]
    size = 0
    with path.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise WorkbookError(
                    [Problem(name, None, None, f"the file is larger than {max_bytes} bytes")]
                )
            out.write(chunk)
    return path


def import_export_file(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    kind: str,
    name: str,
    chunks: Any,
    max_bytes: int,
    rules_name: str | None = None,
    rules_chunks: Any = None,
    date_format: str | None = None,
) -> Any:
    """Import a shop's, payment provider's, bookkeeping or HR export (``kind`` as in
    ``coxswain import``) into the organisation's workbook: its rows merged into the table,
    the whole would-be workbook validated, then stored; all or nothing. Customers are
    hashed with the organisation's salt. Returns the import's report
    (:class:`coxswain.importers.tabular.TableReport`).

    Raises WorkbookError with every problem of the export, the rules or the would-be
    workbook; nothing is stored then."""
    from coxswain.importers.business import (
        MESSAGE_KINDS,
        TABLE_KINDS,
        merge_table,
        run_table_import,
        would_be_workbook,
    )
    from coxswain.web.workbook_io import company_mapping, load_workbook, org_tables, store_workbook

    if kind not in TABLE_KINDS and kind not in MESSAGE_KINDS:
        raise WorkbookError([Problem(name, None, None, f"unknown kind of export {kind!r}")])
    if kind in MESSAGE_KINDS:
        return _import_messages_file(
            org=org,
            user=user,
            kind=kind,
            name=name,
            chunks=chunks,
            max_bytes=max_bytes,
            date_format=date_format,
        )
    with temp_dir("import") as tmp:
        path = _save_upload(tmp, name=name, chunks=chunks, max_bytes=max_bytes)
        rules = None
        if rules_name and rules_chunks is not None:
            (tmp / "rules").mkdir()
            rules = _save_upload(
                tmp / "rules", name=rules_name, chunks=rules_chunks, max_bytes=max_bytes
            )
        imported = run_table_import(
            kind,
            path,
            workbook=load_workbook(org),
            salt=org.privacy_salt,
            rules=rules,
            date_format=date_format,
            label=name,
            rules_label=rules_name,
        )
    table = TABLE_KINDS[kind]
    tables = dict(org_tables(org))
    merged = merge_table(tables.get(table), imported)
    workbook = would_be_workbook(company_mapping(org), tables, table, merged)
    with transaction.atomic():
        store_workbook(org, workbook)
        check_stored_bytes(org=org, name=name)  # over the limit: nothing is stored
        StrategyChange.objects.create(
            org=org, user=user, action="import", after={"file": name, "kind": kind}
        )
    return ImportSummary(
        lines=imported.report.lines(),
        summary=(
            f"{imported.report.added} added, {imported.report.changed} changed, "
            + (f"{imported.report.removed} removed, " if imported.report.removed else "")
            + f"{imported.report.total} in {table}.csv"
        ),
    )


@dataclass(frozen=True)
class ImportSummary:
    """What an import of an export did, for the owner: the report's lines and one sentence."""

    lines: list[str]
    summary: str


def _import_messages_file(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    kind: str,
    name: str,
    chunks: Any,
    max_bytes: int,
    date_format: str | None = None,
) -> ImportSummary:
    """A chat or e-mail export into ``messages.csv`` (metadata only, as ``coxswain import``
    without ``--with-text``): senders resolved through the organisation's people."""
    from coxswain.importers.business import MESSAGE_KINDS
    from coxswain.importers.messages import merge_messages, run_import
    from coxswain.web.workbook_io import company_mapping, org_tables, store_workbook
    from coxswain.workbook.read import build_workbook

    tables = dict(org_tables(org))
    if "people" not in tables:
        raise WorkbookError(
            [Problem(name, None, None, "add your people first: senders are matched to them")]
        )
    with temp_dir("import") as tmp:
        path = _save_upload(tmp, name=name, chunks=chunks, max_bytes=max_bytes)
        result = run_import(
            MESSAGE_KINDS[kind], path, people=tables["people"], date_format=date_format
        )
    merged, added = merge_messages(tables.get("messages"), result.messages)
    workbook = build_workbook(company_mapping(org), {**tables, "messages": merged})
    with transaction.atomic():
        store_workbook(org, workbook)
        check_stored_bytes(org=org, name=name)
        StrategyChange.objects.create(
            org=org, user=user, action="import", after={"file": name, "kind": kind}
        )
    return ImportSummary(
        lines=result.report.lines(), summary=f"{added} added, {merged.height} in messages.csv"
    )


def paste_kpi_values(*, org: Organisation, text: str) -> int:
    """Add or replace KPI values from pasted CSV (``date,kpi,value`` with a header).

    Raises WorkbookError (``pasted:line:column``) and stores nothing when a row is wrong.
    Returns the number of rows stored.
    """
    reader = csv.reader(io.StringIO(text.strip()))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:3] != ["date", "kpi", "value"]:
        raise WorkbookError(
            [Problem("pasted", 1, None, "the first line must be the header date,kpi,value")]
        )
    records: list[tuple[int, str, str, str]] = []
    problems: list[Problem] = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < 3:
            problems.append(Problem("pasted", line, None, "expected three values: date,kpi,value"))
            continue
        records.append((line, record[0].strip(), record[1].strip(), record[2].strip()))
    if problems:
        raise WorkbookError(problems)
    return store_kpi_values(org=org, records=records, source="pasted")


def store_kpi_values(
    *, org: Organisation, records: list[tuple[int, str, str, str]], source: str
) -> int:
    """Add or replace KPI values given as (line, date, kpi, value) text; all or nothing.

    Raises WorkbookError with ``source:line:column`` problems."""
    from coxswain.web.workbook_io import company_mapping, load_workbook, org_tables

    known = {k["id"] for k in company_mapping(org)["kpis"]}
    problems: list[Problem] = []
    rows: dict[tuple[str, dt.date], float] = {}
    for line, date_text, kpi, value_text in records:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            problems.append(
                Problem(
                    source, line, "date", f"{date_text!r} is not a date; write it as 2026-03-31"
                )
            )
            continue
        if kpi not in known:
            problems.append(Problem(source, line, "kpi", f"no KPI with id {kpi!r} in the strategy"))
            continue
        try:
            value = float(value_text)
        except ValueError:
            problems.append(Problem(source, line, "value", f"{value_text!r} is not a number"))
            continue
        if not math.isfinite(value):
            problems.append(
                Problem(source, line, "value", f"{value_text!r} is not a finite number")
            )
            continue
        if (kpi, date) in rows:
            problems.append(Problem(source, line, None, f"a second value for {kpi} on {date}"))
            continue
        rows[(kpi, date)] = value
    if problems:
        raise WorkbookError(problems)
    tables = dict(org_tables(org))
    old = tables.get("kpi_values")
    new = pl.DataFrame(
        [{"date": d, "kpi": k, "value": v} for (k, d), v in rows.items()],
        schema={"date": pl.Date(), "kpi": pl.String(), "value": pl.Float64()},
        orient="row",
    )
    if old is not None:
        old = old.join(new.select("date", "kpi"), on=["date", "kpi"], how="anti")
        new = pl.concat([old.select(new.columns), new])
    tables["kpi_values"] = new.sort("kpi", "date")
    load_workbook(org, tables=tables)  # the whole would-be workbook must still be valid
    with transaction.atomic():
        for (kpi, date), value in rows.items():
            KpiValue.objects.for_org(org).update_or_create(
                org=org, kpi=kpi, date=date, defaults={"value": value}
            )
    return len(rows)


class AsOfRefused(Exception):
    """An analysis as of a date outside the organisation's data
    (:meth:`coxswain.workbook.Workbook.as_of_refusal`); the message says why and what to
    choose instead."""


def as_of_refusal(*, org: Organisation, as_of: dt.date) -> str | None:
    """Why an analysis of the organisation's data as of ``as_of`` is refused, or None."""
    from coxswain.web.workbook_io import load_workbook

    return load_workbook(org).as_of_refusal(as_of, today=timezone.localdate())


class LimitReached(Exception):
    """An organisation's limit (docs/web.md, "Limits") refuses the request; the message says
    which and what to do."""


INTERRUPTED = "the analysis was interrupted (server stopped); analyse again"
NEVER_STARTED = "the analysis was never started (its queue entry was lost); analyse again"


def stored_bytes(*, org: Organisation) -> int:
    """The bytes an organisation keeps stored that grow without bound: its evidence tables
    (messages, ideas, spend, transactions, as stored) and its stored analysis reports."""
    from django.db.models import Sum
    from django.db.models.functions import Length

    from coxswain.web.strategy.models import EvidenceTable

    tables = EvidenceTable.objects.for_org(org).aggregate(n=Sum(Length("data")))["n"] or 0
    runs = AnalysisRun.objects.for_org(org).aggregate(n=Sum(Length("report")))["n"] or 0
    return int(tables) + int(runs)


def check_stored_bytes(*, org: Organisation, name: str) -> None:
    """Raise WorkbookError when the organisation's stored data is over its limit."""
    from django.conf import settings

    limit = settings.COXSWAIN_MAX_STORED_BYTES
    used = stored_bytes(org=org)
    if used > limit:
        raise WorkbookError(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"this would store {used:,} bytes for the organisation, over its limit of "
                    f"{limit:,} (COXSWAIN_MAX_STORED_BYTES): upload less data",
                )
            ]
        )


def start_analysis(
    *, org: Organisation, user: AbstractBaseUser | None, as_of: dt.date | None = None
) -> AnalysisRun:
    """Queue an analysis of the organisation's current data; its progress shows on the run.

    Raises AsOfRefused for an ``as_of`` outside the data (:func:`as_of_refusal`), and
    LimitReached when the organisation already has its limit of analyses queued or running
    (COXSWAIN_MAX_CONCURRENT_ANALYSES), or its stored data is over its limit."""
    from django.conf import settings

    from coxswain.web.insights.tasks import run_analysis

    if as_of is not None and (refusal := as_of_refusal(org=org, as_of=as_of)) is not None:
        raise AsOfRefused(refusal)

    sweep_interrupted_runs(org=org)  # a run whose worker is gone holds no place
    limit = settings.COXSWAIN_MAX_CONCURRENT_ANALYSES
    with transaction.atomic():
        # One organisation's requests queue up here, so two at once cannot both pass the count.
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        active = (
            AnalysisRun.objects.for_org(org)
            .filter(status__in=[RunStatus.queued, RunStatus.running])
            .count()
        )
        if active >= limit:
            raise LimitReached(
                f"{active} analys{'is is' if active == 1 else 'es are'} already queued or "
                f"running, the most this organisation may have at once ({limit}); "
                "wait for it to finish, then analyse again"
            )
        used, most = stored_bytes(org=org), settings.COXSWAIN_MAX_STORED_BYTES
        if used > most:
            raise LimitReached(
                f"the organisation stores {used:,} bytes, over its limit of {most:,}: "
                "upload less data before analysing again"
            )
        # a chosen date is a "then" view, unless it is the date the current view already
        # shows (analysing it again, e.g. a run stored before reports were kept with it)
        from coxswain.web.insights.selectors import latest_run

        current = latest_run(org=org) if as_of is not None else None
        chosen = as_of is not None and (current is None or current.as_of != as_of)
        run = AnalysisRun.objects.create(
            org=org, requested_by=user, as_of=as_of, as_of_chosen=chosen, stage="queued"
        )

    def enqueue() -> None:
        result = run_analysis.enqueue(run.pk)
        AnalysisRun.dangerously_unscoped.filter(pk=run.pk).update(task_id=str(result.id))
        run.task_id = str(result.id)

    transaction.on_commit(enqueue)
    return run


def claim_queued_run(*, model: Any, run_id: int, worker: str, what: str) -> Any | None:
    """Take a queued run of ``model`` (an analysis, a backtest, a scenario comparison) for
    this worker, or None when it is no longer queued: a queue entry delivered twice does not
    run it twice. Counts the attempt either way. A task starts from a primary key and has no
    request: the run returned names its organisation."""
    from django.db.models import F

    runs = model.dangerously_unscoped
    runs.filter(pk=run_id).update(attempts=F("attempts") + 1)
    taken = runs.filter(pk=run_id, status=RunStatus.queued).update(
        status=RunStatus.running,
        worker=worker[:64],
        heartbeat=timezone.now(),
        progress=5,
        stage="starting",
    )
    if not taken:
        log.warning("%s %s is no longer queued; not running it again", what, run_id)
        return None
    return runs.select_related("org").get(pk=run_id)


def sweep_interrupted_runs(
    *,
    org: Organisation | None = None,
    dead_workers: tuple[str, ...] = (),
    now: dt.datetime | None = None,
    model: Any = AnalysisRun,
) -> int:
    """Mark failed, with the reason, every run whose worker is gone; returns how many.

    Gone means: running with no heartbeat for COXSWAIN_RUN_STALE_SECONDS, or taken by one of
    ``dead_workers`` (a worker starting again under its old id knows that its earlier runs
    died with it), or queued for that long while its queue entry is no longer waiting (lost,
    failed, or taken that long ago by a worker that died before it could start the run).
    The whole installation's runs, or one organisation's; ``model``: any run model with the
    same fields (status, stage, worker, heartbeat, task_id, error, finished), such as the
    backtests' runs."""
    from django.conf import settings
    from django.db.models import Q

    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.COXSWAIN_RUN_STALE_SECONDS)
    runs = model.dangerously_unscoped.all() if org is None else model.objects.for_org(org)
    gone = Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True, created__lt=stale)
    if dead_workers:
        gone |= Q(worker__in=dead_workers)
    running = list(
        runs.filter(gone, status=RunStatus.running).values_list("pk", "worker", "task_id")
    )
    queued = list(
        runs.filter(status=RunStatus.queued, created__lt=stale).values_list("pk", "task_id")
    )
    waiting = _waiting_tasks([task for _, task in queued], since=stale)
    lost = [pk for pk, task in queued if waiting is not None and task not in waiting]
    failed = 0
    for pk, worker, _ in running:
        failed += model.dangerously_unscoped.filter(
            pk=pk, status=RunStatus.running, worker=worker
        ).update(
            status=RunStatus.failed,
            stage=INTERRUPTED,
            error=f"Its worker ({worker or 'unknown'}) stopped without finishing it.",
            finished=now,
        )
    task_ids = [task for *_, task in running] + [t for pk, t in queued if pk in lost]
    _fail_tasks(task_ids)
    if lost:
        failed += model.dangerously_unscoped.filter(pk__in=lost, status=RunStatus.queued).update(
            status=RunStatus.failed,
            stage=NEVER_STARTED,
            error="No worker took it from the queue, or one took it and stopped.",
            finished=now,
        )
    if failed:
        log.warning("marked %s interrupted %s(s) failed", failed, model._meta.verbose_name)
    return failed


def _fail_tasks(task_ids: list[str]) -> None:
    """The queue entries of interrupted runs that django-tasks-db still shows as running
    (their worker died with them) are marked failed, so that its pruning can remove them."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from coxswain.web.insights.tasks import run_analysis

    ids = [t for t in task_ids if t]
    if not ids or not isinstance(run_analysis.get_backend(), DatabaseBackend):
        return
    for entry in DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.RUNNING):
        entry.set_failed(RuntimeError(INTERRUPTED))


def _waiting_tasks(task_ids: list[str], *, since: dt.datetime) -> set[str] | None:
    """Of these queue entries, those still waiting for a worker, or taken by one since
    ``since`` (it is about to start the run); None when the task backend keeps no queue to
    look at (the immediate backend of the tests)."""
    from django.db.models import Q
    from django_tasks import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from coxswain.web.insights.tasks import run_analysis

    if not isinstance(run_analysis.get_backend(), DatabaseBackend):
        return None
    ids = [t for t in task_ids if t]
    if not ids:
        return set()
    alive = Q(status=TaskResultStatus.READY) | Q(
        status=TaskResultStatus.RUNNING, started_at__gte=since
    )
    return {
        str(pk)
        for pk in DBTaskResult.objects.filter(alive, id__in=ids).values_list("id", flat=True)
    }


class _Heartbeat:
    """While a run runs, a thread writes its heartbeat every COXSWAIN_RUN_HEARTBEAT_SECONDS
    (``model``: the run's model, an analysis run or another with status and heartbeat)."""

    def __init__(self, run_id: int, model: Any = AnalysisRun) -> None:
        import threading

        self.model = model
        self.run_id = run_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)

    def _beat(self) -> None:
        from django.conf import settings
        from django.db import connections

        try:
            while not self.stop.wait(settings.COXSWAIN_RUN_HEARTBEAT_SECONDS):
                try:
                    self.model.dangerously_unscoped.filter(
                        pk=self.run_id, status=RunStatus.running
                    ).update(heartbeat=timezone.now())
                except Exception:  # a missed beat is retried; the sweep allows several
                    log.warning("analysis run %s: heartbeat not written", self.run_id)
        finally:
            connections.close_all()

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _progress(run: Any, percent: int, stage: str, status: str = RunStatus.running) -> None:
    run.progress, run.stage, run.status = percent, stage, status
    run.save(update_fields=["progress", "stage", "status"])


# The run machinery, for the other kinds of run (the backtests' runs).
Heartbeat = _Heartbeat
save_progress = _progress


def analysis_settings(*, org: Organisation, as_of: dt.date | None) -> Settings:
    """The organisation's own pseudonym salt, and its tracked actions as of ``as_of`` (open,
    overdue and closed), which the review analysis weighs with the reviews' own counts."""
    from coxswain.analysis.base import Settings, TrackedActions

    day = as_of or timezone.localdate()
    actions = Action.objects.for_org(org)
    open_ = actions.filter(status=ActionStatus.open)
    return Settings(
        privacy_salt=org.privacy_salt,
        tracked_actions=TrackedActions(
            open=open_.count(),
            overdue=open_.filter(due__lt=day).count(),
            closed=actions.exclude(status=ActionStatus.open).count(),
        ),
    )


def analyze_org(*, org: Organisation, as_of: dt.date | None) -> Result:
    """The analysis of the organisation's current data, with its own settings."""
    from coxswain.analysis.runner import analyze
    from coxswain.web.workbook_io import load_workbook

    return analyze(
        load_workbook(org), as_of=as_of, settings=analysis_settings(org=org, as_of=as_of)
    )


class ReportNotReady(Exception):
    """The latest run's stored result cannot be shown (the report needs a new analysis,
    which runs as a task, never inside the request): why, and the date to analyse as of."""

    def __init__(self, reason: str, *, as_of: dt.date | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.as_of = as_of


def report_result(*, org: Organisation) -> Result:
    """The result the report shows: the latest run's, as stored, with the organisation's
    dismissals marked (and out of the plan). Raises ReportNotReady when there is no run, one
    stored without its report (or unreadable), or one whose way of naming people no longer
    holds: names shown or hidden since, a new pseudonym salt, or a person named in it removed
    since (forgotten people stay forgotten). The report never analyses inside a web request:
    a new analysis is started as a task."""
    from coxswain.web import privacy
    from coxswain.web.insights import selectors

    latest = selectors.latest_report(org=org)
    if latest is None:
        raise ReportNotReady("There is no analysis yet.", as_of=None)
    if latest.result is None:
        raise ReportNotReady(
            "The latest analysis was stored without its report (by an older version).",
            as_of=latest.as_of,
        )
    if latest.privacy != privacy.report_privacy(org=org):
        raise ReportNotReady(
            "Names have been shown or hidden, or the pseudonyms renewed, since the latest "
            "analysis.",
            as_of=latest.as_of,
        )
    if not selectors.all_people_exist(org=org, ids=latest.result.people):
        raise ReportNotReady(
            "A person named in the latest analysis has been removed since.", as_of=latest.as_of
        )
    return selectors.with_dismissals(org=org, result=latest.result)


def execute_run(*, run_id: int, worker: str = "") -> None:
    """Run one queued analysis (called by the task worker ``worker``).

    The run is taken only while it is queued, so a queue entry delivered twice does not run it
    twice; ``attempts`` counts every delivery."""
    import os
    import time

    from coxswain.analysis.runner import analyze
    from coxswain.web import privacy
    from coxswain.web.workbook_io import load_workbook

    run = claim_queued_run(model=AnalysisRun, run_id=run_id, worker=worker, what="analysis run")
    if run is None:
        return
    with _Heartbeat(run_id):
        try:
            _progress(run, 10, "reading the workbook from the database")
            workbook = load_workbook(run.org)
            _progress(run, 30, "analysing")
            # Tests of interrupted work slow the analysis down to kill its worker mid-run.
            time.sleep(float(os.environ.get("COXSWAIN_TEST_ANALYSIS_DELAY", "0") or 0))
            result = analyze(
                workbook, as_of=run.as_of, settings=analysis_settings(org=run.org, as_of=run.as_of)
            )
            _progress(run, 90, "saving the result")
            run.result = _json_roundtrip(result)
            run.as_of = result.as_of
            run.alignment_index = result.alignment_index
            run.components = run.result["components"]
            run.report = json.dumps(
                {
                    "result": run.result,
                    "labels": result.labels,
                    "people": sorted(result.people),
                    "privacy": privacy.report_privacy(org=run.org),
                },
                ensure_ascii=False,
            )
            run.status, run.progress, run.stage = RunStatus.done, 100, "done"
        except WorkbookError as exc:
            run.status, run.stage = RunStatus.failed, "the workbook is not valid"
            run.error = "\n".join(str(p) for p in exc.problems)
        except Exception:  # the run records the failure; the traceback goes to the log as well
            log.exception("analysis run %s failed", run_id)
            run.status, run.stage = RunStatus.failed, "the analysis failed"
            run.error = traceback.format_exc(limit=5)
        run.finished = timezone.now()
        run.heartbeat = run.finished
        run.save()
    if run.status == RunStatus.done:
        _announce_new_findings(run_id)


def _announce_new_findings(run_id: int) -> None:
    """New high-severity findings to the organisation's chat, if it opted in, and new
    findings to its webhooks that asked for them; neither ever fails a run."""
    from coxswain.web.collab.services import chat_new_findings
    from coxswain.web.collab.webhooks import finding_events

    try:
        chat_new_findings(run_id=run_id)
    except Exception:
        log.exception("analysis run %s: announcing it in chat failed", run_id)
    try:
        finding_events(run_id=run_id)
    except Exception:
        log.exception("analysis run %s: announcing it to webhooks failed", run_id)


def _json_roundtrip(result: Any) -> Any:
    return json.loads(result.dumps(indent=None))


def dismiss_finding(
    *, org: Organisation, user: AbstractBaseUser, finding: dict[str, Any], reason: str
) -> Dismissal:
    """Dismiss ``finding`` (as the latest result has it), kept as it is now so that the
    dismissal holds until the finding materially worsens (coxswain.analysis.dismissals)."""
    return Dismissal.objects.create(
        org=org,
        finding_id=finding["id"],
        kind=finding.get("kind", ""),
        subjects=list(finding.get("subjects", [])),
        severity=finding.get("severity", ""),
        evidence=finding.get("evidence"),
        evidence_hash=evidence_hash(finding.get("evidence")),
        reason=reason,
        by=user,
    )


class ActionRefused(ValueError):
    """A change to an action that cannot be kept: every problem, by field (``title``,
    ``due``, ``person``, ``owner``); nothing was changed."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {m}" for k, ms in problems.items() for m in ms))
        self.problems = problems


@dataclass(frozen=True)
class Assignee:
    """Who does an action: a person of the workbook (the member linked to them, if any,
    owns it), or a member (their linked person, if any, is the person)."""

    person: Person | None = None
    owner: Membership | None = None


def _resolve(*, org: Organisation, assignee: Assignee) -> tuple[Person | None, Membership | None]:
    """The (person, owning member) of an assignee: a person's linked member owns the action;
    a member alone brings their linked person."""
    person, owner = assignee.person, assignee.owner
    if owner is None and person is not None:
        owner = Membership.objects.for_org(org).filter(person=person).order_by("pk").first()
    if person is None and owner is not None:
        person = owner.person
    return person, owner


def action_title_problems(title: str) -> list[str]:
    """What is wrong with an action's title (the web's forms and the API share it)."""
    from coxswain.workbook.limits import control_character

    if not title.strip():
        return ["give the action a title"]
    if len(title) > 500:
        return [f"the title is {len(title)} characters long; at most 500"]
    if control_character(title) is not None:
        return ["the title holds an invisible control character; take it out"]
    return []


ACTION_DUE_YEARS_BACK = 5  # an action recorded late may be due in the past, not decades ago
ACTION_DUE_YEARS_AHEAD = 10


def action_due_window(*, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last due date an action may have (:func:`action_due_problems`'s years):
    the date fields of the forms offer only these, so a browser catches a slip of the year
    before the form is sent (and keeps what was typed)."""
    today = today or timezone.localdate()
    return (
        dt.date(today.year - ACTION_DUE_YEARS_BACK, 1, 1),
        dt.date(today.year + ACTION_DUE_YEARS_AHEAD, 12, 31),
    )


def action_due_problems(due: dt.date, *, today: dt.date | None = None) -> list[str]:
    """What is wrong with an action's due date (the web's forms and the API share it): a
    date more than five years back or ten ahead is a slip of the year (1999 for 2026), not a
    plan; within them, a date in the past is an action recorded late."""
    from coxswain.workbook.limits import date_in_range, date_range_message

    if not date_in_range(due):
        return [date_range_message(due)]
    first, last = action_due_window(today=today)
    if due < first:
        return [f"{due.isoformat()} is more than {ACTION_DUE_YEARS_BACK} years ago; check the year"]
    if due > last:
        return [
            f"{due.isoformat()} is more than {ACTION_DUE_YEARS_AHEAD} years ahead; check the year"
        ]
    return []


def create_action(
    *,
    org: Organisation,
    title: str,
    due: dt.date,
    person: Person | None = None,
    owner: Membership | None = None,
    finding_id: str = "",
    by: Membership | None = None,
) -> Action:
    """An action assigned to a person of the workbook; the member linked to that person (if
    any) owns it. Given only a member, their linked person is the assignee."""
    person, owner = _resolve(org=org, assignee=Assignee(person=person, owner=owner))
    action = Action.objects.create(
        org=org, title=title, person=person, owner=owner, due=due, finding_id=finding_id
    )
    from coxswain.web.collab.services import notify_assignment

    notify_assignment(action=action, by=by)  # the owner hears of it, in the app and by e-mail
    from coxswain.web.collab.webhooks import action_event

    action_event(action=action, event="action.created")  # to the webhooks that asked for it
    return action


def action_update_problems(
    *, title: str | None = None, due: dt.date | None = None, assignee: Assignee | None = None
) -> dict[str, list[str]]:
    """What is wrong with a change of an action (None: not changed), by field: the rules
    :func:`update_action` applies, for a caller that gathers its own problems too."""
    problems: dict[str, list[str]] = {}
    if title is not None and (found := action_title_problems(title.strip())):
        problems["title"] = found
    if due is not None and (found := action_due_problems(due)):
        problems["due"] = found
    if assignee is not None and assignee.person is None and assignee.owner is None:
        problems["person"] = ["say who does it: a person, or a member as owner"]
    return problems


def update_action(
    *,
    action: Action,
    by: Membership | None = None,
    title: str | None = None,
    due: dt.date | None = None,
    assignee: Assignee | None = None,
    done: bool | None = None,
) -> list[str]:
    """Change what is given (None: left as it is) and answer the fields that changed
    (``title``, ``person``, ``owner``, ``due``, ``status``), in that order. Raises
    ActionRefused with every problem, changing nothing. A new owner hears of it (in the app
    and by e-mail, unless they made the change); any change sends one ``action.updated``
    event with the fields that changed and what they were before."""
    problems = action_update_problems(title=title, due=due, assignee=assignee)
    if problems:
        raise ActionRefused(problems)
    if title is not None:
        title = title.strip()
    before = {
        "title": action.title,
        "person": action.person.slug if action.person else None,
        "owner": action.owner_id,
        "due": action.due,
        "status": action.status,
    }
    old_owner = action.owner_id
    if title is not None:
        action.title = title
    if due is not None:
        action.due = due
    if assignee is not None:
        action.person, action.owner = _resolve(org=action.org, assignee=assignee)
    if done is not None:
        status = ActionStatus.done if done else ActionStatus.open
        if action.status != status:
            action.status = status
            action.closed = timezone.now() if done else None
    after = {
        "title": action.title,
        "person": action.person.slug if action.person else None,
        "owner": action.owner_id,
        "due": action.due,
        "status": action.status,
    }
    changed = [f for f in before if before[f] != after[f]]
    if not changed:
        return []
    with transaction.atomic():
        action.save(update_fields=["title", "person", "owner", "due", "status", "closed"])
        if action.owner_id is not None and action.owner_id != old_owner:
            from coxswain.web.collab.services import notify_assignment

            notify_assignment(action=action, by=by)
        from coxswain.web.collab.webhooks import action_event

        action_event(
            action=action,
            event="action.updated",
            changed=changed,
            previous={f: before[f] for f in changed},
        )
    return changed


def set_action_status(*, action: Action, done: bool, by: Membership | None = None) -> Action:
    """Mark an action done or open again (:func:`update_action` with ``done`` only)."""
    update_action(action=action, by=by, done=done)
    return action


MAX_REVIEW_DECISIONS = 100_000  # the web form and the API refuse more, as a slip of the keyboard
MAX_REVIEW_NOTES = 5000  # characters


def review_date_problems(date: dt.date, *, today: dt.date | None = None) -> list[str]:
    """What is wrong with a strategic review's date (the web's form and the API share it):
    outside the dates a workbook may hold, or after today. A review is recorded once held;
    one dated 2031 made the next analysis run as of 2031 (a walk-through)."""
    from coxswain.workbook.limits import date_in_range, date_range_message

    if not date_in_range(date):
        return [date_range_message(date)]
    today = today or timezone.localdate()
    if date > today:
        return [f"{date.isoformat()} is after today; record a review once it has been held"]
    return []


def record_review(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    date: dt.date,
    kind: str,
    decisions: int,
    notes: str = "",
) -> StrategicReview:
    """A strategic review; its open/closed action counts are taken from the actions as of now."""
    actions = Action.objects.for_org(org)
    review = StrategicReview.objects.create(
        org=org,
        date=date,
        kind=kind,
        decisions=decisions,
        notes=notes,
        actions_open=actions.filter(status=ActionStatus.open).count(),
        actions_closed=actions.filter(status=ActionStatus.done).count(),
    )
    StrategyChange.objects.create(
        org=org,
        user=user,
        action="create",
        kind="reviews",
        slug=str(date),
        after={"date": str(date), "kind": kind, "decisions": decisions},
    )
    return review


def _new_findings(
    *, org: Organisation, run: AnalysisRun | None, since: dt.date
) -> list[dict[str, Any]]:
    """Open findings of the latest run that no run finished before ``since`` had: what is new
    this week."""
    from coxswain.web.insights.selectors import findings_view

    if run is None or run.finished is None or run.finished.date() < since:
        return []
    before = (
        AnalysisRun.objects.for_org(org)
        .filter(status=RunStatus.done, finished__date__lt=since)
        .order_by("-finished")
        .first()
    )
    seen = {f["id"] for f in (before.result or {}).get("findings", [])} if before else set()
    return [
        f for f in findings_view(org=org, run=run) if f["dismissed"] is None and f["id"] not in seen
    ]


@dataclass(frozen=True)
class DigestStats:
    sent: int
    skipped: int


NUDGE_INTERVAL = dt.timedelta(days=7)


def send_nudges_if_due(*, now: dt.datetime | None = None) -> DigestStats | None:
    """Send this week's round of nudges unless one went out less than a week ago (the
    scheduler in ``coxswain serve`` calls this every hour). Returns the round's figures, or
    None when none was due."""
    from coxswain.web.insights.models import NudgeRound

    now = now or timezone.now()
    with transaction.atomic():
        last = NudgeRound.objects.select_for_update().order_by("-sent").first()
        if last is not None and now - last.sent < NUDGE_INTERVAL:
            return None
        stats = send_nudges(today=timezone.localdate(now))
        round_ = NudgeRound.objects.create(emails=stats.sent, skipped=stats.skipped)
        NudgeRound.objects.filter(pk=round_.pk).update(sent=now)
    return stats


def send_nudges(*, today: dt.date | None = None) -> DigestStats:
    """Weekly digest (new findings, overdue actions) to owners and managers who want it, and
    check-in reminders to staff who want them. Returns how many e-mails went out."""
    from django.conf import settings
    from django.core.mail import send_mail

    from coxswain.web.insights.selectors import latest_run
    from coxswain.wording import Words

    today = today or timezone.localdate()
    sent = skipped = 0
    for org in Organisation.objects.all():
        run = latest_run(org=org)
        new_findings = _new_findings(org=org, run=run, since=today - dt.timedelta(days=7))
        overdue = list(Action.objects.for_org(org).filter(status=ActionStatus.open, due__lt=today))
        stored = (run.result or {}) if run is not None else {}
        words = Words(locale=stored.get("locale") or "en", currency=stored.get("currency") or "USD")
        from coxswain.web.collab.services import chat_weekly

        chat_weekly(org=org, new_findings=new_findings, overdue_actions=len(overdue), today=today)
        for m in Membership.objects.for_org(org).select_related("user"):
            email = m.user.email
            if not email:
                skipped += 1
                continue
            if m.at_least("manager"):
                if not m.digest_emails or not (new_findings or overdue):
                    skipped += 1
                    continue
                lines = [f"Coxswain weekly digest for {org.name}", ""]
                if new_findings:
                    lines += [
                        "New findings:",
                        *(
                            f"- [{f['severity']}] {f['title']}\n  {f['summary']}"
                            for f in new_findings
                        ),
                        "",
                    ]
                if overdue:
                    lines += [
                        "Overdue actions:",
                        *(f"- {a.title} (due {words.date(a.due)})" for a in overdue),
                        "",
                    ]
                lines.append(f"{settings.COXSWAIN_BASE_URL}/")
                send_mail(f"Coxswain: {org.name} this week", "\n".join(lines), None, [email])
            else:
                if not m.reminder_emails:
                    skipped += 1
                    continue
                send_mail(
                    f"Coxswain: time for your check-in at {org.name}",
                    f"Please update your goals' progress: {settings.COXSWAIN_BASE_URL}/checkins/\n"
                    "(Turn these reminders off under Settings.)",
                    None,
                    [email],
                )
            sent += 1
    return DigestStats(sent=sent, skipped=skipped)
