"""Chat messages (Slack incoming webhooks, Teams Workflows webhooks), checked by a local HTTP
server that reads every payload: off by default, titles and links only, failures retried
with backoff and shown in Settings."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Hook:
    """A local webhook: records (path, JSON body) and answers ``status`` (200 by default)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, Any]] = []
        self.status = 200
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                assert self.headers["Content-Type"] == "application/json"
                hook.received.append((self.path, json.loads(self.rfile.read(length))))
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self, path: str) -> list[Any]:
        return [body for p, body in self.received if p == path]


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.server.shutdown()
    h.server.server_close()


def _turn_on(tenant: Any, hook: Hook, **extra: Any) -> None:
    from coxswain.web.collab.services import save_chat_settings

    save_chat_settings(
        org=tenant.org,
        enabled=True,
        slack_url=f"{hook.url}/slack",
        teams_url=f"{hook.url}/teams",
        **extra,
    )


def _texts(payload: Any) -> str:
    return json.dumps(payload)


def _check_slack(body: Any) -> None:
    assert isinstance(body["text"], str) and body["text"]
    assert body["blocks"][0]["type"] == "header"
    assert body["blocks"][0]["text"]["type"] == "plain_text"
    assert body["blocks"][-1]["type"] == "actions"
    assert body["blocks"][-1]["elements"][0]["url"].startswith("http")
    for block in body["blocks"][1:-1]:
        assert block["type"] == "section" and block["text"]["type"] == "mrkdwn"


def _check_teams(body: Any) -> None:
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert all(b["type"] == "TextBlock" for b in card["body"])
    assert card["actions"][0]["type"] == "Action.OpenUrl"


def test_chat_is_off_by_default_and_sends_nothing(tenant, hook) -> None:
    from coxswain.web.collab.services import chat_test, chat_weekly, save_chat_settings

    assert chat_test(org=tenant.org) == []
    save_chat_settings(org=tenant.org, slack_url=f"{hook.url}/slack")  # an address, not on
    assert chat_test(org=tenant.org) == []
    assert (
        chat_weekly(org=tenant.org, new_findings=[], overdue_actions=3, today=dt.date(2026, 8, 1))
        == []
    )
    assert hook.received == []


def test_a_test_message_reaches_slack_and_teams_as_their_formats(tenant, hook, login) -> None:
    _turn_on(tenant, hook)
    c = login(tenant.owner)
    assert c.post(reverse("collab:chat"), {"test": "1"}).status_code == 302
    (slack,) = hook.bodies("/slack")
    (teams,) = hook.bodies("/teams")
    _check_slack(slack)
    _check_teams(teams)
    assert slack["blocks"][0]["text"]["text"] == "Coxswain is connected"
    page = c.get(reverse("collab:chat")).content.decode()
    assert page.count(">sent<") == 2


def test_new_high_severity_findings_go_out_by_kind_never_by_name(tenant, hook) -> None:
    from coxswain.web.collab.models import ChatDelivery
    from coxswain.web.insights.models import AnalysisRun

    _turn_on(tenant, hook)

    def finding(kind: str, subject: str, severity: str) -> dict[str, Any]:
        return {
            "id": f"{kind}:{subject}",
            "kind": kind,
            "severity": severity,
            "subjects": [subject],
            "title": f"Ann and Bob: {kind}",  # a title may name people: it never goes out
            "evidence": {},
        }

    from coxswain.web.collab.services import chat_new_findings

    first = AnalysisRun.objects.create(
        org=tenant.org, status="done", result={"findings": [finding("silo", "bakers", "high")]}
    )
    chat_new_findings(run_id=first.pk)
    second = AnalysisRun.objects.create(
        org=tenant.org,
        status="done",
        result={
            "findings": [
                finding("silo", "bakers", "high"),  # not new
                finding("key_person", "ann", "high"),  # new
                finding("silo", "ovens", "low"),  # not serious
            ]
        },
    )
    chat_new_findings(run_id=second.pk)
    slack = hook.bodies("/slack")
    teams = hook.bodies("/teams")
    assert len(slack) == len(teams) == 2
    for body in slack:
        _check_slack(body)
    for body in teams:
        _check_teams(body)
    last = _texts(slack[-1]) + _texts(teams[-1])
    assert "key_person" in last and "silo" not in last.replace("silo:", "")
    for body in slack + teams:
        text = _texts(body)
        assert "Ann" not in text and "Bob" not in text
    assert ChatDelivery.objects.for_org(tenant.org).filter(status="sent").count() == 4
    # Turned off for findings: nothing more.
    _turn_on(tenant, hook, send_findings=False)
    chat_new_findings(run_id=second.pk)
    assert len(hook.received) == 4


def test_weekly_digest_and_reminder_go_to_chat_with_the_nudges(tenant, hook) -> None:
    from coxswain.web.insights import services

    _turn_on(tenant, hook)
    services.create_action(
        org=tenant.org, title="Ask Ann about it", owner=tenant.manager, due=dt.date(2026, 7, 1)
    )
    services.send_nudges(today=dt.date(2026, 8, 15))
    slack = hook.bodies("/slack")
    titles = [b["blocks"][0]["text"]["text"] for b in slack]
    assert titles == [f"Coxswain this week: {tenant.org.name}", "Check-in reminder"]
    digest, reminder = slack
    assert "1 overdue action" in _texts(digest) and "Ask Ann" not in _texts(digest)
    assert "2 goals have had no check-in" in _texts(reminder)
    assert len(hook.bodies("/teams")) == 2


def test_failures_are_retried_with_backoff_then_given_up_and_shown(tenant, hook, login) -> None:
    from django.utils import timezone

    from coxswain.web.collab import services
    from coxswain.web.collab.models import ChatDelivery

    _turn_on(tenant, hook)
    services.save_chat_settings(org=tenant.org, teams_url="")
    hook.status = 500
    (delivery,) = services.chat_test(org=tenant.org)
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.attempts == 1
    assert "500" in delivery.last_error and hook.url not in delivery.last_error
    first_wait = delivery.next_try - timezone.now()
    assert dt.timedelta(seconds=50) < first_wait <= services.backoff(1)
    # Not due yet: nothing is retried.
    assert services.retry_due_deliveries() == 0
    now = timezone.now()
    for attempt in range(2, services.MAX_ATTEMPTS + 1):
        now += services.backoff(attempt - 1) + dt.timedelta(seconds=1)
        assert services.retry_due_deliveries(now=now) == 1
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == "failed" and delivery.next_try is None
    assert services.backoff(2) == 4 * services.backoff(1)
    assert len(hook.bodies("/slack")) == services.MAX_ATTEMPTS
    page = login(tenant.owner).get(reverse("collab:chat")).content.decode()
    assert "failed, gave up" in page and "500" in page
    settings_page = login(tenant.owner).get(reverse("accounts:settings")).content.decode()
    assert "1 chat message failed this week" in settings_page
    # A webhook that recovers: the next message goes through at once.
    hook.status = 200
    (ok,) = services.chat_test(org=tenant.org)
    assert ChatDelivery.objects.for_org(tenant.org).get(pk=ok.pk).status == "sent"


def test_an_unreachable_webhook_is_retried(tenant) -> None:
    from coxswain.web.collab import services

    services.save_chat_settings(org=tenant.org, enabled=True, slack_url="http://127.0.0.1:9/x")
    (delivery,) = services.chat_test(org=tenant.org)
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and "could not reach" in delivery.last_error


def test_settings_refuse_turning_chat_on_without_an_address(tenant, login) -> None:
    from coxswain.web.collab.selectors import chat_settings

    r = login(tenant.owner).post(reverse("collab:chat"), {"enabled": "on"})
    assert r.status_code == 200 and "give a Slack or a Teams address" in r.content.decode()
    assert chat_settings(org=tenant.org) is None
    r = login(tenant.owner).post(
        reverse("collab:chat"), {"enabled": "on", "slack_url": "http://10.0.0.1/hook"}
    )
    assert r.status_code == 200 and "starts with https://" in r.content.decode()
    assert chat_settings(org=tenant.org) is None
    r = login(tenant.owner).post(
        reverse("collab:chat"),
        {
            "enabled": "on",
            "slack_url": "https://hooks.slack.com/services/T/B/x",
            "send_digest": "on",
        },
    )
    assert r.status_code == 302
    saved = chat_settings(org=tenant.org)
    assert saved is not None and saved.enabled and saved.send_digest and not saved.send_findings


def test_production_takes_only_chat_addresses_on_the_public_internet(
    tenant, login, settings, fake_dns, hook
) -> None:
    """Under the production settings a Slack or Teams address whose name resolves to this
    machine or a private network is refused when saved, with the address and why; and one
    that turns private after it was saved is refused at send, on the address it would
    connect to (DNS rebinding), with nothing sent."""
    from coxswain.web.collab import services
    from coxswain.web.collab.selectors import chat_settings

    settings.PRODUCTION = True
    fake_dns["hooks.slack.com"] = ["54.1.2.3"]
    fake_dns["teams.example.com"] = ["192.168.0.10"]
    c = login(tenant.owner)
    r = c.post(
        reverse("collab:chat"),
        {
            "enabled": "on",
            "slack_url": "https://hooks.slack.com/services/T/B/x",
            "teams_url": "https://teams.example.com/workflow",
        },
    )
    assert r.status_code == 200
    assert "teams.example.com resolves to 192.168.0.10, a private network address" in (
        r.content.decode()
    )
    assert chat_settings(org=tenant.org) is None
    r = c.post(
        reverse("collab:chat"),
        {"enabled": "on", "slack_url": f"https://hooks.slack.com:{hook.server.server_port}/s"},
    )
    assert r.status_code == 302
    # The name now answers with this machine, where the local hook listens.
    fake_dns["hooks.slack.com"] = ["127.0.0.1"]
    (delivery,) = services.chat_test(org=tenant.org)
    delivery.refresh_from_db()
    assert hook.received == []
    assert delivery.status == "retrying"
    assert "resolves to 127.0.0.1, this server itself" in delivery.last_error
    assert "hooks.slack.com" not in delivery.last_error
    # Saving the page again with the same address does not look it up again.
    before = dict(fake_dns.lookups)
    r = c.post(
        reverse("collab:chat"),
        {"enabled": "", "slack_url": f"https://hooks.slack.com:{hook.server.server_port}/s"},
    )
    assert r.status_code == 302 and fake_dns.lookups == before


def test_text_is_escaped_for_each_format() -> None:
    from coxswain.web.collab.chat import ChatMessage, slack_payload, teams_payload

    m = ChatMessage(title="t", link="http://x", lines=(("a <b> & [c]", "http://y"),))
    assert slack_payload(m)["blocks"][1]["text"]["text"] == "<http://y|a &lt;b&gt; &amp; [c]>"
    card = teams_payload(m)["attachments"][0]["content"]
    assert card["body"][1]["text"] == "[a <b> & \\[c\\]](http://y)"


def test_a_finished_analysis_announces_its_serious_findings(make_tenant, hook) -> None:
    """The whole path: an analysis run of the bakery example (the task, immediate in tests)
    posts its new high-severity findings, by kind, to both chats."""
    from pathlib import Path

    from coxswain.analysis.kinds import kind_name
    from coxswain.web.insights import services
    from coxswain.web.insights.selectors import latest_run
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    tenant = make_tenant(loaded=False, name="Crust")
    example = Path(__file__).resolve().parents[2] / "examples" / "crust_and_crumb"
    store_workbook(tenant.org, read_workbook(example))
    _turn_on(tenant, hook)
    run = services.start_analysis(org=tenant.org, user=None)
    run.refresh_from_db()
    assert run.status == "done", run.error
    high = [f for f in latest_run(org=tenant.org).result["findings"] if f["severity"] == "high"]
    slack, teams = hook.bodies("/slack"), hook.bodies("/teams")
    assert high, "the example has high-severity findings"
    assert len(slack) == len(teams) == 1
    for f in high[:10]:
        assert kind_name(f["kind"]) in _texts(slack[0])
    # The same findings in the next run are not new: nothing more goes out.
    services.start_analysis(org=tenant.org, user=None)
    assert len(hook.bodies("/slack")) == 1


def test_through_a_proxy_a_redirect_to_a_private_address_is_not_followed(
    settings, fake_dns, monkeypatch
) -> None:
    """With a proxy (``http_proxy``) the proxy makes the connections, so the name is checked
    before sending; a redirect names another host, which must be checked too, before the
    proxy is asked for it (chat follows redirects)."""
    from coxswain.web.collab import services

    seen: list[str] = []

    class Proxy(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(self.path)
            if self.path.startswith("http://hook.example.com/"):
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            else:
                self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, *args: Any) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        for name in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.server_port}")
        settings.PRODUCTION = True
        fake_dns["hook.example.com"] = ["54.1.2.3"]
        status, error = services.post("http://hook.example.com/s", b"{}")
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert seen == ["http://hook.example.com/s"], seen  # the metadata address never asked
    assert status is None and error is not None and error.startswith("refused to connect"), error
    assert "169.254.169.254" not in error and "hook.example.com" not in error


def test_a_redirect_to_another_scheme_is_not_followed(settings, fake_dns, monkeypatch) -> None:
    """urllib follows a redirect to ftp://, whose handler connects on its own (not through
    the checked connection): a redirect may lead to http or https only."""
    import socket

    from coxswain.web.collab import outbound, services

    real = outbound.address_problem
    monkeypatch.setattr(  # the first hop, on this machine, is taken as public for this test
        outbound, "address_problem", lambda a: None if a == "127.0.0.1" else real(a)
    )
    inside = socket.socket()
    inside.bind(("127.0.0.2", 0))
    inside.listen()
    inside.settimeout(5)
    connected: list[Any] = []

    def accept() -> None:
        try:
            conn, _ = inside.accept()
        except OSError:
            return
        connected.append(conn)
        conn.close()

    threading.Thread(target=accept, daemon=True).start()

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"ftp://127.0.0.2:{inside.getsockname()[1]}/x")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for name in ("http_proxy", "HTTP_PROXY", "ftp_proxy", "FTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    try:
        settings.PRODUCTION = True
        fake_dns["hook.example.com"] = ["127.0.0.1"]
        status, error = services.post(f"http://hook.example.com:{server.server_port}/s", b"{}")
    finally:
        server.shutdown()
        server.server_close()
        inside.close()
    assert connected == []
    assert status is None and error is not None and error.startswith("refused to connect"), error


def test_the_service_refuses_a_private_chat_address_whoever_calls_it(
    tenant, settings, fake_dns
) -> None:
    """The public-address rule lives in the service, not in the form: a caller that skips
    the page (a script, a future API) is refused the same way, and nothing is saved."""
    from coxswain.web.collab import services
    from coxswain.web.collab.selectors import chat_settings

    settings.PRODUCTION = True
    fake_dns["teams.example.com"] = ["10.0.0.7"]
    with pytest.raises(services.ChatSettingsRefused) as refused:
        services.save_chat_settings(
            org=tenant.org, enabled=True, teams_url="https://teams.example.com/workflow"
        )
    assert (
        "teams.example.com resolves to 10.0.0.7, a private network address"
        in (refused.value.problems["teams_url"][0])
    )
    assert chat_settings(org=tenant.org) is None
