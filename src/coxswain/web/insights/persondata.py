# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What insights hold about a person: stored analysis results and reports that name them,
dismissal reasons, actions, strategic review notes and the task queue's records."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import models
from django_tasks_db.models import DBTaskResult

from coxswain.web.insights.models import Action, AnalysisRun, Dismissal, StrategicReview
from coxswain.web.persondata import Source, Subject, register

REMOVED = "result removed when a person named in it was forgotten; run the analysis again"


def _runs(subject: Subject) -> list[AnalysisRun]:
    return [
        run
        for run in AnalysisRun.objects.for_org(subject.org)
        if subject.mentioned_in(run.result)
        or subject.mentioned_in(run.report)
        or subject.mentioned_in(run.error)
        or subject.mentioned_in(run.components)
    ]


def _find_runs(subject: Subject) -> list[dict[str, Any]]:
    out = []
    for run in _runs(subject):
        findings = [f for f in (run.result or {}).get("findings", []) if subject.mentioned_in(f)]
        out.append(
            {
                "run": run.pk,
                "created": run.created,
                "as_of": run.as_of,
                "findings_naming_them": findings,
                "report_names_them": subject.mentioned_in(run.report),
            }
        )
    return out


def _erase_runs(subject: Subject) -> int:
    """A stored result or report that names them is dropped whole (not rewritten: a result
    holds figures about them, such as a person's place in the network, that no string
    replacement can be trusted to find). The run keeps its date, index and components (the
    history chart) and says why its result is gone."""
    n = 0
    for run in _runs(subject):
        run.result = None
        run.report = ""
        run.error = REMOVED
        run.stage = "result removed"
        if subject.mentioned_in(run.components):
            run.components = None
        run.save(update_fields=["result", "report", "error", "stage", "components"])
        n += 1
    return n


def _redacting(model: type[models.Model], fields: tuple[str, ...]) -> tuple[Any, Any]:
    def rows(subject: Subject) -> list[Any]:
        return [
            row
            for row in model.objects.for_org(subject.org)
            if any(subject.mentioned_in(getattr(row, f)) for f in fields)
        ]

    def find(subject: Subject) -> list[dict[str, Any]]:
        return [{"id": row.pk, **{f: getattr(row, f) for f in fields}} for row in rows(subject)]

    def erase(subject: Subject) -> int:
        found = rows(subject)
        for row in found:
            for f in fields:
                setattr(row, f, subject.redact(getattr(row, f)))
            row.save(update_fields=list(fields))
        return len(found)

    return find, erase


for _model, _fields, _name, _describe in (
    (
        Dismissal,
        ("finding_id", "subjects", "evidence", "reason"),
        "dismissals",
        "dismissed findings and reasons that name them",
    ),
    (Action, ("finding_id", "title"), "actions", "actions whose title names them"),
    (StrategicReview, ("notes",), "strategic reviews", "review notes that name them"),
):
    _find, _erase = _redacting(_model, _fields)
    register(
        Source(name=_name, models=(_model,), find=_find, erase=_erase, order=30, describe=_describe)
    )


# A task record's payload: where a name could be. Its bookkeeping (queue, backend, status,
# task path, worker ids) names no person and may match a short name ("default").
TASK_PAYLOAD = ("args_kwargs", "return_value", "exception_class_path", "traceback")


def _task_rows(subject: Subject) -> list[Any]:
    """The task queue is not per organisation: only the records of the organisation's own
    analysis runs are looked at, and a record names them when its arguments, return value or
    traceback does (an analysis task carries only a run id)."""
    ids = []
    for task in AnalysisRun.objects.for_org(subject.org).values_list("task_id", flat=True):
        try:
            ids.append(uuid.UUID(task))
        except ValueError:  # no task (empty) or another backend's id: not in this queue
            continue
    return [
        row
        for row in DBTaskResult.objects.filter(pk__in=ids)
        if any(subject.mentioned_in(json.dumps(getattr(row, f), default=str)) for f in TASK_PAYLOAD)
    ]


register(
    Source(
        name="analysis runs",
        models=(AnalysisRun,),
        find=_find_runs,
        erase=_erase_runs,
        order=30,
        describe="stored analysis results and reports that name them",
    )
)
register(
    Source(
        name="task records",
        models=(DBTaskResult,),
        find=lambda subject: [
            {"task": str(r.pk), "task_path": r.task_path} for r in _task_rows(subject)
        ],
        erase=lambda subject: sum(
            DBTaskResult.objects.filter(pk=r.pk).delete()[0] for r in _task_rows(subject)
        ),
        order=30,
        describe="records of background tasks that name them",
    )
)
