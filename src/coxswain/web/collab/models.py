# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Comments on findings, stories, goals and actions; in-app notifications; chat webhooks,
outgoing webhooks (endpoints) and their deliveries; each member's calendar feed."""

from __future__ import annotations

from django.db import models

from coxswain.web.tenancy import TenantModel


class Subject(models.TextChoices):
    """What a comment is on; ``ref`` names the object of that kind."""

    finding = "finding"
    story = "story"
    goal = "goal"
    action = "action"


class Comment(TenantModel):
    """A comment by a member on a finding (its id), a story (its id), a goal (its id in
    company.yaml) or an action (its primary key, as text)."""

    subject = models.CharField(max_length=8, choices=Subject.choices)
    ref = models.CharField(max_length=500)
    author = models.ForeignKey(
        "accounts.Membership", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True)  # the last edit by its author

    class Meta:
        ordering = ("created", "id")
        indexes = (models.Index(fields=["org", "subject", "ref"]),)


class NotificationKind(models.TextChoices):
    mention = "mention"
    assignment = "assignment"


class Notification(TenantModel):
    """Something for one member to see: they were mentioned, or given an action."""

    recipient = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=1000)  # a path inside the app
    created = models.DateTimeField(auto_now_add=True)
    read = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        indexes = (models.Index(fields=["org", "recipient", "read"]),)


class ChatSettings(TenantModel):
    """Chat messages of one organisation: off until an owner turns them on, since they send
    data out (titles and links only)."""

    enabled = models.BooleanField(default=False)
    slack_url = models.URLField(max_length=500, blank=True)
    teams_url = models.URLField(max_length=1000, blank=True)
    send_digest = models.BooleanField(default=True)
    send_reminders = models.BooleanField(default=True)
    send_findings = models.BooleanField(default=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["org"], name="one_chat_settings_per_org"),)


class DeliveryStatus(models.TextChoices):
    pending = "pending", "waiting to be sent"
    retrying = "retrying", "failed, will try again"
    sent = "sent", "sent"
    failed = "failed", "failed, gave up"


class Delivery(TenantModel):
    """One message to one address, and how sending it went (chat and outgoing webhooks share
    these fields and the retries of :mod:`coxswain.web.collab.services`)."""

    event = models.CharField(max_length=32)
    payload = models.JSONField()
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.pending
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-created", "-id")


class ChatDelivery(Delivery):
    """One message to one chat webhook, and how sending it went."""

    channel = models.CharField(max_length=8)  # slack | teams
    event = models.CharField(max_length=16)  # digest | reminder | finding | test

    class Meta(Delivery.Meta):
        indexes = (models.Index(fields=["status", "next_try"], name="chat_delivery_due"),)


class WebhookEndpoint(TenantModel):
    """An address that receives the organisation's events (outgoing webhooks), signed with
    its own secret (Standard Webhooks). There are none until an owner adds one; one that
    keeps failing is turned off (``failures``: deliveries given up in a row)."""

    url = models.URLField(max_length=1000)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)  # event types, e.g. ["action.created"]
    enabled = models.BooleanField(default=True)
    secret = models.CharField(max_length=100)  # whsec_…: it signs, so it is kept as it is
    failures = models.PositiveSmallIntegerField(default=0)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created", "id")


class WebhookDelivery(Delivery):
    """One event to one webhook endpoint; ``event_id`` is the same on every try (the
    receiver's key to ignore a repeat) and for every endpoint the event goes to."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=40)
    response = models.PositiveSmallIntegerField(null=True, blank=True)  # the last HTTP status

    class Meta(Delivery.Meta):
        indexes = (
            models.Index(fields=["status", "next_try"], name="webhook_delivery_due"),
            models.Index(fields=["org", "endpoint", "created"], name="webhook_delivery_recent"),
        )


class CalendarFeed(TenantModel):
    """A member's secret calendar link; the token is stored as its SHA-256 only."""

    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
