# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Backtests: started by a manager, run as a background task with progress (the analysis
runs' heartbeat and interruption sweep, coxswain.web.insights.services), stored with the
backtest's JSON and the page's words (coxswain.backtest.render)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from coxswain.web.backtests.models import BacktestRun
from coxswain.web.insights.models import RunStatus
from coxswain.web.insights.services import (
    AsOfRefused,
    Heartbeat,
    LimitReached,
    as_of_refusal,
    claim_queued_run,
    save_progress,
    sweep_interrupted_runs,
)
from coxswain.workbook import WorkbookError

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from coxswain.web.accounts.models import Organisation

log = logging.getLogger(__name__)

MAX_ACTIVE = 1
"""Backtests an organisation may have queued or running at once (each is many analyses)."""


def sweep_interrupted_backtests(
    *, org: Organisation | None = None, dead_workers: tuple[str, ...] = ()
) -> int:
    """Mark failed every backtest whose worker is gone (the analysis runs' sweep)."""
    return sweep_interrupted_runs(org=org, dead_workers=dead_workers, model=BacktestRun)


def start_backtest(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    every: str = "quarter",
    start: dt.date | None = None,
) -> BacktestRun:
    """Queue a backtest of the organisation's current data. Raises ValueError for an
    ``every`` other than month or quarter, AsOfRefused for a ``start`` outside the data (the
    analysis's own refusal), LimitReached while one is queued or running."""
    from coxswain.backtest import EVERY
    from coxswain.web.accounts.models import Organisation as Org
    from coxswain.web.backtests.tasks import run_backtest

    if every not in EVERY:
        raise ValueError(f"every {every!r}: choose month or quarter")
    if start is not None and (refusal := as_of_refusal(org=org, as_of=start)) is not None:
        raise AsOfRefused(refusal)
    sweep_interrupted_backtests(org=org)
    with transaction.atomic():
        Org.objects.select_for_update().filter(pk=org.pk).first()
        active = (
            BacktestRun.objects.for_org(org)
            .filter(status__in=[RunStatus.queued, RunStatus.running])
            .count()
        )
        if active >= MAX_ACTIVE:
            raise LimitReached(
                "a backtest is already queued or running; wait for it to finish, then start another"
            )
        run = BacktestRun.objects.create(
            org=org, requested_by=user, every=every, start=start, stage="queued"
        )

    def enqueue() -> None:
        result = run_backtest.enqueue(run.pk)
        BacktestRun.dangerously_unscoped.filter(pk=run.pk).update(task_id=str(result.id))
        run.task_id = str(result.id)

    transaction.on_commit(enqueue)
    return run


def actions_taken(*, org: Organisation) -> list[Any]:
    """The organisation's actions on findings, as the backtest takes them."""
    from coxswain.backtest.efficacy import ActionTaken
    from coxswain.web.insights.models import Action, ActionStatus

    return [
        ActionTaken(
            finding_id=a.finding_id,
            taken=timezone.localdate(a.created),
            due=a.due,
            done=a.status == ActionStatus.done,
            title=a.title,
        )
        for a in Action.objects.for_org(org).exclude(finding_id="").order_by("created", "id")
    ]


def dismissed(*, org: Organisation) -> list[Any]:
    """The organisation's dismissals, as the backtest tallies them."""
    from coxswain.backtest.efficacy import Dismissed
    from coxswain.web.insights.models import Dismissal

    return [
        Dismissed(kind=d.kind or d.finding_id.split(":")[0], reason=d.reason)
        for d in Dismissal.objects.for_org(org).order_by("at", "id")
    ]


def execute_backtest(*, run_id: int, worker: str = "") -> None:
    """Run one queued backtest (called by the task worker ``worker``); taken only while it
    is queued, so a queue entry delivered twice does not run it twice."""
    from django.conf import settings

    from coxswain.backtest import backtest, render
    from coxswain.web.workbook_io import load_workbook

    run = claim_queued_run(model=BacktestRun, run_id=run_id, worker=worker, what="backtest")
    if run is None:
        return
    with Heartbeat(run_id, model=BacktestRun):
        try:
            save_progress(run, 10, "reading the workbook from the database")
            workbook = load_workbook(run.org)

            def progress(done: int, total: int) -> None:
                save_progress(run, 10 + 80 * done // max(total, 1), f"replayed {done} of {total}")

            report = backtest(
                workbook,
                start=run.start,
                every="month" if run.every == "month" else "quarter",
                workers=settings.COXSWAIN_BACKTEST_WORKERS or None,
                progress=progress,
                dismissals=dismissed(org=run.org),
                actions=actions_taken(org=run.org),
            )
            save_progress(run, 95, "saving the result")
            run.result = render.to_json(report)
            run.page = json.dumps(render.context(report), ensure_ascii=False)
            run.headline = render.headline(report)
            run.status, run.progress, run.stage = RunStatus.done, 100, "done"
        except WorkbookError as exc:
            run.status, run.stage = RunStatus.failed, "the workbook is not valid"
            run.error = "\n".join(str(p) for p in exc.problems)
        except Exception:
            log.exception("backtest %s failed", run_id)
            run.status, run.stage = RunStatus.failed, "the backtest failed"
            run.error = traceback.format_exc(limit=5)
        run.finished = timezone.now()
        run.heartbeat = run.finished
        run.save()
