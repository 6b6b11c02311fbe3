# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Saved scenarios and their runs (the comparison with the baseline, a background task)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coxswain.web.insights.models import RunStatus
from coxswain.web.tenancy import TenantModel


class SavedScenario(TenantModel):
    """One scenario of the organisation: its changes are kept as the scenario file writes
    them (docs/scenarios.md, one item of ``scenarios:``), so one reader
    (coxswain.scenarios.load) checks the web's, the API's and the file's alike."""

    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
    changes = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "scenario"
        ordering = ("name", "id")
        constraints = (
            models.UniqueConstraint(fields=["org", "name"], name="scenario_name_unique_per_org"),
        )

    def as_file_item(self) -> dict[str, object]:
        """The scenario as one item of a scenario file's ``scenarios:`` list."""
        item: dict[str, object] = {"name": self.name, "changes": list(self.changes)}
        if self.description:
            item["description"] = self.description
        return item


class ScenarioRun(TenantModel):
    """One comparison of up to four scenarios with the baseline. Its progress, heartbeat and
    interruption fields are the analysis runs' (coxswain.web.insights.models.AnalysisRun):
    the same machinery keeps them (insights.services.Heartbeat, sweep_interrupted_runs)."""

    created = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The scenarios as they were when the run was asked for (a later edit does not change
    # what this run compared): a list of scenario-file items.
    scenarios = models.JSONField(default=list)
    paths = models.PositiveIntegerField(default=10_000)
    seed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.queued)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=100, blank=True)
    # The report's JSON (coxswain.scenarios.render.to_json) and what the page shows, in
    # words (coxswain.scenarios.render.context), as JSON text: kept in the order written.
    result = models.TextField(blank=True, default="")
    page = models.TextField(blank=True, default="")
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=64, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "scenario run"
        ordering = ("-created", "-id")
        indexes = (models.Index(fields=["status", "heartbeat"], name="scenario_status_heartbeat"),)
