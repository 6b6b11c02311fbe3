# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""/api/webhooks: the organisation's outgoing webhook endpoints and their deliveries
(owners only; issue 14, part 6).

Everything goes through :mod:`coxswain.web.collab.webhooks`, the services of Settings →
Webhooks: the same address and event rules (a refused endpoint is a 400 with every problem
placed at its field, nothing stored), the same signing secret (shown to owners, made anew by
``POST /api/webhooks/{id}/secret``), the same test event. Another organisation's endpoint
is a 404. The events, their payload and how to check a signature: docs/api.md, "Outgoing
webhooks"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status

from coxswain.web.api.api import COMMON, ErrorOut, Unauthorized, _member, api
from coxswain.web.api.objects import REFUSED, PlacedProblemsOut
from coxswain.web.collab import selectors, webhooks
from coxswain.web.collab.models import WebhookDelivery, WebhookEndpoint
from coxswain.web.tenancy import get_for_org_or_404

TAGS = ["webhooks"]
NO_SUCH = "no such webhook endpoint"
EVENT_NAMES = ", ".join(webhooks.EVENTS)


class WebhookEndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str] = Field(description=f"The event types it receives: {EVENT_NAMES}")
    enabled: bool = Field(description="Whether events are sent to it")
    secret: str = Field(
        description="The Standard Webhooks signing secret (whsec_…) that signs every request"
    )
    failing: bool = Field(
        description="Turned off after failures, or its latest delivery failed or waits to be "
        "retried"
    )
    failures: int = Field(
        description=f"Deliveries given up in a row (turned off at {webhooks.DISABLE_AFTER})"
    )
    disabled_reason: str = Field(description="Why it was turned off ('' if it was not)")
    created: dt.datetime


class WebhookEndpointIn(Schema):
    url: str = Field(
        max_length=1000, description="https:// (plain http:// only to localhost, not in production)"
    )
    events: list[str] = Field(min_length=1, max_length=20, description=EVENT_NAMES)
    description: str = Field(default="", max_length=200)
    enabled: bool = True


class WebhookEndpointPatch(Schema):
    url: str | None = Field(default=None, max_length=1000)
    events: list[str] | None = Field(default=None, min_length=1, max_length=20)
    description: str | None = Field(default=None, max_length=200)
    enabled: bool | None = Field(
        default=None, description="true turns it on again (its count of failures from 0)"
    )


class WebhookDeliveryOut(Schema):
    id: int
    event_id: str = Field(
        description="The event's id: the webhook-id header, the same on every try"
    )
    event: str = Field(description="The event type (webhook.test for a test)")
    status: str = Field(description="pending, retrying, sent or failed (given up)")
    attempts: int
    response: int | None = Field(description="The HTTP status of the last try (null: no answer)")
    last_error: str
    next_try: dt.datetime | None
    created: dt.datetime
    sent: dt.datetime | None
    payload: dict[str, Any] = Field(description="The JSON body sent")


def _endpoint_out(e: WebhookEndpoint) -> dict[str, Any]:
    return {
        **{
            k: getattr(e, k)
            for k in (
                "id",
                "url",
                "description",
                "events",
                "enabled",
                "secret",
                "failures",
                "disabled_reason",
                "created",
            )
        },
        "failing": selectors.webhook_failing(endpoint=e),
    }


def _delivery_out(d: WebhookDelivery) -> dict[str, Any]:
    return {k: getattr(d, k) for k in WebhookDeliveryOut.model_fields}


def _refused(refused: webhooks.WebhookRefused) -> Status[Any]:
    flat = [f"{k}: {m}" if k else m for k, ms in refused.problems.items() for m in ms]
    return Status(400, {"detail": REFUSED, "problems": flat, "fields": refused.problems})


def _mine(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    return get_for_org_or_404(WebhookEndpoint, org=_member(request, "owner").org, pk=endpoint_id)


WRITE = {**COMMON, 400: PlacedProblemsOut, 403: ErrorOut, 404: ErrorOut}
READ = {**COMMON, 403: ErrorOut, 404: ErrorOut}


@api.get(
    "/webhooks",
    operation_id="list_webhooks",
    response={200: list[WebhookEndpointOut], 403: ErrorOut, 401: Unauthorized},
    tags=TAGS,
    summary="The organisation's webhook endpoints (owners)",
)
def list_webhooks(request: HttpRequest) -> list[dict[str, Any]]:
    org = _member(request, "owner").org
    return [_endpoint_out(e) for e in selectors.webhook_endpoints(org=org)]


@api.post(
    "/webhooks",
    operation_id="create_webhook",
    response={201: WebhookEndpointOut, **WRITE},
    tags=TAGS,
    summary="Add a webhook endpoint, with a new signing secret (owners; 400: nothing stored)",
)
def add_webhook(request: HttpRequest, body: WebhookEndpointIn) -> Status[Any]:
    org = _member(request, "owner").org
    try:
        endpoint = webhooks.add_endpoint(org=org, **body.model_dump())
    except webhooks.WebhookRefused as refused:
        return _refused(refused)
    return Status(201, _endpoint_out(endpoint))


@api.get(
    "/webhooks/{endpoint_id}",
    operation_id="get_webhook",
    response={200: WebhookEndpointOut, **READ},
    tags=TAGS,
    url_name="webhook",
    summary="One webhook endpoint (owners)",
)
def get_webhook(request: HttpRequest, endpoint_id: int) -> Status[Any]:
    try:
        return Status(200, _endpoint_out(_mine(request, endpoint_id)))
    except Http404:
        return Status(404, {"detail": NO_SUCH, "problems": []})


@api.patch(
    "/webhooks/{endpoint_id}",
    operation_id="update_webhook",
    response={200: WebhookEndpointOut, **WRITE},
    tags=TAGS,
    url_name="webhook",
    summary="Change a webhook endpoint: what is given (owners; 400: nothing stored)",
)
def change_webhook(
    request: HttpRequest, endpoint_id: int, body: WebhookEndpointPatch
) -> Status[Any]:
    try:
        endpoint = _mine(request, endpoint_id)
    except Http404:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    try:
        webhooks.change_endpoint(endpoint=endpoint, **body.model_dump())
    except webhooks.WebhookRefused as refused:
        return _refused(refused)
    return Status(200, _endpoint_out(endpoint))


@api.delete(
    "/webhooks/{endpoint_id}",
    operation_id="delete_webhook",
    response={204: None, **READ},
    tags=TAGS,
    url_name="webhook",
    summary="Remove a webhook endpoint and its deliveries (owners)",
)
def delete_webhook(request: HttpRequest, endpoint_id: int) -> Status[Any]:
    try:
        endpoint = _mine(request, endpoint_id)
    except Http404:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    webhooks.delete_endpoint(endpoint=endpoint)
    return Status(204, None)


@api.post(
    "/webhooks/{endpoint_id}/secret",
    operation_id="rotate_webhook_secret",
    response={200: WebhookEndpointOut, **READ},
    tags=TAGS,
    url_name="webhook_secret",
    summary="Make a new signing secret; the old one signs nothing more (owners)",
)
def rotate_webhook_secret(request: HttpRequest, endpoint_id: int) -> Status[Any]:
    try:
        endpoint = _mine(request, endpoint_id)
    except Http404:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    return Status(200, _endpoint_out(webhooks.rotate_secret(endpoint=endpoint)))


@api.post(
    "/webhooks/{endpoint_id}/test",
    operation_id="send_webhook_test",
    response={202: WebhookDeliveryOut, **READ},
    tags=TAGS,
    url_name="webhook_test",
    summary="Send a webhook.test event to the endpoint (owners); its delivery",
)
def send_test_event(request: HttpRequest, endpoint_id: int) -> Status[Any]:
    try:
        endpoint = _mine(request, endpoint_id)
    except Http404:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    delivery = webhooks.send_test(endpoint=endpoint)
    delivery.refresh_from_db()  # a task backend that sends at once has tried it already
    return Status(202, _delivery_out(delivery))


@api.get(
    "/webhooks/{endpoint_id}/deliveries",
    operation_id="list_webhook_deliveries",
    response={200: list[WebhookDeliveryOut], **READ},
    tags=TAGS,
    url_name="webhook_deliveries",
    summary="The endpoint's latest deliveries, newest first (at most 100; owners)",
)
def webhook_deliveries(request: HttpRequest, endpoint_id: int) -> Status[Any]:
    try:
        endpoint = _mine(request, endpoint_id)
    except Http404:
        return Status(404, {"detail": NO_SUCH, "problems": []})
    found = selectors.webhook_deliveries(org=endpoint.org, endpoint=endpoint, limit=100)
    return Status(200, [_delivery_out(d) for d in found])
