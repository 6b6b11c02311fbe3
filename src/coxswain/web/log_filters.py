"""Logging filters of the web app (settings ``LOGGING``)."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refusal (a 4xx answer: not allowed, not found) is logged in one line, without the
    traceback Django attaches to it: whoever runs the server took every employee opening an
    owner's page for a crash. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
