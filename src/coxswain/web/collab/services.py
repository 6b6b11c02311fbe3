# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing: comments and their @mentions, notifications (in the app and by e-mail), chat
messages and their delivery with retries (which outgoing webhooks share:
:mod:`coxswain.web.collab.webhooks`), calendar links."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coxswain.web.accounts.models import Membership, Organisation, hash_token, new_token
from coxswain.web.collab import selectors
from coxswain.web.collab.chat import PAYLOADS, ChatMessage
from coxswain.web.collab.models import (
    CalendarFeed,
    ChatDelivery,
    ChatSettings,
    Comment,
    DeliveryStatus,
    Notification,
    NotificationKind,
    Subject,
    WebhookDelivery,
)
from coxswain.web.insights.models import Action

log = logging.getLogger("coxswain.collab")

MAX_COMMENT = 5000
# @name, where name is a member's user name (letters, digits and . _ + - as Django allows).
# a user name may itself hold an @ (an e-mail address, "owner@crust_and_crumb")
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]+(?:@[\w.-]+)?)")


class CommentRefused(ValueError):
    """A comment that cannot be kept, with what is wrong in plain words."""


@dataclass(frozen=True)
class Posted:
    comment: Comment
    told: list[Membership]  # mentioned and notified
    cannot_see: list[Membership]  # mentioned, but the page is not theirs to see: not told
    unknown: list[str]  # @names that are no member's


def mentions(*, org: Organisation, body: str) -> tuple[list[Membership], list[str]]:
    """The members a text @mentions (each once, in order) and the @names that are no member."""
    members = selectors.members_by_username(org=org)
    found: list[Membership] = []
    unknown: list[str] = []
    for name in MENTION.findall(body):
        name = name.rstrip(".")  # "thanks @ann." ends a sentence
        m = members.get(name.lower())
        if m is None and "@" in name:  # "@ann@home" where the user name is "ann"
            m = members.get(name.split("@", 1)[0].lower())
        if m is None:
            if name not in unknown:
                unknown.append(name)
        elif m not in found:
            found.append(m)
    return found, unknown


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise CommentRefused("The comment is empty: write something first.")
    if "\x00" in body:
        raise CommentRefused("The comment holds an invisible null character; take it out.")
    if len(body) > MAX_COMMENT:
        raise CommentRefused(
            f"The comment is {len(body)} characters long; keep it under {MAX_COMMENT}."
        )
    return body


def _tell(
    *,
    author: Membership,
    subject: str,
    ref: str,
    mentioned: list[Membership],
    link: str,
    title: str,
) -> tuple[list[Membership], list[Membership]]:
    """Notify each mentioned member who may see the page (never the author); answer who was
    told and who was not (the page is not theirs to see)."""
    told: list[Membership] = []
    cannot_see: list[Membership] = []
    for m in mentioned:
        if m.pk == author.pk:
            continue
        if not selectors.can_see(membership=m, subject=subject, ref=ref):
            cannot_see.append(m)
            continue
        notify(
            recipient=m,
            kind=NotificationKind.mention,
            text=f"{author.user.get_username()} mentioned you on {title}",
            link=link,
        )
        told.append(m)
    return told, cannot_see


def add_comment(
    *,
    org: Organisation,
    author: Membership,
    subject: str,
    ref: str,
    body: str,
    link: str,
    title: str,
) -> Posted:
    """Keep a comment on ``subject``/``ref`` and notify the members it @mentions who may see
    that page (``link``, titled ``title`` in the notification)."""
    if subject not in Subject.values:
        raise CommentRefused(f"{subject!r} is not something to comment on")
    body = _checked_body(body)
    mentioned, unknown = mentions(org=org, body=body)
    with transaction.atomic():
        comment = Comment.objects.create(
            org=org, subject=subject, ref=ref, author=author, body=body
        )
        told, cannot_see = _tell(
            author=author, subject=subject, ref=ref, mentioned=mentioned, link=link, title=title
        )
    return Posted(comment=comment, told=told, cannot_see=cannot_see, unknown=unknown)


class NotYours(PermissionError):
    """A member who may not change this comment, with why in plain words."""


def edit_comment(*, comment: Comment, by: Membership, body: str, link: str, title: str) -> Posted:
    """Change a comment's text (its author only), marked edited. Only the members the edit
    @mentions anew are notified: one mentioned before is not told again. Unchanged text
    changes nothing."""
    if not selectors.may_edit(comment=comment, membership=by):
        raise NotYours("Only its author can edit a comment.")
    body = _checked_body(body)
    mentioned, unknown = mentions(org=comment.org, body=body)
    if body == comment.body:
        return Posted(comment=comment, told=[], cannot_see=[], unknown=unknown)
    before = {m.pk for m in mentions(org=comment.org, body=comment.body)[0]}
    new = [m for m in mentioned if m.pk not in before]
    with transaction.atomic():
        comment.body, comment.edited = body, timezone.now()
        comment.save(update_fields=["body", "edited"])
        told, cannot_see = _tell(
            author=by,
            subject=comment.subject,
            ref=comment.ref,
            mentioned=new,
            link=link,
            title=title,
        )
    return Posted(comment=comment, told=told, cannot_see=cannot_see, unknown=unknown)


def delete_comment(*, comment: Comment, by: Membership) -> None:
    """Delete a comment: its author, or a manager or owner of the organisation."""
    if not selectors.may_delete(comment=comment, membership=by):
        raise NotYours("Only its author, a manager or an owner can delete a comment.")
    comment.delete()


def notify(*, recipient: Membership, kind: str, text: str, link: str) -> Notification:
    """A notification in the app and, where the member has an address, by e-mail (after the
    transaction commits, so nothing is sent for what was not kept)."""
    from django.core.mail import send_mail

    note = Notification.objects.create(
        org=recipient.org, recipient=recipient, kind=kind, text=text[:500], link=link
    )
    email = recipient.user.email
    if email:
        body = f"{text}\n\n{settings.COXSWAIN_BASE_URL}{link}\n\n(Coxswain, {recipient.org.name})"
        transaction.on_commit(
            lambda: send_mail(f"Coxswain: {text[:120]}", body, None, [email], fail_silently=True)
        )
    return note


def notify_assignment(*, action: Action, by: Membership | None = None) -> Notification | None:
    """Tell the member who owns ``action`` (if any, and not the one who assigned it)."""
    from coxswain.web.workbook_io import profile_for
    from coxswain.wording import Words

    owner = action.owner
    if owner is None or (by is not None and owner.pk == by.pk):
        return None
    words = Words(locale=profile_for(action.org).locale or "en")
    return notify(
        recipient=owner,
        kind=NotificationKind.assignment,
        text=f"You have a new action: {action.title} (due {words.date(action.due)})",
        link=reverse("collab:action", kwargs={"pk": action.pk}),
    )


def mark_read(*, membership: Membership, pk: int | None = None) -> int:
    """Mark one notification (``pk``) or all of the member's as read."""
    qs = Notification.objects.for_org(membership.org).filter(
        recipient=membership, read__isnull=True
    )
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read=timezone.now())


# ---- calendar -------------------------------------------------------------------------------


def new_calendar_link(*, membership: Membership) -> str:
    """A new secret calendar token for the member; the old link stops working."""
    token = new_token("cal")
    with transaction.atomic():
        CalendarFeed.objects.for_org(membership.org).filter(membership=membership).delete()
        CalendarFeed.objects.create(
            org=membership.org, membership=membership, token_hash=hash_token(token)
        )
    return token


def stop_calendar_link(*, membership: Membership) -> None:
    CalendarFeed.objects.for_org(membership.org).filter(membership=membership).delete()


def calendar_ics(*, membership: Membership) -> bytes:
    """The member's calendar (selectors.calendar_events) as iCalendar."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Coxswain//collab//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Coxswain: {membership.org.name}")
    stamp = timezone.now()
    for e in selectors.calendar_events(membership=membership):
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.date)
        event.add("dtend", e.date + dt.timedelta(days=1))
        event.add("summary", e.summary)
        event.add("url", f"{settings.COXSWAIN_BASE_URL}{e.link}")
        cal.add_component(event)
    return cal.to_ical()


# ---- chat -----------------------------------------------------------------------------------

MAX_ATTEMPTS = 5
FIRST_RETRY = dt.timedelta(minutes=1)
CHANNELS = ("slack", "teams")
EVENTS = {"digest": "send_digest", "reminder": "send_reminders", "finding": "send_findings"}


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failure: 1, 4, 16, 64 minutes."""
    return FIRST_RETRY * 4 ** (attempts - 1)


class ChatSettingsRefused(ValueError):
    """Chat settings not saved: ``problems`` by field name, each a list of sentences."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(p for found in problems.values() for p in found))
        self.problems = problems


def chat_url_problems(*, url: str) -> list[str]:
    """What is wrong with a Slack or Teams address under the production settings: it must
    be, and resolve to, an address on the public internet (checked again at every send, on
    the address connected to: :mod:`coxswain.web.collab.outbound`). None elsewhere."""
    from urllib.parse import urlsplit

    from coxswain.web.collab import outbound

    if not url or not outbound.enforced():
        return []
    try:
        parts = urlsplit(url)
        return outbound.host_problems(parts.hostname or "", parts.port or 443)
    except ValueError:
        return ["this is not a web address (https://host/path)"]


def save_chat_settings(*, org: Organisation, **fields: Any) -> ChatSettings:
    """Save an organisation's chat settings; a new Slack or Teams address must pass
    :func:`chat_url_problems` (ChatSettingsRefused, nothing saved). An address kept as it
    was is not looked up again, so chat can be turned off while its name does not resolve."""
    current = selectors.chat_settings(org=org) or ChatSettings(org=org)
    problems: dict[str, list[str]] = {
        name: found
        for name in ("slack_url", "teams_url")
        if name in fields
        and str(fields[name] or "") != str(getattr(current, name) or "")
        and (found := chat_url_problems(url=str(fields[name] or "")))
    }
    if problems:
        raise ChatSettingsRefused(problems)
    for name, value in fields.items():
        setattr(current, name, value)
    current.save()
    return current


def _url(chat: ChatSettings, channel: str) -> str:
    return chat.slack_url if channel == "slack" else chat.teams_url


def queue_chat(
    *, org: Organisation, event: str, message: ChatMessage, force: bool = False
) -> list[ChatDelivery]:
    """One delivery per configured channel, when the organisation turned chat on and wants
    this ``event`` (``force``: a test message, sent whatever the event settings)."""
    chat = selectors.chat_settings(org=org)
    if chat is None or not chat.enabled:
        return []
    if not force and not getattr(chat, EVENTS[event]):
        return []
    out = []
    for channel in CHANNELS:
        if not _url(chat, channel):
            continue
        delivery = ChatDelivery.objects.create(
            org=org, channel=channel, event=event, payload=PAYLOADS[channel](message)
        )
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
        out.append(delivery)
    return out


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None, *, kind: str = "chat") -> None:
    """Queue the task that sends one delivery (``kind``: chat or webhook), now or after a
    wait."""
    from django_tasks import default_task_backend

    from coxswain.web.collab.tasks import deliver_chat, deliver_webhook

    task = deliver_webhook if kind == "webhook" else deliver_chat
    if run_after is not None:
        if not default_task_backend.supports_defer:
            return  # retry_due_deliveries picks it up
        task.using(run_after=run_after).enqueue(delivery_id)
    else:
        task.enqueue(delivery_id)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx answer is an HTTPError: the webhook did not take the message


def post(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str] | None = None,
    service: str = "the chat service",
    follow_redirects: bool = True,
) -> tuple[int | None, str | None]:
    """POST a JSON body (10 seconds at most); the HTTP status (None: no answer) and None when
    the address took it (any 2xx), else what went wrong (never the address: it is a
    secret). Under the production settings the connection goes only to public addresses,
    checked on the addresses it connects to (:mod:`coxswain.web.collab.outbound`)."""
    from urllib.parse import urlsplit

    from coxswain.web.collab import outbound

    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json", "User-Agent": "Coxswain", **(headers or {})},
        method="POST",
    )
    try:
        parts = urlsplit(url)
        guard = outbound.handlers(
            host=parts.hostname or "",
            port=parts.port or (443 if parts.scheme == "https" else 80),
            scheme=parts.scheme,
            follow_redirects=follow_redirects,
        )
        opener = urllib.request.build_opener(*guard, *([] if follow_redirects else [_NoRedirects]))
        with opener.open(request, timeout=10) as response:
            response.read(1024)
            return response.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, f"{service} answered {exc.code} {exc.reason}"
    except outbound.AddressRefused as exc:
        return None, str(exc)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, outbound.AddressRefused):
            return None, str(reason)
        return None, f"could not reach {service} ({reason.__class__.__name__})"


def settle(
    delivery: ChatDelivery | WebhookDelivery,
    *,
    error: str | None,
    now: dt.datetime,
    give_up: bool = False,
    kind: str = "chat",
) -> None:
    """Record one try of ``delivery`` (its ``attempts`` already counted): sent, or retried
    after :func:`backoff` (queued again), or given up after MAX_ATTEMPTS (or at once with
    ``give_up``)."""
    if error is None:
        delivery.status, delivery.sent, delivery.next_try, delivery.last_error = (
            DeliveryStatus.sent,
            now,
            None,
            "",
        )
    elif give_up or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_try, delivery.last_error = (
            DeliveryStatus.failed,
            None,
            error[:500],
        )
    else:
        delivery.status, delivery.last_error = DeliveryStatus.retrying, error[:500]
        delivery.next_try = now + backoff(delivery.attempts)
    delivery.save()
    if delivery.status == DeliveryStatus.retrying:
        log.warning("%s delivery %s failed (%s); retrying", kind, delivery.pk, error)
        _enqueue(delivery.pk, run_after=delivery.next_try, kind=kind)


def attempt_delivery(*, delivery_id: int, now: dt.datetime | None = None) -> ChatDelivery:
    """Send one delivery (a task starts here from its primary key). A failure is retried
    after :func:`backoff`, up to MAX_ATTEMPTS; then it is marked failed, shown in Settings."""
    now = now or timezone.now()
    delivery = ChatDelivery.dangerously_unscoped.select_related("org").get(pk=delivery_id)
    if delivery.status in (DeliveryStatus.sent, DeliveryStatus.failed):
        return delivery
    chat = selectors.chat_settings(org=delivery.org)
    url = _url(chat, delivery.channel) if chat is not None and chat.enabled else ""
    delivery.attempts += 1
    error = (
        post(url, json.dumps(delivery.payload).encode())[1]
        if url
        else "chat is turned off or has no address"
    )
    settle(delivery, error=error, now=now, give_up=not url)
    return delivery


def retry_due_deliveries(*, now: dt.datetime | None = None) -> int:
    """Retry every chat and webhook delivery whose wait is over (for task backends that
    cannot wait; the hourly scheduler of ``coxswain serve`` calls this)."""
    from coxswain.web.collab.webhooks import attempt_webhook

    now = now or timezone.now()
    count = 0
    for model, attempt in (
        (ChatDelivery, attempt_delivery),
        (WebhookDelivery, attempt_webhook),
    ):
        due = model.dangerously_unscoped.filter(
            status=DeliveryStatus.retrying, next_try__lte=now
        ).values_list("pk", flat=True)
        for pk in list(due):
            attempt(delivery_id=pk, now=now)
            count += 1
    return count


def _absolute(path: str) -> str:
    return f"{settings.COXSWAIN_BASE_URL}{path}"


def chat_weekly(
    *,
    org: Organisation,
    new_findings: list[dict[str, Any]],
    overdue_actions: int,
    today: dt.date,
) -> list[ChatDelivery]:
    """This week's digest and check-in reminder in chat: kind names, counts and links; no
    finding titles (they can name people), no names."""
    from coxswain.analysis.kinds import kind_name

    chat = selectors.chat_settings(org=org)
    if chat is None or not chat.enabled:
        return []
    out: list[ChatDelivery] = []
    if new_findings or overdue_actions:
        lines = [
            (
                f"New finding ({f['severity']}): {kind_name(f['kind'])}",
                _absolute(reverse("collab:finding", kwargs={"finding_id": f["id"]})),
            )
            for f in new_findings[:10]
        ]
        if len(new_findings) > 10:
            lines.append((f"… and {len(new_findings) - 10} more", ""))
        if overdue_actions:
            lines.append(
                (
                    f"{overdue_actions} overdue action{'s' if overdue_actions != 1 else ''}",
                    _absolute(reverse("insights:actions")),
                )
            )
        out += queue_chat(
            org=org,
            event="digest",
            message=ChatMessage(
                title=f"Coxswain this week: {org.name}",
                link=_absolute(reverse("insights:dashboard")),
                lines=tuple(lines),
            ),
        )
    waiting = len(selectors.overdue_checkins(org=org, today=today))
    lines = [("Time for this week's check-in on your goals.", "")]
    if waiting:
        lines.append(
            (
                f"{waiting} goal{'s have' if waiting != 1 else ' has'} had no check-in for "
                f"{selectors.CHECKIN_DUE_DAYS} days or more.",
                "",
            )
        )
    out += queue_chat(
        org=org,
        event="reminder",
        message=ChatMessage(
            title="Check-in reminder",
            link=_absolute(reverse("checkins:mine")),
            link_text="Check in",
            lines=tuple(lines),
        ),
    )
    return out


def chat_new_findings(*, run_id: int) -> list[ChatDelivery]:
    """After an analysis: its new high-severity findings (not in the run before, not
    dismissed), by kind name and link."""
    from coxswain.analysis.kinds import kind_name
    from coxswain.web.insights.models import AnalysisRun, RunStatus
    from coxswain.web.insights.selectors import findings_view

    run = AnalysisRun.dangerously_unscoped.select_related("org").get(pk=run_id)
    org = run.org
    chat = selectors.chat_settings(org=org)
    if chat is None or not chat.enabled or not chat.send_findings:
        return []
    before = (
        AnalysisRun.objects.for_org(org)
        .filter(status=RunStatus.done, created__lt=run.created)
        .exclude(pk=run.pk)
        .order_by("-created")
        .first()
    )
    seen = {f["id"] for f in (before.result or {}).get("findings", [])} if before else set()
    new = [
        f
        for f in findings_view(org=org, run=run)
        if f["severity"] == "high" and f["dismissed"] is None and f["id"] not in seen
    ]
    if not new:
        return []
    return queue_chat(
        org=org,
        event="finding",
        message=ChatMessage(
            title=f"New serious finding{'s' if len(new) > 1 else ''} at {org.name}",
            link=_absolute(reverse("insights:findings")),
            lines=tuple(
                (
                    kind_name(f["kind"]),
                    _absolute(reverse("collab:finding", kwargs={"finding_id": f["id"]})),
                )
                for f in new[:10]
            ),
        ),
    )


def chat_test(*, org: Organisation) -> list[ChatDelivery]:
    return queue_chat(
        org=org,
        event="test",
        force=True,
        message=ChatMessage(
            title="Coxswain is connected",
            link=_absolute(reverse("insights:home")),
            lines=(("This channel will get the messages turned on in Settings.", ""),),
        ),
    )
