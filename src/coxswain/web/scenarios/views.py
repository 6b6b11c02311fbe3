# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The Scenarios page: build scenarios with forms, run them against the baseline as a
background task, and compare up to four side by side."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coxswain.scenarios.load import ScenarioError
from coxswain.web import charts
from coxswain.web.access import member_view
from coxswain.web.insights.services import LimitReached
from coxswain.web.scenarios import selectors, services
from coxswain.web.scenarios.forms import (
    CHANGE_FORMS,
    RunForm,
    ScenarioForm,
    change_forms,
)
from coxswain.web.scenarios.models import SavedScenario, ScenarioRun
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.web.workbook_io import company_for


def _run_form(request: HttpRequest, data: Any = None) -> RunForm:
    choices = [(str(s.pk), s.name) for s in selectors.scenarios(org=request.org)]
    return RunForm(data, choices=choices)


def _page(request: HttpRequest, **extra: Any) -> HttpResponse:
    services.sweep_interrupted_scenario_runs(org=request.org)
    latest = selectors.latest_done(org=request.org)
    saved = selectors.scenarios(org=request.org)
    shown = selectors.page(latest) if latest is not None else None
    name = selectors.naming(org=request.org)  # changes with the strategy's names
    context = {
        "scenarios": [{"s": s, "changes": selectors.described(s, name)} for s in saved],
        "form": ScenarioForm(),
        "run_form": _run_form(request),
        "active_run": selectors.active(org=request.org),
        "latest": latest,
        "shown": shown,
        "fans": [
            {**c, "svg": charts.scenario_fan_chart(c)} for c in (shown or {}).get("charts", [])
        ],
        "legend": [
            {"name": n, "colour": charts.SCENARIO_COLOURS[i % len(charts.SCENARIO_COLOURS)]}
            for i, n in enumerate((shown or {}).get("names", []))
        ],
        **extra,
    }
    return render(
        request, "scenarios/page.html", context, status=400 if extra.get("problems") else 200
    )


@member_view(role="manager")
def page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@member_view(role="manager")
def new(request: HttpRequest) -> HttpResponse:
    form = ScenarioForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, problems=["name: give the scenario a name"])
    try:
        scenario = services.create_scenario(
            org=request.org,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
    except ScenarioError as exc:
        return _page(request, form=form, problems=[str(p) for p in exc.problems])
    return redirect("scenarios:edit", pk=scenario.pk)


def _edit(
    request: HttpRequest,
    scenario: SavedScenario,
    *,
    form: ScenarioForm | None = None,
    bound: Any = None,
    kind: str = "",
    problems: list[str] | None = None,
) -> HttpResponse:
    company = company_for(request.org)
    return render(
        request,
        "scenarios/edit.html",
        {
            "scenario": scenario,
            "form": form
            or ScenarioForm(initial={"name": scenario.name, "description": scenario.description}),
            "changes": selectors.described(scenario, selectors.naming(org=request.org)),
            "change_forms": change_forms(company, bound, kind),
            "open_kind": kind,
            "problems": problems or [],
        },
        status=400 if problems else 200,
    )


@member_view(role="manager")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_for_org_or_404(SavedScenario, org=request.org, pk=pk)
    if request.method != "POST":
        return _edit(request, scenario)
    form = ScenarioForm(request.POST)
    if not form.is_valid():
        return _edit(request, scenario, form=form, problems=["name: give the scenario a name"])
    try:
        services.update_scenario(
            org=request.org,
            scenario=scenario,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
    except ScenarioError as exc:
        return _edit(request, scenario, form=form, problems=[str(p) for p in exc.problems])
    return redirect("scenarios:edit", pk=scenario.pk)


@require_POST
@member_view(role="manager")
def add_change(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_for_org_or_404(SavedScenario, org=request.org, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in CHANGE_FORMS:
        return _edit(request, scenario, problems=[f"kind {kind!r} is not a kind of change"])
    form = CHANGE_FORMS[kind](request.POST, company=company_for(request.org))
    if not form.is_valid():
        problems = [
            f"{form[field].label if field in form.fields else field}: {' '.join(errors)}"
            for field, errors in form.errors.items()
        ]
        return _edit(request, scenario, bound=request.POST, kind=kind, problems=problems)
    try:
        services.add_change(org=request.org, scenario=scenario, change=form.to_change())
    except ScenarioError as exc:
        return _edit(
            request,
            scenario,
            bound=request.POST,
            kind=kind,
            problems=[str(p) for p in exc.problems],
        )
    return redirect("scenarios:edit", pk=scenario.pk)


@require_POST
@member_view(role="manager")
def remove_change(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    scenario = get_for_org_or_404(SavedScenario, org=request.org, pk=pk)
    services.remove_change(org=request.org, scenario=scenario, index=index)
    return redirect("scenarios:edit", pk=scenario.pk)


@require_POST
@member_view(role="manager")
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_for_org_or_404(SavedScenario, org=request.org, pk=pk)
    services.delete_scenario(org=request.org, scenario=scenario)
    return redirect("scenarios:page")


def _status(request: HttpRequest, run: ScenarioRun | None, refused: str = "") -> HttpResponse:
    return render(
        request,
        "scenarios/page.html#scenario-status",
        {"active_run": run, "refused": refused},
    )


@require_POST
@member_view(role="manager")
def start(request: HttpRequest) -> HttpResponse:
    form = _run_form(request, request.POST)
    refused = ""
    run = None
    if not form.is_valid():
        refused = "choose saved scenarios, and a whole number as the seed"
    else:
        try:
            run = services.start_run(
                org=request.org,
                user=request.user,
                scenario_ids=[int(i) for i in form.cleaned_data["scenarios"]],
                seed=form.cleaned_data["seed"],
            )
        except ScenarioError as exc:
            refused = "; ".join(p.message for p in exc.problems)
        except LimitReached as exc:
            refused = str(exc)
    if request.headers.get("HX-Request"):
        return _status(request, run, refused)
    if refused:
        return _page(request, refused=refused, run_form=form)
    return redirect("scenarios:page")


@member_view(role="manager")
def status(request: HttpRequest, pk: int) -> HttpResponse:
    services.sweep_interrupted_scenario_runs(org=request.org)
    run = get_for_org_or_404(ScenarioRun, org=request.org, pk=pk)
    response = _status(request, run)
    if run.status == "done":
        response["HX-Refresh"] = "true"  # show the new comparison
    return response
