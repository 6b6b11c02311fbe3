"""The Data page's import form: a shop's, books' or HR export into the organisation's
workbook, all or nothing, with placed problems; owners only, into their own organisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def _export(name: str, text: str | None = None) -> SimpleUploadedFile:
    data = (FIXTURES / name).read_bytes() if text is None else text.encode()
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _rows(org, table: str):
    from coxswain.web.workbook_io import org_tables

    return org_tables(org).get(table)


def test_the_data_page_offers_the_import_form(tenant, login) -> None:
    html = login(tenant.owner).get(reverse("insights:data")).content.decode()
    assert reverse("insights:import_export") in html
    assert "Shopify orders export (CSV)" in html and "BambooHR employee report (CSV)" in html


def test_a_shopify_export_is_imported_once(tenant, login) -> None:
    c = login(tenant.owner)
    url = reverse("insights:import_export")
    r = c.post(url, {"kind": "shopify", "export": _export("shopify_orders.csv")}, follow=True)
    assert r.status_code == 200
    page = r.content.decode()
    assert "4 added, 0 changed" in page
    assert "left out 1: test orders" in page
    rows = _rows(tenant.org, "transactions")
    assert rows is not None and rows.height == 4
    assert rows["ref"].to_list()[0] == "shopify:#1001"
    assert not rows["customer"].str.contains("@").any()
    again = c.post(url, {"kind": "shopify", "export": _export("shopify_orders.csv")}, follow=True)
    assert "0 added, 0 changed, 4 in transactions.csv" in again.content.decode()
    assert _rows(tenant.org, "transactions").height == 4


def test_customers_hash_with_the_organisations_own_salt(make_tenant, login) -> None:
    codes = []
    for name in ("One", "Two"):
        t = make_tenant(name=name)
        login(t.owner).post(
            reverse("insights:import_export"),
            {"kind": "stripe", "export": _export("stripe_payments.csv")},
        )
        codes.append(set(_rows(t.org, "transactions")["customer"].to_list()))
    assert codes[0] and not codes[0] & codes[1]


def test_a_broken_export_shows_placed_problems_and_stores_nothing(tenant, login) -> None:
    text = (FIXTURES / "square_transactions.csv").read_text()
    broken = text.replace("$19.00,Point", "lots,Point", 1).replace("2026-03-08", "2026-13-08")
    r = login(tenant.owner).post(
        reverse("insights:import_export"),
        {"kind": "square", "export": _export("square_transactions.csv", broken)},
    )
    assert r.status_code == 400
    problems = r.context["problems"]
    assert "square_transactions.csv:5:Total Collected: 'lots' is not an amount" in problems
    assert any(p.startswith("square_transactions.csv:8:Date:") for p in problems), problems
    assert "Nothing was stored" in r.content.decode()
    assert _rows(tenant.org, "transactions") is None


def test_books_need_rules_and_rules_are_checked(tenant, login) -> None:
    c = login(tenant.owner)
    url = reverse("insights:import_export")
    export = "quickbooks_transaction_detail.csv"
    r = c.post(url, {"kind": "quickbooks", "export": _export(export)})
    assert r.status_code == 400
    assert "needs a rules file" in r.content.decode()
    rules = SimpleUploadedFile(
        "rules.yaml", b"rules:\n  - account: Advertising & Marketing\n    initiative: online_shop\n"
    )
    r = c.post(url, {"kind": "quickbooks", "export": _export(export), "rules": rules})
    assert r.status_code == 400
    assert any("rules.yaml:2: rules[0].initiative" in p for p in r.context["problems"])
    rules = SimpleUploadedFile(
        "rules.yaml", b"rules:\n  - account: Advertising & Marketing\n    initiative: cheap_flour\n"
    )
    r = c.post(url, {"kind": "quickbooks", "export": _export(export), "rules": rules}, follow=True)
    assert "Rent or Lease: 2 rows" in r.content.decode()
    spend = _rows(tenant.org, "spend")
    imported = spend.filter(spend["ref"].str.starts_with("quickbooks:").fill_null(False))
    assert imported["initiative"].to_list() == ["cheap_flour"] * 3
    assert spend.height == imported.height + spend["ref"].null_count()  # the old rows stay


def test_an_hr_export_adds_people_and_lists_unknown_teams(tenant, login) -> None:
    from coxswain.web.strategy.models import Person

    before = Person.objects.for_org(tenant.org).count()
    r = login(tenant.owner).post(
        reverse("insights:import_export"),
        {"kind": "gusto", "export": _export("gusto_employees.csv")},
        follow=True,
    )
    page = r.content.decode()
    assert "Bakery: 2 people" in page  # the tenant's team is "bakers", not "Bakery"
    assert Person.objects.for_org(tenant.org).count() == before + 5


def test_chat_kinds_import_messages_too(tenant, login) -> None:
    from coxswain.web.strategy.models import Person

    ids = list(Person.objects.for_org(tenant.org).values_list("slug", flat=True)[:2])
    chat = "timestamp,sender,recipients\n2026-03-01T10:00:00Z,{},{}\n".format(*ids)
    url = reverse("insights:import_export")
    c = login(tenant.owner)
    r = c.post(url, {"kind": "messages-csv", "export": _export("chat.csv", chat)}, follow=True)
    assert "1 added" in r.content.decode()
    r = c.post(url, {"kind": "messages-csv", "export": _export("chat.csv", chat)}, follow=True)
    assert "0 added" in r.content.decode()
    messages = _rows(tenant.org, "messages")
    assert messages.filter(messages["sender"] == ids[0]).height >= 1


def test_only_owners_import_and_only_into_their_own_organisation(
    tenant, other_tenant, login, client
) -> None:
    url = reverse("insights:import_export")
    for member in (tenant.manager, tenant.employee):
        r = login(member).post(url, {"kind": "shopify", "export": _export("shopify_orders.csv")})
        assert r.status_code == 403
    r = client.post(url, {"kind": "shopify", "export": _export("shopify_orders.csv")})
    assert r.status_code == 302 and "login" in r["Location"]
    assert login(tenant.owner).get(url).status_code == 405
    login(tenant.owner).post(url, {"kind": "shopify", "export": _export("shopify_orders.csv")})
    assert _rows(tenant.org, "transactions").height == 4
    assert _rows(other_tenant.org, "transactions") is None


def test_dates_the_importer_cannot_read_are_read_with_the_forms_date_format(tenant, login) -> None:
    """A day-first export was refused with "--date-format sets the pattern", a command-line
    flag the web cannot set (a walk-through): the form has the field, and the message names
    both."""
    import re

    text = (FIXTURES / "shopify_orders.csv").read_text()
    day_first = re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3.\2.\1", text)
    c = login(tenant.owner)
    url = reverse("insights:import_export")
    refused = c.post(url, {"kind": "shopify", "export": _export("shopify_orders.csv", day_first)})
    assert refused.status_code == 400
    assert any("'Date format' on the web's import form" in p for p in refused.context["problems"])
    assert 'name="date_format"' in refused.content.decode()
    wrong = c.post(
        url,
        {
            "kind": "shopify",
            "export": _export("shopify_orders.csv", day_first),
            "date_format": "dd.mm.yyyy",
        },
    )
    assert wrong.status_code == 400 and "is not a date format" in wrong.content.decode()
    read = c.post(
        url,
        {
            "kind": "shopify",
            "export": _export("shopify_orders.csv", day_first),
            "date_format": "%d.%m.%Y",
        },
        follow=True,
    )
    assert "4 added, 0 changed" in read.content.decode(), read.context["problems"]
    assert _rows(tenant.org, "transactions")["date"].min().isoformat().startswith("2026-03")
