# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coxswain.analysis.rules import ObjectiveStatus
from coxswain.web.access import member_view
from coxswain.web.insights.selectors import latest_result, latest_run
from coxswain.web.privacy import labels
from coxswain.web.strategy import selectors, services
from coxswain.web.strategy.forms import ElementForm, KeyResultFormSet, PersonForm, ProfileForm
from coxswain.web.strategy.models import Element, Kind, Person, StrategyChange
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.web.workbook_io import company_for, profile_for


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404("no such kind")
    return kind


@member_view()
def overview(request: HttpRequest) -> HttpResponse:
    org = request.org
    undo = None
    if request.GET.get("undo", "").isdigit() and request.membership.at_least("manager"):
        undo = StrategyChange.objects.for_org(org).filter(pk=int(request.GET["undo"])).first()
        if undo is not None and not services.restorable(org=org, change=undo):
            undo = None
    return render(
        request,
        "strategy/overview.html",
        {
            "undo": undo,
            "undo_name": Element(data=undo.before, slug=undo.slug).name if undo else "",
            "profile": profile_for(org),
            "sections": [
                (k, k.label, els)
                for k, els in (
                    (Kind(kind), els) for kind, els in selectors.elements_by_kind(org=org).items()
                )
            ],
        },
    )


def _apply_errors(form: Any, invalid: services.Invalid, krs: Any = None) -> None:
    """Each error at its field; ``key_results.<row>.<field>`` at that key-result row. The
    rows of the form are those kept (filled, not deleted), in order."""
    kept = [f for f in krs.forms if f.item() is not None] if krs is not None else []
    for name, errors in invalid.errors.items():
        row, _, field = name.partition(".")[2].partition(".")
        for e in errors:
            if name.startswith("key_results.") and row.isdigit() and int(row) < len(kept):
                target = kept[int(row)]
                target.add_error(field if field in target.fields else None, e)
            else:
                form.add_error(name if name in form.fields else None, e)


@member_view(role="manager")
def edit(request: HttpRequest, kind: str, slug: str | None = None) -> HttpResponse:
    org = request.org
    kind = _kind(kind)
    element = get_for_org_or_404(Element, org=org, kind=kind, slug=slug) if slug else None
    choices = selectors.choices(org=org)
    if element is not None:  # an objective cannot drive itself, a goal cannot be its own parent
        choices = {k: [c for c in v if c[0] != element.slug] for k, v in choices.items()}
    form = ElementForm(request.POST or None, kind=kind, choices=choices)
    krs = None
    if kind == "goals":
        initial = list(element.data.get("key_results", [])) if element else []
        krs = KeyResultFormSet(
            request.POST or None,
            initial=initial,
            prefix="kr",
            form_kwargs={"kpi_choices": choices["kpis"]},
        )
    if element is not None and request.method != "POST":
        form.initial_from(element.data)
    if request.method == "POST" and form.is_valid() and (krs is None or krs.is_valid()):
        item = form.item()
        if krs is not None:
            item["key_results"] = [kr for kr in (f.item() for f in krs.forms) if kr is not None]
        try:
            saved = services.save_element(
                org=org, user=request.user, kind=kind, item=item, element=element
            )
        except services.Invalid as invalid:
            _apply_errors(form, invalid, krs=krs)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("strategy:overview")
    return render(
        request,
        "strategy/edit.html",
        {"form": form, "krs": krs, "kind": Kind(kind), "element": element},
    )


@member_view(role="manager")
def delete(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """GET: confirm (or, when something still refers to it, what does and how to go on);
    POST: delete, then offer to undo."""
    org = request.org
    kind = _kind(kind)
    element = get_for_org_or_404(Element, org=org, kind=kind, slug=slug)
    if request.method == "POST":
        try:
            change = services.delete_element(org=org, user=request.user, element=element)
        except services.Referenced as referenced:
            groups = referenced.groups
        else:
            messages.success(request, f"Deleted {element.name}.")
            return redirect(f"{reverse('strategy:overview')}?undo={change.pk}")
    else:
        groups = services.references_to(org=org, element=element)
    return render(
        request,
        "strategy/delete.html",
        {
            "element": element,
            "kind": Kind(kind),
            "groups": groups,
            "undo_days": services.UNDO_DAYS,
        },
        status=409 if groups and request.method == "POST" else 200,
    )


@require_POST
@member_view(role="manager")
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo a deletion (from the notice after deleting, or the change log)."""
    org = request.org
    change = get_for_org_or_404(StrategyChange, org=org, pk=pk, action="delete")
    try:
        element = services.restore_element(org=org, user=request.user, change=change)
    except services.Invalid as invalid:
        messages.error(request, " ".join(e for es in invalid.errors.values() for e in es))
        return redirect("strategy:audit")
    messages.success(request, f"Restored {element.name}.")
    return redirect("strategy:overview")


@member_view(role="manager")
def profile(request: HttpRequest) -> HttpResponse:
    org = request.org
    p = profile_for(org)
    initial = {f: getattr(p, f) for f in ProfileForm.base_fields}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(org=org, user=request.user, data=form.cleaned_data)
        except services.Invalid as invalid:
            _apply_errors(form, invalid)
        else:
            messages.success(request, "Saved.")
            return redirect("strategy:overview")
    return render(request, "strategy/profile.html", {"form": form})


@member_view()
def strategy_map(request: HttpRequest) -> HttpResponse:
    org = request.org
    run = latest_run(org=org)
    data = selectors.strategy_map(company=company_for(org), result=latest_result(org=org))
    return render(
        request, "strategy/map.html", {"map": data, "run": run, "legend": list(ObjectiveStatus)}
    )


@member_view()
def cascade(request: HttpRequest) -> HttpResponse:
    org = request.org
    return render(
        request,
        "strategy/cascade.html",
        {
            "cascade": selectors.cascade(company=company_for(org), result=latest_result(org=org)),
            "run": latest_run(org=org),
            "labels": labels(org=org),
        },
    )


@member_view(role="manager")
def people(request: HttpRequest) -> HttpResponse:
    org = request.org
    return render(
        request,
        "strategy/people.html",
        {
            "people": Person.objects.for_org(org),
            "show_names": profile_for(org).show_names,
            "labels": labels(org=org),  # the one way pages name people
        },
    )


@member_view(role="manager")
def audit(request: HttpRequest) -> HttpResponse:
    org = request.org
    changes = list(StrategyChange.objects.for_org(org).select_related("user")[:200])
    restorable = {c.pk for c in changes if services.restorable(org=org, change=c)}
    rows = [
        (c, selectors.change_summary(action=c.action, before=c.before, after=c.after))
        for c in changes
    ]
    return render(
        request,
        "strategy/audit.html",
        {"changes": rows, "restorable": restorable, "undo_days": services.UNDO_DAYS},
    )


@member_view(role="manager")
def person_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    org = request.org
    person = get_for_org_or_404(Person, org=org, slug=slug) if slug else None
    choices = selectors.choices(org=org)
    form = PersonForm(
        request.POST or None,
        teams=choices["teams"],
        people=[c for c in choices["people"] if not person or c[0] != person.slug],
    )
    if person is not None and request.method != "POST":
        form.initial = {f: getattr(person, f) for f in form.fields if f != "id"} | {
            "id": person.slug
        }
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_person(
                org=org, user=request.user, data=form.cleaned_data, person=person
            )
        except services.Invalid as invalid:
            _apply_errors(form, invalid)
        else:
            messages.success(request, f"Saved {saved.slug}.")
            return redirect("strategy:people")
    return render(request, "strategy/person.html", {"form": form, "person": person})


@member_view(role="owner")
def person_forget(request: HttpRequest, slug: str) -> HttpResponse:
    """Owners: what the app holds about a person, and forgetting them (POST)."""
    from coxswain.web import erasure

    org = request.org
    person = get_for_org_or_404(Person, org=org, slug=slug)
    problem = None
    if request.method == "POST":
        if request.POST.get("confirm") != person.slug:
            problem = f"Type the person's id ({person.slug}) to confirm."
        else:
            try:
                counts = erasure.forget(org=org, person=person, user=request.user)
            except erasure.CannotForget as exc:
                problem = str(exc)
            else:
                messages.success(
                    request, f"Forgotten: {sum(counts.values())} records removed or redacted."
                )
                return redirect("strategy:people")
    return render(
        request,
        "strategy/forget.html",
        {
            "person": person,
            "preview": erasure.preview(org=org, person=person),
            "problem": problem,
        },
        status=400 if problem else 200,
    )


@member_view(role="owner")
def person_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Owners: everything the app holds about a person, as JSON (for an access request)."""
    from coxswain.web import erasure

    person = get_for_org_or_404(Person, org=request.org, slug=slug)
    response = HttpResponse(
        erasure.person_data_json(org=request.org, person=person),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.slug}.json"'
    return response
