# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""/api/backtests: start a backtest ("how good are our warnings?"), follow it, read it."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import field_validator

from coxswain.web.api.api import COMMON, ErrorOut, _member
from coxswain.web.backtests import selectors, services
from coxswain.web.backtests.models import BacktestRun
from coxswain.web.insights.services import AsOfRefused, LimitReached
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.workbook.limits import date_in_range, date_range_message

router = Router(tags=["backtests"])


class BacktestOut(Schema):
    id: int
    status: str
    progress: int
    stage: str
    every: str
    start: dt.date | None
    created: dt.datetime
    finished: dt.datetime | None
    headline: str


class BacktestDetailOut(BacktestOut):
    error: str
    result: dict[str, Any] | None  # the backtest's JSON (docs/backtest.md), once done


class BacktestIn(Schema):
    every: Literal["month", "quarter"] = "quarter"
    start: dt.date | None = None

    @field_validator("start")
    @classmethod
    def _in_range(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and not date_in_range(v):
            raise ValueError(date_range_message(v))
        return v


@router.get(
    "",
    response={200: list[BacktestOut], 403: ErrorOut, **COMMON},
    summary="The backtests",
    operation_id="list_backtests",
)
def backtests(request: HttpRequest) -> Status[Any]:
    """The organisation's backtests, latest first (at most 20)."""
    membership = _member(request, "manager")
    return Status(200, selectors.runs(org=membership.org))


@router.post(
    "",
    operation_id="start_backtest",
    response={202: BacktestOut, 403: ErrorOut, 429: ErrorOut, **COMMON},
    summary="Start a backtest",
)
def start_backtest(request: HttpRequest, body: BacktestIn) -> Status[Any]:
    """Replays the analysis at every month or quarter end from ``start`` (default: twelve
    months into the history) as a background task. Refused with 429 while a backtest is
    queued or running, with 400 for a ``start`` outside the data."""
    membership = _member(request, "manager")
    try:
        run = services.start_backtest(
            org=membership.org, user=membership.user, every=body.every, start=body.start
        )
    except LimitReached as exc:
        return Status(429, {"detail": str(exc), "problems": []})
    except AsOfRefused as exc:
        return Status(400, {"detail": str(exc)})
    return Status(202, run)


@router.get(
    "/{backtest_id}",
    operation_id="get_backtest",
    response={200: BacktestDetailOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
    summary="A backtest, with its result once done",
    url_name="backtest",
)
def backtest(request: HttpRequest, backtest_id: int) -> Status[Any]:
    membership = _member(request, "manager")
    try:
        run = get_for_org_or_404(BacktestRun, org=membership.org, pk=backtest_id)
    except Http404:
        return Status(404, {"detail": "no such backtest", "problems": []})
    shown = BacktestOut.model_validate(run).model_dump()
    return Status(200, {**shown, "error": run.error, "result": selectors.result(run)})
