# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    others: list[Any] = []
    if membership is not None:
        from coxswain.web.accounts.models import Membership

        others = list(
            Membership.dangerously_unscoped.filter(user=request.user)
            .exclude(pk=membership.pk)
            .select_related("org")
        )
    return {
        "other_memberships": others,
        "org": getattr(request, "org", None),
        "membership": membership,
        "is_owner": bool(membership and membership.role == "owner"),
        "is_manager": bool(membership and membership.at_least("manager")),
    }
