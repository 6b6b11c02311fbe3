# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Tenancy: every organisation-owned row is reached through its organisation, by one mechanism.

A model that belongs to an organisation subclasses :class:`TenantModel`. Its default
``objects`` manager refuses unscoped queries: ``Model.objects.all()`` raises
:class:`UnscopedQueryError`; views write ``Model.objects.for_org(org)`` and fetch single
objects with :func:`get_for_org_or_404`, so another organisation's object is a 404. The
unscoped manager is named ``dangerously_unscoped`` so that every use stands out in review
(background tasks that start from a primary key, management commands).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound="TenantModel")


class UnscopedQueryError(RuntimeError):
    """A query on an organisation-owned model without ``for_org(org)``."""


class TenantManager(models.Manager):
    """The default manager of organisation-owned models: queries need an organisation."""

    def get_queryset(self) -> models.QuerySet[Any]:
        raise UnscopedQueryError(
            f"{self.model.__name__}.objects needs an organisation: use "
            f"{self.model.__name__}.objects.for_org(org)"
        )

    def for_org(self, org: Any) -> models.QuerySet[Any]:
        if org is None or getattr(org, "pk", None) is None:
            raise UnscopedQueryError(
                f"{self.model.__name__}.objects.for_org() needs a saved organisation"
            )
        return super().get_queryset().filter(org=org)

    def create(self, **kwargs: Any) -> Any:
        if kwargs.get("org") is None:
            raise UnscopedQueryError(f"{self.model.__name__}.objects.create() needs org=")
        obj = self.model(**kwargs)
        obj.save(force_insert=True, using=self.db)
        return obj


class TenantModel(models.Model):
    """Abstract base of every organisation-owned model."""

    # Declared first, so it is Django's default manager for its own machinery (cascades,
    # related managers, unique checks); application code uses ``objects``.
    dangerously_unscoped = models.Manager()
    objects = TenantManager()

    org = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


def get_for_org_or_404(model: type[M], *, org: Any, **lookup: Any) -> M:
    """The object of ``model`` matching ``lookup`` in ``org``, or a 404 (also for other orgs')."""
    try:
        obj: M = model.objects.for_org(org).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"no such {model._meta.verbose_name}") from exc
    return obj
