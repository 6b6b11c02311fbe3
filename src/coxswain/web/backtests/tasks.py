# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The backtest as a background task (django-tasks), like the analysis runs."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_backtest(context: TaskContext, run_id: int) -> None:
    from coxswain.web.backtests.services import execute_backtest

    workers = context.task_result.worker_ids
    execute_backtest(run_id=run_id, worker=workers[-1] if workers else "")
