# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Analysis runs (each result kept with its as_of), dismissals, actions and strategic reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coxswain.analysis.dismissals import evidence_hash as evidence_hash
from coxswain.web.tenancy import TenantModel


class RunStatus(models.TextChoices):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class AnalysisRun(TenantModel):
    created = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    as_of = models.DateField(null=True, blank=True)  # None: the workbook's latest date
    # True when someone chose the date ("what it looked like then"): such a run never
    # becomes the current view (selectors.latest_run), whatever its date.
    as_of_chosen = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.queued)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=100, blank=True)
    result = models.JSONField(null=True, blank=True)
    alignment_index = models.FloatField(null=True, blank=True)
    components = models.JSONField(null=True, blank=True)  # copied from result, for the history
    # What the report renders, as JSON text: {"result": the result, "labels": the names of the
    # workbook's ids as of the run (people by pseudonym), "people": the person ids the report
    # keeps out of sight}. Text, not a JSONField: PostgreSQL's jsonb does not keep the order of
    # keys, and the report shows sections and evidence in the order the analyses wrote them.
    # Empty for runs from before it was kept.
    report = models.TextField(blank=True, default="")
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # Interrupted work: the queue entry (django-tasks result id), the worker that took the run,
    # its last sign of life (written every COXSWAIN_RUN_HEARTBEAT_SECONDS while it runs) and
    # how many times a worker started it. A run whose worker is gone is marked failed by
    # services.sweep_interrupted_runs.
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=64, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    @property
    def alignment_band(self) -> str | None:
        """The stored result's band (None before bands, or without a result)."""
        band = self.result.get("alignment_band") if isinstance(self.result, dict) else None
        return band if isinstance(band, str) else None

    class Meta:
        ordering = (
            "-created",
            "-id",
        )
        indexes = (models.Index(fields=["status", "heartbeat"], name="run_status_heartbeat"),)


class Dismissal(TenantModel):
    """A dismissed finding, as it was when dismissed: it stays dismissed until it materially
    worsens (coxswain.analysis.dismissals). ``severity`` empty and ``evidence`` null: stored
    before they were kept, and found in no stored run (held while the evidence is unchanged)."""

    finding_id = models.CharField(max_length=500)
    kind = models.CharField(max_length=100, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    severity = models.CharField(max_length=8, blank=True)
    evidence = models.JSONField(null=True, blank=True)
    evidence_hash = models.CharField(max_length=64)
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)


class ActionStatus(models.TextChoices):
    open = "open"
    done = "done"


class Action(TenantModel):
    """A recommendation turned into work: who does it and by when. The assignee is a
    ``person`` of the workbook; ``owner`` is the member of the organisation linked to that
    person, if any (their action list, reminders), or a member chosen without a person."""

    finding_id = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500)
    person = models.ForeignKey(
        "strategy.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        "accounts.Membership", null=True, on_delete=models.SET_NULL, related_name="actions"
    )
    due = models.DateField()
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default=ActionStatus.open)
    created = models.DateTimeField(auto_now_add=True)
    closed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = (
            "due",
            "id",
        )


class StrategicReview(TenantModel):
    """A strategic review held (company.yaml ``reviews``)."""

    date = models.DateField()
    kind = models.CharField(max_length=16)  # weekly | monthly | quarterly | annual
    decisions = models.PositiveIntegerField(default=0)
    actions_open = models.PositiveIntegerField(default=0)
    actions_closed = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = (
            "-date",
            "-id",
        )


class NudgeRound(models.Model):
    """One weekly round of digests and check-in reminders, for the whole installation (not
    one organisation's): ``coxswain serve`` sends a round when the last is a week old."""

    sent = models.DateTimeField(auto_now_add=True)
    emails = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-sent",)
