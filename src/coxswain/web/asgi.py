# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""ASGI entry point: ``coxswain.web.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coxswain.web.settings")
application = get_asgi_application()
