# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The one way views reach an organisation: ``@member_view(role=...)``.

It requires a signed-in user with a membership (otherwise: the login page), checks the role
(otherwise: 403) and passes ``request.org`` on; views then query with
``Model.objects.for_org(request.org)`` or :func:`coxswain.web.tenancy.get_for_org_or_404`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def _second_factor(request: HttpRequest) -> HttpResponse | None:
    """A user with two-factor sign-in whose session did not pass the code step is sent back
    to sign in; an owner without it, where COXSWAIN_OWNER_2FA is "required", to turn it on."""
    from django.conf import settings
    from django.contrib import messages
    from django.contrib.auth import logout
    from django.shortcuts import redirect

    from coxswain.web.accounts import two_factor

    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    if verified:
        return None
    if two_factor.enabled(user=user):
        logout(request)
        return redirect_to_login(request.get_full_path())
    membership = getattr(request, "membership", None)
    if (
        settings.COXSWAIN_OWNER_2FA == "required"
        and membership is not None
        and membership.role == "owner"
    ):
        messages.info(request, "Owners sign in with two factors here: turn it on first.")
        return redirect("accounts:two_factor")
    return None


def member_view(*, role: str = "employee") -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            refused = _second_factor(request)
            if refused is not None:
                return refused
            membership = getattr(request, "membership", None)
            if membership is None:
                raise PermissionDenied("you are not a member of any organisation")
            if not membership.at_least(role):
                raise PermissionDenied(f"this page needs the {role} role")
            return view(request, *args, **kwargs)

        wrapper.coxswain_role = role  # type: ignore[attr-defined]
        return wrapper

    return decorate
