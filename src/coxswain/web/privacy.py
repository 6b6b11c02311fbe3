# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""How pages name people: by pseudonym unless the workbook's ``privacy.show_names``.

:func:`labels` is :func:`coxswain.wording.names.names` (the one naming rule) of the
organisation's workbook (people and company only), with the organisation's own salt, which
the analysis uses for its findings and recommendations too, so that a page, an editor and a
finding name a person alike.
"""

from __future__ import annotations

import polars as pl

from coxswain.web.accounts.models import Organisation
from coxswain.web.strategy.models import Person
from coxswain.workbook import Company, Workbook
from coxswain.workbook.tables import TABLES


def labels(*, org: Organisation, company: Company | None = None) -> dict[str, str]:
    """Every workbook id → the name pages show: people by name or pseudonym (the
    organisation's setting), teams, objectives, KPIs, goals … by their names (``company``:
    the organisation's, when the caller has it already)."""
    from coxswain.web.workbook_io import PEOPLE_COLUMNS, company_mapping
    from coxswain.wording.names import names

    if company is None:
        company = Company.model_validate(company_mapping(org))
    rows = [
        {**{c: getattr(p, c, None) or None for c in PEOPLE_COLUMNS if c != "id"}, "id": p.slug}
        for p in Person.objects.for_org(org)
    ]
    tables = (
        {"people": pl.DataFrame(rows, schema=TABLES["people"].schema, orient="row")} if rows else {}
    )
    return names(Workbook(company=company, tables=tables), salt=org.privacy_salt)


def person_choices(*, org: Organisation) -> list[tuple[str, str]]:
    """The organisation's people for a form's choice, each named as every page names them
    (:func:`labels`), with the id the people editor lists."""
    shown = labels(org=org)
    return [
        (p.slug, f"{shown.get(p.slug, p.slug)} ({p.slug})")
        for p in Person.objects.for_org(org).order_by("slug")
    ]


def report_privacy(*, org: Organisation) -> dict[str, object]:
    """What decides how a stored report names people: whether names are shown and which
    salt makes the pseudonyms (as a digest; the salt itself is never stored twice). A stored
    report whose privacy differs from the organisation's current one is not shown."""
    import hashlib

    from coxswain.web.workbook_io import profile_for

    return {
        "show_names": bool(profile_for(org).show_names),
        "salt": hashlib.sha256(org.privacy_salt.encode()).hexdigest()[:16],
    }
