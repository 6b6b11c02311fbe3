# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Organisations, memberships with roles, invitations and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from coxswain.web.tenancy import TenantModel


class Role(models.TextChoices):
    owner = "owner", "Owner"
    manager = "manager", "Manager"
    employee = "employee", "Employee"


ROLE_RANK = {Role.owner: 0, Role.manager: 1, Role.employee: 2}


def hash_token(token: str) -> str:
    """Tokens (invitation links, API tokens) are stored as their SHA-256 only."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def new_privacy_salt() -> str:
    """A random secret per organisation, from which people's pseudonyms are derived."""
    import secrets

    return secrets.token_hex(16)


class Organisation(models.Model):
    """A tenant: one company and its people."""

    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    privacy_salt = models.CharField(max_length=64, default=new_privacy_salt, editable=False)

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A user's place in an organisation; ``person`` links them to their row in people."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    person = models.ForeignKey(
        "strategy.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digest_emails = models.BooleanField(default=True)  # weekly digest (owners and managers)
    reminder_emails = models.BooleanField(default=True)  # check-in reminders (staff)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["org", "user"], name="one_membership_per_org"),
        )

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.org_id}"

    def at_least(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] <= ROLE_RANK[Role(role)]

    def grantable_roles(self) -> list[Role]:
        """The roles this member may give by invitation, highest first: their own and below
        (only an owner makes an owner)."""
        own = ROLE_RANK[Role(self.role)]
        return sorted((r for r in ROLE_RANK if ROLE_RANK[r] >= own), key=lambda r: ROLE_RANK[r])


class Invitation(TenantModel):
    """An invitation by link; the link's token is stored hashed and works once, until it expires."""

    role = models.CharField(max_length=16, choices=Role.choices)
    email = models.EmailField(blank=True)
    person = models.ForeignKey(
        "strategy.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted = models.DateTimeField(null=True, blank=True)


class ApiToken(TenantModel):
    """A personal API token (``cxs_…``), stored hashed; acts with its member's role."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)  # shown in lists, to tell tokens apart
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
