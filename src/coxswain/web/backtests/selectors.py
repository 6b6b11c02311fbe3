# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What the backtest page and the API read."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from coxswain.web.backtests.models import BacktestRun
from coxswain.web.insights.models import RunStatus

if TYPE_CHECKING:
    from coxswain.web.accounts.models import Organisation


def runs(*, org: Organisation, limit: int = 20) -> list[BacktestRun]:
    """The organisation's backtests, latest first (without their stored results)."""
    return list(BacktestRun.objects.for_org(org).defer("result", "page")[:limit])


def latest_done(*, org: Organisation) -> BacktestRun | None:
    run: BacktestRun | None = BacktestRun.objects.for_org(org).filter(status=RunStatus.done).first()
    return run


def active(*, org: Organisation) -> BacktestRun | None:
    """The backtest queued or running, if any."""
    run: BacktestRun | None = (
        BacktestRun.objects.for_org(org)
        .filter(status__in=[RunStatus.queued, RunStatus.running])
        .defer("result", "page")
        .first()
    )
    return run


def page(run: BacktestRun) -> dict[str, Any] | None:
    """The page's words as stored (coxswain.backtest.render.context)."""
    return json.loads(run.page) if run.page else None


def result(run: BacktestRun) -> dict[str, Any] | None:
    """The backtest's JSON as stored (the documented format, docs/backtest.md)."""
    return json.loads(run.result) if run.result else None
