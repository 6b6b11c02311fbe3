# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""What working together holds about a person: the comments they wrote, and comments and
notifications that name them. Chat deliveries carry kind names, counts and links only, and
a calendar link goes with its member's account. Webhook deliveries name a person by
pseudonym (or by id where names are shown) as an assignee or a check-in's author."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q

from coxswain.web.accounts.models import Membership
from coxswain.web.collab.models import Comment, Notification, WebhookDelivery
from coxswain.web.persondata import Source, Subject, register


def _memberships(subject: Subject) -> list[Membership]:
    match = Q(person_id=subject.person_pk)
    if (subject.email or "").strip():
        match |= Q(user__email__iexact=subject.email.strip())
    if subject.user_pks:
        match |= Q(user_id__in=subject.user_pks)
    return list(Membership.objects.for_org(subject.org).filter(match).select_related("user"))


def _with_user_names(subject: Subject) -> Subject:
    """The subject, their accounts' user names among what names them (@mentions use them)."""
    names = tuple(m.user.get_username() for m in _memberships(subject))
    return dataclasses.replace(subject, handles=(*subject.handles, *names))


def _theirs(subject: Subject) -> tuple[list[Comment], list[Comment], list[Notification]]:
    """(comments they wrote, other comments naming them, notifications naming them)."""
    authors = {m.pk for m in _memberships(subject)}
    subject = _with_user_names(subject)
    wrote, naming = [], []
    for c in Comment.objects.for_org(subject.org):
        if c.author_id in authors:
            wrote.append(c)
        elif subject.mentioned_in(c.body):
            naming.append(c)
    notes = [n for n in Notification.objects.for_org(subject.org) if subject.mentioned_in(n.text)]
    return wrote, naming, notes


def _find(subject: Subject) -> list[dict[str, Any]]:
    wrote, naming, notes = _theirs(subject)
    return (
        [
            {
                "kind": "comment written",
                "on": f"{c.subject} {c.ref}",
                "text": c.body,
                "at": c.created,
            }
            for c in wrote
        ]
        + [
            {
                "kind": "comment naming them",
                "on": f"{c.subject} {c.ref}",
                "text": c.body,
                "at": c.created,
            }
            for c in naming
        ]
        + [{"kind": "notification naming them", "text": n.text, "at": n.created} for n in notes]
    )


def _erase(subject: Subject) -> int:
    """Their own comments go; other comments and notifications keep their words, with
    every mention of them replaced by [forgotten]."""
    wrote, naming, notes = _theirs(subject)
    subject = _with_user_names(subject)
    n = Comment.objects.for_org(subject.org).filter(pk__in=[c.pk for c in wrote]).delete()[0]
    for c in naming:
        c.body = subject.redact(c.body)
        c.save(update_fields=["body"])
        n += 1
    for note in notes:
        note.text = subject.redact(note.text)
        note.save(update_fields=["text"])
        n += 1
    return n


register(
    Source(
        name="collab",
        models=(Comment, Notification),
        find=_find,
        erase=_erase,
        order=5,  # before accounts: their memberships tell which comments they wrote
        describe="comments they wrote, comments and notifications that name them",
    )
)


def _deliveries(subject: Subject) -> list[WebhookDelivery]:
    """Webhook events naming them (the export leaves out the address: a secret of the
    organisation's)."""
    return [
        d for d in WebhookDelivery.objects.for_org(subject.org) if subject.mentioned_in(d.payload)
    ]


register(
    Source(
        name="webhooks",
        models=(WebhookDelivery,),
        find=lambda subject: [
            {
                "kind": "webhook event naming them",
                "event": d.event,
                "payload": d.payload,
                "at": d.created,
            }
            for d in _deliveries(subject)
        ],
        # A delivery is a log of what was sent: those naming them go (one still waiting is
        # not sent either).
        erase=lambda subject: (
            WebhookDelivery.objects.for_org(subject.org)
            .filter(pk__in=[d.pk for d in _deliveries(subject)])
            .delete()[0]
        ),
        order=5,
        describe="webhook events sent (or waiting) that name them",
    )
)
