# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Backtest runs: the analysis replayed at past period ends, as a background task."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coxswain.web.insights.models import RunStatus
from coxswain.web.tenancy import TenantModel


class BacktestRun(TenantModel):
    """One backtest of the organisation's data. Its progress, heartbeat and interruption
    fields are the analysis runs' (coxswain.web.insights.models.AnalysisRun): the same
    machinery keeps them (insights.services.Heartbeat, sweep_interrupted_runs)."""

    created = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    every = models.CharField(max_length=8, default="quarter")  # month | quarter
    start = models.DateField(null=True, blank=True)  # None: twelve months into the history
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.queued)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=100, blank=True)
    # The backtest's JSON (coxswain.backtest.render.to_json) and what the page shows, in
    # words (coxswain.backtest.render.context), as JSON text: kept in the order written.
    result = models.TextField(blank=True, default="")
    page = models.TextField(blank=True, default="")
    headline = models.TextField(blank=True)
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=64, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "backtest run"
        ordering = (
            "-created",
            "-id",
        )
        indexes = (models.Index(fields=["status", "heartbeat"], name="backtest_status_heartbeat"),)
