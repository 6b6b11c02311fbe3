# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The analysis as a background task (django-tasks; the database backend in production)."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_analysis(context: TaskContext, run_id: int) -> None:
    from coxswain.web.insights.services import execute_run

    workers = context.task_result.worker_ids
    execute_run(run_id=run_id, worker=workers[-1] if workers else "")
