# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What backtests hold about a person: a stored backtest whose warnings, actions or page name
them (a finding id can carry a person's id, an action's title their name)."""

from __future__ import annotations

from typing import Any

from coxswain.web.backtests.models import BacktestRun
from coxswain.web.persondata import Source, Subject, register

REMOVED = "result removed when a person named in it was forgotten; run the backtest again"


def _runs(subject: Subject) -> list[BacktestRun]:
    return [
        run
        for run in BacktestRun.objects.for_org(subject.org)
        if any(
            subject.mentioned_in(text)
            for text in (run.result, run.page, run.headline, run.error, run.stage)
        )
    ]


def _find(subject: Subject) -> list[dict[str, Any]]:
    return [{"backtest": run.pk, "created": run.created} for run in _runs(subject)]


def _erase(subject: Subject) -> int:
    """A backtest that names them is dropped whole, like an analysis result: it holds
    warnings about them that no string replacement can be trusted to find."""
    n = 0
    for run in _runs(subject):
        run.result = ""
        run.page = ""
        run.headline = ""
        run.error = REMOVED
        run.stage = "result removed"
        run.save(update_fields=["result", "page", "headline", "error", "stage"])
        n += 1
    return n


register(
    Source(
        name="backtests",
        models=(BacktestRun,),
        find=_find,
        erase=_erase,
        order=30,
        describe="stored backtests whose warnings or actions name them",
    )
)
