"""Demo setup: each example workbook becomes an organisation with three demo logins."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_demo_setup_loads_each_example(tmp_path: Path, make_zip, client) -> None:
    from django.core.management import call_command

    from coxswain.web.accounts.models import Membership
    from coxswain.web.demo import DEMO_PASSWORD

    for name in ("bakery", "bakery_two"):
        with zipfile.ZipFile(io.BytesIO(make_zip())) as zf:
            zf.extractall(tmp_path / "x" / name)
        (tmp_path / "x" / name / "bakery").rename(tmp_path / name)
    out = io.StringIO()
    call_command("demo_setup", str(tmp_path), stdout=out)
    assert "owner@bakery_two" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    memberships = Membership.dangerously_unscoped.filter(user__username__endswith="@bakery")
    assert sorted(m.role for m in memberships) == ["employee", "manager", "owner"]
    employee = memberships.get(role="employee")
    # Bob, a baker whose team owns g_bakers; not Ann, who owns g_ann but reports to nobody
    assert employee.person is not None and employee.person.slug == "bob"
    assert client.login(username="owner@bakery", password=DEMO_PASSWORD)
    assert client.get("/dashboard/").status_code == 200
    # Running it again replaces the demo organisations instead of adding more.
    call_command("demo_setup", str(tmp_path), stdout=io.StringIO())
    assert Membership.dangerously_unscoped.filter(user__username__endswith="@bakery").count() == 3


def test_the_cli_does_not_import_django() -> None:
    import subprocess
    import sys

    code = "import sys, coxswain.cli; print('django' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False", r.stderr


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.skipif(not (EXAMPLES / "crust_and_crumb").is_dir(), reason="needs the examples")
def test_the_demo_employee_is_staff_not_the_company_owner() -> None:
    """The bakery's demo employee was linked to Felix Kaur, the owner (the first goal owner):
    "My goals" showed the owner's goal, and advice to "check in with" the goal's owner was
    about the owner (a walk-through)."""
    from coxswain.web.accounts.models import Organisation
    from coxswain.web.demo import _person_with_goals
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook import read_workbook

    workbook = read_workbook(EXAMPLES / "crust_and_crumb")
    org = Organisation.objects.create(name="Crust & Crumb")
    store_workbook(org, workbook)
    person = _person_with_goals(workbook, org)
    row = next(r for r in workbook.people.iter_rows(named=True) if r["id"] == person.slug)
    assert row["manager"], f"{person.slug} ({row['role']}) has no manager: the top of the company"
    assert not any(r["manager"] == person.slug for r in workbook.people.iter_rows(named=True))
    assert any(g.owner in (person.slug, row["team"]) for g in workbook.company.goals)
