# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Check-ins on key results and pulse-survey answers (survey.csv)."""

from __future__ import annotations

from django.db import models

from coxswain.web.tenancy import TenantModel


class CheckIn(TenantModel):
    """One update of a key result's progress and the owner's confidence (1–5) in reaching it."""

    person = models.ForeignKey("strategy.Person", on_delete=models.CASCADE, related_name="+")
    goal = models.CharField(max_length=64)
    key_result = models.PositiveIntegerField()  # index in the goal's key_results
    date = models.DateField()
    value = models.FloatField()
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = (
            "-date",
            "-id",
        )


class SurveyAnswer(TenantModel):
    """A row of survey.csv: imported, or answered in the app's pulse."""

    respondent = models.CharField(max_length=64)
    date = models.DateField()
    question = models.CharField(max_length=64)
    answer = models.TextField(blank=True)
    team = models.CharField(max_length=64, blank=True)
    from_pulse = models.BooleanField(default=False)

    class Meta:
        indexes = (models.Index(fields=["org", "question", "date"]),)


class SurveySettings(TenantModel):
    """company.yaml ``privacy.show_survey_respondents``: whether a workbook downloaded from the
    app names who gave each survey answer (default: no, as the pulse form promises staff)."""

    show_respondents = models.BooleanField(default=False)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["org"], name="one_survey_settings_per_org"),)
