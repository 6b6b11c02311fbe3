"""The API's JSON parser: bodies within :data:`limits.MAX_API_BODY_BYTES` and
:data:`limits.MAX_JSON_DEPTH` levels, else a 400 that says which bound was passed."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser

from coxswain.workbook.limits import MAX_API_BODY_BYTES, JsonLimitError, load_json


class BoundedJsonParser(Parser):
    """django-ninja's parser, with the body's size and nesting bounded. django-ninja turns
    any error here into a 400 "Cannot parse request body"; ``api.py`` shows the message of a
    :class:`JsonLimitError` instead."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        length = int(request.headers.get("Content-Length") or 0)
        if length > MAX_API_BODY_BYTES:  # refused before the body is read
            raise JsonLimitError(f"the body is over the limit of {MAX_API_BODY_BYTES:,} bytes")
        try:
            return cast(dict[str, Any], load_json(request.body, max_bytes=MAX_API_BODY_BYTES))
        except JsonLimitError as exc:
            where = f" (line {exc.line}, column {exc.column})" if exc.line else ""
            raise JsonLimitError(f"the body {exc.message}{where}") from None


def body_problem(exc: BaseException) -> str | None:
    """The message of a bounded-parser refusal behind django-ninja's 400, if it is one."""
    cause = exc.__cause__
    return cause.message if isinstance(cause, JsonLimitError) else None
