# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Chat and outgoing-webhook deliveries as background tasks (django-tasks), retried with
backoff."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_chat(delivery_id: int) -> None:
    from coxswain.web.collab.services import attempt_delivery

    attempt_delivery(delivery_id=delivery_id)


@task()
def deliver_webhook(delivery_id: int) -> None:
    from coxswain.web.collab.webhooks import attempt_webhook

    attempt_webhook(delivery_id=delivery_id)
