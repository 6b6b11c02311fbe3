# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""WSGI entry point: ``coxswain.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coxswain.web.settings")
application = get_wsgi_application()
