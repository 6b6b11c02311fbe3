# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What accounts hold about a person: the user accounts linked to them and invitations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from coxswain.web.accounts.models import ApiToken, Invitation, Membership
from coxswain.web.persondata import Source, Subject, register


def _memberships(subject: Subject) -> Any:
    """Memberships of this organisation linked to the person, or whose account's e-mail is
    theirs (case-insensitively): an account never linked to its person is theirs too. Only
    this organisation's memberships; another organisation's users are never matched."""
    match = Q(person_id=subject.person_pk)
    email = (subject.email or "").strip()
    if email:
        match |= Q(user__email__iexact=email)
    return Membership.objects.for_org(subject.org).filter(match)


def _invitations(subject: Subject) -> Any:
    match = Q(person_id=subject.person_pk)
    if subject.email:
        match |= Q(email__iexact=subject.email)
    return Invitation.objects.for_org(subject.org).filter(match)


def _find(subject: Subject) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {
            "kind": "account",
            "username": m.user.get_username(),
            "email": m.user.email,
            "role": m.role,
            "since": m.created,
            "api_tokens": [
                t.name for t in ApiToken.objects.for_org(subject.org).filter(membership=m)
            ],
        }
        for m in _memberships(subject).select_related("user")
    ]
    out += [
        {"kind": "invitation", "email": i.email, "role": i.role, "created": i.created}
        for i in _invitations(subject)
    ]
    return out


def _erase(subject: Subject) -> int:
    """Their invitations go; their memberships in this organisation go (with their API
    tokens), and a user account that then belongs to no organisation goes too."""
    n = _invitations(subject).delete()[0]
    users = list(_memberships(subject).values_list("user_id", flat=True))
    n += _memberships(subject).delete()[0]
    user_model = get_user_model()
    for pk in users:
        if not Membership.dangerously_unscoped.filter(user_id=pk).exists():
            n += user_model.objects.filter(pk=pk).delete()[0]
    return n


register(
    Source(
        name="accounts",
        models=(Membership, Invitation, ApiToken, get_user_model()),
        find=_find,
        erase=_erase,
        order=10,
        describe="accounts linked to them or with their e-mail, API tokens, invitations",
    )
)
