# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""``python -m coxswain.web.manage <command>``: Django's manage.py for the web app."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coxswain.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
