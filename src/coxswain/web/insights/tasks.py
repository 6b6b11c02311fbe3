# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The analysis as a background task (django-tasks; the database backend in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_analysis(run_id: int) -> None:
    from coxswain.web.insights.services import execute_run

    execute_run(run_id=run_id)
