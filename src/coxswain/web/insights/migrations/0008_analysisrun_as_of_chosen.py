# ruff: noqa: RUF012
# mypy: disable-error-code="misc"
"""Runs remember whether someone chose their date (a "then" view, never the current one)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0007_action_person"),
    ]

    operations = [
        migrations.AddField(
            model_name="analysisrun",
            name="as_of_chosen",
            field=models.BooleanField(default=False),
        ),
    ]
