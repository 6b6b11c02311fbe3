"""The start wizard: sign-up → a template → mission, values and objectives → a first analysis
(on sample data or the owner's upload), and the workbook to fill in."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from coxswain.init import template_names
from coxswain.init.starter import starter_workbook
from coxswain.init.wizard import ObjectiveAnswer, ValueAnswer, customise

pytestmark = pytest.mark.django_db

PASSWORD = "a sturdy passphrase 7"


def _signed_up(client: Client, company: str = "Olive Co") -> None:
    r = client.post(
        reverse("accounts:signup"),
        {"username": "olivia", "email": "", "password": PASSWORD, "company": company},
    )
    assert r.status_code == 302 and r.url == reverse("onboarding:start")


def _wizard_post(client: Client, **overrides: str) -> object:
    """Post the wizard as it is shown (every field's initial value), with ``overrides``."""
    page = client.get(reverse("onboarding:wizard"))
    assert page.status_code == 200
    data: dict[str, str] = {}
    for form in (page.context["mission"],):
        for name, field in form.fields.items():
            data[form.add_prefix(name)] = str(form.initial.get(name, field.initial or ""))
    for fs in (page.context["values"], page.context["objectives"]):
        mgmt = fs.management_form
        for name in mgmt.fields:
            data[mgmt.add_prefix(name)] = str(mgmt.initial.get(name, 0))
        for form in fs.forms:
            for name in form.fields:
                value = form.initial.get(name)
                data[form.add_prefix(name)] = "" if value is None else str(value)
    data.update(overrides)
    return client.post(reverse("onboarding:wizard"), data)


@pytest.mark.parametrize("template", template_names())
def test_every_template_customised_is_a_valid_workbook(template) -> None:
    """Whatever objectives the owner keeps, what the template has left refers only to them."""
    import datetime as dt

    from coxswain.web.workbook_io import build

    starter = starter_workbook(template=template, today=dt.date(2026, 5, 1))
    kept = starter["objectives"][:2]
    company = customise(
        starter,
        mission="We fix things.",
        values=[ValueAnswer(name="Honesty", statement="We say what it costs.")],
        objectives=[
            *(ObjectiveAnswer(name=o["name"], id=o["id"], weight=2) for o in kept),
            ObjectiveAnswer(name="A brand new objective", perspective="learning", lag_months=3),
        ],
    )
    import json

    workbook = build(json.loads(json.dumps(company, default=str)), {})
    ids = [o.id for o in workbook.company.objectives]
    assert ids == [kept[0]["id"], kept[1]["id"], "a_brand_new_objective"]
    assert [v.id for v in workbook.company.values] == ["honesty"]
    assert all(k.objective in ids for k in workbook.company.kpis)
    assert workbook.company.mission == "We fix things."


def test_fewer_than_three_objectives_are_refused() -> None:
    import datetime as dt

    starter = starter_workbook(template="cafe", today=dt.date(2026, 5, 1))
    with pytest.raises(ValueError, match="3 to 5"):
        customise(starter, mission="m", values=[], objectives=[ObjectiveAnswer(name="One")])


def test_signup_template_wizard_and_first_analysis_on_the_sample(client, settings) -> None:
    from coxswain.web.accounts.models import Membership
    from coxswain.web.insights.models import AnalysisRun
    from coxswain.web.strategy.models import CompanyProfile, Element, StrategyChange

    _signed_up(client)
    page = client.get(reverse("onboarding:start"))
    assert page.status_code == 200 and "Café or bakery" in page.content.decode()
    r = client.post(
        reverse("onboarding:start"),
        {"template": "cafe", "sells": "olive bread", "employees": "8", "currency": "eur"},
    )
    assert r.status_code == 302 and r.url == reverse("onboarding:wizard")

    page = client.get(reverse("onboarding:wizard"))
    text = page.content.decode()
    assert "olive bread" in text  # the draft mission has the owner's answer
    assert "twice as important" in text and "months" in text  # the plain help
    r = _wizard_post(
        client,
        **{
            "mission": "Olive bread for the whole street.",
            "v-0-name": "Honesty",
            "o-0-name": "Bread people cross town for",
            "o-0-weight": "3",
            "o-4-name": "",  # four objectives kept
        },
    )
    assert r.status_code == 302 and r.url == reverse("onboarding:first"), getattr(
        r, "context", {}
    ) and r.context.get("problems")
    org = Membership.dangerously_unscoped.get(user__username="olivia").org
    profile = CompanyProfile.objects.for_org(org).get()
    assert profile.mission == "Olive bread for the whole street." and profile.currency == "EUR"
    objectives = Element.objects.for_org(org).filter(kind="objectives")
    assert objectives.count() == 4
    assert any(
        o.data["name"] == "Bread people cross town for" and o.data["weight"] == 3
        for o in objectives
    )
    assert Element.objects.for_org(org).filter(kind="values", data__name="Honesty").exists()
    assert Element.objects.for_org(org).filter(kind="kpis").exists()
    assert StrategyChange.objects.for_org(org).filter(action="start").exists()

    page = client.get(reverse("onboarding:first"))
    assert "Analyse the sample data" in page.content.decode()
    r = client.post(reverse("onboarding:sample"))
    assert r.status_code == 302 and r.url == reverse("insights:dashboard")
    sample = Membership.dangerously_unscoped.get(
        user__username="olivia", org__name__endswith="(sample)"
    )
    assert sample.role == "owner" and sample.org != org
    assert AnalysisRun.objects.for_org(sample.org).filter(status="done").exists()
    assert client.get(reverse("insights:dashboard")).context["org"] == sample.org
    # the owner's own organisation is untouched by the sample
    assert Element.objects.for_org(org).filter(kind="objectives").count() == 4


def test_a_wizard_problem_is_placed_at_its_row_and_nothing_is_stored(client) -> None:
    from coxswain.web.accounts.models import Membership
    from coxswain.web.strategy.models import Element

    _signed_up(client)
    client.post(reverse("onboarding:start"), {"template": "cafe", "currency": "USD"})
    r = _wizard_post(client, **{"o-1-weight": "-2", "o-3-name": "", "o-4-name": ""})
    assert r.status_code == 400
    assert r.context["objectives"].forms[1].errors["weight"]
    r = _wizard_post(client, **{"o-2-name": "", "o-3-name": "", "o-4-name": ""})
    assert r.status_code == 400 and "3 to 5" in r.context["problems"][0]
    org = Membership.dangerously_unscoped.get(user__username="olivia").org
    assert not Element.objects.for_org(org).exists()


def test_the_wizard_never_overwrites_a_strategy(tenant, login) -> None:
    from coxswain.web.strategy.models import Element

    c = login(tenant.owner)
    before = Element.objects.for_org(tenant.org).count()
    c.post(reverse("onboarding:start"), {"template": "cafe", "currency": "USD"})
    r = c.get(reverse("onboarding:wizard"))
    assert r.status_code == 302 and r.url == reverse("onboarding:first")
    assert Element.objects.for_org(tenant.org).count() == before


def test_the_workbook_to_fill_in_is_an_xlsx_that_reads_back(client, tmp_path) -> None:
    from openpyxl import load_workbook

    _signed_up(client)
    client.post(reverse("onboarding:start"), {"template": "saas", "currency": "USD"})
    r = client.get(reverse("onboarding:sample_xlsx"))
    assert r.status_code == 200
    body = b"".join(r.streaming_content)
    book = load_workbook(io.BytesIO(body))
    assert {"instructions", "company", "kpi_values", "people"} <= set(book.sheetnames)
    assert "Olive Co" in book["company"]["A1"].value
    path = tmp_path / "filled.xlsx"
    path.write_bytes(body)
    from coxswain.workbook.read import read_workbook

    assert read_workbook(path).company.name == "Olive Co"  # it validates as it is


def test_the_uploaded_workbook_is_analysed(client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coxswain.web.accounts.models import Membership
    from coxswain.web.insights.models import AnalysisRun
    from tests.web.conftest import workbook_zip

    _signed_up(client)
    page = client.get(reverse("onboarding:first"))
    assert "Upload and analyse" in page.content.decode()
    r = client.post(
        reverse("insights:data"),
        {"form": "upload", "workbook": SimpleUploadedFile("bakery.zip", workbook_zip())},
    )
    assert r.status_code == 302 and r.url == reverse("insights:dashboard")
    org = Membership.dangerously_unscoped.get(user__username="olivia").org
    assert AnalysisRun.objects.for_org(org).exists()


def test_employees_do_not_start_a_strategy(tenant, login) -> None:
    c = login(tenant.employee)
    for name in ("start", "wizard", "first", "sample_xlsx"):
        assert c.get(reverse(f"onboarding:{name}")).status_code == 403
    assert c.post(reverse("onboarding:sample")).status_code == 403


def test_the_empty_dashboard_and_the_data_page_link_to_the_start(client) -> None:
    _signed_up(client)
    start = reverse("onboarding:start")
    assert start in client.get(reverse("insights:dashboard")).content.decode()
    assert start in client.get(reverse("insights:data")).content.decode()
