# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""/api/scenarios: save scenarios (checked like the scenario file, every problem placed),
read and delete them, compare up to four with the baseline as a background task, and read
the comparison's JSON (docs/scenarios.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from coxswain.scenarios.load import ScenarioError
from coxswain.web.api.api import COMMON, ErrorOut, _member
from coxswain.web.insights.services import LimitReached
from coxswain.web.scenarios import selectors, services
from coxswain.web.scenarios.models import SavedScenario, ScenarioRun
from coxswain.web.tenancy import get_for_org_or_404

router = Router(tags=["scenarios"])


class ScenarioIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=2000)
    # Each change as one item of a scenario file's ``changes:`` (docs/scenarios.md), for
    # example {"kind": "move_budget", "from": "ads", "to": "training", "amount": 5000}.
    changes: list[dict[str, Any]] = Field(default_factory=list, max_length=100)


class ScenarioOut(Schema):
    id: int
    name: str
    description: str
    changes: list[dict[str, Any]]
    created: dt.datetime
    updated: dt.datetime


class ScenarioRunIn(Schema):
    scenarios: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        default_factory=list, max_length=4
    )
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    paths: int | None = Field(default=None, ge=1000, le=100_000)


class ScenarioRunOut(Schema):
    id: int
    status: str
    progress: int
    stage: str
    seed: int
    paths: int
    names: list[str]
    created: dt.datetime
    finished: dt.datetime | None

    @staticmethod
    def resolve_names(obj: ScenarioRun | dict[str, Any]) -> list[str]:
        items = obj["scenarios"] if isinstance(obj, dict) else obj.scenarios
        return [str(s.get("name", "")) for s in items]


class ScenarioRunDetailOut(ScenarioRunOut):
    error: str
    result: dict[str, Any] | None  # the comparison's JSON (docs/scenarios.md), once done


def _refused(exc: ScenarioError) -> dict[str, Any]:
    n = len(exc.problems)
    return {
        "detail": f"the scenario has {n} problem{'s' if n != 1 else ''}",
        "problems": [str(p) for p in exc.problems],
    }


@router.get(
    "",
    response={200: list[ScenarioOut], 403: ErrorOut, **COMMON},
    summary="Scenarios",
    operation_id="list_scenarios",
)
def scenarios(request: HttpRequest) -> Status[Any]:
    """The organisation's saved scenarios, by name."""
    membership = _member(request, "manager")
    return Status(200, selectors.scenarios(org=membership.org))


@router.post(
    "",
    operation_id="create_scenario",
    response={**COMMON, 201: ScenarioOut, 400: ErrorOut, 403: ErrorOut},
    summary="Save a scenario",
)
def create_scenario(request: HttpRequest, body: ScenarioIn) -> Status[Any]:
    """Checked against the workbook as the scenario file is: refused with 400 and every
    problem placed (``scenario: changes[1].amount: ...``), nothing stored."""
    membership = _member(request, "manager")
    try:
        saved = services.create_scenario(
            org=membership.org,
            name=body.name,
            description=body.description,
            changes=body.changes,
        )
    except ScenarioError as exc:
        return Status(400, _refused(exc))
    return Status(201, saved)


@router.get(
    "/runs",
    response={200: list[ScenarioRunOut], 403: ErrorOut, **COMMON},
    summary="Scenario runs",
    operation_id="list_scenario_runs",
)
def runs(request: HttpRequest) -> Status[Any]:
    """The organisation's comparisons, latest first (at most 20)."""
    membership = _member(request, "manager")
    return Status(200, selectors.runs(org=membership.org))


@router.post(
    "/runs",
    operation_id="start_scenario_run",
    response={**COMMON, 202: ScenarioRunOut, 400: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    summary="Compare scenarios with the baseline",
)
def start_run(request: HttpRequest, body: ScenarioRunIn) -> Status[Any]:
    """Runs the chosen saved scenarios (none: the baseline alone; at most four) against the
    baseline as a background task. 429 while a comparison is queued or running; 400 for a
    scenario that is not the organisation's."""
    membership = _member(request, "manager")
    try:
        run = services.start_run(
            org=membership.org,
            user=membership.user,
            scenario_ids=body.scenarios,
            seed=body.seed,
            paths=body.paths,
        )
    except LimitReached as exc:
        return Status(429, {"detail": str(exc), "problems": []})
    except ScenarioError as exc:
        return Status(400, _refused(exc))
    return Status(202, run)


@router.get(
    "/runs/{run_id}",
    operation_id="get_scenario_run",
    response={200: ScenarioRunDetailOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
    summary="A comparison, with its JSON once done",
    url_name="scenario_run",
)
def run(request: HttpRequest, run_id: int) -> Status[Any]:
    membership = _member(request, "manager")
    try:
        found = get_for_org_or_404(ScenarioRun, org=membership.org, pk=run_id)
    except Http404:
        return Status(404, {"detail": "no such scenario run", "problems": []})
    shown = ScenarioRunOut.model_validate(found).model_dump()
    return Status(
        200,
        {
            **shown,
            "scenarios": found.scenarios,
            "error": found.error,
            "result": selectors.result(found),
        },
    )


# After /runs: Django tries the routes in order, and /{scenario_id} would take "runs".
@router.get(
    "/{scenario_id}",
    operation_id="get_scenario",
    response={200: ScenarioOut, 403: ErrorOut, 404: ErrorOut, **COMMON},
    summary="A scenario",
    url_name="scenario",
)
def scenario(request: HttpRequest, scenario_id: int) -> Status[Any]:
    membership = _member(request, "manager")
    try:
        return Status(200, get_for_org_or_404(SavedScenario, org=membership.org, pk=scenario_id))
    except Http404:
        return Status(404, {"detail": "no such scenario", "problems": []})


@router.delete(
    "/{scenario_id}",
    operation_id="delete_scenario",
    response={204: None, 403: ErrorOut, 404: ErrorOut, **COMMON},
    summary="Delete a scenario",
    url_name="scenario",
)
def delete_scenario(request: HttpRequest, scenario_id: int) -> Status[Any]:
    membership = _member(request, "manager")
    try:
        found = get_for_org_or_404(SavedScenario, org=membership.org, pk=scenario_id)
    except Http404:
        return Status(404, {"detail": "no such scenario", "problems": []})
    services.delete_scenario(org=membership.org, scenario=found)
    return Status(204, None)
