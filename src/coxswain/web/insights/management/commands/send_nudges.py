# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""``send_nudges``: the weekly digest to owners and managers and check-in reminders to staff
(run it weekly from cron or a scheduler; each person can turn theirs off under Settings)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Send the weekly digest and check-in reminders."

    def handle(self, *args: Any, **options: Any) -> None:
        from coxswain.web.insights.services import send_nudges

        stats = send_nudges()
        self.stdout.write(
            f"sent {stats.sent} e-mails ({stats.skipped} skipped: opted out, no news or no address)"
        )
