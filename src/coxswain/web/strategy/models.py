# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The workbook in the database.

``company.yaml`` maps to :class:`CompanyProfile` (the scalars and privacy settings) and
:class:`Element` rows, one per value, objective, KPI, team, initiative, goal, automation and
capability, each holding its workbook mapping (as in company.yaml) in ``data``; the workbook's
own pydantic models validate that mapping, so the database never holds what the file format
would refuse. The evidence tables map to :class:`Person` (people.csv), :class:`KpiValue`
(kpi_values.csv), ``checkins.SurveyAnswer`` (survey.csv) and :class:`EvidenceTable` (the other
CSVs, stored whole as Parquet). Strategic reviews are ``insights.StrategicReview``.
``coxswain.web.workbook_io`` converts both ways.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coxswain.web.tenancy import TenantModel
from coxswain.workbook.model import SECTIONS


class Kind(models.TextChoices):
    """Element kinds, in company.yaml order; the value is the company.yaml list key."""

    value = "values", "Value"
    objective = "objectives", "Objective"
    kpi = "kpis", "KPI"
    team = "teams", "Team"
    initiative = "initiatives", "Initiative"
    goal = "goals", "Goal"
    automation = "automations", "Automation"
    capability = "capabilities", "Capability"

    @property
    def noun(self) -> str:
        """One of them, as written mid-sentence: "Add KPI", "Add capability"."""
        return _NOUNS[str(self.value)][0]

    @property
    def plural(self) -> str:
        """Several, as written mid-sentence: "3 capabilities"."""
        return _NOUNS[str(self.value)][1]

    @property
    def plural_label(self) -> str:
        """Several, as a heading: "Capabilities", "KPIs"."""
        return self.plural[:1].upper() + self.plural[1:]


# The one source of how the editors name each kind (singular, plural), mid-sentence.
_NOUNS: dict[str, tuple[str, str]] = {
    "values": ("value", "values"),
    "objectives": ("objective", "objectives"),
    "kpis": ("KPI", "KPIs"),
    "teams": ("team", "teams"),
    "initiatives": ("initiative", "initiatives"),
    "goals": ("goal", "goals"),
    "automations": ("automation", "automations"),
    "capabilities": ("capability", "capabilities"),
}


# The element kinds as plain strings (the company.yaml list keys), in company.yaml order.
KINDS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "reviews")


class CompanyProfile(TenantModel):
    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=8, default="USD")
    locale = models.CharField(max_length=32, default="en")  # how numbers and dates read
    employees = models.PositiveIntegerField(null=True, blank=True)
    stage = models.CharField(max_length=16, blank=True)
    mission = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    min_group = models.PositiveIntegerField(default=5)
    show_names = models.BooleanField(default=False)
    keep_message_text = models.BooleanField(default=False)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["org"], name="one_profile_per_org"),)


class Element(TenantModel):
    kind = models.CharField(max_length=16, choices=Kind.choices)
    slug = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    data = models.JSONField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["org", "slug"], name="element_id_unique_in_org"),
        )
        indexes = (models.Index(fields=["org", "kind", "position"]),)
        ordering = (
            "kind",
            "position",
            "id",
        )

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.data.get("title") or self.slug)


class Person(TenantModel):
    slug = models.CharField(max_length=64)
    name = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=200, blank=True)
    manager = models.CharField(max_length=64, blank=True)
    hired = models.DateField(null=True, blank=True)
    skills = models.CharField(max_length=1000, blank=True)
    training_hours = models.FloatField(null=True, blank=True)
    email = models.CharField(max_length=254, blank=True)
    handles = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["org", "slug"], name="person_id_unique_in_org"),
        )
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name or self.slug


class KpiValue(TenantModel):
    kpi = models.CharField(max_length=64)
    date = models.DateField()
    value = models.FloatField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["org", "kpi", "date"], name="one_kpi_value_per_date"),
        )
        indexes = (models.Index(fields=["org", "kpi", "date"]),)


class EvidenceTable(TenantModel):
    """messages, ideas, spend or transactions: a whole table as Parquet."""

    name = models.CharField(max_length=32)
    data = models.BinaryField()
    rows = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["org", "name"], name="one_table_per_name"),)


class StrategyChange(TenantModel):
    """The audit log of strategy changes: who changed what, before and after."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16)  # create | update | delete | import | profile
    kind = models.CharField(max_length=16, blank=True)
    slug = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = (
            "-at",
            "-id",
        )
