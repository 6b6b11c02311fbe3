# ruff: noqa: RUF012
# mypy: disable-error-code="misc"
"""Dismissals keep the finding as it was (kind, subjects, severity, evidence), so that they
survive new evidence and upgrades until the finding materially worsens. Existing dismissals
are filled in from the stored runs: the latest run with a finding of that id and the same
evidence gives its severity and evidence; a dismissal found in no run keeps the old rule."""

from typing import Any

from django.db import migrations, models

from coxswain.analysis.dismissals import evidence_hash


def fill_in(apps: Any, schema_editor: Any) -> None:
    Dismissal = apps.get_model("insights", "Dismissal")
    AnalysisRun = apps.get_model("insights", "AnalysisRun")
    runs: dict[int, list[Any]] = {}
    for dismissal in Dismissal._default_manager.all():
        kind, *subjects = dismissal.finding_id.split(":")
        dismissal.kind, dismissal.subjects = kind, subjects
        if dismissal.org_id not in runs:
            runs[dismissal.org_id] = list(
                AnalysisRun._default_manager.filter(org_id=dismissal.org_id, status="done")
                .exclude(result=None)
                .order_by("-finished", "-id")
                .values_list("result", flat=True)
            )
        for result in runs[dismissal.org_id]:
            found = next(
                (
                    f
                    for f in (result or {}).get("findings", [])
                    if f.get("id") == dismissal.finding_id
                    and evidence_hash(f.get("evidence")) == dismissal.evidence_hash
                ),
                None,
            )
            if found is not None:
                dismissal.kind = found.get("kind", kind)
                dismissal.subjects = list(found.get("subjects", subjects))
                dismissal.severity = found.get("severity", "")
                dismissal.evidence = found.get("evidence")
                break
        dismissal.save(update_fields=["kind", "subjects", "severity", "evidence"])


class Migration(migrations.Migration):
    dependencies = [("insights", "0005_run_heartbeat")]

    operations = [
        migrations.AddField(
            model_name="dismissal",
            name="kind",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="dismissal",
            name="subjects",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="dismissal",
            name="severity",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.AddField(
            model_name="dismissal",
            name="evidence",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
    ]
