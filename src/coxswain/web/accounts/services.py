# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing accounts: sign-up, invitations, tokens, login throttling, preferences."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from coxswain.web.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    Organisation,
    Role,
    hash_token,
    new_token,
)
from coxswain.web.strategy.models import CompanyProfile, Person

INVITATION_DAYS = 14


@transaction.atomic
def sign_up(*, username: str, email: str, password: str, company: str) -> Membership:
    """A new user who owns a new organisation (an empty strategy named ``company``)."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    org = Organisation.objects.create(name=company)
    CompanyProfile.objects.create(org=org, name=company)
    return Membership.objects.create(org=org, user=user, role=Role.owner)


def invite(
    *,
    org: Organisation,
    by: AbstractBaseUser,
    role: str,
    email: str = "",
    person: Person | None = None,
) -> str:
    """Create an invitation; returns the token for the link (only its hash is stored)."""
    token = new_token("inv")
    Invitation.objects.create(
        org=org,
        role=Role(role),
        email=email,
        person=person,
        token_hash=hash_token(token),
        created_by=by,
        expires=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    return token


def send_invitation(*, org: Organisation, email: str, link: str) -> None:
    """E-mail an invitation link (console backend unless SMTP is configured)."""
    from django.core.mail import send_mail

    send_mail(
        f"You are invited to {org.name} on Coxswain",
        f"Join {org.name} on Coxswain with this link "
        f"(it works once, for {INVITATION_DAYS} days):\n\n{link}\n",
        None,
        [email],
    )


def open_invitation(*, token: str) -> Invitation | None:
    inv = (
        Invitation.dangerously_unscoped.filter(token_hash=hash_token(token), accepted__isnull=True)
        .select_related("org")
        .first()
    )
    if inv is None or inv.expires < timezone.now():
        return None
    return inv


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, username: str, email: str, password: str
) -> Membership:
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    return Membership.objects.create(
        org=invitation.org, user=user, role=invitation.role, person=invitation.person
    )


def create_api_token(*, membership: Membership, name: str) -> str:
    """A new personal API token; the plain token is returned once and stored only hashed."""
    token = new_token("cxs")
    ApiToken.objects.create(
        org=membership.org,
        membership=membership,
        name=name,
        prefix=token[:10],
        token_hash=hash_token(token),
    )
    return token


def revoke_api_token(*, token: ApiToken) -> None:
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])


def set_preferences(*, membership: Membership, digest_emails: bool, reminder_emails: bool) -> None:
    membership.digest_emails = digest_emails
    membership.reminder_emails = reminder_emails
    membership.save(update_fields=["digest_emails", "reminder_emails"])


# Login throttling: failures are counted per (username, IP) in the cache.


def _throttle_key(username: str, ip: str) -> str:
    return f"coxswain:login-failures:{hash_token(username.strip().lower() + '|' + ip)}"


def login_locked(*, username: str, ip: str) -> bool:
    return int(cache.get(_throttle_key(username, ip), 0)) >= settings.LOGIN_MAX_FAILURES


def record_login_failure(*, username: str, ip: str) -> None:
    key = _throttle_key(username, ip)
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    cache.touch(key, settings.LOGIN_LOCKOUT_SECONDS)


def clear_login_failures(*, username: str, ip: str) -> None:
    cache.delete(_throttle_key(username, ip))


# Sign-up limit: successful sign-ups are counted per client address and hour in the cache.


def _signup_key(ip: str) -> str:
    import time

    return f"coxswain:signups:{hash_token(ip)}:{int(time.time() // 3600)}"


def signup_limited(*, ip: str) -> bool:
    """Whether this address has signed up COXSWAIN_SIGNUPS_PER_HOUR times this hour."""
    return int(cache.get(_signup_key(ip), 0)) >= settings.COXSWAIN_SIGNUPS_PER_HOUR


def record_signup(*, ip: str) -> None:
    key = _signup_key(ip)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
