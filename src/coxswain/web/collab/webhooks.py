# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Outgoing webhooks (services): an organisation's endpoints, the events it sends them, and
their signed delivery with retries.

There are none until an owner adds an endpoint (Settings → Webhooks, or ``/api/webhooks``).
Each event (:data:`EVENTS`) goes as one JSON body to every enabled endpoint that asked for
it, signed as the Standard Webhooks spec says (``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` with the endpoint's
``whsec_`` secret), so that receivers can check it with the spec's ready-made libraries.
Deliveries are the chat's (:mod:`coxswain.web.collab.services`): a background task per
delivery, retried after 1, 4, 16 and 64 minutes, given up after 5 tries; an endpoint whose
deliveries are given up :data:`DISABLE_AFTER` times in a row is turned off.

What goes out is titles, ids and links, never people analytics: people are named by their
pseudonym unless the owner chose to show names (the workbook's ``privacy.show_names``, the
one naming rule of :func:`coxswain.web.privacy.labels`); a finding about a person goes by its
kind's plain name, never its own title (which describes the person's load); an action's
title is free text that can name anyone, so it goes out only where names are shown. The
receiver reads the rest through the API with its own token.

The writing services call :func:`emit` (through :func:`action_event`,
:func:`checkin_events`, :func:`finding_events`); a webhook never fails the write that
caused it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from coxswain.web.accounts.models import Organisation
from coxswain.web.collab import services
from coxswain.web.collab.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

if TYPE_CHECKING:
    from coxswain.web.checkins.models import CheckIn
    from coxswain.web.insights.models import Action

log = logging.getLogger("coxswain.collab")

EVENTS: dict[str, str] = {
    "finding.created": "a finding that the previous analysis did not have (not dismissed)",
    "checkin.created": "a check-in on a key result",
    "action.created": "an action",
    "action.updated": (
        "an action was changed: marked done or opened again, given to someone else, "
        "given a new due date or a new title"
    ),
}
TEST_EVENT = "webhook.test"
DISABLE_AFTER = 5  # deliveries given up in a row before an endpoint is turned off
MAX_ENDPOINTS = 20
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class WebhookRefused(ValueError):
    """An endpoint that cannot be kept: every problem, by field (``url``, ``events``)."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {m}" for k, ms in problems.items() for m in ms))
        self.problems = problems


# ---- endpoints ------------------------------------------------------------------------------


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: ``whsec_`` and 32 random bytes in
    base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def url_problems(url: str, *, resolve: bool = True) -> list[str]:
    """What is wrong with a webhook address: it must be https://, as chat's must; plain
    http:// only to this machine (localhost, a receiver under test or a local n8n) and never
    with the production settings, which refuse any host that is, or resolves to, an address
    not on the public internet (this machine, a private network, link-local; ``resolve``:
    look the name up, as saving does; :mod:`coxswain.web.collab.outbound`)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from coxswain.web.collab import outbound

    url = url.strip()
    if not url:
        return ["give the address that receives the events"]
    if len(url) > 1000:
        return [f"the address is {len(url)} characters long; at most 1000"]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return ["the address must start with https://"]
    try:
        URLValidator(schemes=["http", "https"])(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (ValidationError, ValueError):
        return ["this is not a web address (https://host/path)"]
    host = parts.hostname or ""
    production = outbound.enforced()
    if parts.scheme == "http" and (host not in LOOPBACK or production):
        return [
            "the address must start with https:// (plain http:// is taken only for "
            "localhost, and not in production)"
        ]
    if production:
        # A server's own or its network's addresses: an owner of one organisation must not
        # make the server call them. Checked again at every send, on the address connected.
        problems = outbound.host_problems(host, port) if resolve else []
        if not resolve and _inside(host):
            problems = [
                "the address is on this server or a private network: give an address on "
                "the public internet"
            ]
        return problems
    return []


def _inside(host: str) -> bool:
    """A host that is this machine or a non-public IP address as written (no look-up)."""
    from coxswain.web.collab import outbound

    return (
        bool(outbound.host_problems(host, 443))
        if _literal(host)
        else (host in LOOPBACK or host.endswith(".localhost"))
    )


def _literal(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def event_problems(events: Iterable[str]) -> list[str]:
    events = list(events)
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        return [f"no such event: {', '.join(unknown)} (there are {', '.join(EVENTS)})"]
    if not events:
        return ["choose at least one event"]
    return []


def _checked(
    url: str, events: Iterable[str], *, description: str, resolve: bool = True
) -> tuple[str, list[str]]:
    events = list(dict.fromkeys(events))
    problems = {
        name: found
        for name, found in (
            ("url", url_problems(url, resolve=resolve)),
            ("events", event_problems(events)),
            (
                "description",
                ["at most 200 characters"] if len(description) > 200 else [],
            ),
        )
        if found
    }
    if problems:
        raise WebhookRefused(problems)
    return url.strip(), [e for e in EVENTS if e in events]  # in the documented order


def add_endpoint(
    *,
    org: Organisation,
    url: str,
    events: Iterable[str],
    description: str = "",
    enabled: bool = True,
) -> WebhookEndpoint:
    """A new endpoint with a new secret; raises WebhookRefused with every problem (nothing
    stored then)."""
    url, events = _checked(url, events, description=description)
    if WebhookEndpoint.objects.for_org(org).count() >= MAX_ENDPOINTS:
        raise WebhookRefused({"": [f"an organisation has at most {MAX_ENDPOINTS} endpoints"]})
    return WebhookEndpoint.objects.create(
        org=org,
        url=url,
        events=events,
        description=description.strip(),
        enabled=enabled,
        secret=new_secret(),
    )


def change_endpoint(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    events: Iterable[str] | None = None,
    description: str | None = None,
    enabled: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given (None: left as it is). Turning an endpoint on again starts its
    count of failures afresh. A new address is looked up (production); the one kept is not
    (each send checks it again), so an endpoint can be turned off while its name does not
    resolve."""
    new_url = endpoint.url if url is None else url.strip()
    new_url, new_events = _checked(
        new_url,
        endpoint.events if events is None else events,
        description=endpoint.description if description is None else description,
        resolve=new_url != endpoint.url,
    )
    endpoint.url, endpoint.events = new_url, new_events
    if description is not None:
        endpoint.description = description.strip()
    if enabled is not None:
        if enabled and not endpoint.enabled:
            endpoint.failures, endpoint.disabled_reason = 0, ""
        endpoint.enabled = enabled
    endpoint.save()
    return endpoint


def rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret; from now on every try (also of deliveries waiting to be retried) is
    signed with it."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


def delete_endpoint(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()  # its deliveries go with it


# ---- events ---------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.COXSWAIN_BASE_URL}{path}"


def _subscribed(org: Organisation, event: str) -> list[WebhookEndpoint]:
    return [
        e for e in WebhookEndpoint.objects.for_org(org).filter(enabled=True) if event in e.events
    ]


def _envelope(*, org: Organisation, event: str, data: dict[str, Any]) -> dict[str, Any]:
    """The JSON body of an event (Standard Webhooks' ``type``, ``timestamp`` and ``data``,
    with the event's id and the organisation)."""
    return {
        "id": "msg_" + secrets.token_urlsafe(18),
        "type": event,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "organisation": {"id": org.pk, "slug": slugify(org.name) or f"org-{org.pk}"},
        "data": data,
    }


def _queue(endpoint: WebhookEndpoint, payload: dict[str, Any]) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(
        org=endpoint.org,
        endpoint=endpoint,
        event=payload["type"],
        event_id=payload["id"],
        payload=payload,
    )
    transaction.on_commit(lambda pk=delivery.pk: services._enqueue(pk, kind="webhook"))
    return delivery


def emit(
    *, org: Organisation, event: str, build: Callable[[], list[dict[str, Any]]]
) -> list[WebhookDelivery]:
    """One event per item that ``build`` returns (called only when an enabled endpoint
    asked for ``event``), each to every such endpoint. Never raises: a webhook does not
    fail the write that caused it (what went wrong is logged)."""
    try:
        endpoints = _subscribed(org, event)
        if not endpoints:
            return []
        out = []
        with transaction.atomic():  # a savepoint: a failure here leaves the write whole
            for data in build():
                payload = _envelope(org=org, event=event, data=data)
                out += [_queue(endpoint, payload) for endpoint in endpoints]
        return out
    except Exception:
        log.exception("%s: queuing the %s webhooks failed", org.pk, event)
        return []


def send_test(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A test event to one endpoint (also when it is turned off, to check it first)."""
    payload = _envelope(
        org=endpoint.org,
        event=TEST_EVENT,
        data={"message": "Coxswain is connected", "link": _absolute(reverse("insights:home"))},
    )
    return _queue(endpoint, payload)


@dataclass(frozen=True)
class Naming:
    """How an event names people: by id where the owner shows names, else by pseudonym."""

    show_names: bool
    labels: dict[str, str]  # every workbook id → its name or pseudonym
    people: frozenset[str]  # the person ids of the workbook

    @classmethod
    def of(cls, org: Organisation) -> Naming:
        from coxswain.web.privacy import labels
        from coxswain.web.strategy.models import Person
        from coxswain.web.workbook_io import profile_for

        return cls(
            show_names=bool(profile_for(org).show_names),
            labels=labels(org=org),
            people=frozenset(Person.objects.for_org(org).values_list("slug", flat=True)),
        )

    def person(self, slug: str | None) -> str | None:
        if slug is None or self.show_names:
            return slug
        return self.labels.get(slug, "a person")

    def ref(self, ref: str) -> str:
        """A finding's or story's id (``kind:subject:…``) with each person id in it named
        as :meth:`person` names them."""
        return ":".join(
            (self.person(part) or part) if part in self.people else part for part in ref.split(":")
        )

    def names_someone(self, ref: str) -> bool:
        return not self.show_names and any(p in self.people for p in ref.split(":"))


def finding_data(
    finding: dict[str, Any], *, naming: Naming, story: str | None, run_id: int, as_of: Any
) -> dict[str, Any]:
    """A finding as an event: its id, kind, severity, title and link. A finding about a
    person goes by its kind's plain name, and (names hidden) with the person's pseudonym in
    its id and subjects, linked to the list of findings."""
    from coxswain.analysis.kinds import kind_name

    about_person = any(s in naming.people for s in finding.get("subjects", []))
    hidden = naming.names_someone(finding["id"])
    link = (
        reverse("insights:findings")
        if hidden
        else reverse("collab:finding", kwargs={"finding_id": finding["id"]})
    )
    return {
        "id": naming.ref(finding["id"]),
        "kind": finding["kind"],
        "kind_name": kind_name(finding["kind"]),
        "severity": finding["severity"],
        "title": kind_name(finding["kind"]) if about_person else finding.get("title", ""),
        "subjects": [naming.ref(s) for s in finding.get("subjects", [])],
        "story": naming.ref(story) if story else None,
        "analysis": run_id,
        "as_of": as_of.isoformat() if hasattr(as_of, "isoformat") else as_of,
        "link": _absolute(link),
    }


def finding_events(*, run_id: int) -> list[WebhookDelivery]:
    """After an analysis: ``finding.created`` for each finding of it that the previous
    current analysis did not have and that is not dismissed, when it is the current one
    now (an analysis as of a chosen date announces nothing)."""
    from coxswain.web.insights.models import AnalysisRun
    from coxswain.web.insights.selectors import findings_view, latest_run, previous_current_run

    run = AnalysisRun.dangerously_unscoped.select_related("org").get(pk=run_id)
    org = run.org

    def build() -> list[dict[str, Any]]:
        current = latest_run(org=org)
        if current is None or current.pk != run.pk:
            return []
        before = previous_current_run(org=org, run=run)
        seen = {f["id"] for f in (before.result or {}).get("findings", [])} if before else set()
        stories = {
            fid: s["id"] for s in (run.result or {}).get("stories", []) for fid in s["findings"]
        }
        naming = Naming.of(org)
        return [
            finding_data(
                f, naming=naming, story=stories.get(f["id"]), run_id=run.pk, as_of=run.as_of
            )
            for f in findings_view(org=org, run=run)
            if f["dismissed"] is None and f["id"] not in seen
        ]

    return emit(org=org, event="finding.created", build=build)


def checkin_data(checkin: CheckIn, *, naming: Naming) -> dict[str, Any]:
    """A check-in as the API's CheckInOut has it, the person named by :class:`Naming`."""
    return {
        "id": checkin.pk,
        "person": naming.person(checkin.person.slug),
        "goal": checkin.goal,
        "key_result": checkin.key_result,
        "date": checkin.date.isoformat(),
        "value": checkin.value,
        "confidence": checkin.confidence,
        "link": _absolute(reverse("collab:goal", kwargs={"goal_id": checkin.goal})),
    }


def checkin_events(*, org: Organisation, checkins: list[CheckIn]) -> list[WebhookDelivery]:
    def build() -> list[dict[str, Any]]:
        naming = Naming.of(org)
        return [checkin_data(c, naming=naming) for c in checkins]

    return emit(org=org, event="checkin.created", build=build)


def action_data(
    action: Action,
    *,
    naming: Naming,
    changed: list[str] | None = None,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An action as the API's ActionOut has it: the title only where names are shown (it is
    free text), the assignee named by :class:`Naming`. An update adds ``changed`` (the
    fields that changed) and ``previous`` (what they were, named the same way)."""
    data = {
        "id": action.pk,
        "title": action.title if naming.show_names else None,
        "finding_id": naming.ref(action.finding_id) if action.finding_id else "",
        "person": naming.person(action.person.slug) if action.person else None,
        "owner": action.owner_id,
        "due": action.due.isoformat(),
        "status": action.status,
        "link": _absolute(reverse("collab:action", kwargs={"pk": action.pk})),
    }
    if changed is not None:
        data["changed"] = changed
        data["previous"] = {
            f: _previous(f, (previous or {}).get(f), naming=naming) for f in changed
        }
    return data


def _previous(field: str, value: Any, *, naming: Naming) -> Any:
    """A field's value before an update, as :func:`action_data` shows the field."""
    if field == "title":
        return value if naming.show_names else None
    if field == "person":
        return naming.person(value)
    if field == "due" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def action_event(
    *,
    action: Action,
    event: str,
    changed: list[str] | None = None,
    previous: dict[str, Any] | None = None,
) -> list[WebhookDelivery]:
    """``action.created``, or ``action.updated`` with the fields that ``changed`` and their
    ``previous`` values."""
    return emit(
        org=action.org,
        event=event,
        build=lambda: [
            action_data(action, naming=Naming.of(action.org), changed=changed, previous=previous)
        ],
    )


# ---- delivery -------------------------------------------------------------------------------


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header of Standard Webhooks: ``v1,`` and the base64
    HMAC-SHA256 of ``msg_id.timestamp.body`` under the secret's bytes (the base64 after
    ``whsec_``). Written out here (six lines of the standard library) rather than taken from
    the ``standardwebhooks`` package, which the tests use to check it independently."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def attempt_webhook(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookDelivery:
    """Send one delivery (a task starts here from its primary key), signed at the time of
    the try; retried or given up as chat's are (:func:`services.settle`). A delivery given
    up counts against its endpoint: :data:`DISABLE_AFTER` in a row turn it off; one that
    goes through starts the count afresh."""
    now = now or timezone.now()
    delivery = WebhookDelivery.dangerously_unscoped.select_related("endpoint").get(pk=delivery_id)
    if delivery.status in (DeliveryStatus.sent, DeliveryStatus.failed):
        return delivery
    endpoint = delivery.endpoint
    delivery.attempts += 1
    if not endpoint.enabled and delivery.event != TEST_EVENT:
        services.settle(
            delivery, error="the endpoint is turned off", now=now, give_up=True, kind="webhook"
        )
        return delivery
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = int(now.timestamp())
    code, error = services.post(
        endpoint.url,
        body,
        headers={
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(stamp),
            "webhook-signature": sign(
                secret=endpoint.secret, msg_id=delivery.event_id, timestamp=stamp, body=body
            ),
        },
        service="the endpoint",
        follow_redirects=False,
    )
    delivery.response = code
    services.settle(delivery, error=error, now=now, kind="webhook")
    endpoints = WebhookEndpoint.dangerously_unscoped.filter(pk=endpoint.pk)
    if delivery.status == DeliveryStatus.sent:
        endpoints.update(failures=0)
    elif delivery.status == DeliveryStatus.failed:
        endpoints.update(failures=F("failures") + 1)
        endpoints.filter(enabled=True, failures__gte=DISABLE_AFTER).update(
            enabled=False,
            disabled_reason=(
                f"turned off at {now:%Y-%m-%d %H:%M} UTC after {DISABLE_AFTER} deliveries in a "
                f"row failed (the last: {error})"
            )[:300],
        )
    return delivery
