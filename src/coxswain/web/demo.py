# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Demo organisations: each example workbook becomes an organisation with an owner, a manager
and an employee (linked to a member of staff with goals: :func:`_person_with_goals`), all with
one known password."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from coxswain.workbook import Workbook

DEMO_PASSWORD = "coxswain-demo-2026"


def example_workbooks(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / "company.yaml").is_file())


def setup_demo(*, examples: Path) -> list[tuple[str, str, str]]:
    """Load every example (again: an existing demo organisation is replaced); returns
    (organisation, role, username) of the demo logins."""
    from coxswain.web.accounts.models import Membership, Organisation, Role
    from coxswain.web.insights.models import AnalysisRun
    from coxswain.web.insights.services import execute_run
    from coxswain.web.strategy.models import CompanyProfile, Person
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    user_model = get_user_model()
    logins: list[tuple[str, str, str]] = []
    for folder in example_workbooks(examples):
        workbook = read_workbook(folder)
        slug = re.sub(r"[^a-z0-9]+", "_", folder.name.lower()).strip("_")
        with transaction.atomic():
            users = {role: f"{role}@{slug}" for role in ("owner", "manager", "employee")}
            old = Membership.dangerously_unscoped.filter(user__username__in=users.values())
            Organisation.objects.filter(pk__in=old.values("org_id")).delete()
            user_model.objects.filter(username__in=users.values()).delete()
            org = Organisation.objects.create(name=workbook.company.name)
            CompanyProfile.objects.create(org=org, name=workbook.company.name)
            store_workbook(org, workbook)
            first_person = (
                _person_with_goals(workbook, org)
                or Person.objects.for_org(org).order_by("slug").first()
            )
            for role, username in users.items():
                user = user_model.objects.create_user(username=username, password=DEMO_PASSWORD)
                Membership.objects.create(
                    org=org,
                    user=user,
                    role=Role(role),
                    person=first_person if role == "employee" else None,
                )
                logins.append((workbook.company.name, role, username))
            run = AnalysisRun.objects.create(org=org, stage="demo")
        execute_run(run_id=run.pk)
    return logins


def _person_with_goals(workbook: Workbook, org: Any) -> Any:
    """The demo employee: someone with a manager and nobody reporting to them who owns a
    goal, else one in a team that owns one; failing those, anyone with a manager who owns a
    goal, then anyone who owns one or is in such a team. (The first goal owner was the
    owner of the company: the employee's check-in was the owner's goal, and the advice
    "check in with Person 40" was addressed to the owner about the owner.)"""
    from coxswain.web.strategy.models import Person

    owners = {g.owner for g in workbook.company.goals}
    people = list(workbook.people.iter_rows(named=True))
    managers = {r["manager"] for r in people if r.get("manager")}

    def staff(r: dict[str, Any]) -> bool:
        return bool(r.get("manager")) and r["id"] not in managers

    ids = [r["id"] for r in people if r["id"] in owners and staff(r)]
    ids += [r["id"] for r in people if r["team"] in owners and staff(r)]
    ids += [r["id"] for r in people if r["id"] in owners and r.get("manager")]
    ids += [r["id"] for r in people if r["id"] in owners or r["team"] in owners]
    return Person.objects.for_org(org).filter(slug=ids[0]).first() if ids else None
