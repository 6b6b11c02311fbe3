# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The one registry of everything in the web app that names a person.

Every place that stores something about a person of the workbook registers a
:class:`Source` here: what it holds (its models), how to *find* what it holds about one
person (for an access request) and how to *erase* it (for "forget this person"). The
sources of each app are in its ``persondata.py`` module, found at first use like Django's
admin modules; a new feature that stores people's data adds its own there. A test checks
that every model of the project is covered by a source or declared in :data:`NAMES_NOBODY`
with the reason.

:func:`coxswain.web.erasure.forget` and :func:`coxswain.web.erasure.person_data` run all
sources in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models

from coxswain.web.accounts.models import Organisation

FORGOTTEN = "[forgotten]"

# Models of the project that hold nothing about a person, and why (checked by a test).
NAMES_NOBODY: dict[str, str] = {
    "accounts.Organisation": "the company's name and its pseudonym salt",
    "strategy.CompanyProfile": "the company's own settings",
    "strategy.KpiValue": "KPI values: dates and numbers",
    "insights.NudgeRound": "counts of e-mails sent in a weekly round",
    "checkins.SurveySettings": "one flag of the organisation",
    "collab.ChatSettings": "the organisation's chat addresses and switches",
    "collab.ChatDelivery": "chat messages: kind names, counts and links, never names",
    "collab.WebhookEndpoint": "the organisation's webhook addresses, events and secrets",
}


@dataclass(frozen=True)
class Subject:
    """The person to find or forget, with every string that identifies them."""

    org: Organisation
    slug: str
    name: str = ""
    email: str = ""
    handles: tuple[str, ...] = ()
    pseudonym: str = ""
    person_pk: int | None = None
    user_pks: tuple[int, ...] = field(default=())  # accounts linked to the person

    def needles(self) -> list[str]:
        """The strings that name them (id, name, e-mail, handles, pseudonym), longest first;
        the id always, the others when they have at least two characters."""
        found = {self.name, self.email, self.pseudonym, *self.handles}
        found = {n.strip() for n in found if len(n.strip()) >= 2} | {self.slug}
        return sorted(found, key=lambda n: (-len(n), n))

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any needle as a whole word (``ann`` matches "ann" and "Ann", not "annual" nor
        ``g_ann``); case-insensitively, except needles of under three characters (an id
        ``al`` should not redact every "Al" of a text about someone else)."""
        words = "|".join(
            f"(?i:{re.escape(n)})" if len(n) >= 3 else re.escape(n) for n in self.needles()
        )
        return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])")

    def mentioned_in(self, value: Any) -> bool:
        """Whether a string, or any key or string inside a JSON value, names them."""
        if isinstance(value, str):
            return bool(self.pattern.search(value))
        if isinstance(value, dict):
            return any(self.mentioned_in(k) or self.mentioned_in(v) for k, v in value.items())
        if isinstance(value, list | tuple):
            return any(self.mentioned_in(v) for v in value)
        return False

    def redact(self, value: Any) -> Any:
        """The value with every mention of them replaced by ``[forgotten]`` (in strings, and
        in the keys and strings of JSON values)."""
        if isinstance(value, str):
            return self.pattern.sub(FORGOTTEN, value)
        if isinstance(value, dict):
            return {self.redact(k): self.redact(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact(v) for v in value]
        return value


@dataclass(frozen=True)
class Source:
    """One place that stores people's data.

    ``find(subject)`` returns JSON-able records of what it holds about them;
    ``erase(subject)`` removes or redacts it and returns how many rows it changed. Sources
    run in ``order`` (lower first): those that need the person's row before it goes run
    before the workbook's."""

    name: str
    models: tuple[type[models.Model], ...]
    find: Callable[[Subject], list[dict[str, Any]]]
    erase: Callable[[Subject], int]
    order: int = 50
    describe: str = ""


_REGISTRY: dict[str, Source] = {}
_DISCOVERED = False


def register(source: Source) -> Source:
    """Add a source (an app's ``persondata.py`` calls this at import)."""
    _REGISTRY[source.name] = source
    return source


def sources() -> list[Source]:
    """Every registered source, in order (the apps' ``persondata`` modules imported first)."""
    global _DISCOVERED
    if not _DISCOVERED:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("persondata")
        _DISCOVERED = True
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.name))


def covered_models() -> set[type[models.Model]]:
    return {m for s in sources() for m in s.models}


# Rows the erasure deletes whole (a person's row, their memberships and accounts): a model
# whose rows are deleted with one of these (a foreign key with on_delete=CASCADE, such as a
# user's second-factor device) goes with them and needs no source of its own.
DELETED_WHOLE = ("strategy.Person", "accounts.Membership", "auth.User")


def deleted_with_a_person(model: type[models.Model]) -> bool:
    """Whether ``model``'s rows go by cascade when a person's rows are deleted."""
    from django.conf import settings

    whole = {*DELETED_WHOLE, settings.AUTH_USER_MODEL}
    return any(
        isinstance(f, models.ForeignKey)
        and f.remote_field.on_delete is models.CASCADE
        and f.related_model._meta.label in whole
        for f in model._meta.get_fields()
    )


def text_fields(model: type[models.Model]) -> list[str]:
    """The model's fields that hold text (char, text, JSON): where a name could be."""
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]
