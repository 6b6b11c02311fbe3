# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The organisation's ``locale`` on every page, so dates and numbers (``plain_date``) are
written as the company writes them; a view that shows a run passes the run's own."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def locale(request: HttpRequest) -> dict[str, Any]:
    org = getattr(request, "org", None)
    if org is None:
        return {}
    from coxswain.web.strategy.models import CompanyProfile

    found = CompanyProfile.objects.for_org(org).values_list("locale", flat=True).first()
    return {"locale": found or "en"}
