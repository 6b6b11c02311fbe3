# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The start wizard: template → mission, values and objectives → a first analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coxswain.init.wizard import MAX_OBJECTIVES, MIN_OBJECTIVES, ObjectiveAnswer, ValueAnswer
from coxswain.tempfiles import built_file
from coxswain.web.access import member_view
from coxswain.web.accounts.selectors import SESSION_ORG
from coxswain.web.insights import services as insights
from coxswain.web.insights.forms import UploadForm
from coxswain.web.onboarding import selectors, services
from coxswain.web.onboarding.forms import (
    MissionForm,
    ObjectiveFormSet,
    TemplateForm,
    ValueFormSet,
    count_objectives,
)
from coxswain.web.strategy.services import Invalid
from coxswain.wording.glossary import PERSPECTIVE_MEANING, STRATEGY_HELP

CHOSEN = "coxswain:start"


@member_view(role="manager")
def start(request: HttpRequest) -> HttpResponse:
    """Step 1: the template closest to the business, and a few answers for the draft."""
    org = request.org
    templates = selectors.templates()
    chosen = request.session.get(CHOSEN) or {}
    form = TemplateForm(
        request.POST or None,
        templates=templates,
        initial={"currency": "USD", **chosen},
    )
    if request.method == "POST" and form.is_valid():
        request.session[CHOSEN] = dict(form.cleaned_data)
        return redirect("onboarding:wizard")
    return render(
        request,
        "onboarding/start.html",
        {"form": form, "has_strategy": selectors.has_strategy(org=org), "step": 1},
    )


def _answers(request: HttpRequest) -> dict[str, Any] | None:
    chosen = request.session.get(CHOSEN)
    if not chosen or chosen.get("template") not in selectors.templates():
        return None
    return dict(chosen)


@member_view(role="manager")
def wizard(request: HttpRequest) -> HttpResponse:
    """Step 2: mission, values and three to five objectives, with plain help."""
    org = request.org
    chosen = _answers(request)
    if chosen is None:
        return redirect("onboarding:start")
    if selectors.has_strategy(org=org):
        messages.info(request, "You have a strategy already: change it in the editor.")
        return redirect("onboarding:first")
    initial = selectors.wizard_initial(
        template=chosen["template"], answers={**chosen, "name": org.name}
    )
    data = request.POST if request.method == "POST" else None
    mission = MissionForm(data, initial={"mission": initial["mission"]})
    values = ValueFormSet(data, initial=initial["values"], prefix="v")
    objectives = ObjectiveFormSet(data, initial=initial["objectives"], prefix="o")
    problems: list[str] = []
    if data is not None and mission.is_valid() and values.is_valid() and objectives.is_valid():
        value_rows = [f for f in values.forms if f.cleaned_data.get("name")]
        objective_rows = [f for f in objectives.forms if f.filled()]
        counted = count_objectives(objectives)
        if counted:
            problems.append(counted)
        else:
            try:
                n = services.start_strategy(
                    org=org,
                    user=request.user,
                    template=chosen["template"],
                    answers=chosen,
                    mission=mission.cleaned_data["mission"],
                    values=[
                        ValueAnswer(
                            name=f.cleaned_data["name"],
                            statement=f.cleaned_data.get("statement") or "",
                            id=f.cleaned_data.get("id") or "",
                        )
                        for f in value_rows
                    ],
                    objectives=[
                        ObjectiveAnswer(
                            name=f.cleaned_data["name"],
                            perspective=f.cleaned_data.get("perspective") or None,
                            weight=f.cleaned_data["weight"]
                            if f.cleaned_data.get("weight") is not None
                            else 1.0,
                            lag_months=f.cleaned_data.get("lag_months") or 0,
                            id=f.cleaned_data.get("id") or "",
                        )
                        for f in objective_rows
                    ],
                )
            except Invalid as invalid:
                rows = {"values": value_rows, "objectives": objective_rows}
                for name, errors in invalid.errors.items():
                    kind, _, rest = name.partition(".")
                    index, _, field = rest.partition(".")
                    for e in errors:
                        if kind in rows and index.isdigit() and int(index) < len(rows[kind]):
                            row = rows[kind][int(index)]
                            row.add_error(field if field in row.fields else None, e)
                        elif name == "mission":
                            mission.add_error("mission", e)
                        else:
                            problems.append(e)
            else:
                messages.success(request, f"Your strategy is started: {n} parts written.")
                return redirect("onboarding:first")
    return render(
        request,
        "onboarding/wizard.html",
        {
            "mission": mission,
            "values": values,
            "objectives": objectives,
            "problems": problems,
            "help": STRATEGY_HELP,
            "perspectives": PERSPECTIVE_MEANING,
            "min_objectives": MIN_OBJECTIVES,
            "max_objectives": MAX_OBJECTIVES,
            "template": selectors.templates()[chosen["template"]],
            "step": 2,
        },
        status=400 if data is not None else 200,
    )


@member_view(role="manager")
def first(request: HttpRequest) -> HttpResponse:
    """Step 3: a first analysis, on the sample data or the owner's own workbook."""
    chosen = _answers(request) or {}
    return render(
        request,
        "onboarding/first.html",
        {
            "upload": UploadForm(),
            "has_sample": selectors.sample_folder(template=chosen.get("template")) is not None,
            "has_strategy": selectors.has_strategy(org=request.org),
            "step": 3,
        },
    )


@member_view(role="manager")
def sample_xlsx(request: HttpRequest) -> HttpResponse:
    """A workbook to fill in, as ``coxswain init --xlsx`` writes it: the organisation's
    strategy (or the chosen template's starter) with a sheet per table, each column
    explained, and an instructions sheet."""
    from coxswain.init import write_xlsx

    chosen = _answers(request) or {}
    company = selectors.fill_in_company(
        org=request.org, template=chosen.get("template"), answers=chosen
    )
    title = selectors.templates().get(chosen.get("template", ""), "")
    stream = built_file(
        "sample",
        suffix=".xlsx",
        build=lambda path: write_xlsx(company, path, template_title=title, force=True),
    )
    return FileResponse(stream, as_attachment=True, filename="coxswain-workbook.xlsx")


@require_POST
@member_view(role="manager")
def sample(request: HttpRequest) -> HttpResponse:
    """A sample organisation with the example workbook closest to the chosen template, its
    analysis started, and the user switched to it (their own organisation is untouched)."""
    chosen = _answers(request) or {}
    folder = selectors.sample_folder(template=chosen.get("template"))
    if folder is None:
        messages.error(request, "The sample data is not installed here; upload your workbook.")
        return redirect("onboarding:first")
    membership = services.open_sample(user=request.user, folder=folder)
    request.session[SESSION_ORG] = membership.org_id
    try:
        insights.start_analysis(org=membership.org, user=request.user)
    except insights.LimitReached as exc:
        messages.error(request, f"The analysis did not start: {exc}.")
    else:
        messages.success(
            request,
            f"This is {membership.org.name}, made up to show what Coxswain finds. Switch back "
            "to your own organisation at the top of the page.",
        )
    return redirect("insights:dashboard")
