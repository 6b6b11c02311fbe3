# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Production settings: the same settings module in production mode (``COXSWAIN_PRODUCTION=1``).

Set ``COXSWAIN_SECRET_KEY`` and ``COXSWAIN_ALLOWED_HOSTS``; serve behind an HTTPS proxy that
sets ``X-Forwarded-Proto``. ``manage.py check --deploy`` is clean under these settings.
"""

import os

os.environ["COXSWAIN_PRODUCTION"] = "1"

from coxswain.web.settings import *  # noqa: F403
