# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coxswain.analysis.base import COMPONENTS
from coxswain.tempfiles import built_file
from coxswain.web import charts, privacy, uploads
from coxswain.web.access import member_view
from coxswain.web.accounts.models import Membership
from coxswain.web.insights import selectors, services
from coxswain.web.insights.forms import (
    ActionForm,
    AnalyseForm,
    DismissForm,
    FindingFilterForm,
    ImportForm,
    PasteForm,
    ReviewForm,
    UploadForm,
)
from coxswain.web.insights.models import Action, AnalysisRun, StrategicReview
from coxswain.web.strategy import selectors as strategy_selectors
from coxswain.web.strategy.models import Person
from coxswain.web.tenancy import get_for_org_or_404
from coxswain.web.workbook_io import company_for
from coxswain.wording.glossary import COMPONENT_MEANING, component_name
from coxswain.wording.numbers import lowest_possible
from coxswain.workbook import Problem, WorkbookError


def _people(org: Any, names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The people of the workbook, named as every page names them (names or pseudonyms;
    ``names``: the labels already read)."""
    from coxswain.web.privacy import labels

    names = labels(org=org) if names is None else names
    return [(p.slug, names.get(p.slug, p.slug)) for p in Person.objects.for_org(org)]


def _owners(org: object) -> list[tuple[int, str]]:
    return [
        (m.pk, m.user.get_username())
        for m in Membership.objects.for_org(org).select_related("user")
    ]


@member_view()
def home(request: HttpRequest) -> HttpResponse:
    if request.membership.role == "employee":
        return redirect("checkins:mine")
    return redirect("insights:dashboard")


def _shown_run(request: HttpRequest) -> tuple[AnalysisRun | None, AnalysisRun | None]:
    """The run the page shows and the current one (the latest ``as_of``): the same, unless
    ``?run=`` asks for another of the organisation's finished runs ("what it looked like
    then"); another organisation's run, or one not finished, is a 404."""
    org = request.org
    current = selectors.latest_run(org=org)
    asked = request.GET.get("run", "")
    if not asked:
        return current, current
    if not asked.isdigit():
        raise Http404("no such analysis")
    if current is not None and current.pk == int(asked):
        return current, current
    run = selectors.done_run(org=org, pk=int(asked))
    if run is None:
        raise Http404("no such analysis")
    return run, current


def _kpi_chart(tile: Any) -> Any:
    """A KPI's small chart as story and finding cards draw it: history, target, forecast."""
    return charts.line_chart(
        tile.points,
        title=f"{tile.kpi.name}: history, target and forecast",
        target=tile.kpi.target,
        forecast=tile.forecast.points,
        band=tile.forecast.band,
        floor=lowest_possible(tile.kpi.unit),  # no axis below what the KPI can be
        unit=tile.kpi.unit,
        words=tile.words,
        width=360,
        height=100,
    )


def _chart_findings(shown: list[dict[str, Any]], tiles: list[Any]) -> None:
    """A KPI finding's card gets its KPI's chart (``chart``, ``tile``), as story cards do."""
    by_kpi = {t.kpi.id: t for t in tiles}
    for f in shown:
        tile = by_kpi.get(f["subjects"][0]) if f.get("subjects") else None
        if tile is not None:
            f["tile"], f["chart"] = tile, _kpi_chart(tile)


def _findings_context(
    request: HttpRequest,
    *,
    run: AnalysisRun | None,
    company: Any,
    rows: list[dict[str, Any]],
    labels: dict[str, str],
) -> dict[str, Any]:
    """The findings list of the dashboard (``rows``: the findings as
    :func:`selectors.annotate_findings` has them), filtered, sorted and searched on the
    server."""
    choices = selectors.filter_choices(findings=rows, company=company)
    form = FindingFilterForm(request.GET, choices=choices)
    filters = selectors.FindingFilters(**form.filters(show_all=request.GET.get("all") == "1"))
    kept = selectors.filter_findings(findings=rows, filters=filters)
    open_ = [f for f in kept if f["dismissed"] is None]
    shown = open_ if filters.show_all else open_[: selectors.FINDINGS_SHOWN]
    query = request.GET.copy()
    query["all"] = "1"
    return {
        "run": run,
        "filter_form": form,
        "filters": filters,
        "open_findings": open_,
        "shown_findings": shown,
        "hidden_count": len(open_) - len(shown),
        "all_query": query.urlencode(),
        "dismissed_findings": [f for f in kept if f["dismissed"] is not None],
        "total_findings": len(rows),
        # "Make it an action" on a card: the Actions page's assignee field, its choices
        "action_assignees": ActionForm(owners=[], people=_people(request.org, labels))
        .fields["assignee"]
        .choices,
        "labels": labels,  # an action's person as every page names people
        "due_window": services.action_due_window(),  # "Make it an action": the dates offered
        "as_then": run is not None and request.GET.get("run") == str(run.pk),
    }


@member_view(role="manager")
def dashboard(request: HttpRequest) -> HttpResponse:
    org = request.org
    services.sweep_interrupted_runs(org=org)  # a run whose worker is gone shows as failed
    run, current = _shown_run(request)
    then = run is not None and current is not None and run.pk != current.pk
    result = selectors.run_result(org=org, run=run) if run else None  # dismissals marked
    company = company_for(org)
    history = selectors.index_history(org=org)
    index_chart = charts.line_chart(
        [(h["as_of"], h["index"]) for h in history if h["index"] is not None],
        title="Alignment index over time",
        y_range=(0, 100),
        axis_label="index, out of 100",
        words=selectors.words_of(result),
        width=440,
        height=120,
    )
    components = result.components if result else {}
    component_chart = charts.bar_chart(
        [(component_name(k), v) for k, v in components.items()], title="Index components"
    )
    component_history = (
        {
            name: charts.line_chart(
                [
                    (h["as_of"], h["components"].get(name))
                    for h in history
                    if h["components"].get(name) is not None
                ],
                title=f"{component_name(name)} over time",
                y_range=(0, 100),
                axis_label="out of 100",
                words=selectors.words_of(result),
                width=200,
                height=70,
            )
            for name in COMPONENTS
            if any(h["components"].get(name) is not None for h in history)
        }
        if len(history) > 1
        else {}
    )
    tiles = selectors.kpi_tiles(
        org=org, company=company, result=result, until=result.as_of if then and result else None
    )
    for tile in tiles:
        tile.chart = charts.line_chart(
            tile.points,
            title=tile.kpi.name,
            target=tile.kpi.target,
            forecast=tile.forecast.points,
            band=tile.forecast.band,
            floor=lowest_possible(tile.kpi.unit),  # no axis below what the KPI can be
            unit=tile.kpi.unit,
            words=tile.words,
        )
    actions = selectors.open_actions(org=org)
    today = timezone.localdate()
    names = privacy.labels(org=org, company=company) if run else {}
    findings = selectors.findings_view(org=org, run=run, result=result, labels=names) if run else []
    rows = selectors.annotate_findings(findings=findings, company=company, labels=names)
    cards = selectors.story_cards(result=result, findings=rows, tiles=tiles) if result else []
    for card in cards:
        if card.tile is not None:
            card.chart = _kpi_chart(card.tile)
    listed = _findings_context(request, run=run, company=company, rows=rows, labels=names)
    _chart_findings(listed["shown_findings"], tiles)
    return render(
        request,
        "insights/dashboard.html",
        {
            "result": result,
            "then": then,
            "current": current,
            "earlier": selectors.earlier_runs(org=org, current=current),
            "company": company,
            "index_chart": index_chart,
            "component_chart": component_chart,
            "component_history": component_history,
            "locale": result.locale if result else "en",  # dates as the company writes them
            "component_glossary": [(component_name(c), COMPONENT_MEANING[c]) for c in COMPONENTS],
            "tiles": tiles,
            "cards": cards,
            "objectives": strategy_selectors.objectives(company=company, result=result),
            "findings": findings,
            "plan": selectors.plan_rows(result=result, findings=findings) if result else [],
            "unscored": selectors.unscored_components(result=result) if result else [],
            "actions": actions,
            "overdue": [a for a in actions if a.due < today],
            "today": today,
            "next_month": today + dt.timedelta(days=30),
            "active_run": selectors.active_run(org=org),
            "analyse_form": AnalyseForm(),
            "history": history,
            **listed,
        },
    )


@member_view(role="manager")
def findings_list(request: HttpRequest) -> HttpResponse:
    """The dashboard's findings list alone, filtered (for htmx); without htmx, the dashboard
    with the same filter."""
    if not request.headers.get("HX-Request"):
        query = request.GET.urlencode()
        return redirect(f"{reverse('insights:dashboard')}{'?' + query if query else ''}")
    org = request.org
    run, _ = _shown_run(request)
    result = selectors.run_result(org=org, run=run) if run else None
    company = company_for(org)
    names = privacy.labels(org=org, company=company) if run else {}
    findings = selectors.findings_view(org=org, run=run, result=result, labels=names) if run else []
    rows = selectors.annotate_findings(findings=findings, company=company, labels=names)
    context = _findings_context(request, run=run, company=company, rows=rows, labels=names)
    then = run is not None and request.GET.get("run") == str(run.pk)
    tiles = selectors.kpi_tiles(
        org=org, company=company, result=result, until=result.as_of if then and result else None
    )
    _chart_findings(context["shown_findings"], tiles)
    return render(request, "insights/dashboard.html#findings", context)


@member_view(role="owner")
def data(request: HttpRequest) -> HttpResponse:
    org = request.org
    upload = UploadForm()
    paste = PasteForm()
    problems: list[str] = []
    status = 400  # a refused upload or paste is a bad request
    # reading the files parses the body: the upload handlers (coxswain.web.uploads) run now
    if request.method == "POST":
        _ = request.FILES
    too_large = uploads.refused(request)
    if too_large is not None:  # stopped while it was received: over COXSWAIN_MAX_UPLOAD
        problems, status = [str(Problem(too_large[0], None, None, too_large[1]))], 413
    elif request.method == "POST" and request.POST.get("form") == "upload":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            f = upload.cleaned_data["workbook"]
            try:
                services.import_workbook_file(
                    org=org,
                    user=request.user,
                    name=f.name,
                    chunks=f.chunks(),
                    max_bytes=settings.COXSWAIN_MAX_UPLOAD,
                )
            except WorkbookError as exc:
                problems = [str(p) for p in exc.problems]
            else:
                try:
                    services.start_analysis(org=org, user=request.user)
                except services.LimitReached as exc:
                    messages.success(request, f"Imported {f.name}.")
                    messages.error(request, f"The analysis did not start: {exc}.")
                else:
                    messages.success(request, f"Imported {f.name}. The analysis is running.")
                return redirect("insights:dashboard")
    elif request.method == "POST" and request.POST.get("form") == "paste":
        paste = PasteForm(request.POST)
        if paste.is_valid():
            try:
                n = services.paste_kpi_values(org=org, text=paste.cleaned_data["csv"])
            except WorkbookError as exc:
                problems = [str(p) for p in exc.problems]
            else:
                messages.success(request, f"Stored {n} KPI value{'s' if n != 1 else ''}.")
                return redirect("insights:data")
    return render(
        request,
        "insights/data.html",
        {
            "upload": upload,
            "paste": paste,
            "vendor": ImportForm(),
            "problems": problems,
            "evidence": selectors.evidence_summary(org=org),
        },
        status=status if problems else 200,
    )


@require_POST
@member_view(role="owner")
def import_export(request: HttpRequest) -> HttpResponse:
    """An export of a shop, payment provider, bookkeeping or HR system into the workbook,
    all or nothing (:func:`services.import_export_file`); its report shown as messages."""
    org = request.org
    _ = request.FILES  # the upload handlers (coxswain.web.uploads) run now
    problems: list[str] = []
    status = 400
    form = ImportForm(request.POST, request.FILES)
    too_large = uploads.refused(request)
    if too_large is not None:
        problems, status = [str(Problem(too_large[0], None, None, too_large[1]))], 413
    elif form.is_valid():
        export = form.cleaned_data["export"]
        rules = form.cleaned_data.get("rules")
        try:
            report = services.import_export_file(
                org=org,
                user=request.user,
                kind=form.cleaned_data["kind"],
                name=export.name,
                chunks=export.chunks(),
                max_bytes=settings.COXSWAIN_MAX_UPLOAD,
                rules_name=rules.name if rules else None,
                rules_chunks=rules.chunks() if rules else None,
                date_format=form.cleaned_data.get("date_format"),
            )
        except WorkbookError as exc:
            problems = [str(p) for p in exc.problems]
        else:
            lines = report.lines
            messages.success(request, f"{lines[0]}: {report.summary}.")
            for line in lines[1:]:
                messages.info(request, line.strip())
            return redirect("insights:data")
    return render(
        request,
        "insights/data.html",
        {
            "upload": UploadForm(),
            "paste": PasteForm(),
            "vendor": form,
            "problems": problems,
            "evidence": selectors.evidence_summary(org=org),
        },
        status=status if problems or form.errors else 200,
    )


@member_view(role="owner")
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The organisation's workbook as a zip (folder form) or xlsx."""
    from coxswain.web.workbook_io import download_workbook

    try:
        from coxswain.workbook import write
    except ImportError as exc:  # the writer lands on main with the lead's workbook work
        raise Http404("workbook export is not available in this build") from exc
    if fmt not in ("zip", "xlsx"):
        raise Http404("unknown format")
    org = request.org
    workbook = download_workbook(org)  # survey respondents left out unless the workbook opts in
    writer = write.write_zip if fmt == "zip" else write.write_xlsx
    stream = built_file("download", suffix=f".{fmt}", build=lambda path: writer(workbook, path))
    name = f"{org.name.lower().replace(' ', '_')[:40] or 'workbook'}.{fmt}"
    return FileResponse(stream, as_attachment=True, filename=name)


def _not_started(request: HttpRequest, refusal: str) -> HttpResponse:
    if request.headers.get("HX-Request"):  # htmx swaps only a 200 in
        return render(
            request,
            "insights/dashboard.html#run-status",
            {"active_run": selectors.active_run(org=request.org), "refused": refusal},
        )
    messages.error(request, f"Not started: {refusal}.")
    return redirect("insights:dashboard")


@require_POST
@member_view(role="manager")
def analyse(request: HttpRequest) -> HttpResponse:
    form = AnalyseForm(request.POST)
    if not form.is_valid():  # a date the browser let through that is no date
        refusal = "the date is not a date like 2026-09-30; leave it empty for the latest data"
        return _not_started(request, refusal)
    try:
        run = services.start_analysis(
            org=request.org, user=request.user, as_of=form.cleaned_data["as_of"]
        )
    except (services.LimitReached, services.AsOfRefused) as exc:
        return _not_started(request, str(exc))
    if request.headers.get("HX-Request"):
        return render(request, "insights/dashboard.html#run-status", {"active_run": run})
    return redirect("insights:dashboard")


@member_view(role="manager")
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    services.sweep_interrupted_runs(org=request.org)  # the page never waits on a dead worker
    run = get_for_org_or_404(AnalysisRun, org=request.org, pk=pk)
    show = reverse("insights:dashboard")
    current = selectors.latest_run(org=request.org) if run.status == "done" else None
    if current is not None and current.pk != run.pk:  # an earlier date: shown beside it
        show = f"{show}?run={run.pk}"
    context = {"active_run": run, "show_url": show}
    response = render(request, "insights/dashboard.html#run-status", context)
    if run.status == "done":
        if current is not None and current.pk != run.pk:
            response["HX-Redirect"] = show
        else:
            response["HX-Refresh"] = "true"  # show the new result
    return response


@require_POST
@member_view(role="manager")
def dismiss(request: HttpRequest) -> HttpResponse:
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why you dismiss the finding.")
        return redirect("insights:dashboard")
    finding = selectors.finding(org=request.org, finding_id=form.cleaned_data["finding_id"])
    if finding is None:
        raise Http404("no such finding")
    dismissal = services.dismiss_finding(
        org=request.org,
        user=request.user,
        finding=finding,
        reason=form.cleaned_data["reason"],
    )
    if request.headers.get("HX-Request"):  # swap the finding for its dismissed line
        shown = {
            "reason": dismissal.reason,
            "by": request.user.get_username(),
            "on": timezone.localdate(dismissal.at).isoformat(),
        }
        latest = selectors.latest_result(org=request.org)
        context = {
            "f": {**finding, "dismissed": shown},
            "locale": latest.locale if latest else "en",
        }
        return render(request, "insights/dashboard.html#dismissed", context)
    messages.success(request, "Finding dismissed. It comes back only if it gets materially worse.")
    return redirect("insights:dashboard")


def _label(form: Any, name: str) -> str:
    """A form field as the form shows it ("Title", "Who does it"); the form as a whole for
    an error not of one field."""
    field = form.fields.get(name)
    label = field.label if field is not None and field.label else name.replace("_", " ")
    return "The form" if name == "__all__" else str(label).capitalize()


@require_POST
@member_view(role="manager")
def create_action(request: HttpRequest) -> HttpResponse:
    org = request.org
    form = ActionForm(request.POST, owners=_owners(org), people=_people(org))
    if not form.is_valid():
        problems = "; ".join(
            f"{_label(form, name)}: {str(m).rstrip('.')}"
            for name, errors in form.errors.items()
            for m in errors
        )
        if request.POST.get("next") == reverse("insights:actions"):  # its own form: keep it
            return _actions_page(request, form=form)
        messages.error(request, f"The action was not added. {problems}.")
        return _back(request, default="insights:dashboard")
    finding_id = form.cleaned_data["finding_id"]
    if finding_id and selectors.finding(org=org, finding_id=finding_id) is None:
        raise Http404("no such finding")
    person = owner = None
    if form.cleaned_data["assignee"]:
        person = get_for_org_or_404(Person, org=org, slug=form.cleaned_data["assignee"])
    elif form.cleaned_data["owner"]:
        owner = get_for_org_or_404(Membership, org=org, pk=form.cleaned_data["owner"])
    services.create_action(
        org=org,
        title=form.cleaned_data["title"],
        person=person,
        owner=owner,
        due=form.cleaned_data["due"],
        finding_id=finding_id,
        by=request.membership,
    )
    messages.success(request, "Action added.")
    return _back(request, default="insights:dashboard")


@require_POST
@member_view()
def toggle_action(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_for_org_or_404(Action, org=request.org, pk=pk)
    membership = request.membership
    if not membership.at_least("manager") and action.owner_id != membership.pk:
        raise Http404("no such action")
    services.set_action_status(action=action, done=request.POST.get("done") == "1", by=membership)
    return _back(request, default="insights:actions")


def _back(request: HttpRequest, *, default: str) -> HttpResponse:
    """Back to the page the form was on (its `next` field) where that is one of ours."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else default)


@member_view()
def actions(request: HttpRequest) -> HttpResponse:
    return _actions_page(request)


def _actions_page(request: HttpRequest, *, form: ActionForm | None = None) -> HttpResponse:
    """The actions list with the form to add one: empty, or as refused with what was typed."""
    org = request.org
    membership = request.membership
    qs = Action.objects.for_org(org).select_related("owner__user", "person")
    if not membership.at_least("manager"):
        qs = qs.filter(owner=membership)
    from coxswain.web.collab.selectors import finding_words
    from coxswain.web.privacy import labels

    return render(
        request,
        "insights/actions.html",
        {
            "actions": qs,
            "today": timezone.localdate(),
            "labels": labels(org=org),
            "finding_words": finding_words(org=org),  # each action's finding, as it is now
            "form": form
            if form is not None
            else ActionForm(
                owners=_owners(org),
                people=_people(org),
                initial={"due": timezone.localdate() + dt.timedelta(days=30)},
            ),
        },
        status=400 if form is not None else 200,
    )


@member_view(role="manager")
def reviews(request: HttpRequest) -> HttpResponse:
    org = request.org
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not request.membership.at_least("owner"):
            raise PermissionDenied("only owners record reviews")
        if form.is_valid():
            services.record_review(org=org, user=request.user, **form.cleaned_data)
            messages.success(request, "Review recorded.")
            return redirect("insights:reviews")
    return render(
        request,
        "insights/reviews.html",
        {
            "form": form,
            "reviews": StrategicReview.objects.for_org(org),
        },
    )


@member_view(role="manager")
def report(request: HttpRequest, fmt: str) -> HttpResponse:
    """The HTML or PDF report of the organisation's latest analysis: its stored result. Where
    that cannot be shown, a page says why and offers to analyse (as a task): the report never
    runs an analysis inside the request."""
    if fmt not in ("html", "pdf"):
        raise Http404("unknown format")
    try:
        if fmt == "html":
            from coxswain.report.html import render_html
        else:
            from coxswain.report.pdf import render_pdf
    except ImportError as exc:  # the report renderers are not in this build yet
        raise Http404("reports are not available in this build") from exc
    try:
        result = services.report_result(org=request.org)
    except services.ReportNotReady as not_ready:
        return render(
            request,
            "insights/report_not_ready.html",
            {
                "reason": not_ready.reason,
                "as_of": not_ready.as_of,
                "active_run": selectors.active_run(org=request.org),
            },
            status=409,
        )
    name = f"coxswain-report-{result.as_of.isoformat()}.{fmt}"
    backtest = _latest_backtest(org=request.org)  # its optional section
    scenarios = _latest_scenarios(org=request.org)  # its optional section
    if fmt == "html":
        response = HttpResponse(
            render_html(result, backtest=backtest, scenarios=scenarios),
            content_type="text/html; charset=utf-8",
        )
        # The report is one self-contained file (its style inline, no script): in the browser
        # its own policy lets that style apply and still runs nothing and loads nothing.
        response["Content-Security-Policy"] = REPORT_CSP
    else:
        response = HttpResponse(
            render_pdf(result, backtest=backtest, scenarios=scenarios),
            content_type="application/pdf",
        )
    # HTML opens in the browser; ?download=1 (and the PDF) saves the file.
    disposition = "inline" if fmt == "html" and not request.GET.get("download") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def _latest_backtest(*, org: Any) -> dict[str, Any] | None:
    """The words of the organisation's latest backtest, for the report's optional section."""
    from coxswain.web.backtests import selectors as backtests

    latest = backtests.latest_done(org=org)
    return backtests.page(latest) if latest is not None else None


def _latest_scenarios(*, org: Any) -> dict[str, Any] | None:
    """The words of the organisation's latest scenario comparison, for the report's
    optional section."""
    from coxswain.web.scenarios import selectors as scenarios

    return scenarios.latest_comparison(org=org)


REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@member_view(role="manager")
def report_pdf(request: HttpRequest) -> HttpResponse:
    """A page that says the PDF is being made (it takes a few seconds) and then fetches it:
    a meta refresh, so it works without JavaScript; the page stays while the file comes."""
    return render(request, "insights/report_pdf.html", {})
