# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The unread-notification count for the bell in the header; chat and webhook trouble for
Settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    from django.utils.functional import SimpleLazyObject

    from coxswain.web.collab.selectors import chat_trouble, unread_count, webhook_trouble

    # Lazy: counted only where a page shows them (the bell; Settings), not for HTMX partials.
    return {
        "unread_notifications": SimpleLazyObject(lambda: unread_count(membership=membership)),
        "chat_trouble": SimpleLazyObject(lambda: chat_trouble(org=membership.org)),
        "webhook_trouble": SimpleLazyObject(lambda: webhook_trouble(org=membership.org)),
    }
