# mypy: disable-error-code="misc"
"""The upload size limit, enforced while an upload is received.

:class:`LimitedUpload` comes first in ``FILE_UPLOAD_HANDLERS``: it refuses a multipart body
whose declared length (``CONTENT_LENGTH``) is over ``COXSWAIN_MAX_UPLOAD`` before any file
is written, and stops an upload once the file bytes received pass the limit (a body sent
without a length, or one that lies about it), so that no temporary file larger than the
limit is ever written. The request then carries :attr:`REFUSED` (the file name and what
went wrong) for the view to answer with a plain message; the rest of the body is not read
(``StopUpload(connection_reset=True)``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# What the multipart body may hold besides the file: boundaries, headers, the CSRF token and
# the form's small fields.
OVERHEAD = 64 * 1024
# The request attribute set when an upload was refused: (file name, message).
REFUSED = "coxswain_upload_refused"


def size_text(n: int) -> str:
    """``50 MB`` for a limit of 50 MiB, ``1,000 bytes`` under one MiB."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{n:,} bytes"


def refused(request: Any) -> tuple[str, str] | None:
    """(file name, message) when the request's upload was refused for its size."""
    return getattr(request, REFUSED, None)


class LimitedUpload(FileUploadHandler):
    def handle_raw_input(
        self,
        input_data: Any,
        meta: dict[str, Any],
        content_length: int,
        boundary: bytes,
        encoding: str | None = None,
    ) -> None:
        self.limit = int(settings.COXSWAIN_MAX_UPLOAD)
        self.declared = content_length or 0
        self.received = 0
        return None  # the other handlers parse the body

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        # Refused here rather than in handle_raw_input: the fields before the file (the CSRF
        # token) are parsed, so the page answers with the message, not a CSRF failure.
        if self.declared > self.limit + OVERHEAD:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) makes the file

    def _refuse(self) -> None:
        if self.request is not None:
            message = (
                f"the file is larger than {size_text(self.limit)}, the upload limit "
                "(COXSWAIN_MAX_UPLOAD)"
            )
            setattr(self.request, REFUSED, (self.file_name or "upload", message))
        raise StopUpload(connection_reset=True)
