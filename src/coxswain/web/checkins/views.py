# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from coxswain.web.access import member_view
from coxswain.web.checkins import selectors, services
from coxswain.web.checkins.models import CheckIn
from coxswain.web.privacy import labels
from coxswain.web.strategy.models import Person
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.web.workbook_io import company_mapping, show_survey_respondents
from coxswain.workbook import WorkbookError


@member_view()
def mine(request: HttpRequest) -> HttpResponse:
    """One screen: my goals' key results (value and confidence) and the pulse questions."""
    org = request.org
    person = request.membership.person
    if person is None:
        return render(request, "checkins/mine.html", {"person": None})
    goals = selectors.checkin_goals(org=org, person=person)
    errors: list[str] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        form = services.read_checkin_form(
            goals=goals, data=request.POST, words=selectors.company_words(org=org)
        )
        errors, typed = form.problems, form.typed
        if not errors and form.empty:
            errors = ["Nothing to save: type a new value or answer a question first."]
        if not errors:
            try:
                n = services.record_checkin(
                    org=org,
                    person=person,
                    updates=form.updates,
                    date=timezone.localdate(),
                    user=request.user,
                )
                k = services.answer_pulse(
                    org=org, person=person, answers=form.answers, date=timezone.localdate()
                )
            except WorkbookError as exc:
                errors = [str(p) for p in exc.problems]
            else:
                saved = [
                    *([f"{n} goal value{'s' if n != 1 else ''}"] if n else []),
                    *([f"{k} pulse answer{'s' if k != 1 else ''}"] if k else []),
                ]
                messages.success(request, f"Saved {' and '.join(saved)}.")
                return redirect("checkins:mine")
    return render(
        request,
        "checkins/mine.html",
        {
            "person": person,
            "errors": errors,
            "goals": _with_typed(goals, typed),
            "questions": [
                {"key": key, "text": text, "range": rng, "typed": typed.get(f"q-{key}", "")}
                for key, (text, rng) in services.PULSE_QUESTIONS.items()
            ],
            "recent": selectors.checkin_rows(
                org=org, checkins=selectors.recent_checkins(org=org, person=person)
            ),
            "show_respondents": show_survey_respondents(org),
        },
    )


def _with_typed(goals: list[dict[str, Any]], typed: dict[str, str]) -> list[dict[str, Any]]:
    """The goals with what was typed in each key result's boxes (after a refusal: shown
    again, so that nothing typed is lost); the stored value otherwise."""
    for g in goals:
        for i, kr in enumerate(g.get("key_results", [])):
            kr["typed"] = typed.get(f"kr-{g['id']}-{i}", kr.get("current"))
            kr["typed_confidence"] = typed.get(f"conf-{g['id']}-{i}", "")
    return goals


@member_view(role="manager")
def results(request: HttpRequest) -> HttpResponse:
    org = request.org
    return render(
        request,
        "checkins/results.html",
        {
            "survey": selectors.survey_results(org=org),
            "recent": selectors.checkin_rows(
                org=org, checkins=list(CheckIn.objects.for_org(org).select_related("person")[:50])
            ),
            "labels": labels(org=org),
        },
    )


@member_view(role="manager")
def person(request: HttpRequest, slug: str) -> HttpResponse:
    org = request.org
    p = get_for_org_or_404(Person, org=org, slug=slug)
    return render(
        request,
        "checkins/person.html",
        {
            "person": p,
            "recent": selectors.checkin_rows(
                org=org, checkins=selectors.recent_checkins(org=org, person=p, limit=100)
            ),
            "goals": selectors.my_goals(company=company_mapping(org), person=p),
            "labels": labels(org=org),
        },
    )
