# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What scenarios hold about a person: a saved scenario whose name or description names
them (free text the owner typed), and a stored comparison whose findings or page name them."""

from __future__ import annotations

from typing import Any

from coxswain.web.insights.persondata import _redacting
from coxswain.web.persondata import Source, Subject, register
from coxswain.web.scenarios.models import SavedScenario, ScenarioRun

REMOVED = "result removed when a person named in it was forgotten; run the comparison again"


def _runs(subject: Subject) -> list[ScenarioRun]:
    return [
        run
        for run in ScenarioRun.objects.for_org(subject.org)
        if any(
            subject.mentioned_in(text)
            for text in (run.result, run.page, run.error, run.stage, run.scenarios)
        )
    ]


def _find_runs(subject: Subject) -> list[dict[str, Any]]:
    return [{"scenario_run": run.pk, "created": run.created} for run in _runs(subject)]


def _erase_runs(subject: Subject) -> int:
    """A comparison that names them is dropped whole, like an analysis result."""
    n = 0
    for run in _runs(subject):
        run.result = ""
        run.page = ""
        run.scenarios = subject.redact(run.scenarios)
        run.error = REMOVED
        run.stage = "result removed"
        run.save(update_fields=["result", "page", "scenarios", "error", "stage"])
        n += 1
    return n


_find_saved, _erase_saved = _redacting(SavedScenario, ("name", "description", "changes"))
register(
    Source(
        name="saved scenarios",
        models=(SavedScenario,),
        find=_find_saved,
        erase=_erase_saved,
        order=30,
        describe="saved scenarios whose name or description names them",
    )
)
register(
    Source(
        name="scenario comparisons",
        models=(ScenarioRun,),
        find=_find_runs,
        erase=_erase_runs,
        order=30,
        describe="stored scenario comparisons that name them",
    )
)
