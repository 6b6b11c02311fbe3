# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The JSON API (django-ninja): personal API tokens push KPI values and read findings.
OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import field_validator

from coxswain.web.accounts.models import ApiToken, Membership, hash_token
from coxswain.web.accounts.selectors import membership_for_token
from coxswain.web.api.parser import BoundedJsonParser, body_problem
from coxswain.web.insights import selectors, services
from coxswain.web.insights.models import AnalysisRun
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.web.workbook_io import company_for
from coxswain.workbook import WorkbookError
from coxswain.workbook.limits import date_in_range, date_range_message


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Membership | None:
        membership = membership_for_token(token=token)
        if membership is not None:
            ApiToken.dangerously_unscoped.filter(token_hash=hash_token(token)).update(
                last_used=timezone.now()
            )
        return membership


api = NinjaAPI(
    title="Coxswain API",
    version="1",
    auth=TokenAuth(),
    urls_namespace="api",
    parser=BoundedJsonParser(),
    description="Push KPI values and read the analysis. Send `Authorization: Bearer <token>` "
    "(create a token under Settings).",
)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> Any:
    """django-ninja's answer to an HttpError, except that a body refused by the bounded
    parser says why (too deep, too large, not JSON) instead of "Cannot parse request body"."""
    detail = body_problem(exc) or exc.message
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> Any:
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before the parser sees it."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = f"the body is over the limit of {limit:,} bytes"
    return api.create_response(request, {"detail": detail}, status=400)


def _member(request: HttpRequest, role: str = "employee") -> Membership:
    membership: Membership = request.auth
    if not membership.at_least(role):
        raise HttpError(403, f"this needs the {role} role")
    return membership


class KpiValueIn(Schema):
    date: dt.date
    kpi: str
    value: float


class KpiValuesOut(Schema):
    stored: int


class Problem(Schema):
    problem: str


class ErrorOut(Schema):
    detail: str
    problems: list[str] = Field(default_factory=list)


class Unauthorized(Schema):
    detail: str


class InvalidRequest(Schema):
    detail: list[dict[str, Any]]


COMMON: dict[int, Any] = {400: Unauthorized, 401: Unauthorized, 422: InvalidRequest}


class DismissedOut(Schema):
    reason: str
    by: str
    on: dt.date


class FindingOut(Schema):
    id: str
    kind: str
    kind_name: str = Field(description="The kind's plain name, as the pages show it")
    severity: str
    subjects: list[str]
    title: str
    summary: str = Field(
        description="One plain sentence with the number that matters, in the words of the "
        "dashboard, the report and the e-mail digest (coxswain.wording)"
    )
    evidence: dict[str, Any]
    recommendation: str
    dismissed: DismissedOut | None


class PlanStepOut(Schema):
    action: str
    finding: str
    expected_gain: float


class StakeOut(Schema):
    index_points: float
    money: float | None = None
    currency: str | None = None
    money_basis: str | None = None


class StoryOut(Schema):
    id: str
    title: str
    cause: list[str]
    findings: list[str]
    stake: StakeOut
    confidence: str
    recommendation: str
    first_step: str


class ResultOut(Schema):
    as_of: dt.date | None
    alignment_index: float | None
    alignment_band: str | None = None
    alignment_range: tuple[float, float] | None = None
    components: dict[str, float | None]
    findings: list[FindingOut]
    plan: list[PlanStepOut] = Field(default_factory=list)
    # the findings grouped by cause, most at stake first (shared/spec/findings.md)
    stories: list[StoryOut] = Field(default_factory=list)


class RunOut(Schema):
    id: int
    status: str
    progress: int
    stage: str
    as_of: dt.date | None
    alignment_index: float | None
    alignment_band: str | None = None


class RunIn(Schema):
    as_of: dt.date | None = None

    @field_validator("as_of")
    @classmethod
    def _in_range(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and not date_in_range(v):
            raise ValueError(date_range_message(v))
        return v


class KpiOut(Schema):
    id: str
    name: str
    objective: str
    unit: str | None = None
    target: float | None = None
    latest_date: dt.date | None = None
    latest_value: float | None = None
    status: str = Field(
        description="on_target, amber, off_track, stale, no_data or no_target (with the "
        "deadline and staleness), as of the latest analysis or the newest value since"
    )
    colour: str = Field(description="green, amber, red or grey")


class ObjectiveOut(Schema):
    id: str
    name: str
    status: str = Field(
        description="on_track, amber, off_track or no_data, as of the latest analysis"
    )
    colour: str = Field(description="green, amber, red or grey")
    progress: float | None = Field(
        description="0–1 from the goals as they are now, or null where none is measurable"
    )


@api.post(
    "/kpi-values",
    operation_id="push_kpi_values",
    tags=["analysis"],
    response={**COMMON, 200: KpiValuesOut, 400: ErrorOut, 403: ErrorOut},
    summary="Add or replace KPI values",
)
def push_kpi_values(request: HttpRequest, values: list[KpiValueIn]) -> Status[Any]:
    membership = _member(request, "manager")
    if len(values) > 10000:
        return Status(400, {"detail": "at most 10000 values per request", "problems": []})
    records = [(i, v.date.isoformat(), v.kpi, repr(v.value)) for i, v in enumerate(values)]
    try:
        stored = services.store_kpi_values(org=membership.org, records=records, source="values")
    except WorkbookError as exc:
        return Status(
            400,
            {
                "detail": "the values were refused; nothing was stored",
                "problems": [str(p) for p in exc.problems],
            },
        )
    return Status(200, {"stored": stored})


@api.get(
    "/kpis",
    operation_id="list_kpi_statuses",
    tags=["analysis"],
    response={200: list[KpiOut], 401: Unauthorized},
    summary="The strategy's KPIs with their latest values",
)
def kpis(request: HttpRequest) -> list[dict[str, Any]]:
    membership = _member(request)
    org = membership.org
    tiles = selectors.kpi_tiles(
        org=org, company=company_for(org), result=selectors.latest_result(org=org)
    )
    return [
        {
            **{k: getattr(t.kpi, k) for k in ("id", "name", "objective", "unit", "target")},
            "latest_date": t.points[-1][0] if t.points else None,
            "latest_value": t.latest,
            "status": t.state,
            "colour": t.colour,
        }
        for t in tiles
    ]


@api.get(
    "/objectives",
    operation_id="list_objective_statuses",
    tags=["analysis"],
    response={200: list[ObjectiveOut], 401: Unauthorized},
    summary="The strategy's objectives with their status and progress",
)
def objectives(request: HttpRequest) -> list[dict[str, Any]]:
    from coxswain.web.strategy.selectors import objectives as objective_rows

    org = _member(request).org
    rows = objective_rows(company=company_for(org), result=selectors.latest_result(org=org))
    return [
        {
            "id": o.id,
            "name": o.name,
            "status": o.status.value,
            "colour": o.colour,
            "progress": o.progress,
        }
        for o in rows
    ]


@api.get(
    "/findings",
    operation_id="get_findings",
    tags=["analysis"],
    response={200: ResultOut, 403: ErrorOut, 401: Unauthorized},
    summary="The latest analysis and its findings",
)
def findings(request: HttpRequest) -> Status[Any]:
    membership = _member(request, "manager")
    run = selectors.latest_run(org=membership.org)
    if run is None:
        return Status(
            200, {"as_of": None, "alignment_index": None, "components": {}, "findings": []}
        )
    result = selectors.run_result(org=membership.org, run=run)  # with dismissals
    stored = result.to_json() if result is not None else {}
    return Status(
        200,
        {
            "as_of": run.as_of,
            "alignment_index": run.alignment_index,
            "alignment_band": stored.get("alignment_band"),
            "alignment_range": stored.get("alignment_range"),
            "components": stored.get("components", {}),
            "findings": [
                {
                    **{k: f[k] for k in FindingOut.model_fields if k in f},
                    "kind_name": f["plain"].kind_name,
                }
                for f in selectors.findings_view(org=membership.org, run=run, result=result)
            ],
            "plan": stored.get("plan", []),
            "stories": stored.get("stories", []),
        },
    )


@api.post(
    "/analyses",
    operation_id="start_analysis",
    tags=["analysis"],
    response={202: RunOut, 403: ErrorOut, 429: ErrorOut, **COMMON},
    summary="Start an analysis",
)
def start(request: HttpRequest, body: RunIn) -> Status[Any]:
    """Refused with 429 while the organisation has its limit of analyses queued or running
    (or its stored data is over its limit), and with 400 for an ``as_of`` outside the data
    (before its first dated row or after its latest)."""
    membership = _member(request, "manager")
    try:
        run = services.start_analysis(org=membership.org, user=membership.user, as_of=body.as_of)
    except services.LimitReached as exc:
        return Status(429, {"detail": str(exc), "problems": []})
    except services.AsOfRefused as exc:
        return Status(400, {"detail": str(exc)})
    return Status(202, run)


@api.get(
    "/analyses/{run_id}",
    operation_id="get_analysis",
    tags=["analysis"],
    response={200: RunOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
    summary="An analysis run",
)
def run(request: HttpRequest, run_id: int) -> Status[Any]:
    membership = _member(request, "manager")
    try:
        return Status(200, get_for_org_or_404(AnalysisRun, org=membership.org, pk=run_id))
    except Http404:
        return Status(404, {"detail": "no such analysis run", "problems": []})


from coxswain.web.api.backtests import router as backtests_router  # noqa: E402

api.add_router("/backtests", backtests_router)
from coxswain.web.api.scenarios import router as scenarios_router  # noqa: E402

api.add_router("/scenarios", scenarios_router)
# Every object the web app edits (strategy elements, company, people, check-ins, actions,
# dismissals): coxswain.web.api.objects registers its routes on this API.
# Comments on findings, stories, goals and actions, and the caller's notifications.
from coxswain.web.api import comments as _comments  # noqa: E402, F401
from coxswain.web.api import objects as _objects  # noqa: E402, F401

# The organisation's outgoing webhook endpoints and their deliveries (owners).
from coxswain.web.api import webhooks as _webhooks  # noqa: E402, F401
