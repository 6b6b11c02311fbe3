# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Sets ``request.org`` and ``request.membership`` for signed-in users (None otherwise)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class OrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from coxswain.web.accounts.selectors import current_membership

        membership = current_membership(request) if request.user.is_authenticated else None
        request.membership = membership
        request.org = membership.org if membership else None
        return self.get_response(request)
