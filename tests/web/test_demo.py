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
    assert employee.person is not None and employee.person.slug == "ann"  # owns goal g_ann
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
