# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing for the start wizard: the first strategy (through the strategy services that write
the workbook, each step validated as the whole workbook), and a sample organisation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from coxswain.init.wizard import ObjectiveAnswer, ValueAnswer, customise, drivers_first
from coxswain.web.accounts.models import Membership, Organisation, Role
from coxswain.web.onboarding import selectors
from coxswain.web.strategy import services as strategy
from coxswain.web.strategy.services import Invalid
from coxswain.web.workbook_io import company_mapping, load_workbook, profile_for
from coxswain.workbook import WorkbookError

# The order the elements are stored in: what each refers to first.
ORDER = (
    "values",
    "teams",
    "objectives",
    "kpis",
    "goals",
    "capabilities",
    "initiatives",
    "automations",
)
_PLACE = re.compile(r"(?P<kind>values|objectives)\[(?P<index>\d+)\](?:\.(?P<field>[a-z_]+))?")


def _place(
    mapping: dict[str, Any], rows: dict[str, list[str]], path: str | None, message: str
) -> tuple[str, str]:
    """(form field, message) for a problem of the would-be workbook: a row's field of the
    wizard (``objectives.2.weight``) where it is about one, else the whole form."""
    match = _PLACE.match(path or "")
    if match:
        item = mapping[match["kind"]][int(match["index"])]
        ids = rows[match["kind"]]
        if item.get("id") in ids:
            field = match["field"] or "name"
            return f"{match['kind']}.{ids.index(item['id'])}.{field}", message
    return "", f"{path}: {message}" if path else message


@transaction.atomic
def start_strategy(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    template: str,
    answers: dict[str, Any],
    mission: str,
    values: list[ValueAnswer],
    objectives: list[ObjectiveAnswer],
) -> int:
    """Write the first strategy: the template's starter with the owner's mission, values and
    objectives. Every problem is raised at once as :class:`Invalid` (keys ``mission``,
    ``values.<row>.<field>``, ``objectives.<row>.<field>``, ``''``) and nothing is stored.
    Returns the number of elements written. Only for an organisation without a strategy."""
    invalid = Invalid()
    if selectors.has_strategy(org=org):
        invalid.add("", "This organisation has a strategy already: change it in the editor.")
        raise invalid
    starter = selectors.starter(template=template, answers={**answers, "name": org.name})
    try:
        mapping = customise(starter, mission=mission, values=values, objectives=objectives)
    except ValueError as exc:
        invalid.add("", str(exc))
        raise invalid from exc
    mapping = json.loads(json.dumps(mapping, default=str))  # dates as company.yaml text
    current = company_mapping(org)
    whole = {**current, **{k: v for k, v in mapping.items() if k not in ("privacy", "reviews")}}
    # the ids in the order of the wizard's rows
    rows = {k: [i["id"] for i in mapping[k]] for k in ("values", "objectives")}
    try:
        load_workbook(org, company=whole)
    except WorkbookError as exc:
        for p in exc.problems:
            invalid.add(*_place(whole, rows, p.path, p.message))
        raise invalid from exc
    p = profile_for(org)
    strategy.save_profile(
        org=org,
        user=user,
        data={
            "name": p.name,
            "mission": whole.get("mission", ""),
            "vision": whole.get("vision", ""),
            "currency": whole.get("currency", p.currency),
            "employees": whole.get("employees"),
            "stage": p.stage,
            "locale": p.locale,
            "min_group": p.min_group,
            "show_names": p.show_names,
            "keep_message_text": p.keep_message_text,
        },
    )
    written = 0
    mapping["objectives"] = drivers_first(mapping["objectives"])
    for kind in ORDER:
        for item in mapping.get(kind) or []:
            strategy.save_element(org=org, user=user, kind=kind, item=item, action="start")
            written += 1
    return written


@transaction.atomic
def open_sample(*, user: AbstractBaseUser, folder: Path) -> Membership:
    """A sample organisation for ``user`` (its owner) with the example workbook in
    ``folder``, so that a first analysis runs on sample data without touching their own."""
    from coxswain.web.strategy.models import CompanyProfile
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    workbook = read_workbook(folder)
    name = f"{workbook.company.name} (sample)"
    org = Organisation.objects.create(name=name)
    CompanyProfile.objects.create(org=org, name=name)
    store_workbook(org, workbook)
    org.name = name  # the organisation says it is a sample wherever it is listed
    org.save(update_fields=["name"])
    return Membership.objects.create(org=org, user=user, role=Role.owner)
