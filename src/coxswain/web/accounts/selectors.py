# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading accounts: the current membership, members, tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from coxswain.web.accounts.models import ApiToken, Membership, Organisation, hash_token

SESSION_ORG = "coxswain_org"


def current_membership(request: HttpRequest) -> Membership | None:
    """The user's membership in the organisation chosen in the session (else the first)."""
    memberships = Membership.dangerously_unscoped.filter(user=request.user).select_related(
        "org", "person"
    )
    chosen = request.session.get(SESSION_ORG)
    if chosen is not None:
        m = memberships.filter(org_id=chosen).first()
        if m is not None:
            return m
    return memberships.order_by("created", "id").first()


def members(*, org: Organisation) -> Any:
    return (
        Membership.objects.for_org(org)
        .select_related("user", "person")
        .order_by("role", "user__username")
    )


def membership_for_token(*, token: str) -> Membership | None:
    """The membership an API token acts for, or None for an unknown or revoked token."""
    row = (
        ApiToken.dangerously_unscoped.filter(token_hash=hash_token(token), revoked__isnull=True)
        .select_related("membership__org", "membership__user", "membership__person")
        .first()
    )
    if row is None or not row.membership.user.is_active:
        return None
    return row.membership
