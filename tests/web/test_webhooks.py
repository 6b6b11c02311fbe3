"""Outgoing webhooks (coxswain.web.collab.webhooks), received by a local HTTP server that
checks every signature with the ``standardwebhooks`` package (independently of our signing
code): off until an endpoint is added, one event per write, retried with backoff, turned off
when it keeps failing, nothing about people, owners only and per organisation."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse
from django.utils.text import slugify
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.web.test_api_objects import _api, _json

pytestmark = pytest.mark.django_db


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A local webhook receiver: records every request and answers ``status``."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                receiver.received.append(
                    Received(
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        self.rfile.read(length),
                    )
                )
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self, type_: str | None = None) -> list[Any]:
        return [r.event for r in self.received if type_ is None or r.event["type"] == type_]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


ALL = ["finding.created", "checkin.created", "action.created", "action.updated"]


def _endpoint(tenant: Any, receiver: Receiver, events: list[str] | None = None, **extra: Any):
    from coxswain.web.collab.webhooks import add_endpoint

    return add_endpoint(org=tenant.org, url=receiver.url, events=events or ALL, **extra)


def _verify(secret: str, received: Received) -> Any:
    """The receiver's check, with the Standard Webhooks library."""
    return Webhook(secret).verify(received.body, received.headers)


def _show_names(org: Any, show: bool) -> None:
    from coxswain.web.workbook_io import profile_for

    profile = profile_for(org)
    profile.show_names = show
    profile.save()


def _action(tenant: Any, title: str = "Ask Bob about the flour") -> Any:
    from coxswain.web.insights.services import create_action
    from coxswain.web.strategy.models import Person

    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    return create_action(org=tenant.org, title=title, due=dt.date(2026, 9, 1), person=bob)


def _names_nobody(payload: Any) -> None:
    text = json.dumps(payload)
    assert not re.search(r"\b(ann|bob)\b", text, re.IGNORECASE), text


# ---- off until added -------------------------------------------------------------------------


def test_nothing_is_sent_without_an_endpoint_or_when_it_is_off(tenant, receiver) -> None:
    from coxswain.web.collab.models import WebhookDelivery
    from coxswain.web.collab.webhooks import change_endpoint

    _action(tenant)
    endpoint = _endpoint(tenant, receiver, events=["checkin.created"])
    _action(tenant)  # not an event it asked for
    change_endpoint(endpoint=endpoint, events=ALL, enabled=False)
    _action(tenant)  # turned off
    assert receiver.received == []
    assert not WebhookDelivery.objects.for_org(tenant.org).exists()
    change_endpoint(endpoint=endpoint, enabled=True)
    _action(tenant)
    assert [e["type"] for e in receiver.events()] == ["action.created"]


# ---- signature --------------------------------------------------------------------------------


def test_every_request_is_signed_as_standard_webhooks_says(tenant, receiver, login) -> None:
    endpoint = _endpoint(tenant, receiver)
    assert endpoint.secret.startswith("whsec_")
    c = login(tenant.owner)
    assert c.post(reverse("collab:webhook", args=[endpoint.pk]), {"do": "test"}).status_code == 302
    (got,) = receiver.received
    assert got.headers["content-type"] == "application/json"
    event = _verify(endpoint.secret, got)
    assert event["type"] == "webhook.test"
    assert event["id"] == got.headers["webhook-id"] and event["id"].startswith("msg_")
    tenant.org.refresh_from_db()
    assert event["organisation"] == {"id": tenant.org.pk, "slug": slugify(tenant.org.name)}
    assert dt.datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))
    assert got.headers["webhook-signature"].startswith("v1,")
    # A changed body, or another secret, does not verify.
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(got.body.replace(b"test", b"tost"), got.headers)
    from coxswain.web.collab.webhooks import new_secret

    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(got.body, got.headers)
    page = c.get(reverse("collab:webhook", args=[endpoint.pk])).content.decode()
    assert endpoint.secret in page and "webhook.test" in page and "HTTP 200" in page


def test_a_new_secret_signs_from_then_on(tenant, receiver, login) -> None:
    endpoint = _endpoint(tenant, receiver)
    old = endpoint.secret
    c = login(tenant.owner)
    c.post(reverse("collab:webhook", args=[endpoint.pk]), {"do": "rotate"})
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    _action(tenant)
    (got,) = receiver.received
    _verify(endpoint.secret, got)
    with pytest.raises(WebhookVerificationError):
        _verify(old, got)


# ---- one event per write ----------------------------------------------------------------------


def test_actions_send_created_and_updated_through_the_web_and_the_api(
    tenant, receiver, login
) -> None:
    from coxswain.web.insights.models import Action

    endpoint = _endpoint(tenant, receiver)
    r = login(tenant.manager).post(
        reverse("insights:create_action"),
        {"title": "Check the ovens", "assignee": "bob", "due": "2026-09-01"},
    )
    assert r.status_code == 302, r.content
    action = Action.objects.for_org(tenant.org).get()
    c = _api(tenant.manager)
    assert _json(c, "patch", f"/api/actions/{action.pk}", {"done": True}).status_code == 200
    assert _json(c, "patch", f"/api/actions/{action.pk}", {"done": True}).status_code == 200
    made = _json(
        c, "post", "/api/actions", {"title": "x", "due": "2026-10-01", "owner": tenant.owner.pk}
    )
    assert made.status_code == 201
    events = [_verify(endpoint.secret, r) for r in receiver.received]
    assert [e["type"] for e in events] == ["action.created", "action.updated", "action.created"]
    created, updated, _ = events
    assert created["data"]["id"] == action.pk and created["data"]["status"] == "open"
    assert created["data"]["due"] == "2026-09-01"
    assert created["data"]["link"].endswith(reverse("collab:action", kwargs={"pk": action.pk}))
    # Marked done twice: one change, one event.
    assert updated["data"]["status"] == "done" and updated["data"]["changed"] == ["status"]
    # The API's ActionOut fields are all there.
    api_action = c.get(f"/api/actions/{action.pk}").json()
    assert set(api_action) <= set(updated["data"])
    assert len({e["id"] for e in events}) == 3


def test_changing_an_action_sends_what_changed_and_what_it_was(tenant, receiver, login) -> None:
    """An edit on the action's page and a PATCH through the API each send one
    ``action.updated`` with the fields that changed and their previous values, named as
    events name people (pseudonyms; no title while names are hidden). Nothing changed:
    nothing sent."""
    action = _action(tenant)
    endpoint = _endpoint(tenant, receiver, events=["action.updated"])
    r = login(tenant.manager).post(
        reverse("collab:edit_action", kwargs={"pk": action.pk}),
        {"title": "Ask Ann", "assignee": f"member:{tenant.owner.pk}", "due": "2026-09-15"},
    )
    assert r.status_code == 302
    c = _api(tenant.manager)
    r = _json(c, "patch", f"/api/actions/{action.pk}", {"person": "bob", "done": True})
    assert r.status_code == 200, r.content
    assert _json(c, "patch", f"/api/actions/{action.pk}", {"person": "bob"}).status_code == 200
    events = [_verify(endpoint.secret, r)["data"] for r in receiver.received]
    assert len(events) == 2
    edit, patch = events
    assert edit["changed"] == ["title", "person", "owner", "due"]
    assert edit["previous"]["person"].startswith("Person ") and edit["person"] is None
    assert edit["previous"]["title"] is None and edit["title"] is None  # names hidden
    assert edit["previous"]["owner"] == tenant.employee.pk and edit["owner"] == tenant.owner.pk
    assert (edit["previous"]["due"], edit["due"]) == ("2026-09-01", "2026-09-15")
    assert patch["changed"] == ["person", "owner", "status"]
    assert patch["previous"] == {"person": None, "owner": tenant.owner.pk, "status": "open"}
    assert patch["status"] == "done" and patch["owner"] == tenant.employee.pk
    for e in events:
        _names_nobody(e)
    _show_names(tenant.org, True)
    _json(c, "patch", f"/api/actions/{action.pk}", {"title": "Ask Bob again"})
    last = _verify(endpoint.secret, receiver.received[-1])["data"]
    assert last["changed"] == ["title"]
    assert last["previous"] == {"title": "Ask Ann"} and last["title"] == "Ask Bob again"


def test_the_webhooks_page_says_what_sends_action_updated(tenant, login) -> None:
    page = login(tenant.owner).get(reverse("collab:webhooks")).content.decode()
    assert "action.updated: an action was changed: marked done or opened again, given to " in (page)
    assert "a new due date or a new title" in page


def test_checkins_send_one_event_each_through_the_web_and_the_api(tenant, receiver, login) -> None:
    from coxswain.web.checkins.models import CheckIn

    endpoint = _endpoint(tenant, receiver, events=["checkin.created"])
    r = login(tenant.employee).post(
        reverse("checkins:mine"), {"kr-g_bakers-0": "90", "conf-g_bakers-0": "4"}
    )
    assert r.status_code == 302
    body = {"updates": [{"goal": "g_bakers", "key_result": 0, "value": 91}]}
    assert _json(_api(tenant.employee), "post", "/api/checkins", body).status_code == 201
    events = [_verify(endpoint.secret, r) for r in receiver.received]
    assert [e["type"] for e in events] == ["checkin.created"] * 2
    ids = list(CheckIn.objects.for_org(tenant.org).order_by("pk").values_list("pk", flat=True))
    assert [e["data"]["id"] for e in events] == ids
    first = events[0]["data"]
    assert (first["goal"], first["key_result"], first["value"], first["confidence"]) == (
        "g_bakers",
        0,
        90,
        4,
    )
    assert first["link"].endswith(reverse("collab:goal", kwargs={"goal_id": "g_bakers"}))
    for e in events:
        _names_nobody(e)
        assert e["data"]["person"].startswith("Person ")


def _run(org: Any, findings: list[dict[str, Any]], stories=(), **extra: Any) -> Any:
    from django.utils import timezone

    from coxswain.web.insights.models import AnalysisRun

    return AnalysisRun.objects.create(
        org=org,
        status="done",
        finished=timezone.now(),
        result={"findings": findings, "stories": list(stories)},
        **extra,
    )


def _finding(kind: str, *subjects: str, title: str = "") -> dict[str, Any]:
    return {
        "id": ":".join((kind, *subjects)),
        "kind": kind,
        "severity": "high",
        "subjects": list(subjects),
        "title": title or f"{kind} title",
        "evidence": {"share": 0.58},
        "recommendation": "r",
    }


def test_new_findings_are_sent_once_and_never_describe_a_person(tenant, receiver) -> None:
    from coxswain.analysis.kinds import kind_name
    from coxswain.web.collab.webhooks import finding_events

    endpoint = _endpoint(tenant, receiver, events=["finding.created"])
    silo = _finding("silo", "bakers", title="The bakers keep to themselves")
    first = _run(tenant.org, [silo], stories=[{"id": "story:bakers", "findings": [silo["id"]]}])
    finding_events(run_id=first.pk)
    person = _finding("bottleneck", "ann", "bakers", title="58% of paths run through Ann")
    second = _run(tenant.org, [silo, person])
    finding_events(run_id=second.pk)
    # An analysis as of a chosen date is not the current one: it announces nothing.
    backdated = _run(tenant.org, [_finding("orphan_work", "cheap_flour")], as_of_chosen=True)
    finding_events(run_id=backdated.pk)
    events = [_verify(endpoint.secret, r) for r in receiver.received]
    assert [e["type"] for e in events] == ["finding.created"] * 2
    a, b = (e["data"] for e in events)
    assert a["id"] == "silo:bakers" and a["story"] == "story:bakers"
    assert a["title"] == "The bakers keep to themselves" and a["kind_name"] == kind_name("silo")
    assert a["analysis"] == first.pk
    assert a["link"].endswith(reverse("collab:finding", kwargs={"finding_id": "silo:bakers"}))
    # About a person: the kind's name, never the title; the pseudonym instead of the id.
    assert b["title"] == kind_name("bottleneck")
    assert b["id"].startswith("bottleneck:Person ") and b["id"].endswith(":bakers")
    assert b["link"].endswith(reverse("insights:findings"))
    for e in events:
        _names_nobody(e)
        # Neither the evidence (share 0.58) nor the title's "58%" (a bare "58" can be in
        # the timestamp or an event id).
        text = json.dumps(e)
        assert "evidence" not in e["data"] and "0.58" not in text and "58%" not in text


def test_a_finished_analysis_sends_its_findings(tenant, receiver) -> None:
    """The whole path: the analysis task of the sample workbook (immediate in tests)."""
    from coxswain.web.insights import services
    from coxswain.web.insights.selectors import latest_run

    endpoint = _endpoint(tenant, receiver, events=["finding.created"])
    run = services.start_analysis(org=tenant.org, user=None)
    run.refresh_from_db()
    assert run.status == "done", run.error
    found = {f["id"] for f in latest_run(org=tenant.org).result["findings"]}
    assert found, "the sample workbook has findings"
    events = [_verify(endpoint.secret, r) for r in receiver.received]
    assert {e["data"]["id"] for e in events} == found  # no person among their subjects
    services.start_analysis(org=tenant.org, user=None)  # the same findings: nothing new
    assert len(receiver.received) == len(events)


def test_names_and_titles_go_out_only_where_the_owner_shows_names(tenant, receiver) -> None:
    endpoint = _endpoint(tenant, receiver, events=["action.created"])
    _action(tenant)
    _show_names(tenant.org, True)
    _action(tenant)
    hidden, shown = (_verify(endpoint.secret, r)["data"] for r in receiver.received)
    assert hidden["title"] is None and hidden["person"].startswith("Person ")
    _names_nobody(hidden)
    assert shown["title"] == "Ask Bob about the flour" and shown["person"] == "bob"


# ---- retries ----------------------------------------------------------------------------------


def test_a_500_is_retried_with_backoff_then_delivered_with_the_same_id(tenant, receiver) -> None:
    from coxswain.web.collab import services
    from coxswain.web.collab.models import WebhookDelivery

    endpoint = _endpoint(tenant, receiver)
    receiver.status = 500
    _action(tenant)
    delivery = WebhookDelivery.objects.for_org(tenant.org).get()
    assert delivery.status == "retrying" and delivery.attempts == 1 and delivery.response == 500
    assert "500" in delivery.last_error and receiver.url not in delivery.last_error
    assert delivery.next_try is not None
    assert services.retry_due_deliveries() == 0  # not due yet
    receiver.status = 204
    assert services.retry_due_deliveries(now=delivery.next_try + dt.timedelta(seconds=1)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2 and delivery.response == 204
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.event_id
    assert first.body == second.body
    for got in (first, second):
        _verify(endpoint.secret, got)


def test_an_endpoint_that_keeps_failing_is_turned_off_and_shown(tenant, receiver, login) -> None:
    from django.utils import timezone

    from coxswain.web.collab import services, webhooks
    from coxswain.web.collab.models import WebhookDelivery

    endpoint = _endpoint(tenant, receiver, events=["action.created"])
    receiver.status = 500
    now = timezone.now()
    for _ in range(webhooks.DISABLE_AFTER):
        _action(tenant)
    for attempt in range(2, services.MAX_ATTEMPTS + 1):
        now += services.backoff(attempt - 1) + dt.timedelta(seconds=1)
        services.retry_due_deliveries(now=now)
    deliveries = WebhookDelivery.objects.for_org(tenant.org)
    assert {d.status for d in deliveries} == {"failed"}
    assert {d.attempts for d in deliveries} == {services.MAX_ATTEMPTS}
    assert len(receiver.received) == webhooks.DISABLE_AFTER * services.MAX_ATTEMPTS
    endpoint.refresh_from_db()
    assert not endpoint.enabled and "in a row failed" in endpoint.disabled_reason
    _action(tenant)  # off: nothing more
    assert len(receiver.received) == webhooks.DISABLE_AFTER * services.MAX_ATTEMPTS
    c = login(tenant.owner)
    assert "1 webhook endpoint failing" in c.get(reverse("accounts:settings")).content.decode()
    page = c.get(reverse("collab:webhook", args=[endpoint.pk])).content.decode()
    assert "This endpoint is failing" in page and "failed, gave up" in page
    # Turned on again: the count starts afresh and a delivery that works clears it.
    receiver.status = 200
    webhooks.change_endpoint(endpoint=endpoint, enabled=True)
    _action(tenant)
    endpoint.refresh_from_db()
    assert endpoint.enabled and endpoint.failures == 0 and endpoint.disabled_reason == ""
    assert "webhook endpoint failing" not in c.get(reverse("accounts:settings")).content.decode()


def test_an_unreachable_endpoint_is_retried(tenant) -> None:
    from coxswain.web.collab.webhooks import add_endpoint, send_test

    endpoint = add_endpoint(org=tenant.org, url="http://127.0.0.1:9/x", events=ALL)
    delivery = send_test(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and "could not reach" in delivery.last_error
    assert delivery.response is None


def test_a_redirect_is_not_followed(tenant, receiver) -> None:
    from coxswain.web.collab.webhooks import send_test

    receiver.status = 302
    delivery = send_test(endpoint=_endpoint(tenant, receiver))
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.response == 302


# ---- addresses --------------------------------------------------------------------------------


def test_addresses_must_be_https_or_this_machine_outside_production(
    tenant, settings, fake_dns
) -> None:
    from coxswain.web.collab.webhooks import WebhookRefused, add_endpoint

    for url in ("ftp://example.com/x", "http://example.com/x", "https://", "javascript:x"):
        with pytest.raises(WebhookRefused) as refused:
            add_endpoint(org=tenant.org, url=url, events=ALL)
        assert list(refused.value.problems) == ["url"], url
    with pytest.raises(WebhookRefused) as refused:
        add_endpoint(org=tenant.org, url="gopher://x", events=["nope"])
    assert set(refused.value.problems) == {"url", "events"}  # every problem at once
    assert add_endpoint(org=tenant.org, url="https://hooks.zapier.com/x", events=ALL)
    assert add_endpoint(org=tenant.org, url="http://localhost:5678/webhook/x", events=ALL)
    settings.PRODUCTION = True
    for url in (
        "http://localhost:5678/webhook/x",
        "https://localhost/x",
        "https://10.0.0.7/x",
        "https://169.254.169.254/latest",
        "https://[::1]/x",
    ):
        with pytest.raises(WebhookRefused):
            add_endpoint(org=tenant.org, url=url, events=ALL)
    fake_dns["hooks.zapier.com"] = ["54.86.1.10"]
    assert add_endpoint(org=tenant.org, url="https://hooks.zapier.com/y", events=ALL)


PUBLIC = "93.184.216.34"


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("10.0.0.7", "a private network address"),
        ("192.168.1.2", "a private network address"),
        ("172.16.0.1", "a private network address"),
        ("127.0.0.1", "this server itself (loopback)"),
        ("169.254.169.254", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "not an address on the public internet"),  # carrier-grade NAT
        ("224.0.0.1", "a multicast address"),
        ("::1", "this server itself (loopback)"),
        ("fd00::1", "a private network address"),
        ("fe80::1", "a link-local address"),
        ("::ffff:127.0.0.1", "this server itself (loopback)"),  # IPv4 in IPv6 clothes
        ("2002:a00:1::", "a private network address"),  # 6to4 of 10.0.0.1
        # NAT64 (RFC 6052): a gateway connects to the IPv4 address inside, so it is judged.
        ("64:ff9b::a9fe:a9fe", "a link-local address"),  # 169.254.169.254
        ("64:ff9b::a00:7", "a private network address"),  # 10.0.0.7
        ("64:ff9b::808:808", None),  # 8.8.8.8, as DNS64 answers on an IPv6-only network
        ("::ffff:0:a00:1", "a private network address"),  # SIIT's IPv4-translated form
        ("::7f00:1", "a reserved address"),  # IPv4-compatible (deprecated) 127.0.0.1
        ("64:ff9b:1::a00:1", "a reserved address"),  # NAT64 for local use
        ("fec0::1", "a reserved address"),  # site-local (deprecated, still routed inside)
        (PUBLIC, None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_which_addresses_are_public(address, why) -> None:
    from coxswain.web.collab.outbound import address_problem

    got = address_problem(address)
    assert (got is None) if why is None else (got is not None and got.startswith(why)), got


def test_production_refuses_names_that_resolve_off_the_public_internet(
    tenant, settings, fake_dns, login
) -> None:
    """A name is looked up when saved (web page, API, service): every address it gives must
    be public, and the refusal names the address and why; development keeps the local
    receiver."""
    from coxswain.web.collab.models import WebhookEndpoint
    from coxswain.web.collab.webhooks import WebhookRefused, add_endpoint

    fake_dns["inside.example.com"] = ["10.0.0.7"]
    fake_dns["metadata.example.com"] = ["169.254.169.254"]
    fake_dns["mixed.example.com"] = [PUBLIC, "192.168.1.2"]
    fake_dns["mapped.example.com"] = ["::ffff:127.0.0.1"]
    fake_dns["public.example.com"] = [PUBLIC, "2606:4700:4700::1111"]
    # Development: names are not looked up, and this machine is allowed.
    assert add_endpoint(org=tenant.org, url="https://inside.example.com/x", events=ALL)
    assert fake_dns.lookups == {}
    settings.PRODUCTION = True
    for name, address in (
        ("inside", "10.0.0.7"),
        ("metadata", "169.254.169.254"),
        ("mixed", "192.168.1.2"),
        ("mapped", "::ffff:127.0.0.1"),
    ):
        with pytest.raises(WebhookRefused) as refused:
            add_endpoint(org=tenant.org, url=f"https://{name}.example.com/x", events=ALL)
        (problem,) = refused.value.problems["url"]
        assert f"{name}.example.com resolves to {address}" in problem, problem
        assert "give an address on the public internet" in problem
    with pytest.raises(WebhookRefused) as refused:
        add_endpoint(org=tenant.org, url="https://nowhere.example.com/x", events=ALL)
    assert "could not be looked up" in refused.value.problems["url"][0]
    made = add_endpoint(org=tenant.org, url="https://public.example.com/x", events=ALL)
    assert made.url == "https://public.example.com/x"

    # The same through the API and the settings page, with the same words.
    r = _json(
        _api(tenant.owner),
        "post",
        "/api/webhooks",
        {"url": "https://inside.example.com/y", "events": ALL},
    )
    assert r.status_code == 400
    assert "resolves to 10.0.0.7, a private network address" in r.json()["fields"]["url"][0]
    r = login(tenant.owner).post(
        reverse("collab:webhooks"),
        {"url": "https://metadata.example.com/z", "events": ALL, "enabled": "on"},
    )
    assert r.status_code == 200
    assert "resolves to 169.254.169.254, a link-local address" in r.content.decode()
    # Changing an endpoint's address checks the new one; keeping it does not look it up.
    r = _json(
        _api(tenant.owner),
        "patch",
        f"/api/webhooks/{made.pk}",
        {"url": "https://inside.example.com/"},
    )
    assert r.status_code == 400
    before = dict(fake_dns.lookups)
    r = _json(_api(tenant.owner), "patch", f"/api/webhooks/{made.pk}", {"enabled": False})
    assert r.status_code == 200 and fake_dns.lookups == before
    assert WebhookEndpoint.objects.for_org(tenant.org).count() == 2


def test_a_name_that_turns_private_after_it_was_saved_is_refused_at_send(
    tenant, settings, fake_dns, receiver
) -> None:
    """DNS rebinding: saved while the name gave a public address, it now gives this machine
    (where the receiver listens). The send is refused on the address it would connect to,
    nothing reaches the receiver, and the error says why without the host name."""
    from coxswain.web.collab.webhooks import add_endpoint, send_test

    settings.PRODUCTION = True
    port = receiver.server.server_port
    fake_dns["rebind.example.com"] = [PUBLIC]
    endpoint = add_endpoint(
        org=tenant.org, url=f"https://rebind.example.com:{port}/hook", events=ALL
    )
    fake_dns["rebind.example.com"] = ["127.0.0.1"]
    delivery = send_test(endpoint=endpoint)
    delivery.refresh_from_db()
    assert receiver.received == []
    assert delivery.status == "retrying" and delivery.response is None
    assert delivery.last_error.startswith(
        "refused to connect: the host name resolves to 127.0.0.1, this server itself"
    ), delivery.last_error
    assert "rebind.example.com" not in delivery.last_error


def test_a_send_connects_to_the_very_address_it_checked(
    tenant, settings, fake_dns, receiver, monkeypatch
) -> None:
    """With 127.0.0.1 taken as public for this test, a production send reaches the receiver
    through a name: looked up once per try, and that answer is the one connected to (no
    second look-up that could answer differently)."""
    from coxswain.web.collab import outbound
    from coxswain.web.collab.models import WebhookEndpoint
    from coxswain.web.collab.webhooks import new_secret, send_test

    real = outbound.address_problem
    checked: list[str] = []

    def public_here(address: str) -> str | None:
        checked.append(address)
        return None if address == "127.0.0.1" else real(address)

    monkeypatch.setattr(outbound, "address_problem", public_here)
    settings.PRODUCTION = True
    fake_dns["hook.example.com"] = ["127.0.0.1"]
    endpoint = WebhookEndpoint.objects.create(  # plain http, for the local receiver
        org=tenant.org,
        url=f"http://hook.example.com:{receiver.server.server_port}/hook",
        events=ALL,
        secret=new_secret(),
    )
    delivery = send_test(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "sent", delivery.last_error
    assert [r.path for r in receiver.received] == ["/hook"]
    assert receiver.received[0].headers["host"].startswith("hook.example.com")
    assert fake_dns.lookups == {"hook.example.com": 1}
    assert checked == ["127.0.0.1"]  # the send checked the address it connected to


def test_the_settings_page_adds_an_endpoint_and_places_problems(tenant, login) -> None:
    from coxswain.web.collab.models import WebhookEndpoint

    c = login(tenant.owner)
    r = c.post(reverse("collab:webhooks"), {"url": "http://example.com/x", "enabled": "on"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "must start with https://" in page and "This field is required" in page
    assert not WebhookEndpoint.objects.for_org(tenant.org).exists()
    r = c.post(
        reverse("collab:webhooks"),
        {"url": "https://example.com/x", "events": ["action.created"], "enabled": "on"},
    )
    endpoint = WebhookEndpoint.objects.for_org(tenant.org).get()
    assert r.status_code == 302 and r.url == reverse("collab:webhook", args=[endpoint.pk])
    assert endpoint.events == ["action.created"] and endpoint.enabled
    r = c.post(
        reverse("collab:webhook", args=[endpoint.pk]),
        {"url": "https://example.com/y", "events": ALL},
    )
    endpoint.refresh_from_db()
    assert endpoint.url == "https://example.com/y" and not endpoint.enabled
    assert "https://example.com/y" in c.get(reverse("collab:webhooks")).content.decode()
    c.post(reverse("collab:webhook", args=[endpoint.pk]), {"do": "delete"})
    assert not WebhookEndpoint.objects.for_org(tenant.org).exists()


# ---- who may ----------------------------------------------------------------------------------


def test_the_pages_are_for_owners_of_the_organisation(tenant, other_tenant, login, client) -> None:
    from coxswain.web.collab.webhooks import add_endpoint

    mine = add_endpoint(org=tenant.org, url="https://example.com/a", events=ALL)
    theirs = add_endpoint(org=other_tenant.org, url="https://example.com/b", events=ALL)
    pages = [reverse("collab:webhooks"), reverse("collab:webhook", args=[mine.pk])]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 302 and "login" in r.url
        for member in (tenant.manager, tenant.employee):
            assert login(member).get(url).status_code == 403
            assert login(member).post(url, {"do": "rotate"}).status_code == 403
        assert login(tenant.owner).get(url).status_code == 200
    c = login(tenant.owner)
    other = reverse("collab:webhook", args=[theirs.pk])
    assert c.get(other).status_code == 404
    for do in ("test", "rotate", "delete", "save"):
        assert c.post(other, {"do": do}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.url == "https://example.com/b"
    assert theirs.secret not in c.get(reverse("collab:webhooks")).content.decode()


def test_the_api_manages_endpoints_and_lists_deliveries(tenant, receiver) -> None:
    c = _api(tenant.owner)
    r = _json(
        c,
        "post",
        "/api/webhooks",
        {"url": receiver.url, "events": ["action.created"], "description": "n8n"},
    )
    assert r.status_code == 201, r.content
    made = r.json()
    assert made["secret"].startswith("whsec_") and made["enabled"] and not made["failing"]
    assert c.get("/api/webhooks").json() == [made]
    bad = _json(c, "post", "/api/webhooks", {"url": "ftp://x", "events": ["nope"]})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"url", "events"}
    assert len(c.get("/api/webhooks").json()) == 1
    path = f"/api/webhooks/{made['id']}"
    assert _json(c, "patch", path, {"events": ALL}).json()["events"] == ALL
    assert _json(c, "patch", path, {"url": "http://example.com"}).status_code == 400
    rotated = c.post(f"{path}/secret").json()
    assert rotated["secret"] != made["secret"]
    test = c.post(f"{path}/test")
    assert test.status_code == 202 and test.json()["status"] == "sent"
    _action(tenant)
    deliveries = c.get(f"{path}/deliveries").json()
    assert [d["event"] for d in deliveries] == ["action.created", "webhook.test"]
    assert deliveries[0]["payload"]["type"] == "action.created"
    for got in receiver.received:
        _verify(rotated["secret"], got)
    assert c.delete(path).status_code == 204
    assert c.get(path).status_code == 404
    assert c.get("/api/webhooks").json() == []


def test_the_api_is_for_owners_of_the_organisation(tenant, other_tenant) -> None:
    from coxswain.web.collab.webhooks import add_endpoint

    theirs = add_endpoint(org=other_tenant.org, url="https://example.com/b", events=ALL)
    mine = add_endpoint(org=tenant.org, url="https://example.com/a", events=ALL)
    from django.test import Client

    assert Client().get("/api/webhooks").status_code == 401
    for member in (tenant.manager, tenant.employee):
        c = _api(member)
        assert c.get("/api/webhooks").status_code == 403
        assert c.get(f"/api/webhooks/{mine.pk}").status_code == 403
        body = {"url": "https://example.com/c", "events": ALL}
        assert _json(c, "post", "/api/webhooks", body).status_code == 403
    c = _api(tenant.owner)
    path = f"/api/webhooks/{theirs.pk}"
    assert c.get(path).status_code == 404
    assert _json(c, "patch", path, {"enabled": False}).status_code == 404
    assert c.post(f"{path}/secret").status_code == 404
    assert c.post(f"{path}/test").status_code == 404
    assert c.get(f"{path}/deliveries").status_code == 404
    assert c.delete(path).status_code == 404
    theirs.refresh_from_db()
    assert theirs.enabled and theirs.url == "https://example.com/b"
    assert [e["id"] for e in c.get("/api/webhooks").json()] == [mine.pk]


def test_the_verifying_example_in_the_docs_checks_a_real_request(tenant, receiver) -> None:
    """docs/api.md's standard-library example, run on a request the receiver got."""
    from pathlib import Path

    from coxswain.web.collab.webhooks import new_secret, send_test

    docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    blocks = re.findall(
        r"```python\n(.*?)```", docs[docs.index("## Outgoing webhooks") :], re.DOTALL
    )
    (code,) = [b for b in blocks if "def verify" in b]
    assert len(code.strip().splitlines()) <= 12
    scope: dict[str, Any] = {}
    exec(code, scope)
    endpoint = _endpoint(tenant, receiver)
    send_test(endpoint=endpoint)
    (got,) = receiver.received
    assert scope["verify"](endpoint.secret, got.headers, got.body)
    assert not scope["verify"](endpoint.secret, got.headers, got.body + b" ")
    assert not scope["verify"](new_secret(), got.headers, got.body)


def test_events_naming_a_person_are_in_their_data_and_go_when_they_are_forgotten(
    tenant, receiver
) -> None:
    from coxswain.web.collab.models import WebhookDelivery
    from coxswain.web.erasure import forget, person_data
    from coxswain.web.strategy.models import Person

    _endpoint(tenant, receiver, events=["action.created"])
    _action(tenant)  # assigned to bob: named by his pseudonym
    bob = Person.objects.for_org(tenant.org).get(slug="bob")
    held = json.dumps(person_data(org=tenant.org, person=bob), default=str)
    assert "webhook event naming them" in held
    forget(org=tenant.org, person=bob, user=tenant.owner.user)
    assert not WebhookDelivery.objects.for_org(tenant.org).exists()
