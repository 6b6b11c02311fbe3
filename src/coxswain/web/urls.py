# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""URLs of the web app. Every view that takes an object id is listed in the cross-tenant test."""

from django.urls import include, path

urlpatterns = [
    path("", include("coxswain.web.insights.urls")),
    path("accounts/", include("coxswain.web.accounts.urls")),
    path("strategy/", include("coxswain.web.strategy.urls")),
    path("checkins/", include("coxswain.web.checkins.urls")),
    path("api/", include("coxswain.web.api.urls")),
    path("warnings/", include("coxswain.web.backtests.urls")),
    path("collab/", include("coxswain.web.collab.urls")),
    path("start/", include("coxswain.web.onboarding.urls")),
    path("scenarios/", include("coxswain.web.scenarios.urls")),
]
