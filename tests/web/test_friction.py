"""The friction list of issue 11: names of things, the invitation form, plain errors, deleting
with confirmation and undo, the pulse results, the check-in and the report links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_editors_name_each_kind_properly(tenant, login) -> None:
    html = login(tenant.manager).get(reverse("strategy:overview")).content.decode()
    headings = re.findall(r"<h2>([^<]*)</h2>", html)
    assert "Capabilities" in headings and "KPIs" in headings and "Capabilitys" not in headings
    assert "Add KPI" in html and "Add capability" in html and "Add kpi" not in html
    new = login(tenant.manager).get(reverse("strategy:new", args=["kpis"])).content.decode()
    assert "New KPI" in new


def _role_options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="role".*?</select>', html, re.S)
    assert select is not None
    return [
        (re.search(r'value="(\w+)"', tag).group(1), " selected" in tag)
        for tag in re.findall(r"<option[^>]*>", select.group(0))
    ]


def test_the_invitation_offers_only_what_the_inviter_may_give(tenant, login) -> None:
    from coxswain.web.accounts.models import Invitation

    manager = login(tenant.manager)
    options = _role_options(manager.get(reverse("accounts:team")).content.decode())
    assert options == [("manager", True), ("employee", False)]
    # the default as it comes is accepted: a manager is never refused what the form chose
    r = manager.post(reverse("accounts:team"), {"role": "manager", "email": "", "person": ""})
    assert r.status_code == 200 and r.context["link"]
    refused = manager.post(reverse("accounts:team"), {"role": "owner", "email": "", "person": ""})
    assert refused.context["form"].errors["role"] == ["You can invite as manager or employee."]
    assert list(Invitation.objects.for_org(tenant.org).values_list("role", flat=True)) == [
        "manager"
    ]
    owner = _role_options(login(tenant.owner).get(reverse("accounts:team")).content.decode())
    assert owner == [("owner", True), ("manager", False), ("employee", False)]
