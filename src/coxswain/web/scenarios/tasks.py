# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""A scenario comparison as a background task (django-tasks), like the analysis runs."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def run_scenarios(context: TaskContext, run_id: int) -> None:
    from coxswain.web.scenarios.services import execute_scenario_run

    workers = context.task_result.worker_ids
    execute_scenario_run(run_id=run_id, worker=workers[-1] if workers else "")
