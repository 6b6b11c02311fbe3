# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Forgetting a person, and what we hold about them (an access request), through the one
registry of everything that names a person (:mod:`coxswain.web.persondata`)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coxswain.web.accounts.models import Membership, Organisation
from coxswain.web.persondata import Subject, sources
from coxswain.web.strategy.models import Person, StrategyChange


class CannotForget(Exception):
    """The erasure was refused (nothing changed); the message says why."""


def subject_for(*, org: Organisation, person: Person) -> Subject:
    """Everything that identifies ``person``: id, name, e-mail, handles, their pseudonym,
    and the accounts linked to them."""
    from coxswain.privacy import pseudonyms
    from coxswain.web.workbook_io import load_workbook

    try:
        pseudonym = pseudonyms(load_workbook(org), salt=org.privacy_salt).get(person.slug, "")
    except Exception:  # an invalid stored workbook still lets a person be forgotten
        pseudonym = ""
    handles = tuple(h.strip() for h in person.handles.split(";") if h.strip())
    linked = Q(person=person)
    email = (person.email or "").strip()
    if email:  # an account never linked to them, with their e-mail
        linked |= Q(user__email__iexact=email)
    users = tuple(Membership.objects.for_org(org).filter(linked).values_list("user_id", flat=True))
    return Subject(
        org=org,
        slug=person.slug,
        name=person.name,
        email=person.email,
        handles=handles,
        pseudonym=pseudonym,
        person_pk=person.pk,
        user_pks=users,
    )


def person_data(*, org: Organisation, person: Person) -> dict[str, Any]:
    """Everything every registered source holds about ``person``, as JSON-able data."""
    subject = subject_for(org=org, person=person)
    found = {s.name: s.find(subject) for s in sources()}
    data = {
        "person": person.slug,
        "organisation": org.name,
        "exported": timezone.now(),
        "sources": found,
        "descriptions": {s.name: s.describe for s in sources()},
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def person_data_json(*, org: Organisation, person: Person) -> bytes:
    return json.dumps(
        person_data(org=org, person=person), indent=2, ensure_ascii=False, cls=DjangoJSONEncoder
    ).encode()


def preview(*, org: Organisation, person: Person) -> list[tuple[str, str, int]]:
    """What forgetting would touch: (source, what it holds, records found) for each source."""
    subject = subject_for(org=org, person=person)
    return [(s.name, s.describe, len(s.find(subject))) for s in sources()]


@transaction.atomic
def forget(*, org: Organisation, person: Person, user: Any) -> dict[str, int]:
    """Erase ``person`` from everything registered, all or nothing; returns how many rows
    each source changed. Refused (:class:`CannotForget`) when the person is the signed-in
    user's own, or when the workbook would not be valid without them. The change log
    records that a person was forgotten and the counts, never who. Refused too while an
    analysis is queued or running: it would store a result naming them afterwards."""
    from coxswain.web.insights.selectors import active_run
    from coxswain.web.workbook_io import load_workbook
    from coxswain.workbook import WorkbookError

    subject = subject_for(org=org, person=person)
    if user is not None and user.pk in subject.user_pks:
        raise CannotForget("You cannot forget the person linked to your own account.")
    if active_run(org=org) is not None:
        # it read the workbook with them in it, and would store a result naming them
        raise CannotForget("An analysis is queued or running; forget them once it has finished.")
    counts = {s.name: s.erase(subject) for s in sources()}
    try:
        load_workbook(org)
    except WorkbookError as exc:
        transaction.set_rollback(True)
        problems = "; ".join(str(p) for p in exc.problems)
        raise CannotForget(f"Without them the workbook would not be valid: {problems}") from exc
    StrategyChange.objects.create(
        org=org,
        user=user,
        action="forget",
        kind="people",
        slug="",
        after={"forgotten_on": dt.date.today().isoformat(), "changed": counts},
    )
    return counts
