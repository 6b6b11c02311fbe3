# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

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
    if request.method == "POST":
        updates: list[services.KrUpdate] = []
        for g in goals:
            for i, kr in enumerate(g.get("key_results", [])):
                if kr.get("measured_by"):  # its KPI measures it: nothing to type
                    continue
                raw = request.POST.get(f"kr-{g['id']}-{i}", "").strip()
                conf = request.POST.get(f"conf-{g['id']}-{i}", "").strip()
                if raw == "" or (
                    kr.get("current") is not None and float(raw or 0) == kr["current"] and not conf
                ):
                    continue
                try:
                    value = float(raw)
                    confidence = int(conf) if conf else None
                except ValueError:
                    errors.append(
                        f"{kr['title']}: {raw!r} is not a number; type a plain number "
                        "such as 42 or 3.5."
                    )
                    continue
                if confidence is not None and not 1 <= confidence <= 5:
                    errors.append(f"{kr['title']}: choose a confidence from 1 to 5.")
                    continue
                updates.append(
                    services.KrUpdate(
                        goal=g["id"], key_result=i, value=value, confidence=confidence
                    )
                )
        answers = {q: request.POST.get(f"q-{q}", "") for q in services.PULSE_QUESTIONS}
        for q, (text, rng) in services.PULSE_QUESTIONS.items():
            a = answers[q].strip()
            if rng and a and (not a.isdigit() or not rng[0] <= int(a) <= rng[1]):
                errors.append(
                    f"“{text}”: {a!r} is not an answer; type a whole number from "
                    f"{rng[0]} to {rng[1]}."
                )
        if not errors:
            try:
                n = services.record_checkin(
                    org=org,
                    person=person,
                    updates=updates,
                    date=timezone.localdate(),
                    user=request.user,
                )
                k = services.answer_pulse(
                    org=org, person=person, answers=answers, date=timezone.localdate()
                )
            except WorkbookError as exc:
                errors = [str(p) for p in exc.problems]
            else:
                messages.success(
                    request,
                    f"Saved {n} key result update{'s' if n != 1 else ''} "
                    f"and {k} pulse answer{'s' if k != 1 else ''}.",
                )
                return redirect("checkins:mine")
    return render(
        request,
        "checkins/mine.html",
        {
            "person": person,
            "goals": goals,
            "errors": errors,
            "questions": services.PULSE_QUESTIONS,
            "recent": selectors.checkin_rows(
                org=org, checkins=selectors.recent_checkins(org=org, person=person)
            ),
            "show_respondents": show_survey_respondents(org),
        },
    )


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
