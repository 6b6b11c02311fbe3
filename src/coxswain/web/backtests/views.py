# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The "How good are our warnings?" page: the latest backtest, and starting a new one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coxswain.web import charts
from coxswain.web.access import member_view
from coxswain.web.backtests import selectors, services
from coxswain.web.backtests.forms import BacktestForm
from coxswain.web.backtests.models import BacktestRun
from coxswain.web.insights.services import AsOfRefused, LimitReached
from coxswain.web.tenancy import get_for_org_or_404

RELIABILITY = "The chance we gave of reaching a target, against how often it was reached"


@member_view(role="manager")
def page(request: HttpRequest) -> HttpResponse:
    services.sweep_interrupted_backtests(org=request.org)
    latest = selectors.latest_done(org=request.org)
    shown = selectors.page(latest) if latest is not None else None
    context = {
        "form": BacktestForm(),
        "active_run": selectors.active(org=request.org),
        "latest": latest,
        "shown": shown,
        "chart": charts.reliability_chart(shown["bins"], title=RELIABILITY)
        if shown and shown["bins"]
        else None,
    }
    return render(request, "backtests/warnings.html", context)


def _status(request: HttpRequest, run: BacktestRun | None, refused: str = "") -> HttpResponse:
    return render(
        request,
        "backtests/warnings.html#backtest-status",
        {"active_run": run, "refused": refused},
    )


@require_POST
@member_view(role="manager")
def start(request: HttpRequest) -> HttpResponse:
    form = BacktestForm(request.POST)
    if not form.is_valid():
        refused = "choose month or quarter ends, and a date like 2025-03-31 or none"
        if request.headers.get("HX-Request"):
            return _status(request, None, refused)
        return render(request, "backtests/warnings.html", {"form": form, "refused": refused})
    try:
        run = services.start_backtest(
            org=request.org,
            user=request.user,
            every=form.cleaned_data["every"],
            start=form.cleaned_data["start"],
        )
    except (LimitReached, AsOfRefused) as exc:
        if request.headers.get("HX-Request"):
            return _status(request, None, str(exc))
        return render(request, "backtests/warnings.html", {"form": form, "refused": str(exc)})
    if request.headers.get("HX-Request"):
        return _status(request, run)
    return redirect("backtests:page")


@member_view(role="manager")
def status(request: HttpRequest, pk: int) -> HttpResponse:
    services.sweep_interrupted_backtests(org=request.org)
    run = get_for_org_or_404(BacktestRun, org=request.org, pk=pk)
    response = _status(request, run)
    if run.status == "done":
        response["HX-Refresh"] = "true"  # show the new backtest
    return response
