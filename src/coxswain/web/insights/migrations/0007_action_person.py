# ruff: noqa: RUF012
# mypy: disable-error-code="misc"
"""Actions are assigned to a person of the workbook; existing ones get their member's person."""

import django.db.models.deletion
from django.db import migrations, models


def assign_linked_people(apps, schema_editor):  # type: ignore[no-untyped-def]
    """An existing action's assignee: the person its member is linked to, if any."""
    Action = apps.get_model("insights", "Action")
    for action in Action._base_manager.exclude(owner=None).select_related("owner"):
        if action.owner.person_id is not None:
            action.person_id = action.owner.person_id
            action.save(update_fields=["person"])


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0006_dismissal_finding"),
        ("strategy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="strategy.person",
            ),
        ),
        migrations.RunPython(assign_linked_people, migrations.RunPython.noop),
    ]
