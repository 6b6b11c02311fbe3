# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""``demo_setup``: load each example company as its own demo organisation with demo logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create demo organisations from example workbooks (one per folder), with demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "examples", nargs="?", default="examples", help="folder of example workbooks"
        )

    def handle(self, *args: Any, examples: str, **options: Any) -> None:
        from coxswain.web.demo import DEMO_PASSWORD, setup_demo

        logins = setup_demo(examples=Path(examples))
        if not logins:
            self.stdout.write(f"no example workbooks found under {examples}/")
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for org, role, username in logins:
            self.stdout.write(f"  {org:<32} {role:<9} {username}")
